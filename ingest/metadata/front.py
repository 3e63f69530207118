"""Front matter: the first lines of a document, without banners, marks and running footers.

The front matter runs up to "Contents", the first section heading ("Foreword",
"1. Introduction"), the first body paragraph or ``FRONT_LINES`` lines; banners
("SYNTHETIC TEST DOCUMENT"), protective markings and running footers ("... — page 1")
are skipped. Titles, boroughs, types and periods are read from it first.
"""

from __future__ import annotations

import re

from .periods import FULL_DATE

# At most this many lines of front matter: a cover page (council, board, title,
# period, date, author) is under a dozen lines; more is the body.
FRONT_LINES = 12
# Lines this long are prose, never a banner or a protective marking.
BANNER_MAX_CHARS = 120
# A line longer than this that ends with a full stop is a body paragraph, so the
# front matter has ended (titles and cover lines are shorter and unpunctuated) ...
PARAGRAPH_MIN_CHARS = 60
# ... once at least this many front lines are in (a one-sentence title can end in ".").
PARAGRAPH_AFTER_LINES = 2


def flat(text: str) -> str:
    """``text`` with each run of white space (line breaks too) as one space."""
    return re.sub(r"\s+", " ", text)


_BANNER = re.compile(r"\bsynthetic\b", re.IGNORECASE)
_URL = re.compile(r"^(?:https?://|www\.)\S+$|^\S+@\S+$", re.IGNORECASE)
CONTENTS = re.compile(r"^(?:table\s+of\s+)?contents?\b", re.IGNORECASE)


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


def is_banner(line: str) -> bool:
    """A banner or marking line ("SYNTHETIC TEST DOCUMENT", "OFFICIAL", "Draft v2"), not a title."""
    if len(line) >= BANNER_MAX_CHARS:
        return False
    return bool(_BANNER.search(line) or _MARK_LINE.match(line))


def is_noise(line: str) -> bool:
    """Page numbers, bare dates and URLs at the top of a page."""
    if _URL.match(line) or re.fullmatch(r"[\divxlc]{1,4}|page\s+\d+(\s+of\s+\d+)?", line, re.I):
        return True
    return bool(FULL_DATE.fullmatch(line.strip(" .,")))


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
    return "" if not line or is_banner(line) else line


def front_lines(text: str) -> list[str]:
    """The first lines of the document: up to "Contents", the first section heading
    ("Foreword", "1. Introduction"), a body paragraph or FRONT_LINES. Banners and
    running footers ("... — page 1") are skipped."""
    front: list[str] = []
    for raw in _lines(text):
        line = _unbannered(raw)
        if not line or _RUNNING_FOOTER.search(line) or (front and line == front[-1]):
            continue
        if (CONTENTS.match(line) or _SECTION_START.match(line)) and front:
            break
        if (
            len(front) >= PARAGRAPH_AFTER_LINES
            and len(line) > PARAGRAPH_MIN_CHARS
            and line.endswith(".")
        ):
            break
        front.append(line)
        if len(front) >= FRONT_LINES:
            break
    return front
