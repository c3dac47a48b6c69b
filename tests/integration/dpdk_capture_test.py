"""DPDK capture with the EAL's virtual devices only (no hugepages, no NIC): net_pcap replaying a generated capture
gives exactly the events of reading the file, also with the EAL arguments from the configuration file; net_af_packet
on a veth pair in a network namespace finds the incidents tcpreplay sends; bad EAL arguments are one line."""
import json
import os
import shutil
import signal
import subprocess
import time
import unittest

import harness
from netns import Namespace, events_of, wait_for_capture

# Works as root or not, beside other DPDK processes (no shared config), in 256 MB of ordinary memory.
EAL = ["--no-huge", "-m", "256", "--no-pci", "--no-shconf", "--no-telemetry", "-l", "0"]


def dpdk_uri(port, vdev, options=""):
    return "dpdk:%s?%seal=%s" % (port, options + "&" if options else "", " ".join(EAL + ["--vdev=" + vdev]))


class DpdkCaptureTest(unittest.TestCase):
    def setUp(self):
        probe = harness.sensor("--read", "dpdk:0", "--no-progress")
        if "not available in this build" in probe.stderr:
            self.skipTest("this build has no DPDK backend")
        self.dir = harness.temp_dir(self)
        self.pcap = os.path.join(self.dir, "c.pcap")
        subprocess.run([harness.binary("vigil-pcapgen"), "-o", self.pcap, "-n", "40k", "--pps", "20k", "--seed", "7",
                        "--ipv6-share", "0", "-i", "scan-horizontal", "-i", "bruteforce-ssh"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.file_events = os.path.join(self.dir, "file.jsonl")
        offline = harness.sensor("--read", self.pcap, "--events", self.file_events, "--stats", "--no-progress",
                                 check=True)
        self.offline = harness.stats_of(offline)

    def read_file_events(self, path):
        with open(path) as f:
            return [json.loads(line) for line in f if line.strip()]

    def test_net_pcap_gives_exactly_the_events_of_the_file_run(self):
        events = os.path.join(self.dir, "dpdk.jsonl")
        uri = dpdk_uri("net_pcap0", "net_pcap0,rx_pcap=" + self.pcap, "time=device&idle_exit=500")
        run = harness.sensor("--read", uri, "--events", events, "--stats", "--no-progress", timeout=120)
        self.assertEqual(run.returncode, 0, run.stderr)
        stats = harness.stats_of(run)
        self.assertEqual(stats["packets"], self.offline["packets"])
        self.assertEqual(stats["bytes"], self.offline["bytes"])
        self.assertEqual(stats["dropped"]["nic"], 0)
        self.assertGreaterEqual(len(self.read_file_events(self.file_events)), 2)
        self.assertEqual(self.read_file_events(events), self.read_file_events(self.file_events))

    def test_eal_arguments_from_the_configuration_file(self):
        events = os.path.join(self.dir, "config.jsonl")
        config = os.path.join(self.dir, "sensor.yaml")
        with open(config, "w") as f:
            f.write("sensor_id: sensor\n"
                    "source: dpdk:net_pcap3?time=device&idle_exit=500\n"
                    "events: %s\n"
                    "dpdk:\n  eal: [%s]\n" % (events, ", ".join('"%s"' % a for a in
                                                               EAL + ["--vdev=net_pcap3,rx_pcap=" + self.pcap])))
        run = harness.sensor("--config", config, "--no-progress", timeout=120)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertEqual(self.read_file_events(events), self.read_file_events(self.file_events))

    def test_bad_eal_arguments_are_one_clear_line(self):
        uri = "dpdk:0?eal=--no-huge --in-memory"
        run = harness.sensor("--read", uri, "--no-progress", timeout=60)
        self.assertNotEqual(run.returncode, 0)
        lines = run.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, run.stderr)
        self.assertIn("--in-memory", lines[0])
        self.assertEqual(run.stdout, "")  # EAL's usage text never reaches the event stream

    def test_net_af_packet_on_a_veth_finds_the_incidents(self):
        if os.geteuid() != 0:
            self.skipTest("network namespaces need root")
        if shutil.which("tcpreplay") is None:
            self.skipTest("tcpreplay is not installed")
        ns = Namespace(self)
        events = os.path.join(self.dir, "afp.jsonl")
        err_path = os.path.join(self.dir, "sensor.err")
        # A ring of 1.6 s at 20 kpps: on a busy two-core machine the worker can be off the CPU for a while.
        uri = dpdk_uri("net_af_packet0", "net_af_packet0,iface=vb,framecnt=32768")
        with open(err_path, "w") as err:
            sensor = ns.popen(harness.binary("vigil-sensor"), "--read", uri, "--events", events, "--stats",
                              "--no-progress", stderr=err)
            wait_for_capture(err_path, sensor)
            replay = ns.run("tcpreplay", "-q", "--pps", "20000", "--pps-multi", "20", "-i", "va", self.pcap,
                            timeout=120)
            self.assertEqual(replay.returncode, 0, replay.stderr)
            time.sleep(1.5)  # the last tick closes by the clock
            sensor.send_signal(signal.SIGINT)
            self.assertEqual(sensor.wait(timeout=60), 0, open(err_path).read())
        with open(err_path) as f:
            stats = json.loads([l for l in f.read().splitlines() if l.startswith("{")][-1])
        # net_af_packet in DPDK 22.11 does not report its socket's ring drops, so a packet lost on a busy
        # machine is invisible; the incidents are found all the same.
        self.assertGreaterEqual(stats["packets"], self.offline["packets"] * 0.99)
        self.assertLessEqual(stats["packets"], self.offline["packets"])
        self.assertEqual(events_of(events), events_of(self.file_events))


if __name__ == "__main__":
    harness.main()
