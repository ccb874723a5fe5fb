#!/usr/bin/env python3
"""Generates the sample response files under Samples/ (deterministic: a fixed seed).

Run by hand after changing it (`python3 scripts/make-samples.py`); the files are committed.
The answers are invented; the shapes are those of real exports:

- 问卷星 按选项文本: six meta columns, `N、题干` headers, a matrix as `题干—行` followed by
  bare row labels, multi-select joined with `┋`, `(跳过)` for skipped, `其他〖…〗` fill-ins;
  written as UTF-8, as UTF-8 with BOM and CRLF, and as GB18030.
- A sheet keyed in by hand from paper ballots and saved by Excel on Chinese Windows:
  GB18030, CRLF, letter codes, stray spaces, full-width letters.
"""
import pathlib
import random

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "Samples" / "leadership"

GOODNESS = ["好", "较好", "一般", "差", "不了解"]
COMPETENCE = ["优秀", "称职", "基本称职", "不称职"]
PROBLEMS = ["理论学习不够深入", "工作作风不够扎实", "执法办案不够规范", "为民服务意识不强", "民主集中制执行不到位"]
DIMENSIONS = ["政治建设", "党风廉政建设", "纪律作风", "履职尽责"]
ROWS = ["主要负责同志", "分管副职甲", "分管副职乙", "纪检监察负责同志"]
COMMENTS = [
    "希望班子进一步加强学习，提高执法规范化水平。",
    "建议多深入基层，倾听一线干警意见，\n改进工作作风。",
    "对\"一把手\"工作总体满意，但会议较多。",
    "加强年轻干部培养，优化队伍结构",
    "=cmd|' /C calc'!A0",
    "无",
]


def quote(field):
    if any(c in field for c in ",\"\r\n") or field.startswith(" ") or field.endswith(" "):
        return '"' + field.replace('"', '""') + '"'
    return field


def write(path, rows, encoding="utf-8", bom=False, newline="\n"):
    text = newline.join(",".join(quote(f) for f in row) for row in rows) + newline
    data = text.encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def pick(rng, weights):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def ballots(rng, count, tone):
    """Invented ballots: identity, overall, four dimensions, four leaders, problems, comment."""
    good = {"good": {"好": 60, "较好": 28, "一般": 8, "差": 2, "不了解": 2},
            "weak": {"好": 30, "较好": 30, "一般": 25, "差": 12, "不了解": 3}}[tone]
    leader = {"good": {"优秀": 55, "称职": 38, "基本称职": 5, "不称职": 2},
              "weak": {"优秀": 25, "称职": 35, "基本称职": 20, "不称职": 20}}[tone]
    groups = ["班子成员"] * 5 + ["中层干部"] * 14 + ["一般干警"] * (count - 19)
    rng.shuffle(groups)
    result = []
    for number, group in enumerate(groups):
        ballot = {
            "group": group,
            "overall": pick(rng, good),
            "dimensions": [pick(rng, good) for _ in DIMENSIONS],
            "leaders": [pick(rng, leader) for _ in ROWS],
            "problems": rng.sample(PROBLEMS, rng.choice([0, 1, 1, 2, 2, 3])),
            "comment": rng.choice(COMMENTS + [""] * 6),
        }
        # The form allows 优秀 for at most half of the leaders on one ballot; a clerk's
        # ballots keep to it, except two that break it on purpose.
        if number not in (5, 17):
            excellent = [i for i, v in enumerate(ballot["leaders"]) if v == "优秀"]
            for i in excellent[2:]:
                ballot["leaders"][i] = "称职"
        result.append(ballot)
    return result


def wjx_text(rng, ballots, start_id=1):
    header = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP",
              "1、您的身份", "2、对领导班子的总体评价"]
    header += [f"{i + 3}、{d}" for i, d in enumerate(DIMENSIONS)]
    header += ["7、对班子成员的个人评价—" + ROWS[0]] + ROWS[1:]
    header += ["8、您认为领导班子存在的主要问题（可多选）", "9、您对领导班子的意见和建议"]
    rows = [header]
    for number, b in enumerate(ballots, start_id):
        minute = 10 + number
        problems = "┋".join(b["problems"]) if b["problems"] else "(跳过)"
        rows.append([str(number), f"2021/5/12 9:{minute // 60:02d}:{minute % 60:02d}", f"{rng.randint(40, 400)}秒",
                     "手机提交", "直接访问", f"10.0.{number // 200}.{number % 200}({'县城'})",
                     b["group"], b["overall"], *b["dimensions"], *b["leaders"], problems,
                     b["comment"] or "(空)"])
    return rows


def main():
    rng = random.Random(20210512)
    sfj = ballots(rng, 55, "good")
    # Edge cases a real export has: a blank ballot, an answer that is no option,
    # an "other" fill-in, an empty identity, a skipped dimension.
    sfj.append({"group": "一般干警", "overall": "", "dimensions": ["", "", "", ""], "leaders": ["", "", "", ""],
                "problems": [], "comment": "不清楚情况，不作评价"})
    sfj[3]["overall"] = "很好"
    sfj[7]["problems"] = ["工作作风不够扎实", "其他〖会风文风有待改进〗"]
    sfj[11]["group"] = ""
    sfj[12]["dimensions"][2] = "(跳过)"
    rows = wjx_text(rng, sfj)
    for row in rows[1:]:
        if row[7] == "":
            for i in range(7, 17):
                row[i] = "(跳过)" if row[i] == "" else row[i]
            row[17] = "(跳过)"
    write(OUT / "wjx-text-utf8.csv", rows)
    write(OUT / "wjx-text-bom-crlf.csv", rows, bom=True, newline="\r\n")
    write(OUT / "wjx-text-gb18030.csv", rows, encoding="gb18030")

    # Keyed in by hand from paper ballots: letter codes, stray spaces, full-width letters.
    hand = ballots(random.Random(7), 40, "weak")
    code = {label: "ABCDE"[i] for i, label in enumerate(GOODNESS)}
    lcode = {label: "ABCD"[i] for i, label in enumerate(COMPETENCE)}
    header = ["票号", "身份", "对领导班子的总体评价"] + DIMENSIONS
    header += ["对班子成员的个人评价-" + r for r in ROWS]
    header += ["您认为领导班子存在的主要问题（可多选）", "您对领导班子的意见和建议"]
    rows = [header]
    for number, b in enumerate(hand, 1):
        letters = [code[b["overall"]]] + [code[d] for d in b["dimensions"]] + [lcode[l] for l in b["leaders"]]
        if number % 9 == 0:
            letters[0] = " " + letters[0] + " "
        if number % 13 == 0:
            letters[1] = chr(ord(letters[1]) + 0xFEE0)  # full-width letter
        problems = "、".join("ABCDE"[PROBLEMS.index(p)] for p in b["problems"])
        rows.append([f"{number:03d}", "ABC"[["班子成员", "中层干部", "一般干警"].index(b["group"])], *letters, problems,
                     b["comment"]])
    write(ROOT / "Samples" / "leadership" / "excel-by-hand-gb18030.csv", rows, encoding="gb18030", newline="\r\n")


def public_survey():
    """One 问卷星 export of a public survey covering two courts, with stray responses."""
    rng = random.Random(2021)
    sat = ["满意", "基本满意", "不满意", "不了解"]
    issues = ["有案不立、压案不查", "执法不公、办人情案", "吃拿卡要、作风不正", "办事拖拉、效率不高", "态度生硬、门难进脸难看"]
    tone = {"县人民法院": [70, 22, 4, 4], "县人民检察院": [52, 28, 15, 5]}
    header = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP", "1、您评价的单位", "2、您的身份",
              "3、您对该单位政法队伍的总体满意程度", "4、严格规范公正文明执法", "5、服务群众的态度和效率", "6、干警廉洁自律情况",
              "7、您认为该单位政法队伍存在的突出问题（可多选）", "8、据您了解，该单位干警是否存在以下顽瘴痼疾（可多选）",
              "9、您对政法队伍教育整顿的意见建议"]
    stubborn = ["违反防止干预司法“三个规定”", "违规经商办企业", "违规参股借贷", "违规违法办理减刑假释暂予监外执行",
                "有案不立、压案不查、有罪不究", "律师和司法人员不正当接触交往"]
    srng = random.Random(99)  # its own stream, so the other answers stay as they were
    rows = [header]
    plan = ["县人民法院"] * 62 + ["县人民检察院"] * 58 + ["县信访局"] * 2 + [""]
    rng.shuffle(plan)
    for number, unit in enumerate(plan, 1):
        weights = tone.get(unit, [50, 30, 10, 10])
        group = rng.choices(["普通群众", "企业人员", "律师"], weights=[80, 15, 5])[0]
        if unit == "县人民检察院" and group == "律师":
            answers = [rng.choices(sat, weights=[30, 30, 35, 5])[0] for _ in range(4)]
        else:
            answers = [rng.choices(sat, weights=weights)[0] for _ in range(4)]
        chosen = rng.sample(issues, rng.choice([0, 0, 1, 1, 2]))
        if unit == "县人民检察院" and rng.random() < 0.35 and "办事拖拉、效率不高" not in chosen:
            chosen.append("办事拖拉、效率不高")
        rows.append([str(number), f"2021/5/{13 + number // 60} 10:{number % 60:02d}:00", f"{rng.randint(30, 300)}秒",
                     "微信", "N/A", f"36.1.{number // 250}.{number % 250}(本县)", unit, group, *answers,
                     "┋".join(chosen) if chosen else "(跳过)",
                     "┋".join(srng.sample(stubborn, srng.choice([1, 1]))) if srng.random() < (0.25 if unit == "县人民检察院" else 0.06) else "没有发现",
                     rng.choice(["", "", "", "希望继续保持", "<script>alert('x')</script>", "办事窗口人手不足，排队时间长"]) or "(空)"])
    write(ROOT / "Samples" / "public" / "satisfaction-wjx.csv", rows)


def wjx(path, questions, count, seed, answer):
    """A 问卷星 text export of `count` invented responses: `questions` are header texts
    (a matrix is (text, rows)), `answer(rng, index)` gives one row of cells."""
    rng = random.Random(seed)
    header = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP"]
    for n, q in enumerate(questions, 1):
        if isinstance(q, tuple):
            header += [f"{n}、{q[0]}—{q[1][0]}"] + q[1][1:]
        else:
            header.append(f"{n}、{q}")
    rows = [header]
    for i in range(count):
        rows.append([str(i + 1), f"2021/6/{1 + i // 40} 10:{i % 60:02d}:00", f"{rng.randint(60, 500)}秒", "手机提交", "直接访问",
                     "1.2.3.4(本县)", *answer(rng, i)])
    write(ROOT / "Samples" / path, rows)


def pick_from(rng, weights):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def other_forms():
    good = {"好": 40, "较好": 35, "一般": 15, "差": 6, "不了解": 4}
    groups = ["班子成员"] * 6 + ["中层干部"] * 14 + ["一般干部"] * 30

    def cadre(rng, i):
        agree = [pick_from(rng, {"认同": 60, "基本认同": 20, "不认同": 12, "不了解": 8}) for _ in range(2)]
        agree.append(pick_from(rng, {"认同": 30, "基本认同": 20, "不认同": 42, "不了解": 8}))
        problems = ["任人唯亲、搞团团伙伙", "跑官要官、拉票贿选", "带病提拔、“带病”上岗", "动议酝酿不充分、民主推荐走过场"]
        chosen = rng.sample(problems, rng.choice([0, 0, 1, 1, 2]))
        return [groups[i], *[pick_from(rng, good) for _ in range(4)], *agree,
                "┋".join(chosen) if chosen else "没有发现明显问题", rng.choice(["(空)", "(空)", "希望公开更多选任信息"])]
    wjx("cadre-selection/wjx-text.csv", ["您的身份", "对本单位选人用人工作的总体评价", "坚持好干部标准、树立正确用人导向情况",
        "执行干部选拔任用程序和纪律情况", "干部监督管理和整治用人不正之风情况",
        ("对新选拔任用干部的评价", ["新任干部甲", "新任干部乙", "新任干部丙"]), "您认为本单位选人用人工作存在的主要问题（可多选）",
        "您对改进选人用人工作的意见建议"], 50, 11, cadre)

    def integrity(rng, i):
        forms = ["形式主义（文山会海、检查考核过多）", "官僚主义（脱离群众、推诿扯皮）", "享乐主义（慵懒散拖、不担当）"]
        chosen = rng.sample(forms, rng.choice([0, 1, 1, 2]))
        return [groups[i], *[pick_from(rng, {"好": 55, "较好": 30, "一般": 10, "差": 2, "不了解": 3}) for _ in range(5)],
                pick_from(rng, {"没有": 70, "偶尔有": 22, "经常有": 3, "不了解": 5}),
                "┋".join(chosen) if chosen else "没有发现", "(空)"]
    wjx("integrity/wjx-text.csv", ["您的身份", "领导班子落实全面从严治党主体责任情况", "主要负责人履行第一责任人职责情况",
        "贯彻落实中央八项规定及其实施细则精神情况", "开展廉政教育和警示教育情况", "对干部的日常监督管理情况", "本单位是否存在“四风”问题",
        "您认为“四风”问题主要表现在（可多选）", "您对本单位党风廉政建设的意见建议"], 50, 12, integrity)

    def safety(rng, i):
        concerns = ["电信网络诈骗", "盗窃抢劫", "黄赌毒", "矛盾纠纷", "交通安全"]
        chosen = rng.sample(concerns, rng.choice([1, 1, 2]))
        return [["城镇居民", "农村居民", "企业和个体经营者"][i % 3],
                *[pick_from(rng, {"安全": 60, "基本安全": 30, "不太安全": 6, "不安全": 2, "不了解": 2}) for _ in range(2)],
                *[pick_from(rng, {"满意": 55, "基本满意": 30, "不太满意": 8, "不满意": 4, "不了解": 3}) for _ in range(2)],
                pick_from(rng, {"知道": 82, "不知道": 18}), "┋".join(chosen), "(空)"]
    wjx("public-safety/wjx-text.csv", ["您的身份", "您觉得您所在地区的社会治安状况安全吗", "您夜间独自出行时是否感到安全",
        "您对本地政法机关和政法队伍执法工作满意吗", "您对本地执法司法公正情况满意吗", "您是否知道本地正在开展平安建设",
        "您认为当前最影响您安全感的问题是（可多选）", "您对平安建设的意见建议"], 90, 13, safety)

    raters = ["上级领导"] * 6 + ["同级干部"] * 10 + ["下级干部"] * 24
    base = [92, 86, 83, 80, 74, 66]

    def scoring(rng, i):
        marks = [max(50, min(100, b + rng.randint(-8, 8))) for b in base]
        if i not in (3, 21):  # two ballots break the 90-or-more quota on purpose
            high = [k for k, m in enumerate(marks) if m >= 90]
            for k in high[3:]:
                marks[k] = 89
        if i == 9:
            marks = [95] * 6  # one mark for everybody: void
        return [raters[i], *[str(m) for m in marks], "(空)"]
    wjx("leader-scoring/wjx-text.csv", ["评价人类别",
        ("对领导班子成员的百分制评分", ["成员甲", "成员乙", "成员丙", "成员丁", "成员戊", "成员己"]), "对领导班子成员的意见建议"],
        40, 14, scoring)


if __name__ == "__main__":
    public_survey()
    other_forms()
    main()
