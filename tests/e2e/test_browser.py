"""The real app in a real browser: `streamlit run ui/app.py` driven by headless Chromium.

Starts the app on a free localhost port over a small data folder (the same
papers as the AppTest tests, hash embedder), searches, opens a hit, visits
every page, checks that a <script> tag in a passage shows as text, and saves a
screenshot of each page into tests/e2e/screenshots/ (gitignored) for people
to look at. Skipped, with the reason, when Chromium, chromedriver or selenium
is missing (the browser is a system package, optional by design), failed instead
under --require-tools (CI installs it). The browser helpers are in tests/e2e/browser.py.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.e2e.browser import (
    SCRIPT,
    assert_no_error,
    body_text,
    browser,
    missing_browser,
    search_in_browser,
    settled,
    shot,
    start_app,
    wait_for,
)
from tests.helpers import need_tool

pytestmark = pytest.mark.e2e

# --------------------------------------------------------------------------- tests


@pytest.fixture(scope="module")
def app_url(tmp_path_factory) -> Iterator[str]:
    need_tool(missing_browser())  # skipped, or failed under --require-tools (CI)
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
    wait_for(
        driver,
        lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="stImage"] img'),
        what="the page image",
    )
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
    wait_for(
        driver,
        lambda d: any(heading in h.text for h in d.find_elements(By.TAG_NAME, "h1")),
        what=heading,
    )
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
    link = wait_for(
        driver, lambda d: d.find_element(By.PARTIAL_LINK_TEXT, "Open page"), what="the source link"
    )
    driver.get(link.get_attribute("href"))
    wait_for(
        driver,
        lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="stImage"] img'),
        what="the document page image",
    )
    assert "Page 2 of 2" in body_text(driver)
    wait_for(driver, settled, what="the app to finish")
    shot(driver, "09-document-from-register-link")
    assert_no_error(driver)


def test_clicking_a_library_row_opens_the_document(app_url, driver):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    driver.get(f"{app_url}/documents")
    grid = wait_for(
        driver,
        lambda d: d.find_element(By.CSS_SELECTOR, '[data-testid="stDataFrame"]'),
        what="the library table",
    )
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
