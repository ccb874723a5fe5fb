#!/usr/bin/env python3
"""Independent recomputation of Samples/leadership/wjx-text-utf8.csv under the built-in
leadership-evaluation form, written without reference to the Swift code: Python's csv
module, plain dictionaries, and SciPy's Wilson interval.

Rules applied (FORMS.md / CLI.md): `(跳过)`/`(空)`/empty are missing; a ballot with every
rated question missing is a blank ballot and invalid; an answer that is no option is an
invalid answer (the ballot stays valid); 不了解 is left out of n and of rates; the weighted
mean weights group means 0.3/0.3/0.4, renormalised over groups that answered, ballots
without a group left out; the index weights overall 2 and every other scored question 1,
a matrix counting once as the mean of its rows' weighted means. The form's 优秀 quota (at most
half of the four leaders rated 优秀 on one ballot) voids that ballot's leader ratings.

Run: python3 recompute_leadership.py > leadership-expected.json
"""
import csv
import json
import pathlib

from scipy.stats import binomtest

ROOT = pathlib.Path(__file__).resolve().parents[3]
rows = list(csv.reader(open(ROOT / "Samples/leadership/wjx-text-utf8.csv", encoding="utf-8")))
header, data = rows[0], rows[1:]

GOOD = {"好": 100, "较好": 80, "一般": 60, "差": 0}
COMP = {"优秀": 100, "称职": 80, "基本称职": 60, "不称职": 0}
WEIGHTS = {"班子成员": 0.3, "中层干部": 0.3, "一般干警": 0.4}
MISSING = {"", "(跳过)", "(空)"}
SINGLES = {"overall": 7, "politics": 8, "integrity": 9, "discipline": 10, "performance": 11}
MATRIX = {"主要负责同志": 12, "分管副职甲": 13, "分管副职乙": 14, "纪检监察负责同志": 15}

valid = []
invalid = 0
for row in data:
    rated = [row[i] for i in list(SINGLES.values()) + list(MATRIX.values())] + [row[16]]
    if all(v.strip() in MISSING for v in rated):
        invalid += 1
        continue
    valid.append(row)


def figures(values, scale):
    counts = {label: values.count(label) for label in scale}
    n = sum(counts.values())
    mean = sum(scale[l] * c for l, c in counts.items()) / n if n else None
    return counts, n, mean


def wilson(k, n):
    ci = binomtest(k, n).proportion_ci(method="wilson")
    return {"k": k, "n": n, "value": k / n, "low": ci.low, "high": ci.high}


def weighted(column, scale, rows=None):
    parts = []
    for group, weight in WEIGHTS.items():
        values = [r[column].strip() for r in (rows or valid) if r[6] == group]
        _, n, mean = figures(values, scale)
        if mean is not None:
            parts.append((weight, mean))
    return sum(w * m for w, m in parts) / sum(w for w, _ in parts)


out = {"rows": len(data), "valid": len(valid), "invalid": invalid, "questions": {}}
out["respondents"] = {g: sum(1 for r in valid if r[6] == g) for g in WEIGHTS}
index_parts = []
for qid, column in SINGLES.items():
    values = [r[column].strip() for r in valid]
    counts, n, mean = figures(values, GOOD)
    good = counts["好"] + counts["较好"]
    out["questions"][qid] = {
        "counts": counts, "unknown": values.count("不了解"), "n": n, "mean": mean,
        "weighted_mean": weighted(column, GOOD), "好评率": wilson(good, n),
        "invalid": sum(1 for v in values if v not in GOOD and v != "不了解" and v not in MISSING),
    }
    index_parts.append((2 if qid == "overall" else 1, out["questions"][qid]["weighted_mean"]))
row_means = []
quota_ok = [sum(1 for c in MATRIX.values() if r[c].strip() == "优秀") <= 2 for r in valid]
out["quota_voided"] = quota_ok.count(False)
for label, column in MATRIX.items():
    values = [r[column].strip() for r, ok in zip(valid, quota_ok) if ok]
    counts, n, mean = figures(values, COMP)
    wm = weighted(column, COMP, [r for r, ok in zip(valid, quota_ok) if ok])
    row_means.append(wm)
    out["questions"]["cadres/" + label] = {
        "counts": counts, "n": n, "mean": mean, "weighted_mean": wm,
        "称职率": wilson(counts["优秀"] + counts["称职"], n),
    }
index_parts.append((1, sum(row_means) / len(row_means)))
out["index"] = sum(w * m for w, m in index_parts) / sum(w for w, _ in index_parts)
problems = {}
for r in valid:
    cell = r[16].strip()
    if cell in MISSING:
        continue
    for item in cell.split("┋"):
        label = "其他" if item.startswith("其他") else item
        problems[label] = problems.get(label, 0) + 1
out["problems"] = {"n": sum(1 for r in valid if r[16].strip() not in MISSING), "counts": problems}
print(json.dumps(out, ensure_ascii=False, indent=1, sort_keys=True))
