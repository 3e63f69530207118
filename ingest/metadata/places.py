"""Places: English local authorities named in a text, a document's subject boroughs and its board.

The authorities come from ``ingest/data/places.json``. The *subject* boroughs come
from the title zone, else from the front matter (an Ofsted report opens with the
council's name; an LSCB annual report with the board's), else from the body.
"Tri-borough" means all three boroughs only when it comes before any borough's
name, so a Kensington and Chelsea report that mentions the tri-borough plans
stays K&C's.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from ..datafiles import DATA_DIR, entries, read_json
from ..model import DocType
from .front import flat

PLACES_FILE = DATA_DIR / "places.json"
TRI_BOROUGH: tuple[str, ...] = ("Hammersmith and Fulham", "Kensington and Chelsea", "Westminster")

# A phrase listed under an authority's ``exclude`` ("Sutton Coldfield") is looked for
# this many characters either side of a mention: longer than any excluded phrase.
EXCLUDE_WINDOW = 40
# "London Borough of Sutton": how far before an ambiguous name its "Borough of" may
# start, in characters ("Royal Borough of " is 17).
OF_CONTEXT_WINDOW = 30
# The body names a subject borough only when it is named at least this many times
# (once is a passing mention: "a family who moved from Bexley") ...
BODY_MIN_MENTIONS = 2
# ... and at least this many times as often as the next borough (a report comparing
# itself with neighbours names them too, but less often).
BODY_DOMINANCE = 2
# A paper with no board cue in its title or front matter is a board's when its body
# names the LSCB at least this often (once is a cross-reference to another board).
BOARD_MIN_MENTIONS = 2


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
    raw = read_json(PLACES_FILE, "the places file")
    return tuple(
        Authority(
            name=a["name"],
            kind=a["kind"],
            aliases=tuple(a.get("aliases", ())),
            exclude=tuple(a.get("exclude", ())),
            ambiguous=bool(a.get("ambiguous", False)),
            former=bool(a.get("former", False)),
        )
        for a in entries(raw, "authorities", PLACES_FILE, "authority", filled=("name", "kind"))
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
    window_start = max(0, start - EXCLUDE_WINDOW)
    for x in exclude.finditer(text, window_start, min(len(text), end + EXCLUDE_WINDOW)):
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
        text[max(0, m.start - OF_CONTEXT_WINDOW) : m.start]
    ):
        return True
    return heading and bool(re.match(r"[ \t]*(?:\n|$)", text[m.end :]))


_OF_CONTEXT = re.compile(r"\b(?:borough|city|county)\s+of\s+$", re.IGNORECASE)


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
    """The document's subject authorities: title zone, else front matter, else body, else file name.

    The title zone is asked first, then the front matter: the board a title names
    ("Kensington and Chelsea LSCB Annual Report") is the subject even when the
    front matter goes on to talk of the tri-borough arrangements.
    """
    for zone in (title_zone, front):
        if found := _zone_boroughs(zone):
            return found
    counts = Counter(m.name for m in find_places(body) if _strong(m, body))
    ranked = counts.most_common(2)
    top = ranked[0][1] if ranked else 0
    if top >= BODY_MIN_MENTIONS and (len(ranked) == 1 or top >= BODY_DOMINANCE * ranked[1][1]):
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


def _stem_words(stem: str) -> str:
    return " ".join(w.capitalize() for w in re.split(r"[_\-\s]+", stem) if w)


def detect_board(boroughs: tuple[str, ...], doc_type: DocType, head: str, text: str) -> str:
    """'<Borough> LSCB' when the paper is by or about a board; '' otherwise."""
    if not boroughs:
        return ""
    if doc_type == "inspection_report":
        is_board = bool(_LSCB_REVIEW.search(flat(text)))
        kind = "LSCB"
    elif _LSCB.search(head) or _TRI.search(head) and "board" in head.lower():
        is_board, kind = True, "LSCB"
    elif _PARTNERSHIP.search(head):
        is_board, kind = True, "Safeguarding Children Partnership"
    else:
        is_board = doc_type in ("annual_report", "stocktake", "case_review") and (
            len(_LSCB.findall(text)) >= BOARD_MIN_MENTIONS
        )
        kind = "LSCB"
    if not is_board:
        return ""
    who = "Tri-borough" if set(boroughs) == set(TRI_BOROUGH) else " and ".join(boroughs)
    return f"{who} {kind}"
