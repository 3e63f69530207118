"""Theme assignment: embeddings plus seed terms, evidence, reuse of vectors, a person's tags."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from index import themes as T
from index.embed import HashEmbedder
from index.vectors import VectorSet, VectorStore
from ingest.extract.recommendations import Recommendation
from ingest.extract.stocktake import StocktakeRow
from ingest.model import BBox, Document, ParsedDocument, Passage, Record
from ingest.store import Store
from ingest.themes import evaluate, load_themes, match_seed_terms

from ..helpers import THEMES_LABELLED

DOMESTIC = (
    "Referrals to MARAC rose as domestic abuse was identified earlier; parental mental "
    "health and alcohol misuse featured in most cases."
)
BUDGET = "The Board's budget was agreed; partner contributions are set out in the accounts."


class CountingEmbedder(HashEmbedder):
    """The hash embedder, counting every text it encodes."""

    def __init__(self) -> None:
        super().__init__(128)
        self.name = "counting-128"
        self.seen: list[str] = []

    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        self.seen.extend(texts)
        return super().encode(texts)


def _passage(ordinal: int, text: str, **kw) -> Passage:
    return Passage(
        "doc1", ordinal, kw.pop("kind", "paragraph"), text, 3, bbox=BBox(1, 2, 3, 4), **kw
    )


def test_records_carry_theme_group_score_evidence_and_provenance() -> None:
    records = T.assign(
        [_passage(7, DOMESTIC)], HashEmbedder(), params=T.Params(threshold=0.3, max_themes=10)
    )
    by_theme = {r.fields.theme: r for r in records}
    rec = by_theme["Domestic abuse"]
    assert (rec.kind, rec.doc_id, rec.page, rec.passage_ordinal) == ("theme", "doc1", 3, 7)
    assert rec.bbox == BBox(1, 2, 3, 4)
    assert rec.fields.group == "Parental factors"
    assert set(rec.fields.evidence["terms"]) == {"MARAC", "domestic abuse"}
    assert isinstance(rec.fields.evidence["similarity"], float)
    assert 0.0 <= rec.fields.score <= 1.0
    assert (rec.fields.source, rec.fields.target) == ("auto", "passage")
    # the hash embedder's similarities are small: the seed-term bonus decides here
    assert set(by_theme) == {n for n, _ in match_seed_terms(DOMESTIC)}
    capped = T.assign([_passage(7, DOMESTIC)], HashEmbedder(), params=T.Params(threshold=0.3))
    assert len(capped) == T.DEFAULT.max_themes == 3
    scores = [r.fields.score for r in records]
    assert scores == sorted(scores, reverse=True)


def test_threshold_and_max_themes_limit_tags() -> None:
    passages = [_passage(1, DOMESTIC), _passage(2, BUDGET)]
    emb = HashEmbedder()
    one = T.assign(passages, emb, params=T.Params(max_themes=1))
    assert [r.passage_ordinal for r in one].count(1) == 1
    assert T.assign(passages, emb, params=T.Params(threshold=5.0)) == []
    # bonus only: every seed-term theme passes, nothing else does
    only_terms = T.assign(passages, emb, params=T.Params(threshold=1.0, bonus=2.0, max_themes=49))
    expected = {n for n, _ in match_seed_terms(DOMESTIC)}
    assert {r.fields.theme for r in only_terms if r.passage_ordinal == 1} == expected


def test_term_hits_agree_with_the_seed_term_matcher() -> None:
    themes = load_themes()
    labelled = json.loads(THEMES_LABELLED.read_text())["passages"]
    texts = [p["text"] for p in labelled] + [DOMESTIC, "TA"]
    names = [t["name"] for t in themes]
    expected = [{names.index(n): terms for n, terms in match_seed_terms(s, themes)} for s in texts]
    assert T.term_hits(texts, themes) == expected


def test_prototypes_are_unit_vectors_encoded_once() -> None:
    emb = CountingEmbedder()
    themes = load_themes()
    for mode in ("description", "terms"):
        protos = T.prototypes(emb, themes, mode)
        assert protos.shape == (len(themes), emb.dim)
        assert np.allclose(np.linalg.norm(protos, axis=1), 1.0, atol=1e-5)
    before = len(emb.seen)
    T.prototypes(emb, themes, "terms")
    assert len(emb.seen) == before
    with pytest.raises(ValueError, match="unknown prototype mode"):
        T.prototypes(emb, themes, "mean")  # type: ignore[arg-type]


def test_prototypes_kept_in_a_data_folder_are_read_not_encoded_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each ingest command is a new process: the prototypes it would encode again (300-odd
    seed terms) are read from the data folder, the same numbers."""
    themes = load_themes()
    monkeypatch.setattr(T, "_PROTOTYPES", {})  # none kept by this process yet
    first = CountingEmbedder()
    encoded = T.prototypes(first, themes, "terms", tmp_path)
    assert first.seen
    monkeypatch.setattr(T, "_PROTOTYPES", {})  # as in a new process
    second = CountingEmbedder()
    kept = T.prototypes(second, themes, "terms", tmp_path)
    assert not second.seen and np.array_equal(kept, encoded) and kept.dtype == np.float32
    monkeypatch.setattr(T, "_PROTOTYPES", {})
    other = CountingEmbedder()
    other.name = "counting-other"  # another model: its own prototypes
    assert T.prototypes(other, themes, "terms", tmp_path).shape == (len(themes), other.dim)
    assert other.seen


def test_given_passage_vectors_are_not_encoded_again(tmp_path: Path) -> None:
    emb = CountingEmbedder()
    passages = [_passage(1, DOMESTIC), _passage(2, BUDGET, section_path=("Finance",))]
    T.prototypes(emb, load_themes(), T.DEFAULT.prototype)
    fresh = HashEmbedder(128).encode([T.embed_text(p) for p in passages])
    VectorStore(tmp_path).save(VectorSet(emb.name, [passages[0].id], fresh[:1]))
    stored = T.stored_vectors(tmp_path, emb)
    assert list(stored) == [passages[0].id]
    emb.seen.clear()
    by_id = T.assign(passages, emb, passage_vectors=stored)
    assert emb.seen == ["Finance: " + BUDGET]  # only the passage the index lacked
    emb.seen.clear()
    aligned = T.assign(passages, emb, passage_vectors=fresh)
    assert emb.seen == [] and aligned == by_id
    assert T.stored_vectors(tmp_path, HashEmbedder(128)) == {}  # other model: not reused
    with pytest.raises(ValueError, match="expected"):
        T.assign(passages, emb, passage_vectors=fresh[:1])


def test_stocktake_rows_and_recommendations_inherit_their_passage_tags() -> None:
    tags = T.assign([_passage(5, DOMESTIC, kind="table_row")], HashEmbedder())
    row = Record("doc1", 3, StocktakeRow(agency="Police"), BBox(0, 0, 9, 9), 5)
    rec = Record("doc1", 3, Recommendation(text="..."), None, 5)
    elsewhere = Record("doc1", 4, Recommendation(text="..."), None, 6)
    out = T.tags_for_records([row, rec, elsewhere], tags)
    assert len(out) == 2 * len(tags)
    assert {r.fields.target for r in out} == {"stocktake_row", "recommendation"}
    assert {r.fields.theme for r in out} == {t.fields.theme for t in tags}
    assert all(r.passage_ordinal == 5 for r in out)
    assert next(r for r in out if r.fields.target == "stocktake_row").bbox == BBox(0, 0, 9, 9)


def _store_with_passages(tmp_path: Path) -> tuple[Store, list[Passage]]:
    passages = [_passage(0, DOMESTIC), _passage(1, BUDGET)]
    doc = Document(id="doc1", path=str(tmp_path / "a.pdf"), title="Annual report", pages=3)
    store = Store(tmp_path)
    store.save(ParsedDocument(document=doc, passages=tuple(passages)))
    return store, passages


def test_a_persons_tag_survives_reassignment(tmp_path: Path) -> None:
    store, passages = _store_with_passages(tmp_path)
    with store:
        manual = T.add_manual_tag(store, "doc1", 1, "budgets  and RESOURCES", note="board view")
        assert manual.fields.theme == "Budgets and resources"
        assert (manual.fields.source, manual.page, manual.bbox) == ("person", 3, BBox(1, 2, 3, 4))
        emb = HashEmbedder()
        for _ in range(2):  # re-running replaces automatic tags only
            store.replace_records("theme", T.assign(passages, emb), ["doc1"])
        kept = store.records("theme", "doc1")
        people = [r for r in kept if r.fields.source == "person"]
        assert [(r.fields.theme, r.passage_ordinal) for r in people] == [
            ("Budgets and resources", 1)
        ]
        auto = [r for r in kept if r.fields.source == "auto"]
        assert len(auto) == len(T.assign(passages, emb))


def test_manual_tag_rejects_unknown_themes_and_passages(tmp_path: Path) -> None:
    store, _ = _store_with_passages(tmp_path)
    with store:
        with pytest.raises(T.ThemeError, match="did you mean 'Neglect'"):
            T.add_manual_tag(store, "doc1", 0, "Neglekt")
        with pytest.raises(T.ThemeError, match="no passage number 9"):
            T.add_manual_tag(store, "doc1", 9, "Neglect")
        assert store.records("theme", "doc1") == []


@pytest.mark.real
def test_real_model_beats_seed_terms_on_the_held_out_half() -> None:
    """The shipped parameters were tuned on the other half; untuned seed terms: P 0.57."""
    from index.embed import get_embedder
    from ingest.settings import ModelSettings

    items = json.loads(THEMES_LABELLED.read_text(encoding="utf-8"))["passages"]
    seen: dict[str, int] = {}
    test = []
    for item in items:  # the split run_themes_eval.py uses: odd passages within a source
        seen[item["source"]] = seen.get(item["source"], 0) + 1
        if seen[item["source"]] % 2 == 0:
            test.append(item)
    passages = [Passage(it["id"], 0, it["kind"], it["text"], 1) for it in test]
    records = T.assign(passages, get_embedder(ModelSettings.from_env()))
    predicted: dict[str, list[str]] = {}
    for r in records:
        predicted.setdefault(r.doc_id, []).append(r.fields.theme)
    gold = {it["id"]: it["themes"] for it in test}
    combined = evaluate(gold, predicted)["all"]
    seed = evaluate(gold, {it["id"]: [n for n, _ in match_seed_terms(it["text"])] for it in test})
    assert combined["precision"] > seed["all"]["precision"] + 0.05
    assert combined["recall"] >= 0.7
    assert combined["f1"] > seed["all"]["f1"]
