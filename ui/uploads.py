"""Checks on files people upload through the web app, before anything is written."""

from __future__ import annotations

import re
from pathlib import Path

ALLOWED_UPLOADS: dict[str, tuple[bytes, str]] = {
    ".pdf": (b"%PDF-", "a PDF"),
    ".docx": (b"PK\x03\x04", "a Word (.docx) document"),
}
_SAFE_CHARS = re.compile(r"[^A-Za-z0-9._ -]+")


def safe_filename(name: str, limit: int = 120) -> str:
    """A file name that is safe to write: no folders, no odd characters, no leading dots."""
    base = re.split(r"[\\/]", name)[-1]
    base = " ".join(_SAFE_CHARS.sub(" ", base).split()).strip(" ._-")
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    ext = ext.lower()[:10]
    stem = stem.strip(" ._-")[: max(1, limit - len(ext) - 1)].strip(" ._-") or "upload"
    return f"{stem}.{ext}" if ext else stem


def unique_path(folder: Path, name: str) -> Path:
    """folder/name, or folder/name-2, -3 ... when that file exists already."""
    path = folder / name
    stem, suffix = path.stem, path.suffix
    k = 2
    while path.exists():
        path = folder / f"{stem}-{k}{suffix}"
        k += 1
    return path


def check_upload(name: str, data: bytes, max_bytes: int) -> str | None:
    """None when the upload is acceptable, else one plain sentence saying why not."""
    suffix = Path(safe_filename(name)).suffix.lower()
    if suffix not in ALLOWED_UPLOADS:
        return "Only PDF and Word (.docx) files can be added."
    if not data:
        return "The file is empty."
    if len(data) > max_bytes:
        return f"The file is {len(data) / 2**20:.1f} MB; the limit is {max_bytes / 2**20:.0f} MB."
    magic, what = ALLOWED_UPLOADS[suffix]
    found = data[:1024].find(magic) >= 0 if suffix == ".pdf" else data.startswith(magic)
    if not found:
        return f"The file is not really {what}: its contents do not match its name."
    return None
