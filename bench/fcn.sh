#!/usr/bin/env bash
# FCN-8s (VGG16) on the CPU, side by side with PyTorch (Debian's python3-torch) in the same run:
# a 500×500 forward pass in inference mode and one training step (forward, backward, SGD update),
# batch 1, float32, the same thread count in both. Writes artifacts/bench/fcn8s_forward.json and
# artifacts/bench/fcn8s_train_step.json (name, unit, ours, reference, ratio = ours/reference,
# threads, and each side's peak resident memory). Each measurement runs in its own process, so
# peak RSS is that of the measured work alone.
#   bench/fcn.sh [threads] [repeats]
set -euo pipefail
cd "$(dirname "$0")/.."
THREADS=${1:-$(nproc)}
REPEATS=${2:-3}
CONFIG=${CONFIG:-Release}
OUT=artifacts/bench
mkdir -p "$OUT"
DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 dotnet build bench/Workbench.Bench.Fcn/Workbench.Bench.Fcn.csproj -c "$CONFIG" -nologo -v q -clp:ErrorsOnly >&2
OURS=artifacts/bin/Workbench.Bench.Fcn/$(echo "$CONFIG" | tr A-Z a-z)/Workbench.Bench.Fcn
export OMP_NUM_THREADS=$THREADS

for mode in forward train; do
  echo "fcn8s $mode: ours…" >&2
  ours=$("$OURS" --mode=$mode --threads="$THREADS" --repeats="$REPEATS" --size=500)
  echo "  $ours" >&2
  echo "fcn8s $mode: PyTorch…" >&2
  ref=$(/usr/bin/python3 bench/python/fcn8s.py --mode=$mode --threads="$THREADS" --repeats="$REPEATS" --size=500)
  echo "  $ref" >&2
  name=$([ $mode = forward ] && echo fcn8s_forward || echo fcn8s_train_step)
  /usr/bin/python3 - "$name" "$ours" "$ref" > "$OUT/$name.json" <<'PY'
import json, sys
name, ours, ref = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
print(json.dumps({
    "name": name,
    "description": ("FCN-8s VGG16 forward pass, 500x500, batch 1, float32, inference mode" if ours["mode"] == "forward"
                    else "FCN-8s VGG16 training step (forward, summed loss, backward, SGD momentum 0.99), 500x500, batch 1, float32"),
    "unit": "s",
    "ours": ours["median"], "reference": ref["median"], "ratio": ours["median"] / ref["median"],
    "threads": ours["threads"],
    "ours_times": ours["times"], "reference_times": ref["times"],
    "ours_peak_rss_mb": ours["peak_rss_mb"], "reference_peak_rss_mb": ref["peak_rss_mb"],
    "reference_impl": "PyTorch " + ref["torch"] + " (python3-torch)",
}, indent=2))
PY
  cat "$OUT/$name.json" >&2
done
