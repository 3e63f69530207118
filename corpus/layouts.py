"""Stock-take layouts never seen before: a generator with ground truth for every row.

Councils typeset the same stock-take register in many ways. This module takes the
seed's Appendix 1 stock-take (the real Westminster 2011/12 wording, parsed by
``corpus/build.py``), gives the nine agencies SYNTHETIC names, and typesets it one
random way per seed number, as PDF (reportlab) or Word (python-docx):

* table rules: ruled grid, unruled, zebra-shaded rows without rules (PDF);
* portrait or landscape pages; optional two-column body text around the tables;
* grouping: one table per agency and kind, one per agency (a Type column or an inner
  Strengths header), one per kind for all agencies, or one for all agencies;
* where the agency is named: a heading, a caption, a bold line, a spanning title
  row, a first (Agency) column printed only on the first row of its block (as a
  merged cell prints), or only in the running page header;
* header rows repeated on each page or not; page breaks between a heading and its
  table, right after a header row, and inside a row; numbered statements and
  bulleted cells.

Every generated file says SYNTHETIC on every page (PDF header, DOCX header and core
properties): these are test layouts, not board papers.

These are the first round's families ("old"). corpus/layouts_more.py adds the ones
councils also use (issue 23: action logs with RAG, owner and due date, lists without a
table, spreadsheet prints, rotated and scanned tables ...); ``--families`` picks them
(see ``choose_layout``), and the default stays the old set so seeds read as before.

    .venv/bin/python corpus/layouts.py 17 --out /tmp/layouts   # one layout, seed 17
    .venv/bin/python corpus/layouts.py 0-9 --out /tmp/layouts  # ten layouts
    .venv/bin/python corpus/layouts.py 0-9 --families new      # ten of the newer families

``generate(seed, out_dir) -> Generated`` writes the file and returns its truth rows.
Deterministic: the same seed gives the same layout, text and truth.
"""

from __future__ import annotations

import argparse
import io
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import build  # noqa: E402  (corpus/build.py: the seed parser and text helpers)

SYNTHETIC_BANNER = build.SYNTHETIC_BANNER
ROLES = ("statement", "response", "support", "recommended_action")

# ---------------------------------------------------------------- content

_PLACES = (
    "Amberford",
    "Kestwick",
    "Hollins Vale",
    "Marlow Cross",
    "Brackenbury",
    "Eastmere",
    "Fellgate",
    "Oakhurst",
    "Wrenfield",
    "Calder Heath",
    "Sallowby",
    "Thornbridge",
)
_SERVICES = (
    "Children's Services",
    "Community Health",
    "Housing Options",
    "Mental Health Trust",
    "Hospitals Trust",
    "Police",
    "Probation",
    "Education",
    "Health Partnership",
    "Youth Offending Service",
    "Early Help",
    "Ambulance Service",
    "Public Health",
    "Clinical Commissioning Group",
    "Family Services",
    "Primary Care",
)
SYNTHETIC_AGENCY_TEMPLATES = ("{place} {service}", "{service}", "{service} ({short})")


@dataclass(frozen=True)
class TruthRow:
    """One register row a layout prints: what the register should read back.

    The four cells are those the layout prints ("" for a column it has not). The
    fields after them are set only where the layout writes them (the families of
    corpus/layouts_more.py); "" (or ()) means the layout does not print one, so the
    field is not scored for that row.
    """

    agency: str
    kind: str  # "risk" | "strength"
    statement: str
    response: str
    support: str
    recommended_action: str
    rag: str = ""  # "red" | "amber" | "green", however printed ("R", "RAG: Amber")
    owner: str = ""  # as printed: a role ("Head of Safeguarding") or an agency
    due: str = ""  # as printed: "31/03/2013", "March 2013", "Q4 2012/13", "Ongoing"
    due_iso: str = ""  # "2013-03-31", "2013-03", "2013-01/2013-03"; "" when none is meant
    evidence: str = ""  # an Evidence column beside the response column
    reference: str = ""  # the row's own reference as printed ("KP-R01", "3.2")
    agencies: tuple[str, ...] = ()  # a row printed once for several agencies: all of them

    def cells(self) -> tuple[str, str, str, str]:
        return (self.statement, self.response, self.support, self.recommended_action)


@dataclass(frozen=True)
class Block:
    """The seed's stock-take for one agency and kind (rows of four cells, plain text)."""

    agency: str  # the seed's agency (real name; replaced before typesetting)
    kind: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, str, str, str], ...]


def seed_blocks() -> list[Block]:
    """The seed's Appendix 1 stock-take, through build.py's own parser."""
    lines = build.seed_lines()
    _, body_at = build.seed_cover_and_contents(lines)
    out = []
    for block in build.seed_body(lines, body_at):
        if block[0] != "table" or not block[1]["kind"].startswith("stocktake"):
            continue
        spec = block[1]
        kind = "risk" if spec["kind"] == "stocktake-risk" else "strength"
        rows = tuple(tuple(build.plain(c) for c in r[:4]) for r in spec["rows"])
        header = tuple(build.plain(c) for c in spec["header"][0][:4])
        out.append(Block(spec["agency"], kind, header, rows))  # type: ignore[arg-type]
    return out


def seed_prose() -> list[str]:
    """Running paragraphs of the seed, for body text around the tables."""
    lines = build.seed_lines()
    _, body_at = build.seed_cover_and_contents(lines)
    return [
        build.plain(b[1])
        for b in build.seed_body(lines, body_at)
        if b[0] == "p" and 200 < len(b[1]) < 900
    ]


def synthetic_agencies(rng: random.Random, n: int) -> list[str]:
    names: list[str] = []
    services = list(_SERVICES)
    rng.shuffle(services)
    for service in services:
        if len(names) == n:
            break
        template = rng.choice(SYNTHETIC_AGENCY_TEMPLATES)
        short = "".join(w[0] for w in service.replace("'s", "").split() if w[0].isupper())
        name = template.format(place=rng.choice(_PLACES), service=service, short=short)
        if name not in names:
            names.append(name)
    return names


# ---------------------------------------------------------------- layout choices

HEADERS = {
    "risk": (
        (
            "Risk",
            "What is being done to reduce the risk?",
            "What support can the LSCB provide to reduce the risk?",
            "Recommended actions for the LSCB annual plan",
        ),
        (
            "Key risks",
            "Actions being taken",
            "Support needed from the Board",
            "Recommended actions",
        ),
        (
            "Risks identified",
            "Mitigating actions",
            "What can the LSCB do to help?",
            "Recommendations for the business plan",
        ),
    ),
    "strength": (
        (
            "Strengths",
            "How is this evidenced / captured",
            "Can we promote this and how?",
            "Recommended actions for the LSCB annual plan",
        ),
        ("Key strengths", "Evidence", "How can the Board promote this?", "Recommended actions"),
        (
            "Strengths identified",
            "How is it evidenced?",
            "What support can the LSCB provide?",
            "Recommendations for the business plan",
        ),
    ),
    "both": (
        (
            "Issue",
            "What is being done / how is this evidenced?",
            "What support can the LSCB provide?",
            "Recommended actions",
        ),
        (
            "Risk or strength",
            "Action taken or evidence",
            "Support from the LSCB",
            "Recommended actions for the annual plan",
        ),
        ("Description", "Mitigation / evidence", "What can the Board do?", "Recommendations"),
    ),
}
AGENCY_HEADERS = ("Agency", "Partner", "Organisation")
TYPE_HEADERS = ("Type", "Risk / Strength", "Category")
TYPE_VALUES = {"risk": ("Risk", "Key risk"), "strength": ("Strength", "Key strength")}

GROUPINGS = ("agency_kind", "agency_type", "agency_stacked", "kind", "all")
NAMINGS = ("heading", "caption", "bold", "spanning", "column", "running_header")
STYLES_PDF = ("ruled", "unruled", "zebra")


@dataclass(frozen=True)
class Layout:
    seed: int
    fmt: str  # pdf | docx
    style: str  # ruled | unruled | zebra (docx: ruled | unruled)
    landscape: bool
    grouping: str
    naming: str
    repeat_header: bool
    break_before_table: bool  # a page break between the agency heading and its table
    break_after_header: bool  # a table's header row alone at the foot of a page
    split_in_row: bool  # rows may break across pages
    two_column: bool  # two-column body text around the tables
    numbered: bool  # "1." before each statement
    bullets: bool  # multi-sentence cells as bullet lists
    type_every_row: bool  # the Type column printed on every row (else first of its block)
    header_marked: bool  # docx: the header row marked as repeating

    @property
    def family(self) -> str:
        return f"{self.fmt}:{self.grouping}:{self.naming}"

    @property
    def needs_ocr(self) -> bool:
        return False  # every page has a text layer

    def dims(self) -> dict[str, list[str]]:
        """The layout's choices, by dimension, for the evaluation's tables."""
        flags = self.describe().split("[")[1].rstrip("]").split(", ")
        return {
            "family": [self.family],
            "format": [self.fmt],
            "grouping": [self.grouping],
            "naming": [self.naming],
            "style": [f"{self.fmt}:{self.style}"],
            "flags": [f for f in flags if f],
        }

    def describe(self) -> str:
        flags = [
            name
            for name, on in (
                ("landscape", self.landscape),
                ("repeat-header", self.repeat_header),
                ("break-before-table", self.break_before_table),
                ("break-after-header", self.break_after_header),
                ("split-in-row", self.split_in_row),
                ("two-column", self.two_column),
                ("numbered", self.numbered),
                ("bullets", self.bullets),
                ("type-every-row", self.type_every_row),
                ("header-marked", self.header_marked),
            )
            if on
        ]
        return f"{self.family}:{self.style} [{', '.join(flags)}]"


_NAMINGS_FOR = {
    "agency_kind": ("heading", "caption", "bold", "spanning", "column", "running_header"),
    "agency_type": ("heading", "caption", "bold", "spanning", "column", "running_header"),
    "agency_stacked": ("heading", "caption", "bold", "spanning", "running_header"),
    "kind": ("column", "spanning"),
    "all": ("column", "spanning"),
}
_DOCX_NAMINGS = ("heading", "caption", "bold", "spanning", "column")


FAMILY_SETS = ("old", "new", "all")


def choose_layout(seed: int, families: str = "old") -> Any:
    """The layout of ``seed`` drawn from ``families``.

    "old" (the default) is the first round's families, as they always were drawn: the
    evaluation of seeds 0-299 and the property test's seeds read the same files as
    before. "new" is the families councils also use (corpus/layouts_more.py); "all"
    takes, per seed, the old or the new layout of that seed half and half; a family
    name, or several joined by commas ("action_log,no_table"), draws among those. A
    seed's layout in a family never depends on which families were asked for.
    """
    if families == "old":
        return _choose_old(seed)
    import layouts_more

    if families == "all":
        pick = random.Random(f"families-{seed}").random() < 0.5
        return layouts_more.choose(seed, "new") if pick else _choose_old(seed)
    return layouts_more.choose(seed, families)


def _choose_old(seed: int) -> Layout:
    rng = random.Random(f"layout-{seed}")
    fmt = "docx" if rng.random() < 0.3 else "pdf"
    grouping = rng.choice(GROUPINGS)
    namings = _NAMINGS_FOR[grouping]
    if fmt == "docx":
        namings = tuple(n for n in namings if n in _DOCX_NAMINGS)
    naming = rng.choice(namings)
    return Layout(
        seed=seed,
        fmt=fmt,
        style=rng.choice(STYLES_PDF if fmt == "pdf" else ("ruled", "unruled")),
        landscape=rng.random() < 0.4,
        grouping=grouping,
        naming=naming,
        repeat_header=rng.random() < 0.5,
        break_before_table=naming in ("heading", "caption", "bold") and rng.random() < 0.25,
        break_after_header=rng.random() < 0.25,
        split_in_row=rng.random() < 0.4,
        two_column=fmt == "pdf" and rng.random() < 0.3,
        numbered=rng.random() < 0.4,
        bullets=rng.random() < 0.3,
        type_every_row=rng.random() < 0.5,
        header_marked=rng.random() < 0.5,
    )


# ---------------------------------------------------------------- abstract document


@dataclass
class TRow:
    cells: list[str]
    role: str = "body"  # header | body | span | tail (the rest of a row cut by a page break)
    merge_first: bool = False  # docx: this label cell continues the one above (merged)


@dataclass
class TSpec:
    rows: list[TRow]
    widths: list[float]
    breaks: set[int] = field(default_factory=set)  # page break before these row indexes


@dataclass
class Doc:
    layout: Layout
    title: str
    items: list[tuple[Any, ...]] = field(default_factory=list)
    truth: list[TruthRow] = field(default_factory=list)


def _bulleted(text: str) -> str:
    parts = [p.strip() for p in re.split(r"(?<=[a-z0-9)])\.\s+(?=[A-Z])", text) if p.strip()]
    if len(parts) < 2:
        return text
    return "\n".join(f"\u2022 {p.rstrip('.')}" for p in parts)


def _split_a_row(spec: TSpec, rng: random.Random) -> None:
    """A page break inside one body row: its cells' first words above, the rest below.

    Each cell is cut at a word boundary well inside it, so the part below carries on
    mid-sentence (a cell too short to cut stays whole above).
    """
    body = [
        i
        for i, r in enumerate(spec.rows)
        if r.role == "body" and i > 1 and i - 1 not in spec.breaks
    ]
    if not body:
        return
    i = rng.choice(body)
    row = spec.rows[i]
    head, tail = [], []
    for cell in row.cells:
        words = cell.split(" ")
        if len(words) < 6 or rng.random() < 0.2:
            head.append(cell)
            tail.append("")
            continue
        cut = rng.randint(2, len(words) - 2)
        head.append(" ".join(words[:cut]))
        tail.append(" ".join(words[cut:]))
    if not any(tail):
        return
    spec.rows[i : i + 1] = [TRow(head, "body", row.merge_first), TRow(tail, "tail", True)]
    spec.breaks = {b + 1 if b > i else b for b in spec.breaks} | {i + 1}


def _widths(labels: list[str]) -> list[float]:
    """Column fractions: an agency column wide enough for a name, a narrow Type column."""
    base = [0.28, 0.26, 0.23, 0.23]
    label = [0.11 if name in TYPE_HEADERS else 0.17 for name in labels]
    scale = 1 - sum(label)
    return label + [w * scale for w in base]


def compose(layout: Layout) -> Doc:
    """The layout's content as abstract items (headings, lines, tables) and its truth."""
    rng = random.Random(f"content-{layout.seed}")
    blocks = seed_blocks()
    seed_agencies = list(dict.fromkeys(b.agency for b in blocks))
    names = dict(zip(seed_agencies, synthetic_agencies(rng, len(seed_agencies)), strict=True))
    prose = seed_prose()
    doc = Doc(layout, f"Partner stock-take {2012 + layout.seed % 4}/{13 + layout.seed % 4}")
    doc.items.append(("title", doc.title))
    doc.items.append(("p", f"{SYNTHETIC_BANNER}. Layout {layout.seed}: {layout.describe()}."))
    if layout.two_column:
        doc.items.append(("cols", rng.sample(prose, 3)))
    else:
        doc.items.append(("p", rng.choice(prose)))
    doc.items.append(("h1", "Appendix 1 Stock take of partner agencies"))
    hv = rng.randrange(3)
    header_of = {k: HEADERS[k][hv] for k in ("risk", "strength", "both")}
    agency_head = rng.choice(AGENCY_HEADERS)
    type_head = rng.choice(TYPE_HEADERS)
    type_values = {k: rng.choice(v) for k, v in TYPE_VALUES.items()}

    def cell_rows(block: Block, agency: str) -> list[list[str]]:
        out = []
        for n, row in enumerate(block.rows, start=1):
            doc.truth.append(TruthRow(agency, block.kind, *row))
            cells = list(row)
            if layout.numbered and not re.match(r"\d+\.\s", cells[0]):
                cells[0] = f"{n}. {cells[0]}"
            if layout.bullets:
                cells[1:] = [_bulleted(c) for c in cells[1:]]
            out.append(cells)
        return out

    by_agency: dict[str, list[Block]] = {}
    for b in blocks:
        by_agency.setdefault(b.agency, []).append(b)

    def name_items(agency: str, kind_word: str = "") -> list[tuple[Any, ...]]:
        """The element that names the agency above its table(s)."""
        items: list[tuple[Any, ...]] = []
        if layout.naming == "running_header":
            items.append(("newpage_agency", agency))
        elif layout.naming == "heading":
            items.append(("h2", agency))
        elif layout.naming == "bold":
            items.append(("bold", agency))
        elif layout.naming == "caption":
            n = len([i for i in doc.items if i[0] == "caption"]) + 1
            suffix = f" \u2013 {kind_word}" if kind_word else ""
            items.append(
                ("caption", rng.choice([f"Table {n}: {agency}{suffix}", f"{agency}{suffix}"]))
            )
        if layout.break_before_table and items:
            items.append(("pagebreak",))
        return items

    def maybe_prose() -> None:
        if layout.two_column and rng.random() < 0.4:
            doc.items.append(("cols", rng.sample(prose, 2)))
        elif rng.random() < 0.2:
            doc.items.append(("p", rng.choice(prose)))

    def header_row(cells: tuple[str, ...], labels: list[str]) -> TRow:
        return TRow([*labels, *cells], "header")

    def agency_rows(block: Block, agency: str, k_agency: int, typed: bool) -> list[TRow]:
        """One block's rows: the agency (when it has a first column) on the agency's first row
        in the table only, merged below it; the type (when `typed`) on the block's first row
        or on every row. `k_agency`: the rows of this agency already in the table."""
        column = layout.naming == "column"
        out = []
        for k, cells in enumerate(cell_rows(block, agency)):
            lab = [agency if k_agency + k == 0 else ""] if column else []
            if typed:
                show = k == 0 or layout.type_every_row
                lab.append(type_values[block.kind] if show else "")
            out.append(TRow([*lab, *cells], merge_first=column and k_agency + k > 0))
        return out

    def finish(spec: TSpec) -> TSpec:
        if layout.break_after_header and rng.random() < 0.5:
            spec.breaks.add(1)
        if layout.split_in_row and layout.fmt == "pdf" and rng.random() < 0.7:
            _split_a_row(spec, rng)
        return spec

    if layout.grouping == "agency_kind":
        for seed_agency, ablocks in by_agency.items():
            agency = names[seed_agency]
            maybe_prose()
            for j, block in enumerate(ablocks):
                word = "key risks" if block.kind == "risk" else "strengths"
                if j == 0 or layout.naming in ("caption",):
                    doc.items.extend(name_items(agency, word if layout.naming == "caption" else ""))
                labels = [agency_head] if layout.naming == "column" else []
                rows = [header_row(header_of[block.kind], labels)]
                if layout.naming == "spanning":
                    rows.append(TRow([agency] + [""] * 3, "span"))
                rows.extend(agency_rows(block, agency, 0, typed=False))
                doc.items.append(("table", finish(TSpec(rows, _widths(labels)))))
    elif layout.grouping in ("agency_type", "agency_stacked"):
        for seed_agency, ablocks in by_agency.items():
            agency = names[seed_agency]
            maybe_prose()
            doc.items.extend(name_items(agency))
            labels = [agency_head] if layout.naming == "column" else []
            typed = layout.grouping == "agency_type"
            if typed:
                labels.append(type_head)
            first_header = header_of["both"] if typed else header_of[ablocks[0].kind]
            rows = [header_row(first_header, labels)]
            if layout.naming == "spanning":
                rows.append(TRow([agency] + [""] * (len(labels) + 3), "span"))
            k_agency = 0
            for block in ablocks:
                if not typed and block is not ablocks[0]:
                    rows.append(header_row(header_of[block.kind], labels))
                added = agency_rows(block, agency, k_agency, typed)
                rows.extend(added)
                k_agency += len(added)
            doc.items.append(("table", finish(TSpec(rows, _widths(labels)))))
    elif layout.grouping == "kind":
        for kind in ("risk", "strength"):
            doc.items.append(("h2", "Key risks" if kind == "risk" else "Strengths"))
            labels = [agency_head] if layout.naming == "column" else []
            rows = [header_row(header_of[kind], labels)]
            for block in (b for b in blocks if b.kind == kind):
                agency = names[block.agency]
                if layout.naming == "spanning":
                    rows.append(TRow([agency] + [""] * 3, "span"))
                rows.extend(agency_rows(block, agency, 0, typed=False))
            doc.items.append(("table", finish(TSpec(rows, _widths(labels)))))
    else:  # all agencies in one table, kind in a Type column
        labels = ([agency_head] if layout.naming == "column" else []) + [type_head]
        rows = [header_row(header_of["both"], labels)]
        for seed_agency, ablocks in by_agency.items():
            agency = names[seed_agency]
            if layout.naming == "spanning":
                rows.append(TRow([agency] + [""] * (len(labels) + 3), "span"))
            k_agency = 0
            for block in ablocks:
                added = agency_rows(block, agency, k_agency, typed=True)
                rows.extend(added)
                k_agency += len(added)
        doc.items.append(("table", finish(TSpec(rows, _widths(labels)))))
    doc.items.append(("h1", "Appendix 2 Next steps"))
    doc.items.append(("p", rng.choice(prose)))
    return doc


# ---------------------------------------------------------------- PDF


def render_pdf(doc: Doc, path: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import (
        BaseDocTemplate,
        CondPageBreak,
        Flowable,
        Frame,
        PageBreak,
        PageTemplate,
        Paragraph,
        Spacer,
        Table,
        TableStyle,
    )
    from reportlab.platypus.flowables import BalancedColumns

    layout = doc.layout
    size = landscape(A4) if layout.landscape else A4
    margin = 2 * cm
    body = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13, spaceAfter=6)
    styles = {
        "title": ParagraphStyle(
            "title", parent=body, fontName="Helvetica-Bold", fontSize=18, leading=22, spaceAfter=12
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=body,
            fontName="Helvetica-Bold",
            fontSize=14,
            leading=18,
            spaceBefore=10,
            spaceAfter=8,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName="Helvetica-Bold",
            fontSize=12,
            leading=15,
            spaceBefore=8,
            spaceAfter=6,
        ),
        "bold": ParagraphStyle("bold", parent=body, fontName="Helvetica-Bold"),
        "caption": ParagraphStyle(
            "caption", parent=body, fontName="Helvetica-Oblique", fontSize=9.5, spaceAfter=4
        ),
        "p": body,
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5, spaceAfter=0),
        "cell_head": ParagraphStyle(
            "cell_head",
            parent=body,
            fontName="Helvetica-Bold",
            fontSize=8.5,
            leading=10.5,
            spaceAfter=0,
        ),
    }
    state = {"agency": ""}

    class SetAgency(Flowable):
        def __init__(self, agency: str) -> None:
            super().__init__()
            self.agency = agency

        def wrap(self, w: float, h: float) -> tuple[float, float]:
            return 0, 0

        def draw(self) -> None:
            state["agency"] = self.agency

    class FillPage(Flowable):
        """Takes the page's free height but ``reserve`` points: what follows sits at the foot."""

        def __init__(self, reserve: float) -> None:
            super().__init__()
            self.reserve = reserve

        def wrap(self, w: float, h: float) -> tuple[float, float]:
            return w, max(0.0, h - self.reserve - 2)

        def draw(self) -> None:
            pass

    def furniture(canv: Any, _doc: Any) -> None:
        w, h = canv._pagesize
        canv.saveState()
        canv.setFont("Helvetica", 7.5)
        canv.drawString(margin, h - 1.2 * cm, SYNTHETIC_BANNER)
        if layout.naming == "running_header" and state["agency"]:
            canv.setFont("Helvetica-Bold", 9)
            canv.drawRightString(w - margin, h - 1.2 * cm, state["agency"])
        else:
            canv.drawRightString(w - margin, h - 1.2 * cm, doc.title)
        canv.setFont("Helvetica", 7.5)
        canv.drawCentredString(w / 2, 1.1 * cm, f"page {_doc.page}")
        canv.restoreState()

    frame = Frame(margin, margin, size[0] - 2 * margin, size[1] - 2 * margin, id="f")
    width = size[0] - 2 * margin
    out = BaseDocTemplate(
        str(path),
        pagesize=size,
        invariant=1,
        title=doc.title,
        author="boardsearch corpus/layouts.py",
        subject=SYNTHETIC_BANNER,
        keywords="synthetic, test layout",
    )
    out.addPageTemplates([PageTemplate("page", [frame], onPageEnd=furniture)])

    def para(text: str, style: str) -> Paragraph:
        return Paragraph(_markup(text), styles[style])

    story: list[Any] = []
    for item in doc.items:
        kind = item[0]
        if kind in ("title", "h1", "h2", "bold", "caption", "p"):
            if kind in ("h1", "h2"):
                story.append(CondPageBreak(3 * cm))
            story.append(para(item[1], kind))
        elif kind == "cols":
            story.append(BalancedColumns([para(t, "p") for t in item[1]], nCols=2))
        elif kind == "pagebreak":
            story.append(PageBreak())
        elif kind == "newpage_agency":
            story += [PageBreak(), SetAgency(item[1])]
        elif kind == "table":
            story += _pdf_tables(
                item[1], layout, width, para, FillPage, Table, TableStyle, PageBreak, colors
            )
            story.append(Spacer(1, 8))
    out.build(story)


def _markup(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(text).replace("\n", "<br/>")


def _pdf_tables(
    spec: TSpec,
    layout: Layout,
    width: float,
    para: Any,
    FillPage: Any,
    Table: Any,
    TableStyle: Any,
    PageBreak: Any,
    colors: Any,
) -> list[Any]:
    """The table as reportlab flowables, cut where the spec asks for a page break."""
    header = spec.rows[0] if spec.rows and spec.rows[0].role == "header" else None
    cuts = sorted(b for b in spec.breaks if 0 < b < len(spec.rows))
    pieces, start = [], 0
    for cut in [*cuts, len(spec.rows)]:
        pieces.append(spec.rows[start:cut])
        start = cut
    out: list[Any] = []
    for n, rows in enumerate(pieces):
        if n and header is not None and layout.repeat_header:
            rows = [header, *rows]
        only_header = len(rows) == 1 and rows[0].role == "header"
        table = _pdf_table(rows, layout, width, spec.widths, para, Table, TableStyle, colors)
        if only_header:
            out.append(FillPage(table.wrap(width, 1e6)[1]))
        out.append(table)
        if n < len(pieces) - 1:
            out.append(PageBreak())
    return out


def _pdf_table(
    rows: list[TRow],
    layout: Layout,
    width: float,
    widths: list[float],
    para: Any,
    Table: Any,
    TableStyle: Any,
    colors: Any,
) -> Any:
    data = []
    style: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5.4),  # Word's default cell margins (0.19 cm)
        ("RIGHTPADDING", (0, 0), (-1, -1), 5.4),
    ]
    for i, row in enumerate(rows):
        if row.role == "span":
            data.append([para(row.cells[0], "cell_head")] + [""] * (len(widths) - 1))
            style.append(("SPAN", (0, i), (-1, i)))
            if layout.style != "unruled":
                style.append(("BACKGROUND", (0, i), (-1, i), colors.HexColor("#c8d8e8")))
        else:
            st = "cell_head" if row.role == "header" else "cell"
            data.append([para(c, st) for c in row.cells])
    repeat = 1 if layout.repeat_header and rows[0].role == "header" else 0
    table = Table(data, colWidths=[width * f for f in widths], repeatRows=repeat, hAlign="LEFT")
    if layout.style == "ruled":
        style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
        if rows[0].role == "header":
            style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dddddd")))
    elif layout.style == "zebra":
        body_from = 1 if rows[0].role == "header" else 0
        style.append(
            ("ROWBACKGROUNDS", (0, body_from), (-1, -1), [colors.white, colors.HexColor("#e6eef5")])
        )
        if body_from:
            style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#b8cce0")))
    table.setStyle(TableStyle(style))
    return table


# ---------------------------------------------------------------- DOCX


def render_docx(doc: Doc, path: Path) -> None:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    layout = doc.layout
    d = docx.Document()
    props = d.core_properties
    props.title, props.subject = doc.title, SYNTHETIC_BANNER
    props.keywords, props.author = "synthetic, test layout", "boardsearch corpus/layouts.py"
    fixed = build.datetime(2015, 3, 31, 12, 0, 0)
    props.created = props.modified = fixed
    section = d.sections[0]
    if layout.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    section.header.paragraphs[0].text = SYNTHETIC_BANNER
    for item in doc.items:
        kind = item[0]
        if kind == "title":
            d.add_heading(item[1], level=0)
        elif kind in ("h1", "h2"):
            d.add_heading(item[1], level=int(kind[1]))
        elif kind == "bold":
            d.add_paragraph().add_run(item[1]).bold = True
        elif kind == "caption":
            try:
                d.add_paragraph(item[1], style="Caption")
            except KeyError:
                d.add_paragraph(item[1])
        elif kind == "p":
            d.add_paragraph(item[1])
        elif kind == "cols":
            for text in item[1]:
                d.add_paragraph(text)
        elif kind in ("pagebreak", "newpage_agency"):
            d.add_page_break()
        elif kind == "table":
            spec: TSpec = item[1]
            width = max(len(r.cells) for r in spec.rows)
            table = d.add_table(rows=0, cols=width)
            if layout.style == "ruled":
                table.style = "Table Grid"
            for i, row in enumerate(spec.rows):
                cells = table.add_row().cells
                if row.role == "span":
                    merged = cells[0].merge(cells[-1])
                    merged.text = ""
                    merged.paragraphs[0].add_run(row.cells[0]).bold = True
                    continue
                for cell, text in zip(cells, row.cells, strict=True):
                    lines = text.split("\n")
                    cell.text = ""
                    for n, line in enumerate(lines):
                        p = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
                        run = p.add_run(line)
                        run.bold = row.role == "header"
                        run.font.size = Pt(9)
                if row.merge_first and i > 0:
                    above = table.rows[i - 1].cells[0]
                    above.merge(cells[0])
                if row.role == "header" and layout.header_marked:
                    tr_pr = table.rows[i]._tr.get_or_add_trPr()
                    mark = OxmlElement("w:tblHeader")
                    mark.set(qn("w:val"), "true")
                    tr_pr.append(mark)
            d.add_paragraph("")
    buf = io.BytesIO()
    d.save(buf)
    path.write_bytes(build.normalise_zip(buf.getvalue()))


# ---------------------------------------------------------------- entry points


@dataclass(frozen=True)
class Generated:
    layout: Any  # Layout, or layouts_more.FamilyLayout for the newer families
    path: Path
    truth: tuple[TruthRow, ...]


def generate(seed: int, out_dir: Path, families: str = "old") -> Generated:
    """Typeset layout ``seed`` of ``families`` (see choose_layout) into ``out_dir``;
    the file and its ground-truth rows."""
    layout = choose_layout(seed, families)
    out_dir.mkdir(parents=True, exist_ok=True)
    if not isinstance(layout, Layout):
        import layouts_more

        path, truth = layouts_more.generate(layout, out_dir)
        return Generated(layout, path, truth)
    doc = compose(layout)
    path = out_dir / f"stocktake-layout-{seed:04d}-synthetic.{layout.fmt}"
    if layout.fmt == "pdf":
        render_pdf(doc, path)
    else:
        render_docx(doc, path)
    return Generated(layout, path, tuple(doc.truth))


def _seeds(spec: str) -> list[int]:
    if "-" in spec:
        a, b = spec.split("-", 1)
        return list(range(int(a), int(b) + 1))
    return [int(s) for s in spec.split(",")]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("seeds", help="a seed (17), a range (0-9) or a list (1,5,9)")
    ap.add_argument("--out", type=Path, default=Path("/tmp/boardsearch-layouts"))
    ap.add_argument(
        "--families",
        default="old",
        help="old (default: the first round's), new (the families councils also use), "
        "all (old or new per seed), or family names joined by commas",
    )
    args = ap.parse_args(argv)
    for seed in _seeds(args.seeds):
        g = generate(seed, args.out, args.families)
        print(f"{g.path}  {len(g.truth)} rows  {g.layout.describe()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
