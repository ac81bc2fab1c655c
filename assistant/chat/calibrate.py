"""Fitting a routing policy on labelled requests, and measuring it on requests the fit never saw.

A policy (route.Policy) is the embedding's weight in the averaged probability and the level at which the chat
acts. `fit` picks, on labelled rows, the pair that routes the most requests right while acting on the wrong
tool at most `(n + 1) * target - 1` times (the +1 keeps a small set from promising an error rate it cannot show:
on 50 requests and a 5% target, one wrong action at most). `leave_one_out` fits on all rows but one and
decides that one, for every row: the honest number for a policy tuned on the same set.

A row is {"emb": {tool: p}, "llm": {tool: p}, "expected": tool}; "llm" may be empty (no model).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from assistant.chat.route import Policy, decide

WEIGHTS = tuple(round(w, 1) for w in np.linspace(0.0, 1.0, 11))  # the embedding's share; 1.0: the LLM does not vote


@dataclass
class Outcome:
    """What a policy does on a set of requests: right (acted on the expected tool), wrong (acted on another),
    asked (unsure: asked which of the two likeliest tools), and asked with the right tool among the two."""

    right: int = 0
    wrong: int = 0
    asked: int = 0
    asked_offered_right: int = 0

    @property
    def n(self) -> int:
        return self.right + self.wrong + self.asked

    def add(self, row: dict, policy: Policy) -> None:
        route = decide(row["emb"], row["llm"], policy)
        if route.sure:
            if route.tool == row["expected"]:
                self.right += 1
            else:
                self.wrong += 1
        else:
            self.asked += 1
            self.asked_offered_right += row["expected"] in (route.tool, *route.runners_up(1))

    def rates(self) -> dict[str, float]:
        n = max(self.n, 1)
        return {"right": round(self.right / n, 3), "wrong_and_acted": round(self.wrong / n, 3),
                "asked": round(self.asked / n, 3), "asked_offered_right": round(self.asked_offered_right / n, 3),
                "n": self.n}


def evaluate(rows: Sequence[dict], policy: Policy) -> Outcome:
    out = Outcome()
    for row in rows:
        out.add(row, policy)
    return out


def fit(rows: Sequence[dict], target: float = 0.05, weights: Sequence[float] = WEIGHTS) -> Policy:
    """The (weight, level) that routes the most rows right within the wrong-action allowance; ties go to fewer
    wrong actions, then to the higher level (more cautious), then to the larger embedding weight."""
    allowed = (len(rows) + 1) * target - 1
    has_llm = any(row["llm"] for row in rows)
    best: tuple | None = None
    for w in (map(float, weights) if has_llm else (1.0,)):
        tops = []
        for row in rows:
            route = decide(row["emb"], row["llm"], Policy(w, 2.0))
            tops.append((route.scores[route.tool], route.tool == row["expected"]))
        tops.sort(key=lambda t: -t[0])
        right = wrong = 0
        candidates = [(0, 0, 1.01)]  # acting on nothing
        for i, (p, ok) in enumerate(tops):  # acting on every row whose probability is at least p
            right, wrong = right + ok, wrong + (not ok)
            if i + 1 < len(tops) and tops[i + 1][0] == p:
                continue
            candidates.append((right, wrong, p))
        for right, wrong, level in candidates:
            if wrong > max(allowed, 0):
                continue
            key = (right, -wrong, level, w)
            if best is None or key > best[0]:
                best = (key, Policy(w, round(float(level), 4)))
    assert best is not None  # acting on nothing is always allowed
    return best[1]


def leave_one_out(rows: Sequence[dict], target: float = 0.05) -> tuple[Outcome, list[Policy]]:
    """Each row decided by the policy fitted on all the others; the policies fitted, one per row."""
    out, policies = Outcome(), []
    for i, row in enumerate(rows):
        policy = fit([r for j, r in enumerate(rows) if j != i], target)
        policies.append(policy)
        out.add(row, policy)
    return out, policies


def fit_checked(rows: Sequence[dict], target: float = 0.05,
                allowances: Sequence[float] = (0.05, 0.04, 0.03, 0.02)
                ) -> tuple[Policy, Outcome, float, list[Policy]]:
    """`fit` with the loosest allowance whose leave-one-out wrong-action rate stays within `target`: a fit that
    keeps its promise on the rows it was fitted on may still break it on the next one (a larger model's
    scores spread wider). Returns the policy fitted on all rows, the leave-one-out outcome, the allowance and
    the leave-one-out policies (one per row, to break the outcome down).
    (The leave-one-out outcome is then slightly optimistic: the allowance was chosen looking at it.)"""
    tried = None
    for allowance in allowances:
        loo, policies = leave_one_out(rows, allowance)
        tried = (fit(rows, allowance), loo, allowance, policies)
        if loo.wrong <= target * len(rows):
            return tried
    assert tried is not None
    return tried
