"""Themes: a theme x period heatmap (rates per 10,000 words), cell drill-down, a trend line."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from ui import rates, views
from ui.screens import common

PER = 10_000
RATE_TITLE = f"Tags per {PER:,} words"
COMBINED = "All boroughs together"
SPLIT = "Side by side, one chart per borough"
PER_BOROUGH = "One line per borough"
TOGETHER = "All chosen boroughs together"


def heatmap(frame: pd.DataFrame, periods: list[str], themes: list[str], split: bool) -> alt.Chart:
    select = alt.selection_point(name="cell", fields=["theme", "period", "borough"])
    base = (
        alt.Chart()
        .mark_rect(stroke="white", strokeWidth=1)
        .encode(
            x=alt.X("period:N", sort=periods, title="Period", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("theme:N", sort=themes, title=None, axis=alt.Axis(labelLimit=260)),
            color=alt.Color("rate:Q", title=RATE_TITLE, scale=alt.Scale(scheme="oranges")),
            opacity=alt.condition(select, alt.value(1.0), alt.value(0.45)),
            tooltip=[
                alt.Tooltip("theme:N", title="Theme"),
                alt.Tooltip("period:N", title="Period"),
                alt.Tooltip("borough:N", title="Borough"),
                alt.Tooltip("tags:Q", title="Tagged passages"),
                alt.Tooltip("words:Q", title="Words of text", format=","),
                alt.Tooltip("rate:Q", title=RATE_TITLE),
            ],
        )
        .add_params(select)
    )
    # The period labels again at the top, so which column is which year shows on opening
    # the page, above 40 theme rows: an invisible layer under the cells carries that axis.
    top = (
        alt.Chart()
        .mark_rect(opacity=0)
        .encode(
            x=alt.X(
                "period:N", sort=periods, title=None, axis=alt.Axis(labelAngle=0, orient="top")
            ),
            y=alt.Y("theme:N", sort=themes, title=None, axis=alt.Axis(labelLimit=260)),
        )
    )
    chart = (
        alt.layer(top, base, data=frame)
        .resolve_axis(x="independent")
        .properties(width=alt.Step(70), height=alt.Step(26))
    )
    if split:
        chart = chart.facet(column=alt.Column("borough:N", title=None))
    return chart.properties(
        title=alt.TitleParams(
            f"Theme tags per {PER:,} words of text in each period"
            + (" and borough" if split else ""),
            subtitle="Normalised by the amount of text, so busy years do not look worse "
            "just for having more pages. Click a cell to list its passages.",
        )
    )


def trend(frame: pd.DataFrame, periods: list[str], theme: str, split: bool) -> alt.LayerChart:
    """The theme's rate per period as a line (one per borough when split), with the
    number of papers behind each point printed above it. A period without papers has no
    point, and no line is drawn across it (each stretch of periods with papers is its own
    line, ``run``); the period keeps its place on the axis, so the gap shows."""
    drawn = frame[frame["papers"] > 0]
    x = alt.X(
        "period:N",
        sort=periods,
        title="Period",
        scale=alt.Scale(domain=periods),
        axis=alt.Axis(labelAngle=0),
    )
    y = alt.Y("rate:Q", title=RATE_TITLE)
    colour = alt.Color("borough:N", title="Borough")
    line = (
        alt.Chart(drawn)
        .mark_line(point=True)
        .encode(
            x=x,
            y=y,
            color=colour,
            detail="run:N",
            tooltip=[
                alt.Tooltip("borough:N", title="Borough"),
                alt.Tooltip("period:N", title="Period"),
                alt.Tooltip("papers:Q", title="Papers"),
                alt.Tooltip("tags:Q", title="Tagged passages"),
                alt.Tooltip("words:Q", title="Words of text", format=","),
                alt.Tooltip("rate:Q", title=RATE_TITLE),
            ],
        )
    )
    counts = (
        alt.Chart(drawn)
        .mark_text(dy=-10, fontSize=11)
        .encode(x=x, y=y, color=colour, text=alt.Text("papers:Q"))
    )
    where = "by borough" if split else "all chosen boroughs together"
    return alt.LayerChart(
        layer=[line, counts],
        height=280,
        title=alt.TitleParams(
            f"{theme}: tags per {PER:,} words, {where}",
            subtitle="The number over each point is how many papers it counts; a period "
            "without papers has no point.",
        ),
    )


def gap_caption(gaps: dict[str, list[str]]) -> str:
    """'No papers, so no point: Westminster in 2012/13, 2013/14.'"""
    said = [
        f"{'all chosen boroughs' if b == 'All' else b} in {', '.join(ps)}" for b, ps in gaps.items()
    ]
    return views.escape_md("No papers, so no point: " + "; ".join(said) + ".")


def no_paper_periods(frame: pd.DataFrame) -> dict[str, list[str]]:
    """Borough -> the periods of the chart where it has no papers (time order kept)."""
    out: dict[str, list[str]] = {}
    for row in frame.itertuples():
        if not row.papers:
            out.setdefault(str(row.borough), []).append(str(row.period))
    return out


def picked_cell(event, split: bool) -> tuple[str, str, str] | None:
    """(theme, period, borough) of the heatmap cell the user clicked, if any."""
    try:
        points = event.selection["cell"]
    except (AttributeError, KeyError, TypeError):
        return None
    if not points:
        return None
    p = points[0]
    if "theme" not in p or "period" not in p:
        return None
    return p["theme"], p["period"], p.get("borough", "All") if split else "All"


def show_cell(tags: list, lib: common.Library, theme: str, period: str, borough: str) -> None:
    cell = rates.theme_cell_tags(tags, theme, period, borough)
    where = "" if borough == "All" else f" in {borough}"
    st.subheader(
        f"{views.escape_md(theme)} — {views.escape_md(period)}{views.escape_md(where)}: "
        f"{views.plural(len(cell), 'passage')}",
        anchor=False,
    )
    for t in cell[:50]:
        doc = lib.by_id.get(t["doc_id"])
        if doc is None:
            continue
        passage = lib.passages(doc.id).get(t["ordinal"]) if t["ordinal"] is not None else None
        text = passage.text if passage else t["evidence"]
        section = passage.section_path if passage else ()
        with st.container(border=True):
            badge = f" {views.SYNTHETIC_BADGE}" if doc.synthetic else ""
            st.markdown(f"**{views.escape_md(doc.title)}**{badge}")
            st.markdown(views.escape_md(views.shorten(text, 600)))
            st.code(views.citation(doc.title, doc.period, t["page"], section), language=None)
            common.doc_link(doc.id, t["page"], f"Open page {t['page']}")
    if len(cell) > 50:
        st.caption(f"Showing the first 50 of {len(cell)} passages.")


def main() -> None:
    st.title("Themes over time")
    lib = common.Library()
    if not lib:
        common.empty_state()
        return
    tags = rates.theme_tags(lib.records("theme"), lib.by_id)
    if not tags:
        st.info(
            "No theme tags yet. Passages are tagged with themes when the search index is "
            "built: run `boardsearch start` (or `boardsearch reindex`) and come back.",
            icon=":material/info:",
        )
        return
    amounts = rates.text_amounts(lib.docs, lib.words_by_doc())
    all_boroughs = sorted({t["borough"] for t in tags})
    left, right = st.columns([3, 2])  # room for the three borough names
    chosen = left.multiselect("Boroughs", all_boroughs, default=all_boroughs, key="boroughs")
    layout = right.radio("Show boroughs", [COMBINED, SPLIT], horizontal=True, key="layout")
    split = layout == SPLIT
    rows = rates.theme_rates(tags, amounts, chosen or all_boroughs, split, PER)
    frame = pd.DataFrame(rows)
    periods = sorted({r["period"] for r in rows}, key=views.period_sort_key)
    themes = rates.themes_by_frequency(rows)  # the most frequent theme on top
    st.caption(
        "Each cell counts the passages tagged with a theme in that period's papers"
        + (" for that borough" if split else " (the chosen boroughs together)")
        + f", per {PER:,} words of text in those papers, so years with more pages do not look worse."
        " Themes are listed most frequent first; click a cell to read its passages."
    )
    made_up = [p for p in rates.synthetic_only_periods(lib.docs) if p in periods]
    if made_up:
        st.caption(
            f"{views.SYNTHETIC_BADGE} {views.escape_md(', '.join(made_up))}: only made-up test "
            "papers, not real board papers."
        )
    st.page_link(
        "screens/brief.py",
        label="Write a brief of a theme: what the papers said, period by period, to download",
        icon=":material/summarize:",
    )
    event = st.altair_chart(
        heatmap(frame, periods, themes, split), on_select="rerun", key="heatmap", width="content"
    )
    st.markdown("**Passages behind a cell** — click a cell above, or pick one here:")
    cell = picked_cell(event, split)
    c1, c2, c3 = st.columns(3)
    if cell is not None and cell != st.session_state.get("cell-clicked"):
        st.session_state["cell-clicked"] = cell  # a new click: show that cell
        st.session_state["cell-theme"], st.session_state["cell-period"] = cell[0], cell[1]
        if split:
            st.session_state["cell-borough"] = cell[2]
    theme = c1.selectbox("Theme", themes, key="cell-theme", index=None, placeholder="Choose")
    period = c2.selectbox("Period", periods, key="cell-period", index=None, placeholder="Choose")
    borough = "All"
    if split:
        borough = c3.selectbox("Borough", sorted(set(chosen or all_boroughs)), key="cell-borough")
    if theme and period:
        show_cell(tags, lib, theme, period, borough)
    st.divider()
    st.subheader("One theme over time", anchor=False)
    left, right = st.columns([3, 2])
    line_theme = left.selectbox("Theme to follow", themes, key="line-theme")
    line_layout = right.radio("Lines", [PER_BOROUGH, TOGETHER], horizontal=True, key="line-layout")
    line_split = line_layout == PER_BOROUGH
    line_rows = rates.theme_trend(
        tags, amounts, lib.docs, line_theme, periods, chosen or all_boroughs, line_split, PER
    )
    line_frame = pd.DataFrame(line_rows)
    st.altair_chart(trend(line_frame, periods, line_theme, line_split), width="stretch")
    gaps = no_paper_periods(line_frame)
    if gaps:
        st.caption(gap_caption(gaps))
    if st.button(f"Brief of {line_theme}, to download", key="line-brief"):
        st.session_state["line-brief-theme"] = line_theme
    if st.session_state.get("line-brief-theme") == line_theme:
        with st.spinner("Reading the papers …"):
            brief = common.cached_brief(str(lib.folder), lib.key, line_theme, who=lib.viewer)
        counts = brief.counts()
        st.caption(
            f"{views.plural(counts['quotes'], 'quote')} from "
            f"{views.plural(counts['papers_drawn_on'], 'paper')}, "
            f"{len(counts['periods_drawn_on'])} of {len(counts['periods'])} periods. "
            "The Theme brief page shows it and puts boroughs side by side."
        )
        common.brief_downloads(brief, "themes")


main()
