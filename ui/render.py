"""A PDF page as a picture, with the passage's box marked (pypdfium2, no pdfplumber).

Boxes are in PDF points with a top-left origin (the store's convention), so a
box maps to pixels by multiplying with the render scale.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw

from ingest.errors import RenderError

MARK_OUTLINE = (214, 39, 40, 255)  # red
MARK_FILL = (255, 214, 0, 70)  # translucent yellow
PAD = 3.0  # points around the passage box


def render_page(
    path: str | Path,
    page: int,
    boxes: Sequence[tuple[float, float, float, float]] = (),
    scale: float = 1.5,
) -> Image.Image:
    """Page `page` (1-based) of the PDF at `path` as an RGB image, `boxes` marked."""
    import pypdfium2 as pdfium

    path = Path(path)
    if not path.exists():
        raise RenderError(f"{path.name}: the original file is no longer at {path}")
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise RenderError(f"{path.name}: cannot open the PDF to show the page ({exc})") from exc
    try:
        if not 1 <= page <= len(pdf):
            raise RenderError(f"{path.name}: there is no page {page} (the file has {len(pdf)})")
        pdf_page = pdf[page - 1]
        try:
            image = pdf_page.render(scale=scale).to_pil().convert("RGBA")
        finally:
            pdf_page.close()
    finally:
        pdf.close()
    if boxes:
        image = mark_boxes(image, boxes, scale)
    return image.convert("RGB")


def mark_boxes(
    image: Image.Image, boxes: Sequence[tuple[float, float, float, float]], scale: float
) -> Image.Image:
    """The image with each box (in points) filled translucent yellow and outlined in red."""
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    width = max(2, round(scale * 1.5))
    for x0, top, x1, bottom in boxes:
        rect = (
            max(0.0, (x0 - PAD) * scale),
            max(0.0, (top - PAD) * scale),
            min(image.width - 1.0, (x1 + PAD) * scale),
            min(image.height - 1.0, (bottom + PAD) * scale),
        )
        draw.rectangle(rect, fill=MARK_FILL, outline=MARK_OUTLINE, width=width)
    return Image.alpha_composite(image.convert("RGBA"), overlay)


def page_png(
    path: str | Path,
    page: int,
    boxes: Sequence[tuple[float, float, float, float]] = (),
    scale: float = 1.5,
) -> bytes:
    """render_page as PNG bytes (what the UI caches and shows)."""
    buf = io.BytesIO()
    render_page(path, page, boxes, scale).save(buf, format="PNG", optimize=False)
    return buf.getvalue()
