"""Reciprocal rank fusion of ranked lists (pure; no whoosh, no torch).

Hybrid search fuses the keyword AND ranking with the semantic ranking, equal
weights, k=60, no OR fallback on the keyword side. Tuned on the dev half of
tests/eval (odd query numbers) against weighted RRF with OR-fallback lists (weight
0.1-1.0, scaled by the share of query terms matched), convex combinations of
min-max scores (alpha 0.1-0.5), boosting semantic top-N by keyword matches and
vector pseudo-relevance feedback: none beat it on dev overall or on paraphrases.
Paraphrase judgments share no stem with their query, so keyword evidence can only
lift unjudged passages: semantic is the ceiling there and plain RRF reaches it.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


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
