#!/usr/bin/env python3
"""Recounts results.json from the ballot ledgers alone (every <unit>/ballots.csv of an output
folder) and the form's YAML, and compares: the recount docs/results.md promises anyone can make.

Written from FORMS.md and docs/results.md, not from the Swift code: Python's csv module and
PyYAML. Per unit it checks ballots (rows, valid, invalid, abstain), respondents, and per
question and matrix row: counts, missing, invalid, n, mean, weighted_mean and every rate's k, n
and value; multi-selects' counts and n; and the unit's index.

Usage: python3 scripts/recount-ledger.py OUT_DIR [--forms Forms] [--tolerance 1e-9]
Forms are found by id among Forms/*.yaml and the form files evidence.json names.
Exit status 0 when every figure agrees, 1 otherwise (the differences are printed).
"""
import argparse
import csv
import glob
import json
import os
import sys

import yaml

parser = argparse.ArgumentParser()
parser.add_argument("out")
parser.add_argument("--forms", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Forms"))
parser.add_argument("--tolerance", type=float, default=1e-9)
args = parser.parse_args()

results = json.load(open(os.path.join(args.out, "results.json"), encoding="utf-8"))
failures = []
checked = 0


def check(what, recounted, tally):
    global checked
    checked += 1
    if recounted is None or tally is None:
        if recounted != tally:
            failures.append(f"{what}: tally {tally}, recount {recounted}")
        return
    if isinstance(recounted, float) or isinstance(tally, float):
        if abs(recounted - tally) > args.tolerance * max(1.0, abs(tally)):
            failures.append(f"{what}: tally {tally}, recount {recounted}")
    elif recounted != tally:
        failures.append(f"{what}: tally {tally}, recount {recounted}")


# Forms by id: the built-in ones, then those evidence.json names (paths as the run gave them).
forms = {}
paths = glob.glob(os.path.join(args.forms, "*.yaml"))
evidence_path = os.path.join(args.out, "evidence.json")
if os.path.exists(evidence_path):
    evidence = json.load(open(evidence_path, encoding="utf-8"))
    campaign = next((i["path"] for i in evidence["inputs"] if i["role"] == "campaign"), None)
    for item in evidence["inputs"]:
        if item["role"] == "form" and not item.get("builtin"):
            path = item["path"]
            if item.get("base") == "campaign" and campaign:
                path = os.path.join(os.path.dirname(campaign), path)
            paths.append(path)
for path in paths:
    with open(path, encoding="utf-8") as f:
        form = yaml.safe_load(f)
    forms[form["id"]] = form


def options_of(form, question):
    raw = question.get("options")
    if raw is None and "scale" in question:
        raw = form["scales"][question["scale"]]["options"]
    options = []
    for option in raw or []:
        if isinstance(option, dict):
            options.append({"label": str(option["label"]), "score": option.get("score"),
                            "counted": option.get("counted", True)})
        else:
            options.append({"label": str(option), "score": None, "counted": True})
    return options


def column_text(form, question):
    return question.get("text", question["id"])


def mean(values):
    return sum(values) / len(values) if values else None


def trimmed(values, trim):
    if not trim or len(values) <= trim.get("when_n_above", 0):
        return values
    ordered = sorted(values)
    return ordered[trim.get("drop_lowest", 0): len(ordered) - trim.get("drop_highest", 0)]


def weighted(by_group, weights):
    """Σ w_g·mean_g / Σ w_g over the groups with answers; the plain mean when none has any."""
    present = [(weights[g], m) for g, m in by_group.items() if m is not None and g in weights]
    if not present:
        return None
    total = sum(w for w, _ in present)
    return sum(w * m for w, m in present) / total


for unit in results["units"]:
    name = unit["unit"]
    form = forms[unit["form"]]
    # The unit's folder: its name, `/` and `\` made `_`, never hidden (docs/results.md).
    folder = "".join("_" if c in "/\\" or ord(c) < 0x20 else c for c in name)
    folder = "_" + folder[1:] if folder.startswith(".") else folder or "_"
    ledger_path = os.path.join(args.out, folder, "ballots.csv")
    with open(ledger_path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header, lines = rows[0], rows[1:]
    at = {h: i for i, h in enumerate(header)}
    verdict = at["结论"]
    valid = [r for r in lines if r[verdict] in ("有效", "有效（弃权）")]
    answered = [r for r in valid if r[verdict] == "有效"]
    counted_rows = [r for r in lines if r[verdict] != "非答卷行"]
    ballots = unit["ballots"]
    check(f"{name} rows", len(counted_rows), ballots["rows"])
    check(f"{name} valid", len(valid), ballots["valid"])
    check(f"{name} invalid", len(counted_rows) - len(valid), ballots["invalid"])
    check(f"{name} abstain", len(valid) - len(answered), ballots["abstain"])

    # Groups: results.json lists the form's groups first, in form order, under the unit's labels.
    groups = (form.get("respondents") or {}).get("groups", [])
    labels = list(unit["respondents"].keys())[: len(groups)]
    weights = {label: float(g.get("weight", 1)) for label, g in zip(labels, groups)}
    group_of = at["类别（计入）"]
    for label, count in unit["respondents"].items():
        check(f"{name} respondents {label}", sum(1 for r in valid if r[group_of] == label), count)
    known_any = any(r[group_of] in weights for r in answered)

    def figures(what, values_by_row, options, figures_json, trim=None, numeric=False):
        """values_by_row: (group, value, rejected) per valid, non-blank ballot."""
        missing = sum(1 for _, v, bad in values_by_row if v == "" and not bad)
        invalid = sum(1 for _, v, bad in values_by_row if v == "" and bad)
        check(f"{what} missing", missing, figures_json.get("missing"))
        check(f"{what} invalid", invalid, figures_json.get("invalid"))
        if numeric:
            numbers = [float(v) for _, v, _ in values_by_row if v != ""]
            check(f"{what} n", len(numbers), figures_json.get("n"))
            check(f"{what} mean", mean(trimmed(numbers, trim)), figures_json.get("mean"))
            if "weighted_mean" in figures_json and known_any:
                by_group = {g: mean(trimmed([float(v) for gg, v, _ in values_by_row if gg == g and v != ""], trim)) for g in weights}
                check(f"{what} weighted_mean", weighted(by_group, weights), figures_json["weighted_mean"])
            return
        score = {o["label"]: o["score"] for o in options if o["counted"] and o["score"] is not None}
        counted = {o["label"] for o in options if o["counted"]}
        for option in options:
            check(f"{what} count {option['label']}", sum(1 for _, v, _ in values_by_row if v == option["label"]),
                  figures_json["counts"].get(option["label"]))
        counted_values = [v for _, v, _ in values_by_row if v in counted]
        check(f"{what} n", len(counted_values), figures_json.get("n"))
        if score:
            check(f"{what} mean", mean([score[v] for v in counted_values if v in score]), figures_json.get("mean"))
            if "weighted_mean" in figures_json:
                if known_any:
                    by_group = {g: mean([score[v] for gg, v, _ in values_by_row if gg == g and v in score]) for g in weights}
                    check(f"{what} weighted_mean", weighted(by_group, weights), figures_json["weighted_mean"])
                else:
                    check(f"{what} weighted_mean", figures_json.get("mean"), figures_json["weighted_mean"])
        for rate_name, rate in (figures_json.get("rates") or {}).items():
            of = set(form["rubric"]["rates"][rate_name]["options"])
            base = [v for _, v, _ in values_by_row if v != ""] if rate.get("denominator") == "all" else counted_values
            k = sum(1 for v in base if v in of)
            check(f"{what} {rate_name} k", k, rate["k"])
            check(f"{what} {rate_name} n", len(base), rate["n"])
            check(f"{what} {rate_name} value", k / len(base) if base else None, rate["value"])

    question_means = {}
    for question, qjson in zip(form["questions"], unit["questions"]):
        text = column_text(form, question)
        kind = question.get("type", "single")
        options = options_of(form, question)
        what = f"{name} {question['id']}"
        if kind in ("single", "number"):
            col, why = at[text], at[text + "（未计原因）"]
            values = [(r[group_of], r[col], r[why] != "") for r in answered]
            figures(what, values, options, qjson, numeric=kind == "number")
            question_means[question["id"]] = qjson.get("weighted_mean", qjson.get("mean"))
        elif kind == "matrix":
            numeric = (question.get("answer") or {}).get("type") == "number"
            row_means = []
            for row in question["rows"]:
                label = str(row if not isinstance(row, dict) else row["label"])
                rjson = qjson["rows"][label]
                col, why = at[f"{text}—{label}"], at[f"{text}—{label}（未计原因）"]
                values = [(r[group_of], r[col], r[why] != "") for r in answered]
                figures(f"{what}/{label}", values, options, rjson, trim=question.get("trim"), numeric=numeric)
                row_means.append(rjson.get("weighted_mean", rjson.get("mean")))
            present = [m for m in row_means if m is not None]
            question_means[question["id"]] = sum(present) / len(present) if present else None
        elif kind == "multi":
            columns = [at[f"{text}—{o['label']}"] for o in options]
            why = at[text + "（未计原因）"]
            for option, col in zip(options, columns):
                check(f"{what} count {option['label']}", sum(1 for r in answered if r[col] == "1"), qjson["counts"].get(option["label"]))
            check(f"{what} n", sum(1 for r in answered if any(r[c] != "" for c in columns)), qjson.get("n"))
            check(f"{what} invalid", sum(1 for r in answered if r[why] != ""), qjson.get("invalid"))
        elif kind == "text":
            col = at[text + "（是否作答）"]
            check(f"{what} n", sum(1 for r in answered if r[col] == "1"), qjson.get("n"))

    # The index: question means (weighted across groups) weighted by question weight, over the
    # scored questions that have answers (FORMS.md rubric.index).
    if form.get("rubric", {}).get("index", "none") == "weighted_mean" and unit.get("index") is not None:
        total = 0.0
        weight_sum = 0.0
        for question in form["questions"]:
            m = question_means.get(question["id"])
            kind = question.get("type", "single")
            if m is None or kind in ("multi", "text") or float(question.get("weight", 1)) == 0:
                continue
            if kind == "number" or ((question.get("answer") or {}).get("type") == "number" and not (
                    question["answer"].get("min", -1) >= 0 and question["answer"].get("max", 101) <= 100)):
                continue
            w = float(question.get("weight", 1))
            total += w * m
            weight_sum += w
        check(f"{name} index", total / weight_sum if weight_sum else None, unit["index"])

if failures:
    print(f"recount: {len(failures)} of {checked} figures differ:")
    for failure in failures[:30]:
        print("  " + failure)
    sys.exit(1)
print(f"recount: {checked} figures of {len(results['units'])} units recounted from the ledgers; 0 differences")
