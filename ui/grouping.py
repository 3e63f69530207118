"""Grouping similar statements by their vectors (the register's "raised more than once"),
and what each group has in common."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .views import period_sort_key


def group_similar(vectors: np.ndarray, threshold: float) -> list[list[int]]:
    """Groups of row indices whose unit vectors are linked by cosine >= threshold.

    Single-link grouping (connected components), biggest groups first; rows that
    match nothing are left out.
    """
    n = len(vectors)
    if n < 2:
        return []
    sims = vectors @ vectors.T
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    ii, jj = np.nonzero(np.triu(sims >= threshold, k=1))
    for i, j in zip(ii.tolist(), jj.tolist(), strict=True):
        parent[find(i)] = find(j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[find(i)].append(i)
    found = [g for g in groups.values() if len(g) > 1]
    found.sort(key=lambda g: (-len(g), g[0]))
    return found


def recurring_summary(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """What a group of similar statements has in common, for its heading."""
    agencies = sorted({r["agency"] for r in rows})
    periods = sorted({r["period"] for r in rows if r["period"]}, key=period_sort_key)
    boroughs = sorted({b for r in rows for b in r["boroughs"]})
    lead = min((r["statement"] for r in rows if r["statement"]), key=len, default="")
    return {
        "statement": lead,
        "agencies": agencies,
        "periods": periods,
        "boroughs": boroughs,
        "count": len(rows),
    }
