#!/usr/bin/env python3
"""Reference values for DetectionEvaluationTest, in numpy only, after the logic of LUNA16's
noduleCADEvaluationLUNA16.py: a candidate hits a nodule when its squared distance to the nodule's
centre is < radius^2; each nodule counts once, with the highest score among its hits; candidates
that hit a nodule are never false positives; the FROC has one point per distinct score, sensitivities
at 1/8..8 FP/scan by np.interp, CPM = their mean.

Scans 0-9 are the validation set, 10-19 the test set. On the validation set the threshold is the
lowest one at which the validation set has <= 2 FP/scan (it spends the budget); it is
applied to the test set (the thresholds the same rule picks at 1, 3 and 4 FP/scan are recorded
too): sensitivity, FP/scan, and per source (maskrcnn, blob) the kept detections,
nodules hit, first hits (the source of each detected nodule's best hit) and false positives; nodules
and detected nodules per diameter range (<6, 6-10, 10-20, >=20 mm). Masks are
balls on a grid of spacing (0.8, 0.8, 1.5) mm with origin 0: a voxel belongs to a ball when its
centre lies within the ball's radius (<=); each detected test nodule's Dice and IoU against its best
hit's ball, summed up as means.
Writes detection_scans.csv (scan,kind,x,y,z,size,score,source; kind nodule: size = diameter, source "-";
kind candidate: size = mask radius) and detection_reference.tsv. Run once from this folder:
  /usr/bin/python3 make_detection_reference.py
"""
import numpy as np

rng = np.random.default_rng(27)
SPACING = np.array([0.8, 0.8, 1.5])
rows = []
for s in range(20):
    nods = []
    for _ in range(rng.integers(1, 5)):
        c = rng.uniform(20, 200, 3); d = float(rng.uniform(3, 25))
        nods.append((c, d)); rows.append((s, "nodule", *c, d, 0.0, "-"))
    for c, d in nods:  # candidates near nodules, some outside the radius
        for _ in range(rng.integers(0, 4)):
            off = rng.normal(0, d / 5, 3)
            src = "maskrcnn" if rng.random() < 0.6 else "blob"
            rows.append((s, "candidate", *(c + off), float(rng.uniform(0.3, 0.7) * d / 2),
                         round(float(rng.uniform(0.2, 1.0)), 2), src))
    for _ in range(rng.integers(1, 8)):  # false positives anywhere
        src = "maskrcnn" if rng.random() < 0.5 else "blob"
        rows.append((s, "candidate", *rng.uniform(20, 200, 3), float(rng.uniform(1, 5)),
                     round(float(rng.uniform(0.0, 0.95)), 2), src))


def match(scans):
    """Per nodule (scan, index, best candidate row or None); per candidate (row, hit)."""
    nod_out, cand_out = [], []
    for s in scans:
        nods = [r for r in rows if r[0] == s and r[1] == "nodule"]
        cands = [r for r in rows if r[0] == s and r[1] == "candidate"]
        hit = np.zeros(len(cands), bool)
        for n in nods:
            c = np.array(n[2:5]); r = n[5] / 2.0
            best = None
            hits_src = {}
            for j, k in enumerate(cands):
                if ((np.array(k[2:5]) - c) ** 2).sum() < r * r:
                    hit[j] = True
                    hits_src[k[7]] = max(hits_src.get(k[7], -1), k[6])
                    if best is None or k[6] > best[6]:
                        best = k
            nod_out.append((n, best, hits_src))
        cand_out += [(k, bool(h)) for k, h in zip(cands, hit)]
    return nod_out, cand_out


def froc(scans):
    nod, cand = match(scans)
    marks = [(b[6], 1) for _, b, _ in nod if b is not None] + [(k[6], 0) for k, h in cand if not h]
    marks.sort(key=lambda m: -m[0])
    scores = np.array([m[0] for m in marks]); tp = np.cumsum([m[1] for m in marks]); fp = np.cumsum([1 - m[1] for m in marks])
    last = np.r_[scores[1:] != scores[:-1], True]  # one point per distinct score, after its ties
    thr = np.r_[np.inf, scores[last]]
    fps = np.r_[0, fp[last]] / len(scans)
    sens = np.r_[0, tp[last]] / len(nod)
    return thr, fps, sens


def ball(c, r):
    lo = np.floor((np.array(c) - r) / SPACING).astype(int) - 1
    hi = np.ceil((np.array(c) + r) / SPACING).astype(int) + 2
    vox = set()
    for i in range(lo[0], hi[0]):
        for j in range(lo[1], hi[1]):
            for k in range(lo[2], hi[2]):
                p = np.array([i, j, k]) * SPACING
                if ((p - c) ** 2).sum() <= r * r:
                    vox.add((i, j, k))
    return vox


rates = [0.125, 0.25, 0.5, 1, 2, 4, 8]
val, test = range(0, 10), range(10, 20)
vthr, vfps, vsens = froc(val)
ok = vfps <= 2.0
best = np.flatnonzero(ok)[-1]  # fps rise along the curve: the last point within the budget
threshold = vthr[best] if np.isfinite(vthr[best]) else np.nextafter(vthr[1], np.inf)
tthr, tfps, tsens = froc(test)
nod, cand = match(test)
det = [(n, b) for n, b, _ in nod if b is not None and b[6] >= threshold]
kept = [(k, h) for k, h in cand if k[6] >= threshold]
out = {"valCpm": float(np.interp(rates, vfps, vsens).mean()), "threshold": float(threshold),
       "valSensitivity": float(vsens[best]), "valFpPerScan": float(vfps[best]),
       "testNodules": len(nod), "testDetected": len(det), "testFalsePositives": sum(1 for _, h in kept if not h),
       "testKept": len(kept), "testCpm": float(np.interp(rates, tfps, tsens).mean())}
for b in (1, 3, 4):  # other budgets, where "lowest threshold" and "highest among ties" differ
    j = np.flatnonzero(vfps <= b)[-1]
    out["valThresholdAt%d" % b] = float(vthr[j]); out["valFpPerScanAt%d" % b] = float(vfps[j])
for i, v in enumerate(np.interp(rates, tfps, tsens)):
    out["testS%d" % i] = float(v)
for src in ("blob", "maskrcnn"):
    out[src + "Detections"] = sum(1 for k, _ in kept if k[7] == src)
    out[src + "FalsePositives"] = sum(1 for k, h in kept if k[7] == src and not h)
    out[src + "NodulesHit"] = sum(1 for _, _, hs in nod if hs.get(src, -1) >= threshold)
    out[src + "FirstHits"] = sum(1 for _, b in det if b[7] == src)
for b, (lo, hi) in enumerate([(0, 6), (6, 10), (10, 20), (20, np.inf)]):  # nodules by diameter
    out["size%dNodules" % b] = sum(1 for n, _, _ in nod if lo <= n[5] < hi)
    out["size%dDetected" % b] = sum(1 for n, _ in det if lo <= n[5] < hi)
dice, iou = [], []
for n, b in det:
    a = ball(np.array(n[2:5]), n[5] / 2.0); p = ball(np.array(b[2:5]), b[5])
    inter = len(a & p)
    dice.append(2 * inter / (len(a) + len(p))); iou.append(inter / len(a | p))
out["meanDice"] = float(np.mean(dice)); out["meanIou"] = float(np.mean(iou))

with open("detection_scans.csv", "w") as f:
    f.write("scan,kind,x,y,z,size,score,source\n")
    for r in rows:
        f.write("%d,%s,%r,%r,%r,%r,%r,%s\n" % (r[0], r[1], *map(float, r[2:7]), r[7]))
with open("detection_reference.tsv", "w") as f:
    f.write("# made by make_detection_reference.py with numpy %s\n" % np.__version__)
    f.write("name\tvalue\n")
    for k, v in out.items():
        f.write("%s\t%r\n" % (k, v))
print(open("detection_reference.tsv").read())
