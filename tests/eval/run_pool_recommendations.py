"""Score recommendations and check passages on the labelled pool of real reports (issue 22).

    PYTHONPATH=$PWD .venv/bin/python tests/eval/run_pool_recommendations.py              # dev half
    PYTHONPATH=$PWD .venv/bin/python tests/eval/run_pool_recommendations.py --show       # and misses
    PYTHONPATH=$PWD .venv/bin/python tests/eval/run_pool_recommendations.py --half test  # once, at the end
    PYTHONPATH=$PWD .venv/bin/python tests/eval/run_pool_recommendations.py --labels L --pdfs P --half test
    PYTHONPATH=$PWD .venv/bin/python tests/eval/run_pool_recommendations.py --realdocs   # passage checks

Each labelled report (tests/eval/pool/<stem>.json, format in POOL.md) is read with the
product's reader (``ingest.pipeline.parse_file``, extractors on) and its ``recommendation``
records are matched to the labels as tests/eval/run_recommendations_eval.py matches them
(same document, same page, fuzzy text, one to one; its functions are reused). Printed per
framework (SIF, ILACS) and overall: precision, recall, and addressee right (matched pairs
whose addressee kind is the label's).

Which half a report belongs to: tests/eval/pool_split.json when it names the file, else the
label's ``half``, else ``test`` (a report nobody assigned is held out). ``--half test`` on
the shipped pool prints summary numbers only, never a report's name, misses or examples;
score it once, at the end. On any other folder of labels (a maintainer's held-out set) the
per-report table and ``--show`` work for both halves.

The passage checks run over every passage of the scored reports (``--realdocs``: of every
PDF under ../shared/realdocs, test-half files counted in totals only, without examples):

- run together: a token holding 24 or more letters in a row (English words that long are
  vanishingly rare, so such a token is words whose spaces were lost); web and mail
  addresses are left out.
- two or more list items: a paragraph passage holding two or more of its pages' item
  lines. An item line is a body line of the page (not a heading, table or furniture line)
  that starts with an item marker: a bullet glyph, or a list number ("1.", "2.3", "(a)",
  "a)", "iv)") followed by text. The check is on the page's line starts, not on wording.
- only a grade: a passage whose whole text is an inspection grade (Outstanding, Good,
  Requires improvement (to be good), Inadequate, Adequate), with or without a
  "Judgement:"-style label or closing punctuation.

Parsed documents can be kept with ``--cache DIR``; the cache key holds a hash of ingest's
code and data, so a change to the reader never scores stale documents.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from run_recommendations_eval import match, similar

ROOT = Path(__file__).resolve().parents[2]
POOL_LABELS = ROOT / "tests" / "eval" / "pool"
SPLIT = ROOT / "tests" / "eval" / "pool_split.json"
REALDOCS = ROOT.parent / "shared" / "realdocs"
POOL_PDFS = REALDOCS / "pool"

RUN_TOGETHER = re.compile(r"[A-Za-z]{24,}")
_ADDRESS = re.compile(r"(?:https?:|www\.|@|/|\.(?:gov|org|co|com|nhs|net|uk)\b)", re.I)
BULLETS = "\u2022\u25cf\u25e6\u25aa\u25ab\u25a0\u25a1\u25fc\u25fb\u25c6\u25c7\u2023\u2043\u2219\u00b7\u27a2\u27a4\u25ba\u25b6\u2713\u2714\u2610\u2611\u2612\u2013\u2014*-"
ITEM_LINE = re.compile(
    rf"^(?:[{re.escape(BULLETS)}]\s*\S"
    r"|\d{1,3}(?:\.\d{1,2}){0,2}[.)]\s+\S"
    r"|\d{1,2}\.\d{1,2}\s+[A-Za-z]"
    r"|\((?:[a-z]|[ivx]{1,4}|\d{1,2})\)\s+\S"
    r"|(?:[a-z]|[ivx]{1,4})\)\s+\S)"
)
GRADE_ONLY = re.compile(
    r"^(?:(?:overall\s+)?(?:judgement|judgment|grade|rating)(?:\s+grade)?\s*[:\-–]?\s*)?"
    r"(?:outstanding|good|adequate|inadequate|requires\s+improvement(?:\s+to\s+be\s+good)?)"
    r"\W*$",
    re.I,
)


# ---------------------------------------------------------------- passage checks


def run_together(text: str) -> list[str]:
    """Tokens of ``text`` holding 24 or more letters in a row (web addresses left out)."""
    return [t for t in text.split() if RUN_TOGETHER.search(t) and not _ADDRESS.search(t)]


def item_lines(page) -> list[str]:
    """The body lines of a page that open a list item (whitespace folded).

    A marker opens an item when it is a bullet glyph, or when the line before it (the
    previous body line on the page) does not run on into it: that line is finished
    (ends with . : ; ! ? or a closing bracket or quote), or is far above it (a gap of more
    than 0.8 of the line's size), or starts right of it (a hanging indent), or itself
    opened with the same kind of marker at the same left edge (sibling items). A number
    that only begins a wrapped line of a sentence ("... in Years 10 and / 11. These")
    is not an item.
    """
    out = []
    prev = None
    for line in page.lines:
        if line.kind != "body":
            continue
        text = " ".join(line.text.split())
        if len(text) >= 6 and ITEM_LINE.match(text) and _opens_item(text, line, prev):
            out.append(text)
        prev = line
    return out


def _opens_item(text: str, line, prev) -> bool:
    if text[0] in BULLETS and text[0] not in "\u2013\u2014-*":
        return True
    if prev is None or line.bbox is None or prev.bbox is None:
        return True
    before = " ".join(prev.text.split())
    size = max(line.size, 1.0)
    if before.endswith((".", ":", ";", "!", "?", ")", "’", "”", '"')):
        return True
    if line.bbox.top - prev.bbox.bottom > 0.8 * size or line.bbox.top < prev.bbox.top - size:
        return True
    if line.bbox.x0 < prev.bbox.x0 - 2:
        return True
    return _sibling(before, text) and abs(line.bbox.x0 - prev.bbox.x0) <= 2


def _sibling(before: str, text: str) -> bool:
    """The line before opened an item of the same list: the same glyph, or the number
    one less ("2." then "3.")."""
    if not ITEM_LINE.match(before):
        return False
    a, b = re.match(r"\d+", before), re.match(r"\d+", text)
    if a and b:
        return int(b.group()) == int(a.group()) + 1
    return before[0] == text[0] and not before[0].isalnum()


def items_in(passage_text: str, lines: list[str]) -> list[str]:
    """The item lines found in a passage's text (each once, by its first 60 characters)."""
    hay = " " + " ".join(passage_text.split())
    found = []
    for line in dict.fromkeys(lines):
        if " " + line[:60] in hay:
            found.append(line)
    return found


def grade_only(text: str) -> bool:
    return bool(GRADE_ONLY.match(" ".join(text.split())))


@dataclass
class PassageChecks:
    """Counts and examples of the three passage faults over some documents."""

    passages: int = 0
    run_together: int = 0
    multi_item: int = 0
    grade_only: int = 0
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, parsed, name: str, keep_examples: bool = True) -> None:
        lines_of = {p.number: item_lines(p) for p in parsed.pages}
        for p in parsed.passages:
            self.passages += 1
            glued = run_together(p.text)
            self.run_together += len(glued)
            if glued and keep_examples:
                self.examples["run together"] += [f"{name} p{p.page}: {t[:80]}" for t in glued]
            if p.kind == "paragraph":
                near = lines_of.get(p.page, []) + lines_of.get(p.page + 1, [])
                held = items_in(p.text, near)
                if len(held) >= 2:
                    self.multi_item += 1
                    if keep_examples:
                        self.examples["two or more list items"].append(
                            f"{name} p{p.page} ({len(held)} items): {p.text[:160]}"
                        )
            if grade_only(p.text):
                self.grade_only += 1
                if keep_examples:
                    self.examples["only a grade"].append(
                        f"{name} p{p.page} [{' › '.join(p.section_path)}]: {p.text}"
                    )

    def report(self, title: str, show: bool, limit: int = 25) -> None:
        print(f"\n{title}: {self.passages} passages")
        print(f"  tokens of 24+ letters run together: {self.run_together}")
        print(f"  passages holding two or more list items: {self.multi_item}")
        print(f"  passages that are only a grade: {self.grade_only}")
        for what, rows in self.examples.items():
            if not rows:
                continue
            print(f"  e.g. {what} ({len(rows)}):")
            for row in rows[: None if show else limit]:
                print(f"    {row}")


# ---------------------------------------------------------------- reading, with a cache


def code_version() -> str:
    """A hash of ingest's code and data files: a cached document is only as good as these."""
    h = hashlib.sha256()
    for f in sorted((ROOT / "ingest").rglob("*")):
        if (
            f.is_file()
            and f.suffix in (".py", ".json", ".txt", ".csv")
            and "__pycache__" not in f.parts
        ):
            h.update(str(f.relative_to(ROOT)).encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:12]


def parse(path: Path, cache: Path | None, enrich: bool, version: str):
    from ingest.pipeline import parse_file

    key = None
    if cache:
        tag = "e" if enrich else "p"
        key = cache / f"{path.name}.{path.stat().st_size}.{version}.{tag}.pickle"
        if key.exists():
            return pickle.loads(key.read_bytes())
    parsed = parse_file(path, enrich=enrich)
    if key is not None:
        cache.mkdir(parents=True, exist_ok=True)
        key.write_bytes(pickle.dumps(parsed))
    return parsed


# ---------------------------------------------------------------- recommendations


def halves(split: Path) -> dict[str, str]:
    if not split.exists():
        return {}
    data = json.loads(split.read_text(encoding="utf-8"))
    return {name: half for half in ("dev", "test") for name in data.get(half, [])}


def load_labels(labels: Path, split: Path) -> list[dict]:
    assigned = halves(split)
    out = []
    for f in sorted(labels.glob("*.json")):
        label = json.loads(f.read_text(encoding="utf-8"))
        if "file" not in label or "recommendations" not in label:
            raise SystemExit(f"{f}: not a pool label file (no 'file' or 'recommendations' key)")
        label["half"] = assigned.get(label["file"]) or label.get("half") or "test"
        out.append(label)
    return out


@dataclass
class Tally:
    matched: int = 0
    found: int = 0
    labels: int = 0
    who_right: int = 0

    def add(self, other: Tally) -> None:
        self.matched += other.matched
        self.found += other.found
        self.labels += other.labels
        self.who_right += other.who_right

    def line(self, name: str) -> str:
        prec = self.matched / self.found if self.found else 1.0
        rec = self.matched / self.labels if self.labels else 1.0
        who = self.who_right / self.matched if self.matched else 1.0
        return (
            f"{name:12} {self.labels:6} {self.found:6} {self.matched:6} "
            f"{prec:9.3f} {rec:7.3f} {who:9.3f}"
        )


def score_report(parsed, label: dict, show: bool) -> Tally:
    recs = [r for r in parsed.records if r.kind == "recommendation"]
    preds = [{"page": r.page, "text": r.fields.text, "data": r.data} for r in recs]
    labels = label["recommendations"]
    pairs, extra, missed = match(preds, labels)
    who = sum(preds[i]["data"].get("addressee", "") == labels[j]["addressee"] for i, j in pairs)
    if show:
        name = label["file"]
        for i, j in pairs:
            got = preds[i]["data"].get("addressee", "")
            if got != labels[j]["addressee"]:
                print(
                    f"  ADDRESSEE {name} p{labels[j]['page']}: labelled "
                    f"{labels[j]['addressee']!r}, found {got!r}"
                )
            if similar(preds[i]["text"], labels[j]["text"]) < 0.97:
                print(
                    f"  TEXT {name} p{labels[j]['page']}:\n    label {labels[j]['text']}"
                    f"\n    found {preds[i]['text']}"
                )
        for j in missed:
            lab = labels[j]
            print(f"  MISSED {name} p{lab['page']} #{lab.get('number')}: {lab['text'][:120]}")
        for i in extra:
            print(f"  EXTRA  {name} p{preds[i]['page']}: {preds[i]['text'][:120]}")
    return Tally(len(pairs), len(preds), len(labels), who)


def score_pool(args: argparse.Namespace) -> int:
    version = code_version()
    labels = [lab for lab in load_labels(args.labels, args.split) if lab["half"] == args.half]
    if not labels:
        print(f"No labelled reports of the {args.half} half in {args.labels}", file=sys.stderr)
        return 2
    missing = [lab["file"] for lab in labels if not (args.pdfs / lab["file"]).exists()]
    if missing:
        print(
            f"Cannot find these labelled PDFs in {args.pdfs}: {', '.join(missing)}", file=sys.stderr
        )
        return 2
    shipped = args.labels.resolve() == POOL_LABELS.resolve()
    private = shipped and args.half == "test"  # summary numbers only
    per_report = not private
    totals: dict[str, Tally] = defaultdict(Tally)
    checks = PassageChecks()
    rows = []
    for label in labels:
        parsed = parse(args.pdfs / label["file"], args.cache, True, version)
        tally = score_report(parsed, label, args.show and per_report)
        totals[label.get("framework") or "other"].add(tally)
        totals["all"].add(tally)
        checks.add(parsed, label["file"], keep_examples=per_report)
        rows.append((label["file"], tally))
    if per_report:
        print(f"\n{'report':44} {'labels':>6} {'found':>6} {'match':>6} {'addressee':>9}")
        for name, t in rows:
            print(f"{name[:44]:44} {t.labels:6} {t.found:6} {t.matched:6} {t.who_right:9}")
    print(f"\n{args.half} half: {len(labels)} reports")
    print(
        f"{'framework':12} {'labels':>6} {'found':>6} {'match':>6} "
        f"{'precision':>9} {'recall':>7} {'addressee':>9}"
    )
    for key in sorted(totals, key=lambda k: (k == "all", k)):
        print(totals[key].line(key))
    checks.report(f"passage checks, {args.half} half", args.show and per_report)
    return 0


def check_realdocs(args: argparse.Namespace) -> int:
    """The passage checks over every PDF under the realdocs folder; test half as totals."""
    version = code_version()
    assigned = halves(args.split)
    files = sorted(args.realdocs_dir.rglob("*.pdf"))
    if not files:
        print(f"No PDFs under {args.realdocs_dir}", file=sys.stderr)
        return 2
    open_checks, test_checks = PassageChecks(), PassageChecks()
    n_test = 0
    for f in files:
        held_out = assigned.get(f.name) == "test"
        if held_out and args.open_only:
            continue
        parsed = parse(f, args.cache, False, version)
        if held_out:
            n_test += 1
            test_checks.add(parsed, f.name, keep_examples=False)
        else:
            open_checks.add(parsed, str(f.relative_to(args.realdocs_dir)))
    n_open = len(files) - sum(assigned.get(f.name) == "test" for f in files)
    open_checks.report(f"passage checks, {n_open} PDFs (all but the test half)", args.show)
    test_checks.report(f"passage checks, {n_test} test-half PDFs (totals only)", False)
    total = PassageChecks(
        open_checks.passages + test_checks.passages,
        open_checks.run_together + test_checks.run_together,
        open_checks.multi_item + test_checks.multi_item,
        open_checks.grade_only + test_checks.grade_only,
    )
    total.report(f"passage checks, all {len(files)} PDFs", False)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--half",
        choices=("dev", "test"),
        default="dev",
        help="which half to score (default dev; score test once, at the end)",
    )
    ap.add_argument("--labels", type=Path, default=POOL_LABELS, help="folder of label files")
    ap.add_argument("--pdfs", type=Path, default=POOL_PDFS, help="folder of the labelled PDFs")
    ap.add_argument(
        "--split",
        type=Path,
        default=SPLIT,
        help="the split file saying which report is in which half",
    )
    ap.add_argument(
        "--show",
        action="store_true",
        help="list misses, extras and every passage fault (not for the test half)",
    )
    ap.add_argument("--cache", type=Path, default=None, help="keep parsed documents here")
    ap.add_argument(
        "--realdocs",
        action="store_true",
        help="run only the passage checks, over every PDF under --realdocs-dir",
    )
    ap.add_argument("--realdocs-dir", type=Path, default=REALDOCS)
    ap.add_argument(
        "--open-only",
        action="store_true",
        help="with --realdocs: leave the test-half PDFs out altogether",
    )
    args = ap.parse_args(argv)
    return check_realdocs(args) if args.realdocs else score_pool(args)


if __name__ == "__main__":
    sys.exit(main())
