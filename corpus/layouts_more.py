"""More stock-take layouts: the ways councils also typeset the register (issue 23).

corpus/layouts.py typesets the seed's 51 stock-take rows (SYNTHETIC agency names) in
the first round's families. This module adds the families councils also use, each
drawn at random per seed with its own variations (fonts, sizes, widths, page breaks,
the wording of headings and kind words, how RAG, owners and due dates are written):

* ``running_columns``: each agency on its own pages, named only in the running header;
  one column per kind ("Risks | Strengths") with the rows paired and blank cells where
  one list is longer (optionally a response column beside each);
* ``action_log``: Agency | Area | Issue | RAG | Action | Owner | Due, the kind in
  "Area", the agency cell merged and centred vertically over its block;
* ``no_table``: the agency as a heading, then labelled lists ("Key risks:", bullets,
  "Strengths:", bullets, "Areas for development", "What we need from the board"),
  optionally with "Action:", "RAG: Amber", "Lead:", "By:" lines under a bullet;
* ``word_captioned``: Word, one captioned table per agency (caption above or below),
  two header rows (column groups over column names), manual line breaks in cells;
* ``spreadsheet``: a spreadsheet print: 7 pt, gridlines, header repeated on each page,
  rows split across pages, a total row per agency ("9 risks, 4 strengths");
* ``label_columns``: leading label columns, "Ref | Agency | Type | Description | ...",
  with RAG, Owner, Due and Evidence columns at the end in some;
* ``frozen_panes``: a landscape spreadsheet too wide for a page, printed in column
  panes with the frozen first columns (Ref, Agency) repeated on each printed page;
* ``rotated``: landscape tables turned 90 degrees on portrait pages, either drawn
  turned (text runs up or down the page) or with the page's /Rotate set;
* ``sheet_per_kind``: one sheet (or section) per kind, all agencies on it, the kind
  named only by the sheet (running header) or the section heading;
* ``scanned``: another layout printed, scanned (pages as images, a little skew and
  speckle) and rebuilt as an image-only PDF; read with OCR (needs ocrmypdf);
* ``numbered_sections``: agencies as numbered sections ("3. Kestwick Police") among
  other numbered sections, their rows under them (sub-sections "3.1 Key risks");
* ``multi_agency``: one table for every agency, some rows naming two agencies
  ("Kestwick Police / Fellgate Probation").

Truth. Every printed register row is a truth row, with the fields the layout prints
(``layouts.TruthRow``: RAG normalised to red/amber/green, owner and due date as
printed, the due date also normalised to ISO where it is unambiguous, evidence,
reference). Rows that are not register rows are written but are never truth: total
and count rows, "What we need from the board" lists, column letters and row numbers
of a spreadsheet print.

A row that names two agencies is, in the truth, one row per agency, each carrying both
names in ``agencies``: a board officer filtering the register by either agency must
find the shared risk, and ``agencies`` says it is one row shared, so counts of distinct
statements can fold the two.

Due dates are read the UK way (31/03/2013 is 31 March); a financial year 2012/13 runs
April 2012 to March 2013, so "Q4 2012/13" is "2013-01/2013-03" (an ISO interval of
months) and "2013/14" is "2013-04/2014-03"; "Ongoing" and "TBC" have no ISO date.

Every file says SYNTHETIC on every page (the running header, drawn into the page
image for scans) and in its properties. Deterministic per seed.
"""

from __future__ import annotations

import io
import random
import re
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import layouts
from layouts import SYNTHETIC_BANNER, Block, TruthRow
from reportlab.platypus import Flowable

NEW_FAMILIES = (
    "running_columns",
    "action_log",
    "no_table",
    "word_captioned",
    "spreadsheet",
    "label_columns",
    "frozen_panes",
    "rotated",
    "sheet_per_kind",
    "scanned",
    "numbered_sections",
    "multi_agency",
)
FIELDS = ("rag", "owner", "due", "due_iso", "evidence", "reference", "agencies")

# ---------------------------------------------------------------- words

RISK_WORDS = ("Risks", "Key risks", "Areas of concern", "Challenges", "Risks identified")
STRENGTH_WORDS = ("Strengths", "Key strengths", "What is working well", "Good practice")
# singular kind words for a Type or Area cell: (risk, strength)
KIND_CELLS = (
    ("Risk", "Strength"),
    ("Key risk", "Key strength"),
    ("Area of concern", "Good practice"),
    ("Challenge", "What is working well"),
    ("Area for development", "Strength"),
)
RAG_FORMS = {
    "word": {"red": "Red", "amber": "Amber", "green": "Green"},
    "letter": {"red": "R", "amber": "A", "green": "G"},
    "upper": {"red": "RED", "amber": "AMBER", "green": "GREEN"},
}
RAG_FILLS = {"red": "#e06666", "amber": "#f6b26b", "green": "#93c47d"}
ROLES_OWNING = (
    "Head of Safeguarding",
    "Designated Nurse",
    "Named Doctor",
    "LSCB Business Manager",
    "Detective Inspector, Public Protection",
    "Head of Service, Early Help",
    "Safeguarding Lead",
    "Service Manager",
    "Director of Nursing",
    "Chair of the QA sub-group",
    "Assistant Director, Children's Services",
    "Training Co-ordinator",
)
EVIDENCE = (
    "Section 11 audit",
    "Multi-agency case file audit (40 cases)",
    "Ofsted inspection report",
    "Quarterly performance report",
    "Staff survey results",
    "Training attendance records",
    "Serious case review action plan",
    "Peer review findings",
    "Supervision audit",
    "Feedback from children and families",
)
MONTHS = (
    "January February March April May June July August September October November December"
).split()
DUE_STYLES = ("dmy_slash", "d_month_y", "month_y", "mon_yy", "quarter_fy", "fy", "mixed")
OWNER_STYLES = ("role", "agency", "mixed")
FONTS_PDF = (
    ("Helvetica", "Helvetica-Bold", "Helvetica-Oblique"),
    ("Times-Roman", "Times-Bold", "Times-Italic"),
)
FONTS_DOCX = ("Calibri", "Arial", "Times New Roman", "Verdana")


def due_text(rng: random.Random, style: str, year: int) -> tuple[str, str]:
    """A due date written in ``style`` within the plan's two years: (as printed, ISO or "").

    ``year`` is the stock-take's first year (2012 for 2012/13). Quarter ends are the
    likeliest days, as in real action plans.
    """
    if style == "mixed":
        if rng.random() < 0.12:
            return rng.choice(("Ongoing", "TBC", "Quarterly")), ""
        style = rng.choice(DUE_STYLES[:-1])
    month = rng.choice((3, 6, 9, 12, 3, 3, 7, 10, 1, 4))
    y = year + (1 if month <= 3 else 0) + (1 if rng.random() < 0.3 else 0)
    day = {1: 31, 3: 31, 4: 30, 6: 30, 7: 31, 9: 30, 10: 31, 12: 31}[month]
    if rng.random() < 0.25:
        day = rng.randint(1, 28)
    name = MONTHS[month - 1]
    if style == "dmy_slash":
        return f"{day:02d}/{month:02d}/{y}", f"{y}-{month:02d}-{day:02d}"
    if style == "d_month_y":
        return f"{day} {name} {y}", f"{y}-{month:02d}-{day:02d}"
    if style == "month_y":
        return f"{name} {y}", f"{y}-{month:02d}"
    if style == "mon_yy":
        return f"{name[:3]}-{y % 100:02d}", f"{y}-{month:02d}"
    fy = y - 1 if month <= 3 else y  # the financial year the month falls in
    if style == "quarter_fy":
        q = (month - 4) % 12 // 3 + 1
        first = 4 + 3 * (q - 1)
        cal = fy + (1 if first > 12 else 0)
        first = (first - 1) % 12 + 1
        return f"Q{q} {fy}/{(fy + 1) % 100:02d}", f"{cal}-{first:02d}/{cal}-{first + 2:02d}"
    return f"{fy}/{(fy + 1) % 100:02d}", f"{fy}-04/{fy + 1}-03"


def rag_of(rng: random.Random, kind: str) -> str:
    """A RAG rating: risks mostly red or amber, strengths mostly green."""
    if kind == "risk":
        return rng.choices(("red", "amber", "green"), (4, 5, 1))[0]
    return rng.choices(("green", "amber"), (9, 1))[0]


def owner_of(rng: random.Random, style: str, agency: str, agencies: list[str]) -> str:
    if style == "mixed":
        style = rng.choice(("role", "role", "agency"))
    if style == "role":
        return rng.choice(ROLES_OWNING)
    return rng.choice((agency, agency, rng.choice(agencies), "LSCB", "All partners"))


def initials(name: str) -> str:
    """Capital initials of a name, its bracketed short form aside: "Kestwick Police" -> "KP"."""
    name = re.sub(r"\(.*?\)", "", name)
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w']*", name) if w[0].isupper())[:4]


# ---------------------------------------------------------------- the layout


@dataclass(frozen=True)
class FamilyLayout:
    """One drawn layout of a newer family: the family, its format and its variations."""

    seed: int
    family: str
    fmt: str  # pdf | docx
    style: str  # table rules: ruled | unruled | zebra | gridlines
    landscape: bool
    font: int  # index into FONTS_PDF / FONTS_DOCX
    size: float  # body size of table cells, points
    options: tuple[tuple[str, Any], ...] = ()
    base: Any = None  # scanned: the layout printed and scanned (a Layout or FamilyLayout)

    def opt(self, name: str, default: Any = None) -> Any:
        return dict(self.options).get(name, default)

    @property
    def needs_ocr(self) -> bool:
        return self.family == "scanned"

    def describe(self) -> str:
        opts = ", ".join(f"{k}={v}" for k, v in self.options)
        orient = "landscape" if self.landscape else "portrait"
        head = f"{self.family}:{self.fmt}:{self.style} [{orient}, {self.size:g} pt"
        base = f"; of {self.base.describe()}" if self.base is not None else ""
        return f"{head}{', ' if opts else ''}{opts}]{base}"

    def dims(self) -> dict[str, list[str]]:
        """The layout's choices, by dimension, for the evaluation's tables."""
        flags = [f"{self.family}:{k}={v}" for k, v in self.options if not isinstance(v, float)]
        return {
            "family": [self.family],
            "format": [self.fmt],
            "style": [f"{self.fmt}:{self.style}"],
            "flags": flags,
        }


def choose(seed: int, families: str = "new") -> FamilyLayout:
    """The layout of ``seed`` among ``families`` ("new", or names joined by commas).

    The family is drawn first; the variations come from a generator seeded by the
    family and the seed only, so a seed's layout in a family is the same whatever
    set it was drawn from.
    """
    names = NEW_FAMILIES if families == "new" else tuple(families.split(","))
    unknown = [n for n in names if n not in NEW_FAMILIES]
    if unknown:
        known = ", ".join(("old", "new", "all", *NEW_FAMILIES))
        raise ValueError(f"unknown layout family {', '.join(unknown)!r}; known: {known}")
    family = random.Random(f"layout-more-{seed}").choice(names)
    return draw(seed, family)


def draw(seed: int, family: str, fmt: str | None = None) -> FamilyLayout:
    """The variations of ``family`` for ``seed`` (``fmt`` forces PDF or Word where both go)."""
    rng = random.Random(f"layout-{family}-{seed}")
    spec = _CHOOSERS[family](rng)
    formats = spec.pop("formats")
    chosen = formats[0] if len(formats) == 1 or rng.random() < 0.7 else formats[1]
    chosen = fmt if fmt in formats else chosen
    styles = spec.pop("styles", ("ruled", "unruled", "zebra"))
    if chosen == "docx":
        styles = tuple(s for s in styles if s in ("ruled", "unruled")) or ("ruled",)
    style = rng.choice(styles)
    landscape = rng.random() < spec.pop("landscape", 0.3)
    fonts = FONTS_DOCX if chosen == "docx" else FONTS_PDF
    font = rng.randrange(len(fonts))
    size = spec.pop("size", rng.choice((8.0, 8.5, 9.0, 9.5)))
    base = None
    if family == "scanned":  # the page is an image of the base layout's page
        base = _scan_base(rng, seed)
        style, landscape, size = "image", base.landscape, getattr(base, "size", 8.5)
    options = tuple(sorted(spec.items()))
    return FamilyLayout(seed, family, chosen, style, landscape, font, size, options, base)


def _scan_base(rng: random.Random, seed: int) -> Any:
    """The layout that was printed before scanning: an old PDF layout or a newer one."""
    kind = rng.choice(("old", "old", "action_log", "label_columns", "numbered_sections"))
    if kind != "old":
        return draw(seed, kind, fmt="pdf")
    old = layouts._choose_old(seed)
    grouping = old.grouping
    naming = old.naming if old.fmt == "pdf" else rng.choice(layouts._NAMINGS_FOR[grouping])
    return layouts.Layout(
        **{
            **old.__dict__,
            "fmt": "pdf",
            "naming": naming,
            "style": old.style if old.fmt == "pdf" else "ruled",
            "two_column": False,
            "break_before_table": old.break_before_table and naming in ("heading", "bold"),
        }
    )


def _choose_running_columns(rng: random.Random) -> dict[str, Any]:
    return {
        "formats": ("pdf",),
        "words": rng.randrange(len(RISK_WORDS)),
        "strength_words": rng.randrange(len(STRENGTH_WORDS)),
        "detail": rng.random() < 0.35,
        "numbered": rng.random() < 0.3,
        "title_above": rng.random() < 0.5,
        "running_at": rng.choice(("right", "centre", "left")),
        "running_form": rng.choice(
            ("{agency}", "{agency}", "Agency: {agency}", "{title} - {agency}")
        ),
    }


def _choose_action_log(rng: random.Random) -> dict[str, Any]:
    return {
        "formats": ("pdf", "docx"),
        "styles": ("ruled", "ruled", "gridlines", "zebra"),
        "landscape": 0.6,
        "heads": rng.randrange(3),
        "kind_cells": rng.randrange(len(KIND_CELLS)),
        "area_every_row": rng.random() < 0.7,
        "rag": rng.choice(tuple(RAG_FORMS)),
        "rag_fill": rng.random() < 0.5,
        "due": rng.choice(DUE_STYLES),
        "owner": rng.choice(OWNER_STYLES),
        "support_col": rng.random() < 0.3,
        "repeat_header": rng.random() < 0.6,
        "intro": rng.random() < 0.5,
    }


def _choose_no_table(rng: random.Random) -> dict[str, Any]:
    return {
        "formats": ("pdf", "docx"),
        "heading": rng.choice(("bold", "h2", "label")),
        "words": rng.randrange(len(RISK_WORDS)),
        "strength_words": rng.randrange(len(STRENGTH_WORDS)),
        "colon": rng.random() < 0.7,
        "marker": rng.choice(("\u2022", "-", "\u2013", "1.", "\u2022")),
        "development": rng.random() < 0.35,
        "board_asks": rng.random() < 0.5,
        "strengths_first": rng.random() < 0.25,
        "details": rng.choice(("none", "none", "action", "full", "inline")),
        "rag": rng.choice(("word", "word", "upper")),
        "due": rng.choice(DUE_STYLES),
        "owner": rng.choice(OWNER_STYLES),
        "break_per_agency": rng.random() < 0.3,
    }


def _choose_word_captioned(rng: random.Random) -> dict[str, Any]:
    return {
        "formats": ("docx",),
        "caption_at": rng.choice(("above", "above", "below")),
        "caption_form": rng.randrange(3),
        "groups": rng.randrange(3),
        "type_col": rng.random() < 0.35,
        "heads": rng.randrange(3),
        "breaks": rng.choice((0.3, 0.6, 0.9)),
        "numbered": rng.random() < 0.3,
        "header_marked": rng.random() < 0.7,
    }


def _choose_spreadsheet(rng: random.Random) -> dict[str, Any]:
    return {
        "formats": ("pdf",),
        "styles": ("gridlines",),
        "landscape": 0.7,
        "size": 7.0,
        "agency_every_row": rng.random() < 0.6,
        "total_form": rng.randrange(3),
        "grand_total": rng.random() < 0.5,
        "title_row": rng.random() < 0.4,
        "headings": rng.random() < 0.2,
        "extras": rng.random() < 0.4,
        "rag": rng.choice(tuple(RAG_FORMS)),
        "due": rng.choice(DUE_STYLES),
        "owner": rng.choice(OWNER_STYLES),
        "kind_cells": rng.randrange(2),
        "sheet": rng.choice(("Sheet1", "Stock take", "All partners")),
    }


def _choose_label_columns(rng: random.Random) -> dict[str, Any]:
    tails = ("rag", "owner", "due", "evidence")
    return {
        "formats": ("pdf", "docx"),
        "styles": ("ruled", "gridlines", "zebra", "unruled"),
        "landscape": 0.6,
        "labels": rng.randrange(4),
        "ref": rng.choice(("kind_n", "initials", "serial", "slash")),
        "kind_cells": rng.randrange(2),
        "tails": "+".join(t for t in tails if rng.random() < 0.45) or "none",
        "agency_every_row": rng.random() < 0.7,
        "rag": rng.choice(tuple(RAG_FORMS)),
        "due": rng.choice(DUE_STYLES),
        "owner": rng.choice(OWNER_STYLES),
        "repeat_header": rng.random() < 0.6,
    }


def _choose_frozen_panes(rng: random.Random) -> dict[str, Any]:
    return {
        "formats": ("pdf",),
        "styles": ("gridlines",),
        "landscape": 1.0,
        "size": rng.choice((7.0, 7.5, 8.0, 8.5)),
        "frozen": rng.choice(("ref+agency", "agency", "ref+agency+type")),
        "order": rng.choice(("down_then_over", "over_then_down")),
        "ref": rng.choice(("kind_n", "initials", "serial")),
        "rag": rng.choice(tuple(RAG_FORMS)),
        "due": rng.choice(DUE_STYLES),
        "owner": rng.choice(OWNER_STYLES),
        "kind_cells": rng.randrange(2),
    }


def _choose_rotated(rng: random.Random) -> dict[str, Any]:
    return {
        "formats": ("pdf",),
        "landscape": 0.0,
        "mode": rng.choice(("drawn", "page_rotate")),
        "angle": rng.choice((90, 270)),
        "grouping": rng.choice(("per_agency", "per_agency", "one_table")),
        "heads": rng.randrange(3),
        "repeat_header": rng.random() < 0.6,
    }


def _choose_sheet_per_kind(rng: random.Random) -> dict[str, Any]:
    return {
        "formats": ("pdf", "docx"),
        "styles": ("gridlines", "ruled", "zebra", "unruled"),
        "landscape": 0.6,
        "named_by": rng.choice(("running", "running", "heading")),
        "words": rng.randrange(len(RISK_WORDS)),
        "strength_words": rng.randrange(len(STRENGTH_WORDS)),
        "sheet_form": rng.choice(("{name}", "Sheet: {name}", "{name} - {title}")),
        "statement_head": rng.choice(("Issue", "Description", "Item", "Detail")),
        "agency_every_row": rng.random() < 0.5,
        "strengths_first": rng.random() < 0.2,
    }


def _choose_scanned(rng: random.Random) -> dict[str, Any]:
    return {
        "formats": ("pdf",),
        "dpi": rng.choice((250, 300, 300)),
        "colour": rng.choice(("grey", "grey", "bilevel")),
        "skew": round(rng.uniform(-0.5, 0.5), 2),
        "speckle": rng.choice((0, 100, 400)),
    }


def _choose_numbered_sections(rng: random.Random) -> dict[str, Any]:
    return {
        "formats": ("pdf", "docx"),
        "first": rng.choice((2, 3, 3, 4)),
        "heading_form": rng.choice(("{n}. {agency}", "{n} {agency}", "Section {n}: {agency}")),
        "as_heading": rng.random() < 0.7,
        "sub_sections": rng.random() < 0.5,
        "words": rng.randrange(len(RISK_WORDS)),
        "strength_words": rng.randrange(len(STRENGTH_WORDS)),
        "refs": rng.choice(("none", "column", "in_statement")),
        "heads": rng.randrange(3),
        "neutral_head": rng.random() < 0.4,
        "break_per_section": rng.random() < 0.3,
    }


def _choose_multi_agency(rng: random.Random) -> dict[str, Any]:
    return {
        "formats": ("pdf", "docx"),
        "landscape": 0.5,
        "joint": rng.randint(2, 5),
        "separator": rng.choice((" / ", " and ", ", ", " & ", "/")),
        "per_kind": rng.random() < 0.4,
        "heads": rng.randrange(3),
        "kind_cells": rng.randrange(2),
        "repeat_header": rng.random() < 0.5,
    }


_CHOOSERS = {
    "running_columns": _choose_running_columns,
    "action_log": _choose_action_log,
    "no_table": _choose_no_table,
    "word_captioned": _choose_word_captioned,
    "spreadsheet": _choose_spreadsheet,
    "label_columns": _choose_label_columns,
    "frozen_panes": _choose_frozen_panes,
    "rotated": _choose_rotated,
    "sheet_per_kind": _choose_sheet_per_kind,
    "scanned": _choose_scanned,
    "numbered_sections": _choose_numbered_sections,
    "multi_agency": _choose_multi_agency,
}


# ---------------------------------------------------------------- abstract document


@dataclass
class Cell:
    """A table cell; "\\n" in ``text`` is a manual line break (Word: a w:br)."""

    text: str = ""
    bold: bool = False
    fill: str = ""  # background colour, "#rrggbb"
    colspan: int = 1
    rowspan: int = 1
    middle: bool = False  # centred vertically (a merged agency cell)
    grey: bool = False  # a spreadsheet print's column letters and row numbers


@dataclass
class Grid:
    """A table: rows of cells (None where a span covers the position)."""

    rows: list[list[Cell | None]]
    widths: list[float]  # fractions of the text width (points when ``frozen``)
    header_at: tuple[int, ...] = (0,)  # header rows: repeated on each page when ``repeat``
    repeat: bool = True
    size: float = 8.5
    rules: str = "ruled"  # ruled | unruled | zebra | gridlines
    split_in_row: bool = False
    header_marked: bool = False  # Word: header rows marked to repeat
    caption: str = ""  # Word: a caption paragraph with the table
    caption_below: bool = False
    frozen: int = 0  # frozen panes: this many leading columns repeat on each pane
    panes: list[list[int]] = field(default_factory=list)
    pane_order: str = "down_then_over"


@dataclass
class Doc:
    """A composed document: items to typeset in order, page furniture and the truth."""

    layout: FamilyLayout
    title: str
    items: list[tuple[Any, ...]] = field(default_factory=list)
    truth: list[TruthRow] = field(default_factory=list)
    running_at: str = "right"  # where a running text set by a "running" item goes
    header_centre: str = ""  # a fixed text at the head's centre (a sheet's tab name)
    footer: str = "page {n}"


@dataclass(frozen=True)
class Entry:
    """One seed row to typeset: its synthetic agency, kind, four cells and drawn extras."""

    agency: str
    kind: str
    cells: tuple[str, str, str, str]
    n: int  # its number among its agency's rows of its kind, from 1
    rag: str
    owner: str
    due: str
    due_iso: str
    evidence: str


def plain_statement(text: str) -> str:
    """The statement without the seed's own "1." (for layouts numbering it their own way)."""
    return re.sub(r"^\s*\d{1,2}\.\s+", "", text)


def jitter(widths: list[float], rng: random.Random, spread: float = 0.15) -> list[float]:
    """Column fractions varied a little and summing to one again."""
    varied = [w * rng.uniform(1 - spread, 1 + spread) for w in widths]
    total = sum(varied)
    return [w / total for w in varied]


def breaks_in(text: str, rng: random.Random) -> str:
    """Manual line breaks every few words, as typed with Shift+Enter to wrap a cell."""
    words = text.split(" ")
    if len(words) < 8:
        return text
    out, run = [], 0
    for i, word in enumerate(words):
        out.append(word)
        run += 1
        if i < len(words) - 1 and run >= rng.randint(5, 10):
            out.append("\n")
            run = 0
        elif i < len(words) - 1:
            out.append(" ")
    return "".join(out)


def count_words(n_risks: int, n_strengths: int) -> str:
    """ "9 risks, 4 strengths" (singular for one)."""
    r = "risk" if n_risks == 1 else "risks"
    s = "strength" if n_strengths == 1 else "strengths"
    return f"{n_risks} {r}, {n_strengths} {s}"


class Builder:
    """A document being composed: its items, its truth, and the content's random choices."""

    def __init__(self, layout: FamilyLayout) -> None:
        self.layout = layout
        self.rng = random.Random(f"content-{layout.family}-{layout.seed}")
        blocks = layouts.seed_blocks()
        seed_agencies = list(dict.fromkeys(b.agency for b in blocks))
        synthetic = layouts.synthetic_agencies(self.rng, len(seed_agencies))
        names = dict(zip(seed_agencies, synthetic, strict=True))
        self.blocks: list[tuple[str, list[Block]]] = [
            (names[a], [b for b in blocks if b.agency == a]) for a in seed_agencies
        ]
        self.names = synthetic
        self.prose = layouts.seed_prose()
        self.year = 2012 + layout.seed % 4
        self.title = f"Partner stock-take {self.year}/{(self.year + 1) % 100:02d}"
        self.doc = Doc(layout, self.title)
        self.entries = self._entries()

    def _entries(self) -> list[Entry]:
        rng, lay = self.rng, self.layout
        due_style, owner_style = lay.opt("due", "mixed"), lay.opt("owner", "mixed")
        out = []
        for agency, blocks in self.blocks:
            for block in blocks:
                for n, row in enumerate(block.rows, start=1):
                    due, iso = due_text(rng, due_style, self.year)
                    out.append(
                        Entry(
                            agency,
                            block.kind,
                            row,
                            n,
                            rag_of(rng, block.kind),
                            owner_of(rng, owner_style, agency, self.names),
                            due,
                            iso,
                            rng.choice(EVIDENCE),
                        )
                    )
        return out

    def by_agency(self) -> list[tuple[str, list[Entry]]]:
        out: dict[str, list[Entry]] = {}
        for e in self.entries:
            out.setdefault(e.agency, []).append(e)
        return list(out.items())

    def item(self, *item: Any) -> None:
        self.doc.items.append(item)

    def truth(
        self,
        e: Entry,
        printed: set[str] | frozenset[str],
        reference: str = "",
        agency: str = "",
        agencies: tuple[str, ...] = (),
    ) -> None:
        """The truth row of ``e`` as printed: the fields in ``printed``, others empty."""

        def has(name: str, value: str) -> str:
            return value if name in printed else ""

        self.doc.truth.append(
            TruthRow(
                agency or e.agency,
                e.kind,
                e.cells[0],
                has("response", e.cells[1]),
                has("support", e.cells[2]),
                has("recommended_action", e.cells[3]),
                rag=has("rag", e.rag),
                owner=has("owner", e.owner),
                due=has("due", e.due),
                due_iso=has("due", e.due_iso),
                evidence=has("evidence", e.evidence),
                reference=reference,
                agencies=agencies,
            )
        )

    def statement(self, e: Entry, numbered: bool = False) -> str:
        text = e.cells[0]
        if numbered and not re.match(r"\d+\.\s", text):
            text = f"{e.n}. {text}"
        return text

    def reference(self, e: Entry, style: str, serial: int, k: int) -> str:
        """The row's reference in ``style``: serial is its place in the document, k in its agency."""
        letter = "R" if e.kind == "risk" else "S"
        if style == "kind_n":
            return f"{letter}{e.n}"
        if style == "initials":
            return f"{initials(e.agency)}-{letter}{e.n:02d}"
        if style == "slash":
            return f"{initials(e.agency)}/{k:02d}"
        return str(serial)

    def intro(self, heading: str = "Appendix 1 Stock take of partner agencies") -> None:
        self.item("title", self.title)
        self.item("p", f"{SYNTHETIC_BANNER}. Layout {self.layout.seed}: {self.layout.describe()}.")
        self.item("p", self.rng.choice(self.prose))
        if heading:
            self.item("h1", heading)

    def outro(self) -> None:
        self.item("h1", "Appendix 2 Next steps")
        self.item("p", self.rng.choice(self.prose))

    def kind_words(self) -> tuple[str, str]:
        lay = self.layout
        return RISK_WORDS[lay.opt("words", 0)], STRENGTH_WORDS[lay.opt("strength_words", 0)]

    def rag_text(self, e: Entry) -> str:
        return RAG_FORMS[self.layout.opt("rag", "word")][e.rag]

    def rag_cell(self, e: Entry, fill: bool) -> Cell:
        return Cell(self.rag_text(e), fill=RAG_FILLS[e.rag] if fill else "")

    def table(self, rows: list[list[Cell | None]], widths: list[float]) -> None:
        """A table of the layout's size and rules, its widths jittered, its header repeated
        (and marked so in Word) on each page when the layout says so."""
        lay = self.layout
        repeat = lay.opt("repeat_header")
        grid = Grid(
            rows,
            jitter(widths, self.rng, 0.1),
            size=lay.size,
            rules=lay.style,
            repeat=repeat,
            header_marked=repeat,
        )
        self.item("table", grid)


# ---------------------------------------------------------------- composers


def _header_cells(texts: list[str] | tuple[str, ...]) -> list[Cell | None]:
    return [Cell(t, bold=True) for t in texts]


def compose_running_columns(b: Builder) -> None:
    """Each agency on a new page named only in the running header; one column per kind."""
    lay, rng = b.layout, b.rng
    risk_word, strength_word = b.kind_words()
    detail = lay.opt("detail")
    b.doc.running_at = lay.opt("running_at")
    b.intro()
    doing = rng.choice(("What we are doing", "Action being taken", "Mitigation"))
    knowing = rng.choice(("How we know", "Evidence", "How is this evidenced?"))
    head = [risk_word, doing, strength_word, knowing] if detail else [risk_word, strength_word]
    widths = jitter([0.3, 0.2, 0.3, 0.2] if detail else [0.5, 0.5], rng, 0.1)
    printed = {"response"} if detail else set()
    for agency, entries in b.by_agency():
        b.item("running", lay.opt("running_form").format(agency=agency, title=b.title))
        if lay.opt("title_above"):
            b.item("h2", rng.choice(("Stock take", "Partner stock take", "Agency return")))
        risks = [e for e in entries if e.kind == "risk"]
        strengths = [e for e in entries if e.kind == "strength"]
        rows: list[list[Cell | None]] = [_header_cells(head)]
        for i in range(max(len(risks), len(strengths))):
            row: list[Cell | None] = []
            for side in (risks, strengths):
                e = side[i] if i < len(side) else None
                row.append(Cell(b.statement(e, lay.opt("numbered")) if e else ""))
                if detail:
                    row.append(Cell(e.cells[1] if e else ""))
            rows.append(row)
        for e in risks + strengths:
            b.truth(e, printed)
        b.item("table", Grid(rows, widths, size=lay.size, rules=lay.style))
    b.outro()


ACTION_LOG_HEADS = (
    ("Agency", "Area", "Issue", "RAG", "Action", "Owner", "Due"),
    ("Partner", "Type", "Description", "RAG rating", "Action(s) being taken", "Lead", "By when"),
    (
        "Organisation",
        "Category",
        "Concern / strength",
        "Status (RAG)",
        "Mitigating action / evidence",
        "Responsible officer",
        "Target date",
    ),
)


def compose_action_log(b: Builder) -> None:
    """Agency | Area | Issue | RAG | Action | Owner | Due; agency merged over its block."""
    lay, rng = b.layout, b.rng
    heads = list(ACTION_LOG_HEADS[lay.opt("heads")])
    widths = [0.12, 0.09, 0.25, 0.06, 0.26, 0.12, 0.10]
    printed = {"response", "rag", "owner", "due"}
    if lay.opt("support_col"):
        heads.insert(
            5, rng.choice(("Board support", "Support from the LSCB", "What the Board can do"))
        )
        widths.insert(5, 0.16)
        printed.add("support")
    kind_cells = dict(zip(("risk", "strength"), KIND_CELLS[lay.opt("kind_cells")], strict=True))
    b.intro(heading="")
    if lay.opt("intro"):
        b.item("p", "The action log below brings together each partner's return.")
    b.item(
        "h1", rng.choice(("Appendix 1 Action log", "Partner action log", "Stock take action log"))
    )
    rows: list[list[Cell | None]] = [_header_cells(heads)]
    for agency, entries in b.by_agency():
        for k, e in enumerate(entries):
            first_of_kind = k == 0 or entries[k - 1].kind != e.kind
            area = kind_cells[e.kind] if lay.opt("area_every_row") or first_of_kind else ""
            label = Cell(agency, bold=True, rowspan=len(entries), middle=True) if k == 0 else None
            row = [label, Cell(area), Cell(e.cells[0]), b.rag_cell(e, lay.opt("rag_fill"))]
            row += [Cell(e.cells[1])]
            if lay.opt("support_col"):
                row.append(Cell(e.cells[2]))
            row += [Cell(e.owner), Cell(e.due)]
            rows.append(row)
            b.truth(e, printed)
    b.table(rows, widths)
    b.outro()


def compose_no_table(b: Builder) -> None:
    """The agency as a heading, then labelled lists of risks and strengths, no table."""
    lay, rng = b.layout, b.rng
    risk_word, strength_word = b.kind_words()
    colon = ":" if lay.opt("colon") else ""
    owner_label = rng.choice(("Lead", "Owner", "Responsible"))
    due_label = rng.choice(("By", "Due", "Timescale"))
    sep = rng.choice((" | ", "; ", " \u2013 "))
    b.intro()
    for i, (agency, entries) in enumerate(b.by_agency()):
        if i and lay.opt("break_per_agency"):
            b.item("pagebreak")
        heading = lay.opt("heading")
        if heading == "label":
            b.item("bold", f"Agency: {agency}")
        else:
            b.item(heading, agency)
        risks = [e for e in entries if e.kind == "risk"]
        strengths = [e for e in entries if e.kind == "strength"]
        lists = [(risk_word, risks), (strength_word, strengths)]
        if lay.opt("development") and len(risks) > 1:
            cut = len(risks) - max(1, len(risks) // 2)
            lists = [(risk_word, risks[:cut]), ("Areas for development", risks[cut:])]
            lists.append((strength_word, strengths))
        if lay.opt("strengths_first"):
            lists = lists[-1:] + lists[:-1]
        for label, items in lists:
            if not items:
                continue
            b.item("label", label + colon)
            bullets = []
            for e in items:
                subs, printed = _no_table_details(b, e, owner_label, due_label, sep)
                bullets.append((plain_statement(e.cells[0]), subs))
                b.truth(e, printed)
            b.item("bullets", lay.opt("marker"), bullets)
        asks = list(dict.fromkeys(e.cells[2] for e in entries if e.cells[2].strip()))
        if lay.opt("board_asks") and asks:
            label = rng.choice(("What we need from the board", "Support requested from the Board"))
            b.item("label", label + colon)
            b.item("bullets", lay.opt("marker"), [(a, []) for a in asks])
    b.outro()


def _no_table_details(
    b: Builder, e: Entry, owner_label: str, due_label: str, sep: str
) -> tuple[list[str], set[str]]:
    """The lines under a bullet and the fields they print."""
    details = b.layout.opt("details")
    response = e.cells[1].strip()
    said = "Action" if e.kind == "risk" else "Evidence"
    if details == "action" or (details == "full" and e.kind == "strength"):
        return ([f"{said}: {response}"] if response else []), {"response"}
    if e.kind == "strength" or details == "none":
        return [], set()
    rag, owner, due = f"RAG: {b.rag_text(e)}", f"{owner_label}: {e.owner}", f"{due_label}: {e.due}"
    if details == "inline":
        return [sep.join((rag, owner, due))], {"rag", "owner", "due"}
    lines = [f"Action: {response}"] if response else []
    return [*lines, rag, owner, due], {"response", "rag", "owner", "due"}


GROUP_HEADS = (
    (("Issue", 1), ("Agency response", 1), ("The Board", 2)),
    (("Stock take", 2), ("What the LSCB can do", 2)),
    (("Current position", 2), ("Next steps", 2)),
)
CAPTION_FORMS = ("Table {n}: {agency}", "Table {n} \u2013 {agency} stock take", "{agency}")


def compose_word_captioned(b: Builder) -> None:
    """Word: one captioned table per agency, two header rows, manual line breaks."""
    lay, rng = b.layout, b.rng
    hv, type_col = lay.opt("heads"), lay.opt("type_col")
    chance = lay.opt("breaks")
    kind_cells = dict(zip(("risk", "strength"), KIND_CELLS[0], strict=True))

    def text(t: str) -> str:
        return breaks_in(t, rng) if rng.random() < chance else t

    b.intro()
    printed = {"response", "support", "recommended_action"}
    for n, (agency, entries) in enumerate(b.by_agency(), start=1):
        groups: list[Cell | None] = [Cell("", bold=True)] if type_col else []
        for label, span in GROUP_HEADS[lay.opt("groups")]:
            groups.append(Cell(label, bold=True, colspan=span))
            groups += [None] * (span - 1)
        rows: list[list[Cell | None]] = [groups]
        kind_now = ""
        for e in entries:
            if type_col and not kind_now:
                rows.append(_header_cells(["Type", *map(text, layouts.HEADERS["both"][hv])]))
            elif not type_col and e.kind != kind_now:
                rows.append(_header_cells([text(h) for h in layouts.HEADERS[e.kind][hv]]))
            kind_now = e.kind
            cells = [b.statement(e, lay.opt("numbered")), *e.cells[1:]]
            row = [Cell(kind_cells[e.kind])] if type_col else []
            rows.append(row + [Cell(text(c)) for c in cells])
            b.truth(e, printed)
        base = [0.28, 0.26, 0.23, 0.23]
        widths = [0.1] + [w * 0.9 for w in base] if type_col else base
        caption = CAPTION_FORMS[lay.opt("caption_form")].format(n=n, agency=agency)
        grid = Grid(
            rows,
            jitter(widths, rng, 0.1),
            header_at=(0, 1),
            size=lay.size,
            rules=lay.style,
            header_marked=lay.opt("header_marked"),
            caption=caption,
            caption_below=lay.opt("caption_at") == "below",
        )
        b.item("table", grid)
    b.outro()


SHEET_HEADS = ("Agency", "Type", "Description", "Action / evidence", "Board support")
SHEET_TAIL = ("Recommended action", "RAG", "Owner", "Due")


def compose_spreadsheet(b: Builder) -> None:
    """A spreadsheet print: 7 pt, gridlines, a total row per agency that is no register row."""
    lay, rng = b.layout, b.rng
    extras = lay.opt("extras")
    heads = list(SHEET_HEADS) + list(SHEET_TAIL if extras else SHEET_TAIL[:1])
    widths = [0.11, 0.06, 0.22, 0.2, 0.16, 0.16] + ([0.05, 0.1, 0.07] if extras else [])
    printed = {"response", "support", "recommended_action"} | (
        {"rag", "owner", "due"} if extras else set()
    )
    kind_cells = dict(zip(("risk", "strength"), KIND_CELLS[lay.opt("kind_cells")], strict=True))
    b.doc.header_centre = lay.opt("sheet")
    b.doc.footer = "Page {n}"
    body: list[list[Cell | None]] = []
    totals = [0, 0]
    for agency, entries in b.by_agency():
        for k, e in enumerate(entries):
            name = agency if k == 0 or lay.opt("agency_every_row") else ""
            row = [Cell(name), Cell(kind_cells[e.kind]), *map(Cell, e.cells[:4])]
            if extras:
                row += [Cell(b.rag_text(e)), Cell(e.owner), Cell(e.due)]
            body.append(row)
            b.truth(e, printed)
        n_r = sum(e.kind == "risk" for e in entries)
        n_s = len(entries) - n_r
        totals = [totals[0] + n_r, totals[1] + n_s]
        body.append(_total_row(lay.opt("total_form"), agency, n_r, n_s, len(heads)))
    if lay.opt("grand_total"):
        grand = [Cell("Grand total", bold=True), Cell(""), Cell(count_words(*totals), bold=True)]
        body.append(grand + [Cell("") for _ in heads[3:]])
    lead: list[list[Cell | None]] = []
    if lay.opt("title_row"):
        lead.append([Cell(f"{b.title} \u2013 all partners", bold=True, colspan=len(heads))])
        lead[0] += [None] * (len(heads) - 1)
    rows = [*lead, _header_cells(heads), *body]
    header_at: tuple[int, ...] = (len(lead),)
    widths = jitter(widths, rng, 0.1)
    if lay.opt("headings"):
        rows, widths = _print_headings(rows, widths)
        header_at = (0, len(lead) + 1)
    grid = Grid(
        rows,
        widths,
        header_at=header_at,
        size=lay.size,
        rules="gridlines",
        split_in_row=True,
    )
    b.item("table", grid)


def _total_row(form: int, agency: str, n_r: int, n_s: int, width: int) -> list[Cell | None]:
    """An agency's total row, in one of the ways spreadsheets write one."""
    counts = count_words(n_r, n_s)
    if form == 0:
        cells = [Cell(f"{agency} total", bold=True), Cell(""), Cell(counts, bold=True)]
    elif form == 1:
        cells = [Cell(""), Cell("Total", bold=True), Cell(f"{n_r + n_s} items ({counts})")]
    else:
        cells = [Cell(agency, bold=True), Cell("Subtotal", bold=True), Cell(counts, bold=True)]
    return cells + [Cell("") for _ in range(width - 3)]


def _print_headings(
    rows: list[list[Cell | None]], widths: list[float]
) -> tuple[list[list[Cell | None]], list[float]]:
    """Excel's "print row and column headings": letters over the columns, numbers beside
    the rows (the sheet's own numbering, from 1 at its first row)."""
    grey = "#e8e8e8"
    letters: list[Cell | None] = [Cell("", fill=grey, grey=True)]
    letters += [Cell(chr(ord("A") + i), fill=grey, grey=True) for i in range(len(widths))]
    out = [letters]
    for i, row in enumerate(rows):
        out.append([Cell(str(i + 1), fill=grey, grey=True), *row])
    widths = [0.03] + [w * 0.97 for w in widths]
    return out, widths


LABEL_HEADS = (
    ("Ref", "Agency", "Type"),
    ("No.", "Partner", "Category"),
    ("ID", "Organisation", "Risk/Strength"),
    ("Ref", "Type", "Agency"),
)
LABEL_BODY = (
    ("Description", "Current action / evidence", "Board support", "Recommended action"),
    ("Issue", "What is being done", "Support from the LSCB", "Recommendations"),
)
TYPE_CELLS = (("Risk", "Strength"), ("R", "S"), ("Key risk", "Key strength"))
TAIL_HEADS = {
    "rag": ("RAG", "RAG rating"),
    "owner": ("Owner", "Lead officer"),
    "due": ("Due", "Target date"),
    "evidence": ("Evidence", "Source of evidence"),
}
TAIL_WIDTHS = {"rag": 0.05, "owner": 0.1, "due": 0.08, "evidence": 0.12}


def _tail_cells(b: Builder, e: Entry, tails: list[str]) -> list[Cell | None]:
    values = {"rag": b.rag_text(e), "owner": e.owner, "due": e.due, "evidence": e.evidence}
    return [Cell(values[t]) for t in tails]


def compose_label_columns(b: Builder) -> None:
    """Ref | Agency | Type | Description | ...: a spreadsheet's leading label columns."""
    lay, rng = b.layout, b.rng
    labels = LABEL_HEADS[lay.opt("labels")]
    tails = [] if lay.opt("tails") == "none" else lay.opt("tails").split("+")
    heads = [*labels, *rng.choice(LABEL_BODY), *(rng.choice(TAIL_HEADS[t]) for t in tails)]
    widths = [{"Agency": 0.12, "Partner": 0.12, "Organisation": 0.12}.get(h, 0.06) for h in labels]
    widths += [0.2, 0.2, 0.16, 0.16] + [TAIL_WIDTHS[t] for t in tails]
    type_cells = dict(zip(("risk", "strength"), TYPE_CELLS[lay.opt("kind_cells")], strict=True))
    printed = {"response", "support", "recommended_action", *tails}
    b.intro()
    rows: list[list[Cell | None]] = [_header_cells(heads)]
    serial = 0
    for agency, entries in b.by_agency():
        for k, e in enumerate(entries, start=1):
            serial += 1
            ref = b.reference(e, lay.opt("ref"), serial, k)
            label = {
                "ref": ref,
                "agency": agency if k == 1 or lay.opt("agency_every_row") else "",
                "type": type_cells[e.kind],
            }
            order = ("ref", "type", "agency") if labels[1] == "Type" else ("ref", "agency", "type")
            row = [Cell(label[o]) for o in order] + [Cell(c) for c in e.cells]
            rows.append(row + _tail_cells(b, e, tails))
            b.truth(e, printed, reference=ref)
    b.table(rows, widths)
    b.outro()


FROZEN_COLUMNS = (
    ("ref", "Ref", 38.0),
    ("agency", "Agency", 92.0),
    ("type", "Type", 50.0),
    ("statement", "Description", 190.0),
    ("response", "Action being taken", 190.0),
    ("support", "Board support", 150.0),
    ("recommended_action", "Recommended action", 150.0),
    ("rag", "RAG", 40.0),
    ("owner", "Owner", 100.0),
    ("due", "Due", 62.0),
    ("evidence", "Evidence", 125.0),
)


def compose_frozen_panes(b: Builder) -> None:
    """A sheet too wide for the page, printed in panes with the frozen columns on each."""
    lay, rng = b.layout, b.rng
    frozen = lay.opt("frozen").split("+")
    columns = [c for c in FROZEN_COLUMNS if c[0] != "ref" or "ref" in frozen]
    widths = [w * rng.uniform(0.85, 1.15) for _, _, w in columns]
    n_frozen = len(frozen)
    kind_cells = dict(zip(("risk", "strength"), TYPE_CELLS[lay.opt("kind_cells")], strict=True))
    b.doc.footer = "Page {n}"
    b.intro()
    rows: list[list[Cell | None]] = [_header_cells([c[1] for c in columns])]
    printed = {"response", "support", "recommended_action", "rag", "owner", "due", "evidence"}
    serial = 0
    for agency, entries in b.by_agency():
        for k, e in enumerate(entries, start=1):
            serial += 1
            ref = b.reference(e, lay.opt("ref"), serial, k) if "ref" in frozen else ""
            values = {
                "ref": ref,
                "agency": agency,
                "type": kind_cells[e.kind],
                "statement": e.cells[0],
                "response": e.cells[1],
                "support": e.cells[2],
                "recommended_action": e.cells[3],
                "rag": b.rag_text(e),
                "owner": e.owner,
                "due": e.due,
                "evidence": e.evidence,
            }
            rows.append([Cell(values[c[0]]) for c in columns])
            b.truth(e, printed, reference=ref)
    grid = Grid(rows, widths, size=lay.size, rules="gridlines", frozen=n_frozen)
    grid.pane_order = lay.opt("order")
    b.item("frozen", grid)


def _panes(widths: list[float], frozen: int, page: float) -> list[list[int]]:
    """The columns after the frozen ones, cut into panes that fit beside them on a page."""
    room = page - sum(widths[:frozen])
    panes: list[list[int]] = [[]]
    used = 0.0
    for i in range(frozen, len(widths)):
        if panes[-1] and used + widths[i] > room:
            panes.append([])
            used = 0.0
        panes[-1].append(i)
        used += widths[i]
    return panes


def compose_rotated(b: Builder) -> None:
    """Landscape tables turned 90 degrees on portrait pages, between portrait text."""
    lay, rng = b.layout, b.rng
    hv = lay.opt("heads")
    printed = {"response", "support", "recommended_action"}
    b.intro()
    b.item("p", rng.choice(b.prose))
    content: list[tuple[Any, ...]] = []
    repeat = lay.opt("repeat_header")
    if lay.opt("grouping") == "one_table":
        rows: list[list[Cell | None]] = [_header_cells(["Agency", *layouts.HEADERS["both"][hv]])]
        for agency, entries in b.by_agency():
            for k, e in enumerate(entries):
                rows.append([Cell(agency if k == 0 else "")] + [Cell(c) for c in e.cells])
                b.truth(e, printed)
        widths = jitter([0.14, 0.26, 0.22, 0.19, 0.19], rng, 0.1)
        content.append(("table", Grid(rows, widths, size=lay.size, rules=lay.style, repeat=repeat)))
    else:
        for agency, entries in b.by_agency():
            content.append(("h2", agency))
            rows = []
            kind_now = ""
            for e in entries:
                if e.kind != kind_now:
                    rows.append(_header_cells(layouts.HEADERS[e.kind][hv]))
                    kind_now = e.kind
                rows.append([Cell(c) for c in e.cells])
                b.truth(e, printed)
            widths = jitter([0.28, 0.26, 0.23, 0.23], rng, 0.1)
            grid = Grid(rows, widths, size=lay.size, rules=lay.style, repeat=repeat)
            content.append(("table", grid))
    b.item("rotated", content, lay.opt("mode"), lay.opt("angle"))
    b.outro()


def compose_sheet_per_kind(b: Builder) -> None:
    """One sheet (or section) per kind, all agencies on it; the kind only in its name."""
    lay, rng = b.layout, b.rng
    risk_word, strength_word = b.kind_words()
    heads = [
        rng.choice(("Agency", "Partner")),
        lay.opt("statement_head"),
        rng.choice(("Action / evidence", "Current position", "Update")),
        rng.choice(("Board support", "Support from the LSCB")),
        rng.choice(("Recommended action", "Next steps")),
    ]
    widths = jitter([0.14, 0.26, 0.22, 0.19, 0.19], rng, 0.1)
    printed = {"response", "support", "recommended_action"}
    b.intro(heading="")
    kinds = [("risk", risk_word), ("strength", strength_word)]
    if lay.opt("strengths_first"):
        kinds.reverse()
    for kind, name in kinds:
        sheet = lay.opt("sheet_form").format(name=name, title=b.title)
        if lay.opt("named_by") == "running":
            b.item("running", sheet)
        else:
            b.item("pagebreak")
            b.item("h1", name)
        rows: list[list[Cell | None]] = [_header_cells(heads)]
        for agency, entries in b.by_agency():
            mine = [e for e in entries if e.kind == kind]
            for k, e in enumerate(mine):
                name_cell = agency if k == 0 or lay.opt("agency_every_row") else ""
                rows.append([Cell(name_cell)] + [Cell(c) for c in e.cells])
                b.truth(e, printed)
        b.item("table", Grid(rows, widths, size=lay.size, rules=lay.style))
    b.item("running", "")
    b.outro()


NEUTRAL_HEADS = ("Issue", "Action being taken", "Support from the Board", "Recommendation")


def compose_numbered_sections(b: Builder) -> None:
    """Agencies as numbered sections ("3. Kestwick Police") among other numbered sections."""
    lay, rng = b.layout, b.rng
    risk_word, strength_word = b.kind_words()
    hv, refs, first = lay.opt("heads"), lay.opt("refs"), lay.opt("first")
    level = "h1" if lay.opt("as_heading") else "bold"
    sub_level = "h2" if lay.opt("as_heading") else "bold"
    printed = {"response", "support", "recommended_action"}
    b.intro(heading="")
    for n, name in enumerate(("Introduction", "Summary of themes", "Method"), start=1):
        if n < first:
            b.item(level, lay.opt("heading_form").format(n=n, agency=name))
            b.item("p", rng.choice(b.prose))
    kind_cells = dict(zip(("risk", "strength"), KIND_CELLS[0], strict=True))
    agencies = b.by_agency()
    for i, (agency, entries) in enumerate(agencies):
        n = first + i
        if i and lay.opt("break_per_section"):
            b.item("pagebreak")
        b.item(level, lay.opt("heading_form").format(n=n, agency=agency))
        if lay.opt("sub_sections"):
            for k, (kind, word) in enumerate((("risk", risk_word), ("strength", strength_word)), 1):
                mine = [e for e in entries if e.kind == kind]
                b.item(sub_level, f"{n}.{k} {word}")
                head = NEUTRAL_HEADS if lay.opt("neutral_head") else layouts.HEADERS[kind][hv]
                rows = [_numbered_head(head, refs)]
                for j, e in enumerate(mine, start=1):
                    rows.append(_numbered_row(b, e, f"{n}.{k}.{j}", refs, printed))
                grid = Grid(rows, _numbered_widths(refs, rng), size=lay.size, rules=lay.style)
                b.item("table", grid)
        else:
            head = NEUTRAL_HEADS if lay.opt("neutral_head") else layouts.HEADERS["both"][hv]
            rows = [_numbered_head(["Type", *head], refs)]
            for j, e in enumerate(entries, start=1):
                row = _numbered_row(b, e, f"{n}.{j}", refs, printed)
                at = 1 if refs == "column" else 0
                rows.append(row[:at] + [Cell(kind_cells[e.kind])] + row[at:])
            widths = _numbered_widths(refs, rng, type_col=True)
            b.item("table", Grid(rows, widths, size=lay.size, rules=lay.style))
    b.item(level, lay.opt("heading_form").format(n=first + len(agencies), agency="Next steps"))
    b.item("p", rng.choice(b.prose))


def _numbered_head(head: Any, refs: str) -> list[Cell | None]:
    return _header_cells((["Ref"] if refs == "column" else []) + list(head))


def _numbered_row(
    b: Builder, e: Entry, ref: str, refs: str, printed: set[str]
) -> list[Cell | None]:
    statement = plain_statement(e.cells[0])
    if refs == "in_statement":
        statement = f"{ref} {statement}"
    b.truth(e, printed, reference=ref if refs != "none" else "")
    cells = [Cell(statement), *(Cell(c) for c in e.cells[1:])]
    return ([Cell(ref)] if refs == "column" else []) + cells


def _numbered_widths(refs: str, rng: random.Random, type_col: bool = False) -> list[float]:
    widths = [0.28, 0.26, 0.23, 0.23]
    if type_col:
        widths = [0.1] + [w * 0.9 for w in widths]
    if refs == "column":
        widths = [0.07] + [w * 0.93 for w in widths]
    return jitter(widths, rng, 0.1)


def compose_multi_agency(b: Builder) -> None:
    """One table for every agency; some rows shared by two agencies name both."""
    lay, rng = b.layout, b.rng
    hv = lay.opt("heads")
    sep = lay.opt("separator")
    shared = rng.sample(range(len(b.entries)), lay.opt("joint"))
    partner = {i: rng.choice([a for a in b.names if a != b.entries[i].agency]) for i in shared}
    kind_cells = dict(zip(("risk", "strength"), TYPE_CELLS[lay.opt("kind_cells")], strict=True))
    printed = {"response", "support", "recommended_action"}
    b.intro()
    tables = (
        [("risk", [e for e in b.entries if e.kind == "risk"])]
        + [("strength", [e for e in b.entries if e.kind == "strength"])]
        if lay.opt("per_kind")
        else [("both", b.entries)]
    )
    for kind, entries in tables:
        if kind != "both":
            b.item("h2", b.kind_words()[0] if kind == "risk" else b.kind_words()[1])
        head = ["Agency", *(["Type"] if kind == "both" else []), *layouts.HEADERS[kind][hv]]
        rows: list[list[Cell | None]] = [_header_cells(head)]
        for e in entries:
            i = b.entries.index(e)
            names = (e.agency, partner[i]) if i in partner else (e.agency,)
            label = [Cell(sep.join(names))] + ([Cell(kind_cells[e.kind])] if kind == "both" else [])
            rows.append(label + [Cell(c) for c in e.cells])
            for name in names:
                b.truth(e, printed, agency=name, agencies=names if len(names) > 1 else ())
        widths = (
            [0.16, 0.07, 0.25, 0.2, 0.16, 0.16] if kind == "both" else [0.16, 0.28, 0.2, 0.18, 0.18]
        )
        b.table(rows, widths)
    b.outro()


COMPOSERS = {
    "running_columns": compose_running_columns,
    "action_log": compose_action_log,
    "no_table": compose_no_table,
    "word_captioned": compose_word_captioned,
    "spreadsheet": compose_spreadsheet,
    "label_columns": compose_label_columns,
    "frozen_panes": compose_frozen_panes,
    "rotated": compose_rotated,
    "sheet_per_kind": compose_sheet_per_kind,
    "numbered_sections": compose_numbered_sections,
    "multi_agency": compose_multi_agency,
}


def compose(layout: FamilyLayout) -> Doc:
    """The layout's content as abstract items (headings, lists, tables) and its truth."""
    b = Builder(layout)
    COMPOSERS[layout.family](b)
    return b.doc


# ---------------------------------------------------------------- PDF

MARGIN_CM = 2.0
PAD = 5.4  # Word's default cell margins (0.19 cm)


def _pdf_styles(layout: FamilyLayout) -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle

    regular, bold, italic = FONTS_PDF[layout.font]
    body = ParagraphStyle("body", fontName=regular, fontSize=10, leading=13, spaceAfter=6)

    def head(name: str, size: float, before: float) -> Any:
        return ParagraphStyle(
            name,
            parent=body,
            fontName=bold,
            fontSize=size,
            leading=size * 1.25,
            spaceBefore=before,
            spaceAfter=size * 0.5,
        )

    return {
        "title": head("title", 18, 0),
        "h1": head("h1", 14, 10),
        "h2": head("h2", 12, 8),
        "bold": ParagraphStyle("bold", parent=body, fontName=bold),
        "label": ParagraphStyle("label", parent=body, fontName=bold, spaceBefore=4, spaceAfter=3),
        "caption": ParagraphStyle("caption", parent=body, fontName=italic, fontSize=9.5),
        "p": body,
        "bullet": ParagraphStyle(
            "bullet", parent=body, leftIndent=18, bulletIndent=6, spaceAfter=2
        ),
        "sub": ParagraphStyle("sub", parent=body, leftIndent=30, fontSize=9, spaceAfter=1),
    }


def _cell_styles(layout: FamilyLayout, size: float) -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle

    regular, bold, _ = FONTS_PDF[layout.font]
    lead = round(size * 1.23, 2)
    return {
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=size, leading=lead),
        "head": ParagraphStyle("head", fontName=bold, fontSize=size, leading=lead),
        "grey": ParagraphStyle(
            "grey", fontName=regular, fontSize=size - 0.5, leading=lead, textColor="#555555"
        ),
    }


def _markup(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(text).replace("\n", "<br/>")


def render_pdf(doc: Doc, path: Path) -> None:
    """Typeset ``doc`` as a PDF (reportlab), SYNTHETIC in every page's header."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import cm
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    layout = doc.layout
    size = landscape(A4) if layout.landscape else A4
    margin = MARGIN_CM * cm
    state: dict[str, Any] = {"running": "", "rotate": 0}
    frame = Frame(margin, margin, size[0] - 2 * margin, size[1] - 2 * margin, id="f")
    out = BaseDocTemplate(
        str(path),
        pagesize=size,
        invariant=1,
        title=doc.title,
        author="boardsearch corpus/layouts_more.py",
        subject=SYNTHETIC_BANNER,
        keywords="synthetic, test layout",
    )

    def furniture(canv: Any, d: Any) -> None:
        # the page's /Rotate: the template's rotation is set on each page as it ends
        d.pageTemplate.rotation = _furniture(canv, d.page, doc, state, margin)
        if d.pageTemplate.rotation in (90, 270):
            # reportlab writes a quarter-turned page's MediaBox with width and height
            # swapped (for content drawn in the turned frame); this page was drawn in
            # the portrait frame, so its box must stay portrait or the viewer clips it
            canv.setPageSize((size[1], size[0]))

    out.addPageTemplates([PageTemplate("page", [frame], onPageEnd=furniture)])
    story = _story(doc, state, frame._aW, frame._aH)
    out.build(story)


def _furniture(canv: Any, page: int, doc: Doc, state: dict[str, Any], margin: float) -> int:
    """Running header (banner; the title or the running text) and footer of one page;
    returns the page's /Rotate.

    A page whose content was drawn turned, and whose /Rotate turns it back, gets its
    furniture turned the same way, as a landscape page printed onto a portrait one."""
    from reportlab.lib.units import cm

    regular, bold, _ = FONTS_PDF[doc.layout.font]
    w, h = canv._pagesize
    rotate, state["rotate"] = state["rotate"], 0
    canv.saveState()
    if rotate:
        _turn(canv, rotate, w, h)
        w, h = h, w
    canv.setFont(regular, 7.5)
    canv.drawString(margin, h - 1.2 * cm, SYNTHETIC_BANNER)
    running = state["running"]
    if running and doc.running_at == "left":
        canv.setFont(bold, 9)
        canv.drawString(margin, h - 1.6 * cm, running)
    elif running and doc.running_at == "centre":
        canv.setFont(bold, 9)
        canv.drawCentredString(w / 2, h - 1.2 * cm, running)
    if running and doc.running_at == "right":
        canv.setFont(bold, 9)
        canv.drawRightString(w - margin, h - 1.2 * cm, running)
    else:
        canv.setFont(regular, 7.5)
        canv.drawRightString(w - margin, h - 1.2 * cm, doc.title)
    if doc.header_centre and not (running and doc.running_at == "centre"):
        canv.setFont(regular, 8)
        canv.drawCentredString(w / 2, h - 1.2 * cm, doc.header_centre)
    canv.setFont(regular, 7.5)
    canv.drawCentredString(w / 2, 1.1 * cm, doc.footer.format(n=page))
    canv.restoreState()
    return rotate


def _turn(canv: Any, angle: int, w: float, h: float) -> None:
    """Turn the canvas so a w x h page is drawn on as an h x w page, turned by ``angle``."""
    if angle == 90:
        canv.translate(w, 0)
        canv.rotate(90)
    else:
        canv.translate(0, h)
        canv.rotate(-90)


def _story(doc: Doc, state: dict[str, Any], width: float, height: float) -> list[Any]:
    from reportlab.platypus import CondPageBreak, PageBreak, Paragraph, Spacer

    styles = _pdf_styles(doc.layout)
    story: list[Any] = []
    for item in doc.items:
        kind = item[0]
        if kind in ("title", "h1", "h2", "bold", "label", "caption", "p"):
            if kind in ("h1", "h2"):
                story.append(CondPageBreak(3 * 28.35))
            story.append(Paragraph(_markup(item[1]), styles[kind]))
        elif kind == "bullets":
            story += _bullets(item[1], item[2], styles)
        elif kind == "pagebreak":
            story.append(PageBreak())
        elif kind == "running":
            story += [PageBreak(), SetState(state, "running", item[1])]
        elif kind == "table" and item[1].split_in_row:
            story += _sheet_pages(item[1], doc.layout, width, height, fresh=not story)
        elif kind == "table":
            story += [_pdf_table(item[1], doc.layout, width, height), Spacer(1, 8)]
        elif kind == "frozen":
            story += _frozen_pages(item[1], doc.layout, width, height)
        elif kind == "rotated":
            story += _rotated_pages(doc, item[1], item[2], item[3], state, width, height)
    return story


def _bullets(
    marker: str, bullets: list[tuple[str, list[str]]], styles: dict[str, Any]
) -> list[Any]:
    from reportlab.platypus import Paragraph

    out = []
    for n, (text, subs) in enumerate(bullets, start=1):
        mark = f"{n}." if marker == "1." else marker
        out.append(Paragraph(_markup(text), styles["bullet"], bulletText=mark))
        out += [Paragraph(_markup(s), styles["sub"]) for s in subs]
    return out


class SetState(Flowable):
    """Sets a page-furniture value when drawn, so on the page it lands on."""

    def __init__(self, state: dict[str, Any], key: str, value: Any) -> None:
        super().__init__()
        self.state, self.key, self.value = state, key, value

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.state[self.key] = self.value


def _sized(grid: Grid, width: float, layout: FamilyLayout) -> tuple[Grid, list[float]]:
    """The grid and its column widths, its font made smaller while its longest words
    do not fit the page (as one shrinks a table to fit)."""
    col_widths = _fit_widths(grid, width, layout)
    while sum(col_widths) > width + 0.5 and grid.size > 6:
        grid = replace(grid, size=grid.size - 0.5)
        col_widths = _fit_widths(grid, width, layout)
    return grid, col_widths


def _pdf_table(grid: Grid, layout: FamilyLayout, width: float, height: float) -> Any:
    """The grid as a reportlab Table; a merged cell taller than a page is cut in parts."""
    from reportlab.platypus import Table, TableStyle

    grid, col_widths = _sized(grid, width, layout)
    styles = _cell_styles(layout, grid.size)
    rows = _fit_spans(grid, col_widths, styles, height * 0.8)
    data, cmds = _table_data(grid, rows, styles)
    cmds += _rules(grid, len(rows))
    repeat = tuple(grid.header_at) if grid.repeat else 0
    if repeat == (0,):
        repeat = 1
    table = Table(
        data,
        colWidths=col_widths,
        repeatRows=repeat,
        splitInRow=1 if grid.split_in_row else 0,
        hAlign="LEFT",
    )
    table.setStyle(TableStyle(cmds))
    return table


def _needs(grid: Grid, layout: FamilyLayout) -> list[float]:
    """Each column's narrowest width that holds its longest word on one line."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    regular, bold, _ = FONTS_PDF[layout.font]
    need = [0.0] * len(grid.widths)
    for row in grid.rows:
        for c, cell in enumerate(row):
            if cell is None or cell.colspan > 1 or not cell.text:
                continue
            font = bold if cell.bold else regular
            longest = max(stringWidth(w, font, grid.size) for w in cell.text.split())
            need[c] = max(need[c], longest + 2 * PAD + 1)
    return need


def _fit_widths(grid: Grid, width: float, layout: FamilyLayout) -> list[float]:
    """Column widths from the grid's fractions, each column widened to hold its longest
    word (as a person sizing a column would), the room taken from the widest columns."""
    widths = [width * f for f in grid.widths]
    need = _needs(grid, layout)
    for c in range(len(widths)):
        short = need[c] - widths[c]
        if short <= 0:
            continue
        widths[c] = need[c]
        for _ in range(len(widths)):
            donor = max(range(len(widths)), key=lambda i: widths[i] - need[i])
            give = min(short, widths[donor] - need[donor])
            if give <= 0:
                break
            widths[donor] -= give
            short -= give
            if short <= 0:
                break
    return widths


def _table_data(
    grid: Grid, rows: list[list[Cell | None]], styles: dict[str, Any]
) -> tuple[list[list[Any]], list[tuple[Any, ...]]]:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph

    cmds: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
    ]
    data: list[list[Any]] = []
    for r, row in enumerate(rows):
        line: list[Any] = []
        for c, cell in enumerate(row):
            if cell is None or not cell.text:
                line.append("")
            else:
                st = "grey" if cell.grey else ("head" if cell.bold else "cell")
                line.append(Paragraph(_markup(cell.text), styles[st]))
            if cell is None:
                continue
            last = (c + cell.colspan - 1, r + cell.rowspan - 1)
            if cell.colspan > 1 or cell.rowspan > 1:
                cmds.append(("SPAN", (c, r), last))
            if cell.middle:
                cmds.append(("VALIGN", (c, r), last, "MIDDLE"))
            if cell.fill:
                cmds.append(("BACKGROUND", (c, r), last, colors.HexColor(cell.fill)))
        data.append(line)
    return data, cmds


def _rules(grid: Grid, n_rows: int) -> list[tuple[Any, ...]]:
    from reportlab.lib import colors

    heads = [r for r in grid.header_at if r < n_rows]
    if grid.rules == "ruled":
        out = [("GRID", (0, 0), (-1, -1), 0.5, colors.black)]
        return out + [("BACKGROUND", (0, r), (-1, r), colors.HexColor("#dddddd")) for r in heads]
    if grid.rules == "gridlines":
        return [("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#9a9a9a"))]
    if grid.rules == "zebra":
        first = max(heads, default=-1) + 1
        out = [("ROWBACKGROUNDS", (0, first), (-1, -1), [colors.white, colors.HexColor("#e6eef5")])]
        return out + [("BACKGROUND", (0, r), (-1, r), colors.HexColor("#b8cce0")) for r in heads]
    return []


def _row_heights(
    rows: list[list[Cell | None]], widths: list[float], styles: dict[str, Any]
) -> list[float]:
    """Each row's height as typeset (merged cells left out: they take what the rows give)."""
    from reportlab.platypus import Paragraph

    out = []
    for row in rows:
        tallest = 0.0
        for c, cell in enumerate(row):
            if cell is None or not cell.text or cell.rowspan > 1 or cell.colspan > 1:
                continue
            para = Paragraph(_markup(cell.text), styles["head" if cell.bold else "cell"])
            tallest = max(tallest, para.wrap(widths[c] - 2 * PAD, 1e6)[1])
        out.append(tallest + 6)
    return out


def _fit_spans(
    grid: Grid, widths: list[float], styles: dict[str, Any], room: float
) -> list[list[Cell | None]]:
    """The grid's rows, a merged cell taller than ``room`` cut into parts that fit a page.

    A table cannot break inside a merged cell; Word breaks it and prints the text in
    its first part, so the parts after the first are merged but empty."""
    rows = [list(r) for r in grid.rows]
    if not any(c is not None and c.rowspan > 1 for r in rows for c in r):
        return rows
    heights = _row_heights(rows, widths, styles)
    for r in range(len(rows)):
        for c, cell in enumerate(rows[r]):
            if cell is None or cell.rowspan < 2 or sum(heights[r : r + cell.rowspan]) <= room:
                continue
            parts, start, used = [], r, 0.0
            for i in range(r, r + cell.rowspan):
                if used and used + heights[i] > room:
                    parts.append((start, i))
                    start, used = i, 0.0
                used += heights[i]
            parts.append((start, r + cell.rowspan))
            for n, (a, z) in enumerate(parts):
                text = cell.text if n == 0 else ""
                rows[a][c] = Cell(text, cell.bold, cell.fill, cell.colspan, z - a, cell.middle)
    return rows


def _sheet_pages(
    grid: Grid, layout: FamilyLayout, width: float, height: float, fresh: bool
) -> list[Any]:
    """A spreadsheet print: the header rows on every page; a row that does not fit the
    rest of a page is cut there, its first lines at the page foot and the rest at the
    next page's top, under the header."""
    from reportlab.platypus import PageBreak, Table, TableStyle

    grid, widths = _sized(grid, width, layout)
    styles = _cell_styles(layout, grid.size)
    heights = _row_heights(grid.rows, widths, styles)
    header = [grid.rows[i] for i in grid.header_at]
    head_h = sum(heights[i] for i in grid.header_at)
    body_from = max(grid.header_at) + 1  # the first page has the sheet's title rows too
    pages: list[list[list[Cell | None]]] = [grid.rows[:body_from]]
    used = sum(heights[:body_from])
    room = height - 6
    for i in range(body_from, len(grid.rows)):
        row, h = grid.rows[i], heights[i]
        if used + h > room:
            if room - used > 3 * grid.size * 1.23 + 6:
                above, row = _cut_row(row, widths, styles, room - used)
                pages[-1].append(above)
                h = _row_heights([row], widths, styles)[0]
            pages.append(list(header))
            used = head_h
        pages[-1].append(row)
        used += h
    out: list[Any] = [] if fresh else [PageBreak()]
    for n, rows in enumerate(pages):
        data, cmds = _table_data(grid, rows, styles)
        heads = replace(grid, header_at=tuple(range(len(header))) if n else grid.header_at)
        cmds += _rules(heads, len(rows))
        table = Table(data, colWidths=widths, hAlign="LEFT")
        table.setStyle(TableStyle(cmds))
        out += [PageBreak(), table] if n else [table]
    return out


def _cut_row(
    row: list[Cell | None], widths: list[float], styles: dict[str, Any], room: float
) -> tuple[list[Cell | None], list[Cell | None]]:
    """A row cut where a page ends: each cell's words that fit in ``room`` points above,
    the rest below (a cell that fits stays whole above)."""
    from reportlab.platypus import Paragraph

    above: list[Cell | None] = []
    below: list[Cell | None] = []
    for c, cell in enumerate(row):
        if cell is None or not cell.text:
            above.append(cell)
            below.append(Cell("") if cell is not None else None)
            continue
        style = styles["grey" if cell.grey else ("head" if cell.bold else "cell")]
        words = cell.text.split(" ")

        def fits(k: int, style: Any = style, words: list[str] = words, c: int = c) -> bool:
            para = Paragraph(_markup(" ".join(words[:k])), style)
            return para.wrap(widths[c] - 2 * PAD, 1e6)[1] + 6 <= room

        lo, hi = 0, len(words)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            lo, hi = (mid, hi) if fits(mid) else (lo, mid - 1)
        above.append(replace(cell, text=" ".join(words[:lo])))
        below.append(replace(cell, text=" ".join(words[lo:])))
    return above, below


def _frozen_pages(grid: Grid, layout: FamilyLayout, width: float, height: float) -> list[Any]:
    """A sheet printed in panes: each page holds the frozen columns and one pane's
    columns for a run of rows; rows keep the sheet's one height across the panes.
    Pages go down the rows then over the panes, or over then down."""
    from reportlab.platypus import PageBreak, Table, TableStyle

    styles = _cell_styles(layout, grid.size)
    need = _needs(grid, layout)  # a column is widened to hold its longest word
    grid = replace(grid, widths=[max(w, n) for w, n in zip(grid.widths, need, strict=True)])
    grid.panes = _panes(grid.widths, grid.frozen, width)
    heights = _row_heights(grid.rows, grid.widths, styles)
    header, body = grid.header_at[0], [i for i in range(len(grid.rows)) if i not in grid.header_at]
    runs: list[list[int]] = [[]]
    used = heights[header]
    for i in body:
        if runs[-1] and used + heights[i] > height - 4:
            runs.append([])
            used = heights[header]
        runs[-1].append(i)
        used += heights[i]
    frozen = list(range(grid.frozen))
    if grid.pane_order == "down_then_over":
        pages = [(pane, run) for pane in grid.panes for run in runs]
    else:
        pages = [(pane, run) for run in runs for pane in grid.panes]
    out: list[Any] = [PageBreak()]
    for n, (pane, run) in enumerate(pages):
        cols = frozen + pane
        sub = [[grid.rows[r][c] for c in cols] for r in [header, *run]]
        data, cmds = _table_data(grid, sub, styles)
        cmds += _rules(grid, len(sub))
        cmds.append(("BACKGROUND", (0, 0), (-1, 0), "#eeeeee"))
        table = Table(
            data,
            colWidths=[grid.widths[c] for c in cols],
            rowHeights=[heights[r] for r in [header, *run]],
            hAlign="LEFT",
        )
        table.setStyle(TableStyle(cmds))
        out.append(table)
        if n < len(pages) - 1:
            out.append(PageBreak())
    return [*out, PageBreak()]


def _rotated_pages(
    doc: Doc,
    content: list[tuple[Any, ...]],
    mode: str,
    angle: int,
    state: dict[str, Any],
    width: float,
    height: float,
) -> list[Any]:
    """Landscape content (headings, tables) laid out on pages ``height`` wide and
    ``width`` tall, each drawn turned by ``angle`` on a portrait page; with mode
    "page_rotate" the page's /Rotate turns it back upright for a reader."""
    from reportlab.platypus import PageBreak, Paragraph

    styles = _pdf_styles(doc.layout)
    flowables: list[Any] = []
    for item in content:
        if item[0] == "table":
            flowables.append(_pdf_table(item[1], doc.layout, height, width))
        else:
            flowables.append(Paragraph(_markup(item[1]), styles[item[0]]))
    pages = _paginate(flowables, height, width)
    out: list[Any] = []
    for page in pages:
        turn_back = state if mode == "page_rotate" else None
        out += [PageBreak(), Turned(page, height, width, angle, turn_back)]
    return [*out, PageBreak()]


def _paginate(flowables: list[Any], w: float, h: float) -> list[list[Any]]:
    """Flowables cut into pages of w x h: tables split where they must, a heading kept
    with what follows it."""
    from reportlab.platypus import Paragraph, Table

    pages: list[list[Any]] = []
    page: list[Any] = []
    used = 0.0
    queue = list(flowables)
    while queue:
        f = queue.pop(0)
        gap = 6 if isinstance(f, Paragraph) else 8
        fh = f.wrap(w, h - used)[1] + gap
        if used + fh <= h or (not page and fh - gap <= h):  # the gap may go at a page end
            page.append(f)
            used += fh
            continue
        parts = f.split(w, h - used) if isinstance(f, Table) else []
        if len(parts) == 2:
            page.append(parts[0])
            queue.insert(0, parts[1])
        else:
            queue.insert(0, f)
            if len(page) > 1 and isinstance(page[-1], Paragraph):
                queue.insert(0, page.pop())  # a heading goes with what follows it
            if not page:
                raise ValueError("a flowable is taller than a turned page")
        pages.append(page)
        page, used = [], 0.0
    if page:
        pages.append(page)
    return pages


class Turned(Flowable):
    """A landscape page's flowables drawn turned on a portrait page's frame; with a
    ``state``, the page's /Rotate is set to turn it back upright."""

    def __init__(self, parts: list[Any], w: float, h: float, angle: int, state: Any) -> None:
        super().__init__()
        self.parts, self.w, self.h, self.angle, self.state = parts, w, h, angle, state
        self.frame = (0.0, 0.0)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.frame = (aw, ah - 1)
        return self.frame

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        _turn(canv, self.angle, *self.frame)
        y = self.h
        for f in self.parts:
            y -= f.wrap(self.w, self.h)[1]
            f.drawOn(canv, 0, y)
            y -= 6
        canv.restoreState()
        if self.state is not None:
            self.state["rotate"] = self.angle


# ---------------------------------------------------------------- DOCX


def render_docx(doc: Doc, path: Path) -> None:
    """Typeset ``doc`` as Word (python-docx), SYNTHETIC in every section's header and in
    the core properties."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt

    layout = doc.layout
    d = docx.Document()
    props = d.core_properties
    props.title, props.subject = doc.title, SYNTHETIC_BANNER
    props.keywords, props.author = "synthetic, test layout", "boardsearch corpus/layouts_more.py"
    props.created = props.modified = layouts.build.datetime(2015, 3, 31, 12, 0, 0)
    normal = d.styles["Normal"].font
    normal.name, normal.size = FONTS_DOCX[layout.font], Pt(10)
    section = d.sections[0]
    if layout.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    section.header.paragraphs[0].text = SYNTHETIC_BANNER
    for item in doc.items:
        _docx_item(d, item, layout)
    buf = io.BytesIO()
    d.save(buf)
    path.write_bytes(layouts.build.normalise_zip(buf.getvalue()))


def _docx_item(d: Any, item: tuple[Any, ...], layout: FamilyLayout) -> None:
    from docx.enum.section import WD_SECTION
    from docx.shared import Cm

    kind = item[0]
    if kind == "title":
        d.add_heading(item[1], level=0)
    elif kind in ("h1", "h2"):
        d.add_heading(item[1], level=int(kind[1]))
    elif kind in ("bold", "label"):
        d.add_paragraph().add_run(item[1]).bold = True
    elif kind == "caption":
        _caption(d, item[1])
    elif kind == "p":
        d.add_paragraph(item[1])
    elif kind == "bullets":
        for n, (text, subs) in enumerate(item[2], start=1):
            if item[1] in ("\u2022", "1."):
                d.add_paragraph(text, style="List Bullet" if item[1] == "\u2022" else "List Number")
            else:
                d.add_paragraph(f"{item[1]} {text}")
            for sub in subs:
                d.add_paragraph(sub).paragraph_format.left_indent = Cm(1.2)
            del n
    elif kind == "pagebreak":
        d.add_page_break()
    elif kind == "running":
        section = d.add_section(WD_SECTION.NEW_PAGE)
        section.header.is_linked_to_previous = False
        text = f"{SYNTHETIC_BANNER}\t\t{item[1]}" if item[1] else SYNTHETIC_BANNER
        section.header.paragraphs[0].text = text
    elif kind == "table":
        _docx_table(d, item[1], layout)
    else:
        raise ValueError(f"a Word layout cannot hold a {kind!r} item")


def _caption(d: Any, text: str) -> None:
    try:
        d.add_paragraph(text, style="Caption")
    except KeyError:
        d.add_paragraph(text)


def _docx_table(d: Any, grid: Grid, layout: FamilyLayout) -> None:
    from docx.enum.table import WD_ALIGN_VERTICAL
    from docx.shared import Emu

    if grid.caption and not grid.caption_below:
        _caption(d, grid.caption)
    n_cols = len(grid.widths)
    table = d.add_table(rows=len(grid.rows), cols=n_cols)
    if grid.rules != "unruled":
        table.style = "Table Grid"
    section = d.sections[-1]
    text_width = section.page_width - section.left_margin - section.right_margin
    for c in range(n_cols):
        for cell in table.columns[c].cells:
            cell.width = Emu(int(text_width * grid.widths[c]))
    for r, row in enumerate(grid.rows):
        for c, spec in enumerate(row):
            if spec is None:
                continue
            cell = table.cell(r, c)
            if spec.colspan > 1 or spec.rowspan > 1:
                cell = cell.merge(table.cell(r + spec.rowspan - 1, c + spec.colspan - 1))
            _docx_cell_text(cell, spec, grid.size)
            if spec.middle:
                cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
            if spec.fill:
                _shade(cell, spec.fill)
        if r in grid.header_at and grid.header_marked:
            _mark_header(table.rows[r])
    if grid.caption and grid.caption_below:
        _caption(d, grid.caption)
    d.add_paragraph("")


def _docx_cell_text(cell: Any, spec: Cell, size: float) -> None:
    """The cell's text in one paragraph, "\\n" as manual line breaks (w:br)."""
    from docx.shared import Pt

    for extra in cell.paragraphs[1:]:
        extra._element.getparent().remove(extra._element)
    para = cell.paragraphs[0]
    for run in list(para.runs):
        run._element.getparent().remove(run._element)
    for n, line in enumerate(spec.text.split("\n")):
        run = para.add_run(line)
        run.bold = spec.bold
        run.font.size = Pt(size)
        if n < spec.text.count("\n"):
            run.add_break()


def _shade(cell: Any, colour: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), colour.lstrip("#"))
    cell._tc.get_or_add_tcPr().append(shd)


def _mark_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(mark)


# ---------------------------------------------------------------- scanned


def render_scan(layout: FamilyLayout, path: Path) -> list[TruthRow]:
    """Print the base layout, scan it (pages as images: a little skew and speckle, grey
    or black and white) and rebuild an image-only PDF; the truth is the base's."""
    base = layout.base
    with tempfile.TemporaryDirectory(prefix="boardsearch-scan-") as tmp:
        printed = Path(tmp) / "printed.pdf"
        if isinstance(base, FamilyLayout):
            doc = compose(base)
            render_pdf(doc, printed)
            truth = list(doc.truth)
        else:
            old = layouts.compose(base)
            layouts.render_pdf(old, printed)
            truth = list(old.truth)
        images = _scan_pages(printed, layout)
    first, rest = images[0], images[1:]
    first.save(
        path,
        "PDF",
        resolution=float(layout.opt("dpi")),
        save_all=True,
        append_images=rest,
        title=f"Partner stock-take (scanned), layout {layout.seed}",
        author="boardsearch corpus/layouts_more.py",
        subject=SYNTHETIC_BANNER,
        keywords="synthetic, test layout, scanned",
        creator="boardsearch corpus/layouts_more.py",
    )
    return truth


def _scan_pages(printed: Path, layout: FamilyLayout) -> list[Any]:
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image

    dpi, skew, speckle = layout.opt("dpi"), layout.opt("skew"), layout.opt("speckle")
    pdf = pdfium.PdfDocument(str(printed))
    images = []
    try:
        for n in range(len(pdf)):
            image = pdf[n].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            if skew:
                image = image.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=255)
            pixels = np.asarray(image).astype(np.int32)
            pixels = 246 - (255 - pixels) * 246 // 255  # paper is a little grey
            noise = np.random.default_rng([layout.seed, n])
            spots = noise.integers(0, pixels.size, speckle)
            pixels.flat[spots] = noise.integers(0, 140, speckle)
            image = Image.fromarray(pixels.clip(0, 255).astype(np.uint8), "L")
            if layout.opt("colour") == "bilevel":
                image = image.point(lambda v: 255 if v > 150 else 0)
                image = image.convert("1", dither=Image.Dither.NONE)
            images.append(image)
    finally:
        pdf.close()
    return images


# ---------------------------------------------------------------- entry point


def generate(layout: FamilyLayout, out_dir: Path) -> tuple[Path, tuple[TruthRow, ...]]:
    """Typeset ``layout`` into ``out_dir``; the file and its ground-truth rows."""
    name = f"stocktake-layout-{layout.seed:04d}-{layout.family}-synthetic.{layout.fmt}"
    path = out_dir / name
    if layout.family == "scanned":
        return path, tuple(render_scan(layout, path))
    doc = compose(layout)
    if layout.fmt == "pdf":
        render_pdf(doc, path)
    else:
        render_docx(doc, path)
    return path, tuple(doc.truth)
