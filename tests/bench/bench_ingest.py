"""Ingest throughput beside bare pdfplumber text extraction, on the same files, in one run.

    .venv/bin/python tests/bench/bench_ingest.py [FOLDER_OR_PDF ...] [--workers N] [--no-enrich]

Default files: ../shared/realdocs/tri-borough/. Prints pages/s of
(a) bare pdfplumber page.extract_text() in one process (the reference),
(b) `ingest_paths` into a fresh data folder (store only, no search indexes),
and the ratio b/a, plus a re-ingest of the unchanged files and peak RSS.
Run it on an otherwise idle machine: two processes on two cores slow each other.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT.parent / "shared" / "realdocs" / "tri-borough"


def pdfs(args: list[str]) -> list[Path]:
    out: list[Path] = []
    for a in args or [str(DEFAULT)]:
        p = Path(a)
        out.extend(sorted(p.rglob("*.pdf")) if p.is_dir() else [p])
    return out


def bare_pdfplumber(files: list[Path]) -> tuple[int, float]:
    import pdfplumber  # the reference only; boardsearch itself imports it in ingest/pdf/reader.py

    pages = 0
    t0 = time.perf_counter()
    for f in files:
        with pdfplumber.open(f) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.close()
                pages += 1
    return pages, time.perf_counter() - t0


def boardsearch_ingest(files: list[Path], data_dir: Path, workers: int, enrich: bool):
    from ingest.pipeline import ingest_paths
    from ingest.settings import IngestSettings

    settings = IngestSettings(workers=workers, enrich=enrich)
    t0 = time.perf_counter()
    results = ingest_paths(files, data_dir, settings=settings)
    return results, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--no-enrich", action="store_true", help="skip stock-take/entity extraction")
    args = ap.parse_args()
    files = pdfs(args.paths)
    print(f"{len(files)} PDF files; {os.cpu_count()} CPUs; workers={args.workers}")

    pages, t_ref = bare_pdfplumber(files)
    print(
        f"bare pdfplumber extract_text (1 process): {pages} pages in {t_ref:.1f} s = {pages / t_ref:.1f} pages/s"
    )

    with tempfile.TemporaryDirectory() as tmp:
        results, t_ing = boardsearch_ingest(files, Path(tmp), args.workers, not args.no_enrich)
        got = sum(r.pages for r in results if r.outcome == "ingested")
        failed = [r for r in results if r.outcome == "failed"]
        label = "store only" + (", no enrichers" if args.no_enrich else ", with enrichers")
        print(
            f"boardsearch ingest ({label}, {args.workers} workers): {got} pages in {t_ing:.1f} s "
            f"= {got / t_ing:.1f} pages/s"
        )
        print(f"ratio ingest / bare pdfplumber: {(got / t_ing) / (pages / t_ref):.2f}x")
        if failed:
            print(f"FAILED: {[(r.path, r.message) for r in failed]}")
        _, t_re = boardsearch_ingest(files, Path(tmp), args.workers, not args.no_enrich)
        print(
            f"re-ingest unchanged: {t_re * 1000:.0f} ms ({100 * t_re / t_ing:.2f}% of first ingest)"
        )
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: main process {peak_self:.0f} MB, largest worker {peak_kids:.0f} MB")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
