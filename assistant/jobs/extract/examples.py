"""Which of the spec's few-shot examples each chunk is shown: all of them, or the `shots` most like the chunk.

A small model copies the labelling of the examples it is shown far more than it follows the field descriptions,
so examples that look like the text at hand (a results table for a results table, a byline for a byline) are
the ones it can copy from. Measured on CoNLL-2003 (first 200 test sentences, 3 examples, pool: the 500 last
test sentences, never one evaluated): see bench/results_issue-14.md for the F1 of the two choices per model.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from assistant.core.protocols import Embedder
from assistant.jobs.extract.spec import Example


class ExampleChooser:
    """choose(chunks) -> the examples to show with each chunk, most similar last (nearest the text it helps)."""

    def __init__(self, examples: Sequence[Example], shots: int | None, embedder: Embedder | None):
        self.examples = list(examples)
        self.shots = shots
        self.embedder = embedder
        self._vectors: np.ndarray | None = None  # the examples', embedded once, on first use

    @staticmethod
    def chooses(examples: Sequence[Example], shots: int | None) -> bool:
        """True when there are more examples than a chunk is shown: only then is an embedder of use."""
        return shots is not None and len(examples) > shots

    def choose(self, chunks: Sequence[str]) -> list[list[Example]]:
        if not self.chooses(self.examples, self.shots):
            return [self.examples] * len(chunks)
        if self.embedder is None or not self.shots:
            return [self.examples[:self.shots]] * len(chunks)
        if self._vectors is None:
            self._vectors = self.embedder.embed([ex.text for ex in self.examples])
        sims = self.embedder.embed(list(chunks)) @ self._vectors.T if chunks else np.zeros((0, len(self.examples)))
        # stable sort on the negated similarity: equal scores keep the spec's order
        return [[self.examples[j] for j in reversed(np.argsort(-row, kind="stable")[:self.shots])] for row in sims]
