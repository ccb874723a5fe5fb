#!/usr/bin/env python3
"""make bench: tally against the C floor on libcsv and DuckDB, side by side, in one run.

Generates the benchmark files once into bench-data/ (../shared/bench/gen_survey.py, seed 42):
1M rows in UTF-8 and in GB18030, 200k rows (to see that memory stays flat as the file grows)
and 10k rows. Builds the C floors from ../shared/bench/c into .build/bench/. Then runs every
program REPEAT times in turns (so a noisy neighbour slows all of them alike) and prints the
median wall time, the peak memory (max RSS), and the ratios the issue sets as targets.

Environment: BENCH_ROWS (default 1000000), REPEAT (default 5), TALLY (default
.build/release/tally). DuckDB runs when `import duckdb` works (pip install duckdb).
"""
import os
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "bench")
DATA = os.path.join(ROOT, "bench-data")
BUILD = os.path.join(ROOT, ".build", "bench")
ROWS = int(os.environ.get("BENCH_ROWS", "1000000"))
REPEAT = int(os.environ.get("REPEAT", "5"))
TALLY = os.environ.get("TALLY", os.path.join(ROOT, ".build", "release", "tally"))
FORM = os.path.join(SHARED, "county-survey.yaml")


def generate(rows, encoding="utf-8"):
    suffix = "" if encoding == "utf-8" else "-" + encoding
    path = os.path.join(DATA, f"survey-{rows}{suffix}.csv")
    if not os.path.exists(path):
        print(f"generating {path} ...", file=sys.stderr)
        os.makedirs(DATA, exist_ok=True)
        subprocess.run(
            [sys.executable, os.path.join(SHARED, "gen_survey.py"), "--rows", str(rows), "--seed", "42",
             "--encoding", encoding, "--out", path + ".part"],
            check=True, stdout=subprocess.DEVNULL)
        os.rename(path + ".part", path)
    return path


def build_floors():
    os.makedirs(BUILD, exist_ok=True)
    for name in ["libcsv_tally", "libcsv_count"]:
        target = os.path.join(BUILD, name)
        source = os.path.join(SHARED, "c", name + ".c")
        if not os.path.exists(target) or os.path.getmtime(target) < os.path.getmtime(source):
            subprocess.run(["cc", "-O2", "-o", target, source, "-lcsv"], check=True)


def run(command):
    """Wall seconds and peak RSS in MiB of one run; output discarded."""
    start = time.perf_counter()
    # close_fds=False lets Python use posix_spawn: a forked copy of this interpreter would
    # otherwise count in the child's peak memory (ru_maxrss) before exec.
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, close_fds=False)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    error = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if status != 0:
        sys.exit(f"failed ({status}): {' '.join(command)}\n{error}")
    return wall, usage.ru_maxrss / 1024


def workbook(csv_path):
    """The CSV as .xlsx (openpyxl, write-only), made once beside it; None without openpyxl."""
    path = csv_path[:-4] + ".xlsx"
    if os.path.exists(path):
        return path
    if subprocess.run([sys.executable, "-c", "import openpyxl"], capture_output=True).returncode != 0:
        return None
    print(f"writing {path} (once) ...", file=sys.stderr)
    script = (
        "import csv, sys, openpyxl\n"
        "book = openpyxl.Workbook(write_only=True); sheet = book.create_sheet()\n"
        "for row in csv.reader(open(sys.argv[1], encoding='utf-8', newline='')):\n"
        "    sheet.append([int(c) if c.isdigit() and len(c) < 10 else c for c in row])\n"
        "book.save(sys.argv[2])\n")
    subprocess.run([sys.executable, "-c", script, csv_path, path], check=True)
    return path


def have(module):
    return subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True).returncode == 0


def have_duckdb():
    return subprocess.run([sys.executable, "-c", "import duckdb"], capture_output=True).returncode == 0


def main():
    if not os.path.exists(TALLY):
        sys.exit(f"{TALLY} is missing: run `swift build -c release` (make bench does)")
    big = generate(ROWS)
    big_gb = generate(ROWS, "gb18030")
    mid = generate(max(ROWS // 5, 1000))
    small = generate(10000)
    tiny = generate(1)
    build_floors()

    def tally(path):
        return [TALLY, "score", "--form", FORM, path, "--format", "json"]

    # Written outputs with and without the ballot ledger (csv adds ballots.csv and rejected.csv):
    # the ledger's cost, and whether its memory stays flat as the file grows.
    outs = os.path.join(BUILD, "outs")

    def written(path, name, formats):
        return [TALLY, "score", "--form", FORM, path, "--out", os.path.join(outs, name), "--format", formats, "--quiet"]

    programs = [
        ("tally, UTF-8", tally(big)),
        ("tally, GB18030", tally(big_gb)),
        (f"tally, {ROWS // 5} rows", tally(mid)),
        ("tally, 10k rows", tally(small)),
        ("tally, 1 row (start-up)", tally(tiny)),
        ("tally --out, no ledger", written(big, "plain", "json")),
        ("tally --out, ledger", written(big, "ledger", "json,csv")),
        (f"tally --out, ledger, {ROWS // 5} rows", written(mid, "ledger-mid", "json,csv")),
        ("C libcsv parse + tally", [os.path.join(BUILD, "libcsv_tally"), big, "/dev/null"]),
        ("C libcsv parse only", [os.path.join(BUILD, "libcsv_count"), big]),
        ("iconv GB18030 to UTF-8", ["sh", "-c", f"iconv -f GB18030 -t UTF-8 '{big_gb}' > /dev/null"]),
    ]
    xlsx = workbook(mid)
    if xlsx and have("python_calamine"):
        programs.append((f"tally, {ROWS // 5} rows .xlsx", tally(xlsx)))
        read_sheet = ("import sys; from python_calamine import CalamineWorkbook; "
                      "rows = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python(); print(len(rows))")
        programs.append((f"calamine reads {ROWS // 5} rows .xlsx", [sys.executable, "-c", read_sheet, xlsx]))
    else:
        print("openpyxl or python-calamine is not installed (pip install openpyxl python-calamine): the .xlsx rows are left out",
              file=sys.stderr)
    if have_duckdb():
        programs.append(("DuckDB, 2 threads", [sys.executable, os.path.join(SHARED, "peers", "duckdb_tally.py"), big,
                                               "/dev/null", "--threads", "2"]))
    else:
        print("DuckDB is not installed (pip install duckdb): its row is left out", file=sys.stderr)

    times = {name: [] for name, _ in programs}
    peaks = {name: [] for name, _ in programs}
    for round_ in range(REPEAT):
        print(f"round {round_ + 1} of {REPEAT} ...", file=sys.stderr)
        for name, command in programs:
            wall, peak = run(command)
            times[name].append(wall)
            peaks[name].append(peak)

    median = {name: statistics.median(values) for name, values in times.items()}
    peak = {name: max(values) for name, values in peaks.items()}
    size = os.path.getsize(big) / 2**20
    print(f"\n{ROWS} rows ({size:.0f} MiB UTF-8), {REPEAT} runs each in turns, on {os.cpu_count()} cores\n")
    print(f"| {'program':<32} | {'median s':>9} | {'peak MiB':>9} |")
    print(f"|{'-' * 34}|{'-' * 11}:|{'-' * 11}:|")
    for name, _ in programs:
        print(f"| {name:<32} | {median[name]:>9.2f} | {peak[name]:>9.1f} |")

    floor = median["C libcsv parse + tally"]
    checks = [
        ("tally / libcsv_tally (target <= 1.5)", median["tally, UTF-8"] / floor, 1.5),
        ("tally GB18030 / tally UTF-8 (target <= 1.7)", median["tally, GB18030"] / median["tally, UTF-8"], 1.7),
        ("peak MiB (target <= 64)", peak["tally, UTF-8"], 64),
        (f"peak at {ROWS} rows / peak at {ROWS // 5} (flat: <= 1.25)", peak["tally, UTF-8"] / peak[f"tally, {ROWS // 5} rows"], 1.25),
        ("10k rows, s of work after start-up (target < 0.1)",
         median["tally, 10k rows"] - median["tally, 1 row (start-up)"], 0.1),
    ]
    xlsx_name = f"tally, {ROWS // 5} rows .xlsx"
    if xlsx_name in median:
        checks.append((f"tally .xlsx / calamine reading it (target <= 1)", median[xlsx_name] / median[f"calamine reads {ROWS // 5} rows .xlsx"], 1.0))
        checks.append(("peak MiB, .xlsx (target <= 128)", peak[xlsx_name], 128))
    checks.append(("ledger: --out json,csv / --out json (target <= 1.25)", median["tally --out, ledger"] / median["tally --out, no ledger"], 1.25))
    checks.append((f"ledger: peak at {ROWS} rows / at {ROWS // 5} (flat: <= 1.25)",
                   peak["tally --out, ledger"] / peak[f"tally --out, ledger, {ROWS // 5} rows"], 1.25))
    if "DuckDB, 2 threads" in median:
        checks.insert(1, ("tally / DuckDB 2 threads (target < 1)", median["tally, UTF-8"] / median["DuckDB, 2 threads"], 1.0))
    print()
    for label, value, target in checks:
        verdict = "met" if value < target or (value == target and "<=" in label) else "NOT met"
        print(f"{label:<52} {value:>7.3f}  {verdict}")


if __name__ == "__main__":
    main()
