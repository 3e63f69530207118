"""The SQLite store: round trips, replacement of a changed file, duplicates, atomicity."""

from __future__ import annotations

import sqlite3

import pytest

from ingest.extract.entities import Entity
from ingest.extract.themes import ThemeTag
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
    records = (Record(doc_id, 1, Entity(type="agency", canonical="Police"), None, 1),)
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
        store.replace_records("theme", [Record("a" * 64, 1, ThemeTag(theme="Neglect"))])
        store.replace_records(
            "theme", [Record("a" * 64, 1, ThemeTag(theme="Poverty"))], doc_ids=["a" * 64]
        )
        assert [r.fields.theme for r in store.records("theme")] == ["Poverty"]
        assert len(store.records("entity")) == 1


def test_tags_a_person_added_survive_automatic_replacement(tmp_path):
    with Store(tmp_path) as store:
        store.save(make_parsed("a" * 64, "/x/a.pdf"))
        store.add_records([Record("a" * 64, 1, ThemeTag(theme="Neglect", source="person"))])
        store.replace_records(
            "theme", [Record("a" * 64, 1, ThemeTag(theme="Poverty", source="auto"))]
        )
        assert sorted((r.fields.theme, r.fields.source) for r in store.records("theme")) == [
            ("Neglect", "person"),
            ("Poverty", "auto"),
        ]


# The schema every data folder so far was made with (schema_version 1), as it was written
# before the store's tables became column lists: a store made by the code today must match
# it column for column, and a folder made with it must still open.
SCHEMA_V1 = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY, path TEXT NOT NULL, title TEXT NOT NULL, board TEXT NOT NULL,
    boroughs TEXT NOT NULL, period TEXT NOT NULL, doc_type TEXT NOT NULL,
    pages INTEGER NOT NULL, synthetic INTEGER NOT NULL, status TEXT NOT NULL,
    message TEXT NOT NULL, media_type TEXT NOT NULL, size INTEGER NOT NULL,
    date TEXT NOT NULL, ingested_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE IF NOT EXISTS doc_paths (
    path TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS doc_paths_doc ON doc_paths(doc_id);
CREATE TABLE IF NOT EXISTS pages (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    number INTEGER NOT NULL, width REAL NOT NULL, height REAL NOT NULL,
    raw_text TEXT NOT NULL, text TEXT NOT NULL, lines TEXT NOT NULL,
    has_text_layer INTEGER NOT NULL, rotation INTEGER NOT NULL,
    PRIMARY KEY (doc_id, number)
);
CREATE TABLE IF NOT EXISTS sections (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL, path TEXT NOT NULL, level INTEGER NOT NULL,
    page_start INTEGER NOT NULL, page_end INTEGER NOT NULL, bbox TEXT,
    PRIMARY KEY (doc_id, idx)
);
CREATE TABLE IF NOT EXISTS doc_tables (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL, page_start INTEGER NOT NULL, page_end INTEGER NOT NULL,
    header_rows TEXT NOT NULL, rows TEXT NOT NULL, row_pages TEXT NOT NULL,
    section_path TEXT NOT NULL, caption TEXT NOT NULL, bbox TEXT,
    PRIMARY KEY (doc_id, idx)
);
CREATE TABLE IF NOT EXISTS passages (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL, page INTEGER NOT NULL,
    section_path TEXT NOT NULL, bbox TEXT, table_index INTEGER, row_index INTEGER,
    headers TEXT NOT NULL, cells TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS passages_doc ON passages(doc_id, ordinal);
CREATE TABLE IF NOT EXISTS records (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind TEXT NOT NULL, page INTEGER NOT NULL, data TEXT NOT NULL, bbox TEXT,
    passage_ordinal INTEGER
);
CREATE INDEX IF NOT EXISTS records_kind ON records(kind, doc_id);
"""


def _schema_facts(db: sqlite3.Connection) -> dict[str, list[list[tuple]]]:
    names = db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'index')")
    return {
        name: [
            db.execute(f"PRAGMA {pragma}({name})").fetchall()
            for pragma in ("table_xinfo", "index_list", "index_xinfo", "foreign_key_list")
        ]
        for (name,) in names.fetchall()
    }


def test_the_column_lists_make_the_schema_stores_were_made_with(tmp_path):
    with Store(tmp_path / "new"):
        pass
    with sqlite3.connect(tmp_path / "new" / "boardsearch.sqlite") as db:
        made = _schema_facts(db)
    old = sqlite3.connect(":memory:")
    old.executescript(SCHEMA_V1)
    first = _schema_facts(old)
    # the first schema's tables unchanged; collections, users and the audit added beside them
    assert {k: v for k, v in made.items() if k in first} == first
    added = {"collections", "doc_collections", "users", "members"}
    assert added <= set(made) - set(first)


def test_a_data_folder_made_with_the_first_schema_still_opens(tmp_path):
    folder = tmp_path / "old"
    folder.mkdir()
    with sqlite3.connect(folder / "boardsearch.sqlite") as db:
        db.executescript(SCHEMA_V1)
        db.execute("INSERT INTO meta (key, value) VALUES ('schema_version', 1)")
    parsed = make_parsed("a" * 64, "/x/a.pdf")
    with Store(folder) as store:
        store.save(parsed)
    with Store(folder, readonly=True) as store:
        assert store.documents() == [parsed.document]
        assert store.hidden == frozenset()  # every older document is in the public collection
        assert store.passage_layout() == (
            [("a" * 64, 2)],
            [(p.id, p.ordinal, p.kind) for p in parsed.passages],
        )
