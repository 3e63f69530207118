"""A search hit on a stock-take row says its RAG rating, owner and due date (issue 23),
in the terminal's text; hits of other passages read as before."""

from __future__ import annotations

from index import format_hits_text
from index.format import follow_up_line
from index.search import Hit, SearchResult


def hit(passage_id: str, text: str) -> Hit:
    return Hit(
        doc_id="log",
        passage_id=passage_id,
        title="Action log",
        path="/papers/action-log.pdf",
        boroughs=("Westminster",),
        period="2012/13",
        doc_type="stocktake",
        page=3,
        section=(),
        kind="table_row",
        text=text,
        score=1.0,
    )


def test_follow_up_line_says_only_what_the_row_has():
    row = {"rag": "amber", "owner": "Housing Lead", "due": "June 2013", "due_iso": "2013-06"}
    assert follow_up_line(row) == "RAG: Amber | owner: Housing Lead | due: June 2013"
    assert follow_up_line({"owner": "Head of Service"}) == "owner: Head of Service"
    assert follow_up_line({}) == ""


def test_hit_text_carries_the_follow_up_line_under_its_snippet():
    result = SearchResult(
        query="gangs",
        mode="keyword",
        hits=(hit("p1", "Issue: Gangs"), hit("p2", "Issue: Housing")),
        facets={},
    )
    plain = format_hits_text(result)
    assert "RAG:" not in plain
    text = format_hits_text(result, follow_up={"p1": {"rag": "red", "owner": "Head of Service"}})
    lines = text.splitlines()
    at = lines.index("   Issue: Gangs")
    assert lines[at + 1] == "   RAG: Red | owner: Head of Service"
    assert lines[at + 2] == "   action-log.pdf, p. 3"
    assert text.count("RAG:") == 1  # the other hit has none
    assert text.replace("   RAG: Red | owner: Head of Service\n", "") == plain
