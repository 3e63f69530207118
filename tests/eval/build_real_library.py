"""Build the library of real papers that the judged search set (queries_real.json) is scored on.

    .venv/bin/python tests/eval/build_real_library.py --data-dir DIR

Ingests the real papers only, with the product's own pipeline and settings (the second
model at its default, so hybrid search is the shipped one), then brings the indexes in
line: the ten real papers of corpus/papers (the nine Ofsted reports and the Westminster
LSCB annual report 2011/12; never the synthetic papers), and every PDF of
../shared/realdocs/lscb-reviews, tables and pool. An existing folder is reused: unchanged
files are skipped, so running it again is cheap. The judgments name passages by file
stem, page and text, so any library built by this script resolves them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from index import sync
from ingest.pipeline import ingest_paths

ROOT = Path(__file__).resolve().parents[2]
PAPERS = ROOT / "corpus" / "papers"
REALDOC_FOLDERS = ("lscb-reviews", "tables", "pool")
WESTMINSTER_2011 = "westminster-lscb-annual-report-2011-12.pdf"


def find_realdocs() -> Path:
    """../shared/realdocs beside the checkout, looked for upwards so that a git worktree
    nested deeper (for example /work/wt/NAME) finds the same folder as /work/main."""
    for parent in ROOT.parents:
        candidate = parent / "shared" / "realdocs"
        if candidate.is_dir():
            return candidate
    return ROOT.parent / "shared" / "realdocs"


REALDOCS = find_realdocs()


def corpus_papers() -> list[Path]:
    """The real papers shipped in corpus/papers: Ofsted reports and the Westminster
    annual report. Files marked synthetic in their names are left out on purpose: the
    judged set is about real papers only."""
    found = sorted(PAPERS.glob("ofsted-*.pdf"))
    if (PAPERS / WESTMINSTER_2011).is_file():
        found.append(PAPERS / WESTMINSTER_2011)
    return [p for p in found if "synthetic" not in p.name]


def real_files() -> list[Path]:
    """Every file of the library, in a fixed order; raises SystemExit naming what is missing."""
    files = corpus_papers()
    if len(files) != 10:
        raise SystemExit(f"{PAPERS}: expected the ten real papers, found {len(files)}")
    for name in REALDOC_FOLDERS:
        folder = REALDOCS / name
        pdfs = sorted(folder.glob("*.pdf"))
        if not pdfs:
            raise SystemExit(f"{folder}: no PDFs found (is ../shared/realdocs there?)")
        files.extend(pdfs)
    return files


def build(data_dir: Path, quiet: bool = False) -> int:
    """Ingest the real papers into data_dir and sync the indexes; the number of failures."""
    files = real_files()
    failed = 0
    for r in ingest_paths(files, data_dir):
        if r.outcome == "failed":
            failed += 1
            print(f"warning: {r.path}: {r.message}", file=sys.stderr)
    report = sync(data_dir, progress=not quiet)
    if not quiet:
        print(f"{len(files)} files; {failed} failed; {report.summary()}", file=sys.stderr)
    return failed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-dir", required=True, help="data folder to build in or reuse")
    ap.add_argument("--list", action="store_true", help="print the files and stop")
    ap.add_argument("--quiet", action="store_true", help="no progress output")
    args = ap.parse_args(argv)
    if args.list:
        for path in real_files():
            print(path)
        return 0
    return 1 if build(Path(args.data_dir), args.quiet) else 0


if __name__ == "__main__":
    sys.exit(main())
