"""From the reader's pages to the shared model: clean text (dehyphenated), ``Page``
objects with provenance, tables stitched across pages, the title hint and notes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from ingest import listitems
from ingest import tables as tablekit
from ingest.errors import NoTextLayer
from ingest.model import Extracted, Line, Page
from ingest.pdf.layout import body_text_size, mark_furniture, mark_headings, mark_toc
from ingest.pdf.page import PageData

_JUNK_TITLE = re.compile(
    r"^(microsoft (word|powerpoint|excel)|untitled|document\d*$)|\.(docx?|pdf)$", re.I
)


def assemble(path: Path, doc_id: str, pages: list[PageData], info: dict[str, str]) -> Extracted:
    if not any(p.lines for p in pages):
        raise NoTextLayer(path, "no text layer; OCR needed")
    mark_furniture(pages)
    body_size = body_text_size(pages)
    mark_toc(pages)
    mark_headings(pages, body_size)
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


def _unread_note(pages: list[PageData]) -> tuple[str, ...]:
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


def _vocabulary(pages: list[PageData]) -> set[str]:
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


def _to_page(doc_id: str, p: PageData, vocab: set[str]) -> Page:
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
    """A new block: at a heading, a gap, a jump up the page, or a list item's marker."""
    if ln.kind == "heading" or prev.kind == "heading":
        return True
    if prev.bbox is None or ln.bbox is None:
        return True
    gap = ln.bbox.top - prev.bbox.bottom
    if gap > 0.8 * max(ln.size, 1.0) or gap < -2 * max(ln.size, 1.0):
        return True
    return listitems.starts_item(ln.text, prev.text, ln.bbox.x0, prev.bbox.x0, ln.size)
