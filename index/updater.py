"""Bring the keyword and semantic indexes up to date with the store.

The store is the truth; both indexes describe themselves (Whoosh documents carry
their document's fingerprint, the vector manifest lists its passage ids), so
``sync`` just compares and fixes: add what is new or changed, drop what is gone.
Each index commits only complete data, so re-running after a crash is safe.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import cast

import numpy as np

from ingest.errors import SearchIndexError
from ingest.settings import ModelSettings, SearchSettings, Settings
from ingest.store import Store, has_data

from .bm25 import LargeKeywordIndex, engine_for
from .catalog import (
    LazyRows,
    Row,
    columnar_catalog,
    doc_fingerprint,
    rows_for,
    vector_rows_file,
)
from .embed import Embedder, get_embedder
from .keyword import KeywordIndex
from .models import model_identity, model_name, same_model, second_model_name
from .vectors import DIR_NAME as VECTOR_DIR
from .vectors import SECOND_DIR, VectorSet, VectorStore, open_nearest

LOCK_NAME = "index.lock"
THEMES_STATE = "themes-state.json"  # doc_id -> fingerprint of the taxonomy it was tagged with
CHUNK = 512  # passages embedded between progress updates
CHECKPOINT = 4096  # passages embedded between saves of the vector set


@dataclass(frozen=True)
class SyncReport:
    docs_added: int = 0  # new or changed documents (re)indexed by keyword
    docs_removed: int = 0
    passages_indexed: int = 0
    passages_embedded: int = 0
    vectors_dropped: int = 0
    total_passages: int = 0
    docs_tagged: int = 0  # documents given (new) automatic theme tags

    def summary(self) -> str:
        return (
            f"indexed {self.docs_added} document(s) ({self.passages_indexed} passages), "
            f"removed {self.docs_removed}, embedded {self.passages_embedded} passage(s), "
            f"theme-tagged {self.docs_tagged} document(s); "
            f"{self.total_passages} passages searchable"
        )


@contextmanager
def _locked(data_dir: Path) -> Iterator[None]:
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / LOCK_NAME, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _embed_text(row: Row) -> str:
    """What the model reads for a passage: its text (prefixing the heading scored worse)."""
    return row.passage.text


def _store_rows(data_dir: Path) -> list[Row]:
    if not has_data(data_dir):
        return []
    with Store(data_dir, readonly=True) as store:
        return list(rows_for(store, store.documents()))


def _fingerprints(rows: list[Row]) -> tuple[dict[str, str], dict[str, list[Row]]]:
    by_doc: dict[str, list[Row]] = defaultdict(list)
    docs = {}
    for r in rows:
        by_doc[r.document.id].append(r)
        docs[r.document.id] = r.document
    return {d: doc_fingerprint(docs[d], by_doc[d]) for d in by_doc}, by_doc


def sync_keyword(
    data_dir: Path, rows: list[Row], search: SearchSettings, rebuild: bool = False
) -> tuple[int, int, int]:
    """(docs added, docs removed, passages indexed) after bringing the keyword index in line.

    Whoosh for an ordinary library; the large-library engine (index/bm25.py, rebuilt
    whole on any change) from `large_min` passages or when the setting asks for it.
    The engine not chosen is removed, so search always reads the one built last.
    """
    want, by_doc = _fingerprints(rows)
    if engine_for(len(rows), search.keyword_engine, search.large_min) == "bm25s":
        large = LargeKeywordIndex(data_dir)
        have = large.fingerprints()
        if not rebuild and have == want and large.exists():
            return 0, 0, 0
        n = large.rebuild((r, want[d]) for d in want for r in by_doc[d])
        shutil.rmtree(data_dir / "whoosh", ignore_errors=True)
        fresh = [d for d, fp in want.items() if rebuild or have.get(d) != fp]
        return len(fresh), len([d for d in have if d not in want]), n
    shutil.rmtree(data_dir / "bm25", ignore_errors=True)
    kw = KeywordIndex(data_dir)
    if rebuild:
        n = kw.rebuild((r, want[d]) for d in want for r in by_doc[d])
        return len(want), 0, n
    have = kw.fingerprints()
    stale = [d for d, fp in have.items() if want.get(d) != fp]
    fresh = [d for d, fp in want.items() if have.get(d) != fp]
    if not stale and not fresh and kw.exists():
        return 0, 0, 0
    n = kw.update(stale, ((r, want[d]) for d in fresh for r in by_doc[d]))
    kw.close()
    removed = len([d for d in stale if d not in want])
    return len(fresh), removed, n


def sync_vectors(
    data_dir: Path,
    rows: list[Row],
    embedder: Embedder,
    *,
    rebuild: bool = False,
    progress: bool = True,
    cluster: str = "",
    spec: ModelSettings | Embedder | None = None,
    dir_name: str = VECTOR_DIR,
    ann_min: int | None = None,
) -> tuple[int, int]:
    """(passages embedded, vectors dropped) after bringing the vector set in line.

    With `cluster` set, the chunks are embedded by Ray tasks, each task building its
    embedder from `spec` (ModelSettings, or a small picklable embedder) once per
    worker process; the chunks and their order are those of a local sync. A set of at
    least `ann_min` vectors (not None) gets an approximate index when it is complete.
    """
    store = VectorStore(data_dir, dir_name)
    try:
        old = None if rebuild else store.load()
    except (ValueError, OSError):
        old = None  # unreadable: start again
    if old is not None and not _made_by(old, embedder):
        old = None
    wanted = {r.id for r in rows}
    keep = [j for j, pid in enumerate(old.ids) if pid in wanted] if old else []
    ids = [old.ids[j] for j in keep] if old else []
    parts = [old.matrix[keep]] if old and keep else []
    dropped = (len(old.ids) - len(keep)) if old else 0
    have = set(ids)
    todo = [r for r in rows if r.id not in have]
    todo = list({r.id: r for r in todo}.values())  # identical passages share an id
    if not todo:
        if dropped or old is None or old.model_id != model_identity(embedder.name):
            _save(store, embedder, ids, parts, ann_min)
        return 0, dropped
    bar = _progress(len(todo), progress, "" if dir_name == VECTOR_DIR else embedder.name)
    since_save = 0
    chunks = [todo[start : start + CHUNK] for start in range(0, len(todo), CHUNK)]
    texts = ([_embed_text(r) for r in chunk] for chunk in chunks)
    if cluster:
        encoded = _encode_on_cluster(texts, cluster, spec if spec is not None else embedder)
    else:
        encoded = (embedder.encode(t) for t in texts)
    for chunk, matrix in zip(chunks, encoded, strict=True):
        parts.append(matrix)
        ids.extend(r.id for r in chunk)
        since_save += len(chunk)
        if bar is not None:
            bar.update(len(chunk))
        if since_save >= CHECKPOINT:
            _save(store, embedder, ids, parts, None)  # the approximate index at the end
            since_save = 0
    if bar is not None:
        bar.close()
    _save(store, embedder, ids, parts, ann_min)
    return len(todo), dropped


def _made_by(vs: VectorSet, embedder: Embedder) -> bool:
    """Whether a vector set was made by this embedder's model (wherever it was installed
    then: index/models.py same_model), at its size."""
    return vs.dim == embedder.dim and same_model(vs.model, vs.model_id, embedder.name)


def sync_second(
    data_dir: Path, rows: list[Row], settings: Settings, *, rebuild: bool, progress: bool
) -> int:
    """The second model's vectors (index/models.py), kept in line like the first's; none
    (and any old ones removed) when there is no second model or the library is larger
    than `second_max_passages`. Always on this machine, not on a cluster."""
    shutil.rmtree(data_dir / "vectors-sentences", ignore_errors=True)  # a retired view's
    name = second_model_name(settings.models)
    if not name or len({r.id for r in rows}) > settings.search.second_max_passages:
        shutil.rmtree(data_dir / SECOND_DIR, ignore_errors=True)
        return 0
    second = get_embedder(replace(settings.models, model=name))
    embedded, _ = sync_vectors(
        data_dir,
        rows,
        second,
        rebuild=rebuild,
        progress=progress,
        dir_name=SECOND_DIR,
        ann_min=settings.search.ann_min,
    )
    return embedded


def _embed_task(spec: ModelSettings | Embedder, texts: list[str]) -> np.ndarray:
    """A cluster task: embed texts with the embedder `spec` names (cached per worker)."""
    embedder = get_embedder(spec) if isinstance(spec, ModelSettings) else spec
    return embedder.encode(texts)


def _encode_on_cluster(
    texts: Iterator[list[str]], cluster: str, spec: ModelSettings | Embedder
) -> Iterator[np.ndarray]:
    """Matrices of the text chunks, in order, embedded on Ray tasks (a few in flight per CPU)."""
    from collections import deque

    from ingest import cluster as raykit

    ray = raykit.connect(cluster)
    task = raykit.remote(ray, _embed_task, max_retries=1)
    spec_ref = ray.put(spec)
    window = max(2, 2 * int(ray.cluster_resources().get("CPU", 1)))
    pending: deque = deque()
    for chunk in texts:
        pending.append(task.remote(spec_ref, chunk))
        if len(pending) >= window:
            yield ray.get(pending.popleft())
    while pending:
        yield ray.get(pending.popleft())


def _progress(total: int, enabled: bool, model: str = ""):  # noqa: ANN202 - tqdm or None
    if not enabled or total < 64:
        return None
    from tqdm import tqdm

    desc = f"embedding passages with {Path(model).name}" if model else "embedding passages"
    return tqdm(total=total, desc=desc, unit="passage")


def _save(
    store: VectorStore,
    embedder: Embedder,
    ids: list[str],
    parts: list[np.ndarray],
    ann_min: int | None,
) -> None:
    matrix = np.concatenate(parts) if parts else np.zeros((0, embedder.dim), np.float32)
    identity = model_identity(embedder.name)
    store.save(VectorSet(embedder.name, list(ids), matrix, model_id=identity), ann_min=ann_min)


def sync(
    data_dir: str | os.PathLike[str],
    settings: Settings | None = None,
    embedder: Embedder | None = None,
    *,
    progress: bool | None = None,
    semantic: bool = True,
    second: bool = True,
) -> SyncReport:
    """Index new and changed documents, forget removed ones; idempotent and crash-safe.
    `second=False` leaves the second model's reading for `sync_second_model` (which the
    `start` command runs once the app is up): it is most of a first sync's time, and until
    it is done, searches use the first model alone."""
    return _run(Path(data_dir), settings, embedder, progress, semantic, False, second)


def prepare_sync(data_dir: str | os.PathLike[str], settings: Settings | None = None) -> None:
    """What a sync will need whatever the library holds, made ready now: the first model
    loaded and the theme prototypes encoded (kept in the data folder). `ingest` runs it
    while its worker processes read the files (a fifth of a first sync's time, profiled:
    docs/PERFORMANCE.md); the sync then finds both done."""
    from ingest.themes import load_themes

    from .themes import DEFAULT, prototypes

    settings = settings or Settings.from_env()
    embedder = get_embedder(settings.models)
    themes = load_themes()
    if themes:
        prototypes(embedder, themes, DEFAULT.prototype, Path(data_dir))


def sync_second_model(
    data_dir: str | os.PathLike[str], settings: Settings | None = None, *, progress: bool = True
) -> int:
    """Let the second model read every passage it has not read yet (what a sync with
    `second=False` left); the number of passages it read."""
    data_dir = Path(data_dir)
    settings = settings or Settings.from_env()
    with _locked(data_dir):
        rows = _store_rows(data_dir)
        return sync_second(data_dir, rows, settings, rebuild=False, progress=progress)


def second_model_pending(data_dir: str | os.PathLike[str], settings: Settings) -> int:
    """How many passages the second model has still to read (0 without a second model,
    or for a library too large to read twice). Reads passage ids and the vector manifest
    only: `status` calls it, on libraries of any size."""
    data_dir = Path(data_dir)
    name = second_model_name(settings.models)
    if not name or not has_data(data_dir):
        return 0
    with Store(data_dir, readonly=True) as store:
        ids = {pid for pid, _, _ in store.passage_layout()[1]}
    if not ids or len(ids) > settings.search.second_max_passages:
        return 0
    try:
        man = VectorStore(data_dir, SECOND_DIR).manifest()
    except SearchIndexError:  # unreadable: read again from the start
        man = None
    if man is None or not same_model(str(man.get("model", "")), str(man.get("model_id", "")), name):
        return len(ids)
    return len(ids - set(man["ids"]))


def reindex(
    data_dir: str | os.PathLike[str],
    settings: Settings | None = None,
    embedder: Embedder | None = None,
    *,
    progress: bool | None = None,
    semantic: bool = True,
) -> SyncReport:
    """Rebuild both indexes from the store, from scratch."""
    return _run(Path(data_dir), settings, embedder, progress, semantic, True, True)


def _run(
    data_dir: Path,
    settings: Settings | None,
    embedder: Embedder | None,
    progress: bool | None,
    semantic: bool,
    rebuild: bool,
    second: bool,
) -> SyncReport:
    settings = settings or Settings.from_env()
    models = settings.models
    show = models.progress if progress is None else progress
    with _locked(data_dir):
        rows = _store_rows(data_dir)
        if rebuild:
            shutil.rmtree(data_dir / "whoosh.new", ignore_errors=True)
        embedded = dropped = tagged = 0
        if semantic:
            emb = embedder or get_embedder(models)
            # a cluster task rebuilds a model from the settings; a stand-in travels whole
            spec = emb if embedder is not None and emb.name != model_name(models) else models
            embedded, dropped = sync_vectors(
                data_dir,
                rows,
                emb,
                rebuild=rebuild,
                progress=show,
                cluster=settings.ingest.cluster,
                spec=spec,
                ann_min=settings.search.ann_min,
            )
            if second:
                sync_second(data_dir, rows, settings, rebuild=rebuild, progress=show)
            tagged = sync_themes(data_dir, emb, rebuild=rebuild)
            if tagged:
                rows = _store_rows(data_dir)  # theme tags are keyword fields too
        added, removed, n = sync_keyword(data_dir, rows, settings.search, rebuild=rebuild)
        prepare_open(data_dir, len(rows), settings.search)
    return SyncReport(added, removed, n, embedded, dropped, len(rows), tagged)


def prepare_open(data_dir: Path, n_rows: int, search: SearchSettings) -> None:
    """For a large library, write what opening it needs (the catalog columns and the
    vector row map) now, so the first search after a sync opens as fast as the next."""
    if n_rows < search.large_min:
        return
    with Store(data_dir, readonly=True) as store:
        catalog = columnar_catalog(data_dir, store)
    vectors = VectorStore(data_dir)
    vs = vectors.load(mmap=True)
    if vs is not None:
        rows_file = vector_rows_file(data_dir, catalog, vs.generation)
        open_nearest(
            vectors,
            vs,
            catalog.index_of,
            len(catalog),
            rows_file,
            ann_min=search.ann_min,
            probe_share=search.ivf_probe_share,
        )
    cast(LazyRows, catalog.rows).close()  # a columnar catalog's rows are read lazily


def _taxonomy_fingerprint(embedder: Embedder) -> str:
    import hashlib
    import json

    from ingest.themes import load_themes

    blob = json.dumps([load_themes(), embedder.name], sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def sync_themes(data_dir: Path, embedder: Embedder, *, rebuild: bool = False) -> int:
    """Tag passages (and the stock-take rows and recommendations on them) with themes.

    Only documents not yet tagged with this taxonomy and model are (re)tagged, so
    editing ``ingest/data/themes.json`` re-tags everything on the next sync. Tags a
    person added are never touched. Returns the number of documents tagged.
    """
    import json

    from .themes import assign, stored_vectors, tags_for_records

    if not has_data(data_dir):
        return 0
    state_path = data_dir / THEMES_STATE
    try:
        state = {} if rebuild else json.loads(state_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        state = {}
    fingerprint = _taxonomy_fingerprint(embedder)
    with Store(data_dir) as store:
        doc_ids = store.doc_ids()
        todo = sorted(d for d in doc_ids if state.get(d) != fingerprint)
        if todo:
            vectors = stored_vectors(data_dir, embedder)
            passages = list(store.passages(todo))
            tags = assign(passages, embedder, passage_vectors=vectors, cache_dir=data_dir)
            linked = [
                r
                for kind in ("stocktake_row", "recommendation")
                for d in todo
                for r in store.records(kind, d)
            ]
            tags += tags_for_records(linked, tags)
            store.replace_records("theme", tags, todo)
    new_state = {d: fp for d, fp in state.items() if d in doc_ids}
    new_state.update({d: fingerprint for d in todo})
    tmp = state_path.with_suffix(".tmp")
    tmp.write_text(json.dumps(new_state), encoding="utf-8")
    os.replace(tmp, state_path)
    return len(todo)
