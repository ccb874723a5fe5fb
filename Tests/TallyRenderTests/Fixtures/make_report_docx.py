#!/usr/bin/env python3
"""Writes report-template.docx: a unit report as a team would write it in Word, with the
parts attach must keep (styles, numbering, header, footer, an image, settings, theme) and the
placeholders it must fill, one of them split over three runs as Word often does.
Needs python-docx (PyPI), only to make this fixture: python3 make_report_docx.py
"""
import base64
import io
import pathlib

from docx import Document
from docx.shared import Pt

HERE = pathlib.Path(__file__).resolve().parent
# A 2×2 PNG, so the document has a media part.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==")

doc = Document()
section = doc.sections[0]
section.header.paragraphs[0].text = "县政法队伍教育整顿第二专项巡查组"
section.footer.paragraphs[0].text = "内部资料　注意保存"
doc.add_heading("关于县司法局党风廉政建设情况的专项巡查报告", level=1)
doc.add_paragraph("按照政法队伍教育整顿领导小组统一安排，巡查组对县司法局开展了专项巡查。")
doc.add_paragraph("听取汇报", style="List Number")
doc.add_paragraph("查阅资料", style="List Number")
doc.add_heading("二、民主测评和问卷调查情况", level=2)
doc.add_paragraph("{{tally:findings}}")
p = doc.add_paragraph("民主测评有效票")
p.add_run("{{tally:县司法")
p.add_run("局.ballots.")
run = p.add_run("valid}}")
run.bold = True
p.add_run("张，总体评价好评率{{tally:县司法局.overall.好评率}}。")
doc.add_picture(io.BytesIO(PNG))
doc.add_heading("三、下一步工作建议", level=2)
doc.add_paragraph("（由巡查组撰写。）").runs[0].font.size = Pt(16)
doc.save(HERE / "report-template.docx")
