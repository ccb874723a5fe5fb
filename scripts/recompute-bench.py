#!/usr/bin/env python3
"""Independent recomputation of a survey file made by ../shared/bench/gen_survey.py, under
../shared/bench/county-survey.yaml, compared with Tally's results.json.

Written from FORMS.md and CLI.md without reference to the Swift code: Python's csv module,
NumPy and SciPy. Checks, per unit: ballots, respondents, counts, n, mean, weighted_mean,
every rate with its Wilson interval, group chi-square tests, multi-select counts, the number
question's mean/sd/median/quartiles, section weighted means and Cronbach's alpha, and the index.

Usage: python3 scripts/recompute-bench.py SURVEY.csv RESULTS.json [--tolerance 1e-6]
Exit status 0 when every figure agrees, 1 otherwise (the first differences are printed).
"""
import argparse
import csv
import json
import sys

import numpy as np
from scipy.stats import binomtest, chi2_contingency

GOOD = {"好": 100, "较好": 80, "一般": 60, "差": 0}
SAT = {"满意": 100, "基本满意": 70, "不满意": 0}
UNKNOWN = {"不了解"}
GROUPS = {"班子成员": 0.2, "中层干部": 0.2, "一般干警": 0.3, "服务对象": 0.3}
MISSING = {"", "(跳过)", "(空)", "-2", "-3", "N/A", "NA", "n/a"}
RATES = {"好评率": {"好", "较好"}, "满意率": {"满意", "基本满意"}}

parser = argparse.ArgumentParser()
parser.add_argument("survey")
parser.add_argument("results")
parser.add_argument("--tolerance", type=float, default=1e-6)
args = parser.parse_args()

rows = list(csv.reader(open(args.survey, encoding="utf-8-sig", newline="")))
header, data = rows[0], rows[1:]
col = {h: i for i, h in enumerate(header)}
single_cols = header[4:28]
qids = [f"a{i:02d}" for i in range(1, 13)] + [f"b{i:02d}" for i in range(1, 13)]
results = json.load(open(args.results, encoding="utf-8"))
units = {u["unit"]: u for u in results["units"]}

failures = []


def check(what, ours, theirs):
    if ours is None or theirs is None:
        if ours != theirs:
            failures.append(f"{what}: tally {theirs} vs recomputed {ours}")
        return
    if isinstance(ours, (int, np.integer)) and isinstance(theirs, int):
        if int(ours) != theirs:
            failures.append(f"{what}: tally {theirs} vs recomputed {ours}")
    elif abs(float(ours) - float(theirs)) > args.tolerance * max(1.0, abs(float(ours))):
        failures.append(f"{what}: tally {theirs} vs recomputed {ours}")


def wilson(k, n):
    ci = binomtest(k, n).proportion_ci(method="wilson")
    return ci.low, ci.high


by_unit = {}
for r in data:
    by_unit.setdefault(r[2].strip(), []).append(r)

for name, ballots in by_unit.items():
    u = units.get(name)
    if u is None:
        failures.append(f"{name}: missing from results.json")
        continue
    # Blank ballots: every question but the text ones missing.
    scored = [c for c in range(4, 31)]
    valid = [r for r in ballots if any(r[c].strip() not in MISSING for c in scored)]
    check(f"{name} rows", len(ballots), u["ballots"]["rows"])
    check(f"{name} valid", len(valid), u["ballots"]["valid"])
    for g in GROUPS:
        check(f"{name} respondents {g}", sum(1 for r in valid if r[3].strip() == g), u["respondents"].get(g, 0))
    questions = {q["id"]: q for q in u["questions"]}
    index_parts = []
    item_scores = {}
    for qi, (qid, h) in enumerate(zip(qids, single_cols)):
        scale = GOOD if qid.startswith("a") else SAT
        c = col[h]
        q = questions[qid]
        values = [r[c].strip() for r in valid]
        counts = {label: values.count(label) for label in list(scale) + ["不了解"]}
        for label, count in counts.items():
            check(f"{name} {qid} count {label}", count, q["counts"][label])
        n = sum(counts[l] for l in scale)
        check(f"{name} {qid} n", n, q["n"])
        mean = sum(scale[l] * counts[l] for l in scale) / n if n else None
        check(f"{name} {qid} mean", mean, q["mean"])
        parts = []
        table = []
        for g, w in GROUPS.items():
            gv = [r[c].strip() for r in valid if r[3].strip() == g]
            gn = sum(1 for v in gv if v in scale)
            table.append([sum(1 for v in gv if v == l) for l in scale])
            if gn:
                parts.append((w, sum(scale[v] for v in gv if v in scale) / gn))
        wm = sum(w * m for w, m in parts) / sum(w for w, _ in parts) if parts else None
        check(f"{name} {qid} weighted_mean", wm, q["weighted_mean"])
        index_parts.append(wm)
        for rate, members in RATES.items():
            if rate not in q.get("rates", {}):
                continue
            k = sum(counts[l] for l in members if l in scale)
            low, high = wilson(k, n)
            check(f"{name} {qid} {rate} k", k, q["rates"][rate]["k"])
            check(f"{name} {qid} {rate} low", low, q["rates"][rate]["low"])
            check(f"{name} {qid} {rate} high", high, q["rates"][rate]["high"])
        t = np.array(table)
        t = t[t.sum(axis=1) > 0][:, t.sum(axis=0) > 0]
        if t.shape[0] >= 2 and t.shape[1] >= 2:
            stat, p, dof, _ = chi2_contingency(t, correction=False)
            check(f"{name} {qid} chi2", stat, q["group_test"]["chi2"])
            check(f"{name} {qid} p", p, q["group_test"]["p"])
            check(f"{name} {qid} df", int(dof), q["group_test"]["df"])
        item_scores[qid] = [scale.get(r[c].strip()) for r in valid]
    # Multi-select: ballots choosing each option.
    for qid, h in (("problems", header[28]), ("channels", header[29])):
        q = questions[qid]
        cells = [r[col[h]].strip() for r in valid]
        answered = [cell for cell in cells if cell not in MISSING]
        check(f"{name} {qid} n", len(answered), q["n"])
        for label, count in q["counts"].items():
            check(f"{name} {qid} {label}", sum(1 for cell in answered if label in cell.split("┋")), count)
    # The 0–10 number.
    numbers = np.array([float(r[col[header[30]]]) for r in valid if r[col[header[30]]].strip() not in MISSING])
    q = questions["score10"]
    check(f"{name} score10 n", len(numbers), q["n"])
    check(f"{name} score10 mean", numbers.mean(), q["mean"])
    check(f"{name} score10 sd", numbers.std(ddof=1), q["sd"])
    check(f"{name} score10 median", np.median(numbers), q["median"])
    check(f"{name} score10 q1", np.percentile(numbers, 25), q["q1"])
    check(f"{name} score10 q3", np.percentile(numbers, 75), q["q3"])
    # Sections: weighted mean of the questions' weighted means; alpha over complete ballots.
    for section in u.get("sections", []):
        ids = qids[:12] if section["id"] == "team" else qids[12:]
        wms = [questions[i]["weighted_mean"] for i in ids if questions[i]["weighted_mean"] is not None]
        check(f"{name} section {section['id']} mean", sum(wms) / len(wms), section["weighted_mean"])
        matrix = [[item_scores[i][b] for i in ids] for b in range(len(valid))]
        complete = np.array([m for m in matrix if all(v is not None for v in m)], dtype=float)
        check(f"{name} section {section['id']} alpha_n", len(complete), section["alpha_n"])
        if len(complete) >= 2:
            k = complete.shape[1]
            total = complete.sum(axis=1).var(ddof=1)
            alpha = k / (k - 1) * (1 - complete.var(axis=0, ddof=1).sum() / total) if total > 0 else None
            check(f"{name} section {section['id']} alpha", alpha, section["alpha"])
    present = [m for m in index_parts if m is not None]
    check(f"{name} index", sum(present) / len(present), u["index"])

print(f"{len(data)} rows, {len(by_unit)} units checked; {len(failures)} differences")
for failure in failures[:20]:
    print("  " + failure)
sys.exit(1 if failures else 0)
