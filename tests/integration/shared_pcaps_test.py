"""Every real capture in ../shared/pcaps reads with its exact packet count and no decode errors."""
import os
import unittest

import harness

# From ../shared/pcaps/README.md: file -> packets.
EXPECTED = {
    "scan-v-nmap-syn.pcapng": 2011,
    "scan-h-nmap-synsweep.pcap": 513,
    "synflood-spoofed.pcap": 37841,
    "amp-dns-rrsig-frag.pcap": 4412,
    "bf-ssh-nmap-port902.pcap": 1178,
    "c2-emotet-http7080.pcap": 74,
    "benign-wikipedia.pcap": 136,
    "benign-ocs-rawip.pcap": 946,
    "benign-smb-loopback-null.pcap": 3519,
    "benign-nfsv3-bigendian.pcap": 128,
    "benign-lo-sll2.pcap": 6,
    "benign-tcp-nanosec.pcap": 3,
}


@unittest.skipUnless(os.path.isdir(harness.PCAPS), "../shared/pcaps not present")
class SharedPcapsTest(unittest.TestCase):
    def run_file(self, name, *extra):
        proc = harness.sensor("--read", os.path.join(harness.PCAPS, name), "--stats", *extra, check=True)
        return harness.stats_of(proc)

    def test_every_capture_exact_count_no_errors(self):
        for name, packets in EXPECTED.items():
            with self.subTest(file=name):
                s = self.run_file(name)
                self.assertEqual(s["packets"], packets)
                self.assertEqual(s["decode_errors"], {})
                self.assertEqual(s["truncated_records"], 0)
                for key in ("bytes", "events", "seconds", "pps"):
                    self.assertIn(key, s)

    def test_same_counts_through_stdin(self):
        with open(os.path.join(harness.PCAPS, "scan-v-nmap-syn.pcapng"), "rb") as f:
            proc = harness.sensor("--read", "-", "--stats", stdin=f, check=True)
        self.assertEqual(harness.stats_of(proc)["packets"], 2011)

    def test_facts(self):
        s = self.run_file("scan-h-nmap-synsweep.pcap")
        self.assertEqual(s["counts"]["tcp_syn"], 511)
        s = self.run_file("amp-dns-rrsig-frag.pcap")
        self.assertEqual(s["counts"]["later_fragments"], 726)
        s = self.run_file("synflood-spoofed.pcap", "--top", "1")
        victim = s["top_hosts"][0]
        self.assertEqual(victim["ip"], "10.10.10.10")
        s = self.run_file("benign-lo-sll2.pcap")
        self.assertGreater(s["counts"]["icmp"], 0)
        self.assertGreater(s["counts"]["icmpv6"], 0)
        s = self.run_file("benign-smb-loopback-null.pcap")
        self.assertEqual(s["counts"]["ipv4"], 3511)  # plus 8 IPv6 (macOS family 30)
        self.assertEqual(s["counts"]["ipv6"], 8)


if __name__ == "__main__":
    harness.main()
