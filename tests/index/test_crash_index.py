"""Crash safety with the search indexes: `boardsearch ingest` (store + index sync) killed
with SIGKILL at several points leaves a store that opens, indexes that `index.sync` brings
in line, and every stored document searchable; a re-run then completes.

The kill points are states seen in the data folder (not fixed delays), so each run stops
the ingest in the phase it names: while the store is being created, between documents,
when the index sync takes its lock, after vectors were written, after Whoosh appeared.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import index
from index.keyword import KeywordIndex
from index.vectors import VectorStore
from ingest.errors import StoreError
from ingest.settings import Settings
from ingest.store import Store

from ..helpers import ROOT, child_env, ingest_cmd, make_pdf

pytestmark = pytest.mark.real

N_PAPERS = 10
HASH = Settings.of(model="hash-256", progress=False)


def marker(i: int) -> str:
    return "zq" + "".join("bcdfghjklm"[int(d)] for d in f"{i:03d}") + "w"


def papers(folder: Path) -> Path:
    folder.mkdir()
    for i in range(N_PAPERS):
        pages = [
            [
                f"# Board paper {i} page {p}",
                f"Escalation and neglect audit {marker(i)} on page {p}.",
                *(f"Line {k}: partners reviewed child protection plan {i}-{k}." for k in range(22)),
            ]
            for p in range(5)
        ]
        make_pdf(folder / f"paper-{i:02d}.pdf", pages, title=f"Board paper {i}")
    return folder


def doc_count(data: Path) -> int:
    try:
        with Store(data, readonly=True) as store:
            return len(store.doc_ids())
    except (StoreError, sqlite3.Error):
        return 0


KILL_POINTS: dict[str, Callable[[Path], bool]] = {
    "store-created": lambda d: (d / "boardsearch.sqlite").exists(),
    "mid-store": lambda d: doc_count(d) >= 3,
    "sync-lock": lambda d: (d / "index.lock").exists(),
    "vectors-written": lambda d: (d / "vectors").is_dir() and any((d / "vectors").iterdir()),
    "whoosh-appeared": lambda d: (d / "whoosh").is_dir(),
}


def ingest_env() -> dict[str, str]:
    return child_env(BOARDSEARCH_MODEL="hash-256", BOARDSEARCH_ENRICH="0")


def kill_when(proc: subprocess.Popen, ready: Callable[[Path], bool], data: Path) -> bool:
    """SIGKILL the ingest as soon as `ready(data)` holds; False if it finished first."""
    while proc.poll() is None:
        if ready(data):
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.005)
    return False


def assert_store_and_indexes_agree(data: Path) -> set[str]:
    """The store opens; after sync both indexes hold exactly the stored documents, all searchable."""
    with sqlite3.connect(data / "boardsearch.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    report = index.sync(data, HASH, progress=False)
    with Store(data, readonly=True) as store:
        docs = {d.id: d for d in store.documents()}
        passage_ids = {p.id for p in store.passages()}
        for d in docs.values():
            assert len(store.pages(d.id)) == d.pages
    assert report.total_passages == len(passage_ids) or not docs
    kw = KeywordIndex(data)
    assert set(kw.fingerprints()) == set(docs)
    kw.close()
    vectors = VectorStore(data).load()
    assert set(vectors.ids if vectors else ()) == passage_ids
    ix = index.Index(data, HASH)
    for doc in docs.values():
        i = int(Path(doc.path).stem.split("-")[1])
        for mode in ("keyword", "hybrid"):
            hits = ix.search(marker(i), mode=mode, limit=3).hits
            assert hits and hits[0].doc_id == doc.id, f"{doc.path} not found by {mode}"
    if docs:  # the hash embedder ranks loosely; that the vectors are all there is checked above
        semantic = ix.search("neglect audit", mode="semantic", limit=5)
        assert semantic.hits and not semantic.messages
    return set(docs)


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_sigkill_during_ingest_with_index_sync(tmp_path, point):
    folder = papers(tmp_path / "papers")
    data = tmp_path / "data"
    cmd = ingest_cmd(folder, data)
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ingest_env(), cwd=ROOT
    )
    killed = kill_when(proc, KILL_POINTS[point], data)
    print(f"{point}: killed={killed}, stored before the kill: {doc_count(data)}")

    before = assert_store_and_indexes_agree(data) if doc_count(data) else set()

    rerun = subprocess.run(
        cmd, capture_output=True, text=True, env=ingest_env(), cwd=ROOT, timeout=600
    )
    assert rerun.returncode == 0, rerun.stderr
    assert "Traceback" not in rerun.stderr
    after = assert_store_and_indexes_agree(data)
    assert before <= after and len(after) == N_PAPERS
