#!/usr/bin/env bash
# FCN-8s (VGG16) on the CPU, side by side with PyTorch (Debian's python3-torch) in the same run:
# a 500×500 forward pass in inference mode and one training step (forward, backward, SGD update),
# batch 1, float32, the same thread count in both. Writes artifacts/bench/fcn8s_forward.json and
# artifacts/bench/fcn8s_train_step.json (name, unit, ours, reference, ratio = ours/reference,
# threads, and each side's peak resident memory). Ours and PyTorch alternate, one measured repeat
# (after a warm-up) per process, so load from elsewhere on a shared machine falls on both alike;
# the figures are medians over the repeats.
#   bench/fcn.sh [Release|Debug]     (FCN_BENCH_THREADS, default all cores; FCN_BENCH_REPEATS, default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG=${1:-Release}
THREADS=${FCN_BENCH_THREADS:-$(nproc)}
REPEATS=${FCN_BENCH_REPEATS:-3}
OUT=artifacts/bench
mkdir -p "$OUT"
DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 dotnet build bench/Workbench.Bench.Fcn/Workbench.Bench.Fcn.csproj -c "$CONFIG" -nologo -v q -clp:ErrorsOnly >&2
OURS=artifacts/bin/Workbench.Bench.Fcn/$(echo "$CONFIG" | tr A-Z a-z)/Workbench.Bench.Fcn
export OMP_NUM_THREADS=$THREADS

for mode in forward train; do
  ours_runs=(); ref_runs=()
  for ((r = 1; r <= REPEATS; r++)); do
    echo "fcn8s $mode, repeat $r/$REPEATS" >&2
    ours_runs+=("$("$OURS" --mode=$mode --threads="$THREADS" --repeats=1 --size=500)")
    echo "  ours    ${ours_runs[-1]}" >&2
    ref_runs+=("$(/usr/bin/python3 bench/python/fcn8s.py --mode=$mode --threads="$THREADS" --repeats=1 --size=500)")
    echo "  PyTorch ${ref_runs[-1]}" >&2
  done
  name=$([ $mode = forward ] && echo fcn8s_forward || echo fcn8s_train_step)
  printf '%s\n' "${ours_runs[@]}" > "$OUT/$name.ours.jsonl"
  printf '%s\n' "${ref_runs[@]}" > "$OUT/$name.reference.jsonl"
  /usr/bin/python3 - "$name" "$OUT/$name.ours.jsonl" "$OUT/$name.reference.jsonl" > "$OUT/$name.json" <<'PY'
import json, statistics, sys
name = sys.argv[1]
ours = [json.loads(l) for l in open(sys.argv[2])]
ref = [json.loads(l) for l in open(sys.argv[3])]
ot = [t for r in ours for t in r["times"]]
rt = [t for r in ref for t in r["times"]]
o, f = statistics.median(ot), statistics.median(rt)
print(json.dumps({
    "name": name,
    "description": ("FCN-8s VGG16 forward pass, 500x500, batch 1, float32, inference mode" if ours[0]["mode"] == "forward"
                    else "FCN-8s VGG16 training step (forward, summed loss, backward, SGD momentum 0.99), 500x500, batch 1, float32"),
    "unit": "s", "ours": o, "reference": f, "ratio": o / f, "threads": ours[0]["threads"],
    "ours_times": ot, "reference_times": rt,
    "ours_peak_rss_mb": max(r["peak_rss_mb"] for r in ours), "reference_peak_rss_mb": max(r["peak_rss_mb"] for r in ref),
    "ours_impl": ours[0]["engine"] + ", libtorch " + ours[0]["torch"],
    "reference_impl": "PyTorch " + ref[0]["torch"] + " (python3-torch)",
    "ours_libtorch": ours[0]["torch"], "reference_libtorch": ref[0]["torch"].split("+")[0],
}, indent=2))
PY
  cat "$OUT/$name.json" >&2
done
