"""The web app walked as a clerk walks it, mistakes and recoveries included, in a real browser
(Debian's chromium and chromium-driver, Selenium from PyPI with the driver's path given and
SE_OFFLINE=true, so it never downloads a driver): create a campaign with one unit's 发出票数
missing, upload a Word file by mistake (told what it is), a wrong file (removed), a 问卷星 CSV
with an unknown category and an Excel workbook, add the missing 发出票数, run, open a unit's
findings, download its Word file by its name (县公安局-测评情况.docx), then export the campaign
folder and check that `tally run` on it gives the web's bytes; script in names stays text;
扫码测评 on a phone at 390 px (the “优秀” quota broken and refused, a ballot submitted, the
progress screen counting it). Screenshots at 1366 and 390 px go
to .build/web-shots/. `make test-web` starts the server and runs this.

    python3 scripts/web_test.py http://127.0.0.1:PORT [path/to/tally]
"""
import csv
import re
import filecmp
import io
import os
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
import zipfile

os.environ["SE_OFFLINE"] = "true"
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

base = sys.argv[1].rstrip("/")
tally = sys.argv[2] if len(sys.argv) > 2 else None
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
shots = os.path.join(root, ".build", "web-shots")
os.makedirs(shots, exist_ok=True)

options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1366,768"]:
    options.add_argument(argument)
driver = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)
driver.implicitly_wait(5)


def shot(name, width=1366, height=768):
    driver.set_window_size(width, height)
    height_needed = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, max(height, min(height_needed, 4000)))
    driver.save_screenshot(os.path.join(shots, name + ".png"))
    driver.set_window_size(1366, 768)


def wait_for(text):
    """Waits until the page (after a form's redirect) holds `text`."""
    try:
        WebDriverWait(driver, 30).until(lambda d: text in d.page_source)
    except Exception:
        pass


def wait_until(condition):
    """Waits until `condition(page source)` holds: for a form that posts back to the page it is on,
    whose words are there before the answer comes too."""
    try:
        WebDriverWait(driver, 30).until(lambda d: condition(d.page_source))
    except Exception:
        pass


def check(condition, what):
    if not condition:
        shot("failure")
        print("FAILED:", what)
        driver.quit()
        sys.exit(1)
    print("ok:", what)



def both(name):
    """The page at a desk's width and at a phone's."""
    shot(name)
    shot(name + "-phone", width=390, height=844)


def fetch(url):
    """A file fetched with the browser's session: its bytes and headers."""
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Cookie": cookie})) as response:
        return response.read(), response.headers


def upload(path, unit=None):
    driver.find_element(By.ID, "file").send_keys(path)
    if unit:
        Select(driver.find_element(By.ID, "unit")).select_by_visible_text(unit)
    driver.find_element(By.XPATH, "//button[text()='上传并检查']").click()


try:
    # 1. A new campaign, by keyboard-reachable fields; 县公安局's 发出票数 not known yet.
    driver.get(base + "/")
    both("01-home")
    driver.find_element(By.LINK_TEXT, "新建测评").click()
    driver.find_element(By.ID, "title").send_keys("2026年县委第二轮巡察民主测评")
    driver.find_element(By.ID, "team").send_keys("县委第二巡察组")
    driver.find_element(By.ID, "methods").send_keys("听取汇报、个别谈话、民主测评")
    Select(driver.find_element(By.ID, "form")).select_by_visible_text("领导班子和领导干部民主测评表")
    driver.find_element(By.ID, "units").send_keys("县司法局,60\n县公安局")
    both("02-new-campaign")
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for("上传答卷")
    check("/campaigns/" in driver.current_url and "2026年县委第二轮巡察民主测评" in driver.page_source, "the campaign is created")
    check("还没有填写发出票数：县公安局" in driver.page_source, "the unit without 发出票数 is flagged")
    campaign_url = driver.current_url.split("#")[0]

    # 2. A Word file by mistake: said what it is, and nothing is kept.
    folder = tempfile.mkdtemp()
    word = os.path.join(folder, "巡察报告.docx")
    with zipfile.ZipFile(word, "w") as docx:
        docx.writestr("word/document.xml", "<w:document/>")
    upload(word, "县司法局")
    wait_for("是 Word 文档")
    check("“巡察报告.docx”是 Word 文档" in driver.page_source, "a Word file is said to be one")
    both("03-word-file-refused")

    # 3. A 问卷星 CSV for 县司法局, named for its unit, with two ballots whose category no group has.
    with open(os.path.join(root, "Samples/leadership/wjx-text-utf8.csv"), encoding="utf-8") as source:
        lines = source.read().split("\n")
    lines[0] = lines[0].replace("2、对领导班子的总体评价", "班子总体印象")  # a header renamed by hand
    lines[1] = lines[1].replace("一般干警", "普通干部", 1)
    lines[2] = lines[2].replace("一般干警", "普通干部", 1).replace("中层干部", "普通干部", 1)
    csv_path = os.path.join(folder, "问卷星导出-县司法局.csv")
    with open(csv_path, "w", encoding="utf-8") as out:
        out.write("\n".join(lines))
    upload(csv_path)  # no unit chosen: the file name decides
    wait_for("普通干部")
    check("问卷星导出-县司法局.csv" in driver.page_source, "the CSV is uploaded, its unit taken from its name")
    warnings = driver.find_elements(By.CSS_SELECTOR, ".warning")
    check(any("普通干部" in w.text for w in warnings), "a warning names the unknown category 普通干部")
    both("04-upload-warning")

    check("按现在的样子统计会停止" in driver.page_source, "the renamed column is said to stop the run")
    # 3b. Mapped by choosing: 普通干部 is 一般干部 here; the renamed column is the overall question.
    card = driver.find_element(By.XPATH, "//div[@class='card'][strong[text()='问卷星导出-县司法局.csv']]")
    card.find_element(By.LINK_TEXT, "逐列核对并修正").click()
    wait_for("认不出的填答人类别")
    check("已预选最接近的一项" in driver.page_source, "the mapping view offers the nearest category, not yet applied")
    both("04b-mapping")
    Select(driver.find_element(By.ID, "value-1-as")).select_by_visible_text("一般干部")
    Select(driver.find_element(By.ID, "question-overall")).select_by_visible_text("第8列“班子总体印象”")
    driver.find_element(By.XPATH, "//button[text()='按所选重新检查']").click()
    wait_for("已按所选重新检查")
    check("填答人类别认不出的票由2张变为0张" in driver.page_source and "统计不再会停止" in driver.page_source, "the page says what the choices changed")
    both("04c-mapped")

    # 4. The same CSV again for 县公安局 by mistake, then removed.
    upload(csv_path, "县公安局")
    wait_for("县公安局；")
    check(driver.page_source.count("问卷星导出-县司法局.csv</strong>") == 2, "the wrong upload is listed")
    both("05-wrong-upload")
    card = driver.find_element(By.XPATH, "//div[@class='card'][strong[text()='问卷星导出-县司法局.csv'] and span[contains(text(), '县公安局')]]")
    card.find_element(By.XPATH, ".//button[text()='删除这个文件']").click()
    wait_until(lambda page: page.count("问卷星导出-县司法局.csv</strong>") == 1)
    check(driver.page_source.count("问卷星导出-县司法局.csv</strong>") == 1, "the wrong upload is removed")

    # 5. An Excel workbook for 县公安局 (keyed from `tally forms sheet`).
    upload(os.path.join(root, "Tests/TallyRenderTests/Fixtures/keying/keyed.xlsx"), "县公安局")
    wait_for("40行答卷")
    check("keyed.xlsx" in driver.page_source and "40行答卷" in driver.page_source, "the workbook is uploaded and read (40 ballots)")

    # 6. 县公安局's 发出票数, added later.
    row = driver.find_element(By.XPATH, "//tr[td[starts-with(normalize-space(.), '县公安局')]]")
    row.find_element(By.XPATH, ".//summary[text()='修改']").click()
    issued = row.find_element(By.XPATH, ".//input[@name='issued']")
    issued.clear()
    issued.send_keys("45")
    both("06-edit-unit")
    row.find_element(By.XPATH, ".//button[text()='保存']").click()
    wait_until(lambda page: "还没有填写发出票数" not in page)
    check("还没有填写发出票数" not in driver.page_source, "the 发出票数 is saved")
    both("07-campaign")

    # 7. Run.
    driver.find_element(By.XPATH, "//button[text()='开始统计']").click()
    wait_for("已完成")
    check("已完成" in driver.page_source and "第1次统计" in driver.page_source, "the run is done, numbered 1 in its campaign")
    both("08-run")
    run_url = driver.current_url

    # 8. A unit's findings.
    driver.find_element(By.XPATH, "//tr[td[text()='县公安局']]//a[text()='查看测评情况和附件']").click()
    wait_for("县公安局民主测评情况")
    check("县公安局民主测评情况" in driver.page_source, "the findings of 县公安局 open")
    both("09-findings")
    driver.get(run_url)
    wait_for("放入单位报告")

    # 9. The Word file, downloaded by its name: a Word document naming the unit.
    link = driver.find_element(By.XPATH, "//tr[td[text()='县公安局']]//a[text()='测评情况（Word 文档）']").get_attribute("href")
    data, headers = fetch(link)
    check("wordprocessingml" in headers["Content-Type"], "the DOCX comes as a Word document")
    check(urllib.parse.unquote(headers["Content-Disposition"].split("''")[-1]) == "县公安局-测评情况.docx", "it downloads as 县公安局-测评情况.docx")
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        document = docx.read("word/document.xml").decode("utf-8")
    check("县公安局" in document, "the Word file names the unit")

    # 10. The campaign folder, exported: `tally run` on it gives the web's bytes.
    if tally:
        exported, _ = fetch(campaign_url + "/export")
        results, _ = fetch(run_url.replace("/runs/", "/runs/").rstrip("/") + "/zip")
        work = tempfile.mkdtemp()
        zipfile.ZipFile(io.BytesIO(exported)).extractall(os.path.join(work, "campaign"))
        zipfile.ZipFile(io.BytesIO(results)).extractall(os.path.join(work, "web"))
        subprocess.run([tally, "run", os.path.join(work, "campaign", "campaign.yaml"), "--out", os.path.join(work, "cli")],
                       check=True, capture_output=True)
        compared = []
        for folder_path, _, names in os.walk(os.path.join(work, "web")):
            for name in names:
                relative = os.path.relpath(os.path.join(folder_path, name), os.path.join(work, "web"))
                if relative == "evidence.json":
                    continue  # names the run's own folder and command
                same = filecmp.cmp(os.path.join(work, "web", relative), os.path.join(work, "cli", relative), shallow=False)
                check(same, f"tally run on the exported folder gives the web's {relative}")
                compared.append(relative)
        check(len(compared) >= 10, f"{len(compared)} files compared byte for byte")

    # 11. Script in a form, a title and a unit name (issue 26, point 3): a quote followed by a
    # combining mark (U+0338), tags, event attributes. Every page and the findings show them as
    # text, no element gains an event attribute, and no script runs.
    mark = "\u0338"
    question = f'总体评价"{mark} onmouseover=window.__xss=1 x="{mark}'
    form_path = os.path.join(folder, "xss.yaml")
    with open(form_path, "w", encoding="utf-8") as out:
        out.write("id: xss-check\n"
                  f"title: 'x\"{mark} onload=window.__xss=1 x=\"{mark}'\n"
                  f"questions:\n  - {{ id: q, text: '{question}', options: [满意, 不满意] }}\n"
                  "rubric:\n  rates:\n    满意率: { options: [满意] }\n"
                  "findings:\n  - when: { rate: 满意率, question: q, below: 1 }\n"
                  "    text: '<img src=x onerror=window.__xss=1>满意率{value}'\n")
    driver.get(base + "/forms")
    driver.find_element(By.ID, "form-file").send_keys(form_path)
    driver.find_element(By.XPATH, "//form[@action='/forms']//button").click()
    wait_for("onload=window.__xss=1")
    driver.get(base + "/campaigns/new")
    driver.find_element(By.ID, "title").send_keys("<script>window.__xss=1</script>测评")
    Select(driver.find_element(By.ID, "form")).select_by_value("xss-check")
    unit = f'城关"{mark}><svg onload=window.__xss=1>所'
    driver.find_element(By.ID, "units").send_keys(unit + ",3")
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for("上传答卷")
    attacked = driver.current_url.split("#")[0]
    answers = os.path.join(folder, "xss.csv")
    with open(answers, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerows([[question], ["满意"], ["不满意"], ["不满意"]])
    upload(answers)  # one unit: it is that one
    wait_for("xss.csv")
    pages = {"the campaign page": attacked}
    driver.find_element(By.XPATH, "//button[text()='开始统计']").click()
    wait_for("已完成")
    pages["the run page"] = driver.current_url
    findings = driver.find_element(By.XPATH, "//a[text()='查看测评情况和附件']").get_attribute("href")
    pages["the findings"] = findings
    for what, url in pages.items():
        driver.get(url)
        handlers = driver.execute_script(
            "return Array.from(document.querySelectorAll('*')).flatMap(e => Array.from(e.attributes).map(a => a.name))"
            ".filter(n => n.startsWith('on')).length")
        ran = driver.execute_script("return window.__xss === undefined ? null : window.__xss")
        text = driver.find_element(By.TAG_NAME, "body").text
        shown = "onload=window.__xss=1" in text or "onmouseover=window.__xss=1" in text or "onerror=window.__xss=1" in text
        check(handlers == 0 and ran is None and shown, f"script in names and texts stays text on {what} "
              f"({handlers} event attributes, script {'ran' if ran else 'did not run'})")
    shot("11-script-as-text")

    # 12. 扫码测评 (issue 27): codes for a unit's 一般干部, a phone at 390 px fills the ballot,
    # breaks the “优秀” quota and is refused, submits; the progress screen counts it without a reload.
    driver.get(base + "/campaigns/new")
    driver.find_element(By.ID, "title").send_keys("县法院扫码测评")
    Select(driver.find_element(By.ID, "form")).select_by_value("leadership-evaluation")
    driver.find_element(By.ID, "units").send_keys("县法院")
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for("上传答卷")
    court = driver.current_url.split("#")[0]
    driver.get(court + "/collect")
    driver.find_element(By.CSS_SELECTOR, "input[name=n2]").send_keys("3")
    driver.find_element(By.XPATH, "//button[text()='生成测评码']").click()
    wait_for("已为“县法院”生成测评码3个")
    both("12-collect")
    slips, _ = fetch(base + "/api/v1/campaigns/" + court.rstrip("/").split("/")[-1] + "/units/%E5%8E%BF%E6%B3%95%E9%99%A2/slips?format=html")

    codes = [c.replace(" ", "") for c in re.findall(r'class="code">([0-9A-Z ]+)<', slips.decode("utf-8"))]
    check(len(codes) == 3, f"3 slips on the print page ({len(codes)})")
    driver.set_window_size(390, 844)
    driver.get(base + "/b/" + codes[0])
    check("县法院" in driver.page_source and "一般干部" in driver.page_source, "the phone ballot names the unit and the code's category")
    driver.find_element(By.CSS_SELECTOR, "input[name=q0][value='好']").click()
    for row in range(3):
        driver.find_element(By.CSS_SELECTOR, f"input[name=q5r{row}][value='优秀']").click()
    rule = driver.find_element(By.CSS_SELECTOR, "p.rule")
    check("broken" in rule.get_attribute("class") and "现有3人" in rule.text, f"the quota is counted as it is broken ({rule.text})")
    shot("12-phone-quota-broken", width=390, height=844)
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    alert = WebDriverWait(driver, 10).until(EC.alert_is_present())
    refusal = alert.text
    alert.accept()
    check("优秀" in refusal and "不超过2人" in refusal, f"a submission over the quota is refused with its rule ({refusal})")
    driver.find_element(By.CSS_SELECTOR, "input[name=q5r2][value='称职']").click()
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    confirm = WebDriverWait(driver, 10).until(EC.alert_is_present())
    asked = confirm.text
    confirm.accept()
    wait_for("提交成功")
    check("不能修改" in asked and "提交成功" in driver.page_source, f"asked once to confirm ({asked}), then stored")
    shot("12-phone-done", width=390, height=844)
    driver.get(base + "/b/" + codes[0])
    check("已经提交过" in driver.page_source, "the used code's page says only that it was used")
    driver.set_window_size(1366, 768)
    driver.get(court + "/progress")
    wait_for("1 / 3")
    driver.execute_script("window.__same_page = true")
    request = urllib.request.Request(base + "/api/v1/ballots", method="POST", headers={"Content-Type": "application/json"},
                                     data=('{"code":"%s","answers":{"overall":"较好"}}' % codes[1]).encode())
    with urllib.request.urlopen(request) as response:
        check(response.status == 201, "a second phone's ballot through the API")
    wait_for("2 / 3")
    same = driver.execute_script("return window.__same_page === true")
    check("2 / 3" in driver.page_source and same, "the progress screen counts it without a reload")
    shot("12-progress")
finally:
    driver.quit()
print("web test passed; screenshots in", shots)
