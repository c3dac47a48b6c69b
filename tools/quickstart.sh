#!/usr/bin/env bash
# The main job on embedded defaults: install, build, generate a labelled capture, run the sensor over it.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target vigil-sensor vigil-pcapgen

work=$(mktemp -d /tmp/vigil-quickstart.XXXXXX)
trap 'rm -rf "$work"' EXIT

echo "== generating a labelled capture with incidents ($work/demo.pcap)"
build/bin/vigil-pcapgen --packets 2000000 --seed 7 \
  --incident scan-horizontal --incident syn-flood:spoofed=true --incident amplification-dns \
  --incident bruteforce-ssh --output "$work/demo.pcap"
python3 - "$work/demo.truth.json" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
print("   %d packets; incidents:" % t["capture"]["packets"])
for i in t["incidents"]:
    print("   - %-22s attackers=%s victims=%s" % (i["kind"], ",".join(i.get("attackers", [])[:3]) or "-",
                                                 ",".join(i.get("victims", [])[:3]) or "-"))
PY

echo "== vigil-sensor --read $work/demo.pcap --stats --top 5"
build/bin/vigil-sensor --read "$work/demo.pcap" --stats --top 5 2> "$work/stats.json"
python3 -m json.tool "$work/stats.json"
