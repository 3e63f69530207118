"""Driving the real app in headless Chromium: start it on a free port, open a browser,
search and wait, read what the page shows. Shared by the e2e tests
(tests/e2e/test_browser.py, test_real_library.py) and the measuring scripts
(screenshots.py, time_first_run.py, tests/bench/bench_ui.py).
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from ingest.settings import subprocess_env
from tests.helpers import ROOT
from ui.cli import streamlit_command  # the command `boardsearch ui` runs

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
    cmd = streamlit_command(APP, port, "127.0.0.1")  # as `boardsearch ui` starts it
    full_env = subprocess_env(BOARDSEARCH_DATA=str(data_dir), **(env or {}))
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
    for arg in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-dev-shm-usage",
        f"--window-size={width},{height}",
    ):
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
