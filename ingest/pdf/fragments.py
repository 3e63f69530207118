"""Table fragments as the stitcher takes them: the grid, its page box, its caption,
and whether it touches the page's head or foot (so tables running across pages join).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest import tables as tablekit
from ingest.model import BBox
from ingest.pdf.page import PageData, TextLine, wraps
from ingest.pdf.settings import TOL


def make_fragment(
    data: PageData,
    grid: list[list[str]],
    bbox: BBox,
    edges: tuple[float, ...],
    bold_rows: list[bool],
    ruled: bool,
    n_header: int | None = None,
    marks: Sequence[BBox] = (),
) -> tablekit.Fragment:
    """A table fragment; the page's lines inside ``marks`` (the table's box unless given)
    become table lines, left out of running text."""
    if n_header is None:
        n_header = tablekit.header_row_count(grid, bold_rows)
    caption = _caption(data.lines, bbox)
    above = [ln for ln in data.lines if ln.bottom <= bbox.top + 1 and not ln.in_table]
    for line in data.lines:
        cy = (line.top + line.bottom) / 2
        if any(
            region.top - 1 <= cy <= region.bottom + 1
            and line.x0 >= region.x0 - 2
            and line.x1 <= region.x1 + 2
            for region in (marks or (bbox,))
        ):
            line.in_table = True
    body_above = [ln for ln in above if ln.top > data.height * TOL.band and ln.text != caption]
    body_below = [
        ln
        for ln in data.lines
        if ln.top >= bbox.bottom - 1
        and not ln.in_table
        and ln.bottom < data.height * (1 - TOL.band)
        and ln.text.strip()
    ]
    return tablekit.Fragment(
        page=data.number,
        header_rows=tuple(tuple(r) for r in grid[:n_header]),
        bold_header=bool(n_header and bold_rows and bold_rows[0]),
        rows=tuple(tuple(r) for r in grid[n_header:]),
        bbox=bbox,
        col_edges=edges,
        caption=caption,
        at_top=not body_above,
        at_bottom=bbox.bottom > data.height * 0.8,
        at_end=not body_below,
        ruled=ruled,
    )


# The fields a report's cover states above its judgement grid (issue 22: every row of
# the grid was read as "Report published: 24 November 2017 — ...").
_COVER_FIELD = re.compile(
    r"^(?:lead\s+inspector|(?:team\s+)?inspectors?|inspection\s+dates?|dates?\s+of\s+inspection"
    r"|(?:report\s+)?published|publication\s+date)\b[^:]{0,20}:",
    re.IGNORECASE,
)


def _caption(lines: list[TextLine], bbox: BBox) -> str:
    """The nearest line above the table on its page, if close enough to be its caption.

    Not a caption: a row of another table, a line further than ``TOL.caption_gap_em``
    ems away (a cover's "Lead inspector" line), or the last line of a paragraph or
    wrapped cell ("with Housing Options."). A caption wrapped over two lines is joined.
    """
    above = [
        ln
        for ln in lines
        if ln.bottom <= bbox.top + 1 and ln.x1 > bbox.x0 and ln.x0 < bbox.x1 and ln.text.strip()
    ]
    if not above:
        return ""
    near = max(above, key=lambda ln: ln.bottom)
    if near.in_table or bbox.top - near.bottom > TOL.caption_gap_em * max(near.size, 1.0):
        return ""
    if _COVER_FIELD.match(near.text.strip()):
        return ""  # "Lead inspector: ...", "Report published: ...": a cover's field, no title
    i = lines.index(near)
    prev = lines[i - 1] if i else None
    text = near.text.strip()
    if prev is not None and wraps(prev, near) and not prev.in_table:
        if text.endswith((".", ",", ";", ")")) or text[:1].islower() or near.x0 > prev.x0 + 12:
            return ""  # a paragraph's or cell's last line, or the value of a "Label: value"
        before = lines[i - 2] if i > 1 else None
        if before is not None and wraps(before, prev):
            return ""  # the end of a paragraph
        text = f"{prev.text.strip()} {text}"
    return text if len(text.split()) <= TOL.caption_max_words else ""


def mostly_inside(box: BBox, region: BBox) -> bool:
    w = min(box.x1, region.x1) - max(box.x0, region.x0)
    h = min(box.bottom, region.bottom) - max(box.top, region.top)
    area = (box.x1 - box.x0) * (box.bottom - box.top)
    return w > 0 and h > 0 and w * h >= 0.5 * area
