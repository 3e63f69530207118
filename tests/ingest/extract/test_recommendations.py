"""Recommendations from stock-take tables, running text and real Ofsted reports."""

from __future__ import annotations

from functools import lru_cache

import pytest

from ingest.extract import recommendations as rec
from ingest.model import Document, Page, ParsedDocument

from ...helpers import REALDOCS, seed_parsed


@lru_cache(maxsize=1)
def _seed_recs() -> tuple:
    return rec.extract(seed_parsed())


def test_every_stocktake_recommended_action_is_exported() -> None:
    table = [r.data for r in _seed_recs() if r.fields.source == "table"]
    assert len(table) >= 35
    texts = {d["text"] for d in table}
    assert "Considering how the work of MARACs is incorporated into LSCB business." in texts
    assert "Develop links between LSCB and Safeguarding GP Leads' Network" in texts
    police_free = {d["agency"] for d in table}
    assert {
        "Children's Services",
        "INWL",
        "CLCH",
        "Housing",
        "CNWL",
        "Probation",
        "Education",
    } <= police_free
    assert all(d["addressed_to"] == "tri-borough LSCB" for d in table)


def test_running_text_recommendations_on_the_seed() -> None:
    records = _seed_recs()
    formal = {r.fields.text: r.data for r in records if r.fields.source == "sentence"}
    qa = (
        "It is recommended that this be taken up by the Tri-borough LSCB QA group as good practice."
    )
    assert formal[qa]["cue"] == "recommended"
    assert formal[qa]["addressed_to"].startswith("the Tri-borough LSCB QA")
    assert formal[qa]["addressee"] == "safeguarding board"
    assert all(r.kind == "recommendation" for r in records if r.fields.source == "sentence")
    # "need to" in an annual report is a finding about what must change: a concern, not a
    # formal recommendation (issue 12)
    text = {r.fields.text: r for r in records if r.fields.source == "text"}
    training = next(r for t, r in text.items() if t.startswith("The LSCB training team need to"))
    assert training.kind == "concern"
    assert training.fields.addressed_to == "The LSCB training team"
    assert all(r.kind == "concern" for r in text.values())
    assert not any("should be acknowledged" in t for t in text)  # not an action
    assert not any("removed the need to" in t for t in text)  # a noun, not a cue


def test_cues_and_addressees() -> None:
    found = dict(
        rec.action_sentences(
            "Partners met twice. In difficult economic times the LSCB will need to be alert to this. "
            "What are the strengths? The board must ensure that audits are completed."
        )
    )
    assert found == {
        "In difficult economic times the LSCB will need to be alert to this.": "needs to",
        "The board must ensure that audits are completed.": "must ensure",
    }
    assert (
        rec.addressed_to("The board must ensure that audits are completed.", "must ensure")
        == "The board"
    )


def _page(number: int, text: str) -> Page:
    return Page("d", number, 595.0, 842.0, text, text)


def test_ofsted_list_runs_across_pages_and_stops_at_the_next_heading() -> None:
    pages = (
        _page(30, "The Local Safeguarding Children Board is good"),
        _page(
            36,
            "Recommendations\n\n118. Review the extensive dataset to ensure that it is aligned to the board’s\n\n",
        ),
        _page(
            37,
            "priorities.\n\n119. Devise a system to escalate concerns. 120. Ensure that audits are carried out.\n\n"
            "Inspection findings – the Local Safeguarding Children Board\n\n123. LSCB arrangements are shared.",
        ),
    )
    doc = ParsedDocument(
        Document(id="d", path="x.pdf", title="x", doc_type="inspection_report"), pages
    )
    items = [r.data for r in rec.extract(doc) if r.fields.source == "list"]
    assert [d["text"] for d in items] == [
        "Review the extensive dataset to ensure that it is aligned to the board’s priorities.",
        "Devise a system to escalate concerns.",
        "Ensure that audits are carried out.",
    ]
    assert {d["addressed_to"] for d in items} == {"the LSCB"}


def _real(parse_once, relative: str) -> tuple:
    """The list recommendations of a real report, read once in the session (parse_once)."""
    from ingest import structure

    path = REALDOCS / relative
    extracted = parse_once.read(path)
    sections, passages, tables = structure.build(path.stem, extracted)
    document = Document(id=path.stem, path=str(path), title=path.stem, doc_type="inspection_report")
    parsed = ParsedDocument(document, extracted.pages, sections, tables, passages)
    return tuple(
        r.data | {"page": r.page} for r in rec.extract(parsed) if r.fields.source == "list"
    )


@pytest.mark.real
def test_ofsted_2016_recommendations_to_the_tri_borough_lscb(parse_once) -> None:
    lscb = [
        d
        for d in _real(parse_once, "tri-borough/ofsted-westminster-2016-03.pdf")
        if d["addressed_to"] == "the LSCB"
    ]
    assert [d["text"] for d in lscb] == [
        "Review the extensive dataset to ensure that it is aligned to the board’s priorities.",
        "Devise a system for ensuring that actions arising from data scrutiny are carried out in the individual boroughs.",
        "Ensure that recommendations from multi-agency themed audits are carried out, and analyse their impact on improving practice.",
        "Develop an overarching SCR action plan to track the progress of work arising from individual case reviews.",
        "Devise a system to escalate concerns about infrequent partnership attendance at the board.",
    ]
    assert {d["page"] for d in lscb} == {36}


@pytest.mark.real
def test_ofsted_lscb_areas_for_improvement_in_bullets_and_inline_numbers(parse_once) -> None:
    bexley = [
        d
        for d in _real(parse_once, "lscb-reviews/ofsted-bexley-2014-05.pdf")
        if d["addressed_to"] == "the LSCB"
    ]
    assert len(bexley) == 10  # 169-170 priority actions and 171-178 areas for improvement
    assert bexley[2]["text"] == (
        "Ensure that the LSCB effectively undertakes monitoring and quality assurance of "
        "multi-agency safeguarding practice."
    )
    hull = [
        d
        for d in _real(parse_once, "lscb-reviews/ofsted-hull-2015-02.pdf")
        if d["addressed_to"] == "the LSCB"
    ]
    assert hull[0]["text"].startswith(
        "Ensure that sufficient comprehensive, accurate and timely performance"
    )
    assert len(hull) == 7


@pytest.mark.real
def test_ilacs_what_needs_to_improve(parse_once) -> None:
    items = _real(parse_once, "tri-borough/ofsted-westminster-2019-10.pdf")
    assert [d["text"] for d in items] == [
        "The formal matching and panel approval of adolescents in long-term foster homes."
    ]
    assert items[0]["cue"] == "What needs to improve" and items[0]["page"] == 2


# ------------------------------------------------------------------ issue 12: formal vs concern

from ingest.model import BBox, Line, Passage  # noqa: E402


def _doc(pages: tuple, doc_type: str = "case_review", passages: tuple = ()) -> ParsedDocument:
    return ParsedDocument(
        Document(id="d", path="x.pdf", title="x", doc_type=doc_type), pages, passages=passages
    )


def _lines_page(number: int, rows: list[tuple[float, str, str]]) -> Page:
    """A page from (x0, kind, text) lines, as the PDF reader gives them."""
    lines = tuple(
        Line(
            text,
            BBox(x0, 100 + 14 * i, 500, 112 + 14 * i),
            kind=kind,
            level=2 if kind == "heading" else 0,
        )
        for i, (x0, kind, text) in enumerate(rows)
    )
    return Page("d", number, 595.0, 842.0, "\n".join(t for _, _, t in rows), "", lines)


def test_other_headings_and_item_styles_are_lists() -> None:
    pages = (
        _page(
            4,
            "Summary of recommendations\n(a) The Partnership should commission an audit of "
            "strategy discussions.\n(b) Health and police leaders must ensure that records are "
            "shared within a day.\nAppendix 1: terms of reference",
        ),
        _page(
            5,
            "Actions for the board:\n• Agree a neglect strategy by March.\n"
            "• Receive a report on missing children twice a year.\n"
            "The board met six times during the year.",
        ),
    )
    items = [r for r in rec.extract(_doc(pages)) if r.kind == "recommendation"]
    assert [(r.page, r.fields.number, r.fields.text) for r in items] == [
        (4, "a", "The Partnership should commission an audit of strategy discussions."),
        (4, "b", "Health and police leaders must ensure that records are shared within a day."),
        (5, "", "Agree a neglect strategy by March."),
        (5, "", "Receive a report on missing children twice a year."),
    ]
    assert items[0].fields.addressee == "safeguarding board"
    assert items[1].fields.addressed_to == "Health and police leaders"
    assert items[1].fields.addressee == "named agency"
    assert items[2].fields.addressed_to == "the board"


def test_a_list_ends_at_the_numbered_findings_that_follow_it() -> None:
    # hanging numbers: the number in the margin (x0=71), wrapped text indented (x0=99); a
    # second sentence of an item starts on its own indented line; subheadings sit at the margin
    page = _lines_page(
        5,
        [
            (71, "heading", "What does the local authority need to improve?"),
            (71, "heading", "Areas for improvement"),
            (70, "body", "Care leavers"),
            (71, "body", "21. Develop a clear profile of the needs of care leavers."),
            (99, "body", "Ensure that the service is supported by performance information."),
            (71, "body", "22. Ensure that all care leavers know their entitlements."),
            (71, "heading", "The local authority’s strengths"),
            (71, "body", "23. Early help services are well established and coordinated."),
            (71, "body", "24. Ensure is a word that this finding does not start with."),
        ],
    )
    items = [r.data for r in rec.extract(_doc((page,), "inspection_report"))]
    formal = [d for d in items if d["source"] == "list"]
    assert [d["number"] for d in formal] == ["21", "22"]
    assert formal[0]["text"] == (
        "Develop a clear profile of the needs of care leavers. "
        "Ensure that the service is supported by performance information."
    )
    assert formal[0]["section"] == "Care leavers"
    assert {d["addressed_to"] for d in formal} == {"the local authority"}


def test_findings_that_need_to_improve_are_concerns_not_recommendations() -> None:
    passages = (
        Passage(
            "d",
            0,
            "paragraph",
            "Decisions that children should be looked after are usually "
            "appropriate and timely. Pathway planning for care leavers needs to improve.",
            12,
        ),
        Passage(
            "d",
            1,
            "paragraph",
            "We recommend that the council reviews its threshold "
            "document. Recommendation 2: the CCG should fund a named nurse for care leavers.",
            14,
        ),
    )
    records = rec.extract(_doc((_page(12, ""), _page(14, "")), "annual_report", passages))
    kinds = {r.fields.text: r.kind for r in records}
    assert kinds["Pathway planning for care leavers needs to improve."] == "concern"
    assert (
        kinds["Decisions that children should be looked after are usually appropriate and timely."]
        == "concern"
    )
    assert (
        kinds["We recommend that the council reviews its threshold document."] == "recommendation"
    )
    assert (
        kinds["Recommendation 2: the CCG should fund a named nurse for care leavers."]
        == "recommendation"
    )
    council = next(r for r in records if r.fields.text.startswith("We recommend"))
    assert council.fields.addressed_to == "the council"
    assert council.fields.addressee == "local authority"


def test_action_plan_and_action_log_tables() -> None:
    def row(i: int, headers: tuple, cells: tuple) -> Passage:
        return Passage("d", i, "table_row", " | ".join(cells), 2, headers=headers, cells=cells)

    plan = ("Recommendation", "Lead agency", "Timescale", "Progress (March 2012)")
    log = ("No.", "Action", "Owner", "Due")
    other = ("Agency", "Period of involvement", "Main contact")
    passages = (
        row(0, plan, ("1. Bruising protocol", "LSCB", "March 2012", "Protocol agreed")),
        row(1, plan, ("2. MARAC information to maternity", "MARAC Steering Group", "April", "")),
        row(2, log, ("3", "Circulate the CSE problem profile to members", "Police", "February")),
        row(3, other, ("Health visiting", "May 2011 to February 2013", "Home visits")),
    )
    found = [r.data for r in rec.extract(_doc((_page(2, ""),), passages=passages))]
    assert [(d["number"], d["text"], d["addressed_to"], d["addressee"]) for d in found] == [
        ("1", "Bruising protocol", "LSCB", "safeguarding board"),
        ("2", "MARAC information to maternity", "MARAC Steering Group", "named agency"),
        ("3", "Circulate the CSE problem profile to members", "Police", "named agency"),
    ]


def test_recurring_recommendations_are_grouped_across_documents() -> None:
    texts = [
        "Review the extensive dataset to ensure that it is aligned to the board’s priorities.",
        "Review the extensive dataset to ensure that it is aligned to the Board’s priorities.",
        "Review the multi-agency data set used by the board so that it meets LSCB priorities.",
        "Make greater use of apprenticeships for care leavers.",
        "Review the extensive dataset so it is aligned to the board's priorities.",
    ]
    groups = rec.recurring(texts, ["wcc", "rbkc", "gates", "peter", "wcc"])
    assert groups == [[0, 1, 4]] or sorted(map(sorted, groups)) == [[0, 1, 2, 4]]
    assert rec.recurring(texts[:2], ["same", "same"]) == []  # one document: not recurring


@pytest.mark.real
def test_hanging_number_list_read_as_a_table_still_counts(parse_once) -> None:
    # Hackney 2016: the reader takes the local authority's numbered list for a two-column
    # table; the list is read from the page lines all the same
    items = _real(parse_once, "lscb-reviews/ofsted-hackney-2016-09.pdf")
    la = [d for d in items if d["addressee"] == "local authority"]
    assert [d["number"] for d in la] == [str(n) for n in range(1, 10)]
    assert {d["page"] for d in la} == {8}
    assert la[0]["text"].startswith("Revise the local authority protocol for 16- and 17-year-old")
    lscb = [d for d in items if d["addressee"] == "safeguarding board"]
    assert [d["number"] for d in lscb] == ["112"]


@pytest.mark.real
def test_themed_bullets_and_two_sentence_items(parse_once) -> None:
    slough = _real(parse_once, "lscb-reviews/ofsted-slough-2016-02.pdf")
    la = [d for d in slough if d["addressee"] == "local authority"]
    assert len(la) == 22  # bullets under four numbered themes
    assert la[0]["section"] == "Quality and effectiveness of practice"
    assert not any("Summary" in d["text"] or "Ofsted previously found" in d["text"] for d in slough)
    rotherham = _real(parse_once, "lscb-reviews/ofsted-rotherham-2014-11.pdf")
    numbers = [d["number"] for d in rotherham]
    assert numbers == [str(n) for n in range(1, 27)] + [str(n) for n in range(158, 167)]
    assert rotherham[20]["text"].endswith(
        "Ensure that the service is supported by an effective "
        "performance management and information system."
    )


def test_word_list_paragraphs_without_numbers_are_items() -> None:
    # python-docx drops automatic numbering: each paragraph under the heading is one item
    lines = (
        Line("Recommendations for the Partnership", kind="heading", level=2),
        Line("The Partnership should publish a neglect strategy by March 2025."),
        Line("Health commissioners must ensure that GPs record who attends with a child."),
        Line("Review the escalation policy."),
        Line("Appendix A: glossary", kind="heading", level=1),
        Line("The panel met four times."),
    )
    page = Page("d", 3, 0.0, 0.0, "", "", lines)
    items = [r.data for r in rec.extract(_doc((page,))) if r.kind == "recommendation"]
    assert [d["text"] for d in items] == [
        "The Partnership should publish a neglect strategy by March 2025.",
        "Health commissioners must ensure that GPs record who attends with a child.",
        "Review the escalation policy.",
    ]
    assert [d["addressee"] for d in items] == [
        "safeguarding board",
        "named agency",
        "safeguarding board",
    ]
