"""`assistant eval rerank DATA.jsonl`: reranking quality (NDCG@10) and cost on judged data.

Each line is {"qid", "query", "candidates": [{"docid", "text", "rel"}, ...]} with graded relevance (0, 1, 2, ...).
Per query the candidates are shuffled with the seed (so the "given" order carries no signal), embedded with the
query for the first-stage order, and reranked by each method from that order. Nothing here is language-specific.
"""
from __future__ import annotations

import json
import math
import zlib
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from assistant.core.errors import ConfigError, InputFileError
from assistant.core.protocols import LLM, Embedder
from assistant.data.records import read_lines
from assistant.jobs.rerank import (
    DEFAULT_METHOD,
    FUSED,
    METHODS,
    PAIRWISE,
    Candidate,
    PairwiseJudge,
    RerankInput,
    RerankOptions,
    RerankResult,
    parse_method,
    reorder,
    run,
)
from assistant.jobs.rerank.auto import AUTO, CHECK_PAIRS, PAIR_DEPTH, RerankChoice
from assistant.jobs.rerank.job import DEFAULT_FUSION, DEFAULT_WEIGHT
from assistant.jobs.rerank.likelihood import QueryLikelihood
from assistant.jobs.rerank.pairwise import DEFAULT_PAIR_RULE, SLIDING_K

EVAL_METHODS = (AUTO,) + tuple(m + s for m in METHODS for s in ("", FUSED))
# What `eval rerank` measures unless told otherwise: the default method (auto) and query likelihood alone and fused
# (the baseline auto falls back to; it reuses auto's likelihood scores), beside the baselines "given" and "embedding".
# The pairwise methods cost N(N-1) prompts a query: on 25 queries of 20 long resumes `allpair` alone took hours on
# 2 cores, so they run only when asked for (`--methods all`).
DEFAULT_EVAL_METHODS = (DEFAULT_METHOD, "ql", "ql+emb")
PAIR_WEIGHT = 2.0  # a pairwise prompt holds two candidates: about twice the tokens of a query-likelihood prompt
K = 10


def chosen_methods(methods: Sequence[str] | None) -> list[str]:
    """The methods to run: the default set for None, every method for ["all"]; "given"/"embedding" need no run."""
    if methods is None:
        methods = DEFAULT_EVAL_METHODS
    elif "all" in methods:
        methods = EVAL_METHODS
    return [m for m in methods if m not in ("given", "embedding", "all")]


def prompts_per_query(base: str, n: int, top_k: int = SLIDING_K) -> int:
    """LLM prompts a method scores on one query of n candidates (pairwise: both orders of a pair; sort: its bound)."""
    if n < 2:
        return n if base in ("ql", AUTO) else 0
    if base == "ql":
        return n
    if base == AUTO:  # its self-check, then the larger of its two outcomes (pairwise over the top, or ql)
        depth = min(PAIR_DEPTH, n)
        return 2 * CHECK_PAIRS + max(depth * (depth - 1), n)
    if base == "allpair":
        return n * (n - 1)
    if base == "sort":
        return 2 * (n * math.ceil(math.log2(n)) - 2 ** math.ceil(math.log2(n)) + 1)
    return 2 * sum(n - 1 - p for p in range(min(top_k, n - 1)))  # sliding: one bubble pass per top position


def work_of(base: str, n: int, top_k: int = SLIDING_K) -> float:
    """One method's cost on one query, in query-likelihood prompt units (what the progress bar counts)."""
    if base == AUTO:
        depth = min(PAIR_DEPTH, n)
        return PAIR_WEIGHT * 2 * CHECK_PAIRS + max(PAIR_WEIGHT * depth * (depth - 1), n)
    return prompts_per_query(base, n, top_k) * (PAIR_WEIGHT if base in PAIRWISE else 1.0)


class RerankDoc(BaseModel):
    docid: str
    text: str
    rel: float = 0.0


class RerankQuery(BaseModel):
    qid: str
    query: str
    candidates: list[RerankDoc]
    line: int


class MethodEval(BaseModel):
    model_config = ConfigDict(serialize_by_alias=True, validate_by_name=True)

    method: str
    ndcg_at_10: float = Field(alias="ndcg@10")
    llm_calls: int | None = Field(0, description="prompts scored, all queries")
    llm_calls_per_query: float | None = 0.0
    comparisons_per_query: float = 0.0
    ties_per_query: float = 0.0
    tie_rate: float | None = Field(None, description="pairwise: ties / pairs judged")
    tokens_evaluated: int | None = Field(0, description="None when the comparisons came from another method's cache")
    seconds_per_query: float | None = 0.0
    tokens_per_second: float | None = None
    truncated: int = 0
    shared_comparisons: bool = False


class QueryDetail(BaseModel):
    """One query's raw scores (with details=True), for offline analysis of fusions and margins."""

    qid: str
    docids: list[str] = Field(description="in first-stage (embedding) order")
    rels: list[float]
    similarities: list[float]
    llm_scores: dict[str, list[float]] = Field({}, description="method -> LLM score per candidate (embedding order)")
    ndcg: dict[str, float] = {}
    choice: RerankChoice | None = Field(None, description="what auto chose on this query, and why")
    pair_p_a: list[list[float | None]] | None = Field(
        None, description="[x][y]: normalised P(A) with candidate x shown as A and y as B (embedding order)")


class RerankEval(BaseModel):
    model_config = ConfigDict(serialize_by_alias=True, validate_by_name=True)

    path: str
    queries: int
    skipped_queries: int = Field(0, description="queries without any relevant candidate (NDCG undefined)")
    model: str | None = None
    embedding_model: str | None = None
    shuffled: bool
    seed: int
    ndcg_at_10: dict[str, float] = Field(alias="ndcg@10")
    default_method: str
    llm_calls: int | None = Field(description="prompts the default method scored, all queries (None: not run)")
    llm_calls_per_query: float | None
    tokens_evaluated: int | None
    seconds_per_query: float | None = Field(description="of the default method")
    tokens_per_second: float | None
    methods: dict[str, MethodEval]
    choices: dict[str, str] = Field({}, description="auto, per query id: the method (and weight) it chose")
    choice_reasons: dict[str, str] = Field({}, description="auto, per query id: why (its self-check numbers)")
    per_query: list[QueryDetail] = []


def load_rerank_data(path: str | Path, limit: int | None = None) -> list[RerankQuery]:
    """Judged queries of a JSONL file (the first `limit`); a bad line is an error naming the file and line."""
    path = Path(path)
    lines = read_lines(path)
    fix = 'each line must be {"qid", "query", "candidates": [{"docid", "text", "rel"}, ...]}'
    queries: list[RerankQuery] = []
    problems: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if limit is not None and len(queries) >= limit:
            break
        problem = None
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            obj, problem = None, f"not valid JSON ({exc.msg} at column {exc.colno})"
        if problem is None:
            problem = _check_query(obj)
        if problem:
            problems.append((number, problem))
            continue
        docs = [RerankDoc(docid=str(c["docid"]), text=c["text"], rel=float(c.get("rel") or 0))
                for c in obj["candidates"]]
        queries.append(RerankQuery(qid=str(obj.get("qid", number)), query=obj["query"], candidates=docs, line=number))
    if problems:
        more = f" (and {len(problems) - 1} more bad line(s))" if len(problems) > 1 else ""
        raise InputFileError(str(path), f"line {problems[0][0]}: {problems[0][1]}{more}", fix)
    if not queries:
        raise InputFileError(str(path), "holds no queries", fix)
    return queries


def _check_query(obj) -> str | None:
    if not isinstance(obj, dict):
        return "not a JSON object"
    if not isinstance(obj.get("query"), str) or not obj["query"].strip():
        return 'no "query" text'
    cands = obj.get("candidates")
    if not isinstance(cands, list) or not cands:
        return 'no "candidates" list'
    seen = set()
    for k, c in enumerate(cands):
        if not isinstance(c, dict) or "docid" not in c or not isinstance(c.get("text"), str):
            return f'candidate {k + 1} needs "docid" and "text"'
        rel = c.get("rel", 0)
        if rel is not None and (isinstance(rel, bool) or not isinstance(rel, (int, float))):
            return f'candidate {c["docid"]!r}: "rel" must be a number, not {rel!r}'
        if str(c["docid"]) in seen:
            return f'candidate {c["docid"]!r} is listed twice'
        seen.add(str(c["docid"]))
    return None


def ndcg_at(ranked_rels: Sequence[float], judged_rels: Sequence[float], k: int = K) -> float | None:
    """NDCG@k with gains 2^rel - 1 and a log2(rank + 1) discount; the ideal from all judged candidates.

    None when no candidate is relevant (the ideal DCG is 0).
    """
    def dcg(rels):
        rels = np.asarray(list(rels)[:k], dtype=float)
        return float(((2.0 ** rels - 1.0) / np.log2(np.arange(2, len(rels) + 2))).sum())

    ideal = dcg(sorted(judged_rels, reverse=True))
    return dcg(ranked_rels) / ideal if ideal > 0 else None


class _Tally:
    def __init__(self):
        self.ndcg: list[float] = []
        self.calls = self.comparisons = self.ties = self.truncated = self.tokens = 0
        self.seconds = 0.0
        self.shared = False
        self.runs = 0

    def add(self, r: RerankResult, shared: bool, calls: int | None = None) -> None:
        self.runs += 1
        self.comparisons += r.comparisons
        self.ties += r.ties
        self.truncated += r.truncated
        self.calls += calls if calls is not None else r.usage.llm_calls if not shared else 2 * r.comparisons
        self.shared |= shared
        self.tokens += r.usage.tokens_evaluated
        self.seconds += r.usage.seconds


def evaluate_rerank(path: str | Path, *, llm: LLM | None, embedder: Embedder,
                    methods: Sequence[str] | None = None, limit: int | None = None, seed: int = 0,
                    shuffle: bool = True, details: bool = False, share_comparisons: bool = False,
                    fusion: str = DEFAULT_FUSION, weight: float = DEFAULT_WEIGHT,
                    progress: Callable[[str, int, int], None] | None = None, **options) -> RerankEval:
    """NDCG@10 of the given order, the embedding order and each method, with LLM calls, tokens and seconds.

    methods: names like "ql", "ql+emb", "allpair" (default: DEFAULT_EVAL_METHODS; ["all"]: every method, plain and
    fused; with an LLM the default method is always included; "given" and "embedding" are always reported and need
    no LLM); "+emb" variants use
    `fusion` and `weight`. share_comparisons: pairwise methods of one query reuse each other's comparisons (their
    llm_calls are then the prompts they asked for, and tokens and seconds are not measured for them).
    progress(stage, done, total) in query-likelihood prompt units over all queries (work_of), so that an ETA holds
    across methods whose cost per query differs a hundredfold. options go to `rerank` (margin, top_k, pair_tokens, ql_tokens,
    query_tokens).
    """
    methods = chosen_methods(methods)
    if llm is not None and DEFAULT_METHOD not in methods:
        methods.append(DEFAULT_METHOD)
    parsed = {m: parse_method(m) for m in methods}
    bases = list(dict.fromkeys(b for b, _ in parsed.values()))
    # auto first: it pays for its own prompts (its likelihood scores are then reused by ql); with
    # share_comparisons allpair next: it asks every pair, so its measured cost is whole and the others reuse it
    bases.sort(key=lambda b: (b != AUTO, not share_comparisons or b != "allpair"))
    if bases and llm is None:
        raise ConfigError("the rerank methods need an LLM", "install a model (`assistant models install`)")
    queries = load_rerank_data(path, limit=limit)
    note = progress or (lambda stage, done, total: None)
    top_k = options.get("top_k", SLIDING_K)
    total_work = sum(work_of(b, len(q.candidates), top_k) for q in queries for b in bases) or len(queries)
    work = 0.0
    ndcgs: dict[str, list[float]] = {"given": [], "embedding": []}
    tallies = {m: _Tally() for m in methods}
    per_query: list[QueryDetail] = []
    choices: dict[str, str] = {}
    reasons: dict[str, str] = {}
    skipped = 0
    for qi, q in enumerate(queries):
        docs = list(q.candidates)
        if shuffle:  # seeded by the query's id, so a query is shuffled alike in any subset of the data
            rng = np.random.default_rng([seed, zlib.crc32(q.qid.encode("utf-8"))])
            docs = [docs[i] for i in rng.permutation(len(docs))]
        judged = [d.rel for d in docs]
        vecs = np.asarray(embedder.embed([q.query] + [d.text for d in docs]), dtype=np.float64)
        sims = vecs[1:] @ vecs[0]
        order = sorted(range(len(docs)), key=lambda i: (-sims[i], i))
        cands = [Candidate(id=docs[i].docid, text=docs[i].text, similarity=float(sims[i]), rank=r + 1)
                 for r, i in enumerate(order)]
        rel_of = {d.docid: d.rel for d in docs}
        given = ndcg_at(judged, judged)
        if given is None:
            skipped += 1
            work += sum(work_of(b, len(cands), top_k) for b in bases)
            continue
        ndcgs["given"].append(given)
        ndcgs["embedding"].append(ndcg_at([rel_of[c.id] for c in cands], judged))
        detail = QueryDetail(qid=q.qid, docids=[c.id for c in cands], rels=[rel_of[c.id] for c in cands],
                             similarities=[c.similarity for c in cands],
                             ndcg={"given": ndcgs["given"][-1], "embedding": ndcgs["embedding"][-1]})
        judges: dict[str, PairwiseJudge] = {}
        scorer = QueryLikelihood(llm, q.query, [c.text for c in cands],
                                 **{k: v for k, v in options.items() if k in ("ql_tokens", "query_tokens")}) \
            if llm is not None else None
        judge_options = {k: v for k, v in options.items() if k in ("margin", "pair_tokens", "query_tokens")}
        judge_options["rule"] = options.get("pair_rule", DEFAULT_PAIR_RULE)
        for base in bases:
            start, judge, shared, calls = work, None, False, None
            if base == AUTO:
                judge = PairwiseJudge(llm, q.query, [c.text for c in cands], **judge_options)
            elif base in PAIRWISE:
                if share_comparisons and judges:
                    judge, shared = next(iter(judges.values())), True
                else:
                    judge = PairwiseJudge(llm, q.query, [c.text for c in cands], **judge_options)
                judges[base] = judge
            elif scorer.scored:  # ql on the scores auto already paid for: count its prompts, not its time
                shared, calls = True, len(cands)
            marks = (judge.prompts_scored if judge else 0, scorer.prompts_scored if scorer else 0)

            def step(*_, base=base, start=start, judge=judge, marks=marks) -> None:
                """Progress in query-likelihood prompt units: pairwise prompts weigh PAIR_WEIGHT each."""
                nonlocal work
                done = (PAIR_WEIGHT * (judge.prompts_scored - marks[0]) if judge else 0.0) + \
                    (scorer.prompts_scored - marks[1] if scorer else 0.0)
                work = min(start + done, start + work_of(base, len(cands), top_k))
                note(base, min(work, total_work), total_work)

            for part in (judge, scorer):
                if part is not None:
                    part.progress = step
            note(base, min(work, total_work), total_work)
            result = run(llm, RerankInput(query=q.query, candidates=cands),
                         RerankOptions(method=base, fusion=None if base == AUTO else "none", **options),
                         judge=judge, scorer=scorer)
            work = start + work_of(base, len(cands), top_k)
            detail.llm_scores[base] = [it.llm_score for it in sorted(result.items, key=lambda it: it.old_rank)]
            if result.choice is not None:
                detail.choice = result.choice
            for name, (b, fused) in parsed.items():
                if b != base:
                    continue
                r = reorder(result, fusion, weight) if fused else result
                value = ndcg_at([rel_of[it.id] for it in r.items], judged)
                tallies[name].ndcg.append(value)
                tallies[name].add(result, shared, calls)
                detail.ndcg[name] = value
        if detail.choice is not None:
            c = detail.choice
            choices[q.qid] = c.method + (f" (w={c.weight})" if c.weight is not None else "")
            reasons[q.qid] = c.reason
        if details:
            if judges:
                richest = max(judges.values(), key=lambda j: len(j.p_a))
                n = len(cands)
                detail.pair_p_a = [[richest.p_a.get((x, y)) for y in range(n)] for x in range(n)]
            per_query.append(detail)
        note("done", min(work, total_work), total_work)
    evaluated = len(queries) - skipped
    if evaluated == 0:
        raise InputFileError(str(path), "no query has a relevant candidate (every rel is 0)",
                             "give graded relevance (rel > 0) for the relevant candidates")
    stats = {m: _method_eval(m, t, evaluated) for m, t in tallies.items()}
    default = stats.get(DEFAULT_METHOD) or MethodEval(method=DEFAULT_METHOD, ndcg_at_10=0.0, llm_calls=None,
                                                      llm_calls_per_query=None, tokens_evaluated=None,
                                                      seconds_per_query=None)
    ndcg = {"given": _mean(ndcgs["given"]), "embedding": _mean(ndcgs["embedding"])}
    ndcg.update({m: s.ndcg_at_10 for m, s in stats.items()})
    return RerankEval(path=str(path), queries=evaluated, skipped_queries=skipped, model=getattr(llm, "name", None),
                      embedding_model=getattr(embedder, "name", None), shuffled=shuffle, seed=seed,
                      ndcg_at_10=ndcg, default_method=DEFAULT_METHOD, llm_calls=default.llm_calls,
                      llm_calls_per_query=default.llm_calls_per_query, tokens_evaluated=default.tokens_evaluated,
                      seconds_per_query=default.seconds_per_query, tokens_per_second=default.tokens_per_second,
                      methods=stats, choices=choices, choice_reasons=reasons, per_query=per_query)


def _mean(values: Sequence[float]) -> float:
    return round(float(np.mean(values)), 4) if values else 0.0


def _method_eval(name: str, t: _Tally, queries: int) -> MethodEval:
    measured = not t.shared
    return MethodEval(
        method=name, ndcg_at_10=_mean(t.ndcg), llm_calls=t.calls, llm_calls_per_query=round(t.calls / queries, 1),
        comparisons_per_query=round(t.comparisons / queries, 1), ties_per_query=round(t.ties / queries, 1),
        tie_rate=round(t.ties / t.comparisons, 3) if t.comparisons else None,
        tokens_evaluated=t.tokens if measured else None,
        seconds_per_query=round(t.seconds / queries, 3) if measured else None,
        tokens_per_second=round(t.tokens / t.seconds, 1) if measured and t.seconds > 0 else None,
        truncated=t.truncated, shared_comparisons=t.shared)
