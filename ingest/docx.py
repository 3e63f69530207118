"""Word (.docx) reader.

Word files have no fixed pages: explicit page breaks start a new page, so page
numbers match the printed document only where the author used them. Heading
styles (Title, Heading 1..6) become heading lines; tables keep their first row
as the header.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from .errors import DamagedFile, EmptyFile, EncryptedFile
from .model import Extracted, Line, Page, Table
from .safety import check_zip_members

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _check_zip(path: Path) -> None:
    data_head = path.read_bytes()[:8]
    if not data_head:
        raise EmptyFile(path, "the file is empty")
    if data_head.startswith(b"\xd0\xcf\x11\xe0"):
        raise EncryptedFile(path, "password-protected or old-format Word file; save it as .docx")
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            members = zf.infolist()
    except zipfile.BadZipFile as exc:
        raise DamagedFile(path, "not a readable Word document (damaged or not a .docx)") from exc
    if "word/document.xml" not in names:
        raise DamagedFile(path, "not a Word document: the .docx holds no word/document.xml")
    check_zip_members(path, members)


def _heading_level(style_name: str) -> int:
    name = style_name.lower()
    if name == "title":
        return 1
    if name.startswith("heading"):
        digits = "".join(ch for ch in name if ch.isdigit())
        return int(digits) if digits else 1
    return 0


def read(path: Path, doc_id: str) -> Extracted:
    path = Path(path)
    _check_zip(path)
    import docx  # python-docx; imported here so the module loads without it

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several unrelated types
        raise DamagedFile(path, f"not a readable Word document ({type(exc).__name__})") from exc

    pages: list[list[Line]] = [[]]
    tables: list[Table] = []
    table_pages: list[int] = []
    last_line = ""
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            from docx.text.paragraph import Paragraph

            para = Paragraph(block, document)
            if _page_break_before(block) and pages[-1]:
                pages.append([])
            text = " ".join(para.text.split())
            if not text:
                continue
            style = para.style.name if para.style is not None else ""
            level = _heading_level(style)
            bold = bool(para.runs) and all(r.bold for r in para.runs if r.text.strip())
            last_line = text
            if level:
                pages[-1].append(Line(text, bold=True, kind="heading", level=level))
            else:
                pages[-1].append(Line(text, bold=bold))
        elif tag == "tbl":
            from docx.table import Table as DocxTable

            rows = _table_rows(DocxTable(block, document))
            if not rows:
                continue
            caption = last_line  # the paragraph just above, even across a page break
            last_line = ""
            number = len(pages)
            tables.append(
                Table(
                    doc_id,
                    len(tables),
                    number,
                    number,
                    (rows[0],),
                    tuple(rows[1:]),
                    (number,) * (len(rows) - 1),
                    caption=caption if len(caption) < 120 else "",
                )
            )
            table_pages.append(number)
            pages[-1].extend(Line("\t".join(r), kind="table") for r in rows)
    return _extracted(doc_id, pages, tables, document.core_properties)


def _extracted(
    doc_id: str,
    pages: list[list[Line]],
    tables: list[Table],
    props: Any,  # noqa: ANN401 - python-docx CoreProperties
) -> Extracted:
    """The pages (lines between page breaks), tables and file properties of a document."""
    out = []
    for number, lines in enumerate(pages, start=1):
        raw = "\n".join(ln.text for ln in lines)
        body = "\n".join(ln.text for ln in lines if ln.kind != "table")
        out.append(Page(doc_id, number, 0.0, 0.0, raw, body, tuple(lines)))
    title = (props.title or "").strip()
    info = {
        "Title": title,
        "Subject": (props.subject or "").strip(),
        "Keywords": (props.keywords or "").strip(),
    }
    return Extracted(tuple(out), tuple(tables), title_hint=title, info=info)


def _page_break_before(block: object) -> bool:
    for br in block.iter(f"{_W}br"):  # type: ignore[attr-defined]
        if br.get(f"{_W}type") == "page":
            return True
    return any(True for _ in block.iter(f"{_W}lastRenderedPageBreak"))  # type: ignore[attr-defined]


def _table_rows(table: object) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for row in table.rows:  # type: ignore[attr-defined]
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            # merged cells repeat the same object; keep the text once, leave the rest empty
            same = previous is not None and cell._tc is previous
            cells.append("" if same else " ".join(cell.text.split()))
            previous = cell._tc
        rows.append(tuple(cells))
    width = max((len(r) for r in rows), default=0)
    return [r + ("",) * (width - len(r)) for r in rows if any(r)]
