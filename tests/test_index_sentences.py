"""Sentence view (index/sentences.py): splitting, best-sentence scores, sync, search."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from index import Index, Settings, sync
from index.embed import HashEmbedder
from index.sentences import DIR_NAME, SentenceView, owner_of, sentence_id, split_sentences
from index.vectors import VectorSet, VectorStore
from ingest.pipeline import ingest_paths
from ingest.store import Store

from .helpers import SETTINGS, need
from .helpers import index_doc as _doc

# One long paragraph that answers "quagga herds" in one sentence among unrelated ones,
# and a short one-sentence passage that shares one of the query's words.
LONG = (
    "The board met in March to agree the budget for the coming year. Members discussed "
    "training attendance figures across all partner agencies. Quagga herds graze the "
    "northern plains every spring. The chair thanked the minute taker for her careful "
    "notes. Audit results were circulated before the meeting by the business manager."
)
SHORT = "Herds of visitors came."
DOC = _doc("zoo.pdf", "Westminster", "2012/13", [LONG, SHORT, "Budget lines were agreed."])


def test_split_sentences_keeps_real_sentences_only() -> None:
    parts = split_sentences(LONG)
    assert len(parts) == 5 and parts[2] == "Quagga herds graze the northern plains every spring."
    assert split_sentences(SHORT) == []  # one sentence: the passage vector is enough
    assert split_sentences("Good. Page 3. See above.") == []  # no piece of four words
    row = "Police — Risk: staff vacancies remain high | Response: a recruitment drive began"
    assert split_sentences(row) == [
        "Police — Risk: staff vacancies remain high",
        "Response: a recruitment drive began",
    ]
    assert owner_of(sentence_id("abc#1", 3)) == "abc#1"


def test_sentence_view_scores_a_passage_by_its_best_sentence() -> None:
    vecs = np.eye(4, dtype=np.float32)
    # passage p1 has sentences along axes 0 and 2; p3 along axis 3; p2 has none
    vs = VectorSet("m", ["p1#0", "p1#1", "p3#0", "p3#1", "gone#0"], vecs[[0, 2, 3, 3, 1]])
    view = SentenceView(vs, {"p1": 0, "p2": 1, "p3": 2})
    passage_scores = np.array([0.25, 0.5, 0.125], dtype=np.float32)
    got = view.scores(np.array([0, 0, 1, 0], dtype=np.float32), passage_scores)
    assert got.tolist() == [1.0, 0.5, 0.0]  # best sentence; own score; best sentence
    assert passage_scores.tolist() == [0.25, 0.5, 0.125]  # not changed in place


def test_sync_writes_sentence_vectors_only_when_asked(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        store.save(DOC)
    sync(tmp_path, SETTINGS, HashEmbedder(256))
    assert VectorStore(tmp_path, DIR_NAME).load() is None  # the default is off
    on = replace(SETTINGS, sentence_view="unmatched")
    sync(tmp_path, on, HashEmbedder(256))
    vs = VectorStore(tmp_path, DIR_NAME).load()
    assert vs is not None and len(vs.ids) == 5  # LONG's five sentences, nothing else
    assert {owner_of(s) for s in vs.ids} == {DOC.passages[0].id}
    sync(tmp_path, on, HashEmbedder(256))  # unchanged: kept as it is
    assert VectorStore(tmp_path, DIR_NAME).load().ids == vs.ids
    sync(tmp_path, SETTINGS, HashEmbedder(256))  # switched off: removed
    assert not (tmp_path / DIR_NAME).exists()


def test_search_ranks_by_best_sentence_when_asked(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        store.save(DOC)
    on = replace(SETTINGS, sentence_view="always")
    sync(tmp_path, on, HashEmbedder(256))
    query = "quagga herds"

    def first(settings) -> str:  # noqa: ANN001
        idx = Index(tmp_path, settings, HashEmbedder(256))
        return idx.search(query, mode="semantic", limit=3).hits[0].text

    assert first(SETTINGS) == SHORT  # the long paragraph's vector is diluted
    assert first(on) == LONG  # its third sentence is the answer
    # "unmatched": only when the words typed match no passage; here they match
    unmatched = Index(tmp_path, replace(SETTINGS, sentence_view="unmatched"), HashEmbedder(256))
    hybrid = unmatched.search(query, mode="hybrid", limit=3)
    assert hybrid.hits[0].text == LONG and hybrid.hits[0].match == "words"


TRI = Path(__file__).resolve().parents[1].parent / "shared" / "realdocs" / "tri-borough"


@pytest.mark.real
def test_real_paraphrase_found_by_its_sentence(tmp_path: Path) -> None:
    """'employees quitting' (judged query p09, dev half) shares no word with its answers,
    two 2019 Ofsted paragraphs where one sentence says staff turnover is low. Scored by
    its best sentence, such a paragraph is in the hybrid top 10."""
    files = [
        need(TRI / f"ofsted-{name}-2019-10.pdf") for name in ("westminster", "kensington-chelsea")
    ]
    assert [r.outcome for r in ingest_paths(files, tmp_path)] == ["ingested"] * 2
    settings = replace(Settings.from_env(progress=False), sentence_view="unmatched")
    sync(tmp_path, settings)
    vs = VectorStore(tmp_path, DIR_NAME).load()
    assert vs is not None and len(vs.ids) > 300
    res = Index(tmp_path, settings).search("employees quitting", mode="hybrid")
    assert res.hits and all(h.match == "meaning" for h in res.hits)  # no word matches
    by_sentence = _first_rank(res.hits, "turnover")
    off = Index(tmp_path, replace(settings, sentence_view="off"))
    by_passage = _first_rank(off.search("employees quitting", mode="hybrid").hits, "turnover")
    print("first turnover passage: by sentence", by_sentence, "by passage", by_passage)
    assert by_sentence is not None and by_sentence <= 3
    assert by_passage is None or by_sentence < by_passage


def _first_rank(hits, word: str) -> int | None:  # noqa: ANN001
    return next((i + 1 for i, h in enumerate(hits) if word in h.text), None)
