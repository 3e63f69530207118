"""Theme briefs (index/brief.py): verbatim quotes checked against their pages, periods with
and without papers on the topic, recommendations and risks, what changed; on a tiny
library made in code (fast) and on real shipped papers with the real model (real tier)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from index import Index
from index.brief import (
    Brief,
    Scope,
    build_brief,
    graded,
    label_key,
    on_page,
    sentences,
    squash,
    trim,
)
from ingest.model import Passage
from ingest.store import Store

from ..helpers import (
    CARE,
    CORPUS_PAPERS,
    HOUSING,
    INSPECTIONS,
    NOT_PRINTED,
    SETTINGS,
    build_brief_library,
    build_inspection_library,
    need,
    printed,
)


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Path:
    return build_brief_library(tmp_path_factory.mktemp("brief") / "data")


def brief_of(folder: Path, topic: str, **kw) -> Brief:
    scope = Scope(**{k: kw.pop(k) for k in ("borough", "period", "doc_type") if k in kw})
    with Store(folder, readonly=True) as store:
        return build_brief(Index(folder, SETTINGS), store, topic, scope, **kw)


def assert_every_quote_is_printed(folder: Path, brief: Brief) -> int:
    """Every quote of the brief, and every place folded into it, is on its cited page."""
    checked = 0
    with Store(folder, readonly=True) as store:
        for quote in brief.quotes():
            for cite in (quote.cite, *quote.also_in):
                page = printed(store, cite.doc_id, cite.page)
                assert quote.quote in page, (quote.quote, cite.file, cite.page)
                checked += 1
    return checked


# -- verbatim quoting, unit by unit ------------------------------------------------------


def test_on_page_keeps_the_whole_text_or_the_longest_run_of_printed_sentences():
    page = squash("One thing.\nTwo things happened.  Three things.")
    assert on_page("One thing. Two things\nhappened.", page) == "One thing. Two things happened."
    assert on_page("Two things happened. Not printed. Three things.", page) == (
        "Two things happened."
    )
    assert on_page("Nothing here is printed.", page) is None


def test_trim_cuts_long_quotes_to_whole_sentences_holding_the_matched_words():
    text = " ".join(f"Sentence {i} is about budgets." for i in range(40)) + " Neglect rose."
    cut = trim(text, {"neglect"}, limit=120)
    assert len(cut) <= 120 and cut.endswith("Neglect rose.") and cut in text
    assert all(s in sentences(text) for s in sentences(cut))
    assert trim("Short.", {"x"}) == "Short."


# -- a brief on a tiny library -----------------------------------------------------------


def test_a_theme_brief_quotes_each_period_verbatim_and_counts_what_it_draws_on(library):
    brief = brief_of(library, "housing pressure and HOMELESSNESS")
    assert brief.theme == HOUSING
    assert brief.periods == ("2011/12", "2012/13", "2013/14")
    assert brief.periods_drawn_on == ("2011/12", "2012/13")
    assert brief.periods_without == ("2013/14",)
    assert brief.papers_in_scope == 3 and brief.papers_drawn_on == 2
    assert assert_every_quote_is_printed(library, brief) >= 6
    first = brief.parts[1].passages
    # the printed sentences of a passage whose last sentence is on no page
    assert any(q.quote.startswith("Temporary accommodation") and not q.whole for q in first)


def test_words_on_no_page_are_never_quoted_and_are_counted(library):
    brief = brief_of(library, "sentence in the store printed on no page")
    assert NOT_PRINTED not in " ".join(q.quote for q in brief.quotes())
    assert brief.unquoted >= 1  # the passage that is only NOT_PRINTED
    assert brief.counts()["passages_left_out_not_verbatim"] == brief.unquoted


def test_table_rows_are_quoted_by_a_cell_and_items_carry_their_section(library):
    brief = brief_of(library, HOUSING)
    part = brief.parts[0]
    assert [q.quote for q in part.risks] == [
        "Housing benefit changes moving families out of borough"
    ]
    assert [q.quote for q in part.recommendations] == [
        "Agree a protocol for families placed out of borough"
    ]
    assert part.risks[0].cite.file == "westminster-2011-12.pdf" and part.risks[0].cite.page == 2
    assert "Police" in part.risks[0].cite.section[0]


def test_changes_between_periods(library):
    brief = brief_of(library, HOUSING)
    seen = {(c.status, c.kind, c.period, c.item.quote[:24]) for c in brief.changes}
    assert ("raised again", "risk", "2012/13", "Housing benefit changes ") in seen
    assert ("no longer mentioned", "recommendation", "2012/13", "Agree a protocol for fam") in seen
    assert ("first raised", "recommendation", "2012/13", "Review transfers of reco") in seen
    # nothing on housing in 2013/14: what 2012/13 raised is no longer mentioned there
    assert {c.status for c in brief.changes if c.period == "2013/14"} == {"no longer mentioned"}


def test_filters_and_boroughs(library):
    brief = brief_of(library, HOUSING, borough="Kensington and Chelsea")
    assert brief.periods == ("2012/13", "2013/14") and brief.papers_in_scope == 2
    assert {q.cite.file for q in brief.quotes()} == {"triborough-2012-13.pdf"}
    split = brief_of(library, HOUSING, by_borough=True, period="2012/13")
    assert [p.borough for p in split.parts] == [
        "Hammersmith and Fulham",
        "Kensington and Chelsea",
        "Westminster",
    ]
    assert all(p.passages for p in split.parts)


def test_free_words_brief_and_json(library):
    brief = brief_of(library, "temporary accommodation")
    assert brief.theme == "" and "2012/13" in brief.periods_drawn_on
    assert_every_quote_is_printed(library, brief)
    data = brief.as_dict()
    quotes = [q for p in data["parts"] for k in ("passages", "risks") for q in p[k]]
    assert quotes and all({"quote", "file", "page", "period", "section"} <= set(q) for q in quotes)
    assert data["counts"]["periods_without"] == list(brief.periods_without)


def test_json_of_a_change_keeps_the_quote_period_and_when_it_is_seen(library):
    data = brief_of(library, HOUSING).as_dict()
    gone = [c for c in data["changes"] if c["status"] == "no longer mentioned"]
    assert gone and all(c["period"] == c["since"] != c["seen_in"] for c in gone)
    again = [c for c in data["changes"] if c["status"] == "raised again"]
    assert again and all(c["period"] == c["seen_in"] != c["since"] for c in again)


# -- real papers, real model ---------------------------------------------------------------

REAL = (
    "westminster-lscb-annual-report-2011-12.pdf",
    "ofsted-westminster-2016-03.pdf",
    "ofsted-kensington-chelsea-2019-10.pdf",
)


@pytest.fixture(scope="module")
def real_library(tmp_path_factory) -> Path:
    """Three real shipped papers (an annual report with its stock-take, two inspections)
    ingested and indexed as `boardsearch start` does, with the shipped model."""
    import index
    from ingest.pipeline import ingest_paths
    from ingest.settings import IngestSettings

    data = tmp_path_factory.mktemp("brief-real") / "data"
    paths = [need(CORPUS_PAPERS / name) for name in REAL]
    results = ingest_paths(paths, data, settings=IngestSettings.from_env(workers=1))
    assert all(r.outcome == "ingested" for r in results), results
    index.sync(data, progress=False)
    return data


@pytest.mark.real
def test_briefs_of_the_most_frequent_themes_quote_real_papers_verbatim(real_library):
    with Store(real_library, readonly=True) as store:
        docs = {d.id: d for d in store.documents()}
        tags = [t for t in store.records("theme") if t.fields.target == "passage"]
    frequent = [name for name, _ in Counter(t.fields.theme for t in tags).most_common(5)]
    index = Index(real_library)
    checked = 0
    for theme in frequent:
        with Store(real_library, readonly=True) as store:
            brief = build_brief(index, store, theme)
        tagged_periods = {docs[t.doc_id].period for t in tags if t.fields.theme == theme}
        assert tagged_periods <= set(brief.periods_drawn_on), (theme, brief.counts())
        assert brief.quotes(), theme
        checked += assert_every_quote_is_printed(real_library, brief)
    assert checked >= 15


# -- judgements: what inspection reports grade, period by period ----------------------------


@pytest.fixture(scope="module")
def inspections(tmp_path_factory) -> Path:
    return build_inspection_library(tmp_path_factory.mktemp("inspections") / "data")


def test_graded_reads_a_grid_row_and_a_grade_under_its_heading():
    row, heading = INSPECTIONS[0].passages[0], INSPECTIONS[3].passages[-1]
    assert graded(row) is not None and graded(row).grade == "Requires improvement to be good"
    found = graded(heading)
    assert found is not None and (found.label, found.grade) == (
        "Experiences and progress of care leavers",
        "Good",
    )
    plain = Passage("d", 0, "paragraph", "Leaders: the board met", 1, ("Leaders",))
    assert graded(plain) is None  # not a grade
    assert label_key("2.2 Experiences and progress of care leavers") == label_key(
        "The experiences and progress of care leavers"
    )


def test_a_brief_lists_the_grade_per_period_and_its_change(inspections):
    brief = brief_of(inspections, CARE)
    grades = {p.period: [(g.label, g.grade) for g in p.grades] for p in brief.parts}
    assert grades == {
        "2014/15": [
            ("2.2 Experiences and progress of care leavers", "Requires improvement to be good")
        ],
        "2019/20": [("The experiences and progress of care leavers", "Good")],
        "2021/22": [],  # graded nothing on the theme: no grade is made up for it
        "2024/25": [("Experiences and progress of care leavers", "Good")],
    }  # "Overall effectiveness" is graded too, but not on the theme
    seen = [(c.since, c.before, c.period, c.after, c.changed) for c in brief.grade_changes]
    assert seen == [
        ("2014/15", "Requires improvement to be good", "2019/20", "Good", True),
        ("2019/20", "Good", "2024/25", "Good", False),  # across a period without a grade
    ]
    first = brief.grade_changes[0]
    assert (first.earlier.cite.file, first.later.cite.file) == (
        "ofsted-2014.pdf",
        "ofsted-2019.pdf",
    )
    assert first.borough == "Westminster"
    quotes = brief.quotes()
    assert all(g.quote in quotes for p in brief.parts for g in p.grades)
    assert assert_every_quote_is_printed(inspections, brief) >= 3
    data = brief.as_dict()["grade_changes"][0]
    assert (data["before"], data["after"], data["changed"]) == (
        "Requires improvement to be good",
        "Good",
        True,
    )
    assert data["earlier"]["file"] == "ofsted-2014.pdf" and data["later"]["page"] == 1


def test_a_brief_of_free_words_finds_the_grades_its_search_finds(inspections):
    brief = brief_of(inspections, "experiences and progress of care leavers")
    changes = [(c.before, c.after) for c in brief.grade_changes]
    assert ("Requires improvement to be good", "Good") in changes
    assert_every_quote_is_printed(inspections, brief)


@pytest.mark.real
def test_real_inspection_grids_grade_the_theme_with_their_words_on_the_page(real_library):
    with Store(real_library, readonly=True) as store:
        brief = build_brief(Index(real_library), store, "Looked-after children", by_borough=True)
        grades = [(p, g) for p in brief.parts for g in p.grades]
        for _, g in grades:
            page = printed(store, g.quote.cite.doc_id, g.quote.cite.page)
            assert g.quote.quote in page and g.grade in page, (g.label, g.grade)
    seen = {(p.period, p.borough, g.label, g.grade) for p, g in grades}
    care_leavers = "2.2 Experiences and progress of care leavers"
    assert ("2015/16", "Westminster", care_leavers, "Good") in seen, seen
    in_care = "The experiences and progress of children in care and care leavers"
    assert ("2019/20", "Kensington and Chelsea", in_care, "Outstanding") in seen, seen
    assert not brief.grade_changes  # one inspection per borough here: nothing to compare
