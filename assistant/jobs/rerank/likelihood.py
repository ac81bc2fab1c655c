"""Query likelihood (UPR, Sachan et al. 2022): how likely the LLM finds the query after reading the candidate."""
from __future__ import annotations

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


def ql_scores(llm: LLM, query: str, texts: Sequence[str], *, ql_tokens: int = QL_TOKENS,
              query_tokens: int = QUERY_TOKENS, style: str = "auto", chunk: int = 8,
              progress: Progress | None = None) -> tuple[np.ndarray, int]:
    """Mean log P(query token | prompt with the candidate) per candidate, and how many candidates were cut."""
    style = prompt_style(llm) if style == "auto" else style
    q, _ = fit_text(llm, query, query_tokens)
    out = np.zeros(len(texts))
    truncated = 0
    cap = shared_cap([len(llm.tokenize(t)) for t in texts], ql_tokens, QL_QUERY_BUDGET)
    for lo in range(0, len(texts), chunk):
        requests = []
        for text in texts[lo:lo + chunk]:
            cut, was_cut = fit_text(llm, text, cap)
            truncated += was_cut
            prompt = ql_prompt(llm, as_data(cut), style)
            base = llm.prompt_tokens(prompt)
            requests.append((base + llm.tokenize(after(prompt, q.strip())), len(base)))
        for k, row in enumerate(checked_scores(llm, requests, "query-likelihood rerank")):
            out[lo + k] = float(row.mean()) if len(row) else 0.0
        if progress:
            progress(min(lo + chunk, len(texts)), len(texts))
    return out, truncated
