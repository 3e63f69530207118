"""Collections, users, sign-in and the audit (ingest/access.py), and the store's reads
for a viewer: a restricted document is not there for a reader outside its collection."""

from __future__ import annotations

import sqlite3

import pytest

from ingest import access
from ingest.access import AccessError
from ingest.model import Record
from ingest.store import AUDIT_NAME, Store, db_path
from ingest.viewer import OWNER, PUBLIC, Viewer

from .test_store import make_parsed

OPEN, SECRET = "a" * 64, "b" * 64


@pytest.fixture
def folder(tmp_path):
    """Two documents: one public, one in the restricted collection 'secret'."""
    data = tmp_path / "data"
    with Store(data) as store:
        store.save(make_parsed(OPEN, "/x/open.pdf", "Open board minutes"))
        store.save(make_parsed(SECRET, "/x/secret.pdf", "Secret case review"))
    access.add_collection(data, "secret", restricted=True)
    access.assign(data, [SECRET], "secret")
    return data


def _everything(store: Store) -> dict[str, object]:
    """Every read of the store, as what a reader could learn from it."""
    ids = {OPEN, SECRET}
    return {
        "documents": {d.id for d in store.documents()},
        "doc_ids": store.doc_ids(),
        "document": {i for i in ids if store.document(i)},
        "pages": {i for i in ids if store.pages(i)},
        "sections": {i for i in ids if store.sections(i)},
        "tables": {t.doc_id for t in store.tables()} | {i for i in ids if store.tables(i)},
        "passages": {p.doc_id for p in store.passages()}
        | {p.doc_id for p in store.passages(list(ids))},
        "passage": {p.doc_id for p in store.passages() if store.passage(p.id)},
        "paths": {i for i in ids if store.paths(i)},
        "counts": store.counts()["documents"],
    }


def test_a_reader_outside_a_restricted_collection_reads_nothing_of_it(folder):
    with Store(folder, readonly=True, viewer=Viewer("sam", (), False)) as store:
        seen = _everything(store)
        assert store.counts() == {
            "documents": 1,
            "pages": 1,
            "passages": 2,
            "tables": 1,
            "records": 1,  # make_parsed's one record, of the open document
        }
        assert store.passage_layout()[0] == [(OPEN, 2)]
    assert all(v in ({OPEN}, 1) for v in seen.values()), seen
    for who in (Viewer("kim", ("secret",), False), Viewer("ada", (), True), OWNER, None):
        with Store(folder, readonly=True, viewer=who) as store:
            assert all(v in ({OPEN, SECRET}, 2) for v in _everything(store).values()), who


def test_records_of_a_restricted_document_are_left_out(folder):
    from ingest.extract.themes import ThemeTag

    tag = ThemeTag(theme="Neglect", group="", score=0.9, evidence="x")
    with Store(folder) as store:
        store.add_records([Record(d, 1, tag, None, 0) for d in (OPEN, SECRET)])
    with Store(folder, readonly=True, viewer=Viewer("sam", (), False)) as store:
        assert [r.doc_id for r in store.records("theme")] == [OPEN]
        assert store.records("theme", SECRET) == []
        assert store.counts()["records"] == 2  # and make_parsed's record of it


def test_an_open_collection_is_seen_by_everyone_and_can_be_restricted_again(folder):
    sam = Viewer("sam", (), False)
    access.set_restricted(folder, "secret", False)
    with Store(folder, readonly=True, viewer=sam) as store:
        assert store.doc_ids() == {OPEN, SECRET}
    access.set_restricted(folder, "secret", True)
    with Store(folder, readonly=True, viewer=sam) as store:
        assert store.doc_ids() == {OPEN}


def test_every_document_of_an_older_library_is_public(folder):
    assert access.collection_of(folder, OPEN) == PUBLIC
    assert [(c.name, c.documents, c.restricted) for c in access.collections(folder)] == [
        ("public", 1, False),
        ("secret", 1, True),
    ]


def test_unknown_names_are_refused_with_a_clear_message(folder):
    with pytest.raises(AccessError, match="no collection 'nope'.*collections add nope"):
        access.assign(folder, [OPEN], "nope")
    with pytest.raises(AccessError, match="no user 'nobody'"):
        access.viewer_for(folder, "nobody")
    with pytest.raises(AccessError, match="not allowed"):
        access.add_collection(folder, "bad name; drop table")
    with pytest.raises(AccessError, match="public collection cannot be restricted"):
        access.set_restricted(folder, "public", True)
    with pytest.raises(AccessError, match="exists already"):
        access.add_collection(folder, "secret")


def test_passwords_are_kept_only_as_argon2_hashes(folder):
    access.add_user(folder, "kim", "correct horse", collections=["secret"])
    with sqlite3.connect(db_path(folder)) as db:
        dump = "\n".join(db.iterdump())
    assert "correct horse" not in dump
    assert "$argon2id$" in dump
    assert access.viewer_for(folder, "kim") == Viewer("kim", ("secret",), False)
    with pytest.raises(AccessError, match="at least 8"):
        access.add_user(folder, "short", "x")


def test_sign_in_refuses_a_wrong_password_and_slows_repeated_failures(folder):
    access.add_user(folder, "kim", "correct horse")
    assert access.sign_in(folder, "kim", "correct horse", now=0).viewer is not None
    tries = [access.sign_in(folder, "kim", "wrong", now=100 + i * 0.1) for i in range(4)]
    assert all(t.viewer is None for t in tries)
    assert [t.wait > 0 for t in tries[:3]] == [False, False, True]
    assert "Too many failed sign-ins" in tries[3].message  # refused without a look
    # even the right password waits its turn, then works and clears the count
    assert access.sign_in(folder, "kim", "correct horse", now=100.5).viewer is None
    assert access.sign_in(folder, "kim", "correct horse", now=103).viewer is not None
    assert access.sign_in(folder, "kim", "wrong", now=104).wait == 0
    # an unknown name fails the same way (its failures counted too)
    assert access.sign_in(folder, "nobody", "x", now=0).message == "Wrong user name or password."


def test_waits_double_after_the_free_failures():
    assert [access.wait_after(n) for n in range(1, 7)] == [0, 0, 2, 4, 8, 16]
    assert access.wait_after(100) == access.MAX_WAIT


def test_the_audit_is_committed_row_by_row_and_filtered(folder):
    access.record(folder, "kim", "search", {"words": "neglect"})
    access.record(folder, Viewer("sam", (), False), "export", "stocktake")
    # a separate connection sees them at once: each row was committed when written
    with sqlite3.connect(folder / AUDIT_NAME) as db:
        assert db.execute("SELECT count(*) FROM audit").fetchone()[0] == 2
    rows = access.audit(folder, user="kim")
    assert [(r["user"], r["action"], r["detail"]) for r in rows] == [
        ("kim", "search", '{"words": "neglect"}')
    ]
    assert rows[0]["at"].endswith("+00:00")  # UTC
    assert len(access.audit(folder, since="2000-01-01")) == 2
    assert access.audit(folder, since="2999-01-01") == []
    with pytest.raises(AccessError, match="not a date"):
        access.audit(folder, since="yesterday")


def test_a_file_is_put_in_its_collection_before_it_is_ingested(folder, tmp_path):
    paper = tmp_path / "papers" / "review.txt"
    paper.parent.mkdir()
    paper.write_text("A serious case review.")
    (doc_id,) = access.file_ids([paper.parent])
    access.assign(folder, [doc_id], "secret")
    assert access.collection_of(folder, doc_id) == "secret"


def test_an_audit_row_survives_the_app_being_killed_straight_after(folder):
    import subprocess
    import sys

    from ..helpers import ROOT, child_env

    program = (
        "import os, signal, sys\n"
        "from ingest import access\n"
        "access.record(sys.argv[1], 'kim', 'search', {'words': 'neglect'})\n"
        "os.kill(os.getpid(), signal.SIGKILL)  # no clean exit, no close\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program, str(folder)],
        env=child_env(PYTHONPATH=str(ROOT)),
        cwd=ROOT,
        check=False,
    )
    assert done.returncode < 0  # killed
    assert [r["action"] for r in access.audit(folder, user="kim")] == ["search"]
