"""Sensor -> collector delivery over ZeroMQ with CURVE: every event arrives exactly once across restarts of
either side, unknown keys are refused, a sensor cannot speak for another, and events fold into incidents."""
import json
import os
import subprocess
import unittest

import harness
from collector_process import Collector, collector_cli, make_keys


class DeliveryTest(unittest.TestCase):
    def setUp(self):
        self.dir = harness.temp_dir(self)
        make_keys(self.dir, sensors=["s1"], others=["rogue"])
        self.pcap = os.path.join(self.dir, "incidents.pcap")
        subprocess.run([harness.binary("vigil-pcapgen"), "-o", self.pcap, "-n", "60k", "--seed", "7",
                        "-i", "syn-flood", "-i", "scan-horizontal", "-i", "bruteforce-ssh"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.config = ("listen: tcp://127.0.0.1:0\nsecret_key: collector.key\nsensors_dir: sensors\n"
                       "database: sqlite:c.db\n")

    def run_sensor(self, endpoint, sensor_id="s1", key=None, spool="spool", drain="20", events=None):
        key = key or os.path.join(self.dir, "sensors", "s1.key")
        args = ["--read", self.pcap, "--sensor-id", sensor_id, "--publish", endpoint, "--secret-key", key,
                "--server-key", os.path.join(self.dir, "collector.pub"), "--spool", os.path.join(self.dir, spool),
                "--drain", drain, "--no-progress"]
        if events:
            args += ["--events", events]
        return harness.sensor(*args, check=True, timeout=120)

    def test_nothing_lost_or_doubled_across_restarts(self):
        local = os.path.join(self.dir, "local.jsonl")
        # The collector is down: the events wait in the spool, the run still ends cleanly.
        first = self.run_sensor("tcp://127.0.0.1:9", drain="0.5", events=local)
        self.assertIn("stay in the spool", first.stderr)
        with open(local) as f:
            produced = [json.loads(l) for l in f if l.strip()]
        n = len(produced)
        self.assertGreaterEqual(n, 3)
        self.assertEqual([e["seq"] for e in produced], list(range(1, n + 1)))

        # The collector comes up; a second sensor run delivers the spooled events first, then its own,
        # numbered after them.
        collector = Collector(self, self.dir, self.config)
        second = self.run_sensor(collector.endpoint)
        self.assertNotIn("stay in the spool", second.stderr)
        sensors = collector_cli(self.dir, "sensors", "--json")
        self.assertEqual(len(sensors), 1)
        self.assertEqual(sensors[0]["sensor"], "s1")
        self.assertEqual(sensors[0]["last_seq"], 2 * n)
        self.assertEqual(sensors[0]["events"], 2 * n)
        self.assertEqual(sensors[0]["gaps"], 0)

        # A collector restart keeps everything; a third run adds exactly n more.
        log = collector.stop()
        self.assertIn("%d stored" % (2 * n), log)
        collector = Collector(self, self.dir, self.config)
        self.run_sensor(collector.endpoint)
        sensors = collector_cli(self.dir, "sensors", "--json")
        self.assertEqual(sensors[0]["events"], 3 * n)
        self.assertEqual(sensors[0]["gaps"], 0)

        # Incidents: one per (host, kind), each seen by the three runs, attributed to the fallback.
        for _ in range(50):
            incidents = collector_cli(self.dir, "incidents", "--json")
            if sum(i["events"] for i in incidents) == 3 * n:
                break
            subprocess.run(["sleep", "0.1"])
        kinds = sorted(i["classification.identifier"] for i in incidents)
        self.assertEqual(sorted(set(kinds)), ["bruteforce-ssh", "scan-horizontal", "syn-flood"])
        self.assertEqual(sum(i["events"] for i in incidents), 3 * n, open(collector.log).read())
        for i in incidents:
            self.assertEqual(i["events"] % 3, 0, i)
            self.assertEqual(i["status"], "new")
            self.assertEqual(i["sensors"], ["s1"])
        victim = [i for i in incidents if i["classification.identifier"] == "syn-flood"][0]
        self.assertEqual(victim["role"], "destination")

    def test_unknown_key_is_refused_and_nothing_stored(self):
        collector = Collector(self, self.dir, self.config)
        run = self.run_sensor(collector.endpoint, sensor_id="rogue", key=os.path.join(self.dir, "rogue.key"),
                              spool="spool-rogue", drain="2")
        self.assertIn("stay in the spool", run.stderr)
        self.assertEqual(collector_cli(self.dir, "sensors", "--json"), [])
        log = collector.stop()
        self.assertRegex(log, r"0 stored, 0 duplicates, 0 rejected, [1-9]\d* refused keys")

    def test_a_sensor_cannot_speak_for_another(self):
        collector = Collector(self, self.dir, self.config)
        run = self.run_sensor(collector.endpoint, sensor_id="s2", spool="spool-s2", drain="5")
        self.assertIn("sensor-mismatch: event from sensor 's2' on the connection of key 's1'", run.stderr)
        self.assertEqual(collector_cli(self.dir, "sensors", "--json"), [])

    def test_insecure_loopback_mode(self):
        collector = Collector(self, self.dir, "listen: tcp://127.0.0.1:0\ninsecure: true\ndatabase: sqlite:c.db\n")
        harness.sensor("--read", self.pcap, "--sensor-id", "lab", "--publish", collector.endpoint, "--insecure",
                       "--spool", os.path.join(self.dir, "spool-lab"), "--no-progress", check=True, timeout=120)
        sensors = collector_cli(self.dir, "sensors", "--json")
        self.assertEqual([s["sensor"] for s in sensors], ["lab"])
        self.assertGreaterEqual(sensors[0]["events"], 3)


if __name__ == "__main__":
    harness.main()
