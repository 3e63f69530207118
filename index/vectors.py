"""The semantic index: passage vectors in ``data_dir/vectors`` and exact cosine search.

Storage: ``vectors-<n>.npy`` (float32, rows L2-normalised) plus ``manifest.json``
naming that file, the model and the passage id of each row. The manifest is
written last (temp file + os.replace), so a crash leaves the previous complete
state. ``NearestIndex`` is the interface a future approximate index would
implement; ``ExactIndex`` is numpy brute force (about a millisecond for 20k rows).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

DIR_NAME = "vectors"
MANIFEST = "manifest.json"


class NearestIndex(Protocol):
    def search(
        self, query: np.ndarray, k: int, mask: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(row numbers, cosine scores) of the k nearest rows allowed by `mask`, best first."""
        ...


class ExactIndex:
    """Brute-force cosine over a normalised float32 matrix."""

    def __init__(self, matrix: np.ndarray) -> None:
        self.matrix = matrix

    def search(
        self, query: np.ndarray, k: int, mask: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        if self.matrix.shape[0] == 0 or k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        scores = self.matrix @ query.astype(np.float32).ravel()
        if mask is not None:
            scores = np.where(mask, scores, -np.inf)
        k = min(k, scores.shape[0])
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        top = top[np.isfinite(scores[top])]
        return top, scores[top]


@dataclass
class VectorSet:
    model: str
    ids: list[str]
    matrix: np.ndarray  # len(ids) x dim float32

    @property
    def dim(self) -> int:
        return int(self.matrix.shape[1]) if self.matrix.ndim == 2 else 0


class VectorStore:
    """Reads and atomically writes the vector set of one data folder."""

    def __init__(self, data_dir: Path) -> None:
        self.dir = Path(data_dir) / DIR_NAME

    def manifest(self) -> dict | None:
        path = self.dir / MANIFEST
        if not path.exists():
            return None
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ValueError(f"{path}: unreadable vector manifest ({exc}); run reindex") from exc

    def stamp(self) -> float:
        """Changes whenever a new vector set is written."""
        try:
            return (self.dir / MANIFEST).stat().st_mtime_ns
        except OSError:
            return 0

    def load(self) -> VectorSet | None:
        man = self.manifest()
        if man is None:
            return None
        matrix = np.load(self.dir / man["file"], mmap_mode=None)
        if matrix.shape[0] != len(man["ids"]):
            raise ValueError(f"{self.dir}: vector file and manifest disagree; run reindex")
        return VectorSet(man["model"], list(man["ids"]), matrix.astype(np.float32, copy=False))

    def save(self, vs: VectorSet) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        old = self.manifest()
        gen = int(old.get("generation", 0)) + 1 if old else 1
        name = f"vectors-{gen}.npy"
        tmp = self.dir / (name + ".tmp")
        with open(tmp, "wb") as fh:
            np.save(fh, vs.matrix.astype(np.float32, copy=False))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.dir / name)
        man = {"generation": gen, "file": name, "model": vs.model, "dim": vs.dim,
               "count": len(vs.ids), "ids": vs.ids}  # fmt: skip
        tmp_man = self.dir / (MANIFEST + ".tmp")
        tmp_man.write_text(json.dumps(man), encoding="utf-8")
        with open(tmp_man, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp_man, self.dir / MANIFEST)
        for stale in self.dir.glob("vectors-*.npy*"):
            if stale.name != name:
                stale.unlink(missing_ok=True)
