"""The sentence view of passages: one vector per sentence, a passage scored by its best one.

A newcomer's question ("youngsters who run away") is usually about one sentence of a
long inspection paragraph; the paragraph's single vector averages that sentence with
the rest. Passages of two or more sentences therefore also get a vector per sentence
(``data_dir/vectors-sentences``, written by sync beside the passage vectors) and, when
the setting asks for it, a passage's semantic score is its best sentence's similarity.
One-sentence passages (most table rows) keep their passage vector.

On the dev half of tests/eval (hybrid nDCG@10), scoring every query this way lifted
paraphrases (0.18 -> 0.23) but pushed keyword-style queries down (0.81 -> 0.71); used
only when the words typed match no passage (the same test as the theme vocabulary),
paraphrases gained and keyword-style queries were unchanged. Pure numpy, no torch.
"""

from __future__ import annotations

import re

import numpy as np

from .vectors import VectorSet

DIR_NAME = "vectors-sentences"
MIN_WORDS = 4  # shorter pieces ("Good.", "Page 3") are not sentences worth a vector
VIEWS = ("off", "unmatched", "always")

# A sentence ends at . ! ? before a capital or a digit; list bullets and the cell
# separators of table-row passages (" | ") also split.
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9•–-])|\s+[•−]\s+| \| ")


def split_sentences(text: str) -> list[str]:
    """The sentences of a passage worth a vector of their own; [] when it is one sentence."""
    parts = [s.strip() for s in _SPLIT.split(text)]
    parts = [s for s in parts if len(s.split()) >= MIN_WORDS]
    return parts if len(parts) >= 2 else []


def sentence_id(passage_id: str, k: int) -> str:
    return f"{passage_id}#{k}"


def owner_of(sentence_id_: str) -> str:
    """The passage id a sentence id belongs to."""
    return sentence_id_.rpartition("#")[0]


class SentenceView:
    """Sentence vectors mapped onto catalog rows, for "best sentence" passage scores."""

    def __init__(self, vs: VectorSet, index_of: dict[str, int]) -> None:
        self.model = vs.model
        owners = np.fromiter((index_of.get(owner_of(s), -1) for s in vs.ids), np.int64, len(vs.ids))
        # a passage's sentences are stored together: one run of equal owners per passage
        change = np.flatnonzero(np.diff(owners)) + 1 if len(owners) else np.zeros(0, np.int64)
        starts = np.concatenate(([0], change)).astype(np.int64) if len(owners) else change
        run_owner = owners[starts] if len(owners) else owners
        known = run_owner >= 0
        self.matrix = vs.matrix
        self.starts = starts
        self.run_owner = run_owner
        self.known = known
        self.n = len(vs.ids)

    def scores(self, query: np.ndarray, passage_scores: np.ndarray) -> np.ndarray:
        """Per catalog row: the best sentence's similarity, or the passage's own score
        when it has no sentence vectors."""
        out = np.array(passage_scores, dtype=np.float32, copy=True)
        if not self.n:
            return out
        sims = np.asarray(self.matrix @ query.astype(np.float32).ravel(), dtype=np.float32)
        best = np.maximum.reduceat(sims, self.starts)
        out[self.run_owner[self.known]] = best[self.known]
        return out
