"""Entities in passages: agencies (canonical names, types, former names), people
with their roles, boroughs, money amounts and dates.

``extract(parsed)`` is the pipeline enricher. Agencies, boroughs, money and dates
come from spaCy (``ingest.nlp``: an EntityRuler over ``data/agencies.json`` in front
of the model's NER); people and roles from the model's PERSON entities plus
"Name, Role" / "Role, Name" / "Councillor Name" patterns, which also work with the
blank pipeline. A stock-take row's caption ("Police — Risk: ...") names its agency.

The record class (``Entity``) comes first, the kind (``KIND``) last, with how entities
are shown (``entity_rows``: mentions grouped by type and name). spaCy is loaded only
when an extraction runs, not when the kind is registered.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any, ClassVar

from ingest import datafiles
from ingest.extract.base import Display, Export, Kind
from ingest.model import ParsedDocument, Passage, Record, RecordFields, optional

if TYPE_CHECKING:
    from ingest.nlp import Kind as NlpKind


@dataclass(frozen=True, kw_only=True)
class Entity(RecordFields):
    """An agency, borough, organisation, person with a role, amount of money or date."""

    KIND: ClassVar[str] = "entity"
    type: str = ""  # agency | borough | organisation | person | money | date
    text: str = ""  # as written in the passage
    canonical: str | None = optional()  # the curated name (agencies, boroughs, organisations)
    agency_type: str | None = optional()  # agencies: their type in data/agencies.json
    # agencies and organisations, how they were found: "text" (running text), "caption"
    # (a stock-take row's caption), "ner" (an organisation the language model found)
    source: str | None = optional()
    generic: bool | None = optional()  # a generic mention ("the police") of an agency
    name_then: str | None = optional()  # the former name the document used
    successor: str | None = optional()  # the body that took over a former agency
    name: str | None = optional()  # people; agencies: the name at the paper's date
    role: str | None = optional()  # people
    value: float | int | None = optional()  # money, in pounds
    year: int | None = optional()  # agencies: the year the paper speaks for


def _nlp() -> ModuleType:
    """ingest.nlp (the spaCy adapter), imported on first use: it loads spaCy, which
    registering the kind (the store and the UI do) does not need."""
    from ingest import nlp

    return nlp


PASSAGE_KINDS = ("paragraph", "table_row")
ROLE_WORDS = frozenset(
    """chair chairs chairman chairperson manager managers head officer officers lead leads
    director directors councillor member members executive commissioner coordinator
    co-ordinator trainer consultant inspector superintendent chief nurse doctor adviser
    advisor advisers principal deputy secretary minister clerk administrator leader
    practitioner worker paediatrician midwife visitor amhp governor headteacher
    safeguarding-lead president trustee""".split()
)
_NAME_WORD = r"(?:O'|Mc|Mac|D')?[A-Z][a-z]+(?:[-'][A-Z][a-z]+)*"
_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}}"
_ROLE_TOKEN = r"(?:[A-Z][\w'&/-]*|of|for|the|and|in|&|at|on)"
_ROLE_RUN = rf"{_ROLE_TOKEN}(?:\s+{_ROLE_TOKEN})*"
_ROLE_LEAD = r"(?:(?:the|an?|our|new|former|outgoing|interim|acting|then|joint)\s+)*"
ROLE_AFTER = re.compile(
    rf"^\s*,\s*(?P<role>{_ROLE_LEAD}{_ROLE_RUN}(?:,\s+[A-Z][\w'&/-]*(?:\s+{_ROLE_TOKEN})*)?)"
)
ROLE_AS = re.compile(rf"^\s+as\s+(?P<role>{_ROLE_LEAD}{_ROLE_RUN})")
ROLE_BEFORE = re.compile(
    r"(?P<role>(?:[A-Z][\w'&/-]*\s+){0,4}[A-Z][\w'&/-]*),?\s+(?:(?P<title>Councillor|Cllr\.?|Dr\.?)\s+)?$"
)
# "Lead inspector: Jane Smith", "Team inspectors: A B, C D" (the first name after the colon)
ROLE_COLON = re.compile(
    r"(?P<role>\b(?:(?:Lead|Deputy|Team|Senior|Associate|Shadow|Regulatory|Assistant|Independent)\s+)?"
    r"(?:lead\s+)?(?:inspectors?|inspection manager|HMI|chair|director|manager|officer|adviser|clerk"
    r"|secretary|author|reviewer))\s*:\s*$",
    re.IGNORECASE,
)
_NOT_IN_NAME = frozenset(
    "HMI Deputy Team Her His Majesty’s Majesty's Lead Associate Shadow Senior Any This If In"
    " For To".split()
)
TITLE_NAME = re.compile(rf"\b(?P<title>Councillor|Cllr\.?)\s+(?P<name>{_NAME})")
NAME_CANDIDATE = re.compile(rf"\b{_NAME}\b")
_NOT_NAME_WORDS = frozenset(
    """The This That These Those In On At For From With By And Of To A An Our Their Its
    Board Boards Services Service Council Borough Trust Children Child Young People Group
    Sub Panel Review Reviews Plan Report Annual Serious Case Safeguarding Local Health NHS
    Police Probation Ofsted Care Team Unit Family Families Strategy Framework Project
    Westminster Kensington Chelsea Hammersmith Fulham London Inner North West Central
    Appendix Summary January February March April May June July August September October
    November December Monday Tuesday Wednesday Thursday Friday Executive Independent
    Department Education Schools School Social Strengthening Prevention Harm Quality
    Assurance Training Munro Working Together Business Government Think Adolescent Task
    Designated Named Senior Head Lead Manager Officer Chair Member Councillor Cabinet
    Integrated Gangs Recovery Commissioning Partnership Nurse Doctor""".split()
)
_ORG_WORDS = frozenset(
    "Office Department Agency Authority Ministry Commission Directorate Inspectorate Network".split()
)
_TRAILING = re.compile(r"(?:\s+(?:of|for|the|and|in|&|at|on))+$")
_MONEY_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(k|m|million|bn|billion)?", re.I)
_MULTIPLIERS = {"k": 1e3, "m": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}


# Sentences that are publication furniture, not content: licence and copyright notes,
# addresses (a UK postcode), phone numbers, e-mail and web addresses.
BOILERPLATE = re.compile(
    r"open government licen[cs]e|national\s?archives|crown copyright|\bpsi@|licensed under"
    r"|re-?use this (?:information|publication|document)|this publication is available",
    re.IGNORECASE,
)
# Spans cut out wherever they are: a postal address ending in a UK postcode (with the
# capitalised words before it), phone numbers, e-mail and web addresses.
_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2}"
FURNITURE_SPANS = re.compile(
    rf"(?:\b[A-Z][\w'&-]*[ ,]+){{0,8}}\b{_POSTCODE}\b"
    r"|\b(?:T|Tel|Telephone|Textphone|Fax|Phone)\b[:.]?\s*\+?[\d ()]{9,16}\d"
    r"|\b0\d{3}\s?\d{3}\s?\d{3,4}\b"
    r"|\bwww\.\S+|https?://\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“‘\"(])")
_TITLE_BEFORE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Lord|Lady|Baroness|Baron|Rev|Councillor|Cllr)\.?\s+$"
)
_GENERIC_ORG_WORDS = frozenset(
    """local authority authorities council councils board boards partnership partnerships
    children's children’s services service safeguarding children young people the of and for
    lscb trust trusts agency agencies department government team teams group groups panel
    executive committee court courts office""".split()
)


def furniture_lines(parsed: ParsedDocument, min_pages: int = 3) -> list[str]:
    """Running header/footer text that repeats on several pages (page numbers left out).

    Lines the reader marked header/footer are furniture already; this also finds
    repeated lines it did not mark, so they can be kept out of NER.
    """
    counts: dict[str, int] = {}
    for page in parsed.pages:
        seen = set()
        for raw in (ln.text for ln in page.lines) if page.lines else page.raw_text.split("\n"):
            key = re.sub(r"^\d+\s+|\s+\d+$", "", " ".join(raw.split()))
            if len(key) >= 12 and key not in seen:
                seen.add(key)
                counts[key] = counts.get(key, 0) + 1
    need = max(min_pages, len(parsed.pages) // 4)
    return sorted((k for k, n in counts.items() if n >= need), key=len, reverse=True)


def ner_text(text: str, furniture: Sequence[str] = ()) -> str:
    """A passage's text as NER sees it: no running furniture, licence text or addresses."""
    text = _nlp().normalise(text)
    text = " ".join(s for s in _SENTENCE.split(text) if not BOILERPLATE.search(s))
    text = FURNITURE_SPANS.sub(" ", text)
    for line in furniture:
        text = re.sub(rf"(?:\b\d{{1,3}}\s+)?{re.escape(line)}(?:\s+\d{{1,3}}\b)?", " ", text)
    normalised: str = _nlp().normalise(text)
    return normalised


def paper_year(parsed: ParsedDocument) -> int | None:
    """The year a paper speaks for: its stated date, else the start of its period."""
    doc = parsed.document
    for value in (doc.date, doc.period):
        m = re.match(r"((?:19|20)\d\d)", value or "")
        if m:
            return int(m.group(1))
    return None


def extract(parsed: ParsedDocument, kind: NlpKind = "full") -> tuple[Record[Entity], ...]:
    """Entity records for every paragraph and table-row passage of a document."""
    passages = [p for p in parsed.passages if p.kind in PASSAGE_KINDS and p.text.strip()]
    furniture = furniture_lines(parsed)
    texts = [ner_text(p.text, furniture) for p in passages]
    year = paper_year(parsed)
    records: list[Record[Entity]] = []
    for passage, text, doc in zip(passages, texts, _nlp().pipe(texts, kind), strict=True):
        found = [*_caption_agency(passage), *_from_doc(doc), *find_people(text, _person_spans(doc))]
        for data in _unique(found):
            if data["type"] == "agency":
                data = dated_agency(data, year)
            records.append(_record(passage, data))
    return tuple(records)


def name_in_use(canonical: str, year: int | None, said: str = "") -> str:
    """The name an agency went by in ``year`` (the name said, when it is a former name).

    ``former_names`` in agencies.json carry ``until`` (the year the name stopped); the
    current (canonical) name applies from the last ``until`` on.
    """
    entry = datafiles.agency_index().get(canonical, {})
    formers = entry.get("former_names", [])
    spoken = said.lower().removeprefix("the ")
    for former in formers:
        if spoken in {n.lower() for n in (former["name"], *former.get("aliases", []))}:
            name: str = former["name"]
            return name
    if year is None:
        return canonical
    dated: list[tuple[int, str]] = sorted(
        (int(f["until"]), f["name"]) for f in formers if str(f.get("until", "")).isdigit()
    )
    for until, name in dated:
        if year < until:
            return name
    return canonical


def dated_agency(data: dict[str, Any], year: int | None) -> dict[str, Any]:
    """An agency record named as it was at the paper's date, linked to the body it became."""
    canonical = data.get("canonical", "")
    name = name_in_use(canonical, year, data.get("text", ""))
    out = dict(data)
    out["name"] = name
    if year is not None:
        out["year"] = year
    if name != canonical:
        out["name_then"] = name
        out["successor"] = canonical
    return out


def _record(passage: Passage, data: dict[str, Any]) -> Record[Entity]:
    # The finders work in dicts (merged, deduplicated, dated); the dict's key order is the
    # order the store keeps and exports write, so it is read as stored JSON is.
    fields = Entity.from_dict(data)
    return Record(passage.doc_id, passage.page, fields, passage.bbox, passage.ordinal)


def _unique(found: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    seen: set[tuple[str, str]] = set()
    for data in found:
        key = (data["type"], str(data.get("canonical") or data.get("name") or data["text"]).lower())
        if key not in seen:
            seen.add(key)
            yield data


# ---------------------------------------------------------------- agencies


def agency_data(canonical: str, text: str, source: str = "text") -> dict[str, Any]:
    """The record fields of one agency mention: canonical name, type, former name used."""
    entry = datafiles.agency_index().get(canonical, {})
    data: dict[str, Any] = {
        "type": "agency",
        "canonical": canonical,
        "agency_type": entry.get("type", ""),
        "text": text,
        "source": source,
    }
    if entry.get("generic"):
        data["generic"] = True
    said = text.lower().removeprefix("the ")
    for former in entry.get("former_names", []):
        if said in {n.lower() for n in (former["name"], *former.get("aliases", []))}:
            data["name_then"] = former["name"]
    if entry.get("successor"):
        data["successor"] = entry["successor"]
    return data


def caption_index() -> dict[str, str]:
    """Lower-cased name (canonical, alias or caption alias) -> canonical."""
    index: dict[str, str] = {}
    for entry in datafiles.load_agencies()["agencies"]:
        names = [entry["canonical"], *entry.get("aliases", []), *entry.get("caption_aliases", [])]
        for former in entry.get("former_names", []):
            names += [former["name"], *former.get("aliases", [])]
        for name in names:
            index.setdefault(name.lower(), entry["canonical"])
    return index


def agency_of_caption(caption: str) -> str:
    """The canonical agency a stock-take caption names ("Police" -> "Police"), else ""."""
    return caption_index().get(_nlp().normalise(caption).strip(" :-–—").lower(), "")


def _caption_agency(passage: Passage) -> list[dict[str, Any]]:
    if passage.kind != "table_row" or " — " not in passage.text:
        return []
    caption = passage.text.split(" — ", 1)[0]
    canonical = agency_of_caption(caption)
    return [agency_data(canonical, caption.strip(), "caption")] if canonical else []


def _from_doc(doc: Any) -> Iterator[dict[str, Any]]:
    for ent in doc.ents:
        label, text = ent.label_, ent.text
        if label == "AGENCY":
            yield agency_data(ent.ent_id_, text)
        elif label in ("BOROUGH", "GPE") and ent.ent_id_:
            yield {"type": "borough", "canonical": ent.ent_id_, "text": text}
        elif label == "MONEY":
            if ent.start > 0 and doc[ent.start - 1].text == "£":
                text = "£" + text
            text = text.rstrip(".,;")
            value = money_value(text)
            if value is not None:
                yield {"type": "money", "text": text, "value": value}
        elif label == "DATE" and any(c.isdigit() for c in text):
            yield {"type": "date", "text": text}
        elif label == "ORG" and _looks_like_org(text):
            name = re.sub(r"^(?:the|The)\s+", "", text)
            yield {"type": "organisation", "canonical": name, "text": text, "source": "ner"}


def _looks_like_org(text: str) -> bool:
    words = text.split()
    if all(w.lower() in _GENERIC_ORG_WORDS for w in words):
        return False  # "the Local Authority", "the Safeguarding Board"
    if BOILERPLATE.search(text):
        return False
    return (
        len(words) >= 2
        and not text.isupper()
        and not any(c.isdigit() for c in text)
        and not any(w.lower() in ROLE_WORDS for w in words)
        and sum(w[:1].isupper() for w in words) >= 2
    )


def money_value(text: str) -> float | int | None:
    """£88,950 -> 88950; £250K -> 250000; £1.2 million -> 1200000."""
    m = _MONEY_NUMBER.search(text)
    if not m:
        return None
    value = float(m.group(1).replace(",", ""))
    if m.group(2):
        value *= _MULTIPLIERS[m.group(2).lower()]
    return int(value) if value.is_integer() else value


# ---------------------------------------------------------------- people


def _person_spans(doc: Any) -> list[tuple[int, int]]:
    return [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]


def find_people(text: str, person_spans: Iterable[tuple[int, int]] = ()) -> list[dict[str, Any]]:
    """People named in text with their role where stated.

    ``person_spans`` are character spans the NER marked PERSON; they are kept even
    without a role. Other capitalised names count only when a role is attached.
    """
    people: dict[str, dict[str, Any]] = {}
    spans = [(s, e, True) for s, e in person_spans]
    spans += [(m.start(), m.end(), False) for m in NAME_CANDIDATE.finditer(text)]
    for start, end, from_ner in sorted(spans, key=lambda s: (s[0], -s[1])):
        name = _clean_name(text[start:end])
        if not name or any(
            s <= start and end <= e and (s, e) != (start, end) for s, e, _ in spans if not from_ner
        ):
            continue
        if not from_ner and not _plausible_name(name):
            continue
        if from_ner and any(w in _NOT_NAME_WORDS or w in _ORG_WORDS for w in name.split()):
            continue  # "Home Office", "Children Services" taken for people
        role = role_near(text, start, start + len(text[start:end]))
        title = _TITLE_BEFORE.search(text[max(0, start - 16) : start])
        if title and not role:
            role = title.group(0).strip()
        if role:
            entry = people.setdefault(
                name, {"type": "person", "name": name, "role": "", "text": name}
            )
            entry["role"] = entry["role"] or role
    for m in TITLE_NAME.finditer(text):
        name = _clean_name(m.group("name"))
        if name and _plausible_name(name) and name not in people:
            people[name] = {
                "type": "person",
                "name": name,
                "role": "Councillor",
                "text": m.group(0),
            }
    # a person counts only where a role or title supports it (issue 12): NER alone
    # takes street names, report titles and place names for people
    return [p for p in people.values() if p["role"]]


def _clean_name(name: str) -> str:
    name = re.sub(r"'s$", "", name.strip())
    words = name.split()
    while words and words[0] in ("Councillor", "Cllr", "Dr", "From", "The"):
        words = words[1:]
    while words and words[-1] in _NOT_IN_NAME:  # "Gary Lamb Deputy lead inspector"
        words = words[:-1]
    return " ".join(words) if len(words) >= 2 else ""


def _plausible_name(name: str) -> bool:
    words = name.split()
    return 2 <= len(words) <= 3 and not any(w in _NOT_NAME_WORDS for w in words)


def role_near(text: str, start: int, end: int) -> str:
    """The role stated right after ("X, Role") or right before ("Role, X") a name."""
    after = text[end:]
    for pattern in (ROLE_AFTER, ROLE_AS):
        m = pattern.match(after)
        if m:
            role = _trim_role(m.group("role"))
            if _has_role_word(role):
                return role
    m = ROLE_COLON.search(text[max(0, start - 40) : start])
    if m:
        return _trim_role(m.group("role"))
    m = ROLE_BEFORE.search(text[max(0, start - 80) : start])
    if m:
        role = _trim_role(m.group("role"))
        if _has_role_word(role):
            return role
        if m.group("title"):
            return "Councillor"
    return ""


def _trim_role(role: str) -> str:
    role = _TRAILING.sub("", role.strip(" ,"))
    role = re.sub(r"^(?:the|an?|our)\s+", "", role, flags=re.I)
    return role[:1].upper() + role[1:]


def _has_role_word(role: str) -> bool:
    return any(
        w.lower().rstrip("s") in ROLE_WORDS or w.lower() in ROLE_WORDS
        for w in re.split(r"[\s,/]+", role)
    )


# ---------------------------------------------------------------- the kind


def entity_rows(records: Iterable[Record[Entity]]) -> list[dict[str, Any]]:
    """Entities grouped by type and name, with how often and on which pages they appear."""
    seen: dict[tuple[str, str], set[int]] = defaultdict(set)
    for r in records:
        f = r.fields
        kind = str(f.type or f.extra.get("label") or "other")
        name = str(f.name or f.canonical or f.text or "").strip()
        if kind == "agency" and f.successor and f.successor != name:
            name = f"{name} (now {f.successor})"  # the name of the paper's date
        if name:
            seen[(kind, name)].add(r.page)
    rows: list[dict[str, Any]] = [
        {
            "Type": kind.capitalize(),
            "Name": name,
            "Pages": _pages_text(pages),
            "Mentions": len(pages),
        }
        for (kind, name), pages in seen.items()
    ]
    rows.sort(key=lambda r: (r["Type"], -r["Mentions"], r["Name"]))
    return rows


def _pages_text(pages: Iterable[int], most: int = 12) -> str:
    ordered = sorted(set(pages))
    text = ", ".join(str(p) for p in ordered[:most])
    return text + (" …" if len(ordered) > most else "")


KIND = Kind(
    name="entities",
    records=(Entity,),
    finds="entities",
    order=30,
    extract=extract,
    export=Export((Entity,)),
    display=Display(tab="Entities", empty="No names were extracted.", rows=entity_rows),
)
