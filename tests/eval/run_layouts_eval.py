"""Row F1 and agency accuracy of the stock-take register on generated layouts.

    .venv/bin/python tests/eval/run_layouts_eval.py            # 300 layouts, seeds 0..299
    .venv/bin/python tests/eval/run_layouts_eval.py -n 60 --start 1000 --show 3
    .venv/bin/python tests/eval/run_layouts_eval.py --families new        # the newer families
    .venv/bin/python tests/eval/run_layouts_eval.py --families action_log,no_table -n 20

Each layout (corpus/layouts.py, corpus/layouts_more.py) typesets the seed's 51
stock-take rows with synthetic agency names one random way (PDF or Word);
boardsearch reads it back and every row is compared with the truth. ``--families``:
old (default: the first round's), new (the families councils also use), all (old or
new per seed) or family names joined by commas. Printed per family and per other
layout choice (table style, orientation, flags):

  F1       rows whose four columns come back right (precision and recall)
  agency   rows matched AND given the right agency, over all truth rows
  kind     rows matched AND given the right kind (risk/strength)
  strict   F1 counting a row right only with agency, kind and four columns

and, where layouts print them, the fields besides the four columns, each the share
of matched rows printing it that read it exactly (corpus/layouts_score.py): rag,
owner, due (as printed), due_iso (normalised), evidence, reference, agencies (of a
row shared by agencies). Scanned layouts are read with OCR (ocrmypdf) and their text
matched allowing a misread letter (layouts_score.score, ``tolerant``); where ocrmypdf
is not installed they are skipped, and the summary says how many.

Targets (issue 11): overall F1 >= 0.99, no family below 0.97. Issue 23: the same on
the newer families, and the fields exact wherever a layout prints them.
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
from layouts_score import FIELDS, Score, ocr_available, read_register, score  # noqa: E402

WIDTH = 40
SHORT = {"due_iso": "iso", "evidence": "evid", "reference": "ref", "agencies": "agencs"}


def _line(name: str, s: Score, n: int, fields: list[str]) -> str:
    line = (
        f"{name:<{WIDTH}} {n:>4} {s.f1:>7.3f} {s.agency_accuracy:>7.3f} "
        f"{s.kind_accuracy:>7.3f} {s.strict_f1:>7.3f}"
    )
    for f in fields:
        value = s.field_accuracy(f)
        line += f" {'-' if value is None else f'{value:.3f}':>6}"
    return line


def _head(fields: list[str]) -> str:
    head = f"{'':<{WIDTH}} {'n':>4} {'F1':>7} {'agency':>7} {'kind':>7} {'strict':>7}"
    return head + "".join(f" {SHORT.get(f, f):>6}" for f in fields)


def _read(gen: layouts.Generated) -> Score:
    try:
        found = read_register(gen.path, ocr=gen.layout.needs_ocr)
        return score(gen.truth, found, tolerant=gen.layout.needs_ocr)
    except Exception as exc:  # a reader crash is a zero for that layout, not the end
        return Score(truth=len(gen.truth), problems=[f"reader failed: {exc}"])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=300, help="how many layouts (default 300)")
    ap.add_argument("--start", type=int, default=0, help="first seed (default 0)")
    ap.add_argument("--show", type=int, default=0, help="print this many problems per bad layout")
    ap.add_argument("--out", type=Path, default=None, help="keep the generated files here")
    ap.add_argument(
        "--families",
        default="old",
        help="old (default), new, all, or family names joined by commas (corpus/layouts_more.py)",
    )
    args = ap.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="boardsearch-layouts-"))
    groups: dict[str, dict[str, tuple[Score, list[int]]]] = defaultdict(dict)
    total = Score()
    skipped: list[int] = []
    can_ocr = ocr_available()
    t0 = time.perf_counter()
    for seed in range(args.start, args.start + args.n):
        lay = layouts.choose_layout(seed, args.families)
        if lay.needs_ocr and not can_ocr:
            skipped.append(seed)
            continue
        gen = layouts.generate(seed, out, args.families)
        s = _read(gen)
        total.add(s)
        for dim, values in lay.dims().items():
            for v in values:
                agg, seeds = groups[dim].setdefault(v, (Score(), []))
                agg.add(s)
                seeds.append(seed)
        if args.show and (s.strict < s.truth or s.found != s.truth or _fields_wrong(s)):
            print(f"seed {seed} {lay.describe()}: strict {s.strict}/{s.truth}, found {s.found}")
            for p in s.problems[: args.show]:
                print(f"    {p}")
        if not args.out:
            gen.path.unlink(missing_ok=True)
    _report(groups, total, args.n - len(skipped))
    worst = min((s.f1 for s, _ in groups["family"].values()), default=0.0)
    print(f"worst family F1 {worst:.3f}; {time.perf_counter() - t0:.0f} s")
    if skipped:
        print(
            f"skipped {len(skipped)} scanned layouts (seeds {', '.join(map(str, skipped))}): "
            "reading them needs OCR and ocrmypdf is not installed (apt-get install ocrmypdf)"
        )
    return 0


def _fields_wrong(s: Score) -> bool:
    return any(right < scored for right, scored in s.fields.values())


def _report(groups: dict[str, dict[str, tuple[Score, list[int]]]], total: Score, n: int) -> None:
    """The tables: per dimension, then all; field columns only where a layout printed one."""
    fields = [f for f in FIELDS if total.field_accuracy(f) is not None]
    order = ("family", "format", "grouping", "naming", "style", "flags")
    for dim in [d for d in order if d in groups]:
        print(f"\n== by {dim}\n{_head(fields)}")
        for name, (s, seeds) in sorted(groups[dim].items()):
            print(_line(name, s, len(seeds), fields))
    print(f"\n{_head(fields)}\n{_line('ALL', total, n, fields)}")


if __name__ == "__main__":
    raise SystemExit(main())
