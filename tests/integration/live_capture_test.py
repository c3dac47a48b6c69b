"""Live capture on a veth pair inside a network namespace the test creates: tcpreplay sends a generated capture
(at its own packet rate) into one end, vigil-sensor captures the other with live:IFACE. Every packet is counted,
and the incidents give the same events as reading the file; also through AF_PACKET with 1 and 2 workers."""
import json
import os
import shutil
import signal
import subprocess
import time
import unittest

import harness


def events_of(path):
    with open(path) as f:
        return sorted((e["classification.identifier"], e.get("source.ip", ""), e.get("destination.ip", ""))
                      for e in map(json.loads, filter(str.strip, f)))


class Namespace:
    """A network namespace with a veth pair va <-> vb, IPv6 off (no router solicitations on the wire)."""

    def __init__(self, test):
        self.name = "vigil-it-%d" % os.getpid()
        subprocess.run(["ip", "netns", "add", self.name], check=True)
        test.addCleanup(lambda: subprocess.run(["ip", "netns", "del", self.name], capture_output=True))
        for cmd in (["ip", "link", "add", "va", "type", "veth", "peer", "name", "vb"],
                    ["sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1"],
                    ["ip", "link", "set", "va", "up"], ["ip", "link", "set", "vb", "up"]):
            self.run(*cmd, check=True)

    def run(self, *cmd, **kw):
        return subprocess.run(["ip", "netns", "exec", self.name, *cmd], capture_output=True, text=True, **kw)

    def popen(self, *cmd, **kw):
        return subprocess.Popen(["ip", "netns", "exec", self.name, *cmd], **kw)


class LiveCaptureTest(unittest.TestCase):
    def setUp(self):
        if os.geteuid() != 0:
            self.skipTest("network namespaces need root")
        if shutil.which("tcpreplay") is None:
            self.skipTest("tcpreplay is not installed")
        self.dir = harness.temp_dir(self)
        self.pcap = os.path.join(self.dir, "c.pcap")
        # 40k packets at 20k packets/s of packet time, IPv4 only: 2 s of traffic, replayed in real time.
        subprocess.run([harness.binary("vigil-pcapgen"), "-o", self.pcap, "-n", "40k", "--pps", "20k", "--seed", "7",
                        "--ipv6-share", "0", "-i", "scan-horizontal", "-i", "bruteforce-ssh"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.file_events = os.path.join(self.dir, "file.jsonl")
        offline = harness.sensor("--read", self.pcap, "--events", self.file_events, "--stats", "--no-progress",
                                 check=True)
        self.offline = harness.stats_of(offline)
        self.ns = Namespace(self)

    def capture(self, uri):
        events = os.path.join(self.dir, uri.replace(":", "_").replace("?", "_").replace("=", "_") + ".jsonl")
        err_path = os.path.join(self.dir, "sensor.err")
        with open(err_path, "w") as err:
            sensor = self.ns.popen(harness.binary("vigil-sensor"), "--read", uri, "--events", events, "--stats",
                                   "--no-progress", stderr=err)
            time.sleep(1)  # capture is open before the first packet
            # The capture's own rate, in batches of 20: precise even on a busy machine (no busy-wait timer).
            replay = self.ns.run("tcpreplay", "-q", "--pps", "20000", "--pps-multi", "20", "-i", "va", self.pcap,
                                 timeout=120)
            self.assertEqual(replay.returncode, 0, replay.stderr)
            time.sleep(1.5)  # the last tick closes by the clock
            sensor.send_signal(signal.SIGINT)
            self.assertEqual(sensor.wait(timeout=60), 0, open(err_path).read())
        with open(err_path) as f:
            stats = json.loads([l for l in f.read().splitlines() if l.startswith("{")][-1])
        return stats, events_of(events)

    def check(self, uri):
        stats, events = self.capture(uri)
        self.assertEqual(stats["packets"], self.offline["packets"], uri)
        self.assertEqual(stats["bytes"], self.offline["bytes"], uri)  # VLAN tags included
        self.assertEqual(stats["dropped"]["kernel"], 0, uri)
        self.assertEqual(events, events_of(self.file_events), uri)
        self.assertGreaterEqual(len(events), 2)

    def test_live_pcap_counts_every_packet_and_finds_the_same_incidents(self):
        self.check("live:vb")

    def test_af_packet_with_one_and_two_workers(self):
        self.check("afpacket:vb")
        self.check("afpacket:vb?fanout=2")  # symmetric fanout: both directions of a flow on one worker

    def test_a_missing_interface_is_one_clear_line(self):
        result = self.ns.run(harness.binary("vigil-sensor"), "--read", "live:nosuch0", "--no-progress", timeout=30)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("live:nosuch0:", result.stderr)
        self.assertEqual(len(result.stderr.strip().splitlines()), 1, result.stderr)


if __name__ == "__main__":
    harness.main()
