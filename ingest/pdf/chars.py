"""Characters and words: pdfminer's layout objects of one page, in pdfplumber's frame.

Reads characters and drawn shapes straight from ``page.layout`` (no layout analysis),
cleans unresolved glyphs (ingest.glyphs), keeps only the shapes a reader can see, and
groups characters into words by pdfplumber's own rules, so words split exactly where
pdfplumber would split them, at a fraction of the cost.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from pdfminer.layout import LTChar, LTContainer, LTCurve, LTRect

from ingest import glyphs
from ingest.pdf.order import build_lines
from ingest.pdf.page import PlumberPage, TextLine, Word, is_bold
from ingest.pdf.settings import TOL
from ingest.pdf.turn import Frame, char_turn, own_box, page_box, page_turn, turn_objects


@dataclass
class PageObjects:
    """pdfminer's characters and drawn lines of one page, in pdfplumber's coordinates.

    Read straight from ``page.layout`` (no layout analysis is asked for): turning
    every character into pdfplumber's dict costs more than parsing the page.
    """

    chars: list[Char]
    rulings: list[LTCurve]
    height: float
    dx: float  # pdfminer measures from the MediaBox corner; pdfplumber from the page's
    dy: float
    shapes: list[LTCurve] = field(default_factory=list)  # every drawn shape, seen or not
    lt_chars: list[LTChar] = field(default_factory=list)
    width: float = 0.0
    unread: int = 0  # characters dropped: their font gives no text (see ingest.glyphs)
    turn: int = 0  # the quarter turn the page is read in (ingest.pdf.turn)
    frame: Frame = field(default_factory=lambda: Frame(0.0, 0.0))  # the page as read

    @classmethod
    def of(cls, page: PlumberPage) -> PageObjects:
        """The page's objects; on a page whose text runs up or down it (a landscape
        table printed sideways), turned so that text reads upright."""
        found: list[LTChar] = []
        shapes: list[LTCurve] = []
        _walk(page.layout, found, shapes)
        frame = Frame(float(page.width), float(page.height), *map(float, page.mediabox[:2]))
        turns = [char_turn(c) for c in found]
        turn = page_turn(turns)
        if turn:
            found, shapes = turn_objects(found, frame, turn), turn_objects(shapes, frame, turn)
            frame = frame.turned(turn)
        texts = [(c.get_text(), _fontname(c.fontname)) for c in found]
        numbered = glyphs.glyph_id_fonts(texts)
        chars = []
        dropped = 0
        for c, (text, font), t in zip(found, texts, turns, strict=True):
            if text.startswith("(cid:") or glyphs.is_unread(text) or glyphs.is_dingbat(font):
                text, lost = glyphs.clean(text, font, font in numbered)
                dropped += lost
                if not text:
                    continue
            top, bottom = frame.height - c.y1 + frame.dy, frame.height - c.y0 + frame.dy
            x0, x1 = c.x0 + frame.dx, c.x1 + frame.dx
            way = (t - turn) % 360
            size = c.size if not t else (x1 - x0 if way in (90, 270) else bottom - top)
            chars.append(Char(text, x0, x1, top, bottom, size, font, way))
        objs = cls(chars, inked(shapes), frame.height, frame.dx, frame.dy, shapes, found)
        objs.width, objs.unread, objs.turn, objs.frame = frame.width, dropped, turn, frame
        return objs


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str
    turn: int = 0  # the way its baseline runs on the page as read (ingest.pdf.turn)


def _walk(container: LTContainer, chars: list[LTChar], shapes: list[LTCurve]) -> None:
    for obj in container:
        if isinstance(obj, LTChar):
            chars.append(obj)
        elif isinstance(obj, LTCurve):  # LTLine and LTRect too
            shapes.append(obj)
        elif isinstance(obj, LTContainer):  # a form XObject (LTFigure)
            _walk(obj, chars, shapes)


_WHITE = (1.0, 1.0, 1.0)


def inked(shapes: list[LTCurve]) -> list[LTCurve]:
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
        outline = rgb(shape.stroking_color) if shape.stroke else _WHITE
        if shape.stroke and (outline is None or not _same(outline, _WHITE)):
            out.append(shape)
        elif shape.fill:
            colour = rgb(shape.non_stroking_color)
            under = _under(box, backdrops)
            if colour is None or not _same(colour, under):
                out.append(shape)
        if shape.fill and isinstance(shape, LTRect):
            colour = rgb(shape.non_stroking_color)
            if colour is not None:
                backdrops.append((colour, box))
    return out


def _under(
    box: tuple[float, float, float, float],
    backdrops: list[tuple[tuple[float, float, float], tuple[float, float, float, float]]],
) -> tuple[float, float, float]:
    x0, y0, x1, y1 = box
    for colour, (a0, b0, a1, b1) in reversed(backdrops[-TOL.backdrops :]):
        if a0 - 0.5 <= x0 and b0 - 0.5 <= y0 and x1 <= a1 + 0.5 and y1 <= b1 + 0.5:
            return colour
    return _WHITE


def rgb(colour: object) -> tuple[float, float, float] | None:
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


def page_words(objs: PageObjects) -> list[Word]:
    """The page's words: upright text by pdfplumber's rules; text running another way
    (up, down or upside down on the page as read) in its own direction, a Word per run
    of a line (see ``_turned_words``)."""
    words = _group_words([c for c in objs.chars if not c.turn])
    for turn in sorted({c.turn for c in objs.chars if c.turn}):
        words += _turned_words([c for c in objs.chars if c.turn == turn], turn)
    return words


def _turned_words(chars: list[Char], turn: int) -> list[Word]:
    """Characters running ``turn`` read in their own frame (where they run left to
    right): grouped into words and lines as upright text is, each run of a line
    without a wide gap becoming one Word, its box back in the page's frame.

    A line run, not each word, is the unit: on the page such a line is a tall narrow
    box (a column header set sideways, a margin note), and words stacked along it must
    keep their order, which the page's own frame cannot see."""
    own = [Char(c.text, *own_box(turn, c.x0, c.x1, c.top, c.bottom), c.size, c.font) for c in chars]
    out = []
    for line in build_lines(_group_words(own)):
        for seg in line.segs:
            x0, x1, top, bottom = page_box(turn, seg.x0, seg.x1, *_extent(seg.words))
            part = TextLine([seg])
            out.append(Word(seg.text, x0, x1, top, bottom, part.size, part.bold, turn=turn))
    return out


def _extent(words: list[Word]) -> tuple[float, float]:
    return min(w.top for w in words), max(w.bottom for w in words)


_LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}


def _group_words(chars: list[Char]) -> list[Word]:
    """pdfplumber's default word rules, kept so words split exactly where they always did.

    Runs of one font and size; within a run, lines by ``top`` ``TOL.word_tolerance``
    apart; a new word at a space, a wider gap or a step back. Upright characters only
    (``_turned_words`` reads the others in their own frame).
    """
    words: list[Word] = []
    run: list[Char] = []
    key: tuple[float, str] | None = None
    for c in chars:
        k = (c.size, c.font)
        if k != key and run:
            words.extend(_run_words(run))
            run = []
        key = k
        run.append(c)
    if run:
        words.extend(_run_words(run))
    return words


def _run_words(run: list[Char]) -> list[Word]:
    out = []
    for line in _cluster_by_top(run):
        line.sort(key=lambda c: c.x0)
        words = _unspaced_words(_split_words(line))
        made = [_merge(chars, spaced) for chars, spaced in words]
        made = [w for w in made if w.text.strip()]
        if made and line[-1].text.isspace():
            made[-1].space_after = True  # the next word, in another font, follows a space
        out.extend(made)
    return out


def _unspaced_words(words: list[tuple[list[Char], bool]]) -> list[tuple[list[Char], bool]]:
    """Words split where the PDF placed the next word itself, without a space character.

    Some producers write no space characters at all, others place a list marker or a
    word as a text object of its own: the only sign of the space is then the gap, and
    pdfplumber's fixed three points joins words set closer than that. The letters of a
    word sit a steady distance apart (zero, or the text's tracking: negative when set
    tight, positive when letter-spaced), measured on the word itself (one line can mix
    trackings): the median of its letter gaps, or the narrowest of two or three. A gap
    wider than that by ``TOL.unspaced_gap_em`` of the font size is a word space,
    narrower ones are kerning. The split words are marked as spaced, so they are joined
    with a space.
    """
    out: list[tuple[list[Char], bool]] = []
    for chars, spaced in words:
        own = _gaps(chars)
        if len(own) < 2:
            out.append((chars, spaced))
            continue
        steady = statistics.median(own) if len(own) >= TOL.unspaced_min_gaps else min(own)
        current, first = [chars[0]], spaced
        for a, b, gap in zip(chars, chars[1:], own, strict=False):
            if gap > steady + TOL.unspaced_gap_em * max(a.size, 1.0):
                out.append((current, first))
                current, first = [], True
            current.append(b)
        out.append((current, first))
    return out


def _gaps(chars: list[Char]) -> list[float]:
    return [b.x0 - a.x1 for a, b in zip(chars, chars[1:], strict=False)]


def _cluster_by_top(chars: list[Char]) -> list[list[Char]]:
    tops = sorted({c.top for c in chars})
    cluster: dict[float, int] = {}
    n, last = 0, tops[0]
    for t in tops:
        if t > last + TOL.word_tolerance:
            n += 1
        cluster[t] = n
        last = t
    lines: list[list[Char]] = [[] for _ in range(n + 1)]
    for c in chars:
        lines[cluster[c.top]].append(c)
    return lines


def _split_words(line: list[Char]) -> list[tuple[list[Char], bool]]:
    """Words of one line, each with whether a space character stood before it."""
    words: list[tuple[list[Char], bool]] = []
    current: list[Char] = []
    spaced = gap = False
    for c in line:
        if c.text.isspace():
            if current:
                words.append((current, spaced))
            current = []
            gap = True
            continue
        if current:
            p = current[-1]
            if (
                c.x0 < p.x0
                or c.x0 > p.x1 + TOL.word_tolerance
                or abs(c.top - p.top) > TOL.word_tolerance
            ):
                words.append((current, spaced))
                current = []
        if not current:
            spaced, gap = gap, False
        current.append(c)
    if current:
        words.append((current, spaced))
    return words


def _merge(chars: list[Char], spaced: bool = False) -> Word:
    text = "".join(_LIGATURES.get(c.text, c.text) for c in chars)
    x0, x1 = min(c.x0 for c in chars), max(c.x1 for c in chars)
    top, bottom = min(c.top for c in chars), max(c.bottom for c in chars)
    first = chars[0]
    return Word(text, x0, x1, top, bottom, first.size, is_bold(first.font), spaced)
