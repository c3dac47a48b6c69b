#!/usr/bin/env python3
"""tools/bench/replay.py: the highest packet rate each live capture backend takes without losing a packet.

A veth pair in a network namespace of its own; tcpreplay sends a generated IMIX capture into one end and
vigil-sensor captures the other. For each source (live:, afpacket: with 1 and 2 workers, DPDK's
net_af_packet) a bisection over tcpreplay's --pps finds the highest rate at which the sensor counts every
packet with no kernel drop; tcpreplay's own ceiling (--topspeed into the veth, nobody capturing) is measured
in the same run. Then DPDK's net_pcap vdev against the file reader on one larger capture: the cost of the
DPDK path (mbuf copy, rx_burst) beside the buffered file reader. Prints markdown tables. Needs root.

  sudo tools/bench/replay.py                     # ~3 min on a 2-vCPU VM
  sudo tools/bench/replay.py --packets 100000 --sources live,afpacket
"""
import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EAL = "--no-huge -m 512 --no-pci --no-shconf --no-telemetry -l 0"
SOURCES = {
    "live": ("live:vb", "live: (libpcap), 1 worker"),
    "afpacket": ("afpacket:vb", "afpacket:, 1 worker"),
    "afpacket2": ("afpacket:vb?fanout=2", "afpacket:, 2 workers (fanout)"),
    "dpdk-afpacket": ("dpdk:net_af_packet0?eal=" + EAL + " --vdev=net_af_packet0,iface=vb,framecnt=65536",
                      "dpdk: net_af_packet vdev, 1 worker"),
}


def die(message):
    sys.exit("replay.py: " + message)


class Namespace:
    def __init__(self):
        self.name = "vigil-bench-%d" % os.getpid()
        subprocess.run(["ip", "netns", "add", self.name], check=True)
        for cmd in (["ip", "link", "add", "va", "type", "veth", "peer", "name", "vb"],
                    ["sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1"],
                    ["ip", "link", "set", "va", "up"], ["ip", "link", "set", "vb", "up"],
                    ["ip", "link", "set", "lo", "up"]):
            self.run(cmd, check=True)

    def run(self, cmd, **kw):
        return subprocess.run(["ip", "netns", "exec", self.name] + cmd, capture_output=True, text=True, **kw)

    def popen(self, cmd, **kw):
        return subprocess.Popen(["ip", "netns", "exec", self.name] + cmd, **kw)

    def close(self):
        subprocess.run(["ip", "netns", "del", self.name], capture_output=True)


def tcpreplay_rate(output):
    """tcpreplay's achieved packets/s ("Rated: ... Bps, ... Mbps, N pps")."""
    m = re.search(r"Rated:.*?([\d.]+) pps", output)
    return float(m.group(1)) if m else 0.0


def replay(ns, pcap, pps):
    cmd = ["tcpreplay", "-i", "va"]
    # Batches keep tcpreplay's timer accurate at high rates (one wake-up per batch, not per packet).
    cmd += ["--topspeed"] if pps is None else ["--pps", str(int(pps)), "--pps-multi", str(max(1, int(pps) // 5000))]
    out = ns.run(cmd + [pcap], timeout=600)
    if out.returncode != 0:
        die("tcpreplay failed: " + out.stderr.strip())
    return tcpreplay_rate(out.stdout)


def capture_at(ns, args, uri, pcap, pps):
    """Runs the sensor on vb while tcpreplay sends at `pps` (None: top speed); returns (stats, achieved pps)."""
    with tempfile.TemporaryFile("w+") as err:
        sensor = ns.popen([os.path.join(args.bin, "vigil-sensor"), "--read", uri, "--stats", "--no-progress",
                           "--metrics", "127.0.0.1:0"], stderr=err, stdout=subprocess.DEVNULL)
        deadline = time.time() + 60
        while True:
            err.seek(0)
            text = err.read()
            if "capturing from" in text:
                url = re.search(r"metrics on (http://\S+)", text).group(1)
                break
            if sensor.poll() is not None or time.time() > deadline:
                err.seek(0)
                die("%s did not start: %s" % (uri, err.read().strip()))
            time.sleep(0.05)
        achieved = replay(ns, pcap, pps)
        settle(ns, url)
        sensor.send_signal(signal.SIGINT)
        sensor.wait(timeout=120)
        err.seek(0)
        lines = [l for l in err.read().splitlines() if l.startswith("{")]
        if not lines:
            die("%s printed no statistics" % uri)
        return json.loads(lines[-1]), achieved


def settle(ns, url, quiet_s=1.0, timeout_s=60):
    """Waits until the sensor's packet counter stops moving: what is still in the kernel ring when SIGINT
    arrives would be neither counted nor dropped."""
    script = ("import re,urllib.request;t=urllib.request.urlopen('%s').read().decode();"
              "print(sum(float(v) for v in re.findall(r'^vigil_sensor_packets_total\\{.*\\} (\\S+)$',t,re.M)))" % url)
    last, since, deadline = None, time.time(), time.time() + timeout_s
    while time.time() < deadline:
        value = ns.run(["python3", "-c", script]).stdout.strip()
        if value != last:
            last, since = value, time.time()
        elif time.time() - since >= quiet_s:
            return
        time.sleep(0.2)


def lossless(stats, packets):
    return stats["packets"] == packets and stats["dropped"]["kernel"] == 0 and stats["dropped"]["nic"] == 0


def max_lossless(ns, args, uri, pcap, packets, ceiling):
    """Bisection over the offered rate, between 10 kpps and tcpreplay's ceiling."""
    stats, top = capture_at(ns, args, uri, pcap, None)
    if lossless(stats, packets):
        return top, top, 0.0
    loss_at_top = 1.0 - stats["packets"] / packets
    lo, hi, best = 10_000.0, ceiling, 0.0
    for _ in range(args.steps):
        mid = (lo + hi) / 2
        stats, achieved = capture_at(ns, args, uri, pcap, mid)
        if lossless(stats, packets):
            best = max(best, achieved)
            lo = mid
        else:
            hi = mid
    return best, top, loss_at_top


def sensor_pps(args, read, idle_s):
    out = subprocess.run([os.path.join(args.bin, "vigil-sensor"), "--read", read, "--stats", "--no-progress"],
                         capture_output=True, text=True, timeout=1200)
    if out.returncode != 0:
        die("vigil-sensor --read %s failed: %s" % (read, out.stderr.strip()))
    stats = json.loads([l for l in out.stderr.splitlines() if l.startswith("{")][-1])
    return stats["packets"] / max(1e-9, stats["seconds"] - idle_s), stats["packets"]


def generate(args, path, packets, extra=()):
    if not os.path.exists(path):
        subprocess.run([os.path.join(args.bin, "vigil-pcapgen"), "-o", path, "-n", str(packets), "--seed", "1",
                        *extra], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=os.path.join(REPO, "build", "bin"))
    parser.add_argument("--dir", default="/tmp/vigil-bench-replay")
    parser.add_argument("--packets", type=int, default=200_000, help="packets per replay")
    parser.add_argument("--file-packets", type=int, default=2_000_000, help="packets for net_pcap vs file")
    parser.add_argument("--steps", type=int, default=6, help="bisection steps per source")
    parser.add_argument("--runs", type=int, default=3, help="runs of the net_pcap and file readers")
    parser.add_argument("--sources", default=",".join(SOURCES), help="comma-separated: " + ", ".join(SOURCES))
    args = parser.parse_args()
    if os.geteuid() != 0:
        die("needs root (network namespaces, raw capture)")
    for tool in ("tcpreplay", "ip"):
        if subprocess.run(["which", tool], capture_output=True).returncode != 0:
            die(tool + " is not installed (tools/install-deps.sh)")
    os.makedirs(args.dir, exist_ok=True)
    pcap = os.path.join(args.dir, "imix-%d.pcap" % args.packets)
    generate(args, pcap, args.packets, ("--ipv6-share", "0"))
    has_dpdk = "not available" not in subprocess.run([os.path.join(args.bin, "vigil-sensor"), "--read", "dpdk:0"],
                                                     capture_output=True, text=True).stderr
    chosen = [s for s in args.sources.split(",") if s]
    for s in chosen:
        if s not in SOURCES:
            die("unknown source '%s' (expected %s)" % (s, ", ".join(SOURCES)))

    ns = Namespace()
    try:
        ceiling = max(replay(ns, pcap, None) for _ in range(3))
        rows = [("tcpreplay --topspeed, nobody capturing", ceiling, ceiling, None)]
        for key in chosen:
            if key.startswith("dpdk") and not has_dpdk:
                continue
            uri, label = SOURCES[key]
            best, top, loss = max_lossless(ns, args, uri, pcap, args.packets, ceiling)
            rows.append((label, best, top, loss))
            print("  %s: %.0f pps lossless" % (label, best), file=sys.stderr)
    finally:
        ns.close()

    print("\n%d-packet IMIX capture replayed over a veth pair (kpps)\n" % args.packets)
    print("| capture | max lossless rate | offered at top speed | lost at top speed |")
    print("|---|---:|---:|---:|")
    for label, best, top, loss in rows:
        lost = "-" if loss is None else "%.1f %%" % (100 * loss)
        print("| %s | %.0f | %.0f | %s |" % (label, best / 1000, top / 1000, lost))

    if has_dpdk:
        big = os.path.join(args.dir, "imix-%d.pcap" % args.file_packets)
        generate(args, big, args.file_packets)
        idle_s = 0.1
        uri = "dpdk:net_pcap0?time=device&idle_exit=100&eal=%s --vdev=net_pcap0,rx_pcap=%s" % (EAL, big)
        file_runs, dpdk_runs = [], []
        for _ in range(args.runs):
            file_runs.append(sensor_pps(args, big, 0)[0])
            dpdk_runs.append(sensor_pps(args, uri, idle_s)[0])
        print("\n%d-packet IMIX capture, vigil-sensor end to end (Mpps, best / median of %d)\n" %
              (args.file_packets, args.runs))
        print("| reader | best | median |")
        print("|---|---:|---:|")
        print("| --read FILE (buffered) | %.2f | %.2f |" % (max(file_runs) / 1e6, statistics.median(file_runs) / 1e6))
        print("| dpdk: net_pcap vdev (time=device) | %.2f | %.2f |" %
              (max(dpdk_runs) / 1e6, statistics.median(dpdk_runs) / 1e6))
        print("\nnet_pcap / file: %.2fx" % (max(dpdk_runs) / max(file_runs)))


if __name__ == "__main__":
    main()
