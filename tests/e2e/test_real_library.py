"""The shipped library (20 papers, nine real Ofsted reports) in a real browser.

The library is ingested and indexed once per test session with the real model, as
`boardsearch start` does (pytest --e2e-library DIR keeps it in DIR between runs).
Checks what a board officer sees first: a search answered from the real reports with
page citations; the Themes heatmap over all three boroughs and every
period, the most frequent theme on top, a line saying what a cell counts, and a
cell's passages with citations; the stock-take register unfiltered.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.browser import (
    assert_no_error,
    body_text,
    browser,
    missing_browser,
    settled,
    shot,
    start_app,
    wait_for,
)
from tests.e2e.real_library import (
    build_library,
    expected_theme_order,
    heatmap_labels,
    pick,
    show_search,
    show_themes,
)
from tests.helpers import need_tool

pytestmark = [pytest.mark.e2e, pytest.mark.real]
BOROUGHS = ("Hammersmith and Fulham", "Kensington and Chelsea", "Westminster")
REAL_PERIODS = ("2015/16", "2019/20", "2023/24", "2024/25")


@pytest.fixture(scope="session")
def library(tmp_path_factory, request) -> Path:
    need_tool(missing_browser())  # skipped, or failed under --require-tools (CI)
    keep = request.config.getoption("e2e_library")
    data = Path(keep) if keep else tmp_path_factory.mktemp("library") / "data"
    counts = build_library(data)
    assert counts["documents"] == 20 and counts["pages"] == 263, counts
    return data


@pytest.fixture(scope="module")
def app(library) -> Iterator[str]:
    with start_app(library) as url:
        yield url


@pytest.fixture(scope="module")
def driver(app) -> Iterator:
    with browser(1400, 1100) as d:
        yield d


def test_search_answers_from_the_real_reports_with_page_citations(app, driver):
    text = show_search(driver, app)
    assert_no_error(driver)
    # a hit from an Ofsted report, cited by title and page
    assert re.search(r"Inspection of [^\n]*children[^\n]*, p\. \d+", text), text[:2000]
    shot(driver, "real-01-search")


def test_themes_default_to_everything_most_frequent_first(app, driver, library):
    text = show_themes(driver, app)
    assert_no_error(driver)
    assert "Each cell counts the passages tagged with a theme" in text
    from selenium.webdriver.common.by import By

    chosen = driver.find_element(
        By.XPATH, "//*[@data-testid='stMultiSelect'][.//label[normalize-space()='Boroughs']]"
    ).text
    assert all(b in chosen for b in BOROUGHS), chosen
    labels = heatmap_labels(driver)  # legend, titles, then the x axis, then the y axis
    assert all(p in labels for p in REAL_PERIODS), labels  # the three inspection rounds
    assert "2011/12" in labels  # and the board papers' years
    themes = labels[labels.index("Period") + 1 :]
    assert themes[:5] == expected_theme_order(library)[:5], themes
    assert "only made-up test papers" in text  # 2012/13 to 2014/15 hold synthetic papers only
    shot(driver, "real-02-themes")


def test_a_theme_cell_lists_cited_passages_from_an_inspection(app, driver, library):
    show_themes(driver, app)
    top = expected_theme_order(library)[0]
    pick(driver, "Theme", top)
    pick(driver, "Period", "2019/20")
    wait_for(driver, lambda d: f"{top} — 2019/20" in body_text(d), 60, "the cell's passages")
    wait_for(driver, lambda d: "Open page" in body_text(d), 60, "links to the cited pages")
    wait_for(driver, settled, 60, "the app to finish")
    text = body_text(driver)
    cited = r"Inspection of children’s social care services 2019/20, p\. \d+"
    assert re.search(cited, text), text[-2000:]
    assert_no_error(driver)
    shot(driver, "real-03-themes-cell")


def test_register_shows_every_row_unfiltered(app, driver, library):
    driver.get(f"{app}/register")
    wait_for(driver, lambda d: "Download these" in body_text(d), 120, "the register")
    wait_for(driver, settled, 60, "the app to finish")
    text = body_text(driver)
    shown, total = re.search(r"([\d,]+) rows? of ([\d,]+)", text).groups()
    assert shown == total and int(total.replace(",", "")) >= 100, text[:500]
    from ingest.store import Store

    with Store(library, readonly=True) as store:
        sources = {r.doc_id for r in store.records("stocktake_row")}
        made_up = sum(1 for d in store.documents() if d.id in sources and d.synthetic)
    where = f"from {len(sources)} papers, 2011/12 to 2013/14 ({made_up} of them made-up"
    assert where in text, text[:800]
    assert_no_error(driver)
    shot(driver, "real-04-register")
