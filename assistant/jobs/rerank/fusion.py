"""Fusing the LLM's scores with the first-stage (embedding) similarity, per query."""
from __future__ import annotations

import numpy as np

from assistant.core.errors import ConfigError

FUSIONS = ("none", "z", "rrf")
RRF_K = 60  # the usual constant of reciprocal-rank fusion (Cormack et al. 2009)


def zscore(x: np.ndarray) -> np.ndarray:
    if len(x) == 0:
        return x
    sd = float(x.std())
    return (x - x.mean()) / sd if sd > 1e-12 else np.zeros_like(x)


def ranks(score: np.ndarray) -> np.ndarray:
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
        return zscore(similarity) + weight * zscore(llm_score)
    if fusion == "rrf":
        return 1.0 / (RRF_K + np.arange(1, len(similarity) + 1)) + weight / (RRF_K + ranks(llm_score))
    raise ConfigError(f"unknown fusion {fusion!r}", f"use one of: {', '.join(FUSIONS)}")


def similarities(cands) -> np.ndarray:
    """Embedding similarities; without them the first-stage rank stands in (higher is better)."""
    if all(c.similarity is not None for c in cands):
        return np.array([float(c.similarity) for c in cands])
    return -np.array([float(getattr(c, "rank", getattr(c, "old_rank", 0))) for c in cands])
