"""Scoring the stock-take register read from a generated layout against its truth.

A row matches when its four columns match after light normalisation (case,
punctuation, bullets, spacing and a leading "1." dropped: the reader's job is the
words and their columns, not the glyphs). Agency and kind are scored on the
matched rows. Used by tests/test_layouts.py and tests/eval/run_layouts_eval.py.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Key = tuple[str, str, str, str]
_NUMBER = re.compile(r"^\s*(?:\d{1,2}|[a-h]|[ivx]{1,4})[.)]\s+", re.IGNORECASE)


def norm(text: str) -> str:
    text = re.sub(r"\(cid:\d+\)", " ", text or "")  # glyph hygiene is scored elsewhere
    return re.sub(r"\W+", "", _NUMBER.sub("", text).lower())


def norm_agency(text: str) -> str:
    return norm(text)


@dataclass
class Score:
    truth: int = 0
    found: int = 0
    matched: int = 0  # four columns right
    agency_right: int = 0  # of the matched, agency right too
    kind_right: int = 0  # of the matched, kind right too
    strict: int = 0  # agency, kind and four columns right
    problems: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("truth", "found", "matched", "agency_right", "kind_right", "strict"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.problems += other.problems

    @property
    def f1(self) -> float:
        total = self.truth + self.found
        return 2 * self.matched / total if total else 1.0

    @property
    def agency_accuracy(self) -> float:
        return self.agency_right / self.truth if self.truth else 1.0

    @property
    def kind_accuracy(self) -> float:
        return self.kind_right / self.truth if self.truth else 1.0

    @property
    def strict_f1(self) -> float:
        total = self.truth + self.found
        return 2 * self.strict / total if total else 1.0


def score(truth: Sequence[Any], records: Iterable[dict[str, Any]]) -> Score:
    """``truth``: TruthRow-like (agency, kind, cells()); ``records``: stocktake_row data dicts."""
    found = list(records)
    s = Score(truth=len(truth), found=len(found))
    by_key: dict[Key, list[dict[str, Any]]] = {}
    for rec in found:
        key = tuple(
            norm(rec.get(k, "")) for k in ("statement", "response", "support", "recommended_action")
        )
        by_key.setdefault(key, []).append(rec)  # type: ignore[arg-type]
    want = Counter()
    for row in truth:
        key = tuple(norm(c) for c in row.cells())
        want[key] += 1
        candidates = by_key.get(key)  # type: ignore[arg-type]
        if not candidates:
            s.problems.append(f"missing: {row.agency} / {row.kind} / {row.statement[:60]!r}")
            continue
        best = next(
            (
                c
                for c in candidates
                if norm_agency(c.get("agency", "")) == norm_agency(row.agency)
                and c.get("kind") == row.kind
            ),
            candidates[0],
        )
        candidates.remove(best)
        s.matched += 1
        agency_ok = norm_agency(best.get("agency", "")) == norm_agency(row.agency)
        kind_ok = best.get("kind") == row.kind
        s.agency_right += agency_ok
        s.kind_right += kind_ok
        s.strict += agency_ok and kind_ok
        if not (agency_ok and kind_ok):
            s.problems.append(
                f"wrong label: {row.statement[:50]!r} is {row.agency}/{row.kind}, "
                f"read as {best.get('agency')!r}/{best.get('kind')}"
            )
    for rest in by_key.values():
        for rec in rest:
            s.problems.append(
                f"extra: {rec.get('agency')!r} / {rec.get('kind')} / {rec.get('statement', '')[:60]!r}"
            )
    return s


def read_register(path: Path) -> list[dict[str, Any]]:
    """The stock-take rows boardsearch reads from ``path`` (reader + structure + register)."""
    from ingest.extract import stocktake
    from ingest.pipeline import parse_file

    parsed = parse_file(path, enrich=False)
    return [r.data for r in stocktake.extract(parsed)]
