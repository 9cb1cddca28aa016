#!/usr/bin/env bash
# Installs what the workbench needs from Debian's packages, once; a no-op when all is there.
#   scripts/install-deps.sh build    — build and run: the image codecs; Fashion-MNIST (dataset-fashion-mnist:
#                                      the classification set the backbones are pretrained on and the
#                                      items of the Fashion scenes); librsvg and a font, which draw
#                                      the figures' static images; patchelf and g++, which make
#                                      TorchSharp's native library load on Debian 12 (build/torch-natives)
#   scripts/install-deps.sh test     — also PyTorch, which the tests use as the reference reader of
#                                      the .pth files we write; Jupyter's client (nbclient), which runs
#                                      every notebook in the real .NET Interactive kernel; nbconvert and
#                                      Chromium, which check that figures show without JavaScript
#   scripts/install-deps.sh bench    — also the references for benchmarks (PyTorch, Pillow, numpy)
#   scripts/install-deps.sh fixtures — also what the fixture generators use (scipy, protobuf)
# TorchSharp itself (libtorch 2.10) comes from NuGet with the build.
set -euo pipefail

build=(libturbojpeg0-dev libspng-dev librsvg2-2 fonts-dejavu-core patchelf g++ make dataset-fashion-mnist)
reference=(python3-torch python3-numpy)
clients=(python3-nbclient python3-jupyter-client jupyter-nbconvert chromium python3-pil)
bench=(python3-pil)
fixtures=(python3-pil python3-scipy python3-protobuf)

wanted=("${build[@]}")
case "${1:-build}" in
  build) ;;
  test) wanted+=("${reference[@]}" "${clients[@]}") ;;
  bench) wanted+=("${reference[@]}" "${bench[@]}") ;;
  fixtures) wanted+=("${reference[@]}" "${fixtures[@]}") ;;
  *) echo "usage: $0 [build|test|bench|fixtures]" >&2; exit 2 ;;
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
