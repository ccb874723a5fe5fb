#!/usr/bin/env python3
"""Reference values for TallyStatistics, computed with SciPy and NumPy.

Run once by hand (`python3 make_fixtures.py > statistics.json`; needs numpy, scipy and
statsmodels from PyPI); the JSON is committed so `make test` needs no Python. Each case is
independent of our Swift code.
"""
import json
import random

import numpy as np
from scipy.stats import binomtest

random.seed(20261126)

wilson = []
for k, n in [(45, 54), (0, 10), (10, 10), (1, 1), (0, 1), (26, 54), (2, 55), (6, 9), (550, 1000), (1, 3)]:
    ci = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    wilson.append({"k": k, "n": n, "low": ci.low, "high": ci.high})
for _ in range(20):
    n = random.randint(1, 5000)
    k = random.randint(0, n)
    ci = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    wilson.append({"k": k, "n": n, "low": ci.low, "high": ci.high})

samples = [[100, 80, 80, 60, 0], [5], [3, 3, 3, 3], [1, 2, 3, 4]]
for _ in range(12):
    size = random.randint(2, 400)
    pool = random.choice([[0, 60, 80, 100], list(range(0, 101)), [1, 2, 3, 4, 5], [55, 75, 100]])
    samples.append([random.choice(pool) for _ in range(size)])
descriptive = []
for values in samples:
    a = np.array(values, dtype=float)
    descriptive.append({
        "values": values,
        "mean": float(a.mean()),
        "sd": float(a.std(ddof=1)) if len(a) > 1 else None,
        "median": float(np.median(a)),
        "q1": float(np.percentile(a, 25, method="linear")),
        "q3": float(np.percentile(a, 75, method="linear")),
        "min": float(a.min()),
        "max": float(a.max()),
    })

# Issue 5: tests, reliability, trimming — each from a different library or formula.
from scipy.special import gammaincc
from scipy.stats import chi2_contingency
from statsmodels.stats.proportion import proportions_ztest

more = random.Random(5)
gamma = []
for a, x in [(0.5, 0.1), (0.5, 3.0), (1, 1), (2.5, 0.7), (3, 10), (10, 5), (10, 15), (50, 45), (0.5, 40), (7.5, 7.5)]:
    gamma.append({"a": a, "x": x, "q": float(gammaincc(a, x))})

tables = [
    [[10, 20, 30], [20, 20, 20]],
    [[5, 0, 3], [0, 0, 0], [2, 7, 1]],          # a zero row
    [[12, 0, 4], [8, 0, 9]],                   # a zero column
    [[40, 30, 20, 10], [10, 20, 30, 40], [25, 25, 25, 25]],
    [[1, 2], [3, 1]],                          # expected counts below 5
]
for _ in range(6):
    r, c = more.randint(2, 5), more.randint(2, 5)
    tables.append([[more.randint(0, 60) for _ in range(c)] for _ in range(r)])
chisq = []
for table in tables:
    a = np.array(table)
    kept = a[a.sum(axis=1) > 0][:, a.sum(axis=0) > 0]
    stat, p, dof, expected = chi2_contingency(kept, correction=False)
    n = kept.sum()
    v = (stat / (n * (min(kept.shape) - 1))) ** 0.5
    chisq.append({"table": table, "chi2": float(stat), "df": int(dof), "p": float(p), "cramers_v": float(v),
                  "min_expected": float(expected.min()), "below5": int((expected < 5).sum())})

alphas = []
for _ in range(8):
    k = more.randint(2, 8)
    n = more.randint(5, 300)
    base = [more.gauss(0, 1) for _ in range(n)]
    rows = [[max(0, min(100, round(70 + 15 * b + more.gauss(0, 12), 0))) for _ in range(k)] for b in base]
    x = np.array(rows, dtype=float)
    item_var = x.var(axis=0, ddof=1).sum()
    total_var = x.sum(axis=1).var(ddof=1)
    alphas.append({"rows": rows, "alpha": float(k / (k - 1) * (1 - item_var / total_var))})

ztests = []
for k1, n1, k2, n2 in [(45, 54, 50, 60), (80, 100, 60, 100), (5, 20, 15, 20), (300, 1000, 330, 1000), (0, 10, 3, 10)]:
    z, p = proportions_ztest([k2, k1], [n2, n1])
    ztests.append({"k1": k1, "n1": n1, "k2": k2, "n2": n2, "z": float(z), "p": float(p)})

trims = []
for _ in range(6):
    values = [more.randint(60, 100) for _ in range(more.randint(3, 30))]
    hi, lo = more.randint(0, 2), more.randint(0, 2)
    kept = sorted(values)[lo:len(values) - hi] if hi + lo < len(values) else []
    trims.append({"values": values, "drop_highest": hi, "drop_lowest": lo,
                  "mean": float(np.mean(kept)) if kept else None, "n": len(kept)})

print(json.dumps({"wilson": wilson, "descriptive": descriptive, "gamma": gamma, "chisq": chisq,
                  "alpha": alphas, "ztest": ztests, "trim": trims}, indent=1))
