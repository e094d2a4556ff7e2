"""The complaint form tried as a new user would, in headless Chromium driven by Selenium.

Run by Tests/Browser/run.sh, which starts the server and sets PORTAL_URL. Each check is a
function named check_*; the small runner at the bottom runs them in order, prints a traceback
for each failure and closes with one line "N passed, M failed".

Environment:
  PORTAL_URL           base address of a running server (required), e.g. http://127.0.0.1:8080
  CHROMIUM_BINARY      the browser (default /usr/bin/chromium)
  CHROMEDRIVER         the driver (default /usr/bin/chromedriver); Selenium Manager is never asked
  BROWSER_SCREENSHOTS  folder for the screenshots (default: a new temporary folder)
"""

import base64
import json
import os
import re
import sys
import tempfile
import time
import traceback

# Selenium Manager must never try to download a browser or a driver.
os.environ.setdefault("SE_OFFLINE", "true")

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

BASE_URL = os.environ.get("PORTAL_URL", "").rstrip("/")
CHROMIUM = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
SCREENSHOTS = os.environ.get("BROWSER_SCREENSHOTS") or tempfile.mkdtemp(prefix="portal-browser-screens-")

# The form token must be at least 3 seconds old when the form comes back; a person takes longer.
MIN_FILL_SECONDS = 3.5

# A minimal but real PDF: header, one empty page, cross-reference table, trailer, %%EOF.
def minimal_pdf() -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# ---------------------------------------------------------------------------------------------
# Browser helpers: find things the way a person does, by what the page shows.

def new_browser() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,2000",
                "--lang=en-GB", "--disable-gpu", "--no-first-run", "--no-default-browser-check"):
        options.add_argument(arg)
    # The performance log carries the Network events, from which the HTTP status of each page is read.
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    driver.set_window_size(1280, 2000)
    return driver


def wait(driver, condition, timeout=15):
    return WebDriverWait(driver, timeout).until(condition)


def open_page(driver, path):
    driver.get(BASE_URL + path)
    wait(driver, lambda d: d.execute_script("return document.readyState") == "complete")


def label_for(driver, text):
    """The <label> or <legend> whose text is exactly `text` (spaces normalised)."""
    matches = driver.find_elements(By.XPATH, f"//label[normalize-space()={xpath_literal(text)}]")
    assert len(matches) == 1, f"expected one label {text!r}, found {len(matches)}"
    return matches[0]


def field(driver, label_text):
    """The control a label points at: proves the label and the control are tied by for/id."""
    label = label_for(driver, label_text)
    target = label.get_attribute("for")
    assert target, f"label {label_text!r} has no for attribute"
    controls = driver.find_elements(By.ID, target)
    assert len(controls) == 1, f"label {label_text!r} points at #{target}, found {len(controls)} elements"
    return controls[0]


def type_into(driver, label_text, text):
    control = field(driver, label_text)
    control.clear()
    control.send_keys(text)
    assert control.get_attribute("value") == text, f"{label_text!r} holds {control.get_attribute('value')!r}"


def choose(driver, label_text, option_text):
    Select(field(driver, label_text)).select_by_visible_text(option_text)


def click_label(driver, label_text):
    """Clicks a radio or checkbox by its label text, as a person clicks the words, not the box."""
    label = label_for(driver, label_text)
    control = field(driver, label_text)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", label)
    label.click()
    assert control.is_selected(), f"clicking {label_text!r} did not select it"


def button(driver, text):
    return driver.find_element(By.XPATH, f"//button[normalize-space()={xpath_literal(text)}]")


def submit(driver, button_text):
    """Clicks a submit button and waits until the next page has loaded."""
    old_page = driver.find_element(By.TAG_NAME, "html")
    drain_network_log(driver)
    target = button(driver, button_text)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", target)
    target.click()
    wait(driver, EC.staleness_of(old_page))
    wait(driver, lambda d: d.execute_script("return document.readyState") == "complete")


def drain_network_log(driver):
    driver.get_log("performance")


def document_status(driver, path):
    """The HTTP status of the last document loaded from `path`, read from Chrome's network log."""
    status = None
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") != "Network.responseReceived":
            continue
        params = message["params"]
        if params.get("type") == "Document" and params["response"]["url"].split("?")[0] == BASE_URL + path:
            status = params["response"]["status"]
    return status


def wait_until_fill_time(loaded_at):
    remaining = MIN_FILL_SECONDS - (time.monotonic() - loaded_at)
    if remaining > 0:
        time.sleep(remaining)


def full_page_screenshot(driver, name):
    """The whole page, not only the window, as a PNG in the screenshot folder."""
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1},
    })
    os.makedirs(SCREENSHOTS, exist_ok=True)
    path = os.path.join(SCREENSHOTS, name)
    with open(path, "wb") as f:
        f.write(base64.b64decode(shot["data"]))
    print(f"  screenshot: {path}")
    return path


def expect_equal(actual, expected, what):
    assert actual == expected, f"{what}: got {actual!r}, expected {expected!r}"


def text_content(element):
    """The element's text as written in the page (before CSS text-transform)."""
    return " ".join((element.get_attribute("textContent") or "").split())


def xpath_literal(text):
    if "'" not in text:
        return f"'{text}'"
    if '"' not in text:
        return f'"{text}"'
    return "concat(" + ", \"'\", ".join(f"'{part}'" for part in text.split("'")) + ")"


# ---------------------------------------------------------------------------------------------
# The checks.

def check_contact_page_to_receipt_and_status(driver):
    """A rightsholder lands on the contact point, follows the link, files a complaint, checks it."""
    open_page(driver, "/")
    assert driver.title.startswith("Contact point"), f"title: {driver.title!r}"
    headings = driver.find_elements(By.TAG_NAME, "h1")
    assert len(headings) == 1, f"{len(headings)} <h1> on the contact page"
    assert "contact point" in headings[0].text, f"h1: {headings[0].text!r}"

    # The call to action in the page body (the header's navigation has a link of the same name).
    link = driver.find_element(By.ID, "main").find_element(By.LINK_TEXT, "Make a copyright complaint")
    link.click()
    wait(driver, EC.url_to_be(BASE_URL + "/complaints/new"))
    wait(driver, lambda d: d.execute_script("return document.readyState") == "complete")
    loaded_at = time.monotonic()
    expect_equal(driver.find_element(By.TAG_NAME, "h1").text, "Make a copyright complaint", "form <h1>")
    assert driver.title.startswith("Make a copyright complaint"), f"title: {driver.title!r}"
    assert not driver.find_elements(By.CSS_SELECTOR, ".error-summary"), "a blank form shows an error summary"

    # About you
    click_label(driver, "I hold the rights myself")
    type_into(driver, "Full name", "Jane Example")
    type_into(driver, "Email address", "jane.example@example.org")
    choose(driver, "Country", "Belgium")
    # The work
    type_into(driver, "Title of the work", "The Long Afternoon")
    choose(driver, "Type of work", "Text")
    type_into(driver, "Identifier (optional)", "ISBN 978-3-16-148410-0")
    type_into(driver, "Where the work is published (optional)", "https://publisher.example/long-afternoon")
    choose(driver, "How the rights were reserved", "robots.txt")
    # The complaint
    click_label(driver, "A crawler ignored robots.txt (Measure 1.3(a))")
    choose(driver, "Which model is concerned?", "example-model-1")
    type_into(driver, "What happened", (
        "Our robots.txt has disallowed your crawler since January 2026, yet our server logs show it "
        "fetched every chapter of the novel in October 2026."))
    type_into(driver, "Links to evidence (optional)", "https://publisher.example/robots.txt")
    # A real PDF as evidence
    pdf = os.path.join(tempfile.mkdtemp(prefix="portal-browser-files-"), "server-log-extract.pdf")
    with open(pdf, "wb") as f:
        f.write(minimal_pdf())
    driver.find_element(By.ID, "files").send_keys(pdf)
    expect_equal(driver.execute_script("return arguments[0].files.length", driver.find_element(By.ID, "files")), 1, "files attached")
    # Declarations
    click_label(driver, "I make this complaint in good faith.")
    click_label(driver, "The information in this complaint is accurate and complete.")
    # The honeypot stays empty, as a person leaves it.
    expect_equal(driver.find_element(By.ID, "website").get_attribute("value"), "", "honeypot")

    full_page_screenshot(driver, "1-complaint-form-filled.png")
    wait_until_fill_time(loaded_at)
    submit(driver, "Send complaint")

    status = document_status(driver, "/complaints")
    assert status == 201, f"POST /complaints answered {status}, expected 201"
    expect_equal(driver.find_element(By.TAG_NAME, "h1").text, "Complaint received", "receipt <h1>")
    assert driver.title.startswith("Complaint received"), f"title: {driver.title!r}"
    reference = driver.find_element(By.CSS_SELECTOR, ".reference").text.strip()
    assert re.fullmatch(r"CPL-\d{4}-\d{6}", reference), f"reference {reference!r}"
    token = driver.find_element(By.ID, "status-token").text.strip()
    assert len(token) >= 22, f"status code {token!r} is shorter than 22 characters"
    full_page_screenshot(driver, "2-receipt.png")

    # Check the complaint with the reference and code, through the header's link.
    driver.find_element(By.CSS_SELECTOR, "header nav").find_element(By.LINK_TEXT, "Check a complaint").click()
    wait(driver, EC.url_to_be(BASE_URL + "/status"))
    expect_equal(driver.find_element(By.TAG_NAME, "h1").text, "Check a complaint", "status form <h1>")
    type_into(driver, "Reference", reference)
    type_into(driver, "Status code", token)
    submit(driver, "Check status")
    status = document_status(driver, "/status")
    assert status == 200, f"POST /status answered {status}, expected 200"
    expect_equal(driver.find_element(By.TAG_NAME, "h1").text, f"Complaint {reference}", "status page <h1>")
    expect_equal(text_content(driver.find_element(By.CSS_SELECTOR, ".tag")), "Received", "status shown")
    full_page_screenshot(driver, "3-status.png")


def check_invalid_form_shows_errors_and_keeps_values(driver):
    """A half-filled form comes back with an error summary, messages by the fields, values kept."""
    open_page(driver, "/complaints/new")
    loaded_at = time.monotonic()
    name = "Jane <b>Doe</b>"
    title = 'Poems "Collected" & Other <Verse>'
    description = "A crawler took my poems."  # under the 50 characters required
    type_into(driver, "Full name", name)
    choose(driver, "Country", "France")
    type_into(driver, "Title of the work", title)
    type_into(driver, "What happened", description)
    pdf = os.path.join(tempfile.mkdtemp(prefix="portal-browser-files-"), "evidence.pdf")
    with open(pdf, "wb") as f:
        f.write(minimal_pdf())
    driver.find_element(By.ID, "files").send_keys(pdf)
    wait_until_fill_time(loaded_at)
    submit(driver, "Send complaint")

    status = document_status(driver, "/complaints")
    assert status == 422, f"POST /complaints answered {status}, expected 422"
    assert driver.title.startswith("Error:"), f"title: {driver.title!r}"

    summary = driver.find_element(By.CSS_SELECTOR, ".error-summary")
    assert summary.is_displayed(), "the error summary is not visible"
    expect_equal(summary.find_element(By.TAG_NAME, "h2").text, "There is a problem", "error summary heading")
    links = summary.find_elements(By.CSS_SELECTOR, "a")
    messages = {text_content(a): a.get_attribute("href") for a in links}
    expected = {
        "Enter your email address.": "complainant-email",
        f"Write at least 50 characters; you wrote {len(description)}.": "description",
        "Confirm that you make this complaint in good faith.": "declarations-good-faith",
        "Confirm that the information is accurate and complete.": "declarations-accurate-and-complete",
        "Select whether you hold the rights, represent the rightsholder, or are a collective management organisation.":
            "complainant-role",
        "Select the type of the work.": "works-0-type",
        "Select what the complaint is about.": "category",
    }
    for message, anchor in expected.items():
        assert message in messages, f"summary lacks {message!r}; it lists {sorted(messages)}"
        assert messages[message].endswith("#" + anchor), f"{message!r} links to {messages[message]!r}, expected #{anchor}"
    for text, href in messages.items():
        assert "#" in href, f"summary link {text!r} has no fragment: {href!r}"
        target = href.split("#", 1)[1]
        found = driver.find_elements(By.ID, target)
        assert len(found) == 1, f"summary link {text!r} points at #{target}, which is on the page {len(found)} times"
    # Nothing that was filled in correctly is reported.
    for kept in ("Enter your full name.", "Select your country.", "Give the title of the work."):
        assert kept not in messages, f"summary reports {kept!r} although it was filled in"

    # The messages beside the fields, and the fields marked invalid.
    for anchor, message in (("complainant-email", "Enter your email address."),
                            ("description", "Write at least 50 characters"),
                            ("declarations-good-faith", "Confirm that you make this complaint in good faith.")):
        beside = driver.find_element(By.ID, f"{anchor}-error")
        assert "error-message" in beside.get_attribute("class").split(), f"#{anchor}-error is not an .error-message"
        assert message in beside.text, f"#{anchor}-error says {beside.text!r}"
        expect_equal(driver.find_element(By.ID, anchor).get_attribute("aria-invalid"), "true", f"aria-invalid of #{anchor}")

    # The values typed are kept, as text: the markup in the name was escaped, not interpreted.
    expect_equal(field(driver, "Full name").get_attribute("value"), name, "name kept")
    assert not driver.find_elements(By.CSS_SELECTOR, "main b"), "the name's <b> was interpreted as HTML"
    expect_equal(field(driver, "Title of the work").get_attribute("value"), title, "title kept")
    expect_equal(Select(field(driver, "Country")).first_selected_option.text, "France", "country kept")
    expect_equal(field(driver, "What happened").get_attribute("value"), description, "description kept")
    expect_equal(field(driver, "Email address").get_attribute("value"), "", "email (left empty)")
    # Files are never kept, and the page says so.
    notice = driver.find_element(By.CSS_SELECTOR, ".notice")
    assert "Your files were not kept" in notice.text, f"notice: {notice.text!r}"
    full_page_screenshot(driver, "4-complaint-form-errors.png")


# The confidentiality undertaking as the form words it (DocumentationRequestFormView.undertaking).
UNDERTAKING = (
    "I undertake to keep the documentation and information I receive confidential: to use it only to understand the model "
    "and meet my own obligations under the AI Act, to protect it as the AI Act requires of its recipients (Articles 53(7) "
    "and 78), including the provider's trade secrets and intellectual property, and not to pass it on to anyone else."
)


def check_documentation_request_from_contact_page(driver):
    """A downstream provider lands on the contact point, follows the link, requests documentation."""
    open_page(driver, "/")
    link = driver.find_element(By.ID, "main").find_element(By.LINK_TEXT, "Request model documentation")
    link.click()
    wait(driver, EC.url_to_be(BASE_URL + "/documentation-requests/new"))
    wait(driver, lambda d: d.execute_script("return document.readyState") == "complete")
    loaded_at = time.monotonic()
    expect_equal(driver.find_element(By.TAG_NAME, "h1").text, "Request model documentation", "form <h1>")
    assert driver.title.startswith("Request model documentation"), f"title: {driver.title!r}"
    assert not driver.find_elements(By.CSS_SELECTOR, ".error-summary"), "a blank form shows an error summary"

    # The organisation and the contact person
    type_into(driver, "Legal name of your organisation", "Example Systems GmbH")
    choose(driver, "Country", "Germany")
    type_into(driver, "Full name", "Max Muster")
    type_into(driver, "Email address", "max@systems.example")
    # The AI system
    type_into(driver, "Name of the AI system", "Claims assistant")
    type_into(driver, "Intended purpose", "Summarising insurance claims for adjusters at a mid-sized insurer.")
    click_label(driver, "Not sure")
    # The model and what is needed, by the Annex's words
    choose(driver, "Which model do you integrate?", "example-model-1")
    type_into(driver, "Model version", "1.2")
    click_label(driver, "1(a) The tasks that the model is intended to perform and the type and nature of AI systems into which it can be integrated")
    click_label(driver, "2(b) The modality (e.g. text, image), format and maximum size (e.g. context window length) of inputs and outputs")
    type_into(driver, "Your question (optional)", "What is the maximum context length through the batch API?")
    click_label(driver, UNDERTAKING)
    expect_equal(driver.find_element(By.ID, "website").get_attribute("value"), "", "honeypot")

    full_page_screenshot(driver, "5-documentation-request-filled.png")
    wait_until_fill_time(loaded_at)
    submit(driver, "Send request")

    status = document_status(driver, "/documentation-requests")
    assert status == 201, f"POST /documentation-requests answered {status}, expected 201"
    expect_equal(driver.find_element(By.TAG_NAME, "h1").text, "Documentation request received", "receipt <h1>")
    assert driver.title.startswith("Documentation request received"), f"title: {driver.title!r}"
    reference = driver.find_element(By.CSS_SELECTOR, ".reference").text.strip()
    assert re.fullmatch(r"DOC-\d{4}-\d{6}", reference), f"reference {reference!r}"
    token = driver.find_element(By.ID, "status-token").text.strip()
    assert len(token) >= 22, f"status code {token!r} is shorter than 22 characters"
    full_page_screenshot(driver, "6-documentation-request-receipt.png")

    # The request is checked with the reference and code like a complaint.
    open_page(driver, "/status")
    type_into(driver, "Reference", reference)
    type_into(driver, "Status code", token)
    submit(driver, "Check status")
    status = document_status(driver, "/status")
    assert status == 200, f"POST /status answered {status}, expected 200"
    expect_equal(driver.find_element(By.TAG_NAME, "h1").text, f"Documentation request {reference}", "status page <h1>")


CHECKS = [check_contact_page_to_receipt_and_status, check_invalid_form_shows_errors_and_keeps_values,
          check_documentation_request_from_contact_page]


def main():
    if not BASE_URL:
        print("PORTAL_URL is not set", file=sys.stderr)
        return 2
    print(f"Browser test against {BASE_URL} (screenshots in {SCREENSHOTS})")
    passed = failed = 0
    for check in CHECKS:
        print(f"- {check.__name__}")
        driver = None
        try:
            driver = new_browser()
            check(driver)
        except Exception:  # noqa: BLE001 - every failure is reported and counted
            failed += 1
            print(f"FAIL {check.__name__}")
            traceback.print_exc(file=sys.stdout)
            if driver is not None:
                try:
                    print(f"  on {driver.current_url}: {driver.title!r}")
                    full_page_screenshot(driver, f"failed-{check.__name__}.png")
                except Exception:  # noqa: BLE001
                    pass
        else:
            passed += 1
            print(f"PASS {check.__name__}")
        finally:
            if driver is not None:
                driver.quit()
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
