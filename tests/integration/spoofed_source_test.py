"""Spoofed sources (BCP 38): bogon sources, and home addresses arriving on an inbound-only link, are reported
without a source.ip and with the claimed address in the evidence; genuine outside sources are not."""
import json
import os
import unittest

import harness
from pcap_builder import PcapBuilder

RULES = """
home_networks:
  - 198.51.100.0/24
sensors:
  upstream-1:
    inbound_only: true
rules:
  - id: spoofed-source
    kind: spoofed-source
    key: source
    measure: packets
    threshold: 10
    window: 60s
    severity: low
"""


class SpoofedSourceTest(unittest.TestCase):
    def events(self, sensor_id):
        d = harness.temp_dir(self)
        rules = os.path.join(d, "rules.yaml")
        with open(rules, "w") as f:
            f.write(RULES)
        b = PcapBuilder()
        for k in range(50):
            t = k * 0.1
            b.udp(t, "10.66.0.1", 5000, "198.51.100.7", 53, 60)      # private-use source: a bogon
            b.udp(t, "198.51.100.9", 5000, "198.51.100.7", 80, 60)   # a home address (spoofed on upstream-1)
            b.udp(t, "8.8.8.8", 53, "198.51.100.7", 5353, 90)        # a genuine outside source
        pcap = os.path.join(d, "s.pcap")
        b.write(pcap)
        proc = harness.sensor("--read", pcap, "--rules", rules, "--events", "-", "--sensor-id", sensor_id, check=True)
        return [json.loads(l) for l in proc.stdout.splitlines() if l.strip()]

    def test_bogon_and_inbound_home_sources(self):
        events = self.events("upstream-1")
        claimed = sorted(e["extra"]["spoofed_source"] for e in events)
        self.assertEqual(claimed, ["10.66.0.1", "198.51.100.9"])
        for e in events:
            self.assertEqual(e["classification.identifier"], "spoofed-source")
            self.assertNotIn("source.ip", e)
            self.assertEqual(e["destination.ip"], "198.51.100.7")

    def test_other_sensors_only_see_bogons(self):
        events = self.events("core-2")
        self.assertEqual([e["extra"]["spoofed_source"] for e in events], ["10.66.0.1"])
        self.assertEqual(events[0]["extra"]["reason"], "bogon: private-use")


if __name__ == "__main__":
    harness.main()
