"""Who is responsible for each host, end to end: a constituency file, a pfx2as file and a small RIPE split-file
sample (written here) imported with `vigil-collector import`; scanners on v4 and v6 hosts go through a sensor
and the collector, and each incident names the organisation the precedence rules pick. SIGHUP reloads."""
import os
import signal
import subprocess
import time
import unittest

import harness
from collector_process import Collector, collector_cli, make_keys

CONSTITUENCY = """
fallback:
  organisation: CERT-TEST
  contacts:
    - email: incidents@cert.test
organisations:
  - name: Manual ISP
    networks: [10.20.0.0/16, 2001:db8:10::/48]
    contacts:
      - email: abuse@manual.test
  - name: AS ISP
    asns: [64500]
    contacts:
      - email: abuse@as-isp.test
"""

# A /24 inside Manual ISP's /16 (manual beats imported even when less specific); a network whose origin AS
# is AS ISP's (a network match beats an AS match); an IPv6 assignment with a messy abuse-mailbox.
INETNUM = """% test sample
inetnum:        10.20.1.0 - 10.20.1.255
netname:        SUB-OF-MANUAL
org:            ORG-HC1-TEST
abuse-c:        HC1-TEST
source:         RIPE

inetnum:        10.30.0.0 - 10.30.255.255
netname:        HOSTING-NET
org:            ORG-HC1-TEST
abuse-c:        HC1-TEST
source:         RIPE
"""
INET6NUM = """inet6num:       2001:db8:30::/48
netname:        V6-HOSTING
org:            ORG-V6-TEST
source:         RIPE
"""
ORGANISATION = """organisation:   ORG-HC1-TEST
org-name:       Hosting Co
abuse-c:        HC1-TEST
source:         RIPE

organisation:   ORG-V6-TEST
org-name:       V6 Hosting
abuse-c:        V6R-TEST
source:         RIPE
"""
ROLE = """role:           Hosting Co abuse
nic-hdl:        HC1-TEST
abuse-mailbox:  abuse@hosting.test
source:         RIPE

role:           V6 abuse
nic-hdl:        V6R-TEST
abuse-mailbox:  "V6 Abuse Desk" <ABUSE@V6.test>, noc@v6.test
source:         RIPE
"""
PFX2AS = "10.30.0.0\t16\t64500\n10.40.0.0\t16\t64500\n2001:db8:40::\t48\t64500\n10.50.0.0\t16\t64999\n"

# scanner host -> (organisation, contact) the resolver must pick, and why
EXPECTED = {
    "10.20.1.5": ("Manual ISP", "abuse@manual.test"),          # manual /16 beats the imported /24
    "2001:db8:10::5": ("Manual ISP", "abuse@manual.test"),     # manual v6 network
    "10.30.5.5": ("Hosting Co", "abuse@hosting.test"),         # imported network beats its origin AS 64500
    # imported v6; the first address of a messy mailbox, domain lower-cased, local part kept (RFC 5321)
    "2001:db8:30::5": ("V6 Hosting", "ABUSE@v6.test"),
    "10.40.7.7": ("AS ISP", "abuse@as-isp.test"),              # only the origin AS matches
    "2001:db8:40::5": ("AS ISP", "abuse@as-isp.test"),         # the same for v6
    "10.50.1.1": ("CERT-TEST", "incidents@cert.test"),         # AS 64999 belongs to nobody: fallback
}


class EnrichmentTest(unittest.TestCase):
    def setUp(self):
        self.dir = harness.temp_dir(self)
        make_keys(self.dir, sensors=["s1"])
        self.write("constituency.yaml", CONSTITUENCY)
        for name, text in [("ripe.db.inetnum", INETNUM), ("ripe.db.inet6num", INET6NUM),
                           ("ripe.db.organisation", ORGANISATION), ("ripe.db.role", ROLE), ("pfx2as.txt", PFX2AS)]:
            self.write(name, text)
        self.config = ("listen: tcp://127.0.0.1:0\nsecret_key: collector.key\nsensors_dir: sensors\n"
                       "database: sqlite:c.db\nconstituency: constituency.yaml\n")

    def write(self, name, text):
        with open(os.path.join(self.dir, name), "w") as f:
            f.write(text)

    def deliver(self, collector, hosts, name):
        pcap = os.path.join(self.dir, name + ".pcap")
        incidents = []
        for h in hosts:
            incidents += ["-i", "scan-horizontal:src=%s,count=300" % h]
        subprocess.run([harness.binary("vigil-pcapgen"), "-o", pcap, "-n", "100k", "--seed", "5", *incidents],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        harness.sensor("--read", pcap, "--sensor-id", "s1", "--publish", collector.endpoint,
                       "--secret-key", os.path.join(self.dir, "sensors", "s1.key"),
                       "--server-key", os.path.join(self.dir, "collector.pub"),
                       "--spool", os.path.join(self.dir, "spool"), "--no-progress", check=True, timeout=120)

    def incidents_by_host(self, count):
        for _ in range(100):
            incidents = collector_cli(self.dir, "incidents", "--json")
            if len(incidents) >= count:
                return {i["host"]: (i["organisation"], i["contact"]) for i in incidents}
            time.sleep(0.1)
        raise AssertionError("expected %d incidents, have %d" % (count, len(incidents)))

    def test_each_host_goes_to_the_organisation_responsible_for_it(self):
        collector_cli(self.dir, "import", "pfx2as", os.path.join(self.dir, "pfx2as.txt"))
        collector_cli(self.dir, "import", "ripe", *[os.path.join(self.dir, "ripe.db." + t)
                                                    for t in ("inetnum", "inet6num", "organisation", "role")])
        collector = Collector(self, self.dir, self.config)
        self.deliver(collector, list(EXPECTED), "first")
        self.assertEqual(self.incidents_by_host(len(EXPECTED)), EXPECTED)

        # The constituency changes; SIGHUP makes the running collector use it for new incidents.
        self.write("constituency.yaml", CONSTITUENCY + """  - name: Late ISP
    networks: [10.50.2.0/24]
    contacts:
      - email: abuse@late.test
""")
        collector.proc.send_signal(signal.SIGHUP)
        for _ in range(100):
            with open(collector.log) as f:
                if "reloaded" in f.read():
                    break
            time.sleep(0.1)
        self.deliver(collector, ["10.50.2.2"], "second")
        self.assertEqual(self.incidents_by_host(len(EXPECTED) + 1)["10.50.2.2"], ("Late ISP", "abuse@late.test"))
        log = collector.stop()
        self.assertIn("constituency and imports reloaded", log)


if __name__ == "__main__":
    harness.main()
