"""Acronym expansion for queries: "MAPPA" also finds the words, and the words the acronym.

Pure functions over a glossary (a list of {"acronym", "expansion"} dicts). The
curated file ``ingest/data/glossary.json`` is read by ONE loader,
``ingest.extract.glossary.load_curated``, shared with ingest; ``load_glossary`` wraps it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ingest.extract.glossary import GLOSSARY_FILE, load_curated

GLOSSARY_PATH = GLOSSARY_FILE
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'/&-]*")
_TOKEN = re.compile(r'"[^"]*"|\S+')  # quoted phrases stay whole


@dataclass(frozen=True)
class Glossary:
    """Acronym -> expansions, and normalised expansion -> acronyms."""

    by_acronym: Mapping[str, tuple[str, ...]]
    by_expansion: Mapping[str, tuple[str, ...]]

    @classmethod
    def from_entries(cls, entries: Iterable[Mapping[str, object]]) -> Glossary:
        by_acr: dict[str, list[str]] = {}
        by_exp: dict[str, list[str]] = {}
        for entry in entries:
            acr = str(entry.get("acronym", "")).strip()
            exp = str(entry.get("expansion", "")).strip()
            if not acr or not exp or acr.upper() == exp.upper():
                continue
            key = acr.upper()
            if exp not in by_acr.setdefault(key, []):
                by_acr[key].append(exp)
            norm = normalise(exp)
            if acr not in by_exp.setdefault(norm, []):
                by_exp[norm].append(acr)
        return cls(
            {k: tuple(v) for k, v in by_acr.items()}, {k: tuple(v) for k, v in by_exp.items()}
        )

    def __len__(self) -> int:
        return len(self.by_acronym)


EMPTY = Glossary({}, {})


def normalise(text: str) -> str:
    """Lower-case words joined by single spaces ("Multi-Agency" -> "multi agency")."""
    return " ".join(w.lower() for w in re.findall(r"[A-Za-z0-9]+", text))


@lru_cache(maxsize=4)
def load_glossary(path: Path = GLOSSARY_PATH) -> Glossary:
    """The curated glossary file as a Glossary (read by ingest's loader); empty when the
    file does not exist. A malformed file raises GlossaryFileError naming the file."""
    if not Path(path).exists():
        return EMPTY
    return Glossary.from_entries(load_curated(Path(path)))


def _acronym_for(token: str, glossary: Glossary) -> str | None:
    """The glossary acronym a bare query word stands for, if any.

    Upper-case words always count ("MAPPA", "CP"); lower-case ones only for
    acronyms of four letters or more, so "ta" or "ed" stay ordinary words.
    """
    key = token.upper()
    if key not in glossary.by_acronym:
        return None
    if token.isupper() or len(key) >= 4:
        return key
    return None


def _quote(text: str, phrases: bool = True) -> str:
    """An expansion as a quoted phrase, or (phrases=False) its words AND-ed: a plain
    query the keyword index matches and scores in numpy; a Whoosh phrase over 20,000
    passages took seconds for common words ("local safeguarding children board")."""
    words = normalise(text)
    if " " not in words:
        return words
    return f'"{words}"' if phrases else "(" + " AND ".join(words.split()) + ")"


def expand_query(query: str, glossary: Glossary, phrases: bool = True) -> str:
    """The query in Whoosh syntax with acronyms and their expansions OR-ed together.

    "MAPPA meetings" -> '(MAPPA OR "multi agency public protection arrangements") meetings'
    '"multi-agency public protection arrangements"' -> '("..." OR MAPPA)'.
    Field queries (``title:foo``) and operators are left alone.
    """
    if not len(glossary):
        return query
    out = []
    for token in _TOKEN.findall(query):
        out.append(_expand_token(token, glossary, phrases))
    text = " ".join(out)
    return _expand_phrases_in_text(text, query, glossary)


def _expand_token(token: str, glossary: Glossary, phrases: bool = True) -> str:
    if token.startswith('"'):
        acrs = glossary.by_expansion.get(normalise(token))
        if acrs:
            return "(" + " OR ".join([token, *acrs]) + ")"
        return token
    if ":" in token or token in ("AND", "OR", "NOT"):
        return token
    core = token.strip("()+-,.;?!")
    acr = _acronym_for(core, glossary)
    if not acr or core != token.strip("()+-,.;?!"):
        return token
    alts = " OR ".join([core, *(_quote(e, phrases) for e in glossary.by_acronym[acr])])
    return token.replace(core, f"({alts})", 1)


def _expand_phrases_in_text(text: str, original: str, glossary: Glossary) -> str:
    """Unquoted expansions typed as words ("private fostering arrangements") gain the acronym."""
    norm = f" {normalise(_strip_quoted(original))} "
    extra = [
        acr
        for exp, acrs in glossary.by_expansion.items()
        if f" {exp} " in norm
        for acr in acrs
        if acr.upper() not in {t.upper() for t in _WORD.findall(original)}
    ]
    if not extra:
        return text
    return f"({text}) OR " + " OR ".join(dict.fromkeys(extra))


def _strip_quoted(text: str) -> str:
    return re.sub(r'"[^"]*"', " ", text)


def expansion_text(query: str, glossary: Glossary) -> str:
    """Plain text for the embedder: the query followed by the expansions of its acronyms."""
    extra: list[str] = []
    for word in _WORD.findall(query):
        acr = _acronym_for(word, glossary)
        if acr:
            extra.extend(glossary.by_acronym[acr])
    norm = f" {normalise(query)} "
    for exp, acrs in glossary.by_expansion.items():
        if f" {exp} " in norm:
            extra.extend(acrs)
    extra = [e for e in dict.fromkeys(extra) if e.lower() not in query.lower()]
    return query if not extra else f"{query} ({'; '.join(extra)})"
