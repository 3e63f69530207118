"""A library's vectors name their model by an identity that survives a moved or rebuilt
environment (issue 24): the same model folder found elsewhere is the same model, and an
older manifest that recorded only the folder's path is still accepted when the model is
the same. Hash stand-ins for the embedders; small fake model folders."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from index import Index, sync
from index.embed import HashEmbedder
from index.models import model_identity, same_model
from index.vectors import VectorStore
from ingest.settings import Settings

from ..helpers import two_borough_library

PACKAGE = "lib/python3.11/site-packages/some_model_pkg/model"
SETTINGS = Settings.of(model="hash-256", second_model="off", theme_weight=0.0, progress=False)


def fake_model(folder: Path, weights: bytes = b"weights" * 100) -> Path:
    """A model folder as sentence-transformers ships one (the files that identify it)."""
    folder.mkdir(parents=True)
    (folder / "config.json").write_text(json.dumps({"hidden_size": 256}), encoding="utf-8")
    (folder / "modules.json").write_text("[]", encoding="utf-8")
    (folder / "tokenizer.json").write_text("{}", encoding="utf-8")
    (folder / "model.safetensors").write_bytes(weights)
    return folder


class FolderEmbedder(HashEmbedder):
    """The hash embedder under a model folder's name, as a real model is named."""

    def __init__(self, folder: Path) -> None:
        super().__init__(256)
        self.name = str(folder)


def test_the_same_model_in_another_folder_has_the_same_identity(tmp_path: Path) -> None:
    old = fake_model(tmp_path / "old-venv" / PACKAGE)
    new = tmp_path / "new-venv" / PACKAGE
    shutil.copytree(old, new)
    assert model_identity(str(old)) == model_identity(str(new))
    assert model_identity(str(old)).startswith("some_model_pkg@")
    other = fake_model(tmp_path / "other" / PACKAGE, weights=b"other" * 100)
    assert model_identity(str(other)) != model_identity(str(old))
    assert model_identity("hash-256") == "hash-256"  # not a folder: the name itself


def test_an_old_record_is_the_same_model_when_its_folder_is_alike_or_gone(
    tmp_path: Path,
) -> None:
    new = fake_model(tmp_path / "new-venv" / PACKAGE)
    gone = str(tmp_path / "gone-venv" / PACKAGE)
    assert same_model(gone, "", str(new))  # the same place in its environment
    assert not same_model(
        str(tmp_path / "gone-venv/lib/python3.11/site-packages/x/model"), "", str(new)
    )
    assert not same_model("/models/elsewhere/model", "", str(new))  # not in an environment
    changed = fake_model(tmp_path / "changed-venv" / PACKAGE, weights=b"retrained" * 100)
    assert not same_model(str(changed), "", str(new))  # still there, and not the same
    assert same_model(gone, model_identity(str(new)), str(new))
    assert not same_model(gone, model_identity(str(changed)), str(new))


def _record(library: Path, model: str, identity: str | None) -> None:
    """Rewrite the vector manifest as an older or another environment wrote it."""
    path = library / "vectors" / "manifest.json"
    man = json.loads(path.read_text(encoding="utf-8"))
    man["model"] = model
    if identity is None:
        man.pop("model_id", None)
    else:
        man["model_id"] = identity
    path.write_text(json.dumps(man), encoding="utf-8")


@pytest.mark.parametrize("identity", [None, "recorded"])
def test_search_accepts_vectors_recorded_in_a_moved_environment(
    tmp_path: Path, identity: str | None
) -> None:
    library = two_borough_library(tmp_path / "lib", SETTINGS)
    model = fake_model(tmp_path / "new-venv" / PACKAGE)
    recorded = model_identity(str(model)) if identity else None
    _record(library, str(tmp_path / "old-venv" / PACKAGE), recorded)
    res = Index(library, SETTINGS, embedder=FolderEmbedder(model)).search(
        "interpreters", mode="semantic"
    )
    assert res.hits and not res.messages


def test_search_refuses_vectors_of_another_model(tmp_path: Path) -> None:
    library = two_borough_library(tmp_path / "lib", SETTINGS)
    model = fake_model(tmp_path / "new-venv" / PACKAGE)
    other = fake_model(tmp_path / "other" / PACKAGE, weights=b"other" * 100)
    _record(library, str(tmp_path / "old-venv" / PACKAGE), model_identity(str(other)))
    res = Index(library, SETTINGS, embedder=FolderEmbedder(model)).search(
        "interpreters", mode="semantic"
    )
    assert not res.hits and "run 'boardsearch reindex'" in res.messages[0]


def test_sync_keeps_the_vectors_of_the_same_model_and_records_its_identity(
    tmp_path: Path,
) -> None:
    library = two_borough_library(tmp_path / "lib", SETTINGS)
    model = fake_model(tmp_path / "new-venv" / PACKAGE)
    before = VectorStore(library).load()
    assert before is not None
    _record(library, str(tmp_path / "old-venv" / PACKAGE), None)
    # the vectors were made by the same model elsewhere: kept, not embedded again
    report = sync(library, SETTINGS, embedder=FolderEmbedder(model))
    assert report.passages_embedded == 0
    after = VectorStore(library).load()
    assert after is not None
    assert after.model_id == model_identity(str(model))
    assert after.ids == before.ids and (after.matrix == before.matrix).all()
