"""Table precision on the real PDFs in ../shared/realdocs: tables that are really tables.

Every table the PDF reader found in those 24 files was looked at once by hand (the
page rendered and viewed where the text alone left doubt) and recorded in
``table_precision.json``: file, page, index on the page, the table's first row
(its cells joined, which identifies it), ``is_table``, a note saying what it is,
and ``found``: whether the reader found it before the precision work, after, or both.
The file keeps the tables found before the precision work too (numbered paragraphs,
charts' axis labels, prose over white boxes), so a regression finds its label.

This script reads the files again and prints, per file and overall,
precision = tables found that are really tables / tables found.
A table found now that the data does not know is listed as "not labelled": look
at it and add it to the data; it is left out of the precision until then. The test half
of the pool (tests/eval/pool_split.json) is held out: only how many tables were found
in it is printed.

    PYTHONPATH=$PWD python tests/eval/run_table_precision.py [--realdocs DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).with_name("table_precision.json")
SPLIT = Path(__file__).with_name("pool_split.json")
REALDOCS = ROOT.parent / "shared" / "realdocs"
TARGET = 0.95


def first_row(cells: tuple[str, ...] | list[str]) -> str:
    """A table's identity in the data: its first row's filled cells, joined, 60 chars."""
    return re.sub(r"\s+", " ", " ".join(c for c in cells if c)).strip()[:60]


def load_labels(path: Path = DATA) -> dict[tuple[str, int, str], dict]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    return {(r["file"], r["page"], r["first_row"]): r for r in rows}


def found_tables(realdocs: Path, files: list[str]) -> dict[str, list[tuple[int, int, str]]]:
    """(page, index on the page, first row) of every table the reader finds, per file."""
    from ingest import pdf

    out: dict[str, list[tuple[int, int, str]]] = {}
    for name in files:
        ex = pdf.read(realdocs / name, "eval")
        per_page: dict[int, int] = {}
        found = []
        for t in ex.tables:
            k = per_page.get(t.page_start, 0)
            per_page[t.page_start] = k + 1
            found.append((t.page_start, k, first_row((*t.header_rows, *t.rows)[0])))
        out[name] = found
    return out


def measure(realdocs: Path = REALDOCS, files: list[str] | None = None) -> dict:
    labels = load_labels()
    if files is None:  # every PDF there, whether or not a table was ever found in it
        files = sorted(str(f.relative_to(realdocs)) for f in realdocs.rglob("*.pdf"))
    found = found_tables(realdocs, files)
    held_out = test_half(files)
    per_file = {}
    unlabelled = []
    wrong = []
    for name, tables in found.items():
        if name in held_out:
            continue  # counted below, never shown
        real = total = 0
        for page, index, row in tables:
            label = labels.get((name, page, row))
            if label is None:
                unlabelled.append({"file": name, "page": page, "index": index, "first_row": row})
                continue
            total += 1
            real += bool(label["is_table"])
            if not label["is_table"]:
                wrong.append({**label, "index": index})
        per_file[name] = {"real": real, "found": total}
    real = sum(v["real"] for v in per_file.values())
    total = sum(v["found"] for v in per_file.values())
    return {
        "per_file": per_file,
        "real": real,
        "found": total,
        "precision": real / total if total else 1.0,
        "not_tables": wrong,
        "unlabelled": unlabelled,
        "test_half": {
            "reports": len(held_out & set(found)),
            "found": sum(len(found[n]) for n in held_out if n in found),
        },
    }


def test_half(files: list[str]) -> set[str]:
    """The pool's test-half reports (tests/eval/pool_split.json): scored once, at the end,
    by run_pool_structure.py; here only the number of tables found in them is printed."""
    if not SPLIT.exists():
        return set()
    held = set(json.loads(SPLIT.read_text(encoding="utf-8")).get("test", []))
    return {f for f in files if f.startswith("pool/") and f.removeprefix("pool/") in held}


def report(result: dict) -> str:
    lines = [f"{'file':<62} {'real':>5} {'found':>6} {'precision':>9}"]
    for name, v in result["per_file"].items():
        p = v["real"] / v["found"] if v["found"] else 1.0
        lines.append(f"{name:<62} {v['real']:>5} {v['found']:>6} {p:>9.3f}")
    ok = "meets" if result["precision"] >= TARGET else "BELOW"
    lines.append(
        f"{'overall':<62} {result['real']:>5} {result['found']:>6} "
        f"{result['precision']:>9.3f}  ({ok} the {TARGET} target)"
    )
    for w in result["not_tables"]:
        lines.append(f"  not a table: {w['file']} page {w['page']}: {w['note']}")
    held = result["test_half"]
    if held["reports"]:
        lines.append(
            f"  pool test half (not shown, not in the precision): {held['found']} tables "
            f"found in {held['reports']} reports"
        )
    for u in result["unlabelled"]:
        lines.append(
            f"  not labelled (look and add to {DATA.name}): {u['file']} page {u['page']} "
            f"#{u['index']}: {u['first_row']!r}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--realdocs", type=Path, default=REALDOCS)
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    if not args.realdocs.is_dir():
        print(f"no real documents at {args.realdocs}", file=sys.stderr)
        return 2
    result = measure(args.realdocs)
    print(json.dumps(result, indent=1) if args.json else report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
