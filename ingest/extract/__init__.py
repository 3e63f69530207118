"""Extracted record kinds: one module per kind, and everything built from them.

Each module here (``stocktake``, ``figures``, ``entities``, ``recommendations``,
``glossary``, ``themes`` ...) declares ``KIND = Kind(...)`` (see ``base.py``): its name,
its record classes, its extractor, its export and its display. This package finds those
modules itself, so the record classes (``REGISTRY``), the order extractors run in
(``KINDS``), the export choices and ``BOARDSEARCH_ENRICH``'s meaning all come from them:
adding a kind is adding a module (ARCHITECTURE.md, "Adding a kind").

``run(parsed)`` is what the pipeline calls. A failing extractor costs only its own
records: the document is stored as "partial" with a message saying which step failed.
In strict mode (the tests turn it on: tests/conftest.py) it raises instead, so a
crashing extractor fails the test that ran it.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Sequence
from typing import Any

from ingest.errors import RecordError, UsageError
from ingest.model import ParsedDocument, Record, RecordFields

from .base import Display, Export, Kind, record_row, record_rows

__all__ = [
    "KINDS",
    "REGISTRY",
    "Display",
    "Export",
    "Kind",
    "decode",
    "enrich_help",
    "export_choices",
    "kind",
    "record_class",
    "record_row",
    "record_rows",
    "run",
    "set_strict",
]


def _discover() -> tuple[Kind, ...]:
    """Every ``KIND`` declared by a module of this package, in extractor order."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        declared = getattr(module, "KIND", None)
        if isinstance(declared, Kind):
            found.append(declared)
    return tuple(sorted(found, key=lambda k: (k.order, k.name)))


def _registry(kinds: Sequence[Kind]) -> dict[str, type[RecordFields]]:
    """Record kind -> class; a record kind claimed twice is a mistake said at import."""
    out: dict[str, type[RecordFields]] = {}
    for k in kinds:
        for cls in k.records:
            if cls.KIND in out and out[cls.KIND] is not cls:
                raise RecordError(f"record kind {cls.KIND!r} is declared twice ({k.name})")
            out[cls.KIND] = cls
    return out


KINDS: tuple[Kind, ...] = _discover()
REGISTRY: dict[str, type[RecordFields]] = _registry(KINDS)
_strict = False


def kind(name: str) -> Kind:
    """The kind called `name` ("figures"); UsageError naming the kinds for any other."""
    for k in KINDS:
        if k.name == name:
            return k
    known = ", ".join(k.name for k in KINDS)
    raise UsageError(f"no kind of record is called {name!r}; the kinds are {known}")


def record_class(kind: str) -> type[RecordFields]:
    """The class of record `kind`; RecordError (naming the known kinds) for any other."""
    try:
        return REGISTRY[kind]
    except KeyError:
        known = ", ".join(sorted(REGISTRY))
        raise RecordError(f"unknown record kind {kind!r}; known kinds: {known}") from None


def decode(kind: str, data: dict[str, Any]) -> RecordFields:
    """The typed fields of a record of `kind` from the JSON the store keeps."""
    return record_class(kind).from_dict(data)


def export_choices() -> tuple[str, ...]:
    """The names ``boardsearch export`` takes for records, in the kinds' order."""
    return tuple(k.name for k in KINDS if k.export is not None)


def enrich_help() -> str:
    """What ``BOARDSEARCH_ENRICH=0`` leaves out: every kind an extractor finds."""
    found = [k.finds for k in KINDS if k.extract is not None]
    listed = ", ".join(found[:-1]) + " and " + found[-1] if len(found) > 1 else "".join(found)
    return f"0 skips {listed} (faster; used by tests)"


def set_strict(on: bool) -> bool:
    """Strict mode on or off (returns what it was): a failing extractor raises instead of
    marking the document partial. For tests; people always get the partial document."""
    global _strict
    was, _strict = _strict, on
    return was


def run(
    parsed: ParsedDocument, *, strict: bool | None = None, kinds: Sequence[Kind] | None = None
) -> tuple[tuple[Record[Any], ...], tuple[str, ...]]:
    """The records every extractor finds in a document, in order, and the problems.

    A problem is a step that failed ("figures step failed: ValueError: ..."): its records
    are left out and the others kept. ``strict`` (default: the mode ``set_strict`` chose)
    raises the step's exception instead, and also refuses records of a class the kind
    does not declare.
    """
    strict = _strict if strict is None else strict
    records: list[Record[Any]] = []
    problems: list[str] = []
    for k in KINDS if kinds is None else kinds:
        if k.extract is None:
            continue
        try:
            found = tuple(k.extract(parsed))
        except Exception as exc:  # one failing step must not lose the document
            if strict:
                exc.add_note(f"the {k.name} extractor failed on {parsed.document.path}")
                raise
            problems.append(f"{k.name} step failed: {type(exc).__name__}: {exc}")
            continue
        if strict:
            _check_declared(k, found)
        records.extend(found)
    return tuple(records), tuple(problems)


def _check_declared(k: Kind, found: Sequence[Record[Any]]) -> None:
    for r in found:
        if type(r.fields) not in k.records:
            raise RecordError(
                f"the {k.name} extractor made a {type(r.fields).__name__} record, "
                f"which its KIND does not declare"
            )
