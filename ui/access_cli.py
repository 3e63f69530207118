"""The command line's side of restricted papers: collections, users, the audit, --as.

`boardsearch collections`, `boardsearch users` and `boardsearch audit`, and the
``--as USER`` every reading command takes: without it the command line acts as the
data folder's owner, who sees every collection. Passwords are read from the terminal
(getpass) or, for scripts, one line of standard input (``--password-stdin``); never
from the command line, where other users of the machine could see them.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ingest import access
from ingest.errors import UsageError
from ingest.viewer import OWNER, Viewer

from . import report

Adder = Callable[[str, str, str], argparse.ArgumentParser]


def add_as(p: argparse.ArgumentParser) -> None:
    """The ``--as USER`` of a reading command."""
    p.add_argument(
        "--as",
        dest="as_user",
        metavar="USER",
        default="",
        help="read as this user (only their collections); default: the data folder's owner",
    )


def viewer(args: argparse.Namespace, data_dir: Path) -> Viewer:
    """Who the command reads as: the --as user, else the folder's owner (sees all)."""
    name = getattr(args, "as_user", "")
    return access.viewer_for(data_dir, name) if name else OWNER


def audit(data_dir: Path, who: Viewer, action: str, detail: Any) -> None:
    """Record a read in the audit; a folder the audit cannot be written in is said, not fatal."""
    try:
        access.record(data_dir, who, action, detail)
    except Exception as exc:  # noqa: BLE001 - the read itself worked
        print(f"boardsearch: could not write the audit in {data_dir} ({exc})", file=sys.stderr)


def add_parsers(add: Adder) -> None:
    p = add(
        "collections",
        "List collections, add one, restrict one to its members or open it to everyone.",
        "boardsearch collections restrict case-reviews",
    )
    p.add_argument("action", nargs="?", choices=("list", "add", "restrict", "open"), default="list")
    p.add_argument("name", nargs="?", default="", help="the collection (add, restrict, open)")
    p.add_argument("--restricted", action="store_true", help="add: restricted from the start")
    p.add_argument("--json", action="store_true", help="list: print JSON")

    p = add(
        "users",
        "List the users of the web app, add or remove one, or set a password.",
        "boardsearch users add sam --collections case-reviews,minutes",
    )
    p.add_argument(
        "action", nargs="?", choices=("list", "add", "remove", "password"), default="list"
    )
    p.add_argument("name", nargs="?", default="", help="the user (add, remove, password)")
    p.add_argument("--collections", default="", help="add: restricted collections, A,B")
    p.add_argument("--admin", action="store_true", help="add: sees every collection and the audit")
    p.add_argument("--email", default="", help="add: the email an identity provider signs in with")
    p.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    p.add_argument("--json", action="store_true", help="list: print JSON")

    p = add(
        "audit",
        "Print who signed in, searched (and for what), opened documents and exported.",
        "boardsearch audit --user sam --since 2026-01-01 --format csv",
    )
    p.add_argument("--user", default="", help="only this user's rows")
    p.add_argument("--since", default="", help="only rows from this date on (YYYY-MM-DD)")
    p.add_argument("--format", choices=("json", "csv"), default="json")


def _need_name(args: argparse.Namespace, what: str) -> str:
    if not args.name.strip():
        raise UsageError(f"boardsearch {args.command} {args.action} needs a {what} name")
    return str(args.name.strip())


def cmd_collections(args: argparse.Namespace, data_dir: Path) -> int:
    if args.action == "list":
        found = access.collections(data_dir)
        if args.json:
            print(report.to_json([c.__dict__ for c in found]))
            return 0
        for c in found:
            state = "restricted" if c.restricted else "open to everyone"
            members = f"; members: {', '.join(c.members)}" if c.members else ""
            print(f"{c.name}: {report.plural(c.documents, 'document')}, {state}{members}")
        return 0
    name = _need_name(args, "collection")
    if args.action == "add":
        access.add_collection(data_dir, name, restricted=args.restricted)
        print(f"Collection {name} added ({'restricted' if args.restricted else 'open'}).")
    else:
        access.set_restricted(data_dir, name, args.action == "restrict")
        done = "restricted to its members" if args.action == "restrict" else "open to everyone"
        print(f"Collection {name} is now {done}.")
    return 0


def read_password(args: argparse.Namespace) -> str:
    """The new password: one line of standard input, or typed twice at the terminal."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(f"Password for {args.name}: ")
    if getpass.getpass("Again: ") != first:
        raise UsageError("the two passwords differ; nothing was changed")
    return first


def cmd_users(args: argparse.Namespace, data_dir: Path) -> int:
    if args.action == "list":
        found = access.users(data_dir)
        if args.json:
            print(report.to_json([u.__dict__ for u in found]))
        elif not found:
            print("No users: the web app shows every paper to anyone who can open it.")
        for u in [] if args.json else found:
            sees = "every collection" if u.admin else ", ".join(("public", *u.collections))
            print(f"{u.name}{' (admin)' if u.admin else ''}: sees {sees}")
        return 0
    name = _need_name(args, "user")
    if args.action == "remove":
        access.remove_user(data_dir, name)
        print(f"User {name} removed.")
        return 0
    if args.action == "add":
        wanted = [c for c in args.collections.split(",") if c.strip()]
        if any(u.name == name for u in access.users(data_dir)):  # before asking for a password
            raise access.AccessError(f"the user {name!r} exists already")
        password = read_password(args)
        user = access.add_user(
            data_dir, name, password, collections=wanted, admin=args.admin, email=args.email
        )
        sees = "every collection" if user.admin else ", ".join(("public", *user.collections))
        print(f"User {name} added: sees {sees}.")
        return 0
    access.set_password(data_dir, name, read_password(args))
    print(f"Password of {name} changed.")
    return 0


def cmd_audit(args: argparse.Namespace, data_dir: Path) -> int:
    rows = access.audit(data_dir, user=args.user, since=args.since)
    if args.format == "csv":
        sys.stdout.write(report.to_csv(rows))
    else:
        print(report.to_json(rows))
    return 0


COMMANDS = {"collections": cmd_collections, "users": cmd_users, "audit": cmd_audit}
