"""Formatting: plain functions that turn stored data into what the web pages show.

Only formatting lives here (labels, citations, Markdown, rows and tables for display);
counting theme rates is in ``rates.py``, filtering in ``filters.py``, grouping similar
statements in ``grouping.py`` and checking uploads in ``uploads.py``.

Nothing here imports Streamlit: every function takes plain values (model
objects, dicts, lists) and returns strings or rows, so each is unit-tested in
``tests/ui/test_ui_views.py``. The page scripts in ``ui/screens/`` stay thin.

Document text is never trusted: ``escape_md`` makes any text safe to pass to
``st.markdown`` (HTML and Markdown syntax show as the characters they are).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ingest import extract, former_names
from ingest.extract.glossary import Acronym
from ingest.extract.stocktake import StocktakeRow
from ingest.model import DOC_TYPE_LABELS, Document, FileResult, Record

from .report import plural

FACET_LABELS: dict[str, str] = {
    "borough": "Borough",
    "period": "Period",
    "doc_type": "Document type",
    "agency": "Agency",
    "theme": "Theme",
    "kind": "Passage type",
}
KIND_LABELS: dict[str, str] = {"paragraph": "Paragraph", "table_row": "Table row"}
STATUS_LABELS: dict[str, str] = {
    "ok": "Read in full",
    "partial": "Partly read",
    "failed": "Could not be read",
}
MODE_LABELS: dict[str, str] = {
    "hybrid": "Best match",
    "keyword": "Exact words",
    "semantic": "Similar meaning",
}
# RAG ratings: always shown with their word (a colour alone tells nothing to a reader who
# cannot see it, or to a printout in black and white); the mark and badge add the colour.
RAG_ORDER: tuple[str, ...] = ("red", "amber", "green")
RAG_LABELS: dict[str, str] = {"red": "Red", "amber": "Amber", "green": "Green"}
RAG_MARKS: dict[str, str] = {"red": "🔴", "amber": "🟠", "green": "🟢"}
RAG_BADGES: dict[str, str] = {"red": "red", "amber": "orange", "green": "green"}
_RAG_LETTERS = {"r": "red", "a": "amber", "g": "green"}
NO_PERIOD = "(no period)"
NO_BOROUGH = "(no borough)"
SYNTHETIC_BADGE = ":orange-badge[SYNTHETIC]"

# Every ASCII punctuation mark CommonMark lets us escape with a backslash.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&\"'=^@%;,?/])")


# --------------------------------------------------------------------------- text


def escape_md(text: str) -> str:
    """Text that st.markdown shows exactly as written: no HTML, links, LaTeX or emphasis."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def escape_md_block(text: str) -> str:
    """Like escape_md, keeping the text's line breaks."""
    return "  \n".join(escape_md(line) for line in text.splitlines())


_OPEN, _CLOSE = "\x02", "\x03"


def highlight_md(text: str, spans: Sequence[tuple[int, int]], width: int = 320) -> str:
    """A snippet around the matched words, escaped, the matches in **bold**."""
    from index import snippet

    clean = text.replace(_OPEN, " ").replace(_CLOSE, " ")
    marked = snippet(clean, spans, width=width, mark=(_OPEN, _CLOSE))
    parts = re.split(f"([{_OPEN}{_CLOSE}])", marked)
    out, inside = [], False
    for part in parts:
        if part == _OPEN:
            inside = True
        elif part == _CLOSE:
            inside = False
        elif part:
            body = escape_md(part)
            out.append(f"**{body}**" if inside and part.strip() else body)
    return "".join(out)


def shorten(text: str, width: int = 120) -> str:
    """One line of at most `width` characters, cut at a word with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    cut = flat[: width - 1].rsplit(" ", 1)[0]
    return cut + "…"


# --------------------------------------------------------------------------- labels


def doc_type_label(value: str) -> str:
    return DOC_TYPE_LABELS.get(value, value.replace("_", " ").capitalize())


def facet_value_label(facet: str, value: str) -> str:
    if facet == "doc_type":
        return doc_type_label(value)
    if facet == "kind":
        return KIND_LABELS.get(value, value)
    if facet == "agency":
        formers = former_names(value)
        # passages are filed under the body's current name; say so, or a 2015 paper's
        # Clinical Commissioning Group would read as an Integrated Care Board
        return f"{value} (incl. former {' / '.join(formers)})" if formers else value
    return value


def facet_options(
    all_counts: Mapping[str, int], current: Mapping[str, int] | None, selected: Iterable[str]
) -> list[str]:
    """Values to offer in a facet filter: every known value, biggest first; chosen ones kept."""
    counts = current if current is not None else all_counts
    values = sorted(all_counts, key=lambda v: (-counts.get(v, 0), -all_counts[v], v))
    for value in selected:
        if value not in values:
            values.append(value)
    return values


def facet_option_label(
    facet: str, value: str, current: Mapping[str, int] | None, all_counts: Mapping[str, int]
) -> str:
    """'Westminster (12)': the count among the current results (all passages before a search)."""
    counts = current if current is not None else all_counts
    return f"{facet_value_label(facet, value)} ({counts.get(value, 0):,})"


def period_sort_key(period: str) -> tuple[int, str]:
    """Periods in time order ('2011/12' < '2016/17'); unknown periods last."""
    m = re.search(r"(19|20)\d\d", period)
    return (int(m.group(0)) if m else 9999, period)


# --------------------------------------------------------------------------- hits


def section_text(section: Sequence[str]) -> str:
    return " > ".join(s for s in section if s)


def citation(title: str, period: str, page: int, section: Sequence[str] = ()) -> str:
    """'Westminster LSCB Annual Report 2011/12, p. 14, Appendix 1: Police'."""
    name = " ".join(title.split()) or "Untitled document"
    if period and period not in name:
        name = f"{name} {period}"
    parts = [name, f"p. {page}"]
    last = next((s for s in reversed(section) if s.strip()), "")
    if last and last.strip() != name:
        parts.append(" ".join(last.split()))
    return ", ".join(parts)


def hit_citation(hit: Any) -> str:
    return citation(hit.title or Path(hit.path).name, hit.period, hit.page, hit.section)


TRI_BOROUGH = frozenset({"Hammersmith and Fulham", "Kensington and Chelsea", "Westminster"})


def borough_text(boroughs: Sequence[str]) -> str:
    """'Westminster'; 'Tri-borough (all three)' for the three boroughs together."""
    if len(boroughs) == 3 and set(boroughs) == TRI_BOROUGH:
        return "Tri-borough (all three)"
    return ", ".join(boroughs)


def where_line(boroughs: Sequence[str], period: str, doc_type: str, page: int | None = None) -> str:
    """'Westminster · 2011/12 · Annual report · page 14' (plain text, not yet escaped)."""
    parts = [borough_text(boroughs), period, doc_type_label(doc_type) if doc_type else ""]
    if page is not None:
        parts.append(f"page {page}")
    return " · ".join(p for p in parts if p)


def hit_heading_md(rank: int, hit: Any, synthetic: bool) -> str:
    """The first line of a hit: its rank and escaped title, with the SYNTHETIC badge."""
    title = escape_md(hit.title or Path(hit.path).name)
    badge = f" {SYNTHETIC_BADGE}" if synthetic else ""
    kind = " :gray-badge[Table row]" if hit.kind == "table_row" else ""
    return f"**{rank}. {title}**{badge}{kind}"


def hit_details_md(hit: Any) -> str:
    """Borough, period, type, page and section of a hit, escaped, as one caption line."""
    line = where_line(hit.boroughs, hit.period, hit.doc_type, hit.page)
    section = section_text(hit.section)
    if section:
        line += f" · Section: {section}"
    return escape_md(line)


def unique_headers(headers: Sequence[str], n: int) -> list[str]:
    """n column names: the headers given, blanks named 'Column k', duplicates numbered."""
    out: list[str] = []
    for i in range(n):
        name = " ".join(headers[i].split()) if i < len(headers) and headers[i].strip() else ""
        name = name or f"Column {i + 1}"
        base, k = name, 2
        while name in out:
            name = f"{base} ({k})"
            k += 1
        out.append(name)
    return out


def row_table(headers: Sequence[str], cells: Sequence[str]) -> dict[str, list[str]]:
    """A table-row hit as a one-row table {header: [cell]} for st.dataframe."""
    names = unique_headers(headers, max(len(headers), len(cells)))
    return {name: [cells[i] if i < len(cells) else ""] for i, name in enumerate(names)}


def table_frame(header_rows: Sequence[Sequence[str]], rows: Sequence[Sequence[str]]) -> dict:
    """A stored table as {column: [cells]} with its last header row as column names."""
    header = header_rows[-1] if header_rows else ()
    n = max([len(header), *(len(r) for r in rows)] or [0])
    names = unique_headers(header, n)
    return {name: [r[i] if i < len(r) else "" for r in rows] for i, name in enumerate(names)}


# --------------------------------------------------------------------------- state


def empty_library_message() -> str:
    return (
        "There are no documents in the library yet. To load the board papers that come "
        "with boardsearch, run `boardsearch start` in a terminal; to add your own, use "
        "the **Upload** page."
    )


# --------------------------------------------------------------------------- documents


def library_rows(docs: Iterable[Document]) -> list[dict[str, Any]]:
    """One row per document for the library table."""
    rows = []
    for d in docs:
        rows.append(
            {
                "Title": d.title or Path(d.path).name,
                "Synthetic": "SYNTHETIC" if d.synthetic else "",
                "Borough": borough_text(d.boroughs),
                "Period": d.period,
                "Type": doc_type_label(d.doc_type),
                "Pages": d.pages,
                "Status": STATUS_LABELS.get(d.status, d.status),
                "File": Path(d.path).name,
            }
        )
    return rows


def document_label(doc: Document) -> str:
    """How a document is named in a picker: title, period, and the synthetic mark."""
    text = doc.title or Path(doc.path).name
    if doc.period and doc.period not in text:
        text += f" ({doc.period})"
    return text + (" [SYNTHETIC]" if doc.synthetic else "")


def document_facts(doc: Document) -> list[tuple[str, str]]:
    """(label, value) pairs describing a document, for its page header."""
    facts = [
        ("Board", doc.board),
        ("Borough", borough_text(doc.boroughs)),
        ("Period", doc.period),
        ("Type", doc_type_label(doc.doc_type)),
        ("Pages", str(doc.pages)),
        ("Date", doc.date),
        ("Status", STATUS_LABELS.get(doc.status, doc.status)),
        ("File", Path(doc.path).name),
    ]
    return [(k, v) for k, v in facts if v]


def document_notice(doc: Document) -> tuple[str, str] | None:
    """What the document page says about how the file was read: a warning when part of
    it could not be read, a note when it was read whole but something was left out
    (characters a font gives no text for), nothing otherwise."""
    if not doc.message:
        return None
    if doc.status != "ok":
        return "warning", f"Some of this document could not be read: {doc.message}"
    return "info", f"Note on reading this document: {doc.message}"


def section_rows(sections: Iterable[Any]) -> list[dict[str, Any]]:
    return [
        {
            "Section": "    " * max(0, s.level - 1) + s.title,
            "Pages": f"{s.page_start}" + (f"–{s.page_end}" if s.page_end > s.page_start else ""),
        }
        for s in sections
    ]


def kind_tabs(
    load: Callable[[str], Sequence[Record]],
) -> list[tuple[str, list[dict[str, Any]], str]]:
    """The tabs of a document's page for the extracted kinds that declare a display, in
    the kinds' order: (label with its count, rows, what to say when there are none).
    ``load(record_kind)`` gives the document's records; each kind says how it is shown
    (ingest/extract/), so a new kind with a display gets its tab without a change here."""
    tabs = []
    for k in extract.KINDS:
        if k.display is not None:
            rows = k.display.table(load(k.main.KIND))
            tabs.append((f"{k.display.tab} ({len(rows)})", rows, k.display.empty))
    return tabs


# --------------------------------------------------------------------------- register

# Columns an action log prints besides the four, shown only when a row in view has one:
# (label, register row key). What a board follows up: how it stands, who, by when.
FOLLOW_UP_COLUMNS: tuple[tuple[str, str], ...] = (
    ("RAG", "rag"),
    ("Owner", "owner"),
    ("Due", "due"),
    ("Evidence", "evidence"),
    ("Reference", "reference"),
)


def rag_value(text: str) -> str:
    """'red', 'amber' or 'green' for a rating however written ('R', 'Amber', 'RAG: Red');
    other text ('Amber/Green') lower-cased as written; '' for none."""
    value = " ".join(text.split()).lower()
    words = set(re.findall(r"\b(red|amber|green)\b", value))
    if len(words) == 1:  # one rating named, whatever surrounds it
        return words.pop()
    return _RAG_LETTERS.get(value, value)


def rag_label(value: str) -> str:
    """'Red', 'Amber', 'Green' (the word, never only a colour); other ratings as written."""
    return RAG_LABELS.get(value, value.capitalize())


def rag_cell(value: str) -> str:
    """A rating for a table cell: a coloured mark and its word ('🔴 Red'); '' for none."""
    if not value:
        return ""
    mark = RAG_MARKS.get(value)
    return f"{mark} {rag_label(value)}" if mark else rag_label(value)


def rag_badge_md(value: str) -> str:
    """A rating as a coloured Streamlit badge that says its word: ':red-badge[RAG: Red]'."""
    colour = RAG_BADGES.get(value, "gray")
    return f":{colour}-badge[RAG: {escape_md(rag_label(value))}]"


def follow_up_columns(rows: Iterable[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """The follow-up columns (RAG, owner, due, evidence, reference) some row has a value
    for, so a register of four-column stock-takes looks as it always did."""
    rows = list(rows)
    return [(label, key) for label, key in FOLLOW_UP_COLUMNS if any(r.get(key) for r in rows)]


def follow_up_md(row: Mapping[str, Any]) -> str:
    """RAG, owner and due date of a register row (or a search hit's row) as one Markdown
    line: ':red-badge[RAG: Red] **Owner:** Head of Service · **Due:** 31/03/2013'.
    Only what the row has; '' when it has none of them."""
    parts = [rag_badge_md(row["rag"])] if row.get("rag") else []
    for label, key in (("Owner", "owner"), ("Due", "due")):
        if row.get(key):
            parts.append(f"**{label}:** {escape_md(str(row[key]))}")
    return " · ".join(parts)


def register_rows(
    records: Iterable[Record[StocktakeRow]],
    docs: Mapping[str, Document],
    themes_by_passage: Mapping[tuple[str, int], Sequence[str]] | None = None,
) -> list[dict[str, Any]]:
    """Stock-take records as register rows, with what is needed to cite and filter them."""
    themes_by_passage = themes_by_passage or {}
    rows = []
    for r in records:
        doc = docs.get(r.doc_id)
        row = r.fields
        themes = (
            themes_by_passage.get((r.doc_id, r.passage_ordinal), ())
            if (r.passage_ordinal is not None)
            else ()
        )
        if doc and doc.boroughs:
            borough = borough_text(doc.boroughs)
        else:
            borough = str(row.borough or "")
        rows.append(
            {
                "kind": str(row.kind or "").capitalize() or "Risk",
                "agency": str(row.agency or "Agency not stated"),
                "borough": borough,
                "period": (doc.period if doc else "") or str(row.period or ""),
                "statement": str(row.statement or ""),
                "response": str(row.response or ""),
                "support": str(row.support or ""),
                "recommended_action": str(row.recommended_action or ""),
                **follow_up_fields(row),
                "themes": list(themes),
                "document": (doc.title if doc else "") or r.doc_id[:12],
                "page": r.page,
                "synthetic": bool(doc.synthetic) if doc else False,
                "doc_id": r.doc_id,
                "boroughs": list(doc.boroughs) if doc else [],
            }
        )
    return rows


def overdue_note(day: date) -> str:
    """What the "Overdue only" filter is showing, in plain words."""
    when = f"{day.day} {day:%B %Y}"
    return (
        f"Overdue only: rows due before {when}, so their due date has passed. "
        "Rows without a due date are never overdue, so they are not shown."
    )


def follow_up_fields(row: StocktakeRow) -> dict[str, Any]:
    """What an action log prints besides the four columns, as register row values."""
    return {
        "rag": rag_value(str(row.rag or "")),
        "owner": " ".join(str(row.owner or "").split()),
        "due": str(row.due or "").strip(),
        "due_iso": str(row.due_iso or "").strip(),
        "evidence": str(row.evidence or ""),
        "reference": str(row.reference or "").strip(),
        "agencies": [str(a) for a in row.agencies or ()],
    }


def follow_up_by_passage(
    records: Iterable[Record[StocktakeRow]],
) -> dict[tuple[str, int], dict[str, str]]:
    """RAG, owner and due date of the stock-take rows that print any, by the passage the
    row was read from ((doc_id, passage ordinal)), so a search hit on that passage can
    show them. A row shared by agencies is one passage: the first record that has them."""
    out: dict[tuple[str, int], dict[str, str]] = {}
    for r in records:
        if r.passage_ordinal is None or (r.doc_id, r.passage_ordinal) in out:
            continue
        values = follow_up_fields(r.fields)
        if values["rag"] or values["owner"] or values["due"]:
            keys = ("rag", "owner", "due", "due_iso")
            out[(r.doc_id, r.passage_ordinal)] = {k: values[k] for k in keys}
    return out


def _row_head(r: Mapping[str, Any]) -> dict[str, Any]:
    """The columns every view of a register row starts with: what and whose it is."""
    return {
        "Kind": r["kind"],
        "Agency": r["agency"],
        "Borough": r["borough"],
        "Period": r["period"],
        "Statement": r["statement"],
    }


def register_table(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The register's table: one row per stock-take row, each citing its document and
    page; RAG (with its word), owner, due date, evidence and reference after the
    recommended action, when a row in view has them."""
    extra = follow_up_columns(rows)
    out = []
    for r in rows:
        line = _row_head(r) | {
            "Source": f"./documents?doc={r['doc_id']}&page={r['page']}",
            "Recommended action": r["recommended_action"],
        }
        for label, key in extra:
            line[label] = rag_cell(r[key]) if key == "rag" else r[key]
        line["Document"] = r["document"] + (" [SYNTHETIC]" if r["synthetic"] else "")
        line["Page"] = r["page"]
        out.append(line)
    return out


# The download's names for the follow-up fields (the due date also as ISO, to sort on).
_EXPORT_FOLLOW_UP = {
    "rag": ("RAG",),
    "owner": ("Owner",),
    "due": ("Due", "Due (ISO date)"),
    "evidence": ("Evidence",),
    "reference": ("Reference",),
}


def register_export(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows for the CSV download: plain column names, the citation included; the
    follow-up columns after the recommended action when a row has them."""
    rows = list(rows)
    extra = follow_up_columns(rows)
    out = []
    for r in rows:
        line = _row_head(r) | {
            "What is being done": r["response"],
            "Support from the board": r["support"],
            "Recommended action": r["recommended_action"],
        }
        for _, key in extra:
            names = _EXPORT_FOLLOW_UP[key]
            line[names[0]] = rag_label(r[key]) if key == "rag" else r[key]
            if key == "due":
                line[names[1]] = r["due_iso"]
        line |= {
            "Themes": "; ".join(r["themes"]),
            "Document": r["document"],
            "Page": r["page"],
            "Synthetic": "yes" if r["synthetic"] else "no",
            "Citation": citation(r["document"], r["period"], r["page"]),
        }
        out.append(line)
    return out


def recurring_heading(summary: Mapping[str, Any]) -> str:
    """'"Housing benefit changes" — raised 4 times by 3 agencies, 2011/12 to 2013/14'."""
    n_ag = len(summary["agencies"])
    periods = summary["periods"]
    span = ""
    if len(periods) == 1:
        span = f", {periods[0]}"
    elif periods:
        span = f", {periods[0]} to {periods[-1]}"
    return (
        f"“{shorten(summary['statement'], 90)}” — raised {summary['count']} times by "
        f"{plural(n_ag, 'agency', 'agencies')}{span}"
    )


# --------------------------------------------------------------------------- glossary


def glossary_rows(
    curated: Iterable[Mapping[str, Any]],
    found: Iterable[Record[Acronym]],
    docs: Mapping[str, Document],
) -> list[dict[str, Any]]:
    """One row per acronym: expansions (curated first), note, and where documents define it."""
    table: dict[str, dict[str, Any]] = {}

    def entry(acronym: str) -> dict[str, Any]:
        key = acronym.upper()
        if key not in table:
            table[key] = {"acronym": acronym, "expansions": [], "note": "", "places": []}
        return table[key]

    for c in curated:
        acr = str(c.get("acronym") or "").strip()
        exp = str(c.get("expansion") or "").strip()
        if not acr:
            continue
        e = entry(acr)
        if exp and exp.lower() not in (x.lower() for x in e["expansions"]):
            e["expansions"].append(exp)
        e["note"] = e["note"] or str(c.get("note") or "")
    for r in found:
        f = r.fields
        acr = str(f.acronym or "").strip()
        exp = " ".join(str(f.expansion or "").split())
        if not acr:
            continue
        e = entry(acr)
        if exp and exp.lower() not in (x.lower() for x in e["expansions"]):
            e["expansions"].append(exp)
        doc = docs.get(r.doc_id)
        if doc is not None:
            e["places"].append(
                {
                    "doc_id": r.doc_id,
                    "title": doc.title,
                    "period": doc.period,
                    "page": r.page,
                    "synthetic": doc.synthetic,
                    "context": str(f.context or ""),
                }
            )
    return sorted(table.values(), key=lambda e: e["acronym"].upper())


def glossary_table(entries: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for e in entries:
        docs = {p["doc_id"] for p in e["places"]}
        out.append(
            {
                "Acronym": e["acronym"],
                "Stands for": " / ".join(e["expansions"]),
                "Note": e["note"],
                "Defined in": plural(len(docs), "document") if docs else "",
                "Where": "; ".join(
                    citation(p["title"], p["period"], p["page"]) for p in e["places"][:3]
                )
                + (" …" if len(e["places"]) > 3 else ""),
            }
        )
    return out


# --------------------------------------------------------------------------- upload


OUTCOME_LABELS = {"ingested": "Added", "skipped": "Already in the library", "failed": "Not added"}


def upload_outcome_rows(
    results: Iterable[FileResult], names: Mapping[str, str], rejected: Iterable[tuple[str, str]]
) -> list[dict[str, Any]]:
    """One row per uploaded file: name as uploaded, outcome, pages, title, details."""
    rows = [
        {"File": name, "Outcome": "Not added", "Pages": 0, "Title": "", "Details": why}
        for name, why in rejected
    ]
    for r in results:
        details = r.message
        if r.outcome == "skipped":
            details = "The same file is already in the library."
        rows.append(
            {
                "File": names.get(r.path, Path(r.path).name),
                "Outcome": OUTCOME_LABELS.get(r.outcome, r.outcome),
                "Pages": r.pages,
                "Title": r.title,
                "Details": details,
            }
        )
    return rows
