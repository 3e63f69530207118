"""The real app in a real browser: `streamlit run ui/app.py` driven by headless Chromium.

Starts the app on a free localhost port over a small data folder (the same
papers as the AppTest tests, hash embedder), searches, opens a hit, visits
every page, checks that a <script> tag in a passage shows as text, and saves a
screenshot of each page into tests/e2e/screenshots/ (gitignored) for people
to look at. Skipped, with the reason, when Chromium, chromedriver or selenium
is missing.

The helpers here (``free_port``, ``start_app``, ``browser``, ``search_in_browser``)
are also used by tests/bench/bench_ui.py.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "ui" / "app.py"
SHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
SCRIPT = "<script>alert(1)</script>"
# True once the results for the query are drawn: its heading and a first citation that
# is not left over from the previous search (Streamlit marks those data-stale="true").
ANSWERED_JS = """
const q = arguments[0];
const fresh = (e) => !e.closest('[data-stale="true"]');
const head = [...document.querySelectorAll('h3')].some(
  (h) => fresh(h) && h.textContent.includes(q) && h.textContent.includes('result'));
const cite = [...document.querySelectorAll('[data-testid="stCode"]')].some(fresh);
const none = [...document.querySelectorAll('[data-testid="stAlert"]')].some(
  (a) => fresh(a) && a.textContent.includes('No passages found'));
return (head && cite) || none;
"""

pytestmark = pytest.mark.e2e


def missing_browser() -> str:
    """Why the browser tests cannot run here ('' when they can)."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is not installed (apt-get install chromium chromium-driver)"
    if not Path(CHROMEDRIVER).exists():
        return "chromedriver is not installed (apt-get install chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[dev]')"
    return ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def start_app(data_dir: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """`streamlit run ui/app.py` on a free port; yields its URL once it answers."""
    port = free_port()
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(APP), "--server.port", str(port),
        "--server.address", "127.0.0.1", "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
    ]  # fmt: skip
    full_env = dict(os.environ, BOARDSEARCH_DATA=str(data_dir), **(env or {}))
    log = open(data_dir.parent / f"streamlit-{port}.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(cmd, env=full_env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url}: the app did not answer within {timeout:.0f} s")


@contextlib.contextmanager
def browser(width: int = 1400, height: int = 1800) -> Iterator:
    """Headless Chromium through chromedriver."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", f"--window-size={width},{height}"):  # fmt: skip
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    try:
        yield driver
    finally:
        driver.quit()


def require_browser(purpose: str) -> None:
    """For a script: exit saying why it cannot `purpose` when the browser tests cannot run."""
    if reason := missing_browser():
        raise SystemExit(f"cannot {purpose}: {reason}")


@contextlib.contextmanager
def blank_browser() -> Iterator:
    """For a measuring script: the browser started and on a blank page, 1400 x 1000, so
    its start-up is over before the script's clock starts."""
    with browser(1400, 1000) as driver:
        driver.get("about:blank")
        yield driver


def wait_for(driver, condition, timeout: float = 60, what: str = "the page"):  # noqa: ANN001
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(
        condition, message=f"timed out waiting for {what}"
    )


def settled(driver) -> bool:  # noqa: ANN001
    """True when the app is not running a script (no 'Running...' indicator)."""
    from selenium.webdriver.common.by import By

    return not driver.find_elements(By.CSS_SELECTOR, '[data-testid="stStatusWidget"]')


def search_in_browser(driver, query: str, timeout: float = 60) -> float:  # noqa: ANN001
    """Type a query, press Enter, wait for its results; returns the seconds it took."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    box = wait_for(
        driver,
        lambda d: d.find_element(By.CSS_SELECTOR, 'input[aria-label="What are you looking for?"]'),
        timeout,
        "the search box",
    )
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.DELETE)
    box.send_keys(query)
    t0 = time.perf_counter()
    box.send_keys(Keys.ENTER)

    def answered(d) -> bool:  # noqa: ANN001
        return bool(d.execute_script(ANSWERED_JS, query))

    wait_for(driver, answered, timeout, f"results for {query!r}")
    return time.perf_counter() - t0


def shot(driver, name: str) -> Path:  # noqa: ANN001
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def body_text(driver) -> str:  # noqa: ANN001
    from selenium.webdriver.common.by import By

    return driver.find_element(By.TAG_NAME, "body").text


def assert_no_error(driver) -> None:  # noqa: ANN001
    from selenium.webdriver.common.by import By

    errors = driver.find_elements(By.CSS_SELECTOR, '[data-testid="stException"]')
    assert not errors, errors[0].text[:500]
    assert "Traceback" not in body_text(driver)


# --------------------------------------------------------------------------- tests


@pytest.fixture(scope="module")
def app_url(tmp_path_factory) -> Iterator[str]:
    reason = missing_browser()
    if reason:
        pytest.skip(reason)
    from tests.helpers import EMBEDDER, build_ui_data

    base = tmp_path_factory.mktemp("e2e")
    data = build_ui_data(base / "data", base / "papers")
    with start_app(data, {"BOARDSEARCH_MODEL": EMBEDDER}) as url:
        yield url


@pytest.fixture(scope="module")
def driver(app_url) -> Iterator:
    with browser() as d:
        yield d


def test_search_open_a_hit_and_script_stays_text(app_url, driver):
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    driver.get(app_url)
    search_in_browser(driver, "housing benefit changes")
    text = body_text(driver)
    assert "Westminster LSCB Annual Report 2011/12, p. 2, Appendix 1: Police" in text
    assert "SYNTHETIC" in text
    shot(driver, "01-search")

    search_in_browser(driver, "test passage quotes a web page")
    assert SCRIPT in body_text(driver)  # shown as the characters it is ...
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018 - ... and never run
    scripts = driver.execute_script(
        "return [...document.querySelectorAll('script')].filter(s => s.textContent.includes"
        "('alert(1)')).length"
    )
    assert scripts == 0
    shot(driver, "02-search-script-as-text")

    toggle = driver.find_element(By.XPATH, "//label[.//*[contains(text(), 'Show page')]]")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", toggle)
    toggle.click()
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="stImage"] img'),
             what="the page image")  # fmt: skip
    wait_for(driver, settled, what="the app to finish")
    img = driver.find_element(By.CSS_SELECTOR, '[data-testid="stImage"] img')
    assert driver.execute_script("return arguments[0].naturalWidth", img) > 500
    assert "Download the original" in body_text(driver)
    driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", img)
    shot(driver, "03-search-open-hit")
    assert_no_error(driver)


@pytest.mark.parametrize(
    ("path", "heading", "expect"),
    [
        ("themes", "Themes over time", "per 10,000 words"),
        ("register", "Stock-take register", "Download these 5 rows as CSV"),
        ("documents", "Documents", "SYNTHETIC"),
        ("upload", "Add documents", "Add to the library"),
        ("glossary", "Glossary of acronyms", "MAPPA"),
    ],
)
def test_every_page_shows_without_errors(app_url, driver, path, heading, expect):
    from selenium.webdriver.common.by import By

    driver.get(f"{app_url}/{path}")
    wait_for(driver, lambda d: any(heading in h.text for h in d.find_elements(By.TAG_NAME, "h1")),
             what=heading)  # fmt: skip
    wait_for(driver, lambda d: expect in body_text(d), what=expect)
    wait_for(driver, settled, what="the app to finish")
    time.sleep(0.5)  # let charts draw before the picture is taken
    assert_no_error(driver)
    # opened straight from its address, the page still shows the app's own navigation,
    # never Streamlit's list of script file names
    nav = driver.find_element(By.CSS_SELECTOR, '[data-testid="stSidebarNav"]').text
    assert "Stock-take register" in nav and "common" not in nav.split()
    order = ["themes", "register", "documents", "upload", "glossary"].index(path) + 4
    shot(driver, f"{order:02d}-{path}")


def test_register_link_opens_the_document_page(app_url, driver):
    from selenium.webdriver.common.by import By

    driver.get(f"{app_url}/register")
    wait_for(driver, lambda d: "Full text" in body_text(d), what="the register")
    driver.find_element(By.XPATH, "//*[@role='tab'][contains(., 'Full text')]").click()
    first = driver.find_element(By.CSS_SELECTOR, '[data-testid="stExpander"] summary')
    first.click()
    link = wait_for(driver, lambda d: d.find_element(By.PARTIAL_LINK_TEXT, "Open page"),
                    what="the source link")  # fmt: skip
    driver.get(link.get_attribute("href"))
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="stImage"] img'),
             what="the document page image")  # fmt: skip
    assert "Page 2 of 2" in body_text(driver)
    wait_for(driver, settled, what="the app to finish")
    shot(driver, "09-document-from-register-link")
    assert_no_error(driver)


def test_clicking_a_library_row_opens_the_document(app_url, driver):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    driver.get(f"{app_url}/documents")
    grid = wait_for(driver, lambda d: d.find_element(By.CSS_SELECTOR,
                    '[data-testid="stDataFrame"]'), what="the library table")  # fmt: skip
    wait_for(driver, settled, what="the app to finish")
    time.sleep(0.5)
    # the row-selection cell of the first body row: left edge, second row of the grid
    ActionChains(driver).move_to_element_with_offset(
        grid, -grid.size["width"] // 2 + 14, -grid.size["height"] // 2 + 35 + 17
    ).click().perform()
    wait_for(driver, lambda d: "Back to the library" in body_text(d), what="the document")
    wait_for(driver, settled, what="the app to finish")
    shot(driver, "10-document-opened-from-library")
    assert_no_error(driver)
