"""The rerank job: first-stage candidates reordered by the LLM (pairwise or query likelihood), fused with their
similarity or not. The package docstring says what each method does and why the default is what it is."""
from __future__ import annotations

import numpy as np
from pydantic import BaseModel, Field

from assistant.core.errors import ConfigError
from assistant.core.protocols import LLM, Embedder
from assistant.core.results import one_line
from assistant.jobs.contract import JobResult, Meter, Progress
from assistant.jobs.rerank.candidates import Candidate
from assistant.jobs.rerank.fusion import FUSIONS, fuse, ranks, similarities
from assistant.jobs.rerank.likelihood import ql_scores
from assistant.jobs.rerank.pairwise import (
    DEFAULT_MARGIN,
    DEFAULT_PAIR_RULE,
    PAIRWISE,
    SLIDING_K,
    PairwiseJudge,
    pairwise_scores,
)
from assistant.jobs.rerank.prompts import PAIR_TOKENS, QL_TOKENS, QUERY_TOKENS

METHODS = PAIRWISE + ("ql",)
FUSED = "+emb"  # suffix of a method name fused with the embedding similarity
# Chosen by measurement on NovelEval (bench/results_rerank.md). The weight: the LLM counts half as much as the
# similarity; leave-one-query-out picks 0.5 in most folds for both bundled models, and a smaller weight is the safer
# side when the LLM is weaker than on that data.
DEFAULT_METHOD = "ql+emb"
DEFAULT_FUSION = "z"
DEFAULT_WEIGHT = 0.5


class RerankItem(BaseModel):
    new_rank: int
    old_rank: int
    id: str
    score: float = Field(description="what the final order sorts by (the fused score when fused with the embedding)")
    llm_score: float | None = Field(None, description="allpair: wins; sort/sliding: N - position in the LLM's order; "
                                                      "ql: mean log-probability of a query token")
    wins: float | None = Field(None, description="pairwise: sum of debiased preferences over the pairs asked")
    similarity: float | None = None
    text: str

    @property
    def preview(self) -> str:
        return one_line(self.text)


class RerankInput(BaseModel):
    """What to rerank: the query (e.g. a job description) and its first-stage candidates."""

    query: str
    candidates: list[Candidate]


class RerankOptions(BaseModel):
    """How: the method (allpair | sort | sliding | ql, optionally "+emb"), its fusion and budgets."""

    method: str = DEFAULT_METHOD
    fusion: str | None = Field(None, description="none | z | rrf; None: z for a '+emb' method, else none")
    weight: float | None = Field(None, description="the LLM's weight in the fusion (None: DEFAULT_WEIGHT)")
    margin: float = DEFAULT_MARGIN
    pair_rule: str = Field(DEFAULT_PAIR_RULE, description="soft: every pair's calibrated preference counts; "
                                                          "discrete: position-consistent pairs are ties")
    top_k: int = SLIDING_K
    pair_tokens: int = PAIR_TOKENS
    ql_tokens: int = QL_TOKENS
    query_tokens: int = QUERY_TOKENS


class RerankResult(JobResult):
    query: str
    method: str = Field(description="e.g. 'ql+emb': the LLM method, fused with the embedding similarity")
    fusion: str = "none"
    weight: float | None = None
    items: list[RerankItem]
    comparisons: int = Field(0, description="pairs judged (each in both orders)")
    ties: int = Field(0, description="pairs left to the first-stage order (low confidence; discrete rule: also "
                                     "position bias)")
    pair_rule: str | None = Field(None, description="pairwise methods: soft or discrete")
    truncated: int = Field(0, description="candidates cut to the token budget")


def parse_method(method: str) -> tuple[str, bool]:
    """'ql+emb' -> ('ql', True); 'sort' -> ('sort', False)."""
    base, fused = (method[: -len(FUSED)], True) if method.endswith(FUSED) else (method, False)
    if base not in METHODS:
        raise ConfigError(f"unknown rerank method {method!r}",
                          f"use one of: {', '.join(METHODS)}, each optionally with {FUSED} (e.g. {DEFAULT_METHOD})")
    return base, fused


def reorder(result: RerankResult, fusion: str, weight: float = DEFAULT_WEIGHT) -> RerankResult:
    """The same LLM scores fused another way (no LLM call): how the evaluation compares fusions."""
    items = sorted(result.items, key=lambda it: it.old_rank)
    base = parse_method(result.method)[0]
    sims = similarities(items)
    llm = np.array([it.llm_score if it.llm_score is not None else 0.0 for it in items])
    score = fuse(sims, llm, fusion, weight)
    order = ranks(score)
    new = [it.model_copy(update={"score": float(score[i]), "new_rank": int(order[i])}) for i, it in enumerate(items)]
    return result.model_copy(update={"items": sorted(new, key=lambda it: it.new_rank), "fusion": fusion,
                                     "weight": weight if fusion != "none" else None,
                                     "method": base + (FUSED if fusion != "none" else "")})


def run(llm: LLM, inputs: RerankInput, options: RerankOptions | None = None, *, embedder: Embedder | None = None,
        progress: Progress | None = None, judge: PairwiseJudge | None = None) -> RerankResult:
    """Rerank first-stage candidates with the LLM; ties and a flat LLM keep the first-stage order.

    The job contract (jobs/contract.py); progress counts prompts scored. `judge` reuses cached pairwise
    comparisons of the same query and candidates (the evaluation compares methods on one cache).
    """
    opts = options or RerankOptions()
    query = inputs.query
    if not query.strip():
        raise ConfigError("the query is empty", "give the text to rerank for (e.g. a job description file)")
    base, fused = parse_method(opts.method)
    fusion = opts.fusion if opts.fusion is not None else (DEFAULT_FUSION if fused else "none")
    if fusion not in FUSIONS:
        raise ConfigError(f"unknown fusion {fusion!r}", f"use one of: {', '.join(FUSIONS)}")
    weight = DEFAULT_WEIGHT if opts.weight is None else float(opts.weight)
    if opts.top_k < 1:
        raise ConfigError(f"top k must be at least 1, not {opts.top_k}")
    cands = sorted(inputs.candidates, key=lambda c: c.rank)
    ids = [c.id for c in cands]
    if len(set(ids)) != len(ids):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise ConfigError(f"candidate id {dup!r} is given twice", "give each candidate once")
    meter = Meter(llm)
    n = len(cands)
    texts = [c.text for c in cands]
    wins = None
    calls = comparisons = ties = truncated = 0
    if n == 0:
        llm_score = np.zeros(0)
    elif base == "ql":
        llm_score, truncated = ql_scores(llm, query, texts, ql_tokens=opts.ql_tokens, query_tokens=opts.query_tokens,
                                         progress=progress)
        calls = n
    else:
        if judge is None:
            judge = PairwiseJudge(llm, query, texts, margin=opts.margin, pair_tokens=opts.pair_tokens,
                                  query_tokens=opts.query_tokens, rule=opts.pair_rule, progress=progress)
        elif len(judge.texts) != n:
            raise ConfigError("the pairwise judge was built for other candidates")
        judge.asked = set()  # count this method's comparisons, reuse the cache
        scored_before = judge.prompts_scored
        llm_score, wins = pairwise_scores(judge, base, n, opts.top_k)
        comparisons, ties, truncated = len(judge.asked), judge.ties, judge.truncated
        calls = judge.prompts_scored - scored_before
    score = fuse(similarities(cands), llm_score, fusion, weight)
    order = ranks(score)
    items = [RerankItem(new_rank=int(order[i]), old_rank=c.rank, id=c.id, score=float(score[i]),
                        llm_score=float(llm_score[i]), wins=None if wins is None else float(wins[i]),
                        similarity=c.similarity, text=c.text) for i, c in enumerate(cands)]
    return RerankResult(query=query, method=base + (FUSED if fusion != "none" else ""), fusion=fusion,
                        weight=weight if fusion != "none" else None,
                        items=sorted(items, key=lambda it: it.new_rank), comparisons=comparisons, ties=ties,
                        pair_rule=judge.rule if judge is not None else None,
                        truncated=truncated, usage=meter.usage(calls=calls))
