"""The stock-take register: agency risk and strength tables become records.

A stock-take table is recognised by its header row (``Risk | What is being done
to reduce the risk? | What support can the LSCB provide ... | Recommended
actions ...`` or the ``Strengths | How is this evidenced ...`` variant, with
wording variants and broken headers). Each body row becomes a ``stocktake_row``
record carrying the agency (from the line above the table, else the previous
stock-take table's agency), the kind (risk or strength), the four columns, and
provenance (page, table and row index, passage ordinal).

Everything here is a pure function on model objects; ``extract`` is the
extractor the pipeline calls. The record class (``StocktakeRow``) is declared first,
the kind (``KIND``) last.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import ClassVar, Literal

from ingest.extract.base import Export, Kind
from ingest.extract.stocktake_fields import (
    RISK_WORDS,
    STRENGTH_WORDS,
    column_of,
    due_iso,
    field_role,
    is_summary_row,
    join_wrapped,
    kind_word,
    rag_value,
    shared_agencies,
    split_reference,
)
from ingest.extract.stocktake_lists import ListRow, list_rows
from ingest.model import (
    BBox,
    Fields,
    Line,
    Page,
    ParsedDocument,
    Passage,
    Record,
    RecordFields,
    Table,
    nested,
)

RowKind = Literal["risk", "strength"]
Role = Literal["statement", "response", "support", "recommended_action"]
ROLES: tuple[Role, ...] = ("statement", "response", "support", "recommended_action")
# a column's role: one of the four, or a column kept as data beside them
ColRole = Literal[Role, "rag", "owner", "due", "evidence", "reference", "kind_by_content"]
Row = tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class AsAbove(Fields):
    """The earlier row an "As above" cell points to (same agency and kind)."""

    column: str = ""  # the first column saying "As above"
    columns: list[str] = field(default_factory=list)  # every column saying it
    row: int | None = None  # the earlier row's index in its table (None: none found)
    table_index: int | None = None
    statement: str = ""  # the earlier row's statement


@dataclass(frozen=True, kw_only=True)
class StocktakeRow(RecordFields):
    """One row of an agency stock-take register: a risk or a strength and what follows."""

    KIND: ClassVar[str] = "stocktake_row"
    agency: str = ""  # canonical agency name the row belongs to
    kind: str = ""  # "risk" or "strength"
    number: str = ""  # the row's own number ("3.2") when it has one
    statement: str = ""  # the risk or strength as written
    response: str = ""  # the agency's response
    support: str = ""  # support asked of the Board
    recommended_action: str = ""
    # Columns some stock-takes and action logs print besides the four (issue 23); ""
    # where the page prints none. What a board follows up: who, by when, how it stands.
    rag: str = ""  # "red" | "amber" | "green", however the page wrote it ("R", "RAG: Amber")
    owner: str = ""  # the action's owner as printed (a role or an agency)
    due: str = ""  # the due date as printed ("31/03/2013", "March 2013", "Q4 2012/13")
    due_iso: str = ""  # "2013-03-31", "2013-03" or "2013-01/2013-03"; "" when none is meant
    evidence: str = ""  # how a strength is evidenced, as printed
    reference: str = ""  # the row's own reference as printed ("KP-R01")
    agencies: list[str] = field(default_factory=list)  # a row shared by agencies: all of them
    as_above_refers_to: AsAbove | None = nested(AsAbove)  # when a cell says "As above"
    table_index: int | None = None
    row_index: int | None = None
    merged_rows: list[int] = field(default_factory=list)  # rows joined into this one
    borough: str = ""  # the document's boroughs joined by "; "
    period: str = ""  # e.g. "2012/13"


_NUMBER = re.compile(r"^\s*((?:\d{1,2}|[a-h]|[ivx]{1,4})[.)])\s+", re.IGNORECASE)
_AS_ABOVE = re.compile(r"^\s*(?:as|see|same as|as per)\s+above\W*$", re.IGNORECASE)
_NOT_AGENCY = re.compile(
    r"stock ?-?take|appendix|\btable\b|\bpage\b|questions?|\brisks?\b|strengths?", re.IGNORECASE
)
_KIND_SUFFIX = re.compile(
    r"\s*(?:[-–—:]|\bkey)\s*(?:key\s+)?(?:risks?|strengths?)(?:\s+and\s+(?:risks?|strengths?))?\s*$",
    re.IGNORECASE,
)
# "4.2 Good practice", "13 Next steps", "Section 5: Police"
_SECTION_NUMBER = re.compile(
    r"^\s*(?:(?:section|part)\s+\d{1,2}\s*[:.\-–—]?|\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2}(?=\s+[A-Z]))\s+(?=\S)",
    re.IGNORECASE,
)
_STOCKTAKE_SUFFIX = re.compile(
    r"(?<=[\w)])\s+(?:[-–—:]\s*)?(?:stock ?-?take|self-assessment)$", re.I
)
_TABLE_LABEL = re.compile(r"^table\s+[A-Z]?\d+(?:\.\d+)*[a-z]?\s*[:.\-–—]\s*", re.IGNORECASE)
_CONTINUED = re.compile(r"\(?\b(?:continued|cont'?d?\.?)\)?\s*$", re.IGNORECASE)

# Header cell patterns per role, tried in order on the normalised cell text.
_STATEMENT_RISK = re.compile(
    r"^(?:key |main |top |priority |top priority |identified |current )*risks?"
    r"(?: identified| to safeguarding| areas?)?$"
)
_STATEMENT_STRENGTH = re.compile(
    r"^(?:key |main |identified |current )*strengths?(?: identified| of safeguarding)?$"
)
_RESPONSE = re.compile(
    r"^actions?(?: s)?(?: being taken| taken| to date| in place)?$|^(?:progress )?update$|"
    r"^current (?:position|status|response)$|^progress$|what is being done|being done to|actions? (?:being |already )?taken|mitigat|"
    r"how is (?:this|it) evidenced|evidenced|captured|evidence"
)
_SUPPORT = re.compile(
    r"^(?:board |lscb |partnership )?support(?: requested| sought| needed| required)?$|what support|support can|support (?:from|needed|required)|can we promote|"
    r"promote|what can the (?:board|lscb|partnership)"
)
_RECOMMENDED = re.compile(r"recommend|^next steps?$")


# ---------------------------------------------------------------- headers


def normalise_header(text: str) -> str:
    """Lower case, numbering dropped, words broken at a hyphen rejoined, no punctuation."""
    text = re.sub(r"(\w)-\s+(\w)", r"\1-\2", text.strip())
    text = _NUMBER.sub("", _SECTION_NUMBER.sub("", text)).lower()
    text = re.sub(r"[^\w\s/-]", " ", text)
    return " ".join(text.split())


def column_role(cell: str) -> Role | None:
    """The stock-take column a header cell names, or None."""
    text = normalise_header(cell)
    if not text:
        return None
    if _STATEMENT_RISK.match(text) or _STATEMENT_STRENGTH.match(text):
        return "statement"
    if RISK_WORDS.match(text) or STRENGTH_WORDS.match(text):
        return "statement"
    if _RECOMMENDED.search(text):
        return "recommended_action"
    if _SUPPORT.search(text):
        return "support"
    if _RESPONSE.search(text):
        return "response"
    return None


_STATEMENT_BOTH = re.compile(
    r"^(?:key |main )?(?:issues?|descriptions?|(?:risks?|strengths?)(?: (?:or|and|/) "
    r"(?:risks?|strengths?))+|risk/strength|strength/risk|(?:risks?|strengths?) or "
    r"(?:risks?|strengths?)|(?:risks?|concerns?|issues?|strengths?)(?:/| or | and | / )"
    r"(?:risks?|concerns?|issues?|strengths?))$"
)
_AGENCY_HEAD = re.compile(
    r"^(?:lead |partner )?(?:agency|agencies|partners?|organi[sz]ations?|services?|"
    r"agency name|name of agency)$"
)
_TYPE_HEAD = re.compile(r"^(?:type|category|kind|area|r/s|risk/strength|risk or strength)$")
_NUMBER_HEAD = re.compile(r"^(?:no|number|ref|ref no|reference|item|id|#)?$")
_TYPE_VALUE = re.compile(r"^(?:key |main |identified )?(risks?|strengths?|r|s)$")


@dataclass(frozen=True)
class Schema:
    """What a stock-take header row says about its table's columns.

    ``kind`` is None when risks and strengths share the table and a Type column
    (``type_col``) tells them apart; ``agency_col`` is a first column naming the
    agency (printed on the first row of its block only, as a merged cell prints).
    ``roles`` also names the columns kept as data (rag, owner, due, evidence,
    reference). ``pairs``: a header naming one kind per column group ("Risks | Action |
    Strengths | Evidence"): each group's (first column, end, kind); a row is a row of
    each group whose cells it fills.
    """

    kind: RowKind | None
    roles: tuple[ColRole | None, ...]
    header: Row
    agency_col: int | None = None
    type_col: int | None = None
    pairs: tuple[tuple[int, int, RowKind], ...] = ()


def _label_role(cell: str, following_is_statement: bool) -> str | None:
    """The label a header cell names: "agency" or "type", else None."""
    text = normalise_header(cell).replace(" / ", "/")
    if _AGENCY_HEAD.match(text):
        return "agency"
    if text in ("type", "category", "kind", "r/s"):
        return "type"
    if _TYPE_HEAD.match(text) and following_is_statement:
        return "type"  # "Risk / Strength" over short labels, then the statement column
    return None


def _statement_kind(cell: str) -> tuple[bool, RowKind | None]:
    """(names a statement column, its kind or None when it holds both kinds)."""
    text = normalise_header(cell)
    if _STATEMENT_RISK.match(text):
        return True, "risk"
    if _STATEMENT_STRENGTH.match(text):
        return True, "strength"
    if RISK_WORDS.match(text):
        return True, "risk"
    if STRENGTH_WORDS.match(text):
        return True, "strength"
    if _STATEMENT_BOTH.match(text.replace(" / ", "/")):
        return True, None
    return False, None


Body = Sequence[Sequence[str]]


def _leading_labels(
    cells: list[str], filled: list[int], body: Body | None
) -> tuple[int, dict[str, int]] | None:
    """(position in ``filled`` of the statement column, label columns by name) or None.

    Up to four label columns may come before the statement: Agency, Type (or a column
    whose cells are all kind words, whatever its heading), a number or reference."""
    labels: dict[str, int] = {}
    for n, i in enumerate(filled[:5]):
        nxt = cells[filled[n + 1]] if n + 1 < len(filled) else ""
        is_stmt, _ = _statement_kind(cells[i])
        label = _label_role(cells[i], _statement_kind(nxt)[0])
        if label is None and body is not None and column_of(body, i, kind_word):
            label = "type"  # "Area" over "Key risk" / "Key strength"
        if label is None and _NUMBER_HEAD.match(normalise_header(cells[i])):
            label = "reference"
        if (
            label is None
            and body is not None
            and cells[i].isdigit()
            and column_of(body, i, _number_cell, 0.8)
        ):
            label = "row_number"  # a spreadsheet's row numbers printed beside the header
        if label and body is not None and column_of(body, i, _prose, 0.7):
            label, is_stmt = None, True  # "Item" over sentences: the statement column
        if not (label or is_stmt) and _prose_statement(cells, i, labels, body):
            is_stmt = True  # "Detail" over sentences beside stock-take columns
        if label and label not in labels:
            labels[label] = i
        elif is_stmt:
            return n, labels
        else:
            return None
    return None


def _prose_statement(cells: list[str], i: int, labels: dict[str, int], body: Body | None) -> bool:
    """Does column ``i``, whose heading names nothing ("Detail", "Point"), hold the
    statements? It does when its cells are running prose and it comes after an Agency
    column: a heading of a few words, not a body row's sentence."""
    if body is None or "agency" not in labels or len(cells[i].split()) > 3:
        return False
    return not column_role(cells[i]) and column_of(body, i, _prose, 0.7)


def _number_cell(cell: str) -> bool:
    return cell.replace(" ", "").isdigit()


def _prose(cell: str) -> bool:
    """A cell of running prose (six words or more), as statements are written."""
    return len(cell.split()) >= 6


def parse_header(row: Sequence[str], body: Body | None = None) -> Schema | None:
    """The schema of a stock-take header row, or None when ``row`` is not one.

    Leading label columns (Agency, Type, No., Ref) are set aside; the first other cell
    must name the statement column ("Risk", "Key strengths", "Issue", "Risk or
    strength") and later cells mostly other stock-take columns or data columns (RAG,
    Owner, Due ...); columns nothing names are kept, never a reason to refuse the
    table. ``body``: the table's rows, whose contents name a Type or RAG column.
    """
    cells = [c.strip() for c in row]
    filled = [i for i, c in enumerate(cells) if c]
    if len(filled) < max(2, len(cells) - 1):
        return None  # a header names (nearly) every column
    found = _leading_labels(cells, filled, body)
    if found is None:
        return None
    start, labels = found
    first = filled[start]
    rest = [cells[i] for i in filled[start + 1 :]]
    if any(len(c.split()) > 25 for c in rest):
        return None
    _, kind = _statement_kind(cells[first])
    pairs = _pairs(cells, first, kind)
    named = [c for c in rest if _named_role(c) not in (None, "statement")]
    said = [c for c in rest if column_role(c) not in (None, "statement")]
    if not pairs and (not said or len(named) * 3 < len(rest)):
        # a body row whose cells happen to say "support" or "evidence"; a risk register
        # (Risk | Owner | Date) that says nothing of what is done about the risk
        return None
    roles = _roles(cells, first, pairs, labels, body)
    type_col = labels.get("type")
    if type_col is None and body is not None:
        type_col = next((i for i, r in enumerate(roles) if r == "kind_by_content"), None)
    roles = [None if r == "kind_by_content" else r for r in roles]
    return Schema(
        None if pairs else kind,
        tuple(roles),
        tuple(row),
        labels.get("agency"),
        type_col,
        pairs,
    )


def _named_role(cell: str) -> ColRole | None:
    return column_role(cell) or _field(cell)  # type: ignore[return-value]


def _field(cell: str) -> str | None:
    return field_role(normalise_header(cell))


def _pairs(
    cells: list[str], first: int, kind: RowKind | None
) -> tuple[tuple[int, int, RowKind], ...]:
    """Column groups of a header naming one kind per group ("Risks | ... | Strengths")."""
    starts: list[tuple[int, RowKind]] = []
    for i in range(first, len(cells)):
        is_stmt, k = _statement_kind(cells[i])
        if is_stmt and k is not None:
            starts.append((i, k))
    if kind is None or len({k for _, k in starts}) < 2:
        return ()
    ends = [s for s, _ in starts[1:]] + [len(cells)]
    return tuple((s, e, k) for (s, k), e in zip(starts, ends, strict=True))


def _roles(
    cells: list[str],
    first: int,
    pairs: tuple[tuple[int, int, RowKind], ...],
    labels: dict[str, int],
    body: Body | None,
) -> list[ColRole | None]:
    """Each column's role: the four columns and the data columns, by heading (each
    column group of a paired header on its own), then by content (all RAG ratings: the
    rating; all kind words: the Type column, "kind_by_content")."""
    roles: list[ColRole | None] = [None] * len(cells)
    for s, e, _ in pairs or ((first, len(cells), "risk"),):
        for i, role in enumerate(header_roles(cells[s:e]), start=s):
            roles[i] = role
        roles[s] = "statement"
    if "reference" in labels:
        roles[labels["reference"]] = "reference"
    if body is None:
        return roles
    for i in range(first + 1, len(cells)):
        if roles[i] == "statement" or column_role(cells[i]):
            continue  # the heading's words name the column
        if column_of(body, i, rag_value):
            roles[i] = "rag"
        elif column_of(body, i, kind_word) and "type" not in labels:
            roles[i] = "kind_by_content"
    return roles


def header_kind(row: Sequence[str]) -> RowKind | None:
    """Risk or strength when ``row`` is a stock-take header row, else None.

    The first cell must name the statement column ("Risk", "Key risks",
    "Strengths", ...) and at least one other cell must name another stock-take
    column; the kind comes from the first cell, or from the other cells'
    wording when the first is ambiguous. A header of a table holding both kinds
    (told apart by a Type column) counts as "risk" here; ``parse_header`` says more.
    """
    schema = parse_header(row)
    if schema is None:
        return None
    return schema.kind or "risk"


def type_value(cell: str) -> RowKind | None:
    """The kind a Type column cell names ("Risk", "Key strength", "S", "Good practice")."""
    text = normalise_header(cell)
    m = _TYPE_VALUE.match(text)
    if not m:
        return kind_word(cell)  # type: ignore[return-value]
    return "risk" if m.group(1).startswith("r") else "strength"


def header_roles(row: Sequence[str]) -> tuple[ColRole | None, ...]:
    """The role of each column of a header row; unnamed columns get the next role in order.

    Data columns (RAG, Owner, Due, Evidence) are named by their heading and take no
    spare role; an "Evidence" column is the response column where no other is."""
    fields = [_field(c) for c in row]
    roles: list[ColRole | None] = [
        f if f and f != "reference" else column_role(c)  # type: ignore[misc]
        for c, f in zip(row, fields, strict=True)
    ]
    if "evidence" in roles and "response" not in roles:
        roles[roles.index("evidence")] = "response"
    used = {r for r in roles if r}
    spare = [r for r in ROLES if r not in used]
    for i, cell in enumerate(row):
        if roles[i] is None and cell.strip() and spare:
            roles[i] = spare.pop(0)
    return tuple(roles)


def is_header_continuation(header: Sequence[str], row: Sequence[str]) -> bool:
    """Is ``row`` the broken-off rest of ``header`` ("tri-" + "borough LSCB annual plan")?"""
    filled = [(i, c) for i, c in enumerate(row) if c.strip()]
    if not filled or len(filled) > 2:
        return False
    for i, cell in filled:
        head = header[i] if i < len(header) else ""
        if not head.strip() or len(cell.split()) > 8:
            return False
        broken = head.rstrip().endswith(("-", "/", "for", "and", "the", "to", "of"))
        if not (broken or cell[:1].islower()):
            return False
    return True


def join_header(header: Sequence[str], rest: Sequence[str]) -> Row:
    """A header row with its broken-off rest joined in ("tri-" + "borough" -> "tri-borough")."""
    out = []
    for i, head in enumerate(header):
        tail = rest[i].strip() if i < len(rest) else ""
        if not tail:
            out.append(head)
        elif head.endswith("-"):
            out.append(head + tail)
        else:
            out.append(f"{head} {tail}".strip())
    return tuple(out)


# ---------------------------------------------------------------- cells


def split_number(text: str) -> tuple[str, str]:
    """("1.", "Reduction in funding ...") from "1. Reduction in funding ..."."""
    m = _NUMBER.match(text)
    if not m:
        return "", text.strip()
    return m.group(1), text[m.end() :].strip()


def is_as_above(cell: str) -> bool:
    return bool(_AS_ABOVE.match(cell))


def agency_name(caption: str) -> str:
    """The agency a caption names, lightly normalised, or "" when it names none."""
    text = _TABLE_LABEL.sub("", caption.strip())
    text = _NUMBER.sub("", _SECTION_NUMBER.sub("", text))
    text = _CONTINUED.sub("", text).strip(" :-–—\t")
    text = _KIND_SUFFIX.sub("", text).strip(" :-–—\t")
    text = _STOCKTAKE_SUFFIX.sub("", text).strip(" :-–—\t")  # "Kestwick Police stock take"
    text = re.sub(r"^(?:agency|organisation|partner)\s*[:\-–]\s*", "", text, flags=re.IGNORECASE)
    if not text or len(text) > 90 or len(text.split()) > 12:
        return ""
    if text.endswith((".", "?", "!", ";", ",")) or _NOT_AGENCY.search(text):
        return ""
    if column_role(text) or not text[:1].isupper() and not text[:1].isdigit():
        return ""  # a column's name, or no name at all ("Good practice" is a kind)
    if re.search(r"\d{3,}|£|%", text):
        return ""
    if all(w.strip("'’s").lower() in _GENERIC_TITLE_WORDS for w in text.split()):
        return ""  # "Agency return", "Partner" (of "Partner stock take"): a form's title
    return " ".join(text.split())


# Words a register's title line uses for any agency's part, naming none of them
_GENERIC_TITLE_WORDS = frozenset(
    "agency agencies partner partners organisation organisations return returns response "
    "responses submission submissions update updates summary template form report "
    "self-assessment assessment individual single".split()
)


def is_continuation(prev: Row, row: Row, statement_col: int, page_break: bool = False) -> bool:
    """Is ``row`` the wrapped or page-broken rest of ``prev`` rather than a new row?

    It is when its statement cell is empty or starts in lower case; or, across a
    page break, when ``prev`` was numbered and this is not, or when the statement
    above stops mid-phrase (on a word like "in" or "of", or inside a quotation).
    """
    statement = row[statement_col] if statement_col < len(row) else ""
    if not statement.strip() or statement.lstrip()[:1].islower():
        return True
    if _NUMBER.match(statement):
        return False
    before = prev[statement_col] if statement_col < len(prev) else ""
    if before.rstrip()[-1:] in ("-", ","):
        return True
    if not page_break or not before.strip():
        return False
    return bool(_NUMBER.match(before)) or _stops_mid_phrase(before)


def _stops_mid_phrase(text: str) -> bool:
    words = text.rstrip().split()
    last = words[-1].lower().strip("\"'“”‘’") if words else ""
    if text.count('"') % 2 or text.count("“") > text.count("”"):
        return True
    return last in _FUNCTION_WORDS


_FUNCTION_WORDS = frozenset(
    "a an and as at being by for from in into of on or than that the their to "
    "which who with within across among amongst between both including its nor our "
    "through towards via whose without".split()
)


# ---------------------------------------------------------------- tables


@dataclass
class _Row:
    """A logical stock-take row being built (page-broken parts merged)."""

    table_index: int
    row_index: int
    page: int
    kind: RowKind
    roles: tuple[ColRole | None, ...]
    cells: list[str]
    agency: str
    merged: list[int] = field(default_factory=list)
    last_page: int = 0
    shared: tuple[str, ...] = ()  # a row shared by agencies: all of them

    def value(self, role: ColRole) -> str:
        for i, r in enumerate(self.roles):
            if r == role and i < len(self.cells):
                return self.cells[i]
        return ""

    def absorb(self, row: Row) -> None:
        width = max(len(self.cells), len(row))
        self.cells += [""] * (width - len(self.cells))
        for i, cell in enumerate(row):
            self.cells[i] = join_wrapped(self.cells[i], cell)


@dataclass
class _State:
    """What carries from one table to the next: the agency, the columns, an open segment."""

    agency: str = ""
    kind: RowKind | None = None  # the kind rows get now (header, Type column or heading)
    roles: tuple[ColRole | None, ...] = ()
    header: Row = ()
    schema: Schema | None = None
    last_table: Table | None = None
    page_agencies: dict[tuple[int, int | None], str] = field(default_factory=dict)
    before: dict[int, str] = field(default_factory=dict)  # table index -> agency named above it
    running: dict[int, str] = field(default_factory=dict)  # page -> agency in its running header
    panes: dict[tuple[ColRole | None, ...], int] = field(default_factory=dict)  # next row per pane
    running_kind: dict[int, RowKind] = field(default_factory=dict)  # page -> kind its header names
    blocks: dict[int, str] = field(default_factory=dict)  # body row -> agency of its merged cell


def _statement_col(roles: Sequence[ColRole | None]) -> int:
    return roles.index("statement") if "statement" in roles else 0


def _carries_on(state: _State, table: Table) -> bool:
    """A headerless table right after a stock-take table with the same columns continues it."""
    prev = state.last_table
    if prev is None or state.schema is None:
        return False
    return table.page_start in (prev.page_end, prev.page_end + 1) and table.n_cols == prev.n_cols


def spanning_agency(row: Row, schema: Schema | None) -> str:
    """The agency a title row spanning the table names ("Police" alone in its row), or ""."""
    filled = [c for c in row if c.strip()]
    if len(filled) != 1 or len(filled[0].split()) > 10:
        return ""
    text = filled[0].strip()
    if schema is not None and schema.agency_col is not None:
        col = next(i for i, c in enumerate(row) if c.strip())
        if col == schema.agency_col:
            return ""  # an agency cell alone: a row whose other cells are blank, not a title
    name = agency_name(text)
    return name if _name_like(name) else ""


def _name_like(text: str) -> bool:
    """Written like a name: every word of four letters or more, bar little words, capitalised.

    "Hollins Vale Community Health", "CNWL", "Children's Services" are; a statement
    left alone in its row ("Willingness to engage") is not.
    """
    words = [w.strip("()[],;:'\"‘’“”") for w in text.split()]
    long = [w for w in words if len(w) >= 4 and w.lower() not in _FUNCTION_WORDS]
    return bool(words) and all(w[:1].isupper() or w[:1].isdigit() for w in long)


def _kind_line(text: str) -> RowKind | None:
    """The kind a line alone names ("Key risks", "Strengths": a heading or spanning row)."""
    t = normalise_header(text)
    if _STATEMENT_RISK.match(t) or RISK_WORDS.match(t):
        return "risk"
    if _STATEMENT_STRENGTH.match(t) or STRENGTH_WORDS.match(t):
        return "strength"
    return None


def table_rows(table: Table, state: _State, out: list[_Row]) -> None:
    """Append the stock-take rows of ``table`` to ``out``; ``state`` carries agency and kind.

    Rows are read in order. A header row sets the columns (and the kind, unless a Type
    column tells it row by row); a row naming only an agency, spanning the table, sets
    the agency for the rows under it; so does an Agency column (a merged cell's name
    over its block: _block_agencies); a blank Type cell means "same as above". Whether
    a row carries on the one above is decided from its cells, never a blank label."""
    all_rows: list[tuple[int | None, Row]] = [(None, r) for r in table.header_rows]
    all_rows += enumerate(table.rows)
    body = table.rows
    found_header = any(parse_header(r, body) for _, r in all_rows)
    if not found_header and not _carries_on(state, table):
        if not _fill_pane(table, state, out):
            state.schema = None
            state.kind = None
        return
    caption_agency = agency_name(table.caption) or _section_agency(table, state)
    caption_kind = _kind_line(table.caption) if table.caption else None
    fresh = not _carries_on(state, table)
    first_segment = not _starts_carried_on(table, all_rows, state, caption_agency)
    pending_header = False
    for index, row in all_rows:
        schema = parse_header(row, body) if not _typed_row(state.schema, row) else None
        if schema:
            page = table.row_pages[index] if index is not None else table.page_start
            state.agency = (
                (first_segment and state.before.get(table.index))  # named above, reading order
                or state.page_agencies.get((table.index, index))  # the heading above this header
                or (first_segment and caption_agency)
                or state.running.get(page)  # the page's running header
                or state.agency  # none: the agency carries on
            )
            first_segment = False
            state.schema, state.header, state.roles = schema, tuple(row), schema.roles
            state.blocks = _block_agencies(table, index, schema, state, fresh)
            state.kind = schema.kind or caption_kind or (state.kind if state.kind else None)
            pending_header = True
            continue
        if state.schema is None or not any(c.strip() for c in row):
            continue
        if pending_header and is_header_continuation(state.header, row):
            state.header = join_header(state.header, row)
            state.roles = header_roles(state.header)
            state.schema = parse_header(state.header, body) or state.schema
            state.roles = state.schema.roles
            continue
        after_header, pending_header = pending_header, False
        if index is None or is_summary_row(row):
            continue  # a stray header row; a total or count line ("Housing total")
        name = spanning_agency(row, state.schema)
        if name:
            _new_agency(table, state, name, after_header)
            continue
        kind = _kind_line(next((c for c in row if c.strip()), ""))
        if kind and sum(1 for c in row if c.strip()) == 1:
            state.kind = kind  # a "Strengths" title row between blocks
            continue
        _add_row(table, index, row, state, out)
    state.last_table = table


def pane_header(row: Sequence[str]) -> tuple[dict[str, int], tuple[ColRole | None, ...]] | None:
    """(label columns, roles) of a printed pane of a register too wide for the page: the
    frozen label columns (Ref, Agency, Type) again, then only columns a stock-take or
    action log names (Recommended action, RAG, Owner, Due, Evidence), no statement."""
    cells = [c.strip() for c in row]
    labels: dict[str, int] = {}
    roles: list[ColRole | None] = [None] * len(cells)
    for i, cell in enumerate(cells):
        label = _label_role(cell, False)
        if label is None and _NUMBER_HEAD.match(normalise_header(cell)) and cell:
            label = "reference"
        if label and not (set(roles) - {None}) and label not in labels:
            labels[label] = i
            continue
        role: ColRole | None = _field(cell) or column_role(cell)  # type: ignore[assignment]
        if role is None or role == "statement" or role == "reference":
            return None
        roles[i] = role
    if not labels or not any(roles):
        return None
    if "reference" in labels:
        roles[labels["reference"]] = "reference"
    return labels, tuple(roles)


def _fill_pane(table: Table, state: _State, out: list[_Row]) -> bool:
    """Rows of a later printed pane give the register rows read from the first pane their
    other columns, row by row in order, each matched by its frozen Ref or Agency cell."""
    head = next((r for r in table.header_rows if any(c.strip() for c in r)), None)
    found = pane_header(head) if head is not None else None
    if found is None:
        return False
    labels, roles = found
    cursor = state.panes.get(roles, 0)
    for row in table.rows:
        if pane_header(row) is not None or is_summary_row(row) or not any(c.strip() for c in row):
            continue
        n = _pane_match(out, cursor, row, labels)
        if n is None:
            continue
        target = out[n]
        target.roles = target.roles + roles
        target.cells = target.cells + list(row)
        cursor = n + 1
    state.panes[roles] = cursor
    return True


def _pane_match(out: list[_Row], cursor: int, row: Row, labels: dict[str, int]) -> int | None:
    """The first register row from ``cursor`` on whose frozen cells the pane's row repeats."""
    ref = _cell(row, labels.get("reference"))
    agency = _cell(row, labels.get("agency"))
    name = agency_name(agency) or " ".join(agency.split())
    for n in range(cursor, min(len(out), cursor + 200)):
        if ref and norm_ref(out[n].value("reference")) == norm_ref(ref):
            return n
        if not ref and name and out[n].agency == name:
            return n
    return None


def norm_ref(text: str) -> str:
    return re.sub(r"\W+", "", text.lower())


def _starts_carried_on(
    table: Table, all_rows: list[tuple[int | None, Row]], state: _State, caption_agency: str
) -> bool:
    """Do the table's first rows carry on the last table's columns (its own header, if
    any, comes later)? Then a name between the two tables counts for them."""
    leading = next((parse_header(r) is not None for _, r in all_rows if any(r)), False)
    if leading or not _carries_on(state, table):
        return False
    state.agency = state.before.get(table.index) or caption_agency or state.agency
    return True


def _new_agency(table: Table, state: _State, name: str, after_header: bool) -> None:
    """A spanning row names ``name``: the agency of the rows under it.

    Straight after body rows, another agency's part starts under the table's own
    header (a header repeated at a page top is dropped by stitching, though after
    "Strengths" rows it switched the kind back); a header right above says the kind.
    """
    assert state.schema is not None
    if name != state.agency and state.schema.type_col is None and not after_header:
        head = parse_header(table.header_rows[0]) if table.header_rows else None
        state.kind = head.kind if head is not None and head.kind else state.kind
    state.agency = name


def _block_agencies(
    table: Table, header: int | None, schema: Schema, state: _State, fresh: bool
) -> dict[int, str]:
    """Body row -> agency, for an Agency column whose cell is merged over its block of rows.

    A merged cell's name may be centred vertically, so it lands in a middle row of its
    block and the block's first rows show a blank Agency cell. A block starts where the
    kind goes back from strengths to risks (or where a fresh table's rows start); the
    block a name heads begins at the last such start at or above the name and below the
    name before. With no kind to go by, a block of centred names starts half way between
    two names; of names printed on their block's first row (as most tables print them),
    at the name itself.
    """
    if schema.agency_col is None:
        return {}
    first = 0 if header is None else header + 1
    body = _rows_to_next_header(table, first, schema)
    names = [(i, _cell(r, schema.agency_col)) for i, r in body if _cell(r, schema.agency_col)]
    if not names:
        return {}
    starts = _kind_starts(body, schema.type_col, state, fresh)
    centred = bool(body) and fresh and body[0][0] < names[0][0]
    found: list[int | None] = []
    for k, (row, _) in enumerate(names):
        low = names[k - 1][0] if k else -1
        at = [s for s in starts if low < s <= row]
        found.append(at[-1] if at else None)
        centred = centred or (bool(at) and at[-1] < row)
    out: dict[int, str] = {}
    for k, (row, name) in enumerate(names):
        start = found[k]
        if start is None:
            low = names[k - 1][0] if k else row
            start = low + (row - low + 1) // 2 if centred and k else row
        end = (found[k + 1] or names[k + 1][0]) if k + 1 < len(names) else len(table.rows)
        for i, _ in body:
            if start <= i < end:
                out[i] = agency_name(name) or " ".join(name.split())
    return out


def _rows_to_next_header(table: Table, first: int, schema: Schema) -> list[tuple[int, Row]]:
    """The non-blank body rows from ``first`` up to the next header row (a header repeated
    after a page break, kept by stitching): its "Organisation" cell names no block."""
    out: list[tuple[int, Row]] = []
    for i in range(first, len(table.rows)):
        row = table.rows[i]
        if not any(c.strip() for c in row):
            continue
        if not _typed_row(schema, row) and parse_header(row, table.rows) is not None:
            break
        out.append((i, row))
    return out


def _kind_starts(
    body: Sequence[tuple[int, Row]], type_col: int | None, state: _State, fresh: bool
) -> list[int]:
    """Rows where an agency's block starts by its kinds: a risk after strengths (a blank
    Type cell carries the kind above); a fresh table's first row."""
    starts = [body[0][0]] if fresh and body else []
    if type_col is None:
        return starts
    last: RowKind | None = None if fresh else state.kind
    for i, row in body:
        kind = type_value(_cell(row, type_col))
        if kind == "risk" and last == "strength":
            starts.append(i)
        last = kind or last
    return starts


def _typed_row(schema: Schema | None, row: Row) -> bool:
    """A body row of a table with a Type column ("Key risk" there is a value, not a header)."""
    return schema is not None and type_value(_cell(row, schema.type_col)) is not None


_NUMBERED_HEADING = re.compile(r"^\s*(?:section\s+|part\s+)?\d{1,2}[.:)]?\s+\S", re.IGNORECASE)


def _section_agency(table: Table, state: _State) -> str:
    """The agency from the section headings over the table, when the caption names none:
    the innermost naming one ("4.2 Good practice" under "4. Kestwick Police" names
    none). When an agency carries on, only a numbered section's ("4. Kestwick Police")."""
    for heading in reversed(table.section_path):
        name = agency_name(heading)
        if name and _name_like(name):
            return name if not state.agency or _NUMBERED_HEADING.match(heading) else ""
    return ""


def _cell(row: Row, col: int | None) -> str:
    return row[col].strip() if col is not None and col < len(row) else ""


def _add_row(table: Table, index: int, row: Row, state: _State, out: list[_Row]) -> None:
    schema = state.schema
    assert schema is not None
    agency_cell = _cell(row, schema.agency_col)
    type_cell = _cell(row, schema.type_col)
    labelled = bool(agency_cell) or type_value(type_cell) is not None
    page = table.row_pages[index] if index < len(table.row_pages) else table.page_start
    state.agency = state.blocks.get(index, state.agency)
    running = state.running.get(page, "")
    # the page of this table's row before: a page between may hold only a header (the
    # new agency's, alone at the page foot) and no row
    before = out[-1].last_page if out and out[-1].table_index == table.index else page - 1
    if running and running != state.agency and running != state.running.get(before, running):
        # a new page whose running header names another agency, inside a table stitched
        # across the break: that agency's part starts here, under the table's own header
        # (which stitching dropped as a repeat)
        state.agency = running
        head = parse_header(table.header_rows[0]) if table.header_rows else None
        if head is not None and head.kind:
            state.kind = head.kind
    if state.schema is not None and state.schema.pairs:
        _add_pairs(table, index, page, row, state, out)
        return
    col = _statement_col(state.roles)
    prev = out[-1] if out else None
    if prev is not None and not labelled:
        same = prev.agency == state.agency and prev.kind == (state.kind or "risk")
        if same and is_continuation(tuple(prev.cells), row, col, page_break=page > prev.last_page):
            prev.absorb(row)
            prev.merged.append(index)
            prev.last_page = page
            return
    if agency_cell:
        state.agency = agency_name(agency_cell) or " ".join(agency_cell.split())
    if type_value(type_cell):
        state.kind = type_value(type_cell)
    kind: RowKind = state.kind or state.running_kind.get(page) or "risk"
    out.append(_Row(table.index, index, page, kind, state.roles, list(row), state.agency, [], page))


def _add_pairs(
    table: Table, index: int, page: int, row: Row, state: _State, out: list[_Row]
) -> None:
    """A row of a table with one column group per kind ("Risks | ... | Strengths | ..."):
    a row of each group it fills; a group it leaves blank is padding (one list is
    longer), and a group going on without a statement carries on that group's row."""
    assert state.schema is not None
    for start, end, kind in state.schema.pairs:
        part = tuple(c if start <= i < end else "" for i, c in enumerate(row))
        if not any(c.strip() for c in part):
            continue
        roles = tuple(r if start <= i < end else None for i, r in enumerate(state.roles))
        prev = next((r for r in reversed(out) if r.kind == kind), None)
        broken = prev is not None and page > prev.last_page
        if (
            prev is not None
            and prev.agency == state.agency
            and is_continuation(tuple(prev.cells), part, start, page_break=broken)
        ):
            prev.absorb(part)
            prev.merged.append(index)
            prev.last_page = page
            continue
        out.append(_Row(table.index, index, page, kind, roles, list(part), state.agency, [], page))


# ---------------------------------------------------------------- agencies from page lines

_HEADER_LINE = re.compile(
    r"^(?:\d{1,2}[.)]\s*)?(?:key |main |top priority |identified )?(?:risks?|strengths?)\b"
    r"(?=.*\b(?:what|how|actions?|evidenced?|support|recommended|promote|mitigat))",
    re.IGNORECASE,
)


def header_positions(tables: Sequence[Table]) -> list[tuple[int, int, int | None]]:
    """(page, table index, row index or None) of every stock-take header row, in order."""
    out: list[tuple[int, int, int | None]] = []
    for table in sorted(tables, key=lambda t: t.index):
        for row in table.header_rows[:1]:
            if header_kind(row):
                out.append((table.page_start, table.index, None))
        for i, row in enumerate(table.rows):
            if header_kind(row):
                page = table.row_pages[i] if i < len(table.row_pages) else table.page_start
                out.append((page, table.index, i))
    return out


def header_words(tables: Sequence[Table]) -> frozenset[str]:
    """Every word of the tables' stock-take header rows (and a header's broken-off rest)."""
    words: set[str] = set()
    for table in tables:
        rows = list(table.header_rows) + list(table.rows)
        for i, row in enumerate(rows):
            if i >= len(table.header_rows) and not header_kind(row):
                continue
            parts = [row]
            if i + 1 < len(rows) and is_header_continuation(row, rows[i + 1]):
                parts.append(rows[i + 1])
            words.update(w for part in parts for c in part for w in _words(c))
    return frozenset(words)


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[^\w']+", text.lower()) if w]


def _header_line(text: str, vocabulary: frozenset[str] | None) -> bool:
    """Is this table line a stock-take header's line? It reads like one ("Risks ... What
    support"), and, where the tables' header words are known, is made of them: a body
    row of a table with a Type column can read like one too ("Strength 1. Relationships
    with ... Support existing structures"), but its words are its own."""
    if not _HEADER_LINE.match(text):
        return False
    if not vocabulary:
        return True
    words = _words(text)
    return sum(w in vocabulary for w in words) >= 0.8 * len(words)


def agencies_above_headers(
    pages: Sequence[Page],
    captions: frozenset[str] = frozenset(),
    vocabulary: frozenset[str] | None = None,
) -> dict[int, list[tuple[str, bool]]]:
    """Per page, for each stock-take header line: (agency line above it or "", at page top).

    Lines are read in document order across pages: an agency heading at the foot
    of one page names the table at the top of the next. Only lines outside
    tables and furniture count, and of those only headings, bold lines and table
    captions (never running prose); a heading that names no agency clears it, and
    each header uses it up, so a Strengths table straight after a Risk table
    gets "".
    """
    out: dict[int, list[tuple[str, bool]]] = {}
    candidate = ""
    for page in pages:
        found: list[tuple[str, bool]] = []
        top = True
        for line in page.lines:
            if line.kind in ("header", "footer") or not line.text.strip():
                continue
            if line.kind == "table" and _header_line(line.text.strip(), vocabulary):
                found.append((candidate, top))
                candidate = ""
            elif line.kind != "table":
                named = line.kind == "heading" or line.bold or line.text.strip() in captions
                name = agency_name(line.text) if named else ""
                if name or (line.kind == "heading" and not column_role(line.text)):
                    candidate = name  # a heading that is a stray header cell keeps it
            top = False
        out[page.number] = found
    return out


def agencies_before_tables(pages: Sequence[Page], tables: Sequence[Table]) -> dict[int, str]:
    """Per table (index), the agency the nearest naming line above it names, in reading order.

    Walks back from the table's top through the page and the pages before it:
    furniture, running prose and "Key risks"-style lines are passed over; a
    heading, bold line or caption naming an agency answers; another table's line
    or a heading naming no agency ends the walk with no answer (the agency carries
    on). So a heading at the foot of one page names the table at the top of the
    next, and a table with nothing between it and the last one continues it.
    """
    stream = [(p.number, ln) for p in pages for ln in p.lines]
    out: dict[int, str] = {}
    for table in tables:
        if table.bbox is None:
            continue
        top = table.bbox.top
        nearest = True
        for number, line in reversed(stream):
            if number > table.page_start:
                continue
            if number == table.page_start and (line.bbox is None or line.bbox.bottom > top + 1):
                continue
            if line.kind in ("header", "footer") or not line.text.strip():
                continue
            if line.kind == "table":
                break
            if _kind_line(line.text):
                continue
            named = line.kind == "heading" or line.bold or line.text.strip() == table.caption
            # the line just above the table, short and written as a name: a plain caption
            named = named or (nearest and len(line.text.split()) <= 12)
            nearest = False
            name = agency_name(line.text) if named else ""
            name = name if _name_like(name) else ""
            if name:
                out[table.index] = name
                break
            if line.kind == "heading":
                break
    return out


def _table_runs(pages: Sequence[Page]) -> list[tuple[list[Line], str]]:
    """The document's runs of table lines, in order: for each, the lines between the run
    before and it, and the first line after it (furniture aside)."""
    runs: list[tuple[list[Line], str]] = []
    between: list[Line] = []
    inside = False
    for line in (ln for p in pages for ln in p.lines if ln.kind not in ("header", "footer")):
        if not line.text.strip():
            continue
        if line.kind == "table":
            if not inside:
                runs.append((between, ""))
                between = []
            inside = True
            continue
        if inside and not runs[-1][1]:
            runs[-1] = (runs[-1][0], line.text.strip())
        between.append(line)
        inside = False
    return runs


def agencies_below_tables(pages: Sequence[Page], tables: Sequence[Table]) -> dict[int, str]:
    """Per table (index), the agency its caption names when every stock-take table's
    caption is set below it (Word's "caption below"): the line straight after each
    table names an agency and the first table has no name above it. {} otherwise.

    The tables are the document's runs of table lines, in order (furniture aside); the
    rule is used only where the runs and the tables agree in number."""
    runs = _table_runs(pages)
    ordered = sorted(tables, key=lambda t: t.index)
    if len(runs) != len(ordered) or not runs:
        return {}
    stock = [(t, run) for t, run in zip(ordered, runs, strict=True) if _has_header(t)]
    names = {t.index: _caption_name(after) for t, (_, after) in stock}
    above = stock[0][1][0] if stock else []
    if not stock or not all(names.values()) or (above and _caption_name(above[-1].text)):
        return {}
    return names


def agencies_above_runs(pages: Sequence[Page], tables: Sequence[Table]) -> dict[int, str]:
    """Per table (index), the agency the nearest heading above it names, for documents
    whose lines have no place on the page (Word): "4.1 Risks" under "4. Kestwick Police"
    is passed over; another table or a heading naming no agency ends the search."""
    runs = _table_runs(pages)
    ordered = sorted(tables, key=lambda t: t.index)
    if len(runs) != len(ordered) or any(t.bbox is not None for t in ordered):
        return {}
    out: dict[int, str] = {}
    for table, (between, _) in zip(ordered, runs, strict=True):
        for line in reversed(between):
            if _kind_line(line.text):
                continue
            name = _caption_name(line.text) if line.kind == "heading" or line.bold else ""
            if name:
                out[table.index] = name
            if name or line.kind == "heading":
                break
    return out


def _has_header(table: Table) -> bool:
    return any(parse_header(r, table.rows) for r in (*table.header_rows, *table.rows[:3]))


def _caption_name(text: str) -> str:
    name = agency_name(text) if text and len(text.split()) <= 12 else ""
    return name if _name_like(name) else ""


_GLUED = re.compile(r"(?<=[a-z]{3})(?=[A-Z][a-z])")


def running_agencies(pages: Sequence[Page]) -> dict[int, str]:
    """Per page, the agency its running header names, when that is the header's only change.

    A stock-take that gives each agency its own pages may name the agency only in
    the running header ("Stock take 2012/13 ... Police"). The words every page's top
    line shares at its start and end are the fixed part; what remains, when it
    differs between pages and reads as an agency name, is that page's agency.
    """
    tops: dict[int, list[str]] = {}
    below_banner = 0
    for page in pages:
        band = page.height * 0.1 if page.height else 0.0
        lines = [
            ln
            for ln in page.lines
            if ln.text.strip()
            and ln.bbox is not None
            and band
            and ln.bbox.bottom < band
            and ln.kind != "table"
        ]
        row, under = _changing_row(lines, page.number, pages) if lines else ("", False)
        if row:
            # a header placed against a banner on the same line may lose the space
            # between them ("paperAgency: Police"): a lower-case word run into a capital
            tops[page.number] = _GLUED.sub(" ", row).split()
            below_banner += under
    if len(tops) < 3 or 0 < below_banner < 0.7 * len(pages):
        return {}  # under a banner, a line on only some pages' heads: a section heading
    texts = list(tops.values())
    prefix = _fixed_start(texts, 0)
    suffix = _fixed_start([t[::-1] for t in texts], len(prefix))[::-1]
    out: dict[int, str] = {}
    for number, words in tops.items():
        rest = " ".join(_between(words, prefix, suffix))
        name = agency_name(rest) if rest and _name_like(rest) else ""
        if name:
            out[number] = name
    return out if len(set(out.values())) >= 2 else {}


def _common_ends(texts: Sequence[Sequence[str]]) -> tuple[int, int]:
    """How many words every page's running header shares at its start and at its end:
    what is left between them is what changes from page to page (an agency, a kind)."""
    prefix = 0
    while all(len(t) > prefix and t[prefix] == texts[0][prefix] for t in texts):
        prefix += 1
    suffix = 0
    while all(len(t) > prefix + suffix and t[-1 - suffix] == texts[0][-1 - suffix] for t in texts):
        suffix += 1
    return prefix, suffix


def _fixed_start(texts: Sequence[list[str]], keep: int) -> list[str]:
    """The words the running headers start with, leaving ``keep`` words: the next word of
    most headers, while it is in every page's header but at most one in ten. A header
    read out of order where it overlaps a banner ("board Agency: paper Police") still
    holds the fixed words, so it does not cut the fixed part short."""
    spare = len(texts) // 10
    fixed: list[str] = []
    while True:
        n = len(fixed)
        nexts = [t[n] for t in texts if len(t) > n + keep and t[:n] == fixed]
        if not nexts:
            return fixed
        word = max(set(nexts), key=nexts.count)
        if sum(1 for t in texts if word in t) < len(texts) - spare:
            return fixed
        fixed.append(word)


def _between(words: list[str], prefix: list[str], suffix: list[str]) -> list[str]:
    """A page's running header less its fixed words: those between the fixed start and end,
    or, where the page's words are out of order, all but the fixed ones (each once)."""
    end = len(words) - len(suffix)
    if words[: len(prefix)] == prefix and words[end:] == suffix and end >= len(prefix):
        return words[len(prefix) : end]
    rest = list(words)
    for w in prefix + suffix:
        if w in rest:
            rest.remove(w)
    return rest


def running_kinds(pages: Sequence[Page]) -> dict[int, RowKind]:
    """Per page, the kind its running header names when it changes from page to page
    ("Risks", "Strengths - Stock take 2012/13"): a register printed a sheet per kind."""
    tops: dict[int, list[str]] = {}
    for page in pages:
        band = page.height * 0.1 if page.height else 0.0
        head = [
            ln
            for ln in page.lines
            if ln.kind != "table"
            and ln.bbox is not None
            and ln.bbox.bottom < band
            and ln.text.strip()
        ]
        if head:
            tops[page.number] = _top_row(head).split()
    if len(tops) < 2:
        return {}
    prefix, suffix = _common_ends(list(tops.values()))
    out: dict[int, RowKind] = {}
    for number, words in tops.items():
        rest = " ".join(words[prefix : len(words) - suffix]).strip(" -–—:|")
        pieces = [rest, *re.split(r"\s*[:|–—]\s*|\s+-\s+", rest)] if rest else []
        kind = next((k for k in map(_kind_line, pieces) if k), None)  # "Sheet: Risks"
        if kind:
            out[number] = kind
    return out if len(set(out.values())) >= 2 else {}


def _changing_row(lines: Sequence[Line], number: int, pages: Sequence[Page]) -> tuple[str, bool]:
    """The page head's topmost row that is not the same on every page, and whether it lies
    under such a row: a banner or a fixed title line above the running header is
    furniture, not the header's part."""
    rows: list[str] = []
    rest = list(lines)
    while rest:
        row = _top_row(rest)
        rows.append(row)
        rest = [ln for ln in rest if ln.text not in row]
    if len(pages) < 3:
        return rows[0], False
    fixed = {r for r in rows if all(_has_line(p, r) for p in pages if p.number != number)}
    changing = [r for r in rows if r not in fixed]
    return (changing[0], changing[0] != rows[0]) if changing else ("", False)


def _has_line(page: Page, text: str) -> bool:
    return any(" ".join(ln.text.split()) == " ".join(text.split()) for ln in page.lines[:6]) or any(
        text in ln.text for ln in page.lines[:3]
    )


def _top_row(lines: Sequence[Line]) -> str:
    """The text of the topmost visual row of a page's head, left to right.

    A running header set as two pieces (a fixed title at the left, the agency at the
    right) can be read as two lines a point apart; they are one row."""
    first = min(lines, key=lambda ln: ln.bbox.top)  # type: ignore[union-attr]
    half = (first.bbox.bottom - first.bbox.top) / 2  # type: ignore[union-attr]
    row = [ln for ln in lines if abs(ln.bbox.top - first.bbox.top) <= half]  # type: ignore[union-attr]
    return " ".join(ln.text for ln in sorted(row, key=lambda ln: ln.bbox.x0))  # type: ignore[union-attr]


def page_agencies(parsed: ParsedDocument) -> dict[tuple[int, int | None], str]:
    """Agency per stock-take header row, read from the lines above it.

    A page is used only when it shows as many header lines as the tables have
    header rows there (a header repeated at the top of a continuation page, which
    stitching drops, is allowed for); otherwise its headers fall back to captions.
    """
    positions = header_positions(parsed.tables)
    captions = frozenset(t.caption.strip() for t in parsed.tables if t.caption)
    found = agencies_above_headers(
        sorted(parsed.pages, key=lambda p: p.number), captions, header_words(parsed.tables)
    )
    continued = {
        p for t in parsed.tables if t.header_rows for p in range(t.page_start + 1, t.page_end + 1)
    }
    out: dict[tuple[int, int | None], str] = {}
    for number in sorted({pos[0] for pos in positions}):
        here = [pos for pos in positions if pos[0] == number]
        lines = found.get(number, [])
        if len(lines) == len(here) + 1 and number in continued and lines[0][1]:
            lines = lines[1:]  # the repeated header of a table stitched across the break
        if len(lines) == len(here):
            out.update({(t, r): name for (_, t, r), (name, _) in zip(here, lines, strict=True)})
    return out


# ---------------------------------------------------------------- records


def resolve_as_above(rows: Sequence[_Row]) -> list[AsAbove | None]:
    """For each row, which earlier row (same agency and kind) its "As above" cells refer to."""
    out: list[AsAbove | None] = []
    for n, row in enumerate(rows):
        columns = [r for r in ROLES if r != "statement" and is_as_above(row.value(r))]
        if not columns:
            out.append(None)
            continue
        target = _referent(rows, n, columns[0])
        out.append(
            AsAbove(
                column=columns[0],
                columns=list[str](columns),
                row=target.row_index if target else None,
                table_index=target.table_index if target else None,
                statement=split_number(target.value("statement"))[1] if target else "",
            )
        )
    return out


def _referent(rows: Sequence[_Row], n: int, column: Role) -> _Row | None:
    row = rows[n]
    for m in range(n - 1, -1, -1):
        other = rows[m]
        if other.agency != row.agency or other.kind != row.kind:
            return None
        text = other.value(column)
        if text.strip() and not is_as_above(text):
            return other
    return None


def _passages(parsed: ParsedDocument) -> dict[tuple[int, int], Passage]:
    return {
        (p.table_index, p.row_index): p
        for p in parsed.passages
        if p.kind == "table_row" and p.table_index is not None and p.row_index is not None
    }


def rows_of(
    tables: Sequence[Table],
    agencies: dict[tuple[int, int | None], str] | None = None,
    before: dict[int, str] | None = None,
    running: dict[int, str] | None = None,
    kinds: dict[int, RowKind] | None = None,
) -> list[_Row]:
    """Every logical stock-take row of the tables, in document order.

    ``agencies`` (from ``page_agencies``) names the agency above each header row,
    where the page lines tell; other headers take the caption or carry on.
    """
    state = _State(
        page_agencies=dict(agencies or {}),
        before=dict(before or {}),
        running=dict(running or {}),
        running_kind=dict(kinds or {}),
    )
    out: list[_Row] = []
    for table in sorted(tables, key=lambda t: t.index):
        table_rows(table, state, out)
    return split_shared(out)


def split_shared(rows: Sequence[_Row]) -> list[_Row]:
    """A row whose agency cell names several agencies the register has on their own
    ("Police / Probation") is a row of each, each carrying all of them in ``shared``:
    filtering the register by either agency finds it, and ``agencies`` tells it is one
    row shared (the truth convention of corpus/layouts_more.py)."""
    known = {r.agency for r in rows}
    out: list[_Row] = []
    for row in rows:
        parts = shared_agencies(row.agency, known - {row.agency})
        if not parts:
            out.append(row)
            continue
        out.extend(replace(row, agency=p, shared=tuple(parts)) for p in parts)
    return out


def extract(parsed: ParsedDocument) -> tuple[Record[StocktakeRow], ...]:
    """Stock-take rows of a parsed document as ``stocktake_row`` records."""
    pages = sorted(parsed.pages, key=lambda p: p.number)
    below = agencies_below_tables(pages, parsed.tables)  # then a line above names the table before
    rows = rows_of(
        parsed.tables,
        {} if below else page_agencies(parsed),
        below
        or agencies_above_runs(pages, parsed.tables)
        or agencies_before_tables(pages, parsed.tables),
        running_agencies(pages),
        running_kinds(pages),
    )
    if not rows:
        return _list_records(parsed, pages)
    refs = resolve_as_above(rows)
    passages = _passages(parsed)
    doc = parsed.document
    records = []
    for row, ref in zip(rows, refs, strict=True):
        number, statement = split_number(row.value("statement"))
        reference = row.value("reference")
        if not number and not reference:
            reference, statement = split_reference(statement)
        due = " ".join(row.value("due").split())
        passage = passages.get((row.table_index, row.row_index))
        bbox: BBox | None = passage.bbox if passage else None
        fields = StocktakeRow(
            agency=row.agency,
            kind=row.kind,
            number=number,
            statement=statement,
            response=row.value("response"),
            support=row.value("support"),
            recommended_action=row.value("recommended_action"),
            as_above_refers_to=ref,
            table_index=row.table_index,
            row_index=row.row_index,
            merged_rows=row.merged,
            borough="; ".join(doc.boroughs),
            period=doc.period,
            rag=rag_value(row.value("rag")),
            owner=" ".join(row.value("owner").split()),
            due=due,
            due_iso=due_iso(due),
            evidence=" ".join(row.value("evidence").split()),
            reference=" ".join(reference.split()),
            agencies=list(row.shared),
        )
        ordinal = passage.ordinal if passage else None
        records.append(Record(doc.id, row.page, fields, bbox, ordinal))
    return tuple(records)


def _list_agency(line: Line) -> str:
    """The agency a heading or bold line over a stock-take list names, or ""."""
    name = agency_name(line.text)
    return name if name and _name_like(name) and not _kind_line(line.text) else ""


def _list_records(
    parsed: ParsedDocument, pages: Sequence[Page]
) -> tuple[Record[StocktakeRow], ...]:
    """A stock-take written as lists (no table): a row per bullet under a kind's label."""
    doc = parsed.document
    records = []
    for row in list_rows(pages, _list_agency):
        records.append(
            Record(doc.id, row.page, _list_fields(row, doc.boroughs, doc.period), None, None)
        )
    return tuple(records)


def _list_fields(row: ListRow, boroughs: Sequence[str], period: str) -> StocktakeRow:
    number, statement = split_number(row.statement)
    due = row.fields.get("due", "")
    return StocktakeRow(
        agency=row.agency,
        kind=row.kind,
        number=number,
        statement=statement,
        response=row.fields.get("response", ""),
        borough="; ".join(boroughs),
        period=period,
        rag=rag_value(row.fields.get("rag", "")),
        owner=row.fields.get("owner", ""),
        due=due,
        due_iso=due_iso(due),
    )


# ---------------------------------------------------------------- the kind

KIND = Kind(
    name="stocktake",
    records=(StocktakeRow,),
    finds="stock-take rows",
    order=10,
    extract=extract,
    export=Export((StocktakeRow,)),
)  # shown on its own screen: the stock-take register (ui/screens/register.py)
