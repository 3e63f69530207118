"""The fusion policy of search: what each engine computes, how the rankings are fused, and
which hits are shown. Pure: no whoosh, no torch, no data folder; tested by feeding it
rankings, match counts and similarities (tests/index/test_fusion.py).

``Index.search`` (index/search.py) asks the policy how deep each engine looks, whether
keyword search falls back to OR, whether a close theme may lend its vocabulary (the
theme gate) and move the query vector, and whether the second model ranks by meaning in
place of the first; it hands the policy the rankings, and the policy returns the fused
order (``fuse``) and the hits to show, labelled, with near-duplicates folded and those
under the similarity floor hidden (``select``). Its numbers are the search section of
the settings (ingest/settings.py SearchSettings).

Hybrid search fuses, by weighted RRF (k=60), the keyword AND ranking (weight 1), the
semantic ranking (weight 1.5) and, only when the words typed match no passage, the
keyword ranking of a close theme's seed terms (weight 0.5), each 30 deep. Chosen on
the dev half of tests/eval (80 queries; tests/eval/tune.py) over semantic weight
0.7-2, k 20/60, depth 20-200, theme weight 0-1, theme similarity 0.3-0.6 and theme
gates: the theme's vocabulary lifted paraphrases (dev nDCG@10 0.16 -> 0.2) but pushed
good keyword hits down whenever the query's own words matched, hence the gate; moving
the query vector toward the theme's prototype hurt everything. Earlier, on the first
44 queries: weighted RRF with OR-fallback lists, convex combinations of min-max scores,
boosting semantic top-N by keyword matches and vector pseudo-relevance feedback did
not beat plain RRF. Paraphrase judgments share no stem with their query, so keyword
evidence can only lift unjudged passages there. Re-tested on the 80 queries: heading,
section path or title in the embedded text, two vectors per passage, vector and term
feedback, library-vocabulary expansion and a best-sentence view (since removed)
did not hold up either (numbers in README, "The search evaluation"). What did: when the
words typed match nothing, the semantic list comes from a second, larger model
(index/models.py; dev paraphrases 0.18 -> 0.32), in place of MiniLM's rather than as
a fourth list (as a fourth list, weight 1.5-3: 0.25).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np

from ingest.settings import SearchSettings

from .expand import ThemeMatch, closest_theme

K = TypeVar("K", bound=Hashable)

MATCH_WORDS = "words"  # the passage matches the words typed (or their acronym expansion)
MATCH_MEANING = "meaning"  # a related passage found by meaning, without the words


def rrf(rankings: Sequence[Sequence[K]], k: int = 60) -> list[tuple[K, float]]:
    """Fuse rankings: score(d) = sum over lists of 1 / (k + rank), rank starting at 1.

    Ties keep the order in which items were first seen (earlier lists first).
    """
    scores: dict[K, float] = {}
    for ranking in rankings:
        for rank, key in enumerate(ranking, start=1):
            scores[key] = scores.get(key, 0.0) + 1.0 / (k + rank)
    order = {key: i for i, key in enumerate(scores)}
    return sorted(scores.items(), key=lambda kv: (-kv[1], order[kv[0]]))


def weighted_rrf(
    rankings: Sequence[Sequence[K]], weights: Sequence[float], k: int = 60
) -> list[tuple[K, float]]:
    """RRF with a weight per list: score(d) = sum of w / (k + rank). Equal weights of 1
    give exactly ``rrf``; a list with weight 0 adds nothing (and no new items)."""
    scores: dict[K, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        if weight <= 0:
            continue
        for rank, key in enumerate(ranking, start=1):
            scores[key] = scores.get(key, 0.0) + weight / (k + rank)
    order = {key: i for i, key in enumerate(scores)}
    return sorted(scores.items(), key=lambda kv: (-kv[1], order[kv[0]]))


@dataclass(frozen=True)
class Depths:
    """How many rows the engines return for one search."""

    engines: int  # each ranking that is fused (and the keyword and theme rankings)
    semantic: int  # the meaning search: deeper when the facets count its matches too


@dataclass(frozen=True)
class Rankings:
    """What the engines found for one search, as catalog rows, best first."""

    keyword: Sequence[int] = ()
    keyword_scores: Mapping[int, float] = field(default_factory=dict)
    semantic: Sequence[int] = ()  # by the second model's vectors when it ranked
    semantic_scores: Mapping[int, float] = field(default_factory=dict)
    theme: Sequence[int] = ()  # rows matching a close theme's vocabulary


@dataclass(frozen=True)
class Shown:
    """A hit to show: its row, fused score, label and the rows folded into it."""

    row: int
    score: float
    match: str  # MATCH_WORDS | MATCH_MEANING
    similarity: float | None  # cosine to the query by the first model, when known
    twins: tuple[int, ...] = ()  # rows of the same text elsewhere (near-duplicates)


@dataclass(frozen=True)
class Selection:
    shown: tuple[Shown, ...]
    hidden: int  # meaning-only rows under the similarity floor, passed over


class FusionPolicy:
    """The decisions of a search that the settings' numbers make (see the module doc)."""

    def __init__(self, settings: SearchSettings) -> None:
        self.settings = settings

    def depths(self, mode: str, limit: int, facets: bool) -> Depths:
        """Hybrid fuses rankings `candidates` deep; one engine alone returns the page
        and, when near-duplicates fold, room for the twins it will fold."""
        st = self.settings
        slack = 2 * limit if st.collapse_duplicates else 0
        depth = max(limit, st.candidates) if mode == "hybrid" else limit + slack
        return Depths(depth, max(depth, st.facet_depth if facets else 0))

    def keyword_fallback(self, mode: str) -> bool:
        """Whether the keyword engine may fall back to any of the words when all of them
        match few passages: in keyword mode; in hybrid, partial matches are mostly noise
        beside the meaning ranking."""
        return mode == "keyword" or self.settings.or_fallback

    @property
    def fuses_theme(self) -> bool:
        """Whether a close theme's vocabulary ranking is fused at all."""
        return self.settings.theme_weight > 0

    def theme_gate(self, mode: str, expand: bool, keyword_rows: int) -> bool:
        """Whether to look for a close theme: in hybrid mode with expansion, only when the
        words typed match fewer passages than the gate (where they match, the theme's
        vocabulary pushed good keyword hits down on the dev half)."""
        st = self.settings
        return (
            mode == "hybrid"
            and expand
            and keyword_rows < st.theme_gate
            and (st.theme_weight > 0 or st.theme_vector_weight > 0)
        )

    def pick_theme(
        self,
        qvec: np.ndarray,
        prototypes: np.ndarray,
        themes: Sequence[dict[str, Any]],
        query: str,
    ) -> ThemeMatch | None:
        """The theme close enough to the query (and ahead of the next) to lend its words."""
        st = self.settings
        return closest_theme(qvec, prototypes, themes, query, st.theme_threshold, st.theme_margin)

    def theme_vector(self, qvec: np.ndarray, prototype: np.ndarray) -> np.ndarray:
        """The query vector moved toward the theme's prototype (unchanged at weight 0)."""
        weight = self.settings.theme_vector_weight
        if weight <= 0:
            return qvec
        moved = qvec + weight * prototype
        return (moved / np.linalg.norm(moved)).astype(np.float32)

    @staticmethod
    def second_model_ranks(mode: str, keyword_rows: int) -> bool:
        """Whether the second model's ranking replaces the first's: in hybrid mode, when
        the words typed match nothing (dev paraphrases 0.18 -> 0.32; see above)."""
        return mode == "hybrid" and keyword_rows == 0

    def fuse(self, mode: str, found: Rankings) -> list[tuple[int, float]]:
        """One ranked list: an engine's own order, or the weighted fusion of all three."""
        if mode == "keyword":
            return [(r, found.keyword_scores[r]) for r in found.keyword]
        if mode == "semantic":
            return [(r, found.semantic_scores[r]) for r in found.semantic]
        st = self.settings
        return weighted_rrf(
            [found.keyword, found.semantic, found.theme],
            [st.keyword_weight, st.semantic_weight, st.theme_weight],
            k=st.rrf_k,
        )

    def select(
        self,
        ranked: Sequence[tuple[int, float]],
        limit: int,
        mode: str,
        words: Collection[int],
        similarity: Callable[[int], float | None],
        text: Callable[[int], str],
    ) -> Selection:
        """The first `limit` hits of `ranked`: each labelled words (in `words`, the rows
        matching the words typed; none in semantic mode) or meaning; in hybrid mode a
        meaning-only row under the floor is hidden (beside passages that match the
        words, a related one must be clearly related; when nothing matches, the closest
        in meaning are the answer and need less); near-duplicates fold into the first
        copy (`text` gives a row's passage text)."""
        st = self.settings
        words = words if mode != "semantic" else ()
        floor = st.related_floor if words else st.related_floor_unmatched
        kept: list[Shown] = []
        folded: dict[int, list[int]] = {}
        keys: list[tuple[str, frozenset[str]]] = []
        hidden = 0
        for r, score in ranked:
            if len(kept) >= limit:
                break
            sim = similarity(r)
            label = MATCH_WORDS if r in words else MATCH_MEANING
            if mode == "hybrid" and label == MATCH_MEANING and floor > 0:
                if sim is None or sim < floor:
                    hidden += 1
                    continue
            if st.collapse_duplicates:
                key = dup_key(text(r))
                twin = next((i for i, k in enumerate(keys) if near_duplicate(k, key)), None)
                if twin is not None:
                    folded.setdefault(twin, []).append(r)
                    continue
                keys.append(key)
            kept.append(Shown(r, score, label, sim))
        shown = tuple(
            Shown(s.row, s.score, s.match, s.similarity, tuple(folded.get(i, ())))
            for i, s in enumerate(kept)
        )
        return Selection(shown, hidden)


_DUP_WORD = re.compile(r"[a-z0-9]+")


def dup_key(text: str) -> tuple[str, frozenset[str]]:
    """The normalised words of a passage and their set, for near-duplicate checks."""
    words = _DUP_WORD.findall(text.lower())
    return " ".join(words), frozenset(words)


def near_duplicate(a: tuple[str, frozenset[str]], b: tuple[str, frozenset[str]]) -> bool:
    """Same words in the same order, or (passages of 12+ words) 90% of the words shared."""
    if a[0] == b[0]:
        return bool(a[0])
    small, large = sorted((a[1], b[1]), key=len)
    if len(small) < 12:
        return False
    return len(small & large) / len(small | large) >= 0.9
