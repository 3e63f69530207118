"""Scoring the stock-take register read from a generated layout against its truth.

A row matches when its four columns match after light normalisation (case,
punctuation, bullets, spacing and a leading "1." dropped: the reader's job is the
words and their columns, not the glyphs). Agency and kind are scored on the
matched rows. Used by tests/test_layouts.py and tests/eval/run_layouts_eval.py.

The fields some layouts print besides the four columns (corpus/layouts_more.py) are
scored exactly, on the matched rows whose truth has the field, against the record's
key of the same name:

  rag        "red" | "amber" | "green" (however the page wrote it: "R", "RAG: Amber")
  owner      as printed (case, spacing and punctuation aside)
  due        as printed (the same)
  due_iso    the due date normalised: "2013-03-31", "2013-03", "2013-01/2013-03", or
             "" for a due date that names none ("Ongoing"); scored wherever a due
             date is printed
  evidence   as printed (case, spacing and punctuation aside)
  reference  the row's own reference as printed ("KP-R01", "3.2")
  agencies   every agency a shared row names (as a set), on rows shared by agencies

Layouts read through OCR (scanned pages) are scored ``tolerant``: a row no record
matches exactly matches one whose four cells are each at least 90% alike (difflib's
ratio on the normalised text), and agencies, owners and evidence likewise; ratings,
dates and references must still be exact. OCR misreads a letter now and then; the
register is judged on its rows, columns and labels.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

Key = tuple[str, str, str, str]
FIELDS = ("rag", "owner", "due", "due_iso", "evidence", "reference", "agencies")
_NUMBER = re.compile(r"^\s*(?:\d{1,2}|[a-h]|[ivx]{1,4})[.)]\s+", re.IGNORECASE)


def norm(text: str) -> str:
    text = re.sub(r"\(cid:\d+\)", " ", text or "")  # glyph hygiene is scored elsewhere
    return re.sub(r"\W+", "", _NUMBER.sub("", text).lower())


def norm_agency(text: str) -> str:
    return norm(text)


def norm_field(text: Any) -> str:
    """A printed field compared without case, spacing or punctuation ("Mar-13" = "Mar 13")."""
    return re.sub(r"\W+", "", str(text or "").lower())


def truth_field(row: Any, name: str) -> Any:
    """The truth's value of a field, or None where the row does not print it."""
    if name == "due_iso":
        return getattr(row, "due_iso", "") if getattr(row, "due", "") else None
    value = getattr(row, name, "")
    return value or None


def field_right(name: str, want: Any, rec: dict[str, Any], tolerant: bool = False) -> bool:
    """Is the record's ``name`` the truth's ``want``? (``tolerant``: OCR; owners and
    evidence may differ by a misread letter, dates, references and ratings may not)."""
    got = rec.get(name)
    if name == "rag":
        return str(got or "").strip().lower() == want
    if name == "due_iso":
        return (got or "") == want
    if name == "agencies":
        if tolerant:
            return len(got or ()) == len(want) and all(
                any(similar(g, w) for g in got or ()) for w in want
            )
        return {norm_agency(a) for a in got or ()} == {norm_agency(a) for a in want}
    if tolerant and name in ("owner", "evidence"):
        return similar(str(got or ""), want)
    return norm_field(got) == norm_field(want)


@dataclass
class Score:
    truth: int = 0
    found: int = 0
    matched: int = 0  # four columns right
    agency_right: int = 0  # of the matched, agency right too
    kind_right: int = 0  # of the matched, kind right too
    strict: int = 0  # agency, kind and four columns right
    problems: list[str] = field(default_factory=list)
    # per field: [right, scored] over the matched rows whose truth prints the field
    fields: dict[str, list[int]] = field(default_factory=dict)

    def add(self, other: Score) -> None:
        for name in ("truth", "found", "matched", "agency_right", "kind_right", "strict"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.problems += other.problems
        for name, (right, scored) in other.fields.items():
            mine = self.fields.setdefault(name, [0, 0])
            mine[0] += right
            mine[1] += scored

    def field_accuracy(self, name: str) -> float | None:
        """Share of the matched rows printing ``name`` whose record has it right; None
        where no matched row prints it."""
        right, scored = self.fields.get(name, (0, 0))
        return right / scored if scored else None

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


def score(truth: Sequence[Any], records: Iterable[dict[str, Any]], tolerant: bool = False) -> Score:
    """``truth``: TruthRow-like (agency, kind, cells()); ``records``: stocktake_row data dicts.

    ``tolerant`` (text read through OCR): a truth row no record matches exactly matches
    the record whose four cells are each at least ``SIMILAR`` alike (and agencies,
    owners and evidence likewise), since OCR misreads a letter now and then and the
    register is judged on its rows, columns and labels, not on the scanner's glyphs.
    """
    found = list(records)
    s = Score(truth=len(truth), found=len(found))
    by_key: dict[Key, list[dict[str, Any]]] = {}
    for rec in found:
        key = tuple(
            norm(rec.get(k, "")) for k in ("statement", "response", "support", "recommended_action")
        )
        by_key.setdefault(key, []).append(rec)  # type: ignore[arg-type]
    unmatched = []
    for row in truth:
        key = tuple(norm(c) for c in row.cells())
        candidates = by_key.get(key)  # type: ignore[arg-type]
        if not candidates:
            if tolerant:
                unmatched.append(row)
            else:
                s.problems.append(f"missing: {row.agency} / {row.kind} / {row.statement[:60]!r}")
            continue
        best = next((c for c in candidates if _labelled_as(c, row, tolerant)), candidates[0])
        candidates.remove(best)
        _count_match(s, row, best, tolerant)
    rest = [rec for recs in by_key.values() for rec in recs]
    for row in unmatched:
        best = _closest(row, rest)
        if best is None:
            s.problems.append(f"missing: {row.agency} / {row.kind} / {row.statement[:60]!r}")
            continue
        rest.remove(best)
        _count_match(s, row, best, tolerant)
    for rec in rest:
        s.problems.append(
            f"extra: {rec.get('agency')!r} / {rec.get('kind')} / {rec.get('statement', '')[:60]!r}"
        )
    return s


SIMILAR = 0.9  # tolerant matching: the least difflib ratio of two normalised texts


def similar(a: str, b: str) -> bool:
    """Alike after normalisation, but for a misread letter or two (OCR)."""
    a, b = norm(a), norm(b)
    if a == b:
        return True
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return matcher.real_quick_ratio() >= SIMILAR and matcher.ratio() >= SIMILAR


def _same_agency(got: str, want: str, tolerant: bool) -> bool:
    return norm_agency(got) == norm_agency(want) or (tolerant and similar(got, want))


def _labelled_as(rec: dict[str, Any], row: Any, tolerant: bool) -> bool:
    return _same_agency(rec.get("agency", ""), row.agency, tolerant) and rec.get("kind") == row.kind


def _closest(row: Any, records: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The record whose four cells are each alike the row's (tolerant matching), the one
    with the row's agency and kind first."""
    keys = ("statement", "response", "support", "recommended_action")
    alike = [
        rec
        for rec in records
        if all(similar(rec.get(k, ""), c) for k, c in zip(keys, row.cells(), strict=True))
    ]
    return next((r for r in alike if _labelled_as(r, row, True)), alike[0] if alike else None)


def _count_match(s: Score, row: Any, best: dict[str, Any], tolerant: bool) -> None:
    s.matched += 1
    agency_ok = _same_agency(best.get("agency", ""), row.agency, tolerant)
    kind_ok = best.get("kind") == row.kind
    s.agency_right += agency_ok
    s.kind_right += kind_ok
    s.strict += agency_ok and kind_ok
    if not (agency_ok and kind_ok):
        s.problems.append(
            f"wrong label: {row.statement[:50]!r} is {row.agency}/{row.kind}, "
            f"read as {best.get('agency')!r}/{best.get('kind')}"
        )
    _score_fields(s, row, best, tolerant)


def _score_fields(s: Score, row: Any, rec: dict[str, Any], tolerant: bool = False) -> None:
    """The fields ``row`` prints, each right or wrong in the matched record ``rec``."""
    for name in FIELDS:
        want = truth_field(row, name)
        if want is None:
            continue
        ok = field_right(name, want, rec, tolerant)
        tally = s.fields.setdefault(name, [0, 0])
        tally[0] += ok
        tally[1] += 1
        if not ok:
            s.problems.append(
                f"wrong {name}: {row.statement[:40]!r} has {want!r}, read as {rec.get(name)!r}"
            )


def ocr_available() -> bool:
    """Can layouts that need OCR (scanned pages) be read here? (ocrmypdf installed)"""
    from ingest import ocr

    return ocr.available()


def read_register(path: Path, ocr: bool = False) -> list[dict[str, Any]]:
    """The stock-take rows boardsearch reads from ``path`` (reader + structure + register).

    ``ocr``: read an OCR'd copy (ocrmypdf), as ``boardsearch ingest --ocr`` does for a
    PDF whose pages are images."""
    from ingest.extract import stocktake
    from ingest.pipeline import parse_file

    if not ocr:
        parsed = parse_file(path, enrich=False)
    else:
        from ingest.ocr import ocr_copy

        with ocr_copy(path) as copy:
            parsed = parse_file(path, enrich=False, read_from=copy)
    return [r.data for r in stocktake.extract(parsed)]
