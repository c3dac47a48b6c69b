#!/usr/bin/env bash
# The main job on embedded defaults: install, build, generate a labelled capture, run the sensor over it and
# deliver its events to a collector (CURVE keys, SQLite, demo constituency), then list the incidents.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target vigil-sensor vigil-pcapgen vigil-rules vigil-collector vigil-keygen

work=$(mktemp -d /tmp/vigil-quickstart.XXXXXX)
collector_pid=
cleanup() {
  if [ -n "$collector_pid" ]; then
    kill -TERM "$collector_pid" 2>/dev/null || true
    wait "$collector_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== generating a labelled capture with incidents ($work/demo.pcap)"
build/bin/vigil-pcapgen --packets 500000 --seed 7 \
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

echo "== collector: CURVE keys (vigil-keygen), SQLite, the demo constituency deploy/constituency.yaml"
mkdir -p "$work/sensors"
build/bin/vigil-keygen --dir "$work" collector >/dev/null
build/bin/vigil-keygen --dir "$work/sensors" demo >/dev/null
cp deploy/constituency.yaml "$work/constituency.yaml"
printf '%s\n' "listen: tcp://127.0.0.1:0" "secret_key: collector.key" "sensors_dir: sensors" \
  "database: sqlite:collector.db" "constituency: constituency.yaml" > "$work/collector.yaml"
build/bin/vigil-collector --config "$work/collector.yaml" 2> "$work/collector.log" &
collector_pid=$!
endpoint=
for _ in $(seq 100); do
  endpoint=$(grep -o 'listening on tcp://[0-9.:]*' "$work/collector.log" | cut -d' ' -f3 || true)
  [ -n "$endpoint" ] && break
  sleep 0.1
done
[ -n "$endpoint" ] || { cat "$work/collector.log"; exit 1; }
sed 's/^/   /' "$work/collector.log"

echo "== vigil-sensor --read demo.pcap --publish $endpoint --events events.jsonl --stats (built-in rules)"
build/bin/vigil-sensor --read "$work/demo.pcap" --events "$work/events.jsonl" --sensor-id demo --stats \
  --publish "$endpoint" --secret-key "$work/sensors/demo.key" --server-key "$work/collector.pub" \
  --spool "$work/spool" 2> "$work/stats.txt"
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

echo "== incidents at the collector (vigil-collector incidents), each attributed to its organisation"
sleep 1  # the collector folds stored events into incidents every 200 ms
build/bin/vigil-collector --config "$work/collector.yaml" incidents | sed 's/^/   /'
build/bin/vigil-collector --config "$work/collector.yaml" sensors | sed 's/^/   /'
