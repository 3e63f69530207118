"""Where boardsearch keeps its data, and where the shipped corpus lives."""

from __future__ import annotations

import os
from pathlib import Path

from . import settings

ENV_DATA = settings.DATA
REPO_ROOT = Path(__file__).resolve().parents[1]
CORPUS_PAPERS = REPO_ROOT / "corpus" / "papers"


def default_data_dir() -> Path:
    """$BOARDSEARCH_DATA, else $XDG_DATA_HOME/boardsearch, else ~/.local/share/boardsearch."""
    return settings.get(settings.DATA)


def resolve_data_dir(arg: str | os.PathLike[str] | None) -> Path:
    """The data folder: the --data-dir argument when given, else the default."""
    return Path(arg).expanduser() if arg else default_data_dir()
