"""The keyword index: Whoosh BM25F over passages (the only module that imports whoosh).

Fields: text, section (heading path), title, plus keyword fields for field
queries (borough:, period:, doc_type:, agency:, theme:, kind:, doc:). Every
whoosh document carries ``docfp`` = "<doc_id>:<fingerprint>", so the index
itself says which version of each document it holds; sync needs no side file.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from whoosh import fields, index, qparser, scoring
from whoosh.analysis import StemmingAnalyzer
from whoosh.query import Query

from .catalog import Row, doc_name

DIR_NAME = "whoosh"
ANALYZER = StemmingAnalyzer()
TAG_FIELDS = ("borough", "agency", "theme")  # words, stemmed: theme:interpreters
DEFAULT_FIELDS = ("text", "section", "title")
FIELD_BOOSTS = {"text": 1.0, "section": 0.6, "title": 0.3}


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
class KeywordHits:
    pids: list[str]  # ranked passage ids
    scores: list[float]
    matched: set[str] | None  # every matching passage id (for facets), when asked
    terms: frozenset[str]  # analysed query terms, for highlighting
    grouping: str  # "and" or "or"


class KeywordIndex:
    """A Whoosh index in ``data_dir/whoosh`` with a cached searcher."""

    def __init__(self, data_dir: Path, dir_name: str = DIR_NAME) -> None:
        self.dir = Path(data_dir) / dir_name
        self._ix: index.Index | None = None
        self._searcher = None
        self._pid_of: list[str] = []
        self._docnum_of: dict[str, int] = {}
        self._checked = 0.0
        self._parsers: dict[str, qparser.QueryParser] = {}

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

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
        self._searcher = None
        self._ix = None

    def _get_searcher(self):  # noqa: ANN202 - a whoosh Searcher
        now = time.monotonic()
        if self._searcher is None:
            self._searcher = self._open().searcher(weighting=scoring.BM25F())
            self._load_pids()
        elif now - self._checked > 1.0:
            self._checked = now
            if not self._searcher.up_to_date():
                if self._searcher.reader().doc_count_all():
                    self._searcher = self._searcher.refresh()
                else:  # whoosh cannot refresh a searcher over an empty index: open anew
                    self._searcher.close()
                    self._searcher = self._open().searcher(weighting=scoring.BM25F())
                self._load_pids()
        return self._searcher

    def _load_pids(self) -> None:
        reader = self._searcher.reader()
        if not reader.doc_count_all():  # created but nothing committed yet: no columns to read
            self._pid_of, self._docnum_of = [], {}
            return
        col = reader.column_reader("pid")
        self._pid_of = [col[n] for n in range(reader.doc_count_all())]
        self._pid_of = [p.decode() if isinstance(p, bytes) else p for p in self._pid_of]
        self._docnum_of = {pid: n for n, pid in enumerate(self._pid_of) if not reader.is_deleted(n)}

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
        fresh = KeywordIndex(tmp.parent, tmp.name)
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
        try:
            return self._parser(group).parse(text)
        except Exception:  # noqa: BLE001 - whoosh's parser fails on some syntax ("NOT AND 0")
            return self._parser(group).parse(plain_words(text))

    def search(
        self,
        text: str,
        limit: int,
        allowed: set[str] | None = None,
        want_matched: bool = False,
        min_and_hits: int = 10,
        fallback: bool = True,
    ) -> KeywordHits:
        """Ranked passage ids for a query; AND grouping, OR when AND finds too few."""
        searcher = self._get_searcher()
        allow = None
        if allowed is not None:
            docnum = self._docnum_of
            allow = {docnum[p] for p in allowed if p in docnum}
            if not allow:  # whoosh reads an empty filter as "no filter"
                return KeywordHits([], [], set(), frozenset(), "and")
        query = self.parse(text, "and")
        results = searcher.search(query, limit=limit, filter=allow, terms=False)
        grouping = "and"
        few = results.scored_length() < min(min_and_hits, limit)
        if fallback and few and not is_structured(text):
            or_query = self.parse(text, "or")
            if or_query != query:
                query, grouping = or_query, "or"
                results = searcher.search(query, limit=limit, filter=allow, terms=False)
        ranked = [(self._pid_of[hit.docnum], float(hit.score or 0.0)) for hit in results]
        pids = [p for p, _ in ranked[:limit]]
        scores = [s for _, s in ranked[:limit]]
        matched = None
        if want_matched and grouping == "and":
            matched = {self._pid_of[n] for n in results.docs()}
        elif want_matched:
            # An OR query matches most of the collection: enumerating every match doubled
            # its cost (p95 46 -> 80 ms at 20k passages), so its facets count the hits shown.
            matched = {p for p, _ in ranked}
        return KeywordHits(pids, scores, matched, query_terms(query), grouping)

    def matching(self, text: str, grouping: str, limit: int) -> set[str]:
        """Passage ids a query matches with no filter, for facet counts that ignore one.

        AND: every matching passage (unscored, cheap). OR matches most of the
        collection, so, as in ``search``, only its `limit` best hits count.
        """
        searcher = self._get_searcher()
        query = self.parse(text, grouping)
        if grouping == "and":
            return {self._pid_of[n] for n in searcher.docs_for_query(query)}
        results = searcher.search(query, limit=limit, terms=False)
        return {self._pid_of[hit.docnum] for hit in results}


_STRUCTURE = re.compile(r"\b[a-z_]+:|\b(AND|OR|NOT)\b")


def plain_words(text: str) -> str:
    """The query's words only, operators lower-cased: what a query the parser rejects means."""
    words = re.findall(r"\w+", text)
    return " ".join(w.lower() if w in ("AND", "OR", "NOT", "TO") else w for w in words)


def is_structured(text: str) -> bool:
    """True when the user wrote field queries or operators: then AND never falls back to OR.

    Glossary expansions (``(MAPPA OR "...")``) are OR-ed inside parentheses and do not count.
    """
    bare = re.sub(r"\([^()]*\)", " ", text)
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


def highlight_spans(text: str, terms: Sequence[str] | frozenset[str]) -> list[tuple[int, int]]:
    """Character spans of the words in `text` whose stems are among `terms`."""
    if not terms:
        return []
    wanted = set(terms)
    return [
        (t.startchar, t.endchar)
        for t in ANALYZER(text, chars=True, positions=True)
        if t.text in wanted
    ]
