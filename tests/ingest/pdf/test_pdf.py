"""The PDF reader on small PDFs drawn with reportlab, and on real Ofsted reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from ingest import pdf
from ingest.errors import DamagedFile, EmptyFile, EncryptedFile, NoTextLayer

from ...helpers import TRI_BOROUGH

W, H = A4

BODY = (
    "The board reviewed the work of partner agencies during the year and agreed "
    "priorities for the coming year with every member agency present at the meeting"
)


def _body_lines(c: canvas.Canvas, y: float, n: int, x: float = 72, width: int = 80) -> float:
    c.setFont("Helvetica", 10)
    words = (BODY + " ") * 6
    for i in range(n):
        c.drawString(x, y, words[i * 7 : i * 7 + width].strip())
        y -= 13
    return y


def _furniture(c: canvas.Canvas, page: int) -> None:
    c.setFont("Helvetica", 8)
    c.drawString(72, H - 30, "Westminster LSCB Annual Report 2011/12")
    c.drawString(W / 2, 25, str(page))


def _report(path: Path, pages: int = 4) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setTitle("Westminster LSCB Annual Report")
    c.setSubject("Safeguarding")
    c.setKeywords("synthetic, lscb")
    for n in range(1, pages + 1):
        _furniture(c, n)
        c.setFont("Helvetica-Bold", 16)
        c.drawString(72, H - 90, f"{n}. Section number {n}")
        c.setFont("Helvetica-Bold", 12)
        c.drawString(72, H - 120, f"{n}.1 Detail of part {n}")
        _body_lines(c, H - 140, 12)
        c.showPage()
    c.save()
    return path


def test_empty_file_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "empty.pdf"
    f.write_bytes(b"")
    with pytest.raises(EmptyFile):
        pdf.read(f, "d")


@pytest.mark.parametrize(
    "content",
    [b"<html><body>not a pdf</body></html>", bytes(range(256)) * 40],
    ids=["html", "random"],
)
def test_not_a_pdf_is_damaged(tmp_path: Path, content: bytes) -> None:
    f = tmp_path / "x.pdf"
    f.write_bytes(content)
    with pytest.raises(DamagedFile, match="not a readable PDF"):
        pdf.read(f, "d")


def test_truncated_pdf_is_damaged(tmp_path: Path) -> None:
    full = _report(tmp_path / "full.pdf").read_bytes()
    f = tmp_path / "cut.pdf"
    f.write_bytes(full[: len(full) // 3])
    with pytest.raises(DamagedFile, match="not a readable PDF"):
        pdf.read(f, "d")


def test_a_fault_in_our_layout_code_is_not_blamed_on_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A TypeError raised by boardsearch's own table code (a bug, as when a merge left a
    call one argument short) must surface as itself, not as "not a readable PDF": the
    user would be told their good file is damaged."""
    from ingest.pdf import reader

    def broken(*_args: object, **_kwargs: object) -> None:
        raise TypeError("_stop_segments() missing 1 required positional argument")

    monkeypatch.setattr(reader, "unruled_tables", broken)
    with pytest.raises(TypeError, match="missing 1 required"):
        pdf.read(_report(tmp_path / "good.pdf"), "d")


def test_password_protected_pdf(tmp_path: Path) -> None:
    f = tmp_path / "locked.pdf"
    c = canvas.Canvas(str(f), encrypt="secret")
    c.drawString(72, 700, "hidden")
    c.showPage()
    c.save()
    with pytest.raises(EncryptedFile, match="password-protected"):
        pdf.read(f, "d")


def _image(tmp_path: Path) -> ImageReader:
    from PIL import Image

    img = tmp_path / "scan.png"
    Image.new("RGB", (60, 80), (200, 200, 200)).save(img)
    return ImageReader(str(img))


def test_scan_without_text_layer(tmp_path: Path) -> None:
    f = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(f))
    c.drawImage(_image(tmp_path), 50, 50, 400, 600)
    c.showPage()
    c.save()
    with pytest.raises(NoTextLayer, match="OCR"):
        pdf.read(f, "d")


def test_one_image_page_is_a_warning(tmp_path: Path) -> None:
    f = tmp_path / "mixed.pdf"
    c = canvas.Canvas(str(f))
    _body_lines(c, 700, 5)
    c.showPage()
    c.drawImage(_image(tmp_path), 50, 50, 400, 600)
    c.showPage()
    c.save()
    ex = pdf.read(f, "d")
    assert ex.warnings == ("page 2: no text layer; OCR needed",)
    assert [p.has_text_layer for p in ex.pages] == [True, False]


def test_metadata_title_subject_keywords(tmp_path: Path) -> None:
    ex = pdf.read(_report(tmp_path / "r.pdf"), "d")
    assert ex.title_hint == "Westminster LSCB Annual Report"
    assert ex.info["Subject"] == "Safeguarding"
    assert "synthetic" in ex.info["Keywords"]


def test_junk_title_is_ignored(tmp_path: Path) -> None:
    f = tmp_path / "j.pdf"
    c = canvas.Canvas(str(f))
    c.setTitle("Microsoft Word - report final v2.docx")
    _body_lines(c, 700, 3)
    c.showPage()
    c.save()
    assert pdf.read(f, "d").title_hint == ""


def test_running_header_and_page_number_marked(tmp_path: Path) -> None:
    ex = pdf.read(_report(tmp_path / "r.pdf"), "d")
    for page in ex.pages:
        kinds = {ln.text: ln.kind for ln in page.lines}
        assert kinds["Westminster LSCB Annual Report 2011/12"] == "header"
        assert kinds[str(page.number)] == "footer"
        assert "Westminster LSCB Annual Report" in page.raw_text
        assert "Westminster LSCB" not in page.text
        assert not page.text.rstrip().endswith(str(page.number))


def test_numbered_headings_get_levels(tmp_path: Path) -> None:
    ex = pdf.read(_report(tmp_path / "r.pdf"), "d")
    heads = [(ln.text, ln.level) for ln in ex.pages[1].lines if ln.kind == "heading"]
    assert heads == [("2. Section number 2", 1), ("2.1 Detail of part 2", 2)]


def test_sentence_ending_bold_line_is_not_heading(tmp_path: Path) -> None:
    f = tmp_path / "b.pdf"
    c = canvas.Canvas(str(f))
    _body_lines(c, 700, 8)
    c.setFont("Helvetica-Bold", 10)
    c.drawString(72, 580, "This bold sentence ends with a full stop.")
    c.showPage()
    c.save()
    ex = pdf.read(f, "d")
    assert all(ln.kind == "body" for ln in ex.pages[0].lines)


def test_dehyphenation_uses_document_words() -> None:
    vocab = {"safeguarding", "tri-borough", "tri", "borough"}
    assert (
        pdf.dehyphenate(["keep children safe-", "guarding"], vocab) == "keep children safeguarding"
    )
    assert pdf.dehyphenate(["the tri-", "borough model"], vocab) == "the tri-borough model"
    assert pdf.dehyphenate(["innovation-", "funded work"], vocab) == "innovation-funded work"


def test_dehyphenated_page_text(tmp_path: Path) -> None:
    f = tmp_path / "h.pdf"
    c = canvas.Canvas(str(f))
    c.setFont("Helvetica", 10)
    lines = [
        "Our work on safeguarding children continued and the safe-",
        "guarding board met the tri-borough partners in the autumn.",
        "The tri-",
        "borough arrangements were reviewed by the board in spring.",
    ]
    for i, text in enumerate(lines):
        c.drawString(72, 700 - 13 * i, text)
    c.showPage()
    c.save()
    text = pdf.read(f, "d").pages[0].text
    assert "the safeguarding board" in text
    assert "The tri-borough arrangements" in text


def test_two_columns_read_left_then_right(tmp_path: Path) -> None:
    f = tmp_path / "cols.pdf"
    c = canvas.Canvas(str(f), pagesize=A4)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(72, H - 80, "Two column news")
    c.setFont("Helvetica", 10)
    for i in range(20):
        c.drawString(60, H - 120 - 13 * i, f"Left column line {i:02d} with several words")
        c.drawString(320, H - 120 - 13 * i, f"Right column line {i:02d} with several words")
    c.showPage()
    c.save()
    page = pdf.read(f, "d").pages[0]
    texts = [ln.text for ln in page.lines]
    assert texts[0] == "Two column news"
    assert texts[1].startswith("Left column line 00")
    assert texts[20].startswith("Left column line 19")
    assert texts[21].startswith("Right column line 00")
    assert page.text.index("Left column line 19") < page.text.index("Right column line 00")


def test_rotated_page_reads_upright(tmp_path: Path) -> None:
    f = tmp_path / "rot.pdf"
    c = canvas.Canvas(str(f), pagesize=A4)
    c.setPageRotation(90)
    _body_lines(c, 700, 6)
    c.showPage()
    c.save()
    page = pdf.read(f, "d").pages[0]
    assert page.rotation == 90
    assert page.lines[0].text.startswith("The board reviewed the work")


def test_landscape_page(tmp_path: Path) -> None:
    f = tmp_path / "land.pdf"
    c = canvas.Canvas(str(f), pagesize=landscape(A4))
    _body_lines(c, 500, 4, width=120)
    c.showPage()
    c.save()
    page = pdf.read(f, "d").pages[0]
    assert page.width > page.height
    assert page.text.startswith("The board reviewed the work of partner agencies")


def test_progress_is_called_per_page(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    pdf.read(_report(tmp_path / "r.pdf", pages=3), "d", progress=lambda i, n: calls.append((i, n)))
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_lines_carry_boxes_sizes_and_bold(tmp_path: Path) -> None:
    page = pdf.read(_report(tmp_path / "r.pdf"), "d").pages[0]
    head = next(ln for ln in page.lines if ln.text == "1. Section number 1")
    assert head.bold and head.size == 16.0
    assert head.bbox is not None and head.bbox.x0 == pytest.approx(72, abs=1)
    assert head.bbox.top == pytest.approx(90 - 16 * 0.8, abs=4)


def _covered_report(path: Path) -> Path:
    """A cover page (title, subtitle, "Label: value" lines), then sections."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 26)
    c.drawString(72, H - 150, "Westminster Local Safeguarding Children Board")
    c.setFont("Helvetica-Bold", 14)
    c.drawString(72, H - 200, "Review of the effectiveness of the Board")
    c.drawString(72, H - 230, "Inspection date: 11 January 2016 to 4 February 2016")
    c.drawString(72, H - 250, "Lead inspector: Jane Smith")
    c.drawString(180, H - 266, "Her Majesty's Inspector")
    c.showPage()
    for n, title in enumerate(["Summary for children and young people", "Recommendations"], 2):
        c.setFont("Helvetica-Bold", 16)
        c.drawString(72, H - 90, title)
        _body_lines(c, H - 120, 14)
        c.setFont("Helvetica-Bold", 14)
        c.drawString(72, H - 330, f"Findings {n}")
        _body_lines(c, H - 360, 14)
        c.showPage()
    c.save()
    return path


def test_cover_page_lines_are_not_headings(tmp_path: Path) -> None:
    ex = pdf.read(_covered_report(tmp_path / "cover.pdf"), "d")
    assert all(ln.kind == "body" for ln in ex.pages[0].lines)
    heads = [(ln.text, ln.level) for p in ex.pages for ln in p.lines if ln.kind == "heading"]
    assert heads[0] == ("Summary for children and young people", 1)
    assert ("Findings 2", 2) in heads


def test_title_above_running_text_is_not_a_heading(tmp_path: Path) -> None:
    f = tmp_path / "t.pdf"
    c = canvas.Canvas(str(f), pagesize=A4)
    c.setFont("Helvetica", 24)
    c.drawString(72, H - 80, "Inspection of Westminster children's services")
    c.setFont("Helvetica", 10)
    c.drawString(72, H - 110, "Inspection dates: 11 to 15 November 2024")
    _body_lines(c, H - 140, 20)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(72, H - 420, "What needs to improve?")
    _body_lines(c, H - 440, 10)
    c.showPage()
    _body_lines(c, H - 100, 20)
    c.showPage()
    c.save()
    ex = pdf.read(f, "d")
    heads = [ln.text for p in ex.pages for ln in p.lines if ln.kind == "heading"]
    assert heads == ["What needs to improve?"]


@pytest.mark.real
def test_real_ofsted_furniture_and_text(parse_once) -> None:
    ex = parse_once.read(TRI_BOROUGH / "ofsted-westminster-2016-03.pdf")
    assert len(ex.pages) == 44
    page = ex.pages[1]
    assert page.lines[-1].kind == "footer" or any(ln.kind == "footer" for ln in page.lines)
    assert page.text.startswith("Executive summary")
    assert "research- and learning-" not in page.text
    heads = {ln.text for p in ex.pages for ln in p.lines if ln.kind == "heading"}
    assert "Recommendations" in heads
    assert "Summary for children and young people" in heads
    assert "Contents" not in heads


# ---------------------------------------------------------------- glyph hygiene


def _raw_pdf(path: Path, lines: list[bytes], font: bytes = b"Helvetica") -> Path:
    """A one-page PDF showing raw font codes (no ToUnicode map), one string a line."""

    def esc(b: bytes) -> bytes:
        return b.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")

    shown = b" ".join(b"(" + esc(line) + b") '" for line in lines)
    content = b"BT /F1 11 Tf 14 TL 72 760 Td " + shown + b" ET"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /" + font + b" /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    path.write_bytes(out)
    return path


def test_glyph_codes_read_or_dropped() -> None:
    from ingest import glyphs

    assert glyphs.decode(127, "Helvetica") == "\u2022"  # unused WinAnsi code: a bullet
    assert glyphs.decode(150, "ABCDEF+Calibri") == "\u2013"
    assert glyphs.decode(147, "Arial") == "\u201c"
    assert glyphs.decode(183, "Symbol") == "\u2022"
    assert glyphs.decode(108, "Wingdings-Regular") == "\u2022"
    assert glyphs.decode(252, "Wingdings-Regular") == "\u2713"
    assert glyphs.decode(12, "CMR10") == "fi"
    assert glyphs.decode(12, "Helvetica") == ""  # a control code in a text font: nothing
    assert glyphs.decode(1, "Helvetica") == ""
    assert glyphs.clean("(cid:127) Neglect", "Helvetica") == ("\u2022 Neglect", 0)
    assert glyphs.clean("a(cid:1)b", "Helvetica") == ("ab", 1)
    assert glyphs.clean("\uf0b7", "Symbol") == ("\u2022", 0)  # Word's private-use Symbol
    assert glyphs.clean("\uf0e9", "Unknown") == ("", 1)
    assert glyphs.clean("x\ufffdy", "Arial") == ("xy", 1)
    assert glyphs.clean("(cid:66)", "Calibri", glyph_ids=True) == ("", 1)
    many = [(f"(cid:{n})", "F1") for n in range(30)] + [("a", "F2")] * 40
    assert glyphs.glyph_id_fonts(many) == {"F1"}


def test_unread_glyphs_never_reach_text_and_are_counted(tmp_path: Path) -> None:
    from ingest.pipeline import parse_file

    f = _raw_pdf(
        tmp_path / "glyphs.pdf",
        [
            b"The board agreed three priorities for the year:",
            b"\x7f Neglect and the early help offer",
            b"\x7f Child sexual exploitation \x01 and missing children",
            b"\x7f Domestic abuse \x02\x03 in families",
        ],
    )
    ex = pdf.read(f, "d")
    page = ex.pages[0]
    assert "(cid:" not in page.raw_text and "(cid:" not in page.text
    assert page.raw_text.count("\u2022") == 3
    assert "Child sexual exploitation and missing children" in page.raw_text
    assert ex.notes == (
        "3 unreadable characters left out (the font gives no text for them), page 1",
    )
    doc = parse_file(f, enrich=False)
    assert doc.document.status == "ok"  # a note, not a fault
    assert "3 unreadable characters left out" in doc.document.message
    assert all("(cid:" not in p.text for p in doc.passages)


@pytest.mark.real
def test_real_bullets_read_as_bullets(seed_pdf_parsed) -> None:
    """The Westminster 2011/12 report's bullets come back from pdfminer as "(cid:127)"."""
    doc = seed_pdf_parsed
    assert not any("(cid:" in p.text for p in doc.passages)
    assert not any("(cid:" in c for t in doc.tables for r in t.rows for c in r)
    assert not any("(cid:" in part for s in doc.sections for part in s.path)
    assert sum(p.text.count("\u2022") for p in doc.passages) >= 20
    assert "unreadable" not in doc.document.message  # every one of them was read
