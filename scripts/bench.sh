#!/usr/bin/env bash
# Every benchmark, ours and the reference side by side in one run; results in artifacts/bench/.
set -euo pipefail
config="${1:-Release}"
cfg=$(echo "$config" | tr A-Z a-z)
mkdir -p artifacts/bench
artifacts/bin/Workbench.Bench/$cfg/Workbench.Bench artifacts/bench
# Benchmarks of the other libraries register themselves as bench/*.sh.
for b in bench/*.sh; do
  [ -e "$b" ] || continue
  # bench/gpu.sh is the check for a machine with an NVIDIA GPU (README, "Paper scale on a GPU").
  [ "$(basename "$b")" = gpu.sh ] && continue
  echo "== $b"
  bash "$b" "$config"
done
echo "== against the targets (artifacts/bench/summary.md)"
/usr/bin/python3 bench/python/summary.py artifacts/bench
echo "Results: artifacts/bench/*.json"
