"""Keys 40 paper ballots into a keying sheet made by `tally forms sheet`, with openpyxl, as a
clerk would: every value picked from the drop-down the sheet itself offers (its data
validation), never typed from our code. Writes keyed.xlsx and expected.json (the counts, by
this script alone) next to this file, after checking what the sheet promises: the header row
frozen, a drop-down on every option column, a 1/0 drop-down per option of the multi-select.

    .build/debug/tally forms sheet leadership-evaluation --out /tmp/录入表.xlsx
    python3 Tests/TallyRenderTests/Fixtures/keying/key_sheet.py /tmp/录入表.xlsx

make test reads the two files; it needs no Python.
"""
import json
import os
import random
import sys

import openpyxl

sheet_path = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))
workbook = openpyxl.load_workbook(sheet_path)
sheet = workbook["录入"]
header = [cell.value for cell in sheet[1]]

# What the sheet promises.
assert sheet.freeze_panes == "A2", sheet.freeze_panes
lists = {}
for validation in sheet.data_validations.dataValidation:
    assert validation.type == "list", validation.type
    values = validation.formula1.strip('"').split(",")
    column = str(validation.sqref).split(":")[0].rstrip("0123456789")
    lists[column] = values
letters = [openpyxl.utils.get_column_letter(i + 1) for i in range(len(header))]
for letter, title in zip(letters, header):
    if title in ("票号", "您对领导班子的意见和建议"):
        assert letter not in lists, title
    else:
        assert letter in lists, f"{title} has no drop-down"
    if "（可多选）—" in title:
        assert lists[letter] == ["1", "0"], lists[letter]

rng = random.Random(2026)
single = [h for h in header if h in ("对领导班子的总体评价", "政治建设", "党风廉政建设", "纪律作风", "履职尽责")]
rows = [h for h in header if h.startswith("对班子成员的个人评价—")]
options = [h for h in header if h.startswith("您认为领导班子存在的主要问题（可多选）—")]

counts = {h: {} for h in single + rows}
chosen = {h.split("—", 1)[1]: 0 for h in options}
groups = {}
for number in range(1, 41):
    row = {"票号": f"{number:03d}"}
    group = rng.choice(lists[letters[header.index("身份")]])
    row["身份"] = group
    groups[group] = groups.get(group, 0) + 1
    for title in single:
        value = rng.choice(lists[letters[header.index(title)]])
        row[title] = value
        counts[title][value] = counts[title].get(value, 0) + 1
    # At most half of the leaders 优秀 (the form's quota), never one answer for all.
    ratings = [rng.choice(["称职", "基本称职", "不称职"]) for _ in rows]
    ratings[rng.randrange(len(rows))] = "优秀"
    for title, value in zip(rows, ratings):
        assert value in lists[letters[header.index(title)]]
        row[title] = value
        counts[title][value] = counts[title].get(value, 0) + 1
    # At most three problems.
    picked = set(rng.sample(options, rng.randint(0, 3)))
    for title in options:
        row[title] = "1" if title in picked else "0"
        if title in picked:
            chosen[title.split("—", 1)[1]] += 1
    row["您对领导班子的意见和建议"] = "无" if number % 5 else "希望多下基层"
    sheet.append([row.get(title) for title in header])

workbook.save(os.path.join(here, "keyed.xlsx"))
with open(os.path.join(here, "expected.json"), "w", encoding="utf-8") as out:
    json.dump({"ballots": 40, "groups": groups, "counts": counts, "problems": chosen, "header": header},
              out, ensure_ascii=False, indent=1, sort_keys=True)
print("keyed 40 ballots;", len(header), "columns")
