#!/usr/bin/env bash
# The GPU check, for the day a machine with an NVIDIA GPU is lent (docs/precision.md, README
# "Paper scale on a GPU"). In under 10 minutes it:
#   1. builds the CUDA backend (TORCH_BACKEND=cuda: TorchSharp-cuda-linux from nuget.org);
#   2. runs the CUDA tests, and fails if they skipped (that would mean no GPU was seen);
#   3. times FCN-8s at 500x500 on the GPU — forward in inference mode and one training update
#      (the reference solver), each in fp32 and in bf16 (mixed precision for training);
#   4. samples the GPU's memory while each case runs and reports its peak;
#   5. writes artifacts/bench/gpu_fcn8s_{forward,train_step}_{fp32,bf16}.json, the fields of the CPU
#      benchmarks (name, unit, ours, reference, ratio, …) plus device, GPU and peak_gpu_memory_mb.
#      The reference is PyTorch on the same GPU when the machine's python3 has a CUDA build of it,
#      else null (Debian's python3-torch is CPU-only).
#
#   bench/gpu.sh             on the GPU machine
#   bench/gpu.sh --dry-run   the same steps on the CPU, 64x64, one repeat, CPU build: checks this
#                            script's wiring on any machine (the test suite runs it)
# GPU_BENCH_OUT (default artifacts/bench), GPU_BENCH_REPEATS (default 5).
set -euo pipefail
cd "$(dirname "$0")/.."
dry=0
[ "${1:-}" = --dry-run ] && dry=1
out=${GPU_BENCH_OUT:-artifacts/bench}
py=/usr/bin/python3
if [ $dry = 1 ]; then
  device=cpu size=64 repeats=1 backend=cpu
else
  device=cuda size=500 repeats=${GPU_BENCH_REPEATS:-5} backend=cuda
  command -v nvidia-smi > /dev/null || { echo "bench/gpu.sh: nvidia-smi not found — this is not a GPU machine (use --dry-run to check the script here)" >&2; exit 1; }
fi
mkdir -p "$out"
started=$(date +%s)
gpu=cpu
if [ $device = cuda ]; then
  gpu=$(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | head -1)
  echo "GPU: $gpu" >&2
fi

bench=artifacts/bin/Workbench.Bench.Fcn/release/Workbench.Bench.Fcn
if [ $dry = 1 ] && [ -x "$bench" ] && [ -f artifacts/bin/Workbench.Fcn.Tests/release/Workbench.Fcn.Tests.dll ]; then
  echo "== build: skipped (a dry run on a built checkout)" >&2
else
  echo "== build (TORCH_BACKEND=$backend; the solution includes the benchmarks)" >&2
  make build TORCH_BACKEND=$backend >&2
fi

echo "== CUDA tests" >&2
log=$(mktemp)
TORCH_BACKEND=$backend dotnet test tests/Workbench.Fcn.Tests/Workbench.Fcn.Tests.csproj -c Release --no-build -nologo \
  --filter "FullyQualifiedName~Cuda" -p:TorchBackend=$backend 2>&1 | tee "$log" >&2
summary=$(grep -E "(Passed|Failed|Skipped)! +-" "$log" | tail -1)
rm -f "$log"
[ -n "$summary" ] || { echo "bench/gpu.sh: no test summary from the CUDA tests" >&2; exit 1; }
case "$summary" in *Failed!*) echo "bench/gpu.sh: CUDA tests failed: $summary" >&2; exit 1 ;; esac
if [ $device = cuda ] && ! grep -q "Skipped: *0," <<< "$summary"; then
  echo "bench/gpu.sh: the CUDA tests skipped on a GPU machine ($summary): libtorch saw no GPU" >&2
  exit 1
fi

reference=0
if "$py" -c 'import sys, torch; sys.exit(0 if ("'$device'" == "cpu" or torch.cuda.is_available()) else 1)' 2> /dev/null; then
  reference=1
fi

# Peak memory of one command: the GPU's used memory sampled every 100 ms, less what was used before
# (on the CPU, the process's peak resident memory from its own JSON).
run_sampled() {
  local json=$1; shift
  if [ $device = cuda ]; then
    local base samples sampler
    base=$(nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits | head -1)
    samples=$(mktemp)
    nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 100 > "$samples" &
    sampler=$!
    "$@" > "$json"
    kill $sampler 2> /dev/null || true
    wait $sampler 2> /dev/null || true
    echo $(( $(sort -n "$samples" | tail -1) - base ))
    rm -f "$samples"
  else
    "$@" > "$json"
    echo null
  fi
}

for mode in forward train; do
  for precision in fp32 bf16; do
    name=gpu_fcn8s_$([ $mode = forward ] && echo forward || echo train_step)_$precision
    echo "== $name" >&2
    ours=$(mktemp); ref=$(mktemp)
    peak=$(run_sampled "$ours" "$bench" --device=$device --mode=$mode --precision=$precision --size=$size --repeats=$repeats)
    ref_peak=null
    # PyTorch's bf16 reference is for inference only; its training reference is fp32, as on the CPU.
    ref_precision=$([ $mode = forward ] && echo $precision || echo fp32)
    if [ $reference = 1 ]; then
      ref_peak=$(run_sampled "$ref" "$py" bench/python/fcn8s.py --device=$device --mode=$mode --precision=$ref_precision \
        --size=$size --repeats=$repeats --threads="$(nproc)")
    fi
    "$py" - "$name" "$ours" "$ref" "$peak" "$ref_peak" "$gpu" "$mode" > "$out/$name.json" <<'PY'
import json, sys
name, ours_path, ref_path, peak, ref_peak, gpu, mode = sys.argv[1:8]
ours = json.loads(open(ours_path).read().strip().splitlines()[-1])
text = open(ref_path).read().strip()
ref = json.loads(text.splitlines()[-1]) if text else None
result = {
    "name": name,
    "description": ("FCN-8s VGG16 forward pass, inference mode" if mode == "forward" else
                    "FCN-8s VGG16 training update (forward, summed loss, backward, SGD momentum 0.99)")
                   + f", {ours['size']}x{ours['size']}, batch 1, ours {ours['precision']}"
                   + (" (mixed: bf16 compute, fp32 masters and loss)" if mode == "train" and ours["precision"] == "bf16" else ""),
    "unit": "s", "device": ours["device"], "gpu": gpu,
    "ours": ours["median"], "ours_times": ours["times"], "ours_precision": ours["precision"],
    "reference": ref["median"] if ref else None, "reference_times": ref["times"] if ref else None,
    "reference_precision": ref["precision"] if ref else None,
    "ratio": ours["median"] / ref["median"] if ref else None,
    "gflop": ours["gflop"], "ours_gflops": ours["gflop"] / ours["median"],
    "peak_gpu_memory_mb": None if peak == "null" else int(peak),
    "reference_peak_gpu_memory_mb": None if ref_peak == "null" else int(ref_peak),
    "ours_peak_rss_mb": ours["peak_rss_mb"],
    "ours_impl": ours["engine"] + ", libtorch " + ours["torch"],
    "reference_impl": ("PyTorch " + ref["torch"]) if ref else "none: this machine's python3 has no CUDA build of PyTorch",
}
print(json.dumps(result, indent=2))
PY
    rm -f "$ours" "$ref"
    "$py" -c 'import json,sys; r=json.load(open(sys.argv[1])); print("  ours %.4f s%s, peak GPU memory %s MB" % (r["ours"], "" if r["ratio"] is None else ", PyTorch %.4f s, ratio %.3f" % (r["reference"], r["ratio"]), r["peak_gpu_memory_mb"]))' "$out/$name.json" >&2
  done
done
echo "bench/gpu.sh: done in $(( $(date +%s) - started )) s; results in $out/gpu_*.json" >&2
