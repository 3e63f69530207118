"""The SQLite store: documents, pages, sections, tables, passages and records.

One database file in the data folder. Every write of a document happens in one
transaction, so a crash leaves either the old version or the new one, never a
mix. WAL mode lets the UI read while an ingest writes.

Users can query it directly, for example::

    sqlite3 data/boardsearch.sqlite "select title, period from documents"
    sqlite3 data/boardsearch.sqlite "select json_extract(data, '$.agency'), count(*)
                                      from records where kind = 'stocktake_row' group by 1"
"""

from __future__ import annotations

import json
import os
import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .errors import StoreError
from .model import (
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
from .records import known_kind

DB_NAME = "boardsearch.sqlite"
SCHEMA_VERSION = 1

SCHEMA = """
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


DOCUMENT_COLUMNS = (
    "id",
    "path",
    "title",
    "board",
    "boroughs",
    "period",
    "doc_type",
    "pages",
    "synthetic",
    "status",
    "message",
    "media_type",
    "size",
    "date",
)
PATH_COLUMNS = ("path", "doc_id", "size", "mtime_ns")
PAGE_COLUMNS = (
    "doc_id",
    "number",
    "width",
    "height",
    "raw_text",
    "text",
    "lines",
    "has_text_layer",
    "rotation",
)
SECTION_COLUMNS = ("doc_id", "idx", "path", "level", "page_start", "page_end", "bbox")
TABLE_COLUMNS = (
    "doc_id",
    "idx",
    "page_start",
    "page_end",
    "header_rows",
    "rows",
    "row_pages",
    "section_path",
    "caption",
    "bbox",
)
PASSAGE_COLUMNS = (
    "id",
    "doc_id",
    "ordinal",
    "kind",
    "text",
    "page",
    "section_path",
    "bbox",
    "table_index",
    "row_index",
    "headers",
    "cells",
)
RECORD_COLUMNS = ("doc_id", "kind", "page", "data", "bbox", "passage_ordinal")


def _insert(table: str, columns: tuple[str, ...], verb: str = "INSERT") -> str:
    """An INSERT naming its columns, so a reordered or added column cannot shift values."""
    marks = ", ".join("?" for _ in columns)
    return f"{verb} INTO {table} ({', '.join(columns)}) VALUES ({marks})"


def _select(table: str, columns: tuple[str, ...]) -> str:
    return f"SELECT {', '.join(columns)} FROM {table}"


def db_path(data_dir: str | os.PathLike[str]) -> Path:
    """Where the database of a data folder lives (it may not exist yet)."""
    return Path(data_dir) / DB_NAME


def has_data(data_dir: str | os.PathLike[str]) -> bool:
    """Whether a data folder has a store (something was ingested into it)."""
    return db_path(data_dir).exists()


def no_data_message(data_dir: str | os.PathLike[str]) -> str:
    """The one message for a data folder with nothing ingested yet."""
    return f"{data_dir}: no boardsearch data here yet; run 'boardsearch ingest PATH' first"


def _j(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _bbox_out(bbox: BBox | None) -> str | None:
    return None if bbox is None else _j(bbox.as_tuple())


def _bbox_in(raw: str | None) -> BBox | None:
    return None if raw is None else BBox(*json.loads(raw))


def _tuple2(raw: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(row) for row in json.loads(raw))


class Store:
    """The document store in one data folder. Use as a context manager or call close()."""

    def __init__(self, data_dir: str | os.PathLike[str], *, readonly: bool = False) -> None:
        self.data_dir = Path(data_dir)
        self.path = db_path(self.data_dir)
        try:
            if readonly:
                if not self.path.exists():
                    raise StoreError(no_data_message(self.data_dir))
                uri = f"file:{self.path}?mode=ro"
                self._db = sqlite3.connect(uri, uri=True, timeout=30, check_same_thread=False)
            else:
                self.data_dir.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
                self._db.execute("PRAGMA journal_mode=WAL")
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.execute("PRAGMA synchronous=NORMAL")
            if readonly:
                self._check_ready()
            else:
                self._db.executescript(SCHEMA)
                self._db.execute(
                    "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)",
                    (SCHEMA_VERSION,),
                )
                self._db.commit()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot open the boardsearch database ({exc})") from exc

    def _check_ready(self) -> None:
        """A reader that opens the file while the first ingest is still creating it sees no data.

        The schema_version row is written after the whole schema, so it marks a usable store.
        """
        try:
            ready = self._db.execute("SELECT 1 FROM meta WHERE key = 'schema_version'").fetchone()
        except sqlite3.OperationalError:  # no meta table yet
            ready = None
        if ready is None:
            self._db.close()
            raise StoreError(no_data_message(self.data_dir))

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One transaction: everything inside commits together or not at all."""
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
            # a new token on every write: caches of what the store holds key on it
            db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('generation', ?)",
                (uuid.uuid4().hex,),
            )
        except BaseException:
            db.rollback()
            raise
        else:
            db.commit()

    # -- writes ----------------------------------------------------------------------------
    def save(self, parsed: ParsedDocument, *, size: int = 0, mtime_ns: int = 0) -> None:
        """Store a parsed document under its path, replacing what that path held before."""
        doc = parsed.document
        with self._tx() as db:
            old = db.execute("SELECT doc_id FROM doc_paths WHERE path = ?", (doc.path,)).fetchone()
            db.execute("DELETE FROM doc_paths WHERE path = ?", (doc.path,))
            if old and old["doc_id"] != doc.id:
                self._drop_if_orphan(db, old["doc_id"])
            exists = db.execute("SELECT 1 FROM documents WHERE id = ?", (doc.id,)).fetchone()
            if not exists:
                self._insert_document(db, parsed)
            db.execute(_insert("doc_paths", PATH_COLUMNS), (doc.path, doc.id, size, mtime_ns))

    def add_path(self, doc_id: str, path: str, *, size: int = 0, mtime_ns: int = 0) -> None:
        """Record another path for a document already stored (the same bytes under a new name)."""
        with self._tx() as db:
            old = db.execute("SELECT doc_id FROM doc_paths WHERE path = ?", (path,)).fetchone()
            db.execute("DELETE FROM doc_paths WHERE path = ?", (path,))
            if old and old["doc_id"] != doc_id:
                self._drop_if_orphan(db, old["doc_id"])
            db.execute(_insert("doc_paths", PATH_COLUMNS), (path, doc_id, size, mtime_ns))

    def delete(self, doc_id: str) -> None:
        with self._tx() as db:
            db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))

    def replace_records(
        self, kind: str, records: Iterable[Record], doc_ids: Iterable[str] | None = None
    ) -> None:
        """Replace the automatic records of `kind` (for `doc_ids` only, when given) in one go.

        Records a person added (data["source"] == "person") are never replaced.
        """
        known_kind(kind)
        automatic = "coalesce(json_extract(data, '$.source'), '') != 'person'"
        with self._tx() as db:
            if doc_ids is None:
                db.execute(f"DELETE FROM records WHERE kind = ? AND {automatic}", (kind,))
            else:
                db.executemany(
                    f"DELETE FROM records WHERE kind = ? AND doc_id = ? AND {automatic}",
                    [(kind, d) for d in doc_ids],
                )
            self._insert_records(db, (r for r in records if r.kind == kind))

    def add_records(self, records: Iterable[Record]) -> None:
        """Add records (for example a theme tag a person chose) in one transaction."""
        with self._tx() as db:
            self._insert_records(db, records)

    def _drop_if_orphan(self, db: sqlite3.Connection, doc_id: str) -> None:
        left = db.execute("SELECT 1 FROM doc_paths WHERE doc_id = ?", (doc_id,)).fetchone()
        if not left:
            db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))

    def _insert_document(self, db: sqlite3.Connection, parsed: ParsedDocument) -> None:
        d = parsed.document
        db.execute(_insert("documents", DOCUMENT_COLUMNS), _document_row(d))
        db.executemany(_insert("pages", PAGE_COLUMNS), [_page_row(p) for p in parsed.pages])
        db.executemany(
            _insert("sections", SECTION_COLUMNS),
            [_section_row(i, s) for i, s in enumerate(parsed.sections)],
        )
        db.executemany(_insert("doc_tables", TABLE_COLUMNS), [_table_row(t) for t in parsed.tables])
        db.executemany(
            _insert("passages", PASSAGE_COLUMNS, "INSERT OR REPLACE"),
            [_passage_row(p) for p in parsed.passages],
        )
        self._insert_records(db, parsed.records)

    @staticmethod
    def _insert_records(db: sqlite3.Connection, records: Iterable[Record]) -> None:
        db.executemany(_insert("records", RECORD_COLUMNS), [_record_row(r) for r in records])

    # -- reads -----------------------------------------------------------------------------
    def has(self, doc_id: str) -> bool:
        return bool(self._db.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone())

    def doc_ids(self) -> set[str]:
        return {r["id"] for r in self._db.execute("SELECT id FROM documents")}

    def path_entry(self, path: str) -> tuple[str, int, int] | None:
        """(doc_id, size, mtime_ns) recorded for a path, or None."""
        row = self._db.execute(
            "SELECT doc_id, size, mtime_ns FROM doc_paths WHERE path = ?", (path,)
        ).fetchone()
        return None if row is None else (row["doc_id"], row["size"], row["mtime_ns"])

    def paths(self, doc_id: str) -> list[str]:
        rows = self._db.execute(
            "SELECT path FROM doc_paths WHERE doc_id = ? ORDER BY path", (doc_id,)
        )
        return [r["path"] for r in rows]

    def documents(self) -> list[Document]:
        rows = self._db.execute(_select("documents", DOCUMENT_COLUMNS) + " ORDER BY period, title")
        return [_document(r) for r in rows]

    def document(self, doc_id: str) -> Document | None:
        sql = _select("documents", DOCUMENT_COLUMNS) + " WHERE id = ?"
        row = self._db.execute(sql, (doc_id,)).fetchone()
        return None if row is None else _document(row)

    def pages(self, doc_id: str, numbers: Iterable[int] | None = None) -> list[Page]:
        sql = _select("pages", PAGE_COLUMNS) + " WHERE doc_id = ? ORDER BY number"
        rows = self._db.execute(sql, (doc_id,)).fetchall()
        wanted = None if numbers is None else set(numbers)
        return [_page(r) for r in rows if wanted is None or r["number"] in wanted]

    def sections(self, doc_id: str) -> list[Section]:
        sql = _select("sections", SECTION_COLUMNS) + " WHERE doc_id = ? ORDER BY idx"
        return [_section(r) for r in self._db.execute(sql, (doc_id,))]

    def tables(self, doc_id: str | None = None) -> list[Table]:
        select = _select("doc_tables", TABLE_COLUMNS)
        if doc_id is None:
            rows = self._db.execute(select + " ORDER BY doc_id, idx")
        else:
            rows = self._db.execute(select + " WHERE doc_id = ? ORDER BY idx", (doc_id,))
        return [_table(r) for r in rows]

    def passages(self, doc_ids: Iterable[str] | None = None) -> Iterator[Passage]:
        select = _select("passages", PASSAGE_COLUMNS)
        if doc_ids is None:
            rows = self._db.execute(select + " ORDER BY doc_id, ordinal")
            yield from (_passage(r) for r in rows)
            return
        for doc_id in doc_ids:
            rows = self._db.execute(select + " WHERE doc_id = ? ORDER BY ordinal", (doc_id,))
            yield from (_passage(r) for r in rows.fetchall())

    def passage_layout(self) -> tuple[list[tuple[str, int]], list[tuple[str, int, str]]]:
        """(doc_id, passage count) per document and (id, ordinal, kind) of every passage,
        both in (doc_id, ordinal) order: what a columnar catalog needs, without the texts."""
        db = self._db
        counts = db.execute("SELECT doc_id, count(*) FROM passages GROUP BY doc_id ORDER BY doc_id")
        # grouped by document (the passages_doc index): no per-passage lookup of its document
        keys = db.execute("SELECT id, ordinal, kind FROM passages ORDER BY doc_id, ordinal")
        return [(r[0], r[1]) for r in counts], [(r[0], r[1], r[2]) for r in keys]

    def passage(self, passage_id: str) -> Passage | None:
        sql = _select("passages", PASSAGE_COLUMNS) + " WHERE id = ?"
        row = self._db.execute(sql, (passage_id,)).fetchone()
        return None if row is None else _passage(row)

    def records(self, kind: str, doc_id: str | None = None) -> list[Record]:
        """Records of one kind; RecordError for a kind no class is registered for (a typo)."""
        known_kind(kind)
        select = _select("records", RECORD_COLUMNS)
        if doc_id is None:
            rows = self._db.execute(select + " WHERE kind = ? ORDER BY id", (kind,))
        else:
            sql = select + " WHERE kind = ? AND doc_id = ? ORDER BY id"
            rows = self._db.execute(sql, (kind, doc_id))
        return [_record(r) for r in rows]

    def generation(self) -> str:
        """A token that changes with every write ("" for a store no write has marked yet)."""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return str(row["value"]) if row else ""

    def counts(self) -> dict[str, int]:
        """How many of each thing the store holds (for summaries)."""
        out = {}
        for name, sql in (
            ("documents", "SELECT count(*) AS n FROM documents"),
            ("pages", "SELECT coalesce(sum(pages), 0) AS n FROM documents"),
            ("passages", "SELECT count(*) AS n FROM passages"),
            ("tables", "SELECT count(*) AS n FROM doc_tables"),
            ("records", "SELECT count(*) AS n FROM records"),
        ):
            out[name] = int(self._db.execute(sql).fetchone()["n"])
        return out


# -- rows <-> model objects (by column name) ------------------------------------------------
def _document_row(d: Document) -> tuple[Any, ...]:
    return (
        d.id,
        d.path,
        d.title,
        d.board,
        _j(list(d.boroughs)),
        d.period,
        d.doc_type,
        d.pages,
        int(d.synthetic),
        d.status,
        d.message,
        d.media_type,
        d.size,
        d.date,
    )


def _document(r: sqlite3.Row) -> Document:
    return Document(
        id=r["id"],
        path=r["path"],
        title=r["title"],
        board=r["board"],
        boroughs=tuple(json.loads(r["boroughs"])),
        period=r["period"],
        doc_type=r["doc_type"],
        pages=r["pages"],
        synthetic=bool(r["synthetic"]),
        status=r["status"],
        message=r["message"],
        media_type=r["media_type"],
        size=r["size"],
        date=r["date"],
    )


def _line_out(ln: Line) -> list[Any]:
    return [ln.text, ln.bbox.as_tuple() if ln.bbox else None, ln.size, ln.bold, ln.kind, ln.level]


def _line_in(item: list[Any]) -> Line:
    text, bbox, size, bold, kind, level = item
    return Line(text, BBox(*bbox) if bbox else None, size, bool(bold), kind, level)


def _page_row(p: Page) -> tuple[Any, ...]:
    lines = _j([_line_out(ln) for ln in p.lines])
    return (
        p.doc_id,
        p.number,
        p.width,
        p.height,
        p.raw_text,
        p.text,
        lines,
        int(p.has_text_layer),
        p.rotation,
    )


def _page(r: sqlite3.Row) -> Page:
    return Page(
        doc_id=r["doc_id"],
        number=r["number"],
        width=r["width"],
        height=r["height"],
        raw_text=r["raw_text"],
        text=r["text"],
        lines=tuple(_line_in(item) for item in json.loads(r["lines"])),
        has_text_layer=bool(r["has_text_layer"]),
        rotation=r["rotation"],
    )


def _section_row(idx: int, s: Section) -> tuple[Any, ...]:
    return (s.doc_id, idx, _j(list(s.path)), s.level, s.page_start, s.page_end, _bbox_out(s.bbox))


def _section(r: sqlite3.Row) -> Section:
    return Section(
        doc_id=r["doc_id"],
        path=tuple(json.loads(r["path"])),
        level=r["level"],
        page_start=r["page_start"],
        page_end=r["page_end"],
        bbox=_bbox_in(r["bbox"]),
    )


def _table_row(t: Table) -> tuple[Any, ...]:
    return (
        t.doc_id,
        t.index,
        t.page_start,
        t.page_end,
        _j(t.header_rows),
        _j(t.rows),
        _j(list(t.row_pages)),
        _j(list(t.section_path)),
        t.caption,
        _bbox_out(t.bbox),
    )


def _table(r: sqlite3.Row) -> Table:
    return Table(
        doc_id=r["doc_id"],
        index=r["idx"],
        page_start=r["page_start"],
        page_end=r["page_end"],
        header_rows=_tuple2(r["header_rows"]),
        rows=_tuple2(r["rows"]),
        row_pages=tuple(json.loads(r["row_pages"])),
        section_path=tuple(json.loads(r["section_path"])),
        caption=r["caption"],
        bbox=_bbox_in(r["bbox"]),
    )


def _passage_row(p: Passage) -> tuple[Any, ...]:
    return (
        p.id,
        p.doc_id,
        p.ordinal,
        p.kind,
        p.text,
        p.page,
        _j(list(p.section_path)),
        _bbox_out(p.bbox),
        p.table_index,
        p.row_index,
        _j(list(p.headers)),
        _j(list(p.cells)),
    )


def _passage(r: sqlite3.Row) -> Passage:
    return Passage(
        doc_id=r["doc_id"],
        ordinal=r["ordinal"],
        kind=r["kind"],
        text=r["text"],
        page=r["page"],
        section_path=tuple(json.loads(r["section_path"])),
        bbox=_bbox_in(r["bbox"]),
        table_index=r["table_index"],
        row_index=r["row_index"],
        headers=tuple(json.loads(r["headers"])),
        cells=tuple(json.loads(r["cells"])),
    )


def _record_row(r: Record) -> tuple[Any, ...]:
    return (r.doc_id, r.kind, r.page, _j(r.data), _bbox_out(r.bbox), r.passage_ordinal)


def _record(r: sqlite3.Row) -> Record:
    return Record(
        doc_id=r["doc_id"],
        kind=r["kind"],
        page=r["page"],
        data=json.loads(r["data"]),
        bbox=_bbox_in(r["bbox"]),
        passage_ordinal=r["passage_ordinal"],
    )
