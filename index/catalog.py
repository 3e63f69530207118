"""What the indexes know about each passage: text plus the fields users filter on.

``rows_from_store`` joins passages with their document's metadata and with the
agency and theme records that point at them. The same rows feed the keyword
index (as fields), the semantic index (as vector order) and the facet counts.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
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

    # the store generation a columnar catalog was read for ("" for one built from rows):
    # it names the caches kept beside it (vector rows)
    generation = ""

    def __init__(self, rows: list[Row]) -> None:
        import numpy as np

        self._np = np
        self.rows = rows
        self.ids = [r.id for r in rows]  # a passage id is a hash: computed once, here
        self.index_of = {pid: i for i, pid in enumerate(self.ids)}
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


class LazyRows(Sequence[Row]):
    """The rows of a large library, read from the store when asked for (a hit, an export).

    Holding a million Row objects took most of a large index's open time; search needs
    only the rows it shows. A row's agency and theme tags are read with it (per document,
    remembered), so opening never reads every record of the library.
    """

    def __init__(self, data_dir: Path, ids: list[str], docs: list[Document], doc_pos: Any) -> None:
        import threading

        self.data_dir = Path(data_dir)
        self.ids = ids
        self.docs = docs
        self.doc_pos = doc_pos
        self._lock = threading.Lock()
        self._store: Any = None
        self._tags: dict[str, Tags] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, i: int) -> Row:  # type: ignore[override]
        from ingest.store import Store

        pid = self.ids[i]
        with self._lock:
            if self._store is None:
                self._store = Store(self.data_dir, readonly=True)
            p = self._store.passage(pid)
            if p is not None and p.doc_id not in self._tags:
                self._tags[p.doc_id] = load_tags(self._store, p.doc_id)
        if p is None:
            raise KeyError(f"passage {pid} is no longer in the store")
        key = (p.doc_id, p.ordinal)
        tags = self._tags[p.doc_id]
        d = self.docs[int(self.doc_pos[i])]
        return Row(p, d, tuple(tags.agencies.get(key, ())), tuple(tags.themes.get(key, ())))

    def __iter__(self) -> Iterator[Row]:
        for i in range(len(self)):
            yield self[i]

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None


CACHE_DIR = "catalog"  # in the data folder: a large library's catalog columns, per store state


@dataclass
class Columns:
    """What a columnar catalog holds, per passage in rows_for's order (documents, then
    passage ordinal): its id and its document's position, and per facet the value list
    with (row, code) pairs."""

    ids: list[str]
    dpos: Any  # np.ndarray of int64
    facets: dict[str, tuple[list[str], Any, Any]]


def vector_rows_file(data_dir: Path, catalog: Catalog, vector_generation: int) -> Path | None:
    """Where a large library keeps its vector row -> catalog row map: named for the
    store's generation and the vector set's, so a change to either maps afresh."""
    generation = catalog.generation
    if not generation or not vector_generation:
        return None
    return Path(data_dir) / CACHE_DIR / f"vector-rows-{generation}-{vector_generation}.npy"


def columnar_catalog(data_dir: Path, store: Any) -> Catalog:
    """A Catalog equal to ``Catalog(list(rows_for(store, store.documents())))``, built from
    columns with lazy rows. The columns are kept in ``CACHE_DIR`` under the store's
    generation (which every write changes), so the next open reads them back instead of
    a million passages and every tag record."""
    import numpy as np

    docs = store.documents()
    generation = store.generation()
    cols = load_columns(np, data_dir, generation, len(docs)) if generation else None
    if cols is None:
        cols = layout_columns(np, store, docs)
        if generation:
            save_columns(np, data_dir, generation, cols, len(docs))
    cat = Catalog.__new__(Catalog)
    cat._np = np
    cat.generation = generation
    cat.rows = LazyRows(data_dir, cols.ids, docs, cols.dpos)  # type: ignore[assignment]
    cat.ids = cols.ids
    cat.index_of = dict(zip(cols.ids, range(len(cols.ids)), strict=True))
    cat.values, cat._lookup, cat._pair_rows, cat._pair_codes = {}, {}, {}, {}
    for name in FACETS:
        values, prow, pcode = cols.facets[name]
        cat.values[name] = values
        cat._lookup[name] = {v.lower(): c for v, c in zip(values, range(len(values)), strict=True)}
        cat._pair_rows[name] = prow
        cat._pair_codes[name] = pcode
    return cat


def layout_columns(np: Any, store: Any, docs: list[Document]) -> Columns:  # noqa: ANN401
    """The catalog columns read from the store: one query for every passage's id,
    ordinal and kind, and every agency and theme record."""
    pos = {d.id: j for j, d in enumerate(docs)}
    groups, got = store.passage_layout()
    dpos = np.repeat(
        np.fromiter((pos.get(d, -1) for d, _ in groups), np.int64, len(groups)),
        np.fromiter((c for _, c in groups), np.int64, len(groups)),
    )
    ordn = np.fromiter((r[1] for r in got), np.int64, len(got))
    order = np.lexsort((ordn, dpos))  # rows_for's order: documents, then passage ordinal
    order = order[dpos[order] >= 0]  # passages of no listed document (none in a sound store)
    ids = [got[i][0] for i in order]
    kinds = [got[i][2] for i in order]
    dpos, ordn = dpos[order], ordn[order]
    n = len(ids)
    del got
    tags = load_tags(store)
    used = np.bincount(dpos, minlength=len(docs)) > 0
    facets: dict[str, tuple[list[str], Any, Any]] = {}
    facets["borough"] = _doc_facet(np, docs, used, dpos, lambda d: d.boroughs)
    facets["period"] = _doc_facet(np, docs, used, dpos, lambda d: (d.period,))
    facets["doc_type"] = _doc_facet(np, docs, used, dpos, lambda d: (d.doc_type,))
    key = dpos * (1 << 32) + ordn
    for name, bucket in (("agency", tags.agencies), ("theme", tags.themes)):
        facets[name] = _tag_facet(np, bucket, pos, key)
    kind_codes: dict[str, int] = {}
    kcode = np.fromiter((kind_codes.setdefault(k, len(kind_codes)) for k in kinds), np.int64, n)
    facets["kind"] = (list(kind_codes), np.arange(n, dtype=np.int64), kcode)
    return Columns(ids, dpos, facets)


def _cache_file(data_dir: Path, generation: str) -> Path:
    return Path(data_dir) / CACHE_DIR / f"columns-{generation}.npz"


def save_columns(np: Any, data_dir: Path, generation: str, cols: Columns, n_docs: int) -> None:  # noqa: ANN401
    """Keep the columns for the next open (best effort: a read-only folder just skips it)."""
    path = _cache_file(data_dir, generation)
    try:
        ids = np.asarray(cols.ids, dtype=np.bytes_)  # passage ids are hex digests: ASCII
    except UnicodeEncodeError:
        return
    arrays = {"ids": ids, "dpos": cols.dpos}
    values = {}
    for name, (vals, prow, pcode) in cols.facets.items():
        values[name] = vals
        arrays[f"{name}_rows"], arrays[f"{name}_codes"] = prow, pcode
    arrays["meta"] = np.asarray(json.dumps({"docs": n_docs, "values": values}))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with open(tmp, "wb") as fh:
            np.savez(fh, **arrays)
        os.replace(tmp, path)
        for stale in path.parent.glob("columns-*"):
            if stale.name != path.name:
                stale.unlink(missing_ok=True)
    except OSError:
        return


def load_columns(np: Any, data_dir: Path, generation: str, n_docs: int) -> Columns | None:  # noqa: ANN401
    """The columns kept for this store generation, or None (absent, unreadable or stale)."""
    path = _cache_file(data_dir, generation)
    try:
        with np.load(path, allow_pickle=False) as z:
            meta = json.loads(str(z["meta"]))
            if meta.get("docs") != n_docs:
                return None
            facets = {
                name: (list(vals), z[f"{name}_rows"], z[f"{name}_codes"])
                for name, vals in meta["values"].items()
            }
            if set(facets) != set(FACETS):
                return None
            return Columns(z["ids"].astype(np.str_).tolist(), z["dpos"], facets)
    except (OSError, ValueError, KeyError):
        return None


def _doc_facet(
    np: Any,  # noqa: ANN401 - numpy passed in (lazy import)
    docs: list[Document],
    used: Any,  # noqa: ANN401 - per document: has passages in the catalog
    dpos: Any,  # noqa: ANN401 - per row: its document's position
    values_of: Callable[[Document], tuple[str, ...]],
) -> tuple:
    """A document facet's (values, rows, codes): every row carries its document's values."""
    codes: dict[str, int] = {}
    slots: list[list[int]] = []  # slot k: per document, the code of its k-th value or -1
    for j, d in enumerate(docs):
        vals = [v for v in values_of(d) if v] if used[j] else []
        for k, v in enumerate(vals):
            while len(slots) <= k:
                slots.append([-1] * len(docs))
            slots[k][j] = codes.setdefault(v, len(codes))
    prow, pcode = [], []
    for slot in slots:
        per_row = np.asarray(slot, dtype=np.int64)[dpos]
        keep = per_row >= 0
        prow.append(np.flatnonzero(keep))
        pcode.append(per_row[keep])
    return (list(codes), _cat(np, prow), _cat(np, pcode))


def _tag_facet(
    np: Any,  # noqa: ANN401 - numpy passed in (lazy import)
    bucket: dict,
    pos: dict[str, int],
    key: Any,  # noqa: ANN401 - per row, sorted: document position << 32 + passage ordinal
) -> tuple:
    """A passage-tag facet's (values, rows, codes), from tags keyed (doc id, ordinal)."""
    n = len(key)
    found = [(k, vals) for k, vals in bucket.items() if vals and k[0] in pos]
    keys = np.fromiter(((pos[d] << 32) + o for (d, o), _ in found), np.int64, len(found))
    at = np.searchsorted(key, keys)
    ok = (at < n) & (key[np.minimum(at, max(n - 1, 0))] == keys) if n else at < 0
    order_found = np.argsort(at, kind="stable")
    codes: dict[str, int] = {}
    prow_l: list[int] = []
    pcode_l: list[int] = []
    for f in order_found.tolist():
        if not ok[f]:
            continue
        for v in found[f][1]:
            if v:
                prow_l.append(int(at[f]))
                pcode_l.append(codes.setdefault(v, len(codes)))
    return (list(codes), np.asarray(prow_l, np.int64), np.asarray(pcode_l, np.int64))


def _cat(np: Any, parts: list) -> Any:  # noqa: ANN401 - numpy passed in (lazy import)
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
