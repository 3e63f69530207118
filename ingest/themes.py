"""Theme taxonomy (``data/themes.json``) and a pure seed-term matcher.

The embedding-based assigner in ``index/`` combines ``match_seed_terms`` with vector
similarity; ``evaluate`` scores any assigner against a hand-labelled set, per theme
group (precision and recall over passage-theme pairs).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from .datafiles import DATA_DIR, entries, read_json
from .errors import ThemesFileError

THEMES_FILE = DATA_DIR / "themes.json"


def load_themes(path: Path = THEMES_FILE) -> list[dict[str, Any]]:
    """Themes: [{"name", "group", "description", "seed_terms"}]."""
    data = read_json(path, "the themes file", ThemesFileError)
    fields = ("name", "group", "description", "seed_terms")
    return entries(data, "themes", path, "theme", present=fields, error=ThemesFileError)


def _term_pattern(term: str) -> re.Pattern[str]:
    prefix = term.endswith("*")
    body = re.escape(term.rstrip("*")).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]?")
    tail = r"\w*" if prefix else r"(?!\w)"
    exact = sum(c.isupper() for c in term) >= 2 or term.isupper()
    return re.compile(rf"(?<!\w){body}{tail}", 0 if exact else re.I)


@lru_cache(maxsize=8)
def _compiled(
    key: tuple[tuple[str, tuple[str, ...]], ...],
) -> list[tuple[str, list[tuple[str, re.Pattern[str]]]]]:
    return [(name, [(t, _term_pattern(t)) for t in terms]) for name, terms in key]


def match_seed_terms(
    text: str, themes: Sequence[Mapping[str, Any]] | None = None
) -> list[tuple[str, list[str]]]:
    """(theme name, seed terms found) for each theme with at least one term in text."""
    themes = load_themes() if themes is None else themes
    key = tuple((t["name"], tuple(t["seed_terms"])) for t in themes)
    found = []
    for name, patterns in _compiled(key):
        terms = [term for term, pattern in patterns if pattern.search(text)]
        if terms:
            found.append((name, terms))
    return found


def evaluate(
    gold: Mapping[str, Iterable[str]],
    predicted: Mapping[str, Iterable[str]],
    themes: Sequence[Mapping[str, Any]] | None = None,
) -> dict[str, dict[str, float]]:
    """Precision, recall and F1 per theme group (and "all") over (passage, theme) pairs.

    ``gold`` and ``predicted`` map a passage id to theme names; passages missing from
    ``predicted`` count as predicted with no themes.
    """
    themes = load_themes() if themes is None else themes
    group_of = {t["name"]: t["group"] for t in themes}
    counts: dict[str, list[int]] = {}
    for pid, gold_themes in gold.items():
        g, p = set(gold_themes), set(predicted.get(pid, ()))
        for theme in g | p:
            tp, fp, fn = (
                int(theme in g and theme in p),
                int(theme in p and theme not in g),
                int(theme in g and theme not in p),
            )
            for bucket in (group_of.get(theme, "unknown"), "all"):
                c = counts.setdefault(bucket, [0, 0, 0])
                c[0], c[1], c[2] = c[0] + tp, c[1] + fp, c[2] + fn
    return {bucket: _scores(*c) for bucket, c in sorted(counts.items())}


def _scores(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }
