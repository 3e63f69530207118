"""BM25F in numpy: Whoosh's scores for plain word queries, computed without Whoosh's matchers.

Whoosh ranks passages with ``scoring.BM25F``; walking its matchers for an AND of five
words, one of them in 60% of passages, took 48 ms at 20k passages. For plain queries
(words AND/OR-ed, see ``index.keyword.is_plain``) the keyword index scores here instead:
the same sum Whoosh computes, each matching term adding

    boost x idf x tf (k1 + 1) / (tf + k1 ((1 - b) + b x field length / average length))

with ``idf`` and the average field length taken from the searcher's public statistics.

This is the one place that reimplements an engine's scoring. Both sides take their free
parameters from one ``BM25FParams``: the keyword index builds Whoosh's weighting with
``params.weighting_kwargs()`` and scores with the same object, so nothing is read back
from Whoosh's objects. tests/index/test_index_search.py pins these scores to Whoosh's, with
the shipped parameters and with changed ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class BM25FParams:
    """BM25F's free parameters: ``k1`` (how fast repeats of a word stop counting) and ``b``
    (how much a long field is penalised), with ``b`` optionally per field."""

    # 1.2 and 0.75: the values the BM25 literature recommends and Whoosh's defaults. The
    # search evaluation (tests/eval) was tuned with them; change them only with a re-run.
    k1: float = 1.2
    b: float = 0.75
    field_b: Mapping[str, float] = field(default_factory=dict)

    def b_of(self, fieldname: str) -> float:
        return self.field_b.get(fieldname, self.b)

    def weighting_kwargs(self) -> dict[str, float]:
        """Keyword arguments for ``whoosh.scoring.BM25F`` giving these same parameters."""
        return {"B": self.b, "K1": self.k1, **{f"{f}_B": b for f, b in self.field_b.items()}}


PARAMS = BM25FParams()


@dataclass(frozen=True)
class TermPostings:
    """What scoring one term needs, from the engine's public statistics."""

    fieldname: str
    boost: float
    ids: np.ndarray  # sorted document numbers holding the term
    weights: np.ndarray  # the term's frequency (weight) in each of them
    field_lengths: np.ndarray  # the field's length in every document, by document number
    idf: float
    avg_field_length: float


def scores(docs: np.ndarray, terms: Iterable[TermPostings], params: BM25FParams) -> np.ndarray:
    """BM25F score of each document number in ``docs`` (sorted) for the sum of ``terms``."""
    total = np.zeros(len(docs), dtype=np.float64)
    for term in terms:
        if not len(term.ids) or not len(docs):
            continue
        pos = np.minimum(np.searchsorted(term.ids, docs), len(term.ids) - 1)
        hit = term.ids[pos] == docs
        if not hit.any():
            continue
        tf = term.weights[pos[hit]]
        fl = term.field_lengths[docs[hit]]
        k1, b = params.k1, params.b_of(term.fieldname)
        avgfl = term.avg_field_length or 1
        total[hit] += (
            term.boost * term.idf * (tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * fl / avgfl))
        )
    return total
