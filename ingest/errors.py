"""The one exception hierarchy. Each message is one line a board member can act on.

Every error boardsearch raises on purpose is a ``BoardsearchError``. Its ``kind``
names the family (for logs and the UI) and ``exit_code`` is what the ``boardsearch``
command returns when the error stops it:

    BoardsearchError                    kind "error",        exit 1
      IngestError (+ UnsupportedFile, EmptyFile, DamagedFile, EncryptedFile,
                   NoTextLayer, TooLarge, OcrFailed)   kind "file", exit 1
      StoreError                        kind "data folder",  exit 1
      SearchIndexError                  kind "search index", exit 1  (fix: boardsearch reindex)
      RecordError                       kind "record",       exit 1
      ClusterError                      kind "error",        exit 1  (Ray missing, cluster away)
      RenderError                       kind "page image",   exit 1  (a page cannot be drawn)
      UsageError (+ ThemeError)         kind "usage",        exit 2  (unknown theme, filter, mode)
        AccessError                     kind "access",       exit 2  (unknown user or collection)
      SettingsError                     kind "setting",      exit 2  (a BOARDSEARCH_* value)
      DataFileError (+ ThemesFileError, GlossaryFileError)
                                        kind "data file",    exit 3  (ingest/data/*.json)
      ModelInstallError                 kind "model",        exit 3  (the second model's pieces)

Every class is declared here, so this table is the whole list. Errors about a value
someone gave (usage, settings, data files, records, the search index files) also
subclass ValueError, so older callers that catch ValueError still do.
Decisions are made on these classes and their attributes, never on message text.
"""

from __future__ import annotations

from typing import ClassVar


class BoardsearchError(Exception):
    """Base of every error boardsearch raises on purpose."""

    kind: ClassVar[str] = "error"
    exit_code: ClassVar[int] = 1


class IngestError(BoardsearchError):
    """A file could not be ingested. The message names the file and the problem."""

    kind = "file"

    def __init__(self, path: object, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class UnsupportedFile(IngestError):
    """The file type is not one boardsearch reads."""


class EmptyFile(IngestError):
    """The file has no bytes."""


class DamagedFile(IngestError):
    """The file is truncated, corrupt or not what its name says."""


class EncryptedFile(IngestError):
    """The file is password-protected."""


class NoTextLayer(IngestError):
    """No page has a text layer (a scan); OCR is needed."""


class TooLarge(IngestError):
    """The file is over a size or page limit, or expands too much (decompression bomb)."""


class OcrFailed(IngestError):
    """ocrmypdf was asked to OCR a file and could not (ingest/ocr.py)."""


class StoreError(BoardsearchError):
    """The data folder or its database cannot be used."""

    kind = "data folder"


class SearchIndexError(BoardsearchError, ValueError):
    """The search index files (vectors, keyword index) are unreadable; a reindex fixes it."""

    kind = "search index"


class RecordError(BoardsearchError, ValueError):
    """A stored record does not match its kind (see ingest/extract/)."""

    kind = "record"


class ClusterError(BoardsearchError):
    """Ray is missing or the cluster cannot be reached (ingest/cluster.py)."""


class RenderError(BoardsearchError):
    """A page cannot be shown as a picture (ui/render.py); the message says why."""

    kind = "page image"


class UsageError(BoardsearchError, ValueError):
    """Something asked for does not exist: a theme, a search mode, a filter."""

    kind = "usage"
    exit_code = 2


class ThemeError(UsageError):
    """A theme name or passage a person chose does not exist (index/themes.py)."""


class AccessError(UsageError):
    """An unknown user or collection, a name not allowed, a password too short."""

    kind = "access"


class SettingsError(BoardsearchError, ValueError):
    """A setting (a BOARDSEARCH_* environment variable) has a value boardsearch cannot use."""

    kind = "setting"
    exit_code = 2


class DataFileError(BoardsearchError, ValueError):
    """A data file (ingest/data/*.json, or one given instead) is missing or malformed."""

    kind = "data file"
    exit_code = 3


class ThemesFileError(DataFileError):
    """The themes data file (ingest/data/themes.json) is missing or malformed."""


class GlossaryFileError(DataFileError):
    """The curated glossary file (ingest/data/glossary.json) is missing or malformed."""


class ModelInstallError(BoardsearchError):
    """The second model cannot be installed: a piece is missing or the pieces are wrong."""

    kind = "model"
    exit_code = 3
