"""Text -> unit vectors. The ONLY module that imports sentence-transformers (and torch).

``Embedder`` is the protocol the rest of the package uses; ``HashEmbedder`` is
a deterministic stand-in for fast tests; ``SentenceEmbedder`` wraps a real
sentence-transformers model, loaded offline, optionally in bfloat16.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from ingest import settings as env_settings
from ingest.errors import SettingsError
from ingest.settings import ModelSettings

from .models import model_name


class Embedder(Protocol):
    name: str
    dim: int

    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        """Float32 matrix (len(texts) x dim), rows L2-normalised."""
        ...


def _normalise(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (m / norms).astype(np.float32)


class HashEmbedder:
    """Bag of hashed words: deterministic, no model, similar texts get similar vectors."""

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.name = f"hash-{dim}"

    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        m = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"[a-z0-9]+", text.lower()):
                h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "big")
                m[i, h % self.dim] += 1.0 if (h >> 32) & 1 else -1.0
        return _normalise(m)


def cpu_has_bf16() -> bool:
    """True when the CPU advertises native bfloat16 (AVX512-BF16 or AMX-BF16)."""
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def use_bf16(models: ModelSettings) -> bool:
    """Whether to encode in bfloat16: as BOARDSEARCH_BF16 says, or (auto) where the CPU
    has it natively (elsewhere it is slower than float32)."""
    value = models.bf16.lower()
    if value in ("1", "on", "true", "yes"):
        return True
    if value in ("0", "off", "false", "no"):
        return False
    return cpu_has_bf16()


class SentenceEmbedder:
    """A sentence-transformers model (MiniLM by default), loaded without the network."""

    def __init__(self, models: ModelSettings) -> None:
        env_settings.use_models_offline()
        import torch
        from sentence_transformers import SentenceTransformer

        self.name = model_name(models)
        self.batch_size = models.batch_size
        threads = models.threads
        if threads:
            torch.set_num_threads(threads)
        try:
            self._model = SentenceTransformer(self.name, device="cpu")
        except Exception as exc:  # noqa: BLE001 - report any load failure in one line
            raise SettingsError(f"{self.name}: cannot load the embedding model ({exc})") from exc
        self.bf16 = use_bf16(models)
        if self.bf16:
            self._model.to(torch.bfloat16)
        dim_of = getattr(self._model, "get_embedding_dimension", None) or (
            self._model.get_sentence_embedding_dimension
        )
        self.dim = int(dim_of() or 0)
        self._torch = torch
        self.query_threads = models.query_threads

    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        torch = self._torch
        threads = torch.get_num_threads()
        # A few short texts (a query) run faster on one thread, and much faster when other
        # processes share the cores: torch's thread pool spins against them.
        few = len(texts) <= 4
        small = few and 0 < self.query_threads < threads
        if small:
            torch.set_num_threads(self.query_threads)
        try:
            with torch.inference_mode():
                if few:  # one forward pass, without encode()'s batching and sorting
                    out = self._forward(list(texts))
                else:
                    out = self._model.encode(
                        list(texts),
                        batch_size=self.batch_size,
                        show_progress_bar=progress,
                        convert_to_tensor=True,
                        normalize_embeddings=True,
                    )
        finally:
            if small:
                torch.set_num_threads(threads)
        return _normalise(out.float().cpu().numpy())

    def _forward(self, texts: list[str]):  # noqa: ANN202 - a torch tensor
        """The model's own modules (transformer, pooling, normalisation) on a few texts: the
        same vectors as encode() (cosine 0.99998), 2-4 ms less per query on a busy CPU."""
        model = self._model
        prepare = getattr(model, "preprocess", None) or model.tokenize
        features = prepare(texts)
        return model(features)["sentence_embedding"]


_CACHE: dict[tuple[str, bool, int], Embedder] = {}


def get_embedder(models: ModelSettings) -> Embedder:
    """One model per (name, bf16) per process; "hash" names give the test embedder."""
    name = model_name(models)
    if name.startswith("hash"):
        dim = int(name.partition("-")[2] or 256)
        return HashEmbedder(dim)
    key = (name, use_bf16(models), models.batch_size)
    if key not in _CACHE:
        _CACHE[key] = SentenceEmbedder(models)
    return _CACHE[key]
