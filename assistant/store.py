"""Chroma, embedded on disk (PersistentClient), cosine space, telemetry off."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from .errors import CollectionNotFoundError, ConfigError, StoreError

_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,510}[A-Za-z0-9]$")


def check_collection_name(name: str) -> str:
    if not _NAME_RE.match(name or "") or ".." in name:
        raise ConfigError(f"{name!r} is not a valid collection name",
                          "use 3-512 letters, digits, '.', '_' or '-', starting and ending with a letter or digit")
    return name


class ChromaStore:
    """The Store protocol over chromadb. Imports chromadb only when first used."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._client = None
        self._collections: dict[str, Any] = {}

    @property
    def client(self):
        if self._client is None:
            from .embedder import offline_environment

            offline_environment()
            import chromadb
            from chromadb.config import Settings as ChromaSettings

            try:
                self.path.mkdir(parents=True, exist_ok=True)
                self._client = chromadb.PersistentClient(
                    path=str(self.path), settings=ChromaSettings(anonymized_telemetry=False, allow_reset=False)
                )
            except OSError as exc:
                raise StoreError(f"cannot open the store at {self.path}: {exc.strerror}",
                                 "check that the workspace folder is writable (--workspace or ASSISTANT_HOME)") from exc
        return self._client

    def _col(self, name: str):
        if name not in self._collections:
            check_collection_name(name)
            try:
                self._collections[name] = self.client.get_collection(name, embedding_function=None)
            except Exception as exc:
                if name not in self.list_collections():
                    known = ", ".join(self.list_collections()) or "none yet"
                    raise CollectionNotFoundError(f"no collection named {name!r} in {self.path}",
                                                  f"ingest a file first (`assistant ingest FILE --collection {name}`);"
                                                  f" collections: {known}") from exc
                raise StoreError(f"cannot open collection {name!r}: {exc}") from exc
        return self._collections[name]

    def list_collections(self) -> list[str]:
        cols = self.client.list_collections()
        return sorted(c if isinstance(c, str) else c.name for c in cols)

    def collection_info(self, name: str) -> dict[str, Any]:
        return dict(self._col(name).metadata or {})

    def ensure_collection(self, name: str, info: dict[str, Any]) -> dict[str, Any]:
        """Open the collection, creating it (cosine space) with `info` as its metadata if it does not exist."""
        check_collection_name(name)
        if name in self.list_collections():
            return self.collection_info(name)
        col = self.client.create_collection(name, metadata={"hnsw:space": "cosine", **info}, embedding_function=None)
        self._collections[name] = col
        return dict(col.metadata or {})

    def set_collection_info(self, name: str, info: dict[str, Any]) -> None:
        current = self.collection_info(name)
        current.pop("hnsw:space", None)  # the space is fixed at creation; modify() may not repeat it
        current.update(info)
        self._col(name).modify(metadata=current)

    def delete_collection(self, name: str) -> None:
        self._col(name)
        self.client.delete_collection(name)
        self._collections.pop(name, None)

    def count(self, name: str) -> int:
        return int(self._col(name).count())

    def max_batch_size(self) -> int:
        return int(self.client.get_max_batch_size())

    def upsert(self, name, ids, embeddings, documents, metadatas) -> None:
        col = self._col(name)
        step = self.max_batch_size()
        for i in range(0, len(ids), step):
            col.upsert(ids=list(ids[i:i + step]), embeddings=np.asarray(embeddings[i:i + step]),
                       documents=list(documents[i:i + step]), metadatas=list(metadatas[i:i + step]))

    def update_metadata(self, name, ids, metadatas) -> None:
        col = self._col(name)
        step = self.max_batch_size()
        for i in range(0, len(ids), step):
            col.update(ids=list(ids[i:i + step]), metadatas=list(metadatas[i:i + step]))

    def delete(self, name: str, ids: Sequence[str]) -> None:
        col = self._col(name)
        step = self.max_batch_size()
        for i in range(0, len(ids), step):
            col.delete(ids=list(ids[i:i + step]))

    def get(self, name, ids=None, where=None, include_embeddings=False) -> dict[str, Any]:
        col = self._col(name)
        include = ["documents", "metadatas"] + (["embeddings"] if include_embeddings else [])
        out: dict[str, list] = {"ids": [], "documents": [], "metadatas": [], "embeddings": []}
        step = self.max_batch_size()
        if ids is not None:
            chunks = [dict(ids=list(ids[i:i + step])) for i in range(0, len(ids), step)]
        else:
            total = col.count()
            chunks = [dict(limit=step, offset=off) for off in range(0, max(total, 1), step)]
        for kw in chunks:
            res = col.get(where=where or None, include=include, **kw)
            out["ids"] += res["ids"]
            out["documents"] += res["documents"] or [None] * len(res["ids"])
            out["metadatas"] += [m or {} for m in (res["metadatas"] or [None] * len(res["ids"]))]
            if include_embeddings and res.get("embeddings") is not None and len(res["embeddings"]):
                out["embeddings"].append(np.asarray(res["embeddings"], dtype=np.float32))
        if include_embeddings:
            out["embeddings"] = (np.concatenate(out["embeddings"]) if out["embeddings"]
                                 else np.zeros((0, 0), dtype=np.float32))
        else:
            out["embeddings"] = None
        return out

    def query(self, name, embedding, k, where=None) -> dict[str, Any]:
        col = self._col(name)
        n = min(int(k), col.count())
        if n <= 0:
            return {"ids": [], "documents": [], "metadatas": [], "distances": []}
        res = col.query(query_embeddings=np.asarray([embedding], dtype=np.float32), n_results=n,
                        where=where or None, include=["documents", "metadatas", "distances"])
        return {key: res[key][0] for key in ("ids", "documents", "metadatas", "distances")}
