#!/usr/bin/env bash
# Installs dependencies, builds (release and the ASan/UBSan dev preset) and runs every test; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/install-deps.sh
JOBS=${JOBS:-$(nproc)}
# ../shared (real captures, when present) is input only: any file the tests create or change there fails
# the run below, as the tests must write into their own temporary directories.
SHARED=$(cd .. && pwd)/shared
STAMP=$(mktemp)
trap 'rm -f "$STAMP"' EXIT

echo "== release build and all tests (unit + integration)"
cmake --preset release >/dev/null
cmake --build --preset release -j "$JOBS"
ctest --preset release -j "$JOBS"

echo "== release: ${SECONDS} s since start"
echo "== dev build (ASan + UBSan) and unit tests"
cmake --preset dev >/dev/null
cmake --build --preset dev -j "$JOBS" --target vigil_unit_tests
ctest --preset dev -j "$JOBS"

echo "== dev: ${SECONDS} s since start"
echo "== fuzzer smoke runs: decoder and rules parser (clang, libFuzzer)"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$JOBS" --target decoder_fuzzer rules_fuzzer
ctest --preset fuzz -j "$JOBS"
if [ -d "$SHARED" ] && written=$(find "$SHARED" -newer "$STAMP" -type f | head -5) && [ -n "$written" ]; then
  echo "test.sh: tests wrote into $SHARED, which is input only: $(echo $written)" >&2
  exit 1
fi
echo "== all tests passed in ${SECONDS} s"
