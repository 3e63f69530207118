"""Search benchmark: a 20,000-passage index built from the real documents.

    .venv/bin/python tests/bench/bench_search.py [--passages 20000] [--work DIR] [--queries N]

Ingests every PDF in ../shared/realdocs/ (cached in --work between runs), copies
the real passages into as many documents as it takes to reach --passages, and
then measures, in one run on the same passages:
  - Whoosh index build time (BM25F + stemming, via index.updater.sync_keyword);
  - embedding rate on the distinct passage texts (copies share vectors), and the
    full 20k build time that rate implies;
  - query latency p50/p95 for keyword, semantic and hybrid (index.Index.search,
    facets on), after a cold model load reported apart: over --rounds passes, and
    over the first pass alone (each cell runs in its own process from a fresh index,
    warmed as the app warms it, so the first pass pays for every query vector that
    later passes reuse);
  - bm25s on the same passage texts (Porter-stemmed, English stop words) as reference.
A benchmark, not a test: run it with the machine otherwise idle.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from index import Filters, Index, second_model_name
from index.embed import get_embedder, use_bf16
from index.updater import _store_rows, sync_keyword
from index.vectors import DIR_NAME, SECOND_DIR, VectorSet, VectorStore
from ingest.model import ParsedDocument
from ingest.pipeline import ingest_paths
from ingest.settings import Settings
from ingest.store import Store

ROOT = Path(__file__).resolve().parents[2]
REALDOCS = ROOT.parent / "shared" / "realdocs"
QUERIES = ROOT / "tests" / "eval" / "queries.json"
# Loads the model and the searcher before timing, with words outside the query list.
WARM_UP = ["annual report", "budget contributions", "training attendance"]


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def source_store(work: Path) -> Path:
    src = work / "source"
    results = ingest_paths(
        [REALDOCS, ROOT / "corpus" / "papers", ROOT / "corpus" / "fixtures" / "papers"], src
    )
    failed = [r for r in results if r.outcome == "failed"]
    for r in failed:
        print(f"warning: {r.path}: {r.message}", file=sys.stderr)
    return src


def build_copies(src: Path, dest: Path, target: int) -> int:
    """A store holding copies of the real documents until `target` passages."""
    shutil.rmtree(dest, ignore_errors=True)
    with Store(src, readonly=True) as store:
        docs = store.documents()
        passages = {d.id: list(store.passages([d.id])) for d in docs}
    total = 0
    copy = 0
    with Store(dest) as out:
        while total < target:
            for d in docs:
                if total >= target:
                    break
                ps = passages[d.id][: target - total]
                new_id = hashlib.sha256(f"{d.id}:{copy}".encode()).hexdigest()
                doc = replace(d, id=new_id, path=f"{d.path}#copy{copy}")
                out.save(ParsedDocument(doc, passages=tuple(replace(p, doc_id=new_id) for p in ps)))
                total += len(ps)
            copy += 1
    return total


def build_vectors(data_dir: Path, settings: Settings, dir_name: str = DIR_NAME) -> dict[str, float]:
    rows = _store_rows(data_dir)
    t = time.perf_counter()
    emb = get_embedder(settings.models)
    load_s = time.perf_counter() - t
    texts = sorted({r.passage.text for r in rows})
    t = time.perf_counter()
    vecs = emb.encode(texts)
    enc_s = time.perf_counter() - t
    by_text = dict(zip(texts, vecs, strict=True))
    matrix = np.stack([by_text[r.passage.text] for r in rows])
    vs = VectorSet(emb.name, [r.id for r in rows], matrix)
    VectorStore(data_dir, dir_name).save(vs, ann_min=settings.search.ann_min)
    rate = len(texts) / enc_s
    return {
        "model_load_s": load_s,
        "distinct": len(texts),
        "encode_s": enc_s,
        "rate": rate,
        "implied_full_s": len(rows) / rate,
    }


def report_vectors(vec: dict[str, float], settings: Settings, n: int, what: str = "") -> None:
    print(
        f"{what}model load (cold): {vec['model_load_s']:.1f} s; embedding {vec['distinct']} "
        f"distinct passages: {vec['encode_s']:.1f} s = {vec['rate']:.1f} passages/s "
        f"(bf16={use_bf16(settings.models)}); implies {vec['implied_full_s']:.0f} s for all {n}"
    )


def build_second(data: Path, settings: Settings, n: int) -> None:
    """The second model's vectors (index/models.py), when it is installed and on."""
    name = second_model_name(settings.models)
    if not name or n > settings.search.second_max_passages:
        print("second model: none (off, not installed, or the library is too large)")
        return
    second = settings.replace(model=name)
    before = peak_rss_mb()
    report_vectors(build_vectors(data, second, SECOND_DIR), second, n, "second model: ")
    print(f"peak RSS {before:.0f} MB before the second model, {peak_rss_mb():.0f} MB after")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def latency(index: Index, queries: list[str], mode: str, filters: Filters | None) -> list[float]:
    out = []
    for q in queries:
        t = time.perf_counter()
        index.search(q, filters, mode=mode, limit=10)
        out.append((time.perf_counter() - t) * 1000)
    return out


def bm25s_reference(texts: list[str], queries: list[str]) -> dict[str, float]:
    import bm25s
    from whoosh.lang.porter import stem

    class Porter:
        def stemWords(self, words: list[str]) -> list[str]:  # noqa: N802 - PyStemmer's name
            return [stem(w) for w in words]

    t = time.perf_counter()
    tokens = bm25s.tokenize(texts, stopwords="en", stemmer=Porter(), show_progress=False)
    retriever = bm25s.BM25()
    retriever.index(tokens, show_progress=False)
    build = time.perf_counter() - t
    times = []
    for q in queries:
        t = time.perf_counter()
        qt = bm25s.tokenize([q], stopwords="en", stemmer=Porter(), show_progress=False)
        retriever.retrieve(qt, k=10, show_progress=False)
        times.append((time.perf_counter() - t) * 1000)
    return {"build_s": build, "p50": pct(times, 50), "p95": pct(times, 95)}


def build(work: Path, data: Path, target: int, settings: Settings) -> list:
    """Copies of the real documents, their Whoosh index and vectors; prints build costs."""
    src = source_store(work)
    n = build_copies(src, data, target)
    print(f"passages: {n} (copies of the real documents in {REALDOCS} and corpus/papers)")
    rows = _store_rows(data)
    t = time.perf_counter()
    sync_keyword(data, rows, settings.search, rebuild=True)
    print(f"whoosh build: {time.perf_counter() - t:.1f} s")
    report_vectors(build_vectors(data, settings), settings, n)
    build_second(data, settings, n)
    return rows


def cell(data: Path, settings: Settings, mode: str, label: str, rounds: int) -> list[float]:
    """One cell's latencies (ms): a fresh index (no kept query vectors, cold term caches)
    warmed as the app warms it at start (models, each theme's ranking, the commonest
    words' postings) and on other words; the first pass asks each query once, later
    passes find its vector kept."""
    queries = [q["query"] for q in json.loads(QUERIES.read_text(encoding="utf-8"))]
    filters = None if label == "none" else Filters.of(borough=label)
    index = Index(data, settings)
    index.warm()
    index.warm_postings()  # the app's second warm-up thread
    latency(index, WARM_UP, mode, filters)
    return latency(index, queries * rounds, mode, filters)


def cell_in_own_process(work: Path, mode: str, label: str, rounds: int) -> list[float]:
    """`cell` in a new process: in one process, each cell ran slower than the one before
    (the last, filtered hybrid, p50 79 ms against 55 ms on its own)."""
    cmd = [sys.executable, __file__, "--work", str(work), "--rounds", str(rounds)]
    out = subprocess.run(
        [*cmd, "--cell", f"{mode}:{label}"], capture_output=True, text=True, check=False
    )
    if out.returncode:
        raise SystemExit(f"cell {mode}:{label} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--passages", type=int, default=20000)
    ap.add_argument("--work", default="/tmp/boardsearch-bench-search")
    ap.add_argument("--rounds", type=int, default=3, help="passes over the query list")
    ap.add_argument(
        "--reuse", action="store_true", help="query the indexes a previous run left in --work"
    )
    ap.add_argument("--cell", help=argparse.SUPPRESS)  # MODE:FILTER, run by the main process
    args = ap.parse_args(argv)
    work = Path(args.work)
    settings = Settings.from_env(progress=False)
    data = work / "bench"
    if args.cell:
        mode, label = args.cell.split(":")
        print(json.dumps(cell(data, settings, mode, label, args.rounds)))
        return 0
    if args.reuse and (data / "vectors").is_dir() and (data / "whoosh").is_dir():
        rows = _store_rows(data)
        print(f"passages: {len(rows)} (reusing {data})")
        second = VectorStore(data, SECOND_DIR).manifest()
        name = second_model_name(settings.models)
        if name and (second or {}).get("model") != name:
            build_second(data, settings, len(rows))
    else:
        rows = build(work, data, args.passages, settings)

    queries = [q["query"] for q in json.loads(QUERIES.read_text(encoding="utf-8"))]
    index = Index(data, settings)
    t = time.perf_counter()
    index.refresh(force=True)
    print(f"index open (catalog + vectors): {time.perf_counter() - t:.2f} s")
    cold = latency(index, queries, "keyword", None)  # fresh term caches: each query once
    print(
        f"keyword first pass (cold term caches): p50 {pct(cold, 50):.1f} ms, "
        f"p95 {pct(cold, 95):.1f} ms"
    )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        f"{'mode':<10}{'filter':<14}{'n':>5}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'first pass p50':>16}{'p95':>7}"
    )
    for label in ("none", "Westminster"):
        for mode in ("keyword", "semantic", "hybrid"):
            times = cell_in_own_process(work, mode, label, args.rounds)
            first = times[: len(queries)]
            print(
                f"{mode:<10}{label:<14}{len(times):>5}{pct(times, 50):>9.1f}{pct(times, 95):>9.1f}"
                f"{pct(first, 50):>16.1f}{pct(first, 95):>7.1f}"
            )
    ref = bm25s_reference([r.passage.text for r in rows], queries * args.rounds)
    print(
        f"bm25s reference: build {ref['build_s']:.1f} s; query p50 {ref['p50']:.2f} ms, "
        f"p95 {ref['p95']:.2f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
