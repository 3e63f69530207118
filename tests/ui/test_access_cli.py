"""`boardsearch collections`, `users`, `audit` and `ingest --collection` (ui/access_cli.py)."""

from __future__ import annotations

import io
import json

import pytest

from ingest import access
from ingest.store import Store
from ui.cli import main


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "data"


def run(capsys, *argv: str, stdin: str = "", monkeypatch=None) -> tuple[int, str, str]:
    if monkeypatch is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_collections_are_listed_added_restricted_and_opened(folder, capsys):
    d = ("--data-dir", str(folder))
    assert (
        run(capsys, "collections", "add", "minutes", *d)[1] == "Collection minutes added (open).\n"
    )
    assert run(capsys, "collections", "restrict", "minutes", *d)[0] == 0
    code, out, _ = run(capsys, "collections", "list", *d)
    assert out.splitlines() == [
        "minutes: 0 documents, restricted",
        "public: 0 documents, open to everyone",
    ]
    assert run(capsys, "collections", "open", "minutes", *d)[0] == 0
    listed = json.loads(run(capsys, "collections", "--json", *d)[1])
    assert [(c["name"], c["restricted"]) for c in listed] == [("minutes", False), ("public", False)]
    code, _, err = run(capsys, "collections", "restrict", "nope", *d)
    assert code == 2 and "there is no collection 'nope'" in err and err.count("\n") == 1
    code, _, err = run(capsys, "collections", "add", *d)
    assert code == 2 and "needs a collection name" in err


def test_users_are_added_with_a_password_from_stdin_and_removed(folder, capsys, monkeypatch):
    d = ("--data-dir", str(folder))
    run(capsys, "collections", "add", "reviews", "--restricted", *d)
    code, out, _ = run(
        capsys,
        "users", "add", "kim", "--collections", "reviews", "--password-stdin", *d,
        stdin="long enough\n", monkeypatch=monkeypatch,
    )  # fmt: skip
    assert code == 0 and out == "User kim added: sees public, reviews.\n"
    assert access.sign_in(folder, "kim", "long enough").viewer is not None
    code, _, err = run(capsys, "users", "add", "kim", "--password-stdin", *d)
    assert code == 2 and "exists already" in err
    code, _, err = run(
        capsys, "users", "add", "lee", "--collections", "nope", "--password-stdin", *d,
        stdin="long enough\n", monkeypatch=monkeypatch,
    )  # fmt: skip
    assert code == 2 and "there is no collection 'nope'" in err
    run(capsys, "users", "password", "kim", "--password-stdin", *d,
        stdin="another one\n", monkeypatch=monkeypatch)  # fmt: skip
    assert access.sign_in(folder, "kim", "another one").viewer is not None
    assert run(capsys, "users", "list", *d)[1] == "kim: sees public, reviews\n"
    assert run(capsys, "users", "remove", "kim", *d)[0] == 0
    assert "No users" in run(capsys, "users", *d)[1]
    code, _, err = run(capsys, "users", "remove", "kim", *d)
    assert code == 2 and "there is no user 'kim'" in err


@pytest.mark.slow  # an ingest: the language model loads
def test_ingest_puts_files_in_a_collection_and_the_audit_prints(folder, tmp_path, capsys):
    d = ("--data-dir", str(folder))
    paper = tmp_path / "papers" / "review.txt"
    paper.parent.mkdir()
    paper.write_text("Serious case review of Child F.\n\nThe board agreed the actions.\n")
    code, _, err = run(capsys, "ingest", str(paper), "--collection", "nope", "--no-index", *d)
    assert code == 2 and "there is no collection 'nope'" in err
    run(capsys, "collections", "add", "reviews", "--restricted", *d)
    assert (
        run(capsys, "ingest", str(paper), "--collection", "reviews", "--no-index", "--quiet", *d)[0]
        == 0
    )
    with Store(folder, readonly=True) as store:
        (doc,) = store.documents()
    assert access.collection_of(folder, doc.id) == "reviews"
    run(capsys, "export", "documents", *d)
    rows = json.loads(run(capsys, "audit", "--user", "owner", *d)[1])
    assert [(r["user"], r["action"]) for r in rows] == [("owner", "export")]
    csv = run(capsys, "audit", "--format", "csv", "--since", "2000-01-01", *d)[1]
    assert csv.splitlines()[0] == "at,user,action,detail"
