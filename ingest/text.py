"""Plain text and Markdown reader.

Plain text has no pages: form feeds (\\f) split pages when present, else the
whole file is page 1. Markdown headings (#, ##, ...) and underlined headings
become heading lines; so do numbered headings on their own line ("1. Introduction")
in plain text. Tab-separated rows become tables.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import DamagedFile, EmptyFile
from .model import Extracted, Line, Page, Table

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_NUMBERED_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+[A-Z][^.!?]{2,80}$")
_BOLD_LINE = re.compile(r"^\*\*(.+?)\*\*$")


def decode(data: bytes, path: Path) -> str:
    """Text from bytes: UTF-8 (with or without BOM), else Windows-1252; reject binaries."""
    if b"\x00" in data[:4096]:
        raise DamagedFile(path, "not a text file (binary content)")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def heading_level(line: str, markdown: bool) -> int:
    """Heading level of one stripped line, 0 when it is not a heading."""
    if markdown:
        m = _MD_HEADING.match(line)
        if m:
            return len(m.group(1))
    m = _NUMBERED_HEADING.match(line)
    if m and len(line) <= 90:
        return m.group(1).count(".") + 1
    return 0


def _clean_heading(line: str) -> str:
    m = _MD_HEADING.match(line)
    text = m.group(2) if m else line
    return text.strip("*_ ").strip()


def read(path: Path, doc_id: str) -> Extracted:
    data = Path(path).read_bytes()
    if not data.strip():
        raise EmptyFile(path, "the file is empty")
    text = decode(data, path).replace("\r\n", "\n").replace("\r", "\n")
    markdown = Path(path).suffix.lower() in {".md", ".markdown"}
    pages: list[Page] = []
    tables: list[Table] = []
    for number, page_text in enumerate(text.split("\f"), start=1):
        lines, page_tables = _page_lines(page_text, markdown, doc_id, number, len(tables))
        tables.extend(page_tables)
        body = "\n".join(ln.text for ln in lines if ln.kind != "table")
        pages.append(Page(doc_id, number, 0.0, 0.0, page_text, body, tuple(lines)))
    title = next((ln.text for p in pages for ln in p.lines if ln.kind == "heading"), "")
    return Extracted(tuple(pages), tuple(tables), title_hint=title)


def _page_lines(
    page_text: str, markdown: bool, doc_id: str, number: int, first_table: int
) -> tuple[list[Line], list[Table]]:
    lines: list[Line] = []
    tables: list[Table] = []
    block: list[list[str]] = []

    def flush() -> None:
        if len(block) >= 2:
            width = max(len(r) for r in block)
            rows = [tuple(c.strip() for c in r) + ("",) * (width - len(r)) for r in block]
            tables.append(
                Table(
                    doc_id,
                    first_table + len(tables),
                    number,
                    number,
                    (rows[0],),
                    tuple(rows[1:]),
                    (number,) * (len(rows) - 1),
                    caption=_caption(lines),
                )
            )
            lines.extend(Line("\t".join(r), kind="table") for r in block)
        else:
            lines.extend(Line(" ".join(c for c in r if c.strip())) for r in block)
        block.clear()

    for raw in page_text.split("\n"):
        if "\t" in raw and raw.strip():
            block.append(raw.split("\t"))
            continue
        flush()
        stripped = raw.strip()
        if not stripped:
            lines.append(Line(""))
            continue
        bold = _BOLD_LINE.match(stripped)
        level = heading_level(stripped, markdown)
        if level:
            lines.append(Line(_clean_heading(stripped), kind="heading", level=level))
        elif bold and len(stripped) < 90 and markdown:
            lines.append(Line(bold.group(1).strip(), bold=True, kind="heading", level=2))
        else:
            lines.append(Line(stripped))
    flush()
    return lines, tables


def _caption(lines: list[Line]) -> str:
    for ln in reversed(lines):
        if ln.text.strip():
            return ln.text.strip() if len(ln.text) < 120 else ""
    return ""
