"""vigil-sensor command line: help, bad inputs (one line, non-zero exit), truncated files, stats contract."""
import os
import shutil
import struct
import unittest

import harness

PCAP_HEADER_LE = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1)


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)
    return path


def eth_ipv4_udp(src_last, dst_last):
    """A minimal valid Ethernet/IPv4/UDP frame (42 bytes)."""
    eth = b"\x02" * 6 + b"\x04" * 6 + b"\x08\x00"
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 28, 1, 0, 64, 17, 0, bytes([10, 0, 0, src_last]),
                     bytes([10, 0, 0, dst_last]))
    udp = struct.pack("!HHHH", 40000, 53, 8, 0)
    return eth + ip + udp


def record(ts_sec, frame):
    return struct.pack("<IIII", ts_sec, 0, len(frame), len(frame)) + frame


class SensorCliTest(unittest.TestCase):
    def setUp(self):
        self.dir = harness.temp_dir(self)

    def assert_one_line_error(self, proc, *needles):
        self.assertNotEqual(proc.returncode, 0, proc.stderr)
        lines = [l for l in proc.stderr.splitlines() if l.strip()]
        self.assertEqual(len(lines), 1, proc.stderr)
        for n in needles:
            self.assertIn(n, lines[0])

    def test_help_documents_every_flag(self):
        proc = harness.sensor("--help")
        self.assertEqual(proc.returncode, 0)
        for flag in ("--read", "--stats", "--top", "--tick", "--window", "--hosts", "--flows", "--no-progress", "--cpus"):
            self.assertIn(flag, proc.stdout)

    def test_missing_file(self):
        path = os.path.join(self.dir, "nope.pcap")
        self.assert_one_line_error(harness.sensor("--read", path), path)

    def test_directory(self):
        self.assert_one_line_error(harness.sensor("--read", self.dir), self.dir)

    def test_empty_file(self):
        path = write(os.path.join(self.dir, "empty.pcap"), b"")
        self.assert_one_line_error(harness.sensor("--read", path), path, "empty")

    def test_garbage(self):
        path = write(os.path.join(self.dir, "garbage.pcap"), b"this is not a capture file at all\n" * 10)
        self.assert_one_line_error(harness.sensor("--read", path), path)

    def test_short_header(self):
        path = write(os.path.join(self.dir, "short.pcap"), PCAP_HEADER_LE[:10])
        self.assert_one_line_error(harness.sensor("--read", path), path)

    def test_unsupported_link_type(self):
        header = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 105)  # IEEE 802.11
        path = write(os.path.join(self.dir, "wifi.pcap"), header + record(1, b"\x00" * 30))
        self.assert_one_line_error(harness.sensor("--read", path), path, "105")

    def test_unknown_source_scheme(self):
        self.assert_one_line_error(harness.sensor("--read", "carrier-pigeon:eth0"), "carrier-pigeon")

    def test_bad_cpu_lists(self):
        path = write(os.path.join(self.dir, "ok.pcap"), PCAP_HEADER_LE + record(1, eth_ipv4_udp(1, 2)))
        self.assert_one_line_error(harness.sensor("--read", path, "--cpus", "1-x"), "--cpus 1-x", "'1-x'")
        self.assert_one_line_error(harness.sensor("--read", path, "--cpus", "1000"), "CPU 1000", "not available")
        cpu = str(os.sched_getaffinity(0).pop())
        self.assert_one_line_error(harness.sensor("--read", path, "--cpus", cpu), "for 1 worker", "at least 2")
        for ok in ("auto", "off"):
            proc = harness.sensor("--read", path, "--cpus", ok, "--stats")
            self.assertEqual(proc.returncode, 0, proc.stderr)

    def test_truncated_final_record_is_counted_not_fatal(self):
        frames = b"".join(record(1000 + i, eth_ipv4_udp(1, 2)) for i in range(5))
        path = write(os.path.join(self.dir, "cut.pcap"), PCAP_HEADER_LE + frames[:-10])
        proc = harness.sensor("--read", path, "--stats")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("truncated", proc.stderr.splitlines()[0])
        stats = harness.stats_of(proc)
        self.assertEqual(stats["packets"], 4)
        self.assertEqual(stats["truncated_records"], 1)

    def test_stats_contract_and_no_progress_when_not_a_terminal(self):
        frames = b"".join(record(1000 + i // 3, eth_ipv4_udp(1 + i % 7, 200)) for i in range(30))
        path = write(os.path.join(self.dir, "ok.pcap"), PCAP_HEADER_LE + frames)
        proc = harness.sensor("--read", path, "--stats", "--top", "2", check=True)
        # stderr is a pipe here: the only output is the JSON line (no progress, no carriage returns).
        self.assertNotIn("\r", proc.stderr)
        self.assertEqual(len(proc.stderr.strip().splitlines()), 1)
        s = harness.stats_of(proc)
        self.assertEqual(s["packets"], 30)
        self.assertEqual(s["bytes"], 30 * 42)
        self.assertEqual(s["decode_errors"], {})
        self.assertEqual(s["events"], 0)
        self.assertEqual(s["counts"]["udp"], 30)
        self.assertEqual(s["ticks"], 10)
        self.assertGreater(s["pps"], 0)
        top = s["top_hosts"][0]
        self.assertEqual(top["ip"], "10.0.0.200")
        self.assertEqual(top["in"]["packets"], 30)
        self.assertEqual(top["distinct_peers_in"], 7)
        self.assertEqual(top["in"]["udp"], 30)

    def test_decode_errors_are_named(self):
        bad = eth_ipv4_udp(1, 2)[:20]  # Ethernet header + 6 bytes of IPv4
        path = write(os.path.join(self.dir, "bad.pcap"), PCAP_HEADER_LE + record(1, bad) + record(1, eth_ipv4_udp(1, 2)))
        s = harness.stats_of(harness.sensor("--read", path, "--stats", check=True))
        self.assertEqual(s["packets"], 2)
        self.assertEqual(s["decode_errors"], {"truncated_ipv4": 1})


if __name__ == "__main__":
    harness.main()
