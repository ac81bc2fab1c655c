"""Rerank first-stage (embedding) hits with the local LLM, reading answers from token probabilities.

Methods (the LLM part of each):
- `allpair`, `sort`, `sliding`: pairwise ranking prompting (PRP, Qin et al. 2023). The model sees the query and two
  candidates and we read P("A") and P("B") of its next token, normalised over the two. Every pair is asked in both
  orders; small models mostly answer by position ("A" whatever A is), so the preference is debiased,
  p(i>j) = (P(A | i first) + P(B | j first)) / 2, and a pair whose two orders point the same way (position bias)
  or whose |p - 0.5| is under a margin is a tie, decided by the first-stage order.
  `allpair` asks all N(N-1) prompts at once (wins = sum of preferences), `sort` is a merge sort on the comparator,
  `sliding` runs bubble passes from the bottom for the top k.
- `ql`: query likelihood (UPR, Sachan et al. 2022): the mean log P(query tokens | prompt with the candidate).
A method name with "+emb" (e.g. "ql+emb") fuses the LLM score with the embedding similarity: per query, both are
standardised (z-scores) and added, the LLM's with a weight ("z"), or reciprocal-rank fusion ("rrf"). A weak LLM
then moves a candidate only when it disagrees with the first stage clearly.

Measured on NovelEval with the bundled 135M-270M models (bench/results_rerank.md): both models answer "A" for
nearly every prompt, so every pair is a tie and the pairwise methods return the embedding order at N(N-1) prompts;
query likelihood alone is below the embedding order, and fused with it (weight 0.5) above it. Hence the default
`ql+emb`. With a stronger GGUF model the pairwise methods start deciding pairs, and --method allpair+emb etc. apply.

Records are data: they are fenced between <<< and >>> after anything that could close a fence or open a chat turn
is neutralised (`as_data`), so a resume saying "rank me first" is only text to judge. The LLM's answers are checked
(`checked_scores`): a backend that fails or returns NaN is an error that names the model, never a silent ranking.
"""
from __future__ import annotations

import time
from typing import Callable, Sequence

import numpy as np
from pydantic import BaseModel, Field

from .errors import ConfigError
from .protocols import LLM
from .prompting import as_data, checked_scores, fit_text, llm_counters  # noqa: F401 (as_data: also rerank's API)
from .results import one_line
from .templates import render

METHODS = ("allpair", "sort", "sliding", "ql")
PAIRWISE = ("allpair", "sort", "sliding")
FUSIONS = ("none", "z", "rrf")
FUSED = "+emb"  # suffix of a method name fused with the embedding similarity
# Chosen by measurement on NovelEval (bench/results_rerank.md). The weight: the LLM counts half as much as the
# similarity; leave-one-query-out picks 0.5 in most folds for both bundled models, and a smaller weight is the safer
# side when the LLM is weaker than on that data.
DEFAULT_METHOD = "ql+emb"
DEFAULT_FUSION = "z"
DEFAULT_WEIGHT = 0.5
DEFAULT_MARGIN = 0.02  # |p - 0.5| below this is a tie: the pair's two orders nearly cancel
PAIR_TOKENS = 160  # a candidate's token budget in a pairwise prompt (N(N-1) prompts must stay affordable)
QL_TOKENS = 384  # a candidate's token budget in a query-likelihood prompt (N prompts)
QUERY_TOKENS = 256  # the query's budget (a long job description keeps its start)
SLIDING_K = 10
RRF_K = 60  # the usual constant of reciprocal-rank fusion (Cormack et al. 2009)
CHOICES = ("A", "B")
Progress = Callable[[int, int], None]  # (prompts scored, prompts to score)


# ---------------------------------------------------------------- result models

class Candidate(BaseModel):
    """A first-stage hit: its id, text, embedding similarity (if any) and 1-based first-stage rank."""

    id: str
    text: str
    similarity: float | None = None
    rank: int = Field(ge=1)


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


class RerankResult(BaseModel):
    query: str
    method: str = Field(description="e.g. 'ql+emb': the LLM method, fused with the embedding similarity")
    fusion: str = "none"
    weight: float | None = None
    model: str | None = None
    items: list[RerankItem]
    llm_calls: int = Field(0, description="prompts scored")
    comparisons: int = Field(0, description="pairs judged (each in both orders)")
    ties: int = Field(0, description="pairs left to the first-stage order (position bias or low confidence)")
    truncated: int = Field(0, description="candidates cut to the token budget")
    tokens_evaluated: int = 0
    seconds: float = 0.0


class PairExplanation(BaseModel):
    query: str
    first_id: str
    second_id: str
    prompt: str = Field(description="the prompt with the first candidate as A")
    prompt_swapped: str = Field(description="the prompt with the second candidate as A")
    p_a: float = Field(description="P(A) with the first as A, normalised over the two choice tokens")
    p_a_swapped: float = Field(description="P(A) with the second as A")
    choice_mass: float = Field(description="P(A) + P(B) before normalising: the model's mass on the two answers")
    choice_mass_swapped: float
    preference: float = Field(description="debiased p(first better than second)")
    verdict: str = Field(description="first | second | tie (position bias) | tie (low confidence)")


# ---------------------------------------------------------------- prompts

def prompt_style(llm: LLM) -> str:
    """'chat' for a model with a chat template (instruction-tuned), else 'plain' (a base model)."""
    return "chat" if llm.chat_prompt("x") != "x" else "plain"


def pair_prompt(llm: LLM, query: str, first: str, second: str, style: str) -> str:
    """The pairwise prompt (first shown as A); arguments must already be `as_data`."""
    if style == "chat":
        return llm.chat_prompt(render("rerank_pair.j2", query=query, first=first, second=second))
    return render("rerank_pair_plain.j2", query=query, first=first, second=second)


def ql_prompt(llm: LLM, record: str, style: str) -> str:
    """The query-likelihood prompt that the query follows; `record` must already be `as_data`."""
    if style == "chat":
        return llm.chat_prompt(render("rerank_ql.j2", record=record))
    return render("rerank_ql_plain.j2", record=record)


def _after(prompt: str, text: str) -> str:
    """An answer spaced like a word that follows the prompt."""
    return text if not prompt or prompt[-1].isspace() else " " + text


# ---------------------------------------------------------------- pairwise

class PairwiseJudge:
    """Both-order pairwise preferences over one query's candidates (indices in first-stage order), cached.

    `ensure` scores any missing prompts in one `score_sequences` call per first candidate, so prompts that share
    the instruction, the query and candidate A are adjacent and that prefix is evaluated once.
    """

    def __init__(self, llm: LLM, query: str, texts: Sequence[str], *, margin: float = DEFAULT_MARGIN,
                 pair_tokens: int = PAIR_TOKENS, query_tokens: int = QUERY_TOKENS, style: str = "auto",
                 progress: Progress | None = None):
        self.llm = llm
        self.style = prompt_style(llm) if style == "auto" else style
        self.margin = margin
        self.progress = progress
        q, _ = fit_text(llm, query, query_tokens)
        self.query = as_data(q)
        self.texts: list[str] = []
        self.truncated = 0
        for text in texts:
            cut, was_cut = fit_text(llm, text, pair_tokens)
            self.texts.append(as_data(cut))
            self.truncated += was_cut
        self.p_a: dict[tuple[int, int], float] = {}  # (shown as A, shown as B) -> normalised P(A)
        self.mass: dict[tuple[int, int], float] = {}
        self.asked: set[tuple[int, int]] = set()  # unordered pairs some method asked about, as (low, high)
        self.prompts_scored = 0
        self._answers: list[list[int]] | None = None

    def prompt(self, x: int, y: int) -> str:
        return pair_prompt(self.llm, self.query, self.texts[x], self.texts[y], self.style)

    def _answer_tokens(self, prompt: str) -> list[list[int]]:
        if self._answers is None:
            self._answers = [self.llm.tokenize(_after(prompt, c)) for c in CHOICES]
            if self._answers[0] == self._answers[1] or not all(self._answers):
                raise ConfigError(f"the model {getattr(self.llm, 'name', '')!r} cannot tell the answers A and B "
                                  "apart as tokens", "use another model for pairwise reranking, or --method ql")
        return self._answers

    def ensure(self, ordered: Sequence[tuple[int, int]]) -> None:
        """Score the prompts of the given (A, B) index pairs that are not cached yet."""
        missing = sorted({p for p in ordered if p not in self.p_a})
        total, done = len(missing), 0
        while missing:
            x = missing[0][0]
            group = [p for p in missing if p[0] == x]
            missing = missing[len(group):]
            requests = []
            for a, b in group:
                prompt = self.prompt(a, b)
                base = self.llm.prompt_tokens(prompt)
                requests += [(base + ans, len(base)) for ans in self._answer_tokens(prompt)]
            scored = checked_scores(self.llm, requests, "pairwise rerank")
            for k, pair in enumerate(group):
                la, lb = float(scored[2 * k].sum()), float(scored[2 * k + 1].sum())
                top = max(la, lb)
                ea, eb = np.exp(la - top), np.exp(lb - top)
                self.p_a[pair] = float(ea / (ea + eb))
                self.mass[pair] = float(np.exp(la) + np.exp(lb))
            self.prompts_scored += len(group)
            done += len(group)
            if self.progress:
                self.progress(done, total)

    def preference(self, x: int, y: int) -> float:
        """Debiased p(x better than y) from both orders (scores them if needed)."""
        self.ensure([(x, y), (y, x)])
        self.asked.add((min(x, y), max(x, y)))
        return (self.p_a[(x, y)] + 1.0 - self.p_a[(y, x)]) / 2.0

    def verdict(self, x: int, y: int) -> int:
        """+1: x is better, -1: y is better, 0: a tie (the two orders point at one position, or low confidence)."""
        p = self.preference(x, y)
        if (self.p_a[(x, y)] > 0.5) == (self.p_a[(y, x)] > 0.5) or abs(p - 0.5) < self.margin:
            return 0
        return 1 if p > 0.5 else -1

    def effective(self, x: int, y: int) -> float:
        """The preference with ties at 0.5 (what wins add up)."""
        return self.preference(x, y) if self.verdict(x, y) else 0.5

    def before(self, x: int, y: int) -> bool:
        """Whether x goes before y: the LLM's verdict, or the first-stage order on a tie."""
        v = self.verdict(x, y)
        return v > 0 if v else x < y

    @property
    def ties(self) -> int:
        return sum(1 for x, y in self.asked if self.verdict(x, y) == 0)


def _merge_sort(items: list[int], before: Callable[[int, int], bool]) -> list[int]:
    if len(items) <= 1:
        return items
    mid = len(items) // 2
    left, right = _merge_sort(items[:mid], before), _merge_sort(items[mid:], before)
    out = []
    i = j = 0
    while i < len(left) and j < len(right):
        if before(right[j], left[i]):
            out.append(right[j])
            j += 1
        else:  # left first on a tie: the sort is stable in the first-stage order
            out.append(left[i])
            i += 1
    return out + left[i:] + right[j:]


def _sliding(n: int, before: Callable[[int, int], bool], k: int) -> list[int]:
    """Bubble passes from the bottom: pass p carries the best remaining candidate up to position p."""
    order = list(range(n))
    for p in range(min(k, n - 1)):
        for pos in range(n - 1, p, -1):
            if before(order[pos], order[pos - 1]):
                order[pos], order[pos - 1] = order[pos - 1], order[pos]
    return order


def pairwise_scores(judge: PairwiseJudge, method: str, n: int, top_k: int = SLIDING_K) -> tuple[np.ndarray, np.ndarray]:
    """(llm_score, wins) per candidate for a pairwise method; llm_score sorts into the method's order."""
    wins = np.zeros(n)
    if method == "allpair":
        judge.ensure([(x, y) for x in range(n) for y in range(n) if x != y])
        for x in range(n):
            for y in range(x + 1, n):
                p = judge.effective(x, y)
                wins[x] += p
                wins[y] += 1.0 - p
        return wins.copy(), wins
    if method == "sort":
        order = _merge_sort(list(range(n)), judge.before)
    elif method == "sliding":
        order = _sliding(n, judge.before, top_k)
    else:
        raise ConfigError(f"unknown pairwise method {method!r}", f"use one of: {', '.join(PAIRWISE)}")
    for x, y in judge.asked:
        p = judge.effective(x, y)
        wins[x] += p
        wins[y] += 1.0 - p
    score = np.zeros(n)
    for pos, idx in enumerate(order):
        score[idx] = n - pos
    return score, wins


# ---------------------------------------------------------------- query likelihood

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
            requests.append((base + llm.tokenize(_after(prompt, q.strip())), len(base)))
        for k, row in enumerate(checked_scores(llm, requests, "query-likelihood rerank")):
            out[lo + k] = float(row.mean()) if len(row) else 0.0
        if progress:
            progress(min(lo + chunk, len(texts)), len(texts))
    return out, truncated


# ---------------------------------------------------------------- fusion and the job

def parse_method(method: str) -> tuple[str, bool]:
    """'ql+emb' -> ('ql', True); 'sort' -> ('sort', False)."""
    base, fused = (method[: -len(FUSED)], True) if method.endswith(FUSED) else (method, False)
    if base not in METHODS:
        raise ConfigError(f"unknown rerank method {method!r}",
                          f"use one of: {', '.join(METHODS)}, each optionally with {FUSED} (e.g. {DEFAULT_METHOD})")
    return base, fused


def _z(x: np.ndarray) -> np.ndarray:
    if len(x) == 0:
        return x
    sd = float(x.std())
    return (x - x.mean()) / sd if sd > 1e-12 else np.zeros_like(x)


def _ranks(score: np.ndarray) -> np.ndarray:
    """1-based ranks by score, best first; ties keep the given (first-stage) order."""
    order = sorted(range(len(score)), key=lambda i: (-score[i], i))
    ranks = np.empty(len(score))
    ranks[order] = np.arange(1, len(score) + 1)
    return ranks


def fuse(similarity: np.ndarray, llm_score: np.ndarray, fusion: str, weight: float) -> np.ndarray:
    """The final score of candidates given in first-stage order. z: z(sim) + w z(llm); rrf: 1/(60+r_e) + w/(60+r_l)."""
    similarity, llm_score = np.asarray(similarity, dtype=float), np.asarray(llm_score, dtype=float)
    if fusion == "none":
        return llm_score
    if fusion == "z":
        return _z(similarity) + weight * _z(llm_score)
    if fusion == "rrf":
        return 1.0 / (RRF_K + np.arange(1, len(similarity) + 1)) + weight / (RRF_K + _ranks(llm_score))
    raise ConfigError(f"unknown fusion {fusion!r}", f"use one of: {', '.join(FUSIONS)}")


def reorder(result: RerankResult, fusion: str, weight: float = DEFAULT_WEIGHT) -> RerankResult:
    """The same LLM scores fused another way (no LLM call): how the evaluation compares fusions."""
    items = sorted(result.items, key=lambda it: it.old_rank)
    base = parse_method(result.method)[0]
    sims = _similarities(items)
    llm = np.array([it.llm_score if it.llm_score is not None else 0.0 for it in items])
    score = fuse(sims, llm, fusion, weight)
    ranks = _ranks(score)
    new = [it.model_copy(update={"score": float(score[i]), "new_rank": int(ranks[i])}) for i, it in enumerate(items)]
    return result.model_copy(update={"items": sorted(new, key=lambda it: it.new_rank), "fusion": fusion,
                                     "weight": weight if fusion != "none" else None,
                                     "method": base + (FUSED if fusion != "none" else "")})


def _similarities(cands) -> np.ndarray:
    """Embedding similarities; without them the first-stage rank stands in (higher is better)."""
    if all(c.similarity is not None for c in cands):
        return np.array([float(c.similarity) for c in cands])
    return -np.array([float(getattr(c, "rank", getattr(c, "old_rank", 0))) for c in cands])


def rerank(query: str, candidates: Sequence[Candidate], llm: LLM, *, method: str = DEFAULT_METHOD,
           fusion: str | None = None, weight: float | None = None, margin: float = DEFAULT_MARGIN,
           top_k: int = SLIDING_K, pair_tokens: int = PAIR_TOKENS, ql_tokens: int = QL_TOKENS,
           query_tokens: int = QUERY_TOKENS, judge: PairwiseJudge | None = None,
           progress: Progress | None = None) -> RerankResult:
    """Rerank first-stage candidates with the LLM; ties and a flat LLM keep the first-stage order.

    method: allpair | sort | sliding | ql, optionally "+emb" (fused with the similarity: `fusion`, `weight`, default
    z-scores with DEFAULT_WEIGHT). `judge` reuses cached pairwise comparisons of the same query and candidates.
    """
    if not query.strip():
        raise ConfigError("the query is empty", "give the text to rerank for (e.g. a job description file)")
    base, fused = parse_method(method)
    if fusion is None:
        fusion = DEFAULT_FUSION if fused else "none"
    if fusion not in FUSIONS:
        raise ConfigError(f"unknown fusion {fusion!r}", f"use one of: {', '.join(FUSIONS)}")
    weight = DEFAULT_WEIGHT if weight is None else float(weight)
    if top_k < 1:
        raise ConfigError(f"top k must be at least 1, not {top_k}")
    cands = sorted(candidates, key=lambda c: c.rank)
    ids = [c.id for c in cands]
    if len(set(ids)) != len(ids):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise ConfigError(f"candidate id {dup!r} is given twice", "give each candidate once")
    tokens0, _ = llm_counters(llm)
    started = time.perf_counter()
    n = len(cands)
    texts = [c.text for c in cands]
    wins = None
    calls = comparisons = ties = truncated = 0
    if n == 0:
        llm_score = np.zeros(0)
    elif base == "ql":
        llm_score, truncated = ql_scores(llm, query, texts, ql_tokens=ql_tokens, query_tokens=query_tokens,
                                         progress=progress)
        calls = n
    else:
        if judge is None:
            judge = PairwiseJudge(llm, query, texts, margin=margin, pair_tokens=pair_tokens,
                                  query_tokens=query_tokens, progress=progress)
        elif len(judge.texts) != n:
            raise ConfigError("the pairwise judge was built for other candidates")
        judge.asked = set()  # count this method's comparisons, reuse the cache
        scored_before = judge.prompts_scored
        llm_score, wins = pairwise_scores(judge, base, n, top_k)
        comparisons, ties, truncated = len(judge.asked), judge.ties, judge.truncated
        calls = judge.prompts_scored - scored_before
    score = fuse(_similarities(cands), llm_score, fusion, weight)
    ranks = _ranks(score)
    items = [RerankItem(new_rank=int(ranks[i]), old_rank=c.rank, id=c.id, score=float(score[i]),
                        llm_score=float(llm_score[i]), wins=None if wins is None else float(wins[i]),
                        similarity=c.similarity, text=c.text) for i, c in enumerate(cands)]
    tokens1, _ = llm_counters(llm)
    return RerankResult(query=query, method=base + (FUSED if fusion != "none" else ""), fusion=fusion,
                        weight=weight if fusion != "none" else None, model=getattr(llm, "name", None),
                        items=sorted(items, key=lambda it: it.new_rank), llm_calls=calls, comparisons=comparisons,
                        ties=ties, truncated=truncated, tokens_evaluated=tokens1 - tokens0,
                        seconds=round(time.perf_counter() - started, 3))


def candidates_from_hits(hits) -> list[Candidate]:
    """First-stage candidates from search hits (SearchHit: rank, id, similarity, text)."""
    return [Candidate(id=h.id, text=h.text, similarity=h.similarity, rank=h.rank) for h in hits]


def rerank_search(store, embedder, llm: LLM, collection: str, query: str, *, n: int = 20, where: dict | None = None,
                  **options) -> RerankResult:
    """`assistant rerank`: the top n of a collection by embedding similarity, reranked with the LLM."""
    from .search import search

    hits = search(store, embedder, collection, query, k=n, where=where).hits
    return rerank(query, candidates_from_hits(hits), llm, **options)


def explain_pair(query: str, first: Candidate, second: Candidate, llm: LLM, *, margin: float = DEFAULT_MARGIN,
                 pair_tokens: int = PAIR_TOKENS, query_tokens: int = QUERY_TOKENS) -> PairExplanation:
    """One pair in both orders: the rendered prompts, the choice probabilities and the debiased verdict."""
    if not query.strip():
        raise ConfigError("the query is empty", "give the text to rerank for")
    judge = PairwiseJudge(llm, query, [first.text, second.text], margin=margin, pair_tokens=pair_tokens,
                          query_tokens=query_tokens)
    v = judge.verdict(0, 1)
    p = judge.preference(0, 1)
    if v:
        verdict = "first" if v > 0 else "second"
    elif (judge.p_a[(0, 1)] > 0.5) == (judge.p_a[(1, 0)] > 0.5):
        verdict = "tie (position bias)"
    else:
        verdict = "tie (low confidence)"
    return PairExplanation(query=query, first_id=first.id, second_id=second.id, prompt=judge.prompt(0, 1),
                           prompt_swapped=judge.prompt(1, 0), p_a=judge.p_a[(0, 1)], p_a_swapped=judge.p_a[(1, 0)],
                           choice_mass=judge.mass[(0, 1)], choice_mass_swapped=judge.mass[(1, 0)], preference=p,
                           verdict=verdict)
