#!/usr/bin/env bash
# FCN-8s (VGG16) on the CPU, side by side with PyTorch (Debian's python3-torch) in the same run,
# batch 1, the same thread count in both. Cases (artifacts/bench/NAME.json):
#   fcn8s_forward            500x500 forward, inference mode, float32, against PyTorch float32
#   fcn8s_train_step         one training update (forward, summed loss, backward, SGD), float32
#   fcn8s_forward_bf16       our bfloat16 forward against PyTorch float32 (ratio) and PyTorch bfloat16
#   fcn8s_train_step_mixed   our mixed-precision update (bf16 compute, fp32 masters) against PyTorch float32
#   fcn8s_eval_split         a VOC-layout split of 500x375 JPEGs scored end to end (decode, forward,
#                            argmax, confusion) against PyTorch's loop; also our net alone on
#                            preloaded images, so the evaluator's overhead beside the net is measured
# Each JSON has ours, reference, ratio = ours/reference, GFLOP of the case's convolutions, both
# sides' GFLOP/s and their fraction of the machine's matrix-product peak (matmul_peak.json, written
# by bench/Workbench.Bench earlier in `make bench`), and peak resident memory. Ours and PyTorch
# alternate, one measured repeat (after a warm-up) per process, so load from elsewhere on a shared
# machine falls on both alike; the figures are medians over the repeats.
#   bench/fcn.sh [Release|Debug]   (FCN_BENCH_THREADS, default all cores; FCN_BENCH_REPEATS, default 5;
#                                   FCN_BENCH_CASES, default all: a comma-separated subset)
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG=${1:-Release}
THREADS=${FCN_BENCH_THREADS:-$(nproc)}
REPEATS=${FCN_BENCH_REPEATS:-5}
CASES=${FCN_BENCH_CASES:-fcn8s_forward,fcn8s_train_step,fcn8s_forward_bf16,fcn8s_train_step_mixed,fcn8s_eval_split}
OUT=artifacts/bench
DATA=$OUT/data/voc_eval
PY=/usr/bin/python3
mkdir -p "$OUT"
DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 dotnet build bench/Workbench.Bench.Fcn/Workbench.Bench.Fcn.csproj -c "$CONFIG" -nologo -v q -clp:ErrorsOnly >&2
OURS=artifacts/bin/Workbench.Bench.Fcn/$(echo "$CONFIG" | tr A-Z a-z)/Workbench.Bench.Fcn
export OMP_NUM_THREADS=$THREADS
if [ ! -f "$DATA/ImageSets/Segmentation/val.txt" ]; then
  echo "Generating a 4-image VOC-layout split (500x375 JPEGs, palette PNG labels) in $DATA" >&2
  "$PY" bench/python/input_pipeline.py make-voc "$DATA" 4
fi

# case  ours-arguments  reference-arguments  [second reference-arguments]
run_case() {
  local name=$1 ours_args=$2 ref_args=$3 ref2_args=${4:-}
  case ",$CASES," in *",$name,"*) ;; *) return 0 ;; esac
  : > "$OUT/$name.ours.jsonl"; : > "$OUT/$name.reference.jsonl"; : > "$OUT/$name.reference2.jsonl"
  for ((r = 1; r <= REPEATS; r++)); do
    echo "$name, repeat $r/$REPEATS" >&2
    "$OURS" $ours_args --threads="$THREADS" --repeats=1 | tee -a "$OUT/$name.ours.jsonl" | sed 's/^/  ours      /' >&2
    "$PY" bench/python/fcn8s.py $ref_args --threads="$THREADS" --repeats=1 | tee -a "$OUT/$name.reference.jsonl" | sed 's/^/  PyTorch   /' >&2
    if [ -n "$ref2_args" ]; then
      "$PY" bench/python/fcn8s.py $ref2_args --threads="$THREADS" --repeats=1 | tee -a "$OUT/$name.reference2.jsonl" | sed 's/^/  PyTorch 2 /' >&2
    fi
  done
  "$PY" bench/python/merge_fcn.py "$name" "$OUT" > "$OUT/$name.json.tmp" && mv "$OUT/$name.json.tmp" "$OUT/$name.json"
  cat "$OUT/$name.json" >&2
}

run_case fcn8s_forward          "--mode=forward --size=500"                  "--mode=forward --size=500"
run_case fcn8s_train_step       "--mode=train --size=500"                    "--mode=train --size=500"
run_case fcn8s_forward_bf16     "--mode=forward --size=500 --precision=bf16" "--mode=forward --size=500" "--mode=forward --size=500 --precision=bf16"
run_case fcn8s_train_step_mixed "--mode=train --size=500 --precision=bf16"   "--mode=train --size=500"
run_case fcn8s_eval_split       "--mode=eval --data=$DATA"                   "--mode=eval --data=$DATA"
