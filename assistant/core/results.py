"""Typed results of every job; `--json` prints them as they are."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


def one_line(text: str | None) -> str:
    """A record's document on one line: its non-empty lines joined with ' | '."""
    return " | ".join(line.strip() for line in (text or "").splitlines() if line.strip())


class Skipped(BaseModel):
    row: int
    reason: str


class IngestSummary(BaseModel):
    collection: str
    path: str
    format: str
    encoding: str | None = None
    records_read: int
    stored: int = Field(description="records embedded and written (new or changed text)")
    updated_metadata: int = Field(0, description="records whose fields changed but text did not (no re-embedding)")
    unchanged: int = Field(0, description="records already stored as they are (re-ingest is a no-op)")
    skipped: list[Skipped] = []
    truncated: int = Field(0, description="texts longer than the embedder's window, truncated for embedding")
    stale: int = Field(0, description="records from an earlier version of this file that it no longer holds")
    pruned: int = 0
    collection_size: int = 0
    embedding_model: str
    template: str
    seconds: float = 0.0


class SearchHit(BaseModel):
    rank: int
    id: str
    similarity: float
    text: str
    metadata: dict[str, Any]

    @property
    def preview(self) -> str:
        return one_line(self.text)


class SearchResult(BaseModel):
    collection: str
    query: str
    k: int
    where: dict[str, Any] | None = None
    cluster: int | None = Field(None, description="the query's cluster when --in-cluster was used")
    hits: list[SearchHit]


class FieldStat(BaseModel):
    """One field inside one cluster: a mean for numbers, the most frequent values for categories."""

    field: str
    kind: str  # "numeric" | "categorical"
    mean: float | None = None
    top: list[tuple[str, int]] = []
    missing: int = 0


class Representative(BaseModel):
    id: str
    similarity: float
    preview: str


class ClusterSummary(BaseModel):
    cluster: int
    size: int
    share: float
    fields: list[FieldStat]
    representatives: list[Representative]


class ClusterReport(BaseModel):
    collection: str
    method: str  # kmeans | hdbscan
    encoding: str  # embedding | onehot
    k: int
    silhouette: float | None = Field(None, description="silhouette in the space that was clustered: cosine for embeddings, euclidean for onehot")
    k_scores: dict[int, float] = Field({}, description="silhouette for each k tried by -k auto")
    noise: int = 0
    n_records: int
    clusters: list[ClusterSummary]
    importances: dict[str, float] = Field({}, description="field -> importance for predicting the cluster")
    importance_accuracy: float | None = Field(None, description="cross-validated accuracy of that model")
    text_fields: list[str] = Field([], description="free-text fields left out of stats and importances")
    written_to: str = Field("_cluster", description="metadata key the cluster ids were written to")
    plot: str | None = None
    html: str | None = None
    projection: str | None = Field(None, description="the 2-D projection of the plot/map: lda, tsne or pca")
    projection_scores: dict[str, float] = Field({}, description="2-D silhouette of each projection measured")
