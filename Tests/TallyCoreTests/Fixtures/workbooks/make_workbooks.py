#!/usr/bin/env python3
"""Writes the workbook fixtures: our own sample ballots (Samples/leadership) as .xlsx, by two
writers that share no code with Tally or each other.

- openpyxl.xlsx: openpyxl (shared strings). Sheet 1 "县司法局" is wjx-text-utf8.csv with every
  whole number written as a number (so 7 is a numeric cell) and the submit time as a real
  date-time cell (shown as 2021-05-12 09:00:11); sheet 2 "县公安局" is excel-by-hand-gb18030.csv.
  A blank row is left out after the header of sheet 2 (the sheet skips a row number).
- libreoffice.xlsx: LibreOffice Calc converting wjx-text-utf8.csv (`soffice --headless
  --convert-to xlsx`), which decides itself which cells are numbers and dates.

Run from the package root:  python3 Tests/TallyCoreTests/Fixtures/workbooks/make_workbooks.py
Needs openpyxl (pip) and LibreOffice Calc (Debian: libreoffice-calc); `make test` needs neither.
"""
import csv
import datetime
import os
import shutil
import subprocess
import tempfile

import openpyxl

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "../../../.."))
SAMPLES = os.path.join(ROOT, "Samples/leadership")


def rows(path, encoding):
    with open(path, encoding=encoding, newline="") as f:
        return list(csv.reader(f))


def typed(cell):
    """A whole number as a number; anything else as text."""
    if cell.isdigit() and not cell.startswith("0"):
        return int(cell)
    return cell


def keep_as_text(sheet):
    """openpyxl writes a string that starts with = as a formula; the sample's hostile answers
    (=cmd|…) were typed as text, so they stay text."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"


def openpyxl_workbook():
    book = openpyxl.Workbook()
    first = book.active
    first.title = "县司法局"
    data = rows(os.path.join(SAMPLES, "wjx-text-utf8.csv"), "utf-8")
    first.append(data[0])
    for row in data[1:]:
        values = [typed(c) for c in row]
        # 提交答卷时间 as a real date-time cell.
        values[1] = datetime.datetime.strptime(row[1], "%Y/%m/%d %H:%M:%S")
        first.append(values)
        first.cell(row=first.max_row, column=2).number_format = "yyyy-mm-dd hh:mm:ss"
    keep_as_text(first)
    second = book.create_sheet("县公安局")
    data = rows(os.path.join(SAMPLES, "excel-by-hand-gb18030.csv"), "gb18030")
    second.append(data[0])
    # A row left out: the sheet's row numbers skip one, as a clerk's sheet may.
    second.append([])
    for row in data[1:]:
        second.append([typed(c) for c in row])
    keep_as_text(second)
    book.save(os.path.join(HERE, "openpyxl.xlsx"))


def libreoffice_workbook():
    with tempfile.TemporaryDirectory() as folder:
        source = os.path.join(folder, "libreoffice.csv")
        shutil.copy(os.path.join(SAMPLES, "wjx-text-utf8.csv"), source)
        # 76 = UTF-8; the header row is text like every other.
        subprocess.run(
            ["soffice", "--headless", "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", folder, source],
            check=True, capture_output=True)
        shutil.copy(os.path.join(folder, "libreoffice.xlsx"), os.path.join(HERE, "libreoffice.xlsx"))


if __name__ == "__main__":
    openpyxl_workbook()
    libreoffice_workbook()
    print("wrote openpyxl.xlsx and libreoffice.xlsx")
