"""Detection on a busy link: incidents that start after the background has filled the sliding window's
pools of item lists and dense sketches (thousands of hosts with many peers or ports) are still found."""
import json
import os
import subprocess
import unittest

import harness


class BusyLinkTest(unittest.TestCase):
    def test_late_incidents_on_a_busy_link(self):
        d = harness.temp_dir(self)
        pcap = os.path.join(d, "busy.pcap")
        subprocess.run([harness.binary("vigil-pcapgen"), "-o", pcap, "-n", "2M", "--seed", "11",
                        "-i", "scan-horizontal:at=70%", "-i", "spam:at=75%", "-i", "amplification-ntp:at=80%"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # A window of an eighth of the default size: its item lists of every class and its 1024 dense
        # blocks run out (the default's do not on this capture), and it evicts hosts too.
        proc = harness.sensor("--read", pcap, "--events", "-", "--stats", "--no-progress", "--window-hosts", "8192",
                              check=True)
        kinds = sorted({json.loads(l)["classification.identifier"] for l in proc.stdout.splitlines() if l.strip()})
        self.assertEqual(kinds, ["amplification-ntp", "scan-horizontal", "spam"])
        stats = harness.stats_of(proc)
        # The window's dense pool did run out: this test is about what happens then.
        self.assertGreater(stats["sketch_blocks_reclaimed"], 0)


if __name__ == "__main__":
    harness.main()
