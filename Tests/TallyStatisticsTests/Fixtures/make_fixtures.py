#!/usr/bin/env python3
"""Reference values for TallyStatistics, computed with SciPy and NumPy.

Run once by hand (`python3 make_fixtures.py > statistics.json`); the JSON is committed
so `make test` needs no Python. Each case is independent of our Swift code.
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

print(json.dumps({"wilson": wilson, "descriptive": descriptive}, indent=1))
