"""The text layer on generated list layouts (issue 22): items, recommendations, spaces.

    PYTHONPATH=$PWD .venv/bin/python tests/eval/run_list_pages_eval.py            # seeds 0..199
    PYTHONPATH=$PWD .venv/bin/python tests/eval/run_list_pages_eval.py -n 40 --start 500 --show 5

Each layout (tests/ingest/pdf/listpages.py) typesets a SYNTHETIC report one random way:
a recommendations list in one of thirteen marker styles, hanging or flush, with or
without space between items, in one or two columns, tight or loose tracking, with or
without space characters, over column and page breaks. boardsearch reads it back
(``ingest.pipeline.parse_file``, then the recommendations extractor) and it is scored
against what the page shows:

  units      list items that come back as exactly one passage of their own
  recs       list items found as recommendations with their text (recall), and
             recommendations that are list items (precision)
  findings   numbered findings that come back as one passage each
  headings   list and findings headings found as section titles, spaces and all
  glued      passages holding two or more items (should be 0)

Printed overall and per layout choice, so a weak choice shows.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.ingest.pdf import listpages  # noqa: E402


def norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def strip_marker(text: str) -> str:
    from ingest import listitems

    mark = listitems.marker(text)
    return text.lstrip()[len(mark) :].strip() if mark else text


@dataclass
class Score:
    items: int = 0
    units: int = 0
    recs_found: int = 0
    recs: int = 0
    recs_right: int = 0
    findings: int = 0
    findings_ok: int = 0
    headings: int = 0
    headings_ok: int = 0
    glued: int = 0
    files: int = 0

    def add(self, o: Score) -> None:
        for k, v in vars(o).items():
            setattr(self, k, getattr(self, k) + v)

    def row(self, name: str) -> str:
        def r(a: int, b: int) -> str:
            return f"{a / b:7.3f}" if b else "      -"

        return (
            f"{name:28} {self.files:5} {r(self.units, self.items)} {r(self.recs_found, self.items)}"
            f" {r(self.recs_right, self.recs)} {r(self.findings_ok, self.findings)}"
            f" {r(self.headings_ok, self.headings)} {self.glued:6}"
        )


def score(g: listpages.Generated, show: bool = False) -> Score:
    from ingest.extract import recommendations
    from ingest.pipeline import parse_file

    parsed = parse_file(g.path, enrich=False)
    paras = [p for p in parsed.passages if p.kind == "paragraph"]
    bodies = [norm(strip_marker(p.text)) for p in paras]
    s = Score(files=1, items=len(g.items), findings=len(g.findings))
    truth = [norm(i.text) for i in g.items]
    for item, key in zip(g.items, truth, strict=True):
        if bodies.count(key) == 1:
            s.units += 1
        elif show:
            print(f"  UNIT    seed {g.layout.seed}: {item.marker} {item.text[:90]}")
    for p, body in zip(paras, bodies, strict=True):
        held = [k for k in truth if k[:40] in body]
        if len(held) >= 2:
            s.glued += 1
            if show:
                print(f"  GLUED   seed {g.layout.seed}: {p.text[:120]}")
    found = [
        norm(r.fields.text) for r in recommendations.extract(parsed) if r.kind == "recommendation"
    ]
    s.recs = len(found)
    s.recs_found = sum(1 for k in truth if k in found)
    s.recs_right = sum(1 for f in found if f in truth)
    if show:
        for item, key in zip(g.items, truth, strict=True):
            if key not in found:
                print(f"  REC     seed {g.layout.seed}: missed {item.marker} {item.text[:80]}")
        for f in found:
            if f not in truth:
                print(f"  REC     seed {g.layout.seed}: extra {f[:90]}")
    texts = [norm(p.text) for p in paras]
    s.findings_ok = sum(1 for f in g.findings if texts.count(norm(f)) == 1)
    titles = {part for sec in parsed.sections for part in sec.path}
    wanted = [h for h in g.headings[1:]]
    s.headings = len(wanted)
    s.headings_ok = sum(1 for h in wanted if h in titles)
    if show and s.headings_ok < s.headings:
        print(f"  HEADING seed {g.layout.seed}: {sorted(titles)}")
    return s


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=200, help="how many layouts (default 200)")
    ap.add_argument("--start", type=int, default=0, help="the first seed (default 0)")
    ap.add_argument("--show", type=int, default=0, metavar="K", help="show misses of K layouts")
    ap.add_argument("--out", type=Path, default=None, help="keep the generated PDFs here")
    args = ap.parse_args(argv)
    folder = args.out or Path(tempfile.mkdtemp(prefix="listpages-"))
    total = Score()
    by: dict[str, Score] = defaultdict(Score)
    shown = 0
    for seed in range(args.start, args.start + args.n):
        g = listpages.generate(seed, folder)
        s = score(g, show=False)
        bad = s.units < s.items or s.recs_found < s.items or s.recs_right < s.recs or s.glued
        bad = bad or s.findings_ok < s.findings or s.headings_ok < s.headings
        if bad and shown < args.show:
            print(f"\nseed {seed}: {g.layout}")
            score(g, show=True)
            shown += 1
        total.add(s)
        lay = g.layout
        for key in (
            f"marker {lay.marker}",
            f"hanging {lay.hanging}",
            f"item gap {lay.item_gap}",
            f"columns {lay.columns}",
            f"tracking {lay.tracking}",
            f"spaces {lay.spaces}",
            f"tail {lay.tail or '-'}",
            f"font {lay.font} {lay.size:g}",
        ):
            by[key].add(s)
    print(
        f"\n{'layout choice':28} {'files':>5} {'units':>7} {'recall':>7} {'prec':>7}"
        f" {'finds':>7} {'heads':>7} {'glued':>6}"
    )
    for key in sorted(by):
        print(by[key].row(key))
    print(total.row("all"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
