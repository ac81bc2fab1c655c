"""Embeddings from OpenAI-compatible `/v1/embeddings` servers (llama.cpp's server with --embedding,
text-embeddings-inference, Infinity, vLLM, Ollama), batches spread over several servers with the LLM pool's
retries and failover.

The embedder's name is the model the server reports (or the one given), so a collection records it and refuses
another model exactly as with the in-process embedder. Vectors are L2-normalised here: servers differ on whether
they normalise. A server does not say how long its window is, so ingest cannot count truncated texts through it.
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from assistant.backends.http_pool import EMBEDDING_SERVERS, BadResponse, Endpoint, EndpointPool, need
from assistant.core.errors import EmbeddingServerError


class HttpEmbedder:
    """The Embedder protocol over one or more embedding servers."""

    backend = "server"  # as SentenceTransformerEmbedder.backend: where the vectors are computed

    def __init__(self, urls: Sequence[str], *, model: str | None = None, batch_size: int = 64,
                 per_endpoint: int = 2, timeout: float = 120.0, retries: int = 2, transport: Any = None):
        self.pool = EndpointPool(urls, per_endpoint=per_endpoint, timeout=timeout, retries=retries,
                                 transport=transport, kind=EMBEDDING_SERVERS)
        self.batch_size = max(1, batch_size)
        self._model = model
        self._dimension: int | None = None

    # -- what the servers serve -----------------------------------------------------------------------------
    @property
    def name(self) -> str:
        """The model the servers serve (every live server must serve it), or the one given."""
        if self._model is None:
            served = []
            for ep in self.pool.alive():  # each server is asked: they must agree
                try:
                    served.append(self._served_models(ep))
                except EmbeddingServerError as exc:  # it answered, but has no model list (a 4xx)
                    raise EmbeddingServerError(f"{exc.message}; the model it serves cannot be read",
                                               "name it with --embedding-server-model") from exc
                except Exception as exc:  # noqa: BLE001 - unreachable or garbage: the others may do
                    self.pool.mark_down(ep, str(exc))
            if not served:
                raise self.pool.all_down()
            first = served[0]
            if len(first) != 1:
                raise EmbeddingServerError(
                    f"the embedding server serves {len(first)} models ({', '.join(first) or 'none'})",
                    "name the one to use with --embedding-server-model (it is sent with every request)")
            if any(first[0] not in models for models in served[1:]):
                raise EmbeddingServerError(
                    f"the embedding servers serve different models: {served}",
                    "point every --embedding-url at servers of the same model: vectors of two models never mix")
            self._model = first[0]
        return self._model

    def _served_models(self, ep: Endpoint) -> list[str]:
        data = self.pool.post(ep, "/v1/models", None)
        return [str(need(m, "id")) for m in need(data, "data")]

    @property
    def dimension(self) -> int:
        if self._dimension is None:
            self._dimension = int(self.embed(["dimension"]).shape[1])
        return self._dimension

    @property
    def max_tokens(self) -> int:
        return 0  # not reported by the API: the server truncates by its own window

    def count_over_window(self, texts: Sequence[str]) -> int:
        return 0  # unknown (see max_tokens); ingest reports none

    # -- the vectors ------------------------------------------------------------------------------------------
    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """float32 (len(texts), dimension), L2-normalised, in the order of the texts."""
        texts = [t if t.strip() else " " for t in texts]  # some servers refuse an empty input
        if not texts:
            return np.zeros((0, self._dimension or 0), dtype=np.float32)
        model = self.name
        batches = [texts[i:i + self.batch_size] for i in range(0, len(texts), self.batch_size)]
        parts = self.pool.run([lambda ep, b=b: self._embed_batch(ep, model, b) for b in batches])
        out = np.concatenate(parts).astype(np.float32)
        if self._dimension is None:
            self._dimension = int(out.shape[1])
        elif out.shape[1] != self._dimension:
            raise EmbeddingServerError(f"a server answered {out.shape[1]}-dimensional vectors, others "
                                       f"{self._dimension}-dimensional",
                                       "point every --embedding-url at servers of the same model")
        return out

    def _embed_batch(self, ep: Endpoint, model: str, batch: list[str]) -> np.ndarray:
        data = need(self.pool.post(ep, "/v1/embeddings", {"model": model, "input": batch}), "data")
        if len(data) != len(batch):
            raise BadResponse(f"{ep.url} answered {len(data)} embeddings for {len(batch)} texts")
        rows = sorted(data, key=lambda d: int(d.get("index", 0)) if isinstance(d, dict) else 0)
        try:
            vectors = np.asarray([need(r, "embedding") for r in rows], dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise BadResponse(f"{ep.url} answered embeddings that are not lists of numbers ({exc})") from None
        if vectors.ndim == 3 and vectors.shape[1] == 1:  # llama.cpp's server: one pooled vector, nested once
            vectors = vectors[:, 0, :]
        norms = np.linalg.norm(vectors, axis=1, keepdims=True) if vectors.ndim == 2 else None
        if norms is None or not np.isfinite(vectors).all() or (norms == 0).any():
            raise BadResponse(f"{ep.url} answered embeddings that are not usable vectors (shape {vectors.shape}, "
                              "NaN, or all zeros)")
        return vectors / norms

    def close(self) -> None:
        self.pool.close()
