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
        self.path = self.data_dir / DB_NAME
        try:
            if readonly:
                if not self.path.exists():
                    raise StoreError(
                        f"{self.data_dir}: no boardsearch data here yet; "
                        "run 'boardsearch ingest PATH' first"
                    )
                uri = f"file:{self.path}?mode=ro"
                self._db = sqlite3.connect(uri, uri=True, timeout=30, check_same_thread=False)
            else:
                self.data_dir.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
                self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.execute("PRAGMA synchronous=NORMAL")
            if readonly:
                self._check_ready()
            else:
                self._db.executescript(SCHEMA)
                self._db.execute(
                    "INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,)
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
            raise StoreError(
                f"{self.data_dir}: no boardsearch data here yet; run 'boardsearch ingest PATH' first"
            )

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
            if old and old[0] != doc.id:
                self._drop_if_orphan(db, old[0])
            exists = db.execute("SELECT 1 FROM documents WHERE id = ?", (doc.id,)).fetchone()
            if not exists:
                self._insert_document(db, parsed)
            db.execute(
                "INSERT INTO doc_paths VALUES (?, ?, ?, ?)", (doc.path, doc.id, size, mtime_ns)
            )

    def add_path(self, doc_id: str, path: str, *, size: int = 0, mtime_ns: int = 0) -> None:
        """Record another path for a document already stored (the same bytes under a new name)."""
        with self._tx() as db:
            old = db.execute("SELECT doc_id FROM doc_paths WHERE path = ?", (path,)).fetchone()
            db.execute("DELETE FROM doc_paths WHERE path = ?", (path,))
            if old and old[0] != doc_id:
                self._drop_if_orphan(db, old[0])
            db.execute("INSERT INTO doc_paths VALUES (?, ?, ?, ?)", (path, doc_id, size, mtime_ns))

    def delete(self, doc_id: str) -> None:
        with self._tx() as db:
            db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))

    def replace_records(
        self, kind: str, records: Iterable[Record], doc_ids: Iterable[str] | None = None
    ) -> None:
        """Replace the automatic records of `kind` (for `doc_ids` only, when given) in one go.

        Records a person added (data["source"] == "person") are never replaced.
        """
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
        db.execute(
            "INSERT INTO documents (id, path, title, board, boroughs, period, doc_type, pages,"
            " synthetic, status, message, media_type, size, date)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                d.id, d.path, d.title, d.board, _j(list(d.boroughs)), d.period, d.doc_type,
                d.pages, int(d.synthetic), d.status, d.message, d.media_type, d.size, d.date,
            ),
        )  # fmt: skip
        db.executemany(
            "INSERT INTO pages VALUES (?,?,?,?,?,?,?,?,?)",
            [
                (
                    d.id, p.number, p.width, p.height, p.raw_text, p.text,
                    _j([[ln.text, ln.bbox.as_tuple() if ln.bbox else None, ln.size, ln.bold,
                         ln.kind, ln.level] for ln in p.lines]),
                    int(p.has_text_layer), p.rotation,
                )
                for p in parsed.pages
            ],
        )  # fmt: skip
        db.executemany(
            "INSERT INTO sections VALUES (?,?,?,?,?,?,?)",
            [
                (d.id, i, _j(list(s.path)), s.level, s.page_start, s.page_end, _bbox_out(s.bbox))
                for i, s in enumerate(parsed.sections)
            ],
        )
        db.executemany(
            "INSERT INTO doc_tables VALUES (?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    d.id, t.index, t.page_start, t.page_end, _j(t.header_rows), _j(t.rows),
                    _j(list(t.row_pages)), _j(list(t.section_path)), t.caption, _bbox_out(t.bbox),
                )
                for t in parsed.tables
            ],
        )  # fmt: skip
        db.executemany(
            "INSERT OR REPLACE INTO passages VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    p.id, d.id, p.ordinal, p.kind, p.text, p.page, _j(list(p.section_path)),
                    _bbox_out(p.bbox), p.table_index, p.row_index, _j(list(p.headers)),
                    _j(list(p.cells)),
                )
                for p in parsed.passages
            ],
        )  # fmt: skip
        self._insert_records(db, parsed.records)

    @staticmethod
    def _insert_records(db: sqlite3.Connection, records: Iterable[Record]) -> None:
        db.executemany(
            "INSERT INTO records (doc_id, kind, page, data, bbox, passage_ordinal)"
            " VALUES (?,?,?,?,?,?)",
            [
                (r.doc_id, r.kind, r.page, _j(r.data), _bbox_out(r.bbox), r.passage_ordinal)
                for r in records
            ],
        )

    # -- reads -----------------------------------------------------------------------------
    def has(self, doc_id: str) -> bool:
        return bool(self._db.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone())

    def doc_ids(self) -> set[str]:
        return {r[0] for r in self._db.execute("SELECT id FROM documents")}

    def path_entry(self, path: str) -> tuple[str, int, int] | None:
        """(doc_id, size, mtime_ns) recorded for a path, or None."""
        row = self._db.execute(
            "SELECT doc_id, size, mtime_ns FROM doc_paths WHERE path = ?", (path,)
        ).fetchone()
        return None if row is None else (row[0], row[1], row[2])

    def paths(self, doc_id: str) -> list[str]:
        rows = self._db.execute(
            "SELECT path FROM doc_paths WHERE doc_id = ? ORDER BY path", (doc_id,)
        )
        return [r[0] for r in rows]

    def documents(self) -> list[Document]:
        rows = self._db.execute("SELECT * FROM documents ORDER BY period, title")
        return [self._document(r) for r in rows]

    def document(self, doc_id: str) -> Document | None:
        row = self._db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return None if row is None else self._document(row)

    @staticmethod
    def _document(r: tuple[Any, ...]) -> Document:
        return Document(
            id=r[0], path=r[1], title=r[2], board=r[3], boroughs=tuple(json.loads(r[4])),
            period=r[5], doc_type=r[6], pages=r[7], synthetic=bool(r[8]), status=r[9],
            message=r[10], media_type=r[11], size=r[12], date=r[13],
        )  # fmt: skip

    def pages(self, doc_id: str, numbers: Iterable[int] | None = None) -> list[Page]:
        rows = self._db.execute(
            "SELECT * FROM pages WHERE doc_id = ? ORDER BY number", (doc_id,)
        ).fetchall()
        wanted = None if numbers is None else set(numbers)
        out = []
        for r in rows:
            if wanted is not None and r[1] not in wanted:
                continue
            lines = tuple(
                Line(t, BBox(*b) if b else None, s, bool(bo), k, lv)
                for t, b, s, bo, k, lv in json.loads(r[6])
            )
            out.append(Page(r[0], r[1], r[2], r[3], r[4], r[5], lines, bool(r[7]), r[8]))
        return out

    def sections(self, doc_id: str) -> list[Section]:
        rows = self._db.execute("SELECT * FROM sections WHERE doc_id = ? ORDER BY idx", (doc_id,))
        return [
            Section(r[0], tuple(json.loads(r[2])), r[3], r[4], r[5], _bbox_in(r[6])) for r in rows
        ]

    def tables(self, doc_id: str | None = None) -> list[Table]:
        if doc_id is None:
            rows = self._db.execute("SELECT * FROM doc_tables ORDER BY doc_id, idx")
        else:
            rows = self._db.execute(
                "SELECT * FROM doc_tables WHERE doc_id = ? ORDER BY idx", (doc_id,)
            )
        return [
            Table(
                doc_id=r[0], index=r[1], page_start=r[2], page_end=r[3],
                header_rows=_tuple2(r[4]), rows=_tuple2(r[5]),
                row_pages=tuple(json.loads(r[6])), section_path=tuple(json.loads(r[7])),
                caption=r[8], bbox=_bbox_in(r[9]),
            )
            for r in rows
        ]  # fmt: skip

    def passages(self, doc_ids: Iterable[str] | None = None) -> Iterator[Passage]:
        if doc_ids is None:
            rows: Iterable[tuple[Any, ...]] = self._db.execute(
                "SELECT * FROM passages ORDER BY doc_id, ordinal"
            )
            yield from (self._passage(r) for r in rows)
            return
        for doc_id in doc_ids:
            rows = self._db.execute(
                "SELECT * FROM passages WHERE doc_id = ? ORDER BY ordinal", (doc_id,)
            ).fetchall()
            yield from (self._passage(r) for r in rows)

    def passage(self, passage_id: str) -> Passage | None:
        row = self._db.execute("SELECT * FROM passages WHERE id = ?", (passage_id,)).fetchone()
        return None if row is None else self._passage(row)

    @staticmethod
    def _passage(r: tuple[Any, ...]) -> Passage:
        return Passage(
            doc_id=r[1], ordinal=r[2], kind=r[3], text=r[4], page=r[5],
            section_path=tuple(json.loads(r[6])), bbox=_bbox_in(r[7]), table_index=r[8],
            row_index=r[9], headers=tuple(json.loads(r[10])), cells=tuple(json.loads(r[11])),
        )  # fmt: skip

    def records(self, kind: str, doc_id: str | None = None) -> list[Record]:
        if doc_id is None:
            rows = self._db.execute(
                "SELECT doc_id, kind, page, data, bbox, passage_ordinal FROM records"
                " WHERE kind = ? ORDER BY id",
                (kind,),
            )
        else:
            rows = self._db.execute(
                "SELECT doc_id, kind, page, data, bbox, passage_ordinal FROM records"
                " WHERE kind = ? AND doc_id = ? ORDER BY id",
                (kind, doc_id),
            )
        return [Record(r[0], r[1], r[2], json.loads(r[3]), _bbox_in(r[4]), r[5]) for r in rows]

    def counts(self) -> dict[str, int]:
        """How many of each thing the store holds (for summaries)."""
        out = {}
        for name, sql in (
            ("documents", "SELECT count(*) FROM documents"),
            ("pages", "SELECT coalesce(sum(pages), 0) FROM documents"),
            ("passages", "SELECT count(*) FROM passages"),
            ("tables", "SELECT count(*) FROM doc_tables"),
            ("records", "SELECT count(*) FROM records"),
        ):
            out[name] = int(self._db.execute(sql).fetchone()[0])
        return out
