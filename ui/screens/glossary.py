"""Glossary: safeguarding acronyms, what they stand for, and where the papers define them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from ingest import load_curated
from ui import filters, views
from ui.screens import common


def curated() -> list[dict]:
    """The shipped glossary file (empty, with a warning, when it cannot be read)."""
    try:
        return list(load_curated())
    except (OSError, ValueError) as exc:
        st.warning(views.escape_md(f"The shipped glossary could not be read: {exc}"))
        return []


def show_places(entry: Mapping[str, Any]) -> None:
    for p in entry["places"][:20]:
        badge = f" {views.SYNTHETIC_BADGE}" if p["synthetic"] else ""
        cite = views.citation(p["title"], p["period"], p["page"])
        st.markdown(f"- {views.escape_md(cite)}{badge}")
        if p["context"]:
            st.caption(views.escape_md(f"“{views.shorten(p['context'], 240)}”"))
    if len(entry["places"]) > 20:
        st.caption(f"… and {len(entry['places']) - 20} more.")


def main() -> None:
    st.title("Glossary of acronyms")
    lib = common.Library()
    entries = views.glossary_rows(curated(), lib.records("acronym") if lib else [], lib.by_id)
    if not entries:
        if not lib:
            common.empty_state()
        else:
            st.info("No acronyms yet: none were defined in the papers read so far.")
        return
    st.caption(
        "Acronyms used in safeguarding board papers. Search understands them: searching "
        "for an acronym also finds its full name, and the other way round."
    )
    needle = st.text_input("Find an acronym or words", key="gloss-find", placeholder="e.g. MAPPA")
    shown = filters.filter_glossary(entries, needle)
    if not shown:
        st.warning("No acronym matches those letters or words.")
        return
    st.dataframe(
        pd.DataFrame(views.glossary_table(shown)), hide_index=True, width="stretch", height=520
    )
    found = [e for e in shown if e["places"]]
    if found:
        st.subheader("Where the papers define them", anchor=False)
        for e in found[:60]:
            label = f"{e['acronym']} — {' / '.join(e['expansions'])}"
            places = views.plural(len(e["places"]), "place")
            with st.expander(views.escape_md(f"{label} ({places})")):
                show_places(e)


main()
