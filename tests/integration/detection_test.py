"""Detection end to end: every incident kind vigil-pcapgen makes gives exactly its event with the default rules;
background, backscatter and the benign captures give none; shared captures match truth.json; bad rules stop the
sensor with file:line:column; SIGHUP reloads (and a bad reload keeps the old rules)."""
import json
import os
import signal
import subprocess
import time
import unittest

import harness

SOURCE = os.environ.get("VIGIL_SOURCE", os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_RULES = os.path.join(SOURCE, "rules", "default.yaml")

# incident spec -> expected identifier; source/destination come from the truth file.
INCIDENTS = {
    "scan-horizontal": "scan-horizontal",
    "scan-horizontal:probe=syn-ece-cwr": "scan-horizontal",
    "scan-horizontal:probe=xmas": "scan-horizontal",
    "scan-horizontal:probe=udp": "scan-horizontal",
    "scan-horizontal:probe=icmp-echo": "scan-horizontal",
    "scan-vertical": "scan-vertical",
    "scan-vertical:probe=fin": "scan-vertical",
    "scan-vertical:probe=udp": "scan-vertical",
    "syn-flood": "syn-flood",
    "syn-flood:spoofed=false": "syn-flood",
    "udp-flood": "udp-flood",
    "icmp-flood": "icmp-flood",
    "amplification-dns": "amplification-dns",
    "amplification-ntp": "amplification-ntp",
    "amplification-ssdp": "amplification-ssdp",
    "amplification-memcached": "amplification-memcached",
    "amplification-cldap": "amplification-cldap",
    "amplification-snmp": "amplification-snmp",
    "amplification-chargen": "amplification-chargen",
    "bruteforce-ssh": "bruteforce-ssh",
    "bruteforce-ssh:port=2222": "bruteforce-ssh",
    "bruteforce-telnet": "bruteforce-telnet",
    "bruteforce-rdp": "bruteforce-rdp",
    "bruteforce-ftp": "bruteforce-ftp",
    "c2-contact": "c2-contact",
    "spam": "spam",
}


def read_events(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


class DetectionTest(unittest.TestCase):
    def generate(self, directory, name, *args):
        out = os.path.join(directory, name + ".pcap")
        subprocess.run([harness.binary("vigil-pcapgen"), "-o", out, *args], check=True, stdout=subprocess.DEVNULL)
        with open(out[:-5] + ".truth.json") as f:
            return out, json.load(f)

    def detect(self, pcap, rules=None, *extra):
        # Beside the test's own files, never beside the capture: ../shared is read-only input.
        events = os.path.join(harness.temp_dir(self), os.path.basename(pcap) + ".events.jsonl")
        args = ["--read", pcap, "--events", events, "--sensor-id", "it", *extra]
        if rules:
            args += ["--rules", rules]
        harness.sensor(*args, check=True)
        return read_events(events)

    def test_every_incident_kind_gives_exactly_its_event(self):
        d = harness.temp_dir(self)
        c2_rules = os.path.join(d, "c2.yaml")
        with open(os.path.join(d, "c2.txt"), "w") as f:
            f.write("# generated C2 addresses\n192.0.2.0/24\n")
        with open(c2_rules, "w") as f:
            f.write("include:\n  - %s\nblocklists:\n  - name: c2\n    file: c2.txt\n    identifier: c2-contact\n"
                    % DEFAULT_RULES)
        for i, (spec, identifier) in enumerate(INCIDENTS.items()):
            with self.subTest(incident=spec):
                pcap, truth = self.generate(d, "inc%d" % i, "-n", "300000", "--seed", str(100 + i), "-i", spec)
                events = self.detect(pcap, c2_rules)
                incident = truth["incidents"][0]
                started = [e for e in events if e["status"] == "started"]
                kinds = sorted({e["classification.identifier"] for e in started})
                self.assertEqual(kinds, [identifier], json.dumps(started, indent=1)[:3000])
                attackers = set(incident["attackers"])
                victims = set(incident["victims"])
                if identifier == "c2-contact":
                    # The event names the infected home host as source.ip, the C2 as destination.ip.
                    attackers, victims = victims, attackers
                for e in started:
                    if "source.ip" in e and attackers:
                        self.assertIn(e["source.ip"], attackers, e)
                    if "destination.ip" in e and victims and identifier.startswith(("syn", "udp", "icmp", "ampl")):
                        self.assertIn(e["destination.ip"], victims, e)
                if attackers:
                    self.assertTrue(any(e.get("source.ip") in attackers for e in started), started)

    def test_background_and_backscatter_give_no_event(self):
        d = harness.temp_dir(self)
        pcap, _ = self.generate(d, "bg", "-n", "500000", "--seed", "7")
        self.assertEqual(self.detect(pcap), [])
        pcap, _ = self.generate(d, "bs", "-n", "300000", "--seed", "8", "-i", "backscatter")
        self.assertEqual(self.detect(pcap), [])

    def test_identical_input_gives_byte_identical_events(self):
        d = harness.temp_dir(self)
        pcap, _ = self.generate(d, "twice", "-n", "200000", "--seed", "9", "-i", "scan-vertical", "-i", "syn-flood")
        first = os.path.join(d, "a.jsonl")
        second = os.path.join(d, "b.jsonl")
        harness.sensor("--read", pcap, "--events", first, check=True)
        harness.sensor("--read", pcap, "--events", second, check=True)
        with open(first, "rb") as a, open(second, "rb") as b:
            data = a.read()
            self.assertGreater(len(data), 0)
            self.assertEqual(data, b.read())

    def test_events_to_stdout_and_seq_is_gap_free(self):
        d = harness.temp_dir(self)
        pcap, _ = self.generate(d, "out", "-n", "200000", "--seed", "12", "-i", "scan-horizontal", "-i", "icmp-flood")
        proc = harness.sensor("--read", pcap, "--events", "-", "--sensor-id", "ixp-1", check=True)
        events = [json.loads(l) for l in proc.stdout.splitlines() if l.strip()]
        self.assertGreaterEqual(len(events), 2)
        self.assertEqual([e["seq"] for e in events], list(range(1, len(events) + 1)))
        self.assertEqual(events[0]["event_id"], "ixp-1-1")

    def test_shared_captures_match_truth(self):
        if not os.path.isdir(harness.PCAPS):
            self.skipTest("../shared/pcaps not present")
        with open(os.path.join(harness.PCAPS, "truth.json")) as f:
            truth = json.load(f)
        d = harness.temp_dir(self)
        with open(os.path.join(d, "c2.txt"), "w") as f:
            f.write("82.118.225.196\n")
        overlay = os.path.join(d, "overlay.yaml")
        with open(overlay, "w") as f:
            f.write("include:\n  - %s\nblocklists:\n  - name: c2\n    file: c2.txt\n    identifier: c2-contact\n"
                    % DEFAULT_RULES)
        for entry in truth:
            with self.subTest(file=entry["file"]):
                pcap = os.path.join(harness.PCAPS, entry["file"])
                events = self.detect(pcap, overlay)
                if entry["type"] == "benign":
                    self.assertEqual([e for e in events if e["severity"] == "high"], [], events)
                    continue
                kinds = {e["classification.identifier"] for e in events}
                self.assertIn(entry["type"], kinds, events)
                for e in events:
                    if e["classification.identifier"] != entry["type"]:
                        continue
                    if entry["attackers"] and "source.ip" in e:
                        self.assertIn(e["source.ip"], entry["attackers"] + entry.get("victims", []), e)

    def test_bad_rules_stop_the_sensor_with_the_position(self):
        d = harness.temp_dir(self)
        pcap, _ = self.generate(d, "small", "-n", "1000", "--seed", "1")
        bad = os.path.join(d, "bad.yaml")
        with open(bad, "w") as f:
            f.write("rules:\n  - id: x\n    kind: scan-horizontal\n    key: source\n    measure: distinct_destinations\n"
                    "    treshold: 10\n    window: 60s\n")
        proc = harness.sensor("--read", pcap, "--rules", bad)
        self.assertNotEqual(proc.returncode, 0)
        lines = proc.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, proc.stderr)
        self.assertIn("bad.yaml:6:5:", lines[0])
        self.assertIn("treshold", lines[0])

    def test_sighup_reloads_and_a_bad_file_keeps_the_old_rules(self):
        d = harness.temp_dir(self)
        rules = os.path.join(d, "r.yaml")
        with open(DEFAULT_RULES) as f:
            good = f.read()
        with open(rules, "w") as f:
            f.write(good)
        proc = subprocess.Popen([harness.binary("vigil-sensor"), "--read", "-", "--rules", rules, "--stats"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        gen = subprocess.run([harness.binary("vigil-pcapgen"), "-o", "-", "--truth", os.path.join(d, "t.json"),
                              "-n", "20000", "--seed", "4"], stdout=subprocess.PIPE, check=True)
        # Header and some packets first, then reloads while the sensor waits for more input.
        proc.stdin.write(gen.stdout[: len(gen.stdout) // 2])
        proc.stdin.flush()
        time.sleep(0.5)
        with open(rules, "w") as f:
            f.write("rules:\n  - id: broken\n    kind: nonsense\n")
        proc.send_signal(signal.SIGHUP)
        time.sleep(0.5)
        with open(rules, "w") as f:
            f.write(good)
        proc.send_signal(signal.SIGHUP)
        time.sleep(0.5)
        out, err = proc.communicate(input=gen.stdout[len(gen.stdout) // 2:], timeout=60)
        err = err.decode()
        self.assertEqual(proc.returncode, 0, err)
        self.assertIn("reload failed, keeping the previous rules", err)
        self.assertIn("r.yaml:3:11", err)
        stats = json.loads(err.strip().splitlines()[-1])
        self.assertEqual(stats["rule_reload_failures"], 1)
        self.assertEqual(stats["rule_reloads"], 1)


if __name__ == "__main__":
    harness.main()
