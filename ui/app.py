"""The boardsearch web app: `boardsearch ui` runs `streamlit run ui/app.py`.

This script only sets up the page and the navigation; each page lives in
``ui/screens/`` and the formatting in ``ui/views.py``.
"""

from __future__ import annotations

import streamlit as st

from ui.screens import common, signin

st.set_page_config(
    page_title="boardsearch — safeguarding board papers",
    page_icon=":material/search:",
    layout="wide",
    initial_sidebar_state="expanded",
)

PAGES = [
    st.Page("screens/search.py", title="Search", icon=":material/search:", default=True),
    st.Page("screens/themes.py", title="Themes", icon=":material/grid_on:"),
    st.Page("screens/brief.py", title="Theme brief", icon=":material/summarize:"),
    st.Page("screens/register.py", title="Stock-take register", icon=":material/table_rows:"),
    st.Page("screens/recommendations.py", title="Recommendations", icon=":material/checklist:"),
    st.Page("screens/documents.py", title="Documents", icon=":material/description:"),
    st.Page("screens/upload.py", title="Upload", icon=":material/upload:"),
    st.Page("screens/glossary.py", title="Glossary", icon=":material/menu_book:"),
]

reader = signin.gate()  # nothing below is shown until someone is signed in (when users exist)
if reader.sees_all and reader.user:  # a signed-in admin
    PAGES.append(st.Page("screens/audit.py", title="Audit", icon=":material/policy:"))

page = st.navigation(PAGES)
common.warm_up(str(common.data_dir()))
page.run()
