"""The reference side of bench/Workbench.Bench: VGG16's 13 conv layers in PyTorch.

Prints one JSON object: the median seconds of `reps` timed runs after `warmup` runs.
Run with Debian's python3 (python3-torch), same thread count as ours.
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn.functional as F

CFG = [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"]


def make_weights():
    weights, c = [], 3
    for v in CFG:
        if v == "M":
            continue
        weights.append((torch.randn(v, c, 3, 3) * 0.01, torch.zeros(v)))
        c = v
    return weights


def trunk(x, weights):
    i = 0
    for v in CFG:
        if v == "M":
            x = F.max_pool2d(x, 2, 2, ceil_mode=True)
        else:
            w, b = weights[i]
            x = F.relu(F.conv2d(x, w, b, padding=1))
            i += 1
    return x


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--size", type=int, required=True)
    p.add_argument("--mode", choices=["forward", "backward"], required=True)
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--reps", type=int, default=5)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    weights = make_weights()
    x = torch.randn(1, 3, a.size, a.size)
    if a.mode == "backward":
        for w, b in weights:
            w.requires_grad_(True)
            b.requires_grad_(True)

    def once():
        if a.mode == "forward":
            with torch.no_grad():
                trunk(x, weights)
        else:
            for w, b in weights:
                w.grad = None
                b.grad = None
            trunk(x, weights).sum().backward()

    for _ in range(a.warmup):
        once()
    times = []
    for _ in range(a.reps):
        t0 = time.perf_counter()
        once()
        times.append(time.perf_counter() - t0)
    print(json.dumps({"median_s": statistics.median(times), "times_s": times, "torch": torch.__version__,
                      "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
