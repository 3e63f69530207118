"""Theme tags counted against the amount of text, for the themes heatmap.

A rate is tags per ``per`` words of text in one period (and borough, when split), so
a year with more papers does not look like a year with more concern. Every tag keeps
its document, page and passage, so each number in a cell traces back to its pages.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ingest.extract.themes import ThemeTag
from ingest.model import Document, Record

from .views import NO_BOROUGH, NO_PERIOD, period_sort_key


def words(text: str) -> int:
    return len(text.split())


def text_amounts(
    docs: Iterable[Document], words_by_doc: Mapping[str, int]
) -> dict[tuple[str, str], int]:
    """Words of text per (period, borough); a document about several boroughs counts for each."""
    out: dict[tuple[str, str], int] = defaultdict(int)
    for d in docs:
        for borough in d.boroughs or (NO_BOROUGH,):
            out[(d.period or NO_PERIOD, borough)] += words_by_doc.get(d.id, 0)
    return dict(out)


def theme_tags(
    records: Iterable[Record[ThemeTag]], docs: Mapping[str, Document]
) -> list[dict[str, Any]]:
    """One row per theme tag and borough: theme, group, period, borough, doc, page, ordinal."""
    rows = []
    for r in records:
        doc = docs.get(r.doc_id)
        tag = r.fields
        theme = str(tag.theme or "").strip()
        if doc is None or not theme:
            continue
        for borough in doc.boroughs or (NO_BOROUGH,):
            rows.append(
                {
                    "theme": theme,
                    "group": str(tag.group or ""),
                    "period": doc.period or NO_PERIOD,
                    "borough": borough,
                    "doc_id": r.doc_id,
                    "page": r.page,
                    "ordinal": r.passage_ordinal,
                    "evidence": str(tag.evidence or ""),
                }
            )
    return rows


def theme_rates(
    tags: Iterable[Mapping[str, Any]],
    amounts: Mapping[tuple[str, str], int],
    boroughs: Sequence[str] | None = None,
    split: bool = False,
    per: int = 10_000,
) -> list[dict[str, Any]]:
    """Theme x period (x borough when split) cells: tag count and tags per `per` words.

    `boroughs` limits the boroughs counted (None: all). Combined cells divide the
    tags of all chosen boroughs by their combined amount of text in that period.
    """
    chosen = None if boroughs is None else set(boroughs)
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    for t in tags:
        if chosen is not None and t["borough"] not in chosen:
            continue
        key_borough = t["borough"] if split else "All"
        counts[(t["theme"], t["period"], key_borough)] += 1
    text: dict[tuple[str, str], int] = defaultdict(int)
    for (period, borough), n in amounts.items():
        if chosen is not None and borough not in chosen:
            continue
        text[(period, borough if split else "All")] += n
    for theme in {k[0] for k in counts}:
        for period, borough in text:
            counts.setdefault((theme, period, borough), 0)  # no tags there: a real zero
    rows = []
    for (theme, period, borough), n in sorted(counts.items()):
        amount = text.get((period, borough), 0)
        rate = round(n * per / amount, 2) if amount else 0.0
        rows.append(
            {
                "theme": theme,
                "period": period,
                "borough": borough,
                "tags": n,
                "words": amount,
                "rate": rate,
            }
        )
    return rows


def theme_cell_tags(
    tags: Iterable[Mapping[str, Any]], theme: str, period: str, borough: str | None = None
) -> list[Mapping[str, Any]]:
    """The tags behind one heatmap cell, one per passage (a tri-borough passage once)."""
    out, seen = [], set()
    for t in tags:
        if t["theme"] != theme or t["period"] != period:
            continue
        if borough and borough != "All" and t["borough"] != borough:
            continue
        key = (t["doc_id"], t["ordinal"], t["page"], t["evidence"])
        if key not in seen:
            seen.add(key)
            out.append(t)
    return out


def themes_by_frequency(rows: Iterable[Mapping[str, Any]]) -> list[str]:
    """Theme names, the most tagged first (ties in alphabetical order), from theme_rates rows."""
    totals: dict[str, int] = defaultdict(int)
    for r in rows:
        totals[r["theme"]] += int(r["tags"])
    return sorted(totals, key=lambda t: (-totals[t], t))


def synthetic_only_periods(docs: Iterable[Document]) -> list[str]:
    """Periods whose every paper is a made-up (SYNTHETIC) test paper, in time order."""
    real: dict[str, bool] = {}
    for d in docs:
        period = d.period or NO_PERIOD
        real[period] = real.get(period, False) or not d.synthetic
    return sorted((p for p, has_real in real.items() if not has_real), key=period_sort_key)


def paper_counts(
    docs: Iterable[Document], boroughs: Sequence[str] | None = None, split: bool = True
) -> dict[tuple[str, str], int]:
    """Papers per (period, borough), or per (period, "All") when not split: a paper about
    several chosen boroughs counts once in "All", once in each of its boroughs when split."""
    chosen = None if boroughs is None else set(boroughs)
    out: dict[tuple[str, str], int] = defaultdict(int)
    for d in docs:
        mine = [b for b in d.boroughs or (NO_BOROUGH,) if chosen is None or b in chosen]
        keys = set(mine) if split else ({"All"} if mine else set())
        for borough in keys:
            out[(d.period or NO_PERIOD, borough)] += 1
    return dict(out)


def theme_trend(
    tags: Iterable[Mapping[str, Any]],
    amounts: Mapping[tuple[str, str], int],
    docs: Iterable[Document],
    theme: str,
    periods: Sequence[str],
    boroughs: Sequence[str] | None = None,
    split: bool = True,
    per: int = 10_000,
) -> list[dict[str, Any]]:
    """One theme's rate per period (and borough when split), with the papers behind it.

    Every period of `periods` has a row per borough line, so that a chart can say which
    periods have nothing; where the period has no papers its rate is None (no point, and
    no line drawn through it: ``run`` numbers the stretches of periods with papers).
    The rates are theme_rates' (tags per `per` words), so the line and the heatmap agree.
    """
    cells = {
        (r["period"], r["borough"]): r
        for r in theme_rates(tags, amounts, boroughs, split, per)
        if r["theme"] == theme
    }
    papers = paper_counts(docs, boroughs, split)
    rows = []
    for borough in sorted({b for _, b in papers}):
        run = 0
        for period in periods:
            n = papers.get((period, borough), 0)
            if not n:
                run += 1  # a gap: the next stretch is a new line
            cell = cells.get((period, borough), {})
            words = cell.get("words", amounts_of(amounts, period, borough, boroughs))
            rate = cell.get("rate", 0.0) if n else None
            rows.append(
                {
                    "theme": theme,
                    "period": period,
                    "borough": borough,
                    "papers": n,
                    "tags": cell.get("tags", 0),
                    "words": words,
                    "rate": rate,
                    "run": run,
                }
            )
    return rows


def amounts_of(
    amounts: Mapping[tuple[str, str], int],
    period: str,
    borough: str,
    boroughs: Sequence[str] | None = None,
) -> int:
    """Words of text in one period and borough ("All": the chosen boroughs together)."""
    if borough != "All":
        return amounts.get((period, borough), 0)
    return sum(
        n for (p, b), n in amounts.items() if p == period and (boroughs is None or b in boroughs)
    )
