"""The sensor's Prometheus endpoint, scraped over HTTP after a known capture: packets, bytes, decode errors, ticks,
events by identifier and the spool agree with --stats and the events file of the same run."""
import collections
import json
import os
import re
import subprocess
import time
import unittest
import urllib.request

import harness


def scrape(url):
    samples = {}
    text = urllib.request.urlopen(url, timeout=10).read().decode()
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, value = line.rsplit(" ", 1)
            samples[name] = float(value)
    return samples, text


class SensorMetricsTest(unittest.TestCase):
    def test_scraped_values_match_the_run(self):
        d = harness.temp_dir(self)
        pcap = os.path.join(d, "m.pcap")
        subprocess.run([harness.binary("vigil-pcapgen"), "-o", pcap, "-n", "60k", "--seed", "7", "-i", "scan-horizontal",
                        "-i", "syn-flood", "-i", "bruteforce-ssh"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Truncate the file mid-record: a counted decode problem, not a failure.
        with open(pcap, "r+b") as f:
            f.truncate(os.path.getsize(pcap) - 7)
        events = os.path.join(d, "events.jsonl")
        # Nobody listens on the collector port, so the sensor keeps its events in the spool and drains for a
        # few seconds after the end of the file: the window in which the test scrapes.
        proc = subprocess.Popen([harness.binary("vigil-sensor"), "--read", pcap, "--metrics", "127.0.0.1:0",
                                 "--publish", "tcp://127.0.0.1:9", "--insecure", "--spool", os.path.join(d, "spool"),
                                 "--drain", "6", "--events", events, "--stats", "--no-progress"],
                                stderr=subprocess.PIPE, text=True)
        self.addCleanup(lambda: proc.poll() is None and proc.kill())
        url = None
        lines = []
        while url is None:
            line = proc.stderr.readline()
            self.assertTrue(line, "the sensor exited before announcing its metrics: %s" % "".join(lines))
            lines.append(line)
            m = re.search(r"metrics on (http://\S+)", line)
            if m:
                url = m.group(1)
        # Wait until the whole file is counted (the worker publishes its final snapshot at end of input).
        samples = {}
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            samples, text = scrape(url)
            if samples.get('vigil_sensor_spool_events', 0) > 0 and samples.get("vigil_sensor_ticks_total", 0) > 0 and \
                    sum(v for k, v in samples.items() if k.startswith("vigil_sensor_packets_total")) >= 59999:
                break
            time.sleep(0.1)
        rest = proc.stderr.read()
        proc.stderr.close()
        proc.wait(timeout=60)
        stats = json.loads([l for l in (lines + rest.splitlines()) if l.strip().startswith("{")][-1])

        packets = {k: v for k, v in samples.items() if k.startswith("vigil_sensor_packets_total{")}
        self.assertEqual(list(packets), ['vigil_sensor_packets_total{source="pcap:%s",worker="0"}' % pcap])
        self.assertEqual(sum(packets.values()), stats["packets"])
        self.assertEqual(samples['vigil_sensor_bytes_total{source="pcap:%s",worker="0"}' % pcap], stats["bytes"])
        errors = {re.search(r'reason="([^"]+)"', k).group(1): v for k, v in samples.items()
                  if k.startswith("vigil_sensor_decode_errors_total") and v > 0}
        self.assertEqual(errors, {k: float(v) for k, v in stats["decode_errors"].items()})
        with open(events) as f:
            by_kind = collections.Counter(json.loads(l)["classification.identifier"] for l in f if l.strip())
        self.assertGreaterEqual(sum(by_kind.values()), 3)
        for kind, n in by_kind.items():
            self.assertEqual(samples['vigil_sensor_events_total{identifier="%s"}' % kind], n)
        self.assertEqual(samples["vigil_sensor_spool_events"], sum(by_kind.values()))
        self.assertEqual(samples["vigil_sensor_publish_acks_total"], 0)
        self.assertEqual(samples['vigil_sensor_rule_reloads_total{result="failed"}'], 0)
        self.assertGreater(samples["vigil_sensor_tick_seconds_count"], 0)
        self.assertEqual(samples['vigil_build_info{component="sensor",version="0.1.0"}'], 1)
        self.assertIn('vigil_sensor_evictions_total{table="host"}', samples)


if __name__ == "__main__":
    harness.main()
