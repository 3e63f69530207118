"""Helpers shared by test modules: paths to real documents, small PDFs made at test time.

Test modules import these from here (not from conftest or from each other).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REALDOCS = SHARED / "realdocs"
SEED_TEXT = SHARED / "seed" / "westminster-lscb-annual-report-2011-12.txt"
CORPUS = ROOT / "corpus"
CORPUS_PAPERS = CORPUS / "papers"
CORPUS_TRUTH = CORPUS / "truth"
SEED_PDF = CORPUS_PAPERS / "westminster-lscb-annual-report-2011-12.pdf"


def make_pdf(
    path: Path,
    pages: list[list[str]],
    *,
    title: str = "",
    keywords: str = "",
    encrypt: str | None = None,
) -> Path:
    """A simple text PDF: one list of lines per page (a line starting '# ' is a bold heading)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1, encrypt=encrypt)
    c.setTitle(title)
    c.setKeywords(keywords)
    for lines in pages:
        y = A4[1] - 72
        for line in lines:
            if line.startswith("# "):
                c.setFont("Helvetica-Bold", 16)
                line = line[2:]
            else:
                c.setFont("Helvetica", 11)
            c.drawString(72, y, line)
            y -= 22
        c.showPage()
    c.save()
    return path


def make_image_pdf(path: Path, pages: int = 1) -> Path:
    """A PDF whose pages are only pictures of text (a scan): no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("L", (400, 200), 255)
    ImageDraw.Draw(img).text((20, 80), "Scanned minutes of the Board", fill=0)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for _ in range(pages):
        buf.seek(0)
        c.drawImage(ImageReader(buf), 72, 400, width=400, height=200)
        c.showPage()
    c.save()
    return path


def need(path: Path) -> Path:
    """The path of a file the tests need; fails (never skips) with a clear message when missing.

    The corpus ships with the repository and ../shared sits beside it, so a missing file
    means a broken checkout, not an optional extra.
    """
    if not path.exists():
        where = "../shared beside the repository" if SHARED in path.parents else "the repository"
        pytest.fail(f"{path} is missing; the tests need it from {where}", pytrace=False)
    return path
