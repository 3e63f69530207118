"""The reader's page model: words, line segments, visual lines and one page's data.

These are working objects of the PDF reader (mutable, in pdfplumber's coordinates:
points from the top-left corner); ``assemble`` turns them into the shared, frozen
``ingest.model`` types.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ingest import tables as tablekit
from ingest.model import BBox, LineKind
from ingest.pdf.settings import TOL

PlumberPage = Any
"""A ``pdfplumber.page.Page``. Only ingest/pdf/reader.py imports pdfplumber; the other
modules are handed its pages."""


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    spaced: bool = False  # a space character stood before it in the PDF
    space_after: bool = False  # a space character followed it (before a change of font)
    turn: int = 0  # text running up (90), upside down (180) or down (270) the page as read:
    # the Word is then a whole run of a line, its box tall and narrow (ingest.pdf.turn)


@dataclass
class Segment:
    """A run of words on one visual line with no wide gap inside."""

    words: list[Word]

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def text(self) -> str:
        return join_words(self.words)


@dataclass
class TextLine:
    segs: list[Segment]
    kind: LineKind = "body"
    level: int = 0
    in_table: bool = False

    @property
    def words(self) -> list[Word]:
        return [w for s in self.segs for w in s.words]

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segs)

    @property
    def turned(self) -> bool:
        """A sideways line (running up, down or upside down on the page as read)."""
        return all(w.turn for w in self.words)

    @property
    def x0(self) -> float:
        return min(s.x0 for s in self.segs)

    @property
    def x1(self) -> float:
        return max(s.x1 for s in self.segs)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def bbox(self) -> BBox:
        return BBox(round(self.x0, 2), round(self.top, 2), round(self.x1, 2), round(self.bottom, 2))

    @property
    def size(self) -> float:
        weights: Counter[float] = Counter()
        for w in self.words:
            weights[round(w.size, 1)] += len(w.text)
        return weights.most_common(1)[0][0]

    @property
    def bold(self) -> bool:
        total = sum(len(w.text) for w in self.words)
        return sum(len(w.text) for w in self.words if w.bold) * 2 > total


@dataclass
class PageData:
    number: int
    width: float
    height: float
    rotation: int
    lines: list[TextLine]
    tables: list[tablekit.Fragment] = field(default_factory=list)
    unread: int = 0  # characters left out: their font gives no text


def join_words(words: Sequence[Word]) -> str:
    """Join words, adding a space where the PDF wrote one or there is a visible gap.

    A space character counts even where the glyph boxes overlap: text set with tight
    tracking (negative character spacing) draws each letter's box over the next one's.
    """
    out: list[str] = []
    prev: Word | None = None
    for w in words:
        if prev is not None and _is_marker(w, prev):
            continue  # a footnote marker (small raised digits) after a word
        if prev is not None and (
            w.spaced or prev.space_after or w.x0 - prev.x1 > TOL.space_gap_em * max(prev.size, 1.0)
        ):
            out.append(" ")
        out.append(w.text)
        prev = w
    return "".join(out)


def _is_marker(w: Word, prev: Word) -> bool:
    return (
        w.text.isdigit()
        and w.size < TOL.marker_size_ratio * prev.size
        and w.bottom < prev.bottom - 0.5
    )


def is_bold(fontname: str) -> bool:
    name = fontname.split("+", 1)[-1].lower()
    return any(k in name for k in ("bold", "black", "heavy", "semibold", ",b")) or name.endswith(
        "-b"
    )


def wraps(prev: TextLine, ln: TextLine) -> bool:
    """``ln`` is the wrapped continuation of ``prev`` (same style, just below, aligned)."""
    same = abs(prev.size - ln.size) < 0.5 and prev.bold == ln.bold
    close = 0 <= ln.top - prev.bottom < 0.6 * ln.size
    return same and close and prev.x0 - 12 <= ln.x0 <= prev.x1
