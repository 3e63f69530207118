"""Figures as data: accounts tables and stated performance figures become records.

Two sources:

* tables with a label column and an amount column (budget lines, expenditure,
  partner contributions, transfers to reserves): one ``figure`` per line, with
  "(25,196)" read as a negative amount; every Total row is checked against the
  sum of the lines above it (since the previous total) and a mismatch is
  reported on the record and in ``problems``, never hidden;
* running text (and prose table cells such as stock-take entries): counts
  ("271 conferences relating to 514 children" -> two figures), money
  ("budget ... was £88,950") and percentages ("82% of staff").

``extract`` is the extractor the pipeline calls; the helpers are pure. The record
classes (``Figure`` with its ``TotalCheck``) come first, the kind (``KIND``) last, with
how figures are exported (``figure_row``) and shown (``check_text``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from ingest.extract import stocktake
from ingest.extract.base import Display, Export, Kind, record_row
from ingest.model import (
    Document,
    Fields,
    ParsedDocument,
    Passage,
    Record,
    RecordFields,
    Table,
    nested,
    optional,
)

TOLERANCE = 0.01


@dataclass(frozen=True, kw_only=True)
class Part(Fields):
    """One line summed in a total check."""

    label: str = ""
    value: float | int = 0
    page: int = 0
    row_index: int = 0


@dataclass(frozen=True, kw_only=True)
class TotalCheck(Fields):
    """A stated total checked against the lines above it."""

    kind: str = "total"
    expected: float | int = 0  # what the lines add up to
    stated: float | int = 0  # what the paper says the total is
    difference: float | int = 0  # stated - expected, to the penny
    ok: bool = True  # equal within TOLERANCE
    message: str = ""  # a plain sentence saying so
    parts: tuple[Part, ...] = nested(Part, (), many=True)  # the lines summed
    rounding_note: bool | None = optional()  # True: the paper says its figures are rounded


@dataclass(frozen=True, kw_only=True)
class Figure(RecordFields):
    """A number stated in a table (budget line, count) or in running text."""

    KIND: ClassVar[str] = "figure"
    label: str = ""  # what the number counts or costs
    value: float | int = 0
    unit: str = ""  # "GBP", "%", "conferences" ...
    text: str = ""  # the row or sentence it was read from
    source: str = ""  # "table" or "text"
    table_index: int | None = optional()  # table figures only
    row_index: int | None = optional()
    negative: bool | None = optional()  # shown in brackets or with a minus sign
    check: TotalCheck | None = nested(TotalCheck)  # a stated total checked against its parts
    adds_up: bool | None = None  # whether the stated total equals its parts (None: no total)
    flag: str = ""  # a plain note when it does not add up
    period: str = ""
    borough: str = ""


# ---------------------------------------------------------------- amounts

_AMOUNT = re.compile(
    r"^(?P<open>\()?\s*(?P<sign>[-−–])?\s*(?P<cur>£)?\s*(?P<num>\d{1,3}(?:,\d{3})+|\d+)"
    r"(?P<dec>\.\d+)?\s*(?P<mult>k|m|bn|million|billion)?\s*(?P<pct>%)?\s*(?P<close>\))?$",
    re.IGNORECASE,
)
_MULT = {"k": 1e3, "m": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}


@dataclass(frozen=True)
class Amount:
    value: float | int
    money: bool  # had a £ sign or thousands separators
    percent: bool
    negative: bool  # written in brackets or with a minus


def parse_amount(cell: str) -> Amount | None:
    """ "£25,066" -> 25066; "(25,196)" -> -25196; "82%" -> 82 (percent); else None."""
    text = cell.strip().replace("\u00a0", " ")
    m = _AMOUNT.match(text)
    if not m or bool(m.group("open")) != bool(m.group("close")):
        return None
    number = float(m.group("num").replace(",", "") + (m.group("dec") or ""))
    mult = (m.group("mult") or "").lower()
    number *= _MULT.get(mult, 1)
    negative = bool(m.group("open") or m.group("sign"))
    value: float | int = -number if negative else number
    if float(value).is_integer():
        value = int(value)
    money = bool(m.group("cur") or "," in m.group("num") or mult)
    return Amount(value, money, bool(m.group("pct")), negative)


def is_total_label(label: str) -> bool:
    """ "Total", "Total expenditure", "Grand total", "Sub-total", "Net total"."""
    return bool(re.match(r"^(?:grand |sub-?|net )?totals?\b", label.strip(), re.IGNORECASE))


def clean_label(label: str) -> str:
    """ "(Transfer to reserves)" -> "Transfer to reserves"; whitespace normalised."""
    text = " ".join(label.split())
    if text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        text = text[1:-1].strip()
    return text


# ---------------------------------------------------------------- tables


@dataclass(frozen=True)
class Line:
    """One row of an accounts-like table: label, amount, page."""

    row_index: int
    label: str
    amount: Amount
    text: str
    page: int


def amount_column(table: Table) -> int | None:
    """The column holding amounts: most cells parse as amounts, at least two of them."""
    best, best_n = None, 1
    body = table.rows
    for j in range(1, table.n_cols):
        cells = [r[j] for r in body if j < len(r) and r[j].strip()]
        n = sum(1 for c in cells if parse_amount(c))
        if cells and n >= 2 and n / len(cells) >= 0.6 and n > best_n:
            best, best_n = j, n
    return best


def label_column(table: Table, amount_col: int) -> int | None:
    """The first column left of the amounts whose cells are words, not numbers."""
    for j in range(amount_col):
        cells = [r[j] for r in table.rows if j < len(r) and r[j].strip()]
        if cells and sum(1 for c in cells if parse_amount(c)) <= len(cells) // 3:
            return j
    return None


def table_lines(table: Table) -> list[Line]:
    """The label/amount lines of a table (empty when it is not accounts-like)."""
    if stocktake.rows_of([table]):
        return []
    amount_col = amount_column(table)
    if amount_col is None:
        return []
    label_col = label_column(table, amount_col)
    if label_col is None:
        return []
    out = []
    for i, row in enumerate(table.rows):
        if amount_col >= len(row):
            continue
        amount = parse_amount(row[amount_col])
        label = clean_label(row[label_col]) if label_col < len(row) else ""
        if amount is None or not label:
            continue
        page = table.row_pages[i] if i < len(table.row_pages) else table.page_start
        text = " ".join(c for c in (row[label_col], row[amount_col]) if c)
        out.append(Line(i, label, amount, text, page))
    return out


def check_totals(lines: Sequence[Line]) -> dict[int, TotalCheck]:
    """For each Total line (by row index): expected sum of the lines above, stated, ok, message.

    The lines summed are those since the previous total. A grand total after
    subtotals is also accepted when it equals the subtotals plus any lines after
    the last of them.
    """
    checks: dict[int, TotalCheck] = {}
    since: list[Line] = []  # plain lines since the last total of any kind
    subtotals: list[Line] = []  # subtotals since the last grand total
    for line in lines:
        if not is_total_label(line.label) or line.amount.percent:
            since.append(line)
            continue
        stated = line.amount.value
        parts = list(since)
        expected = _sum(parts)
        if subtotals and abs(expected - stated) > TOLERANCE:
            parts = [*subtotals, *since]
            expected = _sum(parts)
        if since or subtotals:
            checks[line.row_index] = _check(line, expected, stated, parts)
        if re.match(r"^sub-?total", line.label, re.IGNORECASE):
            subtotals.append(line)
        else:
            subtotals = []
        since = []
    return checks


def _sum(lines: Sequence[Line]) -> float | int:
    total = sum(line.amount.value for line in lines)
    return round(total, 2) if isinstance(total, float) else total


def _check(
    line: Line, expected: float | int, stated: float | int, parts: Sequence[Line] = ()
) -> TotalCheck:
    """The total check: stated, expected, ok, message, and the parts summed."""
    ok = abs(expected - stated) <= TOLERANCE
    if ok:
        message = f"'{line.label}' {_fmt(stated)} equals the sum of the lines above"
    else:
        message = (
            f"'{line.label}' states {_fmt(stated)} but the lines above add up to "
            f"{_fmt(expected)} (a difference of {_fmt(stated - expected)})"
        )
    return TotalCheck(
        expected=expected,
        stated=stated,
        difference=round(stated - expected, 2),
        ok=ok,
        message=message,
        parts=tuple(
            Part(label=p.label, value=p.amount.value, page=p.page, row_index=p.row_index)
            for p in parts
        ),
    )


def check_flag(check: TotalCheck | None) -> str:
    """A one-line flag for a total that does not add up ("" when it does or was not checked)."""
    if check is None or check.ok:
        return ""
    parts = " + ".join(f"{p.label} {_fmt(p.value)}" for p in check.parts)
    note = "; the paper says figures are rounded" if check.rounding_note else ""
    return (
        f"Does not add up: stated {_fmt(check.stated)}, parts add up to "
        f"{_fmt(check.expected)}" + (f" ({parts})" if parts else "") + note
    )


def _fmt(value: float | int) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"


def table_unit(table: Table, lines: Sequence[Line]) -> str:
    """GBP when any amount or the caption/header shows money, % for percentages, else ""."""
    words = " ".join([table.caption, *(c for r in table.header_rows for c in r)]).lower()
    if any(line.amount.percent for line in lines) and all(line.amount.percent for line in lines):
        return "%"
    if "£" in words or any(line.amount.money for line in lines):
        return "GBP"
    if re.search(r"budget|expenditure|contribution|income|account|spend|cost", words):
        return "GBP"
    return ""


# ---------------------------------------------------------------- text

_WORD_NUMBERS = {
    w: n
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {
    w: 10 * n
    for n, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split())
    if w != "_"
}
# Countable things board papers report; the head noun of the phrase after a number.
COUNT_NOUNS = frozenset(
    """conferences children notifications contacts referrals cases staff reviews offenders
    families plans investigations allegations assessments courses sessions meetings deaths
    professionals schools members participants candidates governors households visits
    enquiries incidents victims parents people persons agencies audits inspections days
    delegates practitioners managers occasions trainees places beds posts placements young
    adolescents babies infants carers girls boys women men pupils students""".split()
)
_STOP = frozenset(
    """of to in and or were was have has had been are is be by for with from at on that which
    who whose relating related the a an this these those their its as than per year years
    month months week weeks old""".split()
)
_NUMBER_WORD = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
_WORD_NUM = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|"
    r"five|six|seven|eight|nine))?|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
    r"eighteen|nineteen|ten|two|three|four|five|six|seven|eight|nine)"
)
_COUNT = re.compile(
    rf"(?<![\w£$.,/-])(?P<num>{_NUMBER_WORD}|{_WORD_NUM})(?![\w%/]|[.,]\d)"
    r"(?P<words>(?:\s+[A-Za-z][\w'&/-]*){1,4})",
    re.IGNORECASE,
)
_MONEY = re.compile(
    r"£\s?(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<dec>\.\d+)?\s?(?P<mult>k|m|bn|million|billion)?\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"(?<![\w.])(?P<num>\d+(?:\.\d+)?)\s?(?:%|per ?cent\b)", re.IGNORECASE)


def word_number(text: str) -> int | None:
    """ "fifty-two" -> 52, "Eleven" -> 11; None for anything else."""
    text = text.lower()
    if text in _WORD_NUMBERS:
        return _WORD_NUMBERS[text]
    tens, _, ones = text.partition("-")
    if tens in _TENS and (not ones or ones in _WORD_NUMBERS):
        return _TENS[tens] + (_WORD_NUMBERS[ones] if ones else 0)
    return None


def _number(text: str) -> float | int | None:
    if text[:1].isdigit():
        value = float(text.replace(",", ""))
        return int(value) if value.is_integer() else value
    return word_number(text)


@dataclass(frozen=True)
class TextFigure:
    label: str
    value: float | int
    unit: str
    text: str  # the words it was read from
    start: int


def count_figures(sentence: str) -> list[TextFigure]:
    """Counts: a number followed (within four words, no stop word) by a countable noun.

    "83 initial and 177 review conferences" gives both numbers the noun.
    """
    out = []
    matches = list(_COUNT.finditer(sentence))
    for n, m in enumerate(matches):
        value = _number(m.group("num"))
        if value is None or _is_year_or_date(sentence, m.start(), value):
            continue
        phrase, unit, stopped = _noun_phrase(m.group("words").split())
        if not unit and stopped in ("and", "or") and _next_follows(m, matches[n + 1 :]):
            _, unit, _ = _noun_phrase(matches[n + 1].group("words").split())
            phrase = [*phrase, unit] if unit and phrase else []
        if not unit or not phrase or _is_duration(sentence, m.start(), unit):
            continue
        label = " ".join(phrase)
        out.append(TextFigure(label, value, unit, f"{m.group('num')} {label}", m.start()))
    return out


def _next_follows(m: re.Match[str], rest: Sequence[re.Match[str]]) -> bool:
    """Is the next number right after "<number> <word> and"?"""
    if not rest:
        return False
    between = m.string[m.end("num") : rest[0].start()]
    return bool(re.fullmatch(r"\s+[\w-]+\s+(?:and|or)\s+", between))


def _noun_phrase(words: Sequence[str]) -> tuple[list[str], str, str]:
    """(words up to the first countable noun, the noun, the stop word met) ."""
    phrase: list[str] = []
    for i, word in enumerate(words):
        low = word.lower().strip("'")
        if low in _STOP:
            return phrase, "", low
        phrase.append(word)
        if low in COUNT_NOUNS:
            if word[:1].isupper() and not word.isupper() and i > 0:
                return [], "", ""  # a proper name ("Local Safeguarding Children Board")
            if low == "young":
                nxt = words[i + 1].lower() if i + 1 < len(words) else ""
                if nxt != "people":
                    return [], "", ""
                return [*phrase, words[i + 1]], "young people", ""
            return phrase, low, ""
    return phrase, "", ""


def _is_duration(sentence: str, start: int, unit: str) -> bool:
    if unit != "days":
        return False
    return bool(re.search(r"\b(?:within|to|than|after|over|for|in|of)\s*$", sentence[:start]))


def _is_year_or_date(sentence: str, start: int, value: float | int) -> bool:
    before = sentence[max(0, start - 12) : start].lower()
    if isinstance(value, int) and 1900 <= value <= 2100:
        return True
    return bool(
        re.search(
            r"(?:january|february|march|april|may|june|july|august|september"
            r"|october|november|december|aged|age|nos?\.?|ni)\s*$",
            before,
        )
    )


def money_figures(sentence: str) -> list[TextFigure]:
    """ "The budget ... was £88,950" -> label "budget ..." (words before, else after)."""
    out = []
    for m in _MONEY.finditer(sentence):
        value = float(m.group("num").replace(",", "") + (m.group("dec") or ""))
        value *= _MULT.get((m.group("mult") or "").lower(), 1)
        number: float | int = int(value) if value.is_integer() else value
        label = _label_before(sentence[: m.start()]) or _money_label_after(sentence[m.end() :])
        out.append(TextFigure(label, number, "GBP", m.group(0).strip(), m.start()))
    return out


def percent_figures(sentence: str) -> list[TextFigure]:
    """ "82% of staff have been trained" -> 82, label "staff have been trained"."""
    out = []
    for m in _PERCENT.finditer(sentence):
        value = float(m.group("num"))
        number: float | int = int(value) if value.is_integer() else value
        inside = (
            sentence[max(0, m.start() - 1) : m.start()] == "("
            and sentence[m.end() : m.end() + 1] == ")"
        )
        if inside:
            head = re.sub(r"\s*\d[\d,]*\s*$", "", sentence[: m.start() - 1])
            label = _label_before(head, max_words=6, from_end=True)
        else:
            label = _label_after(sentence[m.end() :])
        out.append(TextFigure(label, number, "%", m.group(0), m.start()))
    return out


_LEAD = re.compile(
    r"^(?:the|a|an|of|of the|were|was|are|is|have been|had been|has been|had|have|related to)\s+",
    re.IGNORECASE,
)
_TRAIL = re.compile(
    r"\s+(?:was|were|is|are|of|of which|whose|totalled|totaling|totalling|amounted to|equated to|to|at|by|"
    r"from its budgets of|made|came to|stood at|reached)$",
    re.IGNORECASE,
)


_NEXT_FIGURE = re.compile(r"\s+(?:and|or|but|while|whilst)\s+(?=[\d£])|\s+\d[\d,.]*\s*%")
_AUX = re.compile(r"\b(?:were|was|have been|has been|had been|are|is)\s+", re.IGNORECASE)
_DUMMY = frozenset({"there", "it", "this", "that", "which", "these"})


def _trim(words: list[str]) -> list[str]:
    skip = _STOP | {"therefore", "however", "addition", "overall"}
    while words and words[0].lower() in skip:
        words = words[1:]
    while words and words[-1].lower() in skip:
        words = words[:-1]
    return words


def _label_after(rest: str, max_words: int = 6) -> str:
    clause = re.split(r"[.;:,()]", rest, maxsplit=1)[0]
    clause = _NEXT_FIGURE.split(clause, maxsplit=1)[0].strip()
    for _ in range(3):
        clause = _LEAD.sub("", clause)
    return " ".join(_trim(clause.split()[:max_words]))


def _money_label_after(rest: str) -> str:
    return _label_after(_AUX.sub("", rest))


def _label_before(head: str, max_words: int = 10, from_end: bool = False) -> str:
    """The words before a figure, back to the previous figure or punctuation."""
    clause = re.split(r"[.;:,()](?:\s|$)|£[\d,.]+\w*|\d[\d,.]*\s*%", head)[-1].strip()
    if len(clause.split()) > max_words:
        clause = re.split(r"\s+and\s+", clause)[-1]
    for _ in range(4):
        new = _TRAIL.sub("", clause)
        if new == clause:
            break
        clause = new
    words = _trim(clause.split())
    if len(words) == 1 and words[0].lower() in _DUMMY:
        return ""
    return " ".join(_trim(words[-max_words:] if from_end else words[:max_words]))


_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[A-Z(£0-9])")


def text_figures(text: str) -> list[TextFigure]:
    """Counts, money and percentages stated in prose, sentence by sentence."""
    out: list[TextFigure] = []
    for sentence in _SENTENCES.split(text):
        found = money_figures(sentence) + percent_figures(sentence) + count_figures(sentence)
        out.extend(sorted(found, key=lambda f: f.start))
    return out


# ---------------------------------------------------------------- records


@dataclass
class Figures:
    """What ``find`` returns: the records, and the total checks that failed."""

    records: tuple[Record[Figure], ...]
    problems: tuple[str, ...]


def find(parsed: ParsedDocument) -> Figures:
    """All figures of a document, with the failed total checks as plain messages."""
    doc = parsed.document
    base = {"period": doc.period, "borough": "; ".join(doc.boroughs)}
    records: list[Record[Figure]] = []
    problems: list[str] = []
    numeric_tables: set[int] = set()
    for table in parsed.tables:
        found = list(_table_records(table, parsed, base))
        if found:
            numeric_tables.add(table.index)
        for rec in found:
            check = rec.fields.check
            if check is not None and not check.ok:
                problems.append(f"page {rec.page}, table {table.index + 1}: {check.message}")
        records.extend(found)
    for passage in parsed.passages:
        if passage.kind == "table_row" and passage.table_index in numeric_tables:
            continue
        records.extend(_text_records(passage, base))
    return Figures(tuple(records), tuple(problems))


def extract(parsed: ParsedDocument) -> tuple[Record[Figure], ...]:
    """Figures of a parsed document as ``figure`` records.

    Total checks stay on the records: a Total line carries ``check`` (stated, expected,
    ok, message, parts), ``adds_up`` (True/False; None when not a checked total) and
    ``flag`` (a plain sentence naming the parts when it does not add up).
    """
    return find(parsed).records


_ROUNDING = re.compile(
    r"(?:not|n't) (?:add|sum) (?:up )?(?:to (?:the )?totals? )?(?:exactly )?(?:due to|because of) rounding"
    r"|rounding (?:means|may mean)|(?:totals?|figures) (?:are|have been) rounded",
    re.IGNORECASE,
)


def _noting_rounding(check: TotalCheck) -> TotalCheck:
    """A check on a table whose pages say its figures are rounded: noted, and said so."""
    message = check.message
    if not check.ok:
        message += "; the paper notes that figures may not add up due to rounding"
    return replace(check, rounding_note=True, message=message)


def _rounding_note(parsed: ParsedDocument, table: Table) -> bool:
    """Whether the pages of a table say its figures may not add up because of rounding."""
    return any(
        _ROUNDING.search(" ".join(p.text.split()))
        for p in parsed.pages
        if table.page_start <= p.number <= table.page_end
    )


def _row_passages(parsed: ParsedDocument, table: Table) -> dict[int, Passage]:
    return {
        p.row_index: p
        for p in parsed.passages
        if p.kind == "table_row" and p.table_index == table.index and p.row_index is not None
    }


def _table_records(
    table: Table, parsed: ParsedDocument, base: dict[str, Any]
) -> Iterator[Record[Figure]]:
    lines = table_lines(table)
    if len(lines) < 2:
        return
    unit = table_unit(table, lines)
    checks = check_totals(lines) if unit != "%" else {}
    if checks and _rounding_note(parsed, table):
        checks = {row: _noting_rounding(check) for row, check in checks.items()}
    passages = _row_passages(parsed, table)
    for line in lines:
        passage = passages.get(line.row_index)
        check = checks.get(line.row_index)
        fields = Figure(
            label=line.label,
            value=line.amount.value,
            unit="%" if line.amount.percent else unit,
            text=line.text,
            source="table",
            table_index=table.index,
            row_index=line.row_index,
            negative=line.amount.negative,
            check=check,
            adds_up=check.ok if check is not None else None,
            flag=check_flag(check),
            **base,
        )
        bbox = passage.bbox if passage else None
        yield Record(table.doc_id, line.page, fields, bbox, passage.ordinal if passage else None)


def _text_records(passage: Passage, base: dict[str, Any]) -> Iterator[Record[Figure]]:
    texts = passage.cells if passage.kind == "table_row" else (passage.text,)
    for text in texts:
        for fig in text_figures(text):
            fields = Figure(
                label=fig.label,
                value=fig.value,
                unit=fig.unit,
                text=fig.text,
                source="text",
                check=None,
                adds_up=None,
                flag="",
                **base,
            )
            yield Record(passage.doc_id, passage.page, fields, passage.bbox, passage.ordinal)


# ---------------------------------------------------------------- the kind


def figure_row(record: Record[Figure], doc: Document | None) -> dict[str, Any]:
    """A figure for export, its total check flattened: adds_up, flag, stated, expected, parts."""
    row = record_row(record, doc)
    row.pop("check", None)
    check = record.fields.check
    row["adds_up"] = check.ok if check is not None else None
    row["flag"] = row.get("flag", "") or ""
    row["check_stated"] = check.stated if check is not None else ""
    row["check_expected"] = check.expected if check is not None else ""
    row["check_parts"] = [f"{p.label}: {p.value}" for p in check.parts] if check else []
    row["check_message"] = check.message if check is not None else ""
    return row


def figure_rows(
    records: Sequence[Record[Figure]], docs: Mapping[str, Document]
) -> list[dict[str, Any]]:
    return [figure_row(r, docs.get(r.doc_id)) for r in records]


def check_text(check: TotalCheck | None) -> str:
    """'⚠ does not add up: …' with the parts, '✓ adds up' for a checked total, else ''."""
    if check is None:
        return ""
    if check.ok:
        return "✓ adds up"
    parts = " + ".join(f"{p.label} {p.value:,}" for p in check.parts)
    note = " (the paper says figures are rounded)" if check.rounding_note else ""
    return (
        f"⚠ does not add up: stated {check.stated:,}, parts add up to "
        f"{check.expected:,}{note}" + (f" — {parts}" if parts else "")
    )


KIND = Kind(
    name="figures",
    records=(Figure,),
    finds="figures",
    order=20,
    extract=extract,
    export=Export((Figure,), figure_rows),
    display=Display(
        tab="Figures",
        empty="No figures were extracted.",
        columns=(
            ("Figure", lambda r: str(r.fields.label or r.fields.text or "")),
            ("Value", lambda r: r.fields.value),
            ("Unit", lambda r: r.fields.unit),
            ("Page", lambda r: r.page),
            ("Check", lambda r: check_text(r.fields.check)),
        ),
    ),
)
