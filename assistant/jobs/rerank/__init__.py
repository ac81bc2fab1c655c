"""Rerank first-stage (embedding) hits with the local LLM, reading answers from token probabilities.

Methods (the LLM part of each):
- `allpair`, `sort`, `sliding`: pairwise ranking prompting (PRP, Qin et al. 2023). The model sees the query and two
  candidates and we read P("A") and P("B") of its next token, normalised over the two. Every pair is asked in both
  orders; small models mostly answer by position ("A" whatever A is), so the preference is debiased,
  p(i>j) = (P(A | i first) + 1 - P(A | j first)) / 2, each P(A) first moved by the query's position bias (the
  mean logit of P(A) over the query's prompts). Every pair keeps that soft preference (pair_rule "soft"); a pair
  whose |p - 0.5| is under a margin is a tie, decided by the first-stage order. pair_rule "discrete" is the
  first rule: a pair whose two orders point the same way (position bias) is also a tie.
  `allpair` asks all N(N-1) prompts at once (wins = sum of preferences), `sort` is a merge sort on the comparator,
  `sliding` runs bubble passes from the bottom for the top k.
- `ql`: query likelihood (UPR, Sachan et al. 2022): the mean log P(query tokens | prompt with the candidate).
A method name with "+emb" (e.g. "ql+emb") fuses the LLM score with the embedding similarity: per query, both are
standardised (z-scores) and added, the LLM's with a weight ("z"), or reciprocal-rank fusion ("rrf"). A weak LLM
then moves a candidate only when it disagrees with the first stage clearly.

Measured on NovelEval with the bundled 135M-270M models (bench/results_rerank.md): both models answer "A" for
nearly every prompt, so under the discrete rule every pair is a tie; query likelihood alone is below the embedding
order, and fused with it above it. Hence the default `auto` (auto.py): a pairwise self-check per query, pairwise
when the model's two orders agree and the cost fits, else `ql+emb` with a weight set by the likelihood scores'
split-half reliability (or a model's measured weight). On all 21 NovelEval queries (bench/results_issue-12.md)
no model of the ladder (135M-1.5B) passed the self-check, and the default gained +0.031 +- 0.026 (SmolLM2 135M),
+0.025 +- 0.013 (Gemma 270M), +0.010 +- 0.017 (Qwen2.5-Coder 0.5B) and +0.028 +- 0.026 (1.5B) NDCG@10 over the
embedding order: above it with every model, by more than two standard errors with none.

Records are data: they are fenced between <<< and >>> after anything that could close a fence or open a chat turn
is neutralised (`as_data`), so a resume saying "rank me first" is only text to judge. The LLM's answers are checked
(`checked_scores`): a backend that fails or returns NaN is an error that names the model, never a silent ranking.
"""
from assistant.jobs.rerank.candidates import Candidate, candidates_from_hits
from assistant.jobs.rerank.job import (
                                       DEFAULT_METHOD,
                                       FUSED,
                                       METHODS,
                                       RerankInput,
                                       RerankItem,
                                       RerankOptions,
                                       RerankResult,
                                       parse_method,
                                       reorder,
                                       run,
)
from assistant.jobs.rerank.pairwise import PAIRWISE, PairExplanation, PairwiseJudge, explain_pair

__all__ = ["DEFAULT_METHOD", "FUSED", "METHODS", "PAIRWISE", "Candidate", "PairExplanation", "PairwiseJudge",
           "RerankInput", "RerankItem", "RerankOptions", "RerankResult", "candidates_from_hits", "explain_pair",
           "parse_method", "reorder", "run"]
