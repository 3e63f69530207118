"""Ingest on a Ray cluster (the optional ``cluster`` extra) gives what a local ingest gives.

Unit tier: addresses and a missing Ray give one plain line. Real tier: the same files
ingested and indexed locally and on a local Ray cluster (2 CPUs, started by the test)
leave equal stores (documents, pages, sections, tables, passages, records) and vectors.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import numpy as np
import pytest

from ingest import cluster
from ingest.pipeline import ingest_paths
from ingest.settings import IngestSettings

from ..helpers import FIXTURE_PAPERS, ROOT, TRI_BOROUGH, need

FILES = (
    TRI_BOROUGH / "ofsted-westminster-2019-10.pdf",
    TRI_BOROUGH / "ofsted-kensington-chelsea-2025-01.pdf",
    FIXTURE_PAPERS / "kensington-chelsea-lscb-stocktake-2011-12-synthetic.docx",
)


@pytest.mark.parametrize("address", ["", "localhost:6379", "http://x:1", "ray//x"])
def test_bad_address_is_named(address: str) -> None:
    with pytest.raises(cluster.ClusterError, match="not understood"):
        cluster.check_address(address)


@pytest.mark.parametrize("address", ["auto", "local", "ray://head.example:10001"])
def test_good_addresses(address: str) -> None:
    assert cluster.check_address(f" {address} ") == address


def test_missing_ray_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray -> ImportError
    with pytest.raises(cluster.ClusterError, match=r"pip install 'boardsearch\[cluster\]'"):
        cluster.connect("auto")


def test_cli_missing_ray_fails_before_reading(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ui import cli

    monkeypatch.setitem(sys.modules, "ray", None)
    note = tmp_path / "note.txt"
    note.write_text("Board minutes.\n\nThe board met in May.\n", encoding="utf-8")
    code = cli.main(["ingest", str(note), "--cluster", "auto", "--data-dir", str(tmp_path / "d")])
    assert code == 1
    assert "boardsearch[cluster]" in capsys.readouterr().err
    assert not (tmp_path / "d" / "boardsearch.sqlite").exists()


@pytest.mark.slow
def test_default_install_imports_no_ray(tmp_path: Path) -> None:
    """A local ingest never imports ray (it is an optional extra)."""
    import subprocess

    note = tmp_path / "note.txt"
    note.write_text("Board minutes.\n\nThe board met in May.\n", encoding="utf-8")
    code = (
        "import sys; from ingest.pipeline import ingest_paths; from ingest.settings import IngestSettings; "
        f"r = ingest_paths([{str(note)!r}], {str(tmp_path / 'd')!r}, settings=IngestSettings()); "
        "assert r[0].outcome == 'ingested', r; assert 'ray' not in sys.modules; print('ok')"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert run.stdout.strip() == "ok", run.stderr[-500:]


# -- real tier ---------------------------------------------------------------------------------
def dump(data_dir: Path) -> dict[str, list[tuple]]:
    """Every row the store holds, in a fixed order, minus times and row ids."""
    db = sqlite3.connect(data_dir / "boardsearch.sqlite")
    queries = {
        "documents": "SELECT id, path, title, board, boroughs, period, doc_type, pages, "
        "synthetic, status, message, media_type, size, date FROM documents ORDER BY id",
        "pages": "SELECT * FROM pages ORDER BY doc_id, number",
        "sections": "SELECT * FROM sections ORDER BY doc_id, idx",
        "tables": "SELECT * FROM doc_tables ORDER BY doc_id, idx",
        "passages": "SELECT * FROM passages ORDER BY doc_id, ordinal",
        "records": "SELECT doc_id, kind, page, data, bbox, passage_ordinal FROM records "
        "ORDER BY doc_id, kind, page, data, passage_ordinal",
    }
    out = {name: db.execute(sql).fetchall() for name, sql in queries.items()}
    db.close()
    return out


@pytest.fixture(scope="module")
def ray_local():
    try:
        import ray
    except ImportError:  # a dev dependency (pyproject [dev]): missing means a broken setup
        pytest.fail("ray is not installed: pip install -e '.[dev]'", pytrace=False)
    for f in FILES:
        need(f)
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        runtime_env={"env_vars": {"HF_HUB_OFFLINE": "1"}},
    )
    yield ray
    ray.shutdown()


@pytest.mark.real
def test_cluster_ingest_equals_local(ray_local, tmp_path: Path) -> None:
    from index import sync
    from index.vectors import VectorStore
    from ingest.settings import Settings

    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\nthis is not really a pdf\n")
    paths = [*FILES, bad]
    local, remote = tmp_path / "local", tmp_path / "ray"
    res_local = ingest_paths(paths, local, settings=IngestSettings(workers=1))
    res_ray = ingest_paths(paths, remote, settings=IngestSettings(workers=1, cluster="auto"))

    assert [(r.path, r.outcome, r.doc_id, r.message, r.pages) for r in res_ray] == [
        (r.path, r.outcome, r.doc_id, r.message, r.pages) for r in res_local
    ]
    assert [r.outcome for r in res_local] == ["ingested"] * len(FILES) + ["failed"]
    assert "broken.pdf" in res_ray[-1].path and res_ray[-1].message
    a, b = dump(local), dump(remote)
    assert len(a["documents"]) == len(FILES)
    assert len(a["passages"]) > 100 and a["tables"] and a["records"]
    for name in a:
        assert b[name] == a[name], f"{name} differ between a local and a Ray ingest"

    settings = Settings.from_env(progress=False)
    rep_local = sync(local, settings)
    rep_ray = sync(remote, Settings.from_env(progress=False, cluster="auto"))
    assert rep_ray == rep_local and rep_local.passages_embedded > 100
    va, vb = VectorStore(local).load(), VectorStore(remote).load()
    assert va is not None and vb is not None
    assert vb.ids == va.ids and vb.model == va.model
    assert vb.matrix.shape == va.matrix.shape
    # the same chunks through the same model: equal up to float rounding across processes
    cos = np.sum(va.matrix * vb.matrix, axis=1)
    assert float(cos.min()) > 0.9999, float(cos.min())
    assert float(np.abs(va.matrix - vb.matrix).max()) < 1e-2
    # theme tags come from those vectors: the same tags both ways
    assert dump(remote)["records"] == dump(local)["records"]
