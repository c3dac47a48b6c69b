"""The collector on PostgreSQL end to end: imports, delivery over CURVE, kill -9 of the collector between
sensor runs, exactly-once accounting, incidents attributed, all through the real binaries."""
import os
import subprocess
import time
import unittest

import harness
from collector_process import Collector, collector_cli, make_keys
from postgres_process import PostgresServer, missing_prerequisite

CONSTITUENCY = """
fallback:
  organisation: CERT-TEST
  contacts:
    - email: incidents@cert.test
organisations:
  - name: Scanner ISP
    asns: [64510]
    contacts:
      - email: abuse@scanner-isp.test
"""


class PostgresDeliveryTest(unittest.TestCase):
    def setUp(self):
        why = missing_prerequisite()
        if why:
            self.skipTest(why)
        self.dir = harness.temp_dir(self)
        self.pg = PostgresServer(self)
        self.db = self.pg.url()
        make_keys(self.dir, sensors=["s1"])
        with open(os.path.join(self.dir, "constituency.yaml"), "w") as f:
            f.write(CONSTITUENCY)
        with open(os.path.join(self.dir, "pfx2as.txt"), "w") as f:
            f.write("10.1.250.0\t24\t64510\n")
        self.pcap = os.path.join(self.dir, "incidents.pcap")
        subprocess.run([harness.binary("vigil-pcapgen"), "-o", self.pcap, "-n", "60k", "--seed", "7",
                        "-i", "scan-horizontal", "-i", "bruteforce-ssh", "-i", "syn-flood"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.config = ("listen: tcp://127.0.0.1:0\nsecret_key: collector.key\nsensors_dir: sensors\n"
                       "constituency: constituency.yaml\ndatabase: \"%s\"\n" % self.db)

    def run_sensor(self, endpoint, drain="20"):
        return harness.sensor("--read", self.pcap, "--sensor-id", "s1", "--publish", endpoint,
                              "--secret-key", os.path.join(self.dir, "sensors", "s1.key"),
                              "--server-key", os.path.join(self.dir, "collector.pub"),
                              "--spool", os.path.join(self.dir, "spool"), "--drain", drain, "--no-progress",
                              check=True, timeout=120)

    def test_delivery_restart_and_incidents_on_postgresql(self):
        collector_cli(self.dir, "import", "pfx2as", os.path.join(self.dir, "pfx2as.txt"), database=self.db)
        collector = Collector(self, self.dir, self.config)
        endpoint = collector.endpoint
        self.run_sensor(endpoint)
        first = collector_cli(self.dir, "sensors", "--json", database=self.db)
        n = first[0]["events"]
        self.assertGreaterEqual(n, 3)

        collector.kill()
        self.assertIn("stay in the spool", self.run_sensor(endpoint, drain="0.5").stderr)
        config = self.config.replace("tcp://127.0.0.1:0", endpoint)
        collector = Collector(self, self.dir, config)
        self.run_sensor(endpoint)
        sensors = collector_cli(self.dir, "sensors", "--json", database=self.db)
        self.assertEqual((sensors[0]["events"], sensors[0]["last_seq"], sensors[0]["gaps"]), (3 * n, 3 * n, 0))

        for _ in range(100):
            incidents = collector_cli(self.dir, "incidents", "--json", database=self.db)
            if sum(i["events"] for i in incidents) == 3 * n:
                break
            time.sleep(0.1)
        self.assertEqual(sum(i["events"] for i in incidents), 3 * n)
        by_kind = {i["classification.identifier"]: i for i in incidents}
        self.assertEqual(sorted(by_kind), ["bruteforce-ssh", "scan-horizontal", "syn-flood"])
        # The scanner's /24 is routed by AS 64510: Scanner ISP.
        self.assertEqual(by_kind["scan-horizontal"]["organisation"], "Scanner ISP")
        self.assertEqual(by_kind["scan-horizontal"]["contact"], "abuse@scanner-isp.test")
        self.assertEqual(by_kind["syn-flood"]["role"], "destination")
        collector.stop()


if __name__ == "__main__":
    harness.main()
