"""Query understanding from the project's own data: the glossary and the theme taxonomy.

A newcomer types "CSE" or "children stuck on plans for too long"; the papers say
"child sexual exploitation" and "drift and delay". Two expansions, both shown to the
user as "also searched for …" and both switched off with ``expand=False``:

* Glossary (``ingest/data/glossary.json``): an acronym in the query also searches its
  words, and the words of an expansion also search the acronym (index/glossary.py).
* Themes (``ingest/data/themes.json``): when the query's embedding is close to a
  theme's prototype (the mean of its seed-term embeddings), the theme's seed terms
  become one more keyword ranking, fused with a small weight: a weak signal that lifts
  passages in the theme's vocabulary without outranking the query's own words.

Pure planning: no whoosh, no torch. The thresholds are search settings
(ingest/settings.py), applied by the fusion policy and chosen on the dev half of
tests/eval (see fusion.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .glossary import _WORD, Glossary, _acronym_for, expand_query, expansion_text, normalise


@dataclass(frozen=True)
class ThemeMatch:
    """A theme added to a query: what a removable "theme" chip shows (its name, the words
    typed that led to it, the evidence) and the vocabulary it lends the search."""

    name: str
    similarity: float  # the query's to the theme's prototype
    terms: tuple[str, ...]  # the theme's seed terms not already in the query
    words: tuple[str, ...] = ()  # the words typed that led to it
    share: float = 0.0  # share of the passages closest in meaning tagged with it
    margin: float = 0.0  # its lead in similarity over the next theme

    @property
    def chip_id(self) -> str:
        """The id of its chip: a search given it in ``drop`` adds no theme of this name."""
        return f"theme:{self.name}"

    @property
    def evidence(self) -> str:
        """Why it was added, in plain words."""
        return (
            f"similarity {self.similarity:.2f} to the theme ({self.margin:.2f} ahead of the "
            f"next); {self.share:.0%} of the passages closest in meaning are tagged with it"
        )

    def keyword_query(self) -> str:
        """The seed terms OR-ed in Whoosh syntax, a term's words AND-ed and a prefix term
        ("homeless*") as its stem: a plain query, matched and scored in numpy (Whoosh
        phrases and wildcards over 20,000 passages took seconds)."""
        parts = []
        for term in self.terms:
            words = re.findall(r"[A-Za-z0-9]+", term)
            if not words:
                continue
            parts.append("(" + " AND ".join(words) + ")" if len(words) > 1 else words[0])
        return " OR ".join(dict.fromkeys(parts))


@dataclass(frozen=True)
class Plan:
    """What a query is searched as."""

    query: str
    keyword: str  # Whoosh syntax, glossary alternatives OR-ed in
    embed: str  # plain text for the embedder, glossary expansions appended
    glossary_terms: tuple[str, ...] = ()  # expansions/acronyms added, for display
    theme: ThemeMatch | None = None

    @property
    def also(self) -> tuple[str, ...]:
        """Plain notes for the user: what else was searched for."""
        out = list(self.glossary_terms)
        if self.theme is not None and self.theme.terms:
            shown = ", ".join(self.theme.terms[:6]) + (" …" if len(self.theme.terms) > 6 else "")
            out.append(f"{shown} (theme: {self.theme.name}, weak signal)")
        return tuple(out)


def glossary_terms(query: str, glossary: Glossary) -> tuple[str, ...]:
    """The expansions of the query's acronyms and the acronyms of its spelled-out words."""
    out: list[str] = []
    for word in _WORD.findall(query):
        acr = _acronym_for(word, glossary)
        if acr:
            out.extend(f"{e} ({word})" for e in glossary.by_acronym[acr])
    norm = f" {normalise(query)} "
    typed = {w.upper() for w in _WORD.findall(query)}
    for exp, acrs in glossary.by_expansion.items():
        if f" {exp} " in norm:
            out.extend(a for a in acrs if a.upper() not in typed)
    return tuple(dict.fromkeys(out))


def plan(query: str, glossary: Glossary, expand: bool = True) -> Plan:
    """The keyword and embedding forms of a query (theme chosen later, from its vector)."""
    if not expand or not len(glossary):
        return Plan(query, query, query)
    keyword = expand_query(query, glossary, phrases=False)
    terms = glossary_terms(query, glossary) if keyword != query else ()
    return Plan(query, keyword, expansion_text(query, glossary), terms)


def closest_theme(
    qvec: np.ndarray,
    protos: np.ndarray,
    themes: Sequence[dict[str, Any]],
    query: str,
    threshold: float,
    margin: float = 0.0,
) -> ThemeMatch | None:
    """The theme whose prototype is most similar to the query, if at least `threshold`
    and ahead of the runner-up by `margin` (an ambiguous query picks up nothing)."""
    if qvec is None or not len(themes) or protos.shape[0] != len(themes):
        return None
    sims = protos @ qvec
    order = np.argsort(-sims)
    best = int(order[0])
    if sims[best] < threshold:
        return None
    if len(order) > 1 and sims[best] - sims[int(order[1])] < margin:
        return None
    qnorm = f" {normalise(query)} "
    terms = tuple(
        t
        for t in themes[best]["seed_terms"]
        if f" {normalise(t.rstrip('*'))} " not in qnorm and t.strip()
    )
    return ThemeMatch(themes[best]["name"], float(sims[best]), terms)
