"""Every benchmark in one command, one table.

    .venv/bin/python tests/bench/run_all.py [--quick] [--skip-ui] [--skip-search] [--skip-ray]
                                            [--million [N]]
                                            [--results tests/bench/RESULTS.md] [PDF_OR_FOLDER ...]

Default files: all PDFs in ../shared/realdocs/ (24 real council and Ofsted papers).
Each stage runs in its own process, so its peak RSS is its own:

  bare     bare pdfplumber ``page.extract_text()`` on the same files, one process (reference)
  ingest   ``ingest_paths`` into a fresh data folder (store, enrichers, 2 workers), then a
           re-ingest of the unchanged files
  sync     the search indexes for that store: keyword (Whoosh) only, then embeddings with
           the real model (vectors + theme tags), so "ingest with embeddings" = all three
  search   copies of those passages up to 20,000 (--quick: 5,000); keyword / semantic /
           hybrid p50/p95 (tests/bench/bench_search.py) beside bm25s on the same texts
  ui       cold start to first answer in headless Chromium (tests/bench/bench_ui.py),
           skipped when Chromium is missing
  ray      the same ingest on a local Ray cluster (``IngestSettings(cluster="local")``, this
           machine's cores), skipped when Ray is not installed (--skip-ray skips it)
  million  with --million: tests/bench/bench_million.py, a synthetic library of 1,000,000
           passages (or N) on the large-library engines: index open, first-query and warm
           p50/p95 per mode with and without filters, ANN recall@10, build time, peak RSS

--quick uses the nine tri-borough reports, 5,000 passages and no UI stage.
The load average is printed before and after: the box is shared, and other work slows
every number. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "tests" / "bench"
REALDOCS = ROOT.parent / "shared" / "realdocs"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))
from ingest.settings import use_models_offline  # noqa: E402

use_models_offline()  # before the Hugging Face libraries load

Stage = Callable[[argparse.Namespace], dict[str, Any]]


# -- stages (each runs in a child process) -----------------------------------------------------
def pdf_files(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for a in paths:
        p = Path(a)
        out.extend(sorted(p.rglob("*.pdf")) if p.is_dir() else [p])
    return out


def stage_bare(args: argparse.Namespace) -> dict[str, Any]:
    from bench_ingest import bare_pdfplumber

    pages, secs = bare_pdfplumber(pdf_files(args.paths))
    return {"pages": pages, "s": secs}


def stage_ingest(args: argparse.Namespace) -> dict[str, Any]:
    from ingest.pipeline import ingest_paths
    from ingest.settings import IngestSettings

    data = Path(args.work) / "data"
    shutil.rmtree(data, ignore_errors=True)
    files = pdf_files(args.paths)
    settings = IngestSettings(workers=args.workers, enrich=True)
    t = time.perf_counter()
    results = ingest_paths(files, data, settings=settings)
    first = time.perf_counter() - t
    t = time.perf_counter()
    again = ingest_paths(files, data, settings=settings)
    reingest = time.perf_counter() - t
    return {
        "files": len(files),
        "pages": sum(r.pages for r in results if r.outcome == "ingested"),
        "failed": [f"{Path(r.path).name}: {r.message}" for r in results if r.outcome == "failed"],
        "s": first,
        "reingest_s": reingest,
        "reingest_skipped": sum(r.outcome == "skipped" for r in again),
    }


def stage_ray(args: argparse.Namespace) -> dict[str, Any]:
    try:
        import ray  # noqa: F401
    except ImportError:
        return {"skipped": "Ray is not installed (pip install -e '.[cluster]')"}
    from ingest import cluster
    from ingest.pipeline import ingest_paths
    from ingest.settings import IngestSettings

    data = Path(args.work) / "data-ray"
    shutil.rmtree(data, ignore_errors=True)
    files = pdf_files(args.paths)
    t = time.perf_counter()
    cluster.connect("local", num_cpus=os.cpu_count())
    start_s = time.perf_counter() - t
    t = time.perf_counter()
    results = ingest_paths(
        files, data, settings=IngestSettings(workers=args.workers, cluster="local")
    )
    return {
        "pages": sum(r.pages for r in results if r.outcome == "ingested"),
        "s": time.perf_counter() - t,
        "start_s": start_s,
    }


def stage_million(args: argparse.Namespace) -> dict[str, Any]:
    out = Path(args.work) / "million-result.json"
    cmd = [
        sys.executable,
        str(BENCH / "bench_million.py"),
        "--passages",
        str(args.million),
        "--json-out",
        str(out),
        "--work",
        str(Path(args.million_work)),
    ]
    run = subprocess.run(cmd, cwd=ROOT, stdout=sys.stderr)
    if run.returncode != 0:
        return {"skipped": f"bench_million.py failed (exit {run.returncode})"}
    return json.loads(out.read_text(encoding="utf-8"))


def stage_sync(args: argparse.Namespace) -> dict[str, Any]:
    import index

    data = Path(args.work) / "data"
    t = time.perf_counter()
    index.sync(data, semantic=False, progress=False)
    keyword = time.perf_counter() - t
    t = time.perf_counter()
    report = index.sync(data, progress=False)
    semantic = time.perf_counter() - t
    return {"keyword_s": keyword, "embed_s": semantic, "passages": report.total_passages}


def stage_search(args: argparse.Namespace) -> dict[str, Any]:
    from bench_search import QUERIES, bm25s_reference, build_copies, build_vectors, latency, pct

    from index import Index
    from index.updater import _store_rows, sync_keyword
    from ingest.settings import Settings

    settings = Settings.from_env(progress=False)
    data = Path(args.work) / "search"
    n = build_copies(Path(args.work) / "data", data, args.passages)
    rows = _store_rows(data)
    sync_keyword(data, rows, settings.search, rebuild=True)
    vec = build_vectors(data, settings)
    queries = [q["query"] for q in json.loads(QUERIES.read_text(encoding="utf-8"))]
    ix = Index(data, settings)
    ix.refresh(force=True)
    out: dict[str, Any] = {"passages": n, "queries": len(queries) * args.rounds}
    for mode in ("keyword", "semantic", "hybrid"):
        latency(ix, queries[:5], mode, None)  # warm-up: model, searcher, caches
    for mode in ("keyword", "semantic", "hybrid"):
        times = latency(ix, queries * args.rounds, mode, None)
        out[mode] = {"p50": pct(times, 50), "p95": pct(times, 95)}
    ref = bm25s_reference([r.passage.text for r in rows], queries * args.rounds)
    out["bm25s"] = {"p50": ref["p50"], "p95": ref["p95"], "build_s": ref["build_s"]}
    out["embed_rate"] = vec["rate"]
    return out


def stage_ui(args: argparse.Namespace) -> dict[str, Any]:
    run = subprocess.run(
        [sys.executable, str(BENCH / "bench_ui.py")], capture_output=True, text=True, cwd=ROOT
    )
    if run.returncode != 0:
        last = (run.stderr.strip().splitlines() or ["failed"])[-1]
        return {"skipped": f"bench_ui.py failed: {last[:160]}"}
    return json.loads((BENCH / "out" / "bench_ui.json").read_text(encoding="utf-8"))


STAGES: dict[str, Stage] = {
    "bare": stage_bare,
    "ingest": stage_ingest,
    "sync": stage_sync,
    "search": stage_search,
    "ui": stage_ui,
    "ray": stage_ray,
    "million": stage_million,
}


def run_stage_here(args: argparse.Namespace) -> None:
    """Child process: run one stage, add its own peak RSS, write JSON."""
    out = STAGES[args.stage](args)
    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    out["rss_mb"] = self_mb
    out["rss_worker_mb"] = kids_mb
    Path(args.json_out).write_text(json.dumps(out), encoding="utf-8")


# -- parent: run the stages, print the table ---------------------------------------------------
def run_stage(name: str, args: argparse.Namespace) -> dict[str, Any]:
    out_file = Path(args.work) / f"{name}.json"
    cmd = [
        sys.executable,
        __file__,
        "--stage",
        name,
        "--json-out",
        str(out_file),
        "--work",
        args.work,
        "--workers",
        str(args.workers),
        "--passages",
        str(args.passages),
        "--rounds",
        str(args.rounds),
        "--million",
        str(args.million),
        "--million-work",
        args.million_work,
        *args.paths,
    ]
    print(f"[{time.strftime('%H:%M:%S')}] {name} ...", file=sys.stderr, flush=True)
    t = time.perf_counter()
    run = subprocess.run(cmd, cwd=ROOT, stdout=sys.stderr)
    if run.returncode != 0:
        return {"skipped": f"stage failed (exit {run.returncode})"}
    result = json.loads(out_file.read_text(encoding="utf-8"))
    print(
        f"[{time.strftime('%H:%M:%S')}] {name} done in {time.perf_counter() - t:.0f} s",
        file=sys.stderr,
        flush=True,
    )
    return result


def machine() -> dict[str, str]:
    cpu = ""
    mem_gb = 0.0
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_gb = int(line.split()[1]) / 2**20
    except OSError:
        pass
    return {
        "cpus": str(os.cpu_count()),
        "memory": f"{mem_gb:.1f} GB",
        "cpu": cpu or platform.processor(),
        "python": platform.python_version(),
    }


def load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def table(r: dict[str, dict[str, Any]], args: argparse.Namespace) -> list[str]:
    rows: list[tuple[str, str, str]] = []

    def add(what: str, value: str, note: str = "") -> None:
        rows.append((what, value, note))

    bare, ing, syn, sea, ui, ray, mil = (
        r.get(k, {}) for k in ("bare", "ingest", "sync", "search", "ui", "ray", "million")
    )
    ref_rate = bare["pages"] / bare["s"] if "pages" in bare else None
    if ref_rate:
        add(
            "bare pdfplumber extract_text, 1 process",
            f"{ref_rate:.1f} pages/s",
            f"{bare['pages']} pages in {bare['s']:.1f} s (reference); RSS {bare['rss_mb']:.0f} MB",
        )
    if "pages" in ing:
        rate = ing["pages"] / ing["s"]
        ratio = f"{rate / ref_rate:.2f}x bare" if ref_rate else ""
        target = " (target >= 2.5x)" if ref_rate else ""
        add(
            f"ingest, no embeddings ({args.workers} workers, store + enrichers)",
            f"{rate:.1f} pages/s",
            f"{ratio}{target}; {ing['pages']} pages in {ing['s']:.1f} s",
        )
        if "keyword_s" in syn:
            t_kw = ing["s"] + syn["keyword_s"]
            t_all = t_kw + syn["embed_s"]
            add(
                "ingest + keyword index",
                f"{ing['pages'] / t_kw:.1f} pages/s",
                f"{ref_rate and ing['pages'] / t_kw / ref_rate:.2f}x bare; Whoosh {syn['keyword_s']:.1f} s",
            )
            add(
                "ingest + keyword + embeddings (MiniLM)",
                f"{ing['pages'] / t_all:.1f} pages/s",
                f"{ref_rate and ing['pages'] / t_all / ref_rate:.2f}x bare (target >= 1.5x); "
                f"embedding + theme tags {syn['embed_s']:.1f} s for {syn['passages']} passages",
            )
        add(
            "peak RSS of ingest",
            f"{max(ing['rss_mb'], ing['rss_worker_mb']):.0f} MB",
            f"main {ing['rss_mb']:.0f} MB, largest worker {ing['rss_worker_mb']:.0f} MB "
            "(target <= 2048 MB)",
        )
        if "rss_mb" in syn:
            add("peak RSS of index sync (with model)", f"{syn['rss_mb']:.0f} MB")
        pct = 100 * ing["reingest_s"] / ing["s"]
        add(
            "re-ingest, unchanged corpus",
            f"{ing['reingest_s'] * 1000:.0f} ms",
            f"{pct:.2f}% of first ingest (target <= 2%); {ing['reingest_skipped']} files skipped",
        )
        if ing["failed"]:
            add("files that failed", str(len(ing["failed"])), "; ".join(ing["failed"])[:200])
    if "keyword" in sea:
        n = f"{sea['passages']} passages, {sea['queries']} queries"
        for mode in ("keyword", "semantic", "hybrid"):
            m = sea[mode]
            add(f"search p50 / p95, {mode}", f"{m['p50']:.1f} / {m['p95']:.1f} ms", n)
        b = sea["bm25s"]
        add(
            "bm25s reference p50 / p95",
            f"{b['p50']:.1f} / {b['p95']:.1f} ms",
            f"same passages, Porter stems; build {b['build_s']:.1f} s",
        )
    elif sea.get("skipped"):
        add("search latency", "skipped", sea["skipped"])
    if "pages" in ray:
        add(
            "ingest on a local Ray cluster, no embeddings",
            f"{ray['pages'] / ray['s']:.1f} pages/s",
            f"{ref_rate and ray['pages'] / ray['s'] / ref_rate:.2f}x bare; {ray['pages']} pages in "
            f"{ray['s']:.1f} s; Ray start {ray['start_s']:.1f} s (not counted)",
        )
    elif ray.get("skipped"):
        add("ingest on a local Ray cluster", "skipped", ray["skipped"])
    if "warm" in mil:
        n = f"{mil['passages']:,} synthetic passages"
        add(
            "1M: build (store, bm25s keyword, vectors + IVF)",
            f"{mil.get('build_total_s', float('nan')):.0f} s",
            f"{n}; keyword {mil.get('keyword_build_s', float('nan')):.0f} s, vectors + IVF "
            f"{mil.get('vectors_ann_s', float('nan')):.0f} s; peak RSS {mil['rss_mb']:.0f} MB",
        )
        add("1M: index open", f"{mil['open_s']:.1f} s", f"target <= 3 s; semantic: {mil['ann']}")
        for mode, v in mil["first"].items():
            add(
                f"1M: first queries after open, {mode}",
                f"{v['p50']:.1f} / {v['p95']:.1f} ms",
                "p50 / p95, each query once (target p95 within 2x warm)",
            )
        for label, v in mil["warm"].items():
            add(
                f"1M: {label}",
                f"{v['p50']:.1f} / {v['p95']:.1f} ms",
                "warm p50 / p95 (target p95 <= 100 ms)",
            )
        rec = ", ".join(f"{k} {v:.3f}" for k, v in mil["recall_at_10"].items())
        add("1M: semantic recall@10, approximate vs exact", rec, "target >= 0.98")
    elif mil.get("skipped"):
        add("1M passages", "skipped", mil["skipped"])
    if "cold_first_answer_s" in ui:
        add(
            "UI cold start to first answer",
            f"{ui['cold_first_answer_s']:.1f} s",
            f"hybrid answer at {ui['cold_first_hybrid_answer_s']:.1f} s; warm median "
            f"{ui['warm_median_s']:.2f} s (targets 10 s / 1 s)",
        )
    else:
        add("UI cold start", "skipped", ui.get("skipped", ""))
    lines = ["| measure | value | notes |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return lines


def report(
    results: dict[str, dict[str, Any]], args: argparse.Namespace, load_before: str, load_after: str
) -> str:
    m = machine()
    files = pdf_files(args.paths)
    head = [
        f"Date: {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}",
        f"Machine: {m['cpus']} CPUs ({m['cpu']}), {m['memory']} memory, Python {m['python']}",
        f"Load average (1/5/15 min): {load_before} before, {load_after} after",
        f"Files: {len(files)} PDFs ({', '.join(sorted({f.parent.name for f in files}))})",
        f"Command: .venv/bin/python tests/bench/run_all.py {' '.join(sys.argv[1:])}".rstrip(),
        "",
    ]
    return "\n".join(head + table(results, args))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--quick", action="store_true", help="tri-borough only, 5k passages, no UI")
    ap.add_argument("--skip-ui", action="store_true")
    ap.add_argument("--skip-search", action="store_true")
    ap.add_argument("--skip-ray", action="store_true")
    ap.add_argument(
        "--million",
        type=int,
        nargs="?",
        const=1_000_000,
        default=0,
        help="also run the large-library stage at this many passages (default 1M)",
    )
    ap.add_argument(
        "--million-work",
        default="/tmp/boardsearch-bench-million",
        help="where the synthetic library is built (kept between runs)",
    )
    ap.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--passages", type=int, default=0, help="search index size (default 20000)")
    ap.add_argument("--rounds", type=int, default=0, help="passes over the query list")
    ap.add_argument("--results", type=Path, help="also write the report (Markdown) here")
    ap.add_argument("--work", default="", help=argparse.SUPPRESS)
    ap.add_argument("--stage", choices=list(STAGES), help=argparse.SUPPRESS)
    ap.add_argument("--json-out", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    args.paths = args.paths or [str(REALDOCS / "tri-borough" if args.quick else REALDOCS)]
    args.passages = args.passages or (5000 if args.quick else 20000)
    args.rounds = args.rounds or (1 if args.quick else 3)
    if args.stage:
        run_stage_here(args)
        return 0

    load_before = load()
    print(f"load average before: {load_before}", file=sys.stderr)
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="boardsearch-bench-") as work:
        args.work = work
        for name in ("bare", "ingest", "sync"):
            results[name] = run_stage(name, args)
        if args.skip_search:
            results["search"] = {"skipped": "--skip-search"}
        else:
            results["search"] = run_stage("search", args)
        results["ray"] = {"skipped": "--skip-ray"} if args.skip_ray else run_stage("ray", args)
        if args.million:
            results["million"] = run_stage("million", args)
        if args.quick or args.skip_ui:
            results["ui"] = {"skipped": "--quick" if args.quick else "--skip-ui"}
        elif not shutil.which("chromium"):
            results["ui"] = {"skipped": "Chromium is not installed"}
        else:
            results["ui"] = run_stage("ui", args)
    text = report(results, args, load_before, load())
    print(text)
    if args.results:
        args.results.write_text(
            "# Benchmark results\n\nMade by `tests/bench/run_all.py` (see its docstring for what "
            "each line measures).\n\n" + text + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
