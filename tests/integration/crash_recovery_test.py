"""kill -9 of the collector, then of the sensor, in the middle of a stream of events over CURVE: afterwards
every event the sensor produced is stored exactly once, with its content, and the seq sequence has no gap."""
import json
import os
import signal
import sqlite3
import struct
import subprocess
import time
import unittest

import harness
from collector_process import Collector, make_keys

PARTS = 10


def split_pcap(path, parts):
    """(global header, [bytes of each part]) cut at record boundaries into `parts` runs of records."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:4] == b"\xd4\xc3\xb2\xa1", "little-endian microsecond pcap expected"
    offsets = []
    at = 24
    while at < len(data):
        offsets.append(at)
        at += 16 + struct.unpack_from("<I", data, at + 8)[0]
    bounds = [offsets[len(offsets) * i // parts] for i in range(parts)] + [len(data)]
    return data[:24], [data[bounds[i]:bounds[i + 1]] for i in range(parts)]


def wait_for(what, predicate, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError("timed out waiting for " + what)


class CrashRecoveryTest(unittest.TestCase):
    def setUp(self):
        self.dir = harness.temp_dir(self)
        make_keys(self.dir, sensors=["s1"])
        # 150 scanners spread over ten seconds of packet time, so every part of the stream yields events.
        pcap = os.path.join(self.dir, "stream.pcap")
        scans = []
        for _ in range(150):
            scans += ["-i", "scan-horizontal:count=300"]
        subprocess.run([harness.binary("vigil-pcapgen"), "-o", pcap, "-n", "1M", "--seed", "11", *scans,
                        "-i", "bruteforce-ssh", "-i", "syn-flood"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.header, self.parts = split_pcap(pcap, PARTS)
        self.db = os.path.join(self.dir, "c.db")
        self.endpoint = None
    def start_collector(self):
        # The restarted collector must listen where the sensor is already connecting.
        listen = self.endpoint or "tcp://127.0.0.1:0"
        c = Collector(self, self.dir, "listen: %s\nsecret_key: collector.key\nsensors_dir: sensors\n"
                                      "database: sqlite:c.db\n" % listen)
        self.endpoint = c.endpoint
        return c

    def start_sensor(self, events_file):
        # ack_timeout 1s: what a killed collector never acked is resent soon after it is back.
        with open(os.path.join(self.dir, "sensor.yaml"), "w") as f:
            f.write("sensor_id: s1\npublish:\n  endpoint: %s\n  secret_key: sensors/s1.key\n"
                    "  server_key: collector.pub\n  ack_timeout: 1s\n  spool:\n    dir: spool\n" % self.endpoint)
        proc = subprocess.Popen([harness.binary("vigil-sensor"), "--config", os.path.join(self.dir, "sensor.yaml"),
                                 "--read", "-", "--events", events_file,
                                 "--drain", "30", "--no-progress"],
                                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                cwd=self.dir)
        self.addCleanup(lambda: proc.poll() is None and proc.kill())
        proc.stdin.write(self.header)
        return proc

    def feed(self, sensor, first, last):
        for part in self.parts[first:last]:
            sensor.stdin.write(part)
        sensor.stdin.flush()

    def finish(self, sensor):
        sensor.stdin.close()
        err = sensor.stderr.read().decode()
        sensor.stderr.close()
        sensor.wait(timeout=120)
        self.assertEqual(sensor.returncode, 0, err)
        self.assertNotIn("stay in the spool", err)

    def stored(self):
        """seq -> (event_id, identifier, source_ip) of every stored event of s1."""
        if not os.path.exists(self.db):
            return {}
        with sqlite3.connect("file:%s?mode=ro" % self.db, uri=True, timeout=10) as db:
            try:
                rows = db.execute("SELECT seq, raw_json FROM events WHERE sensor = 's1'").fetchall()
            except sqlite3.OperationalError:  # schema not created yet
                return {}
        return {seq: json.loads(raw) for seq, raw in rows}

    def sensor_row(self):
        with sqlite3.connect("file:%s?mode=ro" % self.db, uri=True, timeout=10) as db:
            return db.execute("SELECT last_seq, gaps, duplicates, events FROM sensors WHERE name = 's1'").fetchone()

    @staticmethod
    def lines(path):
        """The complete lines so far (the sensor may be half-way through writing the last one)."""
        with open(path) as f:
            return [json.loads(l) for l in f if l.endswith("\n") and l.strip()]

    def assert_exactly_once(self, produced):
        stored = self.stored()
        seqs = sorted(stored)
        self.assertEqual(seqs, list(range(1, len(seqs) + 1)), "stored seqs are not 1..N")
        for e in produced:
            self.assertIn(e["seq"], stored)
            self.assertEqual(stored[e["seq"]], e)
        last_seq, gaps, _, events = self.sensor_row()
        self.assertEqual((last_seq, gaps, events), (len(seqs), 0, len(seqs)))
        return len(seqs)

    def test_collector_killed_mid_stream(self):
        collector = self.start_collector()
        local = os.path.join(self.dir, "events.jsonl")
        sensor = self.start_sensor(local)
        self.feed(sensor, 0, 4)
        wait_for("first events stored", lambda: len(self.stored()) > 0)
        # Frozen, the collector takes events into its socket buffers and never acks them; then it dies.
        collector.proc.send_signal(signal.SIGSTOP)
        before = len(self.lines(local))
        self.feed(sensor, 4, 6)
        wait_for("events sent to the frozen collector", lambda: len(self.lines(local)) > before)
        time.sleep(0.3)
        collector.kill()
        stored_at_kill = len(self.stored())
        self.feed(sensor, 6, 8)  # findings while no collector runs: they wait in the spool
        collector = self.start_collector()
        self.feed(sensor, 8, PARTS)
        self.finish(sensor)
        produced = self.lines(local)
        self.assertGreater(len(produced), stored_at_kill)
        self.assertGreaterEqual(len(produced), 100)
        self.assertEqual(self.assert_exactly_once(produced), len(produced))
        self.assertIn("%d stored" % (len(produced) - stored_at_kill), collector.stop())

    def test_sensor_killed_mid_stream(self):
        collector = self.start_collector()
        first_local = os.path.join(self.dir, "first.jsonl")
        sensor = self.start_sensor(first_local)
        self.feed(sensor, 0, 4)
        wait_for("first events stored", lambda: len(self.stored()) > 0)
        # The collector freezes, so what the sensor sends next stays unacked in its spool; the sensor dies.
        collector.proc.send_signal(signal.SIGSTOP)
        before = len(self.lines(first_local))
        self.feed(sensor, 4, 6)
        wait_for("events spooled while the collector is frozen", lambda: len(self.lines(first_local)) > before)
        sensor.kill()
        sensor.wait(timeout=30)
        sensor.stdin.close()
        sensor.stderr.close()
        collector.proc.send_signal(signal.SIGCONT)

        # A new sensor process on the same spool resends what was never acked and numbers on from there.
        second_local = os.path.join(self.dir, "second.jsonl")
        sensor = self.start_sensor(second_local)
        self.feed(sensor, 6, PARTS)
        self.finish(sensor)
        first, second = self.lines(first_local), self.lines(second_local)
        self.assertGreater(len(first), before)
        self.assertGreater(len(second), 0)
        self.assertGreater(second[0]["seq"], first[-1]["seq"])
        total = self.assert_exactly_once(first + second)
        self.assertEqual(total, second[-1]["seq"])
        collector.stop()


if __name__ == "__main__":
    harness.main()
