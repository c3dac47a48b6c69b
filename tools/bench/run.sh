#!/usr/bin/env bash
# tools/bench/run.sh: throughput of vigil-sensor against peers on the same generated captures, in page cache.
#
# One invocation generates (or reuses) an IMIX and a 64-byte capture with vigil-pcapgen, warms the page
# cache, runs vigil-sensor, a bare libpcap read loop, tcpdump, nfpcapd, softflowd and argus RUNS times
# each (round-robin, waiting for idle CPUs before every run), then prints a markdown table and the
# vigil-sensor target check. See tools/bench/README.md for what each row measures.
#
# Knobs (environment):
#   PACKETS=10000000     packets per capture (IMIX_PACKETS / MIN64_PACKETS override one each)
#   RUNS=3               runs per tool and capture; the table shows best and median
#   BENCH_DIR=/tmp/vigil-bench   captures, logs, results.tsv (never inside the repo)
#   BUILD_DIR=<repo>/build       where bin/vigil-sensor, bin/vigil-pcapgen, bin/vigil-bench-read-loop are
#   TOOLS="cat vigil vigil_engine read_loop tcpdump nfpcapd softflowd argus"   rows to run, in this order
#   SEED=1  REGEN=0 (1: regenerate the captures even when present)  SMALL_FRAME=64 (bytes per frame, 60-1514)
#   GEN_ARGS=""          extra vigil-pcapgen arguments for both captures (e.g. "--pps 5M")
#   SKIP_INSTALL=0 (1: do not apt-get the peers)   SKIP_BUILD=0 (1: never build missing binaries)
#   WAIT_IDLE=1  IDLE_PCT=90  IDLE_MAX_WAIT=20     bounded wait for idle CPUs before each run
#   VIGIL_ARGS=""        extra vigil-sensor arguments      COLLECTOR_PORT=39995 (softflowd -> nfcapd)
#   TABLE_ONLY=1         reprint the table from BENCH_DIR/results.tsv without running anything
#   CALLGRIND=1          instead of the throughput table: instructions per packet of vigil-sensor and the
#                        read loop under valgrind --tool=callgrind (CALLGRIND_PACKETS=1000000)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
BUILD_DIR=${BUILD_DIR:-$REPO/build}
BENCH_DIR=${BENCH_DIR:-/tmp/vigil-bench}
PACKETS=${PACKETS:-10000000}
IMIX_PACKETS=${IMIX_PACKETS:-$PACKETS}
MIN64_PACKETS=${MIN64_PACKETS:-$PACKETS}
RUNS=${RUNS:-3}
SEED=${SEED:-1}
TOOLS=${TOOLS:-cat vigil vigil_engine read_loop tcpdump nfpcapd softflowd argus}
PORT=${COLLECTOR_PORT:-39995}
BIN=$BUILD_DIR/bin
LOGS=$BENCH_DIR/logs
OUT=$BENCH_DIR/out
RES=$BENCH_DIR/results.tsv
META=$BENCH_DIR/meta.json

die() { echo "run.sh: $*" >&2; exit 1; }
note() { echo "== $*" >&2; }

case "$BENCH_DIR" in "$REPO" | "$REPO"/*) die "BENCH_DIR=$BENCH_DIR is inside the repository; use a path outside it" ;; esac
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, got '$RUNS'"
for n in "$IMIX_PACKETS" "$MIN64_PACKETS"; do [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "packet counts must be positive integers, got '$n'"; done

if [ "${TABLE_ONLY:-0}" = 1 ]; then
  if [ ! -s "$RES" ] || [ ! -s "$META" ]; then die "no results in $BENCH_DIR (run without TABLE_ONLY first)"; fi
  exec python3 "$HERE/report.py" "$META" "$RES"
fi

mkdir -p "$LOGS" "$OUT"

# ---------------------------------------------------------------------------------------------- setup
install_peers() {
  [ "${SKIP_INSTALL:-0}" = 1 ] && return 0
  local want=(nfdump softflowd argus-server argus-client tcpdump time python3 procps) missing=() p
  for p in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || die "need root to install ${missing[*]} (or SKIP_INSTALL=1)"
  note "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=600 "${missing[@]}"; } \
    > "$LOGS/apt.log" 2>&1 || die "apt-get failed, see $LOGS/apt.log"
}

build_missing() {
  local targets=() t
  for t in vigil-sensor vigil-pcapgen vigil-bench-read-loop; do [ -x "$BIN/$t" ] || targets+=("$t"); done
  [ ${#targets[@]} -eq 0 ] && return 0
  [ "${SKIP_BUILD:-0}" = 1 ] && die "missing in $BIN: ${targets[*]} (SKIP_BUILD=1)"
  note "building ${targets[*]} in $BUILD_DIR (release)"
  if [ ! -f "$BUILD_DIR/CMakeCache.txt" ]; then
    cmake -S "$REPO" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo > "$LOGS/cmake.log" 2>&1 ||
      die "cmake configure failed, see $LOGS/cmake.log"
  fi
  nice -n 10 cmake --build "$BUILD_DIR" -j "$(nproc)" --target "${targets[@]}" > "$LOGS/build.log" 2>&1 ||
    die "build failed, see $LOGS/build.log"
}

# gen PROFILE PACKETS OUTFILE: a deterministic capture, reused while it is newer than the generator.
# imix = vigil-pcapgen's natural benign mix; 64b = every frame SMALL_FRAME bytes (as stored in the pcap).
gen() {
  local profile=$1 n=$2 file=$3 args
  args=(--packets "$n" --seed "$SEED")
  [ "$profile" = 64b ] && args+=(--frame-size "${SMALL_FRAME:-64}")
  # shellcheck disable=SC2206
  args+=(${GEN_ARGS:-})
  # The arguments are kept beside the file, so a change of knobs regenerates it.
  if [ "${REGEN:-0}" != 1 ] && [ -s "$file" ] && [ "$file" -nt "$BIN/vigil-pcapgen" ] &&
    [ "$(cat "$file.args" 2> /dev/null)" = "${args[*]}" ]; then
    note "reusing $file"
    return 0
  fi
  note "generating $file (vigil-pcapgen ${args[*]})"
  rm -f "$file" "$file.args" "${file%.pcap}.truth.json"
  nice -n 10 "$BIN/vigil-pcapgen" "${args[@]}" --output "$file" > "$LOGS/pcapgen.$profile.log" 2>&1 ||
    { rm -f "$file"; die "vigil-pcapgen failed, see $LOGS/pcapgen.$profile.log"; }
  echo "${args[*]}" > "$file.args"
}

# The sensor may grow a required --rules; pass the shipped default when it asks for one.
vigil_args() {
  local args=(--stats --no-progress)
  if "$BIN/vigil-sensor" --help 2>&1 | grep -q -- "--rules" && [ -f "$REPO/rules/default.yaml" ]; then
    args+=(--rules "$REPO/rules/default.yaml")
  fi
  # shellcheck disable=SC2206
  args+=(${VIGIL_ARGS:-})
  printf '%s\n' "${args[@]}"
}

# -------------------------------------------------------------------------------------- measurement
# Percent of CPU time idle (all CPUs) over 0.5 s, from /proc/stat.
idle_pct() {
  local a b tot=0 i
  read -ra a < /proc/stat; sleep 0.5; read -ra b < /proc/stat
  for i in 1 2 3 4 5 6 7 8; do tot=$((tot + b[i] - a[i])); done
  echo $((tot > 0 ? 100 * (b[4] - a[4] + b[5] - a[5]) / tot : 100))
}

# Waits (at most IDLE_MAX_WAIT s) until the CPUs are IDLE_PCT % idle; prints the last idle percentage.
wait_idle() {
  if [ "${WAIT_IDLE:-1}" != 1 ]; then echo -1; return 0; fi
  local start=$SECONDS p
  while :; do
    p=$(idle_pct)
    if [ "$p" -ge "${IDLE_PCT:-90}" ]; then echo "$p"; return 0; fi
    if [ $((SECONDS - start)) -ge "${IDLE_MAX_WAIT:-20}" ]; then
      echo "   (CPUs only $p% idle after ${IDLE_MAX_WAIT:-20}s, measuring anyway)" >&2
      echo "$p"
      return 0
    fi
  done
}

# The packet count a tool reports about itself (for the sanity check), or empty.
reported_packets() {
  local tool=$1 log=$2
  case $tool in
    vigil | vigil_engine) tail -n 1 "$log.err" | python3 -c 'import sys,json; print(json.load(sys.stdin)["packets"])' 2>/dev/null || true ;;
    read_loop) python3 -c 'import sys,json; print(json.load(open(sys.argv[1]))["packets"])' "$log.out" 2>/dev/null || true ;;
    *) true ;;
  esac
}

# Percent of FILE in the page cache (fincore, util-linux), or -1 when that cannot be told.
cached_pct() {
  local size res
  size=$(stat -c %s "$1")
  res=$(fincore --bytes --noheadings --output RES "$1" 2> /dev/null) || { echo -1; return 0; }
  res=${res//[[:space:]]/}
  if ! [[ "$res" =~ ^[0-9]+$ ]] || [ "$size" -eq 0 ]; then echo -1; return 0; fi
  # RES counts whole pages, so a fully cached file may show a little more than its size.
  echo $((res >= size ? 100 : 100 * res / size))
}

# run_tool TOOL PROFILE FILE LOG: runs one tool once on FILE, stdout/stderr into LOG.out/.err.
run_tool() {
  local tool=$1 profile=$2 file=$3 log=$4
  local tv=(/usr/bin/time -v -o "$log.time")
  case $tool in
    cat) "${tv[@]}" cat "$file" > /dev/null 2> "$log.err" ;;
    vigil) "${tv[@]}" "$BIN/vigil-sensor" --read "$file" "${VIGIL_CMD_ARGS[@]}" > "$log.out" 2> "$log.err" ;;
    vigil_engine)
      "${tv[@]}" "$BIN/vigil-sensor" --read "$file" "${VIGIL_ENGINE_ARGS[@]}" > "$log.out" 2> "$log.err" ;;
    read_loop) "${tv[@]}" "$BIN/vigil-bench-read-loop" "$file" > "$log.out" 2> "$log.err" ;;
    tcpdump) "${tv[@]}" tcpdump -r "$file" -w /dev/null > "$log.out" 2> "$log.err" ;;
    nfpcapd)
      rm -rf "$OUT/nfpcapd.$profile"; mkdir -p "$OUT/nfpcapd.$profile"
      "${tv[@]}" nfpcapd -r "$file" -w "$OUT/nfpcapd.$profile" > "$log.out" 2> "$log.err" ;;
    softflowd)
      rm -f "$OUT/softflowd.pid" "$OUT/softflowd.ctl"
      "${tv[@]}" softflowd -d -6 -v 9 -m 4000000 -n "127.0.0.1:$PORT" -p "$OUT/softflowd.pid" -c "$OUT/softflowd.ctl" \
        -r "$file" > "$log.out" 2> "$log.err" ;;
    argus)
      rm -f "$OUT/argus.$profile.out"
      "${tv[@]}" argus -r "$file" -w "$OUT/argus.$profile.out" > "$log.out" 2> "$log.err" ;;
    *) die "unknown tool '$tool'" ;;
  esac
}

# measure TOOL PROFILE FILE PACKETS RUN: one timed run, appended to results.tsv.
measure() {
  local tool=$1 profile=$2 file=$3 pkts=$4 r=$5
  local log=$LOGS/$tool.$profile.run$r idle rc=0 t0 t1 wall user sys rss rep cached
  # Every tool must read a capture that is all in page cache. Some VMs hand cached pages back to the host
  # within minutes, even with most memory free, so one warm-up per capture is not enough: a capture that
  # is partly on disk again is read once more before the run (and the run records how much was left).
  cached=$(cached_pct "$file")
  [ "$cached" -eq 100 ] || cat "$file" > /dev/null
  idle=$(wait_idle)
  t0=$(date +%s%N)
  run_tool "$tool" "$profile" "$file" "$log" || rc=$?
  t1=$(date +%s%N)
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.4f", (b-a)/1e9}')
  user=$(awk -F': ' '/User time/{print $2}' "$log.time")
  sys=$(awk -F': ' '/System time/{print $2}' "$log.time")
  rss=$(awk -F': ' '/Maximum resident set size/{print $2}' "$log.time")
  rep=$(reported_packets "$tool" "$log")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$profile" "$r" "$wall" "${user:-0}" \
    "${sys:-0}" "${rss:-0}" "$rc" "$pkts" "$idle" "$rep" "$cached" >> "$RES"
  awk -v l="$tool" -v t="$profile" -v r="$r" -v w="$wall" -v u="${user:-0}" -v s="${sys:-0}" -v m="${rss:-0}" \
    -v rc="$rc" -v p="$pkts" -v i="$idle" \
    -v c="$cached" \
    'BEGIN{printf "  %-10s %-5s run%s wall=%7.3fs cpu=%7.2fs rss=%7.1fMB rc=%s %7.3f Mpps (idle before: %s%%%s)\n",
           l, t, r, w, u+s, m/1024, rc, (w>0?p/w/1e6:0), i, (c==100?"":", capture re-read: " c "% was cached")}' >&2
}

COLLECTOR_PID=
start_collector() {
  rm -rf "$OUT/nfcapd"; mkdir -p "$OUT/nfcapd"
  nfcapd -w "$OUT/nfcapd" -b 127.0.0.1 -p "$PORT" -B 8000000 > "$LOGS/nfcapd.log" 2>&1 &
  COLLECTOR_PID=$!
  sleep 1
  kill -0 "$COLLECTOR_PID" 2>/dev/null || die "nfcapd collector did not start, see $LOGS/nfcapd.log"
}
stop_collector() {
  if [ -n "$COLLECTOR_PID" ]; then
    kill "$COLLECTOR_PID" 2>/dev/null || true
    wait "$COLLECTOR_PID" 2>/dev/null || true
    COLLECTOR_PID=
  fi
}
trap stop_collector EXIT

# ------------------------------------------------------------------------------------------ callgrind
# Instructions per packet: Ir of a run on N packets minus that of a run on N/10, divided by 0.9 N, so
# start-up (table allocation, thread start) cancels out and what remains is the per-packet cost. Also
# given for the thread whose Ir grew the most (the worker), with its top functions.
callgrind_mode() {
  command -v valgrind > /dev/null || die "valgrind is not installed (apt-get install valgrind)"
  local n=${CALLGRIND_PACKETS:-1000000} small profile tool f
  small=$((n / 10))
  [ "$small" -ge 1 ] || die "CALLGRIND_PACKETS too small"
  echo "## Instructions per packet (valgrind --tool=callgrind; (Ir(N) - Ir(N/10)) / (0.9 N), N=$n)"
  echo
  echo "| tool | profile | Ir N | Ir N/10 | instructions / packet | of which the busiest thread |"
  echo "|---|---|---|---|---|---|"
  for profile in imix 64b; do
    gen "$profile" "$n" "$BENCH_DIR/cg-$profile-$n-s$SEED.pcap"
    gen "$profile" "$small" "$BENCH_DIR/cg-$profile-$small-s$SEED.pcap"
    for tool in vigil read_loop; do
      for f in "$n" "$small"; do
        local cg=$OUT/callgrind.$tool.$profile.n$f.out input=$BENCH_DIR/cg-$profile-$f-s$SEED.pcap cmd
        rm -f "$cg" "$cg"-*
        cmd=("$BIN/vigil-bench-read-loop" "$input")
        [ "$tool" = vigil ] && cmd=("$BIN/vigil-sensor" --read "$input" "${VIGIL_CMD_ARGS[@]}")
        nice -n 10 valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file="$cg" "${cmd[@]}" \
          > "$LOGS/callgrind.$tool.$profile.$f.out" 2> "$LOGS/callgrind.$tool.$profile.$f.err" ||
          die "callgrind run failed, see $LOGS/callgrind.$tool.$profile.$f.err"
      done
      # One file per thread (suffix -NN), each with a "totals: Ir" line.
      local hot_file=$OUT/callgrind.$tool.$profile.hot hot
      python3 - "$OUT/callgrind.$tool.$profile.n$n.out" "$OUT/callgrind.$tool.$profile.n$small.out" "$n" "$small" \
        "$tool" "$profile" "$hot_file" <<'PY'
import glob, sys
big, small, n, s, tool, profile, hot_file = sys.argv[1:]
n, s = int(n), int(s)
def per_thread(base):
    ir = {}
    for path in glob.glob(base + "-*"):
        for line in open(path):
            if line.startswith("totals:"):
                ir[path.rsplit("-", 1)[1]] = int(line.split()[1])
    return ir
a, b = per_thread(big), per_thread(small)
delta = {t: a[t] - b.get(t, 0) for t in a}
hot = max(delta, key=delta.get) if delta else ""
ta, tb = sum(a.values()), sum(b.values())
print("| %s | %s | %d | %d | %.1f | %.1f (thread %s) |" % (tool, profile, ta, tb, (ta - tb) / (n - s),
      delta.get(hot, 0) / (n - s), hot))
open(hot_file, "w").write(hot)
PY
      hot=$(cat "$hot_file")
      if [ "$tool" = vigil ] && [ -n "$hot" ] && command -v callgrind_annotate > /dev/null; then
        callgrind_annotate "$OUT/callgrind.vigil.$profile.n$n.out-$hot" 2> /dev/null | head -n 60 \
          > "$BENCH_DIR/callgrind-vigil-$profile.txt" || true
      fi
    done
  done
  echo
  echo "Top functions of vigil-sensor's busiest thread: $BENCH_DIR/callgrind-vigil-imix.txt," \
    "$BENCH_DIR/callgrind-vigil-64b.txt; raw profiles: $OUT/callgrind.* (callgrind_annotate, kcachegrind)"
}

# ------------------------------------------------------------------------------------------------ main
install_peers
build_missing
mapfile -t VIGIL_CMD_ARGS < <(vigil_args)
# The engine alone: the same arguments with a rules file that has no rules (detection's cost is the difference).
printf 'rules: []\n' > "$BENCH_DIR/no-rules.yaml"
VIGIL_ENGINE_ARGS=()
for ((i = 0; i < ${#VIGIL_CMD_ARGS[@]}; i++)); do
  if [ "${VIGIL_CMD_ARGS[i]}" = --rules ]; then i=$((i + 1)); else VIGIL_ENGINE_ARGS+=("${VIGIL_CMD_ARGS[i]}"); fi
done
VIGIL_ENGINE_ARGS+=(--rules "$BENCH_DIR/no-rules.yaml")

if [ "${CALLGRIND:-0}" = 1 ]; then
  callgrind_mode
  exit 0
fi

IMIX=$BENCH_DIR/imix-$IMIX_PACKETS-s$SEED.pcap
MIN64=$BENCH_DIR/64b-$MIN64_PACKETS-s$SEED.pcap
gen imix "$IMIX_PACKETS" "$IMIX"
gen 64b "$MIN64_PACKETS" "$MIN64"

avail_kb=$(awk '/MemAvailable/{print $2}' /proc/meminfo)
need_kb=$((($(stat -c %s "$IMIX") + $(stat -c %s "$MIN64")) / 1024))
[ "$need_kb" -lt "$avail_kb" ] ||
  echo "   (warning: captures ($((need_kb / 1024)) MB) exceed available memory; runs will read from disk)" >&2

# The packet count every row is divided by is the one libpcap reads (the bare loop's count).
declare -A NPKTS
for profile in imix 64b; do
  file=$IMIX; [ "$profile" = 64b ] && file=$MIN64
  cat "$file" > /dev/null  # warm the page cache
  NPKTS[$profile]=$("$BIN/vigil-bench-read-loop" "$file" | python3 -c 'import sys,json; print(json.load(sys.stdin)["packets"])')
  note "$profile: $file, $(stat -c %s "$file") bytes, ${NPKTS[$profile]} packets"
done

# Tools that are not installed are left out (and named in the table's footer).
selected=() skipped=()
for tool in $TOOLS; do
  case $tool in
    cat | vigil | vigil_engine | read_loop) selected+=("$tool") ;;
    tcpdump | nfpcapd | argus) if command -v "$tool" > /dev/null; then selected+=("$tool"); else skipped+=("$tool"); fi ;;
    softflowd) if command -v softflowd > /dev/null && command -v nfcapd > /dev/null; then selected+=("$tool"); else skipped+=("$tool"); fi ;;
    *) die "unknown tool '$tool' in TOOLS" ;;
  esac
done

python3 - "$META" "$IMIX" "$MIN64" "${NPKTS[imix]}" "${NPKTS[64b]}" "$RUNS" "${skipped[*]:-}" "${VIGIL_CMD_ARGS[*]}" <<'EOF'
import json, os, platform, subprocess, sys
meta_path, imix, min64, n_imix, n_64, runs, skipped, vigil_args = sys.argv[1:]
def sh(cmd):
    try: return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
    except Exception: return ""
def version(pkg):
    v = sh("dpkg-query -W -f='${Version}' %s 2>/dev/null" % pkg)
    return v.split(":")[-1].split("-")[0] or "?"
cpu = sh("lscpu | awk -F': *' '/Model name/{print $2; exit}'") or platform.processor()
cores = sh("lscpu | awk -F': *' '/^Core\\(s\\) per socket/{c=$2} /^Socket\\(s\\)/{s=$2} END{print c*s}'")
mem_gib = int(open("/proc/meminfo").read().split()[1]) / 1048576
os_name = sh(". /etc/os-release; echo $PRETTY_NAME")
meta = {
    "machine": "%s, %s vCPU (%s cores), %.0f GiB RAM, %s, kernel %s" % (cpu, os.cpu_count(), cores or "?", mem_gib, os_name, platform.release()),
    "files": {"imix": {"path": imix, "bytes": os.path.getsize(imix), "packets": int(n_imix)},
              "64b": {"path": min64, "bytes": os.path.getsize(min64), "packets": int(n_64)}},
    "runs": int(runs),
    "skipped": skipped.split(),
    "vigil_args": vigil_args,
    "versions": {p: version(p) for p in ("tcpdump", "nfdump", "softflowd", "argus-server", "libpcap0.8")},
}
json.dump(meta, open(meta_path, "w"), indent=1)
EOF

: > "$RES"
# vigil-sensor's fixed start-up (zeroing its preallocated tables, starting threads), measured on a
# tiny capture, so the report can also give its rate net of start-up.
rm -f "$BENCH_DIR/startup.tsv"
case " ${selected[*]} " in
  *" vigil "*)
    gen imix 1000 "$BENCH_DIR/startup-1000-s$SEED.pcap"
    for r in $(seq 1 "$RUNS"); do  # the fastest of RUNS: start-up is page faults, sensitive to load
      wait_idle > /dev/null
      t0=$(date +%s%N)
      /usr/bin/time -v -o "$LOGS/vigil.startup.time" "$BIN/vigil-sensor" --read "$BENCH_DIR/startup-1000-s$SEED.pcap" \
        "${VIGIL_CMD_ARGS[@]}" > "$LOGS/vigil.startup.out" 2> "$LOGS/vigil.startup.err" ||
        die "vigil-sensor failed on $BENCH_DIR/startup-1000-s$SEED.pcap, see $LOGS/vigil.startup.err"
      t1=$(date +%s%N)
      printf '%s\t%s\n' "$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.4f", (b-a)/1e9}')" \
        "$(awk -F': ' '/Maximum resident set size/{print $2}' "$LOGS/vigil.startup.time")" >> "$BENCH_DIR/startup.tsv"
    done
    note "vigil-sensor start-up: $(sort -n "$BENCH_DIR/startup.tsv" | head -n 1 | cut -f1) s (fastest of $RUNS)"
    ;;
esac
case " ${selected[*]} " in *" softflowd "*) start_collector ;; esac
note "measuring ${selected[*]} x $RUNS runs on each capture"
for profile in imix 64b; do
  file=$IMIX; [ "$profile" = 64b ] && file=$MIN64
  for r in $(seq 1 "$RUNS"); do  # measure() reads the capture again first if it is not all cached
    for tool in "${selected[@]}"; do
      measure "$tool" "$profile" "$file" "${NPKTS[$profile]}" "$r"
    done
  done
done
stop_collector

echo
echo "## What each tool reported on the last IMIX run (sanity: every tool should see every packet)"
sanity() {  # sanity LABEL FILE PATTERN: the matching lines of one log, indented
  [ -f "$2" ] || return 0
  grep -h -E "$3" "$2" 2> /dev/null | head -n 2 | sed "s/^/    $1: /" || true
}
L=$LOGS
sanity read_loop "$L/read_loop.imix.run$RUNS.out" 'packets'
sanity nfpcapd "$L/nfpcapd.imix.run$RUNS.err" '^Ident:.*Packets'
sanity nfpcapd "$L/nfpcapd.imix.run$RUNS.out" '^Ident:.*Packets'
sanity softflowd "$L/softflowd.imix.run$RUNS.out" 'Packets processed|Flows exported'
sanity softflowd "$L/softflowd.imix.run$RUNS.err" 'Packets processed|Flows exported'
if [ -s "$OUT/argus.imix.out" ] && command -v racount > /dev/null; then
  racount -r "$OUT/argus.imix.out" 2> /dev/null | tail -n 1 | sed 's/^/    argus (racount): /' || true
fi
if [ -f "$L/vigil.imix.run$RUNS.err" ]; then
  tail -n 1 "$L/vigil.imix.run$RUNS.err" | python3 -c '
import sys, json
try: s = json.load(sys.stdin)
except Exception: print("    vigil-sensor: no --stats JSON on the last line of stderr"); sys.exit(0)
print("    vigil-sensor --stats: " + " ".join("%s=%s" % (k, s.get(k)) for k in
      ("packets", "bytes", "events", "seconds", "pps", "max_rss_bytes")))' || true
fi

python3 "$HERE/report.py" "$META" "$RES"
echo
echo "raw per-run results: $RES ; logs: $LOGS ; reprint with TABLE_ONLY=1 BENCH_DIR=$BENCH_DIR $0"
