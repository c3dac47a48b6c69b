#!/usr/bin/env bash
# The main job on embedded defaults: install, build, generate a labelled capture, run the sensor over it.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target vigil-sensor vigil-pcapgen vigil-rules

work=$(mktemp -d /tmp/vigil-quickstart.XXXXXX)
trap 'rm -rf "$work"' EXIT

echo "== generating a labelled capture with incidents ($work/demo.pcap)"
build/bin/vigil-pcapgen --packets 2000000 --seed 7 \
  --incident scan-horizontal --incident syn-flood:spoofed=true --incident amplification-dns \
  --incident bruteforce-ssh --incident spam --incident backscatter --output "$work/demo.pcap"
python3 - "$work/demo.truth.json" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
print("   %d packets; incidents:" % t["capture"]["packets"])
for i in t["incidents"]:
    print("   - %-22s attackers=%s victims=%s" % (i["kind"], ",".join(i.get("attackers", [])[:3]) or "-",
                                                 ",".join(i.get("victims", [])[:3]) or "-"))
PY

echo "== vigil-sensor --read $work/demo.pcap --events $work/events.jsonl --stats (built-in rules/default.yaml)"
build/bin/vigil-sensor --read "$work/demo.pcap" --events "$work/events.jsonl" --sensor-id demo --stats \
  2> "$work/stats.txt"
python3 - "$work/events.jsonl" "$work/stats.txt" <<'PY'
import json, sys
events = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
stats = json.loads(open(sys.argv[2]).read().strip().splitlines()[-1])
print("   %d packets in %.2f s (%.2f Mpps), %d events:" % (stats["packets"], stats["seconds"], stats["pps"] / 1e6,
                                                          len(events)))
for e in events:
    print("   %-10s %-8s %-22s %-16s -> %-16s %s" % (e["event_id"], e["status"], e["classification.identifier"],
                                                   e.get("source.ip", "(spoofed)"), e.get("destination.ip", "-"),
                                                   e["classification.taxonomy"] + "/" + e["classification.type"]))
print("   first event in full:")
print(json.dumps(events[0], indent=2) if events else "   (none)")
PY
