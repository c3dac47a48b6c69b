"""The Debian packages: `cpack -G DEB` builds vigil-sensor and vigil-collector with their units, conffiles under
/etc/vigil and the shipped rules; installed with dpkg -i, the binaries run from /usr/bin; then removed again.
Also checks that every metric the shipped alert rules and dashboard use is one the code exports."""
import glob
import json
import os
import re
import shutil
import subprocess
import unittest

import harness

SOURCE = os.environ.get("VIGIL_SOURCE", os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.path.dirname(os.path.abspath(harness.BIN))


def run(*args, **kw):
    return subprocess.run(list(args), capture_output=True, text=True, timeout=300, **kw)


class PackagingTest(unittest.TestCase):
    def test_monitoring_files_use_only_exported_metrics(self):
        exported = set()
        for path in glob.glob(os.path.join(SOURCE, "sensor", "**", "*.cc"), recursive=True) + \
                glob.glob(os.path.join(SOURCE, "collector", "**", "*.cc"), recursive=True):
            with open(path) as f:
                exported |= set(re.findall(r'"(vigil_[a-z_]+)"', f.read()))
        self.assertIn("vigil_sensor_packets_total", exported)
        used = set()
        for path in [os.path.join(SOURCE, "deploy", "prometheus", "vigil-alerts.yml"),
                     os.path.join(SOURCE, "deploy", "grafana", "vigil-dashboard.json")]:
            with open(path) as f:
                text = f.read()
            if path.endswith(".json"):
                json.loads(text)
            else:
                check = run("/usr/bin/python3", "-c", "import sys, yaml; yaml.safe_load(open(sys.argv[1]))", path)
                self.assertEqual(check.returncode, 0, check.stderr)
            used |= {re.sub(r"_(bucket|count|sum)$", "", m) for m in re.findall(r"\b(vigil_[a-z_]+)", text)}
        self.assertTrue(used)
        self.assertEqual(sorted(used - exported), [])

    def test_packages_install_and_run(self):
        if os.geteuid() != 0:
            self.skipTest("installing packages with dpkg needs root")
        if shutil.which("cpack") is None or shutil.which("dpkg") is None:
            self.skipTest("cpack or dpkg missing")
        for name in ("vigil-sensor", "vigil-collector"):
            if run("dpkg", "-s", name).returncode == 0:
                self.skipTest(name + " is already installed on this machine; not touching it")
        out = harness.temp_dir(self)
        built = run("cpack", "-G", "DEB", "-B", out, "--config", os.path.join(BUILD, "CPackConfig.cmake"), cwd=BUILD)
        self.assertEqual(built.returncode, 0, built.stdout + built.stderr)
        debs = sorted(glob.glob(os.path.join(out, "*.deb")))
        self.assertEqual([os.path.basename(d).split("_")[0] for d in debs], ["vigil-collector", "vigil-sensor"])
        sensor_deb, collector_deb = debs[1], debs[0]

        contents = run("dpkg-deb", "-c", sensor_deb).stdout
        for path in ["./usr/bin/vigil-sensor", "./etc/vigil/sensor.yaml", "./usr/share/vigil/rules/default.yaml",
                     "./lib/systemd/system/vigil-sensor@.service"]:
            self.assertIn(path, contents)
        self.assertEqual(run("dpkg-deb", "-f", sensor_deb, "Package").stdout.strip(), "vigil-sensor")
        self.assertIn("libpcap", run("dpkg-deb", "-f", sensor_deb, "Depends").stdout)
        conffiles = run("dpkg-deb", "--ctrl-tarfile", collector_deb)
        self.assertEqual(conffiles.returncode, 0)
        listed = run("sh", "-c", "dpkg-deb --ctrl-tarfile '%s' | tar -xOf - ./conffiles" % collector_deb).stdout
        self.assertEqual(listed.split(), ["/etc/vigil/collector.yaml", "/etc/vigil/constituency.yaml",
                                          "/etc/vigil/templates/default.txt"])

        self.addCleanup(lambda: run("dpkg", "--purge", "vigil-sensor", "vigil-collector"))
        installed = run("dpkg", "-i", *debs)
        self.assertEqual(installed.returncode, 0, installed.stdout + installed.stderr)
        for binary in ("/usr/bin/vigil-sensor", "/usr/bin/vigil-collector", "/usr/bin/vigil-rules",
                       "/usr/bin/vigil-keygen"):
            help_run = run(binary, "--help")
            self.assertEqual(help_run.returncode, 0, binary + ": " + help_run.stderr)
        self.assertIn("vigil-sensor", run("/usr/bin/vigil-sensor", "--help").stdout)
        self.assertEqual(run("getent", "passwd", "vigil").returncode, 0)
        # The installed rules and configuration are the shipped ones, and check out.
        checked = run("/usr/bin/vigil-rules", "check", "/usr/share/vigil/rules/default.yaml")
        self.assertEqual(checked.returncode, 0, checked.stdout + checked.stderr)
        removed = run("dpkg", "-r", "vigil-sensor", "vigil-collector")
        self.assertEqual(removed.returncode, 0, removed.stderr)
        self.assertFalse(os.path.exists("/usr/bin/vigil-sensor"))


if __name__ == "__main__":
    harness.main()
