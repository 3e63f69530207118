"""Chart regions: text inside a chart (axis labels, data labels) is not a table.

A chart is found from its drawing: long data lines, or bars (text-free boxes of one
colour). Works in pdfminer's frame (y upward): ``PdfBox`` is x0, y0, x1, y1.
"""

from __future__ import annotations

from pdfminer.layout import LTChar, LTCurve, LTRect

from ingest.model import BBox
from ingest.pdf.chars import PageObjects, rgb
from ingest.pdf.settings import TOL

_PdfBox = tuple[float, float, float, float]  # pdfminer's x0, y0, x1, y1 (y upward)


def chart_regions(objs: PageObjects) -> list[BBox]:
    """Where the page draws a chart: text there is axis labels, data labels, legend.

    A chart shows itself by its marks: a data line (a stroked path with slanting
    segments running some way across), or bars (text-free boxes of one colour and
    thickness standing on one base line, of different lengths). Its region is the
    smallest drawn box holding the mark (the chart area, which holds the axis
    labels and legend too), or the mark alone when no box smaller than half the
    page holds it.
    """
    marks = _data_lines(objs.shapes) + _bar_groups(objs)
    if not marks:
        return []
    page_area = objs.width * objs.height
    frames = [
        (s.x0, s.y0, s.x1, s.y1)
        for s in objs.shapes
        if isinstance(s, LTRect) and (s.x1 - s.x0) * (s.y1 - s.y0) < 0.5 * page_area
    ]
    out = []
    for mark in marks:
        holding = [f for f in frames if _holds(f, mark)]
        x0, y0, x1, y1 = min(holding, key=_area) if holding else mark
        top, bottom = objs.height - y1 + objs.dy, objs.height - y0 + objs.dy
        out.append(BBox(x0 + objs.dx, top, x1 + objs.dx, bottom))
    return out


def _area(box: _PdfBox) -> float:
    return (box[2] - box[0]) * (box[3] - box[1])


def _holds(outer: _PdfBox, inner: _PdfBox) -> bool:
    return (
        outer[0] - 1 <= inner[0]
        and outer[1] - 1 <= inner[1]
        and inner[2] <= outer[2] + 1
        and inner[3] <= outer[3] + 1
        and _area(outer) > _area(inner)
    )


def _data_lines(shapes: list[LTCurve]) -> list[_PdfBox]:
    out = []
    for s in shapes:
        if isinstance(s, LTRect) or not s.stroke or s.x1 - s.x0 < TOL.chart_span:
            continue
        pts = s.pts
        slanting = sum(
            1
            for (ax, ay), (bx, by) in zip(pts, pts[1:], strict=False)
            if abs(ax - bx) > 0.5 and abs(ay - by) > 0.5
        )
        if slanting:
            out.append((s.x0, s.y0, s.x1, s.y1))
    return out


def _bar_groups(objs: PageObjects) -> list[_PdfBox]:
    """Boxes of bar charts: upright bars share a bottom and a width, lying bars a
    left edge and a height. A group needs three lengths, or two and no text inside
    (bars may carry their data labels; a table's shaded cells of one width never
    stand on one base line in three lengths)."""
    groups: dict[tuple, list[LTRect]] = {}
    seen = {id(r) for r in objs.rulings}  # drawn in ink, not white on white
    for s in objs.shapes:
        if not isinstance(s, LTRect) or not s.fill or id(s) not in seen:
            continue
        w, h = s.x1 - s.x0, s.y1 - s.y0
        if w < 2 or h < 2:
            continue  # a rule drawn as a thin box
        colour = rgb(s.non_stroking_color)
        groups.setdefault(("up", colour, round(w), round(s.y0)), []).append(s)
        groups.setdefault(("lying", colour, round(h), round(s.x0)), []).append(s)
    out = []
    for (way, *_), bars in groups.items():
        lengths = {round(b.y1 - b.y0 if way == "up" else b.x1 - b.x0) for b in bars}
        if len(lengths) < 2:
            continue
        if len(lengths) < 3 and any(_has_text(b, objs.lt_chars) for b in bars):
            continue  # two boxes with text: as likely a table's shaded cells as two bars
        out.append(
            (
                min(b.x0 for b in bars),
                min(b.y0 for b in bars),
                max(b.x1 for b in bars),
                max(b.y1 for b in bars),
            )
        )
    return out


def _has_text(box: LTRect, chars: list[LTChar]) -> bool:
    for c in chars:
        cx, cy = (c.x0 + c.x1) / 2, (c.y0 + c.y1) / 2
        if box.x0 <= cx <= box.x1 and box.y0 <= cy <= box.y1 and c.get_text().strip():
            return True
    return False
