"""Document metadata: title, board, boroughs, period, doc_type, date, synthetic flag.

One module per concern: ``places`` (authorities, subject boroughs, board),
``periods`` (dates and financial years), ``doctypes`` (type cues), ``front`` (the
front-matter lines), ``titles`` (the title); this module holds ``detect``, which
puts them together.

``detect`` reads the text of the first pages (plus the file's own Title/Subject/
Keywords, when any) and never raises. The rules, in order of trust:

* **Title zone**: a meaningful ``title_hint`` and the PDF Title/Subject.
* **Front matter**: the first lines of the first page, up to "Contents", the first
  section heading ("Foreword", "1. Introduction") or the first body paragraph;
  banners and running footers ("... — page 1") are skipped. The *subject*
  boroughs come from the title zone, else from here (an Ofsted report opens with
  the council's name; an LSCB annual report with the board's). "Tri-borough"
  means all three boroughs only when it comes before any borough's name, so a
  Kensington and Chelsea report that mentions the tri-borough plans stays K&C's.
* **Body**: the rest of the text, used only when the front matter says nothing
  (a borough named most often, a type cue seen repeatedly).

Dates and periods:

* ``period`` is a UK financial year, "YYYY/YY" (April to March).
* For an inspection report, ``date`` is the **last day of the inspection**
  (the inspection date wins over the publication date) and ``period`` is the
  financial year that day falls in. Otherwise ``date`` is the first full date in
  the front matter (a meeting date, a publication date) or "".
* Without an explicit period, ``period`` falls back in turn to: the year of that
  date; a month and year in the title zone or front matter ("Stock Take March
  2012" -> 2011/12); for a case review, the month it was commissioned, completed
  or published, else the latest month named; the period the body names most.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..model import DocType
from .doctypes import detect_doc_type
from .front import FRONT_LINES, flat, front_lines
from .periods import (
    first_date,
    month_dates,
    most_common_period,
    parse_inspection_date,
    parse_inspection_dates,
    parse_period,
    parse_published_date,
    period_from_date,
    review_date,
)
from .places import (
    PLACES_FILE,
    TRI_BOROUGH,
    Authority,
    Mention,
    authorities,
    detect_board,
    detect_boroughs,
    find_places,
)
from .titles import agrees_with_page, meaningful_hint, title_from_lines, title_from_stem

__all__ = [
    "FRONT_LINES",
    "PLACES_FILE",
    "TRI_BOROUGH",
    "Authority",
    "Mention",
    "Metadata",
    "authorities",
    "detect",
    "detect_board",
    "detect_boroughs",
    "detect_doc_type",
    "find_places",
    "first_date",
    "is_synthetic",
    "month_dates",
    "parse_inspection_date",
    "parse_inspection_dates",
    "parse_period",
    "parse_published_date",
    "period_from_date",
    "review_date",
]


@dataclass(frozen=True)
class Metadata:
    title: str
    board: str
    boroughs: tuple[str, ...]
    period: str
    doc_type: DocType
    synthetic: bool
    date: str  # ISO date or ""


def is_synthetic(path: Path, text: str, info: Mapping[str, str] | None) -> bool:
    """A 'SYNTHETIC' banner in capitals, 'synthetic' in Keywords/Subject/Title or the file name."""
    if re.search(r"\bSYNTHETIC\b", text) or "synthetic" in path.name.lower():
        return True
    fields = (str((info or {}).get(k, "")) for k in ("Keywords", "Subject", "Title"))
    return any(re.search(r"\bsynthetic\b", f, re.IGNORECASE) for f in fields)


def _info_title(info: Mapping[str, str] | None, text: str) -> str:
    """The file's Title and Subject where they agree with the first pages (the cover wins)."""
    if not info:
        return ""
    hints = (meaningful_hint(str(info.get(k, ""))) for k in ("Title", "Subject"))
    return " ".join(h for h in hints if agrees_with_page(h, text)).strip()


def detect(
    path: Path,
    text: str,
    title_hint: str = "",
    info: Mapping[str, str] | None = None,
) -> Metadata:
    """Metadata of one document from the text of its first pages. Never raises."""
    path = Path(str(path)) if path is not None else Path("document")
    text = text if isinstance(text, str) else ""
    try:
        return _detect(path, text, title_hint or "", info)
    except Exception as exc:  # noqa: BLE001 - metadata is best effort; a bad guess must not fail ingest
        logging.getLogger(__name__).warning("%s: metadata not detected (%r)", path, exc)
        return Metadata(
            title_from_stem(path), "", (), "", "other", is_synthetic(path, "", None), ""
        )


def _detect(path: Path, text: str, title_hint: str, info: Mapping[str, str] | None) -> Metadata:
    lines = front_lines(text)
    front = "\n".join(lines)
    hint = meaningful_hint(title_hint)
    hint = hint if agrees_with_page(hint, text) else ""  # the cover wins (issue 22)
    page_title = title_from_lines(lines)
    title = hint or page_title or title_from_stem(path)
    title_zone = "\n".join(x for x in (hint, _info_title(info, text)) if x)

    doc_type = detect_doc_type(title_zone, front, text)
    boroughs = detect_boroughs(title_zone, front, text, path.stem)
    board = detect_board(boroughs, doc_type, f"{title_zone}\n{front}", text)
    day, period = _date_and_period(doc_type, title_zone, front, text)
    return Metadata(
        title=title,
        board=board,
        boroughs=boroughs,
        period=period,
        doc_type=doc_type,
        synthetic=is_synthetic(path, text, info),
        date=day,
    )


def _date_and_period(doc_type: DocType, title_zone: str, front: str, text: str) -> tuple[str, str]:
    """(date, period) by the rules of the module docstring, most trusted first."""
    body = flat(text)
    if doc_type == "inspection_report":
        day = parse_inspection_date(body) or ""
        if day:
            return day, period_from_date(day)
    day = first_date(flat(front)) or parse_published_date(body) or ""
    period = parse_period(title_zone) or parse_period(front)
    if not period and day:
        period = period_from_date(day)
    if not period and (months := month_dates(flat(f"{title_zone}\n{front}"))):
        period = period_from_date(months[0])  # "Stock Take March 2012" -> 2011/12
    if not period and doc_type == "case_review" and (done := review_date(body)):
        period = period_from_date(done)
    return day, period or most_common_period(text) or ""
