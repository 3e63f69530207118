"""List items: what starts a bulleted or numbered item on a page, whatever the reader.

Recommendations, concerns and passages are cut on list items, so one definition serves
them all. A line starts an item when it opens with a marker (a bullet glyph, or a list
number: "1.", "155.", "2.3", "(a)", "a)", "iv)") followed by the item's text, and the
page's geometry says the marker is at a line start rather than a number that happens to
begin a wrapped line of prose: the line before it is finished (ends a sentence, a clause
or a bracketed reference), or the marker stands out left of the line before it (a
hanging indent: the item's wrapped lines are set in from its marker), or a gap or a
heading comes before it. Bullet glyphs never begin a wrapped line of prose, so they need
none of that; dashes and hyphens can, so they are treated as numbers are.
"""

from __future__ import annotations

import re

# Glyphs that mark a bulleted item. Word's private-use Symbol/Wingdings bullets are read
# as "\u2022" by ingest.glyphs before this sees them; the rest are drawn as themselves.
BULLET_GLYPHS = (
    "\u2022\u25cf\u25e6\u25aa\u25ab\u25a0\u25a1\u25fc\u25fb\u25fe\u25fd\u25c6\u25c7\u2023"
    "\u2043\u2219\u00b7\u27a2\u27a4\u25ba\u25b6\u2713\u2714\u2756\u25cb\u2794\u21e8\u2192"
    "\uf0a7\uf0b7\uf06e\uf0d8\uf0fc"
)
# Marks that are also punctuation: an item only where the geometry says so.
DASHES = "\u2013\u2014\u2212-*"

_GLYPH = re.compile(rf"^[{re.escape(BULLET_GLYPHS)}]\s*(?=\S)")
_DASH = re.compile(rf"^[{re.escape(DASHES)}]\s+(?=\S)")
_NUMBER = re.compile(
    r"^(?:"
    r"\d{1,3}(?:\.\d{1,3}){0,3}[.)]\s+(?=\S)"  # 1.  155.  2.3.  4)
    r"|\d{1,2}(?:\.\d{1,3}){1,3}\s+(?=[A-Z‘“'\"(])"  # 2.3 Heading-like text
    r"|\((?:\d{1,2}|[a-z]|[ivxl]{1,5})\)\s*(?=\S)"  # (1) (a) (iv)
    r"|(?:[a-z]|[ivxl]{1,5})[.)]\s+(?=\S)"  # a) iv) a.
    r")"
)
FINISHED = (".", "!", "?", ":", ";", ")", "”", "’", '"')


def marker(text: str) -> str:
    """The item marker a line's text opens with ("•", "12.", "(a)", "–"), or ""."""
    text = text.lstrip()
    for pattern in (_GLYPH, _NUMBER, _DASH):
        m = pattern.match(text)
        if m and len(text) > m.end():
            return m.group(0).strip()
    return ""


def family(mark: str) -> str:
    """The kind of a marker, so sibling items can be told: the glyph itself, or the
    numbering style ("1.", "1)", "(1)", "1.1", "a.", "(a)" ...) with digits and letters
    folded."""
    if not mark or not (mark[0].isalnum() or mark[0] == "("):
        return mark[:1]
    shape = re.sub(r"\d+", "9", mark)
    return re.sub(r"[a-z]+", "a", shape)


def is_glyph(mark: str) -> bool:
    """A bullet glyph (never the start of a wrapped line of prose)."""
    return bool(mark) and mark[0] in BULLET_GLYPHS


def finished(text: str) -> bool:
    """Whether a line ends a sentence, clause or bracketed reference."""
    return text.rstrip().endswith(FINISHED)


def starts_item(
    text: str,
    prev_text: str | None,
    x0: float | None = None,
    prev_x0: float | None = None,
    size: float = 10.0,
    sibling: tuple[str, float] | None = None,
) -> bool:
    """Whether a line opens a list item, given the line before it in the same block.

    ``prev_text`` is None when a heading, a gap or a page or column break comes before
    the line (the line starts a block anyway). ``x0``/``prev_x0`` are the lines' left
    edges where the reader knows them: a marker set out left of the line before it is a
    hanging item, whatever that line ends with. ``sibling`` is the (marker, left edge)
    of the item the block is in: a marker of the same family at the same edge is the
    next item of the same list (for numbers and letters, the next one in sequence).
    """
    mark = marker(text)
    if not mark:
        return False
    if is_glyph(mark) or prev_text is None or finished(prev_text):
        return True
    tol = 0.2 * max(size, 1.0)
    if x0 is not None and prev_x0 is not None and x0 < prev_x0 - tol:
        return True
    if sibling is not None and x0 is not None and family(mark) == family(sibling[0]):
        return abs(x0 - sibling[1]) <= tol and follows(sibling[0], mark)
    return False


def follows(before: str, mark: str) -> bool:
    """Whether ``mark`` can be the item after ``before`` in one list: any glyph after the
    same glyph; a number or letter one more than the last ("3." after "2.", "2.4" after
    "2.3", "(c)" after "(b)")."""
    a, b = re.findall(r"\d+|[a-z]+", before), re.findall(r"\d+|[a-z]+", mark)
    if not a or not b:
        return True
    if a[-1].isdigit() and b[-1].isdigit():
        return int(b[-1]) == int(a[-1]) + 1 and a[:-1] == b[:-1]
    if len(a[-1]) == 1 and len(b[-1]) == 1 and a[-1].isalpha() and b[-1].isalpha():
        return ord(b[-1]) == ord(a[-1]) + 1
    return True  # roman numerals: same family at the same edge is enough


def count_items(lines: list[str]) -> int:
    """How many item markers open lines of a block (each line in reading order)."""
    n = 0
    prev: str | None = None
    for text in lines:
        if starts_item(text, prev):
            n += 1
        prev = text
    return n
