#!/usr/bin/python3
"""HHA reference: an independent numpy port of Gupta et al.'s MATLAB code (processDepthImage,
computeNormalsSquareSupport, getYDir, saveHHA) with the rules of docs/data.md (floor at -130 cm when the
lowest point is above -90 cm; no depth -> 0). Used by tests/fixtures/datasets/make_fixtures.py for
the HHA fixture and by bench/hha.sh as the timing reference.

    hha.py run DIR OUT.json [PASSES]   HHA of every DIR/depth_*.png (16-bit mm), written as
                                       DIR/hha_ref_*.png; best-of-PASSES seconds per frame in OUT.json
"""
import json
import os
import sys
import time

import numpy as np
from PIL import Image

NYUD_K = (518.8579, 519.4696, 325.5824, 253.7362)  # fx, fy, cx, cy at 640x480


def box_sum(f, r):
    """MATLAB filter2(ones(2r+1), f): zero-padded window sums."""
    c = np.cumsum(np.cumsum(np.pad(f, ((1, 0), (1, 0))), 0), 1)
    h, w = f.shape
    y0 = np.clip(np.arange(h) - r, 0, h); y1 = np.clip(np.arange(h) + r + 1, 0, h)
    x0 = np.clip(np.arange(w) - r, 0, w); x1 = np.clip(np.arange(w) + r + 1, 0, w)
    return c[y1][:, x1] - c[y0][:, x1] - c[y1][:, x0] + c[y0][:, x0]


def normals_square_support(X, Y, Z, r):
    X_Z, Y_Z = X / Z, Y / Z
    one = np.where(np.isnan(Z), np.nan, 1.0)
    raw = [X_Z ** 2, X_Z * Y_Z, X_Z, Y_Z ** 2, Y_Z, one, X / (Z * Z), Y / (Z * Z), 1 / Z]
    a = [box_sum(np.nan_to_num(q, nan=0.0), r) for q in raw]
    A = a[3] * a[5] - a[4] * a[4]; D = -(a[1] * a[5] - a[2] * a[4]); G = a[1] * a[4] - a[2] * a[3]
    E = a[0] * a[5] - a[2] * a[2]; H = -(a[0] * a[4] - a[1] * a[2]); Kk = a[0] * a[3] - a[1] * a[1]
    b1, b2, b3 = a[6], a[7], a[8]
    N = np.stack([A * b1 + D * b2 + G * b3, D * b1 + E * b2 + H * b3, G * b1 + H * b2 + Kk * b3], -1)
    with np.errstate(invalid='ignore', divide='ignore'):
        N = N / np.sqrt((N ** 2).sum(-1, keepdims=True))
    SN = np.sign(N[..., 2]); SN[SN == 0] = 1
    N = N * SN[..., None]
    sn = np.sign((N * np.stack([X, Y, Z], -1)).sum(-1)); sn[np.isnan(sn)] = 1; sn[sn == 0] = 1
    return N * sn[..., None]


def y_dir(N):
    nn = N.reshape(-1, 3).T
    nn = nn[:, ~np.isnan(nn[0])]
    y = np.array([0.0, 1.0, 0.0])
    for thresh, iters in [(45, 5), (15, 5)]:
        for _ in range(iters):
            sim = y @ nn
            F = nn[:, np.abs(sim) > np.cos(np.radians(thresh))]
            Wl = nn[:, np.abs(sim) < np.sin(np.radians(thresh))]
            vals, vecs = np.linalg.eigh(Wl @ Wl.T - F @ F.T)
            new = vecs[:, np.argmin(vals)]
            y = new * np.sign(y @ new)
    return y


def matlab_uint8(v):
    out = np.where(np.isnan(v), 0, np.clip(np.sign(v) * np.floor(np.abs(v) + 0.5), 0, 255))
    return out.astype(np.uint8)


def hha_numpy(depth_mm, K):
    fx, fy, cx, cy = K
    h, w = depth_mm.shape
    missing = depth_mm == 0
    z = depth_mm / 10.0
    xx, yy = np.meshgrid(np.arange(1, w + 1), np.arange(1, h + 1))
    X, Y, Z = (xx - cx) * z / fx, (yy - cy) * z / fy, z.copy()
    for m in (X, Y, Z):
        m[missing] = np.nan
    N1 = normals_square_support(X, Y, Z, 3)
    N2 = normals_square_support(X, Y, Z, 10)
    g = y_dir(N2)
    up = -(X * g[0] + Y * g[1] + Z * g[2])
    ymin = np.nanmin(up)
    if ymin > -90:
        ymin = -130
    angle = np.degrees(np.arccos(np.clip((N1 * g).sum(-1), -1, 1)))
    I = np.stack([31000.0 / np.maximum(Z, 100), up - ymin, angle + 128 - 90], -1)
    I = matlab_uint8(I)
    I[missing] = 0
    return I, g, -ymin


def camera_for(width, height):
    fx, fy, cx, cy = NYUD_K
    return (fx * width / 640, fy * height / 480, cx * width / 640, cy * height / 480)


def run(folder, out, passes=3):
    files = sorted(f for f in os.listdir(folder) if f.startswith('depth_') and f.endswith('.png'))
    if not files:
        raise SystemExit('no depth_*.png in ' + folder)
    depths = [np.array(Image.open(os.path.join(folder, f)), dtype=np.float64) for f in files]
    for f, d in zip(files, depths):
        hha, _, _ = hha_numpy(d, camera_for(d.shape[1], d.shape[0]))
        Image.fromarray(hha).save(os.path.join(folder, f.replace('depth_', 'hha_ref_')))
    best = float('inf')
    for _ in range(passes):
        t0 = time.perf_counter()
        for d in depths:
            hha_numpy(d, camera_for(d.shape[1], d.shape[0]))
        best = min(best, time.perf_counter() - t0)
    result = {'seconds_per_frame': best / len(depths), 'frames': len(depths), 'numpy': np.__version__,
              'size': '%dx%d' % (depths[0].shape[1], depths[0].shape[0])}
    with open(out, 'w') as fh:
        json.dump(result, fh, indent=1)
    print('numpy HHA: %.1f ms/frame (%s)' % (1000 * result['seconds_per_frame'], result['size']))


if __name__ == '__main__':
    if len(sys.argv) >= 4 and sys.argv[1] == 'run':
        run(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 3)
    else:
        raise SystemExit(__doc__)
