#!/usr/bin/env python3
"""Reference values for DotFilterTest, computed once with scipy/numpy (not a runtime dependency).

The volume is defined by a formula that DotFilterTest evaluates too: nx=24, ny=20, nz=16 voxels,
spacing (0.8, 0.9, 1.25) mm, value(i, j, k) in mm coordinates x=0.8 i, y=0.9 j, z=1.25 k:
  50 + 120 exp(-|p - (8, 9, 10)|^2 / (2 * 1.8^2))            a blob
     + 80 exp(-((x - 3)^2 + (z - 14)^2) / (2 * 1.1^2))        a tube along y
     + 5 sin(0.7 i + 1.3 j + 2.1 k)                           texture
and voxels with i + j + k < 4 hold the outside value 170.

Smoothing: scipy.ndimage.gaussian_filter(sigma=(s/1.25, s/0.9, s/0.8) on the (z, y, x) array,
mode='nearest', truncate=3); Hessian by central differences in mm; eigenvalues by
numpy.linalg.eigvalsh; response s^2 l1^2/|l3| where all eigenvalues are negative (l1 the largest),
maximum over the scales; 0 on the outer faces and at outside voxels.

Run: python3 make_dot_reference.py > dot-reference.tsv
"""
import numpy as np
from scipy.ndimage import gaussian_filter

NX, NY, NZ = 24, 20, 16
SX, SY, SZ = 0.8, 0.9, 1.25
SIGMAS = [1.0, 1.5, 2.0]

k, j, i = np.meshgrid(np.arange(NZ), np.arange(NY), np.arange(NX), indexing="ij")
x, y, z = SX * i, SY * j, SZ * k
v = (50 + 120 * np.exp(-((x - 8) ** 2 + (y - 9) ** 2 + (z - 10) ** 2) / (2 * 1.8 ** 2))
     + 80 * np.exp(-((x - 3) ** 2 + (z - 14) ** 2) / (2 * 1.1 ** 2))
     + 5 * np.sin(0.7 * i + 1.3 * j + 2.1 * k))
v = v.astype(np.float32)
v[(i + j + k) < 4] = 170.0
v = v.astype(np.float64)

best = np.zeros(v.shape)
for s in SIGMAS:
    g = gaussian_filter(v, sigma=(s / SZ, s / SY, s / SX), mode="nearest", truncate=3.0)
    c = g[1:-1, 1:-1, 1:-1]
    def sh(dz, dy, dx):
        return g[1 + dz:NZ - 1 + dz, 1 + dy:NY - 1 + dy, 1 + dx:NX - 1 + dx]
    hxx = (sh(0, 0, 1) - 2 * c + sh(0, 0, -1)) / SX ** 2
    hyy = (sh(0, 1, 0) - 2 * c + sh(0, -1, 0)) / SY ** 2
    hzz = (sh(1, 0, 0) - 2 * c + sh(-1, 0, 0)) / SZ ** 2
    hxy = (sh(0, 1, 1) - sh(0, -1, 1) - sh(0, 1, -1) + sh(0, -1, -1)) / (4 * SX * SY)
    hxz = (sh(1, 0, 1) - sh(-1, 0, 1) - sh(1, 0, -1) + sh(-1, 0, -1)) / (4 * SX * SZ)
    hyz = (sh(1, 1, 0) - sh(-1, 1, 0) - sh(1, -1, 0) + sh(-1, -1, 0)) / (4 * SY * SZ)
    H = np.stack([np.stack([hxx, hxy, hxz], -1), np.stack([hxy, hyy, hyz], -1), np.stack([hxz, hyz, hzz], -1)], -2)
    ev = np.linalg.eigvalsh(H)  # ascending: ev[..., 2] is the largest
    l1, l3 = ev[..., 2], ev[..., 0]
    r = np.where(l1 < 0, s * s * l1 * l1 / np.where(l3 < 0, -l3, 1), 0.0)
    inner = best[1:-1, 1:-1, 1:-1]
    best[1:-1, 1:-1, 1:-1] = np.maximum(inner, r)
best[v == 170.0] = 0

print("# i\tj\tk\tresponse (make_dot_reference.py, scipy", __import__("scipy").__version__, ")")
for kk in range(NZ):
    for jj in range(NY):
        for ii in range(NX):
            r = best[kk, jj, ii]
            if r > 0 and (ii + jj + kk) % 7 == 0:
                print(f"{ii}\t{jj}\t{kk}\t{r:.6e}")
peak = np.unravel_index(np.argmax(best), best.shape)
print(f"# peak\t{peak[2]}\t{peak[1]}\t{peak[0]}\t{best[peak]:.6e}")
