#!/usr/bin/env bash
# The main job on embedded defaults: install, build, generate a labelled capture, run the sensor over it and
# deliver its events to a collector (CURVE keys, SQLite, the demo constituency of two ISPs with their own PGP
# keys, a local SMTP server), wait until the ISPs are notified, list incidents and notifications, and show one
# notification as the ISP's abuse desk reads it (decrypted with its key). Leaves nothing running.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target vigil-sensor vigil-pcapgen vigil-rules vigil-collector vigil-keygen

work=$(mktemp -d /tmp/vigil-quickstart.XXXXXX)
collector_pid=
smtp_pid=
cleanup() {
  for pid in $collector_pid $smtp_pid; do
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  for home in "$work"/gnupg-*; do
    if [ -d "$home" ]; then gpgconf --homedir "$home" --kill gpg-agent 2>/dev/null || true; fi
  done
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

echo "== PGP keys (gpg): the CERT signs every mail; ISP A and ISP B get mail encrypted to their own key"
gpg_home() {  # NAME "USER ID": a keyring with one key without passphrase; prints its fingerprint
  local home="$work/gnupg-$1"
  mkdir -m 700 "$home"
  gpg --homedir "$home" --batch --pinentry-mode loopback --passphrase '' --quick-gen-key "$2" future-default \
    default never 2>/dev/null
  gpg --homedir "$home" --with-colons --list-keys 2>/dev/null | awk -F: '/^fpr:/ {print $10; exit}'
}
cert_fpr=$(gpg_home cert "CERT-XX <cert@cert.example>")
gpg_home isp-a "Example ISP A abuse <abuse@isp-a.example>" >/dev/null
gpg_home isp-b "Example ISP B abuse <abuse@isp-b.example>" >/dev/null
gpg --homedir "$work/gnupg-isp-a" --export --armor abuse@isp-a.example > "$work/isp-a.asc"
gpg --homedir "$work/gnupg-isp-b" --export --armor abuse@isp-b.example > "$work/isp-b.asc"
gpg --homedir "$work/gnupg-cert" --export --armor "$cert_fpr" > "$work/cert.asc"
gpg --homedir "$work/gnupg-isp-a" --batch --import "$work/cert.asc" 2>/dev/null
echo "   CERT-XX signing key $cert_fpr; ISP A and ISP B public keys in $work/isp-a.asc, isp-b.asc"

echo "== local SMTP server (tests/support/smtp_sink.py, aiosmtpd) keeping every mail in $work/mail"
/usr/bin/python3 tests/support/smtp_sink.py --maildir "$work/mail" --port-file "$work/smtp.port" &
smtp_pid=$!
for _ in $(seq 100); do
  [ -s "$work/smtp.port" ] && break
  sleep 0.1
done
smtp_port=$(cat "$work/smtp.port")
echo "   listening on 127.0.0.1:$smtp_port"

echo "== collector: CURVE keys (vigil-keygen), SQLite, deploy/constituency.yaml with the ISPs' keys"
mkdir -p "$work/sensors"
build/bin/vigil-keygen --dir "$work" collector >/dev/null
build/bin/vigil-keygen --dir "$work/sensors" demo >/dev/null
# Each demo desk gets its key, and encryption required: no usable key, no mail in the clear.
sed -e 's|^\(      - email: abuse@isp-a.example\)$|\1\n        pgp_key: isp-a.asc|' \
  -e 's|^\(      - email: abuse@isp-b.example\)$|\1\n        pgp_key: isp-b.asc\n        encryption: required|' \
  -e 's|encryption: preferred |encryption: required  |' deploy/constituency.yaml > "$work/constituency.yaml"
cat > "$work/collector.yaml" <<YAML
listen: tcp://127.0.0.1:0
secret_key: collector.key
sensors_dir: sensors
database: sqlite:collector.db
constituency: constituency.yaml
notifications:
  reporter: {name: CERT-XX, email: cert@cert.example, domain: cert.example}
  settle: 3s          # a demo: the capture's findings all arrive within a second or two
  pgp: {home: gnupg-cert, signing_key: $cert_fpr}
  smtp: {url: "smtp://127.0.0.1:$smtp_port", tls: none}
  feeds:
    jsonl: {path: incidents.jsonl}
YAML
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

echo "== waiting until every incident is notified and every notification delivered (settle: 3s)"
waiting=unknown
for _ in $(seq 150); do
  waiting=$( (build/bin/vigil-collector --config "$work/collector.yaml" incidents --json
    echo "--"
    build/bin/vigil-collector --config "$work/collector.yaml" notifications --json) | python3 -c '
import json, sys
incidents, notes = sys.stdin.read().split("--\n")
untold = [i for i in map(json.loads, filter(None, incidents.splitlines()))
          if i["status"] == "new" and not i["inhibited"] and i["tlp"] != "TLP:RED"]
pending = [d for n in map(json.loads, filter(None, notes.splitlines())) for d in n["deliveries"]
           if d["status"] == "pending"]
print(len(untold) + len(pending) if incidents.strip() else "unknown")')
  [ "$waiting" = 0 ] && break
  sleep 0.2
done
[ "$waiting" = 0 ] || { echo "notifications still waiting:"; sed 's/^/   /' "$work/collector.log"; exit 1; }

echo "== incidents at the collector (vigil-collector incidents), each attributed to its organisation"
build/bin/vigil-collector --config "$work/collector.yaml" incidents | sed 's/^/   /'
build/bin/vigil-collector --config "$work/collector.yaml" sensors | sed 's/^/   /'

echo "== notifications (vigil-collector notifications): one digest per contact and interval, with its ticket"
build/bin/vigil-collector --config "$work/collector.yaml" notifications | sed 's/^/   /'
echo "   $(find "$work/mail/new" -name '*.eml' | wc -l) mails in $work/mail/new;" \
  "$(wc -l < "$work/incidents.jsonl") records in the incident-system feed (incidents.jsonl)"

echo "== one notification to ISP A as its abuse desk reads it (decrypted with the ISP A key)"
mail=$(grep -l '^X-RcptTo: abuse@isp-a.example' "$work"/mail/new/*.eml | head -1 || true)
[ -n "$mail" ] || { echo "no mail reached ISP A"; exit 1; }
grep -E '^(From|To|Subject|Date|Auto-Submitted|X-ARF|Content-Type):' "$mail" | sed 's/^/   /'
python3 - "$mail" > "$work/sealed.asc" <<'PY'
import email, sys
print(email.message_from_binary_file(open(sys.argv[1], "rb")).get_payload()[1].get_payload())
PY
gpg --homedir "$work/gnupg-isp-a" --batch --status-fd 3 --decrypt "$work/sealed.asc" \
  3> "$work/gpg.status" 2>/dev/null > "$work/decrypted.eml"
if grep -q GOODSIG "$work/gpg.status"; then
  echo "   decrypted; good signature by $(awk '/GOODSIG/ {$1=$2=$3=""; print substr($0, 4)}' "$work/gpg.status")"
else
  echo "   the CERT's signature did not verify"
  exit 1
fi
python3 - "$work/decrypted.eml" <<'PY'
import email, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"))
for part in m.walk():
    if part.get_content_maintype() == "multipart":
        continue
    print("   --- %s" % (part.get_filename() or "message text"))
    for line in part.get_payload(decode=True).decode("utf-8", "replace").splitlines():
        print("   " + line)
PY
