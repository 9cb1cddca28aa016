#!/usr/bin/env bash
# Input pipeline benchmark (issue 4): decode + preprocess of 500x375 JPEGs, ours vs Pillow + numpy,
# one thread and all cores, on the same files in the same run.
#   bench/input_pipeline.sh [Release|Debug]
# Writes artifacts/bench/input_pipeline_1thread.json and artifacts/bench/input_pipeline_allcores.json.
set -euo pipefail
cd "$(dirname "$0")/.."
config="${1:-Release}"
py=/usr/bin/python3   # Debian's interpreter: it has python3-pil and python3-numpy
data=artifacts/bench/data/input_pipeline
mkdir -p artifacts/bench
if [ "$(ls "$data"/*.jpg 2>/dev/null | wc -l)" -lt 50 ]; then
  echo "Generating 50 synthetic 500x375 JPEGs (quality 90) in $data"
  "$py" bench/python/input_pipeline.py make-data "$data" 50
fi
DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 dotnet build bench/Workbench.Bench.Vision/Workbench.Bench.Vision.csproj \
  -c "$config" -nologo -v q -clp:ErrorsOnly
exe="artifacts/bin/Workbench.Bench.Vision/$(echo "$config" | tr A-Z a-z)/Workbench.Bench.Vision"
# Three rounds, each ours then Pillow + numpy (run by the bench through $py); best time per side.
"$exe" --data "$data" --reference artifacts/bench/data/input_pipeline_pillow.json --out artifacts/bench \
  --passes 3 --rounds 3 --python "$py" --script bench/python/input_pipeline.py
