"""Tables without rules: runs of lines split into aligned segments.

Finds column stops (words starting at one x after a gap on several lines), groups lines
into candidate runs, builds a grid from each run, and rejects what only looks like a
table: numbered or bulleted paragraphs (a label column beside a prose column) and text
inside charts. An orphan header (a header row left at a page foot) is kept with the
table that follows.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from ingest import tables as tablekit
from ingest.model import BBox
from ingest.pdf.fragments import make_fragment, mostly_inside
from ingest.pdf.page import PageData, Segment, TextLine
from ingest.pdf.settings import TOL


def unruled_tables(
    data: PageData,
    taken: list[BBox],
    charts: Callable[[], list[BBox]] = list,
    carry: Carry | None = None,
) -> list[tablekit.Fragment]:
    """Whitespace-aligned tables: runs of lines split into aligned segments.

    Not tables: a chart's axis labels, data labels and legend (``charts`` gives
    where the page draws charts, asked only when a candidate is found), and
    numbered or bulleted paragraphs (see ``_is_paragraph_list``). ``carry``: the
    table that ended the page before, whose rows may carry on at the top of this one.
    """
    out: list[tablekit.Fragment] = []
    regions: list[BBox] | None = None
    if any(ln.text.strip().lower() in ("contents", "table of contents") for ln in data.lines):
        return out  # a contents page lines up like a table but is not one
    lines = _split_at_stops(data.lines)
    runs = _candidate_runs(lines, taken, data.height * (1 - TOL.band), data.height * TOL.band)
    carried = _carried_run(lines, data, carry, taken, runs) if carry is not None else None
    if carried is not None and carry is not None:
        info = _grid_from_run(carried, 1, carry.columns(), carry.row_gap)
        if info is not None:
            grid, bold_rows, edges = info
            # a row's rest is no header, nor a title row alone in its line
            n_header = None if carried[0].bold and len(carried[0].segs) > 1 else 0
            box = _run_box(carried)
            out.append(make_fragment(data, grid, box, edges, bold_rows, False, n_header))
    for run in runs:
        grid_info = _grid_from_run(run)
        if grid_info is None:
            continue
        grid, bold_rows, edges = grid_info
        if _is_paragraph_list(grid):
            continue
        box = _run_box(run)
        if regions is None:
            regions = charts()
        if any(mostly_inside(box, r) for r in regions):
            continue
        out.append(make_fragment(data, grid, box, edges, bold_rows, ruled=False))
    orphan = _orphan_header(data, lines, [*taken, *(f.bbox for f in out)])
    return [*out, orphan] if orphan is not None else out


@dataclass(frozen=True)
class Carry:
    """The table that ended the page before (nothing but furniture under it): where its
    columns start, its left and right, its cells' font size, and where that page's text
    starts (so this page's first lines can be seen to sit at the top of the text)."""

    edges: tuple[float, ...]
    x0: float
    x1: float
    size: float
    text_top: float
    row_gap: float | None = None  # lines this far apart or more were rows of their own

    def columns(self) -> list[tuple[float, float]]:
        ends = [e - 2 for e in self.edges[1:]] + [self.x1]
        return list(zip(self.edges, ends, strict=True))


def carry_of(data: PageData) -> Carry | None:
    """What the next page needs to take up this page's last table, if it has one without
    rules that ends the page."""
    if not data.tables:
        return None
    last = max(data.tables, key=lambda f: f.bbox.bottom)
    if last.ruled or not last.at_end or len(last.col_edges) < 2:
        return None
    box = last.bbox
    sizes = [ln.size for ln in data.lines if ln.in_table and box.top - 1 <= ln.top <= box.bottom]
    tops = [ln.top for ln in data.lines if ln.text.strip() and ln.bottom > data.height * TOL.band]
    if not sizes or not tops:
        return None
    edges = tuple(float(e) for e in last.col_edges)
    inside = [ln for ln in data.lines if ln.in_table and box.top - 1 <= ln.top <= box.bottom]
    gaps = [b.top - a.bottom for a, b in zip(inside, inside[1:], strict=False)]
    row_gap = _row_gap_threshold(gaps, statistics.median(sizes))
    return Carry(edges, box.x0, box.x1, statistics.median(sizes), min(tops), row_gap)


def _carried_run(
    lines: list[TextLine],
    data: PageData,
    carry: Carry,
    taken: list[BBox],
    runs: list[list[TextLine]],
) -> list[TextLine] | None:
    """The rows at the top of the page that carry on the table ending the page before.

    A row cut by the page break, or a short last row, leaves a line or two at the top
    of the next page: too few to be found as a table of their own. They are taken up
    when they are the first lines of the page's text, set in the table's size, and
    every piece of them starts at one of the table's column starts and stays inside
    that column. A table found right under them (the rows after), set in the same
    size, joins them; it is taken out of ``runs``.
    """
    cols = carry.columns()
    picked: list[TextLine] = []
    texts = [ln for ln in lines if ln.text.strip()]
    for i, line in enumerate(texts):
        if line.in_table or any(b.top - 1 <= line.top <= b.bottom + 1 for b in taken):
            break
        if not picked and line.top > carry.text_top + 3 * carry.size:
            break  # not at the top of the page's text: a table of its own further down
        if picked and line.top - picked[-1].bottom > TOL.run_break_em * line.size:
            break
        if not _fits_columns(line, carry, cols, bool(picked) and picked[-1].bold):
            if _carried_title(line, texts[i + 1 : i + 2], carry, cols):
                picked.append(line)
                continue
            unlike = abs(line.size - carry.size) > 0.5 or line.x0 < carry.x0 - 3
            if not picked and unlike and line.top < data.height * TOL.band:
                continue  # the running header above the text
            break
        picked.append(line)
    if not picked:
        return None
    ids = {id(ln) for ln in picked}
    last = picked[-1]
    touching = [run for run in runs if any(id(ln) in ids for ln in run)]
    if touching:  # the tables found among them are the carried table: taken in whole
        for run in touching:
            runs.remove(run)
        return picked + [ln for ln in touching[-1] if ln.top > last.top]
    for run in runs:
        if not 0 <= run[0].top - last.bottom <= TOL.run_break_em * run[0].size:
            continue
        if abs(statistics.median(ln.size for ln in run) - carry.size) > 0.5:
            break  # set in another size: a table of its own under the carried lines
        runs.remove(run)
        return picked + run
    return picked


def _carried_title(
    line: TextLine, after: list[TextLine], carry: Carry, cols: list[tuple[float, float]]
) -> bool:
    """A bold line alone at the table's left edge, in the table's size, with rows (not a
    header: plain lines fitting the columns) right under it: the title row of the next
    agency's rows, not a heading over a table of its own (which starts with its header)."""
    if not after or after[0].bold or len(line.segs) != 1 or len(line.text.split()) > 8:
        return False
    size = max(line.size, 1.0)
    return (
        line.bold
        and abs(line.x0 - cols[0][0]) <= 3
        and abs(line.size - carry.size) <= 0.5
        and 0 <= after[0].top - line.bottom <= 1.5 * size
        and _fits_columns(after[0], carry, cols)
    )


def _fits_columns(
    line: TextLine, carry: Carry, cols: list[tuple[float, float]], under_bold: bool = False
) -> bool:
    if abs(line.size - carry.size) > 0.5 or line.x0 < carry.x0 - 3:
        return False
    segs = _split_at_columns(line.segs, cols)
    if line.bold and len(segs) < 2 and not under_bold:
        return False  # a bold line alone: a heading (not a repeated header's wrapped line)
    for seg in segs:
        col = next((c for c in cols if abs(seg.x0 - c[0]) <= 3), None)
        if col is None or (col is not cols[-1] and seg.x1 > col[1] + 2):
            return False  # (the last column's right is known only from the page before)
    return True


_BULLETS = "•●▪■◦○‣⁃∙·*§✓✔➢➤►▶→⇨➔❖◆♦-–—o"


_BULLET = re.compile(f"^[{re.escape(_BULLETS)}]$")


_LIST_MARKER = re.compile(
    r"^(?:\(?\d{1,3}(?:\.\d{1,3})*[.):]?"  # 14  14.  1.2  (3)  3)
    r"|\(?(?:[a-zA-Z]|[ivxlcIVXLC]{1,6})[.):]"  # a.  (b)  iv)
    f"|[{re.escape(_BULLETS)}])$"
)


def _is_paragraph_list(grid: list[list[str]]) -> bool:
    """Numbered or bulleted paragraphs, or labelled prose, lined up like a table.

    A hanging paragraph number ("14.") or bullet in one column and the paragraph in
    the other is a list, however well the columns align; so is a column of short
    labels beside a column of running prose. A table has more than one column of
    content: a third filled column (unless the first holds nothing but bullets: a
    bulleted list beside the next column of a two-column page), or a second column
    of short cells.
    """
    width = max(len(r) for r in grid)
    filled = [j for j in range(width) if any(j < len(r) and r[j] for r in grid)]
    if len(filled) < 2:
        return False
    first = [r[filled[0]] for r in grid if filled[0] < len(r) and r[filled[0]]]
    # a subheading between the items (a row with its first cell alone) does not make
    # a bulleted or numbered list a table
    marked = [r[filled[0]] for r in grid if filled[0] < len(r) and r[filled[0]] and _cells(r) > 1]
    if all(_BULLET.match(c.strip()) for c in first) or (
        len(marked) >= 2 and all(_BULLET.match(c.strip()) for c in marked)
    ):
        return True
    if len(filled) != 2:
        return False
    label_col, text_col = filled
    labels = first
    texts = [r[text_col] for r in grid if text_col < len(r) and r[text_col]]
    if all(_LIST_MARKER.match(c.strip()) for c in labels) or (
        len(marked) >= 2 and all(_LIST_MARKER.match(c.strip()) for c in marked)
    ):
        return True
    if not texts or any(len(c.split()) > 4 for c in labels):
        return False
    words = statistics.median(len(c.split()) for c in texts)
    sentences = sum(1 for c in texts if c.rstrip().endswith((".", "!", "?", ")", ";", ":")))
    return words >= TOL.prose_words and sentences * 2 >= len(texts)


def _cells(row: list[str]) -> int:
    return sum(1 for c in row if c)


def _run_box(run: list[TextLine]) -> BBox:
    box = run[0].bbox
    for line in run[1:]:
        box = box.union(line.bbox)
    return box


def _orphan_header(
    data: PageData, lines: list[TextLine], taken: list[BBox]
) -> tablekit.Fragment | None:
    """A table's header left alone at the foot of a page, its rows on the next page.

    The last lines above the footer band: bold, set close together, the first in
    three or more cells. Returned as a fragment with a header and no rows, so
    stitching joins the next page's rows to it. A title row under the header (the
    agency alone in a row spanning the table) stays with it as the table's first
    row, never read into a header cell: the rows on the next page are that agency's.
    """
    foot = data.height * (1 - TOL.band)
    body: list[TextLine] = []
    for ln in (ln for ln in lines if ln.text.strip()):
        # a header's second line may reach into the footer band: it follows the line
        # above as closely as wrapped lines do, and is set in the same bold
        wrapped = (
            bool(body)
            and ln.bold
            and body[-1].bold
            and 0 <= ln.top - body[-1].bottom <= 0.5 * max(ln.size, 1.0)
        )
        if ln.bottom < foot or wrapped:
            body.append(ln)
    free = [ln for ln in body if not _taken_line(ln, taken)]
    title = free[-1] if free and free[-1] is body[-1] else None
    block = _header_block(body[:-1], taken) if title is not None else []
    if title is None or not block or not _title_under(block, title):
        title, block = None, _header_block(body, taken)
    if not block or len(block[0].segs) < 3 or len(block) > 4:
        return None
    band = data.height * TOL.band
    own = {id(ln) for ln in block} | {id(title)}
    alone = all(id(ln) in own or ln.top < band for ln in body)  # bar the running header
    wide = len(block[0].segs) >= TOL.orphan_header_cells  # only a table's header has so many
    if block[-1].bottom < data.height * TOL.orphan_header_low and not alone and not wide:
        return None  # high on a page, with text around it (alone on its page, it is a header)
    grid_info = _grid_from_run(block, min_rows=1)
    if grid_info is None:
        return None
    grid, bold_rows, edges = grid_info
    tight = all(
        b.top - a.bottom <= 0.5 * max(b.size, 1.0) for a, b in zip(block, block[1:], strict=False)
    )
    if len(grid) > 1 and tight:  # a header wrapped over lines set tight: one row
        grid = [[tablekit.join_lines([r[j] for r in grid if r[j]]) for j in range(len(grid[0]))]]
        bold_rows = bold_rows[:1]
    if len(grid) != 1:
        return None
    box = _run_box(block)
    if title is not None:
        grid.append([title.text.strip()] + [""] * (len(grid[0]) - 1))
        bold_rows.append(title.bold)
        box = box.union(title.bbox)
    return make_fragment(data, grid, box, edges, bold_rows, ruled=False, n_header=1)


def _taken_line(line: TextLine, taken: list[BBox]) -> bool:
    return line.in_table or any(b.top - 1 <= line.top <= b.bottom + 1 for b in taken)


def _header_block(body: list[TextLine], taken: list[BBox]) -> list[TextLine]:
    """The bold lines, set close together and in one size, that end ``body``."""
    block: list[TextLine] = []
    for line in reversed(body):
        if not line.bold or _taken_line(line, taken):
            break
        if block and block[0].top - line.bottom > TOL.row_gap_em * line.size:
            break
        if block and abs(line.size - block[0].size) > 0.5:
            break  # a heading above the header, set larger: not one of its lines
        block.insert(0, line)
    return block


def _title_under(block: list[TextLine], line: TextLine) -> bool:
    """Is ``line`` a title row under the header ``block`` ("Police" alone at its left
    edge), not one of the header's own wrapped lines (which sit tight under the one above)?
    """
    size = max(line.size, 1.0)
    gap = line.top - block[-1].bottom
    return (
        len(line.segs) == 1
        and len(line.text.split()) <= 8
        and abs(line.x0 - min(ln.x0 for ln in block)) < 6
        and abs(line.size - block[0].size) <= 0.5
        and 0.5 * size < gap <= 1.5 * size
    )


def _split_at_stops(lines: list[TextLine]) -> list[TextLine]:
    """Copies of the lines split at column stops as well as at wide gaps.

    Cells of an unruled table set close together are often only a few points
    apart, too close for a wide-gap split; but their columns start at the same x
    on line after line, which prose does not do. A line is split so only when it
    falls into three or more cells, or follows such a line closely (a wrapped row
    with some cells empty); a paragraph number and its text stay one line. Used
    for finding tables only.
    """
    gap_em = _stop_gap(lines)
    stops = _column_stops(lines, gap_em)
    if not stops:
        return lines
    out = []
    in_table, last_bottom = False, 0.0
    for line in lines:
        segs = _stop_segments(line, stops, gap_em)
        close = 0 <= line.top - last_bottom <= TOL.row_gap_em * line.size
        if len(segs) >= 3 or (in_table and close):
            in_table, last_bottom = True, line.bottom
        else:
            in_table, segs = False, line.segs
        out.append(TextLine(segs, line.kind, line.level, line.in_table))
    return out


def _stop_gap(lines: list[TextLine]) -> float:
    """The gap, in ems, that may part two cells at a column stop: ``TOL.stop_gap_em``,
    or wider where the page's word spaces are wide.

    A text layer made by OCR boxes each word tightly round its ink, so its word spaces
    measure twice those of typeset text (about 0.65 em against 0.3): every word would
    start after a stop-wide gap, and coincidences in ragged lines become column stops
    that cut cells apart. The gap must then be ``TOL.stop_gap_spaces`` word spaces.
    """
    gaps = [
        (b.x0 - a.x1) / max(a.size, 1.0)
        for line in lines
        for seg in line.segs
        for a, b in zip(seg.words, seg.words[1:], strict=False)
        if b.x0 > a.x1
    ]
    if len(gaps) < TOL.stop_gap_sample:
        return TOL.stop_gap_em
    return max(TOL.stop_gap_em, TOL.stop_gap_spaces * statistics.median(gaps))


def _stop_segments(line: TextLine, stops: list[float], gap_em: float) -> list[Segment]:
    words = line.words
    segs = [Segment([words[0]])]
    for w in words[1:]:
        gap = w.x0 - segs[-1].words[-1].x1
        at_stop = any(abs(w.x0 - x) <= 1.5 for x in stops)
        if gap > TOL.segment_gap_em * max(w.size, 1.0) or (
            at_stop and gap >= gap_em * max(w.size, 1.0)
        ):
            segs.append(Segment([w]))
        else:
            segs[-1].words.append(w)
    return segs


def _column_stops(lines: list[TextLine], gap_em: float) -> list[float]:
    counts: Counter[int] = Counter()
    for line in lines:
        words = line.words
        for a, b in zip(words, words[1:], strict=False):
            if b.x0 - a.x1 >= gap_em * max(b.size, 1.0):
                counts[round(b.x0)] += 1
    stops: list[float] = []
    for x in sorted(counts):
        near = counts[x - 1] + counts[x] + counts[x + 1]
        if near >= TOL.stop_lines and counts[x] >= max(counts[x - 1], counts[x + 1]):
            if not stops or x - stops[-1] > 3:
                stops.append(float(x))
    return stops


def _candidate_runs(
    lines: list[TextLine], taken: list[BBox], foot: float = float("inf"), head: float = 0.0
) -> list[list[TextLine]]:
    """Runs of table lines; ``foot``: where the page's footer band starts; ``head``: where
    the header band ends."""
    runs: list[list[TextLine]] = []
    current: list[TextLine] = []
    for i, line in enumerate(lines):
        free = not any(b.top - 1 <= line.top <= b.bottom + 1 for b in taken)
        if current and len(line.segs) == 1:
            line = _split_at_run_starts(current, line)
        multi = len(line.segs) >= 2 and free
        if multi and current and line.top - current[-1].bottom > TOL.run_break_em * line.size:
            runs.append(current)
            current = []
        if multi and current and _other_size_below(current, line):
            runs.append(current)
            current = []
        if multi:
            current.append(line)
        elif current and free and _continues(current, line):
            current.append(line)
        elif current and free and _overlaps_next_row(line, lines[i + 1 : i + 2]):
            current.append(line)  # a merged cell's name centred across a row's first line
        elif current and free and _spanning_row(current, line, lines[i + 1 : i + 2], foot):
            current.append(line)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    runs = [_without_running_header(r, head) for r in runs]
    runs = [r for r in runs if sum(1 for ln in r if len(ln.segs) >= 2) >= 3]
    return [_with_carried_lines(r, lines, taken) for r in runs]


def _other_size_below(run: list[TextLine], line: TextLine) -> bool:
    """Does ``line`` start text of another size than the run's (``_other_text_size``)?

    Judged against the run's last line in the size most of its text is set in, not
    its last line alone: OCR sizes each line by its letters' height, so a line of
    capitals ("CLCH") or a header's short second line comes out a point off the rows
    round it. And never for a line set at line spacing right under the run's last
    (the rest of a wrapped row): text of another kind starts after a gap.
    """
    last = run[-1]
    if 0 <= line.top - last.bottom < TOL.wrap_gap_em * min(line.size, last.size):
        return False
    sizes: Counter[float] = Counter()
    for ln in run:
        sizes[ln.size] += len(ln.text)
    size = sizes.most_common(1)[0][0]
    return _other_text_size(next(ln for ln in reversed(run) if ln.size == size), line)


def _without_running_header(run: list[TextLine], head: float) -> list[TextLine]:
    """The run less a running header it starts with: a line in the page's header band
    set smaller than the cells (a title at the left and a date or an agency at the
    right line up like a row), and what it alone brought in (a line of one segment
    under it, a running header's second line, up to the run's next line of cells)."""
    if not run or run[0].bottom >= head or len(run) < 2:
        return run
    cells = statistics.median(ln.size for ln in run)
    if run[0].size >= cells - 0.5:
        return run
    rest = run[1:]
    while rest and len(rest[0].segs) < 2 and rest[0].top < head:
        rest = rest[1:]
    return rest


def _split_at_run_starts(run: list[TextLine], line: TextLine) -> TextLine:
    """A line of one segment cut where a word starts, after a gap, at a later column
    start of the run above: two cells set closer than a wide gap ("...placing some
    families" running up to "The number of children" in the next column)."""
    left = min(ln.x0 for ln in run)
    starts = {round(s.x0) for ln in run for s in ln.segs[1:] if s.x0 > left + 10}
    if not starts or abs(line.size - run[-1].size) > 0.5:
        return line
    cut = _stop_segments(line, sorted(starts), _stop_gap([*run, line]))
    return TextLine(cut, line.kind, line.level, line.in_table) if len(cut) > 1 else line


def _other_text_size(a: TextLine, b: TextLine) -> bool:
    """Do ``a`` and ``b`` belong to different runs, text of one size meeting another?

    Two-column prose set just above or below a table lines up in two segments like a
    table's row, but in the body size, larger than the cells. The larger of the two
    lines being plain (not bold) tells that prose from a table's own larger header or
    title row, which is bold.
    """
    larger = a if a.size > b.size else b
    return abs(a.size - b.size) > 0.5 and not larger.bold


def _with_carried_lines(
    run: list[TextLine], lines: list[TextLine], taken: list[BBox]
) -> list[TextLine]:
    """A run with the lines set tight above it in one of its later columns: a row's
    rest carried over a page break ("back on within twelve" under "Issue") at the top
    of the page, before the first line with two cells."""
    i = next(k for k, ln in enumerate(lines) if ln is run[0])
    left = min(ln.x0 for ln in run)
    starts = {round(s.x0) for ln in run for s in ln.segs if s.x0 > left + 10}
    above: list[TextLine] = []
    nxt = run[0]
    for line in reversed(lines[:i]):
        if (
            len(line.segs) != 1
            or line.bold
            or any(b.top - 1 <= line.top <= b.bottom + 1 for b in taken)
            or not 0 <= nxt.top - line.bottom <= TOL.row_gap_em * max(line.size, 1.0)
            or not any(abs(line.x0 - x) < 4 for x in starts)
            or abs(line.size - nxt.size) > 0.5
        ):
            break
        above.insert(0, line)
        nxt = line
    return [*above, *run] if above else run


def _spanning_row(
    run: list[TextLine], line: TextLine, after: list[TextLine], foot: float = float("inf")
) -> bool:
    """A title row across the table ("Police" alone, at the left edge): the rows go on below.

    Or, the page's last line of text (only the footer band, ``foot`` on, below it): the
    title row of the rows the page break carried over (an agency named at the foot of a
    page, its rows on the next, under the repeated header)."""
    if len(line.segs) != 1 or len(line.text.split()) > 8:
        return False
    left = min(ln.x0 for ln in run)
    size = max(line.size, 1.0)
    cells = statistics.median(ln.size for ln in run)
    if not after or after[0].top >= foot:
        return (
            abs(line.x0 - left) < 6
            and abs(line.size - cells) <= 0.5
            and 0 <= line.top - run[-1].bottom <= 1.5 * size
            and line.top < foot + size  # may reach into the band, as the rows above may
        )
    if len(after[0].segs) < 2:
        return False
    # at the table's left edge, or (the run so far holding only later columns, a
    # page's first rows with their first cells blank) at the left of the row below
    at_left = abs(line.x0 - left) < 6 or (abs(line.x0 - after[0].x0) < 6 and after[0].x0 < left - 6)
    return (
        at_left
        and abs(line.size - cells) <= 0.5  # set like the cells, not a caption between tables
        and 0 <= line.top - run[-1].bottom <= 1.5 * size
        and 0 <= after[0].top - line.bottom <= 1.5 * size
    )


def _overlaps_next_row(line: TextLine, after: list[TextLine]) -> bool:
    """A line the next row of cells starts inside of: part of the table, set off its grid."""
    return bool(after) and len(after[0].segs) >= 2 and after[0].top - line.bottom < 0


def _continues(run: list[TextLine], line: TextLine) -> bool:
    """A one-segment line inside a table: a wrapped cell in a later column."""
    prev = run[-1]
    if line.top - prev.bottom > TOL.row_gap_em * line.size:
        return False
    if line.top - prev.bottom < 0:
        return True  # set over the row above (a merged cell's name centred on its block)
    starts = sorted({round(s.x0) for ln in run for s in ln.segs[1:]})
    left = min(ln.x0 for ln in run)  # the run may start on a row whose first cells are blank
    if any(abs(line.x0 - x) < 4 for x in starts) and line.x0 > left + 10:
        return True
    # the rest of a cell set a space from the one before, so not a segment of its own
    # ("What can the LSCB do to help? Recommendations for the" over "business plan"):
    # it starts where a word of the line above starts, right of the first column
    inner = [w.x0 for w in prev.words if w.x0 > left + 10]
    if line.x0 > left + 10 and any(abs(line.x0 - x) < 1.5 for x in inner):
        return True
    # the first column's cell wrapping on alone: tight below, and not reaching column 2
    # (at the run's left edge: its first line may be a row whose first cell is blank)
    tight = line.top - prev.bottom < 0.45 * line.size
    in_first = bool(starts) and abs(line.x0 - left) < 4 and line.x1 < starts[0] - 2
    return in_first and (tight or _fills_first_column(run, line))


def _fills_first_column(run: list[TextLine], line: TextLine) -> bool:
    """A row whose later cells are blank (the last risk with no strength beside it): its
    first line runs out to where the first column's cells wrap, which a note or a
    paragraph under the table (set to the page's width, or short) does not. Only after
    rows of two cells or more whose first cells wrapped so, one row gap down."""
    left = min(ln.x0 for ln in run)
    firsts = [ln.segs[0] for ln in run if len(ln.segs) > 1 and abs(ln.segs[0].x0 - left) < 4]
    if len(firsts) < 3:
        return False
    right = max(s.x1 for s in firsts)
    gaps = [b.top - a.bottom for a, b in zip(run, run[1:], strict=False)]
    widest = max(gaps[1:], default=0.0)  # under the header: no row gap
    return line.x1 >= right - 0.15 * (right - left) and line.top - run[-1].bottom <= widest + 1


def _split_at_cell_starts(run: list[TextLine]) -> list[TextLine]:
    """The run's lines with a segment cut where a word starts a cell of the column below.

    Cells set close together read as one segment when the gap between them is narrower
    than a wide gap ("Community Health" and "Key risk" in an Agency and a Type column):
    and one segment crossing two columns joins the columns for the whole run. A word
    that starts, after a gap of ``TOL.stop_gap_em``, exactly where segments of other
    lines of the run start is the next cell; a word space never gaps that wide.
    """
    counts: Counter[int] = Counter()
    for ln in run:
        for x in {round(s.x0) for s in ln.segs}:
            counts[x] += 1
    starts = [
        x for x in counts if counts[x - 1] + counts[x] + counts[x + 1] >= TOL.cell_start_lines
    ]
    if not starts:
        return run
    out = []
    for ln in run:
        segs: list[Segment] = []
        for s in ln.segs:
            cur = [s.words[0]]
            for w in s.words[1:]:
                gap = w.x0 - cur[-1].x1
                at_start = any(abs(w.x0 - x) <= 1.5 for x in starts)
                if at_start and gap >= TOL.stop_gap_em * max(w.size, 1.0):
                    segs.append(Segment(cur))
                    cur = [w]
                else:
                    cur.append(w)
            segs.append(Segment(cur))
        same = len(segs) == len(ln.segs)
        out.append(ln if same else TextLine(segs, ln.kind, ln.level, ln.in_table))
    return out


def _grid_from_run(
    run: list[TextLine],
    min_rows: int = 2,
    cols: list[tuple[float, float]] | None = None,
    row_gap: float | None = None,
) -> tuple[list[list[str]], list[bool], tuple[float, ...]] | None:
    """The run's grid, bold rows and column starts; ``cols`` and ``row_gap`` when they
    are known (the rows carried over from the table on the page before, too few lines
    to tell a row's wrapped lines from rows)."""
    run = _split_at_cell_starts(run)
    if cols is None:
        cols = _run_columns(run)
    if len(cols) < 2:
        return None
    return _rows_of_run(run, cols, min_rows, row_gap)


def _run_columns(run: list[TextLine]) -> list[tuple[float, float]]:
    left = min(ln.x0 for ln in run)
    # a line alone at the left edge (a first cell wrapping on, or a title row spanning
    # the table) says nothing about where the later columns start
    spread = [ln for ln in run[1:] if len(ln.segs) > 1 or ln.x0 > left + 6]
    cols = _column_spans([s for ln in spread or run[1:] for s in ln.segs])
    # a header over an empty column ("Notes"), or over a column no later line fills (a
    # header alone at a page foot whose cell "Action taken" is set a space before
    # "Support from the": cut where the column below starts, then looked at alone)
    for head in _split_at_columns(run[0].segs, cols) if run[0].bold else ():
        if not any(a - 2 <= head.x1 and head.x0 <= b + 2 for a, b in cols):
            cols = sorted([*cols, (head.x0, head.x1)])
    for cell in run[0].segs if len(run[0].segs) > 1 else ():
        # a first line's cell where no later line has one ("Risk" on a page whose later
        # lines carry on in the other columns, a last column's short "As above"): a
        # column of its own, not part of its neighbour
        if not any(a - 2 <= cell.x1 and cell.x0 <= b + 2 for a, b in cols):
            cols = sorted([*cols, (cell.x0, cell.x1)])
    return cols


def _rows_of_run(
    run: list[TextLine],
    cols: list[tuple[float, float]],
    min_rows: int,
    row_gap: float | None = None,
) -> tuple[list[list[str]], list[bool], tuple[float, ...]] | None:
    gaps = [b.top - a.bottom for a, b in zip(run, run[1:], strict=False)]
    floating = _floating_column(run, cols, gaps)
    if floating is not None:
        return _rows_with_merged_column(run, cols, min_rows, row_gap, floating)
    groups, bold_rows, one_row = _row_groups(run, cols, row_gap)
    if len(groups) < (1 if one_row else min_rows):
        return None
    grid = [_group_cells([run[i] for i in g], cols) for g in groups]
    return grid, bold_rows, tuple(round(c[0]) for c in cols)


def _row_groups(
    run: list[TextLine], cols: list[tuple[float, float]], row_gap: float | None = None
) -> tuple[list[list[int]], list[bool], bool]:
    """Which of the run's lines make each row (line indices), each row's boldness, and
    whether the run is one row wrapped over its lines."""
    gaps = [b.top - a.bottom for a, b in zip(run, run[1:], strict=False)]
    split_gap = _row_gap_threshold(gaps, statistics.median(ln.size for ln in run)) or row_gap
    assigned = [_assign(line, cols) for line in run]
    one_row = split_gap is None and _one_wrapped_row(run, assigned, gaps)
    groups: list[list[int]] = []
    bold_rows: list[bool] = []
    for i, line in enumerate(run):
        cells = assigned[i]
        new_row = (
            not groups
            or (cells[0] and not one_row and (split_gap is None or gaps[i - 1] >= split_gap))
            or (split_gap is not None and gaps[i - 1] >= split_gap)  # the gap says, blank or not
            or (i == 1 and bold_rows[0] != line.bold)
        )
        if new_row:
            groups.append([i])
            bold_rows.append(line.bold)
        else:
            groups[-1].append(i)
    return groups, bold_rows, one_row


def _group_cells(lines: list[TextLine], cols: list[tuple[float, float]]) -> list[str]:
    parts: list[list[str]] = [[] for _ in cols]
    for line in lines:
        for j, c in enumerate(_assign(line, cols)):
            if c:
                parts[j].append(c)
    return [tablekit.join_lines(p) for p in parts]


def _floating_column(
    run: list[TextLine], cols: list[tuple[float, float]], gaps: list[float]
) -> int | None:
    """The column of a merged cell whose lines sit off the rows' line grid.

    A name centred vertically over its block of rows has its baselines between the
    rows' baselines, so the row gaps around it vanish and the rows' wrapped lines would
    read as rows. Its text shows as a cell whose top is a few points off the other
    cells' top on the same visual line (the column most often off wins), or, set
    alone, as a line starting inside the line above it or squeezed between two.
    """
    off: Counter[int] = Counter()
    for line in run:
        tops: dict[float, set[int]] = {}
        for seg in _split_at_columns(line.segs, cols):
            top = min(w.top for w in seg.words)
            key = next((t for t in tops if abs(t - top) <= TOL.overlap_pt), top)
            tops.setdefault(key, set()).add(_column_of(seg, cols))
        if len(tops) > 1:  # the largest group of cells sits on the grid (a tie: any may not)
            sizes = [len(c) for c in tops.values()]
            tie = sizes.count(max(sizes)) > 1
            for group in tops.values():
                if tie or len(group) < max(sizes):
                    off.update(group)
    if off:
        return off.most_common(1)[0][0]
    columns = [{_column_of(seg, cols) for seg in _split_at_columns(ln.segs, cols)} for ln in run]
    for i, gap in enumerate(gaps):
        if gap >= -TOL.overlap_pt:
            continue
        # of two lines overlapping, the one alone in its column (the later if both are)
        alone = [c for c in (columns[i + 1], columns[i]) if len(c) == 1]
        if alone:
            return next(iter(alone[0]))
    return _squeezed_column(columns, gaps)


def _squeezed_column(columns: list[set[int]], gaps: list[float]) -> int | None:
    """The column of a line alone in it, closer to the lines above and below than the
    cells' wrapped lines are to each other, where neither of them has a cell: a merged
    cell's name set in the gap between two rows."""
    leading = max(statistics.median(gaps), 0.0) if gaps else 0.0
    for i in range(1, len(columns) - 1):
        if len(columns[i]) != 1 or columns[i] & (columns[i - 1] | columns[i + 1]):
            continue
        if max(gaps[i - 1], gaps[i]) < leading - TOL.overlap_pt:
            return next(iter(columns[i]))
    return None


def _rows_with_merged_column(
    run: list[TextLine],
    cols: list[tuple[float, float]],
    min_rows: int,
    row_gap: float | None,
    col: int,
) -> tuple[list[list[str]], list[bool], tuple[float, ...]] | None:
    """Rows found from every column but ``col`` (a merged cell's column, its lines off
    the grid); then each stack of ``col``'s lines, read as one cell, goes into the row
    its middle lies in (the nearest row below where it falls between two)."""
    rest, pieces = _lift_column(run, cols, col)
    if len(rest) < 2:
        return None
    groups, bold_rows, _ = _row_groups(rest, cols, row_gap)
    if len(groups) < min_rows:
        return None
    grid = [_group_cells([rest[i] for i in g], cols) for g in groups]
    spans = [(rest[g[0]].top, rest[g[-1]].bottom) for g in groups]
    for top, bottom, text in _stacks(pieces):
        middle = (top + bottom) / 2
        k = next((k for k, (_, b) in enumerate(spans) if middle <= b), len(spans) - 1)
        grid[k][col] = tablekit.join_lines([c for c in (grid[k][col], text) if c])
    return grid, bold_rows, tuple(round(c[0]) for c in cols)


def _lift_column(
    run: list[TextLine], cols: list[tuple[float, float]], col: int
) -> tuple[list[TextLine], list[tuple[float, float, str]]]:
    """The run's lines without column ``col`` (a bold first line, the header, keeps it),
    and ``col``'s pieces (top, bottom, text) in reading order."""
    rest: list[TextLine] = []
    pieces: list[tuple[float, float, str]] = []
    for i, line in enumerate(run):
        keep: list[Segment] = []
        for seg in _split_at_columns(line.segs, cols):
            if _column_of(seg, cols) == col and not (i == 0 and line.bold):
                top = min(w.top for w in seg.words)
                pieces.append((top, max(w.bottom for w in seg.words), seg.text))
            else:
                keep.append(seg)
        if keep:
            rest.append(TextLine(keep, line.kind, line.level, line.in_table))
    return rest, sorted(pieces)


def _stacks(pieces: list[tuple[float, float, str]]) -> list[tuple[float, float, str]]:
    """Pieces of one column set as one cell's wrapped lines (each less than half a line
    under the one above: rows stand further apart), joined: (top, bottom, text)."""
    out: list[tuple[float, float, list[str]]] = []
    for top, bottom, text in pieces:
        if out and top - out[-1][1] <= 0.5 * (bottom - top):
            out[-1] = (out[-1][0], bottom, [*out[-1][2], text])
        else:
            out.append((top, bottom, [text]))
    return [(t, b, tablekit.join_lines(texts)) for t, b, texts in out]


def _one_wrapped_row(run: list[TextLine], assigned: list[list[str]], gaps: list[float]) -> bool:
    """Lines set as tight as a paragraph, cells ending one by one and never starting
    again, a first cell carrying on in lower case: one row wrapped over several lines
    (a row at the top of a page, cut from its table), not one row per line."""
    body = [(ln, c) for ln, c in zip(run, assigned, strict=True) if not ln.bold]
    if len(body) < 2 or any(g > 0.45 * ln.size for g, ln in zip(gaps, run[1:], strict=False)):
        return False
    filled = [{j for j, cell in enumerate(c) if cell} for _, c in body]
    shrinking = all(b <= a for a, b in zip(filled, filled[1:], strict=False))
    lower = any(c[0][:1].islower() for _, c in body[1:])
    return shrinking and len(filled[-1]) < len(filled[0]) and lower


def _column_spans(segs: list[Segment]) -> list[tuple[float, float]]:
    spans: list[list[float]] = []
    for s in sorted(segs, key=lambda s: s.x0):
        if spans and s.x0 <= spans[-1][1] + 2:
            spans[-1][1] = max(spans[-1][1], s.x1)
        else:
            spans.append([s.x0, s.x1])
    return [(a, b) for a, b in spans]


def _assign(line: TextLine, cols: list[tuple[float, float]]) -> list[str]:
    cells: list[list[str]] = [[] for _ in cols]
    # a bold line in one segment (a title row spanning the table) is never cut
    title = len(line.segs) == 1 and line.bold
    segs = line.segs if title else _split_at_columns(line.segs, cols)
    for s in segs:
        start = [k for k, (a, b) in enumerate(cols) if a - 2 <= s.x0 <= b + 2] if title else []
        if start:  # a title row starts in its first column, however far it runs on
            cells[start[-1]].append(s.text)  # (the column starting nearest before it)
            continue
        cells[_column_of(s, cols)].append(s.text)
    return [" ".join(c) for c in cells]


def _column_of(seg: Segment, cols: list[tuple[float, float]]) -> int:
    """The column a segment's middle lies in, else the nearest one."""
    centre = (seg.x0 + seg.x1) / 2
    return min(
        range(len(cols)),
        key=lambda k: (
            0
            if cols[k][0] - 2 <= centre <= cols[k][1] + 2
            else min(abs(centre - cols[k][0]), abs(centre - cols[k][1]))
        ),
    )


def _split_at_columns(segs: list[Segment], cols: list[tuple[float, float]]) -> list[Segment]:
    """Segments cut where a word starts right at a later column's start.

    Two cells set only a space apart (a header's "What support can the" and
    "Recommended") read as one segment; a word starting exactly where the column
    below starts, inside a segment begun further left, is the next cell.
    """
    starts = [a for a, _ in cols[1:]]
    out: list[Segment] = []
    for s in segs:
        cur = [s.words[0]]
        for w in s.words[1:]:
            if any(abs(w.x0 - a) <= 1.5 and cur[0].x0 < a - 4 for a in starts):
                out.append(Segment(cur))
                cur = [w]
            else:
                cur.append(w)
        out.append(Segment(cur))
    return out


def _row_gap_threshold(gaps: list[float], size: float) -> float | None:
    """Wrapped cells sit closer than rows: split rows only at the wider gaps."""
    inner = gaps[1:]  # the gap under the header row says nothing about wrapping
    if len(inner) < 2:
        return None
    lo, hi = min(inner), max(inner)
    if lo > 0.45 * size or hi - lo < 0.4 * size:
        return None
    # between the line gap and the next wider one: a wider gap between two tables
    # set one under the other must not lift the threshold over the row gap
    above = min(g for g in inner if g - lo >= 0.4 * size)
    return (lo + above) / 2
