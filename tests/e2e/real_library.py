"""The shipped library in a real browser: shared by tests/e2e/test_real_library.py and
tests/e2e/screenshots.py (which refreshes the README's pictures).

``build_library`` ingests corpus/papers (the 10 shipped real papers, nine of them
Ofsted reports) and the 10 synthetic test papers of corpus/fixtures/papers with the real
pipeline and indexes them with the real embedding model, exactly as `boardsearch start
--with-synthetic` does (the tests below check the SYNTHETIC labels too). ``show_search`` and ``show_themes`` walk
the Search and Themes pages the way a board officer would and leave the browser on
the view the README pictures.
"""

from __future__ import annotations

import time
from pathlib import Path

from tests.e2e.browser import body_text, search_in_browser, settled, wait_for
from tests.helpers import CORPUS_PAPERS, FIXTURE_PAPERS, ROOT

DOCS_IMAGES = ROOT / "docs" / "images"
QUERY = "how well are care leavers supported"


def build_library(data: Path) -> dict[str, int]:
    """Ingest and index the shipped corpus into ``data`` (once); returns its counts."""
    from ingest.pipeline import ingest_paths
    from ingest.settings import IngestSettings
    from ingest.store import Store

    if not (data / "boardsearch.sqlite").exists():
        import index

        results = ingest_paths(
            [CORPUS_PAPERS, FIXTURE_PAPERS], data, settings=IngestSettings.from_env()
        )
        failed = [f"{r.path}: {r.message}" for r in results if r.outcome == "failed"]
        assert not failed, failed
        index.sync(data, progress=False)
    with Store(data, readonly=True) as store:
        return store.counts()


def expected_theme_order(data: Path) -> list[str]:
    """Themes by how many tags they have in the library (all boroughs and periods; a
    passage about several boroughs counts for each, as on the page), most first."""
    from collections import Counter

    from ingest.store import Store

    with Store(data, readonly=True) as store:
        docs = {d.id: d for d in store.documents()}
        counts: Counter[str] = Counter()
        for rec in store.records("theme"):
            doc = docs.get(rec.doc_id)
            if doc is not None:
                counts[str(rec.fields.theme)] += len(doc.boroughs) or 1
    return sorted(counts, key=lambda t: (-counts[t], t))


def show_search(driver, url: str, query: str = QUERY) -> str:  # noqa: ANN001
    """Search for ``query``; returns the page text once the answer is drawn."""
    driver.get(url)
    search_in_browser(driver, query, timeout=180)
    # the first answer may hold the exact-word matches only, until the model has loaded
    wait_for(
        driver,
        lambda d: "meaning-based search starts up" not in body_text(d),
        180,
        "the full (hybrid) answer",
    )
    wait_for(driver, settled, 60, "the app to finish")
    return body_text(driver)


def heatmap_labels(driver) -> list[str]:  # noqa: ANN001
    """The text of the heatmap's axis labels (Vega draws them as SVG text)."""
    return driver.execute_script(
        "const svg = document.querySelector('[data-testid=\"stVegaLiteChart\"] svg');"
        "return svg ? [...svg.querySelectorAll('text')].map(t => t.textContent) : [];"
    )


def show_themes(driver, url: str) -> str:  # noqa: ANN001
    """Open the Themes page; returns its text once the heatmap is drawn."""
    from selenium.webdriver.common.by import By

    driver.get(f"{url}/themes")
    wait_for(
        driver,
        lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="stVegaLiteChart"]'),
        180,
        "the heatmap",
    )
    wait_for(driver, lambda d: heatmap_labels(d), 60, "the heatmap's labels")
    wait_for(driver, settled, 60, "the app to finish")
    time.sleep(0.5)  # let the chart finish drawing before a picture is taken
    return body_text(driver)


def pick(driver, label: str, option: str) -> None:  # noqa: ANN001
    """Choose ``option`` in the Streamlit select box labelled ``label``."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    box = driver.find_element(
        By.XPATH, f"//*[@data-testid='stSelectbox'][.//label[normalize-space()='{label}']]//input"
    )
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
    box.click()
    box.send_keys(option)
    box.send_keys(Keys.ENTER)
    wait_for(driver, settled, 60, f"{label} = {option}")


BRIEF_THEME = "Looked-after children"


def show_brief(driver, url: str, theme: str = BRIEF_THEME) -> str:  # noqa: ANN001
    """Open the Theme brief page and write the brief of ``theme``; returns its text."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver.get(f"{url}/brief")
    box = 'input[aria-label="Theme"]'
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, box), 180, "the theme box")
    wait_for(driver, settled, 60, "the brief page")
    field = driver.find_element(By.CSS_SELECTOR, box)
    field.click()
    field.send_keys(theme)
    field.send_keys(Keys.ENTER)
    wait_for(driver, lambda d: f"Brief: {theme}" in body_text(d), 180, "the brief")
    wait_for(driver, settled, 120, "the app to finish")
    return body_text(driver)


def show_side_by_side(driver, url: str, theme: str = BRIEF_THEME) -> str:  # noqa: ANN001
    """The brief of ``theme`` for the first two boroughs side by side; returns the text."""
    from selenium.webdriver.common.by import By

    show_brief(driver, url, theme)
    driver.find_element(By.XPATH, "//label[.//p[text()='Boroughs side by side']]").click()
    wait_for(driver, lambda d: body_text(d).count(f"Brief: {theme}") == 2, 180, "two briefs")
    wait_for(driver, settled, 120, "the app to finish")
    driver.execute_script("window.scrollTo(0, 0)")
    return body_text(driver)
