"""Grouping similar statements by their vectors (the register's "raised more than once")."""

from __future__ import annotations

from collections import defaultdict

import numpy as np


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
