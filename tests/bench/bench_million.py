"""Search at a million passages: synthetic library, large-library engines, latency and recall.

    .venv/bin/python tests/bench/bench_million.py [--passages 1000000] [--work DIR] [--reuse]

Nobody can embed a million real passages on this machine in a benchmark's time
(MiniLM: about 159 passages/s, so about 1 h 45 min), so the library is SYNTHETIC,
made from the real papers:
  - passages: 2-5 sentences drawn at random from three neighbouring real passages
    of ../shared/realdocs (a distinct text, on one topic, real vocabulary and lengths);
  - documents: 40 passages each, spread over 150 partnerships x 15 periods x 3 kinds
    (the researcher comparing every safeguarding partnership in England);
  - vectors: the real MiniLM embeddings of the source passages of its sentences,
    summed, plus Gaussian noise, normalised (clustered by topic like real text).
Then it builds the large-library indexes the way sync does (bm25s keyword engine,
faiss IVF vectors), opens an ``index.Index`` on them and measures, in one process:
index open; first queries after opening (each query once) against warm p50/p95 for
keyword, semantic and hybrid with no filter, a period filter (1/15 of passages) and a
partnership filter (1/150); recall@10 of the approximate search against exact cosine
on the same queries; build times and peak RSS. Prints one JSON line last.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import resource
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
REALDOCS = ROOT.parent / "shared" / "realdocs"
QUERIES = ROOT / "tests" / "eval" / "queries.json"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from ingest.settings import use_models_offline  # noqa: E402

use_models_offline()  # before the Hugging Face libraries load

PER_DOC = 40
PARTNERSHIPS = 150
PERIODS = [f"{y}/{(y + 1) % 100:02d}" for y in range(2010, 2025)]
KINDS = ("annual_report", "inspection_report", "stocktake")


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q)) if values else float("nan")


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def source_passages(work: Path) -> list[str]:
    """Distinct real passage texts in document order (../shared/realdocs ingested once)."""
    from ingest.pipeline import ingest_paths
    from ingest.store import Store

    src = work / "source"
    if not (src / "boardsearch.sqlite").exists():
        ingest_paths([REALDOCS], src)
    with Store(src, readonly=True) as store:
        texts = [p.text for p in store.passages() if len(p.text.split()) >= 8]
    return list(dict.fromkeys(texts))


def source_vectors(work: Path, texts: list[str]) -> np.ndarray:
    """The real MiniLM vectors of the texts (cached in work, in sorted text order)."""
    ordered = sorted(texts)
    cache = work / f"source-vectors-{len(texts)}.npy"
    if cache.exists():
        m = np.load(cache)
    else:
        from index.embed import get_embedder
        from ingest.settings import ModelSettings

        emb = get_embedder(ModelSettings.from_env(progress=False))
        t = time.perf_counter()
        m = emb.encode(ordered)
        print(f"embedded {len(texts)} real passages in {time.perf_counter() - t:.0f} s")
        np.save(cache, m)
    row = {t: i for i, t in enumerate(ordered)}
    return m[[row[t] for t in texts]]


_SENT = re.compile(r"(?<=[.;:!?])\s+")


def build_library(work: Path, data: Path, n: int, seed: int = 1) -> dict[str, float]:
    """The synthetic store and its vector set (vector-file order = catalog order)."""
    from index.vectors import VectorSet, VectorStore
    from ingest.model import Document, ParsedDocument, Passage
    from ingest.store import Store

    texts = source_passages(work)
    vecs = source_vectors(work, texts)
    sents: list[str] = []
    owner: list[int] = []
    for i, t in enumerate(texts):
        for s in _SENT.split(t):
            if len(s.split()) >= 4:
                sents.append(s)
                owner.append(i)
    owner_a = np.asarray(owner)
    first = np.searchsorted(owner_a, np.arange(len(texts) + 1))  # sentences of passage i
    rng = np.random.default_rng(seed)
    t0 = time.perf_counter()
    dim = vecs.shape[1]
    matrix = np.empty((n, dim), dtype=np.float32)
    ids: list[str] = []
    docs = (n + PER_DOC - 1) // PER_DOC
    with Store(data) as store:
        row = 0
        for d in range(docs):
            doc_id = hashlib.sha256(f"synthetic-{d}".encode()).hexdigest()
            part = d % PARTNERSHIPS
            period = PERIODS[(d // PARTNERSHIPS) % len(PERIODS)]
            kind = KINDS[(d // (PARTNERSHIPS * len(PERIODS))) % len(KINDS)]
            doc = Document(
                id=doc_id,
                path=f"/synthetic/partnership-{part:03d}/{period.replace('/', '-')}-{d}.pdf",
                title=f"Partnership {part} {kind.replace('_', ' ')} {period} (synthetic)",
                board=f"Partnership {part}",
                boroughs=(f"Partnership {part}",),
                period=period,
                doc_type=kind,
                pages=PER_DOC,
                synthetic=True,
            )
            count = min(PER_DOC, n - row)
            k = rng.integers(2, 6, size=count)
            anchors = rng.integers(0, len(texts) - 2, size=count)
            passages = []
            for i in range(count):
                lo, hi = first[anchors[i]], first[anchors[i] + 3]  # sentences of 3 passages
                chosen = rng.integers(lo, hi, size=k[i]) if hi > lo else np.array([lo])
                text = " ".join(sents[j] for j in chosen)
                v = vecs[owner_a[chosen]].sum(axis=0) + rng.normal(0, 0.35, dim) / np.sqrt(dim) * 4
                matrix[row + i] = v / np.linalg.norm(v)
                p = Passage(doc_id, i, "paragraph", text, page=i + 1, section_path=("Synthetic",))
                passages.append(p)
                ids.append(p.id)
            store.save(ParsedDocument(document=doc, passages=tuple(passages)))
            row += count
    store_s = time.perf_counter() - t0
    from index import model_name
    from ingest.settings import Settings

    settings = Settings.from_env()
    model = model_name(settings.models)
    t = time.perf_counter()
    VectorStore(data).save(VectorSet(model, ids, matrix), ann_min=settings.search.ann_min)
    ann_s = time.perf_counter() - t
    return {
        "store_s": store_s,
        "vectors_ann_s": ann_s,
        "sentences": len(sents),
        "source_passages": len(texts),
    }


def build_keyword(data: Path) -> dict[str, float]:
    from index.updater import _store_rows, prepare_open, sync_keyword
    from ingest.settings import SearchSettings

    search = SearchSettings.from_env(keyword_engine="bm25s")
    t = time.perf_counter()
    rows = _store_rows(data)
    rows_s = time.perf_counter() - t
    t = time.perf_counter()
    sync_keyword(data, rows, search, rebuild=True)
    keyword_s = time.perf_counter() - t
    t = time.perf_counter()
    prepare_open(data, len(rows), search)  # as sync ends: catalog columns and vector row map
    return {
        "rows_s": rows_s,
        "keyword_build_s": keyword_s,
        "prepare_open_s": time.perf_counter() - t,
    }


def latency(ix, queries: list[str], mode: str, filters) -> list[float]:  # noqa: ANN001
    out = []
    for q in queries:
        t = time.perf_counter()
        ix.search(q, filters, mode=mode, limit=10)
        out.append((time.perf_counter() - t) * 1000)
    return out


def measure(data: Path, rounds: int) -> dict[str, object]:
    from index import Filters, Index
    from index.vectors import ExactIndex
    from ingest.settings import Settings

    settings = Settings.from_env(progress=False, keyword_engine="bm25s")
    queries = [q["query"] for q in json.loads(QUERIES.read_text(encoding="utf-8"))]
    out: dict[str, object] = {"load_before": "/".join(f"{x:.2f}" for x in os.getloadavg())}
    ix = Index(data, settings)
    ix.embedder.encode(["warm the model"])  # the model load is not the index's open
    t = time.perf_counter()
    ix.refresh(force=True)
    out["open_s"] = time.perf_counter() - t
    out["passages"] = len(ix.catalog)
    out["ann"] = type(ix._nearest).__name__
    filters = {
        "none": None,
        "period (1/15)": Filters.of(period=PERIODS[3]),
        "partnership (1/150)": Filters.of(borough="Partnership 7"),
    }
    first = {m: latency(ix, queries, m, None) for m in ("keyword", "semantic", "hybrid")}
    warm: dict[str, dict[str, float]] = {}
    for label, f in filters.items():
        for mode in ("keyword", "semantic", "hybrid"):
            times = latency(ix, queries * rounds, mode, f)
            warm[f"{mode} / {label}"] = {"p50": pct(times, 50), "p95": pct(times, 95)}
    out["first"] = {m: {"p50": pct(v, 50), "p95": pct(v, 95)} for m, v in first.items()}
    out["warm"] = warm
    # recall@10 of the approximate index against exact cosine, same queries, same rows
    nearest = ix._nearest
    exact = nearest
    if hasattr(nearest, "catalog_row"):  # approximate: exact cosine over the same rows
        vs = ix.vectors.load(mmap=True)
        exact_m = np.zeros((len(ix.catalog), vs.dim), dtype=np.float32)
        exact_m[nearest.catalog_row] = np.asarray(vs.matrix)
        exact = ExactIndex(exact_m)
    qv = ix.embedder.encode(queries)
    recall: dict[str, float] = {}
    for label, f in filters.items():
        mask = ix.catalog.mask(f.as_dict()) if f else None
        hits = []
        for q in qv:
            got, _ = nearest.search(q, 10, mask)
            want, _ = exact.search(q, 10, mask)
            hits.append(len(set(got.tolist()) & set(want.tolist())) / max(1, len(want)))
        recall[label] = float(np.mean(hits))
    out["recall_at_10"] = recall
    out["load_after"] = "/".join(f"{x:.2f}" for x in os.getloadavg())
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--passages", type=int, default=1_000_000)
    ap.add_argument("--work", default="/tmp/boardsearch-bench-million")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--reuse", action="store_true", help="measure the library left in --work")
    ap.add_argument("--json-out", help="also write the result JSON here")
    args = ap.parse_args(argv)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    data = work / f"lib-{args.passages}"
    result: dict[str, object] = {}
    if not (args.reuse and (data / "bm25").is_dir()):
        import shutil

        shutil.rmtree(data, ignore_errors=True)
        t = time.perf_counter()
        result.update(build_library(work, data, args.passages))
        result.update(build_keyword(data))
        result["build_total_s"] = time.perf_counter() - t
        print(f"built: {json.dumps(result)}", flush=True)
    result["build_rss_mb"] = rss_mb()
    result.update(measure(data, args.rounds))
    result["rss_mb"] = rss_mb()
    line = json.dumps(result)
    print(line)
    if args.json_out:
        Path(args.json_out).write_text(line, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
