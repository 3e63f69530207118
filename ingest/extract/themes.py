"""Theme tags: the ``theme`` record kind, declared here; made in index/themes.py.

A tag needs the passage's embedding (similarity to each theme's prototype), so the
tagging runs after the search index is built (index/updater.py), and a person's tags
come from the UI. This module only says what a tag holds and that it is exported
(``boardsearch export themes``); the themes have their own screen (ui/screens/themes.py).
The taxonomy itself (names, groups, seed terms) is read by ingest/themes.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from ingest.extract.base import Export, Kind
from ingest.model import RecordFields


@dataclass(frozen=True, kw_only=True)
class ThemeTag(RecordFields):
    """A theme on a passage, stock-take row or recommendation (automatic or a person's)."""

    KIND: ClassVar[str] = "theme"
    theme: str = ""
    group: str = ""
    score: float = 0.0  # 0..1; 1.0 for a person's tag
    evidence: dict[str, Any] = field(default_factory=dict)  # terms, similarity, note
    source: str = ""  # "auto" or "person"
    target: str = ""  # the record kind tagged: passage | stocktake_row | recommendation


KIND = Kind(
    name="themes",
    records=(ThemeTag,),
    finds="theme tags",
    order=60,
    extract=None,  # index/themes.py tags passages once their vectors exist
    export=Export((ThemeTag,)),
)
