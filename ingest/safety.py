"""Cheap checks on a file's bytes before a reader parses it.

A PDF "decompression bomb" is a small file whose compressed streams inflate to
gigabytes; a PDF library would try to hold that in memory. We inflate each
Flate stream incrementally, never holding more than one chunk, and refuse the
file once any stream or the whole file passes a limit. A .docx is a zip: its
members' sizes, added up, must stay under a limit too (a "zip bomb").
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path

from .errors import TooLarge

MAX_STREAM_BYTES = 256 * 2**20
MAX_TOTAL_BYTES = 1024 * 2**20
MAX_UNZIPPED_BYTES = 500 * 2**20  # all members of a .docx (a zip) together
_CHUNK = 1 << 20
_STREAM = re.compile(rb"stream\r?\n")


def inflated_size(data: bytes, start: int, limit: int) -> int:
    """Bytes the zlib stream at `start` inflates to, counting at most `limit` (+1 chunk)."""
    inflater = zlib.decompressobj()
    total = 0
    pos = start
    pending = b""
    while total <= limit:
        if pending:
            out = inflater.decompress(pending, _CHUNK)
        else:
            if pos >= len(data) or inflater.eof:
                break
            out = inflater.decompress(data[pos : pos + _CHUNK], _CHUNK)
            pos += _CHUNK
        total += len(out)
        pending = inflater.unconsumed_tail
        if inflater.eof or (not out and not pending):
            break
    return total


def check_pdf_bytes(path: Path, data: bytes) -> None:
    """Raise TooLarge when the PDF's compressed streams inflate past the limits."""
    total = 0
    for match in _STREAM.finditer(data):
        start = match.end()
        if data[start : start + 1] != b"\x78":  # every zlib stream starts with 0x78
            continue
        try:
            size = inflated_size(data, start, MAX_STREAM_BYTES)
        except zlib.error:
            continue  # not Flate, or damaged: the reader will judge it
        total += size
        if size > MAX_STREAM_BYTES or total > MAX_TOTAL_BYTES:
            limit_mb = (MAX_STREAM_BYTES if size > MAX_STREAM_BYTES else MAX_TOTAL_BYTES) >> 20
            raise TooLarge(
                path,
                f"expands to more than {limit_mb} MB when decompressed; "
                "refused as a possible decompression bomb",
            )


def check_zip_members(path: Path, members: Iterable[zipfile.ZipInfo]) -> None:
    """Refuse a zip (a .docx) whose members together expand past MAX_UNZIPPED_BYTES."""
    total = sum(info.file_size for info in members)
    if total > MAX_UNZIPPED_BYTES:
        raise TooLarge(path, f"expands to {total // 2**20} MB; refusing (possible zip bomb)")
