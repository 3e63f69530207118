"""Filtering the stock-take register and the glossary by the values people choose."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .views import period_sort_key

REGISTER_FILTERS: tuple[str, ...] = ("agency", "borough", "period", "theme", "kind")


def register_values(rows: Iterable[Mapping[str, Any]], field: str) -> list[str]:
    """The distinct values of one filter field, in a sensible order."""
    values: set[str] = set()
    for r in rows:
        values.update(_field_values(r, field))
    if field == "period":
        return sorted(values, key=period_sort_key)
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
            hay = " ".join(
                str(r[k])
                for k in (
                    "statement",
                    "response",
                    "support",
                    "recommended_action",
                    "agency",
                    "document",
                )
            ).lower()
            if not all(n in hay for n in needles):
                continue
        out.append(r)
    return out


def filter_glossary(entries: Iterable[Mapping[str, Any]], text: str) -> list[Mapping[str, Any]]:
    needle = text.strip().lower()
    if not needle:
        return list(entries)
    return [
        e
        for e in entries
        if needle in e["acronym"].lower() or any(needle in x.lower() for x in e["expansions"])
    ]
