"""Reading order: words into visual lines, lines into segments, two-column pages
into column order.
"""

from __future__ import annotations

import statistics

from ingest.pdf.page import Segment, TextLine, Word
from ingest.pdf.settings import TOL
from ingest.pdf.turn import own_box


def build_lines(words: list[Word]) -> list[TextLine]:
    """Cluster words into visual lines by vertical overlap, split at wide gaps.

    A Word of text running another way (``Word.turn``: a whole run of a sideways line)
    is a line of its own: its tall box would otherwise swallow every line it spans.
    """
    rows: list[list[Word]] = []
    for w in sorted((w for w in words if not w.turn), key=lambda w: (w.top, w.x0)):
        if rows:
            row = rows[-1]
            top, bottom = row[0].top, max(x.bottom for x in row)
            overlap = min(bottom, w.bottom) - max(top, w.top)
            if overlap > TOL.line_overlap * min(w.bottom - w.top, bottom - top):
                row.append(w)
                continue
        rows.append([w])
    lines = [TextLine(_segments(sorted(r, key=lambda w: w.x0))) for r in rows]
    turned = [w for w in words if w.turn]
    return _with_turned(lines, turned) if turned else lines


def _with_turned(lines: list[TextLine], turned: list[Word]) -> list[TextLine]:
    """The page's lines with its sideways lines among them, by where they start.

    Sideways lines that read on from one another (a sideways paragraph or a header cell
    of two lines) stay together in their own order, placed where their block starts on
    the page: the page's top-down order would shuffle them."""
    keyed = [((ln.top, 0, 0.0), ln) for ln in lines]
    for block in _turned_blocks(turned):
        top = min(w.top for w in block)
        keyed += [((top, 1, float(i)), TextLine([Segment([w])])) for i, w in enumerate(block)]
    keyed.sort(key=lambda kv: kv[0])
    return [ln for _, ln in keyed]


def _turned_blocks(words: list[Word]) -> list[list[Word]]:
    """Sideways lines grouped into blocks, each in reading order: seen in the lines' own
    frame, a line joins the block whose last line it follows (just below it, of one
    size, overlapping it along the line)."""
    own = {id(w): own_box(w.turn, w.x0, w.x1, w.top, w.bottom) for w in words}
    blocks: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.turn, own[id(w)][2], own[id(w)][0])):
        x0, x1, top, _ = own[id(w)]
        for block in blocks:
            last = block[-1]
            lx0, lx1, _, lbottom = own[id(last)]
            follows = -0.2 * w.size <= top - lbottom <= TOL.turned_gap_em * w.size
            if last.turn == w.turn and follows and abs(last.size - w.size) < 0.5:
                if min(x1, lx1) > max(x0, lx0):
                    block.append(w)
                    break
        else:
            blocks.append([w])
    return blocks


def _segments(row: list[Word]) -> list[Segment]:
    segs = [Segment([row[0]])]
    for w in row[1:]:
        prev = segs[-1].words[-1]
        if w.x0 - prev.x1 > TOL.segment_gap_em * max(prev.size, w.size, 1.0):
            segs.append(Segment([w]))
        else:
            segs[-1].words.append(w)
    return segs


def order_lines(lines: list[TextLine], width: float) -> list[TextLine]:
    """Read two-column regions left column first, then right."""
    gutter = _find_gutter(lines, width)
    if gutter is None:
        return lines
    left_edge, right_edge = gutter
    ordered: list[TextLine] = []
    left: list[TextLine] = []
    right: list[TextLine] = []

    def flush() -> None:
        ordered.extend(left)
        ordered.extend(right)
        left.clear()
        right.clear()

    middle = (left_edge + right_edge) / 2
    for line in lines:
        # a line spans the columns when it runs over the gutter's middle; one that only
        # reaches into the gutter (a long line of the left column, a hanging marker of
        # the right) still belongs to its column
        crossing = any(s.x0 < middle < s.x1 for s in line.segs)
        if crossing:
            flush()
            ordered.append(line)
            continue
        ls = [s for s in line.segs if s.x1 <= middle]
        rs = [s for s in line.segs if s.x0 >= middle]
        if ls:
            left.append(TextLine(ls))
        if rs:
            right.append(TextLine(rs))
    flush()
    return ordered


def _find_gutter(lines: list[TextLine], width: float) -> tuple[float, float] | None:
    """An empty vertical band near the middle with full text lines on both sides."""
    segs = [s for line in lines for s in line.segs]
    if len(segs) < TOL.gutter_min_segments:
        return None
    lo, hi = int(width * 0.3), int(width * 0.7)
    cover = [0] * (hi - lo + 1)
    for s in segs:
        for x in range(max(lo, int(s.x0)), min(hi, int(s.x1)) + 1):
            cover[x - lo] += 1
    allowed = max(1, len(segs) // 25)
    best: tuple[int, int] | None = None
    start = None
    for i, c in enumerate([*cover, allowed + 1]):
        if c <= allowed and start is None:
            start = i
        elif c > allowed and start is not None:
            if best is None or i - start > best[1] - best[0]:
                best = (start, i)
            start = None
    if best is None or best[1] - best[0] < TOL.gutter_min_width:
        return None
    left_edge, right_edge = lo + best[0], lo + best[1]
    if not _is_column_text(segs, left_edge, right_edge):
        return None
    return None if _rows_align(lines, (left_edge + right_edge) / 2) else (left_edge, right_edge)


def _rows_align(lines: list[TextLine], middle: float) -> bool:
    """Is the two-column text a two-column table of prose cells ("Risks | Strengths")?

    Its cells wrap like prose, but each row starts both cells on one line: every block
    of the side with fewer blocks (lines set apart by more than a line's leading) but
    one (a title) starts on a line where a block of the other side starts too, three
    times or more. Lines set smaller than most (a running header, a page number) are
    left out: they fall on one side or the other however the body is set. Two columns of prose break their paragraphs
    independently. (A side's segments are those starting on it: a long cell line may
    reach into the gutter.)
    """
    sides: list[list[float]] = [[], []]
    small = statistics.median(ln.size for ln in lines) - 0.5  # the page's furniture
    for k, keep in enumerate((lambda s: s.x0 < middle, lambda s: s.x0 >= middle)):
        last: tuple[float, float] | None = None
        for line in lines:
            mine = [s for s in line.segs if keep(s)] if line.size >= small else []
            if not mine:
                continue
            words = [w for s in mine for w in s.words]
            top, bottom = min(w.top for w in words), max(w.bottom for w in words)
            if last is None or top - last[1] > TOL.block_gap_em * line.size:
                sides[k].append(top)
            last = (top, bottom)
    fewer, more = sorted(sides, key=len)
    shared = [t for t in fewer if any(abs(t - u) <= 1.0 for u in more)]
    return len(shared) >= max(3, len(fewer) - 1)  # one spare: a title over one side


def _is_column_text(segs: list[Segment], left_edge: float, right_edge: float) -> bool:
    """Columns of prose (wide, wordy segments on both sides), not a table's columns."""
    left = [s for s in segs if s.x1 <= left_edge]
    right = [s for s in segs if s.x0 >= right_edge]
    if len(left) < 6 or len(right) < 6:
        return False
    for side in (left, right):
        words = statistics.median(len(s.words) for s in side)
        span = max(s.x1 for s in side) - min(s.x0 for s in side)
        wide = statistics.median(s.x1 - s.x0 for s in side)
        if words < 4 or wide < 0.6 * span:
            return False
    return True
