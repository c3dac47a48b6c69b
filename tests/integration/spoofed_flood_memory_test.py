"""Memory stays bounded under a spoofed SYN flood from 10 million distinct sources, and the victim's counters
stay exact: vigil-pcapgen streams the flood through a pipe into vigil-sensor (constant memory on both sides)."""
import json
import os
import subprocess
import unittest

import harness

PACKETS = int(os.environ.get("VIGIL_FLOOD_PACKETS", "10000000"))
VICTIM = "10.1.251.99"


class SpoofedFloodMemoryTest(unittest.TestCase):
    def test_ten_million_sources(self):
        d = harness.temp_dir(self)
        truth_path = os.path.join(d, "flood.truth.json")
        gen = subprocess.Popen(
            [harness.binary("vigil-pcapgen"), "-o", "-", "--truth", truth_path, "--no-background",
             "--frame-size", "64", "-n", str(PACKETS), "--pps", str(PACKETS), "-i",
             "syn-flood:spoofed=true,sources=%d,count=%d,duration=1,dst=%s,port=25565" % (PACKETS, PACKETS, VICTIM)],
            stdout=subprocess.PIPE)
        proc = harness.sensor("--read", "-", "--stats", "--top", "1", "--hosts", "65536", "--window-hosts", "65536",
                              "--flows", "262144", stdin=gen.stdout, timeout=900)
        gen.stdout.close()
        self.assertEqual(gen.wait(), 0)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        s = harness.stats_of(proc)
        with open(truth_path) as f:
            truth = json.load(f)
        self.assertEqual(s["packets"], PACKETS)
        self.assertEqual(truth["incidents"][0]["distinct_sources"], PACKETS)
        # Bounded: far fewer slots than sources, so tables evicted; RSS stays within the preallocated tables
        # plus a fixed allowance for code, libraries and the reader's buffers.
        self.assertGreater(s["host_evictions"], PACKETS // 2)
        self.assertGreater(s["flow_evictions"], PACKETS // 2)
        cap = s["memory_bytes"] + 96 * 1024 * 1024
        self.assertLess(s["max_rss_bytes"], cap, "RSS %d above cap %d" % (s["max_rss_bytes"], cap))
        victim = s["top_hosts"][0]
        self.assertEqual(victim["ip"], VICTIM)
        self.assertEqual(victim["in"]["packets"], PACKETS)
        self.assertEqual(victim["in"]["syn"], PACKETS)
        self.assertLess(abs(victim["distinct_peers_in"] - PACKETS), 0.05 * PACKETS)


if __name__ == "__main__":
    harness.main()
