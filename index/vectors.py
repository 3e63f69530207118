"""The semantic index: passage vectors in ``data_dir/vectors``, exact or approximate search.

Storage: ``vectors-<n>.npy`` (float32, rows L2-normalised) plus ``manifest.json``
naming that file, the model and the passage id of each row. The manifest is
written last (temp file + os.replace), so a crash leaves the previous complete
state. ``NearestIndex`` is the search interface; ``ExactIndex`` is numpy brute
force (about a millisecond for 20k rows, 60-150 ms for a million).

Large libraries (at least ``ann_min`` vectors: the search setting, env
BOARDSEARCH_ANN_MIN) also get an approximate index, ``ann-<n>.faiss`` beside the
vectors: a faiss IVF-Flat (inverted lists of the exact vectors, inner product),
searched in a share of its lists (``probe_share``, BOARDSEARCH_IVF_PROBE_SHARE), more
when a filter leaves few rows; a filter leaving at most ``EXACT_BELOW`` rows is
searched exactly. faiss is imported only for such libraries.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

import numpy as np

from ingest.errors import SearchIndexError

if TYPE_CHECKING:  # faiss is imported only for large libraries
    import faiss

DIR_NAME = "vectors"
SECOND_DIR = "vectors-second"  # the second model's set (index/models.py)
MANIFEST = "manifest.json"
# The share of the IVF lists searched per query (the search setting ivf_probe_share), at
# least IVF_MIN_PROBE lists: at 1M passages (tests/bench/bench_million.py) 5% gave
# recall@10 0.991, 10% 0.996, 25% 0.998, at p50 28 / 56 / 176 ms (load ~10 on 2 cores)
IVF_MIN_PROBE = 64
EXACT_BELOW = 40_000  # a filter leaving at most this many rows: every list searched (exact)
GATHER_BELOW = 12_000  # ... at most this many: their vectors read and compared directly


class NearestIndex(Protocol):
    def search(
        self, query: np.ndarray, k: int, mask: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(row numbers, cosine scores) of the k nearest rows allowed by `mask`, best first."""
        ...


class ExactIndex:
    """Brute-force cosine over a normalised float32 matrix."""

    def __init__(self, matrix: np.ndarray) -> None:
        self.matrix = matrix

    def search(
        self, query: np.ndarray, k: int, mask: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        if self.matrix.shape[0] == 0 or k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        return self.top(self.matrix @ query.astype(np.float32).ravel(), k, mask)

    @staticmethod
    def top(
        scores: np.ndarray, k: int, mask: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(rows, scores) of the k best scores allowed by `mask`, best first."""
        if scores.shape[0] == 0 or k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        if mask is not None:
            scores = np.where(mask, scores, -np.inf)
        k = min(k, scores.shape[0])
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        top = top[np.isfinite(scores[top])]
        return top, scores[top]


def _nlist(n: int) -> int:
    """IVF lists for n vectors: about 2 x sqrt(n), between 64 and 4096."""
    return int(min(4096, max(64, 2 * int(np.sqrt(max(n, 1))))))


def build_ann(matrix: np.ndarray, seed: int = 7) -> faiss.IndexIVFFlat:
    """A faiss IVF-Flat index (inner product) over the rows of a normalised matrix."""
    import faiss

    n, dim = matrix.shape
    nlist = _nlist(n)
    quantizer = faiss.IndexFlatIP(dim)
    ivf = faiss.IndexIVFFlat(quantizer, dim, nlist, faiss.METRIC_INNER_PRODUCT)
    rng = np.random.default_rng(seed)
    sample = matrix[np.sort(rng.choice(n, size=min(n, 40 * nlist), replace=False))]
    ivf.cp.seed = seed
    ivf.train(np.ascontiguousarray(sample, dtype=np.float32))
    for start in range(0, n, 65536):
        ivf.add(np.ascontiguousarray(matrix[start : start + 65536], dtype=np.float32))
    return ivf


class ApproxIndex:
    """IVF search over a vector file's rows; exact (every list) under narrow filters."""

    def __init__(self, ivf: faiss.IndexIVF, share: float, matrix: np.ndarray | None = None) -> None:
        import faiss

        self._faiss = faiss
        self.ivf = ivf
        self.matrix = matrix  # the same rows (memory-mapped), for very narrow filters
        self.n = int(ivf.ntotal)
        self.nlist = int(ivf.nlist)
        self.nprobe = min(self.nlist, max(IVF_MIN_PROBE, int(np.ceil(share * self.nlist))))

    def search(
        self, query: np.ndarray, k: int, mask: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        faiss = self._faiss
        n = self.n
        if n == 0 or k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        q = np.ascontiguousarray(query, dtype=np.float32).reshape(1, -1)
        nprobe = self.nprobe
        if mask is not None:
            allowed = int(np.count_nonzero(mask))
            if allowed == 0:
                return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
            if self.matrix is not None and allowed <= GATHER_BELOW:
                rows = np.flatnonzero(mask)
                top, scores = ExactIndex(np.asarray(self.matrix[rows])).search(q.ravel(), k)
                return rows[top], scores
            # a filter keeping a share s of the rows: nprobe / sqrt(s) lists (at 1M, a 1/15
            # filter: recall@10 0.998, p50 57 ms against 148 ms for nprobe / s); a narrow
            # one: every list, i.e. exact over the allowed rows (the others skipped cheaply)
            wanted = self.nlist if allowed <= EXACT_BELOW else nprobe * np.sqrt(n / allowed)
            nprobe = min(self.nlist, int(np.ceil(wanted)))
            sel = faiss.IDSelectorBitmap(np.packbits(mask, bitorder="little"))
            params = faiss.SearchParametersIVF(sel=sel, nprobe=nprobe)
        else:
            params = faiss.SearchParametersIVF(nprobe=nprobe)
        scores, rows = self.ivf.search(q, k, params=params)
        keep = rows[0] >= 0
        return rows[0][keep].astype(np.int64), scores[0][keep].astype(np.float32)


class MappedIndex:
    """A NearestIndex over vector-file rows, seen through catalog row numbers."""

    def __init__(self, inner: NearestIndex, catalog_row: np.ndarray, n_catalog: int) -> None:
        self.inner = inner
        self.catalog_row = catalog_row  # vector row -> catalog row (-1: not in the catalog)
        self.known = catalog_row >= 0
        self.n_catalog = n_catalog

    def search(
        self, query: np.ndarray, k: int, mask: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        vmask = self.known.copy()
        if mask is not None:
            vmask[self.known] = mask[self.catalog_row[self.known]]
        # no filter when every row is allowed (search passes "has a vector" as the mask)
        rows, scores = self.inner.search(query, k, None if vmask.all() else vmask)
        return self.catalog_row[rows], scores


def open_nearest(
    store: VectorStore,
    vs: VectorSet | None,
    index_of: dict[str, int],
    n: int,
    rows_cache: Path | None = None,
    *,
    ann_min: int,
    probe_share: float,
) -> tuple[NearestIndex, np.ndarray, str]:
    """(search over catalog rows, which catalog rows have a vector, model name).

    ``rows_cache``: a file named for this catalog and this vector set, where the vector
    row -> catalog row map is kept between opens (a million look-ups take seconds).
    A set of at least ``ann_min`` vectors is searched by its approximate index, when sync
    wrote one, in ``probe_share`` of its lists."""
    has = np.zeros(n, dtype=bool)
    if vs is None or not vs.ids:
        return ExactIndex(np.zeros((0, 1), np.float32)), has, (vs.model if vs else "")
    catalog_row = _catalog_rows(vs, index_of, n, rows_cache)
    known = catalog_row >= 0
    has[catalog_row[known]] = True
    ann = store.load_ann(vs) if len(vs.ids) >= ann_min else None
    if ann is not None:
        approx = ApproxIndex(ann, probe_share, matrix=vs.matrix)
        return MappedIndex(approx, catalog_row, n), has, vs.model
    matrix = np.zeros((n, vs.dim), dtype=np.float32)
    matrix[catalog_row[known]] = vs.matrix[np.flatnonzero(known)]
    return ExactIndex(matrix), has, vs.model


def _catalog_rows(
    vs: VectorSet, index_of: dict[str, int], n: int, cache: Path | None
) -> np.ndarray:
    """Per vector row, its catalog row (-1: not in the catalog)."""
    if cache is not None:
        try:
            kept = np.load(cache, allow_pickle=False)
            if kept.shape == (len(vs.ids),) and kept.dtype == np.int64 and kept.max() < n:
                return kept
        except (OSError, ValueError):
            pass
    in_order = len(index_of) == n and list(index_of.values()) == list(range(n))
    if in_order and len(vs.ids) == n and vs.ids == list(index_of):  # a sync of this store
        rows = np.arange(n, dtype=np.int64)
    else:
        rows = np.fromiter((index_of.get(p, -1) for p in vs.ids), np.int64, len(vs.ids))
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            for stale in cache.parent.glob("vector-rows-*"):
                stale.unlink(missing_ok=True)
            with open(cache.with_suffix(".tmp"), "wb") as fh:
                np.save(fh, rows)
            os.replace(cache.with_suffix(".tmp"), cache)
        except OSError:
            pass  # a read-only data folder: mapped again next time
    return rows


@dataclass
class VectorSet:
    model: str
    ids: list[str]
    matrix: np.ndarray  # len(ids) x dim float32
    generation: int = 0  # of the manifest it was read from (0: not read from disk)
    ann: bool = False  # an approximate index was written with it
    model_id: str = ""  # index.models.model_identity of the model ("": an older manifest)

    @property
    def dim(self) -> int:
        return int(self.matrix.shape[1]) if self.matrix.ndim == 2 else 0


class VectorStore:
    """Reads and atomically writes the vector set of one data folder."""

    def __init__(self, data_dir: Path, dir_name: str = DIR_NAME) -> None:
        self.dir = Path(data_dir) / dir_name

    def manifest(self) -> dict | None:
        path = self.dir / MANIFEST
        if not path.exists():
            return None
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise SearchIndexError(
                f"{path}: unreadable vector manifest ({exc}); run reindex"
            ) from exc

    def stamp(self) -> float:
        """Changes whenever a new vector set is written."""
        try:
            return (self.dir / MANIFEST).stat().st_mtime_ns
        except OSError:
            return 0

    def load(self, mmap: bool = False) -> VectorSet | None:
        man = self.manifest()
        if man is None:
            return None
        matrix = np.load(self.dir / man["file"], mmap_mode="r" if mmap else None)
        if matrix.shape[0] != len(man["ids"]):
            raise SearchIndexError(f"{self.dir}: vector file and manifest disagree; run reindex")
        matrix = matrix.astype(np.float32, copy=False)
        gen, ann = int(man.get("generation", 0)), bool(man.get("ann"))
        model_id = str(man.get("model_id", ""))
        return VectorSet(man["model"], list(man["ids"]), matrix, gen, ann, model_id)

    def ann_path(self, man: dict) -> Path:
        return self.dir / f"ann-{man.get('generation', 0)}.faiss"

    def load_ann(self, vs: VectorSet) -> faiss.IndexIVF | None:
        """The approximate index written with this vector set, or None (search exactly)."""
        if not vs.ann:
            return None
        path = self.ann_path({"generation": vs.generation})
        if not path.exists():
            return None
        try:
            import faiss
        except ImportError:
            return None
        index = faiss.read_index(str(path), faiss.IO_FLAG_MMAP | faiss.IO_FLAG_READ_ONLY)
        return cast("faiss.IndexIVF", index)  # build_ann's IVF index, as save wrote it

    def save(self, vs: VectorSet, *, ann_min: int | None = None) -> None:
        """Write the set; with at least `ann_min` rows (not None), its approximate index too."""
        self.dir.mkdir(parents=True, exist_ok=True)
        old = self.manifest()
        gen = int(old.get("generation", 0)) + 1 if old else 1
        name = f"vectors-{gen}.npy"
        tmp = self.dir / (name + ".tmp")
        with open(tmp, "wb") as fh:
            np.save(fh, vs.matrix.astype(np.float32, copy=False))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.dir / name)
        man = {
            "generation": gen,
            "file": name,
            "model": vs.model,
            "model_id": vs.model_id,
            "dim": vs.dim,
            "count": len(vs.ids),
            "ids": vs.ids,
            "ann": False,
        }
        if ann_min is not None and len(vs.ids) >= ann_min and _has_faiss():
            import faiss

            ann_file = self.ann_path(man)
            faiss.write_index(build_ann(vs.matrix), str(ann_file) + ".tmp")
            os.replace(str(ann_file) + ".tmp", ann_file)
            man["ann"] = True
        tmp_man = self.dir / (MANIFEST + ".tmp")
        tmp_man.write_text(json.dumps(man), encoding="utf-8")
        with open(tmp_man, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp_man, self.dir / MANIFEST)
        keep = {name, self.ann_path(man).name}
        for stale in [*self.dir.glob("vectors-*.npy*"), *self.dir.glob("ann-*.faiss*")]:
            if stale.name not in keep:
                stale.unlink(missing_ok=True)


def _has_faiss() -> bool:
    try:
        import faiss  # noqa: F401
    except ImportError:
        return False
    return True


def vector_sets(data_dir: Path) -> list[tuple[str, str, int]]:
    """(which, model, vectors) for each set of passage vectors in the data folder: "first"
    (every search uses it) and "second" (the second model's); an unreadable manifest is
    no set (a sync writes it again)."""
    out = []
    for dir_name, which in ((DIR_NAME, "first"), (SECOND_DIR, "second")):
        try:
            man = VectorStore(Path(data_dir), dir_name).manifest()
        except SearchIndexError:
            man = None
        if man:
            out.append((which, str(man.get("model", "")), int(man.get("count", 0))))
    return out
