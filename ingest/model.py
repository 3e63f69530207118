"""The one shared data model of boardsearch.

Every stage (readers, layout, tables, metadata, store, indexes, UI) speaks
these frozen dataclasses. Every item carries provenance: the document it came
from, the page (1-based) and, where the reader knows it, a bounding box in PDF
points with a top-left origin (pdfplumber's convention: x0, top, x1, bottom).

Raw and cleaned text are kept apart (``Page.raw_text`` vs ``Page.text``), and
running headers and footers are *marked* (``Line.kind``), never deleted.

Extracted facts are ``Record``s: provenance plus typed ``fields``, an instance of a
``RecordFields`` class. Each record kind declares its class in its own module of
``ingest/extract/`` (``StocktakeRow``, ``Figure``, ``Entity`` ...); this module holds
only what every kind shares, so it imports nothing from there.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from typing import Any, ClassVar, Generic, Literal, TypeVar, get_args

from .errors import RecordError

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
DOC_TYPE_LABELS: dict[str, str] = {
    "annual_report": "Annual report",
    "stocktake": "Stock-take",
    "case_review": "Case review",
    "inspection_report": "Inspection report",
    "minutes": "Minutes",
    "performance_report": "Performance report",
    "other": "Other",
}
"""How a person reads each document type: the search chips, filters and pages say these."""

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


T = TypeVar("T", bound="Fields")
F = TypeVar("F", bound="RecordFields")
_BOOKKEEPING = frozenset({"extra", "key_order"})  # fields that are not fields of the JSON


def optional(default: Any = None) -> Any:
    """A field written by ``to_dict`` only when it has a value (not None)."""
    return field(default=default, metadata={"optional": True})


def nested(cls: type[Fields], default: Any = None, *, many: bool = False) -> Any:
    """A field holding another ``Fields`` object (``many``: a tuple of them), kept as JSON
    objects: ``from_dict`` builds the objects and ``to_dict`` writes them back."""
    return field(default=default, metadata={"nested": cls, "many": many})


@dataclass(frozen=True, kw_only=True)
class Fields:
    """A frozen dataclass kept as a JSON object, losslessly.

    ``from_dict`` keeps keys it does not know in ``extra`` (a newer version's field, a
    person's note), and ``to_dict`` writes them back in the order they were read, so
    nothing is lost or reordered on a round trip. Fields marked ``optional`` are left out
    of ``to_dict`` while they are None (an agency entity has ``canonical``, a date entity
    does not); every other field is always written, in the order the class declares them.
    """

    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    # the key order of the dict it was read from, so to_dict writes the same JSON back
    key_order: tuple[str, ...] = field(default=(), compare=False, repr=False)

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        if not isinstance(data, dict):
            raise RecordError(f"a {cls.what()} holds {type(data).__name__}, not an object")
        known, inner = _layout(cls)
        values: dict[str, Any] = {}
        rest: dict[str, Any] = {}
        for k, v in data.items():
            if k in inner:
                values[k] = _decoded(inner[k], v)
            elif k in known:
                values[k] = v
            else:
                rest[k] = v
        return cls(**values, extra=rest, key_order=tuple(data))

    @classmethod
    def what(cls) -> str:
        """What an object of this class is called in a message."""
        return cls.__name__

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            if f.name in _BOOKKEEPING:
                continue
            value = getattr(self, f.name)
            if value is None and f.metadata.get("optional"):
                continue
            out[f.name] = _encoded(f.metadata, value)
        out = {**out, **self.extra}
        if not self.key_order:  # built in code: the field order
            return out
        place = {k: i for i, k in enumerate(self.key_order)}
        return dict(sorted(out.items(), key=lambda kv: place.get(kv[0], len(place))))


_LAYOUTS: dict[type[Fields], tuple[frozenset[str], dict[str, Any]]] = {}


def _layout(cls: type[Fields]) -> tuple[frozenset[str], dict[str, Any]]:
    """A class's JSON field names, and those holding nested objects (their metadata):
    worked out once per class, as records are read by the thousand. (A dict, not
    functools.cache: mypy takes a frozen dataclass's class for unhashable.)"""
    if cls not in _LAYOUTS:
        own = [f for f in fields(cls) if f.name not in _BOOKKEEPING]
        inner = {f.name: f.metadata for f in own if f.metadata.get("nested") is not None}
        _LAYOUTS[cls] = (frozenset(f.name for f in own), inner)
    return _LAYOUTS[cls]


def _decoded(metadata: Any, value: Any) -> Any:
    if value is None:
        return value
    if metadata["many"]:
        return tuple(metadata["nested"].from_dict(item) for item in value)
    return metadata["nested"].from_dict(value)


def _encoded(metadata: Any, value: Any) -> Any:
    if metadata.get("nested") is None or value is None:
        return value
    if metadata["many"]:
        return [item.to_dict() for item in value]
    return value.to_dict()


@dataclass(frozen=True, kw_only=True)
class RecordFields(Fields):
    """Base of the per-kind field classes; ``KIND`` is the record kind it describes.

    The classes live with their kinds in ``ingest/extract/`` and are registered there
    (``ingest.extract.REGISTRY``), which is how the store decodes what it reads.
    """

    KIND: ClassVar[str] = ""

    @classmethod
    def what(cls) -> str:
        return f"{cls.KIND} record"

    @property
    def by_person(self) -> bool:
        """Whether a person added this record (automatic runs never replace it)."""
        return getattr(self, "source", None) == "person" or self.extra.get("source") == "person"


@dataclass(frozen=True)
class Record(Generic[F]):
    """A typed fact extracted from a document, with provenance.

    ``fields`` holds the kind-specific fields as an instance of the kind's class (for a
    stock-take row a ``StocktakeRow``: agency, kind, statement, response ...), and the
    record's kind is that class's ``KIND``. The store keeps the fields as JSON (``data``),
    so a user can query them with SQLite's json_extract.
    """

    doc_id: str
    page: int
    fields: F
    bbox: BBox | None = None
    passage_ordinal: int | None = None  # the passage it came from, when known

    def __post_init__(self) -> None:
        if not isinstance(self.fields, RecordFields):
            raise RecordError(
                f"a record's fields are an object of its kind's class (ingest/extract/), "
                f"not {type(self.fields).__name__}"
            )

    @property
    def kind(self) -> str:
        """The record kind: ``stocktake_row``, ``figure``, ... (its fields' ``KIND``)."""
        return self.fields.KIND

    @property
    def data(self) -> dict[str, Any]:
        """The fields as the JSON object the store keeps and exports write (a new dict)."""
        return self.fields.to_dict()


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
    records: tuple[Record[Any], ...] = ()


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
