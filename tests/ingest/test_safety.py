"""Decompression bombs are refused before any PDF library inflates them."""

from __future__ import annotations

import resource
import zlib

import pytest

from ingest.errors import TooLarge
from ingest.pipeline import ingest_paths
from ingest.safety import MAX_STREAM_BYTES, check_pdf_bytes, inflated_size
from ingest.settings import IngestSettings

from ..helpers import make_pdf


def bomb_pdf(path, inflated_mb: int):
    """A valid-looking one-page PDF whose content stream inflates to `inflated_mb` MB."""
    comp = zlib.compressobj(9)
    chunk = b" " * 2**20
    stream = b"".join(comp.compress(chunk) for _ in range(inflated_mb)) + comp.flush()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    path.write_bytes(bytes(out))
    return path


@pytest.mark.slow
def test_bomb_is_refused_with_bounded_memory(tmp_path):
    bomb = bomb_pdf(tmp_path / "innocent looking.pdf", inflated_mb=400)
    assert bomb.stat().st_size < 2 * 2**20  # small on disk
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(TooLarge, match="decompression bomb"):
        check_pdf_bytes(bomb, bomb.read_bytes())
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 100


@pytest.mark.slow
def test_bomb_in_a_batch_fails_alone(tmp_path):
    bomb_pdf(tmp_path / "bomb.pdf", inflated_mb=300)
    make_pdf(tmp_path / "fine.pdf", [["# Minutes", "The Board met."]])
    results = {
        r.path.rsplit("/", 1)[-1]: r
        for r in ingest_paths(
            [tmp_path], tmp_path / "data", settings=IngestSettings(1, enrich=False)
        )
    }
    assert results["fine.pdf"].outcome == "ingested"
    assert results["bomb.pdf"].outcome == "failed"
    assert "decompression bomb" in results["bomb.pdf"].message


def test_ordinary_pdfs_pass(tmp_path, monkeypatch):
    """An ordinary PDF passes, and passes because its streams were measured and found
    under the limits, not because none was looked at."""
    from ingest import safety

    pdf = make_pdf(tmp_path / "a.pdf", [["# Report", "Text " * 200]] * 3)
    assert check_pdf_bytes(pdf, pdf.read_bytes()) is None
    ordinary = bomb_pdf(tmp_path / "ordinary.pdf", inflated_mb=2)  # a 2 MB Flate stream
    data = ordinary.read_bytes()
    assert check_pdf_bytes(ordinary, data) is None
    monkeypatch.setattr(safety, "MAX_STREAM_BYTES", 2**20)  # the same file, a lower limit
    with pytest.raises(TooLarge, match="decompression bomb"):
        check_pdf_bytes(ordinary, data)


def test_inflated_size_stops_counting_past_the_limit():
    data = zlib.compress(b"\0" * (8 * 2**20))
    assert inflated_size(data, 0, 2**20) <= 3 * 2**20
    assert inflated_size(data, 0, 64 * 2**20) == 8 * 2**20
    assert MAX_STREAM_BYTES > 8 * 2**20


def test_a_zip_whose_members_expand_too_far_is_refused(tmp_path, monkeypatch):
    import zipfile

    from ingest import safety

    path = tmp_path / "big.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"\0" * (2 * 2**20))
        zf.writestr("word/media/blank.bin", b"\0" * (2 * 2**20))
    with zipfile.ZipFile(path) as zf:
        members = zf.infolist()
    safety.check_zip_members(path, members)  # under the real limit: no exception
    monkeypatch.setattr(safety, "MAX_UNZIPPED_BYTES", 3 * 2**20)
    with pytest.raises(safety.TooLarge, match="expands to 4 MB; refusing"):
        safety.check_zip_members(path, members)


def test_the_word_reader_refuses_a_zip_bomb_through_the_one_check(tmp_path, monkeypatch):
    import zipfile

    from ingest import docx, safety

    path = tmp_path / "big.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"\0" * (4 * 2**20))
    monkeypatch.setattr(safety, "MAX_UNZIPPED_BYTES", 3 * 2**20)
    with pytest.raises(safety.TooLarge, match="possible zip bomb"):
        docx.read(path, "x" * 64)
