#!/usr/bin/env python3
"""Writes the same 24 invented ballots in the export shape of each platform (issue 4).

Every file must tally identically under form.yaml; two extra rows test the validity rules
where a platform carries them: a 12-second response (min_seconds) in each file with a
duration, and an unfinished response in the LimeSurvey file. Run by hand:
python3 make_platforms.py (files are committed).
"""
import pathlib
import random

HERE = pathlib.Path(__file__).resolve().parent
GOOD = ["好", "较好", "一般", "差", "不了解"]
GOOD_KOBO = ["good", "fairly_good", "average", "poor", "dont_know"]
COMP = ["优秀", "称职", "基本称职", "不称职"]
COMP_KOBO = ["excellent", "competent", "basic", "incompetent"]
GROUPS = ["班子成员", "中层干部", "一般干部"]
ROWS = ["张某某", "李某某", "王某某"]
ROW_KOBO = ["zhang", "li", "wang"]
PROBLEMS = ["学习不够深入", "作风不实, 脱离群众", "执法不够规范"]
PROBLEM_KOBO = ["study", "style", "law"]
COMMENTS = ["", "", "希望加强学习", "建议多下基层，听取意见", "会议太多，\"文山会海\"", "=SUM(A1:A9)"]

rng = random.Random(4)
ballots = []
for i in range(24):
    b = {
        "group": GROUPS[i % 3],
        "overall": rng.choice([0, 0, 1, 1, 2, 3, 4]),
        "integrity": rng.choice([0, 1, 1, 2, None]),
        "cadres": [rng.choice([0, 1, 1, 2, 3, None]) for _ in ROWS],
        "problems": sorted(rng.sample(range(3), rng.choice([0, 1, 1, 2]))),
        "other": rng.choice([None, None, None, "会风文风有待改进"]),
        "comment": rng.choice(COMMENTS),
        "seconds": rng.randint(45, 600),
    }
    if not b["problems"] and b["other"] is None and i % 5 == 0:
        b["problems_skipped"] = True
    ballots.append(b)
FAST = dict(ballots[0], seconds=12)  # a response too fast to be read: invalid where durations exist


def q(field):
    return '"' + field.replace('"', '""') + '"'


def write(name, rows, encoding="utf-8", bom=False, newline="\n", quote_all=False, delimiter=",", trailing="", tail=""):
    def cell(f):
        if quote_all or any(c in f for c in (delimiter, '"', "\n", "\r")):
            return q(f)
        return f
    text = newline.join(delimiter.join(cell(f) for f in row) + trailing for row in rows) + newline + tail
    data = text.encode(encoding)
    (HERE / name).write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


def minsec(s):
    return f"{s // 60}分{s % 60}秒" if s >= 60 else f"{s}秒"


def chosen_labels(b):
    labels = [PROBLEMS[p] for p in b["problems"]]
    return labels


# 问卷星, 按选项文本
def wjx_text():
    header = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP", "1、您的身份", "2、对领导班子的总体评价",
              "3、党风廉政建设情况", "4、对班子成员的个人评价—张某某", "李某某", "王某某", "5、您认为领导班子存在的主要问题（多选题）",
              "6、您对领导班子的意见建议"]
    rows = [header]
    for n, b in enumerate(ballots + [FAST], 1):
        items = chosen_labels(b) + ([f"其他〖{b['other']}〗"] if b["other"] else [])
        rows.append([str(n), "2021/5/12 9:30:00", f"{b['seconds']}秒", "手机提交", "直接访问", "1.2.3.4(本县)", b["group"],
                     GOOD[b["overall"]], GOOD[b["integrity"]] if b["integrity"] is not None else "(跳过)",
                     *[COMP[c] if c is not None else "(跳过)" for c in b["cadres"]],
                     "┋".join(items) if items else "(跳过)", b["comment"] or "(空)"])
    write("wjx-text.csv", rows)
    write("wjx-text-gb18030.csv", rows, encoding="gb18030", newline="\r\n")


# 问卷星, 按选项序号
def wjx_numbered():
    header = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP", "1、您的身份", "2、对领导班子的总体评价",
              "3、党风廉政建设情况", "第4题(张某某)", "第4题(李某某)", "第4题(王某某)", "第5题(学习不够深入)",
              "第5题(作风不实, 脱离群众)", "第5题(执法不够规范)", "第5题(其他)", "6、您对领导班子的意见建议"]
    rows = [header]
    for n, b in enumerate(ballots + [FAST], 1):
        answered = b["problems"] or b["other"]
        flags = [("1" if p in b["problems"] else "0") if answered else "-3" for p in range(3)]
        flags.append(("1" if b["other"] else "0") if answered else "-3")
        rows.append([str(n), "2021/5/12 9:30:00", f"{b['seconds']}秒", "手机提交", "直接访问", "1.2.3.4", str(GROUPS.index(b["group"]) + 1),
                     str(b["overall"] + 1), str(b["integrity"] + 1) if b["integrity"] is not None else "-3",
                     *[str(c + 1) if c is not None else "-3" for c in b["cadres"]], *flags, b["comment"] or "(空)"])
    write("wjx-numbered.csv", rows)
    write("wjx-numbered-gb18030.csv", rows, encoding="gb18030", newline="\r\n")


# 腾讯问卷: every field quoted, a trailing comma on every line, `N.题干:行`, a column per option
def tencent():
    header = ["编号", "开始答题时间", "结束答题时间", "答题时长", "1.您的身份", "2.对领导班子的总体评价", "3.党风廉政建设情况"]
    header += [f"4.对班子成员的个人评价:{r}" for r in ROWS]
    header += [f"5.您认为领导班子存在的主要问题:{p}" for p in PROBLEMS] + ["5.您认为领导班子存在的主要问题:其他", "6.您对领导班子的意见建议"]
    rows = [header]
    for n, b in enumerate(ballots + [FAST], 1):
        rows.append([str(n), "2021-05-12 09:30:00", "2021-05-12 09:40:00", minsec(b["seconds"]), b["group"], GOOD[b["overall"]],
                     GOOD[b["integrity"]] if b["integrity"] is not None else "",
                     *[COMP[c] if c is not None else "" for c in b["cadres"]],
                     *[PROBLEMS[p] if p in b["problems"] else "" for p in range(3)], b["other"] or "", b["comment"]])
    write("tencent.csv", rows, quote_all=True, trailing=",", bom=True)


# 金数据: `，`-joined multi-select, matrix rows as separate questions, metadata after the answers
def jinshuju():
    header = ["序号", "您的身份", "对领导班子的总体评价", "党风廉政建设情况"] + [f"对班子成员的个人评价（{r}）" for r in ROWS]
    header += ["您认为领导班子存在的主要问题", "您对领导班子的意见建议", "提交人", "提交时间", "填写时长", "IP"]
    rows = [header]
    for n, b in enumerate(ballots + [FAST], 1):
        items = chosen_labels(b) + ([f"其他：{b['other']}"] if b["other"] else [])
        rows.append([str(n), b["group"], GOOD[b["overall"]], GOOD[b["integrity"]] if b["integrity"] is not None else "",
                     *[COMP[c] if c is not None else "" for c in b["cadres"]], "，".join(items), b["comment"], "匿名",
                     "2021-05-12 09:40:00", minsec(b["seconds"]), "1.2.3.4"])
    write("jinshuju.csv", rows)


# LimeSurvey: codes, `Q3[SQ001]`, `Y`, `Q4[other]`, an unfinished row, BOM, CRLF, a blank last line
def limesurvey():
    header = ["id", "submitdate", "lastpage", "startlanguage", "seed", "Q0", "Q1", "Q2", "Q3[SQ001]", "Q3[SQ002]", "Q3[SQ003]",
              "Q4[SQ001]", "Q4[SQ002]", "Q4[SQ003]", "Q4[other]", "Q5", "interviewtime"]
    rows = [header]
    for n, b in enumerate(ballots + [FAST], 1):
        rows.append([str(n), "2021-05-12 09:40:00", "2", "zh-Hans", "123", f"G{GROUPS.index(b['group']) + 1}", f"A{b['overall'] + 1}",
                     f"A{b['integrity'] + 1}" if b["integrity"] is not None else "",
                     *[f"L{c + 1}" if c is not None else "" for c in b["cadres"]],
                     *["Y" if p in b["problems"] else "" for p in range(3)], b["other"] or "", b["comment"], str(b["seconds"])])
    unfinished = rows[1][:]
    unfinished[0], unfinished[1], unfinished[2] = str(len(rows)), "", "1"
    rows.append(unfinished)
    write("limesurvey.csv", rows, bom=True, newline="\r\n", tail="\r\n")


# KoboToolbox: `;`, every field quoted, group/question paths, choice names, space-joined plus 1/0 columns
def kobo():
    header = ["start", "end", "identity", "eval/overall", "eval/integrity"] + [f"eval/cadres/{r}" for r in ROW_KOBO]
    header += ["eval/problems"] + [f"eval/problems/{p}" for p in PROBLEM_KOBO + ["other"]]
    header += ["eval/problems_other", "advice", "_id", "_uuid", "_submission_time"]
    rows = [header]
    for n, b in enumerate(ballots + [FAST], 1):
        start = 9 * 3600
        end = start + b["seconds"]
        stamp = lambda t: f"2021-05-12T{t // 3600:02d}:{t % 3600 // 60:02d}:{t % 60:02d}.000+08:00"
        answered = bool(b["problems"]) or bool(b["other"])
        names = [PROBLEM_KOBO[p] for p in b["problems"]] + (["other"] if b["other"] else [])
        rows.append([stamp(start), stamp(end), ["G1", "G2", "G3"][GROUPS.index(b["group"])], GOOD_KOBO[b["overall"]],
                     GOOD_KOBO[b["integrity"]] if b["integrity"] is not None else "",
                     *[COMP_KOBO[c] if c is not None else "" for c in b["cadres"]],
                     " ".join(names),
                     *[("1" if p in b["problems"] else "0") if answered else "" for p in range(3)],
                     ("1" if b["other"] else "0") if answered else "", b["other"] or "",
                     b["comment"], str(1000 + n), f"uuid-{n:04d}", "2021-05-12T01:40:00"])
    write("kobo.csv", rows, delimiter=";", quote_all=True)


# Google Forms: `题干 [行]`, `, `-joined multi-select whose options contain `, `
def google():
    header = ["时间戳记", "您的身份", "对领导班子的总体评价", "党风廉政建设情况"] + [f"对班子成员的个人评价 [{r}]" for r in ROWS]
    header += ["您认为领导班子存在的主要问题", "您对领导班子的意见建议"]
    rows = [header]
    for b in ballots:
        items = chosen_labels(b) + ([b["other"]] if b["other"] else [])
        rows.append(["2021/05/12 9:40:00 上午 GMT+8", b["group"], GOOD[b["overall"]],
                     GOOD[b["integrity"]] if b["integrity"] is not None else "",
                     *[COMP[c] if c is not None else "" for c in b["cadres"]], ", ".join(items), b["comment"]])
    write("google.csv", rows)


# Excel by hand: GB18030, CRLF, letter codes or labels, stray spaces, full-width letters
def excel():
    header = ["票号", "您的身份", "对领导班子的总体评价", "党风廉政建设情况"] + [f"对班子成员的个人评价-{r}" for r in ROWS]
    header += ["您认为领导班子存在的主要问题", "您对领导班子的意见建议"]
    rows = [header]
    for n, b in enumerate(ballots, 1):
        letter = lambda i: "ABCDE"[i]
        overall = letter(b["overall"]) if n % 2 else GOOD[b["overall"]]
        if n % 7 == 0:
            overall = chr(ord(letter(b["overall"])) + 0xFEE0)  # full-width letter
        integrity = (" " + letter(b["integrity"]) + " ") if b["integrity"] is not None else ""
        items = [letter(p) for p in b["problems"]] + ([b["other"]] if b["other"] else [])
        rows.append([f"{n:03d}", "ABC"[GROUPS.index(b["group"])], overall, integrity,
                     *[letter(c) if c is not None else "" for c in b["cadres"]], "、".join(items), b["comment"]])
    write("excel-gb18030.csv", rows, encoding="gb18030", newline="\r\n")


for make in (wjx_text, wjx_numbered, tencent, jinshuju, limesurvey, kobo, google, excel):
    make()
