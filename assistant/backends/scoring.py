"""The LLM protocol's convenience scorers, built on `score_sequences` so every backend computes them the same way."""
from __future__ import annotations

from typing import Sequence

import numpy as np


class ContinuationScoring:
    """`continuation_logprobs` and `next_token_probs` for a backend that has tokenize, prompt_tokens and
    score_sequences (the prompt is shared by every request, so a packing backend evaluates it once)."""

    def continuation_logprobs(self, prompt: str, continuations: Sequence[str]) -> list[float]:
        """Summed log-probability of each continuation right after the prompt."""
        base = self.prompt_tokens(prompt)  # type: ignore[attr-defined]
        seqs = [(base + self.tokenize(c), len(base)) for c in continuations]  # type: ignore[attr-defined]
        return [float(r.sum()) for r in self.score_sequences(seqs)]  # type: ignore[attr-defined]

    def next_token_probs(self, prompt: str, tokens: Sequence[str]) -> list[float]:
        """Probability that the next token is each of the given strings' first token."""
        base = self.prompt_tokens(prompt)  # type: ignore[attr-defined]
        seqs = [(base + self.tokenize(t)[:1], len(base)) for t in tokens]  # type: ignore[attr-defined]
        return [float(np.exp(r[0])) for r in self.score_sequences(seqs)]  # type: ignore[attr-defined]
