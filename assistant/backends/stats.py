"""Counters a language-model backend keeps: what the jobs' `Usage` and the benchmarks are computed from."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class LLMStats:
    """Counters for benchmarks: tokens decoded, decode calls and time spent in them."""

    tokens_evaluated: int = 0
    decode_calls: int = 0
    requests: int = 0
    seconds: float = 0.0
    tokens_generated: int = 0

    def snapshot(self) -> "LLMStats":
        return LLMStats(self.tokens_evaluated, self.decode_calls, self.requests, self.seconds, self.tokens_generated)

    def since(self, before: "LLMStats") -> "LLMStats":
        return LLMStats(self.tokens_evaluated - before.tokens_evaluated, self.decode_calls - before.decode_calls,
                        self.requests - before.requests, self.seconds - before.seconds,
                        self.tokens_generated - before.tokens_generated)
