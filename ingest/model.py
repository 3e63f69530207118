"""The one shared data model of boardsearch.

Every stage (readers, layout, tables, metadata, store, indexes, UI) speaks
these frozen dataclasses. Every item carries provenance: the document it came
from, the page (1-based) and, where the reader knows it, a bounding box in PDF
points with a top-left origin (pdfplumber's convention: x0, top, x1, bottom).

Raw and cleaned text are kept apart (``Page.raw_text`` vs ``Page.text``), and
running headers and footers are *marked* (``Line.kind``), never deleted.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import Any, Literal, get_args

from .extract.base import RecordFields, decode

DocType = Literal[
    "annual_report",
    "stocktake",
    "case_review",
    "inspection_report",
    "minutes",
    "performance_report",
    "other",
]
DOC_TYPES: tuple[str, ...] = get_args(DocType)

Status = Literal["ok", "partial", "failed"]
"""ok: everything read; partial: stored, but some pages had problems
(for example an image-only page); failed: nothing stored."""

LineKind = Literal["body", "heading", "header", "footer", "table"]
"""header/footer are running furniture: kept, marked, left out of passages.
table: the line lies inside a detected table; kept in raw text, left out of
paragraph passages (the table's rows become passages of their own)."""

PassageKind = Literal["paragraph", "table_row"]
PASSAGE_KINDS: tuple[str, ...] = get_args(PassageKind)


@dataclass(frozen=True)
class BBox:
    x0: float
    top: float
    x1: float
    bottom: float

    def union(self, other: BBox) -> BBox:
        return BBox(
            min(self.x0, other.x0),
            min(self.top, other.top),
            max(self.x1, other.x1),
            max(self.bottom, other.bottom),
        )

    def as_tuple(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)


@dataclass(frozen=True)
class Provenance:
    """Where an item came from: document, page (1-based) and box on that page."""

    doc_id: str
    page: int
    bbox: BBox | None = None


@dataclass(frozen=True)
class Line:
    """One visual line of a page, in reading order."""

    text: str
    bbox: BBox | None = None
    size: float = 0.0  # dominant font size in points (0 when unknown)
    bold: bool = False
    kind: LineKind = "body"
    level: int = 0  # heading level (1 = top) when kind == "heading"


@dataclass(frozen=True)
class Page:
    doc_id: str
    number: int  # 1-based
    width: float
    height: float
    raw_text: str  # as the reader extracted it, furniture included
    text: str  # cleaned: furniture removed, de-hyphenated, reading order
    lines: tuple[Line, ...] = ()
    has_text_layer: bool = True
    rotation: int = 0


@dataclass(frozen=True)
class Section:
    doc_id: str
    path: tuple[str, ...]  # heading path, outermost first
    level: int  # 1 = top level
    page_start: int
    page_end: int
    bbox: BBox | None = None  # of the heading on page_start

    @property
    def title(self) -> str:
        return self.path[-1] if self.path else ""


@dataclass(frozen=True)
class Table:
    doc_id: str
    index: int  # 0-based order of the table in its document
    page_start: int
    page_end: int
    header_rows: tuple[tuple[str, ...], ...]
    rows: tuple[tuple[str, ...], ...]  # body rows, cells as text ("" when empty)
    row_pages: tuple[int, ...] = ()  # page of each body row (same length as rows)
    section_path: tuple[str, ...] = ()
    caption: str = ""  # the heading or line just above the table, if any
    bbox: BBox | None = None  # on page_start

    @property
    def n_cols(self) -> int:
        widths = [len(r) for r in (*self.header_rows, *self.rows)]
        return max(widths) if widths else 0

    @property
    def id(self) -> str:
        return f"{self.doc_id[:16]}-t{self.index}"


@dataclass(frozen=True)
class Passage:
    """The unit search indexes: a paragraph, or one table row with its headers."""

    doc_id: str
    ordinal: int  # order within the document
    kind: PassageKind
    text: str
    page: int
    section_path: tuple[str, ...] = ()
    bbox: BBox | None = None
    table_index: int | None = None
    row_index: int | None = None
    headers: tuple[str, ...] = ()  # column headers, for table rows
    cells: tuple[str, ...] = ()  # the row's cells, for table rows

    @property
    def id(self) -> str:
        return passage_id(self.doc_id, self.ordinal, self.text)

    @property
    def provenance(self) -> Provenance:
        return Provenance(self.doc_id, self.page, self.bbox)


@dataclass(frozen=True)
class Document:
    id: str  # sha256 of the file bytes
    path: str  # the path it was ingested from (absolute)
    title: str
    board: str = ""
    boroughs: tuple[str, ...] = ()
    period: str = ""  # e.g. "2011/12"; an inspection is the financial year it fell in
    doc_type: DocType = "other"
    pages: int = 0
    synthetic: bool = False
    status: Status = "ok"
    message: str = ""  # what went wrong (partial), or a note on how it was read (ok)
    media_type: str = ""  # application/pdf, ...
    size: int = 0  # bytes
    date: str = ""  # ISO date when the document states one (inspection date, publication)


RecordKind = Literal[
    "stocktake_row",  # one row of an agency stock-take (risk or strength)
    "figure",  # a number stated in a table or text (budget line, count, percentage)
    "entity",  # an agency, person with role, borough, money amount, date
    "recommendation",  # a formal recommendation: list item, table row or "we recommend" sentence
    "concern",  # a finding that something needs to improve / should change (not a recommendation)
    "progress",  # a paper reporting on a recommendation made earlier or elsewhere
    "acronym",  # an acronym definition seen in the document
    "theme",  # a theme tag on a passage, stock-take row or recommendation
]


@dataclass(frozen=True)
class Record:
    """A typed fact extracted from a document, with provenance.

    ``data`` holds the kind-specific fields (for a stock-take row: agency, kind,
    statement, response, support, recommended_action ...). The store keeps it as
    JSON, so a user can query it with SQLite's json_extract. ``fields`` is the same
    data as the typed class of its kind (ingest/records.py says what each kind holds).
    """

    doc_id: str
    kind: RecordKind
    page: int
    data: dict[str, Any]
    bbox: BBox | None = None
    passage_ordinal: int | None = None  # the passage it came from, when known

    @cached_property
    def fields(self) -> RecordFields:
        """The typed fields (StocktakeRow, Figure, ...), decoded through records.REGISTRY."""
        return decode(self.kind, self.data)

    @classmethod
    def of(
        cls,
        doc_id: str,
        page: int,
        fields: RecordFields,
        bbox: BBox | None = None,
        passage_ordinal: int | None = None,
    ) -> Record:
        """A record built from typed fields; its kind is the fields' kind."""
        return cls(doc_id, fields.KIND, page, fields.to_dict(), bbox, passage_ordinal)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Extracted:
    """What a reader (PDF, DOCX, text) returns for one file, before structure."""

    pages: tuple[Page, ...]
    tables: tuple[Table, ...] = ()
    title_hint: str = ""  # from file metadata (PDF /Title, DOCX core properties)
    warnings: tuple[str, ...] = ()  # e.g. "page 7: no text layer; OCR needed"
    info: dict[str, str] = field(default_factory=dict)  # Title, Subject, Keywords, Author
    notes: tuple[str, ...] = ()  # worth saying but not a fault (e.g. characters left out)


@dataclass(frozen=True)
class ParsedDocument:
    """Everything ingestion produces for one file; what the store saves in one go."""

    document: Document
    pages: tuple[Page, ...] = ()
    sections: tuple[Section, ...] = ()
    tables: tuple[Table, ...] = ()
    passages: tuple[Passage, ...] = ()
    records: tuple[Record, ...] = ()


FileOutcome = Literal["ingested", "skipped", "failed"]


@dataclass(frozen=True)
class FileResult:
    """A per-file outcome of a batch. Failures are data: the batch goes on."""

    path: str
    outcome: FileOutcome
    doc_id: str = ""
    message: str = ""
    pages: int = 0
    title: str = ""


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def passage_id(doc_id: str, ordinal: int, text: str) -> str:
    h = hashlib.sha256(f"{doc_id}\x00{ordinal}\x00{text}".encode()).hexdigest()
    return h[:24]


def to_dict(obj: Any) -> dict[str, Any]:
    """A JSON-ready dict of any model object (tuples become lists)."""
    return asdict(obj)
