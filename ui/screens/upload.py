"""Upload: add PDF and Word files through the browser; see what happened to each file."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pandas as pd
import streamlit as st

from ingest.settings import IngestSettings, UiSettings
from ui import uploads, views
from ui.screens import common

UPLOADS = "uploads"


def max_upload_mb() -> int:
    """The largest file the page accepts, in MB (BOARDSEARCH_MAX_UPLOAD_MB), read when the
    page is drawn."""
    return UiSettings.from_env().max_upload_mb


def save_uploads(files: list, folder: Path) -> tuple[list[Path], dict[str, str], list]:
    """Check and write each upload under folder/uploads; (paths, path -> name, rejected)."""
    max_bytes = max_upload_mb() * 2**20
    target = folder / UPLOADS
    paths: list[Path] = []
    names: dict[str, str] = {}
    rejected: list[tuple[str, str]] = []
    for f in files:
        data = f.getvalue()
        problem = uploads.check_upload(f.name, data, max_bytes)
        if problem:
            rejected.append((f.name, problem))
            continue
        target.mkdir(parents=True, exist_ok=True)
        path = uploads.unique_path(target, uploads.safe_filename(f.name))
        path.write_bytes(data)
        paths.append(path.resolve())
        names[str(path.resolve())] = f.name
    return paths, names, rejected


def choose_collection(folder: Path) -> str:
    """The collection the files go in: asked only when the reader may add to more than one."""
    from ingest import access
    from ingest.viewer import PUBLIC

    if not (folder / common.DB_NAME).exists():
        return PUBLIC
    names = access.visible_collections(folder, common.viewer())
    if len(names) < 2:
        return PUBLIC
    return str(
        st.selectbox(
            "Collection",
            names,
            index=names.index(PUBLIC) if PUBLIC in names else 0,
            key="upload-collection",
            help="A restricted collection is seen only by its members (boardsearch collections).",
        )
    )


def ingest(paths: list[Path], folder: Path, collection: str = "") -> list:
    """Read the saved files into the store (in `collection`, recorded first, so they are
    never visible outside it), then bring the search index up to date."""
    import index
    from ingest import access, ingest_paths

    if collection:
        access.assign(folder, access.file_ids(paths), collection, by=common.viewer())

    bar = st.progress(0.0, text="Reading the files …")

    def progress(done: int, total: int, path: str) -> None:
        bar.progress(done / max(total, 1), text=f"Read {done} of {total}: {Path(path).name}")

    chosen = IngestSettings.from_env(workers=1)
    results = ingest_paths(paths, folder, settings=chosen, progress=progress)
    if any(r.outcome == "ingested" for r in results):
        bar.progress(1.0, text="Updating the search index …")
        common.wait_for_model(str(folder))
        idx = common.search_index(str(folder))
        index.sync(folder, idx.settings, idx.embedder, progress=False)
        idx.refresh(force=True)
        common.rewarm(idx)
    bar.empty()
    return results


def main() -> None:
    limit_mb = max_upload_mb()
    st.title("Add documents")
    st.markdown(
        f"Add board papers as **PDF** or **Word (.docx)** files, up to **{limit_mb} MB** each. "
        "They are read, added to the library and made searchable. Files you add are kept "
        "in the data folder."
    )
    files = st.file_uploader(
        "Choose files",
        type=["pdf", "docx"],
        accept_multiple_files=True,
        max_upload_size=limit_mb,
        key="upload-files",
    )
    collection = choose_collection(common.data_dir())
    if not st.button("Add to the library", type="primary", disabled=not files, key="upload-go"):
        if "upload-outcome" in st.session_state:
            show_outcome(st.session_state["upload-outcome"])
        return
    folder = common.data_dir()
    with st.status("Adding the files …", expanded=True) as status:
        paths, names, rejected = save_uploads(list(files or []), folder)
        results = ingest(paths, folder, collection) if paths else []
        rows = views.upload_outcome_rows(results, names, rejected)
        added = sum(r["Outcome"] == "Added" for r in rows)
        failed = sum(r["Outcome"] == "Not added" for r in rows)
        state: Literal["error", "complete"] = "error" if failed and not added else "complete"
        status.update(label=f"Added {added} of {len(rows)} file(s)", state=state, expanded=False)
    st.cache_data.clear()  # the library changed
    st.session_state["upload-outcome"] = rows
    show_outcome(rows)


def show_outcome(rows: list[dict]) -> None:
    for r in rows:
        name = views.escape_md(r["File"])
        if r["Outcome"] == "Added":
            title = views.escape_md(r["Title"])
            st.success(f"**{name}** was added: {title} ({views.plural(r['Pages'], 'page')}).")
            if r["Details"]:
                st.caption(views.escape_md(f"Note: {r['Details']}"))
        elif r["Outcome"] == "Not added":
            st.error(f"**{name}** was not added. {views.escape_md(r['Details'])}")
        else:
            st.info(f"**{name}**: {views.escape_md(r['Details'])}")
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        st.page_link("screens/search.py", label="Search the library", icon=":material/search:")


main()
