"""Cell-level accuracy of extracted tables against the corpus ground truth.

For every ``corpus/truth/*.truth.json`` with tables, the paper is read and each
truth row (header rows included) is matched to the extracted row on the same
pages that shares the most cells; a cell counts as right when its text equals
the truth's (whitespace normalised). ``measure()`` returns the numbers; run
``pytest -s tests/corpus/test_tables_truth.py`` to see them printed per paper and per
layout.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ingest.model import ParsedDocument, Table

from ..helpers import CORPUS_TRUTH, FIXTURE_TRUTH, corpus_paper


def norm(text: str) -> str:
    return " ".join(str(text).split())


@dataclass
class Score:
    right: int = 0
    total: int = 0
    layouts: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 1.0


def truth_files() -> list[Path]:
    return sorted(
        p
        for d in (CORPUS_TRUTH, FIXTURE_TRUTH)
        for p in d.glob("*.truth.json")
        if json.loads(p.read_text(encoding="utf-8")).get("tables")
    )


def _rows_on(tables: Sequence[Table], first: int, last: int) -> list[tuple[str, ...]]:
    """Every extracted row (header rows too, and each table's joined header) on those pages."""
    out: list[tuple[str, ...]] = []
    for t in tables:
        if t.header_rows and first <= t.page_start <= last:
            out.extend(tuple(norm(c) for c in r) for r in t.header_rows)
            if len(t.header_rows) > 1:
                joined = [
                    " ".join(r[j] for r in t.header_rows if j < len(r) and r[j])
                    for j in range(t.n_cols)
                ]
                out.append(tuple(norm(c) for c in joined))
        for i, row in enumerate(t.rows):
            page = t.row_pages[i] if i < len(t.row_pages) else t.page_start
            if first <= page <= last:
                out.append(tuple(norm(c) for c in row))
    return out


def score_table(truth: dict, tables: Sequence[Table], used: set[int] | None = None) -> Score:
    """Right cells / truth cells for one truth table, each extracted row used at most once."""
    candidates = _rows_on(tables, truth["page_start"], truth["page_end"])
    used = set() if used is None else used
    score = Score(layouts=list(truth.get("layout", [])))
    for truth_row in [*truth.get("header", []), *truth["rows"]]:
        want = [norm(c) for c in truth_row]
        best, best_i = 0, None
        for i, row in enumerate(candidates):
            if (truth["page_start"], i) in used:
                continue
            hits = sum(1 for j, cell in enumerate(want) if j < len(row) and row[j] == cell)
            if hits > best:
                best, best_i = hits, i
        if best_i is not None:
            used.add((truth["page_start"], best_i))
        score.right += best
        score.total += len(want)
    return score


def measure(parse: Callable[[Path], ParsedDocument], names: Sequence[str] | None = None) -> dict:
    """{"overall": accuracy, "papers": {name: accuracy}, "layouts": {layout: accuracy},
    "tables": {(name, i): Score}} over every truth table (or those of ``names``), each
    paper parsed by ``parse`` (the session's parse_once fixture)."""
    papers: dict[str, Score] = {}
    layouts: dict[str, Score] = {}
    tables: dict[tuple[str, int], Score] = {}
    overall = Score()
    for path in truth_files():
        truth = json.loads(path.read_text(encoding="utf-8"))
        name = truth["file"]
        if names and name not in names:
            continue
        parsed = parse(corpus_paper(name))
        paper = papers.setdefault(name, Score())
        used: set = set()
        for i, t in enumerate(truth["tables"]):
            s = score_table(t, parsed.tables, used)
            tables[(name, i)] = s
            for bucket in (paper, overall, *(layouts.setdefault(k, Score()) for k in s.layouts)):
                bucket.right += s.right
                bucket.total += s.total
    return {
        "overall": overall.accuracy,
        "cells": (overall.right, overall.total),
        "papers": {k: v.accuracy for k, v in papers.items()},
        "layouts": {k: v.accuracy for k, v in sorted(layouts.items())},
        "tables": tables,
    }


def report(result: dict) -> str:
    lines = [
        f"overall cell accuracy {result['overall']:.1%} ({result['cells'][0]}/{result['cells'][1]})"
    ]
    lines += [f"  paper  {v:6.1%}  {k}" for k, v in result["papers"].items()]
    lines += [f"  layout {v:6.1%}  {k}" for k, v in result["layouts"].items()]
    for (name, i), s in result["tables"].items():
        if s.accuracy < 1:
            lines.append(f"  table  {s.accuracy:6.1%}  {name} #{i} {','.join(s.layouts)}")
    return "\n".join(lines)


# ---------------------------------------------------------------- tests

pytestmark = pytest.mark.real


def _need_corpus() -> None:
    if not truth_files():
        pytest.fail("corpus/truth has no ground truth with tables; the corpus ships with some")


def test_scorer_counts_cells_and_uses_each_row_once() -> None:
    t = Table("d", 0, 1, 1, (("Risk", "Response"),), (("A", "x"), ("B", "y")), (1, 1))
    truth = {
        "page_start": 1,
        "page_end": 1,
        "header": [["Risk", "Response"]],
        "rows": [["A", "x"], ["A", "x"], ["B", "z"]],
    }
    s = score_table(truth, [t])
    assert (s.right, s.total) == (2 + 2 + 1, 8)


def test_cell_accuracy_report(parse_once) -> None:
    _need_corpus()
    result = measure(parse_once)
    print("\n" + report(result))
    right, total = result["cells"]
    assert total > 0 and result["overall"] == pytest.approx(right / total)
    if not KNOWN_IMPERFECT:  # every truth table is exact, so every cell must be right
        assert right == total


# Tables the reader does not yet get exactly right (ingest/pdf/, ingest/tables.py), with
# what goes wrong; strict, so a fix fails the run until its entry is removed here.
KNOWN_IMPERFECT: dict[tuple[str, int | None], str] = {}  # every truth table is exact now


def _all_cases() -> list:
    cases = []
    for path in truth_files():
        truth = json.loads(path.read_text(encoding="utf-8"))
        for i, t in enumerate(truth["tables"]):
            reason = KNOWN_IMPERFECT.get((truth["file"], i)) or KNOWN_IMPERFECT.get(
                (truth["file"], None)
            )
            marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
            label = f"{truth['file'].removesuffix('.pdf')}#{i}-{'-'.join(t.get('layout', []))}"
            cases.append(pytest.param(truth["file"], i, id=label, marks=marks))
    return cases


@pytest.mark.parametrize(("name", "index"), _all_cases())
def test_truth_table_is_exact(parse_once, name: str, index: int) -> None:
    score = measure(parse_once, [name])["tables"][(name, index)]
    assert (score.right, score.total) == (score.total, score.total)
