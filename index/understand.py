"""What a query's words say about where and when: boroughs, years and periods, document
types, and whether the asker wants answers compared.

A board officer types "how did Westminster's judgement change between 2016 and 2025" or
"which borough's care leavers did worst in 2016". The papers answer such a question
only inside one borough's reports of one period, but the words "Westminster" and "2016"
match every paper that mentions them, so ranked as words they bring a Cafcass remark
first. Here each such naming becomes a *chip*: a filter exactly like one the user picks
in the sidebar, shown above the hits ("Borough: Westminster ✕") so that it can be seen
and removed with one click (``drop``), and a comparison ("between 2016 and 2025",
"which borough", "compare Westminster and Kensington") asks for the answers grouped by
period or by borough.

* Boroughs come from ``ingest/data/places.json``: each authority's name and aliases
  ("H&F", "RBKC", "City of Westminster"), and its groups ("tri-borough", "bi-borough").
  A name the places file marks ambiguous (Reading, Sutton) counts only when typed with
  a capital, and a phrase it excludes ("Palace of Westminster") never counts.
* Years and periods: a financial year ("2016/17", "2011-12"), a year ("2016", "in
  2019"), a span ("between 2016 and 2025", "2022 to 2024", "since 2019", "before
  2016"), "the latest" and "last year's" / "this year's" (relative to the library's
  latest period). The library files its papers by financial year, so a year becomes the
  periods of the papers from that year (see ``periods_for_years``).
* Document types: "inspection", "Ofsted report", "annual report", "stock-take",
  "serious case review", "minutes", "performance report".
* Comparison cues: "which borough", "compare", "versus", two boroughs named, a span of
  years, "over the years", "how did ... change".

Only what the library holds becomes a filter: a borough, period or document type that no
paper has is left as words (with a note saying so), since a filter on it would empty
the list. A facet the user has filtered on already is theirs: the words are then left
alone. The words that named a chip are taken out of the words searched (a borough or a
year as a filter need not be matched as a word too) unless its chip is removed; a
document type's words stay, since they are also a topic ("inspection", "minutes").
Nothing is understood in a query written in the engine's syntax (AND, OR, NOT), nor
inside quotes or a field:value term: the user then means exactly what they typed.

Pure: no engine, no store. The engine (index/search.py) passes the library's documents
in and applies the filters and the grouping.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any, TypeVar

from ingest.datafiles import DATA_DIR, entries, read_json
from ingest.model import DOC_TYPE_LABELS

PLACES_FILE = DATA_DIR / "places.json"
CHIP_KINDS: tuple[str, ...] = ("borough", "period", "doc_type", "theme")
KIND_LABELS = {
    "borough": "Borough",
    "period": "Period",
    "doc_type": "Document type",
    "theme": "Theme",
}
GROUP_BY = ("period", "borough")
T = TypeVar("T")


@dataclass(frozen=True)
class Chip:
    """One thing understood from the words: a filter value (or the theme added), with the
    words typed that led to it. ``id`` ("borough:Westminster", "period:2016/17",
    "doc_type:inspection_report", "theme:Neglect") is what a removal names."""

    kind: str  # one of CHIP_KINDS
    value: str  # the filter value: canonical borough, "2016/17", "inspection_report", theme
    label: str  # for people: "Borough: Westminster"
    words: str = ""  # the words typed that named it: "Westminster's", "between 2016 and 2025"

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.value}"

    def as_dict(self) -> dict[str, str]:
        return {
            "id": self.id,
            "kind": self.kind,
            "value": self.value,
            "label": self.label,
            "words": self.words,
        }


def chip(kind: str, value: str, words: str = "") -> Chip:
    """A chip with its plain label ("Document type: Inspection report")."""
    shown = DOC_TYPE_LABELS.get(value, value) if kind == "doc_type" else value
    return Chip(kind, value, f"{KIND_LABELS.get(kind, kind.capitalize())}: {shown}", words)


def theme_chip(name: str, words: Sequence[str] | str = "") -> Chip:
    """The chip of a theme whose vocabulary was added to the query."""
    typed = words if isinstance(words, str) else " ".join(words)
    return chip("theme", name, typed)


# -- the library's facts ---------------------------------------------------------------------
@dataclass(frozen=True)
class DocFacts:
    """What understanding needs of one document: its facet values and its date."""

    boroughs: tuple[str, ...]
    period: str  # "2015/16" or ""
    doc_type: str
    date: str = ""  # ISO, when the document states one (an inspection's date)

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date[:4].isdigit() else None


@dataclass(frozen=True)
class LibraryFacts:
    """The documents of the library, as facts (index/search.py builds it from the catalog)."""

    docs: tuple[DocFacts, ...] = ()

    @cached_property
    def boroughs(self) -> frozenset[str]:
        return frozenset(b for d in self.docs for b in d.boroughs)

    @cached_property
    def doc_types(self) -> frozenset[str]:
        return frozenset(d.doc_type for d in self.docs)

    def matching(self, wanted: Mapping[str, Sequence[str]]) -> tuple[DocFacts, ...]:
        """The documents a borough and document-type filter keeps (empty = any)."""
        boroughs = set(wanted.get("borough", ()))
        types = set(wanted.get("doc_type", ()))
        return tuple(
            d
            for d in self.docs
            if (not boroughs or boroughs & set(d.boroughs)) and (not types or d.doc_type in types)
        )

    @cached_property
    def latest_year(self) -> int | None:
        """The start year of the library's latest financial year: its "this year"."""
        starts = [start for d in self.docs if (start := period_start(d.period)) is not None]
        return max(starts) if starts else None


def period_start(period: str) -> int | None:
    """2015 for "2015/16"; None for anything else."""
    m = re.fullmatch(r"((?:19|20)\d\d)/\d\d", period)
    return int(m.group(1)) if m else None


def financial_year(start: int) -> str:
    """ "2016/17" for 2016: how the library names a period."""
    return f"{start}/{(start + 1) % 100:02d}"


def periods_for_years(years: Iterable[int], docs: Iterable[DocFacts]) -> tuple[str, ...]:
    """The periods of the papers from the given calendar years, oldest first.

    A financial year "2015/16" runs from April 2015 to March 2016, so a paper filed under
    it is from 2015 or from 2016. When some of those papers carry a date (an inspection's),
    the date decides: "Westminster 2016" is the inspection of February 2016 (2015/16), not
    a paper of 2016/17 as well; papers without a date are placed by their period alone.
    """
    wanted = set(years)
    found = [
        d
        for d in docs
        if (start := period_start(d.period)) is not None and {start, start + 1} & wanted
    ]
    if any(d.year in wanted for d in found):
        found = [d for d in found if d.year in wanted or d.year is None]
    return tuple(sorted({d.period for d in found}))


# -- the places file -------------------------------------------------------------------------
@dataclass(frozen=True)
class Place:
    """A name a borough (or a group of boroughs) goes by, from the places file."""

    alias: str
    boroughs: tuple[str, ...]  # the canonical names it stands for
    ambiguous: bool = False  # counts only when typed with a capital
    exclude: tuple[str, ...] = ()  # phrases where the name means something else
    group: bool = False  # "tri-borough": a group of boroughs, not one named alone


@cache
def places() -> tuple[Place, ...]:
    """Every authority's name and aliases, and the groups, longest first."""
    raw = read_json(PLACES_FILE, "the places file")
    out: list[Place] = []
    for a in entries(raw, "authorities", PLACES_FILE, "authority", filled=("name", "kind")):
        for alias in (a["name"], *a.get("aliases", ())):
            out.append(
                Place(alias, (a["name"],), bool(a.get("ambiguous")), tuple(a.get("exclude", ())))
            )
    for a in entries(raw, "authorities", PLACES_FILE, "authority", filled=("name", "kind")):
        short = _short_form(a["name"])
        if short:
            out.append(Place(short, (a["name"],), ambiguous=True))
    for name, members in (raw.get("groups") or {}).items():
        stem = re.sub(r"[\s-]*borough$", "", name, flags=re.I)  # "Tri-borough" -> "Tri"
        for alias in (name, f"{stem} borough", f"{stem}borough", f"{stem}-boroughs"):
            out.append(Place(alias, tuple(members), group=True))
    return tuple(sorted(out, key=lambda p: -len(p.alias)))


def _short_form(name: str) -> str:
    """The first half of a double name, as people say it ("Kensington" for Kensington and
    Chelsea, "Hammersmith" for Hammersmith and Fulham): counted only with a capital."""
    first, sep, _ = name.partition(" and ")
    return first if sep and "," not in first else ""


@cache
def _place_pattern() -> tuple[re.Pattern[str], dict[str, Place]]:
    by_key = {_key(p.alias): p for p in reversed(places())}  # the first (longest) wins
    body = "|".join(r"[\s-]*".join(map(re.escape, re.split(r"[\s-]+", p.alias))) for p in places())
    prefix = r"(?:(?:the\s+)?(?:london\s+|royal\s+)?borough\s+of\s+)?"
    suffix = r"(?:\s+(?:city\s+|county\s+|borough\s+)?council)?(?:'s|’s|s')?"
    pattern = re.compile(rf"(?<![\w&])({prefix})({body})({suffix})(?![\w&])", re.I)
    return pattern, by_key


def _key(text: str) -> str:
    return re.sub(r"[\s-]+", " ", text).strip().lower()


# -- finding what the words name -------------------------------------------------------------
@dataclass(frozen=True)
class Naming:
    """A stretch of the query that names chips of one kind."""

    start: int
    end: int
    kind: str  # borough | period | doc_type | which (a cue: no chip)
    values: tuple[str, ...]
    alone: bool = True  # a borough named by itself (not through a group like "tri-borough")
    span: bool = False  # a span of years ("between 2016 and 2025", "since 2019")
    strip: bool = True  # take its words out of the words searched


@dataclass
class _Claims:
    """The query with its understood stretches claimed, so that a later pattern does not
    read the same words again ("2016/17" is one period, not the year 2016)."""

    text: str
    spans: list[tuple[int, int]] = field(default_factory=list)

    def free(self, start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in self.spans)

    def take(self, pattern: re.Pattern[str]) -> Iterable[re.Match[str]]:
        for m in pattern.finditer(self.text):
            if self.free(m.start(), m.end()):
                self.spans.append((m.start(), m.end()))
                yield m


_QUOTED = re.compile(r"\"[^\"]*\"?|\b\w+:(?:\"[^\"]*\"|\S+)")
_OPERATORS = re.compile(r"\b(?:AND|OR|NOT)\b")


def masked(query: str) -> str:
    """The query with quoted phrases and field:value terms blanked (same length), so that
    nothing inside them is understood."""
    return _QUOTED.sub(lambda m: " " * len(m.group(0)), query)


def borough_mentions(claims: _Claims, library: LibraryFacts) -> list[Naming]:
    """Boroughs named in the words, as the library knows them (see the module doc)."""
    pattern, by_key = _place_pattern()
    out = []
    for m in pattern.finditer(claims.text):
        place = by_key.get(_key(m.group(2)))
        if place is None or not claims.free(m.start(), m.end()):
            continue
        if place.ambiguous and not m.group(2)[:1].isupper():
            continue
        if _excluded(claims.text, m.start(2), m.end(2), place):
            continue
        claims.spans.append((m.start(), m.end()))
        known = tuple(b for b in place.boroughs if b in library.boroughs)
        out.append(Naming(m.start(), m.end(), "borough", known, not place.group))
    return out


def _excluded(text: str, start: int, end: int, place: Place) -> bool:
    """Whether a phrase the places file excludes covers the name ("Palace of Westminster")."""
    for phrase in place.exclude:
        for m in re.finditer(re.escape(phrase), text, re.I):
            if m.start() <= start and end <= m.end():
                return True
    return False


_DOC_TYPES: tuple[tuple[str, str], ...] = (
    (r"(?:ofsted\s+)?inspection\s+reports?|ofsted\s+(?:reports?|inspections?)|ilacs", "inspection_report"),
    (r"inspections?", "inspection_report"),
    (r"annual\s+reports?", "annual_report"),
    (r"stock[\s-]?takes?", "stocktake"),
    (r"serious\s+case\s+reviews?|scrs?|(?:child\s+)?safeguarding\s+practice\s+reviews?"
     r"|cspr|case\s+reviews?|learning\s+reviews?", "case_review"),
    (r"minutes", "minutes"),
    (r"(?:quarterly\s+)?performance\s+reports?", "performance_report"),
)  # fmt: skip


def doc_type_mentions(claims: _Claims, library: LibraryFacts) -> list[Naming]:
    """Document types named in the words that the library has papers of. Their words
    stay in the words searched: they name a topic too."""
    out = []
    for body, doc_type in _DOC_TYPES:
        pattern = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.I)
        for m in claims.take(pattern):
            if doc_type in library.doc_types:
                out.append(Naming(m.start(), m.end(), "doc_type", (doc_type,), strip=False))
    return out


_YEAR = r"(?:19[89]\d|20\d\d)"
_S = r"(?:'s|’s)?"
_FINANCIAL = re.compile(rf"(?<![\w/])(?:(?:in|during|for|of)\s+)?({_YEAR})\s?[/-]\s?(\d\d|{_YEAR}){_S}(?![\w/])", re.I)  # fmt: skip
_BETWEEN = re.compile(rf"\b(?:between|from)\s+(?:the\s+years?\s+)?({_YEAR})\s*(?:and|to|until|-|–)\s*({_YEAR}){_S}(?!\w)", re.I)  # fmt: skip
_TO = re.compile(rf"(?<![\w/])({_YEAR})\s*(?:to|until|–)\s*({_YEAR}){_S}(?!\w)", re.I)
_SINCE = re.compile(rf"\b(since|from|after|before|until|up\s+to|prior\s+to)\s+({_YEAR})(?:\s+onwards?)?{_S}(?!\w)", re.I)  # fmt: skip
_SINGLE = re.compile(rf"(?<![\w/])(?:(?:in|during|for|of)\s+)?({_YEAR}){_S}(?![\w/])", re.I)
_RELATIVE = re.compile(r"\b(?:the\s+)?(latest|most\s+recent|newest|last\s+year|this\s+year)(?:'s|’s)?(?!\w)", re.I)  # fmt: skip


def period_mentions(
    claims: _Claims, docs: Sequence[DocFacts], library: LibraryFacts
) -> list[Naming]:
    """Years and periods named in the words, as the periods of `docs` (the papers of the
    boroughs and document types named or chosen). A year no paper is from gives a
    mention with no values (a note says so)."""
    out: list[Naming] = []
    for m in claims.take(_FINANCIAL):
        first, second = int(m.group(1)), m.group(2)
        last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
        if last == first + 1:  # "2016/17": the financial year itself
            period = financial_year(first)
            held = (period,) if any(d.period == period for d in docs) else ()
            out.append(Naming(m.start(), m.end(), "period", held))
        elif last > first:  # "2016-2019": a span of years
            out.append(_span(m, range(first, last + 1), docs))
    for m in (*claims.take(_BETWEEN), *claims.take(_TO)):
        first, last = sorted((int(m.group(1)), int(m.group(2))))
        out.append(_span(m, range(first, last + 1), docs))
    for m in claims.take(_SINCE):
        out.append(_span(m, _open_span(m.group(1).lower(), int(m.group(2)), library), docs))
    for m in claims.take(_SINGLE):
        found = periods_for_years((int(m.group(1)),), docs)
        out.append(Naming(m.start(), m.end(), "period", found))
    for m in claims.take(_RELATIVE):
        out.append(Naming(m.start(), m.end(), "period", _relative(m.group(1), docs, library)))
    return out


def _span(m: re.Match[str], years: Iterable[int], docs: Sequence[DocFacts]) -> Naming:
    return Naming(m.start(), m.end(), "period", periods_for_years(years, docs), span=True)


def _open_span(word: str, year: int, library: LibraryFacts) -> range:
    """The years of "since 2019" (up to the library's latest) or "before 2016"."""
    latest = max(library.latest_year or year, year) + 1
    if word in ("since", "from"):
        return range(year, latest + 1)
    if word == "after":
        return range(year + 1, latest + 1)
    if word == "before" or word.startswith("prior"):
        return range(1980, year)
    return range(1980, year + 1)  # until, up to


def _relative(word: str, docs: Sequence[DocFacts], library: LibraryFacts) -> tuple[str, ...]:
    """The period of "the latest" (of the papers named: "Westminster's latest
    inspection"), "this year" (the library's latest) or "last year" (the one before)."""
    word = " ".join(word.lower().split())
    if word in ("latest", "most recent", "newest"):
        starts = [s for d in docs if (s := period_start(d.period)) is not None]
        return (financial_year(max(starts)),) if starts else ()
    if library.latest_year is None:
        return ()
    start = library.latest_year - (1 if word == "last year" else 0)
    period = financial_year(start)
    return (period,) if any(d.period == period for d in docs) else ()


_WHICH = re.compile(
    r"\b(?:which|what)\s+(?:(?:london|local)\s+)?(?:boroughs?|councils?|local\s+authorit(?:y|ies)"
    r"|authorit(?:y|ies)|las)(?:'s|’s|s')?(?!\w)",
    re.I,
)
_COMPARE = re.compile(r"\b(?:compar(?:e|ed|es|ing|ison)|versus|vs\.?|differ\w*)(?!\w)", re.I)
_OVER_TIME = re.compile(
    r"\b(?:over\s+(?:the\s+)?(?:years|time)|year\s+on\s+year|trends?|(?:has|have)\s+\w+\s+changed"
    r"|how\s+(?:did|has|have)\b.*\bchange[ds]?)(?!\w)",
    re.I,
)


# -- the whole understanding -----------------------------------------------------------------
@dataclass(frozen=True)
class Understanding:
    """What a query was understood to ask: the words to search, the chips applied (and
    those the user removed), and how the answers are to be grouped."""

    query: str  # as typed
    words: str  # the words searched: the query less the words that named a chip
    chips: tuple[Chip, ...] = ()  # applied
    dropped: tuple[Chip, ...] = ()  # understood, but removed by the user
    group_by: str = ""  # "" | "period" | "borough"
    group_values: tuple[str, ...] = ()  # the groups named, in order (empty: from the hits)
    notes: tuple[str, ...] = ()  # plain words: what was named but is not in the library

    def filters(self, user: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, ...]]:
        """The user's filters with the chips' values added (a facet the user filtered on
        keeps the user's values: no chip is made for it)."""
        out = {k: tuple(v) for k, v in user.items() if v}
        for c in self.chips:
            if c.kind != "theme" and c.value not in out.get(c.kind, ()):
                out[c.kind] = (*out.get(c.kind, ()), c.value)
        return out

    def with_theme(self, theme: Chip | None) -> tuple[Chip, ...]:
        """The chips applied, and the theme the search added (if any), last."""
        return self.chips if theme is None else (*self.chips, theme)


def nothing_understood(query: str) -> Understanding:
    return Understanding(query, query)


def understand(
    query: str,
    library: LibraryFacts,
    user: Mapping[str, Sequence[str]] | None = None,
    drop: Iterable[str] = (),
) -> Understanding:
    """The chips a query names (see the module doc), given the library's documents, the
    filters the user chose (`user`: facet -> values) and the chip ids the user removed."""
    user = {k: tuple(v) for k, v in (user or {}).items() if v}
    if not query.strip() or _OPERATORS.search(query):
        return nothing_understood(query)
    claims = _Claims(masked(query))
    which = list(claims.take(_WHICH))
    places = borough_mentions(claims, library)
    types = doc_type_mentions(claims, library)
    dropped = frozenset(drop)
    named = _applied(places + types, user)
    scope = dict(user)
    for m in named:
        scope.setdefault(m.kind, ())
        scope[m.kind] = (*scope[m.kind], *(v for v in m.values if f"{m.kind}:{v}" not in dropped))
    periods = period_mentions(claims, library.matching(scope), library)
    mentions = sorted(places + types + periods, key=lambda m: m.start)
    applied = _applied(mentions, user)
    chips, removed = _chips(query, applied, dropped)
    group_by, values = _grouping(claims.text, applied, chips, bool(which))
    stripped = [(m.start, m.end) for m in applied if m.strip and _kept(m, dropped)]
    stripped += [(m.start(), m.end()) for m in which]
    return Understanding(
        query,
        searched_words(query, stripped),
        chips,
        removed,
        group_by,
        values,
        _notes(query, mentions, library, scope) + _undated_note(chips, library, scope),
    )


def _applied(mentions: Sequence[Naming], user: Mapping[str, Sequence[str]]) -> list[Naming]:
    """The mentions that make chips: a value the library has, on a facet the user has not
    filtered on."""
    return [m for m in mentions if m.values and not user.get(m.kind)]


def _kept(m: Naming, dropped: frozenset[str]) -> bool:
    """Whether any chip of a mention is still applied (else its words are searched)."""
    return any(f"{m.kind}:{v}" not in dropped for v in m.values)


def _chips(
    query: str, mentions: Sequence[Naming], dropped: frozenset[str]
) -> tuple[tuple[Chip, ...], tuple[Chip, ...]]:
    """The chips of the mentions, once each, split into applied and removed."""
    seen: dict[str, Chip] = {}
    for m in mentions:
        for value in m.values:
            c = chip(m.kind, value, query[m.start : m.end].strip())
            seen.setdefault(c.id, c)
    applied = tuple(c for c in seen.values() if c.id not in dropped)
    return applied, tuple(c for c in seen.values() if c.id in dropped)


def _grouping(
    text: str, mentions: Sequence[Naming], chips: Sequence[Chip], which: bool
) -> tuple[str, tuple[str, ...]]:
    """Whether the answers are wanted side by side, by borough or by period, and the
    groups named. By borough: "which borough", or two boroughs named by name (with or
    without "compare"), or "compare" with a group ("tri-borough"). By period: a span
    of years or two years named, or "over the years" / "how did ... change"."""
    boroughs = tuple(c.value for c in chips if c.kind == "borough")
    periods = tuple(sorted(c.value for c in chips if c.kind == "period"))
    alone = {v for m in mentions if m.kind == "borough" and m.alone for v in m.values}
    if which:
        return "borough", boroughs if len(boroughs) > 1 else ()
    if len(alone & set(boroughs)) > 1 or (len(boroughs) > 1 and _COMPARE.search(text)):
        return "borough", boroughs
    years = [m for m in mentions if m.kind == "period"]
    if len(periods) > 1 and (any(m.span for m in years) or len(years) > 1):
        return "period", periods
    if _OVER_TIME.search(text) and len(periods) != 1:
        return "period", periods
    return "", ()


def _notes(
    query: str,
    mentions: Sequence[Naming],
    library: LibraryFacts,
    scope: Mapping[str, Sequence[str]],
) -> tuple[str, ...]:
    """Plain notes for what was named but matched no paper (then searched as words)."""
    out = []
    about = " or ".join(scope.get("borough", ()))
    for m in mentions:
        words = query[m.start : m.end].strip()
        if m.kind == "period" and not m.values and not scope.get("period"):
            whose = f" about {about}" if about else ""
            out.append(
                f"No paper{whose} in the library is from {words}, so every period was searched."
            )
        if m.kind == "borough" and not m.values:
            out.append(f"No paper in the library is about {words}, so every borough was searched.")
    return tuple(dict.fromkeys(out))


def _undated_note(
    chips: Sequence[Chip], library: LibraryFacts, scope: Mapping[str, Sequence[str]]
) -> tuple[str, ...]:
    """A note when a period chip leaves out papers that have no period (no date could be
    read from them): a board officer asking for 2016 expects the papers of 2016, not the
    undated ones, but should know that some papers could not be placed in time."""
    if not any(c.kind == "period" for c in chips):
        return ()
    undated = sum(1 for d in library.matching(scope) if not d.period)
    if not undated:
        return ()
    about = " or ".join(scope.get("borough", ()))
    whose = f" about {about}" if about else ""
    papers = "paper" if undated == 1 else "papers"
    verb = "has" if undated == 1 else "have"
    return (
        f"{undated} {papers}{whose} {verb} no date or period, so the period chip leaves "
        f"{'it' if undated == 1 else 'them'} out; remove the chip to search "
        f"{'it' if undated == 1 else 'them'} too.",
    )


_CONNECTORS = frozenset(
    "and or & , vs vs. versus with between in of for during from to at across".split()
)
_EMPTY = frozenset(
    "the a an and or of in on for to at by with what which how did does do was were is are "
    "has have had there their its it 's".split()
)


def searched_words(query: str, removed: Sequence[tuple[int, int]]) -> str:
    """The query with the removed stretches taken out, and the joining words that led to
    them ("in", "and", "with"); the query as typed when nothing with a meaning would be
    left ("Westminster 2019": the filters say it all, and the words still rank)."""
    if not removed:
        return query
    tokens = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"\S+", query)]
    gone = [any(a <= s and e <= b for a, b in removed) for s, e, _ in tokens]
    for i, token in enumerate(tokens):
        if gone[i] or not _connector(token):
            continue
        after = [gone[j] for j in range(i + 1, len(tokens)) if not _connector(tokens[j])]
        before = [gone[j] for j in range(i) if not _connector(tokens[j])]
        # "care leavers in Westminster": the next word went; "Westminster and": the last
        gone[i] = after[0] if after else bool(before and before[-1])
    kept = " ".join(_trim(query, removed, tokens, gone))
    if not any(re.sub(r"\W", "", w).lower() not in _EMPTY for w in kept.split()):
        return query
    return kept


def _connector(token: tuple[int, int, str]) -> bool:
    return token[2].lower() in _CONNECTORS


def _trim(
    query: str,
    removed: Sequence[tuple[int, int]],
    tokens: Sequence[tuple[int, int, str]],
    gone: Sequence[bool],
) -> list[str]:
    """The kept tokens, each less any removed stretch inside it ("Westminster's," -> ",")."""
    out = []
    for (s, e, _), g in zip(tokens, gone, strict=True):
        if g:
            continue
        chars = [c for i, c in enumerate(query[s:e], start=s) if not _inside(i, removed)]
        piece = "".join(chars).strip(" ,;")
        if any(c.isalnum() for c in piece):
            out.append(piece)
    return out


def _inside(i: int, removed: Sequence[tuple[int, int]]) -> bool:
    return any(a <= i < b for a, b in removed)


# -- grouped answers -------------------------------------------------------------------------
def round_robin(groups: Sequence[Sequence[T]]) -> list[T]:
    """One list from several: the first of each group in turn, then the second of each,
    and so on (how a grouped answer is one ranking, for scoring and for "Show more")."""
    out: list[T] = []
    for i in range(max((len(g) for g in groups), default=0)):
        out.extend(g[i] for g in groups if i < len(g))
    return out


def group_label(group_by: str, value: str) -> str:
    """The heading of a group: "Period 2015/16", or the borough's name."""
    return f"Period {value}" if group_by == "period" else value


def values_in_order(items: Iterable[Any], key: Any) -> tuple[str, ...]:  # noqa: ANN401
    """The distinct group values of ranked items (``key(item)`` -> values), in the order
    they first appear: the groups of "which borough", best first."""
    seen: dict[str, None] = {}
    for item in items:
        for value in key(item):
            seen.setdefault(value, None)
    return tuple(seen)
