"""Score metadata, tables and organisations on the labelled pool (issue 22).

    PYTHONPATH=$PWD .venv/bin/python tests/eval/run_pool_structure.py              # dev half
    PYTHONPATH=$PWD .venv/bin/python tests/eval/run_pool_structure.py --show       # and per report
    PYTHONPATH=$PWD .venv/bin/python tests/eval/run_pool_structure.py --cache /tmp/pool-cache
    PYTHONPATH=$PWD .venv/bin/python tests/eval/run_pool_structure.py --sample-orgs 200 --seed 1
    PYTHONPATH=$PWD .venv/bin/python tests/eval/run_pool_structure.py --labels DIR --pdfs DIR

Each labelled report (``<stem>.json`` in ``--labels``, format in tests/eval/POOL.md) is read
with the product (``ingest.pipeline.parse_file``, every extractor on) from ``--pdfs``, and
three things are scored, per framework (SIF, ILACS) and overall:

* **metadata**: authority right when the document's boroughs are exactly the labelled
  authority; period and doc_type equal to the labels; the title right when, folded (case,
  punctuation and spaces dropped), it equals the labelled cover title or holds it and names
  no other authority, and is never a placeholder ("LA NAME", "INSPECTION DATE").
* **tables**: a labelled table is found when a table starting on its page holds most of the
  words of its header and first row (one to one); found with the true header when the
  header rows are equal after folding (empty cells dropped: an indent cell is not a
  column; ``[]`` = no header). A found table that matches no labelled table is a false
  table: the labels list every real table of a report, so ``--show`` lists them to be
  judged on the page.
* **organisations**: on the two labelled pages of each report, the product's
  organisation-like entities (``organisation`` entities, and ``agency`` entities written
  as a proper name, not a generic "the police" but an acronym "LSCB", whose agency type is a body's: not an
  arrangement such as MARAC nor a post such as the LADO), once per name per page. Precision =
  predicted names matching a labelled name (folded: case, a leading "the", punctuation;
  a bracketed acronym optional) / predicted; recall = labelled names matched / labelled.

``--half`` picks the development half (the default) or the test half of
tests/eval/pool_split.json (a label file's own ``half`` decides for files the split does
not name; a file with neither is in every half). Score the test half once, at the end:
``--show`` is refused there, so no per-report result of it is printed.
``--sample-orgs N --seed S`` also prints (or writes to ``--sample-file``) a random sample
of N organisation names the product extracts from the half's reports, each with the
sentence it came from, for a reader to judge; ``--judged FILE`` (a reader's verdicts,
as in tests/eval/pool_orgs_judged_dev.json) then prints the sample's precision.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
LABELS = ROOT / "tests" / "eval" / "pool"
SPLIT = ROOT / "tests" / "eval" / "pool_split.json"
PDFS = ROOT.parent / "shared" / "realdocs" / "pool"
FRAMEWORKS = ("SIF", "ILACS")
NOT_BODIES = ("arrangement", "role")  # agency types in data/agencies.json that are no body
# A labelled table is found by a table on its page holding at least this share of the
# words of its header and first row.
TABLE_WORDS_SHARE = 0.6
_PLACEHOLDER = re.compile(
    r"\b(?:LA NAME|LOCAL AUTHORITY NAME|INSPECTION DATES?|DATE OF INSPECTION|INSERT|XX+)\b"
    r"|\[[^\]]*\]|<[^>]*>|\{[^}]*\}"
)


# ---------------------------------------------------------------- folding


def fold(text: str) -> str:
    """Case, punctuation and spaces dropped: how titles and header cells are compared."""
    return re.sub(r"[\W_]+", "", text.lower())


def fold_org(text: str) -> str:
    """An organisation name folded: case, a leading "the", punctuation, plural quote marks."""
    text = re.sub(r"[’‘`]", "'", text.lower()).strip()
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"[\W_]+", " ", text).strip()


def org_forms(label: str) -> set[str]:
    """The forms a labelled name may be found in: whole, without its bracketed acronym,
    or the acronym alone ("Family Drug and Alcohol Court (FDAC)")."""
    forms = {fold_org(label)}
    m = re.match(r"^(.*?)\s*\(([^)]+)\)\s*$", label)
    if m:
        forms |= {fold_org(m.group(1)), fold_org(m.group(2))}
    return {f for f in forms if f}


def fold_rows(rows: Any) -> list[list[str]]:
    """Header rows folded, empty cells dropped (an indent cell is not a column)."""
    return [[fold(c) for c in row if fold(c)] for row in rows]


def words(cells: Any) -> list[str]:
    return [w for c in cells for w in re.findall(r"[a-z0-9]+", c.lower())]


# ---------------------------------------------------------------- reading


def code_version() -> str:
    """A hash of the product's code and data: a cached reading is stale once it changes."""
    h = hashlib.sha256()
    for path in sorted((ROOT / "ingest").rglob("*")):
        if path.suffix in (".py", ".json") and path.is_file():
            h.update(str(path.relative_to(ROOT)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def parse(path: Path, cache: Path | None, version: str) -> Any:
    """The product's reading of one report (from the cache when code and file are unchanged)."""
    from ingest.pipeline import parse_file

    data = path.read_bytes()
    key = None
    if cache is not None:
        key = cache / f"{path.stem}.{hashlib.sha256(data).hexdigest()[:16]}.{version}.pickle"
        if key.exists():
            return pickle.loads(key.read_bytes())
    parsed = parse_file(path, data)
    if key is not None:
        key.parent.mkdir(parents=True, exist_ok=True)
        key.write_bytes(pickle.dumps(parsed))
    return parsed


def half_of(stem: str, labels_dir: Path) -> str | None:
    """The half a report is in: the split file's word, else its label file's, else None."""
    split = json.loads(SPLIT.read_text(encoding="utf-8")) if SPLIT.exists() else {}
    for half in ("dev", "test"):
        if f"{stem}.pdf" in split.get(half, []):
            return half
    label = json.loads((labels_dir / f"{stem}.json").read_text(encoding="utf-8"))
    return label.get("half")


def reports(labels_dir: Path, pdfs: Path, half: str) -> list[tuple[dict, Path]]:
    """(labels, PDF) of every report of the half; only that half's label files are opened."""
    out = []
    for path in sorted(labels_dir.glob("*.json")):
        which = half_of(path.stem, labels_dir)
        if half != "all" and which not in (half, None):
            continue
        label = json.loads(path.read_text(encoding="utf-8"))
        pdf = pdfs / label.get("file", f"{path.stem}.pdf")
        if not pdf.exists():
            print(f"{path.name}: no PDF at {pdf}; left out", file=sys.stderr)
            continue
        out.append((label, pdf))
    return out


# ---------------------------------------------------------------- scoring


@dataclass
class Score:
    """Counts for one framework (or overall)."""

    reports: int = 0
    authority: int = 0
    period: int = 0
    doc_type: int = 0
    metadata: int = 0
    title: int = 0
    tables: int = 0
    tables_found: int = 0
    tables_header: int = 0
    found: int = 0
    false_tables: int = 0
    orgs_predicted: int = 0
    orgs_right: int = 0
    orgs_labelled: int = 0
    orgs_recalled: int = 0
    notes: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name, value in vars(other).items():
            if isinstance(value, int):
                setattr(self, name, getattr(self, name) + value)


def score_metadata(label: dict, doc: Any, score: Score) -> list[str]:
    from ingest.metadata import find_places

    meta = label["metadata"]
    authority = tuple(doc.boroughs) == (meta["authority"],)
    period = doc.period == meta["period"]
    doc_type = doc.doc_type == meta["doc_type"]
    want, got = fold(meta["title"]), fold(doc.title)
    others = {m.name for m in find_places(doc.title)} - {meta["authority"]}
    title = (
        bool(got)
        and not _PLACEHOLDER.search(doc.title)
        and (got == want or (want in got and not others))
    )
    score.reports += 1
    score.authority += authority
    score.period += period
    score.doc_type += doc_type
    score.metadata += authority and period and doc_type
    score.title += title
    out = []
    if not (authority and period and doc_type):
        out.append(
            f"  metadata WRONG: boroughs {doc.boroughs} period {doc.period!r} type "
            f"{doc.doc_type!r} (labelled {meta['authority']!r} {meta['period']!r} "
            f"{meta['doc_type']!r})"
        )
    if not title:
        out.append(f"  title WRONG: {doc.title!r}\n          labelled {meta['title']!r}")
    return out


def _table_overlap(lab: dict, table: Any) -> float:
    want = words([c for row in lab["header"] for c in row] + list(lab["first_row"]))
    if not want:
        return 0.0
    have = set(words([c for row in (*table.header_rows, *table.rows[:3]) for c in row]))
    return sum(w in have for w in want) / len(want)


def score_tables(label: dict, tables: Any, score: Score) -> list[str]:
    labelled = label["tables"]
    pairs = []
    for i, lab in enumerate(labelled):
        for j, t in enumerate(tables):
            if t.page_start == lab["page"] and (s := _table_overlap(lab, t)) >= TABLE_WORDS_SHARE:
                pairs.append((s, i, j))
    used_l: set[int] = set()
    used_t: dict[int, int] = {}
    for _s, i, j in sorted(pairs, reverse=True):
        if i not in used_l and j not in used_t:
            used_l.add(i)
            used_t[j] = i
    out = []
    score.tables += len(labelled)
    score.found += len(tables)
    for j, t in enumerate(tables):
        if j not in used_t:
            score.false_tables += 1
            first = " | ".join((*t.header_rows, *t.rows)[0]) if (t.header_rows or t.rows) else ""
            out.append(f"  FALSE table p{t.page_start}: {first[:110]!r}")
            continue
        lab = labelled[used_t[j]]
        score.tables_found += 1
        if fold_rows(t.header_rows) == fold_rows(lab["header"]):
            score.tables_header += 1
        else:
            out.append(
                f"  HEADER p{t.page_start}: found {[list(r) for r in t.header_rows]}"
                f"\n          labelled {lab['header']}"
            )
    for i, lab in enumerate(labelled):
        if i not in used_l:
            out.append(f"  MISSED table p{lab['page']} ({lab['what']}): {lab['first_row']}")
    return out


def org_like(record: Any) -> str | None:
    """The name of an organisation-like entity record, or None: an ``organisation``, or an
    ``agency`` written as a proper name (capitalised and not a generic mention such as
    "Police", or an acronym such as "LSCB") whose entry in data/agencies.json names a
    body (not an arrangement such as MARAC, nor a post such as the LADO)."""
    if record.kind != "entity":
        return None
    f = record.fields
    if f.type == "organisation":
        return f.text
    if f.type == "agency" and f.agency_type not in NOT_BODIES:
        bare = re.sub(r"^the\s+", "", f.text.strip(), flags=re.IGNORECASE)
        acronym = bool(re.fullmatch(r"[A-Z][A-Za-z]*[A-Z]s?", bare))  # "LSCB", "CiCC"
        return bare if bare[:1].isupper() and (acronym or not f.generic) else None
    return None


def score_orgs(label: dict, records: Any, score: Score) -> list[str]:
    pages = label["organisations"]["pages"]
    out = []
    for page in pages:
        names = [n["text"] for n in label["organisations"]["names"] if n["page"] == page]
        forms = [org_forms(n) for n in names]
        predicted = {}
        for r in records:
            name = org_like(r) if r.page == page else None
            if name:
                predicted.setdefault(fold_org(name), name)
        recalled = set()
        for key, name in predicted.items():
            hit = [k for k, f in enumerate(forms) if key in f]
            score.orgs_predicted += 1
            if hit:
                score.orgs_right += 1
                recalled.update(hit)
            else:
                out.append(f"  ORG WRONG p{page}: {name!r}")
        score.orgs_labelled += len(names)
        score.orgs_recalled += len(recalled)
        for k, n in enumerate(names):
            if k not in recalled:
                out.append(f"  org missed p{page}: {n!r}")
    return out


def score_report(label: dict, parsed: Any) -> tuple[Score, list[str]]:
    score = Score()
    lines = score_metadata(label, parsed.document, score)
    lines += score_tables(label, parsed.tables, score)
    lines += score_orgs(label, parsed.records, score)
    return score, lines


# ---------------------------------------------------------------- the organisation sample


def _sentence(text: str, name: str) -> str:
    """The sentence of a passage holding ``name`` (the passage's start when none does)."""
    flat = " ".join(text.split())
    for s in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9“‘\"(])", flat):
        if name in s:
            return s
    return flat[:300]


def org_mentions(label: dict, parsed: Any) -> list[dict]:
    """One row per organisation-like name per page of a report (as the labelled pages
    count them), with the sentence it was first found in on that page."""
    passages = {p.ordinal: p for p in parsed.passages}
    seen: dict[tuple[int, str], dict] = {}
    for r in parsed.records:
        name = org_like(r)
        if not name or (r.page, fold_org(name)) in seen:
            continue
        passage = passages.get(r.passage_ordinal)
        sentence = _sentence(passage.text, r.fields.text) if passage else ""
        seen[(r.page, fold_org(name))] = {
            "file": label.get("file", ""),
            "page": r.page,
            "type": r.fields.type,
            "name": name,
            "sentence": sentence,
        }
    return list(seen.values())


def sample_orgs(rows: list[dict], n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    rows = sorted(rows, key=lambda r: (r["file"], r["name"]))
    return rng.sample(rows, min(n, len(rows)))


# ---------------------------------------------------------------- report


def _ratio(a: int, b: int) -> str:
    return f"{a}/{b} ({a / b:.3f})" if b else f"{a}/0 (-)"


def summary(scores: dict[str, Score]) -> str:
    lines = []
    for key, s in scores.items():
        lines += [
            f"== {key}: {s.reports} reports",
            f"  metadata (authority, period, type) {_ratio(s.metadata, s.reports)}; "
            f"authority {s.authority}, period {s.period}, type {s.doc_type}",
            f"  titles right                       {_ratio(s.title, s.reports)}",
            f"  real tables found                  {_ratio(s.tables_found, s.tables)}",
            f"  found with the true header         {_ratio(s.tables_header, s.tables)}",
            f"  false tables                       {s.false_tables} of {s.found} found",
            f"  organisations: precision           {_ratio(s.orgs_right, s.orgs_predicted)}",
            f"  organisations: recall              {_ratio(s.orgs_recalled, s.orgs_labelled)}",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--half", choices=("dev", "test", "all"), default="dev")
    ap.add_argument("--labels", type=Path, default=LABELS, help="folder of <stem>.json labels")
    ap.add_argument("--pdfs", type=Path, default=PDFS, help="folder of the labelled PDFs")
    ap.add_argument("--show", action="store_true", help="per report: what was wrong")
    ap.add_argument("--cache", type=Path, default=None, help="keep readings here (re-runs)")
    ap.add_argument("--sample-orgs", type=int, default=0, metavar="N")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sample-file", type=Path, default=None, help="write the sample here")
    ap.add_argument(
        "--judged", type=Path, default=None, help="judgements of sampled names: precision"
    )
    args = ap.parse_args(argv)
    if args.show and args.half != "dev" and args.labels.resolve() == LABELS.resolve():
        print("--show is for the development half: the test half is scored, never looked at")
        return 2
    if not args.labels.is_dir() or not args.pdfs.is_dir():
        print(f"no labels at {args.labels} or no PDFs at {args.pdfs}", file=sys.stderr)
        return 2
    version = code_version()
    scores = {k: Score() for k in (*FRAMEWORKS, "overall")}
    mentions: list[dict] = []
    for label, pdf in reports(args.labels, args.pdfs, args.half):
        parsed = parse(pdf, args.cache, version)
        score, lines = score_report(label, parsed)
        scores.setdefault(label.get("framework", "other"), Score()).add(score)
        scores["overall"].add(score)
        if args.show:
            print(f"{pdf.name}\n" + ("\n".join(lines) if lines else "  all right"))
        if args.sample_orgs:
            mentions += org_mentions(label, parsed)
    print(summary({k: s for k, s in scores.items() if s.reports}))
    if args.sample_orgs:
        rows = sample_orgs(mentions, args.sample_orgs, args.seed)
        text = json.dumps(rows, indent=1, ensure_ascii=False)
        if args.sample_file:
            args.sample_file.write_text(text + "\n", encoding="utf-8")
            print(f"{len(rows)} of {len(mentions)} organisation names -> {args.sample_file}")
        else:
            print(text)
        if args.judged:
            print(judged_precision(rows, args.judged))
    return 0


def judged_precision(rows: list[dict], path: Path) -> str:
    """Precision of a sample by a reader's judgements (``judged``: file, name, sentence,
    is_org); rows nobody has judged yet are counted apart."""
    data = json.loads(path.read_text(encoding="utf-8"))
    verdicts = {(j["file"], j["name"], j["sentence"]): j["is_org"] for j in data["judged"]}
    known = [verdicts[k] for r in rows if (k := (r["file"], r["name"], r["sentence"])) in verdicts]
    right = sum(bool(v) for v in known)
    return (
        f"judged sample: organisations {_ratio(right, len(known))}; "
        f"{len(rows) - len(known)} of {len(rows)} not judged yet"
    )


if __name__ == "__main__":
    sys.exit(main())
