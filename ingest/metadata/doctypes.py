"""Document types: inspection report, case review, stock-take, minutes, performance report,
annual report or other, from cue phrases.

The title zone is asked first, then the front matter (the type whose cue comes first
wins: "Inspection of services for children ... and review of the LSCB" is an
inspection); only when both say nothing does the body vote, by counting cues.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from ..model import DocType

# The body decides a type only with at least this many cue hits: one "minutes" or
# "annual report" in a body is a cross-reference, not what the paper is.
BODY_MIN_CUES = 2

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
    return best[0][0] if best and best[0][1] >= BODY_MIN_CUES else None


def detect_doc_type(title_zone: str, front: str, body: str) -> DocType:
    """The type the title zone, else the front matter, else the body names; "other" if none."""
    for zone in (title_zone, front):
        if found := _earliest_type(zone):
            return found
    return _body_type(body) or "other"
