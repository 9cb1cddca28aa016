#!/usr/bin/env bash
# HHA benchmark (issue 4): 640x480 depth maps of rendered rooms, ours vs the numpy port of Gupta et
# al.'s code, same files, same run; outputs compared byte for byte.
#   bench/hha.sh [Release|Debug]      writes artifacts/bench/hha_640x480.json
set -euo pipefail
cd "$(dirname "$0")/.."
config="${1:-Release}"
py=/usr/bin/python3   # Debian's interpreter: it has python3-numpy and python3-pil
data=artifacts/bench/data/hha
mkdir -p artifacts/bench "$data"
DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 dotnet build bench/Workbench.Bench.Hha/Workbench.Bench.Hha.csproj \
  -c "$config" -nologo -v q -clp:ErrorsOnly
exe="artifacts/bin/Workbench.Bench.Hha/$(echo "$config" | tr A-Z a-z)/Workbench.Bench.Hha"
[ "$(ls "$data"/depth_*.png 2>/dev/null | wc -l)" -ge 4 ] || "$exe" make-depth "$data" 4
"$py" bench/python/hha.py run "$data" artifacts/bench/hha_numpy.json 3
"$exe" run "$data" artifacts/bench/hha_numpy.json artifacts/bench 3
