"""Table cleaning and cross-page stitching: pure functions on cells and tables.

A reader finds table *fragments* page by page (``Fragment``); ``stitch`` joins a
fragment that continues on the next page (same columns, at the top of the page)
into one ``Table`` with ``page_start``/``page_end`` and ``row_pages``, drops a
repeated header and rejoins a row that the page break split in two.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ingest.model import BBox, Table

Row = tuple[str, ...]
_TERMINAL = (".", "!", "?", ")", "%")
_CONTINUED = re.compile(r"\b(?:continued|cont'?d?\.?)\W*$", re.IGNORECASE)


@dataclass(frozen=True)
class Fragment:
    """One page's piece of a table, with the geometry stitching needs."""

    page: int
    header_rows: tuple[Row, ...]
    rows: tuple[Row, ...]
    bbox: BBox
    col_edges: tuple[float, ...] = ()  # left x of each column
    caption: str = ""
    at_top: bool = False  # nothing but furniture above it on its page
    at_bottom: bool = False  # reaches the lower part of its page
    at_end: bool = True  # nothing but furniture below it on its page
    bold_header: bool = False  # its header rows were set in bold (not only guessed from shape)
    ruled: bool = True

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in (*self.header_rows, *self.rows)), default=0)


# ---------------------------------------------------------------- cells


def clean_cell(text: str | None) -> str:
    """Whitespace normalised; None becomes ""."""
    if not text:
        return ""
    return " ".join(text.split())


def join_lines(lines: Iterable[str]) -> str:
    """Join a cell's wrapped lines with spaces (a hyphen at a line end joins tight)."""
    out = ""
    for line in lines:
        line = clean_cell(line)
        if not line:
            continue
        if out.endswith("-") and line[:1].islower() and len(out) > 1 and out[-2].isalpha():
            out += line
        else:
            out = f"{out} {line}" if out else line
    return out


def clean_rows(rows: Iterable[Sequence[str | None]]) -> tuple[Row, ...]:
    """Clean every cell and pad rows to the same width, dropping all-empty rows."""
    cleaned = [tuple(clean_cell(c) for c in r) for r in rows]
    width = max((len(r) for r in cleaned), default=0)
    return tuple(r + ("",) * (width - len(r)) for r in cleaned if any(r))


def _norm(row: Sequence[str]) -> tuple[str, ...]:
    return tuple(re.sub(r"\W+", "", c.lower()) for c in row)


# ---------------------------------------------------------------- headers


def header_row_count(grid: Sequence[Sequence[str]], bold_rows: Sequence[bool] = ()) -> int:
    """How many leading rows are column headers (0 or 1, 2 for a bold two-row header).

    Told by what the rows hold as well as by their place and type: a header names the
    columns, so a row holding a grade ("Good"), stating one ("Children's services in
    Camden are good") or made of figures is a body row, however bold and however first
    (issue 22: a judgement grid's first row was taken for its header). A grid whose first
    row is already data has no header, rather than a data row promoted to one; a row of
    labels over rows that all hold grades or figures is one, bold or not.
    """
    n = _header_rows_by_shape(grid, bold_rows)
    if n == 0 and _labels_over_data(grid):
        return 1
    k = 0
    while k < n and not is_data_row(grid[k]):
        k += 1
    return k


def _labels_over_data(grid: Sequence[Sequence[str]]) -> bool:
    """A full first row of short labels over rows that all hold grades or figures: the
    labels name the columns, however the rows are set (all bold, say)."""
    if len(grid) < 2 or not _full(grid[0]) or is_data_row(grid[0]):
        return False
    if not all(_header_like(c) for c in grid[0]):
        return False
    return all(is_data_row(r) for r in grid[1:])


def _header_rows_by_shape(grid: Sequence[Sequence[str]], bold_rows: Sequence[bool]) -> int:
    """Header rows by type and shape alone: bold leading rows, or a full row of short
    labels over a body of figures or long cells."""
    if len(grid) < 2:
        return 0
    bold = list(bold_rows) + [False] * (len(grid) - len(bold_rows))
    if bold[0] and not all(bold):
        if len(grid) > 3 and bold[1] and not _full(grid[0]) and _full(grid[1]):
            return 2
        return 2 if len(grid) > 3 and _sub_header(grid[0], grid[1]) else 1
    first = grid[0]
    if _full(first) and all(_header_like(c) for c in first):
        body_words = [len(c.split()) for r in grid[1:] for c in r if c]
        numeric_body = any(_numeric(c) for r in grid[1:] for c in r)
        if numeric_body or (body_words and max(body_words) > 8):
            return 1
    return 0


_GRADE = r"(?:outstanding|good|adequate|inadequate|requires?\s+improvement(?:\s+to\s+be\s+good)?)"
_GRADE_CELL = re.compile(rf"\W*{_GRADE}\W*", re.IGNORECASE)
_GRADE_STATED = re.compile(
    rf"(?:\b(?:is|are|was|were|remains?|been)\s+(?:judged\s+(?:to\s+be\s+)?)?{_GRADE}"
    r"|\brequires?\s+improvement(?:\s+to\s+be\s+good)?)\W*$",
    re.IGNORECASE,
)


def is_grade(cell: str) -> bool:
    """A judgement grade alone ("Good", "Requires improvement to be good")."""
    return bool(_GRADE_CELL.fullmatch(cell.strip()))


def is_data_row(row: Sequence[str]) -> bool:
    """A row no header can be: it holds a grade, states one ("... are good"), or is
    mostly figures (years alone, "2019", can name columns, so they do not count)."""
    filled = [c.strip() for c in row if c and c.strip()]
    if not filled:
        return False
    if any(is_grade(c) or _GRADE_STATED.search(c) for c in filled):
        return True
    figures = [c for c in filled if _numeric(c) and not re.fullmatch(r"(?:19|20)\d\d", c)]
    return len(figures) * 2 > len(filled)


def _sub_header(top: Sequence[str], row: Sequence[str]) -> bool:
    """Is ``row`` the second header row under ``top``'s spanning cells?

    A header cell spanning columns ("RAG rating" over "Latest | Previous") leaves the
    cells it spans blank in the top row; the row under it names those columns with
    short labels and leaves the row label (first) column blank, which a first body
    row never does (there is no row above it for a blank to repeat).
    """
    if len(row) != len(top) or row[0] or not top[0]:
        return False
    spanned = {j for j in range(1, len(top)) if not top[j] and any(top[:j])}
    starts = {j - 1 for j in spanned if top[j - 1]}
    filled = [j for j, c in enumerate(row) if c]
    if len(filled) < 2 or not spanned or not set(filled) <= spanned | starts:
        return False
    return all(len(row[j].split()) <= 3 and not _numeric(row[j]) for j in filled)


def _full(row: Sequence[str]) -> bool:
    filled = sum(1 for c in row if c)
    return filled >= max(2, len(row) - 1)


def _header_like(cell: str) -> bool:
    return not cell or (len(cell.split()) <= 10 and not _numeric(cell))


def _numeric(cell: str) -> bool:
    return bool(re.fullmatch(r"[£$€]?-?[\d,.]+%?[km]?|n/?a|-", cell.strip().lower()))


# ---------------------------------------------------------------- stitching


def continues(prev: Fragment, nxt: Fragment, tolerance: float = 12.0) -> bool:
    """Does ``nxt`` carry on ``prev`` across a page break?"""
    if nxt.page != prev.page + 1 or not nxt.at_top or not prev.at_end:
        return False  # text between them (an agency's heading): a new table, whatever its header
    orphan = bool(prev.header_rows) and not prev.rows  # a header alone at the page foot
    if nxt.caption and nxt.caption != prev.caption and not _CONTINUED.search(nxt.caption):
        if not orphan:
            return False  # a caption of its own, not "(continued)"
        # under a header whose rows are all on this page, the line above them is the
        # table's first row (a title row naming the agency), not another table's caption
    if prev.ruled != nxt.ruled:
        return False
    if nxt.header_rows and not nxt.rows and prev.rows:
        return False  # a header alone (its rows on the next page) starts a table: a repeated
        # header comes back with rows under it
    if prev.n_cols != nxt.n_cols:
        return not nxt.ruled and column_map(prev, nxt, tolerance) is not None
    if (
        prev.header_rows
        and nxt.header_rows
        and _norm(prev.header_rows[0]) != _norm(nxt.header_rows[0])
        and _norm(nxt.header_rows[0]) not in {_norm(r) for r in prev.rows}  # an inner header
        and not (prev.rows and is_split_row(prev.rows[-1], nxt.header_rows[0]))
        and not (prev.bold_header and not nxt.bold_header)
    ):
        return False  # a new table with its own, different header (not a row's lower-case rest)
    if prev.col_edges and nxt.col_edges and len(prev.col_edges) == len(nxt.col_edges):
        if any(abs(a - b) > tolerance for a, b in zip(prev.col_edges, nxt.col_edges, strict=True)):
            return False
    elif abs(prev.bbox.x0 - nxt.bbox.x0) > tolerance or abs(prev.bbox.x1 - nxt.bbox.x1) > tolerance:
        return False
    return True


def column_map(prev: Fragment, nxt: Fragment, tolerance: float = 12.0) -> list[int] | None:
    """For an unruled page with fewer columns than the page before: where each of its
    columns sits in the wider table (a column blank on every row of a page, such as an
    agency printed once per block, leaves no text to find it by). None when they do not
    line up."""
    a, b = prev.col_edges, nxt.col_edges
    if not a or not b or len(b) != nxt.n_cols or len(a) != prev.n_cols or len(b) > len(a):
        return None
    out, j = [], 0
    for x in b:
        while j < len(a) and abs(a[j] - x) > tolerance:
            j += 1
        if j == len(a):
            return None
        out.append(j)
        j += 1
    return out


def _widen(rows: Sequence[Row], mapping: Sequence[int], width: int) -> list[Row]:
    out = []
    for row in rows:
        cells = [""] * width
        for i, cell in enumerate(row):
            cells[mapping[i] if i < len(mapping) else i] = cell
        out.append(tuple(cells))
    return out


def is_split_row(prev_row: Row, next_row: Row, label_first: bool = False) -> bool:
    """Is ``next_row`` the rest of ``prev_row``, cut by a page break?

    ``label_first``: the first column is a label column (an agency printed on the
    first row of its block only), where a blank cell means "same as above", not
    "carried on": then the other cells decide (a tail starts in lower case).
    """
    if not prev_row or not next_row or not any(next_row):
        return False
    if label_first:
        if next_row[0]:
            return False
        first = next(c for c in next_row[1:] if c)
        return first[:1].islower() or _cell_carries_on(prev_row, next_row, 1)
    if not next_row[0]:
        return True
    first = next(c for c in next_row if c)
    return first[:1].islower() or _cell_carries_on(prev_row, next_row, 0)


def _cell_carries_on(prev_row: Row, next_row: Row, start: int) -> bool:
    """A cell of ``next_row`` (from column ``start``) goes on from the cell above: the
    row was cut, whatever its first cell starts with.

    It does when the cell above stops mid-phrase (on "and", "between", a hyphen or a
    comma), whatever the case below ("Develop links between LSCB and" over
    "Safeguarding GP Leads' Network"); or when it starts on a little word in lower
    case ("in", "of") under a cell that stops short of a sentence's end ("Attendance
    and participation" over "in relevant sub-groups"; not "as above", a cell's own).
    A cell of a new row may start in lower case ("panel meets monthly"), but hardly
    ever on such a word, nor two of its cells of words at once under unfinished cells
    ("A report" over "presented in May", "... to identify" over "gaps in provision").
    A cell stopping on a bullet, or on "will" or "can", stops mid-phrase too.
    """
    lower = 0
    for above, below in zip(prev_row[start:], next_row[start:], strict=False):
        above, below = above.strip(), below.strip()
        if not above or not below:
            continue
        last = above.split()[-1]  # as written: "Plan A" does not stop mid-phrase
        if above.endswith(("-", ",", "•")) or last in _MID_PHRASE or last in _MODALS:
            return True
        if not below[:1].islower() or above.endswith(_SENTENCE_END) or _OWN_CELL.match(below):
            continue
        if below.split()[0] in _MID_PHRASE:
            return True
        lower += len(below.split()) > 1  # words going on (not a lone code: "d", "tbc")
        if lower >= 2:
            return True
    return False


_MID_PHRASE = frozenset(
    "a an and as at by for from in into of on or than that the their to which who with "
    "across among amongst between both including its nor our through towards via whose "
    "within without".split()
)
_MODALS = frozenset("can could may might must shall should will would".split())
_SENTENCE_END = (".", "!", "?", ";", ":")
_OWN_CELL = re.compile(r"(?:as|see|same as) above\b", re.IGNORECASE)


def label_first_column(rows: Sequence[Row]) -> bool:
    """Is the first column a label column, blank on most rows under a filled one?

    An agency or type printed once per block (as a merged cell prints) leaves the
    first cell blank on rows that are otherwise full; a wrapped or page-broken
    row leaves it blank too, but rarely on most rows.
    """
    body = [r for r in rows if len(r) >= 3 and any(r[1:])]
    if len(body) < 3 or not any(r[0] for r in body):
        return False
    blank_full = [r for r in body if not r[0] and sum(1 for c in r[1:] if c) >= 2]
    return len(blank_full) * 3 >= len(body)


def _opens_new_block(body: Sequence[Row]) -> bool:
    """Does the header at the top of this page open a new block rather than repeat one?

    In a table whose first column labels blocks (the agency, printed once per block as
    a merged cell prints), a header repeated on a continuation page is followed by more
    of the block it interrupted: a blank label. A header followed by a filled label
    opens that block (its own Risk or Strengths heading), so it stays in the table and
    says the kind of the rows under it.
    """
    return len(body) >= 2 and bool(body[1]) and bool(body[1][0].strip())


def merge_rows(a: Row, b: Row) -> Row:
    width = max(len(a), len(b))
    a = a + ("",) * (width - len(a))
    b = b + ("",) * (width - len(b))
    return tuple(join_lines([x, y]) for x, y in zip(a, b, strict=True))


def stitch(doc_id: str, fragments: Sequence[Fragment]) -> tuple[Table, ...]:
    """Join fragments that continue across pages; number the tables in order."""
    groups: list[list[Fragment]] = []
    for frag in sorted(fragments, key=lambda f: (f.page, f.bbox.top)):
        if (
            groups
            and continues(groups[-1][-1], frag)
            and _is_last_on_page(groups[-1][-1], fragments)
        ):
            groups[-1].append(frag)
        else:
            groups.append([frag])
    return tuple(_to_table(doc_id, i, g) for i, g in enumerate(groups))


def _is_last_on_page(frag: Fragment, fragments: Sequence[Fragment]) -> bool:
    return not any(f.page == frag.page and f.bbox.top > frag.bbox.top for f in fragments)


def _repeats(row: Row, frag: Fragment) -> bool:
    first = (*frag.header_rows, *frag.rows)[:1]
    return bool(first) and _norm(first[0]) == _norm(row)


def _in_force(heads: set[tuple[str, ...]], rows: Sequence[Row], row: Row, inner: bool) -> bool:
    """Is ``row``, at the top of a page, the header in force repeated: the table's own
    header (``heads``) or, when the page's fragment has a header (``inner``), an inner
    header row above that the table's own header has not come back after? Under a
    "Key risks" header, a "Key strengths" row, strengths, "Key risks" again, risks: a
    "Key strengths" row at the next page's top starts strengths again, no repeat
    (dropped, the rows under it kept the kind before)."""
    target = _norm(row)
    if not inner:
        return target in heads
    for above in reversed(rows):
        n = _norm(above)
        if n == target or n in heads:
            return n == target
    return target in heads


def _first_row_repeated(group: Sequence[Fragment], rows: Sequence[Row]) -> bool:
    """Does the first row come back at the top of the next page (a header repeated), and
    is it no data row (a grade, a stated grade, figures)?"""
    return (
        len(group) > 1 and bool(rows) and _repeats(rows[0], group[1]) and not is_data_row(rows[0])
    )


def _to_table(doc_id: str, index: int, group: Sequence[Fragment]) -> Table:
    head = group[0]
    header = head.header_rows
    rows: list[Row] = list(head.rows)
    if not header and _first_row_repeated(group, rows):
        header = (rows.pop(0),)  # the first row comes back on the next page: a header
    pages: list[int] = [head.page] * len(rows)  # after a header row was taken from rows
    bodies = []
    for n, frag in enumerate(group[1:], start=1):
        body = list(frag.header_rows) + list(frag.rows)
        if frag.n_cols < head.n_cols:
            mapping = column_map(group[n - 1] if group[n - 1].n_cols == head.n_cols else head, frag)
            if mapping is not None:
                body = _widen(body, mapping, head.n_cols)
        bodies.append(body)
    # judged on the rows as they line up in the table: a page whose label column is
    # blank throughout has no first column of its own until widened
    label_first = label_first_column(
        [
            *rows,
            *(r for f, b in zip(group[1:], bodies, strict=True) for r in b[len(f.header_rows) :]),
        ]
    )
    for n, (frag, body) in enumerate(zip(group[1:], bodies, strict=True), start=1):
        before = group[n - 1]
        heads = {_norm(h) for h in header}
        first = True
        while (
            body
            and header
            and (
                _in_force(heads, rows, body[0], bool(frag.header_rows))
                if first
                else _norm(body[0]) in heads
            )
        ):
            if label_first and _opens_new_block(body):
                break  # a header over a new label's rows (the next agency): kept, it says the kind
            body.pop(0)  # the header (or the inner header in force) repeated on this page
            first = False
        if before.header_rows and not before.rows and frag.caption != before.caption:
            if frag.caption and not _CONTINUED.search(frag.caption):
                body.insert(0, (frag.caption,) + ("",) * (head.n_cols - 1))  # a title row
        if body and rows and is_split_row(rows[-1], body[0], label_first):
            rows[-1] = merge_rows(rows[-1], body.pop(0))
        rows.extend(body)
        pages.extend([frag.page] * len(body))
    return Table(
        doc_id=doc_id,
        index=index,
        page_start=head.page,
        page_end=group[-1].page,
        header_rows=header,
        rows=tuple(rows),
        row_pages=tuple(pages),
        caption=head.caption,
        bbox=head.bbox,
    )
