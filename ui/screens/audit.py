"""Audit (admins only): who signed in, searched (with the words), opened and exported what."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ingest import access
from ui import report
from ui.screens import common


def main() -> None:
    st.title("Audit")
    who = common.viewer()
    if not who.sees_all:  # the page is listed for admins only; a guessed address ends here
        st.error("Only an admin can see the audit.")
        return
    folder = common.data_dir()
    st.caption(
        "Every sign-in, search (with its words), document opened and export, with the user "
        "and the time (UTC). Also: boardsearch audit --format csv."
    )
    left, right = st.columns(2)
    names = ["", *sorted(u.name for u in access.users(folder))]
    user = left.selectbox("User", names, format_func=lambda n: n or "Everyone", key="audit-user")
    since = right.date_input("From", value=None, key="audit-since")
    rows = access.audit(folder, user=user, since=since.isoformat() if since else "")
    if not rows:
        st.info("Nothing recorded yet for this choice.")
        return
    st.dataframe(pd.DataFrame(rows[::-1]), hide_index=True, width="stretch", height=520)
    st.download_button(
        f"Download these {len(rows)} rows as CSV",
        data=report.to_csv(rows),
        file_name="boardsearch-audit.csv",
        mime="text/csv",
        key="audit-csv",
        icon=":material/download:",
    )


main()
