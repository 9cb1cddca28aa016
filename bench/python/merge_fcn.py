#!/usr/bin/python3
"""One bench/fcn.sh case from its JSON lines: medians, ratio = ours / reference, GFLOP/s and the
fraction of the machine's matrix-product peak (artifacts/bench/matmul_peak.json, when present).
    merge_fcn.py NAME OUT_DIR"""
import json, os, statistics, sys

name, out = sys.argv[1], sys.argv[2]


def lines(suffix):
    path = os.path.join(out, f"{name}.{suffix}.jsonl")
    return [json.loads(l) for l in open(path) if l.strip()] if os.path.exists(path) else []


ours, ref, ref2 = lines("ours"), lines("reference"), lines("reference2")


def paired_range(a, b):
    """Min and max of a[i] / b[i]: repeat i of both sides ran back to back, so each ratio saw the same
    machine; their range is the spread a verdict on the medians must stand out from."""
    ratios = [x / y for x, y in zip(a, b)]
    return [min(ratios), max(ratios)]

peak_path = os.path.join(out, "matmul_peak.json")
peak = json.load(open(peak_path)) if os.path.exists(peak_path) else None
ot = [t for r in ours for t in r["times"]]
rt = [t for r in ref for t in r["times"]]
o, f = statistics.median(ot), statistics.median(rt)
gflop = ours[0]["gflop"]
mode, precision = ours[0]["mode"], ours[0]["precision"]
descriptions = {
    "forward": "FCN-8s VGG16 forward pass, 500x500, batch 1, inference mode",
    "train": "FCN-8s VGG16 training update (forward, summed loss, backward, SGD momentum 0.99), 500x500, batch 1",
    "eval": f"FCN-8s VGG16 scoring a split of {ours[0].get('eval', {}) and ours[0]['eval']['images']} 500x375 JPEGs end to end (decode, forward, argmax, confusion matrix)",
}
result = {
    "name": name,
    "description": descriptions[mode] + f"; ours {precision}" + (" (mixed: bf16 compute, fp32 masters and loss)" if mode == "train" and precision == "bf16" else "")
                   + f", PyTorch {ref[0]['precision']}",
    "unit": "s", "ours": o, "reference": f, "ratio": o / f, "threads": ours[0]["threads"],
    "ours_precision": precision, "reference_precision": ref[0]["precision"],
    "gflop": gflop, "ours_gflops": gflop / o, "reference_gflops": gflop / f,
    "ratio_range": paired_range(ot, rt),
    # Load from elsewhere only ever adds time, so each side's fastest repeat is its least disturbed one.
    "ratio_of_best": min(ot) / min(rt),
    "ours_times": ot, "reference_times": rt,
    "ours_peak_rss_mb": max(r["peak_rss_mb"] for r in ours), "reference_peak_rss_mb": max(r["peak_rss_mb"] for r in ref),
    "ours_impl": ours[0]["engine"] + ", libtorch " + ours[0]["torch"],
    "reference_impl": "PyTorch " + ref[0]["torch"] + " (python3-torch)",
    "ours_libtorch": ours[0]["torch"], "reference_libtorch": ref[0]["torch"].split("+")[0],
}
if peak:
    result["fp32_peak_gflops"] = peak["fp32"]
    result["bf16_peak_gflops"] = peak["bf16"]
    own_peak = peak["bf16"] if precision == "bf16" else peak["fp32"]
    result["ours_fraction_of_fp32_peak"] = gflop / o / peak["fp32"]
    result["ours_fraction_of_own_precision_peak"] = gflop / o / own_peak
    result["reference_fraction_of_fp32_peak"] = gflop / f / peak["fp32"]
if ref2:
    r2 = [t for r in ref2 for t in r["times"]]
    f2 = statistics.median(r2)
    result.update({"reference_bf16": f2, "ratio_vs_reference_bf16": o / f2, "reference_bf16_times": r2,
                   "ratio_vs_reference_bf16_range": paired_range(ot, r2), "ratio_vs_reference_bf16_of_best": min(ot) / min(r2),
                   "reference_bf16_gflops": gflop / f2, "reference_bf16_peak_rss_mb": max(r["peak_rss_mb"] for r in ref2)})
agreements = [r["agreement"] for r in ours if r.get("agreement")]
if agreements:
    # Every repeat checks the same seeded net and input; the worst repeat is kept.
    worst = min(agreements, key=lambda a: a["argmax_agreement_with_fp32"])
    result.update({"argmax_agreement_with_fp32": worst["argmax_agreement_with_fp32"], "agreement_pixels": worst["pixels"],
                   "agreement_classes_in_fp32_argmax": worst["classes_in_fp32_argmax"],
                   "agreement_median_margin_where_they_differ": worst["median_margin_where_they_differ"],
                   "agreement_median_margin_everywhere": worst["median_margin_everywhere"]})
if mode == "eval":
    net_only = [r["eval"]["net_only_median"] for r in ours]
    serial = [r["eval"]["serial_median"] for r in ours]
    result.update({"images": ours[0]["eval"]["images"], "ours_net_only": statistics.median(net_only),
                   "ours_serial": statistics.median(serial),
                   "overhead_beside_net": o / statistics.median(net_only) - 1,
                   "overhead_beside_net_range": [x - 1 for x in paired_range(ot, net_only)],
                   "serial_overhead_beside_net": statistics.median(serial) / statistics.median(net_only) - 1})
print(json.dumps(result, indent=2))
