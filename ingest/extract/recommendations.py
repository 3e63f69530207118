"""Formal recommendations, and the findings that only say something must get better.

A *recommendation* (record kind ``recommendation``) comes from one of three places, the
``source`` value on the record:

- ``list``: an item of a recommendations list or section, whatever its heading
  ("Recommendations", "Recommendations for the LSCB", "What does the local authority need
  to improve?", "What needs to improve in this local authority?", "Areas for improvement",
  "Priority and immediate action", "Actions for the board" ...). Items are numbered
  (including hanging numbers: ``118.`` in the margin, the text indented), bulleted, or
  grouped under short subheadings. Lists are read from the page *lines* (body and table
  lines alike), so a list that the PDF reader took for a two-column table is read the same
  as one it kept as paragraphs. A list ends at the first item that does not read as a
  recommendation (the numbered findings that follow it), at a paragraph, or at the next
  heading that is not a subheading of the list.
- ``table``: a row of a table with a recommendation or action column ("Recommended
  actions for ... annual plan", "Recommendation", "Action"), with the lead agency or owner
  column as the addressee when there is one.
- ``sentence``: an explicit recommending sentence in running text: "We recommend that",
  "It is recommended that", "The review recommends that", "Recommendation 3: ...".

Each carries ``text``, ``number`` (as printed, or ""), ``addressed_to`` (as named:
"the local authority", "the LSCB", "Health commissioners"), ``addressee`` (one of
``local authority``, ``safeguarding board``, ``named agency`` or "" when not stated),
``section`` (the list heading, subheading or table caption), ``source`` and ``cue``.

A sentence of running text that says something "needs to improve", "should" or "must"
happen, or is marked "(Recommendation)" in an inspection's findings, is a *concern*
(record kind ``concern``): kept, searchable and exported, but labelled apart and never
counted as a recommendation.

A sentence that reports on a recommendation made earlier or elsewhere ("the protocol
recommended by the Child F serious case review is in place") is a *progress* record;
``reported_on`` links it to the recommendations it speaks of, and a recommendation table's
progress or status column is kept on the row as ``progress``.

``recurring`` groups recommendations that come back across papers and years.

The record classes (``Recommendation``, ``Concern``, ``Progress``) come first, the kind
(``KIND``) last, with how they are exported (``recommendation_export``) and shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ingest.extract.base import Display, Export, Kind, record_row
from ingest.model import Document, Page, ParsedDocument, Passage, Record, RecordFields, optional


@dataclass(frozen=True, kw_only=True)
class Recommendation(RecordFields):
    """A list item, table row or sentence that recommends action (see the module docstring)."""

    KIND: ClassVar[str] = "recommendation"
    text: str = ""
    number: str | None = optional()  # the recommendation's own number ("3", "4.2"), or ""
    addressed_to: str | None = optional()  # as named: "the LSCB", "Health commissioners", ""
    # who that is: "local authority", "safeguarding board", "named agency" or "" (not stated)
    addressee: str | None = optional()
    section: str | None = optional()  # the list heading, subheading, table caption or section
    # where it was read: "list", "table" or "sentence" (a concern: "text"; progress: "progress")
    source: str = ""
    cue: str = ""  # the words, heading or column header that marked it
    agency: str | None = optional()  # table rows: the row's agency or owner column
    row_kind: str | None = optional()  # table rows: the first column's header ("risk" ...)
    row: str | None = optional()  # table rows: the row's first cell
    progress: str | None = optional()  # table rows: the progress or status column


@dataclass(frozen=True, kw_only=True)
class Concern(Recommendation):
    """A finding that something needs to improve (not a formal recommendation)."""

    KIND: ClassVar[str] = "concern"


@dataclass(frozen=True, kw_only=True)
class Progress(Recommendation):
    """A paper reporting on a recommendation made earlier or elsewhere."""

    KIND: ClassVar[str] = "progress"


_NAME = r"[A-Za-z’'&,()\- ]{2,70}?"
LIST_HEADING = re.compile(
    r"^(?:(?:section\s+)?\d{1,2}(?:\.\d{1,2})*\.?:?\s+)?(?:"
    rf"(?:summary of |key |our |formal |main )?recommendations?(?:\s+(?:for|to)\s+{_NAME})?"
    rf"|what (?:does|do|should) (?:the )?{_NAME} (?:need to|do to) (?:improve|do)(?: next)?"
    rf"|what needs to (?:improve|happen|change)(?: (?:in|for) {_NAME})?"
    rf"|what the {_NAME} (?:needs|should do) to improve"
    r"|areas? (?:for|of|requiring) (?:improvement|development|action)"
    r"|priority and immediate actions?"
    rf"|(?:required |recommended |priority )?actions? for {_NAME}"
    r")\s*[:?]?\s*$",
    re.I,
)
_NEEDS_LIST = re.compile(r"need(?:s)? to (?:improve|happen|change)|areas? (?:for|of)", re.I)
ITEM = re.compile(
    r"^(?:(?P<num>\d{1,3}(?:\.\d{1,2})?)[.)](?=\s|$)|\((?P<alpha>[a-z]|[ivx]{1,4})\)"
    r"|(?P<bullet>[\u25aa\u25fc\u25a0\u2022\u25cf\u25e6\u2023\u2043\uf000-\uf0ff*–-]))\s*(?P<text>.*)$"
)
INLINE_ITEM = re.compile(
    r"(?<=[.;:!?])\s+(?=\d{1,3}\.\s+[A-Z])|\s+(?=[\u25aa\u25fc\u25a0\u2022\u25cf\uf000-\uf0ff]\s)"
)
NOTHING_LISTED = re.compile(
    r"^(?:the inspection )?(?:did not (?:find|identify)|there (?:are|were) no|none\b|no (?:priority|areas|recommendations))",
    re.I,
)
TERMINAL = (".", "!", "?", ";")
LSCB_SECTION = re.compile(
    r"^(?:section \d+:?\s*)?(?:review of )?the effectiveness of the (?:lscb|local safeguarding children board)\b"
    r"|^(?:the )?local safeguarding children board(?: \(lscb\))?$"
    r"|^the (?:lscb|local safeguarding children board) is (?:good|outstanding|inadequate|requires improvement)"
    r"|^inspection (?:findings|judgement)s? (?:about|of|–|-) (?:the )?(?:lscb|local safeguarding children board)"
    r"|^what does the lscb need to improve"
    r"|^(?:review|inspection) of the effectiveness of the local safeguarding children board",
    re.I,
)
_BOARD = re.compile(
    r"\b(?:lscb|lscp|board|safeguarding children partnership|safeguarding partners(?:hip)?|partnership)\b",
    re.I,
)
_LA = re.compile(r"\b(?:local authority|council|children’s services|children's services)\b", re.I)
VERBS = frozenset(
    """accelerate act address adopt agree align analyse appoint assess assure audit be broaden
    build carry challenge check circulate clarify collate collect commission communicate complete
    confirm consider consolidate continue convene coordinate co-ordinate create define deliver
    demonstrate design develop devise embed enable encourage endorse engage enhance ensure
    establish evaluate examine expand explore extend finalise focus formalise further gather give
    hold identify implement improve include increase inform introduce invest involve keep launch
    lead maintain make map maximise measure monitor offer place plan prioritise produce promote
    provide publish put raise receive record reduce refresh reinforce report request require
    research resolve retain revise review scrutinise secure seek set share simplify strengthen
    streamline support systematically take tighten track train undertake update use work""".split()
)
_OPENING_CLAUSE = re.compile(
    r"^(?:when|where|with|working|through|in|for|as|if|whilst|while|to)\b[^.]{0,160}?,\s+(\w+)",
    re.I,
)
_MODAL = re.compile(
    r"\b(?:should|must|needs? to|is required to|are required to|will need to)\b", re.I
)
_FINDING_VERB = re.compile(r"^\W*(?:\S+\s+){0,6}?(?:is|are|was|were|has|have|had|does|do)\b", re.I)

EXPLICIT = re.compile(
    r"\b(?:we|i|the (?:review|reviewer|panel|board|lscb|lscp|partnership|author|authors|inspectors?|group|committee))"
    r"\s+(?:would\s+|therefore\s+|also\s+|strongly\s+)?recommends?\s+(?:that\b|the\b)"
    r"|\bit is (?:therefore |also |further |strongly )?recommended that\b"
    r"|^recommendation\s+\d{1,3}\s*[:.–-]",
    re.I,
)
# A sentence that reports on a recommendation made earlier or elsewhere ("The transfer
# protocol recommended by the Child F serious case review is in place").
PROGRESS = re.compile(
    r"\brecommended (?:by|in|following) (?:the|a|an|its|our|last|this)\b"
    r"|\brecommendations? (?:of|from|made (?:by|in)|arising from|in) (?:the|a|an|its|our|last|this)\b"
    r"|\ba recommendation was made\b"
    r"|\brecommendations? (?:has|have|had|was|were) (?:now |all |fully )?(?:been )?"
    r"(?:implemented|completed|agreed|accepted|met|taken forward|addressed|actioned)\b",
    re.I,
)
_PROGRESS_COLUMN = re.compile(r"\b(?:progress|status|update|rag|outcome)\b", re.I)
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[A-Z0-9“‘\"(])")
CONCERN_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("(Recommendation)", re.compile(r"\(recommendations?\)", re.I)),
    ("must ensure", re.compile(r"\bmust ensure\b", re.I)),
    ("must", re.compile(r"\bmust\b", re.I)),
    (
        "needs to",
        re.compile(
            r"(?<!\bthe )(?<!\ba )(?<!\bany )\bneeds? to\b(?! happen)|\bwill need to\b|\bmore (?:needs|is needed) to\b",
            re.I,
        ),
    ),
    ("should", re.compile(r"\bshould\b(?! (?:be|have been) (?:acknowledged|noted)\b)", re.I)),
    ("required to", re.compile(r"\b(?:is|are|will be) required to\b", re.I)),
    ("agreed", re.compile(r"\b(?:it was|it has been|it is) agreed that\b|\bagreed to\b", re.I)),
    (
        "recommended",
        re.compile(r"\brecommend(?:s|ed)?\b(?! (?:for|by) (?:change|inspectors))", re.I),
    ),
)
_NOT_ACTION = re.compile(r"\?|^\W*\d+\.\s*$")
_PRONOUNS = frozenset("it this that there which these those they he she who what we i you".split())
_OPENERS = frozenset("in during within at by for from on after before following as with to".split())
_BY = re.compile(
    r"\b(?:by|to|for) (the\s+[A-Z][\w'&-]*(?:\s+(?:(?:against|of|and|for|in)\s+)?[A-Z][\w'&-]*)*)"
)
_FOR_PLAN = re.compile(r"\bfor (.+?) (?:annual plan|business plan|work plan)", re.I)
_REC_COLUMN = re.compile(
    r"^(?:recommend|actions?\b|agreed actions?|action required)|recommended action", re.I
)
_OWNER_COLUMN = re.compile(r"\b(?:lead|owner|responsib|by whom|agency|who)\b", re.I)
_SUBJECT = re.compile(
    r"^(?:that\s+)?((?:the\s+)?[A-Z][\w’'&-]*(?:\s+(?:and\s+|of\s+|for\s+)?[\w’'&-]+){0,5}?)\s+"
    r"(?:should|must|will|needs? to|is asked to|are asked to)\b"
)


# ---------------------------------------------------------------- entry point


def extract(parsed: ParsedDocument) -> tuple[Record[Recommendation], ...]:
    """Recommendation and concern records of one document."""
    doc_id = parsed.document.id
    records = [*table_recommendations(parsed.passages)]
    listed = _listed(parsed, [_key(r.fields.text) for r in records])
    for item in listed:
        passage = _passage_for(parsed.passages, item.page, item.text)
        found = Recommendation(
            text=item.text,
            number=item.number,
            addressed_to=item.addressed_to,
            addressee=item.addressee,
            section=item.section or item.heading,
            source="list",
            cue=item.heading,
        )
        records.append(_record(doc_id, item.page, found, passage))
    seen = [_key(i.text) for i in listed]
    lscb_from = _lscb_start(list(_lines(parsed.pages)))
    for passage in parsed.passages:
        if passage.kind != "paragraph":
            continue
        for sentence in sentences(passage.text):
            k = _key(sentence)
            if len(sentence.split()) < 5 or any(k in s or (len(s) > 30 and s in k) for s in seen):
                continue
            seen.append(k)
            finding = _sentence_finding(sentence, passage, passage.page >= lscb_from)
            if finding is not None:
                records.append(_record(doc_id, passage.page, finding, passage))
    return tuple(records)


def _listed(parsed: ParsedDocument, table_keys: list[str]) -> list[_Item]:
    """Numbered or bulleted recommendations, less those a recommendations table holds."""
    inspection = parsed.document.doc_type == "inspection_report" or _mentions_ofsted(parsed)
    listed: list[_Item] = []
    for item in list_items(parsed.pages, inspection=inspection):
        k = _key(item.text)
        if any(k and (k in t or t in k) for t in table_keys if len(t) > 12):
            continue  # a recommendations table also read as lines
        listed.append(item)
    return listed


def _sentence_finding(sentence: str, passage: Passage, lscb_part: bool) -> Recommendation | None:
    """What a sentence of running text is: progress, a recommendation, a concern or nothing.

    ``lscb_part``: the sentence is in the part of the paper written by or for the LSCB,
    so an unaddressed "(Recommendation)" is the LSCB's.
    """
    section = " › ".join(passage.section_path)
    if PROGRESS.search(sentence) and not EXPLICIT.search(sentence):
        return Progress(
            text=_strip_number(sentence),
            section=section,
            source="progress",
            cue="reports on a recommendation",
        )
    if EXPLICIT.search(sentence) and not _NOT_ACTION.search(sentence):
        named = _explicit_addressee(sentence)
        return Recommendation(
            text=_strip_number(sentence),
            number="",
            addressed_to=named,
            addressee=addressee_kind(named),
            section=section,
            source="sentence",
            cue="recommended",
        )
    cue = _concern_cue(sentence)
    if not cue:
        return None
    named = addressed_to(sentence, cue)
    if not named and cue == "(Recommendation)" and lscb_part:
        named = "the LSCB"
    return Concern(
        text=_strip_number(sentence),
        addressed_to=named,
        addressee=addressee_kind(named),
        section=section,
        source="text",
        cue=cue,
    )


def _record(
    doc_id: str, page: int, found: Recommendation, passage: Passage | None
) -> Record[Recommendation]:
    """A record of ``found``'s kind (recommendation, concern or progress) on ``page``."""
    bbox = passage.bbox if passage else None
    return Record(doc_id, page, found, bbox, passage.ordinal if passage else None)


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def _strip_number(text: str) -> str:
    return re.sub(r"^\d{1,3}\.\s+", "", text)


def _mentions_ofsted(parsed: ParsedDocument) -> bool:
    head = " ".join(p.text[:3000] for p in parsed.pages[:2])
    return "Ofsted" in head and "inspection" in head.lower()


def addressee_kind(named: str) -> str:
    """'local authority', 'safeguarding board', 'named agency' or '' for a named addressee."""
    if not named.strip():
        return ""
    if _BOARD.search(named) and not re.search(
        r"health and well-?being board|adoption panel", named, re.I
    ):
        return "safeguarding board"
    if re.search(r"\blocal authority\b|\bcouncil\b", named, re.I):
        return "local authority"
    return "named agency"


# ---------------------------------------------------------------- tables


def table_recommendations(passages: Sequence[Passage]) -> Iterator[Record[Recommendation]]:
    """Rows of tables with a recommendation or action column (stock-takes, action plans, logs)."""
    for p in passages:
        if p.kind != "table_row" or not p.headers:
            continue
        columns = [i for i, h in enumerate(p.headers) if _REC_COLUMN.search(" ".join(h.split()))]
        if not columns or columns[0] >= len(p.cells):
            continue
        i = columns[0]
        header = " ".join(p.headers[i].split())
        cell = " ".join(p.cells[i].split())
        if len(cell) < 4 or _key(cell) == _key(header):
            continue
        number = ""
        m = re.match(r"^(\d{1,3})[.)]\s+(.*)$", cell)
        if m:
            number, cell = m.group(1), m.group(2)
        elif p.headers[0].strip().lower() in ("no", "no.", "number", "ref", "#") and i != 0:
            number = p.cells[0].strip()
        plan = _FOR_PLAN.search(header)
        owner = ""
        for j, h in enumerate(p.headers):
            if j != i and j < len(p.cells) and _OWNER_COLUMN.search(h):
                owner = " ".join(p.cells[j].split())
                break
        named = plan.group(1).strip() if plan else owner
        progress = next(
            (
                " ".join(p.cells[j].split())
                for j, h in enumerate(p.headers)
                if j != i and j < len(p.cells) and _PROGRESS_COLUMN.search(h)
            ),
            "",
        )
        found = Recommendation(
            text=cell,
            number=number,
            addressed_to=named,
            addressee=addressee_kind(named),
            section=p.section_path[-1] if p.section_path else "",
            source="table",
            cue=header,
            agency=p.text.split(" — ", 1)[0] if " — " in p.text else owner,
            row_kind=(p.headers[0] or "").strip().lower(),
            row=p.cells[0].strip() if p.cells else "",
            progress=progress or None,
        )
        yield _record(p.doc_id, p.page, found, p)


# ---------------------------------------------------------------- lists


@dataclass(frozen=True)
class _Line:
    page: int
    text: str
    x0: float | None = None
    heading: bool = False


@dataclass
class _Item:
    text: str
    page: int
    heading: str
    number: str = ""
    section: str = ""
    addressed_to: str = ""
    addressee: str = ""
    bullet: bool = False
    x0: float | None = None
    parts: list[str] = field(default_factory=list)


def _lines(pages: Sequence[Page]) -> Iterator[_Line]:
    """Body, heading and table lines in reading order, furniture and page numbers left out."""
    for page in pages:
        if page.lines:
            for line in page.lines:
                if line.kind in ("header", "footer"):
                    continue
                for part in INLINE_ITEM.split(line.text):
                    text = " ".join(part.split())
                    if text and not text.isdigit():
                        x0 = line.bbox.x0 if line.bbox else None
                        yield _Line(page.number, text, x0, line.kind == "heading")
        else:
            for raw in page.text.split("\n"):
                for part in INLINE_ITEM.split(raw):
                    text = " ".join(part.split())
                    if text and not text.isdigit():
                        yield _Line(page.number, text)


def _lscb_start(lines: Sequence[_Line]) -> int:
    """First page of an inspection's LSCB review (10**9 when there is none)."""
    for line in lines:
        if line.page > 2 and LSCB_SECTION.search(line.text) and not re.search(r"\s\d+$", line.text):
            return line.page
    return 10**9


def _heading_addressee(heading: str) -> str:
    m = re.search(
        r"(?:recommendations?|actions?) (?:for|to) (.+?)\s*[:?]?$|what (?:does|do|should) (.+?) (?:need|do) to"
        r"|what the (.+?) (?:needs|should)|what needs to \w+ (?:in|for) (?:this )?(.+?)\s*[:?]?$",
        heading,
        re.I,
    )
    if not m:
        return ""
    named = next(g for g in m.groups() if g)
    named = re.sub(r"^(?:the|this)\s+", "", named.strip(), flags=re.I)
    return (
        f"the {named}" if named.lower() not in ("agencies", "partners", "all agencies") else named
    )


def recommendation_like(text: str, bullet: bool, needs_list: bool) -> bool:
    """Whether a list item reads as a recommendation rather than a finding."""
    words = re.findall(r"[A-Za-z][\w’'-]*", text)
    if not words:
        return False
    first = words[0].lower()
    if first in VERBS or (first.endswith("ly") and len(words) > 1 and words[1].lower() in VERBS):
        return True
    if _OPENING_CLAUSE.match(text):  # "When there are plans to ..., ensure that ..."
        after = re.findall(r",\s+([A-Za-z]+)", text[:200])
        if any(w.lower() in VERBS for w in after):
            return True
    subject = _SUBJECT.match(text)
    if subject and not subject.group(1).lower().startswith(("this", "it ", "there")):
        return True  # "The LSCB should ...", "Agencies must ensure ..."
    # ILACS "What needs to improve": bulleted noun phrases ("The quality of planning ...")
    return needs_list and bullet and not _FINDING_VERB.search(text)


def list_items(pages: Sequence[Page], *, inspection: bool = False) -> Iterator[_Item]:
    """Items listed under recommendations-style headings, across page breaks."""
    scan = _ListScan(list(_lines(pages)), inspection)
    for idx, line in enumerate(scan.lines):
        scan.step(idx, line)
        yield from scan.take()
    scan.close_item()
    yield from scan.take()


class _ListScan:
    """list_items' walk over a document's lines: the heading and item it is in."""

    def __init__(self, lines: list[_Line], inspection: bool) -> None:
        self.lines = lines
        self.inspection = inspection
        self.lscb_from = _lscb_start(lines) if inspection else 10**9
        self.heading = ""
        self.section = ""
        self.heading_named = ""
        self.heading_page = 0
        self.cur: _Item | None = None
        self.intro = 0
        self.done: list[_Item] = []

    def take(self) -> list[_Item]:
        """The items finished since the last call."""
        out, self.done = self.done, []
        return out

    def default_named(self, page: int) -> str:
        if self.heading_named and not (
            self.inspection and self.heading_page < self.lscb_from <= page
        ):
            return self.heading_named
        if self.inspection:
            return "the LSCB" if page >= self.lscb_from else "the local authority"
        return ""

    def finish(self, item: _Item) -> bool:
        """Keep ``item`` when it reads as a recommendation; whether the list goes on."""
        text = item.text.strip()
        if NOTHING_LISTED.match(text):
            return True
        if not recommendation_like(text, item.bullet, bool(_NEEDS_LIST.search(self.heading))):
            return False
        subject = _SUBJECT.match(text)
        named = (
            subject.group(1)
            if subject and not subject.group(1).lower().startswith(("this", "it"))
            else ""
        )
        named = named or self.default_named(item.page)
        item.text = text
        item.addressed_to = named
        item.addressee = addressee_kind(named)
        self.done.append(item)
        return True

    def close_item(self) -> bool:
        """Finish the item being read, if any; whether the list goes on."""
        ok = self.finish(self.cur) if self.cur else True
        self.cur = None
        return ok

    def step(self, idx: int, line: _Line) -> None:
        text = line.text
        if len(text) < 120 and LIST_HEADING.match(text):
            self._heading(line)
            return
        if not self.heading:
            return
        nxt = self.lines[idx + 1] if idx + 1 < len(self.lines) else None
        m = ITEM.match(text)
        if m and m.group("text") == "" and not m.group("bullet"):
            m = None
        if m:
            self._item(m, line, nxt)
        elif self.cur and _continues(self.cur, line):
            self.cur.text = f"{self.cur.text} {text}"
        else:
            self._other(line, nxt)

    def _heading(self, line: _Line) -> None:
        self.close_item()
        self.section, self.intro = "", 0
        heading = line.text.rstrip(":? ")
        self.heading = re.sub(
            r"^(?:section\s+)?\d{1,2}(?:\.\d{1,2})*\.?:?\s+", "", heading, flags=re.I
        )
        named = _heading_addressee(self.heading)
        # "What does the local authority need to improve?" then "Areas for improvement"
        if named or not re.match(r"areas?|priority", self.heading, re.I):
            self.heading_named, self.heading_page = named, line.page

    def _item(self, m: re.Match[str], line: _Line, nxt: _Line | None) -> None:
        body = m.group("text").strip()
        next_item = ITEM.match(nxt.text) if nxt else None
        if (
            m.group("num")
            and not body.endswith(TERMINAL)
            and len(body.split()) < 16
            and next_item
            and next_item.group("bullet")
        ):
            # "1. Quality and effectiveness of practice" over a bulleted list
            self.close_item()
            self.section = body
            return
        if not self.close_item():
            self.heading = ""
            return
        number = m.group("num") or m.group("alpha") or ""
        self.cur = _Item(
            body,
            line.page,
            self.heading,
            number,
            self.section,
            bullet=bool(m.group("bullet")),
            x0=line.x0,
        )

    def _other(self, line: _Line, nxt: _Line | None) -> None:
        """A line that is neither a heading, an item nor an item's continuation."""
        text = line.text
        if (
            line.x0 is None
            and not line.heading
            and text.endswith(TERMINAL)
            and recommendation_like(text, False, False)
        ):
            # a Word paragraph of an auto-numbered or plain list: the number is not in the
            # text, each paragraph is one item
            self.close_item()
            self.cur = _Item(text, line.page, self.heading, "", self.section)
            return
        if NOTHING_LISTED.match(text) or (
            self.intro < 2 and text.endswith(":") and len(text.split()) < 25
        ):
            self.intro += 1
            return
        if (
            len(text.split()) <= 15
            and not text.endswith(TERMINAL)
            and nxt is not None
            and ITEM.match(nxt.text)
        ):
            if not self.close_item():
                self.heading = ""
                return
            self.section = text
            return
        self.close_item()
        self.heading = ""


def _continues(item: _Item, line: _Line) -> bool:
    """Whether a line carries on the current item (wrapped text, not a new block)."""
    if line.heading:
        return False
    if line.text[:1].islower() or not item.text.rstrip().endswith(TERMINAL):
        return True
    if line.x0 is not None and item.x0 is not None:
        return line.x0 > item.x0 + 4  # indented to the text column of a hanging number
    return False


def _passage_for(passages: Sequence[Passage], page: int, text: str) -> Passage | None:
    probe = _key(text)[:60]
    for p in passages:
        if p.page == page and probe in _key(p.text):
            return p
    return None


# ---------------------------------------------------------------- running text


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(" ".join(text.split())) if s.strip()]


def _concern_cue(sentence: str) -> str:
    if _NOT_ACTION.search(sentence):
        return ""
    for cue, pattern in CONCERN_CUES:
        if pattern.search(sentence):
            return cue
    return ""


def action_sentences(text: str) -> Iterator[tuple[str, str]]:
    """(sentence, cue) for each sentence that recommends, or says something must change."""
    for sentence in sentences(text):
        if len(sentence.split()) < 5 or _NOT_ACTION.search(sentence):
            continue
        body = _strip_number(sentence)
        if EXPLICIT.search(body):
            yield body, "recommended"
            continue
        cue = _concern_cue(body)
        if cue:
            yield body, cue


def _explicit_addressee(sentence: str) -> str:
    m = EXPLICIT.search(sentence)
    rest = sentence[m.end() :] if m else sentence
    by = _BY.search(rest)
    if by:
        return by.group(1).strip()
    subject = _SUBJECT.match(rest.strip())
    if subject:
        return subject.group(1)
    # "We recommend that the council reviews ...": the noun phrase before the verb
    m = re.match(
        r"^((?:the\s+)?[\w’'&-]+(?:\s+(?:of\s+|and\s+)?[A-Z][\w’'&-]*){0,4})\s+(?:[a-z]+s|be|is|are)\b",
        rest.strip(),
    )
    if m and m.group(1).split()[0].lower() not in _PRONOUNS:
        return m.group(1)
    return ""


def addressed_to(sentence: str, cue: str) -> str:
    """Who a sentence addresses: "by the X" after the cue, else the subject before it."""
    patterns = dict(CONCERN_CUES)
    if cue == "recommended" and EXPLICIT.search(sentence):
        return _explicit_addressee(sentence)
    pattern = patterns.get(cue)
    m = pattern.search(sentence) if pattern else None
    if not m:
        return ""
    by = _BY.search(sentence[m.end() :])
    if cue in ("recommended", "agreed") and by:
        return by.group(1).strip()
    if cue == "(Recommendation)":
        return ""
    before = re.split(r"[,;:]|\bthat\b|\band\b|\bwhich\b", sentence[: m.start()])[-1].strip()
    words = before.split()
    while words and words[0].lower() in _OPENERS:
        # "In difficult economic times the LSCB" -> "the LSCB"
        rest = [i for i, w in enumerate(words) if w.lower() == "the" or w[:1].isupper()][1:]
        words = words[rest[0] :] if rest else []
    if not words or len(words) > 7 or words[0].lower() in _PRONOUNS:
        return ""
    return " ".join(words)


# ---------------------------------------------------------------- recurring across papers

_STOP = frozenset(
    """a an the and or of to in on for with by at from that this these those is are be been
    being as it its their there which who all any so such into within across ensure ensuring
    make sure lscb board local authority""".split()
)


def _terms(text: str) -> frozenset[str]:
    words = re.findall(r"[a-z][a-z'-]+", text.lower())
    return frozenset(w.rstrip("s") for w in words if w not in _STOP and len(w) > 2)


def similarity(a: str, b: str) -> float:
    """Overlap of the content words of two recommendations (0..1, Dice coefficient)."""
    x, y = _terms(a), _terms(b)
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


def reported_on(recommendation: str, progress: Sequence[str], threshold: float = 0.25) -> list[int]:
    """Indices of progress sentences that report on a recommendation (shared content words)."""
    lead = _terms(recommendation)
    out = []
    for i, text in enumerate(progress):
        other = _terms(text)
        shared = len(lead & other)
        if lead and other and shared >= 2 and 2 * shared / (len(lead) + len(other)) >= threshold:
            out.append(i)
    return out


def recurring(texts: Sequence[str], docs: Sequence[str], threshold: float = 0.5) -> list[list[int]]:
    """Groups (indices) of recommendations that recur in more than one document.

    Leader grouping, so that groups do not chain: each recommendation joins the first group
    whose first member shares ``threshold`` (Dice) of its content words and at least three
    of them; otherwise it starts a group. Texts with fewer than three content words ("As
    above") are left out. Groups are kept when they span at least two documents; biggest
    first.
    """
    terms = [_terms(t) for t in texts]
    groups: list[list[int]] = []
    for i in sorted(range(len(texts)), key=lambda k: (len(terms[k]), k)):
        if len(terms[i]) < 3:
            continue
        for group in groups:
            lead = terms[group[0]]
            shared = len(lead & terms[i])
            if shared >= 3 and 2 * shared / (len(lead) + len(terms[i])) >= threshold:
                group.append(i)
                break
        else:
            groups.append([i])
    found = [sorted(g) for g in groups if len({docs[i] for i in g}) > 1]
    found.sort(key=lambda g: (-len(g), g[0]))
    return found


# ---------------------------------------------------------------- the kind


def recommendation_export(
    records: Sequence[Record[Recommendation]], docs: Mapping[str, Document]
) -> list[dict[str, Any]]:
    """Recommendations then concerns, each row labelled by ``record`` so the two never mix.

    Formal recommendations carry ``recurring_group`` (1, 2, ... for recommendations that
    come back in more than one document; "" otherwise) and ``recurring_in`` (how many).
    """
    recs = [r for r in records if r.kind == Recommendation.KIND]
    concerns = [r for r in records if r.kind == Concern.KIND]
    progress = [r for r in records if r.kind == Progress.KIND]
    group_of: dict[int, tuple[int, int]] = {}
    groups = recurring([str(r.fields.text) for r in recs], [r.doc_id for r in recs])
    for n, members in enumerate(groups, start=1):
        for i in members:
            group_of[i] = (n, len({recs[j].doc_id for j in members}))
    rows = []
    for i, r in enumerate(recs):
        row = {"record": "recommendation", **record_row(r, docs.get(r.doc_id))}
        group, count = group_of.get(i, ("", ""))
        row["recurring_group"] = group
        row["recurring_in"] = count
        rows.append(row)
    for r in progress:
        rows.append({"record": "progress on a recommendation", **record_row(r, docs.get(r.doc_id))})
    for r in concerns:
        rows.append(
            {"record": "concern (not a recommendation)", **record_row(r, docs.get(r.doc_id))}
        )
    return rows


def _shown_text(r: Record[Recommendation]) -> str:
    more = r.fields.extra  # keys outside the fields, from records older than the class
    return str(r.fields.text or more.get("recommendation") or more.get("statement") or "")


def _shown_to(r: Record[Recommendation]) -> str:
    return str(r.fields.addressed_to or r.fields.agency or r.fields.extra.get("owner") or "")


KIND = Kind(
    name="recommendations",
    records=(Recommendation, Concern, Progress),
    finds="recommendations",
    order=40,
    extract=extract,
    export=Export((Recommendation, Concern), recommendation_export),
    display=Display(
        tab="Recommendations",
        empty="No recommendations were found in this document.",
        columns=(
            ("Recommendation", _shown_text),
            ("No.", lambda r: str(r.fields.number or "")),
            ("To", _shown_to),
            ("Section", lambda r: str(r.fields.section or r.fields.cue or "")),
            ("Page", lambda r: r.page),
        ),
    ),
)
