"""Sign-in to the web app (ui/screens/signin.py), driven with Streamlit's AppTest.

The app's small library, copied, with its stock-take paper in a restricted collection,
and two users: "kim", a member, and "sam", who is not. They sign in and search the same
words and see different papers; a wrong password is refused and repeated failures are
slowed; without users the app says that anyone who opens it sees every paper.
"""

from __future__ import annotations

import shutil

import pytest

from ingest import access
from ingest.store import Store

from ..helpers import EMBEDDER, shown_text, start_app_test, unescape

pytestmark = pytest.mark.slow  # the app runs for real in AppTest

WORDS = "housing benefit changes"  # words both papers hold


@pytest.fixture(scope="module")
def library(ui_data, tmp_path_factory):
    folder = tmp_path_factory.mktemp("signin") / "data"
    shutil.copytree(ui_data, folder)
    with Store(folder, readonly=True) as store:
        secret = next(d for d in store.documents() if "Stock-take" in d.title)
    access.add_collection(folder, "secret", restricted=True)
    access.assign(folder, [secret.id], "secret")
    access.add_user(folder, "kim", "kim-password", collections=["secret"])
    access.add_user(folder, "sam", "sam-password")
    access.add_user(folder, "ada", "ada-password", admin=True)
    return folder, secret


@pytest.fixture
def app_env(library, monkeypatch):
    folder, _ = library
    monkeypatch.setenv("BOARDSEARCH_DATA", str(folder))
    monkeypatch.setenv("BOARDSEARCH_MODEL", EMBEDDER)
    return library


def sign_in(name: str, password: str):
    at = start_app_test()
    at.text_input(key="signin-name").input(name)
    at.text_input(key="signin-password").input(password)
    next(b for b in at.button if b.label == "Sign in").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def search(at, words: str):
    at.text_input(key="q").input(words)
    at.button[0].click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return [c.value for c in at.code]  # the citations


def test_nothing_is_shown_before_signing_in(app_env):
    at = start_app_test()
    assert "Sign in to boardsearch" in shown_text(at)
    assert not [t for t in at.text_input if t.key == "q"]  # no search box


def test_two_users_see_different_papers_for_the_same_words(app_env):
    _, secret = app_env
    kim = search(sign_in("kim", "kim-password"), WORDS)
    sam = search(sign_in("sam", "sam-password"), WORDS)
    assert any(c.startswith(secret.title) for c in kim), kim
    assert sam and not any(c.startswith(secret.title) for c in sam), sam
    rows = access.audit(app_env[0], user="sam")
    assert [r["action"] for r in rows][-2:] == ["sign-in", "search"]
    assert WORDS in rows[-1]["detail"]


class Clock:
    """A clock that stands still: the waits are counted from the failures, not from how
    long the app took to answer."""

    @staticmethod
    def time() -> float:
        return 1_000_000.0


def test_a_wrong_password_is_refused_and_repeated_failures_slowed(app_env, monkeypatch):
    monkeypatch.setattr("ingest.access.time", Clock)
    texts = [shown_text(sign_in("ada", "not-her-password")) for _ in range(4)]
    assert all("Sign in to boardsearch" in t for t in texts)
    assert "Wrong user name or password." in texts[0]
    assert "Wait 2 s" in texts[2]
    assert "Too many failed sign-ins" in texts[3]
    # even the right password is not looked at while the wait lasts
    assert "Too many failed sign-ins" in shown_text(sign_in("ada", "ada-password"))
    refused = [r for r in access.audit(app_env[0], user="ada") if r["action"] == "sign-in refused"]
    assert len(refused) == 5 and all("not-her" not in r["detail"] for r in refused)


def test_an_admin_has_the_audit_page_and_can_sign_out(app_env, monkeypatch):
    import time

    from ingest.access import _forget_failures

    _forget_failures(app_env[0], "ada")
    at = sign_in("ada", "ada-password")
    assert "Signed in as" in shown_text(at)
    at.switch_page("screens/audit.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Audit" in shown_text(at)
    at.button(key="signout").click().run()
    assert "Sign in to boardsearch" in shown_text(at)
    # a session that lasted longer than BOARDSEARCH_SESSION_MINUTES signs in again
    at = sign_in("ada", "ada-password")
    at.session_state["signed-in-at"] = time.time() - 2 * 60
    monkeypatch.setenv("BOARDSEARCH_SESSION_MINUTES", "1")
    at.run()
    assert "Your session expired" in shown_text(at)


def test_without_users_the_app_says_everyone_sees_everything(ui_data, monkeypatch):
    monkeypatch.setenv("BOARDSEARCH_DATA", str(ui_data))
    monkeypatch.setenv("BOARDSEARCH_MODEL", EMBEDDER)
    at = start_app_test()
    assert "Anyone who can open this page sees every paper" in shown_text(at)


PAGES = (
    "screens/documents.py",
    "screens/register.py",
    "screens/recommendations.py",
    "screens/glossary.py",
    "screens/themes.py",
    "screens/brief.py",
    "screens/search.py",
)


def test_no_page_shows_a_restricted_paper_to_someone_outside_it(app_env):
    _, secret = app_env
    for name, sees in (("sam", False), ("kim", True)):
        at = sign_in(name, f"{name}-password")
        shown = []
        for page in PAGES:
            at.switch_page(page).run()
            assert not at.exception, (page, [e.value for e in at.exception])
            shown.append(unescape(shown_text(at)) + " ".join(str(d.value) for d in at.dataframe))
        assert (secret.title in " ".join(shown)) == sees, name
        assert (secret.id in " ".join(shown)) is False or sees, name


def test_a_link_to_a_restricted_paper_opens_nothing_for_someone_outside_it(app_env):
    _, secret = app_env
    for name, sees in (("sam", False), ("kim", True)):
        at = sign_in(name, f"{name}-password")
        at.query_params["doc"] = secret.id
        at.switch_page("screens/documents.py").run()
        assert not at.exception, [e.value for e in at.exception]
        text = unescape(shown_text(at))
        assert ("Back to the library" in [b.label for b in at.button]) == sees, name
        assert (secret.title in text) == sees, name
