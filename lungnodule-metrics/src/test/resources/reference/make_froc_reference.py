#!/usr/bin/env python3
"""FROC/CPM reference in the manner of the LUNA16 evaluation script (noduleCADEvaluationLUNA16.py):
hits are candidates with squared distance < radius^2; each nodule contributes its best-scoring hit as
a TP; candidates hitting no nodule are FPs; sklearn roc_curve on (TP/FP marks) gives
fps = fpr * #FP / #scans and sens = tpr * #detected / #nodules; sensitivities at 1/8..8 FP/scan by
np.interp; CPM = their mean. Writes froc_nodules.csv, froc_candidates.csv, froc_reference.tsv.
Run once from this folder:  /usr/bin/python3 make_froc_reference.py
"""
import numpy as np, sklearn
from sklearn.metrics import roc_curve

rng = np.random.default_rng(16)
scans = 12
nod_rows, cand_rows = [], []
for s in range(scans):
    nods = []
    for _ in range(rng.integers(0, 4)):
        c = rng.uniform(0, 300, 3); d = float(rng.uniform(3, 30))
        nods.append((c, d)); nod_rows.append((s, *c, d))
    for c, d in nods:  # candidates near nodules, some outside the radius
        for _ in range(rng.integers(0, 4)):
            off = rng.normal(0, d / 6, 3)
            cand_rows.append((s, *(c + off), round(float(rng.uniform(0.3, 1.0)), 2)))
    for _ in range(rng.integers(2, 15)):  # false positives anywhere
        cand_rows.append((s, *rng.uniform(0, 300, 3), round(float(rng.uniform(0.0, 0.9)), 2)))

nodules = np.array([r[1:] for r in nod_rows]); nscan = np.array([r[0] for r in nod_rows])
cands = np.array([r[1:] for r in cand_rows]); cscan = np.array([r[0] for r in cand_rows])
hit_any = np.zeros(len(cands), bool)
marks, labels, detected = [], [], 0
for i in range(len(nodules)):
    sel = np.flatnonzero(cscan == nscan[i])
    d2 = ((cands[sel, :3] - nodules[i, :3]) ** 2).sum(1)
    hits = sel[d2 < (nodules[i, 3] / 2.0) ** 2]
    if len(hits):
        hit_any[hits] = True; detected += 1
        marks.append(cands[hits, 3].max()); labels.append(1)
fp = 0
for j in range(len(cands)):
    if not hit_any[j]:
        marks.append(cands[j, 3]); labels.append(0); fp += 1
fpr, tpr, _ = roc_curve(labels, marks)
fps = fpr * fp / scans
sens = tpr * detected / len(nodules)
rates = [0.125, 0.25, 0.5, 1, 2, 4, 8]
at = np.interp(rates, fps, sens)
with open("froc_nodules.csv", "w") as f:
    f.write("scan,x,y,z,diameter\n")
    for r in nod_rows:
        f.write("%d,%r,%r,%r,%r\n" % (r[0], *map(float, r[1:])))
with open("froc_candidates.csv", "w") as f:
    f.write("scan,x,y,z,score\n")
    for r in cand_rows:
        f.write("%d,%r,%r,%r,%r\n" % (r[0], *map(float, r[1:])))
with open("froc_reference.tsv", "w") as f:
    f.write("# made by make_froc_reference.py with scikit-learn %s numpy %s\n" % (sklearn.__version__, np.__version__))
    f.write("name\tscans\tnodules\tdetected\tfalsePositives\tcpm\t" + "\t".join("s%d" % i for i in range(7)) + "\n")
    f.write("froc\t%d\t%d\t%d\t%d\t%r\t%s\n" % (scans, len(nodules), detected, fp, float(at.mean()),
                                               "\t".join(repr(float(v)) for v in at)))
print(open("froc_reference.tsv").read())
