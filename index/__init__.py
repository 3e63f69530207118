"""Search over the store: keyword (Whoosh BM25F), semantic (sentence-transformers) and hybrid.

The one door for the UI and the command line::

    from index import search, Filters, sync
    sync(data_dir)                      # after an ingest: index new/changed documents
    result = search("families who don't speak English",
                    Filters.of(borough="Westminster"), mode="hybrid", limit=10,
                    data_dir=data_dir)
    for hit in result.hits: print(hit.title, hit.page, hit.text)
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from .format import format_hits_text, result_to_json, snippet
from .search import MODES, Filters, Hit, Index, SearchResult
from .updater import SyncReport, reindex, second_model_pending, sync, sync_second_model

__all__ = [
    "MODES",
    "Filters",
    "Hit",
    "Index",
    "SearchResult",
    "SyncReport",
    "format_hits_text",
    "get_index",
    "reindex",
    "result_to_json",
    "search",
    "second_model_pending",
    "snippet",
    "sync",
    "sync_second_model",
]

_INDEXES: dict[Path, Index] = {}
_LOCK = threading.Lock()


def get_index(data_dir: str | os.PathLike[str] | None = None) -> Index:
    """The cached Index of a data folder (default: $BOARDSEARCH_DATA or the user folder)."""
    from ingest.config import resolve_data_dir

    path = resolve_data_dir(data_dir).resolve()
    with _LOCK:
        if path not in _INDEXES:
            _INDEXES[path] = Index(path)
        return _INDEXES[path]


def search(
    query: str,
    filters: Filters | None = None,
    mode: str = "hybrid",
    limit: int = 10,
    *,
    data_dir: str | os.PathLike[str] | None = None,
    expand: bool = True,
) -> SearchResult:
    """Search the data folder; hybrid (keyword + semantic fused by RRF) by default.
    ``expand=False`` searches only the words typed (no glossary or theme expansion)."""
    return get_index(data_dir).search(query, filters, mode, limit, expand=expand)
