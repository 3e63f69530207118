"""Ingest pipeline: bad input is reported per file, the batch goes on, the store stays intact."""

from __future__ import annotations

import shutil

import pytest

from ingest.model import FileResult
from ingest.pipeline import discover, ingest_paths
from ingest.settings import IngestSettings
from ingest.store import Store

from ..helpers import make_image_pdf, make_pdf

ONE = IngestSettings(workers=1, enrich=False)

GOOD_PAGES = [
    [
        "# Westminster LSCB Annual Report 2011/12",
        "Local Safeguarding Children Board",
        "April 2011 to March 2012",
        "The Board met six times during the year.",
    ],
    ["# 1. Introduction", "The Board oversaw multi-agency training for staff."],
]


def by_name(results: list[FileResult]) -> dict[str, FileResult]:
    return {r.path.rsplit("/", 1)[-1]: r for r in results}


@pytest.fixture
def bad_folder(tmp_path):
    folder = tmp_path / "papers"
    folder.mkdir()
    make_pdf(folder / "good.pdf", GOOD_PAGES)
    (folder / "empty.pdf").write_bytes(b"")
    good = (folder / "good.pdf").read_bytes()
    (folder / "truncated.pdf").write_bytes(good[: len(good) // 2])
    (folder / "random.pdf").write_bytes(bytes(range(256)) * 40)
    (folder / "page.pdf").write_bytes(b"<!DOCTYPE html><html><body>Not found</body></html>")
    make_pdf(folder / "locked.pdf", GOOD_PAGES, encrypt="secret")
    make_image_pdf(folder / "scan.pdf", pages=2)
    (folder / "notes.txt").write_text("# Minutes\n\nThe Board agreed the plan.\n", encoding="utf-8")
    return folder


def test_bad_files_get_one_clear_line_and_the_batch_goes_on(bad_folder, tmp_path):
    results = by_name(ingest_paths([bad_folder], tmp_path / "data", settings=ONE))
    assert results["good.pdf"].outcome == "ingested"
    assert results["notes.txt"].outcome == "ingested"
    expected = {
        "empty.pdf": "empty",
        "truncated.pdf": "PDF",
        "random.pdf": "PDF",
        "page.pdf": "PDF",
        "locked.pdf": "password",
        "scan.pdf": "no text layer; OCR needed",
    }
    for name, words in expected.items():
        r = results[name]
        assert r.outcome == "failed", name
        assert words in r.message, (name, r.message)
        assert "\n" not in r.message and "Traceback" not in r.message
    with Store(tmp_path / "data") as store:
        assert len(store.documents()) == 2


def test_failures_leave_stored_documents_untouched(bad_folder, tmp_path):
    data = tmp_path / "data"
    ingest_paths([bad_folder / "good.pdf"], data, settings=ONE)
    with Store(data) as store:
        before = (store.documents(), list(store.passages()))
    ingest_paths([bad_folder], data, settings=ONE)
    with Store(data) as store:
        docs = {d.id: d for d in store.documents()}
        assert before[0][0] in docs.values()
        assert [p for p in store.passages() if p.doc_id == before[0][0].id] == before[1]


def test_reingest_unchanged_does_nothing(tmp_path):
    pdf = make_pdf(tmp_path / "a.pdf", GOOD_PAGES)
    data = tmp_path / "data"
    first = ingest_paths([pdf], data, settings=ONE)
    assert [r.outcome for r in first] == ["ingested"]
    db = data / "boardsearch.sqlite"
    with Store(data) as store:
        snapshot = (store.documents(), list(store.passages()))
    second = ingest_paths([pdf], data, settings=ONE)
    assert [(r.outcome, r.message) for r in second] == [("skipped", "unchanged")]
    with Store(data) as store:
        assert (store.documents(), list(store.passages())) == snapshot
    assert db.exists()


def test_changed_file_replaces_its_old_version(tmp_path):
    pdf = make_pdf(tmp_path / "a.pdf", GOOD_PAGES)
    data = tmp_path / "data"
    ingest_paths([pdf], data, settings=ONE)
    make_pdf(pdf, [*GOOD_PAGES, ["# 2. Training", "Private fostering awareness sessions."]])
    (result,) = ingest_paths([pdf], data, settings=ONE)
    assert result.outcome == "ingested"
    with Store(data) as store:
        (doc,) = store.documents()
        assert doc.pages == 3 and doc.id == result.doc_id
        assert any("Private fostering" in p.text for p in store.passages())


def test_duplicate_under_another_name_is_stored_once_with_both_paths(tmp_path):
    pdf = make_pdf(tmp_path / "a.pdf", GOOD_PAGES)
    copy = tmp_path / "Copy of “annual” report – Westminster's.pdf"
    shutil.copy(pdf, copy)
    data = tmp_path / "data"
    results = ingest_paths([pdf, copy], data, settings=ONE)
    assert sorted(r.outcome for r in results) == ["ingested", "skipped"]
    with Store(data) as store:
        (doc,) = store.documents()
        assert sorted(store.paths(doc.id)) == sorted([str(pdf.resolve()), str(copy.resolve())])


def test_process_pool_gives_the_same_documents(bad_folder, tmp_path):
    serial = ingest_paths([bad_folder], tmp_path / "one", settings=ONE)
    pooled = ingest_paths(
        [bad_folder], tmp_path / "two", settings=IngestSettings(workers=2, enrich=False)
    )
    assert sorted((r.path, r.outcome, r.doc_id) for r in serial) == sorted(
        (r.path, r.outcome, r.doc_id) for r in pooled
    )


def test_discover_skips_hidden_and_unsupported_in_folders_but_reports_named_ones(tmp_path):
    (tmp_path / ".hidden").mkdir()
    make_pdf(tmp_path / ".hidden" / "x.pdf", GOOD_PAGES)
    make_pdf(tmp_path / "a.pdf", GOOD_PAGES)
    (tmp_path / "truth.json").write_text("{}")
    files, problems = discover([tmp_path, tmp_path / "missing.pdf"])
    assert [f.name for f in files] == ["a.pdf"]
    assert problems[0].message == "no such file or folder"
    results = ingest_paths([tmp_path / "truth.json"], tmp_path / "data", settings=ONE)
    assert "unsupported file type '.json'" in results[0].message


def test_twin_of_a_failed_file_fails_too(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4 garbage")
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4 garbage")
    results = ingest_paths([tmp_path], tmp_path / "data", settings=ONE)
    assert [r.outcome for r in results] == ["failed", "failed"]


def test_a_pool_keeps_a_few_files_in_flight_in_input_order(tmp_path, monkeypatch):
    """However many files, the parent holds at most WINDOW per worker (parsed documents
    waiting for the store), and results still come in input order."""
    import ingest.pipeline as pipeline

    folder = tmp_path / "papers"
    folder.mkdir()
    for i in range(7):
        (folder / f"paper{i}.txt").write_text(f"Paper {i}\n\nThe board met {i} times.\n")
    monkeypatch.setattr(pipeline, "WINDOW", 1)
    seen = []
    submit = pipeline.ProcessPoolExecutor.submit

    def counted(pool, *args, **kwargs):  # noqa: ANN001, ANN202
        seen.append(len(pool._pending_work_items))
        return submit(pool, *args, **kwargs)

    monkeypatch.setattr(pipeline.ProcessPoolExecutor, "submit", counted)
    results = ingest_paths(
        [folder], tmp_path / "d", settings=IngestSettings(workers=2, enrich=False)
    )
    assert [r.path.rsplit("/", 1)[-1] for r in results] == [f"paper{i}.txt" for i in range(7)]
    assert all(r.outcome == "ingested" for r in results)
    assert len(seen) == 7 and max(seen) <= 2


def test_work_given_for_meanwhile_runs_beside_the_workers_and_its_errors_are_ignored(
    bad_folder, tmp_path
):
    ran = []
    two = IngestSettings(workers=2, enrich=False)
    results = ingest_paths(
        [bad_folder], tmp_path / "a", settings=two, meanwhile=lambda: ran.append(1)
    )
    assert ran == [1] and by_name(results)["good.pdf"].outcome == "ingested"

    def broken() -> None:
        raise RuntimeError("the model is not there")

    results = ingest_paths([bad_folder], tmp_path / "b", settings=two, meanwhile=broken)
    assert by_name(results)["good.pdf"].outcome == "ingested"
