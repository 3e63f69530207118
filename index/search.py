"""Search over one data folder: keyword, semantic and hybrid, with filters and facets.

``Index`` is the engine: it holds everything a search needs (the store's passages in
memory, the cached keyword searcher, the vector matrices, the models, query vectors and
theme rankings kept between searches), notices when an ingest or sync changed the data
folder (a new generation) and runs the engines. What to compute and what to show is the
fusion policy's (index/fusion.py): how deep each engine looks, the theme gate, the
second model's turn, the fused order, the floors and the folded duplicates.
``search()`` in the package is a thin door to it.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Literal

import numpy as np

from ingest.errors import SearchIndexError, StoreError, UsageError
from ingest.settings import Settings
from ingest.store import Store, db_path, has_data
from ingest.themes import ThemesFileError, load_themes
from ingest.viewer import Viewer

from .bm25 import pick_keyword
from .catalog import FACETS, Catalog, Row, columnar_catalog, rows_for, vector_rows_file
from .embed import Embedder, get_embedder
from .expand import Plan, ThemeMatch, plan
from .fusion import (
    FusionPolicy,
    Rankings,
    Shown,
    ThemeEvidence,
    dup_key,
    near_duplicate,
    repeated_rows,
    stands_alone,
)
from .glossary import Glossary, load_glossary
from .keyword import analysed_terms, highlight_spans
from .models import model_label, same_model, second_model_name
from .understand import (
    Chip,
    DocFacts,
    LibraryFacts,
    Understanding,
    group_label,
    nothing_understood,
    round_robin,
    theme_chip,
    understand,
    values_in_order,
)
from .vectors import (
    SECOND_DIR,
    ExactIndex,
    NearestIndex,
    VectorSet,
    VectorStore,
    open_nearest,
)
from .visibility import hidden_for, restrict, visible_rows

Mode = Literal["hybrid", "keyword", "semantic"]
MODES: tuple[str, ...] = ("hybrid", "keyword", "semantic")
QUERY_CACHE = 256  # query vectors kept per Index (a few hundred KB)
FIRST_PAGE = 10  # hits on a first page (the Search page's and the CLI's default limit)
THEME_KEEP = 5000  # rows of a theme's whole-library ranking kept for filtered searches
GROUP_POOL = 4  # a comparison's groups read from the hits: from this many pages of them
GROUPS_SEARCHED = 8  # groups named: each searched in its own filter, up to this many
THEME_LOOK = 10  # passages closest in meaning whose theme tags are the theme evidence


def _as_tuple(value: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(v for v in value if v)


@dataclass(frozen=True)
class Filters:
    """What to keep: each field a value or several (any of them); empty = no filter."""

    borough: tuple[str, ...] = ()
    period: tuple[str, ...] = ()
    doc_type: tuple[str, ...] = ()
    agency: tuple[str, ...] = ()
    theme: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()  # paragraph | table_row

    @classmethod
    def of(cls, **values: str | tuple[str, ...] | list[str] | None) -> Filters:
        """Filters.of(borough="Westminster", period=["2016/17", "2019/20"])."""
        unknown = set(values) - set(FACETS)
        if unknown:
            raise UsageError(f"unknown filter(s): {', '.join(sorted(unknown))}")
        return cls(**{k: _as_tuple(v) for k, v in values.items()})

    def as_dict(self) -> dict[str, tuple[str, ...]]:
        return {f.name: _as_tuple(getattr(self, f.name)) for f in fields(self)}

    def __bool__(self) -> bool:
        return any(self.as_dict().values())


@dataclass(frozen=True)
class Citation:
    """Another place the same passage text appears (a near-duplicate folded into a hit)."""

    doc_id: str
    passage_id: str
    title: str
    path: str
    page: int


@dataclass(frozen=True)
class Hit:
    doc_id: str
    passage_id: str
    title: str
    path: str
    boroughs: tuple[str, ...]
    period: str
    doc_type: str
    page: int
    section: tuple[str, ...]
    kind: str
    text: str  # the whole passage
    score: float
    ordinal: int = 0
    agencies: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    highlights: tuple[tuple[int, int], ...] = ()  # character spans of matched words in text
    keyword_rank: int | None = None
    semantic_rank: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    match: str = ""  # MATCH_WORDS | MATCH_MEANING
    similarity: float | None = None  # cosine to the query, when the vectors are there
    also_in: tuple[Citation, ...] = ()  # the same text elsewhere, folded into this hit


@dataclass(frozen=True)
class SearchResult:
    query: str
    mode: str
    hits: tuple[Hit, ...]
    facets: dict[str, dict[str, int]]
    filters: Filters = Filters()
    total: int = 0  # passages matched (keyword) or considered (semantic), after filters
    expanded_query: str = ""
    messages: tuple[str, ...] = ()  # plain-words notes, e.g. "semantic index not built"
    timings_ms: dict[str, float] = field(default_factory=dict)
    expansions: tuple[str, ...] = ()  # "also searched for": glossary and theme terms
    hidden_related: int = 0  # meaning-only passages under the similarity floor, not shown
    meaning_model: str = ""  # the model whose vectors ranked by meaning ("" = none did)
    theme: ThemeMatch | None = None  # the theme added to the query (a removable chip)
    understood: tuple[Chip, ...] = ()  # filters read from the words, and the theme added
    searched: str = ""  # the words searched, when understanding took some out of the query
    dropped: tuple[Chip, ...] = ()  # chips understood but removed by the user
    groups: tuple[HitGroup, ...] = ()  # the hits side by side, by period or by borough


@dataclass(frozen=True)
class HitGroup:
    """The hits of one period or one borough, for a question that compares them."""

    by: str  # "period" | "borough"
    value: str  # "2015/16", "Westminster"
    label: str  # the heading: "Period 2015/16", "Westminster"
    hits: tuple[Hit, ...]


_FIELD_SYNTAX = re.compile(r"\b\w+:(\"[^\"]*\"|\S+)")


def semantic_text(query: str) -> str:
    """The query as plain words for the embedder (field syntax and operators dropped)."""
    text = _FIELD_SYNTAX.sub(lambda m: m.group(1), query)
    text = re.sub(r"\b(AND|OR|NOT)\b", " ", text).replace('"', " ")
    return " ".join(text.split())


@dataclass
class _Run:
    """What one search has found so far, passed between its steps."""

    query: str
    mode: str
    mask: np.ndarray | None
    qplan: Plan
    depth: int  # how many rows each engine returns
    sem_depth: int  # deeper when facets count the meaning matches too
    terms: frozenset[str]  # words to highlight
    drop: tuple[str, ...] = ()  # ids of the chips the user removed ("theme:<name>")
    visible: np.ndarray | None = None  # the rows the reader may see (None: all)
    kw_rows: list[int] = field(default_factory=list)
    kw_scores: dict[int, float] = field(default_factory=dict)
    kw_matched: set[int] = field(default_factory=set)
    kw_total: int = 0  # passages holding every word typed
    boilerplate: frozenset[int] = frozenset()  # rows whose text many documents repeat
    partial_rows: list[int] = field(default_factory=list)  # holding some of the words
    rare_rows: list[int] = field(default_factory=list)  # holding a rare word typed
    sem_rows: list[int] = field(default_factory=list)
    sem_scores: dict[int, float] = field(default_factory=dict)
    theme_rows: list[int] = field(default_factory=list)
    matched: set[int] = field(default_factory=set)
    grouping: str = ""
    qvec: np.ndarray | None = None
    second_qvec: np.ndarray | None = None  # set when the second model ranked by meaning
    messages: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def rankings(self) -> Rankings:
        """What the engines found, for the fusion policy."""
        return Rankings(
            self.kw_rows,
            self.kw_scores,
            self.sem_rows,
            self.sem_scores,
            self.theme_rows,
            self.partial_rows,
            self.rare_rows,
            self.kw_total,
            self.boilerplate,
        )


class Index:
    """The search engine of one data folder: what it has loaded (catalog, keyword searcher,
    vectors, models), its caches (query vectors, theme rankings), the generation of the
    data folder it reflects, and the orchestration of a search; what to compute and what
    to show it asks its FusionPolicy. Safe to share between threads."""

    def __init__(
        self,
        data_dir: str | os.PathLike[str],
        settings: Settings | None = None,
        embedder: Embedder | None = None,
        glossary: Glossary | None = None,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.settings = settings or Settings.from_env()
        self._embedder = embedder
        self.glossary = glossary if glossary is not None else load_glossary()
        self.keyword = pick_keyword(self.data_dir, self.settings.search.keyword_engine)
        self.vectors = VectorStore(self.data_dir)
        self.second_vectors = VectorStore(self.data_dir, SECOND_DIR)
        self._second: tuple[NearestIndex, np.ndarray] | None = None  # its rows, who has one
        self.second_pending = 0  # passages the second model has still to read
        self._second_embedder: Embedder | None = None
        self._qcache: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self._lock = threading.RLock()
        self._stamp: tuple[float, ...] | None = None
        self._checked = 0.0
        self.catalog = Catalog([])
        self._nearest: NearestIndex = ExactIndex(np.zeros((0, 1), np.float32))
        self._has_vec = np.zeros(0, dtype=bool)
        self._vector_model = ""
        self._vector_model_id = ""  # its identity (index/models.py), when recorded
        self._themes: list[dict] | None = None
        self._library: tuple[Catalog, LibraryFacts] | None = None  # what understanding reads
        self._theme_words: list[frozenset[str]] | None = None  # each theme's stems
        self._boilerplate: tuple[Catalog, int, frozenset[int]] | None = None  # per catalog
        # a theme's keyword ranking depends on the theme, not on the query that chose it
        self._theme_rankings: dict[str, tuple[np.ndarray, bool]] = {}  # rows, all of them

    # -- loading ---------------------------------------------------------------------------
    @property
    def policy(self) -> FusionPolicy:
        """The fusion policy of the settings in force (tests/eval/tune.py changes them)."""
        return FusionPolicy(self.settings.search)

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            embedder = get_embedder(self.settings.models)
            self._warm_themes(embedder)  # with the model load, not in a user's first search
            self._embedder = embedder
        return self._embedder

    def warm(self) -> None:
        """Load the data folder and the models a search will use, and rank each theme's
        vocabulary over the whole library, before the first search (seconds; the app does
        it in the background while the user types)."""
        self.refresh(force=True)
        if not len(self.catalog):
            return
        self.embedder.encode(["warm up"])
        if self._second is not None:
            self.second_embedder.encode(["warm up"])
        if self.policy.fuses_theme:  # each theme's whole-library ranking, kept
            for theme in self._taxonomy():
                terms = tuple(t for t in theme["seed_terms"] if t.strip())
                if terms:
                    self._theme_ranking(ThemeMatch(theme["name"], 0.0, terms), FIRST_PAGE, None)

    def warm_postings(self) -> int:
        """Read the commonest words' postings (index/keyword.py; 2.9 s at 20k passages), so
        the first query with a common word does not pay for them; the number read. Apart
        from warm(): the app runs it after, on a thread nobody waits for (a search waits
        for warm() to load the models), and a search meanwhile waits for one word at most."""
        warm = getattr(self.keyword, "warm", None)
        return warm() if warm is not None and len(self.catalog) else 0

    @property
    def second_embedder(self) -> Embedder:
        """The second model (index/models.py), loaded on first use."""
        if self._second_embedder is None:
            name = second_model_name(self.settings.models)
            self._second_embedder = get_embedder(replace(self.settings.models, model=name))
        return self._second_embedder

    def _taxonomy(self) -> list[dict]:
        """The theme taxonomy, read once (none when its file is unusable)."""
        if self._themes is None:
            try:
                self._themes = load_themes()
            except ThemesFileError:
                self._themes = []
        return self._themes

    def _warm_themes(self, embedder: Embedder) -> None:
        """Encode the theme prototypes once (300-odd seed terms: seconds on a busy CPU)."""
        from .themes import prototypes

        themes = self._taxonomy()
        if themes and self.policy.fuses_theme:
            prototypes(embedder, themes, "terms", self.data_dir)

    def _current_stamp(self) -> tuple[float, ...]:
        parts = []
        for p in (
            db_path(self.data_dir),
            db_path(self.data_dir).with_name(db_path(self.data_dir).name + "-wal"),
            self.keyword.dir,
        ):
            try:
                parts.append(p.stat().st_mtime_ns)
            except OSError:
                parts.append(0)
        parts.append(self.vectors.stamp())
        parts.append(self.second_vectors.stamp())
        return tuple(parts)

    def refresh(self, force: bool = False) -> None:
        """Reload the in-memory catalog and vectors when the data folder changed."""
        with self._lock:
            now = time.monotonic()
            if not force and self._stamp is not None and now - self._checked < 1.0:
                return
            self._checked = now
            stamp = self._current_stamp()
            if not force and stamp == self._stamp:
                return
            self.keyword.notice_change()  # the data changed: the keyword searcher looks too
            self._load()
            self._stamp = stamp

    def _load(self) -> None:
        self.second_pending = 0
        st = self.settings.search
        engine = pick_keyword(self.data_dir, st.keyword_engine)
        if type(engine) is not type(self.keyword):  # a sync switched engines (library size)
            self.keyword = engine
        if not has_data(self.data_dir):
            self.catalog = Catalog([])
            return
        try:
            with Store(self.data_dir, readonly=True) as store:
                if store.counts()["passages"] >= st.large_min:  # rows read when shown
                    catalog = columnar_catalog(self.data_dir, store)
                else:
                    catalog = Catalog(list(rows_for(store, store.documents())))
        except StoreError:  # the first ingest is still creating the store
            self.catalog = Catalog([])
            return
        old_rows = getattr(self.catalog, "rows", None)
        self.catalog = catalog
        self._theme_rankings = {}
        if old_rows is not None and hasattr(old_rows, "close"):
            old_rows.close()
        vs = self.vectors.load(mmap=True)  # copied into catalog order, or searched by an ANN
        self._nearest, self._has_vec, self._vector_model = open_nearest(
            self.vectors,
            vs,
            self.catalog.index_of,
            len(catalog),
            self._rows_file(vs),
            ann_min=st.ann_min,
            probe_share=st.ivf_probe_share,
        )
        self._vector_model_id = vs.model_id if vs is not None else ""
        self._second = self._load_second()

    def _load_second(self) -> tuple[NearestIndex, np.ndarray] | None:
        """The second model's vectors in catalog order, when sync made them with the model
        the settings name; else None (every search then uses the first model alone).
        Sets `second_pending`: the passages it has still to read."""
        self.second_pending = 0
        name = second_model_name(self.settings.models)
        st = self.settings.search
        if not name or len(self.catalog.index_of) > st.second_max_passages:
            return None
        self.second_pending = int(self._has_vec.sum())
        try:
            vs = self.second_vectors.load(mmap=True)
        except (ValueError, OSError, SearchIndexError):
            return None  # unreadable: the first model answers; a sync rewrites them
        if vs is None or not vs.ids or not same_model(vs.model, vs.model_id, name):
            return None
        nearest, has, _ = open_nearest(
            self.second_vectors,
            vs,
            self.catalog.index_of,
            len(self.catalog),
            ann_min=st.ann_min,
            probe_share=st.ivf_probe_share,
        )
        # Only when it covers every passage the first model does: it replaces the first
        # model's ranking, and a sync still embedding (or stopped half-way) would hide
        # the passages it has not reached yet.
        self.second_pending = int((self._has_vec & ~has).sum())
        if self.second_pending:
            return None
        return nearest, has

    def _rows_file(self, vs: VectorSet | None) -> Path | None:
        return vector_rows_file(self.data_dir, self.catalog, vs.generation) if vs else None

    # -- searching -------------------------------------------------------------------------
    def search(
        self,
        query: str,
        filters: Filters | None = None,
        mode: str = "hybrid",
        limit: int = 10,
        *,
        facets: bool = True,
        expand: bool = True,
        understand: bool = True,
        drop: Sequence[str] = (),
        viewer: Viewer | None = None,
    ) -> SearchResult:
        """Ranked hits for a query, among the passages `viewer` may see (index/visibility.py;
        None: all of them). ``understand`` reads the boroughs, years and document
        types named in the words as filters, added to ``filters`` (index/understand.py),
        and a comparison ("between 2016 and 2025", "which borough") gets its hits grouped
        by period or by borough; the result's ``understood`` lists them as chips (and the
        theme added, if any), and ``drop`` names the chips the user removed
        ("borough:Westminster", "theme:Neglect"). ``expand`` adds the glossary's
        acronyms/expansions and, in hybrid mode, the vocabulary of a theme the evidence is
        strong for, as a weak signal; the result's ``expansions`` say what was added and
        ``theme`` which theme."""
        self.refresh()
        filters = filters or Filters()
        hidden = hidden_for(self.data_dir, viewer)
        grasp = self._understand(query, filters, understand, drop, hidden)
        wanted = Filters.of(**grasp.filters(filters.as_dict()))
        if grasp.group_by:
            return self._grouped(grasp, wanted, mode, limit, facets, expand, drop, hidden)
        found = self._search(grasp.words, wanted, mode, limit, facets, expand, drop, hidden)
        return _with_understanding(found, grasp, drop)

    def _search(
        self,
        query: str,
        filters: Filters | None,
        mode: str,
        limit: int,
        facets: bool,
        expand: bool,
        drop: Sequence[str] = (),
        unseen: frozenset[str] = frozenset(),
    ) -> SearchResult:
        """Ranked hits for the words searched, within the filters (understanding done) and
        the rows the reader may see."""
        if mode not in MODES:
            raise UsageError(f"unknown search mode {mode!r}; choose one of {', '.join(MODES)}")
        t0 = time.perf_counter()
        self.refresh()
        filters = filters or Filters()
        query = query.strip()
        visible = visible_rows(self.catalog, unseen)  # the rows of documents hidden left out
        mask = restrict(self.catalog.mask(filters.as_dict()), visible)
        if not query or not len(self.catalog):
            return self._nothing_to_rank(query, mode, filters, mask, facets, visible)
        run = self._start_run(query, mode, limit, mask, facets, expand)
        run.drop, run.visible = tuple(drop), visible
        if mode in ("keyword", "hybrid"):
            self._keyword_step(run, facets)
        if mode in ("semantic", "hybrid"):
            self._semantic_step(run, expand)
        self._theme_step(run)
        ranked = self.policy.fuse(mode, run.rankings(), limit)
        hits, hidden = self._hits(run, ranked, limit)
        facet_counts = self._facets_step(run, filters) if facets else {}
        run.timings["total"] = _ms(t0)
        expanded = run.qplan.keyword
        return SearchResult(
            query,
            mode,
            hits,
            facet_counts,
            filters,
            len(run.matched),
            expanded if expanded != query else "",
            tuple(run.messages),
            run.timings,
            run.qplan.also,
            hidden,
            self._meaning_model(run),
            run.qplan.theme,
            understood=_theme_chips(run.qplan.theme),
        )

    # -- understanding and grouping (index/understand.py) ---------------------------------
    def _understand(
        self,
        query: str,
        filters: Filters,
        on: bool,
        drop: Sequence[str],
        hidden: frozenset[str] = frozenset(),
    ) -> Understanding:
        """What the words name (boroughs, periods, document types), given the library (the
        documents the reader may see: a hidden paper's borough is never a chip)."""
        query = query.strip()
        if not on or not query or not len(self.catalog):
            return nothing_understood(query)
        return understand(query, self.library_facts(hidden), filters.as_dict(), drop)

    def library_facts(self, hidden: frozenset[str] = frozenset()) -> LibraryFacts:
        """The library's documents as understanding needs them, read once per catalog
        (without the `hidden` documents: worked out each time)."""
        catalog = self.catalog
        kept = self._library
        if kept is None or kept[0] is not catalog or hidden:
            docs = getattr(catalog.rows, "docs", None)  # a large library's LazyRows has them
            if docs is None:
                docs = list({r.document.id: r.document for r in catalog.rows}.values())
            facts = tuple(
                DocFacts(d.boroughs, d.period, d.doc_type, d.date)
                for d in docs
                if d.id not in hidden
            )
            if hidden:
                return LibraryFacts(facts)
            kept = self._library = (catalog, LibraryFacts(facts))
        return kept[1]

    def _grouped(
        self,
        grasp: Understanding,
        filters: Filters,
        mode: str,
        limit: int,
        facets: bool,
        expand: bool,
        drop: Sequence[str],
        hidden: frozenset[str] = frozenset(),
    ) -> SearchResult:
        """A comparison's hits side by side: the best of each period or borough in turn.

        The groups named (two boroughs, the periods of a span of years) are searched one
        by one within their own filter, so each has its best hits even when another
        group's outrank them all; groups read from the hits ("which borough") come from
        one deeper search, in the order of their best hit. The grouped hits are also one
        list, the first of each group in turn (round_robin): what --json ranks and
        tests/eval scores."""
        by = grasp.group_by
        base = self._search(
            grasp.words, filters, mode, GROUP_POOL * limit, facets, expand, drop, hidden
        )
        values = grasp.group_values or values_in_order(base.hits, lambda h: _group_of(h, by))
        if by == "period":
            values = tuple(sorted(values))
        lists: list[Sequence[Hit]]
        if grasp.group_values and len(values) <= GROUPS_SEARCHED:
            lists = [
                self._search(
                    grasp.words, _narrowed(filters, by, v), mode, limit, False, expand, drop, hidden
                ).hits
                for v in values
            ]
        else:
            lists = [[h for h in base.hits if v in _group_of(h, by)] for v in values]
        hits, groups = _interleave(by, values, lists, base.hits, limit)
        found = replace(base, hits=hits, groups=groups)
        return _with_understanding(found, grasp, drop)

    def _meaning_model(self, run: _Run) -> str:
        """The name of the model that ranked by meaning in this search, for the reader."""
        if run.mode == "keyword" or run.qvec is None:
            return ""
        second = run.second_qvec is not None
        return model_label(self.second_embedder.name if second else self.embedder.name)

    def _nothing_to_rank(
        self,
        query: str,
        mode: str,
        filters: Filters,
        mask: np.ndarray | None,
        facets: bool,
        visible: np.ndarray | None = None,
    ) -> SearchResult:
        """The result of an empty query or an empty library: counts only, no hits."""
        cat = self.catalog
        messages = []
        if not len(cat):
            messages.append(f"{self.data_dir}: nothing ingested yet; run 'boardsearch ingest'")
        everything = _all_rows(mask, len(cat))
        counts = self._facet_counts(
            filters, everything, lambda m: _all_rows(restrict(m, visible), len(cat))
        )
        return SearchResult(
            query, mode, (), counts if facets else {}, filters, 0, "", tuple(messages), {}
        )

    def _start_run(
        self,
        query: str,
        mode: str,
        limit: int,
        mask: np.ndarray | None,
        facets: bool,
        expand: bool,
    ) -> _Run:
        """The query plan and how deep each engine looks, before any engine runs."""
        depths = self.policy.depths(mode, limit, facets)
        return _Run(
            query=query,
            mode=mode,
            mask=mask,
            qplan=plan(query, self.glossary, expand),
            depth=depths.engines,
            sem_depth=depths.semantic,
            terms=analysed_terms(semantic_text(query)),
            boilerplate=self._boilerplate_rows() if mode == "hybrid" else frozenset(),
        )

    def _boilerplate_rows(self) -> frozenset[int]:
        """The rows whose text many documents repeat (fusion.repeated_rows), worked out
        once per catalog; none for a large library read lazily (its text is not in
        memory)."""
        catalog, kept = self.catalog, self._boilerplate
        min_docs = self.settings.search.boilerplate_docs
        if kept is None or kept[0] is not catalog or kept[1] != min_docs:
            rows = catalog.rows
            found: frozenset[int] = frozenset()
            if isinstance(rows, list):
                texts = [r.passage.text for r in rows]
                docs = [r.document.id for r in rows]
                found = repeated_rows(texts, docs, min_docs)
            kept = self._boilerplate = (catalog, min_docs, found)
        return kept[2]

    def _keyword_step(self, run: _Run, facets: bool) -> None:
        """Rows that match the (expanded) words, with their scores and matched terms."""
        t = time.perf_counter()
        fallback = self.policy.keyword_fallback(run.mode)
        found = self._keyword(
            run.qplan.keyword,
            run.depth,
            run.mask,
            facets,
            fallback=fallback,
            phrase=self.settings.search.phrase_boost,
        )
        run.kw_rows, run.kw_scores, run.kw_matched, kw_terms, run.grouping, note, _, total = found
        run.kw_total = total if total >= 0 else len(run.kw_rows)
        if self.policy.wants_partial(run.mode, run.kw_total):
            self._partial_step(run)
        run.matched |= run.kw_matched
        run.terms = run.terms | kw_terms
        if note:
            run.messages.append(note)
        run.timings["keyword"] = _ms(t)

    def _partial_step(self, run: _Run) -> None:
        """The passages holding some of the words typed (enough of their weight, or a rare
        one), for when few hold them all: their keyword evidence is kept, and they count
        as matching the words."""
        best_match = getattr(self.keyword, "best_match", None)  # the Whoosh engine's
        if best_match is None or not self.keyword.exists():
            return
        st = self.settings.search
        found = best_match(
            semantic_text(run.query),
            run.depth,
            self._allowed_ids(run.mask),
            st.partial_cover,
            st.rare_max,
            st.phrase_boost,
        )
        index_of = self.catalog.index_of
        exact = set(run.kw_rows)
        run.partial_rows = [
            index_of[p] for p in found.pids if p in index_of and index_of[p] not in exact
        ]
        run.rare_rows = [index_of[p] for ps in found.rare.values() for p in ps if p in index_of]
        run.kw_matched |= set(run.partial_rows) | set(run.rare_rows)

    def _semantic_step(self, run: _Run, expand: bool) -> None:
        """Rows closest in meaning. Behind the policy's theme gate, a close theme lends its
        vocabulary (a third ranking) and may move the query vector; where the policy says
        so, the second model ranks in place of the first."""
        t = time.perf_counter()
        policy = self.policy
        run.qvec, note = self._query_vector(run.qplan.embed)
        sem_all, run.sem_scores = self._semantic(run.qvec, run.sem_depth, run.mask)
        run.sem_rows = sem_all[: run.depth]
        run.matched |= set(sem_all)
        if run.qvec is not None and policy.theme_gate(run.mode, expand, len(run.kw_rows)):
            self._add_theme(run)
        if policy.second_model_ranks(run.mode, len(run.kw_rows)):
            if self._second is not None:
                self._second_ranking(run)  # the larger model ranks
            elif self.second_pending:
                run.messages.append(
                    "the larger language model is still reading the library "
                    f"({self.second_pending} passages to go), so the smaller one found the "
                    "passages closest in meaning; search again when it has finished for a "
                    "better answer"
                )
        if note:
            run.messages.append(note)
        run.timings["semantic"] = _ms(t)

    def _add_theme(self, run: _Run) -> None:
        """Add the theme the policy is sure of (none the user removed) to the query plan;
        its vocabulary becomes a weak third ranking, and, with a theme vector weight, the
        first model's ranking is made again from the query moved toward it."""
        qvec = run.qvec
        if qvec is None:
            return
        theme, proto = self._theme_for(qvec, run.query, run.sem_rows)
        if theme is None or not theme.terms or theme.chip_id in run.drop:
            return
        run.qplan = replace(run.qplan, theme=theme)
        if self.policy.settings.theme_vector_weight > 0 and proto is not None:
            svec = self.policy.theme_vector(qvec, proto)
            sem_all, run.sem_scores = self._semantic(svec, run.sem_depth, run.mask)
            run.sem_rows = sem_all[: run.depth]
            run.matched |= set(sem_all)

    def _theme_step(self, run: _Run) -> None:
        """Rows that match a close theme's vocabulary (a weak third list for the fusion)."""
        if run.qplan.theme is None or not self.policy.fuses_theme:
            return
        t = time.perf_counter()
        run.theme_rows = self._theme_ranking(run.qplan.theme, run.depth, run.mask)
        run.timings["theme"] = _ms(t)

    def _theme_ranking(self, theme: ThemeMatch, depth: int, mask: np.ndarray | None) -> list[int]:
        """The rows matching a theme's seed terms, best first, within a filter's mask.

        The theme's ranking over the whole library (its first THEME_KEEP rows) is kept
        per theme until the library changes, and a filter takes its rows in order: a
        passage's BM25F score does not depend on which passages a filter leaves, so the
        rows ranked within a filter are the whole ranking's rows in it (tested). Many
        queries lead to the same theme, and its OR of seed terms was the slowest step of
        a hybrid search (p95 138 of 172 ms at 20k passages under load); ranked again for
        each filter it took 9 ms p50 / 27 ms p95 of a filtered search."""
        query = theme.keyword_query()
        # The dict is replaced when the library changes: a ranking made meanwhile goes into
        # the old one, never into the new library's.
        rankings = self._theme_rankings
        kept = rankings.get(query)
        if kept is None:
            found = self._keyword(query, THEME_KEEP, None, False, False)
            kept = (np.asarray(found[0], dtype=np.int64), found[6] < THEME_KEEP)
            if len(rankings) >= 256:
                rankings.clear()
            rankings[query] = kept
        ranked, whole = kept
        if mask is not None and len(ranked) and int(ranked.max()) >= len(mask):
            whole = False  # rows of another catalog than the mask's: rank the filter itself
            ranked = ranked[:0]
        within = (ranked if mask is None else ranked[mask[ranked]])[:depth]
        if len(within) < depth and not whole:  # the kept rows ran out
            return self._keyword(query, depth, mask, False, False)[0]
        return within.tolist()

    def _facets_step(self, run: _Run, filters: Filters) -> dict:
        """Facet counts over the rows either engine matched."""
        t = time.perf_counter()
        shown = np.fromiter(run.matched, np.int64, len(run.matched))
        under = self._matched_under(
            run.qplan.keyword,
            run.grouping,
            run.depth,
            (run.qvec, run.second_qvec),
            (run.sem_depth, run.depth),
            shown,
            run.visible,
        )
        counts = self._facet_counts(filters, shown, under)
        run.timings["facets"] = _ms(t)
        return counts

    def _theme_for(
        self, qvec: np.ndarray, query: str, closest: Sequence[int]
    ) -> tuple[ThemeMatch | None, np.ndarray | None]:
        """The theme the policy is sure of (and its prototype), weighing the query's
        similarity to each theme, the tags of the `closest` passages in meaning and the
        words typed."""
        from .themes import prototypes

        themes = self._taxonomy()
        if not themes:
            return None, None
        protos = prototypes(self.embedder, themes, "terms", self.data_dir)
        rows = self.catalog.rows
        tagged: dict[str, int] = {}
        for r in closest[:THEME_LOOK]:
            for name in rows[r].themes:
                tagged[name] = tagged.get(name, 0) + 1
        typed = {t: w for w in semantic_text(query).split() for t in analysed_terms(w)}
        evidence = ThemeEvidence(typed, self._vocabulary(), tagged, min(len(closest), THEME_LOOK))
        match = self.policy.choose_theme(qvec, protos, themes, query, evidence)
        if match is None:
            return None, None
        return match, protos[[t["name"] for t in themes].index(match.name)]

    def _vocabulary(self) -> list[frozenset[str]]:
        """Each theme's stems (its name and seed terms), worked out once."""
        if self._theme_words is None:
            self._theme_words = [
                analysed_terms(" ".join([t["name"], *t["seed_terms"]])) for t in self._taxonomy()
            ]
        return self._theme_words

    def _similarity(self, qvec: np.ndarray | None, row: int) -> float | None:
        matrix = getattr(self._nearest, "matrix", None)
        if qvec is None or matrix is None or not self._has_vec[row]:
            return None
        return float(matrix[row] @ qvec)

    def _similarity_of(self, run: _Run) -> Callable[[int], float | None]:
        """A row's similarity to the query by the model that ranked by meaning: the second
        model's when it did (its floors are on its scale), else the first's."""
        if run.second_qvec is None or self._second is None:
            return lambda r: self._similarity(run.qvec, r)
        matrix = getattr(self._second[0], "matrix", None)
        has = self._second[1]
        qvec = run.second_qvec
        if matrix is None:
            return lambda r: self._similarity(run.qvec, r)
        return lambda r: float(matrix[r] @ qvec) if has[r] else None

    def _hits(
        self, run: _Run, ranked: list[tuple[int, float]], limit: int
    ) -> tuple[tuple[Hit, ...], int]:
        """The hits the policy shows of the fused order, and how many it hid."""
        rows = self.catalog.rows
        chosen = self.policy.select(
            ranked,
            limit,
            run.mode,
            run.kw_matched,
            self._similarity_of(run),
            lambda r: rows[r].passage.text,
            lambda r: stands_alone(rows[r].passage),
            filtered=run.mask is not None,
        )
        kw_rank = {r: i + 1 for i, r in enumerate(run.kw_rows)}
        sem_rank = {r: i + 1 for i, r in enumerate(run.sem_rows)}
        hits = tuple(
            _hit(rows[s.row], s, run.terms, kw_rank.get(s.row), sem_rank.get(s.row), rows)
            for s in chosen.shown
        )
        return hits, chosen.hidden

    def _keyword(
        self,
        text: str,
        depth: int,
        mask: np.ndarray | None,
        want_matched: bool,
        fallback: bool = True,
        phrase: float = 0.0,
    ) -> tuple[list[int], dict[int, float], set[int], frozenset[str], str, str, int, int]:
        """Ranked rows, their scores, matched rows, query terms, grouping used, a note, how
        many hits the engine ranked (more than the rows when the catalog lacks some: a
        library changing under the search), and how many passages hold every word (-1:
        not counted). With a `phrase` boost, words typed side by side score higher where
        they stand side by side."""
        if not self.keyword.exists():
            note = "keyword index not built yet; run 'boardsearch reindex'"
            return [], {}, set(), frozenset(), "", note, 0, 0
        if getattr(self.keyword, "row_space", False):  # the large-library engine: no id sets
            res = self.keyword.search_rows(
                text, depth, mask, self.catalog, want_matched, fallback=fallback
            )
            ranked = res.rows.tolist()
            scores = dict(zip(ranked, res.scores, strict=True))
            matched = set(ranked if res.matched_rows is None else res.matched_rows.tolist())
            found = ranked, scores, matched | set(ranked), res.terms, res.grouping, ""
            return (*found, len(ranked), res.total)
        allowed = self._allowed_ids(mask)
        # Hybrid leaves partial matches to the best-match ranking: OR fallback is mostly noise.
        res = self.keyword.search(
            text, depth, allowed, want_matched, fallback=fallback, phrase=phrase
        )
        index_of = self.catalog.index_of
        ranked = [index_of[p] for p in res.pids if p in index_of]
        scores = {
            index_of[p]: s for p, s in zip(res.pids, res.scores, strict=True) if p in index_of
        }
        matched = {index_of[p] for p in res.matched or () if p in index_of}
        found = ranked, scores, matched | set(ranked), res.terms, res.grouping, ""
        return (*found, len(res.pids), res.total)

    def _allowed_ids(self, mask: np.ndarray | None) -> set[str] | None:
        """The passage ids a filter's mask keeps (None: no filter). (The catalog's ids: a
        row's id is a hash, 17 ms per 2,700 rows.)"""
        if mask is None:
            return None
        ids = self.catalog.ids
        return {ids[i] for i in np.flatnonzero(mask).tolist()}

    def _query_vector(self, query: str) -> tuple[np.ndarray | None, str]:
        """The query's embedding, or None and a note when the vectors cannot be used."""
        if not self._has_vec.any():
            return None, "semantic index not built yet; run 'boardsearch reindex'"
        if not same_model(self._vector_model, self._vector_model_id, self.embedder.name):
            return None, (
                f"vectors were made with {self._vector_model}, not "
                f"{self.embedder.name}; run 'boardsearch reindex'"
            )
        return self._encode(self.embedder, semantic_text(query)), ""

    def _encode(self, embedder: Embedder, text: str) -> np.ndarray:
        """A query's vector, kept for the last QUERY_CACHE queries of each model: the same
        words come back with every filter clicked and every "Show more"."""
        key = (embedder.name, text)
        vec = self._qcache.get(key)
        if vec is None:
            vec = embedder.encode([text])[0]
            with self._lock:
                self._qcache[key] = vec
                while len(self._qcache) > QUERY_CACHE:
                    self._qcache.popitem(last=False)
        return vec

    def _second_ranking(self, run: _Run) -> None:
        """The meaning ranking by the second model's vectors, in place of the first's; a
        second model that fails leaves the first's ranking, with a note saying so. (Run
        after the first model: on a thread beside it, measured, the two did not overlap
        and the search took as long.)"""
        t = time.perf_counter()
        try:
            qvec = self._encode(self.second_embedder, semantic_text(run.qplan.embed))
        except Exception as exc:  # noqa: BLE001 - the first model's ranking still answers
            run.messages.append(f"the second sentence model could not be used ({exc})")
            return
        rows, scores = self._semantic(qvec, run.depth, run.mask, self._second)
        moved = self._feedback(qvec, rows, self._second)
        if moved is not qvec:
            rows, scores = self._semantic(moved, run.depth, run.mask, self._second)
        run.sem_rows, run.sem_scores, run.second_qvec = rows, scores, qvec
        run.matched |= set(rows)
        run.timings["second"] = _ms(t)  # its encoding and search

    def _feedback(
        self,
        qvec: np.ndarray,
        ranked: Sequence[int],
        space: tuple[NearestIndex, np.ndarray] | None,
    ) -> np.ndarray:
        """The query vector moved toward the passages it found closest (those that stand
        alone), as the policy says (FusionPolicy.feedback); the same vector when it says
        none, or when the vectors are searched approximately (no matrix to read)."""
        matrix = getattr(space[0], "matrix", None) if space is not None else None
        count = self.policy.settings.feedback_passages
        if matrix is None or count <= 0:
            return qvec
        rows = self.catalog.rows
        top = [r for r in ranked if stands_alone(rows[r].passage)][:count]
        return self.policy.feedback(qvec, matrix[top])

    def _semantic(
        self,
        qvec: np.ndarray | None,
        depth: int,
        mask: np.ndarray | None,
        space: tuple[NearestIndex, np.ndarray] | None = None,
    ) -> tuple[list[int], dict[int, float]]:
        """Rows closest to the query vector, by the first model's vectors or, given its
        `space` (rows, which rows have a vector), the second's."""
        if qvec is None:
            return [], {}
        nearest, has_vec = space or (self._nearest, self._has_vec)
        allowed = has_vec if mask is None else (has_vec & mask)
        rows, sims = nearest.search(qvec, depth, allowed)
        ranked = [int(r) for r in rows]
        return ranked, dict(zip(ranked, (float(s) for s in sims), strict=True))

    # -- facets ----------------------------------------------------------------------------
    def _facet_counts(
        self, filters: Filters, matched: object, under: Callable[[np.ndarray | None], object]
    ) -> dict[str, dict[str, int]]:
        """Counts over `matched`; a facet with a selection counts without its own filter."""
        if not filters:
            return self.catalog.counts(matched)
        return self.catalog.disjunctive_counts(matched, filters.as_dict(), under)

    def _matched_under(
        self,
        expanded: str,
        grouping: str,
        depth: int,
        qvecs: tuple[np.ndarray | None, np.ndarray | None],
        sem_depths: tuple[int, int],
        matched: np.ndarray,
        visible: np.ndarray | None = None,
    ) -> Callable[[np.ndarray | None], np.ndarray]:
        """Rows the query matches within a mask (one wider than the filters'), counted as
        the search counts them: the rows matched with every filter; the keyword matches
        without filters (looked up once, on first use) masked; each model's top rows
        within the mask (`qvecs`, `sem_depths`: the first model's, and the second's when
        it ranked this search). An OR fallback counts its best `depth` hits only, so
        the filtered ones are added back: a chosen value never counts fewer than matched."""
        n = len(self.catalog)
        keyword_rows: list[np.ndarray] = []

        def under(wider: np.ndarray | None) -> np.ndarray:
            mask = restrict(wider, visible)  # never wider than what the reader may see
            sel = np.zeros(n, dtype=bool)
            sel[matched] = True
            if grouping:
                if not keyword_rows and getattr(self.keyword, "row_space", False):
                    keyword_rows.append(
                        self.keyword.matching_rows(expanded, grouping, depth, self.catalog)
                    )
                if not keyword_rows:
                    pids = self.keyword.matching(expanded, grouping, depth)
                    index_of = self.catalog.index_of
                    keyword_rows.append(
                        np.fromiter((index_of[p] for p in pids if p in index_of), np.int64)
                    )
                sel[keyword_rows[0]] = True
            for qvec, depth_, space in zip(qvecs, sem_depths, (None, self._second), strict=True):
                if qvec is not None:  # the first model's top rows; the second's, if it ranked
                    sel[self._semantic(qvec, depth_, mask, space)[0]] = True
            return sel if mask is None else sel & mask

        return under


def _hit(
    row: Row,
    shown: Shown,
    terms: frozenset[str],
    kw_rank: int | None,
    sem_rank: int | None,
    rows: Sequence[Row],
) -> Hit:
    """A hit for a row the policy shows, with the rows folded into it as citations."""
    p, d = row.passage, row.document
    sim = shown.similarity
    return Hit(
        doc_id=d.id,
        passage_id=p.id,
        title=d.title,
        path=d.path,
        boroughs=d.boroughs,
        period=d.period,
        doc_type=d.doc_type,
        page=p.page,
        section=p.section_path,
        kind=p.kind,
        text=p.text,
        score=round(float(shown.score), 6),
        ordinal=p.ordinal,
        agencies=row.agencies,
        themes=row.themes,
        highlights=tuple(highlight_spans(p.text, terms)),
        keyword_rank=kw_rank,
        semantic_rank=sem_rank,
        bbox=p.bbox.as_tuple() if p.bbox else None,
        match=shown.match,
        similarity=None if sim is None else round(sim, 4),
        also_in=tuple(_citation(rows[r]) for r in shown.twins),
    )


def _theme_chips(theme: ThemeMatch | None) -> tuple[Chip, ...]:
    """The theme a search added, as a chip the user can remove."""
    if theme is None or not theme.terms:
        return ()
    return (theme_chip(theme.name, theme.words),)


def _with_understanding(
    found: SearchResult, grasp: Understanding, drop: Sequence[str]
) -> SearchResult:
    """The result told what was understood: the query as typed, the words searched, the
    chips (filters first, then the theme added) and those the user removed."""
    dropped = grasp.dropped + tuple(
        theme_chip(d.split(":", 1)[1]) for d in drop if d.startswith("theme:")
    )
    return replace(
        found,
        query=grasp.query,
        searched=grasp.words if grasp.words != grasp.query else "",
        understood=grasp.chips + found.understood,
        dropped=dropped,
        messages=found.messages + grasp.notes,
    )


def _group_of(hit: Hit, by: str) -> tuple[str, ...]:
    """The group values of a hit: its period, or its boroughs."""
    if by == "period":
        return (hit.period,) if hit.period else ()
    return hit.boroughs


def _narrowed(filters: Filters, by: str, value: str) -> Filters:
    """The filters with one group's value in place of the facet's values."""
    return replace(filters, **{by: (value,)})


def _interleave(
    by: str,
    values: Sequence[str],
    lists: Sequence[Sequence[Hit]],
    base: Sequence[Hit],
    limit: int,
) -> tuple[tuple[Hit, ...], tuple[HitGroup, ...]]:
    """The hits of each group, and one list of them: the first of each group in turn
    (round_robin), at most `limit`. A passage found in two groups (the same text in two
    boroughs' papers) is listed once, the other copy cited under it."""
    tagged = round_robin([[(v, h) for h in hits] for v, hits in zip(values, lists, strict=True)])
    kept: list[tuple[str, Hit]] = []
    keys: list[tuple[str, frozenset[str]]] = []
    for value, hit in tagged:
        if len(kept) >= limit:
            break
        key = dup_key(hit.text)
        twin = next((i for i, k in enumerate(keys) if near_duplicate(k, key)), None)
        if twin is None:
            kept.append((value, hit))
            keys.append(key)
        elif hit.passage_id != kept[twin][1].passage_id:
            first = kept[twin][1]
            also = (*first.also_in, _hit_citation(hit), *hit.also_in)
            kept[twin] = (kept[twin][0], replace(first, also_in=also))
    groups = tuple(
        HitGroup(by, v, group_label(by, v), tuple(h for g, h in kept if g == v)) for v in values
    )
    return tuple(h for _, h in kept), tuple(g for g in groups if g.hits)


def _hit_citation(hit: Hit) -> Citation:
    return Citation(hit.doc_id, hit.passage_id, hit.title, hit.path, hit.page)


def _citation(row: Row) -> Citation:
    p, d = row.passage, row.document
    return Citation(d.id, p.id, d.title, d.path, p.page)


def _all_rows(mask: np.ndarray | None, n: int) -> np.ndarray:
    return np.ones(n, dtype=bool) if mask is None else mask


def _ms(t: float) -> float:
    return round((time.perf_counter() - t) * 1000, 3)
