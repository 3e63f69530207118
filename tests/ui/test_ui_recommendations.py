"""The recommendations register screen and its rows (issue 12)."""

from __future__ import annotations

import shutil

import pytest

from ingest.extract import record_class
from ingest.extract.recommendations import Progress, recommendation_export
from ingest.model import Document, Record
from ui import report

from ..helpers import EMBEDDER, shown_text, start_app_test, unescape


def _rec(doc_id: str, page: int, text: str, kind: str = "recommendation", **extra) -> Record:
    data = {
        "text": text,
        "number": "1",
        "addressed_to": "the LSCB",
        "addressee": "safeguarding board",
        "section": "Recommendations",
        "source": "list",
        "cue": "Recommendations",
        **extra,
    }
    return Record(doc_id, page, record_class(kind)(**data))


def test_register_rows_and_recurring_groups_cite_each_paper() -> None:
    docs = {
        "a": Document(
            "a", "a.pdf", "Ofsted: Westminster 2016", period="2015/16", boroughs=("Westminster",)
        ),
        "b": Document("b", "b.pdf", "Ofsted: Kensington 2016", period="2015/16"),
        "c": Document("c", "c.pdf", "Annual report 2017/18", period="2017/18"),
    }
    records = [
        _rec(
            "a",
            36,
            "Review the extensive dataset to ensure that it is aligned to the board’s priorities.",
        ),
        _rec(
            "b",
            43,
            "Review the extensive dataset to ensure that it is aligned to the Board’s priorities.",
        ),
        _rec("c", 5, "Make greater use of apprenticeships for care leavers."),
        _rec("c", 9, "The dataset needs to improve.", kind="concern"),
    ]
    rows = report.register_rows(records, docs)
    assert [r["page"] for r in rows] == [36, 43, 5]  # the concern is not in the register
    groups = report.recurring_groups(rows)
    assert len(groups) == 1 and groups[0]["documents"] == 2
    assert {r["doc_id"] for r in groups[0]["rows"]} == {"a", "b"}
    exported = recommendation_export(records, docs)
    assert [r["record"] for r in exported] == ["recommendation"] * 3 + [
        "concern (not a recommendation)"
    ]
    assert exported[0]["recurring_group"] == exported[1]["recurring_group"] == 1
    assert exported[2]["recurring_group"] == ""


@pytest.fixture
def rec_env(ui_data, tmp_path, monkeypatch):
    from ingest.store import Store

    folder = tmp_path / "data"
    shutil.copytree(ui_data, folder)
    with Store(folder) as store:
        docs = store.documents()
        a, b = docs[0], docs[1]
        store.replace_records(
            "recommendation",
            [
                _rec(
                    a.id,
                    2,
                    "Review the extensive dataset to ensure that it is aligned to the board’s priorities.",
                ),
                _rec(
                    b.id,
                    1,
                    "Review the extensive dataset to ensure that it is aligned to the Board’s priorities.",
                ),
                _rec(
                    b.id, 1, "Devise a system to escalate concerns about attendance at the board."
                ),
            ],
        )
        store.replace_records(
            "concern", [_rec(a.id, 2, "Planning needs to improve.", kind="concern")]
        )
    monkeypatch.setenv("BOARDSEARCH_DATA", str(folder))
    monkeypatch.setenv("BOARDSEARCH_MODEL", EMBEDDER)
    return folder


@pytest.mark.slow  # the app runs for real in AppTest
def test_recommendations_screen_lists_groups_and_keeps_findings_apart(rec_env):
    at = start_app_test("screens/recommendations.py")
    text = unescape(shown_text(at))
    assert "3 of 3 recommendations" in text
    heads = [unescape(e.label) for e in at.expander]
    assert any("Review the extensive dataset" in h and "2 papers" in h for h in heads), heads
    assert any(", p. " in c.value for c in at.code)  # citations with page numbers
    assert "NOT formal recommendations" in text
    at.sidebar.text_input(key="rec-words").input("escalate").run()
    assert not at.exception
    assert "1 of 3 recommendations" in unescape(shown_text(at))


def test_a_later_paper_reporting_on_a_recommendation_is_linked() -> None:
    docs = {
        "scr": Document("scr", "f.pdf", "Serious Case Review: Child F", period="2013/14"),
        "ar": Document("ar", "ar.pdf", "Tri-borough LSCB Annual Report 2014/15", period="2014/15"),
        "old": Document("old", "o.pdf", "Annual report 2011/12", period="2011/12"),
    }
    rec = _rec(
        "scr",
        2,
        "The LSCB should agree a tri-borough protocol for the transfer of health and social "
        "care records when families with children move between temporary accommodation in "
        "different boroughs.",
    )
    progress = [
        Record(
            "ar",
            2,
            Progress(
                text="The transfer protocol recommended by the Child F "
                "serious case review is in place and was audited in January 2015."
            ),
        ),
        Record(
            "old", 9, Progress(text="A transfer protocol recommended by the review was agreed.")
        ),  # an earlier period: cannot report on it
        Record(
            "ar", 3, Progress(text="The recommendations of the neglect audit were implemented.")
        ),
    ]
    rows = report.register_rows([rec], docs)
    links = report.progress_links(rows, progress, docs)
    assert len(links) == 1
    assert [(p["doc_id"], p["page"]) for p in links[0]["reports"]] == [("ar", 2)]
    exported = recommendation_export([rec, *progress], docs)
    assert [r["record"] for r in exported].count("progress on a recommendation") == 3


def test_progress_sentences_and_progress_columns_are_kept() -> None:
    from ingest.extract import recommendations as rec
    from ingest.model import Page, ParsedDocument, Passage

    passages = (
        Passage(
            "d",
            0,
            "paragraph",
            "The transfer protocol recommended by the Child F serious "
            "case review is in place and was audited in January 2015.",
            2,
        ),
        Passage(
            "d",
            1,
            "table_row",
            "Action plan — 1. Bruising protocol | LSCB",
            3,
            headers=("Recommendation", "Lead agency", "Progress (March 2012)"),
            cells=("1. Bruising protocol", "LSCB", "Protocol agreed and circulated"),
        ),
    )
    parsed = ParsedDocument(
        Document("d", "x.pdf", "x", doc_type="annual_report"),
        (Page("d", 2, 1, 1, "", ""), Page("d", 3, 1, 1, "", "")),
        passages=passages,
    )
    found = {r.kind: r.data for r in rec.extract(parsed)}
    assert found["progress"]["text"].startswith("The transfer protocol recommended by")
    assert found["recommendation"]["progress"] == "Protocol agreed and circulated"
