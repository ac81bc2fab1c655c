"""The `auto` rerank method: pick pairwise or likelihood-plus-embedding for this model and this query, by a
self-check measured at run time, not by a constant fitted on a bench set.

1. Self-check: a few pairs of the first-stage top are asked in both orders. Order consistency is the share whose
   two orders point at the same candidate; a model that answers by position (the 135M-1.5B models on NovelEval:
   P(A) above 0.5 in every order) scores near 0. The same prompts give the measured seconds per prompt.
2. Pairwise (allpair, soft preferences, over the first-stage top `PAIR_DEPTH`) when the model is order-consistent
   (at least `CONSISTENT`) and its estimated cost fits the budget; the rest keep the first-stage order below.
3. Otherwise query likelihood fused with the embedding similarity (z-scores), the LLM's weight set by how
   consistent its scores are on this query (split-half reliability of the query tokens, `likelihood.split_half`):
   weight = W_MAX * reliability, 0 when the scores are noise; a model with a measured weight
   (MEASURED_WEIGHTS) uses that instead.
"""
from __future__ import annotations

from pydantic import BaseModel, Field

from assistant.jobs.rerank.likelihood import QueryLikelihood
from assistant.jobs.rerank.pairwise import PairwiseJudge

AUTO = "auto"
CHECK_PAIRS = 4  # 8 prompts: enough to tell a position-only model (0 of 4) from a consistent one (3-4 of 4)
CONSISTENT = 0.75  # share of checked pairs whose two orders must agree before pairwise is trusted
PAIR_DEPTH = 8  # pairwise reorders the first-stage top 8: 56 prompts, the part of the list NDCG@10 weighs most
PAIR_BUDGET_S = 60.0  # seconds a query's pairwise prompts may take (estimated from the self-check's own speed)
# The LLM's largest weight against the embedding in the z fusion: equal weights, the a-priori reference of
# bench/results_rerank.md, where the NDCG curve over w was flat from 0.25 to 1 for both bundled models.
W_MAX = 1.0
# Models whose measured fallback weight is fixed instead. For each ladder model, leave-one-query-out over all 21
# NovelEval queries chose between the rule and the fixed weight 0.5 (bench/results_issue-12.md); a model gets
# the fixed weight where it won the folds. Rule minus fixed: SmolLM2 135M -0.011 +- 0.013, Qwen2.5-Coder 0.5B
# -0.020 +- 0.018 and 1.5B -0.022 +- 0.023 (the fixed weight in all 21 folds for each), Gemma 270M +0.018 +- 0.008
# (the rule in all 21). Pooled over the four, -0.009 +- 0.012 (paired over the queries): no clear winner, so a
# model nobody measured keeps the rule, which is evidence from its own scores and lets a model whose likelihoods
# are consistent earn up to equal weight with the embedding.
MEASURED_WEIGHTS: dict[str, float] = {"smollm2-135m-instruct": 0.5, "qwen2.5-coder-0.5b": 0.5,
                                      "qwen2.5-coder-1.5b": 0.5}


class RerankChoice(BaseModel):
    """What `auto` chose for a query and the self-check numbers behind it."""

    method: str = Field(description="the method run: allpair (pairwise) or ql+emb")
    weight: float | None = Field(None, description="the LLM's weight in the fusion (ql+emb)")
    reason: str
    order_consistency: float | None = Field(None, description="share of checked pairs whose two orders agree")
    pairs_checked: int = 0
    seconds_per_prompt: float | None = Field(None, description="measured on the self-check's prompts")
    pairwise_prompts: int = Field(0, description="prompts pairwise over the top would take")
    pairwise_seconds: float | None = Field(None, description="their estimated time")
    budget_seconds: float = PAIR_BUDGET_S
    ql_reliability: float | None = Field(None, description="split-half reliability of the likelihood scores")


def check_pairs(depth: int, k: int = CHECK_PAIRS) -> list[tuple[int, int]]:
    """Pairs of the top `depth` from the outside in ((0, d-1), (1, d-2), ...): far apart in the first stage, so
    more likely to differ in relevance, and all inside the top that pairwise would rerank (their prompts reuse)."""
    return [(i, depth - 1 - i) for i in range(min(k, depth // 2))]


def self_check(judge: PairwiseJudge, depth: int, k: int = CHECK_PAIRS) -> tuple[float | None, int, float | None]:
    """(order consistency, pairs checked, seconds per prompt) on a few pairs of the query's top."""
    pairs = check_pairs(depth, k)
    if not pairs:
        return None, 0, None
    judge.ensure([p for x, y in pairs for p in ((x, y), (y, x))])
    consistency = sum(judge.consistent(x, y) for x, y in pairs) / len(pairs)
    per_prompt = judge.seconds / judge.prompts_scored if judge.prompts_scored else None
    return round(consistency, 3), len(pairs), per_prompt


def weight_from(reliability: float | None) -> float:
    """The LLM's fusion weight from the split-half reliability of its scores: W_MAX * clip(reliability, 0, 1)."""
    if reliability is None:
        return 0.0
    return round(W_MAX * min(max(reliability, 0.0), 1.0), 3)


def choose(judge: PairwiseJudge, n: int, *, budget_seconds: float = PAIR_BUDGET_S,
           depth: int = PAIR_DEPTH) -> RerankChoice:
    """Pairwise or not, from the self-check (scores its prompts). The fused weight is set later by `with_weight`."""
    depth = min(depth, n)
    consistency, checked, per_prompt = self_check(judge, depth)
    prompts = depth * (depth - 1)
    cost = None if per_prompt is None else round(per_prompt * (prompts - len(judge.p_a)), 1)
    choice = RerankChoice(method="ql+emb", reason="", order_consistency=consistency, pairs_checked=checked,
                          seconds_per_prompt=None if per_prompt is None else round(per_prompt, 3),
                          pairwise_prompts=prompts, pairwise_seconds=cost, budget_seconds=budget_seconds)
    if consistency is None:
        choice.reason = "too few candidates for a pairwise self-check"
    elif consistency < CONSISTENT:
        choice.reason = (f"order consistency {consistency:.2f} < {CONSISTENT}: the model answers by position, "
                         "so pairwise would add noise")
    elif cost is not None and cost > budget_seconds:
        choice.reason = (f"order-consistent ({consistency:.2f}), but pairwise over the top {depth} would take "
                         f"~{cost:.0f}s > the {budget_seconds:.0f}s budget")
    else:
        choice.method = "allpair"
        choice.reason = (f"order-consistent ({consistency:.2f} >= {CONSISTENT}) and pairwise over the top {depth} "
                         f"fits the budget (~{cost or 0:.0f}s <= {budget_seconds:.0f}s)")
    return choice


def with_weight(choice: RerankChoice, scorer: QueryLikelihood, model: str | None = None) -> RerankChoice:
    """The fallback's fusion weight from the likelihood scores' split-half reliability (scores them if needed),
    or the model's measured weight (MEASURED_WEIGHTS)."""
    reliability = scorer.reliability()
    shown = "unmeasurable" if reliability is None else f"{reliability:.2f}"
    if model in MEASURED_WEIGHTS:
        weight = MEASURED_WEIGHTS[model]
        why = f"; likelihood weight {weight}, measured for {model} (split-half reliability {shown})"
    else:
        weight = weight_from(reliability)
        why = f"; likelihood weight {weight} from its split-half reliability {shown}"
    return choice.model_copy(update={"ql_reliability": reliability, "weight": weight, "reason": choice.reason + why})
