"""How `auto` chooses fill's method: k-fold cross-validation on the records that have the field.

Each method fills the held-out fold from the other folds. Methods are compared cheapest first, each against the
best so far on the rows both were measured on, and a method must be strictly better to win (a tie keeps the
cheaper one). Pairwise, not on the rows every method saw: those are only the LLM methods' few rows, and on the
products table (bench/results_issue-13.md) all methods tied on those 32 rows while `hybrid` and `learned` differ
only on the rare rows with a value no record has. The methods without an LLM, and `hybrid` (the LLM on those rare
rows only), run every fold; `llm` and `llm-only` take an equal share of `llm_rows` held-out rows from each fold.
Every method that prompts stops when its share of the time budget is spent (read between folds), so the choice
costs a bounded number of prompts. The winner's accuracy over its mean top probability becomes the
scale of the confidence shown.
"""
from __future__ import annotations

import random
import time

from pydantic import BaseModel

from assistant.core.protocols import LLM, Embedder
from assistant.data.ingest import fields_text
from assistant.jobs.fill.candidates import squash
from assistant.jobs.fill.job import NO_LLM, Method, fill_rows
from assistant.jobs.fill.rows import Row

MIN_ROWS = 20  # fewer records with the field than this: no cross-validation, the LLM with neighbours
CHEAP_FIRST = ("learned", "knn", "hybrid", "llm", "llm-only")


class CVScore(BaseModel):
    accuracy: float
    rows: int
    mean_top: float  # the method's mean top probability on the held-out rows
    seconds: float


class Choice(BaseModel):
    method: Method
    scores: dict[str, CVScore]
    folds: int
    compared_on: int  # held-out rows every method was measured on
    note: str


def choose(field: str, known: list[Row], llm: LLM | None, *, methods: tuple[str, ...] | None = None, folds: int = 5,
           budget_s: float = 90.0, llm_rows: int = 32, k: int = 8, shots: int = 8, seed: int = 0,
           embedder: Embedder | None = None) -> Choice:
    """The method with the best cross-validated accuracy on `known`, with every method's score.

    A stored record was embedded with its value in the text, so a held-out record would find its neighbours
    by the very value it must guess: with an embedder, the held-out records are embedded again without it
    (as the records to fill were); without one, the note says the neighbour methods' scores are optimistic."""
    methods = methods or tuple(m for m in CHEAP_FIRST if llm is not None or m in NO_LLM)
    if len(known) < MIN_ROWS:
        fallback = "llm" if llm is not None else "knn"
        return Choice(method=fallback, scores={}, folds=0, compared_on=0,
                      note=f"only {len(known)} record(s) have {field} (cross-validation needs {MIN_ROWS}): "
                           f"using {'the LLM with neighbours' if llm is not None else 'the neighbours vote'}")
    # Folds follow the records' ids, not the order the store returned them in: two ingests of one file gave
    # the demo's knn 0.406 and 0.385 (and a different choice) from the order alone.
    order = sorted(range(len(known)), key=lambda i: str(known[i].id))
    random.Random(seed).shuffle(order)
    fold_of = {i: n % folds for n, i in enumerate(order)}
    hidden = [{k2: v for k2, v in r.fields.items() if k2 != field} for r in known]
    vectors = embedder.embed([fields_text(f) for f in hidden]) if embedder is not None else [r.vector for r in known]
    outcomes: dict[str, dict[int, tuple[bool, float]]] = {}
    seconds: dict[str, float] = {}
    llm_budget = budget_s / max(1, sum(m not in NO_LLM for m in methods))
    for method in methods:
        started, got = time.perf_counter(), {}
        for f in range(folds):
            held = [i for i in order if fold_of[i] == f]
            if method not in NO_LLM and time.perf_counter() - started > llm_budget:
                break
            if method.startswith("llm"):
                room = llm_rows - len(got)
                if room <= 0:
                    break
                held = held[:min(room, -(-llm_rows // folds))]  # a share from each fold; the clock is read between
            rest = [known[i] for i in order if fold_of[i] != f]
            targets = [Row(known[i].id, hidden[i], vectors[i]) for i in held]
            _, _, proposals = fill_rows(field, targets, rest, llm=llm, method=method, k=k, shots=shots,  # type: ignore[arg-type]
                                        with_evidence=False)
            for i, p in zip(held, proposals):
                got[i] = (squash(p.best) == squash(known[i].fields[field]), p.confidence)
        outcomes[method] = got
        seconds[method] = time.perf_counter() - started
    scores = {}
    for m in methods:
        got = outcomes[m]
        scores[m] = CVScore(accuracy=round(sum(ok for ok, _ in got.values()) / max(1, len(got)), 4), rows=len(got),
                            mean_top=round(sum(c for _, c in got.values()) / max(1, len(got)), 4),
                            seconds=round(seconds[m], 2))

    best = pick(methods, {m: {i: ok for i, (ok, _) in got.items()} for m, got in outcomes.items()})
    common = set.intersection(*(set(outcomes[m]) for m in methods))
    return Choice(method=best, scores=scores, folds=folds, compared_on=len(common),
                  note=f"{folds}-fold cross-validation on the {len(known)} records that have {field}: " + ", ".join(
                      f"{m} {s.accuracy:.3f} ({s.rows} rows)" for m, s in scores.items()) + f"; chose {best}"
                       + ("" if embedder is not None else " (no embedder: held-out records kept their stored "
                                                          "vectors, so knn and llm scores are optimistic)"))


def pick(methods: tuple[str, ...], right: dict[str, dict[int, bool]]) -> str:
    """Cheapest first, a costlier method replaces the best so far only when it is right on more of the held-out
    rows both were measured on (`right[method][row]`)."""
    best = methods[0]
    for m in methods[1:]:
        both = set(right[m]) & set(right[best])
        if sum(right[m][i] for i in both) > sum(right[best][i] for i in both):
            best = m
    return best
