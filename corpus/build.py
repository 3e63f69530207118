"""Regenerate the shipped corpus: papers (PDF, DOCX) and their ground-truth JSON.

Run from the repository root::

    .venv/bin/python corpus/build.py            # writes corpus/papers, corpus/truth, corpus/fixtures
    .venv/bin/python corpus/build.py --out DIR  # writes DIR/papers, DIR/truth, DIR/fixtures

What it makes:

* the REAL seed, Westminster LSCB's annual report 2011/12, rendered to PDF from
  ``corpus/source/westminster-lscb-annual-report-2011-12.txt`` (cover, contents,
  numbered headings, bullets, ruled tables; table rows that the original split
  across a page break are merged back by the explicit rules in ``SEED_FRAGMENTS``);
* the SYNTHETIC companion papers described in ``corpus/source/synthetic_content.py``
  (not real board papers: every page says SYNTHETIC). They are test fixtures, written to
  ``fixtures/papers`` and ``fixtures/truth``, apart from the real papers: the shipped
  library is real papers only (issue 24); ``boardsearch start --with-synthetic`` loads
  them on purpose, always labelled.

Output is deterministic: reportlab runs with ``invariant=1``, the scanned page is
drawn with fixed seeds, the DOCX zip carries fixed timestamps. Every page number
in the truth files comes from the render itself (reportlab's ``afterFlowable``
hook sees which page each heading, paragraph and table part lands on).
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import random
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "source"
FIXTURES = "fixtures"  # the synthetic papers and their truth, apart from the real ones
SEED_STEM = "westminster-lscb-annual-report-2011-12"
SEED_TEXT = SOURCE / f"{SEED_STEM}.txt"
SEED_TITLE = "Westminster LSCB Annual Report 2011/12"
SYNTHETIC_BANNER = "SYNTHETIC TEST DOCUMENT \u2014 not a real board paper"
CREATOR = "boardsearch corpus/build.py"
MARGIN = 2 * cm

Block = tuple[Any, ...]
"""One item of a paper's body, as the content files write it:

("cover", [lines]) | ("h", level, text) | ("p", text) | ("ul", [items]) | ("ol", [items])
| ("table", TableSpec-dict) | ("template", "portrait"|"twocol"|"landscape") | ("pagebreak",)
| ("scan", [lines of the scanned letter]) | ("signature", [lines])
Text may carry <i>..</i> and <b>..</b>; everything else is escaped.
"""


# ---------------------------------------------------------------------------
# Paper description
# ---------------------------------------------------------------------------


@dataclass
class Paper:
    """Everything needed to render one paper and write its truth."""

    file: str
    title: str
    board: str
    boroughs: list[str]
    period: str
    doc_type: str
    synthetic: bool
    blocks: list[Block]
    figures: list[tuple[str, str, float, str]] = field(default_factory=list)
    """(text as printed, label, value, unit); the page is where ``text`` is rendered."""
    subject: str = ""
    author: str = ""
    start_template: str = "portrait"


@dataclass
class Render:
    """What the render saw: the page of every tagged block and table row."""

    pages: int = 0
    block_pages: dict[int, int] = field(default_factory=dict)
    table_pages: dict[int, list[int]] = field(default_factory=dict)
    row_pages: dict[int, dict[int, int]] = field(default_factory=dict)
    split_rows: dict[int, int] = field(default_factory=dict)
    table_templates: dict[int, set[str]] = field(default_factory=dict)
    scan_pages: list[int] = field(default_factory=list)

    def first(self, store: dict[int, int], key: int, page: int) -> None:
        store[key] = min(store.get(key, page), page)


# ---------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------

_TAG = re.compile(r"</?(i|b)>")


def markup(text: str) -> str:
    """Escape text for a reportlab Paragraph, keeping <i> and <b> tags."""
    return re.sub(r"&lt;(/?(?:i|b))&gt;", r"<\1>", escape(text))


def plain(text: str) -> str:
    """The text as a reader sees it: tags removed."""
    return _TAG.sub("", text)


def join_fragment(head: str, tail: str) -> str:
    """Join text cut by a page break: no space after a trailing hyphen."""
    if not tail:
        return head
    if not head:
        return tail
    return head + tail if head.endswith("-") else f"{head} {tail}"


# ---------------------------------------------------------------------------
# Styles
# ---------------------------------------------------------------------------


def make_styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13, spaceAfter=6)
    return {
        "body": base,
        "cover": ParagraphStyle(
            "cover", base, fontName="Helvetica-Bold", fontSize=22, leading=28, alignment=TA_CENTER
        ),
        "cover_small": ParagraphStyle(
            "cover_small", base, fontSize=13, leading=18, alignment=TA_CENTER
        ),
        "h1": ParagraphStyle(
            "h1",
            base,
            fontName="Helvetica-Bold",
            fontSize=14,
            leading=18,
            spaceBefore=10,
            keepWithNext=1,
        ),
        "h2": ParagraphStyle(
            "h2",
            base,
            fontName="Helvetica-Bold",
            fontSize=11.5,
            leading=15,
            spaceBefore=6,
            keepWithNext=1,
        ),
        "h3": ParagraphStyle(
            "h3", base, fontName="Helvetica-BoldOblique", fontSize=10, leading=13, keepWithNext=1
        ),
        "bullet": ParagraphStyle("bullet", base, leftIndent=16, bulletIndent=4, spaceAfter=3),
        "cell": ParagraphStyle("cell", base, fontSize=8, leading=9.6, spaceAfter=0),
        "cell_head": ParagraphStyle(
            "cell_head", base, fontName="Helvetica-Bold", fontSize=8, leading=9.6
        ),
        "caption": ParagraphStyle("caption", base, fontName="Helvetica-Oblique", fontSize=9),
        "signature": ParagraphStyle("signature", base, spaceAfter=0),
    }


STYLES = make_styles()


# ---------------------------------------------------------------------------
# Flowables that report where they land
# ---------------------------------------------------------------------------


class TrackedTable(Table):
    """A Table whose split parts remember which body rows they hold.

    reportlab builds the parts with ``self.__class__``, so every part is a
    TrackedTable; we copy the tags onto them and work out the row offsets from
    the part lengths (a row split in two appears once in each part).
    """

    truth_index = -1
    n_header = 0  # header rows of the logical table
    head_rows = 0  # header rows at the top of this part
    row_offset = 0  # logical index of this part's first body row
    continued_first = False  # this part's first body row is the tail of a split row

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts = super().split(availWidth, availHeight)
        if len(parts) != 2:
            return parts
        top, rest = parts
        h_rest = self.n_header if self.repeatRows else 0
        extra = len(top._cellvalues) + len(rest._cellvalues) - h_rest - len(self._cellvalues)
        for part in (top, rest):
            part.truth_index, part.n_header = self.truth_index, self.n_header
        top.head_rows, top.row_offset = self.head_rows, self.row_offset
        top.continued_first = self.continued_first
        rest.head_rows = h_rest
        rest.row_offset = self.row_offset + len(top._cellvalues) - self.head_rows - extra
        rest.continued_first = extra == 1
        return parts


class ScanImage(Flowable):
    """A whole page that is only a raster image (a scanned letter): no text layer."""

    def __init__(self, png: bytes, width: float, height: float) -> None:
        super().__init__()
        self.png, self.width, self.height = png, width, height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        from reportlab.lib.utils import ImageReader

        self.canv.drawImage(ImageReader(io.BytesIO(self.png)), 0, 0, self.width, self.height)


class TrackingDoc(BaseDocTemplate):
    """A doc template that records, for the truth file, where tagged flowables land."""

    def __init__(self, filename: Any, render: Render, **kw: Any) -> None:
        super().__init__(filename, **kw)
        self.render = render

    def afterFlowable(self, flowable: Flowable) -> None:
        page = self.page
        template = self.pageTemplate.id
        if isinstance(flowable, TrackedTable) and flowable.truth_index >= 0:
            self._record_table_part(flowable, page, template)
        elif isinstance(flowable, ScanImage):
            self.render.scan_pages.append(page)
        block = getattr(flowable, "truth_block", None)
        if block is not None:
            self.render.first(self.render.block_pages, block, page)

    def _record_table_part(self, part: TrackedTable, page: int, template: str) -> None:
        r = self.render
        t = part.truth_index
        r.table_pages.setdefault(t, []).append(page)
        r.table_templates.setdefault(t, set()).add(template)
        rows = r.row_pages.setdefault(t, {})
        n_body = len(part._cellvalues) - part.head_rows
        for i in range(n_body):
            if i == 0 and part.continued_first:
                r.split_rows[t] = part.row_offset
                continue
            r.first(rows, part.row_offset + i, page)


# ---------------------------------------------------------------------------
# Page templates and running furniture
# ---------------------------------------------------------------------------


def furniture(paper: Paper) -> Callable[[Any, Any], None]:
    """Running header (synthetic papers) and footer with the page number."""

    short = paper.title

    def on_page(canv: Any, doc: Any) -> None:
        width, height = canv._pagesize
        canv.saveState()
        canv.setFont("Helvetica", 7.5)
        canv.setFillColor(colors.HexColor("#444444"))
        if paper.synthetic:
            canv.drawString(MARGIN, height - 1.2 * cm, SYNTHETIC_BANNER)
            canv.drawRightString(width - MARGIN, height - 1.2 * cm, short)
        canv.drawCentredString(width / 2, 1.1 * cm, f"{short} \u2014 page {doc.page}")
        canv.restoreState()

    return on_page


def page_templates(paper: Paper) -> list[PageTemplate]:
    on_page = furniture(paper)
    pw, ph = A4
    lw, lh = landscape(A4)
    gap = 0.8 * cm
    col = (pw - 2 * MARGIN - gap) / 2
    body_h = ph - 2 * MARGIN
    templates = {
        "portrait": PageTemplate(
            "portrait",
            [Frame(MARGIN, MARGIN, pw - 2 * MARGIN, body_h, id="body")],
            onPage=on_page,
            pagesize=A4,
        ),
        "twocol": PageTemplate(
            "twocol",
            [
                Frame(MARGIN, MARGIN, col, body_h, id="left"),
                Frame(MARGIN + col + gap, MARGIN, col, body_h, id="right"),
            ],
            onPage=on_page,
            pagesize=A4,
        ),
        "landscape": PageTemplate(
            "landscape",
            [Frame(MARGIN, MARGIN, lw - 2 * MARGIN, lh - 2 * MARGIN, id="wide")],
            onPage=on_page,
            pagesize=landscape(A4),
        ),
        "scan": PageTemplate(
            "scan",
            [Frame(0, 0, pw, ph, 0, 0, 0, 0, id="scan")],
            pagesize=A4,
        ),
    }
    first = templates.pop(paper.start_template)
    return [first, *templates.values()]


def frame_width(template: str) -> float:
    """The width a flowable may use: the frame less its 6pt side paddings."""
    return _frame_outer_width(template) - 12


def _frame_outer_width(template: str) -> float:
    if template == "landscape":
        return landscape(A4)[0] - 2 * MARGIN
    if template == "twocol":
        return (A4[0] - 2 * MARGIN - 0.8 * cm) / 2
    return A4[0] - 2 * MARGIN


# ---------------------------------------------------------------------------
# Blocks -> flowables
# ---------------------------------------------------------------------------


def tagged(flowable: Flowable, index: int) -> Flowable:
    flowable.truth_block = index  # type: ignore[attr-defined]
    return flowable


def table_flowable(spec: dict[str, Any], index: int, width: float) -> TrackedTable:
    """A ruled or unruled table of wrapped cells; the header repeats if asked."""
    header = [[Paragraph(markup(c), STYLES["cell_head"]) for c in row] for row in spec["header"]]
    body = [[Paragraph(markup(c), STYLES["cell"]) for c in row] for row in spec["rows"]]
    fractions = spec.get("widths") or [1 / len(spec["rows"][0])] * len(spec["rows"][0])
    col_widths = [width * f for f in fractions]
    split_in_row = bool(spec.get("split_in_row"))
    table = TrackedTable(
        header + body,
        colWidths=col_widths,
        repeatRows=len(header) if spec.get("repeat_header", True) else 0,
        splitByRow=0 if split_in_row else 1,
        splitInRow=1 if split_in_row else 0,
        hAlign="LEFT",
    )
    style: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if spec.get("ruled", True):
        style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, len(header) - 1), colors.HexColor("#dddddd")))
    table.setStyle(TableStyle(style))
    table.truth_index = index
    table.n_header = table.head_rows = len(header)
    return table


def block_flowables(
    block: Block, index: int, state: dict[str, Any], png_maker: Callable[[list[str]], bytes]
) -> list[Flowable]:
    """The flowables of one block; ``state`` tracks the current template and table count."""
    kind = block[0]
    if kind == "cover":
        out: list[Flowable] = [Spacer(1, 5 * cm)]
        for i, line in enumerate(block[1]):
            style = STYLES["cover"] if i < 2 else STYLES["cover_small"]
            out += [tagged(Paragraph(markup(line), style), index), Spacer(1, 0.6 * cm)]
        state["pending_break"] = True  # the next block starts a new page
        return out
    if kind == "h":
        heading = tagged(Paragraph(markup(block[2]), STYLES[f"h{block[1]}"]), index)
        return [CondPageBreak(4 * cm), heading]
    if kind == "p":
        return [KeepTogether([tagged(Paragraph(markup(block[1]), STYLES["body"]), index)])]
    if kind == "signature":
        return [tagged(Paragraph(markup(line), STYLES["signature"]), index) for line in block[1]]
    if kind in ("ul", "ol"):
        return [
            tagged(Paragraph(markup(item), STYLES["bullet"], bulletText=_bullet(kind, n)), index)
            for n, item in enumerate(block[1], start=1)
        ]
    if kind == "table":
        spec = block[1]
        # The spacer ends a heading's keep-with-next group, so a long table may
        # start under its heading and continue on the next page.
        out = [Spacer(1, 2), CondPageBreak(3 * cm)]
        if spec.get("caption") and spec.get("show_caption", True):
            out.append(tagged(Paragraph(markup(spec["caption"]), STYLES["caption"]), index))
        width = frame_width(state["template"])
        out.append(table_flowable(spec, state["tables"], width))
        state["tables"] += 1
        return [*out, Spacer(1, 8)]
    if kind == "template":
        state["template"] = block[1]
        return [NextPageTemplate(block[1]), PageBreak()]
    if kind == "pagebreak":
        return [PageBreak()]
    if kind == "scan":
        back = state["template"]
        image = ScanImage(png_maker(block[1]), *A4)
        state["pending_break"] = True
        return [NextPageTemplate("scan"), PageBreak(), image, NextPageTemplate(back)]
    raise ValueError(f"unknown block kind {kind!r} in block {index}")


def _bullet(kind: str, n: int) -> str:
    return "\u2022" if kind == "ul" else f"{n}."


def render_pdf(paper: Paper, path: Path) -> Render:
    """Render the paper to ``path``; return the pages each block landed on."""
    render = Render()
    doc = TrackingDoc(
        str(path),
        render,
        pagesize=A4,
        title=paper.title,
        author=paper.author or paper.board,
        subject=paper.subject,
        keywords=["synthetic", "test document"] if paper.synthetic else ["LSCB", "annual report"],
        creator=CREATOR,
        invariant=1,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
    )
    doc.addPageTemplates(page_templates(paper))
    state: dict[str, Any] = {"template": paper.start_template, "tables": 0}
    story: list[Flowable] = []
    for i, block in enumerate(paper.blocks):
        if state.pop("pending_break", False) and block[0] not in ("template", "pagebreak", "scan"):
            story.append(PageBreak())
        story += block_flowables(block, i, state, scanned_letter_png)
    doc.build(story)
    render.pages = doc.page
    return render


# ---------------------------------------------------------------------------
# The image-only page: a scanned, signed letter drawn with PIL
# ---------------------------------------------------------------------------


def scanned_letter_png(lines: list[str]) -> bytes:
    """A grey-scale 100 dpi 'scan' of a typed letter with a hand signature."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = 827, 1169  # A4 at 100 dpi
    rng = random.Random(20130930)
    img = Image.new("L", (width, height), 246)
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default(size=17)
    y = 110
    for line in lines:
        if line == "[signature]":
            _draw_signature(draw, 95, y, rng)
            y += 70
            continue
        draw.text((95 + rng.randint(-1, 1), y), line, fill=35, font=font)
        y += 27 if line else 16
    for _ in range(900):  # scanner speckle
        x, yy = rng.randrange(width), rng.randrange(height)
        draw.point((x, yy), fill=rng.randint(150, 215))
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _draw_signature(draw: Any, x: int, y: int, rng: random.Random) -> None:
    points = [(x + i * 9, y + 30 + rng.randint(-18, 18)) for i in range(24)]
    draw.line(points, fill=20, width=3)


# ---------------------------------------------------------------------------
# Truth
# ---------------------------------------------------------------------------


def sections_truth(paper: Paper, render: Render) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    path: list[str] = []
    for i, block in enumerate(paper.blocks):
        if block[0] != "h":
            continue
        level, text = block[1], plain(block[2])
        path = path[: level - 1] + [text]
        out.append({"path": list(path), "level": level, "page": render.block_pages[i]})
    return out


def table_layout(spec: dict[str, Any], pages: list[int], render: Render, t: int) -> list[str]:
    layout = ["ruled" if spec.get("ruled", True) else "unruled"]
    if max(pages) > min(pages):
        layout.append("cross-page")
        if spec["header"]:
            repeated = spec.get("repeat_header", True)
            layout.append("repeated-header" if repeated else "no-repeated-header")
    if render.row_pages[t] and min(render.row_pages[t].values()) > min(pages):
        layout.append("orphan-header")  # only the header row made it onto the first page
    if t in render.split_rows:
        layout.append("split-row")
    templates = render.table_templates.get(t, set())
    if "landscape" in templates:
        layout.append("landscape")
    if "twocol" in templates:
        layout.append("two-column")
    return layout


def tables_truth(paper: Paper, render: Render) -> list[dict[str, Any]]:
    out = []
    specs = [b[1] for b in paper.blocks if b[0] == "table"]
    for t, spec in enumerate(specs):
        pages = render.table_pages[t]
        rows = render.row_pages[t]
        out.append(
            {
                "caption": plain(spec.get("caption", "")),
                "agency": spec.get("agency", ""),
                "kind": spec["kind"],
                "page_start": min(pages),
                "page_end": max(pages),
                "layout": table_layout(spec, pages, render, t),
                "header": [[plain(c) for c in row] for row in spec["header"]],
                "rows": [[plain(c) for c in row] for row in spec["rows"]],
                "row_pages": [rows[i] for i in range(len(spec["rows"]))],
            }
        )
    return out


def texts_with_pages(paper: Paper, render: Render) -> Iterable[tuple[str, int]]:
    """Every rendered text of the paper with the page it starts on."""
    t = 0
    for i, block in enumerate(paper.blocks):
        if block[0] == "table":
            spec = block[1]
            for r, row in enumerate(spec["rows"]):
                yield " ".join(plain(c) for c in row), render.row_pages[t][r]
            t += 1
        elif i in render.block_pages:
            parts = block[1:] if block[0] != "h" else block[2:]
            for part in parts:
                items = part if isinstance(part, list) else [part]
                for item in items:
                    yield plain(str(item)), render.block_pages[i]


def figures_truth(paper: Paper, render: Render) -> list[dict[str, Any]]:
    texts = list(texts_with_pages(paper, render))
    out = []
    for text, label, value, unit in paper.figures:
        page = next((p for t, p in texts if text in t), None)
        if page is None:
            raise ValueError(f"{paper.file}: figure text {text!r} is not in the paper")
        out.append({"label": label, "value": value, "unit": unit, "page": page, "text": text})
    return out


def truth(paper: Paper, render: Render) -> dict[str, Any]:
    return {
        "file": paper.file,
        "synthetic": paper.synthetic,
        "metadata": {
            "title": paper.title,
            "board": paper.board,
            "boroughs": paper.boroughs,
            "period": paper.period,
            "doc_type": paper.doc_type,
            "synthetic": paper.synthetic,
        },
        "pages": render.pages,
        "sections": sections_truth(paper, render),
        "tables": tables_truth(paper, render),
        "image_only_pages": sorted(render.scan_pages),
        "figures": figures_truth(paper, render),
    }


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------
# The real seed: text -> blocks
# ---------------------------------------------------------------------------

SEED_HEADINGS: dict[str, int] = {
    "CONTENTS": 1,
    "Foreword": 1,
    "1. Introduction": 1,
    "2. Business Plan 2010/11 Achievements": 1,
    "3. Governance and Accountability": 1,
    "Financial Contributions": 2,
    "Lead Member involvement": 2,
    "Partner organisations": 2,
    "4. Sub-Group summaries of activity": 1,
    "Training Sub-Group": 2,
    "Quality Assurance Sub-Group": 2,
    "Prevention of Harm Sub-Group": 2,
    "Child Death Overview Panel (CDOP)": 2,
    "Education Safeguarding Work": 2,
    "5. Serious Case and Management Reviews": 1,
    "6. Ofsted Announced Inspection of Safeguarding and Looked After Children Arrangements": 1,
    "7. Future Board Arrangements": 1,
    "Appendix 1 LSCB Stock Take exercise table of information by Westminster LSCB partners": 1,
    "LSCB Stock Take March 2012": 2,
    "Appendix 2 \u2013 Summary of accounts 2011/12": 1,
    "APPENDIX 3 \u2013 Performance data April 2011 to March 2012": 1,
    "1. CHILDREN AND YOUNG PEOPLE ARE PROTECTED FROM ABUSE": 2,
    "2. CHILD DEATHS": 2,
    "3. ALLEGATIONS AGAINST PEOPLE WORKING WITH CHILDREN": 2,
    "2010-2011 LADO notifications -action on conclusion": 3,
}
SEED_AGENCIES = (
    "Children's Services",
    "INWL",
    "CLCH",
    "Housing",
    "CNWL",
    "Imperial",
    "Police",
    "Probation",
    "Education",
)
_PERF_SUBHEADING = re.compile(r"^\d\.\d+ [A-Z0-9 &%\-\u2013,()']+$")

SEED_FRAGMENTS: dict[int, str] = {
    # seed line number -> how its first non-empty cell starts. Each of these lines
    # is the tail of the row (or header) just above it, cut by a page break in the
    # original PDF; its cells are appended cell by cell to that row.
    284: "borough LSCB annual plan",  # Children's Services strengths header, column 4
    295: "changes",  # INWL risk 2, column 1 ("... and the LSCB changes")
    311: "practice in CLCH",  # CLCH strength 1, column 2
    322: "escaping domestic violence",  # Housing risk 3, columns 1-3
    333: "Family\u201d approach",  # CNWL risk 2, all four columns
    346: "order to optimize security",  # Imperial risk 2, columns 1-2
    358: "reassessed as CIN or LAC",  # Police risk 2, column 1
}
SEED_FIGURES: list[tuple[str, str, float, str]] = [
    ("67.5 full days of training", "LSCB training days offered", 67.5, "days"),
    ("54 school governors", "school governors trained in safeguarding", 54, "governors"),
    ("36 children", "child death reviews completed (CDOP, 2011)", 36, "children"),
    ("\u00a388,950", "LSCB budget 2011/12", 88950, "GBP"),
    ("\u00a325,200", "partner contributions transferred to reserves", 25200, "GBP"),
    (
        "Salary costs (LSCB Manager and business support officer) 25,066",
        "expenditure: salary costs",
        25066,
        "GBP",
    ),
    ("Training costs 19,800", "expenditure: training costs", 19800, "GBP"),
    ("Consultancy costs 19,026", "expenditure: consultancy costs", 19026, "GBP"),
    ("Other 3,204", "expenditure: other", 3204, "GBP"),
    ("Total expenditure 67,096", "total expenditure", 67096, "GBP"),
    ("(Transfer to reserves) (25,196)", "transfer to reserves", -25196, "GBP"),
    ("Health 41,481", "partner contribution: Health", 41481, "GBP"),
    ("Metropolitan Police 5,000", "partner contribution: Metropolitan Police", 5000, "GBP"),
    ("Probation 2,000", "partner contribution: Probation", 2000, "GBP"),
    ("CAFCASS 550", "partner contribution: CAFCASS", 550, "GBP"),
    ("Total 49,031", "total partner contributions", 49031, "GBP"),
    ("\u00a33,340", "income from training charges", 3340, "GBP"),
    ("\u00a339,921", "local authority contribution", 39921, "GBP"),
    ("277 contacts", "contacts recorded as potential CP concerns 2011/12", 277, "contacts"),
    ("345 contacts", "contacts recorded as potential CP concerns 2010/11", 345, "contacts"),
    ("271 conferences", "child protection conferences", 271, "conferences"),
    ("514 children", "children discussed at child protection conferences", 514, "children"),
    ("83 initial", "initial child protection conferences", 83, "conferences"),
    ("177 review", "review child protection conferences", 177, "conferences"),
    ("124 children", "children whose CP plans ended", 124, "children"),
    ("9 (7.3%)", "CP plans ended after 2 or more years", 7.3, "percent"),
    ("119 children", "children made subject to a CP plan", 119, "children"),
    ("3 (2.5%)", "second or subsequent CP plan", 2.5, "percent"),
    ("41 child death notifications", "child death notifications", 41, "notifications"),
    ("fifty-two LADO notifications", "LADO notifications", 52, "notifications"),
    ("1400 offenders", "offenders supervised (Westminster/K&C)", 1400, "offenders"),
    ("9,500 staff", "Imperial staff in safeguarding training programmes", 9500, "staff"),
]


def seed_lines() -> list[str]:
    return SEED_TEXT.read_text(encoding="utf-8").split("\n")


def _clean(line: str) -> str:
    return line.replace("*", "").strip()


def seed_cover_and_contents(lines: list[str]) -> tuple[list[Block], int]:
    """Cover lines (groups of non-blank lines before CONTENTS) and the contents list."""
    contents_at = next(i for i, ln in enumerate(lines) if ln.strip() == "CONTENTS")
    cover, group = [], []
    for ln in [*lines[:contents_at], ""]:
        if ln.strip():
            group.append(_clean(ln))
        elif group:
            cover.append(" ".join(group))
            group = []
    body_at = next(i for i, ln in enumerate(lines) if i > contents_at and ln.strip() == "Foreword")
    entries = [_clean(ln.lstrip("- ")) for ln in lines[contents_at + 1 : body_at] if ln.strip()]
    blocks: list[Block] = [("cover", cover), ("h", 1, "CONTENTS"), ("ul", entries), ("pagebreak",)]
    return blocks, body_at


def seed_table_rows(numbered: list[tuple[int, str]]) -> list[list[str]]:
    """Tab lines -> logical rows, merging the fragment lines listed in SEED_FRAGMENTS."""
    rows: list[list[str]] = []
    for number, line in numbered:
        cells = [c.strip() for c in line.split("\t")]
        if number in SEED_FRAGMENTS:
            first = next(c for c in cells if c)
            if not first.startswith(SEED_FRAGMENTS[number]):
                raise ValueError(f"{SEED_TEXT.name} line {number}: expected a fragment {first!r}")
            rows[-1] = [join_fragment(a, b) for a, b in zip(rows[-1], cells, strict=True)]
        else:
            rows.append(cells)
    return rows


def seed_tables(numbered: list[tuple[int, str]], agency: str, caption: str) -> list[Block]:
    """One run of tab lines -> table blocks (stock-take runs hold a Risk and a Strengths table)."""
    rows = seed_table_rows(numbered)
    if rows[0][0] not in ("Risk", "Strengths"):
        spec = {"caption": caption, "kind": "accounts", "header": [], "rows": rows}
        spec.update(widths=[0.38, 0.14, 0.48], show_caption=False)
        return [("table", spec)]
    blocks: list[Block] = []
    for row in rows:
        if row[0] in ("Risk", "Strengths"):
            kind = "stocktake-risk" if row[0] == "Risk" else "stocktake-strength"
            spec = {"caption": agency, "agency": agency, "kind": kind, "header": [row], "rows": []}
            spec["show_caption"] = False
            blocks.append(("table", spec))
        else:
            blocks[-1][1]["rows"].append(row)
    return blocks


def seed_body(lines: list[str], start: int) -> list[Block]:
    blocks: list[Block] = []
    run: list[tuple[int, str]] = []
    agency, last_text = "", ""

    def flush() -> None:
        if run:
            blocks.extend(seed_tables(run, agency, last_text))
            run.clear()

    for number, raw in enumerate(lines[start:], start=start + 1):
        line = raw.strip()
        if "\t" in raw:
            run.append((number, raw))
            continue
        if not line:
            continue
        flush()
        line = line.strip("<>")
        if line in SEED_HEADINGS or line in SEED_AGENCIES or _PERF_SUBHEADING.match(line):
            level = SEED_HEADINGS.get(line, 3 if _PERF_SUBHEADING.match(line) else 2)
            agency = line if line in SEED_AGENCIES else agency
            blocks.append(("h", level, line))
        elif line.startswith("- "):
            if blocks and blocks[-1][0] == "ul":
                blocks[-1][1].append(line[2:])
            else:
                blocks.append(("ul", [line[2:]]))
        elif _continues(blocks, line):
            blocks[-1] = ("p", f"{blocks[-1][1]} {line}")
        else:
            blocks.append(("p", line))
        last_text = blocks[-1][1] if blocks[-1][0] == "p" else last_text
    flush()
    return _seed_signature(blocks)


def _continues(blocks: list[Block], line: str) -> bool:
    """A paragraph cut by a page break in the original: no closing stop, next starts lower-case."""
    if not blocks or blocks[-1][0] != "p":
        return False
    return not re.search(r"[.:;!?)]$", blocks[-1][1]) and line[:1].islower()


def _seed_signature(blocks: list[Block]) -> list[Block]:
    """The chair's name and role under the foreword are a signature, not paragraphs."""
    out: list[Block] = []
    for block in blocks:
        if block == ("p", "Independent Chair, Westminster LSCB") and out[-1] == (
            "p",
            "Terry Bamford",
        ):
            out[-1] = ("signature", ["Terry Bamford", "Independent Chair, Westminster LSCB"])
        else:
            out.append(block)
    return out


def seed_paper() -> Paper:
    lines = seed_lines()
    head, body_at = seed_cover_and_contents(lines)
    return Paper(
        file=f"{SEED_STEM}.pdf",
        title=SEED_TITLE,
        board="Westminster LSCB",
        boroughs=["Westminster"],
        period="2011/12",
        doc_type="annual_report",
        synthetic=False,
        blocks=[*head, *seed_body(lines, body_at)],
        figures=SEED_FIGURES,
        subject="Westminster Local Safeguarding Children Board annual report 2011/12",
        author="Westminster LSCB",
    )


# ---------------------------------------------------------------------------
# Synthetic papers
# ---------------------------------------------------------------------------


def load_synthetic_content() -> ModuleType:
    path = SOURCE / "synthetic_content.py"
    spec = importlib.util.spec_from_file_location("synthetic_content", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"{path}: cannot load the synthetic content")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def synthetic_papers() -> list[Paper]:
    content = load_synthetic_content()
    papers = []
    for raw in content.PAPERS:
        fields = {k: v for k, v in raw.items() if k != "format"}
        paper = Paper(synthetic=True, **fields)
        if "synthetic" not in paper.file:
            raise ValueError(f"{paper.file}: a synthetic paper's file name must say 'synthetic'")
        paper.subject = paper.subject or f"SYNTHETIC test document: {paper.title}"
        paper.author = paper.author or "boardsearch test corpus (synthetic)"
        papers.append(paper)
    return papers


# ---------------------------------------------------------------------------
# DOCX (one synthetic paper): Heading 1/2 styles, a table, explicit page breaks
# ---------------------------------------------------------------------------

FIXED_ZIP_TIME = (2015, 3, 31, 12, 0, 0)


def render_docx(paper: Paper, path: Path) -> Render:
    """Write a DOCX; a page here is what lies between explicit page breaks."""
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    _docx_properties(document, paper)
    header = document.sections[0].header.paragraphs[0]
    header.text = f"{SYNTHETIC_BANNER} | {paper.title}"
    render, page, t = Render(), 1, 0
    for i, block in enumerate(paper.blocks):
        kind = block[0]
        if kind == "pagebreak":
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            page += 1
            document.add_paragraph(SYNTHETIC_BANNER)
            continue
        render.block_pages[i] = page
        if kind == "cover":
            document.add_paragraph(SYNTHETIC_BANNER)
            for line in block[1]:
                document.add_paragraph(plain(line)).runs[0].bold = True
        elif kind == "h":
            document.add_heading(plain(block[2]), level=block[1])
        elif kind == "p":
            document.add_paragraph(plain(block[1]))
        elif kind in ("ul", "ol"):
            style = "List Bullet" if kind == "ul" else "List Number"
            for item in block[1]:
                document.add_paragraph(plain(item), style=style)
        elif kind == "table":
            _docx_table(document, block[1])
            render.table_pages[t] = [page]
            render.row_pages[t] = {r: page for r in range(len(block[1]["rows"]))}
            t += 1
        else:
            raise ValueError(f"{paper.file}: block kind {kind!r} is not supported in DOCX")
    render.pages = page
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(normalise_zip(buffer.getvalue()))
    return render


def _docx_properties(document: Any, paper: Paper) -> None:
    props = document.core_properties
    props.title = paper.title
    props.subject = paper.subject
    props.keywords = "synthetic; test document"
    props.author = paper.author
    props.last_modified_by = paper.author
    props.comments = SYNTHETIC_BANNER
    props.revision = 1
    props.created = props.modified = datetime(2015, 3, 31, 12, 0, 0)


def _docx_table(document: Any, spec: dict[str, Any]) -> None:
    if spec.get("caption"):
        document.add_paragraph(plain(spec["caption"]))
    n_cols = len(spec["rows"][0])
    table = document.add_table(rows=0, cols=n_cols)
    table.style = "Table Grid"
    for row in [*spec["header"], *spec["rows"]]:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = plain(text)
    for cell in table.rows[0].cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True


def normalise_zip(data: bytes) -> bytes:
    """Re-pack a zip with fixed timestamps and order so that it is byte-identical each run."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in sorted(src.namelist()):
            info = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(name))
    return out.getvalue()


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------


def paper_dirs(paper: Paper, out_dir: Path) -> tuple[Path, Path]:
    """Where a paper and its truth go: a synthetic paper among the fixtures, never beside
    the real papers that `boardsearch start` loads."""
    base = out_dir / FIXTURES if paper.synthetic else out_dir
    return base / "papers", base / "truth"


def build_paper(paper: Paper, out_dir: Path) -> dict[str, Any]:
    papers_dir, truth_dir = paper_dirs(paper, out_dir)
    path = papers_dir / paper.file
    render = render_docx(paper, path) if path.suffix == ".docx" else render_pdf(paper, path)
    data = truth(paper, render)
    write_json(truth_dir / f"{paper.file}.truth.json", data)
    return data


def all_papers(only: Sequence[str] = ()) -> list[Paper]:
    papers = [seed_paper(), *synthetic_papers()]
    return [p for p in papers if not only or p.file in only]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Regenerate the boardsearch corpus.")
    parser.add_argument(
        "--out", type=Path, default=HERE, help="folder for papers/, truth/ and fixtures/"
    )
    parser.add_argument("--only", nargs="*", default=(), help="file names to build (default all)")
    args = parser.parse_args(argv)
    rows = 0
    for paper in all_papers(args.only):
        for folder in paper_dirs(paper, args.out):
            folder.mkdir(parents=True, exist_ok=True)
        data = build_paper(paper, args.out)
        n = sum(len(t["rows"]) for t in data["tables"])
        rows += n
        print(f"{paper.file}: {data['pages']} pages, {len(data['tables'])} tables, {n} rows")
    print(f"total table rows in truth: {rows}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
