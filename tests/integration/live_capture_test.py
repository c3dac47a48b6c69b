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
from netns import Namespace, events_of, wait_for_capture


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

    def capture(self, uri, extra=(), while_running=None):
        events = os.path.join(self.dir, uri.replace(":", "_").replace("?", "_").replace("=", "_") + ".jsonl")
        err_path = os.path.join(self.dir, "sensor.err")
        with open(err_path, "w") as err:
            sensor = self.ns.popen(harness.binary("vigil-sensor"), "--read", uri, "--events", events, "--stats",
                                   "--no-progress", *extra, stderr=err)
            wait_for_capture(err_path, sensor)
            if while_running:
                while_running(sensor.pid)
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

    def check(self, uri, **kw):
        stats, events = self.capture(uri, **kw)
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

    def test_drops_to_an_unprivileged_user_once_the_capture_is_open(self):
        def unprivileged(pid):
            with open("/proc/%d/status" % pid) as f:
                status = dict(line.split(":", 1) for line in f.read().splitlines())
            self.assertEqual(status["Uid"].split(), ["65534"] * 4)  # real, effective, saved, filesystem
            self.assertEqual(status["Groups"].split(), ["65534"])
            self.assertEqual(int(status["CapEff"], 16), 0)
            self.assertEqual(int(status["CapPrm"], 16), 0)
        os.chmod(self.dir, 0o777)  # the events file is created after the switch, as user nobody
        self.check("afpacket:vb?fanout=2", extra=("--user", "nobody"), while_running=unprivileged)

    def test_a_missing_interface_is_one_clear_line(self):
        result = self.ns.run(harness.binary("vigil-sensor"), "--read", "live:nosuch0", "--no-progress", timeout=30)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("live:nosuch0:", result.stderr)
        self.assertEqual(len(result.stderr.strip().splitlines()), 1, result.stderr)


if __name__ == "__main__":
    harness.main()
