"""Theme tags for passages: embedding similarity to each theme plus seed-term evidence.

Each theme of ``ingest/data/themes.json`` gets a prototype vector (the embedding of
"name: description; seed terms", or the mean of its seed-term embeddings). A passage's
score for a theme is its cosine similarity to the prototype, plus a bonus when one of
the theme's seed terms occurs in the passage. A passage keeps the themes whose score
reaches the threshold, at most ``max_themes`` of them, best first.

Scoring all passages is one matrix product; prototypes are encoded once per embedder
and taxonomy and cached. Passage vectors the search index already holds can be passed
in (``stored_vectors``) so nothing is encoded twice.

Tags come out as ``theme`` records with ``source: "auto"``; a person's tags
(``add_manual_tag``) carry ``source: "person"`` and survive ``Store.replace_records``.
The defaults in ``Params`` were chosen on one half of ``tests/themes_labelled.json``
(see ``tests/eval/run_themes_eval.py --tune``) and reported on the other half.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

import numpy as np

from ingest.errors import ThemeError, UsageError
from ingest.extract.themes import ThemeTag
from ingest.model import Passage, Record
from ingest.themes import _term_pattern as term_pattern
from ingest.themes import load_themes

from .embed import Embedder
from .models import same_model
from .vectors import VectorStore

Prototype = Literal["description", "terms"]
Theme = Mapping[str, Any]
PassageVectors = Mapping[str, np.ndarray] | np.ndarray


@dataclass(frozen=True)
class Params:
    """How similarity and seed terms combine into tags."""

    prototype: Prototype = "terms"
    threshold: float = 0.525  # minimum combined score for a tag
    bonus: float = 0.3  # added to the similarity when a seed term of the theme occurs
    max_themes: int = 3  # most tags per passage


DEFAULT = Params()
"""Chosen on the dev half of the labelled set (MiniLM): a seed-term match needs
similarity 0.225 to count; a theme with no seed term needs 0.525 (rare)."""
EMBEDDINGS_ONLY = Params("description", 0.325, 0.0, 2)
"""The best similarity-only rule on the same dev half, for comparison."""


# -- prototypes -------------------------------------------------------------------


def theme_text(theme: Theme) -> str:
    """What the model reads for a theme in "description" mode."""
    return f"{theme['name']}: {theme['description']}; {', '.join(theme['seed_terms'])}"


def _clean_term(term: str) -> str:
    return term.rstrip("*")


_PROTOTYPES: dict[tuple[str, int, str, tuple[str, ...]], np.ndarray] = {}
PROTOTYPES_DIR = "theme-prototypes"  # in a data folder: the vectors of prototypes encoded


def prototypes(
    embedder: Embedder,
    themes: Sequence[Theme],
    mode: Prototype,
    cache_dir: str | Path | None = None,
) -> np.ndarray:
    """Unit prototype vectors (len(themes) x dim), encoded once per embedder and taxonomy.

    With `cache_dir` (a data folder) they are also kept on disk, so the next process reads
    them instead of encoding 300-odd seed terms again (a sixth of an ingest's indexing
    time, profiled: docs/PERFORMANCE.md)."""
    texts = tuple(theme_text(t) for t in themes)
    key = (embedder.name, embedder.dim, mode, texts)
    if key not in _PROTOTYPES:
        _PROTOTYPES[key] = _kept_prototypes(embedder, themes, mode, key, cache_dir)
    return _PROTOTYPES[key]


def _kept_prototypes(
    embedder: Embedder,
    themes: Sequence[Theme],
    mode: Prototype,
    key: tuple[str, int, str, tuple[str, ...]],
    cache_dir: str | Path | None,
) -> np.ndarray:
    """The prototypes read from `cache_dir` when encoded there before, else encoded (and
    written there); a file that cannot be read or written is encoded or skipped."""
    if cache_dir is None:
        return _encode_prototypes(embedder, themes, mode)
    import hashlib
    import json
    import os

    digest = hashlib.sha256(json.dumps(key).encode()).hexdigest()[:24]
    path = Path(cache_dir) / PROTOTYPES_DIR / f"{digest}.npy"
    try:
        kept = np.load(path, allow_pickle=False)
        if kept.shape == (len(themes), embedder.dim) and kept.dtype == np.float32:
            return kept
    except (OSError, ValueError):
        pass
    protos = _encode_prototypes(embedder, themes, mode)
    if not Path(cache_dir).is_dir():
        return protos  # no data folder yet: none is made for this
    try:
        path.parent.mkdir(exist_ok=True)
        tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npy")
        np.save(tmp, protos, allow_pickle=False)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only data folder: encoded again next time
    return protos


def _encode_prototypes(embedder: Embedder, themes: Sequence[Theme], mode: Prototype) -> np.ndarray:
    if mode == "description":
        return embedder.encode([theme_text(t) for t in themes])
    if mode != "terms":
        raise UsageError(f"unknown prototype mode {mode!r}; use 'description' or 'terms'")
    terms = [[_clean_term(s) for s in t["seed_terms"]] or [t["name"]] for t in themes]
    flat = embedder.encode([s for group in terms for s in group])
    out, start = np.zeros((len(themes), embedder.dim), np.float32), 0
    for i, group in enumerate(terms):
        out[i] = flat[start : start + len(group)].mean(axis=0)
        start += len(group)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (out / norms).astype(np.float32)


# -- passage vectors --------------------------------------------------------------


def embed_text(passage: Passage) -> str:
    """What the model reads for a passage (as the search index does): heading, then text."""
    head = passage.section_path[-1] if passage.section_path else ""
    return f"{head}: {passage.text}" if head else passage.text


def stored_vectors(data_dir: str | Path, embedder: Embedder) -> dict[str, np.ndarray]:
    """Passage id -> vector from the search index, if it was built with this embedder."""
    try:
        vs = VectorStore(Path(data_dir)).load()
    except (ValueError, OSError):
        return {}
    if vs is None or vs.dim != embedder.dim or not same_model(vs.model, vs.model_id, embedder.name):
        return {}
    return {pid: vs.matrix[i] for i, pid in enumerate(vs.ids)}


def passage_matrix(
    passages: Sequence[Passage], embedder: Embedder, passage_vectors: PassageVectors | None = None
) -> np.ndarray:
    """Unit vectors of the passages, reusing given ones (by passage id, or row-aligned)."""
    if isinstance(passage_vectors, np.ndarray):
        if passage_vectors.shape != (len(passages), embedder.dim):
            raise ValueError(
                f"passage_vectors has shape {passage_vectors.shape}; "
                f"expected ({len(passages)}, {embedder.dim})"
            )
        return passage_vectors.astype(np.float32, copy=False)
    known = passage_vectors or {}
    out = np.zeros((len(passages), embedder.dim), np.float32)
    missing = []
    for i, p in enumerate(passages):
        vec = known.get(p.id)
        if vec is not None and vec.shape == (embedder.dim,):
            out[i] = vec
        else:
            missing.append(i)
    if missing:
        out[missing] = embedder.encode([embed_text(passages[i]) for i in missing])
    return out


# -- scoring ----------------------------------------------------------------------


def _needle(term: str) -> str:
    """The longest literal chunk of a seed term: a match needs it, lower-cased, in the text."""
    return max(re.split(r"[\s-]+", term.rstrip("*").lower()), key=len)


_MATCHERS: dict[tuple, list[list[tuple[str, str, re.Pattern[str]]]]] = {}


def _matchers(themes: Sequence[Theme]) -> list[list[tuple[str, str, re.Pattern[str]]]]:
    """Per theme: (term, needle, pattern), compiled once per taxonomy."""
    key = tuple((t["name"], tuple(t["seed_terms"])) for t in themes)
    if key not in _MATCHERS:
        _MATCHERS[key] = [
            [(term, _needle(term), term_pattern(term)) for term in t["seed_terms"]] for t in themes
        ]
    return _MATCHERS[key]


def term_hits(texts: Sequence[str], themes: Sequence[Theme]) -> list[dict[int, list[str]]]:
    """Per text: theme index -> seed terms found in it (``ingest.themes`` matching rules).

    A substring test on the lower-cased text skips terms that cannot match.
    """
    matchers = _matchers(themes)
    out = []
    for text in texts:
        low = text.lower()
        found: dict[int, list[str]] = {}
        for j, terms in enumerate(matchers):
            hit = [term for term, needle, pat in terms if needle in low and pat.search(text)]
            if hit:
                found[j] = hit
        out.append(found)
    return out


def choose(
    sims: np.ndarray, hits: Sequence[Mapping[int, list[str]]], params: Params
) -> list[list[tuple[int, float]]]:
    """Per passage: (theme index, combined score) of the tags kept, best first."""
    scores = sims.copy()
    if params.bonus:
        for i, found in enumerate(hits):
            for j in found:
                scores[i, j] += params.bonus
    chosen = []
    for row in scores:
        order = np.argsort(-row, kind="stable")[: params.max_themes]
        chosen.append([(int(j), float(row[j])) for j in order if row[j] >= params.threshold])
    return chosen


def assign(
    passages: Sequence[Passage],
    embedder: Embedder,
    themes: Sequence[Theme] | None = None,
    passage_vectors: PassageVectors | None = None,
    params: Params = DEFAULT,
    cache_dir: str | Path | None = None,
) -> list[Record]:
    """Automatic ``theme`` records for the passages, with score and evidence (the
    prototypes kept in `cache_dir`, a data folder, when given)."""
    themes = load_themes() if themes is None else themes
    if not passages or not themes:
        return []
    vecs = passage_matrix(passages, embedder, passage_vectors)
    sims = vecs @ prototypes(embedder, themes, params.prototype, cache_dir).T
    hits = term_hits([p.text for p in passages], themes)
    records = []
    for p, row, found, tags in zip(passages, sims, hits, choose(sims, hits, params), strict=True):
        for j, score in tags:
            tag = ThemeTag(
                theme=themes[j]["name"],
                group=themes[j]["group"],
                score=round(min(max(score, 0.0), 1.0), 3),
                evidence={"terms": found.get(j, []), "similarity": round(float(row[j]), 3)},
                source="auto",
                target="passage",
            )
            records.append(Record(p.doc_id, p.page, tag, p.bbox, p.ordinal))
    return records


# -- stock-take rows and recommendations -----------------------------------------


def tags_for_records(records: Iterable[Record], passage_tags: Iterable[Record]) -> list[Record]:
    """Theme records for stock-take rows and recommendations, from their passage's tags.

    Each target record inherits the tags of the passage it points to (same doc and
    passage ordinal); ``data["target"]`` names the record kind.
    """
    by_passage: dict[tuple[str, int], list[Record]] = defaultdict(list)
    for tag in passage_tags:
        if tag.kind == "theme" and tag.fields.target == "passage":
            if tag.passage_ordinal is not None:
                by_passage[(tag.doc_id, tag.passage_ordinal)].append(tag)
    out = []
    for rec in records:
        if rec.kind not in ("stocktake_row", "recommendation") or rec.passage_ordinal is None:
            continue
        for tag in by_passage.get((rec.doc_id, rec.passage_ordinal), ()):
            inherited = replace(tag.fields, target=rec.kind)
            out.append(Record(rec.doc_id, rec.page, inherited, rec.bbox, rec.passage_ordinal))
    return out


# -- tags a person adds -----------------------------------------------------------


def find_theme(name: str, themes: Sequence[Theme] | None = None) -> Theme:
    """The theme called `name` (case and spacing ignored); ThemeError names near misses."""
    themes = load_themes() if themes is None else themes
    by_key = {_key(t["name"]): t for t in themes}
    theme = by_key.get(_key(name))
    if theme is None:
        near = difflib.get_close_matches(name, [t["name"] for t in themes], n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(repr(n) for n in near)}?" if near else ""
        raise ThemeError(f"{name!r} is not a theme in the themes file{hint}")
    return theme


def _key(name: str) -> str:
    return " ".join(name.lower().split())


def add_manual_tag(
    store: Any,
    doc_id: str,
    passage_ordinal: int,
    theme: str,
    *,
    themes: Sequence[Theme] | None = None,
    note: str = "",
) -> Record:
    """Tag a stored passage with a theme a person chose; kept when automatic tags are redone."""
    chosen = find_theme(theme, themes)
    passage = next((p for p in store.passages([doc_id]) if p.ordinal == passage_ordinal), None)
    if passage is None:
        raise ThemeError(f"document {doc_id[:12]} has no passage number {passage_ordinal}")
    tag = ThemeTag(
        theme=chosen["name"],
        group=chosen["group"],
        score=1.0,
        evidence={"terms": [], "similarity": None, "note": note},
        source="person",
        target="passage",
    )
    record = Record(doc_id, passage.page, tag, passage.bbox, passage.ordinal)
    store.add_records([record])
    return record
