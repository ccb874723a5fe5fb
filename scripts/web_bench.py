"""Load and faults for the web app (`make bench-web`), on loopback:

1. 50 concurrent clients read pages for 10 s: requests, errors, p50/p99 latency.
2. 5 campaigns uploaded and run at the same time: each run's output tree compared, file by
   file, with `tally run` on the campaign folder the app exports.
3. The server killed with SIGKILL during a long run, then started again: the database passes
   SQLite's integrity check and the interrupted run is marked failed.
4. The attacks and faults of issue 26 (each line says "held" or "BROKE").
5. 扫码测评 (issue 27): 300 phones fetch the ballot and submit at once (all stored, none twice,
   p50/p99 of the submissions, within 30 s); SIGKILL during 400 submissions, then a restart:
   every answered ballot is there, and ballots equal codes used.

    python3 scripts/web_bench.py SERVER_BINARY TALLY_BINARY
"""
import csv
import filecmp
import http.client
import io
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import uuid
import zipfile

server_binary, tally_binary = sys.argv[1], sys.argv[2]
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
port = 18090


def start(workspace):
    process = subprocess.Popen([server_binary, "--dir", workspace, "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/forms").read()
            return process
        except Exception:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


def request(method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, data


def post_json(path, value):
    status, data = request("POST", path, json.dumps(value).encode(), {"Content-Type": "application/json"})
    return status, json.loads(data)


def upload(campaign, unit, path):
    boundary = uuid.uuid4().hex
    with open(path, "rb") as f:
        content = f.read()
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"unit\"\r\n\r\n{unit}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{os.path.basename(path)}\"\r\n\r\n").encode()
    body += content + f"\r\n--{boundary}--\r\n".encode()
    status, data = request("POST", f"/api/v1/campaigns/{campaign}/uploads", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert status == 201, (status, data[:300])


def campaign(title):
    status, made = post_json("/api/v1/campaigns", {"title": title, "team": "县委第二巡察组", "form": "leadership-evaluation",
                                                    "units": [{"name": "县司法局", "issued": 60}, {"name": "县公安局", "issued": 45}]})
    assert status == 201, made
    upload(made["id"], "县司法局", os.path.join(root, "Samples/leadership/wjx-text-utf8.csv"))
    upload(made["id"], "县公安局", os.path.join(root, "Samples/leadership/excel-by-hand-gb18030.csv"))
    return made["id"]


workspace = tempfile.mkdtemp(prefix="tally-bench-web-")
server = start(workspace)
failures = 0

def check(name, ok, detail=""):
    """One attack of issue 26: prints what was tried and whether it held; counts failures."""
    global failures
    print(f"attack: {name}: {'held' if ok else 'BROKE'}{' (' + detail + ')' if detail else ''}")
    failures += not ok


def import_zip(files):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.zip\"\r\n\r\n").encode()
    body += data.getvalue() + f"\r\n--{boundary}--\r\n".encode()
    return request("POST", "/api/v1/campaigns/import", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})


def attacks():
    """Each attack of issue 26 that this build defends, as the script that found it."""
    sample = open(os.path.join(root, "Samples/leadership/wjx-text-utf8.csv"), encoding="utf-8").read()
    token = open(os.path.join(workspace, "api-token")).read().strip()
    def campaigns():
        database = sqlite3.connect(os.path.join(workspace, "tally.sqlite"))
        count = database.execute("SELECT count(*) FROM campaign").fetchone()[0], database.execute("SELECT count(*) FROM upload").fetchone()[0]
        database.close()
        return count

    # 5. Inspecting a file of many tiny rows holds a constant, not the rows (it held 86 times
    # the file: 40 MB of two-cell rows took 3.4 GB). First, while the server's peak is its own.
    def peak_kib():
        with open(f"/proc/{server.pid}/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    # 20 MB in a debug build (CI: it inspects at about 3.6 s a megabyte), 40 MB in release; the
    # old behaviour held 86 times the file, 1.7 GB for 20 MB, far over the bound either way.
    megabytes = 20 if "/debug/" in server_binary else 40
    tiny = os.path.join(tempfile.mkdtemp(prefix="tally-bench-tiny-"), "tiny.csv")
    with open(tiny, "w") as f:
        f.write("a,b\n")
        while f.tell() < megabytes * 1024 * 1024:
            f.write("1,2\n" * 10000)
    before = peak_kib()
    _, made = post_json("/api/v1/campaigns", {"title": "细行", "form": "leadership-evaluation", "units": [{"name": "甲"}]})
    started = time.monotonic()
    upload(made["id"], "甲", tiny)
    elapsed = time.monotonic() - started
    check(f"{megabytes} MB of two-cell rows inspected", peak_kib() < 256 * 1024,
          f"peak {before // 1024} MiB before, {peak_kib() // 1024} MiB after, {elapsed:.0f} s in this build")
    shutil.rmtree(os.path.dirname(tiny), ignore_errors=True)

    campaigns_before = campaigns()
    # 1. Campaign import reading files outside the zip, and forms named by server paths.
    for responses, form in [('["/etc/passwd"]', "leadership-evaluation"), ('["/etc/*"]', "leadership-evaluation"),
                            ('["../../api-token"]', "leadership-evaluation"), ('["r.csv"]', "../../x.yaml")]:
        status, body = import_zip({"campaign.yaml": f"form: {form}\nunits:\n  - {{ name: 县司法局, responses: {responses} }}\n", "r.csv": sample})
        text = body.decode("utf-8", "replace")
        check(f"import naming {responses} / form {form}", status == 422 and "root:" not in text and token not in text
              and ("outside the campaign's folder" in text or "leaves the campaign's folder" in text), f"{status}")
    status, body = post_json("/api/v1/campaigns", {"title": "x", "form": "/etc/passwd", "units": [{"name": "甲"}]})
    check("a campaign whose form is /etc/passwd", status in (400, 422) and "root:" not in json.dumps(body, ensure_ascii=False), f"{status}")
    status, body = post_json("/api/v1/campaigns", {"title": "x", "form": "leadership-evaluation", "units": [{"name": "甲", "form": "../api-token"}]})
    check("a unit whose form is ../api-token", status in (400, 422) and token not in json.dumps(body), f"{status}")
    check("nothing stored by the refused imports", campaigns_before == campaigns(), f"campaigns and uploads {campaigns()}")
    # 2. DNS rebinding: a foreign Host (and a matching Origin) is refused; the loopback names are served.
    for host in ["evil.example", f"evil.example:{port}", f"127.0.0.1.evil.example:{port}", "127.0.0.1:1"]:
        status, body = request("GET", "/api/v1/forms", headers={"Host": host, "Origin": f"http://{host}"})
        check(f"Host {host}", status == 421 and b"\xe5\x8e\xbf" not in body, f"{status}")
    for host in [f"127.0.0.1:{port}", f"localhost:{port}"]:
        status, _ = request("GET", "/api/v1/forms", headers={"Host": host})
        check(f"Host {host} served", status == 200, f"{status}")
    # 12. Headers on pages, API answers and errors.
    for path in ["/", "/api/v1/forms", "/no-such-page"]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        headers = {k.lower(): v for k, v in response.getheaders()}
        connection.close()
        policy = headers.get("content-security-policy", "")
        check(f"security headers on {path}", "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
              and headers.get("x-content-type-options") == "nosniff" and headers.get("referrer-policy") == "same-origin")
    # 9. Control characters refused at entry; names that would share a folder kept apart.
    for field in [{"title": "测评\u0001"}, {"units": [{"name": "县司法局\u007f"}]}, {"units": [{"name": "县司法局\u0085"}]}]:
        value = {"title": "名称", "form": "leadership-evaluation", "units": [{"name": "甲"}], **field}
        status, body = post_json("/api/v1/campaigns", value)
        check(f"control character in {list(field)[0]}", status == 422 and "控制字符" in json.dumps(body, ensure_ascii=False), f"{status}")
    status, made = post_json("/api/v1/campaigns", {"title": "同名", "form": "leadership-evaluation", "units": [{"name": "城关/所"}, {"name": "城关_所"}]})
    upload(made["id"], "城关/所", os.path.join(root, "Samples/leadership/wjx-text-utf8.csv"))
    upload(made["id"], "城关_所", os.path.join(root, "Samples/leadership/excel-by-hand-gb18030.csv"))
    _, finished = post_json(f"/api/v1/campaigns/{made['id']}/runs", {})
    _, listed = request("GET", f"/api/v1/runs/{finished.get('id')}")
    folders = sorted({path.split("/")[0] for path in json.loads(listed).get("files") or [] if "/" in path})
    check("units 城关/所 and 城关_所 in two folders", finished.get("status") == "done" and len([f for f in folders if f.startswith("城关")]) == 2, f"{folders}")

    # 6. Zip bombs: 600 MB of zeros (about 600 KB zipped), and one name twice, refused fast.
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("campaign.yaml", "form: leadership-evaluation\nunits:\n  - { name: 甲, responses: [r.csv] }\n")
        with archive.open("r.csv", "w", force_zip64=True) as entry:
            block = b"\0" * (1 << 20)
            for _ in range(600):
                entry.write(block)
    # What any upload of a size costs before its content is looked at (a debug build splits a
    # multipart body at about 1.5 s a megabyte): a bomb must cost under a second more than that.
    def baseline(size, path):
        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"unit\"\r\n\r\n甲\r\n--{boundary}\r\nContent-Disposition: form-data; "
                f"name=\"file\"; filename=\"noise.csv\"\r\n\r\n").encode() + os.urandom(size) + f"\r\n--{boundary}--\r\n".encode()
        started = time.monotonic()
        request("POST", path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
        return time.monotonic() - started

    for name, data in [("600 MB of zeros", bomb.getvalue()), ("a name twice", None)]:
        if data is None:
            twice = io.BytesIO()
            with zipfile.ZipFile(twice, "w") as archive:
                import warnings
                warnings.simplefilter("ignore")
                archive.writestr("campaign.yaml", "form: leadership-evaluation\nunits:\n  - { name: 甲, responses: [r.csv] }\n")
                archive.writestr("r.csv", "总体评价\n好\n")
                archive.writestr("r.csv", "总体评价\n差\n")
            data = twice.getvalue()
        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.zip\"\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
        started = time.monotonic()
        status, _ = request("POST", "/api/v1/campaigns/import", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
        elapsed = time.monotonic() - started
        leftovers = [n for n in os.listdir(os.path.join(workspace, "tmp")) if n.startswith("import-")]
        plain = baseline(len(data), "/api/v1/campaigns/import")
        check(f"zip bomb, {name} ({len(data) // 1024} KB)", status == 422 and elapsed < plain + 1 and not leftovers,
              f"{status} in {elapsed:.2f} s; noise of its size {plain:.2f} s")

    # 6. A 1 MB workbook of whitespace (a gigabyte inflated): its text was kept and scanned
    # again for every chunk (153 s); now refused at the inflation cap, scanned once.
    book = io.BytesIO()
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        archive.writestr("xl/workbook.xml", '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                         'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
                         '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
        archive.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                         '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.openxmlformats.org/'
                         'officeDocument/2006/relationships/worksheet"/></Relationships>')
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as entry:
            entry.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            for _ in range(1000):
                entry.write(b" " * (1 << 20))
            entry.write(b"</sheetData></worksheet>")
    _, made = post_json("/api/v1/campaigns", {"title": "空白工作簿", "form": "leadership-evaluation", "units": [{"name": "甲"}]})
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"unit\"\r\n\r\n甲\r\n--{boundary}\r\nContent-Disposition: form-data; "
            f"name=\"file\"; filename=\"blank.xlsx\"\r\n\r\n").encode() + book.getvalue() + f"\r\n--{boundary}--\r\n".encode()
    started = time.monotonic()
    status, answer = request("POST", f"/api/v1/campaigns/{made['id']}/uploads", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    elapsed = time.monotonic() - started
    plain = baseline(len(book.getvalue()), f"/api/v1/campaigns/{made['id']}/uploads")
    check(f"an .xlsx of whitespace ({len(book.getvalue()) // 1024} KB)", status == 422 and elapsed < plain + 1 and "解压后大得异常" in answer.decode(),
          f"{status} in {elapsed:.2f} s; noise of its size {plain:.2f} s")

    # 6. A .docx given to attach whose document.xml inflates to a gigabyte (it ran 15 minutes at
    # 3.3 GB): inflation stops at 64 MiB.
    done_run = post_json(f"/api/v1/campaigns/{campaign('附件炸弹')}/runs", {})[1]
    report = io.BytesIO()
    with zipfile.ZipFile(report, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            entry.write(b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
            for _ in range(1024):
                entry.write(b" " * (1 << 20))
            entry.write(b"</w:body></w:document>")
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"unit\"\r\n\r\n县司法局\r\n--{boundary}\r\nContent-Disposition: form-data; "
            f"name=\"report\"; filename=\"县司法局巡察报告.docx\"\r\n\r\n").encode() + report.getvalue() + f"\r\n--{boundary}--\r\n".encode()
    started = time.monotonic()
    status, answer = request("POST", f"/api/v1/runs/{done_run['id']}/attach", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    elapsed = time.monotonic() - started
    plain = baseline(len(report.getvalue()), f"/api/v1/runs/{done_run['id']}/attach")
    check(f"a .docx of a gigabyte to attach ({len(report.getvalue()) // 1024} KB)",
          status == 422 and elapsed < plain + 1 and "解压后超过" in answer.decode(),
          f"{status} in {elapsed:.2f} s; noise of its size {plain:.2f} s")

    # 5. A wide upload is inspected in time linear in its columns (it was quadratic: 86 s for
    # 20,000 columns in a debug build). Measured, and a failure only well above linear.
    wide = os.path.join(tempfile.mkdtemp(prefix="tally-bench-wide-"), "wide.csv")
    with open(wide, "w") as f:
        f.write(",".join(f"c{i}" for i in range(20000)) + "\n" + ",".join("1" for _ in range(20000)) + "\n")
    _, made = post_json("/api/v1/campaigns", {"title": "宽表", "form": "leadership-evaluation", "units": [{"name": "甲"}]})
    started = time.monotonic()
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"unit\"\r\n\r\n甲\r\n--{boundary}\r\nContent-Disposition: form-data; "
            f"name=\"file\"; filename=\"wide.csv\"\r\n\r\n").encode() + open(wide, "rb").read() + f"\r\n--{boundary}--\r\n".encode()
    status, _ = request("POST", f"/api/v1/campaigns/{made['id']}/uploads", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    elapsed = time.monotonic() - started
    check("20,000 columns inspected", status in (201, 422) and elapsed < 20, f"{status} in {elapsed:.1f} s, this build")
    shutil.rmtree(os.path.dirname(wide), ignore_errors=True)

    # 11. A refused upload leaves no file behind.
    files_before = sorted(os.listdir(os.path.join(workspace, "files")))
    _, made = post_json("/api/v1/campaigns", {"title": "拒收", "form": "leadership-evaluation", "units": [{"name": "甲"}]})
    boundary = uuid.uuid4().hex
    broken = "身份,对领导班子的总体评价\n一般干部,\"好\n".encode() + os.urandom(8).hex().encode()
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"unit\"\r\n\r\n甲\r\n--{boundary}\r\nContent-Disposition: form-data; "
            f"name=\"file\"; filename=\"broken.csv\"\r\n\r\n").encode() + broken + f"\r\n--{boundary}--\r\n".encode()
    status, _ = request("POST", f"/api/v1/campaigns/{made['id']}/uploads", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    files_after = sorted(os.listdir(os.path.join(workspace, "files")))
    check("a refused upload leaves no file", status != 201 and files_before == files_after, f"{status}, {len(files_after) - len(files_before)} new files")

    # 7. A 300 MB Content-Length is refused before its body comes.
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    started = time.monotonic()
    connection.putrequest("POST", "/api/v1/campaigns/import")
    connection.putheader("Content-Type", "multipart/form-data; boundary=x")
    connection.putheader("Content-Length", str(300 * 1024 * 1024))
    connection.endheaders()
    try:
        answer = connection.getresponse()
        status = answer.status
    except Exception as error:
        status = repr(error)
    connection.close()
    check("a 300 MB Content-Length, no body sent", status == 413 and time.monotonic() - started < 2, f"{status}")

    # 11. A second server on the same workspace refuses to start; the workspace is its owner's only.
    second = subprocess.run([server_binary, "--dir", workspace, "--port", str(port + 2)], capture_output=True, text=True, timeout=60)
    check("a second server on the workspace", second.returncode != 0 and "another tally-server" in second.stderr, second.stderr.strip()[:80])
    loose = []
    for folder, dirs, names in os.walk(workspace):
        for name in dirs + names:
            path = os.path.join(folder, name)
            if os.path.islink(path):
                continue
            mode = os.stat(path).st_mode & 0o777
            if mode & 0o077:
                loose.append(f"{os.path.relpath(path, workspace)} {oct(mode)}")
    check("workspace files 0600 and folders 0700", not loose, ", ".join(loose[:3]))

    # 8. Login: 200 wrong passwords as fast as they go, then the right one: throttled. A server of
    # its own, with a password (on loopback, so that no other address is involved).
    guarded = tempfile.mkdtemp(prefix="tally-bench-login-")
    password_file = os.path.join(guarded, "password")
    with open(password_file, "w") as f:
        f.write("口令12345678\n")
    other = subprocess.Popen([server_binary, "--dir", os.path.join(guarded, "ws"), "--port", str(port + 1), "--password-file", password_file],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port + 1, timeout=5).request("GET", "/login")
                break
            except Exception:
                time.sleep(0.1)
        def login(password):
            connection = http.client.HTTPConnection("127.0.0.1", port + 1, timeout=30)
            connection.request("POST", "/login", urllib.parse.urlencode({"password": password}), {"Content-Type": "application/x-www-form-urlencoded"})
            response = connection.getresponse()
            response.read()
            connection.close()
            return response.status
        statuses = [login(f"wrong{n}") for n in range(200)]
        refused = statuses.count(429)
        check("200 wrong passwords, then the right one", refused >= 190 and login("口令12345678") == 429,
              f"{statuses.count(401)} answered 401, {refused} refused 429")
    finally:
        other.send_signal(signal.SIGTERM)
        other.wait(timeout=20)
        shutil.rmtree(guarded, ignore_errors=True)

    # 4. Huge numbers answered with messages, the server alive.
    status, body = post_json("/api/v1/campaigns", {"title": "x", "form": "leadership-evaluation", "units": [{"name": "甲", "issued": 2 ** 62}]})
    check("发出票数 2^62", status in (400, 422), f"{status}")
    for threshold in ["1/-9223372036854775808", "9223372036854775807.5", "1/9223372036854775807"]:
        form = ("id: huge\nquestions:\n  - { id: q, text: 满意吗, options: [满意, 不满意] }\nrubric:\n  rates:\n    满意率: { options: [满意] }\n"
                f"findings:\n  - when: {{ rate: 满意率, question: q, below: {threshold} }}\n    text: x\n")
        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"huge.yaml\"\r\n\r\n{form}\r\n--{boundary}--\r\n").encode()
        status, _ = request("POST", "/api/v1/forms", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
        ran = "not run"
        if status == 201:
            # Accepted: a run with it must answer, not crash the server.
            _, made = post_json("/api/v1/campaigns", {"title": "巨数", "form": "huge", "units": [{"name": "甲", "issued": 3}]})
            boundary = uuid.uuid4().hex
            csv = "满意吗\n满意\n不满意\n"
            body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"unit\"\r\n\r\n甲\r\n--{boundary}\r\nContent-Disposition: form-data; "
                    f"name=\"file\"; filename=\"r.csv\"\r\n\r\n{csv}\r\n--{boundary}--\r\n").encode()
            request("POST", f"/api/v1/campaigns/{made['id']}/uploads", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
            _, finished = post_json(f"/api/v1/campaigns/{made['id']}/runs", {})
            ran = finished.get("status", "?")
        alive, _ = request("GET", "/api/v1/forms")
        check(f"threshold {threshold}", status in (201, 422) and alive == 200, f"{status}, run {ran}, then {alive}")


try:
    attacks()

    # 1. Load.
    first = campaign("负载测试")
    status, run = post_json(f"/api/v1/campaigns/{first}/runs", {})
    assert run["status"] == "done", run
    pages = ["/", f"/campaigns/{first}", f"/runs/{run['id']}", f"/api/v1/runs/{run['id']}", "/api/v1/forms"]
    latencies, errors, lock = [], [0], threading.Lock()
    deadline = time.monotonic() + 10

    def client(index):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        i = index
        while time.monotonic() < deadline:
            path = pages[i % len(pages)]
            i += 1
            started = time.monotonic()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except Exception:
                ok = False
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            elapsed = time.monotonic() - started
            with lock:
                latencies.append(elapsed)
                if not ok:
                    errors[0] += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000
    print(f"load: 50 clients, 10 s: {len(latencies)} requests ({len(latencies) / 10:.0f}/s), {errors[0]} errors; "
          f"latency p50 {p(0.50):.1f} ms, p99 {p(0.99):.1f} ms, max {latencies[-1] * 1000:.1f} ms")
    failures += errors[0] > 0

    # 1b. Two heavy uploads inspected at once must not stall everyone else: engine calls run off
    # Swift's cooperative pool (Offload), so `GET /` keeps answering while they work.
    with open(os.path.join(root, "Samples/leadership/wjx-text-utf8.csv"), encoding="utf-8-sig", newline="") as source:
        sample = list(csv.reader(source))
    heavy = os.path.join(workspace, "heavy-县司法局.csv")
    with open(heavy, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(sample[0])
        for n in range(40_000):  # about 9 s to inspect in a debug build
            writer.writerow([str(n + 1)] + sample[1 + n % (len(sample) - 1)][1:])
    busy = threading.Event()

    def heavy_upload():
        busy.set()
        upload(first, "县司法局", heavy)

    uploaders = [threading.Thread(target=heavy_upload) for _ in range(2)]
    for thread in uploaders:
        thread.start()
    busy.wait()
    time.sleep(1.0)  # the bodies are in; both inspections are running
    waits = []
    while any(thread.is_alive() for thread in uploaders) and len(waits) < 20:
        started = time.monotonic()
        status, _ = request("GET", "/")
        waits.append((time.monotonic() - started, status))
        time.sleep(0.2)
    for thread in uploaders:
        thread.join()
    slowest = max((w for w, _ in waits), default=0)
    check("two heavy uploads at once do not stall GET /",
          len(waits) >= 3 and slowest < 2.0 and all(code == 200 for _, code in waits),
          f"{len(waits)} GET / during the uploads, slowest {slowest * 1000:.0f} ms")

    # 2. Five campaigns at once, each compared with `tally run` on its exported folder.
    ids = [campaign(f"并发测试{n}") for n in range(5)]
    results = {}

    def run_one(cid):
        results[cid] = post_json(f"/api/v1/campaigns/{cid}/runs", {})[1]

    threads = [threading.Thread(target=run_one, args=(cid,)) for cid in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    identical = 0
    for cid in ids:
        run = results[cid]
        status, exported = request("GET", f"/api/v1/campaigns/{cid}/export")
        folder = tempfile.mkdtemp()
        zipfile.ZipFile(io.BytesIO(exported)).extractall(folder)
        subprocess.run([tally_binary, "run", os.path.join(folder, "campaign.yaml"), "--out", os.path.join(folder, "out"), "--quiet"], check=False)
        mine = os.path.join(workspace, "runs", str(run["id"]), "out")
        comparison = filecmp.dircmp(mine, os.path.join(folder, "out"))
        different = []

        def walk(c, prefix=""):
            different.extend(prefix + name for name in c.diff_files + c.left_only + c.right_only)
            for name, sub in c.subdirs.items():
                walk(sub, prefix + name + "/")

        walk(comparison)
        # evidence.json records how the run was started (the web app's command, tally run's
        # path to the exported folder): everything else must be the same bytes.
        different = [d for d in different if not d.endswith("evidence.json")]
        # dircmp compares shallowly; compare every file's bytes too.
        for dirpath, _, files in os.walk(mine):
            for name in files:
                if name == "evidence.json":
                    continue
                left = os.path.join(dirpath, name)
                right = os.path.join(folder, "out", os.path.relpath(left, mine))
                if not os.path.exists(right) or open(left, "rb").read() != open(right, "rb").read():
                    different.append(os.path.relpath(left, mine))
        if run["status"] == "done" and not different:
            identical += 1
        else:
            print("  campaign", cid, run["status"], "differs:", sorted(set(different))[:5])
    print(f"concurrency: 5 campaigns run at once, {identical} of 5 byte-identical to tally run on their exported folders")
    failures += identical != 5

    # 3. SIGKILL during a long run.
    big = os.path.join(workspace, "big.csv")
    with open(os.path.join(root, "Samples/leadership/wjx-text-utf8.csv"), encoding="utf-8") as f:
        lines = f.read().rstrip("\n").split("\n")
    with open(big, "w", encoding="utf-8") as f:
        f.write(lines[0] + "\n")
        for _ in range(8000):
            f.write("\n".join(lines[1:]) + "\n")
    status, made = post_json("/api/v1/campaigns", {"title": "中断测试", "form": "leadership-evaluation", "units": [{"name": "县司法局"}]})
    upload(made["id"], "县司法局", big)
    def doomed_run():
        try:
            request("POST", f"/api/v1/campaigns/{made['id']}/runs", b"{}", {"Content-Type": "application/json"})
        except Exception:
            pass  # the server is killed while this waits: the connection drops, as it should

    def start_doomed_run():
        """Starts the long run and returns once the database says it is running: its ids."""
        threading.Thread(target=doomed_run, daemon=True).start()
        for _ in range(200):
            database = sqlite3.connect(os.path.join(workspace, "tally.sqlite"))
            running = database.execute("SELECT id FROM run WHERE status = 'running'").fetchall()
            database.close()
            if running:
                return running
            time.sleep(0.05)
        return []

    running = start_doomed_run()
    server.send_signal(signal.SIGKILL)
    server.wait()
    killed_while = bool(running)
    server = start(workspace)
    database = sqlite3.connect(os.path.join(workspace, "tally.sqlite"))
    integrity = database.execute("PRAGMA integrity_check").fetchone()[0]
    status_after = database.execute("SELECT status, errors FROM run WHERE id = ?", (running[0][0],)).fetchone() if running else None
    database.close()
    partial = [name for name in os.listdir(os.path.join(workspace, "runs")) if name.endswith(".partial")]
    print(f"fault: killed with SIGKILL {'during' if killed_while else 'NOT during'} a run; after restart the database's integrity check says "
          f"'{integrity}', the run is '{status_after[0] if status_after else '?'}' ({json.loads(status_after[1])[0] if status_after else ''}), "
          f"{len(partial)} half-built run folders left")
    failures += not (killed_while and integrity == "ok" and status_after and status_after[0] == "failed" and not partial)

    # 8. 扫码测评, a meeting: 300 phones fetch the ballot and submit at once; then the server is
    # killed with SIGKILL during another 400 submissions and started again.
    def meeting_unit(title, groups):
        status, made = post_json("/api/v1/campaigns", {"title": title, "form": "leadership-evaluation", "units": [{"name": "会议室"}]})
        status, issued = post_json(f"/api/v1/campaigns/{made['id']}/units/%E4%BC%9A%E8%AE%AE%E5%AE%A4/codes", {"groups": groups})
        assert status == 201, issued
        database = sqlite3.connect(os.path.join(workspace, "tally.sqlite"))
        unit = database.execute("SELECT id FROM unit WHERE campaignId = ?", (made["id"],)).fetchone()[0]
        database.close()
        return made["id"], unit, [c["code"] for c in issued["codes"]]

    def phone(code, answers, outcome, latencies):
        try:
            status, page = request("GET", f"/b/{code}")
            started = time.monotonic()
            status, _ = request("POST", "/api/v1/ballots", json.dumps({"code": code, "answers": answers}).encode(),
                                {"Content-Type": "application/json"})
            latencies.append(time.monotonic() - started)
            outcome[code] = status
        except Exception:
            outcome[code] = None  # the connection dropped (the server was killed)

    def box(unit):
        database = sqlite3.connect(os.path.join(workspace, "tally.sqlite"))
        ballots = database.execute("SELECT COUNT(*) FROM ballotBox WHERE unitId = ?", (unit,)).fetchone()[0]
        used = {row[0] for row in database.execute("SELECT code FROM ballotCode WHERE unitId = ? AND used", (unit,))}
        integrity = database.execute("PRAGMA integrity_check").fetchone()[0]
        database.close()
        return ballots, used, integrity

    grades = ["好", "较好", "一般", "差"]
    rated = ["优秀", "称职", "基本称职", "不称职"]
    def answers_for(n):
        return {"overall": grades[n % 4], "integrity": grades[(n // 4) % 4],
                "cadres": {"主要负责同志": rated[n % 4], "分管副职甲": rated[(n + 1) % 4], "分管副职乙": rated[(n + 2) % 4]}}

    _, unit, codes = meeting_unit("扫码测评会议", {"班子成员": 20, "中层干部": 80, "一般干部": 200})
    outcome, latencies = {}, []
    phones = [threading.Thread(target=phone, args=(code, answers_for(n), outcome, latencies)) for n, code in enumerate(codes)]
    started = time.monotonic()
    for thread in phones:
        thread.start()
    for thread in phones:
        thread.join()
    elapsed = time.monotonic() - started
    # Two tabs: every code submitted twice more at once; none stores a second ballot.
    again = {}
    twice = [threading.Thread(target=phone, args=(code, answers_for(0), again, [])) for code in codes[:50] * 2]
    for thread in twice:
        thread.start()
    for thread in twice:
        thread.join()
    stored, used, _ = box(unit)
    created = [code for code, status in outcome.items() if status == 201]
    latencies.sort()
    p50, p99 = latencies[len(latencies) // 2] * 1000, latencies[int(len(latencies) * 0.99) - 1] * 1000
    check("300 phones at once", len(created) == 300 and stored == 300 and used == set(codes) and elapsed < 30
          and all(status == 409 for status in again.values()),
          f"{len(created)} answered 201 in {elapsed:.1f} s, {stored} ballots stored, {len(used)} codes used, "
          f"submit p50 {p50:.0f} ms p99 {p99:.0f} ms; 100 repeats: {sorted(set(again.values()))}")

    _, unit, codes = meeting_unit("扫码测评断电", {"一般干部": 400})
    outcome, latencies = {}, []
    phones = [threading.Thread(target=phone, args=(code, answers_for(n), outcome, latencies), daemon=True) for n, code in enumerate(codes)]
    for thread in phones:
        thread.start()
    while sum(1 for status in list(outcome.values()) if status == 201) < 100 and any(thread.is_alive() for thread in phones):
        time.sleep(0.01)
    server.send_signal(signal.SIGKILL)
    server.wait()
    for thread in phones:
        thread.join(timeout=10)
    server = start(workspace)
    stored, used, integrity = box(unit)
    answered = {code for code, status in outcome.items() if status == 201}
    check("SIGKILL during 400 submissions", answered <= used and stored == len(used) and integrity == "ok" and len(answered) < 400,
          f"killed after {len(answered)} answered; after restart {stored} ballots, {len(used)} codes used, every answered code among them: "
          f"{answered <= used}; integrity {integrity}")

    # 7. A slow client (a byte a second, which the idle timeout never sees) is cut off: 408, and
    # its connection closed, after the 20 s grace.
    trickle = socket.create_connection(("127.0.0.1", port))
    trickle.sendall(f"POST /api/v1/campaigns/import HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: multipart/form-data; boundary=x\r\n"
                    f"Content-Length: 100000\r\n\r\n".encode())
    trickle.settimeout(1.0)
    started, answer, closed = time.monotonic(), b"", False
    while time.monotonic() - started < 60 and not closed:
        try:
            trickle.sendall(b"a")
            data = trickle.recv(65536)
            closed = not data
            answer += data
        except socket.timeout:
            pass
        except OSError:
            closed = True
    trickle.close()
    check("a client sending a byte a second", closed and answer.startswith(b"HTTP/1.1 408"), f"{answer[:12].decode(errors='replace')}, "
          f"{'closed' if closed else 'still open'} after {time.monotonic() - started:.0f} s")

    # 7. SIGTERM while a run goes on: the server ends within its shutdown deadline (20 s, then
    # 5 s for cancellation), not when the run would have ended; the run is marked failed.
    start_doomed_run()
    started = time.monotonic()
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=40)
    except subprocess.TimeoutExpired:
        pass
    stopped = time.monotonic() - started
    check("SIGTERM during a run", server.returncode is not None and stopped < 27, f"ended after {stopped:.1f} s" if server.returncode is not None else "still running")
    if server.returncode is None:
        server.kill()
        server.wait()
    server = start(workspace)
finally:
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=20)
    shutil.rmtree(workspace, ignore_errors=True)
sys.exit(1 if failures else 0)
