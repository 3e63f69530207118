"""A small, flat exception hierarchy. Each message is one line a board member can act on."""

from __future__ import annotations


class BoardsearchError(Exception):
    """Base of every error boardsearch raises on purpose."""


class IngestError(BoardsearchError):
    """A file could not be ingested. The message names the file and the problem."""

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


class StoreError(BoardsearchError):
    """The data folder or its database cannot be used."""
