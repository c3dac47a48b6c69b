"""Benign look-alikes that the default rules must not report: a chat client's peer-to-peer fan-out, a browser
opening 25 connections to 13 servers in 2 s, an NTP client polling 17 servers, a two-party UDP voice call."""
import json
import os
import random
import unittest

import harness
from pcap_builder import PcapBuilder


class MustNotFireTest(unittest.TestCase):
    def run_sensor(self, builder):
        d = harness.temp_dir(self)
        pcap = os.path.join(d, "benign.pcap")
        builder.write(pcap)
        proc = harness.sensor("--read", pcap, "--events", "-", "--stats", check=True)
        stats = harness.stats_of(proc)
        self.assertEqual(stats["packets"], len(builder.frames))
        self.assertEqual(stats["decode_errors"], {})
        return [json.loads(l) for l in proc.stdout.splitlines() if l.strip()]

    def test_peer_to_peer_fan_out_of_a_chat_client(self):
        random.seed(1)
        b = PcapBuilder()
        client = "10.9.0.1"
        for i in range(150):
            peer = "203.0.%d.%d" % (113 + i // 250, 1 + i % 250)
            pport, cport = random.randrange(10000, 60000), 40000 + i
            t = random.uniform(0, 20)
            for k in range(random.randint(2, 6)):
                b.udp(t + k * 0.2, client, cport, peer, pport, random.randint(60, 400))
                b.udp(t + k * 0.2 + 0.05, peer, pport, client, cport, random.randint(60, 400))
        self.assertEqual(self.run_sensor(b), [])

    def test_the_same_fan_out_without_answers_is_a_udp_scan(self):
        # Control: the fan-out test above can fail; only the answers keep it quiet.
        random.seed(1)
        b = PcapBuilder()
        for i in range(150):
            b.udp(random.uniform(0, 20), "10.9.0.1", 40000 + i, "203.0.113.%d" % (1 + i), 3478, 60)
        events = self.run_sensor(b)
        self.assertEqual([(e["classification.identifier"], e["source.ip"]) for e in events],
                         [("scan-horizontal", "10.9.0.1")])

    def test_browser_opening_25_connections_to_13_servers_in_2_seconds(self):
        random.seed(2)
        b = PcapBuilder()
        browser, resolver = "10.9.0.2", "10.9.0.53"
        servers = ["198.51.100.%d" % (10 + i) for i in range(13)]
        for i, _ in enumerate(servers):
            b.udp(i * 0.005, browser, 50000 + i, resolver, 53, 40)
            b.udp(i * 0.005 + 0.003, resolver, 53, browser, 50000 + i, 120)
        for i in range(25):
            server = servers[i % 13]
            b.connection(0.1 + i * 0.075, browser, 41000 + i, server, 443 if i % 3 else 80, rounds=3, size=1400)
        self.assertEqual(self.run_sensor(b), [])

    def test_ntp_client_polling_17_servers(self):
        random.seed(3)
        b = PcapBuilder()
        client = "10.9.0.3"
        for poll in range(4):
            for i in range(17):
                server = "192.0.2.%d" % (100 + i)
                t = poll * 16 + i * 0.01
                b.udp(t, client, 123, server, 123, 48)
                b.udp(t + 0.02, server, 123, client, 123, 48)
        self.assertEqual(self.run_sensor(b), [])

    def test_two_party_udp_voice_call(self):
        random.seed(4)
        b = PcapBuilder()
        a, z = "10.9.0.4", "198.51.100.200"
        for k in range(30 * 50):
            t = k * 0.02
            b.udp(t, a, 16384, z, 20000, 172)
            b.udp(t + 0.007, z, 20000, a, 16384, 172)
        self.assertEqual(self.run_sensor(b), [])


if __name__ == "__main__":
    harness.main()
