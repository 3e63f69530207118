"""Dates and periods: full dates, inspection and publication dates, UK financial years.

``period`` is a UK financial year, "YYYY/YY" (April to March). Everything here is a
pure function of text and never raises on odd input.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date as Date

# How far after a label ("Inspection dates:", "Published:") its date may start, in
# characters: a label and its date share a line, and the longest date range written
# out in words ("30 September 2019 to 11 October 2019") is under 40 characters; 80
# leaves room for a line break and a weekday.
INSPECTION_DATE_WINDOW = 80
# A publication date is one date, never a range: half the inspection window.
PUBLISHED_DATE_WINDOW = 40
# Years a period may start in: older or later years are page numbers or reference
# numbers ("1234/35"), not financial years.
FIRST_YEAR, LAST_YEAR = 1950, 2100


_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
DASH = r"(?:-|–|—|─|‒|―|to|until)"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
FULL_DATE = re.compile(rf"\b{_DAY}\s+({_MONTH})\.?,?\s+((?:19|20)\d\d)\b", re.IGNORECASE)
_RANGE = re.compile(
    rf"{_DAY}(?:\s+({_MONTH})\.?)?(?:,?\s+((?:19|20)\d\d))?\s*{DASH}\s*"
    rf"{_DAY}\s+({_MONTH})\.?,?\s+((?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_INSPECTION_LABEL = re.compile(
    r"(?:inspection\s+dates?|dates?\s+of\s+(?:the\s+)?inspection|inspected\s+on)\s*:?\s*",
    re.IGNORECASE,
)
_PUBLISHED_LABEL = re.compile(
    r"(?:report\s+)?(?:published|publication\s+date)\s*(?:on\s*)?:?\s*", re.IGNORECASE
)


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return Date(year, month, day).isoformat()
    except ValueError:
        return None


def _month(word: str | None) -> int | None:
    return _MONTHS.get(word.lower().rstrip(".")) if word else None


def _full_date(m: re.Match[str]) -> str | None:
    month = _month(m.group(2))
    return _iso(int(m.group(3)), month, int(m.group(1))) if month else None


def _range_dates(m: re.Match[str]) -> tuple[str, str] | None:
    """(start, end) ISO dates of "11 to 15 March 2024", "30 September to 11 October 2019"."""
    end_month = _month(m.group(5))
    if end_month is None:
        return None
    end_year = int(m.group(6))
    start_month = _month(m.group(2)) or end_month
    if m.group(3):
        start_year = int(m.group(3))
    else:
        start_year = end_year - 1 if start_month > end_month else end_year
    start = _iso(start_year, start_month, int(m.group(1)))
    end = _iso(end_year, end_month, int(m.group(4)))
    return (start, end) if start and end and start <= end else None


def parse_inspection_dates(text: str) -> tuple[str, str] | None:
    """(first day, last day) of the inspection as ISO dates, from an Ofsted-style label."""
    try:
        for label in _INSPECTION_LABEL.finditer(text):
            window = text[label.end() : label.end() + INSPECTION_DATE_WINDOW]
            rng = _RANGE.match(window)
            if rng and (dates := _range_dates(rng)):
                return dates
            single = FULL_DATE.match(window)
            if single and (day := _full_date(single)):
                return day, day
    except (ValueError, TypeError):
        return None
    return None


def parse_published_date(text: str) -> str | None:
    """ISO date after "Report published:" / "Published:", if any."""
    for label in _PUBLISHED_LABEL.finditer(text):
        single = FULL_DATE.match(text, label.end(), label.end() + PUBLISHED_DATE_WINDOW)
        if single and (day := _full_date(single)):
            return day
    return None


def parse_inspection_date(text: str) -> str | None:
    """The date an inspection report stands for: the LAST day of the inspection.

    "Inspection dates: 11 January 2016 to 4 February 2016" -> "2016-02-04". When
    no inspection date is stated, the "Report published:" date; else None.
    """
    try:
        dates = parse_inspection_dates(text)
        return dates[1] if dates else parse_published_date(text)
    except (ValueError, TypeError):
        return None


def first_date(text: str) -> str | None:
    """The first full date ("29 October 2024") in ``text`` as ISO, or None."""
    for m in FULL_DATE.finditer(text):
        if day := _full_date(m):
            return day
    return None


_MONTH_YEAR = re.compile(rf"\b({_MONTH})\.?,?\s+((?:19|20)\d\d)\b", re.IGNORECASE)
# "The review was commissioned by the LSCB in March 2012": the verb and its month stay
# in one sentence, within this many characters.
REVIEW_EVENT_GAP = 80
_REVIEW_EVENT = re.compile(
    r"\b(?:commissioned|published|completed|concluded|signed\s+off|endorsed)\b"
    rf"[^.]{{0,{REVIEW_EVENT_GAP}}}?"
    rf"\b(?:{_DAY}\s+)?({_MONTH})\.?,?\s+((?:19|20)\d\d)\b",
    re.IGNORECASE,
)


def _month_start(month_word: str, year: str) -> Date | None:
    month = _month(month_word)
    return Date(int(year), month, 1) if month else None


def month_dates(text: str) -> list[Date]:
    """Every "March 2012" (or "14 March 2012") in ``text``, as the first of that month, in order."""
    return [d for m in _MONTH_YEAR.finditer(text) if (d := _month_start(m.group(1), m.group(2)))]


def review_date(text: str) -> Date | None:
    """When a case review was done: the month it was commissioned, completed or published,
    else the latest month named (a review is written after the events it tells of)."""
    for m in _REVIEW_EVENT.finditer(text):
        if day := _month_start(m.group(2), m.group(3)):
            return day
    return max(month_dates(text), default=None)


def period_from_date(day: Date | str) -> str:
    """UK financial year (April-March) of a date: 2016-02-04 -> "2015/16"; "" if unreadable."""
    if isinstance(day, str):
        try:
            day = Date.fromisoformat(day.strip()[:10])
        except ValueError:
            return ""
    if not isinstance(day, Date):
        return ""
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


# --------------------------------------------------------------------------- periods

_YEAR = r"((?:19|20)\d\d)"
_FY_WORDS = re.compile(
    rf"\b(?:1(?:st)?\s+)?april\s+{_YEAR}\s*{DASH}\s*(?:31(?:st)?\s+)?march\s+{_YEAR}\b",
    re.IGNORECASE,
)
_YEAR_PAIR = re.compile(
    rf"(?<![\d/.-]){_YEAR}\s*(?:/|-|–|—|\bto\b)\s*(\d{{4}}|\d\d)(?![\d/]|-\d|\.\d)",
    re.IGNORECASE,
)
_SHORT_PAIR = re.compile(
    r"\b(?:annual\s+report|financial\s+year|year|fy|period|plan|report|budget|in|for|during)"
    r"\s+(\d\d)\s*/\s*(\d\d)(?![\d/])",
    re.IGNORECASE,
)


def _pair(first: int, second_text: str) -> str | None:
    second = int(second_text)
    if len(second_text) == 2:
        second += first - first % 100
        if second < first:
            second += 100
    if second != first + 1 or not FIRST_YEAR <= first <= LAST_YEAR:
        return None
    return f"{first}/{second % 100:02d}"


def parse_period(text: str) -> str | None:
    """The first financial-year period in ``text``, normalised to "YYYY/YY".

    Reads "2011/12", "2011-12", "2011/2012", "2011 to 2012", "April 2011 to March
    2012", "1 April 2011 – 31 March 2012" and, after a word like "year" or
    "report", "11/12". Years must be consecutive. Never raises; None if none found.
    """
    if not isinstance(text, str):
        return None
    found: list[tuple[int, str]] = []
    for m in _FY_WORDS.finditer(text):
        if period := _pair(int(m.group(1)), m.group(2)):
            found.append((m.start(), period))
    for m in _YEAR_PAIR.finditer(text):
        if period := _pair(int(m.group(1)), m.group(2)):
            found.append((m.start(), period))
    for m in _SHORT_PAIR.finditer(text):
        if period := _pair(2000 + int(m.group(1)), m.group(2)):
            found.append((m.start(1), period))
    return min(found)[1] if found else None


def most_common_period(text: str) -> str | None:
    """The "YYYY/YY" period written most often in ``text`` (a body's fallback), or None."""
    periods = Counter(
        p
        for m in _YEAR_PAIR.finditer(text)
        if (p := _pair(int(m.group(1)), m.group(2))) is not None
    )
    return periods.most_common(1)[0][0] if periods else None
