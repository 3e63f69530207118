"""Sign-in in a real browser (issue 26): two users see different papers for the same words;
a wrong password is refused and repeated failures are slowed.

The app's small library (as tests/e2e/test_browser.py) with its stock-take paper in a
restricted collection; "kim" is a member of it, "sam" is not. Each user signs in in a
fresh browser session. Skipped like the other browser tests when Chromium is missing.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.browser import (
    assert_no_error,
    body_text,
    browser,
    missing_browser,
    search_in_browser,
    shot,
    start_app,
    wait_for,
)
from tests.helpers import need_tool

pytestmark = pytest.mark.e2e

WORDS = "housing benefit changes"  # words both papers hold


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Iterator[tuple[str, str]]:
    need_tool(missing_browser())  # skipped, or failed under --require-tools (CI)
    from ingest import access
    from ingest.store import Store
    from tests.helpers import EMBEDDER, build_ui_data

    base = tmp_path_factory.mktemp("e2e-signin")
    data = build_ui_data(base / "data", base / "papers")
    with Store(data, readonly=True) as store:
        secret = next(d for d in store.documents() if "Stock-take" in d.title)
    access.add_collection(data, "secret", restricted=True)
    access.assign(data, [secret.id], "secret")
    access.add_user(data, "kim", "kim-password", collections=["secret"])
    access.add_user(data, "sam", "sam-password")
    access.add_user(data, "lee", "lee-password")  # the one whose failures are counted
    with start_app(data, {"BOARDSEARCH_MODEL": EMBEDDER}) as url:
        yield url, secret.title


def sign_in(driver, url: str, name: str, password: str) -> str:  # noqa: ANN001
    """Fill the sign-in form and send it; the page's text once it has answered."""
    from selenium.webdriver.common.by import By

    driver.get(url)
    box = wait_for(
        driver, lambda d: d.find_element(By.CSS_SELECTOR, 'input[aria-label="User name"]')
    )
    box.send_keys(name)
    driver.find_element(By.CSS_SELECTOR, 'input[aria-label="Password"]').send_keys(password)
    before = body_text(driver)
    next(b for b in driver.find_elements(By.TAG_NAME, "button") if b.text == "Sign in").click()
    wait_for(
        driver,
        lambda d: (
            body_text(d) != before
            and (
                "Signed in as" in body_text(d)
                or "sign-ins" in body_text(d)
                or "Wrong" in body_text(d)
            )
        ),
        what="the sign-in's answer",
    )
    return body_text(driver)


def test_two_users_see_different_results(app):
    url, secret_title = app
    seen = {}
    for name in ("kim", "sam"):
        with browser() as driver:
            assert "Signed in as" in sign_in(driver, url, name, f"{name}-password")
            search_in_browser(driver, WORDS)
            assert_no_error(driver)
            seen[name] = body_text(driver)
            shot(driver, f"signed-in-{name}")
    assert secret_title in seen["kim"]
    assert secret_title not in seen["sam"] and "Westminster" in seen["sam"]


def test_a_wrong_password_is_refused_and_repeated_failures_slowed(app):
    url, _ = app
    with browser() as driver:
        answers = [sign_in(driver, url, "lee", "wrong-password") for _ in range(4)]
        assert "Wrong user name or password." in answers[0]
        assert "Wait 2 s" in answers[2]
        # refused without a look while the wait lasts, or, on a slow machine, a longer wait
        assert "Too many failed sign-ins" in answers[3] or "Wait 4 s" in answers[3]
        assert "Signed in as" not in answers[3]
