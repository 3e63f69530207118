"""The SQLite store: documents, pages, sections, tables, passages and records.

One database file in the data folder. Every write of a document happens in one
transaction, so a crash leaves either the old version or the new one, never a
mix. WAL mode lets the UI read while an ingest writes.

Each table is one ``TableSpec``: the list of its columns, with each column's SQL
declaration and the model attribute it keeps. The schema, every INSERT (values by
name) and every SELECT (rows read by name) come from that one list, so adding a
column is one line and nothing is ever placed by position.

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
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from .errors import StoreError
from .extract import decode, record_class
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
from .viewer import PUBLIC, Viewer

T = TypeVar("T")

DB_NAME = "boardsearch.sqlite"
SCHEMA_VERSION = 1


def _same(value: Any) -> Any:
    return value


def _j(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _json_tuple(raw: str) -> tuple[Any, ...]:
    return tuple(json.loads(raw))


def _json_list(value: Any) -> str:
    return _j(list(value))


def _tuple2(raw: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(row) for row in json.loads(raw))


def _bbox_out(bbox: BBox | None) -> str | None:
    return None if bbox is None else _j(bbox.as_tuple())


def _bbox_in(raw: str | None) -> BBox | None:
    return None if raw is None else BBox(*json.loads(raw))


def _line_out(ln: Line) -> list[Any]:
    return [ln.text, ln.bbox.as_tuple() if ln.bbox else None, ln.size, ln.bold, ln.kind, ln.level]


def _line_in(item: list[Any]) -> Line:
    text, bbox, size, bold, kind, level = item
    return Line(text, BBox(*bbox) if bbox else None, size, bool(bold), kind, level)


def _lines_out(lines: tuple[Line, ...]) -> str:
    return _j([_line_out(ln) for ln in lines])


def _lines_in(raw: str) -> tuple[Line, ...]:
    return tuple(_line_in(item) for item in json.loads(raw))


@dataclass(frozen=True)
class Column:
    """One column of a store table: its SQL declaration and the model value it keeps.

    ``attr`` is the model attribute the column holds ("" means the column's own name;
    None means none: the value is given when a row is written, and not read back).
    ``encode`` turns the model value into what SQLite keeps and ``decode`` turns it back.
    ``auto`` columns SQLite fills in itself (a rowid, a timestamp): never written.
    """

    name: str
    sql: str
    attr: str | None = ""
    encode: Callable[[Any], Any] = _same
    decode: Callable[[Any], Any] = _same
    auto: bool = False

    @property
    def field(self) -> str | None:
        return self.name if self.attr == "" else self.attr


def _col(name: str, sql: str, codec: str = "", attr: str | None = "", auto: bool = False) -> Column:
    """A column with one of the codecs the store uses ("" keeps the value as it is)."""
    encode, decode = _CODECS[codec]
    return Column(name, sql, attr, encode, decode, auto)


_CODECS: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {
    "": (_same, _same),
    "bool": (int, bool),  # SQLite has no booleans
    "json": (_j, json.loads),
    "tuple": (_json_list, _json_tuple),  # a tuple of values as a JSON list
    "tuple2": (_j, _tuple2),  # rows of cells as a JSON list of lists
    "bbox": (_bbox_out, _bbox_in),
    "lines": (_lines_out, _lines_in),
}
_DOC_ID = "TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE"


@dataclass(frozen=True)
class TableSpec:
    """A table of the store: the one list of its columns, used for the schema, every
    write (named parameters) and every read (by column name)."""

    name: str
    columns: tuple[Column, ...]
    constraints: tuple[str, ...] = ()  # table constraints, e.g. "PRIMARY KEY (doc_id, idx)"
    indexes: tuple[str, ...] = ()  # "name ON table(columns)"
    _plans: dict[type, tuple[tuple[str, str, Callable[[Any], Any]], ...]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    @cached_property
    def written(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if not c.auto)

    def create(self) -> str:
        """The CREATE TABLE (and CREATE INDEX) statements of this table."""
        parts = [f"{c.name} {c.sql}" for c in self.columns] + list(self.constraints)
        sql = f"CREATE TABLE IF NOT EXISTS {self.name} (\n    " + ",\n    ".join(parts) + "\n);"
        return "\n".join([sql, *(f"CREATE INDEX IF NOT EXISTS {i};" for i in self.indexes)])

    def insert(self, verb: str = "INSERT") -> str:
        """An INSERT naming its columns and its values by name: nothing is placed by position."""
        names = [c.name for c in self.written]
        marks = ", ".join(f":{n}" for n in names)
        return f"{verb} INTO {self.name} ({', '.join(names)}) VALUES ({marks})"

    def select(self) -> str:
        return f"SELECT {', '.join(c.name for c in self.written)} FROM {self.name}"

    def row(self, obj: Any = None, **given: Any) -> dict[str, Any]:
        """The values of one row by column name: from `obj`'s attributes, or as given."""
        out = {}
        for c in self.written:
            if c.name in given:
                out[c.name] = given[c.name]
            elif obj is None or c.field is None:
                raise StoreError(f"no value for column {self.name}.{c.name}")
            else:
                out[c.name] = c.encode(getattr(obj, c.field))
        return out

    def read(self, row: sqlite3.Row, cls: type[T]) -> T:
        """A model object of class `cls` from a row, each attribute read by column name."""
        plan = self._plans.get(cls) or self._plan(cls)
        return cls(**{attr: decode(row[name]) for attr, name, decode in plan})

    def _plan(self, cls: type) -> tuple[tuple[str, str, Callable[[Any], Any]], ...]:
        """(attribute, column, decode) for each column that fills an argument of `cls`:
        worked out once per class, as a library's passages are read by the million."""
        wanted = {f.name for f in fields(cls) if f.init}
        plan = tuple(
            (c.field, c.name, c.decode)
            for c in self.written
            if c.field is not None and c.field in wanted
        )
        self._plans[cls] = plan
        return plan


META = TableSpec("meta", (_col("key", "TEXT PRIMARY KEY"), _col("value", "TEXT NOT NULL")))
DOCUMENTS = TableSpec(
    "documents",
    (
        _col("id", "TEXT PRIMARY KEY"),
        _col("path", "TEXT NOT NULL"),
        _col("title", "TEXT NOT NULL"),
        _col("board", "TEXT NOT NULL"),
        _col("boroughs", "TEXT NOT NULL", "tuple"),
        _col("period", "TEXT NOT NULL"),
        _col("doc_type", "TEXT NOT NULL"),
        _col("pages", "INTEGER NOT NULL"),
        _col("synthetic", "INTEGER NOT NULL", "bool"),
        _col("status", "TEXT NOT NULL"),
        _col("message", "TEXT NOT NULL"),
        _col("media_type", "TEXT NOT NULL"),
        _col("size", "INTEGER NOT NULL"),
        _col("date", "TEXT NOT NULL"),
        _col("ingested_at", "TEXT NOT NULL DEFAULT (datetime('now'))", attr=None, auto=True),
    ),
)
PATHS = TableSpec(
    "doc_paths",
    (
        _col("path", "TEXT PRIMARY KEY"),
        _col("doc_id", _DOC_ID),
        _col("size", "INTEGER NOT NULL"),
        _col("mtime_ns", "INTEGER NOT NULL"),
    ),
    indexes=("doc_paths_doc ON doc_paths(doc_id)",),
)
PAGES = TableSpec(
    "pages",
    (
        _col("doc_id", _DOC_ID),
        _col("number", "INTEGER NOT NULL"),
        _col("width", "REAL NOT NULL"),
        _col("height", "REAL NOT NULL"),
        _col("raw_text", "TEXT NOT NULL"),
        _col("text", "TEXT NOT NULL"),
        _col("lines", "TEXT NOT NULL", "lines"),
        _col("has_text_layer", "INTEGER NOT NULL", "bool"),
        _col("rotation", "INTEGER NOT NULL"),
    ),
    constraints=("PRIMARY KEY (doc_id, number)",),
)
SECTIONS = TableSpec(
    "sections",
    (
        _col("doc_id", _DOC_ID),
        _col("idx", "INTEGER NOT NULL", attr=None),  # the section's place in its document
        _col("path", "TEXT NOT NULL", "tuple"),
        _col("level", "INTEGER NOT NULL"),
        _col("page_start", "INTEGER NOT NULL"),
        _col("page_end", "INTEGER NOT NULL"),
        _col("bbox", "TEXT", "bbox"),
    ),
    constraints=("PRIMARY KEY (doc_id, idx)",),
)
TABLES = TableSpec(
    "doc_tables",
    (
        _col("doc_id", _DOC_ID),
        _col("idx", "INTEGER NOT NULL", attr="index"),
        _col("page_start", "INTEGER NOT NULL"),
        _col("page_end", "INTEGER NOT NULL"),
        _col("header_rows", "TEXT NOT NULL", "tuple2"),
        _col("rows", "TEXT NOT NULL", "tuple2"),
        _col("row_pages", "TEXT NOT NULL", "tuple"),
        _col("section_path", "TEXT NOT NULL", "tuple"),
        _col("caption", "TEXT NOT NULL"),
        _col("bbox", "TEXT", "bbox"),
    ),
    constraints=("PRIMARY KEY (doc_id, idx)",),
)
PASSAGES = TableSpec(
    "passages",
    (
        _col("id", "TEXT PRIMARY KEY"),  # Passage.id, a hash: written, computed again on reading
        _col("doc_id", _DOC_ID),
        _col("ordinal", "INTEGER NOT NULL"),
        _col("kind", "TEXT NOT NULL"),
        _col("text", "TEXT NOT NULL"),
        _col("page", "INTEGER NOT NULL"),
        _col("section_path", "TEXT NOT NULL", "tuple"),
        _col("bbox", "TEXT", "bbox"),
        _col("table_index", "INTEGER"),
        _col("row_index", "INTEGER"),
        _col("headers", "TEXT NOT NULL", "tuple"),
        _col("cells", "TEXT NOT NULL", "tuple"),
    ),
    indexes=("passages_doc ON passages(doc_id, ordinal)",),
)
RECORDS = TableSpec(
    "records",
    (
        _col("id", "INTEGER PRIMARY KEY", attr=None, auto=True),  # insertion order
        _col("doc_id", _DOC_ID),
        _col("kind", "TEXT NOT NULL"),
        _col("page", "INTEGER NOT NULL"),
        _col("data", "TEXT NOT NULL", "json"),
        _col("bbox", "TEXT", "bbox"),
        _col("passage_ordinal", "INTEGER"),
    ),
    indexes=("records_kind ON records(kind, doc_id)",),
)
# -- who may read what (ingest/access.py writes these; issue 26) ---------------------------
# No foreign key to documents: a file's collection is recorded (by its bytes' hash) before
# it is ingested, so it is never visible outside its collection, not even for a moment.
# A document with no row here is in the public collection (so is every document of a
# library made before collections existed).
COLLECTIONS = TableSpec(
    "collections",
    (
        _col("name", "TEXT PRIMARY KEY"),
        _col("restricted", "INTEGER NOT NULL DEFAULT 0", "bool"),
    ),
)
DOC_COLLECTIONS = TableSpec(
    "doc_collections",
    (_col("doc_id", "TEXT PRIMARY KEY"), _col("collection", "TEXT NOT NULL")),
    indexes=("doc_collections_name ON doc_collections(collection)",),
)
USERS = TableSpec(
    "users",
    (
        _col("name", "TEXT PRIMARY KEY"),
        _col("hash", "TEXT NOT NULL"),  # argon2 only: a password is never kept in clear
        _col("admin", "INTEGER NOT NULL DEFAULT 0", "bool"),
        _col("email", "TEXT NOT NULL DEFAULT ''"),  # an identity provider's email, if any
    ),
)
MEMBERS = TableSpec(
    "members",
    (_col("user", "TEXT NOT NULL"), _col("collection", "TEXT NOT NULL")),
    constraints=("PRIMARY KEY (user, collection)",),
)
# The audit and the sign-in failures are kept in a file of their own beside the store
# (AUDIT_NAME): written on every search, they would otherwise change the store file's
# stamp that the search index and the app's caches reload on.
AUDIT_NAME = "audit.sqlite"
FAILURES = TableSpec(
    "sign_in_failures",
    (
        _col("name", "TEXT PRIMARY KEY"),
        _col("failures", "INTEGER NOT NULL"),
        _col("last_at", "REAL NOT NULL"),  # seconds since the epoch
    ),
)
AUDIT = TableSpec(
    "audit",
    (
        _col("id", "INTEGER PRIMARY KEY", attr=None, auto=True),
        _col("at", "TEXT NOT NULL"),  # UTC, ISO 8601
        _col("user", "TEXT NOT NULL"),
        _col("action", "TEXT NOT NULL"),
        _col("detail", "TEXT NOT NULL"),
    ),
    indexes=("audit_at ON audit(at)",),
)
SPECS = (
    META,
    DOCUMENTS,
    PATHS,
    PAGES,
    SECTIONS,
    TABLES,
    PASSAGES,
    RECORDS,
    COLLECTIONS,
    DOC_COLLECTIONS,
    USERS,
    MEMBERS,
)
SCHEMA = "\n".join(spec.create() for spec in SPECS) + (
    f"\nINSERT OR IGNORE INTO collections (name, restricted) VALUES ('{PUBLIC}', 0);"
)
# the documents a reader may not see: those in a restricted collection they are not in
HIDDEN_SQL = (
    "SELECT dc.doc_id FROM doc_collections dc JOIN collections c ON c.name = dc.collection"
    " WHERE c.restricted = 1 AND dc.collection NOT IN (SELECT value FROM json_each(?))"
)


def hidden_docs(db: sqlite3.Connection, viewer: Viewer | None) -> frozenset[str]:
    """The ids of the documents `viewer` may not see (none for the owner and admins; none
    in a store made before collections existed)."""
    if viewer is None or viewer.sees_all:
        return frozenset()
    try:
        rows = db.execute(HIDDEN_SQL, (_j(list(viewer.collections)),)).fetchall()
    except sqlite3.OperationalError:  # a read-only store older than collections
        return frozenset()
    return frozenset(r[0] for r in rows)


def db_path(data_dir: str | os.PathLike[str]) -> Path:
    """Where the database of a data folder lives (it may not exist yet)."""
    return Path(data_dir) / DB_NAME


def has_data(data_dir: str | os.PathLike[str]) -> bool:
    """Whether a data folder has a store (something was ingested into it)."""
    return db_path(data_dir).exists()


def no_data_message(data_dir: str | os.PathLike[str]) -> str:
    """The one message for a data folder with nothing ingested yet."""
    return f"{data_dir}: no boardsearch data here yet; run 'boardsearch ingest PATH' first"


class Store:
    """The document store in one data folder. Use as a context manager or call close().

    Opened for a ``viewer`` (ingest/viewer.py), every read leaves out the documents in
    restricted collections the viewer is not a member of: their pages, passages, tables,
    records and counts are not there for that reader. Without one (the pipeline, the
    indexer, the folder's owner) everything is read.
    """

    def __init__(
        self,
        data_dir: str | os.PathLike[str],
        *,
        readonly: bool = False,
        viewer: Viewer | None = None,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.path = db_path(self.data_dir)
        self.viewer = viewer
        self.hidden: frozenset[str] = frozenset()
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
            self.hidden = hidden_docs(self._db, viewer)
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
            db.execute(
                PATHS.insert(),
                PATHS.row(path=doc.path, doc_id=doc.id, size=size, mtime_ns=mtime_ns),
            )

    def add_path(self, doc_id: str, path: str, *, size: int = 0, mtime_ns: int = 0) -> None:
        """Record another path for a document already stored (the same bytes under a new name)."""
        with self._tx() as db:
            old = db.execute("SELECT doc_id FROM doc_paths WHERE path = ?", (path,)).fetchone()
            db.execute("DELETE FROM doc_paths WHERE path = ?", (path,))
            if old and old["doc_id"] != doc_id:
                self._drop_if_orphan(db, old["doc_id"])
            db.execute(
                PATHS.insert(), PATHS.row(path=path, doc_id=doc_id, size=size, mtime_ns=mtime_ns)
            )

    def delete(self, doc_id: str) -> None:
        with self._tx() as db:
            db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))

    def replace_records(
        self, kind: str, records: Iterable[Record], doc_ids: Iterable[str] | None = None
    ) -> None:
        """Replace the automatic records of `kind` (for `doc_ids` only, when given) in one go.

        Records a person added (data["source"] == "person") are never replaced.
        """
        record_class(kind)
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
        db.execute(DOCUMENTS.insert(), DOCUMENTS.row(parsed.document))
        db.executemany(PAGES.insert(), [PAGES.row(p) for p in parsed.pages])
        db.executemany(
            SECTIONS.insert(), [SECTIONS.row(s, idx=i) for i, s in enumerate(parsed.sections)]
        )
        db.executemany(TABLES.insert(), [TABLES.row(t) for t in parsed.tables])
        db.executemany(
            PASSAGES.insert("INSERT OR REPLACE"), [PASSAGES.row(p) for p in parsed.passages]
        )
        self._insert_records(db, parsed.records)

    @staticmethod
    def _insert_records(db: sqlite3.Connection, records: Iterable[Record]) -> None:
        db.executemany(RECORDS.insert(), [RECORDS.row(r) for r in records])

    # -- reads -----------------------------------------------------------------------------
    @property
    def view_key(self) -> tuple[Any, ...]:
        """What a cache of this store's reads must be keyed on besides its generation:
        the reader, and the documents hidden from them."""
        key = self.viewer.key if self.viewer else ()
        return (key, tuple(sorted(self.hidden)))

    def _sees(self, doc_id: str) -> bool:
        return doc_id not in self.hidden

    def _not_hidden(self, column: str = "doc_id") -> tuple[str, tuple[Any, ...]]:
        """An SQL condition keeping the rows of documents the reader may see, and its value."""
        if not self.hidden:
            return "1", ()
        return f"{column} NOT IN (SELECT value FROM json_each(?))", (_j(sorted(self.hidden)),)

    def has(self, doc_id: str) -> bool:
        return bool(self._db.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone())

    def doc_ids(self) -> set[str]:
        return {r["id"] for r in self._db.execute("SELECT id FROM documents")} - self.hidden

    def path_entry(self, path: str) -> tuple[str, int, int] | None:
        """(doc_id, size, mtime_ns) recorded for a path, or None."""
        row = self._db.execute(
            "SELECT doc_id, size, mtime_ns FROM doc_paths WHERE path = ?", (path,)
        ).fetchone()
        return None if row is None else (row["doc_id"], row["size"], row["mtime_ns"])

    def paths(self, doc_id: str) -> list[str]:
        if not self._sees(doc_id):
            return []
        rows = self._db.execute(
            "SELECT path FROM doc_paths WHERE doc_id = ? ORDER BY path", (doc_id,)
        )
        return [r["path"] for r in rows]

    def documents(self) -> list[Document]:
        rows = self._db.execute(DOCUMENTS.select() + " ORDER BY period, title")
        return [DOCUMENTS.read(r, Document) for r in rows if self._sees(r["id"])]

    def document(self, doc_id: str) -> Document | None:
        if not self._sees(doc_id):
            return None
        sql = DOCUMENTS.select() + " WHERE id = ?"
        row = self._db.execute(sql, (doc_id,)).fetchone()
        return None if row is None else DOCUMENTS.read(row, Document)

    def pages(self, doc_id: str, numbers: Iterable[int] | None = None) -> list[Page]:
        if not self._sees(doc_id):
            return []
        sql = PAGES.select() + " WHERE doc_id = ? ORDER BY number"
        rows = self._db.execute(sql, (doc_id,)).fetchall()
        wanted = None if numbers is None else set(numbers)
        return [PAGES.read(r, Page) for r in rows if wanted is None or r["number"] in wanted]

    def sections(self, doc_id: str) -> list[Section]:
        if not self._sees(doc_id):
            return []
        sql = SECTIONS.select() + " WHERE doc_id = ? ORDER BY idx"
        return [SECTIONS.read(r, Section) for r in self._db.execute(sql, (doc_id,))]

    def tables(self, doc_id: str | None = None) -> list[Table]:
        select = TABLES.select()
        if doc_id is None:
            rows = self._db.execute(select + " ORDER BY doc_id, idx")
        else:
            rows = self._db.execute(select + " WHERE doc_id = ? ORDER BY idx", (doc_id,))
        return [TABLES.read(r, Table) for r in rows if self._sees(r["doc_id"])]

    def passages(self, doc_ids: Iterable[str] | None = None) -> Iterator[Passage]:
        select = PASSAGES.select()
        if doc_ids is None:
            rows = self._db.execute(select + " ORDER BY doc_id, ordinal")
            yield from (PASSAGES.read(r, Passage) for r in rows if self._sees(r["doc_id"]))
            return
        for doc_id in doc_ids:
            if not self._sees(doc_id):
                continue
            rows = self._db.execute(select + " WHERE doc_id = ? ORDER BY ordinal", (doc_id,))
            yield from (PASSAGES.read(r, Passage) for r in rows.fetchall())

    def passage_layout(self) -> tuple[list[tuple[str, int]], list[tuple[str, int, str]]]:
        """(doc_id, passage count) per document and (id, ordinal, kind) of every passage,
        both in (doc_id, ordinal) order: what a columnar catalog needs, without the texts."""
        db = self._db
        seen, value = self._not_hidden()
        counts = db.execute(
            f"SELECT doc_id, count(*) AS n FROM passages WHERE {seen} GROUP BY doc_id"
            " ORDER BY doc_id",
            value,
        )
        # grouped by document (the passages_doc index): no per-passage lookup of its document
        keys = db.execute(
            f"SELECT id, ordinal, kind FROM passages WHERE {seen} ORDER BY doc_id, ordinal", value
        )
        return (
            [(r["doc_id"], r["n"]) for r in counts],
            [(r["id"], r["ordinal"], r["kind"]) for r in keys],
        )

    def passage(self, passage_id: str) -> Passage | None:
        sql = PASSAGES.select() + " WHERE id = ?"
        row = self._db.execute(sql, (passage_id,)).fetchone()
        if row is None or not self._sees(row["doc_id"]):
            return None
        return PASSAGES.read(row, Passage)

    def records(self, kind: str, doc_id: str | None = None) -> list[Record[Any]]:
        """Records of one kind; RecordError for a kind no class is registered for (a typo)."""
        record_class(kind)
        select = RECORDS.select()
        if doc_id is None:
            rows = self._db.execute(select + " WHERE kind = ? ORDER BY id", (kind,))
        else:
            sql = select + " WHERE kind = ? AND doc_id = ? ORDER BY id"
            rows = self._db.execute(sql, (kind, doc_id))
        return [_record(r) for r in rows if self._sees(r["doc_id"])]

    def generation(self) -> str:
        """A token that changes with every write ("" for a store no write has marked yet)."""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return str(row["value"]) if row else ""

    def counts(self) -> dict[str, int]:
        """How many of each thing the store holds (for summaries)."""
        out = {}
        seen, value = self._not_hidden()
        by_id, _ = self._not_hidden("id")
        for name, sql in (
            ("documents", f"SELECT count(*) AS n FROM documents WHERE {by_id}"),
            ("pages", f"SELECT coalesce(sum(pages), 0) AS n FROM documents WHERE {by_id}"),
            ("passages", f"SELECT count(*) AS n FROM passages WHERE {seen}"),
            ("tables", f"SELECT count(*) AS n FROM doc_tables WHERE {seen}"),
            ("records", f"SELECT count(*) AS n FROM records WHERE {seen}"),
        ):
            out[name] = int(self._db.execute(sql, value).fetchone()["n"])
        return out


# -- records: their data column decodes through the kind's class --------------------------
def _record(r: sqlite3.Row) -> Record[Any]:
    """The one place a record is built from JSON: the kind's class decodes its data."""
    return Record(
        doc_id=r["doc_id"],
        page=r["page"],
        fields=decode(r["kind"], json.loads(r["data"])),
        bbox=_bbox_in(r["bbox"]),
        passage_ordinal=r["passage_ordinal"],
    )
