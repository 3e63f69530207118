"""Extracted pages -> sections, passages (paragraphs and table rows) and tables.

Works on any reader's output: PDF pages carry line boxes, DOCX/text pages carry
heading lines with levels and no boxes (each line is then a paragraph).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

from ingest import listitems
from ingest.model import BBox, Extracted, Line, Page, Passage, Section, Table

MIN_WORDS = 40
MAX_WORDS = 250
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[A-Z0-9“‘\"'(])")
_FINISHED = (".", "!", "?", ":", ";")
# An inspection grade standing alone (set beside or under the heading it grades).
GRADE = re.compile(
    r"^(?:outstanding|good|adequate|inadequate|requires\s+improvement(?:\s+to\s+be\s+good)?)\W*$",
    re.I,
)


@dataclass
class _Para:
    """A paragraph being built: its lines on each page."""

    section: tuple[str, ...]
    page: int
    texts: list[str] = field(default_factory=list)
    boxes: list[BBox] = field(default_factory=list)
    forced_break: bool = False  # started after a heading: never glue to the previous
    item: bool = False  # opens with a list item's marker: a unit of its own

    @property
    def text(self) -> str:
        return _join(self.texts)

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def bbox(self) -> BBox | None:
        if not self.boxes:
            return None
        box = self.boxes[0]
        for b in self.boxes[1:]:
            box = box.union(b)
        return box


def build(
    doc_id: str, extracted: Extracted
) -> tuple[tuple[Section, ...], tuple[Passage, ...], tuple[Table, ...]]:
    """Sections with page spans, passages in reading order, tables with section paths."""
    sections, paras = _walk(doc_id, extracted)
    tables = tuple(_place_table(t, extracted, sections) for t in extracted.tables)
    passages = _number(doc_id, paras, tables)
    return sections, passages, tables


# ---------------------------------------------------------------- walking lines


def _walk(doc_id: str, extracted: Extracted) -> tuple[tuple[Section, ...], list[_Para]]:
    sections: list[Section] = []
    path: list[tuple[int, str]] = []  # (level, title)
    paras: list[_Para] = []
    cutter = Cutter()
    for page in extracted.pages:
        for line in page.lines:
            if line.kind in ("header", "footer", "table") or not line.text.strip():
                continue
            if line.kind == "heading":
                _add_heading(doc_id, sections, path, line, page.number, cutter.prev, cutter.page)
                cutter.heading(line, page.number)
                continue
            start = cutter.cut(line, page.number)
            if start or not paras:
                paras.append(
                    _Para(
                        tuple(t for _, t in path),
                        page.number,
                        forced_break=cutter.after_heading,
                        item=start == "item",
                    )
                )
            para = paras[-1]
            para.texts.append(line.text.strip())
            if line.bbox is not None and page.number == para.page:
                para.boxes.append(line.bbox)
    last_page = extracted.pages[-1].number if extracted.pages else 1
    for para in paras:
        _name_grade(para)
    return _close_sections(sections, last_page), paras


class Cutter:
    """Where the blocks of running text start: paragraphs and list items (one rule).

    Fed a document's body lines in reading order (``heading`` for each heading between
    them), ``cut`` says whether a line starts a list item ("item"), another block
    ("block") or carries on the block before it (""). Passages are built on these
    blocks, and the recommendations lists read their items from them.
    """

    def __init__(self) -> None:
        self.prev: Line | None = None  # the line before (body or heading)
        self.page = 0  # its page
        self.sibling: tuple[str, float] | None = None  # the current item's marker, left edge
        self.after_heading = True  # the current block started right after a heading

    def heading(self, line: Line, page: int) -> None:
        self.prev, self.page, self.sibling = line, page, None

    def cut(self, line: Line, page: int) -> str:
        start = self._start(line, page)
        if start:
            self.after_heading = self.prev is None or self.prev.kind == "heading"
            self.sibling = _sibling(line) if start == "item" else None
        self.prev, self.page = line, page
        return start

    def _start(self, line: Line, page: int) -> str:
        """A page or column break carries an unfinished block on; anything else starts a
        new block at a gap, a change of size or a list item's marker (ingest.listitems)."""
        prev = self.prev
        if prev is None or prev.kind == "heading" or prev.bbox is None or line.bbox is None:
            return "item" if listitems.marker(line.text) else "block"  # DOCX/text: one line each
        size = max(line.size, 1.0)
        gap = line.bbox.top - prev.bbox.bottom
        x0 = line.bbox.x0
        if page != self.page or gap < -2 * size:  # the next page, or the next column's top
            if listitems.starts_item(line.text, prev.text, x0, None, size, self.sibling):
                return "item"
            return "block" if _finished(prev.text) else ""
        broken = gap > 0.8 * size or abs(line.size - prev.size) > 1.0
        before = None if broken else prev.text
        if listitems.starts_item(line.text, before, x0, prev.bbox.x0, size, self.sibling):
            return "item"
        if self.sibling is not None and x0 < self.sibling[1] - 0.2 * size:
            return "block"  # left of the item's own marker: the item is over (a subheading)
        return "block" if broken else ""


def _sibling(line: Line) -> tuple[str, float] | None:
    """The marker and left edge of an item's first line (None without a box)."""
    if line.bbox is None:
        return None
    return (listitems.marker(line.text), line.bbox.x0)


def _finished(text: str) -> bool:
    return text.rstrip().endswith(_FINISHED)


def line_starts(pages: Sequence[Page]) -> dict[tuple[int, int], str]:
    """For each body line (page number, index in ``page.lines``): "item", "block" or ""."""
    out: dict[tuple[int, int], str] = {}
    cutter = Cutter()
    for page in pages:
        for i, line in enumerate(page.lines):
            if line.kind in ("header", "footer", "table") or not line.text.strip():
                continue
            if line.kind == "heading":
                cutter.heading(line, page.number)
            else:
                out[(page.number, i)] = cutter.cut(line, page.number)
    return out


def _name_grade(para: _Para) -> None:
    """A grade alone ("Good") says what it grades: "<its heading>: Good".

    Reports set a judgement beside or under the heading it grades; read on its own, the
    word would be a passage that says nothing.
    """
    text = " ".join(para.text.split())
    if para.section and GRADE.match(text):
        para.texts = [f"{para.section[-1]}: {text}"]


def _add_heading(
    doc_id: str,
    sections: list[Section],
    path: list[tuple[int, str]],
    line: Line,
    page: int,
    prev: Line | None,
    prev_page: int,
) -> None:
    level = max(line.level, 1)
    title = " ".join(line.text.split())
    if _continues_heading(prev, line, page, prev_page) and sections:
        title = f"{path[-1][1]} {title}"
        path[-1] = (path[-1][0], title)
        last = sections[-1]
        sections[-1] = replace(
            last, path=tuple(t for _, t in path), bbox=_union(last.bbox, line.bbox)
        )
        return
    while path and path[-1][0] >= level:
        path.pop()
    path.append((level, title))
    sections.append(Section(doc_id, tuple(t for _, t in path), level, page, page, line.bbox))


def _continues_heading(prev: Line | None, line: Line, page: int, prev_page: int) -> bool:
    """The second visual line of a heading that wrapped."""
    if prev is None or prev.kind != "heading" or page != prev_page:
        return False
    if prev.bbox is None or line.bbox is None or prev.level != line.level:
        return False
    gap = line.bbox.top - prev.bbox.bottom
    return abs(prev.size - line.size) < 0.5 and prev.bold == line.bold and gap < 0.6 * line.size


def _union(a: BBox | None, b: BBox | None) -> BBox | None:
    if a is None or b is None:
        return a or b
    return a.union(b)


def _close_sections(sections: list[Section], last_page: int) -> tuple[Section, ...]:
    """Each section runs until the next heading at its level or above."""
    out = []
    for i, sec in enumerate(sections):
        end = last_page
        for later in sections[i + 1 :]:
            if later.level <= sec.level:
                end = max(sec.page_start, later.page_start)
                break
        out.append(replace(sec, page_end=end))
    return tuple(out)


def _join(texts: Sequence[str]) -> str:
    out = ""
    for t in texts:
        if out.endswith("-") and t[:1].islower() and len(out) > 1 and out[-2].isalpha():
            out += t
        else:
            out = f"{out} {t}" if out else t
    return out


# ---------------------------------------------------------------- sizing passages


def _sized(paras: list[_Para]) -> Iterator[_Para]:
    """Glue short paragraphs to neighbours in the same section; split long ones."""
    merged: list[_Para] = []
    for para in paras:
        last = merged[-1] if merged else None
        if (
            last is not None
            and last.section == para.section
            and not para.item
            and (last.words < MIN_WORDS or para.words < MIN_WORDS and not para.forced_break)
            and last.words + para.words <= MAX_WORDS
            and (last.page == para.page or last.words < MIN_WORDS)
        ):
            last.texts.extend(para.texts)
            if para.page == last.page:
                last.boxes.extend(para.boxes)
            continue
        merged.append(para)
    for para in merged:
        yield from _split_long(para)


def _split_long(para: _Para) -> Iterator[_Para]:
    if para.words <= MAX_WORDS:
        yield para
        return
    sentences = _SENTENCE_END.split(para.text)
    chunk: list[str] = []
    count = 0
    for sentence in sentences:
        n = len(sentence.split())
        if chunk and count + n > MAX_WORDS:
            yield _Para(para.section, para.page, [" ".join(chunk)], para.boxes)
            chunk, count = [], 0
        chunk.append(sentence)
        count += n
    if chunk:
        yield _Para(para.section, para.page, [" ".join(chunk)], para.boxes)


# ---------------------------------------------------------------- tables


def _place_table(table: Table, extracted: Extracted, sections: Sequence[Section]) -> Table:
    """Fill the section path from the last heading at or before the table."""
    path: tuple[str, ...] = ()
    for sec in sections:
        if sec.page_start > table.page_start:
            break
        if sec.page_start == table.page_start and table.bbox and sec.bbox:
            if sec.bbox.top > table.bbox.top:
                break
        path = sec.path
    return replace(table, section_path=path)


def row_text(caption: str, headers: Sequence[str], cells: Sequence[str]) -> str:
    """'Police — Risk: cell | Response: cell' (headers omitted when unknown)."""
    parts = []
    for i, cell in enumerate(cells):
        if not cell:
            continue
        head = headers[i] if i < len(headers) else ""
        parts.append(f"{head}: {cell}" if head else cell)
    body = " | ".join(parts)
    return f"{caption} — {body}" if caption else body


def _headers(table: Table) -> tuple[str, ...]:
    if not table.header_rows:
        return ()
    width = table.n_cols
    cols = []
    for j in range(width):
        parts = [r[j] for r in table.header_rows if j < len(r) and r[j]]
        cols.append(" ".join(dict.fromkeys(parts)))
    return tuple(cols)


def _table_passages(doc_id: str, table: Table) -> list[Passage]:
    headers = _headers(table)
    out = []
    for i, row in enumerate(table.rows):
        if not any(row):
            continue
        page = table.row_pages[i] if i < len(table.row_pages) else table.page_start
        out.append(
            Passage(
                doc_id=doc_id,
                ordinal=0,
                kind="table_row",
                text=row_text(table.caption, headers, row),
                page=page,
                section_path=table.section_path,
                bbox=table.bbox if page == table.page_start else None,
                table_index=table.index,
                row_index=i,
                headers=headers,
                cells=tuple(row),
            )
        )
    return out


# ---------------------------------------------------------------- ordering


def _number(doc_id: str, paras: list[_Para], tables: Sequence[Table]) -> tuple[Passage, ...]:
    """Paragraphs in reading order, each table's rows placed where the table stands."""
    pending = sorted(tables, key=lambda t: (t.page_start, t.bbox.top if t.bbox else 0.0))
    out: list[Passage] = []
    for para in _sized(paras):
        box = para.bbox
        while pending and _before(pending[0], para.page, box):
            out.extend(_table_passages(doc_id, pending.pop(0)))
        out.append(Passage(doc_id, 0, "paragraph", para.text, para.page, para.section, box))
    for table in pending:
        out.extend(_table_passages(doc_id, table))
    return tuple(replace(p, ordinal=n) for n, p in enumerate(out))


def _before(table: Table, page: int, box: BBox | None) -> bool:
    if table.page_start != page:
        return table.page_start < page
    if table.bbox is None or box is None:
        return False
    return table.bbox.top < box.top
