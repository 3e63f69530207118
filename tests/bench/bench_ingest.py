"""Ingest throughput beside bare pdfplumber text extraction, on the same files, in one run.

    .venv/bin/python tests/bench/bench_ingest.py [FOLDER_OR_PDF ...] [--workers N] [--no-enrich]
        [--command]

Default files: ../shared/realdocs/tri-borough/. Prints pages/s of
(a) bare pdfplumber page.extract_text() in one process (the reference),
(b) `ingest_paths` into a fresh data folder (store only, no search indexes),
and the ratio b/a, plus a re-ingest of the unchanged files and peak RSS. With
--command, also (c) the `boardsearch ingest` command timed as a person runs it (a new
process, the search indexes included) with the second model off and with the shipped
settings (the second model reading in the background after the command returns), each
as a ratio to (a).
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


def command_ingest(files: list[Path], data_dir: Path, workers: int, second: str) -> float:
    """Seconds of `boardsearch ingest FILES` in a new process, as a person runs it; with
    `second` "off" the second model is turned off, else the shipped settings apply (and
    the caller waits for its background reading before the folder goes)."""
    import subprocess

    from ingest.settings import subprocess_env

    env = subprocess_env(PYTHONPATH=str(ROOT))
    if second == "off":
        env["BOARDSEARCH_SECOND_MODEL"] = "off"  # the settings module's name for it
    command = [sys.executable, "-m", "ui.cli", "ingest", *map(str, files), "--quiet"]
    command += ["--data-dir", str(data_dir), "--workers", str(workers)]
    t0 = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def wait_for_second_model(data_dir: Path) -> None:
    """Until the second model's background reading has finished (before its folder goes)."""
    import index
    from ingest.settings import Settings

    while index.second_model_pending(data_dir, Settings.from_env()):
        time.sleep(1)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--no-enrich", action="store_true", help="skip stock-take/entity extraction")
    ap.add_argument("--command", action="store_true", help="also time `boardsearch ingest`")
    args = ap.parse_args()
    files = pdfs(args.paths)
    print(
        f"{len(files)} PDF files; {os.cpu_count()} CPUs; workers={args.workers}; "
        f"load average {os.getloadavg()[0]:.2f}"
    )

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
    if args.command:
        rate = pages / t_ref
        for second in ("off", "shipped"):
            with tempfile.TemporaryDirectory() as tmp:
                t = command_ingest(files, Path(tmp), args.workers, second)
                print(
                    f"boardsearch ingest command (second model {second}): {pages} pages in "
                    f"{t:.1f} s = {pages / t:.1f} pages/s; ratio {(pages / t) / rate:.2f}x",
                    flush=True,
                )
                if second != "off":
                    wait_for_second_model(Path(tmp))
    print(f"load average {os.getloadavg()[0]:.2f} at the end")
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: main process {peak_self:.0f} MB, largest worker {peak_kids:.0f} MB")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
