#!/usr/bin/env python3
"""Step 1 of the classification reference: writes seeded random cases with ties
(cases_<name>.csv: label,scoreA,scoreB; wilcoxon_<name>.csv: x,y) and the scikit-learn values
(sklearn_reference.tsv, roc_<name>.csv from roc_curve(drop_intermediate=False)).
Step 2 is make_proc_reference.R (R pROC, mcnemar.test, wilcox.test, prop.test).
Run once from this folder:  /usr/bin/python3 make_classification_cases.py && Rscript make_proc_reference.R
"""
import numpy as np, sklearn
from sklearn.metrics import roc_auc_score, roc_curve

rng = np.random.default_rng(5)
sets = {"small": (60, 35, 2), "hb": (523, 365, 2), "ties": (200, 90, 0)}  # n, positives, decimals
rows = []
for name, (n, npos, dec) in sets.items():
    y = np.r_[np.ones(npos, int), np.zeros(n - npos, int)]
    rng.shuffle(y)
    latent = rng.normal(y * 1.0, 1.0)
    a = 1 / (1 + np.exp(-(latent + rng.normal(0, 0.6, n))))
    b = 1 / (1 + np.exp(-(1.3 * latent + rng.normal(0, 0.5, n))))
    if dec == 0:  # heavy ties: six levels
        a = np.round(a * 5) / 5
        b = np.round(b * 5) / 5
    else:
        a = np.round(a, dec)
        b = np.round(b, dec)
    with open("cases_%s.csv" % name, "w") as f:
        f.write("label,scoreA,scoreB\n")
        for i in range(n):
            f.write("%d,%r,%r\n" % (y[i], float(a[i]), float(b[i])))
    fpr, tpr, thr = roc_curve(y, a, drop_intermediate=False)
    with open("roc_%s.csv" % name, "w") as f:
        f.write("threshold,fpr,tpr\n")
        for t, x, z in zip(thr, fpr, tpr):
            f.write("%r,%r,%r\n" % (float(t), float(x), float(z)))
    rows.append((name, roc_auc_score(y, a), roc_auc_score(y, b)))
with open("sklearn_reference.tsv", "w") as f:
    f.write("# made by make_classification_cases.py with scikit-learn %s numpy %s\n" % (sklearn.__version__, np.__version__))
    f.write("name\taucA\taucB\n")
    for r in rows:
        f.write("%s\t%r\t%r\n" % (r[0], float(r[1]), float(r[2])))
# paired measurements for Wilcoxon: per-nodule Dice-like values, rounded (ties, zeros) and untied small set
for name, n, dec in (("tied", 80, 2), ("untied", 20, None)):
    x = np.clip(rng.normal(0.55, 0.15, n), 0, 1)
    y = np.clip(x + rng.normal(0.04, 0.08, n), 0, 1)
    if dec is not None:
        x, y = np.round(x, dec), np.round(y, dec)
    with open("wilcoxon_%s.csv" % name, "w") as f:
        f.write("x,y\n")
        for i in range(n):
            f.write("%r,%r\n" % (float(x[i]), float(y[i])))
print(open("sklearn_reference.tsv").read())
