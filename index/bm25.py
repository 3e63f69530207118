"""The keyword engine for large libraries: BM25 postings built by bm25s, searched in numpy.

Whoosh stays the engine of an ordinary library. Above about 300,000 passages it is
too slow to build (about 300 s per 200,000 passages) and to query (p95 96 ms at
200,000, 195 ms with a filter; cost grows with the passages matched), so
``keyword_engine`` (env BOARDSEARCH_KEYWORD_ENGINE: auto | whoosh | bm25s) picks
this one: bm25s computes every (term, passage) BM25 weight once at build time into
a compressed sparse matrix; a query sums the rows of its terms with numpy, so a
filter is a boolean mask and costs nothing extra.

Same adapter as ``keyword.KeywordIndex`` (exists, fingerprints, doc_count, update,
rebuild, search, matching) plus ``search_rows``/``matching_rows`` that work in the
catalog's row numbers. Differences from the Whoosh engine, by design: one field
(text, section heading and title words together, no field boosts), plain BM25, and
field queries (``borough:Westminster``) and phrases are read as their plain words.

Files in ``data_dir/bm25``: ``manifest.json`` (written last: generation, document
fingerprints) and, per generation, the passage ids, the vocabulary and the
matrix (``data``/``indices``/``indptr`` .npy files, memory-mapped on open).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ingest.errors import SearchIndexError

from .catalog import Row
from .keyword import RARE_FLOOR, RARE_SHARE, KeywordHits, is_structured

DIR_NAME = "bm25"
MANIFEST = "manifest.json"
_WORD = re.compile(r"\w+(?:\.?\w+)*")
_FIELD = re.compile(r"\b[a-z_]+:")
_OPS = re.compile(r"\b(AND|OR|NOT|TO)\b")


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from whoosh.analysis import STOP_WORDS  # the Whoosh engine's list, so both drop the same

    return frozenset(STOP_WORDS)


@lru_cache(maxsize=500_000)
def _stem(word: str) -> str:
    from whoosh.lang.porter import stem

    return stem(word)


def analyse(text: str) -> list[str]:
    """Lower-cased words, stop words and 1-letter words dropped, Porter-stemmed (as Whoosh)."""
    stop = _stopwords()
    return [_stem(w) for w in _WORD.findall(text.lower()) if len(w) > 1 and w not in stop]


def doc_text(row: Row) -> str:
    return " ".join((row.passage.text, " ".join(row.passage.section_path), row.document.title))


def query_words(text: str) -> list[str]:
    """The stems of a query, field names and operators dropped, each once."""
    plain = _OPS.sub(" ", _FIELD.sub(" ", text)).replace('"', " ")
    return list(dict.fromkeys(analyse(plain)))


MAX_NESTING = 32  # groups inside groups; deeper parentheses are dropped, their words kept
_TOKEN = re.compile(r'\(|\)|"[^"]*"?|[^\s()"]+')


def parse_boolean(text: str) -> tuple | None:
    """A query's AND / OR / NOT structure over stems, as Whoosh's parser reads it: NOT
    binds tightest, then AND, then OR, and words side by side are AND-ed loosest of all
    ("police OR school health" is (police OR school) AND health); parentheses group; a
    phrase is the AND of its words (this engine keeps no positions); a field name is
    dropped (its words stay). Nodes: ("term", stem), ("and", [...]), ("or", [...]),
    ("not", node); None for a query with no word left (stop words only)."""
    return _BooleanParser(_TOKEN.findall(text)).parse()


class _BooleanParser:
    """Recursive descent over a query's tokens, one method per level of precedence."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens, self.pos, self.depth = tokens, 0, 0

    def parse(self) -> tuple | None:
        node = self.side_by_side()
        while self.pos < len(self.tokens):  # after an unmatched ")": AND-ed, side by side
            self.take()
            node = _group("and", [node, self.side_by_side()])
        return node

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str:
        self.pos += 1
        return self.tokens[self.pos - 1]

    def side_by_side(self) -> tuple | None:
        parts = []
        while self.peek() not in (None, ")"):
            if self.peek() in ("AND", "OR"):  # an operator with nothing before it
                self.take()
                continue
            parts.append(self.either())
        return _group("and", parts)

    def either(self) -> tuple | None:
        return self.joined("OR", self.both)

    def both(self) -> tuple | None:
        return self.joined("AND", self.unary)

    def joined(self, operator: str, part: Callable[[], tuple | None]) -> tuple | None:
        """Parts read by `part`, joined by `operator` (OR or AND)."""
        parts = [part()]
        while self.peek() == operator:
            self.take()
            parts.append(part())
        return _group(operator.lower(), parts)

    def unary(self) -> tuple | None:
        token = self.take() if self.peek() is not None else ")"
        if token == "NOT":
            node = self.unary()
            return None if node is None else ("not", node)
        if token == "(":
            if self.depth >= MAX_NESTING:  # deeper groups read flat (no recursion without end)
                return None
            self.depth += 1
            node = self.side_by_side()
            self.depth -= 1
            if self.peek() == ")":
                self.take()
            return node
        if token in (")", "AND", "OR"):  # an operator with nothing after it
            return None
        words = analyse(_FIELD.sub(" ", token.strip('"')))
        return _group("and", [("term", w) for w in words])


def _group(op: str, parts: list[tuple | None]) -> tuple | None:
    kept = [p for p in parts if p is not None]
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else (op, kept)


class LargeKeywordIndex:
    """BM25 over every passage, memory-mapped; rebuilt whole when the library changes."""

    row_space = True  # search.py passes catalog masks, gets catalog rows back

    def __init__(self, data_dir: Path, dir_name: str = DIR_NAME) -> None:
        self.dir = Path(data_dir) / dir_name
        self._gen: int | None = None
        self._ids: np.ndarray = np.zeros(0, dtype="U1")
        self._vocab: dict[str, int] = {}
        self._data = self._indices = self._indptr = np.zeros(0)
        self._n = 0
        self._row_of: tuple[int, int, np.ndarray] | None = None  # (gen, id(catalog), map)

    # -- state -----------------------------------------------------------------------------
    def _manifest(self) -> dict | None:
        try:
            return json.loads((self.dir / MANIFEST).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise SearchIndexError(
                f"{self.dir}: unreadable keyword manifest ({exc}); run reindex"
            ) from exc

    def exists(self) -> bool:
        return (self.dir / MANIFEST).exists()

    def fingerprints(self) -> dict[str, str]:
        man = self._manifest()
        return dict(man["fingerprints"]) if man else {}

    def doc_count(self) -> int:
        man = self._manifest()
        return int(man["count"]) if man else 0

    def close(self) -> None:
        self._gen = None
        self._row_of = None

    def _load(self) -> None:
        man = self._manifest()
        if man is None:
            raise FileNotFoundError(f"{self.dir}: no keyword index yet")
        gen = int(man["generation"])
        if gen == self._gen:
            return
        g = self.dir / f"g{gen}"
        self._ids = np.load(g / "ids.npy", mmap_mode="r")
        self._vocab = json.loads((g / "vocab.json").read_text(encoding="utf-8"))
        self._data = np.load(g / "data.npy", mmap_mode="r")
        self._indices = np.load(g / "indices.npy", mmap_mode="r")
        self._indptr = np.load(g / "indptr.npy", mmap_mode="r")
        self._n = int(man["count"])
        self._gen = gen
        self._row_of = None

    def notice_change(self) -> None:
        """The data folder changed; nothing to do, every search reads the manifest anew."""

    def _current(self) -> None:
        man = self._manifest()
        if man is None or int(man["generation"]) != self._gen:
            self._load()

    # -- writing ---------------------------------------------------------------------------
    def update(
        self, remove: Iterable[str], add: Iterable[tuple[Row, str]], *, optimize: bool = False
    ) -> int:
        raise NotImplementedError("the large keyword index is rebuilt whole: call rebuild()")

    def rebuild(self, rows: Iterable[tuple[Row, str]]) -> int:
        """Build every posting from (row, doc fingerprint) pairs; swap the new generation in."""
        import bm25s

        ids: list[str] = []
        tokens: list[list[str]] = []
        fps: dict[str, str] = {}
        for row, fp in rows:
            ids.append(row.id)
            tokens.append(analyse(doc_text(row)))
            fps[row.document.id] = fp
        old = self._manifest()
        gen = int(old["generation"]) + 1 if old else 1
        g = self.dir / f"g{gen}"
        shutil.rmtree(g, ignore_errors=True)
        g.mkdir(parents=True)
        if ids:
            retriever = bm25s.BM25()  # Lucene's BM25, k1 1.5, b 0.75
            retriever.index(tokens, show_progress=False)
            sc = retriever.scores
            vocab = {str(k): int(v) for k, v in retriever.vocab_dict.items()}
            data, indices, indptr = sc["data"], sc["indices"], sc["indptr"]
        else:
            vocab = {}
            data = np.zeros(0, np.float32)
            indices = np.zeros(0, np.int32)
            indptr = np.zeros(1, np.int64)
        np.save(g / "ids.npy", np.asarray(ids, dtype=str))
        np.save(g / "data.npy", np.asarray(data, dtype=np.float32))
        np.save(g / "indices.npy", np.asarray(indices, dtype=np.int32))
        np.save(g / "indptr.npy", np.asarray(indptr, dtype=np.int64))
        (g / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")
        man = {"generation": gen, "count": len(ids), "fingerprints": fps}
        tmp = self.dir / (MANIFEST + ".tmp")
        tmp.write_text(json.dumps(man), encoding="utf-8")
        os.replace(tmp, self.dir / MANIFEST)
        for stale in self.dir.glob("g*"):
            if stale.name != g.name:
                shutil.rmtree(stale, ignore_errors=True)
        self.close()
        return len(ids)

    # -- searching -------------------------------------------------------------------------
    def _postings(self, word: str) -> tuple[np.ndarray, np.ndarray]:
        t = self._vocab.get(word)
        if t is None:
            return np.zeros(0, np.int32), np.zeros(0, np.float32)
        a, b = int(self._indptr[t]), int(self._indptr[t + 1])
        return self._indices[a:b], self._data[a:b]

    def _any_word(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(matching docs, their scores) of the passages holding any of the words."""
        return self._evaluate(_group("or", [("term", w) for w in words]))

    def _evaluate(self, node: tuple | None) -> tuple[np.ndarray, np.ndarray]:
        """(matching docs, their scores) of a parse_boolean tree: AND intersects and adds,
        OR unites and adds, NOT matches every other passage (inside an AND: removes)."""
        empty = np.zeros(0, np.int64), np.zeros(0, np.float32)
        if node is None:
            return empty
        op, arg = node
        if op == "not":  # every passage but these (inside an AND, subtracted instead)
            out = np.ones(self._n, dtype=bool)
            out[self._evaluate(arg)[0]] = False
            docs = np.flatnonzero(out)
            return docs, np.zeros(len(docs), np.float32)
        if op == "term":
            d, sc = self._postings(arg)
            return np.asarray(d, dtype=np.int64), np.asarray(sc, dtype=np.float32)
        if op == "or":
            acc = np.zeros(self._n, dtype=np.float32)
            seen = np.zeros(self._n, dtype=bool)
            for part in arg:
                d, sc = self._evaluate(part)
                acc[d] += sc
                seen[d] = True
            docs = np.flatnonzero(seen)
            return docs, acc[docs]
        positive = [self._evaluate(p) for p in arg if p[0] != "not"]
        if not positive:  # NOTs only: every passage but theirs
            positive = [self._evaluate(("not", ("or", [p[1] for p in arg])))]
        positive.sort(key=lambda ds: len(ds[0]))
        docs, scores = positive[0][0], positive[0][1].copy()
        for d, sc in positive[1:]:  # rarest first: each step only shrinks the candidates
            pos = np.searchsorted(d, docs)
            pos[pos >= len(d)] = 0
            hit = (d[pos] == docs) if len(d) else np.zeros(len(docs), dtype=bool)
            docs, scores = docs[hit], scores[hit] + sc[pos[hit]]
        for p in arg:
            if p[0] == "not" and len(docs):
                out = self._evaluate(p[1])[0]
                keep = ~np.isin(docs, out)
                docs, scores = docs[keep], scores[keep]
        return docs, scores

    def _or_words(self, words: list[str]) -> list[str]:
        """The OR fallback's words: common ones dropped, as the Whoosh engine does."""
        cut = max(RARE_SHARE * self._n, RARE_FLOOR)
        df = {w: len(self._postings(w)[0]) for w in words}
        keep = [w for w in words if 0 < df[w] <= cut]
        if not keep:
            found = [w for w in words if df[w]]
            keep = [min(found, key=lambda w: (df[w], w))] if found else []
        return keep

    def _rows_map(self, catalog: object) -> np.ndarray:
        """Engine doc -> catalog row (-1 when the catalog lacks it), cached per catalog."""
        key = (self._gen or 0, id(catalog))
        if self._row_of is not None and self._row_of[:2] == key:
            return self._row_of[2]
        rows = catalog.rows  # type: ignore[attr-defined]
        index_of = catalog.index_of  # type: ignore[attr-defined]
        ids = list(index_of) if len(index_of) == len(rows) else [r.id for r in rows]
        cat_ids = np.asarray(ids, dtype=str)
        if len(cat_ids) == len(self._ids) and np.array_equal(cat_ids, self._ids):
            mapping = np.arange(len(rows), dtype=np.int64)  # same order: the usual case
        else:
            mapping = np.fromiter(
                (index_of.get(str(p), -1) for p in self._ids), np.int64, len(self._ids)
            )
        self._row_of = (*key, mapping)
        return mapping

    def search_rows(
        self,
        text: str,
        limit: int,
        mask: np.ndarray | None,
        catalog: object,
        want_matched: bool = False,
        min_and_hits: int = 10,
        fallback: bool = True,
    ) -> KeywordHits:
        """Ranked catalog rows (in ``rows``), AND grouping, OR when AND finds too few."""
        self._current()
        row_of = self._rows_map(catalog)
        words = query_words(text)
        grouping = "and"
        docs, scores = self._allowed(*self._evaluate(parse_boolean(text)), row_of, mask)
        if fallback and len(docs) < min(min_and_hits, limit) and not is_structured(text):
            or_words = self._or_words(words)
            if or_words and (or_words != words or len(words) > 1):
                grouping = "or"
                docs, scores = self._allowed(*self._any_word(or_words), row_of, mask)
        k = min(limit, len(docs))
        if k:
            top = _best(scores, k)
            top = top[np.lexsort((docs[top], -scores[top]))]
        else:
            top = np.zeros(0, np.int64)
        rows = row_of[docs[top]]
        ids = self._ids
        matched_rows = None
        if want_matched:
            # an OR query matches most of the library: its facets count the hits shown
            matched_rows = row_of[docs] if grouping == "and" else rows
        return KeywordHits(
            pids=[str(ids[d]) for d in docs[top]],
            scores=[float(s) for s in scores[top]],
            matched=None,
            terms=frozenset(words),
            grouping=grouping,
            rows=rows,
            matched_rows=matched_rows,
        )

    @staticmethod
    def _allowed(
        docs: np.ndarray, scores: np.ndarray, row_of: np.ndarray, mask: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray]:
        rows = row_of[docs]
        keep = rows >= 0
        if mask is not None:
            keep &= mask[np.where(keep, rows, 0)]
        return (docs, scores) if keep.all() else (docs[keep], scores[keep])

    def matching_rows(self, text: str, grouping: str, limit: int, catalog: object) -> np.ndarray:
        """Catalog rows the query matches with no filter (AND: all; OR: the best `limit`)."""
        self._current()
        row_of = self._rows_map(catalog)
        words = query_words(text)
        if grouping == "and":
            docs, _ = self._allowed(*self._evaluate(parse_boolean(text)), row_of, None)
            return row_of[docs]
        docs, scores = self._allowed(*self._any_word(self._or_words(words)), row_of, None)
        if len(docs) > limit:
            docs = docs[_best(scores, limit)]
        return row_of[docs]


def _best(scores: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k best scores; of scores tied at the cut, the first positions
    (the lowest docs: docs are in ascending order), as Whoosh breaks ties. argpartition
    picked any of them, so a ranking cut at k differed from run to run and from the same
    ranking cut after a filter."""
    if len(scores) <= k:
        return np.arange(len(scores))
    kth = np.partition(scores, len(scores) - k)[len(scores) - k]
    better = np.flatnonzero(scores > kth)
    tied = np.flatnonzero(scores == kth)[: k - len(better)]
    return np.concatenate([better, tied])


def pick_keyword(data_dir: Path, engine: str = "auto") -> Any:  # noqa: ANN401
    """The keyword engine of a data folder: the setting, or (auto) the one sync built.
    A KeywordIndex or a LargeKeywordIndex: search.py tells them apart by ``row_space``."""
    from .keyword import KeywordIndex

    engine = (engine or "auto").lower()
    large = LargeKeywordIndex(data_dir)
    if engine == "bm25s" or (engine == "auto" and large.exists()):
        return large
    return KeywordIndex(data_dir)


def engine_for(count: int, engine: str, large_min: int) -> str:
    """Which engine sync builds for a library of `count` passages: the one the setting
    names, or (auto) bm25s from `large_min` passages."""
    engine = (engine or "auto").lower()
    if engine in ("whoosh", "bm25s"):
        return engine
    return "bm25s" if count >= large_min else "whoosh"
