"""Query likelihood (UPR, Sachan et al. 2022): how likely the LLM finds the query after reading the candidate."""
from __future__ import annotations

from typing import Sequence

import numpy as np

from assistant.core.protocols import LLM
from assistant.jobs.contract import Progress
from assistant.jobs.prompting import as_data, checked_scores, fit_text
from assistant.jobs.rerank.prompts import QL_TOKENS, QUERY_TOKENS, after, prompt_style, ql_prompt


def ql_scores(llm: LLM, query: str, texts: Sequence[str], *, ql_tokens: int = QL_TOKENS,
              query_tokens: int = QUERY_TOKENS, style: str = "auto", chunk: int = 8,
              progress: Progress | None = None) -> tuple[np.ndarray, int]:
    """Mean log P(query token | prompt with the candidate) per candidate, and how many candidates were cut."""
    style = prompt_style(llm) if style == "auto" else style
    q, _ = fit_text(llm, query, query_tokens)
    out = np.zeros(len(texts))
    truncated = 0
    for lo in range(0, len(texts), chunk):
        requests = []
        for text in texts[lo:lo + chunk]:
            cut, was_cut = fit_text(llm, text, ql_tokens)
            truncated += was_cut
            prompt = ql_prompt(llm, as_data(cut), style)
            base = llm.prompt_tokens(prompt)
            requests.append((base + llm.tokenize(after(prompt, q.strip())), len(base)))
        for k, row in enumerate(checked_scores(llm, requests, "query-likelihood rerank")):
            out[lo + k] = float(row.mean()) if len(row) else 0.0
        if progress:
            progress(min(lo + chunk, len(texts)), len(texts))
    return out, truncated
