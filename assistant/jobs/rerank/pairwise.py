"""Pairwise ranking prompting (PRP, Qin et al. 2023): both orders of every pair asked, read from token probabilities."""
from __future__ import annotations

import time
from typing import Callable, Sequence

import numpy as np
from pydantic import BaseModel, Field

from assistant.core.errors import ConfigError
from assistant.core.protocols import LLM
from assistant.jobs.contract import Progress
from assistant.jobs.prompting import as_data, checked_scores, fit_text
from assistant.jobs.rerank.candidates import Candidate
from assistant.jobs.rerank.prompts import CHOICES, PAIR_TOKENS, QUERY_TOKENS, after, pair_prompt, prompt_style

PAIRWISE = ("allpair", "sort", "sliding")
DEFAULT_MARGIN = 0.02  # |p - 0.5| below this is a tie: the pair's two orders nearly cancel
# soft: every pair keeps its debiased preference, after the query's position bias is taken out in logit space;
# discrete: the first rule, where a pair whose two orders point at one position is a tie. With the 1.5B model P(A)
# was 0.49-0.63 in every order, so the discrete rule made every pair a tie and dropped a preference that was right.
PAIR_RULES = ("soft", "discrete")
DEFAULT_PAIR_RULE = "soft"
SLIDING_K = 10


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


class PairwiseJudge:
    """Both-order pairwise preferences over one query's candidates (indices in first-stage order), cached.

    `ensure` scores any missing prompts in one `score_sequences` call per first candidate, so prompts that share
    the instruction, the query and candidate A are adjacent and that prefix is evaluated once.
    """

    def __init__(self, llm: LLM, query: str, texts: Sequence[str], *, margin: float = DEFAULT_MARGIN,
                 pair_tokens: int = PAIR_TOKENS, query_tokens: int = QUERY_TOKENS, style: str = "auto",
                 rule: str = DEFAULT_PAIR_RULE, progress: Progress | None = None):
        if rule not in PAIR_RULES:
            raise ConfigError(f"unknown pair rule {rule!r}", f"use one of: {', '.join(PAIR_RULES)}")
        self.llm = llm
        self.rule = rule
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
        self.seconds = 0.0  # wall time spent scoring prompts: the measured cost per prompt of this query
        self._answers: list[list[int]] | None = None

    def prompt(self, x: int, y: int) -> str:
        return pair_prompt(self.llm, self.query, self.texts[x], self.texts[y], self.style)

    def _answer_tokens(self, prompt: str) -> list[list[int]]:
        if self._answers is None:
            self._answers = [self.llm.tokenize(after(prompt, c)) for c in CHOICES]
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
            started = time.perf_counter()
            scored = checked_scores(self.llm, requests, "pairwise rerank")
            self.seconds += time.perf_counter() - started
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

    def bias(self) -> float:
        """The query's position bias: the mean logit of P(A) over every prompt scored so far (0: none)."""
        if not self.p_a:
            return 0.0
        return float(np.mean([_logit(p) for p in self.p_a.values()]))

    def calibrated(self, x: int, y: int) -> float:
        """P(A) with x shown as A, its logit moved by the query's position bias (soft rule), or as read (discrete).

        Centering in logit space, not in probability: a model that says A at 0.93 everywhere has its differences
        squeezed near 1, and subtracting the mean probability would cancel out of the debiased preference anyway.
        """
        p = self.p_a[(x, y)]
        return p if self.rule == "discrete" else _sigmoid(_logit(p) - self.bias())

    def preference(self, x: int, y: int) -> float:
        """Debiased p(x better than y) from both orders: (P(A | x, y) + 1 - P(A | y, x)) / 2, calibrated."""
        self.ensure([(x, y), (y, x)])
        self.asked.add((min(x, y), max(x, y)))
        return (self.calibrated(x, y) + 1.0 - self.calibrated(y, x)) / 2.0

    def consistent(self, x: int, y: int) -> bool:
        """Whether the two orders point at the same candidate (as read, before any calibration)."""
        self.ensure([(x, y), (y, x)])
        return (self.p_a[(x, y)] > 0.5) != (self.p_a[(y, x)] > 0.5)

    def verdict(self, x: int, y: int) -> int:
        """+1: x is better, -1: y is better, 0: a tie (low confidence; discrete rule: also both orders on one side)."""
        p = self.preference(x, y)
        if abs(p - 0.5) < self.margin or (self.rule == "discrete" and not self.consistent(x, y)):
            return 0
        return 1 if p > 0.5 else -1

    def effective(self, x: int, y: int) -> float:
        """What wins add up: the soft preference itself, or with the discrete rule 0.5 for a tie."""
        if self.rule == "soft":
            return self.preference(x, y)
        return self.preference(x, y) if self.verdict(x, y) else 0.5

    def before(self, x: int, y: int) -> bool:
        """Whether x goes before y: the LLM's verdict, or the first-stage order on a tie."""
        v = self.verdict(x, y)
        return v > 0 if v else x < y

    @property
    def ties(self) -> int:
        return sum(1 for x, y in self.asked if self.verdict(x, y) == 0)


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1.0 - 1e-6)
    return float(np.log(p / (1.0 - p)))


def _sigmoid(z: float) -> float:
    return float(1.0 / (1.0 + np.exp(-z)))


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


def explain_pair(query: str, first: Candidate, second: Candidate, llm: LLM, *, margin: float = DEFAULT_MARGIN,
                 pair_tokens: int = PAIR_TOKENS, query_tokens: int = QUERY_TOKENS,
                 rule: str = "discrete") -> PairExplanation:
    """One pair in both orders: the rendered prompts, the choice probabilities and the debiased verdict."""
    if not query.strip():
        raise ConfigError("the query is empty", "give the text to rerank for")
    # one pair alone gives no query-wide position bias to calibrate on, so the default reads it as asked
    judge = PairwiseJudge(llm, query, [first.text, second.text], margin=margin, pair_tokens=pair_tokens,
                          query_tokens=query_tokens, rule=rule)
    v = judge.verdict(0, 1)
    p = judge.preference(0, 1)
    if v:
        verdict = "first" if v > 0 else "second"
    elif not judge.consistent(0, 1):
        verdict = "tie (position bias)"
    else:
        verdict = "tie (low confidence)"
    return PairExplanation(query=query, first_id=first.id, second_id=second.id, prompt=judge.prompt(0, 1),
                           prompt_swapped=judge.prompt(1, 0), p_a=judge.p_a[(0, 1)], p_a_swapped=judge.p_a[(1, 0)],
                           choice_mass=judge.mass[(0, 1)], choice_mass_swapped=judge.mass[(1, 0)], preference=p,
                           verdict=verdict)
