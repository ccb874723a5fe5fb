#!/usr/bin/env python3
"""Synthetic exports of the shapes of issue 22, with the platforms' real header spellings, and
the counts each must give (written by hand below, beside the rows that make them).

Run from this folder:  python3 make_shapes.py   (needs openpyxl for the workbooks)
"""
import csv
import io

import openpyxl

SCALE = ["好", "较好", "一般", "差"]


def write_csv(name, rows, encoding="utf-8", bom=False):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    data = buffer.getvalue().encode(encoding)
    with open(name, "wb") as f:
        f.write((b"\xef\xbb\xbf" if bom else b"") + data)


# Microsoft Forms: each statement of a rating block is a bare column; Start/Completion time.
# Respondent 3 took 20 s (under min_seconds 30); the others 2 to 5 minutes.
write_csv("msforms.csv", [
    ["ID", "Start time", "Completion time", "Email", "Name", "您的身份", "政治建设", "作风建设", "廉政建设"],
    ["1", "5/3/2024 10:02:13", "5/3/2024 10:05:40", "anonymous", "", "中层干部", "好", "较好", "好"],
    ["2", "5/3/2024 10:03:00", "5/3/2024 10:05:01", "anonymous", "", "一般干部", "一般", "好", "较好"],
    ["3", "5/3/2024 11:59:50", "5/3/2024 12:00:10", "anonymous", "", "一般干部", "差", "差", "差"],
    ["4", "5/3/2024 23:58:00", "5/4/2024 0:01:00", "anonymous", "", "班子成员", "好", "好", "好"],
], bom=True)

# 腾讯问卷: letters on answers, per-option columns holding `字母.选项` or "", a fill-in option
# header, `[选项填空]` columns, a cascading drop-down. Row 4's per-option column holds the letter
# and label of ANOTHER option: unknown, not chosen.
write_csv("tencent.csv", [
    ["编号", "开始答题时间", "结束答题时间", "1.您的身份", "2.所在地区:一级分类", "2.所在地区:二级分类", "2.所在地区:请选择",
     "3.存在的主要问题:作风不实", "3.存在的主要问题:学习不够", "3.存在的主要问题:其他____{fillblank-9a1c}",
     "3.存在的主要问题:其他____{fillblank-9a1c}[选项填空]", "4.对领导班子的总体评价", "4.对领导班子的总体评价[选项填空]", ""],
    ["1", "2024-05-03 10:00:00", "2024-05-03 10:04:00", "A.班子成员", "华东", "浙江", "杭州", "A.作风不实", "", "", "", "A.好", "", ""],
    ["2", "2024-05-03 10:01:00", "2024-05-03 10:06:00", "B.中层干部", "华东", "江苏", "南京", "", "B.学习不够", "C.其他____", "会多", "B.较好", "", ""],
    ["3", "2024-05-03 10:02:00", "2024-05-03 10:05:30", "C.一般干部", "华南", "广东", "广州", "A.作风不实", "B.学习不够", "", "", "E.其他____", "都挺好", ""],
    ["4", "2024-05-03 10:03:00", "2024-05-03 10:07:00", "C.一般干部", "华东", "浙江", "宁波", "B.学习不够", "", "", "", "C.一般", "", ""],
])
# The same cascade whose stem is the text of two questions: an error naming both.
write_csv("tencent-cascade-twice.csv", [
    ["1.所在地区:一级分类", "1.所在地区:二级分类", "2.对领导班子的总体评价"],
    ["华东", "浙江", "好"],
])

# 问卷星 按文本: 其他〖…〗 in a single choice and in the respondents column.
write_csv("wjx-other.csv", [
    ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP", "1、您的身份", "2、对领导班子的总体评价", "3、您了解的渠道"],
    ["1", "2024/5/3 10:00:00", "95秒", "微信", "N/A", "1.1.1.1(北京)", "其他(请注明)〖退休干部〗", "好", "其他〖朋友告知〗"],
    ["2", "2024/5/3 10:01:00", "120秒", "微信", "N/A", "1.1.1.2(北京)", "中层干部", "较好", "单位通知"],
    ["3", "2024/5/3 10:02:00", "80秒", "微信", "N/A", "1.1.1.3(北京)", "一般干部", "好", "单位通知"],
], encoding="utf-8")

# Windows-1252 (Excel's CSV on a Western-locale Windows).
write_csv("windows-1252.csv", [
    ["Name", "Rating", "Comment"],
    ["José", "Good", "Très bien"],
    ["Müller", "Bad", "“ok”"],
    ["Zoë", "Good", "naïve"],
], encoding="cp1252")

# A clerk's workbook: the first sheet is a summary with no header the form fits; the second
# holds the ballots under `Q2您…`, `Q3 `, `Q10.` headers, then tally rows: a formula row
# (=COUNTIF) and `无效：1` / `父母：240` text rows. Row 6 holds nothing the form can read: an
# invalid ballot (nothing_readable), unlike the tally rows, which are no ballots at all.
book = openpyxl.Workbook()
summary = book.active
summary.title = "汇总"
summary.append(["县司法局民主测评汇总"])
summary.append(["发出", 6])
data = book.create_sheet("录入")
data.append(["票号", "Q2您的身份", "Q3 对领导班子的总体评价", "Q10.政治建设"])
data.append([1, "班子成员", "好", "好"])
data.append([2, "中层干部", "较好", "好"])
data.append([3, "一般干部", "好", "一般"])
data.append([4, "一般干部", "一般", "较好"])
data.append([5, "", "很棒", "xx"])
data.append(["合计", None, '=COUNTIF(C2:C6,"好")', '=COUNTIF(D2:D6,"好")'])
data.append([None, "无效：1", "好：2", None])
data.append([None, "父母：240", None, None])
book.save("clerk.xlsx")

# Two sheets that fit the form equally, the first fitting nothing: an error naming both.
book = openpyxl.Workbook()
book.active.title = "说明"
book.active.append(["本表说明"])
for name in ["甲", "乙"]:
    sheet = book.create_sheet(name)
    sheet.append(["对领导班子的总体评价"])
    sheet.append(["好"])
book.save("clerk-two-sheets.xlsx")
print("wrote the shapes")
