"""Which rows of the catalog a reader may see: the search's side of restricted papers.

The store knows which documents a viewer may not see (ingest/store.py, ``hidden``);
here they become a mask over the catalog's rows that every search ANDs into its
filters' mask before any engine ranks or any facet counts, so a hidden passage is
never ranked, counted, quoted or folded into a hit. Masks are kept per catalog and
hidden set (a library has few readers).
"""

from __future__ import annotations

import os
import threading
from typing import Any

import numpy as np

from ingest.store import Store, has_data
from ingest.viewer import Viewer

from .catalog import Catalog

_MASKS: dict[tuple[int, frozenset[str]], tuple[Catalog, np.ndarray]] = {}
_LOCK = threading.Lock()


def hidden_for(data_dir: str | os.PathLike[str], viewer: Viewer | None) -> frozenset[str]:
    """The ids of the documents `viewer` may not see, read from the store now."""
    if viewer is None or viewer.sees_all or not has_data(data_dir):
        return frozenset()
    with Store(data_dir, readonly=True, viewer=viewer) as store:
        return store.hidden


def visible_rows(catalog: Catalog, hidden: frozenset[str]) -> np.ndarray | None:
    """A mask of the catalog's rows outside the `hidden` documents (None: every row)."""
    if not hidden:
        return None
    key = (id(catalog), hidden)
    with _LOCK:
        kept = _MASKS.get(key)
    if kept is not None and kept[0] is catalog:
        return kept[1]
    mask = ~_rows_of(catalog, hidden)
    with _LOCK:
        if len(_MASKS) >= 32:
            _MASKS.clear()
        _MASKS[key] = (catalog, mask)
    return mask


def _rows_of(catalog: Catalog, docs: frozenset[str]) -> np.ndarray:
    """A mask of the rows of the given documents."""
    rows: Any = catalog.rows
    positions = getattr(rows, "doc_pos", None)  # a large library's LazyRows
    if positions is not None:
        wanted = [j for j, d in enumerate(rows.docs) if d.id in docs]
        return np.isin(np.asarray(positions), wanted)
    return np.fromiter((r.document.id in docs for r in rows), dtype=bool, count=len(rows))


def restrict(mask: np.ndarray | None, visible: np.ndarray | None) -> np.ndarray | None:
    """A filter's mask narrowed to the rows the reader may see."""
    if visible is None:
        return mask
    if mask is None:
        return visible
    return mask & visible
