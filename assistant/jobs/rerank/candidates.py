"""What reranking starts from: first-stage candidates in their first-stage order."""
from __future__ import annotations

from pydantic import BaseModel, Field


class Candidate(BaseModel):
    """A first-stage hit: its id, text, embedding similarity (if any) and 1-based first-stage rank."""

    id: str
    text: str
    similarity: float | None = None
    rank: int = Field(ge=1)


def candidates_from_hits(hits) -> list[Candidate]:
    """First-stage candidates from search hits (SearchHit: rank, id, similarity, text)."""
    return [Candidate(id=h.id, text=h.text, similarity=h.similarity, rank=h.rank) for h in hits]
