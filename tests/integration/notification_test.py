"""Notifications end to end with the real binaries: sensor -> collector -> digests -> PGP/MIME mail through a real
SMTP server, an incident-system webhook and a JSONL feed. The mail server is down at first and the collector is
killed with its outbox full: after both come back every notification arrives, encrypted to each ISP's key and
signed by the CERT. A 5xx address is disabled and the next contact is told; a contact that requires encryption
without a key is held and listed."""
import email
import glob
import json
import os
import re
import socket
import subprocess
import time
import unittest
import urllib.request

import harness
from collector_process import Collector, collector_cli, make_keys

PYTHON = "/usr/bin/python3"  # Debian's, which has aiosmtpd
SUPPORT = os.path.join(os.path.dirname(__file__), "..", "support")


def have_prerequisites():
    if subprocess.run([PYTHON, "-c", "import aiosmtpd"], capture_output=True).returncode != 0:
        return "python3-aiosmtpd is not installed"
    if subprocess.run(["gpg", "--version"], capture_output=True).returncode != 0:
        return "gpg is not installed"
    return None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, predicate, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out waiting for " + what)


class Gpg:
    """A keyring directory driven by the gpg tool."""

    def __init__(self, test, home, uid):
        self.home = home
        os.makedirs(home, mode=0o700)
        test.addCleanup(lambda: subprocess.run(["gpgconf", "--homedir", home, "--kill", "gpg-agent"],
                                               capture_output=True))
        self.run("--batch", "--pinentry-mode", "loopback", "--passphrase", "", "--quick-gen-key", uid,
                 "future-default", "default", "never")
        listing = self.run("--with-colons", "--list-keys").stdout.decode()
        self.fingerprint = [l.split(":")[9] for l in listing.splitlines() if l.startswith("fpr:")][0]

    def run(self, *args, stdin=None):
        return subprocess.run(["gpg", "--homedir", self.home, *args], input=stdin, capture_output=True, check=False)

    def export(self, path):
        with open(path, "wb") as f:
            f.write(self.run("--export", "--armor", self.fingerprint).stdout)


class NotificationTest(unittest.TestCase):
    def setUp(self):
        why = have_prerequisites()
        if why:
            self.skipTest(why)
        self.dir = harness.temp_dir(self)
        make_keys(self.dir, sensors=["s1"])
        self.cert = Gpg(self, os.path.join(self.dir, "gnupg"), "CERT-TEST <cert@cert.test>")
        self.isp_a = Gpg(self, os.path.join(self.dir, "isp-a"), "ISP A abuse <abuse@isp-a.test>")
        self.isp_a.export(os.path.join(self.dir, "isp-a.asc"))
        self.cert.export(os.path.join(self.dir, "cert.asc"))
        self.isp_a.run("--batch", "--import", os.path.join(self.dir, "cert.asc"))
        with open(os.path.join(self.dir, "constituency.yaml"), "w") as f:
            f.write("""fallback:
  organisation: CERT-TEST
  contacts:
    - email: cert@cert.test
organisations:
  - name: ISP A
    networks: [10.1.250.0/24]
    contacts:
      - email: abuse@isp-a.test
        format: csv
        pgp_key: isp-a.asc
        encryption: required
  - name: ISP B
    networks: [10.1.251.0/24]
    contacts:
      - email: gone@isp-b.test
        encryption: none
      - email: noc@isp-b.test
        format: xarf
        encryption: none
  - name: ISP C
    networks: [10.1.252.0/24]
    contacts:
      - email: abuse@isp-c.test
        pgp_fingerprint: 0123456789ABCDEF0123456789ABCDEF01234567
        encryption: required
""")
        self.smtp_port = free_port()
        self.http_dir = os.path.join(self.dir, "http")
        self.http = subprocess.Popen([PYTHON, os.path.join(SUPPORT, "http_sink.py"), "--out", self.http_dir,
                                      "--port-file", os.path.join(self.dir, "http.port")])
        self.addCleanup(self.http.terminate)
        http_port = int(wait_for("the HTTP sink", lambda: self.read(os.path.join(self.dir, "http.port"))))
        self.config = """listen: tcp://127.0.0.1:0
secret_key: collector.key
sensors_dir: sensors
database: sqlite:c.db
constituency: constituency.yaml
metrics: 127.0.0.1:0
notifications:
  reporter: {name: CERT-TEST, email: cert@cert.test, domain: cert.test}
  settle: 0s
  pgp: {home: gnupg, signing_key: %s}
  smtp: {url: "smtp://127.0.0.1:%d", tls: none, timeout: 5s}
  outbox: {first_retry: 1s, max_retry: 2s, disable_after: 1}
  feeds:
    webhook: {url: "http://127.0.0.1:%d/hooks/vigil", headers: {Authorization: "Bearer t0ken"}}
    jsonl: {path: feed.jsonl}
""" % (self.cert.fingerprint, self.smtp_port, http_port)
        self.pcap = os.path.join(self.dir, "incidents.pcap")
        subprocess.run([harness.binary("vigil-pcapgen"), "-o", self.pcap, "-n", "100k", "--seed", "3",
                        "-i", "scan-horizontal:src=10.1.250.10,count=300",
                        "-i", "scan-horizontal:src=10.1.251.20,count=300",
                        "-i", "scan-horizontal:src=10.1.252.30,count=300"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    @staticmethod
    def read(path):
        try:
            with open(path) as f:
                return f.read().strip()
        except OSError:
            return None

    def mails(self):
        out = []
        for path in sorted(glob.glob(os.path.join(self.dir, "mail", "new", "*.eml"))):
            with open(path, "rb") as f:
                out.append(email.message_from_binary_file(f))
        return out

    def test_every_notification_arrives_across_an_smtp_outage_and_a_collector_crash(self):
        collector = Collector(self, self.dir, self.config)
        harness.sensor("--read", self.pcap, "--sensor-id", "s1", "--publish", collector.endpoint,
                       "--secret-key", os.path.join(self.dir, "sensors", "s1.key"),
                       "--server-key", os.path.join(self.dir, "collector.pub"),
                       "--spool", os.path.join(self.dir, "spool"), "--no-progress", check=True, timeout=120)
        # Three notifications are made; the mail server is down, so mail waits in the outbox.
        notes = wait_for("three notifications", lambda: (lambda n: n if len(n) >= 3 else None)(
            collector_cli(self.dir, "notifications", "--json")))
        held = [n for n in notes if n["status"] == "held"]
        self.assertEqual(len(held), 1)
        self.assertEqual(held[0]["organisation"], "ISP C")
        self.assertEqual(held[0]["reason"], "encryption required for abuse@isp-c.test and no usable key")
        wait_for("a failed mail attempt", lambda: any(
            d["channel"] == "smtp" and d["attempts"] > 0 for n in collector_cli(self.dir, "notifications", "--json")
            for d in n["deliveries"]))
        collector.kill()

        smtp = subprocess.Popen([PYTHON, os.path.join(SUPPORT, "smtp_sink.py"), "--maildir",
                                 os.path.join(self.dir, "mail"), "--port", str(self.smtp_port), "--port-file",
                                 os.path.join(self.dir, "smtp.port"), "--reject-rcpt", "gone@isp-b.test:550"])
        self.addCleanup(smtp.terminate)
        wait_for("the SMTP sink", lambda: self.read(os.path.join(self.dir, "smtp.port")))
        collector = Collector(self, self.dir, self.config)
        mails = wait_for("two mails", lambda: (lambda m: m if len(m) >= 2 else None)(self.mails()))
        time.sleep(1)
        mails = self.mails()
        self.assertEqual(sorted(m["X-RcptTo"] for m in mails), ["abuse@isp-a.test", "noc@isp-b.test"])

        # ISP A: PGP/MIME encrypted to its key, signed by the CERT, the CSV inside; TLP in the clear subject.
        a = [m for m in mails if m["X-RcptTo"] == "abuse@isp-a.test"][0]
        self.assertEqual(a.get_content_type(), "multipart/encrypted")
        self.assertRegex(a["Subject"], r"^\[TLP:AMBER\] Scanning from the network of ISP A \[\d{8}-\d{8}\]$")
        self.assertNotIn("10.1.250.10", a.as_string())
        self.assertEqual(a["Auto-Submitted"], "auto-generated")
        sealed = a.get_payload()[1].get_payload()
        plain = self.isp_a.run("--batch", "--status-fd", "2", "--decrypt", stdin=sealed.encode())
        self.assertEqual(plain.returncode, 0, plain.stderr)
        self.assertIn(b"GOODSIG", plain.stderr)
        inner = email.message_from_bytes(plain.stdout)
        parts = {p.get_filename(): p for p in inner.walk() if p.get_filename()}
        self.assertIn("events.csv", parts)
        self.assertIn(b"10.1.250.10", parts["events.csv"].get_payload(decode=True))
        self.assertIn("10.1.250.10 probed", inner.get_payload()[0].get_payload(decode=True).decode())

        # ISP B: the 550 address was disabled, its next contact got an X-ARF report, signed, not encrypted.
        b = [m for m in mails if m["X-RcptTo"] == "noc@isp-b.test"][0]
        self.assertEqual(b.get_content_type(), "multipart/signed")
        self.assertEqual(b["X-ARF"], "YES")
        report = [p for p in b.walk() if p.get_filename() == "report.txt"][0].get_payload(decode=True).decode()
        self.assertIn('Source: "10.1.251.20"', report)

        notes = collector_cli(self.dir, "notifications", "--json")
        smtp_states = sorted((d["recipient"], d["status"]) for n in notes for d in n["deliveries"]
                             if d["channel"] == "smtp")
        self.assertEqual(smtp_states, [("abuse@isp-a.test", "delivered"), ("gone@isp-b.test", "failed"),
                                       ("noc@isp-b.test", "delivered")])
        # Every digest (the held one too) reached the CERT's own systems.
        wait_for("webhook requests", lambda: len(glob.glob(os.path.join(self.http_dir, "*.json"))) >= len(notes))
        time.sleep(1)  # anything sent twice would arrive now
        bodies = []
        for path in sorted(glob.glob(os.path.join(self.http_dir, "*.json"))):
            with open(path) as f:
                bodies.append(json.load(f))
        self.assertTrue(all(r["headers"]["Authorization"] == "Bearer t0ken" for r in bodies))
        # Each notification exactly once, as a receiver that drops repeats of an Idempotency-Key sees them.
        # A repeat is the contract's answer to the kill landing between the receiver's 2xx and the
        # collector's commit (http_notifier.h); it must then be the same request, key and body.
        first = {}
        for r in bodies:
            self.assertEqual(json.loads(r["body"])["ticket"], r["headers"]["Idempotency-Key"])
            self.assertEqual(first.setdefault(r["headers"]["Idempotency-Key"], r["body"]), r["body"])
        sent = sorted(first)
        self.assertEqual(sent, sorted(n["ticket"] for n in notes))
        self.assertLessEqual(len(bodies) - len(sent), 3)  # only deliveries in flight at the kill repeat
        tickets = set(sent)
        with open(os.path.join(self.dir, "feed.jsonl")) as f:
            self.assertEqual({json.loads(l)["ticket"] for l in f}, tickets)
        # Each incident is notified once, with its ticket.
        incidents = collector_cli(self.dir, "incidents", "--json")
        self.assertEqual(sorted(i["status"] for i in incidents), ["new", "notified", "notified"])
        # The Prometheus endpoint of the restarted collector agrees with all of the above.
        with open(collector.log) as f:
            url = re.search(r"metrics on (http://\S+)", f.read()).group(1)
        text = urllib.request.urlopen(url, timeout=10).read().decode()
        samples = {}
        for line in text.splitlines():
            if line and not line.startswith("#"):
                name, value = line.rsplit(" ", 1)
                samples[name] = float(value)
        self.assertEqual(samples['vigil_collector_notifications_total{result="queued"}'], 1)  # ISP B's re-route
        self.assertEqual(samples['vigil_collector_outbox_items{channel="smtp",status="delivered"}'], 2)
        self.assertEqual(samples['vigil_collector_outbox_items{channel="smtp",status="failed"}'], 1)
        self.assertEqual(samples['vigil_collector_incidents{status="notified"}'], 2)
        self.assertEqual(samples['vigil_collector_sensor_seq_gaps{sensor="s1"}'], 0)
        self.assertEqual(samples['vigil_collector_outbox_oldest_pending_seconds'], 0)
        self.assertGreaterEqual(samples['vigil_collector_deliveries_total{result="delivered"}'], 2)
        self.assertEqual(samples['vigil_build_info{component="collector",version="0.1.0"}'], 1)
        self.assertIn("vigil_collector_database_commit_seconds_bucket", text)
        log = collector.stop()
        self.assertIn("notifications:", log)


if __name__ == "__main__":
    harness.main()
