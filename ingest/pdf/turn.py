"""Text drawn turned on the page: which way each character runs, and a page's frame
turned so that its text reads upright.

A character's baseline runs one of four ways, counted counterclockwise from left to
right: 0 (upright), 90 (reading up the page), 180 (upside down) or 270 (reading down).
A landscape table printed onto a portrait page without the page's /Rotate saying so
is drawn at 90 or 270: most of its characters run up or down the page. Such a page is
read in its text's own frame, as the upright page would be: every character and
drawn shape is turned with the page (its width and height swap), so lines, ruled
cells and columns come out as they do on an upright page. The few characters that
run another way (the portrait page's own header, a column header set sideways) are
read in their own direction by the word reader (ingest.pdf.chars).

Works in pdfminer's frame (points, y upward); ``Frame`` holds what pdfplumber's frame
adds (the page's height and the MediaBox corner).
"""

from __future__ import annotations

import copy
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from pdfminer.layout import LTChar, LTComponent, LTCurve

QUARTERS = (0, 90, 180, 270)
_SLANT = 20.0
"""Degrees a baseline may lean off a quarter turn and still count as that turn; text
set at a slant (a diagonal DRAFT watermark) is read as upright, as before."""

T = TypeVar("T", bound=LTComponent)
Box = tuple[float, float, float, float]


def char_turn(char: LTChar) -> int:
    """The way ``char``'s baseline runs: 0, 90, 180 or 270 (counterclockwise).

    Read from the text matrix (which includes the page's /Rotate, so a page turned back
    by /Rotate reads upright). A baseline at a slant is upright (0)."""
    a, b = char.matrix[0], char.matrix[1]
    if a == 0 and b == 0:
        return 0
    angle = math.degrees(math.atan2(b, a)) % 360
    nearest = round(angle / 90) % 4 * 90
    off = min(abs(angle - nearest), 360 - abs(angle - nearest))
    return nearest if off <= _SLANT else 0


def page_turn(turns: Iterable[int]) -> int:
    """The turn a page is read in: the one most of its characters run in, when that is
    more than half of them and not upright; else 0."""
    counts = Counter(turns)
    total = sum(counts.values())
    if not total:
        return 0
    turn, n = max(counts.items(), key=lambda kv: kv[1])
    return turn if turn and n * 2 > total else 0


@dataclass(frozen=True)
class Frame:
    """A page as pdfplumber measures it (its /Rotate applied): width and height, and
    the MediaBox corner pdfminer's coordinates are offset by."""

    width: float
    height: float
    dx: float = 0.0
    dy: float = 0.0

    def turned(self, turn: int) -> Frame:
        """The frame of the page turned by ``turn``: corner at the origin; a quarter turn
        swaps width and height."""
        if turn in (90, 270):
            return Frame(self.height, self.width)
        return Frame(self.width, self.height)

    def point(self, turn: int, x: float, y: float) -> tuple[float, float]:
        """A pdfminer point (y upward) in this frame turned by ``turn``, as pdfminer
        would give it on the turned page (corner at the origin, y upward).

        Through pdfplumber's frame (y downward: px, py): text running up the page (90)
        runs left to right once the page is turned clockwise (px' = height - py,
        py' = px), text running down (270) once it is turned the other way (px' = py,
        py' = width - px), upside-down text (180) once it is turned over.
        """
        px, py = x + self.dx, self.height - y + self.dy
        if turn == 90:
            px, py = self.height - py, px
        elif turn == 270:
            px, py = py, self.width - px
        elif turn == 180:
            px, py = self.width - px, self.height - py
        return px, self.turned(turn).height - py

    def box(self, turn: int, x0: float, y0: float, x1: float, y1: float) -> Box:
        """A pdfminer box (x0, y0, x1, y1) turned with the page, as a pdfminer box."""
        ax, ay = self.point(turn, x0, y0)
        bx, by = self.point(turn, x1, y1)
        return (min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))


def turn_objects(objs: list[T], frame: Frame, turn: int) -> list[T]:
    """Copies of pdfminer's characters or shapes, turned with the page by ``turn``.

    Only their boxes (and a shape's points) move; colours, fonts and text stay."""
    out = []
    for obj in objs:
        moved = copy.copy(obj)
        moved.set_bbox(frame.box(turn, obj.x0, obj.y0, obj.x1, obj.y1))
        if isinstance(obj, LTCurve):
            moved.pts = [frame.point(turn, x, y) for x, y in obj.pts]  # type: ignore[attr-defined]
        out.append(moved)
    return out


def own_box(turn: int, x0: float, x1: float, top: float, bottom: float) -> Box:
    """A box in pdfplumber's frame (y downward) seen in the frame of text running
    ``turn`` on it (that text then runs left to right): x0, x1, top, bottom.

    Only relative positions matter here, so the turned frame keeps the same origin
    and may run negative."""
    if turn == 90:  # px' = -py, py' = px
        return (-bottom, -top, x0, x1)
    if turn == 270:  # px' = py, py' = -px
        return (top, bottom, -x1, -x0)
    if turn == 180:
        return (-x1, -x0, -bottom, -top)
    return (x0, x1, top, bottom)


def page_box(turn: int, x0: float, x1: float, top: float, bottom: float) -> Box:
    """``own_box`` undone: a box in the frame of text running ``turn`` back in the
    page's frame: x0, x1, top, bottom."""
    if turn == 90:
        return (top, bottom, -x1, -x0)
    if turn == 270:
        return (-bottom, -top, x0, x1)
    if turn == 180:
        return (-x1, -x0, -bottom, -top)
    return (x0, x1, top, bottom)
