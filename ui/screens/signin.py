"""Sign-in for the web app, before anything else is shown (ui/app.py calls ``gate``).

With no users (``boardsearch users add`` was never run) the app is a single person's, as
before, and says so in a small note. Once a user exists, every session signs in: with
a user name and password (ingest/access.py checks them against argon2 hashes and slows
repeated failures), or, where an identity provider is configured in Streamlit's secrets
(an ``[auth]`` section), with Streamlit's own OpenID Connect sign-in (``st.login``), the
identity's email mapped to a user. A sign-in lasts ``BOARDSEARCH_SESSION_MINUTES``.
"""

from __future__ import annotations

import time

import streamlit as st

from ingest import access
from ingest.settings import UiSettings
from ingest.viewer import OWNER, Viewer
from ui.screens import common

NO_USERS_NOTE = (
    "Anyone who can open this page sees every paper: add users with 'boardsearch users add'."
)
SIGNED_IN_AT = "signed-in-at"


def gate() -> Viewer:
    """The reader of this session, once signed in; stops the page with the sign-in form
    until then. Sets ``st.session_state["viewer"]``, which every page reads through."""
    folder = common.data_dir()
    if not access.has_users(folder):
        st.session_state["viewer"] = OWNER
        st.sidebar.caption(NO_USERS_NOTE)
        return OWNER
    who = _current(folder)
    if who is None:
        st.session_state.pop("viewer", None)
        _sign_in_form(folder)
        st.stop()
    st.session_state["viewer"] = who
    _signed_in_bar(who)
    return who


def _current(folder) -> Viewer | None:  # noqa: ANN001 - a Path
    """The signed-in reader, read again from the store (a removed user or a changed
    membership takes effect at once), or None when no sign-in holds."""
    name = st.session_state.get("user")
    started = st.session_state.get(SIGNED_IN_AT, 0.0)
    if name and time.time() - started > UiSettings.from_env().session_minutes * 60:
        access.record(folder, name, "sign-out", "the session expired")
        _forget()
        st.session_state["signin-note"] = "Your session expired: please sign in again."
        if _provider_configured() and getattr(st.user, "is_logged_in", False):
            st.logout()  # the identity provider's sign-in ends too
        return None
    if not name:
        name = _identity_user(folder)
    if not name:
        return None
    try:
        return access.viewer_for(folder, name)
    except access.AccessError:  # removed meanwhile
        _forget()
        return None


def _forget() -> None:
    for key in ("user", SIGNED_IN_AT, "viewer"):
        st.session_state.pop(key, None)


def _provider_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file at all
        return False


def _identity_user(folder) -> str:  # noqa: ANN001 - a Path
    """The user an identity provider's sign-in maps to (by email), or ""."""
    if not _provider_configured() or not getattr(st.user, "is_logged_in", False):
        return ""
    email = str(st.user.get("email") or "")
    who = access.viewer_for_email(folder, email) if email else None
    if who is None:
        st.session_state["signin-note"] = (
            f"{email or 'This account'} is not a boardsearch user: ask an admin to add it "
            "with 'boardsearch users add NAME --email EMAIL'."
        )
        return ""
    _signed_in(folder, who.user, "identity provider")
    return who.user


def _signed_in(folder, name: str, how: str) -> None:  # noqa: ANN001 - a Path
    st.session_state["user"] = name
    st.session_state[SIGNED_IN_AT] = time.time()
    access.record(folder, name, "sign-in", how)


def _sign_in_form(folder) -> None:  # noqa: ANN001 - a Path
    st.title("Sign in to boardsearch")
    note = st.session_state.pop("signin-note", "")
    if note:
        st.info(note)
    if _provider_configured():
        st.button("Sign in with your organisation's account", on_click=st.login, key="oidc")
        st.caption("Or with a boardsearch user name and password:")
    with st.form("signin", enter_to_submit=True):
        name = st.text_input("User name", key="signin-name")
        password = st.text_input("Password", type="password", key="signin-password")
        go = st.form_submit_button("Sign in", type="primary")
    if not go:
        return
    outcome = access.sign_in(folder, name, password)
    if outcome.viewer is None:
        access.record(folder, name.strip() or "(no name)", "sign-in refused", outcome.message)
        st.error(outcome.message)
        return
    _signed_in(folder, outcome.viewer.user, "password")
    st.rerun()


def _signed_in_bar(who: Viewer) -> None:
    """Who is signed in, what they see, and the way out, in the sidebar."""
    sees = "every collection" if who.sees_all else ", ".join(("public", *who.collections))
    st.sidebar.caption(f"Signed in as **{who.user}** (sees {sees}).")
    st.sidebar.button("Sign out", key="signout", on_click=sign_out)


def sign_out() -> None:
    folder = common.data_dir()
    name = st.session_state.get("user", "")
    if name:
        access.record(folder, name, "sign-out", "")
    _forget()
    if _provider_configured() and getattr(st.user, "is_logged_in", False):
        st.logout()
