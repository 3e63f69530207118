"""What a stock-take row says besides its four columns, and rows that are not rows.

Action logs and spreadsheet registers print, beside the statement and the response,
columns a board follows up: a RAG rating, an owner, a due date, the evidence, the
row's own reference. This module names those columns from their headings or, for the
rating and the kind, from what the column holds; normalises ratings ("R", "RAG: Amber")
and due dates ("Q4 2012/13") the way the register stores them; tells the summary lines
spreadsheets print between rows ("Housing total", "9 risks, 4 strengths") from rows;
and splits an agency cell naming several agencies ("Police / Probation").

Pure functions on strings; ``ingest/extract/stocktake.py`` calls them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

FIELD_ROLES = ("rag", "owner", "due", "evidence", "reference")

_RISK_WORDS = (
    r"(?:key |main |top |priority |identified |current )*"
    r"(?:risks?|areas? of concern|concerns?|challenges?|weakness(?:es)?|"
    r"areas? for (?:development|improvement))(?: identified| to safeguarding)?"
)
_STRENGTH_WORDS = (
    r"(?:key |main |identified |current )*"
    r"(?:strengths?|what is working well|what s working well|what works well|"
    r"good practice|areas? of good practice|positives?|achievements?)(?: identified)?"
)
RISK_WORDS = re.compile(rf"^{_RISK_WORDS}$")
STRENGTH_WORDS = re.compile(rf"^{_STRENGTH_WORDS}$")

_FIELD_HEADS = {
    "rag": re.compile(
        r"^(?:rag|r ?a ?g|rag rating|rag status|status rag|rating|status|current rag)$"
    ),
    "owner": re.compile(
        r"^(?:owner|action owner|lead|lead officer|lead person|responsible|"
        r"responsible officer|responsibility|by whom|who)$"
    ),
    "due": re.compile(
        r"^(?:due|due date|date due|target date|target|by when|when|deadline|timescales?|"
        r"completion date|date for completion)$"
    ),
    "evidence": re.compile(r"^(?:evidence|source of evidence|evidence source|evidence of impact)$"),
    "reference": re.compile(r"^(?:no|number|ref|ref no|reference|id|item|#)$"),
}

_RAG = re.compile(r"^(?:rag(?: rating| status)?\s*[:\-–]?\s*)?(red|amber|green|r|a|g)$", re.I)
_RAG_WORD = {"r": "red", "a": "amber", "g": "green"}


def field_role(header: str) -> str | None:
    """The extra field a header cell names (``normalised`` text): rag, owner, due, ..."""
    for role, pattern in _FIELD_HEADS.items():
        if pattern.match(header):
            return role
    return None


def rag_value(cell: str) -> str:
    """ "red", "amber" or "green" for a rating however written ("R", "RAG: Amber"), else ""."""
    m = _RAG.match(" ".join(cell.split()).strip(" .;"))
    if not m:
        return ""
    word = m.group(1).lower()
    return _RAG_WORD.get(word, word)


def kind_word(cell: str) -> str | None:
    """ "risk" or "strength" for a cell naming a kind ("Key risk", "Good practice", "S")."""
    text = " ".join(re.sub(r"[^\w\s]", " ", cell.lower()).split())
    if text in ("r", "s"):
        return "risk" if text == "r" else "strength"
    if RISK_WORDS.match(text):
        return "risk"
    if STRENGTH_WORDS.match(text):
        return "strength"
    return None


def column_of(
    rows: Sequence[Sequence[str]], col: int, test: Callable[[str], object], share: float = 1.0
) -> bool:
    """Do the column's filled cells (at least two) pass ``test`` (a str -> truthy), all of
    them or the ``share`` given?"""
    values = [r[col].strip() for r in rows if col < len(r) and r[col].strip()]
    passed = sum(1 for v in values if test(v))
    return len(values) >= 2 and passed >= share * len(values)


# ---------------------------------------------------------------- due dates

_MONTHS = {
    m[:3]: n
    for n, m in enumerate(
        "january february march april may june july august september october november "
        "december".split(),
        start=1,
    )
}
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})$")
_D_MONTH_Y = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)? ([a-z]+) (\d{4})$")
_MONTH_Y = re.compile(r"^([a-z]+)[\s\-/']+(\d{4}|\d{2})$")
_QUARTER = re.compile(r"^q([1-4]) (\d{4})/(\d{2}|\d{4})$")
_FY = re.compile(r"^(\d{4})/(\d{2}|\d{4})$")


def due_iso(text: str) -> str:
    """A printed due date as ISO: "2013-03-31", "2013-03", or a span of months for a
    quarter or a financial year (UK: April to March; "Q4 2012/13" is "2013-01/2013-03").
    "" where the text names no date ("Ongoing", "TBC") or could be read two ways."""
    t = " ".join(text.lower().replace(",", " ").split())
    if m := _DMY.match(t):
        day, month, year = int(m.group(1)), int(m.group(2)), _year(m.group(3))
        return f"{year}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else ""
    if m := _D_MONTH_Y.match(t):
        month = _MONTHS.get(m.group(2)[:3], 0)
        return f"{m.group(3)}-{month:02d}-{int(m.group(1)):02d}" if month else ""
    if m := _MONTH_Y.match(t):
        month = _MONTHS.get(m.group(1)[:3], 0) if len(m.group(1)) >= 3 else 0
        return f"{_year(m.group(2))}-{month:02d}" if month else ""
    if m := _QUARTER.match(t):
        q, fy = int(m.group(1)), int(m.group(2))
        first = 4 + 3 * (q - 1)
        year = fy + (1 if first > 12 else 0)
        first = (first - 1) % 12 + 1
        return f"{year}-{first:02d}/{year}-{first + 2:02d}"
    if m := _FY.match(t):
        fy = int(m.group(1))
        return f"{fy}-04/{fy + 1}-03" if _year(m.group(2)) == fy + 1 else ""
    return ""


def _year(text: str) -> int:
    return int(text) if len(text) == 4 else 2000 + int(text)


# ---------------------------------------------------------------- rows that are not rows

_TOTAL = re.compile(r"\b(?:sub-?\s?totals?|totals?|summary|count)\b\s*:?\s*$", re.I)
_TOTAL_START = re.compile(r"^(?:grand |sub-?\s?)?totals?\s*(?::|$|\d)", re.I)
_COUNT = re.compile(
    r"^(?:\d+\s+(?:key\s+)?(?:risks?|strengths?|issues?|items?|rows?|actions?)"
    r"(?:\s*(?:,|and|;|/)\s*)?)+$",
    re.I,
)


def is_summary_row(row: Iterable[str]) -> bool:
    """A total, subtotal or count line of a spreadsheet print, not a register row.

    One of its cells is a label ending "total" / "summary" ("Housing total") or starting
    "Total", or a count of rows ("9 risks, 4 strengths", "3 risks"), and no cell says
    more than a few words."""
    cells = [" ".join(c.split()) for c in row if c.strip()]
    if not cells or any(len(c.split()) > 12 for c in cells):
        return False
    return any(
        (_TOTAL.search(c) and len(c.split()) <= 6)
        or _TOTAL_START.match(c)
        or _COUNT.match(c.rstrip("."))
        for c in cells
    )


# ---------------------------------------------------------------- shared rows


def shared_agencies(name: str, known: Iterable[str]) -> list[str]:
    """The agencies a cell naming several names ("Police / Probation"), when every part
    is an agency the register has on its own; [] otherwise ("Health and Social Care")."""
    known_set = {" ".join(k.split()).lower() for k in known}
    for sep in ("/", ";", "&", "+", " and ", ","):
        if sep.strip() not in name and sep not in name:
            continue
        parts = [p.strip() for p in name.split(sep.strip() if sep != " and " else sep)]
        if len(parts) >= 2 and all(p.lower() in known_set for p in parts):
            return parts
    return []


def split_reference(text: str) -> tuple[str, str]:
    """("2.1.3", "Statement ...") from "2.1.3 Statement ..." (a section-style number)."""
    m = re.match(r"^\s*(\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+(?=\S)", text)
    if not m:
        return "", text
    return m.group(1), text[m.end() :].strip()


__all__ = [
    "FIELD_ROLES",
    "RISK_WORDS",
    "STRENGTH_WORDS",
    "column_of",
    "due_iso",
    "field_role",
    "is_summary_row",
    "kind_word",
    "rag_value",
    "shared_agencies",
    "split_reference",
]


def join_wrapped(a: str, b: str) -> str:
    """Two lines of one cell or item as one text: a word hyphenated at the line's end
    joined whole, else a space between."""
    a, b = a.strip(), b.strip()
    if not a or not b:
        return a or b
    if a.endswith("-") and b[:1].islower():
        return a + b
    return f"{a} {b}"
