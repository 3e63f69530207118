"""Titles: a document's title from its title hint or its front matter, tidied.

A meaningful ``title_hint`` (the PDF Title or a DOCX's core title) wins, unless it is
a file name, a template name or a draft label; else the first prominent lines of the
front matter, with a lone council name above them kept as a prefix ("London Borough
of Bexley: Annual Report"); else the file name.
"""

from __future__ import annotations

import re
from pathlib import Path

from .front import CONTENTS, front_lines, is_banner, is_noise
from .periods import parse_period
from .places import detect_boroughs, find_places

# Title-case a line only when at least this share of its letters are capitals (and it
# has at least CAPS_MIN_LETTERS): "ANNUAL REPORT 2011/12" yes, "LSCB Annual Report" no.
CAPS_SHARE = 0.6
CAPS_MIN_LETTERS = 4
# A hint shorter than this (in characters or words) is a code or a label ("Doc1"), not a title.
HINT_MIN_CHARS = 8
HINT_MIN_WORDS = 2
# A title is at most this many front lines and characters: a cover title runs to three
# or four lines; past these the lines are a summary, not the title.
TITLE_MAX_LINES = 8
TITLE_MAX_CHARS = 240
# Once a title has begun, a line longer than this is prose and ends it ...
TITLE_LINE_MAX_CHARS = 90
# ... and so is a shorter line that ends with a full stop, past this length.
TITLE_SENTENCE_MIN_CHARS = 50
# A line is a figure, not a title, when over this share of it is digits (past
# NUMERIC_MIN_CHARS) -- unless it is a short period ("2011/12", up to PERIOD_LINE_MAX_CHARS).
NUMERIC_SHARE = 0.3
NUMERIC_MIN_CHARS = 6
PERIOD_LINE_MAX_CHARS = 12

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


def _is_authority_line(line: str) -> bool:
    """True for a line that is only a council's name ("London Borough of Bexley")."""
    mentions = find_places(line)
    if len(mentions) != 1:
        return False
    rest = line[: mentions[0].start] + " " + line[mentions[0].end :]
    return not _GENERIC_AUTHORITY.sub(" ", rest).strip()


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
    if len(letters) < CAPS_MIN_LETTERS or sum(c.isupper() for c in letters) < CAPS_SHARE * len(
        letters
    ):
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


def meaningful_hint(hint: str) -> str:
    """The hint tidied, or "" when it is a file name, a template name or a draft label."""
    hint = re.sub(r"^microsoft\s+\w+\s*-\s*", "", (hint or "").strip(), flags=re.IGNORECASE)
    hint = re.sub(r"\s+", " ", hint).strip()
    words = re.findall(r"[A-Za-z]{2,}", hint)
    if len(words) < HINT_MIN_WORDS or len(hint) < HINT_MIN_CHARS:
        return ""
    if _JUNK_HINT.search(hint) or is_banner(hint):
        return ""
    return hint


def title_from_lines(lines: list[str]) -> str:
    """The first prominent lines, with a lone council name at the top kept as a prefix."""
    authority = ""
    parts: list[str] = []
    i = 0
    while i < len(lines) and len(parts) < TITLE_MAX_LINES:
        line, pair = lines[i], " ".join(lines[i : i + 2])
        if is_noise(line):
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
        if sum(len(p) for p in parts) > TITLE_MAX_CHARS:
            break
        i += 1
    title = re.sub(r"\s*([–—])\s*", r" \1 ", " ".join(parts)).strip(" :-–")
    if authority and title and not find_places(title):
        title = f"{_tidy_case(authority)}: {title}"
    return title or _tidy_case(authority)


def _title_stop(line: str, started: bool) -> bool:
    if _FIELD.match(line) or CONTENTS.match(line):
        return True
    if _looks_numeric(line) and not (len(line) <= PERIOD_LINE_MAX_CHARS and parse_period(line)):
        return True
    if not started:
        return False
    return len(line) > TITLE_LINE_MAX_CHARS or (
        len(line) > TITLE_SENTENCE_MIN_CHARS and line.endswith(".")
    )


def _looks_numeric(line: str) -> bool:
    digits = sum(c.isdigit() for c in line)
    return "£" in line or (len(line) > NUMERIC_MIN_CHARS and digits / len(line) > NUMERIC_SHARE)


def title_from_stem(path: Path) -> str:
    words = re.sub(r"[_\-]+", " ", path.stem).split()
    return (
        " ".join(w if any(c.isdigit() for c in w) else w.capitalize() for w in words) or path.name
    )


# --------------------------------------------------------------------------- the cover wins


def agrees_with_page(hint: str, text: str) -> bool:
    """Does a file's own Title or Subject agree with what the first pages print?

    The page is what the reader sees, so a hint that contradicts it loses (issue 22):
    a hint naming an authority other than the one the first pages are about (a report
    saved over another council's, "Wakefield standard inspection report"); a template
    whose fields were never filled (words in capitals the pages never write in
    capitals: "LA NAME - ... - INSPECTION DATE"); a copy of the cover's title with
    words the pages never print (an editor's initials: "London Borough of Camden amw"):
    most of its words are on the page, so the page states the title and its own
    wording is the better one; and a hint that is only an authority's name (a council
    is not a title). A hint the pages say nothing about is kept: it is then the only
    statement of the title there is.
    """
    if not hint:
        return False
    flat_text = " ".join(text.split())
    if _is_authority_line(hint) or _unfilled_template(hint, flat_text):
        return False
    subject = set(detect_boroughs("", "\n".join(front_lines(text)), text))
    if subject and any(m.name not in subject for m in find_places(hint)):
        return False
    lower = flat_text.lower()
    hint_words = re.findall(r"[A-Za-z][A-Za-z'’-]+", hint)
    printed = [
        bool(re.search(rf"(?<![a-z]){re.escape(w.lower())}(?![a-z])", lower)) for w in hint_words
    ]
    return all(printed) or sum(printed) * 2 < len(printed)


def _unfilled_template(hint: str, text: str) -> bool:
    """A hint in mixed case writing in capitals a word the page prints, but never in
    capitals: a template's field name ("INSPECTION DATE"), not an acronym ("LSCB")."""
    letters = [c for c in hint if c.isalpha()]
    if not letters or all(c.isupper() for c in letters):
        return False  # a title set all in capitals is a style, not a template
    return any(
        re.search(rf"\b{w}\b", text, re.IGNORECASE) and not re.search(rf"\b{w}\b", text)
        for w in re.findall(r"\b[A-Z]{2,}\b", hint)
    )
