"""Recommendations register: every formal recommendation with its citation, the ones that
recur across papers and years grouped, and findings ("needs to improve") kept apart."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import report, views
from ui.screens import common

ADDRESSEES = {
    "local authority": "Local authority",
    "safeguarding board": "Safeguarding board / partnership",
    "named agency": "A named agency",
    "": "Not stated",
}
SHOW_GROUPS = 30


def citation(row: dict) -> str:
    return views.citation(row["document"], row["period"], row["page"], (row["section"],))


def filtered(rows: list[dict]) -> list[dict]:
    side = st.sidebar
    side.header("Filter recommendations", anchor=False)
    periods = sorted({r["period"] for r in rows if r["period"]}, key=views.period_sort_key)
    boroughs = sorted({b for r in rows for b in r["boroughs"]})
    types = sorted({r["doc_type"] for r in rows if r["doc_type"]})
    chosen_b = side.multiselect("Borough", boroughs, key="rec-borough")
    chosen_p = side.multiselect("Period", periods, key="rec-period")
    chosen_t = side.multiselect(
        "Document type", types, key="rec-type", format_func=views.doc_type_label
    )
    chosen_a = side.multiselect(
        "Addressed to", list(ADDRESSEES), key="rec-to", format_func=ADDRESSEES.__getitem__
    )
    words = side.text_input("Words in the recommendation", key="rec-words").strip().lower()
    return [
        r
        for r in rows
        if (not chosen_b or set(chosen_b) & set(r["boroughs"]))
        and (not chosen_p or r["period"] in chosen_p)
        and (not chosen_t or r["doc_type"] in chosen_t)
        and (not chosen_a or r["addressee"] in chosen_a)
        and (not words or words in r["text"].lower())
    ]


def table(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Recommendation": r["text"],
                "No.": r["number"],
                "To": r["addressed_to"] or ADDRESSEES.get(r["addressee"], ""),
                "Document": r["document"],
                "Period": r["period"],
                "Page": r["page"],
                "Citation": citation(r),
                "Synthetic": "yes" if r["synthetic"] else "no",
            }
            for r in rows
        ]
    )


def show_recurring(rows: list[dict]) -> None:
    groups = report.recurring_groups(rows)
    if not groups:
        st.caption("No recommendation is made again in another paper with these filters.")
        return
    st.caption(
        "Recommendations made in more than one paper — the same wording or close to it, in "
        "different years or by different inspections. The quoted wording is the shortest."
    )
    for i, g in enumerate(groups[:SHOW_GROUPS]):
        span = ""
        if len(g["periods"]) == 1:
            span = f", {g['periods'][0]}"
        elif g["periods"]:
            span = f", {g['periods'][0]} to {g['periods'][-1]}"
        head = (
            f"“{views.shorten(g['text'], 90)}” — made {len(g['rows'])} times in "
            f"{views.plural(g['documents'], 'paper')}{span}"
        )
        with st.expander(views.escape_md(head)):
            for j, r in enumerate(g["rows"]):
                badge = f" {views.SYNTHETIC_BADGE}" if r["synthetic"] else ""
                st.markdown(f"- {views.escape_md(r['text'])}{badge}")
                st.code(citation(r), language=None)
                common.doc_link(
                    r["doc_id"], r["page"], f"Open page {r['page']}", key=f"rec-grp-{i}-{j}"
                )


def show_progress(rows: list[dict], lib: common.Library) -> None:
    links = report.progress_links(rows, lib.records("progress"), lib.by_id)
    st.caption(
        "Sentences in later papers that may report on a recommendation (“the protocol "
        "recommended by the serious case review is in place”), matched by shared words: "
        "check the page before quoting."
    )
    if not links:
        st.caption("No later paper seems to report on these recommendations.")
        return
    for i, link in enumerate(links[:SHOW_GROUPS]):
        r = link["row"]
        with st.expander(views.escape_md(f"“{views.shorten(r['text'], 90)}” — {r['document']}")):
            st.code(citation(r), language=None)
            for j, p in enumerate(link["reports"]):
                st.markdown(f"- {views.escape_md(p['text'])}")
                st.code(views.citation(p["document"], p["period"], p["page"]), language=None)
                common.doc_link(
                    p["doc_id"], p["page"], f"Open page {p['page']}", key=f"rec-prog-{i}-{j}"
                )


def show_concerns(lib: common.Library) -> None:
    concerns = lib.records("concern")
    st.caption(
        "Findings that say something needs to improve, should or must change. They are "
        "NOT formal recommendations and are not counted in the register."
    )
    if not concerns:
        st.caption("No such findings were found.")
        return
    rows = [
        {
            "Finding (not a recommendation)": str(c.fields.text),
            "Cue": str(c.fields.cue),
            "Document": lib.by_id[c.doc_id].title if c.doc_id in lib.by_id else "",
            "Page": c.page,
        }
        for c in concerns[:2000]
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", height=420)


def main() -> None:
    st.title("Recommendations register")
    lib = common.Library()
    if not lib:
        common.empty_state()
        return
    rows = report.register_rows(lib.records("recommendation"), lib.by_id)
    if not rows:
        st.info("No formal recommendations were found in the papers read so far.")
        return
    shown = filtered(rows)
    st.caption(
        f"{len(shown)} of {views.plural(len(rows), 'recommendation')} — each from a recommendations list, "
        "table or an explicit “we recommend” sentence, with the page it is on."
    )
    tab_table, tab_recurring, tab_progress, tab_concerns = st.tabs(
        [
            "Register",
            "Recurring recommendations",
            "Reported on later",
            "Findings (not recommendations)",
        ]
    )
    with tab_table:
        if not shown:
            st.warning("No recommendations match these filters.")
        else:
            st.dataframe(table(shown), hide_index=True, width="stretch", height=480)
            st.download_button(
                f"Download these {len(shown)} recommendations as CSV",
                data=report.to_csv(table(shown).to_dict("records")),
                file_name="recommendations.csv",
                mime="text/csv",
                key="rec-dl",
                on_click=common.audit,
                args=("export", {"what": "recommendations", "rows": len(shown)}),
            )
    with tab_recurring:
        show_recurring(shown)
    with tab_progress:
        show_progress(shown, lib)
    with tab_concerns:
        show_concerns(lib)


main()
