"""Who may read what: collections, users, sign-in and the audit of who saw what.

Every document is in one collection (``public`` unless another was named when it was
ingested). A restricted collection is seen only by its members and by admins; every
other collection by everyone. The tables live in the store's SQLite file (ingest/store.py
declares them); a library made before collections existed has every document public.

Passwords are kept only as argon2 hashes (argon2-cffi) and never logged. Sign-in failures
are counted per user name in the store, and after ``FREE_FAILURES`` each further attempt
must wait twice as long as the one before. Audit rows are written on a connection of
their own, each committed at once, so they survive a crash of the app; they and the
sign-in failures are in a file beside the store (``audit.sqlite``), so that writing them
does not look like a change of the library to the search index and the app's caches.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .errors import AccessError
from .store import AUDIT, AUDIT_NAME, FAILURES, Store, db_path, hidden_docs
from .viewer import OWNER, PUBLIC, Viewer

FREE_FAILURES = 3  # sign-in failures in a row before each attempt has to wait
MAX_WAIT = 15 * 60  # seconds: the longest wait the doubling reaches
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")
READ_CHUNK = 1 << 20


# -- connections ---------------------------------------------------------------------------
@contextmanager
def _db(data_dir: str | os.PathLike[str]) -> Iterator[sqlite3.Connection]:
    """A connection of its own to the data folder's store (made, with its tables, when
    missing). Each ``with db:`` block inside commits on its own. A store that has the
    tables already is not written to on opening: the app asks who a user is on every
    page, and a write would look like a change of the library to its caches."""
    if not _has_tables(data_dir):
        Store(data_dir).close()  # creates the store or adds the tables of older libraries
    with closing(sqlite3.connect(db_path(data_dir), timeout=30)) as db:
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA foreign_keys=ON")
        yield db


def _has_tables(data_dir: str | os.PathLike[str]) -> bool:
    path = db_path(data_dir)
    if not path.exists():
        return False
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)) as db:
        found = db.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
            "('collections', 'doc_collections', 'users', 'members')"
        ).fetchone()
    return bool(found[0] == 4)


@contextmanager
def _log(data_dir: str | os.PathLike[str]) -> Iterator[sqlite3.Connection]:
    """A connection to the audit file beside the store (made when missing); every row
    written is on disk when its ``with db:`` block ends (synchronous=FULL, no WAL)."""
    folder = Path(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(folder / AUDIT_NAME, timeout=30)) as db:
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA synchronous=FULL")
        db.executescript(AUDIT.create() + "\n" + FAILURES.create())
        yield db


def _check_name(name: str, what: str) -> str:
    name = name.strip()
    if not NAME.match(name):
        raise AccessError(
            f"{what} name {name!r} is not allowed: use letters, digits and . _ - @ "
            "(up to 64, starting with a letter or digit)"
        )
    return name


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# -- collections ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Collection:
    name: str
    restricted: bool
    documents: int
    members: tuple[str, ...]


def collections(data_dir: str | os.PathLike[str]) -> list[Collection]:
    """Every collection, with how many documents it holds and who its members are."""
    with _db(data_dir) as db:
        docs = db.execute(
            "SELECT d.id, coalesce(dc.collection, ?) AS c FROM documents d"
            " LEFT JOIN doc_collections dc ON dc.doc_id = d.id",
            (PUBLIC,),
        ).fetchall()
        members: dict[str, list[str]] = {}
        for r in db.execute("SELECT user, collection FROM members ORDER BY user"):
            members.setdefault(r["collection"], []).append(r["user"])
        rows = db.execute("SELECT name, restricted FROM collections ORDER BY name").fetchall()
    count: dict[str, int] = {}
    for r in docs:
        count[r["c"]] = count.get(r["c"], 0) + 1
    return [
        Collection(
            r["name"],
            bool(r["restricted"]),
            count.get(r["name"], 0),
            tuple(members.get(r["name"], ())),
        )
        for r in rows
    ]


def _known_collection(db: sqlite3.Connection, name: str) -> str:
    row = db.execute("SELECT name FROM collections WHERE name = ?", (name,)).fetchone()
    if row is None:
        known = ", ".join(r[0] for r in db.execute("SELECT name FROM collections ORDER BY name"))
        raise AccessError(
            f"there is no collection {name!r} (collections: {known}); "
            f"add it with 'boardsearch collections add {name}'"
        )
    return str(row["name"])


def add_collection(
    data_dir: str | os.PathLike[str], name: str, *, restricted: bool = False
) -> None:
    """A new collection (open unless `restricted`); AccessError if it exists already."""
    name = _check_name(name, "collection")
    with _db(data_dir) as db, db:
        if db.execute("SELECT 1 FROM collections WHERE name = ?", (name,)).fetchone():
            raise AccessError(f"the collection {name!r} exists already")
        db.execute(
            "INSERT INTO collections (name, restricted) VALUES (?, ?)", (name, int(restricted))
        )


def set_restricted(data_dir: str | os.PathLike[str], name: str, restricted: bool) -> None:
    """Restrict a collection to its members (or open it to everyone again)."""
    with _db(data_dir) as db, db:
        name = _known_collection(db, name)
        if name == PUBLIC and restricted:
            raise AccessError("the public collection cannot be restricted; make another one")
        db.execute("UPDATE collections SET restricted = ? WHERE name = ?", (int(restricted), name))


def file_ids(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """The document ids (sha256 of the bytes) of the files under `paths`, before any ingest."""
    out = []
    for p in paths:
        path = Path(p)
        files = [path] if path.is_file() else sorted(f for f in path.rglob("*") if f.is_file())
        for f in files:
            digest = hashlib.sha256()
            try:
                with f.open("rb") as fh:
                    while chunk := fh.read(READ_CHUNK):
                        digest.update(chunk)
            except OSError:
                continue  # the ingest reports the unreadable file
            out.append(digest.hexdigest())
    return out


def visible_collections(data_dir: str | os.PathLike[str], viewer: Viewer) -> list[str]:
    """The collections `viewer` may see (and so add papers to): the open ones and theirs."""
    return [
        c.name
        for c in collections(data_dir)
        if viewer.sees_all or not c.restricted or c.name in viewer.collections
    ]


def assign(
    data_dir: str | os.PathLike[str],
    doc_ids: Iterable[str],
    collection: str,
    *,
    by: Viewer = OWNER,
) -> int:
    """Put documents (by id; they need not be ingested yet) in a collection. A document
    already in a restricted collection `by` may not see stays there: uploading the same
    file must not move someone else's restricted paper into view."""
    ids = list(dict.fromkeys(doc_ids))
    with _db(data_dir) as db, db:
        collection = _known_collection(db, collection)
        if not by.sees_all:
            hidden = set(hidden_docs(db, by))
            ids = [d for d in ids if d not in hidden]
        db.executemany(
            "INSERT OR REPLACE INTO doc_collections (doc_id, collection) VALUES (?, ?)",
            [(d, collection) for d in ids],
        )
    return len(ids)


def collection_of(data_dir: str | os.PathLike[str], doc_id: str) -> str:
    with _db(data_dir) as db:
        row = db.execute("SELECT collection FROM doc_collections WHERE doc_id = ?", (doc_id,))
        found = row.fetchone()
    return str(found["collection"]) if found else PUBLIC


# -- users -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class User:
    name: str
    admin: bool
    collections: tuple[str, ...]
    email: str = ""


def _hasher() -> Any:  # noqa: ANN401 - argon2.PasswordHasher, imported when first needed
    from argon2 import PasswordHasher

    return PasswordHasher()


def has_users(data_dir: str | os.PathLike[str]) -> bool:
    """Whether anyone has to sign in (no users: the folder's owner alone, as before)."""
    if not db_path(data_dir).exists():
        return False
    with closing(sqlite3.connect(db_path(data_dir), timeout=30)) as db:
        try:
            return db.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None
        except sqlite3.OperationalError:  # a library older than users
            return False


def users(data_dir: str | os.PathLike[str]) -> list[User]:
    with _db(data_dir) as db:
        rows = db.execute("SELECT name, admin, email FROM users ORDER BY name").fetchall()
        return [_user(db, r) for r in rows]


def _user(db: sqlite3.Connection, row: sqlite3.Row) -> User:
    cols = db.execute(
        "SELECT collection FROM members WHERE user = ? ORDER BY collection", (row["name"],)
    )
    return User(row["name"], bool(row["admin"]), tuple(r[0] for r in cols), row["email"])


def _check_password(password: str) -> None:
    if len(password) < 8:
        raise AccessError("a password needs at least 8 characters")


def add_user(
    data_dir: str | os.PathLike[str],
    name: str,
    password: str,
    *,
    collections: Iterable[str] = (),
    admin: bool = False,
    email: str = "",
) -> User:
    """A new user with a password (kept only as its argon2 hash) and their collections."""
    name = _check_name(name, "user")
    _check_password(password)
    digest = _hasher().hash(password)
    with _db(data_dir) as db, db:
        if db.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
            raise AccessError(f"the user {name!r} exists already")
        wanted = [_known_collection(db, c.strip()) for c in collections if c.strip()]
        db.execute(
            "INSERT INTO users (name, hash, admin, email) VALUES (?, ?, ?, ?)",
            (name, digest, int(admin), email.strip().lower()),
        )
        db.executemany(
            "INSERT OR IGNORE INTO members (user, collection) VALUES (?, ?)",
            [(name, c) for c in wanted],
        )
    return User(name, admin, tuple(sorted(set(wanted))), email.strip().lower())


def _known_user(db: sqlite3.Connection, name: str) -> sqlite3.Row:
    row = db.execute("SELECT name, hash, admin, email FROM users WHERE name = ?", (name,))
    found = row.fetchone()
    if found is None:
        raise AccessError(f"there is no user {name!r}; see 'boardsearch users list'")
    return found


def remove_user(data_dir: str | os.PathLike[str], name: str) -> None:
    with _db(data_dir) as db, db:
        _known_user(db, name)
        db.execute("DELETE FROM members WHERE user = ?", (name,))
        db.execute("DELETE FROM users WHERE name = ?", (name,))
    _forget_failures(data_dir, name)


def set_password(data_dir: str | os.PathLike[str], name: str, password: str) -> None:
    _check_password(password)
    digest = _hasher().hash(password)
    with _db(data_dir) as db, db:
        _known_user(db, name)
        db.execute("UPDATE users SET hash = ? WHERE name = ?", (digest, name))
    _forget_failures(data_dir, name)


def _forget_failures(data_dir: str | os.PathLike[str], name: str) -> None:
    with _log(data_dir) as log, log:
        log.execute("DELETE FROM sign_in_failures WHERE name = ?", (name,))


def viewer_for(data_dir: str | os.PathLike[str], name: str | None) -> Viewer:
    """The Viewer of a user by name (None or "": the folder's owner, who sees all)."""
    if not name:
        return OWNER
    with _db(data_dir) as db:
        user = _user(db, _known_user(db, name))
    return Viewer(user.name, user.collections, user.admin)


def viewer_for_email(data_dir: str | os.PathLike[str], email: str) -> Viewer | None:
    """The Viewer of the user an identity provider's email belongs to, or None."""
    with _db(data_dir) as db:
        row = db.execute("SELECT name FROM users WHERE email = ?", (email.strip().lower(),))
        found = row.fetchone()
    return None if found is None else viewer_for(data_dir, found["name"])


# -- signing in ------------------------------------------------------------------------------
@dataclass(frozen=True)
class SignIn:
    """A sign-in's outcome: the viewer, or why not and how long to wait before the next try."""

    viewer: Viewer | None
    message: str = ""
    wait: float = 0.0  # seconds before another attempt for this name is looked at


def wait_after(failures: int) -> float:
    """Seconds to wait after `failures` in a row: none for the first few, then doubling."""
    if failures < FREE_FAILURES:
        return 0.0
    return float(min(MAX_WAIT, 2 ** (failures - FREE_FAILURES + 1)))


def sign_in(
    data_dir: str | os.PathLike[str], name: str, password: str, *, now: float | None = None
) -> SignIn:
    """Check a user name and password. Failures are counted per name (known or not, so a
    name's existence is not given away) and slow the next attempts down."""
    now = time.time() if now is None else now
    name = name.strip()
    with _log(data_dir) as log:
        row = log.execute("SELECT failures, last_at FROM sign_in_failures WHERE name = ?", (name,))
        seen = row.fetchone()
    failures = seen["failures"] if seen else 0
    left = (seen["last_at"] + wait_after(failures) - now) if seen else 0.0
    if left > 0:
        return SignIn(None, f"Too many failed sign-ins: wait {left:.0f} s and try again.", left)
    with _db(data_dir) as db:
        user = db.execute("SELECT name, hash FROM users WHERE name = ?", (name,)).fetchone()
    if _verified(user["hash"] if user else _dummy(), password) and user is not None:
        _forget_failures(data_dir, name)
        return SignIn(viewer_for(data_dir, name))
    with _log(data_dir) as log, log:
        log.execute(
            "INSERT OR REPLACE INTO sign_in_failures (name, failures, last_at) VALUES (?, ?, ?)",
            (name, failures + 1, now),
        )
    wait = wait_after(failures + 1)
    later = f" Wait {wait:.0f} s before trying again." if wait else ""
    return SignIn(None, "Wrong user name or password." + later, wait)


_DUMMY: list[str] = []  # a hash to check unknown names against, so they take as long


def _dummy() -> str:
    if not _DUMMY:
        _DUMMY.append(_hasher().hash("not anyone's password"))
    return _DUMMY[0]


def _verified(digest: str, password: str) -> bool:
    from argon2.exceptions import VerificationError

    try:
        return bool(_hasher().verify(digest, password))
    except (VerificationError, ValueError):
        return False


# -- the audit -------------------------------------------------------------------------------
ACTIONS = ("sign-in", "sign-in refused", "sign-out", "search", "document", "export", "brief")


def record(
    data_dir: str | os.PathLike[str], viewer: Viewer | str, action: str, detail: Any = ""
) -> None:
    """One audit row (user, time UTC, action, detail), committed at once."""
    user = viewer if isinstance(viewer, str) else viewer.label
    text = detail if isinstance(detail, str) else json.dumps(detail, ensure_ascii=False)
    with _log(data_dir) as db, db:
        db.execute(AUDIT.insert(), AUDIT.row(at=_now(), user=user, action=action, detail=text))


def audit(
    data_dir: str | os.PathLike[str], *, user: str = "", since: str = ""
) -> list[dict[str, str]]:
    """The audit rows, oldest first; of one user, and from a date (YYYY-MM-DD or ISO) on."""
    if since:
        try:
            start = datetime.fromisoformat(since)
        except ValueError:
            raise AccessError(f"--since {since!r} is not a date; write it as YYYY-MM-DD") from None
        since = (start if start.tzinfo else start.replace(tzinfo=UTC)).isoformat(timespec="seconds")
    sql = "SELECT at, user, action, detail FROM audit WHERE 1"
    args: list[str] = []
    if user:
        sql += " AND user = ?"
        args.append(user)
    if since:
        sql += " AND at >= ?"
        args.append(since)
    with _log(data_dir) as db:
        return [dict(r) for r in db.execute(sql + " ORDER BY id", args)]
