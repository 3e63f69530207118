"""Optional OCR for scanned PDFs, through the external ``ocrmypdf`` command.

boardsearch never OCRs on its own initiative: the person asks for it
(``boardsearch ingest --ocr`` or ``BOARDSEARCH_OCR=1``). ``ocrmypdf --skip-text``
adds a text layer to the pages that have none and leaves the others alone; the
result goes to a temporary file that the PDF reader then reads. The original
file stays the one the store points at, and the document id stays the sha256 of
the original bytes.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import settings
from .errors import OcrFailed

PROGRAM = "ocrmypdf"
NOT_INSTALLED = (
    "OCR requested but ocrmypdf is not installed; install it with: apt-get install ocrmypdf"
)
USED = "text from OCR (ocrmypdf) on pages without a text layer"
DEFAULT_TIMEOUT_S = settings.DEFAULT_OCR_TIMEOUT_S
# ocrmypdf's exit codes that say something about the input, in plain words.
_EXIT_PROBLEMS = {
    2: "OCR failed: ocrmypdf did not accept its options",
    3: "OCR failed: ocrmypdf could not read this PDF",
    4: "OCR failed: ocrmypdf produced an invalid PDF",
    8: "OCR failed: the PDF is password-protected",
}


def program() -> str | None:
    """The path of the ocrmypdf command, or None when it is not installed."""
    return shutil.which(PROGRAM)


def available() -> bool:
    return program() is not None


def command(source: Path, target: Path, exe: str = PROGRAM) -> list[str]:
    """The ocrmypdf command line: quiet, plain PDF out, no optimisation, one core.

    ``--deskew`` straightens each scanned page before it is read: a page fed in half a
    degree askew has its lines slope by several points across a landscape table, so
    words of one row drift onto the next and rows and cells come apart. The copy is
    only read; the original stays the file the store points at and the UI shows.
    """
    return [
        exe,
        "--skip-text",
        "--deskew",
        "--quiet",
        "--output-type",
        "pdf",
        "--optimize",
        "0",
        "--jobs",
        "1",
        str(source),
        str(target),
    ]


@contextmanager
def ocr_copy(path: Path, timeout_s: float = DEFAULT_TIMEOUT_S) -> Iterator[Path]:
    """Yield a temporary OCR'd copy of the PDF at ``path``; removed afterwards.

    Raises OcrFailed (one line naming the file) when ocrmypdf is missing, fails
    or runs longer than ``timeout_s`` seconds.
    """
    exe = program()
    if exe is None:
        raise OcrFailed(path, NOT_INSTALLED)
    with tempfile.TemporaryDirectory(prefix="boardsearch-ocr-") as tmp:
        target = Path(tmp) / "ocr.pdf"
        _run(path, command(path, target, exe), timeout_s)
        if not target.exists() or target.stat().st_size == 0:
            raise OcrFailed(path, "OCR failed: ocrmypdf wrote no output")
        yield target


def _run(path: Path, cmd: list[str], timeout_s: float) -> None:
    # tesseract would start one thread per core; the pipeline already runs parallel readers.
    env = settings.subprocess_env(OMP_THREAD_LIMIT="1")
    proc = subprocess.Popen(
        cmd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,  # so a timeout can stop ocrmypdf and its tesseracts together
    )
    try:
        _, err = proc.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise OcrFailed(path, f"OCR took longer than {timeout_s:.0f} s and was stopped") from None
    if proc.returncode != 0:
        raise OcrFailed(path, _problem(proc.returncode, err.decode("utf-8", "replace")))


def _problem(code: int, stderr: str) -> str:
    if code in _EXIT_PROBLEMS:
        return _EXIT_PROBLEMS[code]
    last = next((ln.strip() for ln in reversed(stderr.splitlines()) if ln.strip()), "")
    return f"OCR failed: ocrmypdf exit code {code}" + (f" ({last[:200]})" if last else "")
