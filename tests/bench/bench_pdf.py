"""PDF reader speed beside bare pdfplumber text extraction, same files, same run, one process.

    .venv/bin/python tests/bench/bench_pdf.py [FOLDER_OR_PDF ...] [--rounds N]

Default files: ../shared/realdocs/tri-borough/. Each round times (a) bare pdfplumber
``page.extract_text()`` and (b) ``ingest.pdf.read`` + ``ingest.structure.build`` over the
same files, alternating which goes first so a busy neighbour on the shared machine hurts
both alike. Prints pages/s of each and the ratio b/a per round, then the median ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_ingest import bare_pdfplumber as bare  # noqa: E402 - one reference for both benches
from bench_ingest import pdfs  # noqa: E402


def ours(files: list[Path]) -> tuple[int, float]:
    from ingest import pdf, structure

    pages = 0
    t0 = time.perf_counter()
    for f in files:
        extracted = pdf.read(f, "bench")
        structure.build("bench", extracted)
        pages += len(extracted.pages)
    return pages, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    files = pdfs(args.paths)
    ratios = []
    for r in range(args.rounds):
        order = [("bare", bare), ("ours", ours)]
        if r % 2:
            order.reverse()
        rate = {}
        for name, fn in order:
            pages, secs = fn(files)
            rate[name] = pages / secs
        ratio = rate["ours"] / rate["bare"]
        ratios.append(ratio)
        print(
            f"round {r + 1} ({order[0][0]} first): bare {rate['bare']:.1f} pages/s, "
            f"read+build {rate['ours']:.1f} pages/s, ratio {ratio:.2f}x",
            flush=True,
        )
    print(f"{len(files)} files; median ratio read+build / bare: {statistics.median(ratios):.2f}x")


if __name__ == "__main__":
    main()
