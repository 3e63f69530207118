"""Ruled tables: pdfplumber's table finder, run only on pages with enough drawn lines,
fed the visible edges explicitly; cells read back from our own lines.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from pdfminer.layout import LTCurve, LTLine, LTRect

from ingest import tables as tablekit
from ingest.model import BBox
from ingest.pdf.chars import PageObjects
from ingest.pdf.fragments import make_fragment
from ingest.pdf.page import PageData, PlumberPage, TextLine, Word, join_words
from ingest.pdf.settings import TOL
from ingest.pdf.turn import own_box

Cell = tuple[float, float, float, float]  # a ruled cell's box: x0, top, x1, bottom


def has_rulings(objs: PageObjects) -> bool:
    n = sum(1 for r in objs.rulings if isinstance(r, LTLine | LTRect))
    return n >= TOL.min_rulings


def _edges(objs: PageObjects) -> tuple[list[dict], list[dict]]:
    """Vertical and horizontal ruling edges as pdfplumber's table finder takes them.

    Handing them over as explicit lines spares pdfplumber from turning every
    character of the page into a dict just to find the drawn lines.
    """
    edges: list[dict] = []
    sides = _sides(objs.rulings)
    for r in objs.rulings:
        if isinstance(r, LTRect):
            x0, x1, top, bottom = _flip(objs, r.x0, r.x1, r.y0, r.y1)
            edges += [_edge(x0, x1, top, top), _edge(x0, x1, bottom, bottom)]
            if not _lone_shading(r, sides):
                edges += [_edge(x0, x0, top, bottom), _edge(x1, x1, top, bottom)]
        elif isinstance(r, LTLine):
            x0, x1, top, bottom = _flip(objs, r.x0, r.x1, r.y0, r.y1)
            edges.append(_edge(x0, x1, top, bottom))
        else:
            for (ax, ay), (bx, by) in zip(r.pts, r.pts[1:], strict=False):
                if ax == bx or ay == by:
                    x0, x1, top, bottom = _flip(objs, min(ax, bx), max(ax, bx), ay, by)
                    edges.append(_edge(x0, x1, min(top, bottom), max(top, bottom)))
    vertical = [e for e in edges if e["orientation"] == "v" and e["height"] >= 1]
    horizontal = [e for e in edges if e["orientation"] == "h" and e["width"] >= 1]
    return vertical, horizontal + _open_ends(vertical, horizontal)


def _sides(shapes: list[LTCurve]) -> dict[int, list[LTCurve]]:
    """The seen shapes by the x (to the point) of their left and right sides."""
    out: dict[int, list[LTCurve]] = {}
    for r in shapes:
        for x in {round(r.x0), round(r.x1)}:
            out.setdefault(x, []).append(r)
    return out


def _lone_shading(r: LTRect, sides: dict[int, list[LTCurve]]) -> bool:
    """A filled box without an outline, taller and wider than a rule, with nothing drawn
    against its sides in its row: one coloured cell (a RAG rating) or a stripe behind a
    row. Its sides are no column rules, or a rating coloured in every row of a table
    without rules cuts it into three columns at the rating's sides; its top and bottom
    still part rows. Shaded cells set side by side, or against a rule, bound columns."""
    least = TOL.shading_min_pt
    if not r.fill or r.stroke or r.width <= least or r.height <= least:
        return False
    for side in (r.x0, r.x1):
        for x in range(round(side) - 2, round(side) + 3):
            for other in sides.get(x, ()):
                if other is r:
                    continue
                touching = min(abs(other.x0 - side), abs(other.x1 - side)) <= 2
                overlap = min(other.y1, r.y1) - max(other.y0, r.y0)
                if touching and overlap > 0.5 * r.height:
                    return False
    return True


def _open_ends(vertical: list[dict], horizontal: list[dict]) -> list[dict]:
    """Rules to close a table whose last row runs off the page without a bottom line.

    A row split by a page break is often drawn with its column rules but no rule
    under it (or, on the next page, none above it). Where three or more column
    rules end at the same height with no rule across them, and at least two rules
    cross the full width between them (header and row lines: a table, not a
    chart's gridlines), a closing rule is added.
    """
    ends: dict[int, list[dict]] = {}
    for e in vertical:
        for y in (e["top"], e["bottom"]):
            ends.setdefault(round(y), []).append(e)
    out = []
    for y, group in ends.items():
        xs = sorted({round(e["x0"], 1) for e in group})
        if len(xs) < 3:
            continue
        top = min(e["top"] for e in group) - 3
        bottom = max(e["bottom"] for e in group) + 3
        across = [
            h
            for h in horizontal
            if h["x0"] <= xs[0] + 3 and h["x1"] >= xs[-1] - 3 and top <= h["top"] <= bottom
        ]
        closed = any(abs(h["top"] - y) <= 3 for h in across)
        if not closed and len(across) >= 2:
            out.append(_edge(xs[0], xs[-1], float(y), float(y)))
    return out


def _flip(
    objs: PageObjects, x0: float, x1: float, y0: float, y1: float
) -> tuple[float, float, float, float]:
    """pdfminer's bottom-up box to pdfplumber's top-down one."""
    return x0 + objs.dx, x1 + objs.dx, objs.height - y1 + objs.dy, objs.height - y0 + objs.dy


def _edge(x0: float, x1: float, top: float, bottom: float) -> dict:
    return {
        "object_type": "line_edge",
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": "h" if top == bottom else "v",
    }


def ruled_tables(page: PlumberPage, objs: PageObjects, data: PageData) -> list[tablekit.Fragment]:
    vertical, horizontal = _edges(objs)
    if len(vertical) < 2 or len(horizontal) < 2:
        return []
    settings = {
        "vertical_strategy": "explicit",
        "horizontal_strategy": "explicit",
        "explicit_vertical_lines": vertical,
        "explicit_horizontal_lines": horizontal,
        "snap_tolerance": 3,
    }
    out = []
    for t in page.find_tables(settings):
        rows = [r.cells for r in t.rows]
        if not rows or max(len(r) for r in rows) < (2 if len(rows) > 1 else 3):
            continue  # one ruled row is a table (the last row of one, alone on a page) at 3+ cells
        bbox = BBox(*(round(v, 2) for v in t.bbox))
        grid = [[_cell_text(data.lines, c) if c else "" for c in r] for r in rows]
        if len(grid) == 1 and not _lone_row(grid[0], bbox, data):
            continue
        graded, head = _graded_rows(grid, rows)
        if graded:
            out.append(_judgement_grid(data, grid[:graded], rows[:graded], head))
            continue
        if not (_plausible_grid(grid) or len(grid) == 1):
            continue  # a lone ruled row (a row's rest at a page top) may have one cell filled
        grid = _merge_spanned_columns(grid, _drawn_columns(rows), lone=len(grid) == 1)
        if len(grid[0]) < 2:
            continue
        bold_rows = [_row_bold(data.lines, [c for c in r if c]) for r in rows]
        keep = [i for i, r in enumerate(grid) if any(r)]  # a ruled band with no text
        grid, bold_rows = [grid[i] for i in keep], [bold_rows[i] for i in keep]
        if not grid or (len(grid) < 2 and len(grid[0]) < 3):
            continue
        edges = tuple(sorted({round(c[0]) for r in rows for c in r if c}))
        out.append(make_fragment(data, grid, bbox, edges, bold_rows, ruled=True))
    return out


def _graded_rows(grid: list[list[str]], rows: list[list[Cell | None]]) -> tuple[int, int]:
    """How many leading rows of a framed block pair a title with a grade, over merged
    prose, and how many rows above them name the columns: (rows of the table, header rows).

    A key-judgement grid opens a section of an inspection report: a row with the
    section's title in one cell and its grade ("Good") in the next, over one merged
    cell holding the summary; 2014-15 reports print a header above them ("Key judgement |
    Judgement grade"). By shape it is framed prose (one cell as wide as the frame, a page
    of words), so it was never a table; the grade cell says otherwise (issue 22). The
    graded rows (and their header) are the table; the merged prose stays running text.
    (0, 0) when the block is not such a grid.
    """
    head = 1 if len(grid) > 2 and _names_columns(grid[0]) else 0
    graded = 0
    for row in grid[head:]:
        filled = [c for c in row if c]
        if len(filled) != 2 or not tablekit.is_grade(filled[1]) or len(filled[0].split()) > 16:
            break
        graded += 1
    rest = rows[head + graded :]
    merged = all(sum(1 for c in r if c) == 1 for r in rest)
    return (head + graded, head) if graded and rest and merged else (0, 0)


def _names_columns(row: list[str]) -> bool:
    """Two short labels and nothing else: a header row ("Key judgement | Judgement grade")."""
    filled = [c for c in row if c]
    short = all(len(c.split()) <= 4 for c in filled)
    return len(filled) == 2 and short and not tablekit.is_data_row(row)


def _judgement_grid(
    data: PageData, grid: list[list[str]], rows: list[list[Cell | None]], head: int
) -> tablekit.Fragment:
    """The graded rows of a key-judgement grid (under ``head`` header rows) as a fragment.

    Only the grade cells and the header become table lines: the title cell's lines are
    the heading of the section the grid opens, and stay one, so the section keeps its name."""
    cells = [c for r in rows for c in r if c]
    frame = _union(cells)
    # the box starts where its text does: the title's heading, at the same height, then
    # comes first and names the section the table stands in
    top = min((w.top for c in cells for w in _words_in(data.lines, c)), default=frame[1])
    bbox = BBox(*(round(v, 2) for v in (frame[0], top, frame[2], frame[3])))
    # the grade is each row's last cell with text in it
    grades = [
        [c for c, text in zip(r, g, strict=True) if c and text][-1]
        for r, g in zip(rows[head:], grid[head:], strict=True)
    ]
    headers = [_union([c for c in r if c]) for r in rows[:head]]  # a header row as a whole
    marks = [BBox(*c) for c in [*headers, *grades]]
    grid = [[c for c in row if c] for row in grid]
    edges = tuple(sorted({round(c[0]) for r in rows for c in r if c}))
    bold_rows = [_row_bold(data.lines, [c for c in r if c]) for r in rows]
    return make_fragment(data, grid, bbox, edges, bold_rows, ruled=True, n_header=head, marks=marks)


def _union(cells: list[Cell]) -> Cell:
    return (
        min(c[0] for c in cells),
        min(c[1] for c in cells),
        max(c[2] for c in cells),
        max(c[3] for c in cells),
    )


def _lone_row(row: list[str], bbox: BBox, data: PageData) -> bool:
    """One ruled row is a table's piece only at a page's top or foot (a row's rest
    carried over, a header left behind) and with words in it (not a bar of a chart).

    Words: three in a cell; or, at the page top, two or more in every filled cell (the
    last words of cells cut by the break, "Housing Services"). A chart's title cut into
    words by its gridlines leaves a word in each of several cells."""
    words = [len(re.findall(r"[A-Za-z]{2,}", c)) for c in row]
    filled = [n for n, c in zip(words, row, strict=True) if c.strip()]
    if len(row) < 3 or len(row) > 8 or not filled:
        return False
    body = [ln for ln in data.lines if ln.top > data.height * TOL.band and ln.text.strip()]
    above = [ln for ln in body if ln.bottom <= bbox.top + 1]
    below = [
        ln for ln in body if ln.top >= bbox.bottom - 1 and ln.bottom < data.height * (1 - TOL.band)
    ]
    if max(words) >= 3:
        return not above or not below
    # at the page top, a cut row's last words: in its only filled cell, or two words or
    # more in each of several cells ("One of | Ofsted reviews | Annual report")
    return not above and all(n >= 2 for n in filled)


def _plausible_grid(grid: list[list[str]]) -> bool:
    """Not a chart's grid (mostly empty) nor a framed block of prose (one or two cells wide)."""
    cells = [c for r in grid for c in r]
    filled = [c for c in cells if c]
    if len(filled) < 3 or len(filled) < 0.3 * len(cells):
        return False
    if sum(1 for r in grid if sum(1 for c in r if c) >= 3) * 2 >= len(grid):
        return True  # three or more filled cells a row: a table, however long its cells
    longest = max(len(c.split()) for c in filled)
    return not (longest > 120 or (len(grid) <= 3 and longest > 60))


def _merge_spanned_columns(
    grid: list[list[str]], drawn: Collection[int] = (), lone: bool = False
) -> list[list[str]]:
    """Drop columns empty in every row (artefacts of spanned or split cells).

    A column drawn as a cell of its own, wide enough for words (``drawn``), stays
    even when empty: on a page holding only a few rows of a table, a column may
    be blank in all of them, and dropping it would stop the page joining its table.
    So too in a ``lone`` row (a row's rest carried to a page top, already found to be
    a table's piece) whose only filled cell is the one the page break cut.
    """
    width = max(len(r) for r in grid)
    grid = [r + [""] * (width - len(r)) for r in grid]
    filled = [j for j in range(width) if any(r[j] for r in grid)]
    if len(filled) < 2 and not lone:
        drawn = ()  # one column of text in a drawn grid (a chart's frame): nothing to keep
    keep = [j for j in range(width) if j in filled or j in drawn]
    return [[r[j] for j in keep] for r in grid]


def _drawn_columns(rows: list[list[tuple[float, float, float, float] | None]]) -> set[int]:
    """Columns that some row of a ruled table draws as a cell at least ``TOL.drawn_column_width`` wide."""
    return {
        j
        for r in rows
        for j, c in enumerate(r)
        if c is not None
        and c[2] - c[0] >= TOL.drawn_column_width
        and len(r) == max(len(x) for x in rows)
    }


def _row_bold(lines: list[TextLine], cells: list[tuple[float, float, float, float]]) -> bool:
    words = [w for c in cells for w in _words_in(lines, c)]
    if not words:
        return False
    return sum(len(w.text) for w in words if w.bold) * 2 > sum(len(w.text) for w in words)


def _words_in(lines: list[TextLine], box: tuple[float, float, float, float]) -> list[Word]:
    x0, top, x1, bottom = box
    out = []
    for line in lines:
        if line.bottom < top or line.top > bottom:
            continue
        for w in line.words:
            cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
            if x0 <= cx <= x1 and top <= cy <= bottom:
                out.append(w)
    return out


def _cell_text(lines: list[TextLine], box: tuple[float, float, float, float]) -> str:
    """The words in a cell, line by line; sideways lines (a column header set turned)
    after them, in their own reading order."""
    words = _words_in(lines, box)
    upright = [w for w in words if not w.turn]
    rows: list[list[Word]] = []
    for w in sorted(upright, key=lambda w: (w.top, w.x0)):
        if rows and abs(w.top - rows[-1][0].top) < 0.5 * max(w.size, 1.0):
            rows[-1].append(w)
        else:
            rows.append([w])
    texts = [join_words(sorted(r, key=lambda w: w.x0)) for r in rows]
    turned = sorted((w for w in words if w.turn), key=_own_order)
    return tablekit.join_lines(texts + [w.text for w in turned])


def _own_order(w: Word) -> tuple[int, float, float]:
    """Sideways lines in reading order: by direction, then down and along in their frame."""
    x0, _, top, _ = own_box(w.turn, w.x0, w.x1, w.top, w.bottom)
    return (w.turn, round(top, 1), x0)
