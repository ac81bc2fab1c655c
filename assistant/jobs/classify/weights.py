"""How much the classify ensemble trusts each of its parts, measured on the batch itself, without gold labels.

A fixed equal weight holds a strong part back when the other is weak: on Chinese reviews the English embedding
part is noise and the equal ensemble scored below the majority class (issue 12). So each part is weighed by
evidence in front of it:
- a part outside its language (the English-only embedding model on, say, Chinese text) gets no weight;
- a part whose predictions collapse onto one label (COLLAPSE_SHARE of the batch or more) gets no weight;
- otherwise each part's reliability is estimated from how its predictions agree with the others' (one-coin
  Dawid-Skene, solved in closed form as in the triplet method of Fu et al. 2020, "Fast and Three-rious"): with
  c_i = how far part i's accuracy is above chance (0 = chance, 1 = always right), two parts whose errors are
  independent agree above chance by kappa_ij = c_i * c_j. Two parts give one equation; the third voter is each
  text's NEIGHBOURS nearest texts (by their vectors) voting with the LLM's labels, so
  c_llm^2 = kappa(llm, emb) * kappa(llm, nbr) / kappa(emb, nbr), and likewise for the embedding. The neighbours
  vote with the LLM's labels because the embedding's errors are smooth in the vector space (a text's neighbours
  share them), so a vote of its own labels, or of an ensemble holding them, agrees with it beyond its accuracy
  (measured: it took all the weight from a better LLM on German tickets); the LLM reads each text on its own.
  The estimate still leans toward the LLM where its errors cluster by topic. A part near chance (c below
  NEAR_CHANCE of the best part's) gets no weight; the rest get the log-odds of their estimated accuracy, the
  weight that is optimal for independent voters.
Batches smaller than MIN_ITEMS are too small to measure collapse or agreement on: their parts keep equal weights
(the language check still applies).
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
from pydantic import BaseModel, Field

from assistant.jobs.classify.scorers import TRANSDUCTIVE_MIN_ITEMS

MIN_ITEMS = TRANSDUCTIVE_MIN_ITEMS  # agreement on fewer texts is too noisy to weigh by
COLLAPSE_SHARE = 0.85  # one label taking this share of the batch's predictions: the part no longer discriminates
NEAR_CHANCE = 0.5  # a part whose reliability is below this fraction of the best part's is dropped
NEIGHBOURS = 10
MAX_ACCURACY = 0.99  # caps the log-odds: a part estimated perfect must not silence the others


class Weighting(BaseModel):
    """The weights the ensemble gave its parts (they sum to 1) and why, for the result and --json."""

    weights: dict[str, float]
    reasons: dict[str, str] = Field(description="part -> why it got its weight")
    reliability: dict[str, float] = Field(default_factory=dict,
                                          description="part -> estimated accuracy above chance (0 chance, 1 perfect)")
    agreement: float | None = Field(None, description="the parts' agreement beyond chance (Cohen's kappa)")


def kappa(a: np.ndarray, b: np.ndarray, k: int) -> float:
    """Cohen's kappa of two label vectors: agreement beyond what their label shares give by chance."""
    observed = float((a == b).mean())
    chance = float((np.bincount(a, minlength=k) / len(a)) @ (np.bincount(b, minlength=k) / len(b)))
    return (observed - chance) / (1.0 - chance) if chance < 1.0 else 0.0


def neighbour_vote(vectors: np.ndarray, labels: np.ndarray, k: int, n: int = NEIGHBOURS) -> np.ndarray:
    """Each text's label by a vote of its n nearest other texts (cosine of the vectors)."""
    v = np.asarray(vectors, dtype=np.float64)
    v = v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)
    sims = v @ v.T
    np.fill_diagonal(sims, -np.inf)
    n = min(n, len(labels) - 1)
    nearest = np.argpartition(-sims, n - 1, axis=1)[:, :n]
    votes = np.zeros((len(labels), k))
    np.add.at(votes, (np.repeat(np.arange(len(labels)), n), labels[nearest].ravel()), 1.0)
    return votes.argmax(axis=1)


def reliabilities(predictions: dict[str, np.ndarray], reference: np.ndarray, k: int) -> dict[str, float]:
    """Each of two parts' accuracy above chance, from their agreements with each other and with the reference."""
    a, b = list(predictions)
    floor = 1e-3  # a kappa at or below chance carries no information: keep the ratios finite
    ab = max(kappa(predictions[a], predictions[b], k), floor)
    ar = max(kappa(predictions[a], reference, k), floor)
    br = max(kappa(predictions[b], reference, k), floor)
    return {a: float(min(1.0, np.sqrt(ab * ar / br))), b: float(min(1.0, np.sqrt(ab * br / ar)))}


def log_odds_weight(c: float, k: int) -> float:
    """The log-odds of a part's accuracy (from c, its accuracy above chance among k labels): its voting weight."""
    accuracy = min(MAX_ACCURACY, (1.0 + (k - 1) * c) / k)
    return max(0.0, float(np.log(accuracy * (k - 1) / (1.0 - accuracy))))


def weigh_parts(parts: dict[str, np.ndarray], vectors: np.ndarray | None, *,
                excluded: dict[str, str] | None = None, voter: str | None = None) -> Weighting:
    """Weights for the parts' logits (name -> texts x labels), from the batch alone.

    excluded: part -> why it gets no weight whatever the batch says (e.g. outside its language). voter: the part
    whose labels each text's neighbours vote with (default: the first part).
    """
    excluded = dict(excluded or {})
    names = list(parts)
    n, k = next(iter(parts.values())).shape
    predictions = {name: np.asarray(parts[name]).argmax(axis=1) for name in names}
    reasons: dict[str, str] = {}
    for name in names:
        if name in excluded:
            reasons[name] = excluded[name]
            continue
        share = float(np.bincount(predictions[name], minlength=k).max()) / max(1, n)
        if n >= MIN_ITEMS and share >= COLLAPSE_SHARE:  # a few texts may well share one label
            reasons[name] = f"collapsed: {share:.0%} of its predictions are one label"
    live = [name for name in names if name not in reasons]
    result = Weighting(weights={name: 0.0 for name in names}, reasons=reasons)
    if len(names) == 2 and n >= 2:
        result.agreement = round(kappa(predictions[names[0]], predictions[names[1]], k), 4)
    if not live:  # every part failed a check: keep those that can read the text, alike
        kept = [name for name in names if name not in excluded] or names
        for name in kept:
            result.weights[name] = 1.0 / len(kept)
            result.reasons[name] = reasons[name] + " (every part failed a check: kept)"
        return result
    if len(live) == 1:
        result.weights[live[0]] = 1.0
        result.reasons[live[0]] = "the only reliable part"
        return result
    if len(live) != 2 or n < MIN_ITEMS or vectors is None:
        for name in live:
            result.weights[name] = 1.0 / len(live)
            result.reasons.setdefault(name, f"equal weight (agreement is measured on {MIN_ITEMS}+ texts)"
                                      if n < MIN_ITEMS else "equal weight")
        return result
    reference = neighbour_vote(vectors, predictions[voter or names[0]], k)
    c = reliabilities({name: predictions[name] for name in live}, reference, k)
    result.reliability = {name: round(value, 4) for name, value in c.items()}
    best = max(c.values())
    raw = {}
    for name in live:
        if c[name] < NEAR_CHANCE * best:
            raw[name] = 0.0
            result.reasons[name] = (f"near chance: reliability {c[name]:.2f} against {best:.2f} of the best part "
                                    f"(from the agreements)")
        else:
            raw[name] = log_odds_weight(c[name], k)
            result.reasons[name] = f"reliability {c[name]:.2f} (from the agreements)"
    total = sum(raw.values())
    for name in live:
        result.weights[name] = round(raw[name] / total, 4) if total > 0 else 1.0 / len(live)
    return result


def weighted_ensemble(parts: Sequence[np.ndarray], weights: Sequence[float]) -> np.ndarray:
    """Weighted mean of standardised logits, rescaled to the mean spread of the weighted parts."""
    from assistant.jobs.classify.scorers import standardise

    weights = np.asarray(weights, dtype=np.float64)
    if weights.sum() <= 0:
        weights = np.ones(len(parts))
    spreads = [float(np.sqrt(((p - p.mean(axis=1, keepdims=True)) ** 2).mean())) for p in parts]
    mixed = sum(w * standardise(p) for w, p in zip(weights, parts)) / weights.sum()
    return mixed * float(np.average(spreads, weights=weights))
