"""Where boardsearch keeps its data, and where the shipped corpus lives."""

from __future__ import annotations

import os
from pathlib import Path

ENV_DATA = "BOARDSEARCH_DATA"
ENV_CORPUS = "BOARDSEARCH_CORPUS"
REPO_ROOT = Path(__file__).resolve().parents[1]
CORPUS_PAPERS = REPO_ROOT / "corpus" / "papers"


def corpus_papers() -> Path | None:
    """The folder `boardsearch start` ingests: $BOARDSEARCH_CORPUS, else corpus/papers beside
    the code (a git clone, an editable install), else corpus/papers in the current folder (a
    non-editable install run from the clone); None when there is none."""
    if os.environ.get(ENV_CORPUS):
        return Path(os.environ[ENV_CORPUS]).expanduser()
    for folder in (CORPUS_PAPERS, Path.cwd() / "corpus" / "papers"):
        if folder.is_dir():
            return folder
    return None


def default_data_dir() -> Path:
    """$BOARDSEARCH_DATA, else $XDG_DATA_HOME/boardsearch, else ~/.local/share/boardsearch."""
    if os.environ.get(ENV_DATA):
        return Path(os.environ[ENV_DATA]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "boardsearch"


def resolve_data_dir(arg: str | os.PathLike[str] | None) -> Path:
    """The data folder: the --data-dir argument when given, else the default."""
    return Path(arg).expanduser() if arg else default_data_dir()
