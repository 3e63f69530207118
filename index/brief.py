"""Theme briefs: what the papers said about a theme (or any words), period by period.

A brief answers "what did the boards say about neglect from 2011 to 2025?" with the
papers' own words only: no generative model, so every sentence of a brief is a quote or
a count. For each period (and borough, when asked) it holds the few passages that say
most about the topic (ranked by the ordinary search, near-duplicates folded with all
their citations), the recommendations and stock-take risks on the topic, and what
changed from one period to the next (a recommendation or risk first raised, raised
again, no longer mentioned; matched by shared content words, ``ingest.recurring``).

Every quote is verbatim: the passage's text with its line breaks read as spaces, and only
when that text is on its cited page (the page's cleaned text, or a cell of a table on that
page). A passage whose whole text is not there is quoted by the longest run of its
sentences that is; one with none is left out and counted (``unquoted``). Long passages
are cut to the run of whole sentences that holds most of the matched words.

The module reads through the search (``Index.search``) and the store only; the exports
(Markdown, Word, JSON) are the UI's (ui/brief_export.py).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

from ingest.model import Document, Passage, Record
from ingest.store import Store
from ingest.tables import is_grade
from ingest.themes import load_themes

from .search import Filters, Hit, Index

PER_PERIOD = 3  # passages quoted per period (and borough)
MAX_ITEMS = 8  # recommendations and risks listed per period; the rest are counted
MAX_QUOTE = 700  # characters: a longer passage is cut to whole sentences
DEPTH = 30  # hits read per period when the topic is free words (recommendations, risks)
MATCH = 0.5  # share of content words two recommendations or risks need to be "the same"
NO_PERIOD = "(no period)"
INSPECTION = "inspection_report"  # the papers that grade what they look at

ItemKind = Literal["recommendation", "risk"]
Status = Literal["first raised", "raised again", "no longer mentioned"]


@dataclass(frozen=True)
class Cite:
    """Where a quote is printed: the paper's file name, page and section."""

    file: str
    title: str
    page: int
    section: tuple[str, ...]
    period: str
    boroughs: tuple[str, ...]
    doc_type: str
    doc_id: str


@dataclass(frozen=True)
class Quote:
    """Words copied from a paper, with where they are printed (and where else)."""

    quote: str  # verbatim: the stored text, line breaks read as spaces
    cite: Cite
    also_in: tuple[Cite, ...] = ()  # the same words elsewhere, folded into this quote
    whole: bool = True  # False when only part of the passage is quoted


@dataclass(frozen=True)
class Change:
    """A recommendation or risk that appeared, came back or stopped between two periods."""

    status: Status
    kind: ItemKind
    period: str  # the period the change is seen in
    since: str  # the earlier period it is compared with (first raised: "")
    borough: str
    item: Quote


@dataclass(frozen=True)
class Grade:
    """A judgement an inspection report gives on the topic: what it grades and the grade,
    both as printed (a judgement grid's row, or a grade set under its heading), the
    label quoted from its page and cited."""

    label: str
    grade: str
    quote: Quote  # the label's words, verbatim on the cited page (where the grade is too)


@dataclass(frozen=True)
class GradeChange:
    """One graded thing of one borough, from one period with a grade to the next one."""

    label: str
    borough: str
    period: str  # the later period
    since: str  # the earlier period
    before: str
    after: str
    earlier: Quote
    later: Quote

    @property
    def changed(self) -> bool:
        return squash(self.before).lower() != squash(self.after).lower()


@dataclass(frozen=True)
class BriefPart:
    """One period (and borough) of a brief."""

    period: str
    borough: str  # "" when the brief is not split by borough
    papers: int  # papers in scope in this period (and borough)
    passages: tuple[Quote, ...] = ()
    recommendations: tuple[Quote, ...] = ()
    risks: tuple[Quote, ...] = ()
    recommendations_total: int = 0
    risks_total: int = 0
    grades: tuple[Grade, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.passages or self.recommendations or self.risks or self.grades)


@dataclass(frozen=True)
class Brief:
    """A theme or query answered in the papers' words, with counts of what it drew on."""

    topic: str
    theme: str  # the theme's name when the topic is one, else ""
    filters: dict[str, str]
    by_borough: bool
    parts: tuple[BriefPart, ...]
    changes: tuple[Change, ...] = ()
    papers_in_scope: int = 0
    unquoted: int = 0  # passages left out: none of their sentences is on their page
    grade_changes: tuple[GradeChange, ...] = ()

    @property
    def periods(self) -> tuple[str, ...]:
        """Periods with papers in scope, in time order."""
        return tuple(dict.fromkeys(p.period for p in self.parts))

    @property
    def periods_drawn_on(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.period for p in self.parts if not p.empty))

    @property
    def periods_without(self) -> tuple[str, ...]:
        drawn = set(self.periods_drawn_on)
        return tuple(p for p in self.periods if p not in drawn)

    def quotes(self) -> list[Quote]:
        """Every quote of the brief, in reading order (changes last)."""
        out = [q for p in self.parts for q in (*p.passages, *p.recommendations, *p.risks)]
        out += [g.quote for p in self.parts for g in p.grades]
        return out + [c.item for c in self.changes]

    @property
    def papers_drawn_on(self) -> int:
        return len({c.doc_id for q in self.quotes() for c in (q.cite, *q.also_in)})

    def counts(self) -> dict[str, Any]:
        """The brief's honest labels: what it draws on and which periods have nothing."""
        return {
            "papers_in_scope": self.papers_in_scope,
            "papers_drawn_on": self.papers_drawn_on,
            "periods": list(self.periods),
            "periods_drawn_on": list(self.periods_drawn_on),
            "periods_without": list(self.periods_without),
            "quotes": len(self.quotes()),
            "passages_left_out_not_verbatim": self.unquoted,
        }

    def as_dict(self) -> dict[str, Any]:
        """The brief as JSON-ready data; every quote has quote, file, page, period, section."""
        return {
            "topic": self.topic,
            "theme": self.theme,
            "filters": self.filters,
            "by_borough": self.by_borough,
            "counts": self.counts(),
            "parts": [_part_dict(p) for p in self.parts],
            "changes": [_change_dict(c) for c in self.changes],
            "grade_changes": [_grade_change_dict(c) for c in self.grade_changes],
        }


def _grade_change_dict(c: GradeChange) -> dict[str, Any]:
    """A grade from one period to the next: both grades, and both labels quoted."""
    return {
        "label": c.label,
        "borough": c.borough,
        "seen_in": c.period,
        "since": c.since,
        "before": c.before,
        "after": c.after,
        "changed": c.changed,
        "earlier": _quote_dict(c.earlier),
        "later": _quote_dict(c.later),
    }


def _change_dict(c: Change) -> dict[str, Any]:
    """A change as JSON: the quote's own fields (its "period" is the cited paper's) and
    when the change is seen ("seen_in") and against which period ("since")."""
    return {
        "status": c.status,
        "kind": c.kind,
        "seen_in": c.period,
        "since": c.since,
        "borough": c.borough,
        **_quote_dict(c.item),
    }


def _quote_dict(q: Quote) -> dict[str, Any]:
    c = q.cite
    return {
        "quote": q.quote,
        "file": c.file,
        "page": c.page,
        "period": c.period,
        "section": " > ".join(c.section),
        "title": c.title,
        "boroughs": list(c.boroughs),
        "doc_type": c.doc_type,
        "whole_passage": q.whole,
        "also_in": [
            {"file": a.file, "page": a.page, "period": a.period, "section": " > ".join(a.section)}
            for a in q.also_in
        ],
    }


def _part_dict(p: BriefPart) -> dict[str, Any]:
    return {
        "period": p.period,
        "borough": p.borough,
        "papers": p.papers,
        "passages": [_quote_dict(q) for q in p.passages],
        "recommendations": [_quote_dict(q) for q in p.recommendations],
        "recommendations_total": p.recommendations_total,
        "risks": [_quote_dict(q) for q in p.risks],
        "risks_total": p.risks_total,
        "grades": [{"label": g.label, "grade": g.grade, **_quote_dict(g.quote)} for g in p.grades],
    }


# -- verbatim quotes -------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+(?=[\"'“‘(•\-–A-Z0-9])")


def squash(text: str) -> str:
    """Text with every run of spaces and line breaks read as one space."""
    return " ".join(text.split())


def sentences(text: str) -> list[str]:
    """A squashed text cut after full stops (and ; : ! ?) that start a new sentence."""
    return [s for s in _SENTENCE_END.split(squash(text)) if s]


def on_page(text: str, page_text: str) -> str | None:
    """The words of `text` that are printed on the page (`page_text` squashed): all of
    them, else the longest run of its sentences that is; None when no sentence is."""
    whole = squash(text)
    if whole and whole in page_text:
        return whole
    parts = sentences(whole)
    best = ""
    for i in range(len(parts)):
        for j in range(len(parts), i, -1):
            run = " ".join(parts[i:j])
            if len(run) <= len(best):
                break
            if run in page_text:
                best = run
                break
    return best or None


def trim(quote: str, words: Iterable[str], limit: int = MAX_QUOTE) -> str:
    """A quote of at most `limit` characters where possible: the run of whole sentences
    holding most of `words` (matched words of the search), the first such run on ties."""
    if len(quote) <= limit:
        return quote
    parts = sentences(quote)
    wanted = {w.lower() for w in words if w}
    best, best_score = parts[0], -1
    for i in range(len(parts)):
        run = parts[i]
        for nxt in parts[i + 1 :]:
            if len(run) + 1 + len(nxt) > limit:
                break
            run = f"{run} {nxt}"
        low = run.lower()
        score = sum(low.count(w) for w in wanted)
        if score > best_score:
            best, best_score = run, score
    return best


class Pages:
    """The text printed on each cited page, read from the store once per page: the
    page's cleaned text and the cells of the tables on it, squashed."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._pages: dict[tuple[str, int], str] = {}
        self._cells: dict[str, dict[int, list[str]]] = {}

    def text(self, doc_id: str, page: int) -> str:
        key = (doc_id, page)
        if key not in self._pages:
            found = self.store.pages(doc_id, [page])
            printed = [found[0].text] if found else []
            printed += self._table_cells(doc_id).get(page, [])
            self._pages[key] = squash("\n".join(printed))
        return self._pages[key]

    def _table_cells(self, doc_id: str) -> dict[int, list[str]]:
        if doc_id not in self._cells:
            cells: dict[int, list[str]] = defaultdict(list)
            for table in self.store.tables(doc_id):
                pages = table.row_pages or (table.page_start,) * len(table.rows)
                for page, row in zip(pages, table.rows, strict=False):
                    cells[page] += [c for c in row if c]
            self._cells[doc_id] = cells
        return self._cells[doc_id]


# -- the topic and its scope -------------------------------------------------------------


def theme_named(topic: str) -> str:
    """The taxonomy's name for `topic` when it is a theme (case and spacing aside), else ""."""
    key = " ".join(topic.lower().split())
    for theme in load_themes():
        if " ".join(str(theme["name"]).lower().split()) == key:
            return str(theme["name"])
    return ""


def period_key(period: str) -> tuple[int, str]:
    """Periods in time order ('2011/12' < '2016/17'); unknown periods last."""
    m = re.search(r"(19|20)\d\d", period)
    return (int(m.group(0)) if m else 9999, period)


@dataclass(frozen=True)
class Scope:
    """The papers a brief may draw on: the filters' borough, period and document type."""

    borough: str = ""
    period: str = ""
    doc_type: str = ""

    def keeps(self, doc: Document) -> bool:
        return (
            (not self.borough or self.borough in doc.boroughs)
            and (not self.period or (doc.period or NO_PERIOD) == self.period)
            and (not self.doc_type or doc.doc_type == self.doc_type)
        )

    def filters(self, period: str, borough: str, theme: str) -> Filters:
        """The search filters of one part of the brief."""
        return Filters.of(
            borough=borough or self.borough or None,
            period=period,
            doc_type=self.doc_type or None,
            theme=theme or None,
        )

    def as_dict(self) -> dict[str, str]:
        return {k: v for k, v in asdict(self).items() if v}


def cells_of(docs: Iterable[Document], scope: Scope, by_borough: bool) -> dict[tuple, int]:
    """(period, borough) -> papers in scope there, in time order (borough "" unless split)."""
    count: dict[tuple[str, str], int] = defaultdict(int)
    for doc in docs:
        if not scope.keeps(doc):
            continue
        boroughs = (doc.boroughs or ("",)) if by_borough else ("",)
        for borough in boroughs:
            if by_borough and scope.borough and borough != scope.borough:
                continue
            count[(doc.period or NO_PERIOD, borough)] += 1
    return dict(sorted(count.items(), key=lambda kv: (period_key(kv[0][0]), kv[0][1])))


# -- building a brief ----------------------------------------------------------------------


@dataclass(frozen=True)
class Graded:
    """A passage that grades something: its place, what it grades and the grade."""

    doc_id: str
    ordinal: int
    page: int
    section: tuple[str, ...]
    label: str
    grade: str


_GRADE_UNDER_HEADING = re.compile(r"(?P<label>.+):\s+(?P<grade>[^:]+)")


def graded(p: Passage) -> Graded | None:
    """What a passage grades, when it grades one thing: a table row with one grade cell
    and one other cell (a judgement grid's row), or a grade set under its heading, which
    the text layer keeps as "<heading>: <grade>"."""
    if p.kind == "table_row":
        cells = [squash(c) for c in p.cells if c and c.strip()]
        grades = [c for c in cells if is_grade(c)]
        labels = [c for c in cells if not is_grade(c)]
        if len(grades) != 1 or len(labels) != 1:
            return None
        label, grade = labels[0], grades[0]
    else:
        m = _GRADE_UNDER_HEADING.fullmatch(squash(p.text))
        heading = squash(p.section_path[-1]) if p.section_path else ""
        if not m or m["label"] != heading or not is_grade(m["grade"]):
            return None
        label, grade = m["label"], m["grade"]
    return Graded(p.doc_id, p.ordinal, p.page, tuple(p.section_path), label, grade)


@dataclass(frozen=True)
class _Library:
    """What every brief of one library reads: its documents, the passage tags of each
    theme (best score first) and its recommendations and risks. Kept per store generation,
    so that a second brief does not decode thousands of records again."""

    docs: dict[str, Document]
    tags: dict[str, list[Record]]
    items: list[tuple[ItemKind, Record]]
    graded: dict[str, list[Graded]] = field(default_factory=dict)  # read when first asked

    def graded_in(self, store: Store, doc_id: str) -> list[Graded]:
        """The graded passages of one inspection report (none for other papers)."""
        if doc_id not in self.graded:
            doc = self.docs[doc_id]
            found = store.passages([doc_id]) if doc.doc_type == INSPECTION else iter(())
            self.graded[doc_id] = [g for g in map(graded, found) if g is not None]
        return self.graded[doc_id]


_LIBRARIES: dict[tuple[Any, ...], _Library] = {}


def _library(store: Store) -> _Library:
    # a store opened for a reader reads only what they may see: kept per reader too
    key = (str(store.path), store.generation(), store.view_key)
    if key[1] and key in _LIBRARIES:
        return _LIBRARIES[key]
    docs = {d.id: d for d in store.documents()}
    tags: dict[str, list[Record]] = defaultdict(list)
    for r in store.records("theme"):
        if r.fields.target in ("passage", "") and r.doc_id in docs:
            tags[r.fields.theme].append(r)
    for found in tags.values():
        found.sort(key=lambda r: -float(r.fields.score or 0))
    library = _Library(docs, dict(tags), _topic_items(store, docs))
    if key[1]:
        _LIBRARIES.clear()  # one library at a time: a new generation replaces the old
        _LIBRARIES[key] = library
    return library


@dataclass
class _Reader:
    """What building one brief reads, kept together: the store, the pages' text, the
    documents, and the passages that theme tags or searches found on the topic."""

    index: Index
    store: Store
    docs: dict[str, Document]
    pages: Pages
    theme: str
    topic: str
    tags: list[Record]  # the theme's passage tags, best first
    unquoted: int = 0

    def cite(self, doc_id: str, page: int, section: Sequence[str]) -> Cite:
        d = self.docs[doc_id]
        name = d.path.replace("\\", "/").rsplit("/", 1)[-1]
        period = d.period or NO_PERIOD
        return Cite(name, d.title, page, tuple(section), period, d.boroughs, d.doc_type, d.id)

    def quote(self, doc_id: str, page: int, text: str, section: Sequence[str]) -> Quote | None:
        """A verbatim quote of `text` from its page, or None (counted) when none is there."""
        printed = on_page(text, self.pages.text(doc_id, page))
        if printed is None:
            self.unquoted += 1
            return None
        return Quote(printed, self.cite(doc_id, page, section), (), printed == squash(text))


def build_brief(
    index: Index,
    store: Store,
    topic: str,
    scope: Scope = Scope(),
    *,
    by_borough: bool = False,
    per_period: int = PER_PERIOD,
) -> Brief:
    """The brief of `topic` (a theme's name or any words) over the papers in `scope`."""
    topic = squash(topic)
    theme = theme_named(topic)
    library = _library(store)
    docs = library.docs
    tags = library.tags.get(theme, []) if theme else []
    reader = _Reader(index, store, docs, Pages(store), theme, topic, tags)
    cells = cells_of(docs.values(), scope, by_borough)
    items = library.items
    parts = []
    for (period, borough), papers in cells.items():
        hits, keys = _part_hits(reader, scope, period, borough, per_period)
        recs, risks = _part_items(reader, items, keys, scope, period, borough)
        passages = _passage_quotes(reader, hits)[:per_period]
        shown = (tuple(passages), tuple(recs[:MAX_ITEMS]), tuple(risks[:MAX_ITEMS]))
        grades = tuple(_part_grades(reader, library, keys))
        parts.append(BriefPart(period, borough, papers, *shown, len(recs), len(risks), grades))
    return Brief(
        topic,
        theme,
        scope.as_dict(),
        by_borough,
        tuple(parts),
        tuple(changes(parts)),
        sum(1 for d in docs.values() if scope.keeps(d)),
        reader.unquoted,
        tuple(grade_changes(parts)),
    )


def _part_hits(
    reader: _Reader, scope: Scope, period: str, borough: str, per_period: int
) -> tuple[list[Hit | Passage], set[tuple[str, int]]]:
    """The part's ranked hits (a few more than quoted, for ones not on their page) and the
    passages on the topic there: tagged with the theme, or found by the search."""
    theme = reader.theme
    depth = per_period * 2 if theme else max(DEPTH, per_period * 2)
    found = reader.index.search(
        reader.topic,
        scope.filters(period if period != NO_PERIOD else "", borough, theme),
        "hybrid",
        depth,
        facets=False,
        understand=False,  # the brief sets its own period and borough per part
        viewer=reader.store.viewer,
    )
    hits: list[Hit | Passage] = [h for h in found.hits if (period == NO_PERIOD) == (not h.period)]
    if theme:
        keys = _tagged_keys(reader, period, borough, scope)
        if not hits:  # the search hid them all (similarity floors): the best-scored tags
            hits = _tagged_hits(reader, keys, per_period * 2)
    else:
        keys = {(h.doc_id, h.ordinal) for h in hits}
    return hits, keys


def _tagged_keys(reader: _Reader, period: str, borough: str, scope: Scope) -> set[tuple[str, int]]:
    keys = set()
    for r in reader.tags:
        doc = reader.docs.get(r.doc_id)
        if doc is None or not scope.keeps(doc) or (doc.period or NO_PERIOD) != period:
            continue
        if borough and borough not in doc.boroughs:
            continue
        if r.passage_ordinal is not None:
            keys.add((r.doc_id, r.passage_ordinal))
    return keys


def _tagged_hits(reader: _Reader, keys: set[tuple[str, int]], limit: int) -> list[Hit | Passage]:
    """Passages tagged with the theme, in the order of their tags' scores."""
    order = [(r.doc_id, r.passage_ordinal) for r in reader.tags]
    wanted = list(dict.fromkeys(k for k in order if k in keys))[:limit]
    by_doc: dict[str, set[int]] = defaultdict(set)
    for doc_id, ordinal in wanted:
        by_doc[doc_id].add(ordinal)
    found = {
        (p.doc_id, p.ordinal): p
        for p in reader.store.passages(by_doc)
        if p.ordinal in by_doc[p.doc_id]
    }
    return [found[k] for k in wanted if k in found]


def _passage_quotes(reader: _Reader, hits: Sequence[Hit | Passage]) -> list[Quote]:
    """Verbatim quotes of the hits, those with the same words folded with all their
    citations (the search's folded twins included)."""
    quotes: dict[str, Quote] = {}
    for hit in hits:
        quote = _hit_quote(reader, hit)
        if quote is None:
            continue
        twins = _twins(reader, hit)
        key = quote.quote.lower()
        if key in quotes:
            kept = quotes[key]
            quotes[key] = replace(kept, also_in=(*kept.also_in, quote.cite, *twins))
        else:
            quotes[key] = replace(quote, also_in=twins)
    return list(quotes.values())


def _hit_quote(reader: _Reader, hit: Hit | Passage) -> Quote | None:
    """A hit's quote: a paragraph's words, or a table row's most telling cell."""
    section = hit.section if isinstance(hit, Hit) else hit.section_path
    cells = _cells(reader, hit)
    if hit.kind == "table_row" and cells:
        words = _matched_words(hit)
        cell = max(cells, key=lambda c: (sum(w in c.lower() for w in words), len(c)))
        return reader.quote(hit.doc_id, hit.page, cell, section)
    quote = reader.quote(hit.doc_id, hit.page, hit.text, section)
    if quote is None:
        return None
    cut = trim(quote.quote, _matched_words(hit))
    return quote if cut == quote.quote else replace(quote, quote=cut, whole=False)


def _cells(reader: _Reader, hit: Hit | Passage) -> tuple[str, ...]:
    if isinstance(hit, Passage):
        return tuple(c for c in hit.cells if c)
    passage = reader.store.passage(hit.passage_id)
    return tuple(c for c in passage.cells if c) if passage else ()


def _matched_words(hit: Hit | Passage) -> set[str]:
    if isinstance(hit, Passage):
        return set()
    return {hit.text[a:b].lower() for a, b in hit.highlights}


def _twins(reader: _Reader, hit: Hit | Passage) -> tuple[Cite, ...]:
    """The places the search folded into a hit (the same text in other papers)."""
    if isinstance(hit, Passage):
        return ()
    out = []
    for c in hit.also_in:
        passage = reader.store.passage(c.passage_id)
        if c.doc_id in reader.docs:
            out.append(reader.cite(c.doc_id, c.page, passage.section_path if passage else ()))
    return tuple(out)


# -- recommendations and risks -----------------------------------------------------------


def _topic_items(store: Store, docs: Mapping[str, Document]) -> list[tuple[ItemKind, Record]]:
    """Every formal recommendation and stock-take risk of the library, with its kind."""
    items: list[tuple[ItemKind, Record]] = [
        ("recommendation", r) for r in store.records("recommendation") if r.doc_id in docs
    ]
    items += [
        ("risk", r)
        for r in store.records("stocktake_row")
        if r.doc_id in docs and r.fields.kind == "risk"
    ]
    return items


def _part_items(
    reader: _Reader,
    items: Sequence[tuple[ItemKind, Record]],
    keys: set[tuple[str, int]],
    scope: Scope,
    period: str,
    borough: str,
) -> tuple[list[Quote], list[Quote]]:
    """The part's recommendations and risks on the topic (their passage is on it), each
    quoted from its page; the same words in several papers folded into one."""
    found: dict[ItemKind, dict[str, Quote]] = {"recommendation": {}, "risk": {}}
    for kind, rec in items:
        if (rec.doc_id, rec.passage_ordinal) not in keys:
            continue
        doc = reader.docs[rec.doc_id]
        if not scope.keeps(doc) or (doc.period or NO_PERIOD) != period:
            continue
        if borough and borough not in doc.boroughs:
            continue
        text = rec.fields.text if kind == "recommendation" else rec.fields.statement
        section = (rec.fields.section,) if kind == "recommendation" and rec.fields.section else ()
        if kind == "risk" and rec.fields.agency:
            section = (f"{rec.fields.agency} (stock-take risks)",)
        quote = reader.quote(rec.doc_id, rec.page, text, section)
        if quote is None:
            continue
        same = found[kind].get(quote.quote.lower())
        if same is not None:
            found[kind][quote.quote.lower()] = replace(same, also_in=(*same.also_in, quote.cite))
        else:
            found[kind][quote.quote.lower()] = quote
    return list(found["recommendation"].values()), list(found["risk"].values())


# -- what changed between periods ----------------------------------------------------------


def changes(parts: Sequence[BriefPart]) -> list[Change]:
    """Per borough (or all together), from each period to the next that has papers: the
    recommendations and risks first raised (not said of the first period: the library
    starts there), raised again, and no longer mentioned."""
    out: list[Change] = []
    by_borough: dict[str, list[BriefPart]] = defaultdict(list)
    for part in parts:
        by_borough[part.borough].append(part)
    for borough, seq in by_borough.items():
        out += _changes_of(seq, "recommendation", borough)
        out += _changes_of(seq, "risk", borough)
    out.sort(key=lambda c: (period_key(c.period), c.borough, c.kind, c.status))
    return out


def _changes_of(seq: Sequence[BriefPart], kind: ItemKind, borough: str) -> list[Change]:
    """One borough's sequence of parts and one kind of item."""
    listed = [
        (i, q)
        for i, part in enumerate(seq)
        for q in (part.recommendations if kind == "recommendation" else part.risks)
    ]
    group = same_items([q.quote for _, q in listed], [str(i) for i, _ in listed])
    out: list[Change] = []
    for n, (i, q) in enumerate(listed):
        earlier = [m for m in group.get(n, ()) if listed[m][0] < i]
        if earlier:
            since = seq[listed[earlier[-1]][0]].period
            out.append(Change("raised again", kind, seq[i].period, since, borough, q))
        elif i > 0:
            out.append(Change("first raised", kind, seq[i].period, "", borough, q))
        later = {listed[m][0] for m in group.get(n, ())}
        if i + 1 < len(seq) and i + 1 not in later:
            nxt = seq[i + 1]
            out.append(Change("no longer mentioned", kind, nxt.period, seq[i].period, borough, q))
    return out


def same_items(texts: Sequence[str], periods: Sequence[str]) -> dict[int, tuple[int, ...]]:
    """Item index -> the other items with the same content (``ingest.recurring``'s fuzzy
    match of content words, across periods)."""
    from ingest import recurring  # the recommendations extractor: loaded when first needed

    out: dict[int, tuple[int, ...]] = {}
    for group in recurring(list(texts), list(periods), MATCH):
        for i in group:
            out[i] = tuple(j for j in group if j != i)
    return out


# -- judgements: what inspection reports grade on the topic ---------------------------------


def _part_grades(reader: _Reader, library: _Library, keys: set[tuple[str, int]]) -> list[Grade]:
    """The grades given in the part's passages on the topic, each once per paper, the
    label quoted from its page; a grade whose words are not both on the page is left out."""
    out: list[Grade] = []
    seen: set[tuple[str, str]] = set()
    for doc_id in sorted({d for d, _ in keys}, key=lambda d: reader.docs[d].path):
        for g in library.graded_in(reader.store, doc_id):
            key = (doc_id, label_key(g.label))
            if (doc_id, g.ordinal) not in keys or key in seen:
                continue
            quote = reader.quote(doc_id, g.page, g.label, g.section)
            if quote is None or g.grade not in reader.pages.text(doc_id, g.page):
                continue
            seen.add(key)
            out.append(Grade(g.label, g.grade, quote))
    return out


def label_key(label: str) -> str:
    """What a grade is of, however numbered: '2.2 Experiences and progress of care
    leavers' and 'The experiences and progress of care leavers' are the same thing."""
    text = squash(label).lower()
    text = re.sub(r"^(?:\d+(?:\.\d+)*\.?\s+)", "", text)
    return re.sub(r"^the\s+", "", text)


def grade_changes(parts: Sequence[BriefPart]) -> list[GradeChange]:
    """Per borough and graded thing, each grade beside the one before it (the last
    earlier period that graded the same thing), changed or not."""
    last: dict[tuple[str, str], tuple[str, Grade]] = {}
    out: list[GradeChange] = []
    for part in sorted(parts, key=lambda p: period_key(p.period)):
        for g in part.grades:
            borough = part.borough or ", ".join(g.quote.cite.boroughs)
            key = (borough, label_key(g.label))
            before = last.get(key)
            if before is not None and before[0] != part.period:
                since, old = before
                change = GradeChange(
                    g.label, borough, part.period, since, old.grade, g.grade, old.quote, g.quote
                )
                out.append(change)
            if before is None or before[0] != part.period:
                last[key] = (part.period, g)
    return out
