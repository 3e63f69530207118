"""A theme brief (index.make_brief) written out: Markdown, a Word document and JSON.

The three say the same thing: every quote is followed by its citation (the paper's file
name, page and section, and where else the same words are printed), and the brief opens
with its counts: papers and periods it draws on, and the periods with nothing on the
topic. Nothing here writes a sentence of its own about the papers: headings, counts and
citations only, so the brief stays the papers' words.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

from index import Brief, BriefPart, Change, Cite, Grade, GradeChange, Quote

from . import report
from .views import plural

FORMATS = ("md", "docx", "json")
MEDIA_TYPES = {
    "md": "text/markdown",
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
STATUS_TITLES = {
    "first raised": "First raised",
    "raised again": "Raised again",
    "no longer mentioned": "No longer mentioned",
}


# -- words shared by the three formats --------------------------------------------------


def cite_text(cite: Cite) -> str:
    """'westminster-lscb-annual-report-2011-12.pdf, p. 13, Housing'."""
    parts = [cite.file, f"p. {cite.page}"]
    last = next((s for s in reversed(cite.section) if s.strip()), "")
    if last:
        parts.append(" ".join(last.split()))
    return ", ".join(parts)


def citation(quote: Quote) -> str:
    """A quote's citation, with the other places the same words are printed."""
    text = cite_text(quote.cite)
    if quote.also_in:
        text += "; also in " + "; ".join(cite_text(c) for c in quote.also_in)
    return f"({text})"


def title(brief: Brief) -> str:
    """'Brief: Neglect' (a theme by its own name, whatever the case it was typed in)."""
    return f"Brief: {brief.theme or brief.topic}"


def count_lines(brief: Brief) -> list[str]:
    """The brief's honest labels, one line each."""
    filters = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in brief.filters.items())
    periods = brief.periods
    lines = [
        f"Theme: {brief.theme}" if brief.theme else f"Words searched: {brief.topic}",
        f"Papers: {plural(brief.papers_drawn_on, 'paper')} quoted, of "
        f"{brief.papers_in_scope} in scope" + (f" ({filters})" if filters else ""),
        f"Periods: {len(brief.periods_drawn_on)} of {len(periods)} drawn on"
        + (f" ({', '.join(brief.periods_drawn_on)})" if brief.periods_drawn_on else ""),
        "Periods with nothing on it: " + (", ".join(brief.periods_without) or "none"),
    ]
    if brief.unquoted:
        lines.append(
            f"Passages left out because their words could not be found on their page: "
            f"{brief.unquoted}"
        )
    return lines


def part_heading(part: BriefPart) -> str:
    where = f" — {part.borough}" if part.borough else ""
    return f"{part.period}{where} ({plural(part.papers, 'paper')})"


def item_heading(kind: str, shown: int, total: int) -> str:
    name = "Recommendations" if kind == "recommendation" else "Stock-take risks"
    return f"{name} ({total}" + (f", the first {shown} shown)" if total > shown else ")")


def change_heading(change: Change) -> str:
    """'Raised again in 2012/13 (recommendation; before, in 2011/12)'."""
    kind = "stock-take risk" if change.kind == "risk" else change.kind
    where = f", {change.borough}" if change.borough else ""
    since = {
        "raised again": f"; before, in {change.since}",
        "no longer mentioned": f"; last in {change.since}",
    }.get(change.status, "")
    return f"{STATUS_TITLES[change.status]} in {change.period}{where} ({kind}{since})"


def grade_heading(grades: tuple[Grade, ...]) -> str:
    return f"Judgements ({len(grades)})"


def grade_line(grade: Grade) -> str:
    """'“Overall effectiveness”: Good' (both as printed)."""
    return f"“{grade.quote.quote}”: {grade.grade}"


def grade_change_heading(c: GradeChange) -> str:
    """'Hammersmith and Fulham: Good (2019/20) -> Outstanding (2023/24)', the grades as
    printed; 'unchanged' when the same."""
    same = "" if c.changed else ", unchanged"
    where = f"{c.borough}: " if c.borough else ""
    return f"{where}{c.before} ({c.since}) -> {c.after} ({c.period}){same}"


GRADES_TITLE = "Judgements from one inspection to the next"


# -- Markdown ----------------------------------------------------------------------------

_MD_MARKS = re.compile(r"([\\`*_\[\]<>|#])")


def md_text(text: str) -> str:
    """Text that a Markdown reader shows as written: only the marks that would turn into
    emphasis, links, HTML, tables or headings are escaped, so the file stays readable.
    (The web page escapes more: Streamlit also reads $ as LaTeX, views.escape_md.)"""
    return _MD_MARKS.sub(r"\\\1", text)


def to_markdown(brief: Brief, escape_md: Callable[[str], str] = md_text) -> str:
    """The brief as Markdown: each quote a block quote, its citation on the next line."""
    out = [f"# {escape_md(title(brief))}", ""]
    out += [f"- {escape_md(line)}" for line in count_lines(brief)] + [""]
    for part in brief.parts:
        out += [f"## {escape_md(part_heading(part))}", ""]
        if part.empty:
            out += ["Nothing on this topic in these papers.", ""]
        for q in part.passages:
            out += [f"> “{escape_md(q.quote)}”", ">", f"> {escape_md(citation(q))}", ""]
        for kind, shown, total in _items(part):
            out += [f"### {escape_md(item_heading(kind, len(shown), total))}", ""]
            out += [f"- “{escape_md(q.quote)}” {escape_md(citation(q))}" for q in shown] + [""]
        if part.grades:
            out += [f"### {escape_md(grade_heading(part.grades))}", ""]
            out += [
                f"- {escape_md(grade_line(g))} {escape_md(citation(g.quote))}" for g in part.grades
            ] + [""]
    if brief.grade_changes:
        out += [f"## {escape_md(GRADES_TITLE)}", ""]
        for g in brief.grade_changes:
            out.append(
                f"- **{escape_md(grade_change_heading(g))}**: “{escape_md(g.later.quote)}” "
                f"{escape_md(citation(g.earlier))}; {escape_md(citation(g.later))}"
            )
        out.append("")
    if brief.changes:
        out += ["## What changed between periods", ""]
        for c in brief.changes:
            out.append(
                f"- **{escape_md(change_heading(c))}**: “{escape_md(c.item.quote)}” "
                f"{escape_md(citation(c.item))}"
            )
        out.append("")
    return "\n".join(out)


def _items(part: BriefPart) -> list[tuple[str, tuple[Quote, ...], int]]:
    found = [
        ("recommendation", part.recommendations, part.recommendations_total),
        ("risk", part.risks, part.risks_total),
    ]
    return [(kind, shown, total) for kind, shown, total in found if shown]


# -- JSON -------------------------------------------------------------------------------


def to_json(brief: Brief) -> str:
    return report.to_json(brief.as_dict())


# -- Word -------------------------------------------------------------------------------


def to_docx(brief: Brief) -> bytes:
    """The brief as a Word document (python-docx): each quote a paragraph in italics with
    its citation after it in the same paragraph."""
    from docx import Document

    doc = Document()
    doc.core_properties.title = title(brief)
    doc.add_heading(title(brief), level=0)
    for line in count_lines(brief):
        doc.add_paragraph(line, style="List Bullet")
    for part in brief.parts:
        doc.add_heading(part_heading(part), level=1)
        if part.empty:
            doc.add_paragraph("Nothing on this topic in these papers.")
        for q in part.passages:
            _quote_paragraph(doc, q)
        for kind, shown, total in _items(part):
            doc.add_heading(item_heading(kind, len(shown), total), level=2)
            for q in shown:
                _quote_paragraph(doc, q, style="List Bullet")
        if part.grades:
            doc.add_heading(grade_heading(part.grades), level=2)
            for g in part.grades:
                _quote_paragraph(doc, g.quote, style="List Bullet", tail=f": {g.grade}")
    if brief.grade_changes:
        doc.add_heading(GRADES_TITLE, level=1)
        for gc in brief.grade_changes:
            lead = grade_change_heading(gc) + ": "
            tail = f" {citation(gc.earlier)};"
            _quote_paragraph(doc, gc.later, style="List Bullet", lead=lead, tail=tail)
    if brief.changes:
        doc.add_heading("What changed between periods", level=1)
        for c in brief.changes:
            _quote_paragraph(doc, c.item, style="List Bullet", lead=change_heading(c) + ": ")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _quote_paragraph(
    doc: Any, quote: Quote, style: str | None = None, lead: str = "", tail: str = ""
) -> None:
    """'lead “quote”tail (citation)' as one paragraph: the lead in bold, the quote in
    italics."""
    para = doc.add_paragraph(style=style)
    if lead:
        para.add_run(lead).bold = True
    para.add_run(f"“{quote.quote}”").italic = True
    if tail:
        para.add_run(tail)
    para.add_run(f" {citation(quote)}")


def render(brief: Brief, fmt: str) -> bytes:
    """The brief in one of FORMATS, as the bytes of the file."""
    if fmt == "docx":
        return to_docx(brief)
    text = to_json(brief) if fmt == "json" else to_markdown(brief)
    return text.encode("utf-8")


def file_name(brief: Brief, fmt: str) -> str:
    """'brief-housing-pressure-and-homelessness.docx'."""
    slug = "".join(c if c.isalnum() else "-" for c in brief.topic.lower()).strip("-")
    while "--" in slug:
        slug = slug.replace("--", "-")
    return f"brief-{slug[:60] or 'topic'}.{fmt}"
