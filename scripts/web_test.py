"""The web app walked as a new user walks it, in a real browser (Debian's chromium and
chromium-driver, Selenium from PyPI with the driver's path given and SE_OFFLINE=true, so it
never downloads a driver): create a campaign, upload a 问卷星 CSV and an Excel workbook, see a
warning, run, open a unit's findings, download its DOCX and check that it is a Word file naming
the unit. Screenshots go to .build/web-shots/. `make test-web` starts the server and runs this.

    python3 scripts/web_test.py http://127.0.0.1:PORT
"""
import io
import os
import sys
import tempfile
import urllib.request
import zipfile

os.environ["SE_OFFLINE"] = "true"
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

base = sys.argv[1].rstrip("/")
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


def check(condition, what):
    if not condition:
        shot("failure")
        print("FAILED:", what)
        driver.quit()
        sys.exit(1)
    print("ok:", what)


try:
    # 1. A new campaign, by keyboard-reachable fields.
    driver.get(base + "/")
    shot("01-home")
    driver.find_element(By.LINK_TEXT, "新建测评").click()
    driver.find_element(By.ID, "title").send_keys("2026年县委第二轮巡察民主测评")
    driver.find_element(By.ID, "team").send_keys("县委第二巡察组")
    Select(driver.find_element(By.ID, "form")).select_by_value("leadership-evaluation")
    driver.find_element(By.ID, "units").send_keys("县司法局,60\n县公安局,45")
    shot("02-new-campaign")
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for("上传答卷")
    check("/campaigns/" in driver.current_url and "2026年县委第二轮巡察民主测评" in driver.page_source, "the campaign is created")

    # 2. A 问卷星 CSV for 县司法局, with two ballots whose category no group has.
    with open(os.path.join(root, "Samples/leadership/wjx-text-utf8.csv"), encoding="utf-8") as source:
        lines = source.read().split("\n")
    lines[1] = lines[1].replace("一般干警", "普通干部", 1)
    lines[2] = lines[2].replace("一般干警", "普通干部", 1).replace("中层干部", "普通干部", 1)
    folder = tempfile.mkdtemp()
    csv_path = os.path.join(folder, "问卷星导出-县司法局.csv")
    with open(csv_path, "w", encoding="utf-8") as out:
        out.write("\n".join(lines))
    driver.find_element(By.ID, "file").send_keys(csv_path)
    Select(driver.find_element(By.ID, "unit")).select_by_visible_text("县司法局")
    driver.find_element(By.XPATH, "//button[text()='上传并检查']").click()
    wait_for("普通干部")
    check("问卷星导出-县司法局.csv" in driver.page_source, "the CSV is uploaded")
    warnings = driver.find_elements(By.CSS_SELECTOR, ".warning")
    check(any("普通干部" in w.text for w in warnings), "a warning names the unknown category 普通干部")
    shot("03-upload-warning")

    # 3. An Excel workbook for 县公安局 (keyed from `tally forms sheet`).
    driver.find_element(By.ID, "file").send_keys(os.path.join(root, "Tests/TallyRenderTests/Fixtures/keying/keyed.xlsx"))
    Select(driver.find_element(By.ID, "unit")).select_by_visible_text("县公安局")
    driver.find_element(By.XPATH, "//button[text()='上传并检查']").click()
    wait_for("40 行答卷")
    check("keyed.xlsx" in driver.page_source and "40 行答卷" in driver.page_source, "the workbook is uploaded and read (40 ballots)")
    shot("04-campaign")

    # 4. Run.
    driver.find_element(By.XPATH, "//button[text()='开始统计']").click()
    wait_for("已完成")
    check("已完成" in driver.page_source, "the run is done")
    shot("05-run")
    shot("05-run-phone", width=390, height=844)

    # 5. A unit's findings.
    driver.find_element(By.XPATH, "//tr[td[text()='县公安局']]//a[text()='查看测评情况和附件']").click()
    wait_for("县公安局民主测评情况")
    check("县公安局民主测评情况" in driver.page_source, "the findings of 县公安局 open")
    shot("06-findings")
    shot("06-findings-phone", width=390, height=844)
    driver.back()
    wait_for("放入单位报告")

    # 6. The DOCX, fetched with the browser's session: a Word file naming the unit.
    link = driver.find_element(By.XPATH, "//tr[td[text()='县公安局']]//a[text()='findings.docx']").get_attribute("href")
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    with urllib.request.urlopen(urllib.request.Request(link, headers={"Cookie": cookie})) as response:
        data = response.read()
        kind = response.headers["Content-Type"]
    check("wordprocessingml" in kind, "the DOCX comes as a Word document")
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        document = docx.read("word/document.xml").decode("utf-8")
    check("县公安局" in document, "the Word file names the unit")
finally:
    driver.quit()
print("web test passed; screenshots in", shots)
