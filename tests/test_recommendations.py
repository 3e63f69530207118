"""Recommendations from stock-take tables, running text and real Ofsted reports."""

from __future__ import annotations

from functools import lru_cache

import pytest

from ingest import recommendations as rec
from ingest.model import Document, Page, ParsedDocument

from .helpers import REALDOCS, need, seed_parsed


@lru_cache(maxsize=1)
def _seed_recs() -> tuple:
    return rec.extract(seed_parsed())


def test_every_stocktake_recommended_action_is_exported() -> None:
    table = [r.data for r in _seed_recs() if r.data["source"] == "table"]
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
    text = {d["text"]: d for d in (r.data for r in _seed_recs()) if d["source"] == "text"}
    qa = (
        "It is recommended that this be taken up by the Tri-borough LSCB QA group as good practice."
    )
    assert text[qa]["cue"] == "recommended"
    assert text[qa]["addressed_to"].startswith("the Tri-borough LSCB QA")
    training = next(d for t, d in text.items() if t.startswith("The LSCB training team need to"))
    assert training["addressed_to"] == "The LSCB training team"
    assert not any("should be acknowledged" in t for t in text)  # not an action
    assert not any("removed the need to" in t for t in text)  # a noun, not a cue


def test_cues_and_addressees() -> None:
    found = dict(rec.action_sentences(
        "Partners met twice. In difficult economic times the LSCB will need to be alert to this. "
        "What are the strengths? The board must ensure that audits are completed."
    ))  # fmt: skip
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
        _page(36, "Recommendations\n\n118. Review the extensive dataset to ensure that it is aligned to the board’s\n\n"),
        _page(37, "priorities.\n\n119. Devise a system to escalate concerns. 120. Ensure that audits are carried out.\n\n"
                  "Inspection findings – the Local Safeguarding Children Board\n\n123. LSCB arrangements are shared."),
    )  # fmt: skip
    doc = ParsedDocument(
        Document(id="d", path="x.pdf", title="x", doc_type="inspection_report"), pages
    )
    items = [r.data for r in rec.extract(doc) if r.data["source"] == "ofsted_list"]
    assert [d["text"] for d in items] == [
        "Review the extensive dataset to ensure that it is aligned to the board’s priorities.",
        "Devise a system to escalate concerns.",
        "Ensure that audits are carried out.",
    ]
    assert {d["addressed_to"] for d in items} == {"the LSCB"}


@lru_cache(maxsize=4)
def _real(relative: str) -> tuple:
    from ingest import pdf, structure

    path = need(REALDOCS / relative)
    extracted = pdf.read(path, path.stem)
    sections, passages, tables = structure.build(path.stem, extracted)
    document = Document(id=path.stem, path=str(path), title=path.stem, doc_type="inspection_report")
    parsed = ParsedDocument(document, extracted.pages, sections, tables, passages)
    return tuple(
        r.data | {"page": r.page} for r in rec.extract(parsed) if r.data["source"] == "ofsted_list"
    )


@pytest.mark.real
def test_ofsted_2016_recommendations_to_the_tri_borough_lscb() -> None:
    lscb = [
        d
        for d in _real("tri-borough/ofsted-westminster-2016-03.pdf")
        if d["addressed_to"] == "the LSCB"
    ]
    assert [d["text"] for d in lscb] == [
        "Review the extensive dataset to ensure that it is aligned to the board’s priorities.",
        "Devise a system for ensuring that actions arising from data scrutiny are carried out in the individual boroughs.",
        "Ensure that recommendations from multi-agency themed audits are carried out, and analyse their impact on improving practice.",
        "Develop an overarching SCR action plan to track the progress of work arising from individual case reviews.",
        "Devise a system to escalate concerns about infrequent partnership attendance at the board.",
    ]  # fmt: skip
    assert {d["page"] for d in lscb} == {36}


@pytest.mark.real
def test_ofsted_lscb_areas_for_improvement_in_bullets_and_inline_numbers() -> None:
    bexley = [
        d
        for d in _real("lscb-reviews/ofsted-bexley-2014-05.pdf")
        if d["addressed_to"] == "the LSCB"
    ]
    assert len(bexley) == 10  # 169-170 priority actions and 171-178 areas for improvement
    assert bexley[2]["text"] == (
        "Ensure that the LSCB effectively undertakes monitoring and quality assurance of "
        "multi-agency safeguarding practice."
    )
    hull = [
        d for d in _real("lscb-reviews/ofsted-hull-2015-02.pdf") if d["addressed_to"] == "the LSCB"
    ]
    assert hull[0]["text"].startswith(
        "Ensure that sufficient comprehensive, accurate and timely performance"
    )
    assert len(hull) == 7


@pytest.mark.real
def test_ilacs_what_needs_to_improve() -> None:
    items = _real("tri-borough/ofsted-westminster-2019-10.pdf")
    assert [d["text"] for d in items] == [
        "The formal matching and panel approval of adolescents in long-term foster homes."
    ]
    assert items[0]["cue"] == "What needs to improve" and items[0]["page"] == 2
