#!/usr/bin/env bash
# Installs every Debian package Vigil needs to build, test and run; idempotent (a no-op when all are present).
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates python3
  clang libclang-rt-14-dev
  libpcap-dev libdpdk-dev
  libyaml-cpp-dev nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libboost-dev
  libzmq3-dev cppzmq-dev libsqlite3-dev libpq-dev postgresql
  libgpgme-dev gnupg libcurl4-openssl-dev python3-aiosmtpd prometheus-cpp-dev
  tcpdump time tcpreplay iproute2
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
echo "vigil: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=600 "${missing[@]}"
