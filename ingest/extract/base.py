"""What a record kind declares: the ``Kind`` spec every module of ``ingest/extract/`` holds.

A kind module says, in one ``KIND = Kind(...)``:

- its name (the extractor step's name and the ``boardsearch export`` choice),
- the record classes it makes (``RecordFields`` subclasses, the main one first),
- what it finds, in words (``BOARDSEARCH_ENRICH``'s meaning lists them),
- its place among the extractors (``order``) and its ``extract`` function (None when
  the records are made elsewhere: theme tags need embeddings, so index/ makes them),
- how it is exported (``Export``: which records, as which rows) and how a document's
  page shows it (``Display``: a tab with its rows).

``ingest/extract/__init__.py`` finds the modules and builds the registry from them, so
nothing else lists the kinds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ingest.model import Document, ParsedDocument, Record, RecordFields

Extractor = Callable[[ParsedDocument], Iterable[Record[Any]]]
ExportRows = Callable[[Sequence[Record[Any]], Mapping[str, Document]], list[dict[str, Any]]]
DisplayRows = Callable[[Sequence[Record[Any]]], list[dict[str, Any]]]


def record_row(record: Record[Any], doc: Document | None) -> dict[str, Any]:
    """A record flattened for export, with the document fields needed to cite it."""
    row: dict[str, Any] = record.data
    row.setdefault("borough", "; ".join(doc.boroughs) if doc else "")
    row.setdefault("period", doc.period if doc else "")
    row.update(
        {
            "doc_id": record.doc_id,
            "document": doc.title if doc else "",
            "page": record.page,
            "synthetic": doc.synthetic if doc else False,
        }
    )
    return row


def record_rows(
    records: Sequence[Record[Any]], docs: Mapping[str, Document]
) -> list[dict[str, Any]]:
    """The export of most kinds: one row per record (``record_row``)."""
    return [record_row(r, docs.get(r.doc_id)) for r in records]


@dataclass(frozen=True)
class Export:
    """How ``boardsearch export NAME`` writes a kind: the records it reads, in this order
    (all of the first class, then the next ...), and the rows it makes of them."""

    records: tuple[type[RecordFields], ...]
    rows: ExportRows = record_rows


@dataclass(frozen=True)
class Display:
    """How a document's page shows a kind: a tab listing the document's records of the
    kind's main class. Either ``columns`` (a label and a value per record: one row per
    record) or ``rows`` (the kind makes its own rows, e.g. mentions grouped by name)."""

    tab: str  # "Figures"; the page adds the count
    empty: str  # what the tab says when the document has none
    columns: tuple[tuple[str, Callable[[Record[Any]], Any]], ...] = ()
    rows: DisplayRows | None = None

    def table(self, records: Sequence[Record[Any]]) -> list[dict[str, Any]]:
        """The rows the tab shows (plain values; the screen draws them)."""
        if self.rows is not None:
            return self.rows(records)
        return [{label: value(r) for label, value in self.columns} for r in records]


@dataclass(frozen=True)
class Kind:
    """One extracted kind, as its module declares it (see the module docstring)."""

    name: str  # "figures": the extractor step and the export choice
    records: tuple[type[RecordFields], ...]  # the record classes it makes, main one first
    finds: str  # what it finds, in words: "stock-take rows"
    order: int  # its place among the extractors (they run in this order) and in lists
    extract: Extractor | None = None  # None: its records are made elsewhere
    export: Export | None = None  # None: not exported
    display: Display | None = None  # None: no tab on a document's page

    @property
    def main(self) -> type[RecordFields]:
        """The class of the records the kind is about (a display lists these)."""
        return self.records[0]
