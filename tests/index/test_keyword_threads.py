"""The keyword index is shared by the UI's threads: a search must never see a half-swapped
searcher (docnums from one reader, passage ids from the next) while another thread's change
is picked up. Before the index took a lock this raised IndexError now and then."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from index.catalog import Row
from index.keyword import KeywordIndex
from ingest.model import Document, Passage


def _rows(doc_n: int, n: int) -> list[tuple[Row, str]]:
    doc = Document(id=f"{doc_n:064x}", path=f"/tmp/d{doc_n}.pdf", title=f"Paper {doc_n}")
    words = "neglect police housing interpreters missing children board review".split()
    out = []
    for i in range(n):
        text = f"{words[i % len(words)]} {words[(i * 3) % len(words)]} safeguarding item {i}"
        out.append((Row(Passage(doc.id, i, "paragraph", text, 1), doc), f"fp{doc_n}"))
    return out


@pytest.mark.slow
def test_searches_from_threads_while_the_index_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ranked = KeywordIndex._ranked

    def slow_ranked(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        out = ranked(self, *args, **kwargs)
        time.sleep(0.002)  # widen the window between scoring and the id look-up
        return out

    monkeypatch.setattr(KeywordIndex, "_ranked", slow_ranked)
    writer = KeywordIndex(tmp_path)
    writer.update([], _rows(0, 40))
    shared = KeywordIndex(tmp_path)  # the searching side, as the UI holds it
    errors: list[BaseException] = []
    done = threading.Event()

    def search() -> None:
        while not done.is_set():
            try:
                shared.notice_change()  # look for a newer index on every query
                hits = shared.search("safeguarding neglect", 10, None, True)
                assert len(hits.pids) == len(hits.scores)
                shared.matching("safeguarding", "and", 10)
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
                return

    threads = [threading.Thread(target=search) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        for n in range(1, 25):  # new papers; every few, a rebuild renumbers every passage
            if n % 4 == 0:
                writer.rebuild(_rows(n, 10 + n))
            else:
                writer.update([], _rows(n, 30))
            time.sleep(0.005)
    finally:
        done.set()
        for t in threads:
            t.join(timeout=60)
    assert not errors, repr(errors[0])
    assert shared.search("safeguarding", 5, None, False).pids  # still answers afterwards


def test_one_search_reads_one_index_even_when_it_changes_midway(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under load a search can take over a second; a newer index written meanwhile must not
    be picked up halfway (docnums matched in the new index, ids looked up in the old: the
    IndexError seen in test_search_while_ingesting on a loaded machine)."""
    writer = KeywordIndex(tmp_path)
    writer.update([], _rows(0, 20))
    kw = KeywordIndex(tmp_path)
    assert kw.search('"safeguarding item"', 5, None, True).pids  # the searcher is open
    ranked = KeywordIndex._ranked
    grown: list[int] = []

    def ranked_then_index_grows(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        out = ranked(self, *args, **kwargs)
        if not grown:  # another process adds papers while this search is under way
            grown.append(writer.update([], [r for n in (1, 2, 3) for r in _rows(n, 40)]))
            self.notice_change()
        return out

    monkeypatch.setattr(KeywordIndex, "_ranked", ranked_then_index_grows)
    hits = kw.search('"safeguarding item"', 5, None, True)  # a phrase: matched set read apart
    assert grown and hits.pids and hits.matched is not None
    assert len(hits.matched) == 20  # what the index held when the search began
    monkeypatch.setattr(KeywordIndex, "_ranked", ranked)
    assert len(kw.search('"safeguarding item"', 5, None, True).matched) == 140  # next search
