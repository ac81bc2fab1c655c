"""2-D projections of a clustering for its map: LDA on the cluster labels, t-SNE, or PCA.

PCA keeps the directions of largest variance, which in sentence embeddings are shared by many clusters: on the
sample applicants it piles six of the twelve clusters onto each other. LDA (linear discriminant analysis fitted on
the cluster labels) keeps the directions that set the clusters apart, costs a second at 100k records and, being
linear, places a query with the same transform. t-SNE separates too but costs minutes and has no transform (the
query goes to the middle of its nearest records). `auto` measures the 2-D silhouette of PCA and LDA on the data in
front of it and keeps the better; bench/results_issue-16-pages.md has the measurements.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from assistant.core.errors import ConfigError

PROJECTIONS = ("auto", "lda", "tsne", "pca")
AXIS_NAMES = {"pca": "PC", "lda": "LD", "tsne": "t-SNE"}
SCORE_SAMPLE = 3000  # 2-D silhouettes are taken on a fixed sample: exact enough to compare, milliseconds to compute
LDA_FIT_MAX = 20_000  # LDA is fitted on a sample this big: the axes barely move, and 100k points cost 5x more
TSNE_MAX = 20_000  # t-SNE on more points takes many minutes on a laptop
QUERY_NEIGHBOURS = 5  # t-SNE places the query at the mean of its nearest records


@dataclass
class Projection:
    points: np.ndarray  # (n, 2)
    query: np.ndarray | None  # (2,) or None
    method: str  # the one used (auto resolved)
    seconds: float
    scores: dict[str, float] = field(default_factory=dict)  # 2-D silhouette of each projection measured

    @property
    def axis(self) -> str:
        return AXIS_NAMES[self.method]


def project_pca(X: np.ndarray, query: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray | None]:
    """Project rows of X (and an optional query vector) onto X's first two principal components.

    Always returns (n, 2) points and a (2,) query point (or None); missing components are zeros,
    so tiny or one-dimensional inputs still plot.
    """
    from sklearn.decomposition import PCA

    X = np.asarray(X, dtype=np.float64)
    points = np.zeros((len(X), 2))
    query2d = np.zeros(2) if query is not None else None
    n_comp = min(2, X.shape[0], X.shape[1]) if X.ndim == 2 else 0
    if n_comp >= 1:
        pca = PCA(n_components=n_comp, random_state=0).fit(X)
        points[:, :n_comp] = pca.transform(X)
        if query is not None:
            query2d[:n_comp] = pca.transform(np.asarray(query, dtype=np.float64).reshape(1, -1))[0]
    return points, query2d


def project_lda(X: np.ndarray, labels: np.ndarray,
                query: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray | None]:
    """The two discriminant axes of the cluster labels (noise points are placed but not fitted on).

    Needs three clusters or more (two give one axis); callers fall back to PCA otherwise.
    """
    from sklearn.discriminant_analysis import LinearDiscriminantAnalysis

    X = np.asarray(X, dtype=np.float64)
    fit = np.flatnonzero(labels >= 0)
    if len(fit) > LDA_FIT_MAX:
        fit = np.sort(np.random.default_rng(0).choice(fit, LDA_FIT_MAX, replace=False))
    lda = LinearDiscriminantAnalysis(n_components=2, solver="svd").fit(X[fit], labels[fit])
    points = lda.transform(X)
    query2d = lda.transform(np.asarray(query, dtype=np.float64).reshape(1, -1))[0] if query is not None else None
    return points, query2d


def project_tsne(X: np.ndarray, query: np.ndarray | None = None, seed: int = 0) -> tuple[np.ndarray, np.ndarray | None]:
    """t-SNE on the first 50 principal components; the query lands at the mean of its nearest records."""
    from sklearn.decomposition import PCA
    from sklearn.manifold import TSNE

    X = np.asarray(X, dtype=np.float32)
    if len(X) > TSNE_MAX:
        raise ConfigError(f"t-SNE on {len(X):,} records would take a long time (the limit is {TSNE_MAX:,})",
                          "use --projection lda or pca")
    reduced = PCA(n_components=min(50, *X.shape), random_state=seed).fit_transform(X) if X.shape[1] > 50 else X
    perplexity = float(min(30, max(2, (len(X) - 1) / 3)))
    points = TSNE(n_components=2, init="pca", perplexity=perplexity, random_state=seed).fit_transform(reduced)
    query2d = None
    if query is not None:
        near = np.argsort(-(X @ np.asarray(query, dtype=np.float32).reshape(-1)))[:QUERY_NEIGHBOURS]
        query2d = points[near].mean(axis=0)
    return points.astype(np.float64), query2d


def separation(points: np.ndarray, labels: np.ndarray, seed: int = 0) -> float | None:
    """Silhouette of the cluster labels in the 2-D picture (on a fixed sample; None when undefined)."""
    from sklearn.metrics import silhouette_score

    keep = labels >= 0
    points, labels = points[keep], labels[keep]
    if not 2 <= len(set(labels.tolist())) <= len(labels) - 1:
        return None
    return float(silhouette_score(points, labels, sample_size=min(len(labels), SCORE_SAMPLE), random_state=seed))


def project(X: np.ndarray, labels, query: np.ndarray | None = None, method: str = "auto",
            seed: int = 0) -> Projection:
    """The clustering in 2-D by `method` (one of PROJECTIONS); LDA with fewer than 3 clusters falls back to PCA."""
    if method not in PROJECTIONS:
        raise ConfigError(f"unknown projection {method!r}", f"use one of: {', '.join(PROJECTIONS)}")
    started = time.perf_counter()
    labels = np.asarray(labels, dtype=int)
    clusters = len(set(labels[labels >= 0].tolist()))
    if method in ("lda", "auto") and clusters < 3:
        method = "pca"
    made: dict[str, tuple[np.ndarray, np.ndarray | None]] = {}
    if method in ("pca", "auto"):
        made["pca"] = project_pca(X, query)
    if method in ("lda", "auto"):
        made["lda"] = project_lda(X, labels, query)
    if method == "tsne":
        made["tsne"] = project_tsne(X, query, seed)
    scores = {name: s for name, (pts, _) in made.items() if (s := separation(pts, labels, seed)) is not None}
    if method == "auto":
        method = max(made, key=lambda name: scores.get(name, -2.0))
    points, query2d = made[method]
    return Projection(points, query2d, method, time.perf_counter() - started, scores)
