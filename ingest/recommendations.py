"""Recommendations and actions: sentences and list items that recommend, require or
commit to action, each with who it is addressed to where stated.

Three sources, each a ``source`` value on the record:

- ``table``: stock-take rows whose headers include "Recommended actions" (the cell);
- ``ofsted_list``: numbered or bulleted items under a "Recommendations", "What needs to
  improve", "Areas for improvement" or "Priority and immediate action" heading (Ofsted
  reports; inside the LSCB review they are addressed to the LSCB);
- ``text``: sentences of running text with a cue ("recommended", "should", "needs to",
  "must ensure", "(Recommendation)", "it was agreed that" ...).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ingest.model import Page, ParsedDocument, Passage, Record

LIST_HEADING = re.compile(
    r"^(?:recommendations?|what needs to improve(?: in this area)?\??|areas? for (?:improvement|development)"
    r"|priority and immediate action|what the local authority (?:needs|should do) to improve)\s*:?$",
    re.I,
)
ITEM = re.compile(
    r"^(?:(?P<num>\d{1,3})[.)]|(?P<bullet>[\u25aa\u25fc\u25a0\u2022\u25cf\u25e6\uf000-\uf0ff*-]))\s*(?P<text>\S.*)$"
)
LSCB_SECTION = re.compile(
    r"^(?:the local safeguarding children board(?: \(lscb\))?|the (?:lscb|local safeguarding children board) is [\w ]+"
    r"|the effectiveness of the lscb is [\w ]+|the lscb is \w+ because:?|what does the lscb need to improve\??)$",
    re.I,
)
NOT_A_SUBHEADING = re.compile(
    r"inspection|findings|summary|strength|weakness|board|lscb|judgement|\bis\b", re.I
)
NOTHING_LISTED = re.compile(
    r"^(?:the inspection )?(?:did not find|there (?:are|were) no|none\b|no (?:priority|areas))",
    re.I,
)
INLINE_ITEM = re.compile(
    r"(?<=[.;:!?])\s+(?=\d{1,3}\.\s+[A-Z])|\s+(?=[\u25aa\u25fc\u25a0\u2022\u25cf\uf000-\uf0ff]\s)"
)
TERMINAL = (".", "!", "?", ":", ";")
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[A-Z0-9“‘\"(])")
CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("(Recommendation)", re.compile(r"\(recommendations?\)", re.I)),
    (
        "recommended",
        re.compile(
            r"\brecommend(?:s|ed)?\b(?! (?:for|by) (?:change|inspectors))|\bis recommended\b", re.I
        ),
    ),
    ("must ensure", re.compile(r"\bmust ensure\b", re.I)),
    ("must", re.compile(r"\bmust\b", re.I)),
    (
        "needs to",
        re.compile(
            r"(?<!\bthe )(?<!\ba )(?<!\bany )\bneeds? to\b(?! (?:happen|improve for))|\bwill need to\b",
            re.I,
        ),
    ),
    ("should", re.compile(r"\bshould\b(?! (?:be|have been) (?:acknowledged|noted)\b)", re.I)),
    ("required to", re.compile(r"\b(?:is|are|will be) required to\b", re.I)),
    ("agreed", re.compile(r"\b(?:it was|it has been|it is) agreed that\b|\bagreed to\b", re.I)),
    (
        "imperative",
        re.compile(
            r"^(?:Ensure|Develop|Review|Devise|Improve|Strengthen|Establish|Implement|Consider)\b"
        ),
    ),
)
_NOT_ACTION = re.compile(r"\?|^\W*\d+\.\s*$")
_PRONOUNS = frozenset("it this that there which these those they he she who what we i you".split())
_OPENERS = frozenset("in during within at by for from on after before following as with to".split())
_BY = re.compile(
    r"\b(?:by|to|for) (the\s+[A-Z][\w'&-]*(?:\s+(?:(?:against|of|and|for|in)\s+)?[A-Z][\w'&-]*)*)"
)
_FOR_PLAN = re.compile(r"\bfor (.+?) (?:annual plan|business plan|work plan)", re.I)


@dataclass(frozen=True)
class _Item:
    text: str
    page: int
    heading: str
    lscb: bool


def extract(parsed: ParsedDocument) -> tuple[Record, ...]:
    """Recommendation records from stock-take tables, Ofsted lists and running text."""
    passages = parsed.passages
    records = [*table_recommendations(passages)]
    inspection = parsed.document.doc_type == "inspection_report" or _mentions_ofsted(parsed)
    listed = list(list_items(parsed.pages))
    for item in listed:
        addressed = "the LSCB" if item.lscb else ("the local authority" if inspection else "")
        passage = _passage_for(passages, item.page, item.text)
        data = {
            "text": item.text,
            "addressed_to": addressed,
            "source": "ofsted_list",
            "cue": item.heading,
        }
        records.append(_record(parsed.document.id, item.page, data, passage))
    seen = {_key(i.text) for i in listed}
    lscb_pages = _lscb_pages(parsed.pages)
    for passage in passages:
        if passage.kind != "paragraph":
            continue
        for sentence, cue in action_sentences(passage.text):
            if _key(sentence) in seen or any(
                _key(sentence) in k or k in _key(sentence) for k in seen if len(k) > 30
            ):
                continue
            seen.add(_key(sentence))
            addressed = addressed_to(sentence, cue)
            if not addressed and cue == "(Recommendation)" and passage.page in lscb_pages:
                addressed = "the LSCB"
            data = {"text": sentence, "addressed_to": addressed, "source": "text", "cue": cue}
            records.append(_record(passage.doc_id, passage.page, data, passage))
    return tuple(records)


def _record(doc_id: str, page: int, data: dict[str, Any], passage: Passage | None) -> Record:
    return Record(
        doc_id=doc_id,
        kind="recommendation",
        page=page,
        data=data,
        bbox=passage.bbox if passage else None,
        passage_ordinal=passage.ordinal if passage else None,
    )


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def _mentions_ofsted(parsed: ParsedDocument) -> bool:
    head = " ".join(p.text[:3000] for p in parsed.pages[:2])
    return "Ofsted" in head and "inspection" in head.lower()


# ---------------------------------------------------------------- stock-take tables


def table_recommendations(passages: Sequence[Passage]) -> Iterator[Record]:
    """The "Recommended actions" cell of each stock-take row that has one."""
    for p in passages:
        if p.kind != "table_row":
            continue
        for i, header in enumerate(p.headers):
            if "recommended action" not in header.lower() or i >= len(p.cells):
                continue
            cell = " ".join(p.cells[i].split())
            if len(cell) < 4:
                continue
            plan = _FOR_PLAN.search(header)
            data = {
                "text": cell,
                "addressed_to": plan.group(1).strip() if plan else "",
                "source": "table",
                "cue": header.strip(),
                "agency": p.text.split(" — ", 1)[0] if " — " in p.text else "",
                "row_kind": (p.headers[0] or "").strip().lower(),
                "row": p.cells[0].strip() if p.cells else "",
            }
            yield _record(p.doc_id, p.page, data, p)


# ---------------------------------------------------------------- Ofsted lists


def _blocks(pages: Sequence[Page]) -> Iterator[tuple[int, str]]:
    for page in pages:
        for line in page.text.split("\n"):
            for part in INLINE_ITEM.split(line):
                text = " ".join(part.split())
                if text and not text.isdigit():
                    yield page.number, text


def _lscb_pages(pages: Sequence[Page]) -> set[int]:
    """Pages from the start of an inspection's LSCB review to the end of the document."""
    for number, text in _blocks(pages):
        if number > 2 and LSCB_SECTION.match(text):
            return {p.number for p in pages if p.number >= number}
    return set()


def list_items(pages: Sequence[Page]) -> Iterator[_Item]:
    """Items listed under a recommendations-style heading, across page breaks."""
    lscb_from = min(_lscb_pages(pages), default=10**9)
    heading, current, page, intro = "", "", 0, 0

    def done() -> Iterator[_Item]:
        if current and not NOTHING_LISTED.match(current):
            yield _Item(current, page, heading, page >= lscb_from)

    for number, text in _blocks(pages):
        if LIST_HEADING.match(text):
            yield from done()
            heading, current, intro = text.rstrip(":? "), "", 0
            continue
        if not heading:
            continue
        m = ITEM.match(text)
        if m:
            yield from done()
            current, page = m.group("text").strip(), number
        elif current and not current.endswith(TERMINAL):
            current = f"{current} {text}"
        elif intro < 2 and _is_intro(text):
            intro += 1
        else:
            yield from done()
            heading, current = "", ""
            continue
        if m:
            intro = 0
    yield from done()


def _is_intro(text: str) -> bool:
    """A lead-in ("The LSCB should:") or a short subheading inside a list."""
    if text.endswith(":"):
        return True
    return (
        len(text.split()) <= 6 and not text.endswith(TERMINAL) and not NOT_A_SUBHEADING.search(text)
    )


def _passage_for(passages: Sequence[Passage], page: int, text: str) -> Passage | None:
    probe = _key(text)[:60]
    for p in passages:
        if p.page == page and probe in _key(p.text):
            return p
    return None


# ---------------------------------------------------------------- running text


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(" ".join(text.split())) if s.strip()]


def action_sentences(text: str) -> Iterator[tuple[str, str]]:
    """(sentence, cue) for each sentence of a paragraph that recommends or commits to action."""
    for sentence in sentences(text):
        if len(sentence.split()) < 5 or _NOT_ACTION.search(sentence):
            continue
        body = re.sub(r"^\d{1,3}\.\s+", "", sentence)
        for cue, pattern in CUES:
            if pattern.search(body):
                yield body, cue
                break


def addressed_to(sentence: str, cue: str) -> str:
    """Who a sentence addresses: "by the X" after the cue, else the subject before it."""
    pattern = dict(CUES)[cue]
    m = pattern.search(sentence)
    if not m:
        return ""
    by = _BY.search(sentence[m.end() :])
    if cue in ("recommended", "agreed") and by:
        return by.group(1).strip()
    if cue in ("imperative", "(Recommendation)"):
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
