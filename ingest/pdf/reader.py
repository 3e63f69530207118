"""Opening a PDF and reading its pages: the only module that imports pdfplumber.

Each page is parsed once: characters and shapes come from ``page.layout``; words,
lines, reading order, furniture, headings and tables without rules are derived from
them here, and pdfplumber's table finder is called only on pages that carry enough
ruling lines to hold a ruled table. Pages are closed after use so memory stays flat on
long files. Broken, empty and password-protected files raise the reader's errors
(ingest.errors) naming the file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException

from ingest import tables as tablekit
from ingest.errors import DamagedFile, EmptyFile, EncryptedFile
from ingest.model import Extracted
from ingest.pdf.assemble import assemble
from ingest.pdf.chars import PageObjects, page_words
from ingest.pdf.charts import chart_regions
from ingest.pdf.layout import mark_margin_notes
from ingest.pdf.order import build_lines, order_lines
from ingest.pdf.page import PageData
from ingest.pdf.ruled import has_rulings, ruled_tables
from ingest.pdf.unruled import Carry, carry_of, unruled_tables

Progress = Callable[[int, int], None]


_DAMAGED = "not a readable PDF (truncated or damaged)"


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
    return assemble(path, doc_id, pages, info)


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


def _read_pages(pdf: pdfplumber.PDF, path: Path, progress: Progress | None) -> list[PageData]:
    try:
        n = len(pdf.pages)
    except Exception as exc:
        raise _open_error(path, exc) from exc
    if n == 0:
        raise DamagedFile(path, "the PDF has no pages")
    out: list[PageData] = []
    for i in range(n):
        try:
            page = pdf.pages[i]
            try:
                out.append(_read_page(page, i + 1, carry_of(out[-1]) if out else None))
            finally:
                page.close()
        except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as exc:
            if not _raised_reading_pdf(exc):
                raise  # a fault in boardsearch's own layout code: not the file's
            raise DamagedFile(path, f"{_DAMAGED} at page {i + 1}") from exc
        except Exception as exc:  # pdfplumber wraps pdfminer errors
            if type(exc).__name__ != "PdfminerException":
                raise
            raise DamagedFile(path, f"{_DAMAGED} at page {i + 1}") from exc
        if progress is not None:
            progress(i + 1, n)
    return out


def _raised_reading_pdf(exc: BaseException) -> bool:
    """Was ``exc`` raised inside the PDF libraries (a damaged file), rather than in
    boardsearch's own code that lays the page out? A ValueError or TypeError from our
    code reported as "damaged" would blame the user's file for our bug. Judged by the
    innermost frame that is either the PDF libraries' or boardsearch's (the standard
    library's frames under either say nothing)."""
    last_is_ours = False
    tb = exc.__traceback__
    while tb is not None:
        name = Path(tb.tb_frame.f_code.co_filename).resolve()
        if any(part in _PDF_LIBS for part in name.parts):
            last_is_ours = False
        elif name.is_relative_to(_OURS):
            last_is_ours = True
        tb = tb.tb_next
    return not last_is_ours


_PDF_LIBS = ("pdfminer", "pdfplumber")
_OURS = Path(__file__).resolve().parents[1]  # the ingest package


def _read_page(page: pdfplumber.page.Page, number: int, carry: Carry | None = None) -> PageData:
    """One page; ``carry`` is the table without rules that ended the page before."""
    objs = PageObjects.of(page)
    width, height = objs.frame.width, objs.frame.height
    lines = order_lines(build_lines(page_words(objs)), width)
    notes = mark_margin_notes(lines, height)
    body = [ln for ln in lines if id(ln) not in notes]
    data = PageData(number, width, height, int(page.rotation or 0), body)
    data.tables = _find_tables(page, objs, data, carry)
    data.lines = lines
    data.unread = objs.unread
    return data


def _find_tables(
    page: pdfplumber.page.Page, objs: PageObjects, data: PageData, carry: Carry | None = None
) -> list[tablekit.Fragment]:
    found = ruled_tables(page, objs, data) if has_rulings(objs) else []
    taken = [f.bbox for f in found]
    found += unruled_tables(data, taken, lambda: chart_regions(objs), carry)
    found.sort(key=lambda f: f.bbox.top)
    return found
