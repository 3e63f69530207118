"""Acronym glossary: the curated list (``data/glossary.json``) and definitions found in
documents, in both orders: "Long Form (LF)" and "LF (Long Form)".

A found definition counts only when the acronym's letters can be read, in order, from
the long form with the first letter starting a word (the Schwartz-Hearst test), so
"the Board (LSCB)" is refused and "Department of Education's (DfE)" accepted.

The record class (``Acronym``) comes first, the kind (``KIND``) last; the glossary has
its own screen (ui/screens/glossary.py), so the kind declares no display.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from ingest.datafiles import DATA_DIR
from ingest.errors import GlossaryFileError
from ingest.extract.base import Export, Kind
from ingest.model import ParsedDocument, Record, RecordFields


@dataclass(frozen=True, kw_only=True)
class Acronym(RecordFields):
    """An acronym definition seen in a document."""

    KIND: ClassVar[str] = "acronym"
    acronym: str = ""
    expansion: str = ""
    pattern: str = ""  # "long (short)" or "short (long)"
    context: str = ""  # the sentence it was defined in


GLOSSARY_FILE = DATA_DIR / "glossary.json"
_ACRONYM = r"[A-Za-z][A-Za-z&]*(?:[/-]?[A-Za-z&]+)?"
LONG_SHORT = re.compile(
    rf"(?P<before>[^()]{{3,200}}?)\s*\(\s*(?P<short>{_ACRONYM})(?:'s|’s|s)?\s*\)"
)
SHORT_LONG = re.compile(rf"\b(?P<short>{_ACRONYM})\s*\(\s*(?P<long>[^()]{{5,120}}?)\s*\)")
_MAX_EXTRA_WORDS = 5


def load_curated(path: Path = GLOSSARY_FILE) -> list[dict[str, str]]:
    """Curated acronyms: [{"acronym", "expansion", "note"}], in file order."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise GlossaryFileError(f"{path}: cannot read the glossary ({exc})") from exc
    out = []
    for i, entry in enumerate(data.get("acronyms", [])):
        if not entry.get("acronym") or not entry.get("expansion"):
            raise GlossaryFileError(f"{path}: entry #{i} needs 'acronym' and 'expansion'")
        out.append(
            {
                "acronym": entry["acronym"],
                "expansion": entry["expansion"],
                "note": entry.get("note", ""),
            }
        )
    return out


def is_acronym(token: str) -> bool:
    """Two or more capitals (MARAC, DfE, eCAF, K&C), short, no digits."""
    letters = token.replace("&", "").replace("/", "").replace("-", "")
    return 2 <= len(letters) <= 10 and letters.isalpha() and sum(c.isupper() for c in letters) >= 2


def matches(short: str, long: str) -> bool:
    """Whether the acronym's letters appear in order in the long form (Schwartz-Hearst)."""
    s = [c.lower() for c in short if c.isalnum()]
    lf = long.lower()
    si, li = len(s) - 1, len(lf) - 1
    while si >= 0:
        c = s[si]
        while li >= 0 and (lf[li] != c or (si == 0 and li > 0 and lf[li - 1].isalnum())):
            li -= 1
        if li < 0:
            return False
        si -= 1
        li -= 1
    return True


def trim_long_form(short: str, before: str) -> str:
    """The tail of ``before`` that spells the acronym with the most word initials, or ""."""
    words = before.split()
    letters = [c.lower() for c in short if c.isalpha()]
    best, best_score = "", -1
    for size in range(1, min(len(words), len(letters) + _MAX_EXTRA_WORDS) + 1):
        candidate = " ".join(words[-size:]).strip(" ,;:-–")
        first = candidate.split()[0] if candidate else ""
        if first.lower() in {"the", "a", "an", "and", "of", "for", "or"}:
            continue
        if candidate and first[:1].lower() == letters[0] and matches(short, candidate):
            score = _initials_matched(letters, candidate)
            if score > best_score:
                best, best_score = candidate, score
    return re.sub(r"['’]s$", "", best)


def _initials_matched(letters: list[str], candidate: str) -> int:
    """How many acronym letters are word initials of the candidate, in order."""
    i = 0
    for word in re.split(r"[\s-]+", candidate):
        if i < len(letters) and word[:1].lower() == letters[i]:
            i += 1
    return i


def singular(acronym: str) -> str:
    """CPAs -> CPA, SCRs -> SCR; DfE and eCAF unchanged."""
    if len(acronym) >= 3 and acronym.endswith("s") and acronym[:-1].isupper():
        return acronym[:-1]
    return acronym


def find_definitions(text: str) -> Iterator[dict[str, str]]:
    """Acronym definitions in one passage of text."""
    text = " ".join(text.split())
    for m in LONG_SHORT.finditer(text):
        short = m.group("short")
        if is_acronym(short):
            long = trim_long_form(short, m.group("before"))
            if long and not is_acronym(long):
                yield {"acronym": singular(short), "expansion": long, "pattern": "long (short)"}
    for m in SHORT_LONG.finditer(text):
        short, long = m.group("short"), m.group("long").strip()
        if is_acronym(short) and len(long.split()) >= 2 and not is_acronym(long):
            if long[:1].lower() == short[:1].lower() and matches(short, long):
                if len(long.split()) <= len(short) + _MAX_EXTRA_WORDS:
                    yield {"acronym": singular(short), "expansion": long, "pattern": "short (long)"}


def extract(parsed: ParsedDocument) -> tuple[Record[Acronym], ...]:
    """One acronym record per definition and passage, with the sentence it was seen in."""
    records: list[Record[Acronym]] = []
    for passage in parsed.passages:
        seen: set[tuple[str, str]] = set()
        for found in find_definitions(passage.text):
            key = (found["acronym"], found["expansion"].lower())
            if key in seen:
                continue
            seen.add(key)
            acronym = Acronym(
                acronym=found["acronym"],
                expansion=found["expansion"],
                pattern=found["pattern"],
                context=_context(passage.text, found["acronym"]),
            )
            records.append(
                Record(passage.doc_id, passage.page, acronym, passage.bbox, passage.ordinal)
            )
    return tuple(records)


def _context(text: str, acronym: str, width: int = 120) -> str:
    text = " ".join(text.split())
    i = text.find(f"({acronym}")
    i = i if i >= 0 else text.find(acronym)
    start = max(0, i - width)
    return text[start : i + len(acronym) + width].strip()


# ---------------------------------------------------------------- the kind

KIND = Kind(
    name="glossary",
    records=(Acronym,),
    finds="acronyms",
    order=50,
    extract=extract,
    export=Export((Acronym,)),
)
