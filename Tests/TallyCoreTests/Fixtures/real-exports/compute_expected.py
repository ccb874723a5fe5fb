#!/usr/bin/env python3
"""Counts of the real exports in ../shared/real-exports, computed without Tally: Python's csv
module, the questionnaire's structure written out below by hand. Writes expected.json beside
this script (counts only: no row, no answer text of a respondent).

The two workbooks (.xlsx) are read with openpyxl (`pip install openpyxl`).

Run from the package root:  python3 Tests/TallyCoreTests/Fixtures/real-exports/compute_expected.py
"""
import collections
import csv
import io
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.abspath(os.path.join(HERE, "../../../../../shared/real-exports"))
MISSING = {"", "(跳过)", "(空)", "-2", "-3", "N/A"}


def read(path, encoding, delimiter=","):
    with open(path, encoding=encoding, newline="") as f:
        return list(csv.reader(io.StringIO(f.read()), delimiter=delimiter))


def single(rows, column, options):
    counts = collections.Counter(r[column].strip() for r in rows if r[column].strip() not in MISSING)
    return {o: counts.get(o, 0) for o in options}


def multi(rows, column, options, other=None):
    counts = {o: 0 for o in options}
    for r in rows:
        cell = r[column].strip()
        if cell in MISSING:
            continue
        for piece in cell.split("┋"):
            label = piece.split("〖")[0]
            if label in counts:
                counts[label] += 1
            elif other:
                counts[other] += 1
    return counts


def wjx():
    rows = read(os.path.join(SHARED, "wjx-text-gbk-aigc/survey_data.csv"), "gb18030")
    body = rows[1:]
    seven = [str(n) for n in range(1, 8)]
    agree = ["极其符合", "符合", "有些符合", "一般", "有些不符合", "不符合", "极其不符合"]
    return {
        "rows": len(body),
        "gender": single(body, 0, ["男", "女"]),
        "known": single(body, 3, ["非常了解", "比较了解", "一般", "不太了解", "完全不了解"]),
        "uses": multi(body, 5, ["课程作业辅助（如写论文、完成报告等））", "日常生活", "创意启发（如写作灵感等）", "娱乐（如聊天等）", "其它"], other="其它"),
        "difficulties": [single(body, c, seven) for c in range(9, 17)],
        "inspires": single(body, 17, agree),
        "satisfaction": [single(body, c, seven) for c in range(25, 31)],
        "improve": multi(body, 31, ["提高内容准确性", "增强理解需求能力", "提升内容深度和创新性", "加强数据隐私和安全保护", "优化操作界面和流程", "其它"], other="其它"),
        "continue": single(body, 32, ["肯定会", "可能会", "不确定", "可能不会", "肯定不会"]),
        "pay": single(body, 35, ["1~50元", "50~100元", "100~150元", "150~200元", "200元以上"]),
    }


def qualtrics():
    rows = read(os.path.join(SHARED, "qualtrics-3row-sample/sample.csv"), "utf-8")
    header, body = rows[0], rows[3:]  # row 2: question texts; row 3: import ids
    choice = header.index("Q1")
    finished = header.index("Finished")
    duration = header.index("Duration (in seconds)")
    return {
        "rows": len(body),
        "unfinished": sum(1 for r in body if r[finished] in ("0", "False", "")),
        "too_fast": sum(1 for r in body if float(r[duration]) < 10),
        "choice": {label: sum(1 for r in body if r[choice] == code) for code, label in (("1", "First"), ("2", "Second"), ("3", "Third"))},
        "comments": sum(1 for r in body if r[header.index("Q2")].strip()),
    }


def limesurvey_fulltext():
    rows = read(os.path.join(SHARED, "limesurvey-fulltext-cpp/results-survey.csv"), "utf-8")
    header, body = rows[0], rows[1:]
    def column(prefix):
        return next(i for i, h in enumerate(header) if h.replace("\u00a0", " ").startswith(prefix))
    submitted = header.index("Date submitted")
    complete = [r for r in body if r[submitted].strip()]
    singles = {
        "age": (column("1 - "), ["24 years old or less", "25 - 34 years old", "35 - 44 years old", "45 - 54 years old",
                                  "55 years old or more", "I prefer to keep it a secret"]),
        "coding": (column("2 - "), ["Yes", "No, but I used to code in a previous work", "No and I never had to code in work"]),
        "setup": (column("9 - "), ["Very Easy", "Easy", "Somewhat Easy", "Somewhat Difficult", "Difficult", "Very Difficult"]),
        "satisfaction": (column("12 - "), ["1", "2", "3", "4", "5"]),
    }
    os_columns = {label: column("10 - Which operating systems did you use while working on this project? [" + label + "]")
                  for label in ["BSD", "Linux", "OS X / macOS", "Windows", "Other"]}
    def os_answer(r):
        # Per-option cells: Yes chosen; No not chosen; N/A or empty missing; any text under Other chooses it.
        chosen = [label for label, i in os_columns.items()
                  if (r[i] == "Yes" if label != "Other" else r[i].strip() not in ("", "N/A", "No"))]
        present = any(r[i].strip() not in ("", "N/A") for i in os_columns.values())
        return chosen if present and chosen else None
    def blank(r):
        return all(r[i].strip() in MISSING for i, _ in singles.values()) and os_answer(r) is None
    valid = [r for r in complete if not blank(r)]
    expected = {"rows": len(body), "incomplete": len(body) - len(complete), "blank": len(complete) - len(valid)}
    for name, (i, options) in singles.items():
        expected[name] = single(valid, i, options)
    expected["os"] = {label: sum(1 for r in valid if label in (os_answer(r) or [])) for label in os_columns}
    return expected


def limesurvey_two_rows():
    rows = read(os.path.join(SHARED, "limesurvey-2rowheader-semicolon/results-survey.csv"), "utf-8-sig", delimiter=";")
    body = rows[2:]  # two header rows
    def per_option(first, labels, other_column):
        counts = {label: sum(1 for r in body if r[first + i] == "Ja") for i, label in enumerate(labels)}
        counts["Sonstiges"] = sum(1 for r in body if r[other_column].strip())
        answered = sum(1 for r in body if any(r[first + i] == "Ja" for i in range(len(labels))) or r[other_column].strip())
        return counts, answered
    background, background_n = per_option(0, ["Maschinenbau", "Elektrotechnik", "Informatik", "Kybernetik", "Mechatronik",
                                              "Betriebswirtschaft"], 6)
    kinds, kinds_n = per_option(22, ["CAD/3D Modelle", "E/E-Architekturmodelle", "Zustandsdiagramme", "Aktivitätsdiagramme",
                                     "Datenbank(schema)", "Prozessmodell", "Vorgehensmodell"], 29)
    scale = ["sehr häufig", "eher häufig", "eher selten", "selten", "gar nicht"]
    return {
        "rows": len(body),
        "background": background, "background_n": background_n,
        "kinds": kinds, "kinds_n": kinds_n,
        "purposes": [single(body, c, scale) for c in range(7, 11)],
    }


def workbook_rows(path):
    import openpyxl  # only these two need it
    sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def tencent_macau():
    """腾讯问卷 in Excel: `字母.选项` answers, per-option columns holding `字母.选项` when chosen."""
    rows = workbook_rows(os.path.join(SHARED, "tencent-xlsx-powerquery-macau/11918392_202303191156582830.xlsx"))
    header, body = rows[0], rows[1:]
    def label(cell):
        # "B.女" -> "女"; "K.其他____________" -> "其他"
        text = cell.split(".", 1)[1] if len(cell) > 2 and cell[1] == "." else cell
        return text.rstrip("_")
    def single_letters(column, options):
        counts = collections.Counter(label(r[column]) for r in body if r[column].strip())
        return {o: counts.get(o, 0) for o in options}
    purposes = ["观光旅游", "赌博娱乐", "购物消费", "美食文化", "商务考察", "参观大学", "其他"]
    purpose_columns = [i for i, h in enumerate(header) if h.startswith("5.") and not h.endswith("[选项填空]")]
    assert len(purpose_columns) == len(purposes)
    purpose = {o: sum(1 for r in body if r[c].strip()) for o, c in zip(purposes, purpose_columns)}
    purpose_n = sum(1 for r in body if any(r[c].strip() for c in purpose_columns))
    matrices = {}
    for i, h in enumerate(header):
        if h.split(".", 1)[0].isdigit() and int(h.split(".", 1)[0]) >= 6 and ":" in h:
            number = h.split(".", 1)[0]
            matrices.setdefault("importance-" + number, []).append(
                {str(k): sum(1 for r in body if r[i].strip() == str(k)) for k in range(1, 8)})
    return {
        "rows": len(body),
        "gender": single_letters(0, ["男", "女"]),
        "age": single_letters(1, ["18~25", "26~35", "36~45", "46~55", "55岁以上"]),
        "region": single_letters(2, ["广东省", "浙江省", "上海市", "北京市", "湖北省", "其他"]),
        "industry": single_letters(4, ["学生", "家庭主妇", "互联网/科技行业", "金融行业", "医疗/保险行业", "教育/培训行业", "制造业", "其他"]),
        "purpose": purpose, "purpose_n": purpose_n,
        "matrices": matrices,
    }


def wjx_xlsx():
    """问卷星 按选项文本 .xlsx: `185秒`, `(跳过)`, `┋`, `其他〖…〗` in a single choice and the respondent column."""
    rows = workbook_rows(os.path.join(SHARED, "wjx-text-xlsx-score-matrix/问卷数据_完整版_209条.xlsx"))
    header, body = rows[0], rows[1:]
    seconds = header.index("所用时间")
    fast = [r for r in body if int(r[seconds].rstrip("秒")) < 60]
    valid = [r for r in body if int(r[seconds].rstrip("秒")) >= 60]
    def col(prefix):
        return next(i for i, h in enumerate(header) if h.startswith(prefix))
    def plain(cell):
        return cell.split("〖")[0]
    def single_of(column, options):
        counts = collections.Counter(plain(r[column]) for r in valid if r[column] not in MISSING)
        return {o: counts.get(o, 0) for o in options}
    income_options = ["家庭供给", "兼职/实习收入", "奖学金/助学金", "助学贷款", "其他"]
    income = {o: 0 for o in income_options}
    for r in valid:
        for piece in r[col("5、")].split("┋"):
            if plain(piece) in income:
                income[plain(piece)] += 1
    return {
        "rows": len(body), "too_fast": len(fast),
        "gender": single_of(col("1、"), ["男", "女", "其他"]),
        "groups": single_of(col("3、"), ["在校大学生", "在职青年", "自由职业者", "其他(请注明)"]),
        "income": income,
        "times": single_of(col("7、"), ["1-3次", "4-6次", "7-10次", "10次以上"]),
        "times_skipped": sum(1 for r in valid if r[col("7、")] == "(跳过)"),
        "channel": single_of(col("18、"), ["精准推送个性化券", "短视频/直播限时抢券", "游戏化互动领取", "线下扫码即时得券", "社交裂变分享得券", "其他"]),
        "acceptance": [single_of(c, [str(k) for k in range(1, 6)]) for c in range(col("22、"), col("22、") + 4)],
    }


if __name__ == "__main__":
    expected = {"limesurvey-2rowheader-semicolon": limesurvey_two_rows(), "wjx-text-gbk-aigc": wjx(), "qualtrics-3row-sample": qualtrics(), "limesurvey-fulltext-cpp": limesurvey_fulltext(),
                "tencent-xlsx-powerquery-macau": tencent_macau(), "wjx-text-xlsx-score-matrix": wjx_xlsx()}
    with open(os.path.join(HERE, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=1, sort_keys=True)
    print("wrote expected.json")
