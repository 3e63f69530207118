"""Search: one box, a mode switch, facet filters with counts, hits that cite their page."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from ui import views
from ui.screens import common

PAGE_SIZE = 10
EXAMPLES = (
    "housing benefit changes",
    "MAPPA",
    "children missing from care",
    "private fostering",
    "neglect",
)


def facet_filters(all_facets: dict, current: dict | None) -> dict[str, list[str]]:
    """The sidebar filters; returns {facet: chosen values}."""
    from index import FACETS

    st.sidebar.header("Filter the results")
    chosen: dict[str, list[str]] = {}
    for facet in FACETS:
        values = all_facets.get(facet) or {}
        if not values:
            continue
        key = f"facet-{facet}"
        selected = st.session_state.get(key, [])
        now = current.get(facet, {}) if current is not None else None
        chosen[facet] = st.sidebar.multiselect(
            views.FACET_LABELS[facet],
            views.facet_options(values, now, selected),
            format_func=partial(views.facet_option_label, facet, current=now, all_counts=values),
            key=key,
            placeholder="Any",
        )
    st.sidebar.caption(
        "Numbers in brackets count matching passages. Choosing several values in one "
        "filter finds any of them."
    )
    return {k: v for k, v in chosen.items() if v}


def show_hit(rank: int, hit, lib: common.Library) -> None:
    from index import MATCH_LABELS, MATCH_WORDS

    doc = lib.by_id.get(hit.doc_id)
    with st.container(border=True):
        label = MATCH_LABELS.get(getattr(hit, "match", ""), "")
        badge = (
            f" :blue-badge[{label}]"
            if hit.match == MATCH_WORDS
            else (f" :gray-badge[{label}]" if label else "")
        )
        st.markdown(views.hit_heading_md(rank, hit, bool(doc and doc.synthetic)) + badge)
        st.caption(views.hit_details_md(hit))
        follow_up = views.follow_up_md(lib.follow_ups().get((hit.doc_id, hit.ordinal), {}))
        if follow_up:  # a stock-take row with a RAG rating, an owner or a due date
            st.markdown(follow_up)
        for c in getattr(hit, "also_in", ()):
            st.caption(views.escape_md(f"Same text also in: {c.title or c.path}, page {c.page}"))
        passage = (
            common.load_passage(lib.folder, hit.passage_id) if hit.kind == "table_row" else None
        )
        if passage is not None and passage.cells:
            table = pd.DataFrame(views.row_table(passage.headers, passage.cells))
            st.table(table.style.hide(axis="index"))
        else:
            st.markdown(views.highlight_md(hit.text, hit.highlights))
        st.code(views.hit_citation(hit), language=None, wrap_lines=True)
        if doc is not None and st.toggle(f"Show page {hit.page}", key=f"open-{hit.passage_id}"):
            boxes = (hit.bbox,) if hit.bbox else ()
            common.show_page(doc, lib.folder, hit.page, boxes, key=hit.passage_id)


def main() -> None:
    st.title("Search the board papers")
    lib = common.Library()
    if not lib:
        common.empty_state()
        return
    counts = lib.counts()
    st.caption(
        f"{views.plural(counts.get('documents', len(lib.docs)), 'document')}, "
        f"{views.plural(counts.get('passages', 0), 'passage')} searchable. "
        "Every result says which document and page it comes from."
    )
    if "q" not in st.session_state:
        st.session_state["q"] = st.query_params.get("q", "")
    with st.form("search-form", border=False, enter_to_submit=True):
        left, right = st.columns([5, 1], vertical_alignment="bottom")
        query = left.text_input(
            "What are you looking for?",
            key="q",
            placeholder="for example: housing benefit changes, MAPPA, neglect",
        )
        right.form_submit_button("Search", type="primary", width="stretch")
    mode = st.radio(
        "How to match",
        list(views.MODE_LABELS),
        format_func=lambda m: views.MODE_LABELS[m],
        horizontal=True,
        key="mode",
        help="Best match combines exact words with similar meaning. Exact words finds the "
        "words you typed (and acronym expansions). Similar meaning also finds passages "
        "that say the same thing in other words.",
    )
    expand = st.toggle(
        "Also search for related terms",
        value=True,
        key="expand",
        help="Adds the words an acronym stands for (CSE: child sexual exploitation) and the "
        "acronym for words typed out; in Best match, a close theme's usual vocabulary "
        "counts a little too. The results say what was added.",
    )
    idx = common.search_index(str(lib.folder))
    all_facets = idx.search("", None, "keyword", 1, viewer=lib.viewer).facets
    query = query.strip()
    if query:
        st.query_params["q"] = query
    elif "q" in st.query_params:
        del st.query_params["q"]
    chosen = {f: v for f, v in chosen_filters().items() if v}
    drop = dropped_chips(query)
    if (query, mode, chosen, expand, drop) != st.session_state.get("last-search"):
        st.session_state["last-search"] = (query, mode, chosen, expand, drop)
        st.session_state["limit"] = PAGE_SIZE
        if query:  # each new search once, with its words and filters
            common.audit("search", {"words": query, "mode": mode, **chosen})
    result = None
    starting = mode == "hybrid" and not common.model_ready(str(lib.folder))
    if query:
        if mode == "semantic":
            with st.spinner("Starting the meaning-based search (only the first time) …"):
                common.wait_for_model(str(lib.folder))
        result = run_search(
            idx, query, "keyword" if starting else mode, chosen, expand, drop, lib.viewer
        )
    facet_filters(all_facets, result.facets if result is not None else None)
    if result is None:
        st.markdown("Try: " + " · ".join(f"`{e}`" for e in EXAMPLES))
        return
    if starting:
        st.info(
            "Showing passages with your exact words while the meaning-based search starts "
            "up; the results will improve by themselves in a few seconds.",
            icon=":material/hourglass_top:",
        )
    show_result(result, query, lib)
    if starting:  # the first answer is out: now wait for the model and answer again
        common.wait_for_model(str(lib.folder))
        st.rerun()


def chosen_filters() -> dict[str, list[str]]:
    """The filter values chosen so far (the widgets keep them in the session)."""
    from index import FACETS

    return {f: list(st.session_state.get(f"facet-{f}", [])) for f in FACETS}


def dropped_chips(query: str) -> tuple[str, ...]:
    """The ids of the chips the user removed for this query (a new query starts afresh)."""
    if st.session_state.get("chips-query") != query:
        st.session_state["chips-query"] = query
        st.session_state["chips-dropped"] = []
    return tuple(st.session_state.get("chips-dropped", []))


def run_search(
    idx,
    query: str,
    mode: str,
    chosen: dict[str, list[str]],
    expand: bool = True,
    drop: tuple[str, ...] = (),
    who=None,  # noqa: ANN001 - ingest.viewer.Viewer: what the reader may see
):
    from index import Filters

    limit = st.session_state.get("limit", PAGE_SIZE)
    with st.spinner("Searching …"):
        return idx.search(
            query, Filters.of(**chosen), mode, limit, expand=expand, drop=drop, viewer=who
        )


def show_chips(result) -> None:
    """What was read from the words (a borough, a period, a document type, the theme
    added), each a button that removes it; and those removed, with a way to put them back."""
    from index import searched_line

    if result.understood:
        st.caption(
            "Understood from your words (click one to remove it; it then counts as words again):"
        )
        cols = st.columns(min(len(result.understood), 4))
        for i, chip in enumerate(result.understood):
            if cols[i % len(cols)].button(
                f"{chip.label} ✕",
                key=f"chip-{chip.id}",
                help=f"From “{chip.words}”. Click to remove this filter."
                if chip.words
                else "Click to remove.",
            ):
                st.session_state["chips-dropped"] = [
                    *st.session_state.get("chips-dropped", []),
                    chip.id,
                ]
                st.rerun()
    if result.dropped:
        removed = "; ".join(c.label for c in result.dropped)
        st.caption(views.escape_md(f"Removed: {removed}"))
        if st.button("Put back what was removed", key="chips-restore"):
            st.session_state["chips-dropped"] = []
            st.rerun()
    if result.searched and result.understood:
        st.caption(views.escape_md(searched_line(result)))


def show_groups(result, lib: common.Library) -> None:
    """A comparison's hits under one heading per period or borough, in the groups' order."""
    from index import grouped_note

    st.caption(grouped_note(result))
    rank = 0
    for group in result.groups:
        st.markdown(f"#### {views.escape_md(group.label)}")
        for hit in group.hits:
            rank += 1
            show_hit(rank, hit, lib)


def show_result(result, query: str, lib: common.Library) -> None:
    from index import MATCH_WORDS, also_searched, hidden_note, second_model_note

    show_chips(result)
    for note in result.messages:
        st.info(views.escape_md(note))
    if result.expansions:
        st.caption(
            views.escape_md(also_searched(result))
            + " (switch off “Also search for related terms” to search only your words)"
        )
    if not result.hits and result.hidden_related:
        st.info(
            "No passage contains these exact words, and none of the passages closest in "
            "meaning is similar enough to show. Try other words, or 'Similar meaning' to "
            "see them anyway."
        )
        return
    if not result.hits:
        st.warning(
            "No passages found. Try fewer or different words, another way of matching, "
            "or remove some filters."
        )
        return
    if result.mode == "hybrid" and all(h.match != MATCH_WORDS for h in result.hits):
        st.info(
            second_model_note(result)
            or "No passage contains these exact words; these are the closest in meaning."
        )
    shown = views.plural(len(result.hits), "result")
    head = f"{shown} for “{views.escape_md(query)}”"
    st.subheader(head, anchor=False)
    words = [h for h in result.hits if h.match == MATCH_WORDS]
    related = [h for h in result.hits if h.match != MATCH_WORDS]
    if result.groups:
        show_groups(result, lib)
    elif result.mode == "hybrid" and words and related:
        # Best match: passages with the words first, then related passages found by meaning
        for rank, hit in enumerate(words, start=1):
            show_hit(rank, hit, lib)
        st.markdown("**Related passages** (found by meaning; they may not use your words)")
        for rank, hit in enumerate(related, start=len(words) + 1):
            show_hit(rank, hit, lib)
    else:
        for rank, hit in enumerate(result.hits, start=1):
            show_hit(rank, hit, lib)
    note = hidden_note(result)
    if note:
        st.caption(views.escape_md(note))
    limit = st.session_state.get("limit", PAGE_SIZE)
    if len(result.hits) >= limit:
        if st.button("Show more results", icon=":material/expand_more:"):
            st.session_state["limit"] = limit + PAGE_SIZE
            st.rerun()


main()
