"""Row F1 and agency accuracy of the stock-take register on generated layouts.

    .venv/bin/python tests/eval/run_layouts_eval.py            # 300 layouts, seeds 0..299
    .venv/bin/python tests/eval/run_layouts_eval.py -n 60 --start 1000 --show 3

Each layout (corpus/layouts.py) typesets the seed's 51 stock-take rows with
synthetic agency names one random way (PDF or Word); boardsearch reads it back and
every row is compared with the truth. Printed per family (format:grouping:naming)
and per other layout choice (table style, orientation, flags):

  F1       rows whose four columns come back right (precision and recall)
  agency   rows matched AND given the right agency, over all truth rows
  kind     rows matched AND given the right kind (risk/strength)
  strict   F1 counting a row right only with agency, kind and four columns

Targets (issue 11): overall F1 >= 0.99, no family below 0.97.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "corpus"))
sys.path.insert(0, str(ROOT))

import layouts  # noqa: E402
from layouts_score import Score, read_register, score  # noqa: E402


def _line(name: str, s: Score, n: int) -> str:
    return (
        f"{name:<40} {n:>4} {s.f1:>7.3f} {s.agency_accuracy:>7.3f} "
        f"{s.kind_accuracy:>7.3f} {s.strict_f1:>7.3f}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=300, help="how many layouts (default 300)")
    ap.add_argument("--start", type=int, default=0, help="first seed (default 0)")
    ap.add_argument("--show", type=int, default=0, help="print this many problems per bad layout")
    ap.add_argument("--out", type=Path, default=None, help="keep the generated files here")
    args = ap.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="boardsearch-layouts-"))
    groups: dict[str, dict[str, tuple[Score, list[int]]]] = defaultdict(dict)
    total = Score()
    t0 = time.perf_counter()
    for seed in range(args.start, args.start + args.n):
        gen = layouts.generate(seed, out)
        try:
            s = score(gen.truth, read_register(gen.path))
        except Exception as exc:  # a reader crash is a zero for that layout, not the end
            s = Score(truth=len(gen.truth), problems=[f"reader failed: {exc}"])
        total.add(s)
        lay = gen.layout
        keys = {
            "family": [lay.family],
            "format": [lay.fmt],
            "grouping": [lay.grouping],
            "naming": [lay.naming],
            "style": [f"{lay.fmt}:{lay.style}"],
            "flags": [f for f in lay.describe().split("[")[1].rstrip("]").split(", ") if f],
        }
        for dim, values in keys.items():
            for v in values:
                agg, seeds = groups[dim].setdefault(v, (Score(), []))
                agg.add(s)
                seeds.append(seed)
        if args.show and (s.strict < s.truth or s.found != s.truth):
            print(f"seed {seed} {lay.describe()}: strict {s.strict}/{s.truth}, found {s.found}")
            for p in s.problems[: args.show]:
                print(f"    {p}")
        if not args.out:
            gen.path.unlink(missing_ok=True)
    head = f"{'':<40} {'n':>4} {'F1':>7} {'agency':>7} {'kind':>7} {'strict':>7}"
    for dim in ("family", "format", "grouping", "naming", "style", "flags"):
        print(f"\n== by {dim}\n{head}")
        for name, (s, seeds) in sorted(groups[dim].items()):
            print(_line(name, s, len(seeds)))
    print(f"\n{head}\n{_line('ALL', total, args.n)}")
    worst = min(s.f1 for s, _ in groups["family"].values())
    print(f"worst family F1 {worst:.3f}; {time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
