"""Brief: a theme (or any words) in the papers' own words, period by period, cited; two or
three boroughs or two periods side by side; downloads as Markdown, Word and JSON."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import streamlit as st

import index
from ui import brief_export, views
from ui.screens import common

ANY = "Any"
ONE = "One brief"
BOROUGHS = "Boroughs side by side"
PERIODS = "Periods side by side"


def themes_by_tags(records: list[Any]) -> list[str]:
    """Theme names, the most tagged first."""
    counts = Counter(r.fields.theme for r in records if r.fields.theme)
    return sorted(counts, key=lambda t: (-counts[t], t))


def choose_topic(themes: list[str]) -> str:
    left, right = st.columns(2)
    theme = left.selectbox("Theme", themes, index=None, placeholder="Choose", key="brief-theme")
    words = right.text_input("… or any words", key="brief-words", placeholder="e.g. interpreters")
    return words.strip() or (theme or "")


def choose_filters(docs: list[Any]) -> tuple[str, str, str]:
    """Borough, period and document type ("" for any)."""
    boroughs = sorted({b for d in docs for b in d.boroughs})
    periods = sorted({d.period for d in docs if d.period}, key=views.period_sort_key)
    types = sorted({d.doc_type for d in docs if d.doc_type})
    c1, c2, c3 = st.columns(3)
    borough = c1.selectbox("Borough", [ANY, *boroughs], key="brief-borough")
    period = c2.selectbox("Period", [ANY, *periods], key="brief-period")
    doc_type = c3.selectbox("Type of paper", [ANY, *types], key="brief-type")
    return _any(borough), _any(period), _any(doc_type)


def _any(value: str | None) -> str:
    return "" if value in (None, ANY) else str(value)


def columns_wanted(docs: list[Any]) -> list[tuple[str, str, str]]:
    """(label, borough, period) of each column when comparing; [] for one brief."""
    layout = st.radio("Show", [ONE, BOROUGHS, PERIODS], horizontal=True, key="brief-layout")
    if layout == BOROUGHS:
        boroughs = sorted({b for d in docs for b in d.boroughs})
        picked = st.multiselect(
            "Boroughs (two or three)",
            boroughs,
            default=boroughs[:2],
            max_selections=3,
            key="brief-boroughs",
        )
        return [(b, b, "") for b in picked]
    if layout == PERIODS:
        periods = sorted({d.period for d in docs if d.period}, key=views.period_sort_key)
        picked = st.multiselect(
            "Periods (two)",
            periods,
            default=periods[:1] + periods[-1:],
            max_selections=2,
            key="brief-periods",
        )
        return [(p, "", p) for p in picked]
    return []


def show(brief: index.Brief, slot: str) -> None:
    """The brief as the page shows it, with its three downloads."""
    common.brief_downloads(brief, slot)
    text = brief_export.to_markdown(brief, views.escape_md)
    # two levels down: the page's title is the h1, and columns are narrow
    st.markdown(re.sub(r"^(#+) ", r"##\1 ", text, flags=re.MULTILINE))


def main() -> None:
    st.title("Theme brief")
    lib = common.Library()
    if not lib:
        common.empty_state()
        return
    st.caption(
        "What the papers said about a theme, period by period, in their own words: every "
        "quote is copied from its page and cited with the file, page and section."
    )
    topic = choose_topic(themes_by_tags(lib.records("theme")))
    borough, period, doc_type = choose_filters(lib.docs)
    columns = columns_wanted(lib.docs)
    if not topic:
        st.info("Choose a theme or type some words.", icon=":material/info:")
        return
    folder = str(lib.folder)
    with st.spinner("Reading the papers …"):
        if not columns:
            show(
                common.cached_brief(
                    folder, lib.key, topic, borough, period, doc_type, who=lib.viewer
                ),
                "one",
            )
            return
        for (label, col_borough, col_period), column in zip(
            columns, st.columns(len(columns)), strict=True
        ):
            with column:
                st.subheader(label, anchor=False)
                brief = common.cached_brief(
                    folder,
                    lib.key,
                    topic,
                    col_borough or borough,
                    col_period or period,
                    doc_type,
                    who=lib.viewer,
                )
                show(brief, label)


main()
