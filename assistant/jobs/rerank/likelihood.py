"""Query likelihood (UPR, Sachan et al. 2022): how likely the LLM finds the query after reading the candidate."""
from __future__ import annotations

import time
from typing import Sequence

import numpy as np

from assistant.core.protocols import LLM
from assistant.jobs.contract import Progress
from assistant.jobs.prompting import as_data, checked_scores, fit_text
from assistant.jobs.rerank.prompts import (
    QL_MIN_TOKENS,
    QL_QUERY_BUDGET,
    QL_TOKENS,
    QUERY_TOKENS,
    after,
    prompt_style,
    ql_prompt,
)


def shared_cap(lengths: Sequence[int], cap: int, budget: int, floor: int = QL_MIN_TOKENS) -> int:
    """The largest per-candidate cap (at most `cap`, at least `floor`) under which the candidates' tokens fit
    `budget` (water-filling: short candidates keep all their text, the long ones are cut to one common length)."""
    if sum(min(n, cap) for n in lengths) <= budget:
        return cap
    lo, hi = floor, cap
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if sum(min(n, mid) for n in lengths) <= budget:
            lo = mid
        else:
            hi = mid - 1
    return lo


class QueryLikelihood:
    """log P(query token | prompt with the candidate), per token, for one query's candidates; scored once, cached.

    The evaluation shares one between methods of a query (ql, ql+emb, auto), as PairwiseJudge does for pairs.
    """

    def __init__(self, llm: LLM, query: str, texts: Sequence[str], *, ql_tokens: int = QL_TOKENS,
                 query_tokens: int = QUERY_TOKENS, style: str = "auto", chunk: int = 8,
                 progress: Progress | None = None):
        self.llm, self.texts, self.ql_tokens, self.chunk, self.progress = llm, list(texts), ql_tokens, chunk, progress
        self.style = prompt_style(llm) if style == "auto" else style
        self.query, _ = fit_text(llm, query, query_tokens)
        self.truncated = 0
        self.prompts_scored = 0
        self.seconds = 0.0  # wall time of the scoring, so a method that reuses the cache can still count it
        self._rows: list[np.ndarray] | None = None

    def rows(self) -> list[np.ndarray]:
        """Each candidate's per-token log-probabilities of the query (scores the prompts on the first call)."""
        if self._rows is None:
            started = time.perf_counter()
            rows: list[np.ndarray] = []
            n = len(self.texts)
            # a query's candidates share QL_QUERY_BUDGET tokens: 20 long resumes cost about what 20 passages do
            cap = shared_cap([len(self.llm.tokenize(t)) for t in self.texts], self.ql_tokens, QL_QUERY_BUDGET)
            for lo in range(0, n, self.chunk):
                requests = []
                for text in self.texts[lo:lo + self.chunk]:
                    cut, was_cut = fit_text(self.llm, text, cap)
                    self.truncated += was_cut
                    prompt = ql_prompt(self.llm, as_data(cut), self.style)
                    base = self.llm.prompt_tokens(prompt)
                    requests.append((base + self.llm.tokenize(after(prompt, self.query.strip())), len(base)))
                rows += [np.asarray(r, dtype=float) for r in checked_scores(self.llm, requests,
                                                                            "query-likelihood rerank")]
                self.prompts_scored += len(requests)
                if self.progress:
                    self.progress(min(lo + self.chunk, n), n)
            self._rows = rows
            self.seconds = time.perf_counter() - started
        return self._rows

    @property
    def scored(self) -> bool:
        return self._rows is not None

    def scores(self) -> np.ndarray:
        """Mean log P(query token | candidate) per candidate."""
        return np.array([float(r.mean()) if len(r) else 0.0 for r in self.rows()])

    def reliability(self) -> float | None:
        """Split-half reliability of the scores on this query (see `split_half`)."""
        return split_half(self.rows())


def split_half(rows: Sequence[np.ndarray]) -> float | None:
    """How consistently the query's tokens rank the candidates: the correlation, across candidates, of the mean
    log-probability of the odd and of the even query tokens, stepped up to the whole query (Spearman-Brown,
    2r / (1 + r)). Near 1: the candidates differ the same way token after token (a signal); near 0 or below:
    the differences are token noise. None when it cannot be measured (under 3 candidates, a 1-token query, or
    halves that do not vary)."""
    if len(rows) < 3 or min(len(r) for r in rows) < 2:
        return None
    odd = np.array([r[0::2].mean() for r in rows])
    even = np.array([r[1::2].mean() for r in rows])
    if odd.std() < 1e-12 or even.std() < 1e-12:
        return None
    r = float(np.corrcoef(odd, even)[0, 1])
    # the step-up is meant for r >= 0; below, it runs off towards -inf, so a negative reliability reads as -1..0
    return round(max(2 * r / (1 + r), -1.0), 4) if r > -1 + 1e-9 else -1.0


def ql_scores(llm: LLM, query: str, texts: Sequence[str], *, ql_tokens: int = QL_TOKENS,
              query_tokens: int = QUERY_TOKENS, style: str = "auto", chunk: int = 8,
              progress: Progress | None = None) -> tuple[np.ndarray, int]:
    """Mean log P(query token | prompt with the candidate) per candidate, and how many candidates were cut."""
    scorer = QueryLikelihood(llm, query, texts, ql_tokens=ql_tokens, query_tokens=query_tokens, style=style,
                             chunk=chunk, progress=progress)
    return scorer.scores(), scorer.truncated
