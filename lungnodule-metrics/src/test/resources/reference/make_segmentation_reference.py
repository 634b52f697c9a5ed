#!/usr/bin/env python3
"""Writes seeded random mask pairs (seg/case<k>_{pred,truth}.raw, uint8, x fastest) and their
reference scores (segmentation_reference.json) computed with scipy on the FULL volume.

Run once from this folder with Debian's python3 (numpy, scipy):  /usr/bin/python3 make_segmentation_reference.py
Surface = mask & ~binary_erosion(mask, 6-connectivity) (border_value 0: voxels on the border are surface).
Directed distances via distance_transform_edt(~surface, sampling=spacing); ASD symmetric = mean of the
union of both directed sets (MONAI symmetric=True); HD95 = max of the two directed 95th percentiles.
"""
import json, os
import numpy as np, scipy, scipy.ndimage as ndi

st6 = ndi.generate_binary_structure(3, 1)

def surface(m):
    return m & ~ndi.binary_erosion(m, structure=st6)

def scores(a, b, sp):
    # arrays are (z, y, x); sampling in the same axis order
    samp = (sp[2], sp[1], sp[0])
    na, nb = int(a.sum()), int(b.sum()); ni = int((a & b).sum())
    out = {"predVoxels": na, "truthVoxels": nb, "intersectionVoxels": ni}
    out["dice"] = 1.0 if na + nb == 0 else 2.0 * ni / (na + nb)
    out["iou"] = 1.0 if na + nb == 0 else ni / (na + nb - ni)
    if na == 0 or nb == 0:
        return out
    sa, sb = surface(a), surface(b)
    da = ndi.distance_transform_edt(~sa, sampling=samp)
    db = ndi.distance_transform_edt(~sb, sampling=samp)
    ab, ba = db[sa], da[sb]
    out["asdMm"] = float(np.concatenate([ab, ba]).mean())
    out["asdPredToTruthMm"] = float(ab.mean())
    out["asdTruthToPredMm"] = float(ba.mean())
    out["hausdorffMm"] = float(max(ab.max(), ba.max()))
    out["hd95Mm"] = float(max(np.percentile(ab, 95), np.percentile(ba, 95)))
    return out

def blob(rng, shape, thr, sigma):
    noise = rng.standard_normal(shape)
    sm = ndi.gaussian_filter(noise, sigma)
    return sm > thr * sm.std()

cases = []
rng = np.random.default_rng(20261126)
specs = [  # (nx, ny, nz), spacing (x, y, z) mm, kind
    ((20, 18, 12), (0.7, 0.7, 2.5), "blob"),
    ((16, 16, 16), (1.0, 1.0, 1.0), "blob"),
    ((24, 20, 9), (0.6, 0.8, 5.0), "blob"),
    ((12, 14, 10), (1.3, 0.9, 1.7), "border"),   # foreground touching the grid border
    ((30, 25, 8), (0.75, 0.75, 2.0), "sphere"),
    ((10, 10, 10), (1.0, 2.0, 3.0), "single"),   # one voxel vs a small blob
    ((18, 22, 14), (0.9, 0.9, 1.25), "blob"),
    ((15, 12, 11), (1.0, 1.0, 1.0), "disjoint"),
]
for k, (dims, sp, kind) in enumerate(specs):
    nx, ny, nz = dims
    shape = (nz, ny, nx)
    if kind == "blob":
        t = blob(rng, shape, 0.8, 1.5)
        p = t.copy()
        flip = rng.random(shape) < 0.08
        p = np.where(flip, ~p, p)
        p = ndi.binary_opening(p, st6) | (t & (rng.random(shape) < 0.5))
    elif kind == "border":
        t = blob(rng, shape, 0.3, 1.2)
        t[:, :, 0] |= rng.random((nz, ny)) < 0.5
        p = blob(rng, shape, 0.3, 1.2) | t[::-1, :, :]
    elif kind == "sphere":
        zz, yy, xx = np.ogrid[:nz, :ny, :nx]
        t = ((xx - 14) * 0.75) ** 2 + ((yy - 12) * 0.75) ** 2 + ((zz - 4) * 2.0) ** 2 <= 6.0 ** 2
        p = ((xx - 16) * 0.75) ** 2 + ((yy - 11) * 0.75) ** 2 + ((zz - 4) * 2.0) ** 2 <= 5.5 ** 2
        p = p ^ (rng.random(shape) < 0.02)
    elif kind == "single":
        t = np.zeros(shape, bool); t[5, 5, 5] = True
        p = blob(rng, shape, 1.0, 1.0)
    else:  # disjoint
        t = np.zeros(shape, bool); t[2:5, 2:6, 3:7] = True
        p = np.zeros(shape, bool); p[7:10, 6:11, 8:14] = True
    t = t.astype(bool); p = p.astype(bool)
    name = "case%d" % k
    p.astype(np.uint8).tofile(os.path.join("seg", name + "_pred.raw"))
    t.astype(np.uint8).tofile(os.path.join("seg", name + "_truth.raw"))
    rec = {"name": name, "kind": kind, "dims": list(dims), "spacing": list(sp)}
    rec.update(scores(p, t, sp))
    cases.append(rec)

cols = ["name", "nx", "ny", "nz", "sx", "sy", "sz", "predVoxels", "truthVoxels", "intersectionVoxels",
        "dice", "iou", "asdMm", "asdPredToTruthMm", "asdTruthToPredMm", "hausdorffMm", "hd95Mm"]
with open("segmentation_reference.tsv", "w") as f:
    f.write("# made by make_segmentation_reference.py with numpy %s scipy %s; NaN = undefined\n"
            % (np.__version__, scipy.__version__))
    f.write("\t".join(cols) + "\n")
    for c in cases:
        row = dict(c, nx=c["dims"][0], ny=c["dims"][1], nz=c["dims"][2],
                   sx=c["spacing"][0], sy=c["spacing"][1], sz=c["spacing"][2])
        f.write("\t".join(repr(row.get(k, float("nan"))) if k != "name" else row[k] for k in cols) + "\n")
