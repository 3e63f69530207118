"""What the Themes page shows first: the most frequent themes on top, made-up periods named."""

from __future__ import annotations

from ingest.model import Document
from ui import rates, views


def doc(id_: str, period: str, synthetic: bool) -> Document:
    return Document(id=id_, path=f"{id_}.pdf", title=id_, period=period, synthetic=synthetic)


def test_themes_are_listed_most_frequent_first_ties_alphabetical() -> None:
    rows = [
        {"theme": "Neglect", "tags": 2},
        {"theme": "Neglect", "tags": 0},
        {"theme": "Gangs", "tags": 5},
        {"theme": "Adoption", "tags": 2},
        {"theme": "Missing children", "tags": 0},
    ]
    assert rates.themes_by_frequency(rows) == ["Gangs", "Adoption", "Neglect", "Missing children"]


def test_periods_with_only_synthetic_papers_are_named() -> None:
    docs = [
        doc("a", "2011/12", False),
        doc("b", "2011/12", True),
        doc("c", "2012/13", True),
        doc("d", "2019/20", False),
        doc("e", "", True),
        doc("f", "2013/14", True),
    ]
    assert rates.synthetic_only_periods(docs) == ["2012/13", "2013/14", views.NO_PERIOD]


def test_rewarm_ranks_the_themes_then_reads_the_words_and_survives_a_failure() -> None:
    from ui.screens import common

    class Fake:
        def __init__(self, fail: bool) -> None:
            self.calls: list[str] = []
            self.fail = fail

        def warm(self) -> None:
            self.calls.append("warm")
            if self.fail:
                raise OSError("the data folder went away")

        def warm_postings(self) -> int:
            self.calls.append("postings")
            return 1

    ok, broken = Fake(False), Fake(True)
    common.rewarm(ok).join(10)
    common.rewarm(broken).join(10)  # the failure stays in the thread: the next search says it
    assert ok.calls == ["warm", "postings"] and broken.calls == ["warm"]
