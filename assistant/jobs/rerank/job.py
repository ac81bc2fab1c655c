"""The rerank job: first-stage candidates reordered by the LLM (pairwise or query likelihood), fused with their
similarity or not. The package docstring says what each method does and why the default is what it is."""
from __future__ import annotations

import numpy as np
from pydantic import BaseModel, Field

from assistant.core.errors import ConfigError
from assistant.core.protocols import LLM, Embedder
from assistant.core.results import one_line
from assistant.jobs.contract import JobResult, Meter, Progress, Usage
from assistant.jobs.rerank.candidates import Candidate
from assistant.jobs.rerank.fusion import FUSIONS, fuse, ranks, similarities
from assistant.jobs.rerank.auto import AUTO, PAIR_BUDGET_S, PAIR_DEPTH, RerankChoice, choose, with_weight
from assistant.jobs.rerank.likelihood import QueryLikelihood
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
# The default decides per query (auto.py): pairwise when the model is order-consistent on a self-check and the
# cost fits, else ql+emb with a weight from the likelihood scores' reliability. Forced methods use
# DEFAULT_WEIGHT: on NovelEval leave-one-query-out picked 0.5 in most folds for both bundled models.
DEFAULT_METHOD = AUTO
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
    """How: the method (auto, or allpair | sort | sliding | ql, optionally "+emb"), its fusion and budgets."""

    method: str = DEFAULT_METHOD
    fusion: str | None = Field(None, description="none | z | rrf; None: z for a '+emb' method, else none")
    weight: float | None = Field(None, description="the LLM's weight in the fusion (None: DEFAULT_WEIGHT)")
    margin: float = DEFAULT_MARGIN
    pair_depth: int | None = Field(None, description="pairwise methods rerank only the first-stage top this many "
                                                     "(None: all; auto: 8)")
    pair_budget_s: float = Field(PAIR_BUDGET_S, description="auto: seconds pairwise may take on a query")
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
    choice: RerankChoice | None = Field(None, description="auto: the method and weight it chose, and why")


def parse_method(method: str) -> tuple[str, bool]:
    """'ql+emb' -> ('ql', True); 'sort' -> ('sort', False)."""
    if method == AUTO:
        return AUTO, False
    base, fused = (method[: -len(FUSED)], True) if method.endswith(FUSED) else (method, False)
    if base not in METHODS:
        raise ConfigError(f"unknown rerank method {method!r}",
                          f"use {AUTO} (the default), or one of: {', '.join(METHODS)}, each optionally with {FUSED} "
                          "(e.g. ql+emb)")
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
        progress: Progress | None = None, judge: PairwiseJudge | None = None,
        scorer: QueryLikelihood | None = None) -> RerankResult:
    """Rerank first-stage candidates with the LLM; ties and a flat LLM keep the first-stage order.

    The job contract (jobs/contract.py); progress counts prompts scored. `judge` and `scorer` reuse cached
    pairwise comparisons and likelihood scores of the same query and candidates (the evaluation compares
    methods on one cache).
    """
    opts = options or RerankOptions()
    query = inputs.query
    if not query.strip():
        raise ConfigError("the query is empty", "give the text to rerank for (e.g. a job description file)")
    base, fused = parse_method(opts.method)
    fusion = opts.fusion if opts.fusion is not None else (DEFAULT_FUSION if fused else "none")
    if fusion not in FUSIONS:
        raise ConfigError(f"unknown fusion {fusion!r}", f"use one of: {', '.join(FUSIONS)}")
    if opts.top_k < 1:
        raise ConfigError(f"top k must be at least 1, not {opts.top_k}")
    if opts.pair_depth is not None and opts.pair_depth < 2:
        raise ConfigError(f"pair depth must be at least 2, not {opts.pair_depth}", "leave it out to rank them all")
    cands = sorted(inputs.candidates, key=lambda c: c.rank)
    ids = [c.id for c in cands]
    if len(set(ids)) != len(ids):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise ConfigError(f"candidate id {dup!r} is given twice", "give each candidate once")
    meter = Meter(llm)
    texts = [c.text for c in cands]
    n = len(cands)
    if base == AUTO:
        depth = min(opts.pair_depth or PAIR_DEPTH, n)
        judge = judge or _judge(llm, query, texts[:depth], opts, progress)
        scored_before = judge.prompts_scored
        choice = choose(judge, n, budget_seconds=opts.pair_budget_s, depth=depth)
        ql_prompts = 0
        if choice.method == "allpair":
            inner = opts.model_copy(update={"method": "allpair", "fusion": "none", "pair_depth": depth})
        else:
            scorer = scorer or _scorer(llm, query, texts, opts, progress)
            ql_before = scorer.prompts_scored
            choice = with_weight(choice, scorer, getattr(llm, "name", None))
            ql_prompts = scorer.prompts_scored - ql_before
            inner = opts.model_copy(update={"method": "ql+emb", "fusion": DEFAULT_FUSION, "weight": choice.weight})
        result = _rank(llm, query, cands, inner, judge if choice.method == "allpair" else None, scorer, progress)
        calls = judge.prompts_scored - scored_before + ql_prompts
        return result.model_copy(update={"method": AUTO, "choice": choice, "usage": meter.usage(calls=calls)})
    result = _rank(llm, query, cands, opts, judge, scorer, progress)
    return result.model_copy(update={"usage": meter.usage(calls=result.usage.llm_calls)})


def _judge(llm: LLM, query: str, texts: list[str], opts: RerankOptions, progress) -> PairwiseJudge:
    return PairwiseJudge(llm, query, texts, margin=opts.margin, pair_tokens=opts.pair_tokens,
                         query_tokens=opts.query_tokens, rule=opts.pair_rule, progress=progress)


def _scorer(llm: LLM, query: str, texts: list[str], opts: RerankOptions, progress) -> QueryLikelihood:
    return QueryLikelihood(llm, query, texts, ql_tokens=opts.ql_tokens, query_tokens=opts.query_tokens,
                           progress=progress)


def _rank(llm: LLM, query: str, cands: list[Candidate], opts: RerankOptions, judge: PairwiseJudge | None,
          scorer: QueryLikelihood | None, progress) -> RerankResult:
    """One method (not auto) over the candidates in first-stage order; usage.llm_calls = prompts it scored."""
    base, fused = parse_method(opts.method)
    fusion = opts.fusion if opts.fusion is not None else (DEFAULT_FUSION if fused else "none")
    weight = DEFAULT_WEIGHT if opts.weight is None else float(opts.weight)
    n = len(cands)
    texts = [c.text for c in cands]
    wins = None
    calls = comparisons = ties = truncated = 0
    if n == 0:
        llm_score = np.zeros(0)
    elif base == "ql":
        scorer = scorer or _scorer(llm, query, texts, opts, progress)
        before = scorer.prompts_scored
        llm_score, truncated = scorer.scores(), scorer.truncated
        calls = scorer.prompts_scored - before
    else:
        depth = min(opts.pair_depth or n, n)
        if judge is None:
            judge = _judge(llm, query, texts[:depth], opts, progress)
        elif len(judge.texts) < depth:
            raise ConfigError("the pairwise judge was built for other candidates")
        judge.asked = set()  # count this method's comparisons, reuse the cache
        scored_before = judge.prompts_scored
        top_score, top_wins = pairwise_scores(judge, base, depth, opts.top_k)
        # below the reranked top, the first-stage order stands
        llm_score = np.concatenate([top_score, top_score.min(initial=0.0) - 1.0 - np.arange(n - depth)])
        wins = np.concatenate([top_wins, np.full(n - depth, np.nan)])
        comparisons, ties, truncated = len(judge.asked), judge.ties, judge.truncated
        calls = judge.prompts_scored - scored_before
    score = fuse(similarities(cands), llm_score, fusion, weight)
    order = ranks(score)
    items = [RerankItem(new_rank=int(order[i]), old_rank=c.rank, id=c.id, score=float(score[i]),
                        llm_score=float(llm_score[i]),
                        wins=None if wins is None or np.isnan(wins[i]) else float(wins[i]),
                        similarity=c.similarity, text=c.text) for i, c in enumerate(cands)]
    return RerankResult(query=query, method=base + (FUSED if fusion != "none" else ""), fusion=fusion,
                        weight=weight if fusion != "none" else None,
                        items=sorted(items, key=lambda it: it.new_rank), comparisons=comparisons, ties=ties,
                        pair_rule=judge.rule if judge is not None and base in PAIRWISE else None,
                        truncated=truncated, usage=Usage(llm_calls=calls))
