"""What every page shares: the data folder, cached loaders and a few Streamlit pieces.

The search index (and with it the embedding model) is loaded once per process
with ``st.cache_resource``; store reads are cached with ``st.cache_data`` keyed
on the data folder's modification stamp, so an upload shows up at once.
Formatting lives in ``ui.views``; this module only calls Streamlit.
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import streamlit as st

from ingest.config import resolve_data_dir
from ingest.model import Document, Passage, Record
from ingest.viewer import OWNER, Viewer
from ui import rates, views

DB_NAME = "boardsearch.sqlite"
DOCUMENTS_PAGE = "screens/documents.py"
UPLOAD_PAGE = "screens/upload.py"
PAGE_WIDTH = 760  # pixels: a whole page readable without scrolling sideways


# --------------------------------------------------------------------------- data folder


def data_dir() -> Path:
    """The data folder ($BOARDSEARCH_DATA, set by `boardsearch ui`, else the default)."""
    return resolve_data_dir(None).resolve()


def stamp(folder: Path) -> tuple[int, ...]:
    """Changes whenever the store changes (used as a cache key)."""
    out = []
    for name in (DB_NAME, DB_NAME + "-wal"):
        try:
            out.append((folder / name).stat().st_mtime_ns)
        except OSError:
            out.append(0)
    return tuple(out)


def viewer() -> Viewer:
    """Who is reading: set by the sign-in (ui/screens/signin.py); the folder's owner when
    no users exist. Every store read and search of a page goes through it."""
    return st.session_state.get("viewer") or OWNER


def open_store(folder: Path, who: Viewer | None = None):  # noqa: ANN201 - ingest.store.Store
    """The store as `who` (default: the signed-in reader) may read it."""
    from ingest.store import Store

    return Store(folder, readonly=True, viewer=who or viewer())


def audit(action: str, detail: Any = "") -> None:
    """One audit row for the signed-in reader (ingest/access.py), committed at once."""
    from ingest import access

    access.record(data_dir(), viewer(), action, detail)


# --------------------------------------------------------------------------- cached loads


@st.cache_resource(show_spinner="Loading the search index …")
def search_index(folder: str) -> Any:
    """The search index of a data folder, loaded once per process."""
    import index

    return index.get_index(folder)


def model_ready(folder: str) -> bool:
    """True once the background warm-up has loaded the embedding model."""
    return not warm_up(folder).is_alive()


def wait_for_model(folder: str) -> None:
    """Block until the embedding model is loaded (never load it twice at once)."""
    warm_up(folder).join()


def background(work: Callable[[], object], name: str) -> threading.Thread:
    """Start `work` on a daemon thread that the process waits for (a while) when it ends.

    A warm-up loads the model with torch; a process that ends while a daemon thread is
    still inside torch is aborted ("terminate called without an active exception", exit
    -6) instead of ending cleanly: seen when the page finished before a slow warm-up did
    on a busy machine. Waiting at exit lets the warm-up finish; the bound keeps a hung one
    from holding the process forever."""
    thread = threading.Thread(target=_quietly(work), name=name, daemon=True)
    thread.start()
    atexit.register(thread.join, EXIT_WAIT_S)
    return thread


EXIT_WAIT_S = 120.0


def _quietly(fn: Callable[[], object]) -> Callable[[], None]:
    """`fn` for a background thread: a failure there is left to the next search to report."""

    def run() -> None:
        try:
            fn()
        except Exception:  # noqa: BLE001 - a warm-up is only an optimisation
            pass

    return run


def rewarm(idx: Any) -> threading.Thread:
    """After the library changed (an upload): rank each theme's vocabulary and read the
    commonest words' postings again, in the background; the change forgot both."""

    def work() -> None:
        idx.warm()
        idx.warm_postings()

    return background(work, "boardsearch-rewarm")


@st.cache_resource(show_spinner=False)
def warm_up(folder: str) -> threading.Thread:
    """Load the index and the embedding model in the background while the user types."""

    def work() -> None:
        import index

        try:
            if (Path(folder) / DB_NAME).exists():
                idx = index.get_index(folder)
                idx.warm()
                # not waited for: searches may start meanwhile
                background(idx.warm_postings, "boardsearch-warm-words")
        except Exception:  # noqa: BLE001 - the first real search reports any problem
            pass

    return background(work, "boardsearch-warm-up")


@st.cache_data(show_spinner=False, max_entries=8)
def load_documents(folder: str, key: tuple[int, ...], who: Viewer = OWNER) -> list[Document]:
    if not key[0]:
        return []
    with open_store(Path(folder), who) as store:
        return store.documents()


@st.cache_data(show_spinner=False, max_entries=32)
def load_records(folder: str, kind: str, key: tuple[int, ...], who: Viewer = OWNER) -> list[Record]:
    if not key[0]:
        return []
    with open_store(Path(folder), who) as store:
        return store.records(kind)


@st.cache_data(show_spinner=False, max_entries=8)
def load_follow_ups(
    folder: str, key: tuple[int, ...], who: Viewer = OWNER
) -> dict[tuple[str, int], dict[str, str]]:
    """RAG, owner and due date of stock-take rows by (doc_id, passage ordinal), for hits."""
    return views.follow_up_by_passage(load_records(folder, "stocktake_row", key, who))


@st.cache_data(show_spinner=False, max_entries=8)
def load_counts(folder: str, key: tuple[int, ...], who: Viewer = OWNER) -> dict[str, int]:
    if not key[0]:
        return {}
    with open_store(Path(folder), who) as store:
        return store.counts()


@st.cache_data(show_spinner=False, max_entries=4)
def load_words_by_doc(folder: str, key: tuple[int, ...], who: Viewer = OWNER) -> dict[str, int]:
    """Words of passage text per document (the denominator of theme rates)."""
    out: dict[str, int] = {}
    if not key[0]:
        return out
    with open_store(Path(folder), who) as store:
        for p in store.passages():
            out[p.doc_id] = out.get(p.doc_id, 0) + rates.words(p.text)
    return out


@st.cache_data(show_spinner=False, max_entries=16)
def load_passages(
    folder: str, doc_id: str, key: tuple[int, ...], who: Viewer = OWNER
) -> dict[int, Passage]:
    with open_store(Path(folder), who) as store:
        return {p.ordinal: p for p in store.passages([doc_id])}


def load_passage(folder: Path, passage_id: str) -> Passage | None:
    with open_store(folder) as store:
        return store.passage(passage_id)


@st.cache_data(show_spinner="Drawing the page …", max_entries=64)
def page_image(path: str, page: int, boxes: tuple[tuple[float, ...], ...], mtime: int) -> bytes:
    from ui.render import page_png

    return page_png(path, page, boxes)  # type: ignore[arg-type]


class Library:
    """The documents of the data folder for one page run (cached underneath)."""

    def __init__(self) -> None:
        self.folder = data_dir()
        self.key = stamp(self.folder)
        self.viewer = viewer()
        self.docs = load_documents(str(self.folder), self.key, self.viewer)
        self.by_id = {d.id: d for d in self.docs}

    def __bool__(self) -> bool:
        return bool(self.docs)

    def records(self, kind: str) -> list[Record]:
        return load_records(str(self.folder), kind, self.key, self.viewer)

    def counts(self) -> dict[str, int]:
        return load_counts(str(self.folder), self.key, self.viewer)

    def follow_ups(self) -> dict[tuple[str, int], dict[str, str]]:
        return load_follow_ups(str(self.folder), self.key, self.viewer)

    def passages(self, doc_id: str) -> dict[int, Passage]:
        return load_passages(str(self.folder), doc_id, self.key, self.viewer)

    def words_by_doc(self) -> dict[str, int]:
        return load_words_by_doc(str(self.folder), self.key, self.viewer)


# --------------------------------------------------------------------------- pieces


def empty_state() -> None:
    """The friendly message shown when the library holds nothing yet."""
    st.info(views.empty_library_message(), icon=":material/info:")
    st.page_link(UPLOAD_PAGE, label="Go to Upload", icon=":material/upload:")


def synthetic_note(doc: Document) -> None:
    if doc.synthetic:
        st.markdown(
            f"{views.SYNTHETIC_BADGE} This document is made up for testing and "
            "demonstration; it is not a real board paper."
        )


def original_path(doc: Document, folder: Path) -> Path | None:
    """The first stored path of a document that still exists on disk."""
    candidates = [doc.path]
    try:
        with open_store(folder) as store:
            candidates += store.paths(doc.id)
    except Exception:  # noqa: BLE001 - the document's own path is enough
        pass
    for p in candidates:
        if Path(p).is_file():
            return Path(p)
    return None


def download_original(doc: Document, folder: Path, key: str) -> None:
    path = original_path(doc, folder)
    if path is None:
        st.caption(views.escape_md(f"The original file is no longer at {doc.path}."))
        return
    st.download_button(
        f"Download the original ({path.name})",
        data=path.read_bytes(),
        file_name=path.name,
        mime=doc.media_type or "application/octet-stream",
        key=key,
        icon=":material/download:",
        on_click=audit,
        args=("export", {"what": "original", "doc_id": doc.id, "file": path.name}),
    )


def show_page(
    doc: Document,
    folder: Path,
    page: int,
    boxes: Sequence[tuple[float, float, float, float]] = (),
    key: str = "",
) -> None:
    """The page as a picture with the passage marked, and the original file to download."""
    from ui.render import RenderError

    path = original_path(doc, folder)
    if path is None:
        st.warning(
            views.escape_md(
                f"The original file is no longer at {doc.path}, so the page cannot be shown."
            )
        )
    elif path.suffix.lower() != ".pdf":
        st.info(
            "This is a Word document, so there is no page picture; the passage text is shown above."
        )
    else:
        try:
            png = page_image(
                str(path), page, tuple(tuple(b) for b in boxes), path.stat().st_mtime_ns
            )
        except RenderError as exc:
            st.warning(views.escape_md(str(exc)))
        else:
            note = "the passage is marked in yellow" if boxes else "the passage has no box"
            st.image(
                png,
                caption=f"Page {page} of {doc.pages} — {note}",
                output_format="PNG",
                width=PAGE_WIDTH,
            )
    download_original(doc, folder, key=f"dl-{key}")


def doc_link(doc_id: str, page: int | None, label: str, key: str | None = None) -> None:
    """A link to the document's page in the library."""
    params = {"doc": doc_id}
    if page:
        params["page"] = str(page)
    st.page_link(DOCUMENTS_PAGE, label=label, icon=":material/description:", query_params=params)


# --------------------------------------------------------------------------- theme briefs
BRIEF_DOWNLOADS = (("md", "Markdown"), ("docx", "Word"), ("json", "JSON"))


@st.cache_data(show_spinner=False, max_entries=32)
def cached_brief(
    folder: str,
    key: tuple[int, ...],
    topic: str,
    borough: str = "",
    period: str = "",
    doc_type: str = "",
    who: Viewer = OWNER,
) -> Any:
    """A theme brief (index.make_brief) as `who` may read it, kept while the library is
    unchanged (`key`)."""
    import index

    wait_for_model(folder)
    return index.make_brief(
        topic, borough=borough, period=period, doc_type=doc_type, data_dir=folder, viewer=who
    )


def brief_downloads(brief: Any, slot: str) -> None:
    """The brief's three downloads (Markdown, Word, JSON) side by side."""
    from ui import brief_export

    for (fmt, label), column in zip(BRIEF_DOWNLOADS, st.columns(len(BRIEF_DOWNLOADS)), strict=True):
        column.download_button(
            label,
            brief_export.render(brief, fmt),
            file_name=brief_export.file_name(brief, fmt),
            mime=brief_export.MEDIA_TYPES[fmt],
            key=f"brief-download-{fmt}-{slot}",
            icon=":material/download:",
            on_click=audit,
            args=("export", {"what": "brief", "topic": brief.topic, "format": fmt}),
        )
