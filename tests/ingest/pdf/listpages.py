"""Generated inspection-style pages for the text layer (issue 22), with their truth.

Real reports set their recommendation lists in many ways. ``generate(seed, folder)``
typesets one SYNTHETIC report one random way (reportlab, standard fonts only) and
returns what the page shows: every list item's text, the headings, the numbered
findings. The choices:

* marker: a bullet ("•"), a dash ("–"), a Zapf Dingbats shape (■ ● ◆, which pdfminer
  reads as the letters n, l, u), or numbering: "1.", "1)", "(a)", "a)", "(i)", "i)",
  "2.1" and the report's running paragraph numbers ("23.");
* a hanging indent (wrapped lines set in past the marker) or none (flush);
* space between items, or none;
* one or two text columns;
* tracking: normal, tight (negative character spacing: glyph boxes overlap) or loose;
* space characters written, or none (each word placed on its own, as some producers do);
* item tails: "(paragraphs 12 and 14)", "(Paras 12, 14)" or none;
* where the list starts (a late start breaks it across a column or a page).

Deterministic: the same seed gives the same file and truth.

    PYTHONPATH=$PWD .venv/bin/python tests/ingest/pdf/listpages.py 7 --out /tmp/listpages
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass, field
from pathlib import Path

PAGE_W, PAGE_H = 595.0, 842.0
MARGIN = 64.0
GUTTER = 24.0

BULLETS = {"•": ("Helvetica", "•"), "–": ("Helvetica", "–")}
DINGBATS = {"■": "n", "●": "l", "◆": "u"}
NUMBERINGS = ("1.", "1)", "(a)", "a)", "(i)", "i)", "2.1", "23.")
MARKERS = (*BULLETS, *DINGBATS, *NUMBERINGS)
ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")

_VERBS = ("Ensure that", "Improve", "Strengthen", "Review", "Develop", "Make sure that")
_OBJECTS = (
    "the quality of assessments for children in need",
    "management oversight of social work practice in the assessment teams",
    "the timeliness of initial child protection conferences",
    "the range of placements for older children in care",
    "pathway planning for care leavers aged 16 and 17",
    "the recording of decisions made by the multi-agency safeguarding hub",
    "the response to children who go missing from home or care",
    "the stability of the social work workforce",
    "the use of chronologies in case records",
    "the sufficiency of local foster carers",
)
_PURPOSES = (
    "so that children receive the right help at the right time.",
    "to reduce delay for children who cannot live at home.",
    "so that risks are understood and acted on quickly.",
    "so that plans are specific and progress is measured.",
    "to make sure that children's views shape their plans.",
)
_SECOND = (
    "This should include regular audit of the work.",
    "Leaders should check that this happens in every team.",
    "Progress should be reported to the corporate parenting panel.",
)
_FINDINGS = (
    "Children are seen promptly by social workers who know them well.",
    "Most assessments are thorough and take account of the history of the family.",
    "Strategy meetings are held quickly and involve the police and health services.",
    "Care leavers are supported well by personal advisers who keep in touch with them.",
    "Managers have a clear understanding of the strengths of the service.",
    "Foster carers receive good training and support from their supervising workers.",
)
_HEADINGS = ("What needs to improve?", "Recommendations", "Areas for improvement")


@dataclass(frozen=True)
class Layout:
    seed: int
    font: str
    size: float
    marker: str
    hanging: bool
    item_gap: float  # extra space between items, in line heights (0: none)
    columns: int
    tracking: float  # character spacing in points (negative: tight)
    spaces: bool  # space characters written (False: each word placed on its own)
    tail: str  # "paragraphs", "paras" or ""
    lead_in: int  # prose paragraphs before the list (more: the list starts lower)
    heading: str


@dataclass
class Item:
    marker: str  # as printed ("•", "■", "12.", "(b)")
    text: str  # the item's text after the marker, wrapped lines joined


@dataclass
class Generated:
    path: Path
    layout: Layout
    items: list[Item] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)  # numbered paragraphs, with numbers


def layout_of(seed: int) -> Layout:
    rnd = random.Random(seed)
    marker = rnd.choice(MARKERS)
    heading = rnd.choice(_HEADINGS)
    if marker in NUMBERINGS and heading.startswith("What"):
        heading = "Recommendations"  # numbered lists are imperative; ILACS bullets are not
    return Layout(
        seed=seed,
        font=rnd.choice(("Helvetica", "Times-Roman")),
        size=rnd.choice((9.0, 10.0, 11.0, 12.0)),
        marker=marker,
        hanging=rnd.random() < 0.7,
        item_gap=rnd.choice((0.0, 0.0, 0.4, 0.8)),
        columns=rnd.choice((1, 1, 2)),
        tracking=rnd.choice((0.0, 0.0, -0.4, -0.8, 0.3)),
        spaces=rnd.random() < 0.7,
        tail=rnd.choice(("", "", "paragraphs", "paras")),
        lead_in=rnd.choice((0, 1, 3, 6)),
        heading=heading,
    )


# ---------------------------------------------------------------- content


def _items(rnd: random.Random, layout: Layout, first: int) -> list[Item]:
    objects = rnd.sample(_OBJECTS, rnd.randint(3, 9))  # each item names its own subject
    out = []
    for k, obj in enumerate(objects):
        purpose = rnd.choice(_PURPOSES)
        if layout.heading.startswith("What") and layout.marker not in NUMBERINGS:
            text = f"{obj[0].upper()}{obj[1:]} {purpose}"  # ILACS: a noun phrase
        else:
            text = f"{rnd.choice(_VERBS)} {obj} {purpose}"
        if rnd.random() < 0.3:
            text += " " + rnd.choice(_SECOND)
        if layout.tail == "paragraphs":
            text += f" (paragraphs {rnd.randint(10, 60)} and {rnd.randint(61, 99)})"
        elif layout.tail == "paras":
            text += f" (Paras {rnd.randint(10, 60)}, {rnd.randint(61, 99)})"
        out.append(Item(_marker(layout.marker, k, first), text))
    return out


def _marker(style: str, k: int, first: int) -> str:
    if style in BULLETS or style in DINGBATS:
        return style
    letter = "abcdefghijklmnop"[k]
    return {
        "1.": f"{k + 1}.",
        "1)": f"{k + 1})",
        "(a)": f"({letter})",
        "a)": f"{letter})",
        "(i)": f"({ROMAN[k]})",
        "i)": f"{ROMAN[k]})",
        "2.1": f"2.{k + 1}",
        "23.": f"{first + k}.",
    }[style]


# ---------------------------------------------------------------- typesetting


class _Setter:
    """Flows lines down one or two columns and over pages, drawing them as it goes."""

    def __init__(self, canvas, layout: Layout) -> None:
        self.c = canvas
        self.layout = layout
        self.lead = layout.size * 1.25
        width = PAGE_W - 2 * MARGIN
        self.col_w = width if layout.columns == 1 else (width - GUTTER) / 2
        self.col = 0
        self.page = 1
        self.y = PAGE_H - MARGIN
        self.top = self.y  # where a column starts on this page (below a spanning title)
        self._furniture()

    def _furniture(self) -> None:
        self.c.setFont("Helvetica", 8)
        self.c.drawString(MARGIN, PAGE_H - 36, "SYNTHETIC TEST REPORT - generated list layouts")
        self.c.drawString(PAGE_W - MARGIN - 30, 30, f"Page {self.page}")

    @property
    def x(self) -> float:
        return MARGIN + self.col * (self.col_w + GUTTER)

    def need(self, height: float) -> None:
        if self.y - height >= MARGIN:
            return
        if self.col + 1 < self.layout.columns:
            self.col += 1
        else:
            self.c.showPage()
            self.page += 1
            self.col = 0
            self.top = PAGE_H - MARGIN
            self._furniture()
        self.y = self.top

    def skip(self, lines: float) -> None:
        self.y -= lines * self.lead

    def width(self, text: str, font: str, size: float) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        return stringWidth(text, font, size) + self.layout.tracking * len(text)

    def text(self, x: float, text: str, font: str, size: float) -> None:
        """One line of text at ``x``, with or without space characters."""
        layout = self.layout
        if layout.spaces:
            self._run(x, text, font, size)
            return
        space = self.width(" ", font, size)
        for word in text.split(" "):
            self._run(x, word, font, size)
            x += self.width(word, font, size) + space

    def _run(self, x: float, text: str, font: str, size: float) -> None:
        t = self.c.beginText(x, self.y)
        t.setFont(font, size)
        t.setCharSpace(self.layout.tracking)
        t.textOut(text)
        self.c.drawText(t)

    def wrap(self, text: str, width: float, font: str, size: float) -> list[str]:
        lines: list[str] = []
        cur = ""
        for word in text.split():
            trial = f"{cur} {word}" if cur else word
            if cur and self.width(trial, font, size) > width:
                lines.append(cur)
                cur = word
            else:
                cur = trial
        return [*lines, cur] if cur else lines


def _heading(s: _Setter, text: str, size: float) -> None:
    s.skip(0.6)
    s.need(size * 2)
    s.y -= size
    s.text(s.x, text, "Helvetica-Bold", size)
    s.y -= size * 0.9


def _paragraph(s: _Setter, text: str) -> None:
    layout = s.layout
    for line in s.wrap(text, s.col_w, layout.font, layout.size):
        s.need(s.lead)
        s.y -= s.lead
        s.text(s.x, line, layout.font, layout.size)
    s.skip(0.7)


def _item(s: _Setter, item: Item, indent: float) -> None:
    layout = s.layout
    x0 = s.x
    if layout.hanging:
        lines = s.wrap(item.text, s.col_w - indent, layout.font, layout.size)
    else:
        mark_w = s.width(item.marker + " ", layout.font, layout.size)
        first, *rest = s.wrap(item.text, s.col_w - mark_w, layout.font, layout.size) or [""]
        rest = s.wrap(" ".join(rest), s.col_w, layout.font, layout.size) if rest else []
        lines = [first, *rest]
    for n, line in enumerate(lines):
        s.need(s.lead)
        if s.x != x0:
            x0 = s.x  # the item carried over to the next column or page
        s.y -= s.lead
        if n == 0:
            _draw_marker(s, item.marker, x0)
        if n == 0 or layout.hanging:
            at = (
                x0 + indent
                if layout.hanging
                else x0 + s.width(item.marker + " ", layout.font, layout.size)
            )
        else:
            at = x0
        s.text(at, line, layout.font, layout.size)
    s.skip(layout.item_gap)


def _draw_marker(s: _Setter, marker: str, x: float) -> None:
    layout = s.layout
    if marker in DINGBATS:
        s.c.setFont("ZapfDingbats", layout.size * 0.7)
        s.c.drawString(x, s.y + layout.size * 0.1, DINGBATS[marker])
    else:
        s.text(x, marker, layout.font, layout.size)


def generate(seed: int, folder: Path) -> Generated:
    """Write ``folder/listpage-<seed>.pdf`` and return what it shows."""
    from reportlab.pdfgen import canvas

    layout = layout_of(seed)
    rnd = random.Random(seed * 7919 + 1)
    folder.mkdir(parents=True, exist_ok=True)
    out = Generated(folder / f"listpage-{seed:04d}.pdf", layout)
    c = canvas.Canvas(str(out.path), pagesize=(PAGE_W, PAGE_H), invariant=1)
    c.setTitle(f"Synthetic list layout {seed}")
    s = _Setter(c, layout)
    title = "Inspection of Amberford children's services"
    _heading(s, title, layout.size + 6)
    s.top = s.y  # the title spans the columns
    for _ in range(layout.lead_in):
        _paragraph(s, " ".join(rnd.sample(_FINDINGS, 3)))
    first = rnd.randint(12, 40)
    out.headings = [title, layout.heading, "Findings"]
    _heading(s, layout.heading, layout.size + 2)
    out.items = _items(rnd, layout, first)
    indent = s.width("(viii) ", layout.font, layout.size) if layout.hanging else 0.0
    for item in out.items:
        _item(s, item, indent)
    _heading(s, "Findings", layout.size + 2)
    number = first + len(out.items)
    for k in range(rnd.randint(2, 4)):
        text = f"{number + k}. " + " ".join(rnd.sample(_FINDINGS, 2))
        out.findings.append(text)
        _paragraph(s, text)
    # Running text to the end of the page: a two-column page whose second column holds
    # only a line or two has no gutter the reader can trust (a known limit, not what
    # these layouts measure).
    _heading(s, "Summary", layout.size + 2)
    while s.page == 1 or s.y > PAGE_H / 2:
        _paragraph(s, " ".join(rnd.sample(_FINDINGS, 3)))
        if s.page > 3:
            break
    c.showPage()
    c.save()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("seeds", help="a seed or a range: 7, 0-19")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    lo, _, hi = args.seeds.partition("-")
    for seed in range(int(lo), int(hi or lo) + 1):
        g = generate(seed, args.out)
        print(g.path, g.layout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
