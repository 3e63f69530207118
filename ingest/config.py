"""Where boardsearch keeps its data, and where the shipped corpus lives."""

from __future__ import annotations

import os
from pathlib import Path

from . import settings

ENV_DATA = settings.DATA
ENV_CORPUS = settings.CORPUS
REPO_ROOT = Path(__file__).resolve().parents[1]
CORPUS_PAPERS = REPO_ROOT / "corpus" / "papers"
# The SYNTHETIC test papers: not in the shipped library (issue 24), loaded only on purpose.
CORPUS_FIXTURES = REPO_ROOT / "corpus" / "fixtures" / "papers"


def corpus_papers() -> Path | None:
    """The folder `boardsearch start` ingests: $BOARDSEARCH_CORPUS, else corpus/papers beside
    the code (a git clone, an editable install), else corpus/papers in the current folder (a
    non-editable install run from the clone); None when there is none."""
    chosen = settings.resolve(settings.CORPUS)
    if chosen.source != "default":
        return chosen.value
    for folder in (CORPUS_PAPERS, Path.cwd() / "corpus" / "papers"):
        if folder.is_dir():
            return folder
    return None


def corpus_fixtures() -> Path | None:
    """The synthetic test papers (`boardsearch start --with-synthetic`): corpus/fixtures/papers
    beside the code, else in the current folder; None when there is none."""
    for folder in (CORPUS_FIXTURES, Path.cwd() / "corpus" / "fixtures" / "papers"):
        if folder.is_dir():
            return folder
    return None


def default_data_dir() -> Path:
    """$BOARDSEARCH_DATA, else $XDG_DATA_HOME/boardsearch, else ~/.local/share/boardsearch."""
    return settings.get(settings.DATA)


def resolve_data_dir(arg: str | os.PathLike[str] | None) -> Path:
    """The data folder: the --data-dir argument when given, else the default."""
    return Path(arg).expanduser() if arg else default_data_dir()
