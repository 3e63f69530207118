"""Searching while colleagues add files: reads never fail and never cite a missing document.

`boardsearch ingest` (with index sync, hash embedder) runs in other processes, batch
after batch, while this process keeps searching (keyword and hybrid, through one
long-lived Index as the UI holds) and opening the store read-only.
"""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

import pytest

from index import Index, SearchResult
from ingest.errors import StoreError
from ingest.settings import Settings
from ingest.store import Store

from ..helpers import ROOT, child_env, ingest_cmd, make_pdf

pytestmark = pytest.mark.real

BATCHES = 3
PER_BATCH = 5
HASH = Settings.of(model="hash-256", progress=False)


def marker(i: int) -> str:
    """A made-up word found in exactly one generated paper (letters only, unstemmable)."""
    return "zq" + "".join("bcdfghjklm"[int(d)] for d in f"{i:03d}") + "x"


def make_batches(root: Path) -> list[Path]:
    folders = []
    for b in range(BATCHES):
        folder = root / f"batch-{b}"
        folder.mkdir(parents=True)
        for k in range(PER_BATCH):
            i = b * PER_BATCH + k
            pages = [
                [
                    f"# Board paper {i} part {p}",
                    f"Safeguarding training and neglect audit {marker(i)} page {p}.",
                    *(
                        f"Line {n}: the partnership reviewed child protection plans."
                        for n in range(20)
                    ),
                ]
                for p in range(3)
            ]
            make_pdf(folder / f"paper-{i:02d}.pdf", pages, title=f"Board paper {i}")
        folders.append(folder)
    return folders


def ingest_env() -> dict[str, str]:
    return child_env(BOARDSEARCH_MODEL="hash-256", BOARDSEARCH_ENRICH="0", HF_HUB_OFFLINE="1")


def run_ingests(folders: list[Path], data: Path, outcomes: list[subprocess.CompletedProcess]):
    for folder in folders:
        cmd = ingest_cmd(folder, data)
        outcomes.append(
            subprocess.run(
                cmd, capture_output=True, text=True, env=ingest_env(), cwd=ROOT, timeout=600
            )
        )


def stored(data: Path) -> dict[str, int]:
    """doc id -> page count, read through a read-only store (empty before the first ingest)."""
    try:
        with Store(data, readonly=True) as store:
            return {d.id: d.pages for d in store.documents()}
    except StoreError:
        return {}


def check_result(result: SearchResult, data: Path) -> int:
    assert isinstance(result, SearchResult)
    docs = stored(data)  # opened after the search: the store only grows during this test
    for hit in result.hits:
        assert hit.doc_id in docs, f"hit cites {hit.doc_id[:12]}, which is not in the store"
        assert 1 <= hit.page <= docs[hit.doc_id]
    return len(result.hits)


def test_search_while_ingesting(tmp_path):
    folders = make_batches(tmp_path / "papers")
    data = tmp_path / "data"
    outcomes: list[subprocess.CompletedProcess] = []
    writer = threading.Thread(target=run_ingests, args=(folders, data, outcomes))
    index = Index(data, HASH)  # the UI keeps one Index open for the whole session
    queries = ["safeguarding training", "neglect audit", marker(0), '"child protection"']
    searches = hits_seen = 0

    writer.start()
    try:
        while True:
            running = writer.is_alive()
            for q in queries:
                for mode in ("keyword", "hybrid"):
                    hits_seen += check_result(index.search(q, mode=mode, limit=10), data)
                    searches += 1
            fresh = Index(data, HASH)  # and a new session opening mid-ingest
            check_result(fresh.search("partnership", mode="keyword"), data)
            if not running:
                break
    finally:
        writer.join()

    for run in outcomes:
        assert run.returncode == 0, run.stderr
        assert "Traceback" not in run.stderr
    assert len(outcomes) == BATCHES and searches >= 8
    print(f"{searches} searches during the ingests, {hits_seen} hits checked")

    docs = stored(data)
    assert len(docs) == BATCHES * PER_BATCH
    index.refresh(force=True)
    for i in range(BATCHES * PER_BATCH):
        for mode in ("keyword", "hybrid"):
            result = index.search(marker(i), mode=mode, limit=3)
            assert result.hits, f"paper {i} is not searchable by {mode}"
            assert result.hits[0].doc_id in docs
            assert marker(i) in result.hits[0].text
