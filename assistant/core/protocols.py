"""The small interfaces the jobs depend on, so each backend can be swapped for a fake in tests."""
from __future__ import annotations

from typing import Any, Protocol, Sequence, runtime_checkable

import numpy as np

from assistant.core.jsongen import Generation, JsonRequest


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into unit-length vectors."""

    name: str  # recorded on collections; two embedders with the same name must give the same vectors

    @property
    def dimension(self) -> int: ...

    @property
    def max_tokens(self) -> int: ...

    def count_over_window(self, texts: Sequence[str]) -> int:
        """How many of the texts are longer than the model's window (and will be truncated)."""
        ...

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """float32 array of shape (len(texts), dimension), L2-normalised."""
        ...


@runtime_checkable
class Store(Protocol):
    """A persistent vector store of collections of (id, vector, document, metadata)."""

    def list_collections(self) -> list[str]: ...

    def collection_info(self, name: str) -> dict[str, Any]:
        """The collection's own metadata; raises CollectionNotFoundError."""
        ...

    def ensure_collection(self, name: str, info: dict[str, Any]) -> dict[str, Any]: ...

    def set_collection_info(self, name: str, info: dict[str, Any]) -> None: ...

    def delete_collection(self, name: str) -> None: ...

    def count(self, name: str) -> int: ...

    def max_batch_size(self) -> int: ...

    def upsert(self, name: str, ids: Sequence[str], embeddings: np.ndarray, documents: Sequence[str],
               metadatas: Sequence[dict[str, Any]]) -> None: ...

    def update_metadata(self, name: str, ids: Sequence[str], metadatas: Sequence[dict[str, Any]]) -> None: ...

    def get(self, name: str, ids: Sequence[str] | None = None, where: dict | None = None,
            include_embeddings: bool = False) -> dict[str, Any]:
        """{'ids': [...], 'documents': [...], 'metadatas': [...], 'embeddings': ndarray | None}"""
        ...

    def query(self, name: str, embedding: np.ndarray, k: int, where: dict | None = None) -> dict[str, Any]:
        """{'ids', 'documents', 'metadatas', 'distances'} for the k nearest, cosine distance."""
        ...


@runtime_checkable
class LLM(Protocol):
    """A local language model used for scoring and for constrained generation.

    Token-level scoring is the primitive: the jobs build prompts as token lists so that a prefix shared by
    many requests (the instruction, the query, a record) is evaluated once.
    """

    name: str
    n_ctx: int

    def tokenize(self, text: str) -> list[int]:
        """Tokens of text, without BOS; special-token text becomes the special token."""
        ...

    def chat_prompt(self, user: str, system: str | None = None, history: Sequence[tuple[str, str]] = ()) -> str:
        """The user message, after earlier (user, assistant) turns, in the model's chat template."""
        ...

    def prompt_tokens(self, prompt: str) -> list[int]:
        """Tokens of a whole prompt, BOS included when the model wants one."""
        ...

    def score_sequences(self, sequences: Sequence[tuple[Sequence[int], int]]) -> list[np.ndarray]:
        """For each (tokens, score_from): log-probabilities of tokens[score_from:] given what precedes them."""
        ...

    def continuation_logprobs(self, prompt: str, continuations: Sequence[str]) -> list[float]:
        """Summed log-probability of each continuation after the prompt (prompt evaluated once)."""
        ...

    def next_token_probs(self, prompt: str, tokens: Sequence[str]) -> list[float]:
        """Probability of each given string's first token right after the prompt."""
        ...

    def generate_json(self, requests: Sequence[JsonRequest]) -> list[Generation]:
        """For each request, JSON of its shape (jsongen): the constrained-generation primitive."""
        ...
