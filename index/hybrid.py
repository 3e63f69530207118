"""Reciprocal rank fusion of ranked lists (pure; no whoosh, no torch).

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
