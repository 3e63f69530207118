"""Document metadata: title, board, boroughs, period, doc_type, date, synthetic flag.

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

import json
import logging
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date as Date
from functools import cache
from pathlib import Path

from .model import DocType

PLACES_FILE = Path(__file__).with_name("data") / "places.json"
TRI_BOROUGH: tuple[str, ...] = ("Hammersmith and Fulham", "Kensington and Chelsea", "Westminster")
FRONT_LINES = 12  # at most this many lines of front matter


@dataclass(frozen=True)
class Metadata:
    title: str
    board: str
    boroughs: tuple[str, ...]
    period: str
    doc_type: DocType
    synthetic: bool
    date: str  # ISO date or ""


# --------------------------------------------------------------------------- places


@dataclass(frozen=True)
class Authority:
    """One English local authority with children's services (see data/places.json)."""

    name: str
    kind: str
    aliases: tuple[str, ...]
    exclude: tuple[str, ...]
    ambiguous: bool
    former: bool


@dataclass(frozen=True)
class Mention:
    name: str  # canonical authority name
    start: int
    end: int
    matched: str


@cache
def authorities() -> tuple[Authority, ...]:
    """All authorities from the data file (read once)."""
    raw = json.loads(PLACES_FILE.read_text(encoding="utf-8"))
    return tuple(
        Authority(
            name=a["name"],
            kind=a["kind"],
            aliases=tuple(a.get("aliases", ())),
            exclude=tuple(a.get("exclude", ())),
            ambiguous=bool(a.get("ambiguous", False)),
            former=bool(a.get("former", False)),
        )
        for a in raw["authorities"]
    )


def _key(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().lower()


def _alias_regex(alias: str) -> str:
    return r"\s+".join(re.escape(part) for part in alias.split())


def _is_acronym(alias: str) -> bool:
    return bool(re.fullmatch(r"[A-Z&]{2,6}", alias))


@cache
def _place_index() -> tuple[re.Pattern[str], dict[str, Authority], dict[str, re.Pattern[str]]]:
    by_alias: dict[str, Authority] = {}
    for auth in authorities():
        for alias in (auth.name, *auth.aliases):
            by_alias.setdefault(_key(alias), auth)
    aliases = sorted({a for au in authorities() for a in (au.name, *au.aliases)}, key=len)
    body = "|".join(_alias_regex(a) for a in reversed(aliases))
    pattern = re.compile(rf"(?<![\w&])(?:{body})(?![\w&])", re.IGNORECASE)
    excludes = {
        au.name: re.compile("|".join(_alias_regex(x) for x in au.exclude), re.IGNORECASE)
        for au in authorities()
        if au.exclude
    }
    return pattern, by_alias, excludes


def find_places(text: str) -> list[Mention]:
    """Every mention of an authority in ``text``, left to right, longest name first.

    Word boundaries keep "Hull" out of "Solihull" and "Kent" out of "Kentish";
    acronyms (RBKC, H&F) must match in capitals; lower-case words ("reading")
    never count; phrases listed under ``exclude`` ("Sutton Coldfield") are dropped.
    """
    pattern, by_alias, excludes = _place_index()
    found: list[Mention] = []
    for m in pattern.finditer(text):
        matched = m.group(0)
        auth = by_alias.get(_key(matched))
        if auth is None or not _plausible_case(matched, auth):
            continue
        if auth.name in excludes and _excluded(text, m.start(), m.end(), excludes[auth.name]):
            continue
        found.append(Mention(auth.name, m.start(), m.end(), matched))
    return found


def _plausible_case(matched: str, auth: Authority) -> bool:
    for alias in (auth.name, *auth.aliases):
        if _key(alias) == _key(matched) and _is_acronym(alias):
            return matched == alias
    return matched[:1].isupper()


def _excluded(text: str, start: int, end: int, exclude: re.Pattern[str]) -> bool:
    window_start = max(0, start - 40)
    for x in exclude.finditer(text, window_start, min(len(text), end + 40)):
        if x.start() <= start and end <= x.end() and (x.end() - x.start()) > (end - start):
            return True
    return False


_COUNCIL_CONTEXT = re.compile(
    r"\s*(?:borough|city|county|metropolitan|council|lscb|local safeguarding|safeguarding)",
    re.IGNORECASE,
)


def _strong(m: Mention, text: str, heading: bool = False) -> bool:
    """Ambiguous names (Reading, Bury, Sutton) count only beside "Council", "LSCB" and the like,
    after "Borough of", or (in front matter, ``heading``) when they end a line."""
    auth = _place_index()[1].get(_key(m.matched))
    if auth is None or not auth.ambiguous or _key(m.matched) != _key(auth.name):
        return True
    if _COUNCIL_CONTEXT.match(text, m.end) or _OF_CONTEXT.search(
        text[max(0, m.start - 30) : m.start]
    ):
        return True
    return heading and bool(re.match(r"[ \t]*(?:\n|$)", text[m.end :]))


_OF_CONTEXT = re.compile(r"\b(?:borough|city|county)\s+of\s+$", re.IGNORECASE)


# --------------------------------------------------------------------------- dates


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
_DASH = r"(?:-|–|—|─|‒|―|to|until)"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_FULL_DATE = re.compile(rf"\b{_DAY}\s+({_MONTH})\.?,?\s+((?:19|20)\d\d)\b", re.IGNORECASE)
_RANGE = re.compile(
    rf"{_DAY}(?:\s+({_MONTH})\.?)?(?:,?\s+((?:19|20)\d\d))?\s*{_DASH}\s*"
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
            window = text[label.end() : label.end() + 80]
            rng = _RANGE.match(window)
            if rng and (dates := _range_dates(rng)):
                return dates
            single = _FULL_DATE.match(window)
            if single and (day := _full_date(single)):
                return day, day
    except (ValueError, TypeError):
        return None
    return None


def parse_published_date(text: str) -> str | None:
    """ISO date after "Report published:" / "Published:", if any."""
    for label in _PUBLISHED_LABEL.finditer(text):
        single = _FULL_DATE.match(text, label.end(), label.end() + 40)
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
    for m in _FULL_DATE.finditer(text):
        if day := _full_date(m):
            return day
    return None


_MONTH_YEAR = re.compile(rf"\b({_MONTH})\.?,?\s+((?:19|20)\d\d)\b", re.IGNORECASE)
_REVIEW_EVENT = re.compile(
    r"\b(?:commissioned|published|completed|concluded|signed\s+off|endorsed)\b[^.]{0,80}?"
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
    rf"\b(?:1(?:st)?\s+)?april\s+{_YEAR}\s*{_DASH}\s*(?:31(?:st)?\s+)?march\s+{_YEAR}\b",
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
    if second != first + 1 or not 1950 <= first <= 2100:
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


def _most_common_period(text: str) -> str | None:
    periods = Counter(
        p
        for m in _YEAR_PAIR.finditer(text)
        if (p := _pair(int(m.group(1)), m.group(2))) is not None
    )
    return periods.most_common(1)[0][0] if periods else None


# --------------------------------------------------------------------------- lines


_BANNER = re.compile(r"\bsynthetic\b", re.IGNORECASE)
_URL = re.compile(r"^(?:https?://|www\.)\S+$|^\S+@\S+$", re.IGNORECASE)
_CONTENTS = re.compile(r"^(?:table\s+of\s+)?contents?\b", re.IGNORECASE)
_FIELD = re.compile(
    r"^(?:inspection\s+dates?|dates?\s+of\s+inspection|report\s+published|published|"
    r"lead\s+inspector|produced\s+by|e-?mail|phone|tel|telephone|date|author|version|"
    r"status|classification)\b[^:]{0,20}:",
    re.IGNORECASE,
)
_GENERIC_AUTHORITY = re.compile(
    r"\b(?:the|london|royal|metropolitan|borough|county|city|district|council|of|"
    r"corporation|and)\b|[,.&\-–]",
    re.IGNORECASE,
)


def _clean_line(line: str) -> str:
    line = re.sub(r"^[#>*_\s-]*(?=\S)", "", line) if line.lstrip().startswith(("#", "*")) else line
    line = line.replace("**", "").replace("__", "")
    return re.sub(r"\s+", " ", line).strip(" *_#")


def _lines(text: str) -> list[str]:
    return [c for raw in text.splitlines() if (c := _clean_line(raw))]


# Marks printed on a page that are not its title: pre-publication and draft notes,
# protective markings, embargoes (issue 12: "Report for pre publication" became a title).
_MARK_LINE = re.compile(
    r"^\W*(?:"
    r"(?:(?:report|version|copy|text)\s+)?(?:(?:for|in)\s+)?pre[-\s]?publication"
    r"(?:\s+(?:only|version|copy|report|draft|check))?"
    r"|(?:final\s+)?draft(?:\s+(?:v(?:ersion)?\s*[\d.]+|\d+(?:\.\d+)*|copy|report|only"
    r"|for\s+(?:consultation|comment|comments|approval|discussion|publication)))?"
    r"(?:\s*[-–—:]\s*(?:not\s+for\s+.*|do\s+not\s+.*|subject\s+to\s+.*|confidential|embargoed.*))?"
    r"|(?:official|official[-\s]sensitive|restricted|confidential|protect(?:\s*-\s*\w+)?"
    r"|not\s+protectively\s+marked|unclassified|sensitive)"
    r"|embargoed\b.*|under\s+embargo\b.*"
    r"|not\s+for\s+(?:publication|circulation|distribution)\b.*|do\s+not\s+(?:publish|circulate)\b.*"
    r"|for\s+(?:internal|official)\s+use(?:\s+only)?|(?:strictly\s+)?private\s+(?:and|&)\s+confidential"
    r"|watermark|sample|specimen|proof(?:\s+copy)?"
    r")\W*$",
    re.IGNORECASE,
)


_EMBEDDED_MARK = re.compile(
    r"\b(?:report\s+)?for\s+pre[-\s]?publication(?:\s+(?:only|check))?\b|\(\s*draft\s*\)|\[\s*draft\s*\]",
    re.IGNORECASE,
)


def _is_banner(line: str) -> bool:
    if len(line) >= 120:
        return False
    return bool(_BANNER.search(line) or _MARK_LINE.match(line))


def _is_noise(line: str) -> bool:
    """Page numbers, bare dates and URLs at the top of a page."""
    if _URL.match(line) or re.fullmatch(r"[\divxlc]{1,4}|page\s+\d+(\s+of\s+\d+)?", line, re.I):
        return True
    return bool(_FULL_DATE.fullmatch(line.strip(" .,")))


def _is_authority_line(line: str) -> bool:
    """True for a line that is only a council's name ("London Borough of Bexley")."""
    mentions = find_places(line)
    if len(mentions) != 1:
        return False
    rest = line[: mentions[0].start] + " " + line[mentions[0].end :]
    return not _GENERIC_AUTHORITY.sub(" ", rest).strip()


_RUNNING_FOOTER = re.compile(r"\s[-–—]\s*page\s+\d+(?:\s+of\s+\d+)?$", re.IGNORECASE)
_SYNTHETIC_MARK = re.compile(r"\s*\(\s*synthetic\s*\)", re.IGNORECASE)
_SECTION_START = re.compile(
    r"^(?:(?:\d{1,2}\.\s+)?(?:foreword|preface|introduction|background)|\d{1,2}\.\s+[A-Z][^.]{0,60})$",
    re.IGNORECASE,
)


def _unbannered(line: str) -> str:
    """The line without a "(SYNTHETIC)" mark; "" for a banner line ("SYNTHETIC TEST DOCUMENT")."""
    line = _SYNTHETIC_MARK.sub("", line).strip()
    line = _EMBEDDED_MARK.sub(" ", line).strip(" -–—:|")
    return "" if not line or _is_banner(line) else line


def _front_lines(text: str) -> list[str]:
    """The first lines of the document: up to "Contents", the first section heading
    ("Foreword", "1. Introduction"), a body paragraph or FRONT_LINES. Banners and
    running footers ("... — page 1") are skipped."""
    front: list[str] = []
    for raw in _lines(text):
        line = _unbannered(raw)
        if not line or _RUNNING_FOOTER.search(line) or (front and line == front[-1]):
            continue
        if (_CONTENTS.match(line) or _SECTION_START.match(line)) and front:
            break
        if len(front) >= 2 and len(line) > 60 and line.endswith("."):
            break
        front.append(line)
        if len(front) >= FRONT_LINES:
            break
    return front


# --------------------------------------------------------------------------- title

_SMALL_WORDS = {
    "a",
    "an",
    "and",
    "at",
    "by",
    "for",
    "in",
    "of",
    "on",
    "or",
    "the",
    "to",
    "upon",
    "with",
}
_KEEP_CAPS = re.compile(r"^(?:[A-Z]{2,6}s?|[IVX]+|[A-Z]&[A-Z])$")
_CAPS_WORDS = {"AND", "THE", "FOR", "OF", "TO", "IN", "ON", "BY", "AN", "A", "AT", "OR"}
_ACRONYMS = {"LSCB", "LSCBS", "SCR", "KPI", "KPIS", "ADCS", "NHS", "CAMHS", "SEND", "MASH", "SCP"}


def _tidy_case(line: str) -> str:
    """Title-case the words of a line written mostly in capitals; leave mixed case alone."""
    letters = [c for c in line if c.isalpha()]
    if len(letters) < 4 or sum(c.isupper() for c in letters) < 0.6 * len(letters):
        return line
    out = []
    for i, word in enumerate(line.split()):
        bare = re.sub(r"\W", "", word)
        if not bare.isupper():
            out.append(word)
        elif bare in _ACRONYMS or (
            len(bare) <= 3 and _KEEP_CAPS.match(bare) and bare not in _CAPS_WORDS
        ):
            out.append(word)
        elif i > 0 and bare.lower() in _SMALL_WORDS:
            out.append(word.lower())
        else:
            out.append(word.capitalize())
    return " ".join(out)


_JUNK_HINT = re.compile(
    r"\.(?:docx?|pdf|xlsx?|pptx?|rtf|txt)$|\bdraft\b|\buntitled\b|^document\d*$|\bready for\b"
    r"|\bfinal\b|\bv\d|\b\d{1,2}\.\d{1,2}\.\d{2,4}\b|\s-\s*(?:report|new)\b|\bnew$",
    re.IGNORECASE,
)


def _meaningful_hint(hint: str) -> str:
    """The hint tidied, or "" when it is a file name, a template name or a draft label."""
    hint = re.sub(r"^microsoft\s+\w+\s*-\s*", "", (hint or "").strip(), flags=re.IGNORECASE)
    hint = re.sub(r"\s+", " ", hint).strip()
    words = re.findall(r"[A-Za-z]{2,}", hint)
    if len(words) < 2 or len(hint) < 8:
        return ""
    if _JUNK_HINT.search(hint) or _is_banner(hint):
        return ""
    return hint


def _title_from_lines(lines: list[str]) -> str:
    """The first prominent lines, with a lone council name at the top kept as a prefix."""
    authority = ""
    parts: list[str] = []
    i = 0
    while i < len(lines) and len(parts) < 8:
        line, pair = lines[i], " ".join(lines[i : i + 2])
        if _is_noise(line):
            i += 1
            continue
        if not parts and not authority and _is_authority_line(pair) and i + 1 < len(lines):
            authority, i = pair, i + 2
            continue
        if not parts and not authority and _is_authority_line(line):
            authority, i = line, i + 1
            continue
        if re.match(r"^minutes\b", line, re.IGNORECASE):
            parts.append("(minutes)")
            break
        if _title_stop(line, bool(parts)):
            break
        parts.append(_tidy_case(re.sub(r"(?<=[a-z])\d$", "", line)))  # footnote mark: "Board1"
        if sum(len(p) for p in parts) > 240:
            break
        i += 1
    title = re.sub(r"\s*([–—])\s*", r" \1 ", " ".join(parts)).strip(" :-–")
    if authority and title and not find_places(title):
        title = f"{_tidy_case(authority)}: {title}"
    return title or _tidy_case(authority)


def _title_stop(line: str, started: bool) -> bool:
    if _FIELD.match(line) or _CONTENTS.match(line):
        return True
    if _looks_numeric(line) and not (len(line) <= 12 and parse_period(line)):
        return True
    return started and (len(line) > 90 or (len(line) > 50 and line.endswith(".")))


def _looks_numeric(line: str) -> bool:
    digits = sum(c.isdigit() for c in line)
    return "£" in line or (len(line) > 6 and digits / len(line) > 0.3)


def _title_from_stem(path: Path) -> str:
    words = re.sub(r"[_\-]+", " ", path.stem).split()
    return (
        " ".join(w if any(c.isdigit() for c in w) else w.capitalize() for w in words) or path.name
    )


# --------------------------------------------------------------------------- doc type

_TYPE_CUES: dict[DocType, tuple[str, ...]] = {
    "inspection_report": (
        r"\binspection of services for children",
        r"\binspection of (?:the )?[\w\s&,']{0,80}?local authority children['’]s services",
        r"\binspection of children['’]s (?:social care )?services",
        r"\bchildren['’]s services inspection",
        r"\bsingle inspection\b",
        r"\bILACS\b",
        r"\bjoint targeted area inspection\b|\bJTAI\b",
        r"\binspection dates?\s*:",
        r"\blead inspector\b",
        r"\b(?:her|his) majesty['’]s inspector",
        r"\bofsted\b[^.\n]{0,40}\binspection\b",
    ),
    "case_review": (
        r"\bserious case review",
        r"\bSCR\b",
        r"\bmanagement review",
        r"\bchild safeguarding practice review",
        r"\bCSPR\b",
        r"\blearning review",
        r"\brapid review",
        r"\bcase review",
        r"\bdomestic homicide review",
    ),
    "stocktake": (r"\bstock[\s-]?takes?\b", r"\bsection 11 (?:audit|self[\s-]assessment)"),
    "minutes": (
        r"\bminutes\b",
        r"^\s*present\s*:",
        r"^\s*apologies\b",
        r"\bmatters arising\b",
        r"\bresolved that\b",
    ),
    "performance_report": (
        r"\bperformance report",
        r"\bquarterly performance\b",
        r"\bperformance (?:dashboard|scorecard|data report|digest)",
        r"\bkey performance indicators?\b",
        r"\bKPIs?\b",
        r"\bscorecard\b",
    ),
    "annual_report": (r"\bannual report\b",),
    "other": (
        r"\brisk register\b",
        r"\bbudget\b",
        r"\bresearch\b",
        r"\bstrategy\b",
        r"\bpolicy\b",
        r"\bprotocol\b",
        r"\bguidance\b",
        r"\bterms of reference\b",
        r"\bnewsletter\b",
    ),
}
_CASE_SENSITIVE_CUES = {
    r"\bSCR\b",
    r"\bCSPR\b",
    r"\bILACS\b",
    r"\bKPIs?\b",
    r"\bjoint targeted area inspection\b|\bJTAI\b",
}


@cache
def _type_patterns() -> dict[DocType, tuple[re.Pattern[str], ...]]:
    return {
        t: tuple(
            re.compile(c, re.MULTILINE if c in _CASE_SENSITIVE_CUES else re.MULTILINE | re.I)
            for c in cues
        )
        for t, cues in _TYPE_CUES.items()
    }


def _earliest_type(zone: str) -> DocType | None:
    """The type whose cue comes first in a title or the front matter."""
    best: tuple[int, DocType] | None = None
    for doc_type, patterns in _type_patterns().items():
        for p in patterns:
            m = p.search(zone)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), doc_type)
    return best[1] if best else None


def _body_type(body: str) -> DocType | None:
    """The type with the most cue hits in the body (at least two), "other" excluded."""
    scores = Counter(
        {
            t: sum(len(p.findall(body)) for p in patterns)
            for t, patterns in _type_patterns().items()
            if t != "other"
        }
    )
    best = scores.most_common(1)
    return best[0][0] if best and best[0][1] >= 2 else None


def detect_doc_type(title_zone: str, front: str, body: str) -> DocType:
    for zone in (title_zone, front):
        if found := _earliest_type(zone):
            return found
    return _body_type(body) or "other"


# --------------------------------------------------------------------------- boroughs, board

_TRI = re.compile(r"\btri[\s-]?borough\b", re.IGNORECASE)
_LSCB = re.compile(
    r"\b(?:LSCB|local\s+safeguarding\s+children\s+board|safeguarding\s+children\s+board)\b",
    re.IGNORECASE,
)
_PARTNERSHIP = re.compile(r"\bsafeguarding\s+(?:children\s+)?partnership\b", re.IGNORECASE)
_LSCB_REVIEW = re.compile(
    r"review\s+of\s+the\s+effectiveness\s+of\s+the\s+(?:local\s+safeguarding\s+children\s+board|LSCB)",
    re.IGNORECASE,
)


def _ordered_unique(names: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


def detect_boroughs(title_zone: str, front: str, body: str, stem: str = "") -> tuple[str, ...]:
    """The document's subject authorities (see module docstring).

    The title zone is asked first, then the front matter: the board a title names
    ("Kensington and Chelsea LSCB Annual Report") is the subject even when the
    front matter goes on to talk of the tri-borough arrangements.
    """
    for zone in (title_zone, front):
        if found := _zone_boroughs(zone):
            return found
    counts = Counter(m.name for m in find_places(body) if _strong(m, body))
    ranked = counts.most_common(2)
    if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]):
        return (ranked[0][0],)
    from_stem = _ordered_unique([m.name for m in find_places(_stem_words(stem))])
    return from_stem if len(from_stem) == 1 else ()


def _zone_boroughs(zone: str) -> tuple[str, ...]:
    """Authorities a title or front matter names; "tri-borough" counts only if it comes first."""
    mentions = [m for m in find_places(zone) if _strong(m, zone, True)]
    tri = _TRI.search(zone)
    if tri and (not mentions or tri.start() < mentions[0].start):
        return TRI_BOROUGH
    return _ordered_unique([m.name for m in mentions])


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _stem_words(stem: str) -> str:
    return " ".join(w.capitalize() for w in re.split(r"[_\-\s]+", stem) if w)


def detect_board(boroughs: tuple[str, ...], doc_type: DocType, head: str, text: str) -> str:
    """'<Borough> LSCB' when the paper is by or about a board; '' otherwise."""
    if not boroughs:
        return ""
    if doc_type == "inspection_report":
        is_board = bool(_LSCB_REVIEW.search(_flat(text)))
        kind = "LSCB"
    elif _LSCB.search(head) or _TRI.search(head) and "board" in head.lower():
        is_board, kind = True, "LSCB"
    elif _PARTNERSHIP.search(head):
        is_board, kind = True, "Safeguarding Children Partnership"
    else:
        is_board = doc_type in ("annual_report", "stocktake", "case_review") and (
            len(_LSCB.findall(text)) >= 2
        )
        kind = "LSCB"
    if not is_board:
        return ""
    who = "Tri-borough" if set(boroughs) == set(TRI_BOROUGH) else " and ".join(boroughs)
    return f"{who} {kind}"


# --------------------------------------------------------------------------- detect


def is_synthetic(path: Path, text: str, info: Mapping[str, str] | None) -> bool:
    """A 'SYNTHETIC' banner in capitals, 'synthetic' in Keywords/Subject/Title or the file name."""
    if re.search(r"\bSYNTHETIC\b", text) or "synthetic" in path.name.lower():
        return True
    fields = (str((info or {}).get(k, "")) for k in ("Keywords", "Subject", "Title"))
    return any(re.search(r"\bsynthetic\b", f, re.IGNORECASE) for f in fields)


def _info_title(info: Mapping[str, str] | None) -> str:
    if not info:
        return ""
    return " ".join(_meaningful_hint(str(info.get(k, ""))) for k in ("Title", "Subject")).strip()


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
            _title_from_stem(path), "", (), "", "other", is_synthetic(path, "", None), ""
        )


def _detect(path: Path, text: str, title_hint: str, info: Mapping[str, str] | None) -> Metadata:
    front_lines = _front_lines(text)
    front = "\n".join(front_lines)
    hint = _meaningful_hint(title_hint)
    page_title = _title_from_lines(front_lines)
    title = hint or page_title or _title_from_stem(path)
    title_zone = "\n".join(x for x in (hint, _info_title(info)) if x)

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
    flat = _flat(text)
    if doc_type == "inspection_report":
        day = parse_inspection_date(flat) or ""
        if day:
            return day, period_from_date(day)
    day = first_date(_flat(front)) or parse_published_date(flat) or ""
    period = parse_period(title_zone) or parse_period(front)
    if not period and day:
        period = period_from_date(day)
    if not period and (months := month_dates(_flat(f"{title_zone}\n{front}"))):
        period = period_from_date(months[0])  # "Stock Take March 2012" -> 2011/12
    if not period and doc_type == "case_review" and (done := review_date(flat)):
        period = period_from_date(done)
    return day, period or _most_common_period(text) or ""
