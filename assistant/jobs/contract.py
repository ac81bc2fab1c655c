"""The one contract every job keeps: how it is called, how it reports progress, and what its result carries.

Each job package (rerank, classify, extract, fill, answer) has

    run(llm, inputs, options=None, *, embedder=None, progress=None) -> <Job>Result

- `llm`: the language model (the LLM protocol); None only where a method needs none (classify's `embedding`,
  fill's `knn` and `learned`).
- `inputs`: the job's typed input (what to work on: a query and its candidates, texts and labels, ...).
- `options`: the job's typed options (the method and its knobs); None means the defaults.
- `embedder`: for a job whose method also embeds text (classify); the others take it and ignore it.
- `progress(done, total)`: called as the work advances, in the job's own unit (prompts, texts, records).

Every result is a `JobResult`: a pydantic model with one `usage` (the model, LLM calls, tokens evaluated and
generated, seconds), so the CLI, the chat and the evaluations read cost the same way for every job.
"""
from __future__ import annotations

import time
from typing import Callable

from pydantic import BaseModel, Field

from assistant.core.protocols import LLM

Progress = Callable[[int, int], None]  # (done, total)


class Usage(BaseModel):
    """What one job run cost."""

    model: str | None = Field(None, description="the LLM's name (None when the method used no LLM)")
    llm_calls: int = Field(0, description="prompts the LLM evaluated: scored prompts and generated answers")
    tokens_evaluated: int = Field(0, description="tokens the LLM decoded (prompts and scored continuations)")
    tokens_generated: int = Field(0, description="tokens the LLM generated")
    llm_seconds: float = Field(0.0, description="time spent inside the LLM backend")
    seconds: float = Field(0.0, description="wall-clock time of the whole job")

    def __add__(self, other: "Usage") -> "Usage":
        return Usage(model=self.model or other.model, llm_calls=self.llm_calls + other.llm_calls,
                     tokens_evaluated=self.tokens_evaluated + other.tokens_evaluated,
                     tokens_generated=self.tokens_generated + other.tokens_generated,
                     llm_seconds=round(self.llm_seconds + other.llm_seconds, 3),
                     seconds=round(self.seconds + other.seconds, 3))


class JobResult(BaseModel):
    """The base of every job's result."""

    usage: Usage = Field(default_factory=Usage)


def _counters(llm: LLM | None) -> tuple[int, int, int, float]:
    """(requests, tokens evaluated, tokens generated, seconds) so far, from a backend that keeps `stats`
    (llama.cpp, the HTTP servers), or from whatever counters a plug-in or fake backend offers."""
    stats = getattr(llm, "stats", None)
    source = stats if stats is not None else llm

    def number(name: str) -> float:  # a counter only where it is one (a fake may keep a list under that name)
        value = getattr(source, name, 0)
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else 0

    return (int(number("requests")), int(number("tokens_evaluated")), int(number("tokens_generated")),
            float(number("seconds")))


class Meter:
    """Measures one job run: the LLM's counters before and after, and the wall clock.

    >>> meter = Meter(llm)   # at the start of the job
    >>> ...                  # the work
    >>> meter.usage()        # Usage of what happened in between
    """

    def __init__(self, llm: LLM | None):
        self.llm = llm
        self.started = time.perf_counter()
        self.before = _counters(llm)

    def usage(self, *, calls: int | None = None, used_llm: bool = True) -> Usage:
        """The usage since the meter started. calls: the job's own count of LLM prompts, where the backend's
        request counter counts differently (a pairwise prompt is scored as two continuations); used_llm=False
        for a method that used no LLM (no model is named)."""
        after = _counters(self.llm)
        requests, evaluated, generated, llm_seconds = (a - b for a, b in zip(after, self.before))
        return Usage(model=getattr(self.llm, "name", None) if used_llm and self.llm is not None else None,
                     llm_calls=int(requests if calls is None else calls), tokens_evaluated=int(evaluated),
                     tokens_generated=int(generated), llm_seconds=round(float(llm_seconds), 3),
                     seconds=round(time.perf_counter() - self.started, 3))
