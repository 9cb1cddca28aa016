#!/usr/bin/env bash
# Installs what the workbench needs from Debian's packages, once; a no-op when all is there.
#   scripts/install-deps.sh build   — build and test: libtorch, OpenBLAS, codecs, CMake, g++
#   scripts/install-deps.sh bench   — also the references for benchmarks (python3-torch, Pillow, numpy)
#   scripts/install-deps.sh fixtures — also what the fixture generators use (scipy, protobuf)
set -euo pipefail

build=(libtorch-dev libopenblas0-openmp cmake g++ make libturbojpeg0-dev libspng-dev libzmq5)
bench=(python3-torch python3-numpy python3-pil)
fixtures=(python3-scipy python3-protobuf)

wanted=("${build[@]}")
case "${1:-build}" in
  build) ;;
  bench) wanted+=("${bench[@]}") ;;
  fixtures) wanted+=("${bench[@]}" "${fixtures[@]}") ;;
  *) echo "usage: $0 [build|bench|fixtures]" >&2; exit 2 ;;
esac

missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if ! command -v dotnet >/dev/null; then
  echo "error: the .NET SDK (dotnet, 10.0) is not on PATH; install it first." >&2
  exit 1
fi

[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
