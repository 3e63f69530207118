"""What the indexes know about each passage: text plus the fields users filter on.

``rows_from_store`` joins passages with their document's metadata and with the
agency and theme records that point at them. The same rows feed the keyword
index (as fields), the semantic index (as vector order) and the facet counts.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ingest.model import Document, Passage, Record

FACETS: tuple[str, ...] = ("borough", "period", "doc_type", "agency", "theme", "kind")


class StoreLike(Protocol):
    def documents(self) -> list[Document]: ...
    def doc_ids(self) -> set[str]: ...
    def passages(self, doc_ids: Iterable[str] | None = None) -> Iterator[Passage]: ...
    def records(self, kind: str, doc_id: str | None = None) -> list[Record]: ...


@dataclass(frozen=True)
class Row:
    """One indexed passage with its document's metadata and its tags."""

    passage: Passage
    document: Document
    agencies: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return self.passage.id

    @property
    def section(self) -> str:
        return " > ".join(self.passage.section_path)

    def facet_values(self) -> dict[str, tuple[str, ...]]:
        d = self.document
        return {
            "borough": d.boroughs,
            "period": (d.period,) if d.period else (),
            "doc_type": (d.doc_type,),
            "agency": self.agencies,
            "theme": self.themes,
            "kind": (self.passage.kind,),
        }


@dataclass
class Tags:
    """Agencies and themes per (doc_id, passage ordinal)."""

    agencies: dict[tuple[str, int], list[str]] = field(default_factory=lambda: defaultdict(list))
    themes: dict[tuple[str, int], list[str]] = field(default_factory=lambda: defaultdict(list))


def _add(bucket: dict[tuple[str, int], list[str]], rec: Record, value: Any) -> None:
    if rec.passage_ordinal is None or not value:
        return
    values = bucket[(rec.doc_id, rec.passage_ordinal)]
    if str(value) not in values:
        values.append(str(value))


def tags_from_records(
    entities: Iterable[Record], stocktake: Iterable[Record], themes: Iterable[Record]
) -> Tags:
    """Agencies from agency entities and stock-take rows; themes from theme records."""
    tags = Tags()
    for rec in entities:
        entity = rec.fields
        if entity.type == "agency":
            _add(tags.agencies, rec, entity.canonical or entity.text)
    for rec in stocktake:
        _add(tags.agencies, rec, rec.fields.agency)
    for rec in themes:
        _add(tags.themes, rec, rec.fields.theme)
    return tags


def load_tags(store: StoreLike, doc_id: str | None = None) -> Tags:
    return tags_from_records(
        store.records("entity", doc_id),
        store.records("stocktake_row", doc_id),
        store.records("theme", doc_id),
    )


def rows_for(store: StoreLike, docs: Iterable[Document], tags: Tags | None = None) -> Iterator[Row]:
    """The rows of the given documents, in document then passage order."""
    docs = list(docs)
    tags = tags if tags is not None else load_tags(store)
    by_id = {d.id: d for d in docs}
    for p in store.passages(list(by_id)):
        key = (p.doc_id, p.ordinal)
        yield Row(
            p, by_id[p.doc_id], tuple(tags.agencies.get(key, ())), tuple(tags.themes.get(key, ()))
        )


def doc_fingerprint(doc: Document, rows: Iterable[Row]) -> str:
    """Changes whenever anything the keyword index stores for this document changes."""
    h = hashlib.sha256()
    meta = [doc.id, doc.path, doc.title, list(doc.boroughs), doc.period, doc.doc_type]
    h.update(json.dumps(meta).encode())
    for r in rows:
        h.update(f"{r.id}|{'/'.join(r.agencies)}|{'/'.join(r.themes)}\n".encode())
    return h.hexdigest()[:16]


def doc_name(doc: Document) -> str:
    return Path(doc.path).name


class Catalog:
    """Every stored passage in memory, with vectorised filter masks and facet counts."""

    def __init__(self, rows: list[Row]) -> None:
        import numpy as np

        self._np = np
        self.rows = rows
        self.index_of = {r.id: i for i, r in enumerate(rows)}
        # per facet: value list, and (row, code) pairs for multi-valued counting
        self.values: dict[str, list[str]] = {}
        self._lookup: dict[str, dict[str, int]] = {}
        self._pair_rows: dict[str, np.ndarray] = {}
        self._pair_codes: dict[str, np.ndarray] = {}
        for name in FACETS:
            codes: dict[str, int] = {}
            prow: list[int] = []
            pcode: list[int] = []
            for i, r in enumerate(rows):
                for v in r.facet_values()[name]:
                    if v:
                        prow.append(i)
                        pcode.append(codes.setdefault(v, len(codes)))
            self.values[name] = list(codes)
            self._lookup[name] = {v.lower(): c for v, c in codes.items()}
            self._pair_rows[name] = np.asarray(prow, dtype=np.int64)
            self._pair_codes[name] = np.asarray(pcode, dtype=np.int64)

    def __len__(self) -> int:
        return len(self.rows)

    def mask(self, wanted: dict[str, tuple[str, ...]]):  # noqa: ANN201 - np.ndarray | None
        """Rows allowed by the filters (AND across facets, OR within one); None = all."""
        np = self._np
        out = None
        for name, values in wanted.items():
            if not values:
                continue
            lookup = self._lookup[name]
            codes = [lookup[v.lower()] for v in values if v.lower() in lookup]
            m = np.zeros(len(self.rows), dtype=bool)
            if codes:
                hit = np.isin(self._pair_codes[name], codes)
                m[self._pair_rows[name][hit]] = True
            out = m if out is None else out & m
        return out

    def counts(self, rows, names: tuple[str, ...] = FACETS) -> dict[str, dict[str, int]]:  # noqa: ANN001
        """Facet value -> number of the given rows (bool mask or indices) carrying it."""
        np = self._np
        sel = np.zeros(len(self.rows), dtype=bool)
        sel[rows] = True
        out: dict[str, dict[str, int]] = {}
        for name in names:
            codes = self._pair_codes[name][sel[self._pair_rows[name]]]
            counts = np.bincount(codes, minlength=len(self.values[name]))
            pairs = [(self.values[name][c], int(n)) for c, n in enumerate(counts) if n]
            pairs.sort(key=lambda kv: (-kv[1], kv[0]))
            out[name] = dict(pairs)
        return out

    def disjunctive_counts(
        self,
        matched,  # noqa: ANN001 - rows matched with every filter (bool mask or indices)
        wanted: dict[str, tuple[str, ...]],
        matched_under: Callable[[Any], Any],
    ) -> dict[str, dict[str, int]]:
        """Facet counts where a facet with a selection ignores its own filter.

        A facet the user chose values in counts over the rows matched with all the
        OTHER filters (so choosing Westminster still shows what Kensington and
        Chelsea would add); every other facet counts over ``matched``.
        ``matched_under(mask)`` gives the rows the query matches within a mask
        (None = no filter).
        """
        chosen = [name for name in FACETS if wanted.get(name)]
        out = self.counts(matched, tuple(name for name in FACETS if name not in chosen))
        for name in chosen:
            others = self.mask({k: v for k, v in wanted.items() if k != name})
            out.update(self.counts(matched_under(others), (name,)))
        return {name: out[name] for name in FACETS}
