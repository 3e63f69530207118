"""The keyword index: Whoosh BM25F over passages (the only module that imports whoosh).

Fields: text, section (heading path), title, plus keyword fields for field
queries (borough:, period:, doc_type:, agency:, theme:, kind:, doc:). Every
whoosh document carries ``docfp`` = "<doc_id>:<fingerprint>", so the index
itself says which version of each document it holds; sync needs no side file.

Plain word queries are matched on cached postings and scored in numpy by
``index/bm25f.py``, with the same BM25F parameters Whoosh's weighting is built from;
anything else (phrases, ranges) is searched by Whoosh itself.
"""

from __future__ import annotations

import functools
import math
import os
import re
import shutil
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import fields, index, qparser, scoring
from whoosh import query as wq
from whoosh.analysis import StemmingAnalyzer
from whoosh.query import Query

from . import bm25f
from .catalog import Row, doc_name

DIR_NAME = "whoosh"
ANALYZER = StemmingAnalyzer()
TAG_FIELDS = ("borough", "agency", "theme")  # words, stemmed: theme:interpreters
DEFAULT_FIELDS = ("text", "section", "title")
FIELD_BOOSTS = {"text": 1.0, "section": 0.6, "title": 0.3}
# OR fallback keeps only the words found in at most this share of passages (the rarest
# word when none is): a word in most passages adds almost nothing to BM25, yet scoring
# every passage holding it made one OR query cost 160 ms at 20k passages.
RARE_SHARE = 0.1
RARE_FLOOR = 500  # ... and never below this many passages: small collections are cheap
PARSED_CACHE = 512  # parsed queries kept per grouping
POSTINGS_CACHE = 2048  # term -> matching passage numbers kept for facet match sets
# warm() reads the postings of the words in the most passages first, up to this many
# postings (16 bytes each kept: 32 MB at most) and only words in WARM_MIN_DF passages or
# more (fewer are read in about a millisecond when a query asks).
WARM_POSTINGS = 2_000_000
WARM_MIN_DF = 500
# The phrase bonus reorders this many of the best hits of a plain query: reading word
# positions is the costly part, and a passage further down does not reach a first page.
PHRASE_DEPTH = 100


def schema() -> fields.Schema:
    return fields.Schema(
        pid=fields.ID(stored=True, unique=True, sortable=True),
        doc_id=fields.ID(),
        docfp=fields.ID(sortable=True),
        period=fields.ID(),
        doc_type=fields.ID(),
        doc=fields.ID(),  # the file name, for doc:name.pdf
        kind=fields.ID(),
        text=fields.TEXT(analyzer=ANALYZER),
        section=fields.TEXT(analyzer=ANALYZER),
        title=fields.TEXT(analyzer=ANALYZER),
        **{name: fields.TEXT(analyzer=ANALYZER, phrase=False) for name in TAG_FIELDS},
    )


def whoosh_fields(row: Row, fingerprint: str) -> dict[str, str]:
    d, p = row.document, row.passage
    return {
        "pid": row.id,
        "doc_id": d.id,
        "docfp": f"{d.id}:{fingerprint}",
        "doc": doc_name(d),
        "kind": p.kind,
        "text": p.text,
        "section": " / ".join(p.section_path),
        "title": d.title,
        "borough": " ; ".join(d.boroughs),
        "period": d.period,
        "doc_type": d.doc_type,
        "agency": " ; ".join(row.agencies),
        "theme": " ; ".join(row.themes),
    }


@dataclass(frozen=True)
class BestMatch:
    """Passages holding some of the words typed when none holds them all (see
    ``KeywordIndex.best_match``), and the rare words' passages."""

    pids: list[str]  # ranked passage ids holding enough of the words
    scores: list[float]
    rare: dict[str, list[str]]  # a typed word (stem) -> the allowed passages holding it


@dataclass(frozen=True)
class KeywordHits:
    pids: list[str]  # ranked passage ids
    scores: list[float]
    matched: set[str] | None  # every matching passage id (for facets), when asked
    terms: frozenset[str]  # analysed query terms, for highlighting
    grouping: str  # "and" or "or"
    rows: np.ndarray | None = None  # ranked catalog rows (engines with row_space = True)
    matched_rows: np.ndarray | None = None  # every matching catalog row, when asked
    total: int = -1  # how many passages the query matched (-1: not counted)


def _locked(method):  # noqa: ANN001, ANN202 - a KeywordIndex method
    """Run a method under the index's lock: the UI searches from several threads, and a
    searcher refreshed by one thread between another's scoring and its look-up of passage
    ids used to raise IndexError (docnums of the old reader, id list of the new)."""

    @functools.wraps(method)
    def run(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        with self._lock:
            return method(self, *args, **kwargs)

    return run


class KeywordIndex:
    """A Whoosh index in ``data_dir/whoosh`` with a cached searcher (thread-safe)."""

    def __init__(
        self, data_dir: Path, dir_name: str = DIR_NAME, params: bm25f.BM25FParams = bm25f.PARAMS
    ) -> None:
        self.params = params  # BM25F's k1 and b: Whoosh's weighting and the numpy path share them
        self.dir = Path(data_dir) / dir_name
        self._ix: index.Index | None = None
        self._searcher: Any = None  # a whoosh Searcher, opened on first use
        self._pid_of: list[str] = []
        self._docnum_of: dict[str, int] = {}
        self._checked = 0.0
        self._parsers: dict[str, qparser.QueryParser] = {}
        self._parsed: dict[tuple[str, str], Query] = {}
        self._postings: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}
        self._common: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}  # warm()'s
        self._lengths: dict[str, np.ndarray] = {}
        self._live = np.zeros(0, dtype=bool)
        self._lock = threading.RLock()

    # -- opening ---------------------------------------------------------------------------
    def exists(self) -> bool:
        return index.exists_in(str(self.dir))

    def _open(self, create: bool = False) -> index.Index:
        if self._ix is None:
            if self.exists():
                self._ix = index.open_dir(str(self.dir))
            elif create:
                self.dir.mkdir(parents=True, exist_ok=True)
                self._ix = index.create_in(str(self.dir), schema())
            else:
                raise FileNotFoundError(f"{self.dir}: no keyword index yet")
        return self._ix

    @_locked
    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
        self._searcher = None
        self._ix = None

    def notice_change(self) -> None:
        """The data folder changed: look for a newer index at the next search, not a second on."""
        self._checked = 0.0

    def _weighting(self) -> scoring.BM25F:
        return scoring.BM25F(**self.params.weighting_kwargs())

    def _get_searcher(self):  # noqa: ANN202 - a whoosh Searcher
        """The current searcher, opened on first use. It never changes here: a newer index
        is picked up only by `_refresh`, at the start of a search, so that one search
        reads one index (docnums scored and the passage ids they map to stay together)."""
        if self._searcher is None:
            self._searcher = self._open().searcher(weighting=self._weighting())
            self._checked = time.monotonic()
            self._load_pids()
        return self._searcher

    def _refresh(self) -> None:
        """Pick up a newer index (checked at most once a second, or after notice_change)."""
        if self._searcher is None:
            self._get_searcher()
            return
        now = time.monotonic()
        if now - self._checked <= 1.0:
            return
        self._checked = now
        if not self._searcher.up_to_date():
            if self._searcher.reader().doc_count_all():
                self._searcher = self._searcher.refresh()
            else:  # whoosh cannot refresh a searcher over an empty index: open anew
                self._searcher.close()
                self._searcher = self._open().searcher(weighting=self._weighting())
            self._load_pids()

    def _load_pids(self) -> None:
        reader = self._searcher.reader()
        self._postings, self._parsed, self._lengths, self._common = {}, {}, {}, {}
        if not reader.doc_count_all():  # created but nothing committed yet: no columns to read
            self._pid_of, self._docnum_of = [], {}
            self._live = np.zeros(0, dtype=bool)
            return
        col = reader.column_reader("pid")
        self._pid_of = [col[n] for n in range(reader.doc_count_all())]
        self._pid_of = [p.decode() if isinstance(p, bytes) else p for p in self._pid_of]
        self._docnum_of = {pid: n for n, pid in enumerate(self._pid_of) if not reader.is_deleted(n)}
        self._live = np.zeros(len(self._pid_of), dtype=bool)
        self._live[list(self._docnum_of.values())] = True
        for name in DEFAULT_FIELDS:  # read once here, not by the first query (50 ms at 20k)
            self._field_lengths(name)

    # -- state -----------------------------------------------------------------------------
    def fingerprints(self) -> dict[str, str]:
        """doc_id -> fingerprint of every document the index holds."""
        if not self.exists():
            return {}
        with self._open().reader() as reader:
            if not reader.doc_count_all():  # an empty index has no columns to read
                return {}
            col = reader.column_reader("docfp")
            out = {}
            for n in reader.all_doc_ids():  # live documents only, not deleted ones
                value = col[n]
                text = value.decode() if isinstance(value, bytes) else value
                doc_id, _, fp = text.partition(":")
                out[doc_id] = fp
            return out

    def doc_count(self) -> int:
        return self._open().doc_count() if self.exists() else 0

    # -- writing ---------------------------------------------------------------------------
    def update(
        self, remove: Iterable[str], add: Iterable[tuple[Row, str]], *, optimize: bool = False
    ) -> int:
        """Delete the passages of `remove` doc ids, add (row, doc fingerprint) pairs, commit once."""
        ix = self._open(create=True)
        writer = ix.writer(limitmb=256)
        n = 0
        try:
            for doc_id in remove:
                writer.delete_by_term("doc_id", doc_id)
            for row, fp in add:
                writer.add_document(**whoosh_fields(row, fp))
                n += 1
        except BaseException:
            writer.cancel()
            raise
        writer.commit(optimize=optimize)
        self._checked = 0.0
        return n

    def rebuild(self, rows: Iterable[tuple[Row, str]]) -> int:
        """Build a fresh index beside the old one, then swap it in."""
        self.close()
        tmp = self.dir.with_name(DIR_NAME + ".new")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        fresh = KeywordIndex(tmp.parent, tmp.name, self.params)
        n = fresh.update((), rows, optimize=True)
        fresh.close()
        old = self.dir.with_name(DIR_NAME + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if self.dir.exists():
            os.replace(self.dir, old)
        os.replace(tmp, self.dir)
        shutil.rmtree(old, ignore_errors=True)
        return n

    # -- searching -------------------------------------------------------------------------
    def _parser(self, group: str) -> qparser.QueryParser:
        if group not in self._parsers:
            grouping = qparser.AndGroup if group == "and" else qparser.OrGroup
            p = qparser.MultifieldParser(
                list(DEFAULT_FIELDS), schema(), fieldboosts=FIELD_BOOSTS, group=grouping
            )
            p.remove_plugin_class(qparser.WildcardPlugin)
            self._parsers[group] = p
        return self._parsers[group]

    def parse(self, text: str, group: str = "and") -> Query:
        """The query in Whoosh form (cached: the UI repeats queries while facets change)."""
        key = (text, group)
        parsed = self._parsed.get(key)
        if parsed is None:
            try:
                parsed = self._parser(group).parse(text)
            except Exception:  # noqa: BLE001 - whoosh's parser fails on some syntax ("NOT AND 0")
                parsed = self._parser(group).parse(plain_words(text))
            if len(self._parsed) >= PARSED_CACHE:
                self._parsed.clear()
            self._parsed[key] = parsed
        return parsed

    def or_query(self, text: str) -> Query:
        """The OR fallback: the query's words OR-ed, dropping the common ones.

        Whoosh flattens the words (each searched in text, section, title) into one OR;
        a word is common when more than max(RARE_SHARE x passages, RARE_FLOOR) passages
        hold it. Phrases and field queries always stay; if every word is common, the
        rarest stays.
        """
        query = self.parse(text, "or")
        reader = self._get_searcher().reader()
        if type(query) is not wq.Or or not reader.doc_count():
            return query
        cut = max(RARE_SHARE * reader.doc_count(), RARE_FLOOR)
        # keyed by word; a subquery that is not a plain word (None) is never common
        df: dict[str | None, int] = {
            w: reader.doc_frequency("text", w) for w in _plain_words_of(query)
        }
        keep = [q for q in query.subqueries if df.get(_word_of(q), 0) <= cut]
        if not keep:  # every word common: the rarest one
            rarest = min(df, key=lambda w: (df[w], w))
            keep = [q for q in query.subqueries if _word_of(q) == rarest]
        return query if len(keep) == len(query.subqueries) else wq.Or(keep).normalize()

    def match_docs(self, query: Query) -> np.ndarray:
        """Sorted passage numbers (live ones) a query matches, unscored.

        Terms, ANDs and ORs are set operations on cached postings in numpy; anything
        else (phrases, ranges) asks Whoosh. Whoosh's own match enumeration took 86 ms
        for a five-word AND over 20k passages.
        """
        if type(query) is wq.Term:  # exact types: subclasses (Ordered, FuzzyTerm) differ
            return self._term_docs(query.fieldname, query.text)
        if type(query) is wq.And and query.subqueries:
            parts = sorted((self.match_docs(q) for q in query.subqueries), key=len)
            out = parts[0]
            for part in parts[1:]:
                out = np.intersect1d(out, part, assume_unique=True)
            return out
        if type(query) is wq.Or and query.subqueries:
            return np.unique(np.concatenate([self.match_docs(q) for q in query.subqueries]))
        if isinstance(query, wq.NullQuery.__class__):
            return np.zeros(0, dtype=np.int64)
        docs = np.fromiter(self._get_searcher().docs_for_query(query), dtype=np.int64)
        return np.unique(docs)

    def _term_docs(self, fieldname: str, text: str | bytes) -> np.ndarray:
        return self._term_postings(fieldname, text)[0]

    def _term_postings(self, fieldname: str, text: str | bytes) -> tuple[np.ndarray, np.ndarray]:
        """Live passage numbers holding a term (sorted) and the term's weight in each."""
        key = (fieldname, text.decode() if isinstance(text, bytes) else text)
        cached = self._common.get(key) or self._postings.get(key)
        if cached is None:
            reader = self._get_searcher().reader()
            try:
                items = list(reader.postings(*key).items_as("weight"))
            except wq.TermNotFound:
                items = []
            ids = np.fromiter((i for i, _ in items), np.int64, len(items))
            weights = np.fromiter((w for _, w in items), np.float64, len(items))
            live = self._live[ids] if len(ids) else np.zeros(0, dtype=bool)
            if len(self._postings) >= POSTINGS_CACHE:
                self._postings.clear()
            cached = self._postings[key] = (ids[live], weights[live])
        return cached

    def warm(self, budget: int | None = None, min_df: int | None = None) -> int:
        """Read the postings of the commonest words of every field a query searches, before
        the first search; returns how many postings were read. Reading them is most of what
        a query with a common word costs the first time: "LADO notifications", whose
        acronym brings "local authority designated officer", took 80 ms at 20k passages
        and then 6. Kept apart from the query cache, which is emptied when full, until the
        index changes. Each word is read under the lock on its own: a search started
        meanwhile waits for one word, not for the whole warm-up (2.9 s at 20k)."""
        budget = WARM_POSTINGS if budget is None else budget
        min_df = WARM_MIN_DF if min_df is None else min_df
        with self._lock:
            self._refresh()
            searcher = self._get_searcher()
            reader = searcher.reader()
            common = sorted(
                (
                    (df, field, word)
                    for field in DEFAULT_FIELDS
                    for word in reader.field_terms(field)
                    if (df := reader.doc_frequency(field, word)) >= min_df
                ),
                key=lambda t: (-t[0], t[1], t[2]),
            )
        read = 0
        for df, field, word in common:
            if read + df > budget:
                continue
            with self._lock:
                if self._searcher is not searcher:  # the index changed: these counts are old
                    break
                self._common[field, word] = self._term_postings(field, word)
                self._postings.pop((field, word), None)
            read += df
        return read

    def _field_lengths(self, fieldname: str) -> np.ndarray:
        lengths = self._lengths.get(fieldname)
        if lengths is None:
            reader = self._searcher.reader()  # set: called from the searcher's loading or a search
            n = reader.doc_count_all()
            lengths = np.fromiter(
                (reader.doc_field_length(d, fieldname, 0) for d in range(n)), np.float64, n
            )
            self._lengths[fieldname] = lengths
        return lengths

    def bm25f(self, query: Query, docs: np.ndarray) -> np.ndarray:
        """Whoosh's BM25F scores of `docs` for a plain query (see ``is_plain``), in numpy
        (index/bm25f.py), from the searcher's public statistics."""
        searcher = self._get_searcher()
        terms = []
        for term in _leaves(query):
            ids, weights = self._term_postings(term.fieldname, term.text)
            terms.append(
                bm25f.TermPostings(
                    fieldname=term.fieldname,
                    boost=term.boost,
                    ids=ids,
                    weights=weights,
                    field_lengths=self._field_lengths(term.fieldname),
                    idf=searcher.idf(term.fieldname, term.text) if len(ids) else 0.0,
                    avg_field_length=searcher.avg_field_length(term.fieldname) or 1,
                )
            )
        return bm25f.scores(docs, terms, self.params)

    def _ranked(
        self,
        query: Query,
        limit: int,
        allow: set[int] | None,
        phrase: tuple[str, float] | None = None,
    ) -> tuple[list[tuple[int, float]], np.ndarray | None]:
        """(docnum, score) best first and, for a plain query, every matching docnum.

        Plain queries (words AND/OR-ed) are matched and scored in numpy, and, given the
        text typed and a boost (`phrase`), its neighbouring words found side by side
        score higher;
        anything else (phrases, field syntax beyond words, ranges) goes to Whoosh.
        """
        if not is_plain(query):
            results = self._get_searcher().search(query, limit=limit, filter=allow, terms=False)
            return [(hit.docnum, float(hit.score or 0.0)) for hit in results], None
        docs = self.match_docs(query)
        if allow is not None:
            docs = docs[np.isin(docs, np.fromiter(allow, np.int64, len(allow)))]
        scores = self.bm25f(query, docs)
        order = np.lexsort((docs, -scores))  # ties: lower docnum first, as Whoosh
        if phrase is not None and phrase[1] > 0:
            order = self._phrase_order(docs, scores, order, *phrase)
        return [(int(docs[i]), float(scores[i])) for i in order[:limit]], docs

    def _phrase_order(
        self, docs: np.ndarray, scores: np.ndarray, order: np.ndarray, text: str, boost: float
    ) -> np.ndarray:
        """The order with the best PHRASE_DEPTH hits re-ranked by the phrase bonus (their
        scores raised in place, by `boost` when every pair typed is found side by side):
        words typed next to each other count for more where they stand next to each
        other in the passage ("young carers" is not "young people's carers")."""
        pairs = word_pairs(text)
        top = order[:PHRASE_DEPTH]
        if not pairs or not len(top):
            return order
        found = self.adjacent_pairs(docs[top], pairs)
        scores[top] *= 1.0 + boost * found / len(pairs)
        head = top[np.lexsort((docs[top], -scores[top]))]
        return np.concatenate([head, order[PHRASE_DEPTH:]])

    def adjacent_pairs(self, docs: np.ndarray, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """For each passage number in `docs`, how many of the word `pairs` (stems) stand
        side by side, in that order, in its text."""
        found = np.zeros(len(docs), dtype=np.float64)
        words = {w for pair in pairs for w in pair}
        where = {w: self._positions(w, docs) for w in words}
        for i in range(len(docs)):
            for a, b in pairs:
                first, second = where[a][i], where[b][i]
                if first and second and any(p + 1 in second for p in first):
                    found[i] += 1
        return found

    def _positions(self, word: str, docs: np.ndarray) -> list[frozenset[int]]:
        """A word's positions in the text of each passage number in `docs` (empty where
        it is not there), read from the index's postings."""
        out: list[frozenset[int]] = [frozenset()] * len(docs)
        reader = self._get_searcher().reader()
        try:
            matcher = reader.postings("text", word)
        except wq.TermNotFound:
            return out
        for i in np.argsort(docs, kind="stable").tolist():  # a matcher only moves forward
            doc = int(docs[i])
            if not matcher.is_active():
                break
            if matcher.id() < doc:
                matcher.skip_to(doc)
                if not matcher.is_active():
                    break
            if matcher.id() == doc:
                out[i] = frozenset(matcher.value_as("positions"))
        return out

    @_locked
    def search(
        self,
        text: str,
        limit: int,
        allowed: set[str] | None = None,
        want_matched: bool = False,
        min_and_hits: int = 10,
        fallback: bool = True,
        phrase: float = 0.0,
    ) -> KeywordHits:
        """Ranked passage ids for a query; AND grouping, OR when AND finds too few. With a
        `phrase` boost, words typed side by side score higher where the passage has them so."""
        self._refresh()  # a newer index, if any, before this search (never during it)
        allow = None
        if allowed is not None:
            docnum = self._docnum_of
            allow = {docnum[p] for p in allowed if p in docnum}
            if not allow:  # whoosh reads an empty filter as "no filter"
                return KeywordHits([], [], set(), frozenset(), "and")
        query = self.parse(text, "and")
        typed = (text, phrase) if phrase > 0 else None
        hits, docs = self._ranked(query, limit, allow, typed)
        total = len(hits) if docs is None else len(docs)
        grouping = "and"
        terms = query_terms(query)
        few = len(hits) < min(min_and_hits, limit)
        if fallback and few and not is_structured(text):
            or_query = self.or_query(text)
            if or_query != query:
                terms = terms | query_terms(self.parse(text, "or"))  # highlight every word
                query, grouping = or_query, "or"
                hits, docs = self._ranked(query, limit, allow, typed)
        pid_of = self._pid_of
        ranked = [(pid_of[n], score) for n, score in hits]
        pids = [p for p, _ in ranked[:limit]]
        scores = [s for _, s in ranked[:limit]]
        matched = None
        if want_matched and grouping == "and":
            if docs is None:
                docs = self.match_docs(query)
                if allow is not None:
                    docs = docs[np.isin(docs, np.fromiter(allow, np.int64, len(allow)))]
            matched = {pid_of[n] for n in docs.tolist()}
        elif want_matched:
            # An OR query matches most of the collection: enumerating every match doubled
            # its cost (p95 46 -> 80 ms at 20k passages), so its facets count the hits shown.
            matched = {p for p, _ in ranked}
        return KeywordHits(pids, scores, matched, terms, grouping, total=total)

    @_locked
    def best_match(
        self,
        text: str,
        limit: int,
        allowed: set[str] | None,
        min_cover: float,
        rare_max: int,
        phrase: float = 0.0,
    ) -> BestMatch:
        """Passages holding some of the words typed, for when no passage holds them all:
        a question in everyday words rarely has every word in one passage, and dropping
        the words then loses the one passage holding the rare word that mattered.

        A passage counts when its words carry at least `min_cover` of the query's word
        weight (each word's idf: "pandemic" weighs more than "services"); ranked by
        BM25F over the words it holds, word pairs side by side first (the phrase bonus).
        The passages holding a word that at most `rare_max` allowed passages hold are
        listed apart (``rare``): ranked with the rest, a rare word of a paraphrase
        ("shrink") pushed its answers down; they are only kept on the first page."""
        self._refresh()
        allow = self._allow(allowed)
        words = _word_leaves(self.parse(plain_words(text), "or"))
        if not words or (allow is not None and not allow):
            return BestMatch([], [], {})
        allow_docs = None if allow is None else np.fromiter(allow, np.int64, len(allow))
        held = {w: self._word_docs(terms, allow_docs) for w, terms in words.items()}
        searcher = self._get_searcher()
        weight = {w: _idf(searcher, w) for w in words}
        total = sum(weight.values()) or 1.0
        docs = np.unique(np.concatenate([d for d in held.values()] or [np.zeros(0, np.int64)]))
        cover = np.zeros(len(docs))
        for w, d in held.items():
            cover[np.isin(docs, d, assume_unique=True)] += weight[w] / total
        rare = {w: d for w, d in held.items() if 0 < len(d) <= rare_max}
        docs = docs[cover >= min_cover - 1e-9]
        query = wq.Or([t for terms in words.values() for t in terms])
        scores = self.bm25f(query, docs)
        order = np.lexsort((docs, -scores))
        if phrase > 0:
            order = self._phrase_order(docs, scores, order, text, phrase)
        pid_of = self._pid_of
        top = order[:limit]
        return BestMatch(
            [pid_of[int(docs[i])] for i in top],
            [float(scores[i]) for i in top],
            {w: [pid_of[int(n)] for n in d] for w, d in rare.items()},
        )

    def _allow(self, allowed: set[str] | None) -> set[int] | None:
        """The passage numbers of allowed passage ids (None: no filter)."""
        if allowed is None:
            return None
        docnum = self._docnum_of
        return {docnum[p] for p in allowed if p in docnum}

    def _word_docs(self, terms: list[wq.Term], allow: np.ndarray | None) -> np.ndarray:
        """The passages holding a word in any field it is searched in (sorted)."""
        found = np.unique(np.concatenate([self._term_docs(t.fieldname, t.text) for t in terms]))
        return found if allow is None else found[np.isin(found, allow)]

    @_locked
    def matching(self, text: str, grouping: str, limit: int) -> set[str]:
        """Passage ids a query matches with no filter, for facet counts that ignore one.

        AND: every matching passage (unscored, cheap). OR matches most of the
        collection, so, as in ``search``, only its `limit` best hits count.
        """
        self._refresh()  # a newer index, if any, before this search (never during it)
        if grouping == "and":
            pid_of = self._pid_of
            return {pid_of[n] for n in self.match_docs(self.parse(text, "and")).tolist()}
        hits, _ = self._ranked(self.or_query(text), limit, None)
        return {self._pid_of[n] for n, _ in hits}


def is_plain(query: Query) -> bool:
    """True for words AND/OR-ed (any nesting, term boosts allowed): what numpy can score."""
    if type(query) is wq.Term:
        return query.fieldname is not None  # odd syntax ("0(^0)") can leave a term fieldless
    if type(query) in (wq.And, wq.Or):
        return (
            query.boost == 1.0
            and bool(query.subqueries)
            and all(is_plain(q) for q in query.subqueries)
        )
    return False


def _word_leaves(query: Query) -> dict[str, list[wq.Term]]:
    """A plain query's terms grouped by word (each word is searched in several fields),
    in the order typed; none for anything but words OR-ed."""
    if not is_plain(query):
        return {}
    out: dict[str, list[wq.Term]] = {}
    for term in _leaves(query):
        if term.fieldname in DEFAULT_FIELDS:
            word = term.text.decode() if isinstance(term.text, bytes) else term.text
            out.setdefault(word, []).append(term)
    return out


def word_pairs(text: str) -> list[tuple[str, str]]:
    """Neighbouring words of a plain query as the index stems them ("young carers" ->
    [("young", "carer")]); none for field queries and operators."""
    if is_structured(text):
        return []
    stems = [t.text for t in ANALYZER(text)]
    return list(dict.fromkeys((a, b) for a, b in zip(stems, stems[1:], strict=False) if a != b))


def _leaves(query: Query) -> list[wq.Term]:
    if type(query) is wq.Term:
        return [query]
    return [t for q in query.subqueries for t in _leaves(q)]


def _word_of(query: Query) -> str | None:
    """The word of a plain one-word subquery in a text field, else None."""
    if type(query) is wq.Term and query.fieldname in DEFAULT_FIELDS:
        return query.text.decode() if isinstance(query.text, bytes) else query.text
    return None


def _plain_words_of(query: Query) -> set[str]:
    return {w for q in query.subqueries if (w := _word_of(q)) is not None}


_STRUCTURE = re.compile(r"\b[a-z_]+:|\b(AND|OR|NOT)\b")


def plain_words(text: str) -> str:
    """The query's words only, operators lower-cased: what a query the parser rejects means."""
    words = re.findall(r"\w+", text)
    return " ".join(w.lower() if w in ("AND", "OR", "NOT", "TO") else w for w in words)


def is_structured(text: str) -> bool:
    """True when the user wrote field queries or operators: then AND never falls back to OR.

    Glossary expansions (``(MAPPA OR "...")``) are OR-ed inside parentheses and do not count.
    """
    bare, before = text, None
    while bare != before:  # nested groups: (MAPPA OR (multi AND agency ...))
        before, bare = bare, re.sub(r"\([^()]*\)", " ", bare)
    return bool(_STRUCTURE.search(bare))


def query_terms(query: Query) -> frozenset[str]:
    """The analysed text terms of a query (stems), for highlighting."""
    out = set()
    for fieldname, term in query.iter_all_terms(phrases=True):
        if fieldname in DEFAULT_FIELDS:
            out.add(term.decode() if isinstance(term, bytes) else str(term))
    return frozenset(out)


def analysed_terms(text: str) -> frozenset[str]:
    """Stems of plain text, as the index sees them."""
    return frozenset(t.text for t in ANALYZER(text))


# ANALYZER's own parts, for highlighting: its word pattern, its stop-word rule and its
# stemmer, with the stems kept per word. Whoosh's chain of token generators took about
# 5 ms of every search at 20k passages (some 500 words stemmed per page of hits).
_TOKENIZER, _LOWER, _STOP, _STEM = ANALYZER.items
_stem = functools.lru_cache(maxsize=100_000)(_STEM.stemfn)


def _kept(word: str) -> bool:
    """Whether ANALYZER keeps a lowercased word (long enough, not a stop word)."""
    return (
        len(word) >= _STOP.min
        and (_STOP.max is None or len(word) <= _STOP.max)
        and word not in _STOP.stops
    )


def highlight_spans(text: str, terms: Sequence[str] | frozenset[str]) -> list[tuple[int, int]]:
    """Character spans of the words in `text` whose stems are among `terms` (the spans
    ANALYZER gives, tested against it)."""
    if not terms:
        return []
    wanted = set(terms)
    out = []
    for match in _TOKENIZER.expression.finditer(text):
        word = match.group().lower()
        if _kept(word) and (word if word in _STEM.ignore else _stem(word)) in wanted:
            out.append((match.start(), match.end()))
    return out


def _idf(searcher: Any, word: str) -> float:
    """A word's BM25 idf in the text field, as Whoosh computes it, never below 0; 0 while
    the index counts no live passage (mid-ingest, a writer has deleted a document's old
    passages and not yet committed its new ones, and Whoosh's own idf then takes log 0)."""
    live = searcher.doc_count_all()
    if live <= 0:
        return 0.0
    return max(math.log(live / (searcher.doc_frequency("text", word) + 1)) + 1, 0.0)
