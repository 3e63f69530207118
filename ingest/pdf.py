"""PDF reader: the only module that imports pdfplumber.

Each page is parsed once: ``extract_words`` (with font size and name) gives the
words; lines, column reading order, furniture, headings and unruled tables are
all derived from those words here, and pdfplumber's table finder is called only
on pages that carry enough ruling lines to hold a ruled table. Pages are closed
after use so memory stays flat on long files.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
from pdfminer.layout import LTChar, LTContainer, LTCurve, LTLine, LTRect
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException

from ingest import glyphs
from ingest import tables as tablekit
from ingest.errors import DamagedFile, EmptyFile, EncryptedFile, NoTextLayer
from ingest.model import BBox, Extracted, Line, LineKind, Page

Progress = Callable[[int, int], None]

_DAMAGED = "not a readable PDF (truncated or damaged)"
_BAND = 0.09  # top/bottom fraction of the page where running furniture lives
_SEGMENT_GAP_EM = 1.6  # a horizontal gap wider than this (in ems) splits a line
_JUNK_TITLE = re.compile(
    r"^(microsoft (word|powerpoint|excel)|untitled|document\d*$)|\.(docx?|pdf)$", re.I
)
_NUMBERED = re.compile(
    r"^(?:(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+\S|(?:appendix|annex|section|part)\s+[\dA-Z]+\b)",
    re.I,
)
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
_TERMINAL = (".", "!", "?", ":", ";")


# ---------------------------------------------------------------- page model


@dataclass
class _Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool


@dataclass
class _Seg:
    """A run of words on one visual line with no wide gap inside."""

    words: list[_Word]

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def text(self) -> str:
        return _join_words(self.words)


@dataclass
class _Line:
    segs: list[_Seg]
    kind: LineKind = "body"
    level: int = 0
    in_table: bool = False

    @property
    def words(self) -> list[_Word]:
        return [w for s in self.segs for w in s.words]

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segs)

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
class _PageData:
    number: int
    width: float
    height: float
    rotation: int
    lines: list[_Line]
    tables: list[tablekit.Fragment] = field(default_factory=list)
    unread: int = 0  # characters left out: their font gives no text


def _join_words(words: Sequence[_Word]) -> str:
    """Join words, adding a space only where there is a visible gap."""
    out: list[str] = []
    prev: _Word | None = None
    for w in words:
        if prev is not None and _is_marker(w, prev):
            continue  # a footnote marker (small raised digits) after a word
        if prev is not None and w.x0 - prev.x1 > 0.12 * max(prev.size, 1.0):
            out.append(" ")
        out.append(w.text)
        prev = w
    return "".join(out)


def _is_marker(w: _Word, prev: _Word) -> bool:
    return w.text.isdigit() and w.size < 0.8 * prev.size and w.bottom < prev.bottom - 0.5


def _is_bold(fontname: str) -> bool:
    name = fontname.split("+", 1)[-1].lower()
    return any(k in name for k in ("bold", "black", "heavy", "semibold", ",b")) or name.endswith(
        "-b"
    )


# ---------------------------------------------------------------- opening


def read(path: Path, doc_id: str, progress: Progress | None = None) -> Extracted:
    """Read a PDF into pages (lines, raw and clean text) and stitched tables."""
    path = Path(path)
    _check_bytes(path)
    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfminer raises many kinds on broken files
        raise _open_error(path, exc) from exc
    with pdf:
        info = _info(pdf)
        pages = _read_pages(pdf, path, progress)
    return _assemble(path, doc_id, pages, info)


def _open_error(path: Path, exc: BaseException) -> Exception:
    """EncryptedFile when a password is the problem, else DamagedFile."""
    seen: list[object] = [exc, exc.__context__, exc.__cause__, *exc.args]
    if any(isinstance(e, PDFPasswordIncorrect | PDFEncryptionError) for e in seen):
        return EncryptedFile(path, "password-protected PDF")
    return DamagedFile(path, _DAMAGED)


def _check_bytes(path: Path) -> None:
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise DamagedFile(path, f"cannot be opened ({exc.strerror})") from exc
    if size == 0:
        raise EmptyFile(path, "the file is empty (0 bytes)")
    if b"%PDF-" not in head:
        raise DamagedFile(path, _DAMAGED)


def _info(pdf: pdfplumber.PDF) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in (pdf.metadata or {}).items():
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        if isinstance(value, str) and value.strip():
            out[str(key)] = " ".join(value.split())
    return out


def _read_pages(pdf: pdfplumber.PDF, path: Path, progress: Progress | None) -> list[_PageData]:
    try:
        n = len(pdf.pages)
    except Exception as exc:
        raise _open_error(path, exc) from exc
    if n == 0:
        raise DamagedFile(path, "the PDF has no pages")
    out = []
    for i in range(n):
        try:
            page = pdf.pages[i]
            try:
                out.append(_read_page(page, i + 1))
            finally:
                page.close()
        except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as exc:
            raise DamagedFile(path, f"{_DAMAGED} at page {i + 1}") from exc
        except Exception as exc:  # pdfplumber wraps pdfminer errors
            if type(exc).__name__ != "PdfminerException":
                raise
            raise DamagedFile(path, f"{_DAMAGED} at page {i + 1}") from exc
        if progress is not None:
            progress(i + 1, n)
    return out


# ---------------------------------------------------------------- one page


def _read_page(page: pdfplumber.page.Page, number: int) -> _PageData:
    objs = _PageObjects.of(page)
    lines = _order_lines(_build_lines(_words(page, objs)), float(page.width))
    data = _PageData(number, float(page.width), float(page.height), int(page.rotation or 0), lines)
    data.tables = _find_tables(page, objs, data)
    data.unread = objs.unread
    return data


@dataclass
class _PageObjects:
    """pdfminer's characters and drawn lines of one page, in pdfplumber's coordinates.

    Read straight from ``page.layout`` (no layout analysis is asked for): turning
    every character into pdfplumber's dict costs more than parsing the page.
    """

    chars: list[_Char]
    rulings: list[LTCurve]
    height: float
    dx: float  # pdfminer measures from the MediaBox corner; pdfplumber from the page's
    dy: float
    shapes: list[LTCurve] = field(default_factory=list)  # every drawn shape, seen or not
    lt_chars: list[LTChar] = field(default_factory=list)
    width: float = 0.0
    unread: int = 0  # characters dropped: their font gives no text (see ingest.glyphs)

    @classmethod
    def of(cls, page: pdfplumber.page.Page) -> _PageObjects:
        found: list[LTChar] = []
        shapes: list[LTCurve] = []
        _walk(page.layout, found, shapes)
        rulings = _inked(shapes)
        height = float(page.height)
        dx, dy = float(page.mediabox[0]), float(page.mediabox[1])
        texts = [(c.get_text(), _fontname(c.fontname)) for c in found]
        numbered = glyphs.glyph_id_fonts(texts)
        chars = []
        dropped = 0
        for c, (text, font) in zip(found, texts, strict=True):
            if text.startswith("(cid:") or glyphs.is_unread(text):
                text, lost = glyphs.clean(text, font, font in numbered)
                dropped += lost
                if not text:
                    continue
            chars.append(
                _Char(
                    text,
                    c.x0 + dx,
                    c.x1 + dx,
                    height - c.y1 + dy,
                    height - c.y0 + dy,
                    c.size,
                    font,
                    bool(c.upright),
                )
            )
        objs = cls(chars, rulings, height, dx, dy, shapes, found, float(page.width))
        objs.unread = dropped
        return objs


@dataclass(slots=True)
class _Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str
    upright: bool


def _walk(container: LTContainer, chars: list[LTChar], shapes: list[LTCurve]) -> None:
    for obj in container:
        if isinstance(obj, LTChar):
            chars.append(obj)
        elif isinstance(obj, LTCurve):  # LTLine and LTRect too
            shapes.append(obj)
        elif isinstance(obj, LTContainer):  # a form XObject (LTFigure)
            _walk(obj, chars, shapes)


_WHITE = (1.0, 1.0, 1.0)
_BACKDROPS = 400  # filled boxes looked through for what lies under a shape


def _inked(shapes: list[LTCurve]) -> list[LTCurve]:
    """The shapes whose edges a reader can see.

    A filled box without an outline shows its edges only where its colour differs
    from what lies under it: Word paints a white box behind each highlighted or
    justified line of text (stacked, their edges look like a table's grid), and
    some writers paint a cell's padding as a second box of the cell's own colour
    inside it (which doubles every column). Under a shape lies the last filled box
    drawn before it that holds it, else the white page. Outlines count when their
    ink is not white; clipping paths (neither stroked nor filled) never count.
    """
    out: list[LTCurve] = []
    backdrops: list[tuple[tuple[float, float, float], tuple[float, float, float, float]]] = []
    for shape in shapes:
        box = (shape.x0, shape.y0, shape.x1, shape.y1)
        outline = _rgb(shape.stroking_color) if shape.stroke else _WHITE
        if shape.stroke and (outline is None or not _same(outline, _WHITE)):
            out.append(shape)
        elif shape.fill:
            colour = _rgb(shape.non_stroking_color)
            under = _under(box, backdrops)
            if colour is None or not _same(colour, under):
                out.append(shape)
        if shape.fill and isinstance(shape, LTRect):
            colour = _rgb(shape.non_stroking_color)
            if colour is not None:
                backdrops.append((colour, box))
    return out


def _under(
    box: tuple[float, float, float, float],
    backdrops: list[tuple[tuple[float, float, float], tuple[float, float, float, float]]],
) -> tuple[float, float, float]:
    x0, y0, x1, y1 = box
    for colour, (a0, b0, a1, b1) in reversed(backdrops[-_BACKDROPS:]):
        if a0 - 0.5 <= x0 and b0 - 0.5 <= y0 and x1 <= a1 + 0.5 and y1 <= b1 + 0.5:
            return colour
    return _WHITE


def _rgb(colour: object) -> tuple[float, float, float] | None:
    """A device colour as RGB; None for a pattern or a colour space not known here."""
    if isinstance(colour, int | float):
        values: tuple = (float(colour),)
    elif isinstance(colour, tuple | list) and all(isinstance(v, int | float) for v in colour):
        values = tuple(float(v) for v in colour)
    else:
        return None
    if len(values) == 1:
        return (values[0],) * 3
    if len(values) == 3:
        return (values[0], values[1], values[2])
    if len(values) == 4:
        c, m, y, k = values
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return None


def _same(a: tuple[float, float, float], b: tuple[float, float, float]) -> bool:
    return all(abs(x - y) <= 0.02 for x, y in zip(a, b, strict=True))


def _fontname(name: object) -> str:
    if isinstance(name, bytes):
        return name.decode("latin-1", "replace")
    return str(name)


def _words(page: pdfplumber.page.Page, objs: _PageObjects) -> list[_Word]:
    chars = objs.chars
    if sum(1 for c in chars if not c.upright) * 2 <= len(chars):
        return _group_words(chars)
    # text set sideways on the page: read it in its own direction, in its own frame
    attrs = ["size", "fontname"]
    downward = _reads_downward(page.chars)
    line_dir, char_dir = ("rtl", "ttb") if downward else ("ltr", "btt")
    raw = page.extract_words(
        extra_attrs=attrs, line_dir_rotated=line_dir, char_dir_rotated=char_dir
    )
    words = []
    for w in raw:
        text, lost = glyphs.clean(w["text"], _fontname(w["fontname"]))
        objs.unread += lost
        if text.strip():
            words.append(_word({**w, "text": text}))
    return _to_text_frame(words, downward)


def _word(w: dict) -> _Word:
    return _Word(
        w["text"], w["x0"], w["x1"], w["top"], w["bottom"], w["size"], _is_bold(w["fontname"])
    )


# pdfplumber's default word rules, kept so words split exactly where they always did:
# runs of one font and size; within a run, lines by ``top`` 3pt apart; a new word at a
# space, a gap over 3pt or a step back. Sideways characters on an upright page are
# read top to bottom (x and y swapped).
_TOLERANCE = 3.0
_LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}


def _group_words(chars: list[_Char]) -> list[_Word]:
    words: list[_Word] = []
    run: list[_Char] = []
    key: tuple[bool, float, str] | None = None
    for c in chars:
        k = (c.upright, c.size, c.font)
        if k != key and run:
            words.extend(_run_words(run))
            run = []
        key = k
        run.append(c)
    if run:
        words.extend(_run_words(run))
    return words


def _run_words(run: list[_Char]) -> list[_Word]:
    upright = run[0].upright
    if not upright:  # read down the page: swap the axes, group, swap back
        run = [_Char(c.text, c.top, c.bottom, c.x0, c.x1, c.size, c.font, False) for c in run]
    out = []
    for line in _cluster_by_top(run):
        line.sort(key=lambda c: c.x0)
        for chars in _split_words(line):
            word = _merge(chars, upright)
            if word.text.strip():
                out.append(word)
    return out


def _cluster_by_top(chars: list[_Char]) -> list[list[_Char]]:
    tops = sorted({c.top for c in chars})
    cluster: dict[float, int] = {}
    n, last = 0, tops[0]
    for t in tops:
        if t > last + _TOLERANCE:
            n += 1
        cluster[t] = n
        last = t
    lines: list[list[_Char]] = [[] for _ in range(n + 1)]
    for c in chars:
        lines[cluster[c.top]].append(c)
    return lines


def _split_words(line: list[_Char]) -> list[list[_Char]]:
    words: list[list[_Char]] = []
    current: list[_Char] = []
    for c in line:
        if c.text.isspace():
            if current:
                words.append(current)
            current = []
            continue
        if current:
            p = current[-1]
            if c.x0 < p.x0 or c.x0 > p.x1 + _TOLERANCE or abs(c.top - p.top) > _TOLERANCE:
                words.append(current)
                current = []
        current.append(c)
    if current:
        words.append(current)
    return words


def _merge(chars: list[_Char], upright: bool) -> _Word:
    text = "".join(_LIGATURES.get(c.text, c.text) for c in chars)
    x0, x1 = min(c.x0 for c in chars), max(c.x1 for c in chars)
    top, bottom = min(c.top for c in chars), max(c.bottom for c in chars)
    if not upright:
        x0, x1, top, bottom = top, bottom, x0, x1
    first = chars[0]
    return _Word(text, x0, x1, top, bottom, first.size, _is_bold(first.font))


def _reads_downward(chars: list[dict]) -> bool:
    votes = 0
    for a, b in zip(chars, chars[1:], strict=False):
        if not a["upright"] and not b["upright"] and abs(a["x0"] - b["x0"]) < 1:
            votes += 1 if b["top"] > a["top"] else -1
    return votes >= 0


def _to_text_frame(words: list[_Word], downward: bool) -> list[_Word]:
    """Turn sideways words so lines run left to right, top to bottom."""
    out = []
    right = max(w.x1 for w in words)
    low = max(w.bottom for w in words)
    for w in words:
        if downward:
            out.append(_Word(w.text, w.top, w.bottom, right - w.x1, right - w.x0, w.size, w.bold))
        else:
            out.append(_Word(w.text, low - w.bottom, low - w.top, w.x0, w.x1, w.size, w.bold))
    return out


def _build_lines(words: list[_Word]) -> list[_Line]:
    """Cluster words into visual lines by vertical overlap, split at wide gaps."""
    rows: list[list[_Word]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        if rows:
            row = rows[-1]
            top, bottom = row[0].top, max(x.bottom for x in row)
            overlap = min(bottom, w.bottom) - max(top, w.top)
            if overlap > 0.5 * min(w.bottom - w.top, bottom - top):
                row.append(w)
                continue
        rows.append([w])
    return [_Line(_segments(sorted(r, key=lambda w: w.x0))) for r in rows]


def _segments(row: list[_Word]) -> list[_Seg]:
    segs = [_Seg([row[0]])]
    for w in row[1:]:
        prev = segs[-1].words[-1]
        if w.x0 - prev.x1 > _SEGMENT_GAP_EM * max(prev.size, w.size, 1.0):
            segs.append(_Seg([w]))
        else:
            segs[-1].words.append(w)
    return segs


# ---------------------------------------------------------------- reading order


def _order_lines(lines: list[_Line], width: float) -> list[_Line]:
    """Read two-column regions left column first, then right."""
    gutter = _find_gutter(lines, width)
    if gutter is None:
        return lines
    left_edge, right_edge = gutter
    ordered: list[_Line] = []
    left: list[_Line] = []
    right: list[_Line] = []

    def flush() -> None:
        ordered.extend(left)
        ordered.extend(right)
        left.clear()
        right.clear()

    for line in lines:
        crossing = any(s.x0 < right_edge and s.x1 > left_edge for s in line.segs)
        if crossing:
            flush()
            ordered.append(line)
            continue
        ls = [s for s in line.segs if s.x1 <= left_edge]
        rs = [s for s in line.segs if s.x0 >= right_edge]
        if ls:
            left.append(_Line(ls))
        if rs:
            right.append(_Line(rs))
    flush()
    return ordered


def _find_gutter(lines: list[_Line], width: float) -> tuple[float, float] | None:
    """An empty vertical band near the middle with full text lines on both sides."""
    segs = [s for line in lines for s in line.segs]
    if len(segs) < 12:
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
    if best is None or best[1] - best[0] < 8:
        return None
    left_edge, right_edge = lo + best[0], lo + best[1]
    return (left_edge, right_edge) if _is_column_text(segs, left_edge, right_edge) else None


def _is_column_text(segs: list[_Seg], left_edge: float, right_edge: float) -> bool:
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


# ---------------------------------------------------------------- tables on a page


def _find_tables(
    page: pdfplumber.page.Page, objs: _PageObjects, data: _PageData
) -> list[tablekit.Fragment]:
    found = _ruled_tables(page, objs, data) if _has_rulings(objs) else []
    found += _unruled_tables(data, [f.bbox for f in found], lambda: _chart_regions(objs))
    found.sort(key=lambda f: f.bbox.top)
    return found


def _has_rulings(objs: _PageObjects) -> bool:
    n = sum(1 for r in objs.rulings if isinstance(r, LTLine | LTRect))
    return n >= 4


def _edges(objs: _PageObjects) -> tuple[list[dict], list[dict]]:
    """Vertical and horizontal ruling edges as pdfplumber's table finder takes them.

    Handing them over as explicit lines spares pdfplumber from turning every
    character of the page into a dict just to find the drawn lines.
    """
    edges: list[dict] = []
    for r in objs.rulings:
        if isinstance(r, LTRect):
            x0, x1, top, bottom = _flip(objs, r.x0, r.x1, r.y0, r.y1)
            edges += [
                _edge(x0, x1, top, top),
                _edge(x0, x1, bottom, bottom),
                _edge(x0, x0, top, bottom),
                _edge(x1, x1, top, bottom),
            ]
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
    objs: _PageObjects, x0: float, x1: float, y0: float, y1: float
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


def _ruled_tables(
    page: pdfplumber.page.Page, objs: _PageObjects, data: _PageData
) -> list[tablekit.Fragment]:
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
        if not (_plausible_grid(grid) or len(grid) == 1):
            continue  # a lone ruled row (a row's rest at a page top) may have one cell filled
        grid = _merge_spanned_columns(grid, _drawn_columns(rows))
        if len(grid[0]) < 2:
            continue
        bold_rows = [_row_bold(data.lines, [c for c in r if c]) for r in rows]
        keep = [i for i, r in enumerate(grid) if any(r)]  # a ruled band with no text
        grid, bold_rows = [grid[i] for i in keep], [bold_rows[i] for i in keep]
        if not grid or (len(grid) < 2 and len(grid[0]) < 3):
            continue
        edges = tuple(sorted({round(c[0]) for r in rows for c in r if c}))
        out.append(_fragment(data, grid, bbox, edges, bold_rows, ruled=True))
    return out


def _lone_row(row: list[str], bbox: BBox, data: _PageData) -> bool:
    """One ruled row is a table's piece only at a page's top or foot (a row's rest
    carried over, a header left behind) and with words in it (not a bar of a chart)."""
    if (
        len(row) < 3
        or len(row) > 8
        or not any(len(re.findall(r"[A-Za-z]{2,}", c)) >= 3 for c in row)
    ):
        return False  # a chart's title cut into words by its gridlines is no row
    body = [ln for ln in data.lines if ln.top > data.height * _BAND and ln.text.strip()]
    above = [ln for ln in body if ln.bottom <= bbox.top + 1]
    below = [
        ln for ln in body if ln.top >= bbox.bottom - 1 and ln.bottom < data.height * (1 - _BAND)
    ]
    return not above or not below


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


def _merge_spanned_columns(grid: list[list[str]], drawn: Collection[int] = ()) -> list[list[str]]:
    """Drop columns empty in every row (artefacts of spanned or split cells).

    A column drawn as a cell of its own, wide enough for words (``drawn``), stays
    even when empty: on a page holding only a few rows of a table, a column may
    be blank in all of them, and dropping it would stop the page joining its table.
    """
    width = max(len(r) for r in grid)
    grid = [r + [""] * (width - len(r)) for r in grid]
    filled = [j for j in range(width) if any(r[j] for r in grid)]
    if len(filled) < 2:
        drawn = ()  # one column of text in a drawn grid (a chart's frame): nothing to keep
    keep = [j for j in range(width) if j in filled or j in drawn]
    return [[r[j] for j in keep] for r in grid]


def _drawn_columns(rows: list[list[tuple[float, float, float, float] | None]]) -> set[int]:
    """Columns that some row of a ruled table draws as a cell 40 points wide or more."""
    return {
        j
        for r in rows
        for j, c in enumerate(r)
        if c is not None and c[2] - c[0] >= 40 and len(r) == max(len(x) for x in rows)
    }


def _row_bold(lines: list[_Line], cells: list[tuple[float, float, float, float]]) -> bool:
    words = [w for c in cells for w in _words_in(lines, c)]
    if not words:
        return False
    return sum(len(w.text) for w in words if w.bold) * 2 > sum(len(w.text) for w in words)


def _words_in(lines: list[_Line], box: tuple[float, float, float, float]) -> list[_Word]:
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


def _cell_text(lines: list[_Line], box: tuple[float, float, float, float]) -> str:
    words = _words_in(lines, box)
    if not words:
        return ""
    rows: list[list[_Word]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        if rows and abs(w.top - rows[-1][0].top) < 0.5 * max(w.size, 1.0):
            rows[-1].append(w)
        else:
            rows.append([w])
    return tablekit.join_lines([_join_words(sorted(r, key=lambda w: w.x0)) for r in rows])


def _fragment(
    data: _PageData,
    grid: list[list[str]],
    bbox: BBox,
    edges: tuple[float, ...],
    bold_rows: list[bool],
    ruled: bool,
    n_header: int | None = None,
) -> tablekit.Fragment:
    if n_header is None:
        n_header = tablekit.header_row_count(grid, bold_rows)
    caption = _caption(data.lines, bbox)
    above = [ln for ln in data.lines if ln.bottom <= bbox.top + 1 and not ln.in_table]
    for line in data.lines:
        cy = (line.top + line.bottom) / 2
        if (
            bbox.top - 1 <= cy <= bbox.bottom + 1
            and line.x0 >= bbox.x0 - 2
            and line.x1 <= bbox.x1 + 2
        ):
            line.in_table = True
    body_above = [ln for ln in above if ln.top > data.height * _BAND and ln.text != caption]
    body_below = [
        ln
        for ln in data.lines
        if ln.top >= bbox.bottom - 1
        and not ln.in_table
        and ln.bottom < data.height * (1 - _BAND)
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


_CAPTION_GAP_EM = 1.8  # a caption sits at most this many of its own line heights above


def _caption(lines: list[_Line], bbox: BBox) -> str:
    """The nearest line above the table on its page, if close enough to be its caption.

    Not a caption: a row of another table, a line further than ``_CAPTION_GAP_EM``
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
    if near.in_table or bbox.top - near.bottom > _CAPTION_GAP_EM * max(near.size, 1.0):
        return ""
    i = lines.index(near)
    prev = lines[i - 1] if i else None
    text = near.text.strip()
    if prev is not None and _wraps(prev, near) and not prev.in_table:
        if text.endswith((".", ",", ";", ")")) or text[:1].islower() or near.x0 > prev.x0 + 12:
            return ""  # a paragraph's or cell's last line, or the value of a "Label: value"
        before = lines[i - 2] if i > 1 else None
        if before is not None and _wraps(before, prev):
            return ""  # the end of a paragraph
        text = f"{prev.text.strip()} {text}"
    return text if len(text.split()) <= 25 else ""


def _unruled_tables(
    data: _PageData, taken: list[BBox], charts: Callable[[], list[BBox]] = list
) -> list[tablekit.Fragment]:
    """Whitespace-aligned tables: runs of lines split into aligned segments.

    Not tables: a chart's axis labels, data labels and legend (``charts`` gives
    where the page draws charts, asked only when a candidate is found), and
    numbered or bulleted paragraphs (see ``_is_paragraph_list``).
    """
    out: list[tablekit.Fragment] = []
    regions: list[BBox] | None = None
    if any(ln.text.strip().lower() in ("contents", "table of contents") for ln in data.lines):
        return out  # a contents page lines up like a table but is not one
    lines = _split_at_stops(data.lines)
    for run in _candidate_runs(lines, taken):
        grid_info = _grid_from_run(run)
        if grid_info is None:
            continue
        grid, bold_rows, edges = grid_info
        if _is_paragraph_list(grid):
            continue
        box = _run_box(run)
        if regions is None:
            regions = charts()
        if any(_mostly_inside(box, r) for r in regions):
            continue
        out.append(_fragment(data, grid, box, edges, bold_rows, ruled=False))
    orphan = _orphan_header(data, lines, [*taken, *(f.bbox for f in out)])
    return [*out, orphan] if orphan is not None else out


def _mostly_inside(box: BBox, region: BBox) -> bool:
    w = min(box.x1, region.x1) - max(box.x0, region.x0)
    h = min(box.bottom, region.bottom) - max(box.top, region.top)
    area = (box.x1 - box.x0) * (box.bottom - box.top)
    return w > 0 and h > 0 and w * h >= 0.5 * area


# ---------------------------------------------------------------- charts

_PdfBox = tuple[float, float, float, float]  # pdfminer's x0, y0, x1, y1 (y upward)
_CHART_SPAN = 60.0  # a chart's data line runs at least this far (points)


def _chart_regions(objs: _PageObjects) -> list[BBox]:
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
        if isinstance(s, LTRect) or not s.stroke or s.x1 - s.x0 < _CHART_SPAN:
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


def _bar_groups(objs: _PageObjects) -> list[_PdfBox]:
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
        colour = _rgb(s.non_stroking_color)
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


_BULLETS = "•●▪■◦○‣⁃∙·*§✓✔➢➤►▶→⇨➔❖◆♦-–—o"
_BULLET = re.compile(f"^[{re.escape(_BULLETS)}]$")
_LIST_MARKER = re.compile(
    r"^(?:\(?\d{1,3}(?:\.\d{1,3})*[.):]?"  # 14  14.  1.2  (3)  3)
    r"|\(?(?:[a-zA-Z]|[ivxlcIVXLC]{1,6})[.):]"  # a.  (b)  iv)
    f"|[{re.escape(_BULLETS)}])$"
)
_PROSE_WORDS = 12  # a column whose cells run to this many words (median) holds prose


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
    if all(_BULLET.match(c.strip()) for c in first):
        return True
    if len(filled) != 2:
        return False
    label_col, text_col = filled
    labels = first
    texts = [r[text_col] for r in grid if text_col < len(r) and r[text_col]]
    if all(_LIST_MARKER.match(c.strip()) for c in labels):
        return True
    if not texts or any(len(c.split()) > 4 for c in labels):
        return False
    words = statistics.median(len(c.split()) for c in texts)
    sentences = sum(1 for c in texts if c.rstrip().endswith((".", "!", "?", ")", ";", ":")))
    return words >= _PROSE_WORDS and sentences * 2 >= len(texts)


def _run_box(run: list[_Line]) -> BBox:
    box = run[0].bbox
    for line in run[1:]:
        box = box.union(line.bbox)
    return box


def _orphan_header(
    data: _PageData, lines: list[_Line], taken: list[BBox]
) -> tablekit.Fragment | None:
    """A table's header left alone at the foot of a page, its rows on the next page.

    The last lines above the footer band: bold, set close together, the first in
    three or more cells. Returned as a fragment with a header and no rows, so
    stitching joins the next page's rows to it.
    """
    foot = data.height * (1 - _BAND)
    body: list[_Line] = []
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
    block: list[_Line] = []
    for line in reversed(body):
        if (
            not line.bold
            or line.in_table
            or any(b.top - 1 <= line.top <= b.bottom + 1 for b in taken)
        ):
            break
        if block and block[0].top - line.bottom > 1.2 * line.size:
            break
        if block and abs(line.size - block[0].size) > 0.5:
            break  # a heading above the header, set larger: not one of its lines
        block.insert(0, line)
    if not block or len(block[0].segs) < 3 or len(block) > 4:
        return None
    if block[-1].bottom < data.height * 0.7:
        return None
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
    return _fragment(data, grid, _run_box(block), edges, bold_rows, ruled=False, n_header=1)


_STOP_GAP_EM = 0.5  # a gap this wide before a word at a column stop splits the line there
_STOP_LINES = 4  # a column stop: words start at the same x, after a gap, on this many lines


def _split_at_stops(lines: list[_Line]) -> list[_Line]:
    """Copies of the lines split at column stops as well as at wide gaps.

    Cells of an unruled table set close together are often only a few points
    apart, too close for a wide-gap split; but their columns start at the same x
    on line after line, which prose does not do. A line is split so only when it
    falls into three or more cells, or follows such a line closely (a wrapped row
    with some cells empty); a paragraph number and its text stay one line. Used
    for finding tables only.
    """
    stops = _column_stops(lines)
    if not stops:
        return lines
    out = []
    in_table, last_bottom = False, 0.0
    for line in lines:
        segs = _stop_segments(line, stops)
        close = 0 <= line.top - last_bottom <= 1.2 * line.size
        if len(segs) >= 3 or (in_table and close):
            in_table, last_bottom = True, line.bottom
        else:
            in_table, segs = False, line.segs
        out.append(_Line(segs, line.kind, line.level, line.in_table))
    return out


def _stop_segments(line: _Line, stops: list[float]) -> list[_Seg]:
    words = line.words
    segs = [_Seg([words[0]])]
    for w in words[1:]:
        gap = w.x0 - segs[-1].words[-1].x1
        at_stop = any(abs(w.x0 - x) <= 1.5 for x in stops)
        if gap > _SEGMENT_GAP_EM * max(w.size, 1.0) or (
            at_stop and gap >= _STOP_GAP_EM * max(w.size, 1.0)
        ):
            segs.append(_Seg([w]))
        else:
            segs[-1].words.append(w)
    return segs


def _column_stops(lines: list[_Line]) -> list[float]:
    counts: Counter[int] = Counter()
    for line in lines:
        words = line.words
        for a, b in zip(words, words[1:], strict=False):
            if b.x0 - a.x1 >= _STOP_GAP_EM * max(b.size, 1.0):
                counts[round(b.x0)] += 1
    stops = []
    for x in sorted(counts):
        near = counts[x - 1] + counts[x] + counts[x + 1]
        if near >= _STOP_LINES and counts[x] >= max(counts[x - 1], counts[x + 1]):
            if not stops or x - stops[-1] > 3:
                stops.append(float(x))
    return stops


def _candidate_runs(lines: list[_Line], taken: list[BBox]) -> list[list[_Line]]:
    runs: list[list[_Line]] = []
    current: list[_Line] = []
    for i, line in enumerate(lines):
        free = not any(b.top - 1 <= line.top <= b.bottom + 1 for b in taken)
        multi = len(line.segs) >= 2 and free
        if multi and current and line.top - current[-1].bottom > 2.5 * line.size:
            runs.append(current)
            current = []
        if multi:
            current.append(line)
        elif current and free and _continues(current, line):
            current.append(line)
        elif current and free and _spanning_row(current, line, lines[i + 1 : i + 2]):
            current.append(line)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    runs = [r for r in runs if sum(1 for ln in r if len(ln.segs) >= 2) >= 3]
    return [_with_carried_lines(r, lines, taken) for r in runs]


def _with_carried_lines(run: list[_Line], lines: list[_Line], taken: list[BBox]) -> list[_Line]:
    """A run with the lines set tight above it in one of its later columns: a row's
    rest carried over a page break ("back on within twelve" under "Issue") at the top
    of the page, before the first line with two cells."""
    i = next(k for k, ln in enumerate(lines) if ln is run[0])
    left = min(ln.x0 for ln in run)
    starts = {round(s.x0) for ln in run for s in ln.segs if s.x0 > left + 10}
    above: list[_Line] = []
    nxt = run[0]
    for line in reversed(lines[:i]):
        if (
            len(line.segs) != 1
            or line.bold
            or any(b.top - 1 <= line.top <= b.bottom + 1 for b in taken)
            or not 0 <= nxt.top - line.bottom <= 1.2 * max(line.size, 1.0)
            or not any(abs(line.x0 - x) < 4 for x in starts)
            or abs(line.size - nxt.size) > 0.5
        ):
            break
        above.insert(0, line)
        nxt = line
    return [*above, *run] if above else run


def _spanning_row(run: list[_Line], line: _Line, after: list[_Line]) -> bool:
    """A title row across the table ("Police" alone, at the left edge): the rows go on below."""
    if not after or len(after[0].segs) < 2 or len(line.segs) != 1 or len(line.text.split()) > 8:
        return False
    left = min(ln.x0 for ln in run)
    size = max(line.size, 1.0)
    cells = statistics.median(ln.size for ln in run)
    # at the table's left edge, or (the run so far holding only later columns, a
    # page's first rows with their first cells blank) at the left of the row below
    at_left = abs(line.x0 - left) < 6 or (abs(line.x0 - after[0].x0) < 6 and after[0].x0 < left - 6)
    return (
        at_left
        and abs(line.size - cells) <= 0.5  # set like the cells, not a caption between tables
        and 0 <= line.top - run[-1].bottom <= 1.5 * size
        and 0 <= after[0].top - line.bottom <= 1.5 * size
    )


def _continues(run: list[_Line], line: _Line) -> bool:
    """A one-segment line inside a table: a wrapped cell in a later column."""
    prev = run[-1]
    if line.top - prev.bottom > 1.2 * line.size:
        return False
    starts = sorted({round(s.x0) for ln in run for s in ln.segs[1:]})
    left = min(ln.x0 for ln in run)  # the run may start on a row whose first cells are blank
    if any(abs(line.x0 - x) < 4 for x in starts) and line.x0 > left + 10:
        return True
    # the first column's cell wrapping on alone: tight below, and not reaching column 2
    tight = line.top - prev.bottom < 0.45 * line.size
    return tight and bool(starts) and abs(line.x0 - run[0].x0) < 4 and line.x1 < starts[0] - 2


def _grid_from_run(
    run: list[_Line], min_rows: int = 2
) -> tuple[list[list[str]], list[bool], tuple[float, ...]] | None:
    left = min(ln.x0 for ln in run)
    # a line alone at the left edge (a first cell wrapping on, or a title row spanning
    # the table) says nothing about where the later columns start
    spread = [ln for ln in run[1:] if len(ln.segs) > 1 or ln.x0 > left + 6]
    cols = _column_spans([s for ln in spread or run[1:] for s in ln.segs])
    for head in run[0].segs if run[0].bold else ():  # a header over an empty column ("Notes")
        if not any(a - 2 <= head.x1 and head.x0 <= b + 2 for a, b in cols):
            cols = sorted([*cols, (head.x0, head.x1)])
    for cell in run[0].segs if len(run[0].segs) > 1 else ():
        # a first line's cell where no later line has one ("Risk" on a page whose later
        # lines carry on in the other columns, a last column's short "As above"): a
        # column of its own, not part of its neighbour
        if not any(a - 2 <= cell.x1 and cell.x0 <= b + 2 for a, b in cols):
            cols = sorted([*cols, (cell.x0, cell.x1)])
    if len(cols) < 2:
        return None
    gaps = [b.top - a.bottom for a, b in zip(run, run[1:], strict=False)]
    split_gap = _row_gap_threshold(gaps, statistics.median(ln.size for ln in run))
    assigned = [_assign(line, cols) for line in run]
    one_row = split_gap is None and _one_wrapped_row(run, assigned, gaps)
    grid: list[list[list[str]]] = []
    bold_rows: list[bool] = []
    for i, line in enumerate(run):
        cells = assigned[i]
        new_row = (
            not grid
            or (cells[0] and not one_row and (split_gap is None or gaps[i - 1] >= split_gap))
            or (split_gap is not None and gaps[i - 1] >= split_gap)  # the gap says, blank or not
            or (i == 1 and bold_rows[0] != line.bold)
        )
        if new_row:
            grid.append([[c] if c else [] for c in cells])
            bold_rows.append(line.bold)
        else:
            for j, c in enumerate(cells):
                if c:
                    grid[-1][j].append(c)
    if len(grid) < (1 if one_row else min_rows):
        return None
    text_grid = [[tablekit.join_lines(c) for c in row] for row in grid]
    return text_grid, bold_rows, tuple(round(c[0]) for c in cols)


def _one_wrapped_row(run: list[_Line], assigned: list[list[str]], gaps: list[float]) -> bool:
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


def _column_spans(segs: list[_Seg]) -> list[tuple[float, float]]:
    spans: list[list[float]] = []
    for s in sorted(segs, key=lambda s: s.x0):
        if spans and s.x0 <= spans[-1][1] + 2:
            spans[-1][1] = max(spans[-1][1], s.x1)
        else:
            spans.append([s.x0, s.x1])
    return [(a, b) for a, b in spans]


def _assign(line: _Line, cols: list[tuple[float, float]]) -> list[str]:
    cells: list[list[str]] = [[] for _ in cols]
    # a bold line in one segment (a title row spanning the table) is never cut
    title = len(line.segs) == 1 and line.bold
    segs = line.segs if title else _split_at_columns(line.segs, cols)
    for s in segs:
        centre = (s.x0 + s.x1) / 2
        j = min(
            range(len(cols)),
            key=lambda k: (
                0
                if cols[k][0] - 2 <= centre <= cols[k][1] + 2
                else min(abs(centre - cols[k][0]), abs(centre - cols[k][1]))
            ),
        )
        cells[j].append(s.text)
    return [" ".join(c) for c in cells]


def _split_at_columns(segs: list[_Seg], cols: list[tuple[float, float]]) -> list[_Seg]:
    """Segments cut where a word starts right at a later column's start.

    Two cells set only a space apart (a header's "What support can the" and
    "Recommended") read as one segment; a word starting exactly where the column
    below starts, inside a segment begun further left, is the next cell.
    """
    starts = [a for a, _ in cols[1:]]
    out: list[_Seg] = []
    for s in segs:
        cur = [s.words[0]]
        for w in s.words[1:]:
            if any(abs(w.x0 - a) <= 1.5 and cur[0].x0 < a - 4 for a in starts):
                out.append(_Seg(cur))
                cur = [w]
            else:
                cur.append(w)
        out.append(_Seg(cur))
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


# ---------------------------------------------------------------- document pass


def _assemble(path: Path, doc_id: str, pages: list[_PageData], info: dict[str, str]) -> Extracted:
    if not any(p.lines for p in pages):
        raise NoTextLayer(path, "no text layer; OCR needed")
    _mark_furniture(pages)
    body_size = _body_size(pages)
    _mark_toc(pages)
    _mark_headings(pages, body_size)
    vocab = _vocabulary(pages)
    out_pages = tuple(_to_page(doc_id, p, vocab) for p in pages)
    fragments = [f for p in pages for f in p.tables]
    tables = tablekit.stitch(doc_id, fragments)
    warnings = tuple(f"page {p.number}: no text layer; OCR needed" for p in pages if not p.lines)
    return Extracted(
        pages=out_pages,
        tables=tables,
        title_hint=_title_hint(info),
        warnings=warnings,
        info=info,
        notes=_unread_note(pages),
    )


def _unread_note(pages: list[_PageData]) -> tuple[str, ...]:
    """How many characters were left out because their font gives no text, and where."""
    where = [p.number for p in pages if p.unread]
    if not where:
        return ()
    n = sum(p.unread for p in pages)
    shown = ", ".join(str(w) for w in where[:6]) + (
        f" and {len(where) - 6} more" if len(where) > 6 else ""
    )
    noun = "character" if n == 1 else "characters"
    page_word = "page" if len(where) == 1 else "pages"
    return (
        f"{n} unreadable {noun} left out (the font gives no text for them), {page_word} {shown}",
    )


def _title_hint(info: dict[str, str]) -> str:
    title = info.get("Title", "").strip()
    if not title or _JUNK_TITLE.search(title) or len(title) < 4:
        return ""
    return title


def _norm_furniture(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower()).strip()


def _mark_furniture(pages: list[_PageData]) -> None:
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


def _in_band(line: _Line, page: _PageData) -> bool:
    return line.bottom < page.height * _BAND or line.top > page.height * (1 - _BAND)


def _body_size(pages: list[_PageData]) -> float:
    """The size running text is set in.

    Counted on prose-like lines (one segment, five words or more, outside ruled
    tables) so that small table text, even in a table not recognised as one, does
    not pass for the body and make every prose line look like a heading.
    """
    tests: tuple[Callable[[_Line], bool], ...] = (
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


def _mark_toc(pages: list[_PageData]) -> None:
    """Contents pages list headings with page numbers; they are not headings."""
    for p in pages:
        body = [ln for ln in p.lines if ln.kind == "body" and not ln.in_table]
        ending = [ln for ln in body if re.search(r"\s\d{1,3}$", ln.text)]
        has_title = any(ln.text.strip().lower() in ("contents", "table of contents") for ln in body)
        if has_title and len(ending) >= 3:
            for ln in p.lines:
                if ln.kind == "body":
                    ln.level = -1  # marker: never a heading


def _heading_style(line: _Line, body: float) -> tuple[float, bool] | None:
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


def _mark_headings(pages: list[_PageData], body: float) -> None:
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
        for ln in p.lines:
            if ln.kind == "heading" and len(ln.segs) > 1 and not _NUMBERED.match(ln.text):
                ln.segs = ln.segs[:1]  # a grade or date set far right is not the title


_LABEL_VALUE = re.compile(r"^[A-Z][\w’'()/ -]{1,40}:\s+\S")
_COVER_PROSE_WORDS = 60  # a first page with less running text than this is a cover


def _front_matter(
    pages: list[_PageData], styles: dict[int, tuple[float, bool]], body: float
) -> set[int]:
    """Heading candidates on page 1 that are a cover, not the start of a section.

    Sections start from the real headings. Left as body text: on a cover page
    (page 1 with almost no running text) every candidate above its first table;
    elsewhere the title block (page-1 text above the first table or running text,
    larger than any heading after page 1); "Label: value" lines ("Inspection
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
    later = [s[0] for key, s in styles.items() if key not in {id(ln) for ln in first}]
    ceiling = max(later, default=body) + 0.5
    above = min(table_top, text_top)
    out |= {id(ln) for ln in first if styles[id(ln)][0] > ceiling and ln.top < above}
    labels_top = max((ln.top for ln in first if id(ln) in out), default=-math.inf)
    return out | {id(ln) for ln in first if ln.top < min(labels_top, table_top)}


def _is_running_text(line: _Line, body: float) -> bool:
    return line.kind == "body" and not line.in_table and abs(line.size - body) < 0.6


def _label_values(lines: list[_Line], styles: dict[int, tuple[float, bool]]) -> set[int]:
    out: set[int] = set()
    prev: _Line | None = None
    for ln in lines:
        if id(ln) in styles:
            if _LABEL_VALUE.match(ln.text) and not _NUMBERED.match(ln.text):
                out.add(id(ln))
            elif prev is not None and id(prev) in out and _wraps(prev, ln):
                out.add(id(ln))
        prev = ln
    return out


def _wraps(prev: _Line, ln: _Line) -> bool:
    """``ln`` is the wrapped continuation of ``prev`` (same style, just below, aligned)."""
    same = abs(prev.size - ln.size) < 0.5 and prev.bold == ln.bold
    close = 0 <= ln.top - prev.bottom < 0.6 * ln.size
    return same and close and prev.x0 - 12 <= ln.x0 <= prev.x1


def _is_cover(page: _PageData, body: float) -> bool:
    words = sum(len(ln.text.split()) for ln in page.lines if _is_running_text(ln, body))
    return words < _COVER_PROSE_WORDS


def _move_side_labels(lines: list[_Line]) -> None:
    """A short label set right of a wrapped heading ("Good") goes after the heading."""
    for i in range(len(lines) - 2):
        head, side, nxt = lines[i], lines[i + 1], lines[i + 2]
        if head.kind != "heading" or len(side.text.split()) > 2 or side.x0 < head.x1 - 5:
            continue
        if nxt.top - head.bottom < 1.2 * head.size and abs(nxt.x0 - head.x0) < 12:
            side.kind, side.level = "body", 0
            lines[i + 1], lines[i + 2] = nxt, side


def _mark_heading_continuations(lines: list[_Line]) -> None:
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


# ---------------------------------------------------------------- text


def _vocabulary(pages: list[_PageData]) -> set[str]:
    vocab: set[str] = set()
    for p in pages:
        for ln in p.lines:
            for w in ln.words:
                vocab.add(w.text.lower().strip(".,;:()‘’'\"“”"))
    return vocab


def dehyphenate(lines: Sequence[str], vocab: set[str] | None = None) -> str:
    """Join lines; a line-final hyphen is dropped only where the joined word is known."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out.endswith("-") and len(out) > 1 and out[-2].isalpha() and line[:1].islower():
            head = out.rsplit(None, 1)[-1][:-1]
            tail = re.split(r"[^\w]", line, maxsplit=1)[0]
            joined = (head + tail).lower()
            if vocab is not None and joined in vocab and f"{head}-{tail}".lower() not in vocab:
                out = out[:-1] + line
            elif vocab is None:
                out = out[:-1] + line
            else:
                out += line
        else:
            out = f"{out} {line}" if out else line
    return out


def _to_page(doc_id: str, p: _PageData, vocab: set[str]) -> Page:
    lines = tuple(
        Line(
            text=ln.text,
            bbox=ln.bbox,
            size=ln.size,
            bold=ln.bold,
            kind="table" if ln.in_table and ln.kind == "body" else ln.kind,
            level=ln.level if ln.kind == "heading" else 0,
        )
        for ln in p.lines
    )
    raw = "\n".join(ln.text for ln in lines)
    return Page(
        doc_id=doc_id,
        number=p.number,
        width=p.width,
        height=p.height,
        raw_text=raw,
        text=_clean_text(lines, vocab),
        lines=lines,
        has_text_layer=bool(p.lines),
        rotation=p.rotation,
    )


def _clean_text(lines: Sequence[Line], vocab: set[str]) -> str:
    """Body and headings in reading order, paragraphs joined, hyphenation undone."""
    blocks: list[list[str]] = []
    prev: Line | None = None
    for ln in lines:
        if ln.kind in ("header", "footer", "table"):
            continue
        if prev is None or _breaks(prev, ln):
            blocks.append([])
        blocks[-1].append(ln.text)
        prev = ln
    return "\n\n".join(dehyphenate(b, vocab) for b in blocks)


def _breaks(prev: Line, ln: Line) -> bool:
    if ln.kind == "heading" or prev.kind == "heading":
        return True
    if prev.bbox is None or ln.bbox is None:
        return True
    gap = ln.bbox.top - prev.bbox.bottom
    return gap > 0.8 * max(ln.size, 1.0) or gap < -2 * max(ln.size, 1.0)
