"""Reading board papers into the store: files -> ParsedDocument -> SQLite.

The user interface (ui/) reaches ingest through a small public API only (ARCHITECTURE.md,
"The door rule"; tests/test_architecture.py checks it): the store (``ingest.store.Store``),
the data model, the errors, the settings and the data folder (``ingest.model``,
``ingest.errors``, ``ingest.settings``, ``ingest.config``), and the entry points named
in ``__all__`` below, imported from this package (``from ingest import ingest_paths``).
Each entry point lives in its own module and is imported when first asked for, so
importing ``ingest.settings`` does not load the PDF reader.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_HOMES = {
    "ingest_paths": "ingest.pipeline",  # files and folders -> the store
    "preflight": "ingest.pipeline",  # what the ingest settings ask for is installed
    "recurring": "ingest.extract.recommendations",  # recommendations that come back, grouped
    "reported_on": "ingest.extract.recommendations",  # progress notes that answer one
    "load_curated": "ingest.extract.glossary",  # the curated glossary of acronyms
    "former_names": "ingest.datafiles",  # an agency's earlier names
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    """An entry point, from its module (PEP 562: asked only for names not yet here)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'ingest' has no attribute {name!r}")
    return getattr(import_module(home), name)
