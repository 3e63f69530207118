"""The one reader of boardsearch's JSON data files (ingest/data/*.json and stand-ins for them).

Each loader (themes, agencies, places, glossary) asks for its file and its list of
entries here, so a missing file, broken JSON, a missing list or an entry without a
field it needs all give the same kind of one-line DataFileError naming the file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import DataFileError

DATA_DIR = Path(__file__).resolve().parent / "data"
AGENCIES_FILE = DATA_DIR / "agencies.json"


def read_json(
    path: str | Path, what: str, error: type[DataFileError] = DataFileError
) -> dict[str, Any]:
    """The JSON object in `path`; `what` names the file in messages ("the themes file")."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:  # ValueError covers bad JSON and bad UTF-8
        raise error(f"{path}: cannot read {what} ({exc})") from exc
    if not isinstance(data, dict):
        raise error(f"{path}: {what} should hold a JSON object, not {type(data).__name__}")
    return data


def entries(
    data: dict[str, Any],
    key: str,
    path: str | Path,
    item: str,
    *,
    present: Iterable[str] = (),
    filled: Iterable[str] = (),
    error: type[DataFileError] = DataFileError,
) -> list[dict[str, Any]]:
    """The list `data[key]` (empty when absent), each entry checked.

    `present`: fields every entry must have (they may be empty); `filled`: fields that
    must have a value. A bad entry is named by its position: "theme #3 lacks group".
    """
    found = data.get(key, [])
    if not isinstance(found, list):
        raise error(f"{path}: '{key}' should be a list")
    present, filled = tuple(present), tuple(filled)
    for i, entry in enumerate(found):
        if not isinstance(entry, dict):
            raise error(f"{path}: {item} #{i} should be an object")
        missing = [k for k in present if k not in entry]
        missing += [k for k in filled if not entry.get(k)]
        if missing:
            raise error(f"{path}: {item} #{i} lacks {', '.join(missing)}")
    return found


@lru_cache(maxsize=1)
def load_agencies(path: Path = AGENCIES_FILE) -> dict[str, Any]:
    """The agencies data file as a dict with 'agencies' and 'places' lists."""
    data = read_json(path, "the agencies file")
    entries(data, "agencies", path, "agency", filled=("canonical", "type"))
    entries(data, "places", path, "place", filled=("canonical",))
    return data


def agency_index() -> dict[str, dict[str, Any]]:
    """Canonical name -> agency entry."""
    return {a["canonical"]: a for a in load_agencies()["agencies"]}


def former_names(canonical: str) -> list[str]:
    """The names an agency went by before its current one, oldest first ("Primary Care
    Trust", "Clinical Commissioning Group" for the Integrated Care Board)."""
    formers = agency_index().get(canonical, {}).get("former_names", [])
    dated = sorted(formers, key=lambda f: str(f.get("until", "")))
    return [f["name"] for f in dated if f.get("name")]
