#!/usr/bin/python3
"""Input pipeline reference for `make bench`: decode 500x375 JPEGs with Pillow and preprocess them
as FCN's voc_layers.py does (RGB->BGR, float32, minus the BGR mean, HWC->CHW), made contiguous as
the copy into the network's input blob makes it. A second, hand-tuned numpy variant (one ufunc per
output plane, no strided copies) is timed too, so the comparison is also against numpy at its best.

    input_pipeline.py make-data DIR [COUNT]      synthetic photo-like JPEGs, quality 90
    input_pipeline.py make-voc DIR [COUNT]       the same JPEGs in a VOC layout, with palette label PNGs
                                                 and ImageSets/Segmentation/val.txt (the eval benchmark)
    input_pipeline.py run DIR OUT.json [PASSES]  Pillow + numpy timings, 1 thread and all cores
"""
import json
import multiprocessing as mp
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

MEAN_BGR = np.array((104.00699, 116.66877, 122.67892), dtype=np.float32)


def make_data(folder, count=50, width=500, height=375):
    """Photo-like content: smooth lighting, blurred shapes of many colours, texture noise."""
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(2015)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    for i in range(count):
        base = rng.uniform(40, 200, 3)
        gx, gy = rng.uniform(-0.25, 0.25, 2)
        img = base[None, None, :] + (gx * x + gy * y)[..., None]
        im = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
        draw = ImageDraw.Draw(im)
        for _ in range(rng.integers(6, 14)):
            x0, y0 = rng.integers(-50, width), rng.integers(-50, height)
            w, h = rng.integers(20, 250), rng.integers(20, 200)
            colour = tuple(int(c) for c in rng.integers(0, 256, 3))
            if rng.random() < 0.5:
                draw.ellipse([x0, y0, x0 + w, y0 + h], fill=colour)
            else:
                draw.polygon([(x0, y0), (x0 + w, y0 + rng.integers(-40, 40)), (x0 + rng.integers(0, w), y0 + h)], fill=colour)
        im = im.filter(ImageFilter.GaussianBlur(rng.uniform(0.8, 2.5)))
        arr = np.asarray(im).astype(np.float32) + rng.normal(0, 5, (height, width, 3)).astype(np.float32)
        Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)).save(
            os.path.join(folder, "img_%03d.jpg" % i), quality=90)


def make_voc(root, count=8, width=500, height=375):
    """JPEGImages/img_NNN.jpg, SegmentationClass/img_NNN.png (classes 0-20, a void 255 band) and val.txt."""
    make_data(os.path.join(root, "JPEGImages"), count, width, height)
    os.makedirs(os.path.join(root, "SegmentationClass"), exist_ok=True)
    os.makedirs(os.path.join(root, "ImageSets", "Segmentation"), exist_ok=True)
    rng = np.random.default_rng(2016)
    palette = [0] * 768
    for i in range(count):
        label = np.zeros((height, width), np.uint8)
        for _ in range(4):
            x0, y0 = rng.integers(0, width - 60), rng.integers(0, height - 60)
            label[y0:y0 + rng.integers(30, 150), x0:x0 + rng.integers(30, 200)] = rng.integers(1, 21)
        label[:, :3] = 255
        im = Image.fromarray(label, mode="P")
        im.putpalette(palette)
        im.save(os.path.join(root, "SegmentationClass", "img_%03d.png" % i))
    with open(os.path.join(root, "ImageSets", "Segmentation", "val.txt"), "w") as f:
        f.write("".join("img_%03d\n" % i for i in range(count)))


def load(path):
    im = Image.open(path)
    in_ = np.array(im, dtype=np.float32)
    in_ = in_[:, :, ::-1]
    in_ -= MEAN_BGR
    in_ = in_.transpose((2, 0, 1))
    return np.ascontiguousarray(in_)


def load_tuned(path):
    a = np.asarray(Image.open(path))
    out = np.empty((3,) + a.shape[:2], np.float32)
    for c in range(3):
        np.subtract(a[:, :, 2 - c], MEAN_BGR[c], out=out[c], dtype=np.float32)
    return out


def checksum(arr):
    return float(arr[:, ::37, ::41].sum())


def timed(fn, passes, cpu=None):
    """Best wall time of `passes` runs after a warm-up; with `cpu` (a list), also the best CPU time
    of this process, which other processes' load disturbs far less than wall time."""
    fn()  # warm-up: page cache, allocator, pool start-up
    best = best_cpu = float("inf")
    for _ in range(passes):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - start_cpu)
    if cpu is not None:
        cpu.append(best_cpu)
    return best


def run(folder, out, passes=3):
    paths = sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".jpg"))
    cores = os.cpu_count() or 1
    n = len(paths)

    assert all(np.array_equal(load(p), load_tuned(p)) for p in paths[:3])
    cpu = []
    single = timed(lambda: [checksum(load(p)) for p in paths], passes, cpu)
    tuned = timed(lambda: [checksum(load_tuned(p)) for p in paths], passes, cpu)

    # All cores: a process pool (as PyTorch's DataLoader workers; arrays come back to the parent)
    # and a thread pool (Pillow's decoder and numpy release the GIL); the faster one is the reference.
    with mp.Pool(cores) as pool:
        procs = timed(lambda: [checksum(a) for a in pool.imap(load, paths, chunksize=2)], passes)
        tuned_procs = timed(lambda: [checksum(a) for a in pool.imap(load_tuned, paths, chunksize=2)], passes)
    with ThreadPoolExecutor(cores) as ex:
        threads = timed(lambda: [checksum(a) for a in ex.map(load, paths)], passes)
        tuned_threads = timed(lambda: [checksum(a) for a in ex.map(load_tuned, paths)], passes)
    result = {
        "images": n, "cores": cores, "passes": passes,
        "one_thread_s": single, "processes_s": procs, "threads_s": threads,
        "all_cores_s": min(procs, threads), "all_cores_mode": "processes" if procs <= threads else "threads",
        "tuned_one_thread_s": tuned,
        "one_thread_cpu_s": cpu[0], "tuned_one_thread_cpu_s": cpu[1], "tuned_all_cores_s": min(tuned_procs, tuned_threads),
        "tuned_all_cores_mode": "processes" if tuned_procs <= tuned_threads else "threads",
        "checksum": sum(checksum(load(p)) for p in paths),
        "pillow": Image.__version__, "numpy": np.__version__,
    }
    with open(out, "w") as f:
        json.dump(result, f, indent=1)
    print("Pillow+numpy: %d images, 1 thread %.1f img/s, %d cores %.1f img/s (%s); tuned numpy %.1f / %.1f img/s" % (
        n, n / single, cores, n / result["all_cores_s"], result["all_cores_mode"], n / tuned, n / result["tuned_all_cores_s"]))


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "make-voc":
        make_voc(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 8)
    elif len(sys.argv) >= 3 and sys.argv[1] == "make-data":
        make_data(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 50)
    elif len(sys.argv) >= 4 and sys.argv[1] == "run":
        run(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 3)
    else:
        sys.exit(__doc__)
