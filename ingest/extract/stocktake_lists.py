"""Stock-takes written as lists, not tables: the agency as a heading, then labelled lists.

Some councils write the stock-take as prose lists::

    Agency: Kestwick Police            (or the name alone as a heading)
    Key risks:
    - Gang related serious youth violence ...
        Action: There is a comprehensive strategy ...
        RAG: Amber | Lead: Head of Safeguarding | By: Q4 2012/13
    Strengths:
    - Partnership working
        Evidence: Contribution to LSCB and sub groups
    What we need from the board:
    - ...                               (asks, not register rows)

Each bullet under a label naming a kind ("Key risks", "Areas for development",
"Strengths", "What is working well") is a row of that kind for the agency of the
heading above; labelled lines under it ("Action:", "Evidence:", "RAG:", "Owner:",
"By:") are its response and fields; lines set in under the bullet carry on what was
last written. Lists under other labels ("What we need from the board") are not rows.

Pure functions on the page lines; ``stocktake.extract`` calls ``list_rows`` for a
document whose tables hold no stock-take.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ingest.extract.stocktake_fields import RISK_WORDS, STRENGTH_WORDS, join_wrapped
from ingest.model import Line, Page

_BULLET = re.compile(r"^\s*(?:[•◦▪●■□‣∙·\-–—*>]|o(?=\s)|\d{1,2}[.)])\s+(?=\S)")
_LABELLED = re.compile(r"^\s*([A-Za-z][A-Za-z /()]{0,30}?)\s*:\s*(.*)$")
_DETAIL_LABELS = {
    "response": r"actions?(?: taken| being taken)?|response|mitigation|what is being done|"
    r"evidence|evidenced by|how we know|how evidenced",
    "rag": r"rag(?: rating| status)?|rating|status",
    "owner": r"owner|lead|lead officer|responsible|responsible officer|by whom",
    "due": r"by|due|due date|by when|timescales?|target date|deadline",
}
_DETAIL = {k: re.compile(rf"^(?:{v})$", re.IGNORECASE) for k, v in _DETAIL_LABELS.items()}
_SPLIT = re.compile(
    r"\s+(?:\||;|–|—|-)\s+(?=[A-Za-z][A-Za-z ]{0,20}:)|;\s+(?=[A-Za-z][A-Za-z ]{0,20}:)"
)


@dataclass
class ListRow:
    """A row read from a list: the agency and kind above it, its words and fields."""

    agency: str
    kind: str
    page: int
    statement: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    last: str = "statement"  # what a set-in line carries on
    indent: float | None = None  # the bullet's left edge: lines set in further go on
    right: float = 0.0  # the furthest right a line of the list reached (its measure)
    short: bool = False  # its last line stopped well short of the measure
    text_x: float | None = None  # where its statement's lines start (an unmarked item's too)


def label_kind(text: str) -> str | None:
    """ "risk", "strength" or "other" for a list label ("Key risks:", "What we need from
    the board:"); None when the line is no label."""
    t = text.strip()
    if len(t.split()) > 8 or _BULLET.match(t):
        return None
    word = " ".join(re.sub(r"[^\w\s]", " ", t.lower().rstrip(":")).split())
    if RISK_WORDS.match(word):
        return "risk"
    if STRENGTH_WORDS.match(word):
        return "strength"
    return "other" if t.endswith(":") else None  # a label of another list


def details(text: str) -> dict[str, str] | None:
    """The fields a labelled line under a bullet gives ("RAG: Red – Lead: DI – By: 2014/15"),
    or None when it is not one."""
    out: dict[str, str] = {}
    for part in _SPLIT.split(text.strip()):
        m = _LABELLED.match(part)
        name = next((k for k, p in _DETAIL.items() if m and p.match(m.group(1).strip())), None)
        if m is None or name is None or not m.group(2).strip():
            return None if not out else out
        out[name] = m.group(2).strip()
    return out or None


def list_rows(pages: Sequence[Page], agency_of: Callable[[Line], str]) -> list[ListRow]:
    """The stock-take rows written as lists, in reading order.

    ``agency_of``: the agency a heading or bold line names, or "" (stocktake's rule)."""
    out: list[ListRow] = []
    agency, kind = "", None
    item: ListRow | None = None
    for page in sorted(pages, key=lambda p: p.number):
        measure = max((ln.bbox.x1 for ln in page.lines if ln.bbox and ln.kind == "body"), default=0)
        if item is not None:
            item.right = max(item.right, measure)
        for line in page.lines:
            text = line.text.strip()
            if line.kind in ("header", "footer", "table") or not text:
                continue
            label = label_kind(text) if _set_apart(line) or text.endswith(":") else None
            if label is not None:
                kind, item = label, None
                continue
            name = agency_of(line) if _set_apart(line) else ""
            if name:
                agency, kind, item = name, None, None
                continue
            item = _read_line(line, text, page.number, agency, kind, item, out)
            if item is not None:
                item.right = max(item.right, measure)
                _measure(item, line)
            if item is None and _set_apart(line):
                kind = None  # another heading ("What we need from the board") ends the list
    return [r for r in out if r.statement]


def _set_apart(line: Line) -> bool:
    return line.kind == "heading" or line.bold


def _read_line(
    line: Line,
    text: str,
    page: int,
    agency: str,
    kind: str | None,
    item: ListRow | None,
    out: list[ListRow],
) -> ListRow | None:
    """One line of a list: a new bullet, a labelled detail, or the rest of the item above."""
    x0 = line.bbox.x0 if line.bbox is not None else None
    bullet = _BULLET.match(text)
    found = details(text)
    if kind in ("risk", "strength") and not _set_apart(line) and not found:
        if bullet or _unmarked_item(item, x0, text):
            start = bullet.end() if bullet else 0
            indent = x0 if bullet or x0 is None else x0 - 2
            row = ListRow(agency, kind, page, text[start:].strip(), indent=indent)
            row.text_x = None if bullet else x0
            row.right = item.right if item is not None else 0.0
            out.append(row)
            return row
    if item is None or bullet or _set_apart(line):
        return None
    if not _set_in(item, x0):
        return None  # back at the margin: the list is over
    if found:
        for name, value in found.items():
            item.fields[name] = join_wrapped(item.fields.get(name, ""), value)
            item.last = name
        return item
    if item.last == "statement":
        item.statement = join_wrapped(item.statement, text)
        item.text_x = item.text_x if item.text_x is not None else x0
    else:
        item.fields[item.last] = join_wrapped(item.fields[item.last], text)
    return item


def _unmarked_item(item: ListRow | None, x0: float | None, text: str) -> bool:
    """An item whose marker the page lost (or Word kept in its style): the first line
    under a label; in Word every paragraph; else a capitalised line set in like the
    item's text after a line that stopped short of the measure (a paragraph's end)."""
    if item is None or x0 is None:
        return True
    if item.text_x is not None and abs(x0 - item.text_x) > 2:
        return False  # set in further: a detail's wrapped line, not the next item
    return _set_in(item, x0) and text[:1].isupper() and item.short


def _measure(item: ListRow, line: Line) -> None:
    """Note how far right the line reaches: the list's measure and whether it fell short."""
    if line.bbox is None:
        return
    item.right = max(item.right, line.bbox.x1)
    item.short = line.bbox.x1 < item.right - 40


def _set_in(item: ListRow, x0: float | None) -> bool:
    """Is a line at ``x0`` set in under the item's bullet (so part of it)?"""
    if item.indent is None or x0 is None:
        return True  # Word: a paragraph per item, its details paragraphs of their own
    return x0 > item.indent + 1
