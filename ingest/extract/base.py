"""What each record kind holds: one frozen dataclass per kind, and a registry kind -> class.

A ``Record`` (ingest/model.py) keeps its kind-specific fields as a JSON object, so a
person can query the store with SQLite's ``json_extract``. This module says which
fields each kind has, their types and what they mean, in one place:

    rec.fields               # the typed view of rec.data, decoded through REGISTRY
    rec.fields.agency        # instead of rec.data.get("agency")
    Record.of(doc_id, page, StocktakeRow(agency="Police", ...), bbox, ordinal)

``from_dict`` keeps keys it does not know in ``extra`` (a newer version's field, a
person's note), and ``to_dict`` writes them back, so nothing is lost on a round trip.
Fields marked ``optional`` are left out of ``to_dict`` while they are None (an agency
entity has ``canonical``, a date entity does not); every other field is always written.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, ClassVar, TypeVar

from ingest.errors import RecordError

T = TypeVar("T", bound="RecordFields")
_BOOKKEEPING = frozenset({"extra", "key_order"})  # fields that are not record fields


def optional(default: Any = None) -> Any:
    """A field written by ``to_dict`` only when it has a value (not None)."""
    return field(default=default, metadata={"optional": True})


@dataclass(frozen=True, kw_only=True)
class RecordFields:
    """Base of the per-kind field classes; ``KIND`` is the record kind it describes."""

    KIND: ClassVar[str] = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    # the key order of the dict it was read from, so to_dict writes the same JSON back
    key_order: tuple[str, ...] = field(default=(), compare=False, repr=False)

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        if not isinstance(data, dict):
            raise RecordError(f"a {cls.KIND} record holds {type(data).__name__}, not an object")
        known = {f.name for f in fields(cls)} - _BOOKKEEPING
        values = {k: v for k, v in data.items() if k in known}
        rest = {k: v for k, v in data.items() if k not in known}
        return cls(**values, extra=rest, key_order=tuple(data))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            if f.name in _BOOKKEEPING:
                continue
            value = getattr(self, f.name)
            if value is None and f.metadata.get("optional"):
                continue
            out[f.name] = value
        out = {**out, **self.extra}
        if not self.key_order:  # built in code: the field order
            return out
        place = {k: i for i, k in enumerate(self.key_order)}
        return dict(sorted(out.items(), key=lambda kv: place.get(kv[0], len(place))))

    @property
    def by_person(self) -> bool:
        """Whether a person added this record (automatic runs never replace it)."""
        return getattr(self, "source", None) == "person" or self.extra.get("source") == "person"


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
    as_above_refers_to: dict[str, Any] | None = None  # the row an "As above" cell points to
    table_index: int | None = None
    row_index: int | None = None
    merged_rows: list[int] = field(default_factory=list)  # rows joined into this one
    borough: str = ""  # the document's boroughs joined by "; "
    period: str = ""  # e.g. "2012/13"


@dataclass(frozen=True, kw_only=True)
class Figure(RecordFields):
    """A number stated in a table (budget line, count) or in running text."""

    KIND: ClassVar[str] = "figure"
    label: str = ""  # what the number counts or costs
    value: float | int = 0
    unit: str = ""  # "£", "%", "conferences" ...
    text: str = ""  # the row or sentence it was read from
    source: str = ""  # "table" or "text"
    table_index: int | None = optional()  # table figures only
    row_index: int | None = optional()
    negative: bool | None = optional()  # shown in brackets or with a minus sign
    check: dict[str, Any] | None = None  # a stated total checked against its parts
    adds_up: bool | None = None  # whether the stated total equals its parts (None: no total)
    flag: str = ""  # a plain note when it does not add up
    period: str = ""
    borough: str = ""


@dataclass(frozen=True, kw_only=True)
class Entity(RecordFields):
    """An agency, borough, organisation, person with a role, amount of money or date."""

    KIND: ClassVar[str] = "entity"
    type: str = ""  # agency | borough | organisation | person | money | date
    text: str = ""  # as written in the passage
    canonical: str | None = optional()  # the curated name (agencies, boroughs)
    agency_type: str | None = optional()  # from data/agencies.json
    source: str | None = optional()  # how it was found ("ruler", "ner", "caption" ...)
    generic: bool | None = optional()  # a generic mention ("the police") of an agency
    name_then: str | None = optional()  # the former name the document used
    successor: str | None = optional()  # the body that took over a former agency
    name: str | None = optional()  # people
    role: str | None = optional()
    value: float | int | None = optional()  # money, in pounds
    year: int | None = optional()  # dates: the year stated


@dataclass(frozen=True, kw_only=True)
class Recommendation(RecordFields):
    """A sentence or table row that recommends or commits to action."""

    KIND: ClassVar[str] = "recommendation"
    text: str = ""
    number: str | None = optional()  # the recommendation's own number ("3", "4.2")
    addressed_to: str | None = optional()  # "the LSCB", "the local authority", an agency, ""
    addressee: str | None = optional()  # who it is addressed to, as written
    section: str | None = optional()  # the heading it sits under
    source: str = ""  # "text", "table" or "ofsted_list"
    cue: str = ""  # the words or heading that marked it as a recommendation
    agency: str | None = optional()  # table recommendations: the row's agency
    row_kind: str | None = optional()  # risk | strength of the stock-take row
    row: str | None = optional()  # the stock-take row it came from
    progress: Any = optional()  # what a later paper reports about it
    paragraph: str | None = optional()  # the paragraph it came from


@dataclass(frozen=True, kw_only=True)
class Concern(Recommendation):
    """A finding that something needs to improve (not a formal recommendation)."""

    KIND: ClassVar[str] = "concern"


@dataclass(frozen=True, kw_only=True)
class Progress(Recommendation):
    """A paper reporting on a recommendation made earlier or elsewhere."""

    KIND: ClassVar[str] = "progress"


@dataclass(frozen=True, kw_only=True)
class Acronym(RecordFields):
    """An acronym definition seen in a document."""

    KIND: ClassVar[str] = "acronym"
    acronym: str = ""
    expansion: str = ""
    pattern: str = ""  # "long (short)" or "short (long)"
    context: str = ""  # the sentence it was defined in


@dataclass(frozen=True, kw_only=True)
class ThemeTag(RecordFields):
    """A theme on a passage, stock-take row or recommendation (automatic or a person's)."""

    KIND: ClassVar[str] = "theme"
    theme: str = ""
    group: str = ""
    score: float = 0.0  # 0..1; 1.0 for a person's tag
    evidence: dict[str, Any] = field(default_factory=dict)  # terms, similarity, note
    source: str = ""  # "auto" or "person"
    target: str = ""  # the record kind tagged: passage | stocktake_row | recommendation


REGISTRY: dict[str, type[RecordFields]] = {
    cls.KIND: cls
    for cls in (StocktakeRow, Figure, Entity, Recommendation, Concern, Progress, Acronym, ThemeTag)
}


def known_kind(kind: str) -> type[RecordFields]:
    """The class of record `kind`; RecordError (naming the known kinds) for any other."""
    try:
        return REGISTRY[kind]
    except KeyError:
        known = ", ".join(sorted(REGISTRY))
        raise RecordError(f"unknown record kind {kind!r}; known kinds: {known}") from None


def decode(kind: str, data: dict[str, Any]) -> RecordFields:
    """The typed fields of a record of `kind`, decoded through REGISTRY."""
    return known_kind(kind).from_dict(data)
