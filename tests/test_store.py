"""The SQLite store: round trips, replacement of a changed file, duplicates, atomicity."""

from __future__ import annotations

import sqlite3

import pytest

from ingest.model import (
    BBox,
    Document,
    Line,
    Page,
    ParsedDocument,
    Passage,
    Record,
    Section,
    Table,
)
from ingest.store import Store


def make_parsed(doc_id: str, path: str, text: str = "Hello board") -> ParsedDocument:
    doc = Document(
        id=doc_id,
        path=path,
        title="T " + doc_id,
        boroughs=("Westminster",),
        period="2011/12",
        doc_type="annual_report",
        pages=1,
    )
    page = Page(
        doc_id,
        1,
        595,
        842,
        "Header\n" + text,
        text,
        (
            Line("Header", BBox(0, 0, 10, 10), 9, False, "header"),
            Line(text, BBox(10, 20, 100, 30), 11),
        ),
    )
    section = Section(doc_id, ("1. Introduction",), 1, 1, 1, BBox(1, 2, 3, 4))
    table = Table(
        doc_id, 0, 1, 1, (("Risk", "Action"),), (("a", ""),), (1,), ("Appendix",), "Police"
    )
    passages = (
        Passage(doc_id, 0, "paragraph", text, 1, ("1. Introduction",), BBox(10, 20, 100, 30)),
        Passage(
            doc_id,
            1,
            "table_row",
            "Risk: a",
            1,
            ("Appendix",),
            None,
            0,
            0,
            ("Risk", "Action"),
            ("a", ""),
        ),
    )
    records = (Record(doc_id, "entity", 1, {"type": "agency", "canonical": "Police"}, None, 1),)
    return ParsedDocument(doc, (page,), (section,), (table,), passages, records)


def test_round_trip_keeps_every_field(tmp_path):
    parsed = make_parsed("a" * 64, "/x/a.pdf")
    with Store(tmp_path) as store:
        store.save(parsed)
        assert store.document("a" * 64) == parsed.document
        assert store.pages("a" * 64) == list(parsed.pages)
        assert store.sections("a" * 64) == list(parsed.sections)
        assert store.tables("a" * 64) == list(parsed.tables)
        assert list(store.passages()) == list(parsed.passages)
        assert store.records("entity") == list(parsed.records)
        assert store.paths("a" * 64) == ["/x/a.pdf"]


def test_changed_file_replaces_old_version(tmp_path):
    with Store(tmp_path) as store:
        store.save(make_parsed("a" * 64, "/x/a.pdf", "old text"))
        store.save(make_parsed("b" * 64, "/x/a.pdf", "new text"))
        assert store.doc_ids() == {"b" * 64}
        assert [p.text for p in store.passages() if p.kind == "paragraph"] == ["new text"]
        assert store.records("entity")[0].doc_id == "b" * 64


def test_same_bytes_under_two_names_stored_once(tmp_path):
    with Store(tmp_path) as store:
        store.save(make_parsed("a" * 64, "/x/a.pdf"))
        store.add_path("a" * 64, "/y/copy of a.pdf")
        assert store.counts()["documents"] == 1
        assert store.paths("a" * 64) == ["/x/a.pdf", "/y/copy of a.pdf"]
        # replacing one of the two paths keeps the document for the other
        store.save(make_parsed("b" * 64, "/x/a.pdf"))
        assert store.doc_ids() == {"a" * 64, "b" * 64}


def test_failed_save_leaves_store_unchanged(tmp_path):
    good = make_parsed("a" * 64, "/x/a.pdf")
    bad = make_parsed("b" * 64, "/x/a.pdf")
    # a duplicate passage id inside one document breaks the primary key mid-write
    bad = ParsedDocument(
        bad.document, bad.pages, bad.sections, (bad.tables[0],), bad.passages, bad.records
    )
    with Store(tmp_path) as store:
        store.save(good)
        broken_pages = (bad.pages[0], bad.pages[0])  # same page number twice
        with pytest.raises(sqlite3.IntegrityError):
            store.save(ParsedDocument(bad.document, broken_pages, (), (), (), ()))
        assert store.doc_ids() == {"a" * 64}
        assert store.paths("a" * 64) == ["/x/a.pdf"]


def test_readonly_store_on_missing_folder_says_what_to_do(tmp_path):
    from ingest.errors import StoreError

    with pytest.raises(StoreError, match="run 'boardsearch ingest PATH' first"):
        Store(tmp_path / "nothing", readonly=True)


def test_replace_records_per_kind_and_doc(tmp_path):
    with Store(tmp_path) as store:
        store.save(make_parsed("a" * 64, "/x/a.pdf"))
        store.replace_records("theme", [Record("a" * 64, "theme", 1, {"theme": "Neglect"})])
        store.replace_records(
            "theme", [Record("a" * 64, "theme", 1, {"theme": "Poverty"})], doc_ids=["a" * 64]
        )
        assert [r.data["theme"] for r in store.records("theme")] == ["Poverty"]
        assert len(store.records("entity")) == 1


def test_tags_a_person_added_survive_automatic_replacement(tmp_path):
    with Store(tmp_path) as store:
        store.save(make_parsed("a" * 64, "/x/a.pdf"))
        store.add_records([Record("a" * 64, "theme", 1, {"theme": "Neglect", "source": "person"})])
        store.replace_records(
            "theme", [Record("a" * 64, "theme", 1, {"theme": "Poverty", "source": "auto"})]
        )
        assert sorted((r.data["theme"], r.data["source"]) for r in store.records("theme")) == [
            ("Neglect", "person"),
            ("Poverty", "auto"),
        ]
