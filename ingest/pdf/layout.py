"""Headings and page layout: running furniture (headers, footers, page numbers), the
body text size, contents pages, headings and their levels, and cover pages.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable

from ingest.pdf.page import PageData, TextLine, wraps
from ingest.pdf.settings import TOL

_NUMBERED = re.compile(
    r"^(?:(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+\S|(?:appendix|annex|section|part)\s+[\dA-Z]+\b)",
    re.I,
)


_PAGE_NUMBER = re.compile(r"^(?:page\s*)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)


def _norm_furniture(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower()).strip()


def mark_furniture(pages: list[PageData]) -> None:
    counts: Counter[str] = Counter()
    for p in pages:
        seen = {_norm_furniture(ln.text) for ln in p.lines if _in_band(ln, p)}
        counts.update(seen)
    n = len(pages)
    need = max(2, int(0.4 * n + 0.5)) if n > 2 else 2
    for p in pages:
        for ln in p.lines:
            if not _in_band(ln, p):
                continue
            key = _norm_furniture(ln.text)
            if counts[key] >= need or _PAGE_NUMBER.match(ln.text.strip()):
                ln.kind = "header" if ln.top < p.height / 2 else "footer"


def mark_margin_notes(lines: list[TextLine], height: float) -> set[int]:
    """Mark sideways lines in a side margin, clear of all upright text, as furniture;
    their ids. They are a portrait page's header and footer on a landscape table
    printed sideways (the page is read turned), or a reference or a marking run up the
    edge of an upright page; found before tables, whose rows they would cut."""
    upright = [ln for ln in lines if not ln.turned]
    if not upright:
        return set()
    left, right = min(ln.x0 for ln in upright), max(ln.x1 for ln in upright)
    notes = set()
    for ln in lines:
        if ln.turned and (ln.x1 <= left + 1 or ln.x0 >= right - 1):
            ln.kind = "header" if (ln.top + ln.bottom) / 2 < height / 2 else "footer"
            notes.add(id(ln))
    return notes


def _in_band(line: TextLine, page: PageData) -> bool:
    return line.bottom < page.height * TOL.band or line.top > page.height * (1 - TOL.band)


def body_text_size(pages: list[PageData]) -> float:
    """The size running text is set in.

    Counted on prose-like lines (one segment, five words or more, outside ruled
    tables) so that small table text, even in a table not recognised as one, does
    not pass for the body and make every prose line look like a heading.
    """
    tests: tuple[Callable[[TextLine], bool], ...] = (
        lambda ln: not ln.in_table and len(ln.segs) == 1 and len(ln.text.split()) >= 5,
        lambda ln: not ln.in_table,
        lambda ln: True,
    )
    for test in tests:
        sizes: Counter[float] = Counter()
        for p in pages:
            for ln in p.lines:
                if ln.kind == "body" and test(ln):
                    sizes[ln.size] += len(ln.text)
        if sizes:
            return sizes.most_common(1)[0][0]
    return 10.0


def mark_toc(pages: list[PageData]) -> None:
    """Contents pages list headings with page numbers; they are not headings."""
    for p in pages:
        body = [ln for ln in p.lines if ln.kind == "body" and not ln.in_table]
        ending = [ln for ln in body if re.search(r"\s\d{1,3}$", ln.text)]
        has_title = any(ln.text.strip().lower() in ("contents", "table of contents") for ln in body)
        if has_title and len(ending) >= 3:
            for ln in p.lines:
                if ln.kind == "body":
                    ln.level = -1  # marker: never a heading


def _heading_style(line: TextLine, body: float) -> tuple[float, bool] | None:
    text = line.text.strip()
    words = text.split()
    if line.kind != "body" or line.in_table or line.level == -1 or not words:
        return None
    if len(words) > 16 or len(text) < 2 or not any(ch.isalpha() for ch in text):
        return None
    if line.size < body * 0.85 or len(line.segs) >= 3:
        return None  # small print, or a row of a table (three or more aligned cells)
    bigger = line.size >= body * 1.12
    numbered = bool(_NUMBERED.match(text))
    if not (bigger or line.bold):
        return None
    if text.endswith((".", ",", ";")) and not bigger:
        return None
    if not numbered and text[0].islower():
        return None
    return (line.size, line.bold and not bigger)


def mark_headings(pages: list[PageData], body: float) -> None:
    styles: dict[int, tuple[float, bool]] = {}
    for p in pages:
        for ln in p.lines:
            style = _heading_style(ln, body)
            if style is not None:
                styles[id(ln)] = style
    for key in _front_matter(pages, styles, body):
        del styles[key]
    ranked = sorted({s for s in styles.values()}, key=lambda s: (-s[0], s[1]))
    rank = {s: i + 1 for i, s in enumerate(ranked)}
    for p in pages:
        for ln in p.lines:
            style = styles.get(id(ln))
            if style is None:
                if ln.level == -1:
                    ln.level = 0
                continue
            ln.kind = "heading"
            ln.level = min(rank[style], 6)
            m = _NUMBERED.match(ln.text.strip())
            if m and m.group("num"):
                ln.level = min(max(ln.level, m.group("num").count(".") + 1), 6)
        _mark_heading_continuations(p.lines)
    running = Counter(ln.segs[0].text for p in pages for ln in _split_heads(p))
    for p in pages:
        _trim_headings(p, {t for t, n in running.items() if n >= 3})


def _split_heads(page: PageData) -> list[TextLine]:
    """The page's headings of more than one segment in its top band."""
    return [
        ln
        for ln in page.lines
        if ln.kind == "heading"
        and len(ln.segs) > 1
        and not _NUMBERED.match(ln.text)
        and ln.bottom < page.height * TOL.band
    ]


def _trim_headings(page: PageData, running: set[str]) -> None:
    """A heading's title is its first segment: a grade or date set far right is not the
    title. In the page's top band the rest is kept as a running header line of its own
    (the agency a running header names at the right, beside a bold banner, is data); a
    first segment that starts such a line on three pages or more is a running header
    too (a banner, a fixed title), not a section's heading."""
    out: list[TextLine] = []
    heads = {id(ln) for ln in _split_heads(page)}
    for ln in page.lines:
        out.append(ln)
        if ln.kind == "heading" and len(ln.segs) > 1 and not _NUMBERED.match(ln.text):
            rest = ln.segs[1:]
            ln.segs = ln.segs[:1]
            if id(ln) in heads:
                out.append(TextLine(rest, "header", 0, ln.in_table))
                if ln.segs[0].text in running:
                    ln.kind, ln.level = "header", 0
    page.lines[:] = out


_LABEL_VALUE = re.compile(r"^[A-Z][\w’'()/ -]{1,40}:\s+\S")


def _front_matter(
    pages: list[PageData], styles: dict[int, tuple[float, bool]], body: float
) -> set[int]:
    """Heading candidates on page 1 that are a cover, not the start of a section.

    Sections start from the real headings. Left as body text: on a cover page
    (page 1 with almost no running text) every candidate above its first table;
    elsewhere the title block (page-1 text above the first table or running text,
    larger than any heading after it); "Label: value" lines ("Inspection
    date: ...", "Lead inspector: ...") with the wrapped line that finishes them,
    and everything above them.
    """
    if len(pages) < 2:
        return set()
    page = pages[0]
    first = [ln for ln in page.lines if id(ln) in styles]
    if not first:
        return set()
    out = _label_values(page.lines, styles)
    table_top = min((ln.top for ln in page.lines if ln.in_table), default=math.inf)
    if _is_cover(page, body):
        return out | {id(ln) for ln in first if ln.top < table_top}
    text_top = min(
        (ln.top for ln in page.lines if id(ln) not in styles and _is_running_text(ln, body)),
        default=math.inf,
    )
    above = min(table_top, text_top)
    # headings after the title zone: on later pages, or on page 1 below its running text
    zone = {id(ln) for ln in first if ln.top < above}
    later = [s[0] for key, s in styles.items() if key not in zone]
    ceiling = max(later, default=body) + 0.5
    out |= {id(ln) for ln in first if styles[id(ln)][0] > ceiling and ln.top < above}
    labels_top = max((ln.top for ln in first if id(ln) in out), default=-math.inf)
    return out | {id(ln) for ln in first if ln.top < min(labels_top, table_top)}


def _is_running_text(line: TextLine, body: float) -> bool:
    return line.kind == "body" and not line.in_table and abs(line.size - body) < 0.6


def _label_values(lines: list[TextLine], styles: dict[int, tuple[float, bool]]) -> set[int]:
    out: set[int] = set()
    prev: TextLine | None = None
    for ln in lines:
        if id(ln) in styles:
            if _LABEL_VALUE.match(ln.text) and not _NUMBERED.match(ln.text):
                out.add(id(ln))
            elif prev is not None and id(prev) in out and wraps(prev, ln):
                out.add(id(ln))
        prev = ln
    return out


def _is_cover(page: PageData, body: float) -> bool:
    words = sum(len(ln.text.split()) for ln in page.lines if _is_running_text(ln, body))
    return words < TOL.cover_prose_words


def _move_side_labels(lines: list[TextLine]) -> None:
    """A short label set right of a wrapped heading ("Good") goes after the heading."""
    for i in range(len(lines) - 2):
        head, side, nxt = lines[i], lines[i + 1], lines[i + 2]
        if head.kind != "heading" or len(side.text.split()) > 2 or side.x0 < head.x1 - 5:
            continue
        if nxt.top - head.bottom < 1.2 * head.size and abs(nxt.x0 - head.x0) < 12:
            side.kind, side.level = "body", 0
            lines[i + 1], lines[i + 2] = nxt, side


def _mark_heading_continuations(lines: list[TextLine]) -> None:
    """The wrapped second line of a heading ("... who need help and" / "protection")."""
    _move_side_labels(lines)
    for prev, ln in zip(lines, lines[1:], strict=False):
        if prev.kind != "heading" or ln.kind not in ("body", "heading") or ln.in_table:
            continue
        if abs(ln.x0 - prev.x0) > 12:
            continue
        same = abs(prev.size - ln.size) < 0.5 and prev.bold == ln.bold
        close = 0 <= ln.top - prev.bottom < 0.6 * ln.size
        if same and close and len(ln.text.split()) <= 12 and not ln.text.endswith("."):
            ln.kind, ln.level = "heading", prev.level
