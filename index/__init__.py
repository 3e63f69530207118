"""Search over the store: keyword (Whoosh BM25F), semantic (sentence-transformers) and hybrid.

The one door for the UI and the command line::

    from index import search, Filters, sync
    sync(data_dir)                      # after an ingest: index new/changed documents
    result = search("families who don't speak English",
                    Filters.of(borough="Westminster"), mode="hybrid", limit=10,
                    data_dir=data_dir)
    for hit in result.hits: print(hit.title, hit.page, hit.text)

``__all__`` is the whole public API: ui/ imports only these names (ARCHITECTURE.md, "The
door rule"; tests/test_architecture.py checks it). Settings come from ingest/settings.py.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from ingest.viewer import Viewer

from .brief import (
    PER_PERIOD,
    Brief,
    BriefPart,
    Change,
    Cite,
    Grade,
    GradeChange,
    Quote,
    Scope,
    build_brief,
)
from .catalog import FACETS
from .format import (
    MATCH_LABELS,
    also_searched,
    format_hits_text,
    grouped_note,
    hidden_note,
    result_to_json,
    searched_line,
    second_model_note,
    snippet,
    understood_line,
)
from .fusion import MATCH_MEANING, MATCH_WORDS
from .models import SECOND_MODEL, model_label, model_name, second_model_name
from .models import install as install_second_model
from .models import installed as second_model_installed
from .search import MODES, Citation, Filters, Hit, Index, SearchResult
from .updater import (
    SyncReport,
    prepare_sync,
    reindex,
    second_model_pending,
    sync,
    sync_second_model,
)
from .vectors import vector_sets

__all__ = [
    # searching
    "FACETS",
    "MODES",
    "Citation",
    "Filters",
    "Hit",
    "Index",
    "SearchResult",
    "get_index",
    "search",
    # what a hit is and how results read
    "MATCH_LABELS",
    "MATCH_MEANING",
    "MATCH_WORDS",
    "also_searched",
    "format_hits_text",
    "grouped_note",
    "hidden_note",
    "result_to_json",
    "searched_line",
    "second_model_note",
    "snippet",
    "understood_line",
    # keeping the indexes in line with the store
    "SyncReport",
    "prepare_sync",
    "reindex",
    "second_model_pending",
    "sync",
    "sync_second_model",
    # the sentence models and their vectors
    "SECOND_MODEL",
    "install_second_model",
    "model_label",
    "model_name",
    "second_model_installed",
    "second_model_name",
    "vector_sets",
    # theme briefs: a topic in the papers' own words, period by period
    "Brief",
    "BriefPart",
    "Change",
    "Cite",
    "Grade",
    "GradeChange",
    "Quote",
    "make_brief",
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
    understand: bool = True,
    drop: tuple[str, ...] = (),
    viewer: Viewer | None = None,
) -> SearchResult:
    """Search the data folder; hybrid (keyword + semantic fused by RRF) by default.
    ``expand=False`` searches only the words typed (no glossary or theme expansion);
    ``understand=False`` reads no borough, period or document type from the words;
    ``drop`` names chips the user removed ("borough:Westminster", "theme:Neglect");
    ``viewer`` who is reading: the passages of restricted collections they are not a
    member of are never ranked, counted or shown (None: the folder's owner, who sees all)."""
    return get_index(data_dir).search(
        query, filters, mode, limit, expand=expand, understand=understand, drop=drop, viewer=viewer
    )


def make_brief(
    topic: str,
    *,
    borough: str = "",
    period: str = "",
    doc_type: str = "",
    by_borough: bool = False,
    per_period: int = PER_PERIOD,
    data_dir: str | os.PathLike[str] | None = None,
    viewer: Viewer | None = None,
) -> Brief:
    """The brief of a theme (its name) or any words: per period (and borough when
    ``by_borough``) verbatim quotes with their pages, the recommendations and risks on
    it, what changed between periods, and counts (index/brief.py)."""
    from ingest.store import Store

    engine = get_index(data_dir)
    scope = Scope(borough, period, doc_type)
    with Store(engine.data_dir, readonly=True, viewer=viewer) as store:
        return build_brief(
            engine, store, topic, scope, by_borough=by_borough, per_period=per_period
        )
