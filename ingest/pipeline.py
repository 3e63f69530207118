"""Files and folders in, stored documents out; one FileResult per file.

The batch always goes on: a file that cannot be read becomes a failed
FileResult with a one-line message, and nothing already stored changes.
Parsing (the slow part) can run in a process pool; only the parent process
writes to the store, one transaction per document.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

from . import docx, extract, pdf, text
from . import ocr as ocrkit
from .errors import BoardsearchError, IngestError, NoTextLayer, TooLarge, UnsupportedFile
from .metadata import detect
from .model import (
    Document,
    Extracted,
    FileResult,
    ParsedDocument,
    Record,
    Status,
    sha256_bytes,
)
from .safety import check_pdf_bytes
from .settings import IngestSettings
from .store import Store
from .structure import build

Reader = Callable[[Path, str], Extracted]  # (file, document id) -> pages, tables, warnings

READERS: dict[str, Reader] = {
    ".pdf": pdf.read,
    ".docx": docx.read,
    ".txt": text.read,
    ".md": text.read,
    ".markdown": text.read,
}
MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
}
METADATA_PAGES = 3
WINDOW = 2  # files in flight per worker process (parsed, or waiting for the store)
Progress = Callable[[int, int, str], None]


def discover(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[FileResult]]:
    """Expand folders (recursively) into the files boardsearch reads.

    Files named explicitly are kept whatever their type (an unsupported type is
    reported when it is ingested); inside folders only supported types are taken
    and hidden files are skipped.
    """
    files: list[Path] = []
    problems: list[FileResult] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in READERS
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif path.is_file():
            found = [path]
        else:
            problems.append(FileResult(str(path), "failed", message="no such file or folder"))
            continue
        for p in found:
            resolved = p.resolve()
            if resolved not in seen:
                seen.add(resolved)
                files.append(resolved)
    return files, problems


def parse_file(
    path: Path, data: bytes | None = None, *, enrich: bool = True, read_from: Path | None = None
) -> ParsedDocument:
    """Read one file into a ParsedDocument (no store involved). Raises IngestError.

    ``read_from`` is a stand-in file the reader reads instead (an OCR'd copy); the
    document keeps ``path`` and the id of ``data``, the original bytes.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in READERS:
        raise UnsupportedFile(
            path,
            f"unsupported file type '{suffix or 'none'}'; boardsearch reads PDF, DOCX, TXT and MD",
        )
    if data is None:
        data = path.read_bytes()
    doc_id = sha256_bytes(data)
    extracted = READERS[suffix](read_from or path, doc_id)
    sections, passages, tables = build(doc_id, extracted)
    head = "\n".join(p.raw_text for p in extracted.pages[:METADATA_PAGES])
    meta = detect(path, head, extracted.title_hint, extracted.info)
    warnings = list(extracted.warnings)
    document = Document(
        id=doc_id,
        path=str(path),
        title=meta.title,
        board=meta.board,
        boroughs=meta.boroughs,
        period=meta.period,
        doc_type=meta.doc_type,
        pages=len(extracted.pages),
        synthetic=meta.synthetic,
        media_type=MEDIA_TYPES.get(suffix, ""),
        size=len(data),
        date=meta.date,
    )
    parsed = ParsedDocument(document, extracted.pages, sections, tables, passages)
    records: tuple[Record[Any], ...] = ()
    if enrich:  # the extractors of ingest/extract/, in order; a failed one is a warning
        records, problems = extract.run(parsed)
        warnings.extend(problems)
    status: Status = "partial" if warnings else "ok"
    message = "; ".join([*warnings, *extracted.notes])
    document = replace(document, status=status, message=message)
    return replace(parsed, document=document, records=records)


def _parse_job(
    path: str,
    enrich: bool,
    max_bytes: int,
    ocr_timeout_s: float = 0,
    data: bytes | None = None,
    read_from: Path | None = None,
) -> ParsedDocument | FileResult:
    """Worker entry point: never raises, so one bad file cannot stop the pool.

    ``ocr_timeout_s`` > 0 means OCR was asked for and ocrmypdf is installed.
    ``data`` and ``read_from`` (the file's bytes and a copy of them to read) are given
    when the file itself is on another machine (a cluster task).
    """
    p = Path(path)
    try:
        if data is None:
            size = p.stat().st_size
            if size > max_bytes:
                raise TooLarge(p, f"{size // 2**20} MB is over the {max_bytes // 2**20} MB limit")
            data = p.read_bytes()
        if p.suffix.lower() != ".pdf":
            return parse_file(p, data, enrich=enrich, read_from=read_from)
        check_pdf_bytes(p, data)
        if ocr_timeout_s > 0:
            return _parse_with_ocr(p, data, enrich, ocr_timeout_s, read_from)
        return parse_file(p, data, enrich=enrich, read_from=read_from)
    except IngestError as exc:
        return FileResult(path, "failed", message=exc.problem)
    except MemoryError:
        return FileResult(path, "failed", message="ran out of memory reading this file")
    except Exception as exc:  # unexpected: report as data, keep the batch going
        return FileResult(
            path, "failed", message=f"could not be read ({type(exc).__name__}: {exc})"
        )


def _parse_remote(
    path: str, data: bytes, enrich: bool, max_bytes: int, ocr_timeout_s: float
) -> ParsedDocument | FileResult:
    """A cluster task: parse a file from its bytes (the node need not see the file)."""
    with tempfile.TemporaryDirectory(prefix="boardsearch-task-") as tmp:
        copy = Path(tmp) / f"file{Path(path).suffix.lower()}"
        copy.write_bytes(data)
        return _parse_job(path, enrich, max_bytes, ocr_timeout_s, data=data, read_from=copy)


def _needs_ocr(parsed: ParsedDocument) -> bool:
    return any(not page.has_text_layer for page in parsed.pages)


def _parse_with_ocr(
    path: Path, data: bytes, enrich: bool, timeout_s: float, read_from: Path | None = None
) -> ParsedDocument:
    """Parse a PDF; when pages have no text layer, parse an OCR'd copy instead."""
    try:
        parsed = parse_file(path, data, enrich=enrich, read_from=read_from)
        if not _needs_ocr(parsed):
            return parsed
    except NoTextLayer:
        pass
    with ocrkit.ocr_copy(read_from or path, timeout_s) as copy:
        try:
            parsed = parse_file(path, data, enrich=enrich, read_from=copy)
        except NoTextLayer:
            raise NoTextLayer(path, "no text layer, and OCR found no readable text") from None
    doc = parsed.document
    message = "; ".join(m for m in (ocrkit.USED, doc.message) if m)
    return replace(parsed, document=replace(doc, message=message))


def preflight(settings: IngestSettings) -> list[str]:
    """Check what the settings ask for before any file is read, so a person hears at once
    what would otherwise come after minutes of reading: a cluster address that is not
    understood, or Ray not installed, is a ClusterError; OCR asked for without ocrmypdf is
    a note (the files are read without OCR). Returns the notes."""
    if settings.cluster:
        from . import cluster

        cluster.check_address(settings.cluster)
        cluster.import_ray()
    if settings.ocr and not ocrkit.available():
        return [ocrkit.NOT_INSTALLED]
    return []


def ingest_paths(
    paths: Iterable[str | os.PathLike[str]],
    data_dir: str | os.PathLike[str],
    *,
    settings: IngestSettings | None = None,
    progress: Progress | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> list[FileResult]:
    """Ingest files and folders into the store in `data_dir`; one result per file.

    `meanwhile` is work for this process while worker processes read (the index sync's
    model loading): run on a thread once the workers have started, finished (its errors
    ignored: the work is done again where it is needed) before this returns."""
    settings = settings or IngestSettings.from_env()
    files, results = discover(paths)
    total = len(files)
    with Store(data_dir) as store:
        todo: list[tuple[Path, os.stat_result]] = []
        twins: dict[Path, list[Path]] = {}  # first path -> later paths with the same bytes
        first_of: dict[str, Path] = {}  # doc_id -> first path in this batch
        done = 0
        for path in files:
            skipped, doc_id = _skip_if_unchanged(store, path)
            if skipped is None and doc_id in first_of:
                twins.setdefault(first_of[doc_id], []).append(path)  # same bytes, same batch
                continue
            if skipped is not None:
                results.append(skipped)
                done += 1
                if progress:
                    progress(done, total, str(path))
            else:
                first_of[doc_id] = path
                todo.append((path, path.stat()))
        parsed = _parse_all(todo, settings, _Meanwhile(meanwhile))
        for (path, stat), outcome in zip(todo, parsed, strict=True):
            result = _store_outcome(store, path, stat, outcome)
            results.append(result)
            for twin in twins.get(path, []):
                results.append(_twin_outcome(store, twin, result))
            done += 1 + len(twins.get(path, []))
            if progress:
                progress(done, total, str(path))
    return results


def _twin_outcome(store: Store, twin: Path, first: FileResult) -> FileResult:
    """The result for a file whose bytes equal another file of the same batch."""
    if first.outcome != "ingested":
        return FileResult(str(twin), "failed", first.doc_id, first.message)
    stat = twin.stat()
    store.add_path(first.doc_id, str(twin), size=stat.st_size, mtime_ns=stat.st_mtime_ns)
    return FileResult(
        str(twin),
        "skipped",
        first.doc_id,
        f"same content as {Path(first.path).name}; path recorded",
        first.pages,
        first.title,
    )


def _skip_if_unchanged(store: Store, path: Path) -> tuple[FileResult | None, str]:
    """(a FileResult when the file's bytes are stored already, else None; the doc id)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        failed = FileResult(str(path), "failed", message=f"cannot read the file ({exc.strerror})")
        return failed, ""
    doc_id = sha256_bytes(data)
    doc = store.document(doc_id)
    if doc is None:
        return None, doc_id
    stat = path.stat()
    known = store.path_entry(str(path))
    if known is None or known[0] != doc_id:
        store.add_path(doc_id, str(path), size=stat.st_size, mtime_ns=stat.st_mtime_ns)
        message = "same content as a stored document; path recorded"
    else:
        message = "unchanged"
    return FileResult(str(path), "skipped", doc_id, message, doc.pages, doc.title), doc_id


class _Meanwhile:
    """Work run on a thread beside the worker processes, once they have started (a fork
    after the thread started could copy a lock it holds), and waited for at the end."""

    def __init__(self, work: Callable[[], object] | None) -> None:
        self.work = work
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        if self.work is not None and self.thread is None:
            self.thread = threading.Thread(target=self._run, name="meanwhile", daemon=True)
            self.thread.start()

    def _run(self) -> None:
        try:
            if self.work is not None:
                self.work()
        except Exception:  # noqa: BLE001, S110 - done again, with its error, where needed
            pass

    def wait(self) -> None:
        if self.thread is not None:
            self.thread.join()


def _parse_all(
    todo: list[tuple[Path, os.stat_result]], settings: IngestSettings, meanwhile: _Meanwhile
) -> Iterator[ParsedDocument | FileResult]:
    max_bytes = settings.max_file_mb * 2**20
    ocr_s = settings.ocr_timeout_s if settings.ocr and ocrkit.available() else 0
    if settings.cluster:
        yield from _parse_on_cluster(todo, settings, max_bytes, ocr_s)
        return
    if settings.workers <= 1 or len(todo) <= 1:
        for path, _ in todo:
            yield _parse_job(str(path), settings.enrich, max_bytes, ocr_s)
        return
    try:
        yield from _parse_in_pool(todo, settings, max_bytes, ocr_s, meanwhile)
    finally:
        meanwhile.wait()


def _parse_in_pool(
    todo: list[tuple[Path, os.stat_result]],
    settings: IngestSettings,
    max_bytes: int,
    ocr_s: float,
    meanwhile: _Meanwhile,
) -> Iterator[ParsedDocument | FileResult]:
    """Parse in worker processes, results in input order, with at most WINDOW files per
    worker in flight: a batch of any size holds a few parsed documents at a time, never
    all of them (they waited in the parent for the store)."""
    window = WINDOW * settings.workers
    pending: deque[tuple[Path, Future[ParsedDocument | FileResult]]] = deque()
    paths = iter(p for p, _ in todo)
    with ProcessPoolExecutor(max_workers=settings.workers) as pool:
        for path in paths:
            job = pool.submit(_parse_job, str(path), settings.enrich, max_bytes, ocr_s)
            pending.append((path, job))
            meanwhile.start()  # the workers start with the first job (forked, on Linux)
            if len(pending) >= window:
                yield _result(*pending.popleft())
        while pending:
            yield _result(*pending.popleft())


def _result(path: Path, future: Future[ParsedDocument | FileResult]) -> ParsedDocument | FileResult:
    try:
        return future.result()
    except Exception as exc:  # a worker that died (killed, out of memory)
        return FileResult(str(path), "failed", message=f"reader crashed ({exc})")


def _parse_on_cluster(
    todo: list[tuple[Path, os.stat_result]], settings: IngestSettings, max_bytes: int, ocr_s: float
) -> Iterator[ParsedDocument | FileResult]:
    """Parse on Ray tasks, results in input order; a few files in flight per cluster CPU.

    The bytes travel with the task, so at most ``window`` files are held in the
    cluster's object store at once.
    """
    from . import cluster

    ray = cluster.connect(settings.cluster)
    task = cluster.remote(ray, _parse_remote, max_retries=1)
    window = max(2, 2 * int(ray.cluster_resources().get("CPU", 1)))
    pending: deque[tuple[Path, object]] = deque()
    paths = iter(todo)

    def submit() -> bool:
        for path, stat in paths:
            if stat.st_size > max_bytes:
                problem = f"{stat.st_size // 2**20} MB is over the {max_bytes // 2**20} MB limit"
                pending.append((path, FileResult(str(path), "failed", message=problem)))
                return True
            try:
                data = path.read_bytes()
            except OSError as exc:
                failed = FileResult(
                    str(path), "failed", message=f"cannot read the file ({exc.strerror})"
                )
                pending.append((path, failed))
                return True
            ref = task.remote(str(path), data, settings.enrich, max_bytes, ocr_s)
            pending.append((path, ref))
            return True
        return False

    while len(pending) < window and submit():
        pass
    while pending:
        path, ref = pending.popleft()
        if isinstance(ref, FileResult):
            yield ref
        else:
            try:
                yield ray.get(ref)
            except Exception as exc:  # noqa: BLE001 - a task or node that died
                yield FileResult(str(path), "failed", message=f"cluster task failed ({exc})")
        while len(pending) < window and submit():
            pass


def _store_outcome(
    store: Store, path: Path, stat: os.stat_result, outcome: ParsedDocument | FileResult
) -> FileResult:
    if isinstance(outcome, FileResult):
        return outcome
    doc = outcome.document
    try:
        store.save(outcome, size=stat.st_size, mtime_ns=stat.st_mtime_ns)
    except (BoardsearchError, OSError, Exception) as exc:  # noqa: BLE001 - reported as data
        return FileResult(str(path), "failed", doc.id, f"could not be stored ({exc})")
    return FileResult(str(path), "ingested", doc.id, doc.message, doc.pages, doc.title)
