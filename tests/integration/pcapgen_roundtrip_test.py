"""vigil-pcapgen output read back by vigil-sensor gives exactly the counts in the generator's truth file."""
import json
import os
import subprocess
import unittest

import harness

COUNT_KEYS = ("ipv4", "ipv6", "tcp", "udp", "icmp", "icmpv6", "vlan", "fragments", "later_fragments", "tcp_syn",
              "tcp_synack", "tcp_rst", "tcp_fin")
ALL_INCIDENTS = [
    "scan-horizontal", "scan-horizontal:probe=syn-ece-cwr", "scan-horizontal:probe=xmas", "scan-horizontal:probe=udp",
    "scan-horizontal:probe=icmp-echo", "scan-vertical", "scan-vertical:probe=udp", "syn-flood",
    "syn-flood:spoofed=false", "udp-flood", "icmp-flood", "amplification-dns", "amplification-ntp",
    "amplification-ssdp", "amplification-memcached", "amplification-cldap", "amplification-snmp",
    "amplification-chargen", "bruteforce-ssh", "bruteforce-ssh:port=2222", "bruteforce-telnet", "bruteforce-rdp",
    "bruteforce-ftp", "c2-contact", "spam", "backscatter",
]


class PcapgenRoundtripTest(unittest.TestCase):
    def generate(self, name, *args):
        out = os.path.join(harness.temp_dir(self), name + ".pcap")
        subprocess.run([harness.binary("vigil-pcapgen"), "-o", out, *args], check=True, stdout=subprocess.DEVNULL)
        with open(out[:-5] + ".truth.json") as f:
            return out, json.load(f)

    def assert_counts_match(self, pcap, truth, *sensor_args):
        s = harness.stats_of(harness.sensor("--read", pcap, "--stats", *sensor_args, check=True))
        cap = truth["capture"]
        self.assertEqual(s["packets"], cap["packets"])
        self.assertEqual(s["bytes"], cap["frame_bytes"])
        self.assertEqual(s["decode_errors"], {})
        self.assertEqual(s["non_ip"], cap["counts"]["non_ip"])
        for key in COUNT_KEYS:
            self.assertEqual(s["counts"][key], cap["counts"][key], key)
        return s

    def test_background_with_every_incident_kind(self):
        args = ["-n", "300000", "--seed", "11"]
        for spec in ALL_INCIDENTS:
            args += ["-i", spec]
        pcap, truth = self.generate("all", *args)
        self.assertEqual(len(truth["incidents"]), len(ALL_INCIDENTS))
        self.assert_counts_match(pcap, truth)

    def test_nanosecond_timestamps_and_stdin(self):
        pcap, truth = self.generate("ns", "-n", "20000", "--seed", "5", "--timestamps", "ns", "-i", "scan-vertical")
        self.assert_counts_match(pcap, truth)
        with open(pcap, "rb") as f:
            s = harness.stats_of(harness.sensor("--read", "-", "--stats", stdin=f, check=True))
        self.assertEqual(s["packets"], truth["capture"]["packets"])

    def test_64_byte_frames(self):
        pcap, truth = self.generate("min64", "-n", "50000", "--frame-size", "64")
        s = self.assert_counts_match(pcap, truth)
        self.assertEqual(s["bytes"], 64 * 50000)

    def test_flood_victim_counters_are_exact(self):
        pcap, truth = self.generate("flood", "-n", "30000", "--no-background", "--pps", "30000", "-i",
                                    "syn-flood:spoofed=true,count=30000,duration=1,dst=10.1.251.7")
        s = self.assert_counts_match(pcap, truth, "--top", "1")
        victim = s["top_hosts"][0]
        self.assertEqual(victim["ip"], "10.1.251.7")
        self.assertEqual(victim["in"]["packets"], 30000)
        self.assertEqual(victim["in"]["syn"], 30000)
        sources = truth["incidents"][0]["distinct_sources"]
        self.assertLess(abs(victim["distinct_peers_in"] - sources), 0.05 * sources)


if __name__ == "__main__":
    harness.main()
