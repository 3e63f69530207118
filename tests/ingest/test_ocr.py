"""OCR of scanned PDFs: with ocrmypdf installed (real OCR), and without it (one clear line)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ingest import ocr
from ingest.model import sha256_bytes
from ingest.pipeline import ingest_paths
from ingest.settings import IngestSettings
from ingest.store import Store

from ..helpers import ROOT, child_env, make_pdf, need_tool

OCR = IngestSettings(workers=1, enrich=False, ocr=True)
PLAIN = IngestSettings(workers=1, enrich=False)
SCAN_LINES = [
    "# Private Fostering Review",
    "The Board checked private fostering arrangements",
    "in Westminster schools during the year.",
]
needs_ocrmypdf = pytest.mark.usefixtures("ocrmypdf_installed")


@pytest.fixture
def ocrmypdf_installed() -> None:
    """Real OCR needs ocrmypdf: skipped without it, failed under --require-tools (CI)."""
    need_tool("" if ocr.available() else "ocrmypdf is not installed (apt-get install ocrmypdf)")


def scanned_pdf(path: Path, pages: list[list[str]]) -> Path:
    """A PDF whose pages are pictures of large clear text (made by rendering a text PDF)."""
    import pypdfium2 as pdfium
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    text_pdf = make_pdf(path.with_suffix(".text.pdf"), pages)
    doc = pdfium.PdfDocument(str(text_pdf))
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for i in range(len(doc)):
        image = doc[i].render(scale=200 / 72, grayscale=True).to_pil()
        buf = io.BytesIO()
        image.save(buf, format="PNG")
        buf.seek(0)
        c.drawImage(ImageReader(buf), 0, 0, width=A4[0], height=A4[1])
        c.showPage()
    c.save()
    doc.close()
    text_pdf.unlink()
    return path


def stored_text(data_dir: Path) -> tuple[list, str]:
    with Store(data_dir, readonly=True) as store:
        docs = store.documents()
        text = " ".join(p.text for p in store.passages())
    return docs, text.lower()


@pytest.mark.slow
@needs_ocrmypdf
def test_ocr_makes_a_scanned_pdf_searchable(tmp_path):
    scan = scanned_pdf(tmp_path / "scanned minutes.pdf", [SCAN_LINES])
    original = scan.read_bytes()
    data = tmp_path / "data"

    (result,) = ingest_paths([scan], data, settings=OCR)

    assert result.outcome == "ingested", result.message
    assert ocr.USED in result.message
    assert result.doc_id == sha256_bytes(original)  # the id of the ORIGINAL bytes
    assert scan.read_bytes() == original  # the original file is untouched
    docs, text = stored_text(data)
    assert [d.path for d in docs] == [str(scan.resolve())]
    assert ocr.USED in docs[0].message
    for word in ("private", "fostering", "arrangements", "westminster", "schools"):
        assert word in text

    import index

    index.sync(data, semantic=False, progress=False)
    hits = index.search("fostering arrangements", mode="keyword", data_dir=data).hits
    assert hits and hits[0].doc_id == result.doc_id and hits[0].page == 1


@pytest.mark.slow
@needs_ocrmypdf
def test_ocr_reads_only_the_pages_without_text(tmp_path):
    scan = scanned_pdf(tmp_path / "scan.pdf", [SCAN_LINES])
    text_only = make_pdf(
        tmp_path / "typed.pdf", [["# Typed page", "Quarterly audit of referrals."]]
    )
    mixed = tmp_path / "mixed.pdf"
    _concat([text_only, scan], mixed)

    before = ingest_paths([mixed], tmp_path / "plain", settings=PLAIN)[0]
    assert before.outcome == "ingested" and "page 2: no text layer; OCR needed" in before.message

    (result,) = ingest_paths([mixed], tmp_path / "data", settings=OCR)
    assert result.outcome == "ingested" and ocr.USED in result.message
    assert "no text layer" not in result.message
    with Store(tmp_path / "data", readonly=True) as store:
        pages = {p.number: p.text.lower() for p in store.pages(result.doc_id)}
    assert "quarterly audit of referrals" in pages[1]
    assert "fostering" in pages[2] and "westminster" in pages[2]


def _concat(parts: list[Path], out: Path) -> None:
    import pypdfium2 as pdfium

    dest = pdfium.PdfDocument.new()
    for part in parts:
        src = pdfium.PdfDocument(str(part))
        dest.import_pages(src)
        src.close()
    dest.save(str(out))
    dest.close()


@needs_ocrmypdf
def test_without_ocr_option_a_scan_still_fails_clearly(tmp_path):
    scan = scanned_pdf(tmp_path / "scan.pdf", [SCAN_LINES])
    (result,) = ingest_paths([scan], tmp_path / "data", settings=PLAIN)
    assert (result.outcome, result.message) == ("failed", "no text layer; OCR needed")


def _cli(args: list[str], path_dirs: list[Path]) -> subprocess.CompletedProcess[str]:
    path = os.pathsep.join(str(d) for d in path_dirs)
    env = child_env(PATH=path, drop=("BOARDSEARCH_OCR",))
    return subprocess.run(
        [sys.executable, "-m", "ui.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=ROOT,
    )


@pytest.mark.slow
def test_ocr_requested_without_ocrmypdf_says_one_line_and_batch_goes_on(tmp_path):
    from ..helpers import make_image_pdf

    folder = tmp_path / "papers"
    folder.mkdir()
    make_image_pdf(folder / "scan.pdf")
    make_pdf(folder / "typed.pdf", [["# Minutes", "The Board met in March."]])
    empty_bin = tmp_path / "bin"  # a PATH without ocrmypdf
    empty_bin.mkdir()

    run = _cli(
        [
            "ingest",
            str(folder),
            "--data-dir",
            str(tmp_path / "data"),
            "--ocr",
            "--quiet",
            "--no-index",
            "--workers",
            "1",
        ],
        [empty_bin],
    )

    assert run.returncode == 1, run.stderr
    lines = run.stderr.strip().splitlines()
    assert lines.count(f"boardsearch: {ocr.NOT_INSTALLED}") == 1
    assert any("scan.pdf" in ln and "no text layer; OCR needed" in ln for ln in lines)
    assert "Traceback" not in run.stderr
    with Store(tmp_path / "data", readonly=True) as store:
        assert [Path(d.path).name for d in store.documents()] == ["typed.pdf"]


def test_env_setting_turns_ocr_on(monkeypatch):
    monkeypatch.setenv("BOARDSEARCH_OCR", "1")
    monkeypatch.setenv("BOARDSEARCH_OCR_TIMEOUT", "42")
    settings = IngestSettings.from_env()
    assert settings.ocr and settings.ocr_timeout_s == 42
    monkeypatch.setenv("BOARDSEARCH_OCR", "0")
    assert not IngestSettings.from_env().ocr


def _fake_ocrmypdf(folder: Path, body: str) -> Path:
    folder.mkdir(exist_ok=True)
    exe = folder / "ocrmypdf"
    exe.write_text(f"#!/bin/sh\n{body}\n")
    exe.chmod(0o755)
    return folder


@pytest.mark.parametrize(
    ("body", "timeout", "expected"),
    [
        ("sleep 30", 1, "OCR took longer than 1 s and was stopped"),
        (
            "echo 'tesseract: out of cheese' >&2; exit 15",
            60,
            "OCR failed: ocrmypdf exit code 15 (tesseract: out of cheese)",
        ),
        ("exit 0", 60, "OCR failed: ocrmypdf wrote no output"),
    ],
)
def test_ocr_failures_are_one_line_and_the_batch_goes_on(
    tmp_path, monkeypatch, body, timeout, expected
):
    from ..helpers import make_image_pdf

    monkeypatch.setenv("PATH", f"{_fake_ocrmypdf(tmp_path / 'bin', body)}:/usr/bin:/bin")
    scan = make_image_pdf(tmp_path / "scan.pdf")
    typed = make_pdf(tmp_path / "typed.pdf", [["# Minutes", "The Board met in March."]])
    settings = IngestSettings(workers=1, enrich=False, ocr=True, ocr_timeout_s=timeout)

    results = {
        Path(r.path).name: r for r in ingest_paths([scan, typed], tmp_path / "d", settings=settings)
    }

    assert (results["scan.pdf"].outcome, results["scan.pdf"].message) == ("failed", expected)
    assert results["typed.pdf"].outcome == "ingested"
    assert results["typed.pdf"].message == ""  # a file with text is never sent to OCR


def test_scanned_pages_are_straightened_before_they_are_read(tmp_path: Path) -> None:
    """A page scanned half a degree askew slopes its lines across a table; ocrmypdf
    deskews the copy the reader reads (never the original)."""
    cmd = ocr.command(tmp_path / "in.pdf", tmp_path / "out.pdf")
    assert "--deskew" in cmd and "--skip-text" in cmd
    assert cmd[-2:] == [str(tmp_path / "in.pdf"), str(tmp_path / "out.pdf")]
