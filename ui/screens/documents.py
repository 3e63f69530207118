"""Documents: the library, and one document's pages, sections, tables and extracted kinds
(figures, entities, recommendations: every kind that declares a display, ingest/extract/)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ingest.model import Document
from ui import views
from ui.screens import common


def pick_document(lib: common.Library) -> Document | None:
    """The document chosen in the picker (or named by ?doc= in the address)."""
    wanted = st.query_params.get("doc")
    if wanted in lib.by_id and st.session_state.get("doc-from-link") != wanted:
        st.session_state["doc-from-link"] = wanted
        st.session_state["doc-pick"] = wanted
        if st.query_params.get("page", "").isdigit():
            page = int(st.query_params["page"])
            st.session_state["doc-page"] = min(max(1, page), max(1, lib.by_id[wanted].pages))
            st.session_state["doc-page-of"] = wanted
    ids = [d.id for d in lib.docs]
    chosen = st.selectbox(
        "Open a document",
        ids,
        format_func=lambda i: views.document_label(lib.by_id[i]),
        key="doc-pick",
        index=None,
        placeholder="Choose a document to see its sections, tables and pages",
    )
    return lib.by_id.get(chosen) if chosen else None


def show_library(lib: common.Library) -> None:
    rows = views.library_rows(lib.docs)
    synthetic = sum(d.synthetic for d in lib.docs)
    st.caption(
        f"{views.plural(len(rows), 'document')}"
        + (f", of which {synthetic} SYNTHETIC (made up for testing)" if synthetic else "")
        + ". Click a row, or choose one above, to open it."
    )
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        width="stretch",
        height=min(38 + 35 * len(rows), 760),
        column_config={"Pages": st.column_config.NumberColumn(format="%d", width="small")},
        on_select=lambda: open_clicked_row([d.id for d in lib.docs]),
        selection_mode="single-row",
        key="library-table",
    )


def open_clicked_row(ids: list[str]) -> None:
    """A click on a library row opens that document."""
    rows = st.session_state["library-table"].selection.rows
    if rows:
        st.session_state["doc-pick"] = ids[rows[0]]


def back_to_library() -> None:
    st.session_state["doc-pick"] = None
    st.query_params.clear()


def show_document(doc: Document, lib: common.Library) -> None:
    st.button("Back to the library", icon=":material/arrow_back:", on_click=back_to_library)
    badge = f" {views.SYNTHETIC_BADGE}" if doc.synthetic else ""
    st.header(views.escape_md(doc.title or doc.path) + badge, anchor=False)
    common.synthetic_note(doc)
    facts = views.document_facts(doc)
    st.markdown("  \n".join(f"**{k}:** {views.escape_md(v)}" for k, v in facts))
    notice = views.document_notice(doc)
    if notice:
        level, text = notice
        (st.warning if level == "warning" else st.info)(views.escape_md(text))
    if st.session_state.get("doc-audited") != doc.id:  # each document opened, once
        st.session_state["doc-audited"] = doc.id
        common.audit("document", {"doc_id": doc.id, "title": doc.title})
    common.download_original(doc, lib.folder, key=f"doc-dl-{doc.id}")
    with common.open_store(lib.folder) as store:
        sections = store.sections(doc.id)
        tables = store.tables(doc.id)
        kinds = views.kind_tabs(lambda kind: store.records(kind, doc.id))  # figures, entities ...
    labels = ["Pages", f"Sections ({len(sections)})", f"Tables ({len(tables)})"]
    t_pages, t_sections, t_tables, *t_kinds = st.tabs(labels + [label for label, _, _ in kinds])
    with t_pages:
        show_pages(doc, lib)
    with t_sections:
        table_or_note(views.section_rows(sections), "No headings were found in this document.")
    with t_tables:
        show_tables(tables)
    for tab, (_, rows, note) in zip(t_kinds, kinds, strict=True):
        with tab:
            table_or_note(rows, note)


def table_or_note(rows: list[dict], note: str) -> None:
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    else:
        st.caption(note)


def show_tables(tables: list) -> None:
    if not tables:
        st.caption("No tables were found in this document.")
        return
    for t in tables:
        pages = f"page {t.page_start}" + (f"–{t.page_end}" if t.page_end > t.page_start else "")
        title = t.caption or views.section_text(t.section_path) or f"Table {t.index + 1}"
        st.markdown(f"**{views.escape_md(title)}** ({pages}, {views.plural(len(t.rows), 'row')})")
        st.dataframe(
            pd.DataFrame(views.table_frame(t.header_rows, t.rows)), hide_index=True, width="stretch"
        )


def show_pages(doc: Document, lib: common.Library) -> None:
    if doc.pages < 1:
        st.caption("This document has no pages.")
        return
    if st.session_state.get("doc-page-of") != doc.id:
        st.session_state["doc-page-of"] = doc.id
        st.session_state["doc-page"] = 1  # another document: start at its first page
    page = st.columns([1, 4])[0].number_input("Page", 1, doc.pages, key="doc-page", step=1)
    common.show_page(doc, lib.folder, int(page), key=f"page-{doc.id}")
    with common.open_store(lib.folder) as store:
        stored = store.pages(doc.id, [int(page)])
    if stored and not stored[0].has_text_layer:
        st.caption("This page has no text layer (it is a scan), so it is not searchable.")


def main() -> None:
    st.title("Documents")
    lib = common.Library()
    if not lib:
        common.empty_state()
        return
    doc = pick_document(lib)
    if doc is None:
        show_library(lib)
    else:
        show_document(doc, lib)


main()
