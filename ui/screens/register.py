"""Stock-take register: agency risks and strengths across years, filterable, exportable."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import streamlit as st

from ui import filters, grouping, report, views
from ui.screens import common

FILTER_LABELS = {
    "agency": "Agency",
    "borough": "Borough",
    "period": "Period",
    "theme": "Theme",
    "kind": "Risk or strength",
    "rag": "RAG rating",
    "owner": "Owner",
}
FILTER_HELP = {
    "rag": "The red, amber or green rating the paper gives the row.",
    "owner": "Who the paper says owns the action. Type to search the names.",
}
OVERDUE_HELP = (
    "Overdue means the due date has passed: a row due on 31 March 2013 is overdue from "
    "1 April 2013. Rows without a due date are never overdue. The register cannot tell "
    "whether an action was done, so check its RAG rating."
)
SHOW_ROWS = 40
ALIKE = {"Loosely": 0.6, "Close": 0.7, "Very close": 0.8, "Nearly the same words": 0.9}


@st.cache_data(show_spinner="Comparing statements …", max_entries=8)
def statement_vectors(folder: str, key: tuple[int, ...], texts: tuple[str, ...]) -> np.ndarray:
    """Unit vectors of the statements, from the search index's embedding model."""
    common.wait_for_model(folder)
    idx = common.search_index(folder)
    return idx.embedder.encode(list(texts))


def themes_by_passage(lib: common.Library) -> dict[tuple[str, int], list[str]]:
    out: dict[tuple[str, int], list[str]] = {}
    for r in lib.records("theme"):
        theme = str(r.fields.theme or "")
        if r.passage_ordinal is not None and theme:
            out.setdefault((r.doc_id, r.passage_ordinal), []).append(theme)
    return out


def source_line(rows: list[dict]) -> str:
    """One line on where the rows come from: how many papers, which years, how many made up."""
    papers = {r["doc_id"]: r["synthetic"] for r in rows}
    periods = sorted({r["period"] for r in rows if r["period"]}, key=views.period_sort_key)
    span = (
        f", {periods[0]} to {periods[-1]}"
        if len(periods) > 1
        else (f", {periods[0]}" if periods else "")
    )
    made_up = sum(papers.values())
    note = f" ({made_up} of them made-up {views.SYNTHETIC_BADGE} test papers)" if made_up else ""
    return (
        f"Each row is one line of an agency's stock-take table, from "
        f"{views.plural(len(papers), 'paper')}{span}{note}; Open page shows it in its paper."
    )


def sidebar_filters(rows: list[dict]) -> tuple[dict[str, list[str]], str]:
    st.sidebar.header("Filter the register")
    chosen = {}
    for field in filters.REGISTER_FILTERS:
        values = filters.register_values(rows, field)
        if values:
            chosen[field] = st.sidebar.multiselect(
                FILTER_LABELS[field],
                values,
                key=f"reg-{field}",
                placeholder="Any",
                format_func=views.rag_label if field == "rag" else str,
                help=FILTER_HELP.get(field),
            )
    words = st.sidebar.text_input("Containing the words", key="reg-words")
    return chosen, words


def overdue_filter(rows: list[dict]) -> date | None:
    """The day rows must be overdue by, when "Overdue only" is ticked; None otherwise (and
    when no row has a due date, so a register without due dates shows no such filter)."""
    if not filters.has_due_dates(rows):
        return None
    if not st.sidebar.checkbox("Overdue only", key="reg-overdue", help=OVERDUE_HELP):
        return None
    today = date.today()
    return st.sidebar.date_input(
        "Overdue as of",
        value=today,
        # papers go back years: Streamlit's default range (ten years either side of the
        # value) would refuse the day of a 2013 board meeting
        min_value=date(1990, 1, 1),
        max_value=date(today.year + 20, 12, 31),
        key="reg-overdue-on",
        format="DD/MM/YYYY",
        help="Today unless you pick another day, e.g. the date of the next board meeting.",
    )


def show_table(rows: list) -> None:
    frame = pd.DataFrame(views.register_table(rows))
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        column_config={
            "Source": st.column_config.LinkColumn(
                "Source", display_text="Open page", help="Opens the page the row comes from"
            ),
            "Statement": st.column_config.TextColumn(width="large"),
            "Recommended action": st.column_config.TextColumn(width="large"),
            "Page": st.column_config.NumberColumn(format="%d", width="small"),
            "RAG": st.column_config.TextColumn(
                help="The rating the paper gives: red, amber, green"
            ),
            "Due": st.column_config.TextColumn(help="The due date as the paper prints it"),
        },
    )


def show_details(rows: list) -> None:
    st.subheader("Full text", anchor=False)
    for r in rows[:SHOW_ROWS]:
        label = f"{r['kind']} · {r['agency']} · {r['period'] or 'no period'} — " + views.shorten(
            r["statement"], 90
        )
        with st.expander(views.escape_md(label)):
            if r["synthetic"]:
                st.markdown(f"{views.SYNTHETIC_BADGE} from a made-up test document")
            for title, key in (
                ("Statement", "statement"),
                ("What is being done", "response"),
                ("Support the board can give", "support"),
                ("Recommended action", "recommended_action"),
            ):
                if r[key]:
                    st.markdown(f"**{title}:** {views.escape_md_block(r[key])}")
            show_follow_up(r)
            if r["themes"]:
                st.caption("Themes: " + views.escape_md(", ".join(r["themes"])))
            st.code(views.citation(r["document"], r["period"], r["page"]), language=None)
            common.doc_link(r["doc_id"], r["page"], f"Open page {r['page']} of the document")
    if len(rows) > SHOW_ROWS:
        st.caption(f"Full text of the first {SHOW_ROWS} rows; narrow the filters to see others.")


def show_follow_up(r: dict) -> None:
    """What an action log adds to a row: RAG, owner, due date, evidence, reference and
    the agencies sharing it (nothing for a four-column stock-take row)."""
    line = views.follow_up_md(r)
    if line:
        st.markdown(line)
    if r["evidence"]:
        st.markdown(f"**Evidence:** {views.escape_md_block(r['evidence'])}")
    if r["reference"]:
        st.markdown(f"**Reference:** {views.escape_md(r['reference'])}")
    if len(r["agencies"]) > 1:
        st.caption("Shared by " + views.escape_md(", ".join(r["agencies"])))


def show_recurring(rows: list, lib: common.Library) -> None:
    st.subheader("Recurring risks", anchor=False)
    risks = [r for r in rows if r["kind"].lower() == "risk" and r["statement"]]
    if len(risks) < 2:
        st.caption("Fewer than two risks match the filters, so there is nothing to compare.")
        return
    closeness = st.select_slider(
        "How alike two statements must be to count as the same risk",
        list(ALIKE),
        value="Close",
        key="reg-alike",
        help="Statements are compared by meaning, not just words. Looser finds more, "
        "broader groups; stricter finds fewer, closer ones.",
    )
    threshold = ALIKE[closeness]
    try:
        vectors = statement_vectors(str(lib.folder), lib.key, tuple(r["statement"] for r in risks))
    except Exception as exc:  # noqa: BLE001 - the model may be missing; say so, keep the page
        st.warning(views.escape_md(f"Cannot compare statements: {exc}"))
        return
    groups = grouping.group_similar(vectors, threshold)
    if not groups:
        st.caption("No risk is raised more than once with these filters.")
        return
    st.caption(
        "Risks raised more than once — by different agencies, boroughs or years — grouped "
        "by meaning. The quoted wording is the shortest in each group."
    )
    for g in groups[:25]:
        members = [risks[i] for i in g]
        summary = grouping.recurring_summary(members)
        with st.expander(views.escape_md(views.recurring_heading(summary))):
            st.markdown("**Agencies:** " + views.escape_md(", ".join(summary["agencies"])))
            if summary["boroughs"]:
                st.markdown("**Boroughs:** " + views.escape_md(", ".join(summary["boroughs"])))
            frame = pd.DataFrame(
                [
                    {
                        "Agency": m["agency"],
                        "Period": m["period"],
                        "Statement": m["statement"],
                        "Source": views.citation(m["document"], m["period"], m["page"]),
                    }
                    for m in members
                ]
            )
            st.dataframe(frame, hide_index=True, width="stretch")


def main() -> None:
    st.title("Stock-take register")
    lib = common.Library()
    if not lib:
        common.empty_state()
        return
    rows = views.register_rows(lib.records("stocktake_row"), lib.by_id, themes_by_passage(lib))
    if not rows:
        st.info(
            "No stock-take rows yet. They are read from agency stock-take tables (risks and "
            "strengths) when papers are ingested; add stock-take papers on the Upload page.",
            icon=":material/info:",
        )
        return
    chosen, words = sidebar_filters(rows)
    overdue_on = overdue_filter(rows)
    shown = filters.filter_register(rows, chosen, words)
    if overdue_on is not None:
        shown = filters.filter_overdue(shown, overdue_on)
    st.caption(
        f"{views.plural(len(shown), 'row')} of {len(rows):,} — risks and strengths reported "
        "by agencies in their stock-takes. Use the filters on the left."
    )
    if overdue_on is not None:
        st.caption(views.overdue_note(overdue_on))
    st.caption(source_line(rows))
    if not shown:
        st.warning("No rows match these filters. Remove a filter to see more.")
        return
    st.download_button(
        f"Download these {views.plural(len(shown), 'row')} as CSV",
        data=report.to_csv(views.register_export(shown)),
        file_name="stocktake-register.csv",
        mime="text/csv",
        icon=":material/download:",
        key="reg-csv",
        on_click=common.audit,
        args=("export", {"what": "stocktake", "rows": len(shown)}),
    )
    tab_table, tab_text, tab_recurring = st.tabs(["Table", "Full text", "Recurring risks"])
    with tab_table:
        show_table(shown)
    with tab_text:
        show_details(shown)
    with tab_recurring:
        show_recurring(shown, lib)


main()
