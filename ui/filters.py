"""Filtering the stock-take register and the glossary by the values people choose."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from .views import RAG_ORDER, period_sort_key

# A filter is offered only when some row has a value for it: RAG ratings and owners
# come from action logs, so a register of four-column stock-takes shows neither.
REGISTER_FILTERS: tuple[str, ...] = ("agency", "borough", "period", "theme", "kind", "rag", "owner")
# The fields the words filter looks in.
WORDS_IN: tuple[str, ...] = (
    "statement",
    "response",
    "support",
    "recommended_action",
    "agency",
    "document",
    "owner",
    "evidence",
    "reference",
)


def register_values(rows: Iterable[Mapping[str, Any]], field: str) -> list[str]:
    """The distinct values of one filter field, in a sensible order."""
    values: set[str] = set()
    for r in rows:
        values.update(_field_values(r, field))
    if field == "period":
        return sorted(values, key=period_sort_key)
    if field == "rag":  # red, amber, green: the order a board reads them in
        return sorted(values, key=lambda v: (RAG_ORDER.index(v) if v in RAG_ORDER else 9, v))
    return sorted(values)


def _field_values(row: Mapping[str, Any], field: str) -> list[str]:
    if field == "borough":
        return list(row["boroughs"]) or ([row["borough"]] if row["borough"] else [])
    if field == "theme":
        return list(row["themes"])
    value = row.get(field, "")
    return [value] if value else []


def filter_register(
    rows: Iterable[Mapping[str, Any]], chosen: Mapping[str, Sequence[str]], words_in: str = ""
) -> list[Mapping[str, Any]]:
    """Rows matching every chosen filter (any of its values) and containing all the words."""
    needles = [w.lower() for w in words_in.split()]
    out = []
    for r in rows:
        if any(vals and not set(vals) & set(_field_values(r, f)) for f, vals in chosen.items()):
            continue
        if needles:
            hay = " ".join(str(r.get(k, "")) for k in WORDS_IN).lower()
            if not all(n in hay for n in needles):
                continue
        out.append(r)
    return out


# ------------------------------------------------------------------ overdue actions

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


def due_end(due_iso: str) -> date | None:
    """The last day a due date allows, or None when there is no date to read.

    A row's ``due_iso`` is a day ("2013-03-31"), a month ("2013-03": due by its last
    day) or a span ("2013-01/2013-03", e.g. a quarter: due by the end of its last month).
    """
    text = due_iso.strip()
    if "/" in text:
        text = text.rsplit("/", 1)[1].strip()
    try:
        if m := _DAY.match(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _MONTH.match(text):
            year, month = int(m[1]), int(m[2])
            return date(year, month, calendar.monthrange(year, month)[1])
        if m := _YEAR.match(text):
            return date(int(m[1]), 12, 31)
    except ValueError:  # "2013-13": not a date, so never overdue
        return None
    return None


def is_overdue(row: Mapping[str, Any], today: date) -> bool:
    """Whether the row's due date has passed by `today` (the day after it at the earliest).

    A row without a due date is never overdue. The register cannot tell whether the
    action was done: a completed action past its date still counts (its RAG may say).
    """
    end = due_end(str(row.get("due_iso") or ""))
    return end is not None and end < today


def filter_overdue(rows: Iterable[Mapping[str, Any]], today: date) -> list[Mapping[str, Any]]:
    """The rows whose due date has passed by `today`."""
    return [r for r in rows if is_overdue(r, today)]


def has_due_dates(rows: Iterable[Mapping[str, Any]]) -> bool:
    """Whether any row has a due date the overdue filter can read."""
    return any(due_end(str(r.get("due_iso") or "")) is not None for r in rows)


def filter_glossary(entries: Iterable[Mapping[str, Any]], text: str) -> list[Mapping[str, Any]]:
    needle = text.strip().lower()
    if not needle:
        return list(entries)
    return [
        e
        for e in entries
        if needle in e["acronym"].lower() or any(needle in x.lower() for x in e["expansions"])
    ]
