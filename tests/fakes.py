"""Test doubles for the backend protocols: deterministic, instant, no models."""
from __future__ import annotations

import hashlib
import re
from typing import Any

import numpy as np

from assistant.errors import CollectionNotFoundError


class FakeEmbedder:
    """Bag of words hashed into 64 dims, L2-normalised: texts sharing words are similar."""

    def __init__(self, name: str = "fake-embedder", window: int = 64):
        self.name = name
        self.window = window
        self.calls = 0

    @property
    def dimension(self) -> int:
        return 64

    @property
    def max_tokens(self) -> int:
        return self.window

    def count_over_window(self, texts):
        return sum(1 for t in texts if len(t.split()) > self.window)

    def embed(self, texts):
        self.calls += 1
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in re.findall(r"\w+", t.lower()):
                out[i, int(hashlib.md5(w.encode()).hexdigest(), 16) % 64] += 1.0
            out[i] /= max(np.linalg.norm(out[i]), 1e-9)
        return out


class MemoryStore:
    """The Store protocol in memory, with Chroma's where-filter subset the tool uses."""

    def __init__(self, batch: int = 1000):
        self.cols: dict[str, dict[str, Any]] = {}
        self.batch = batch
        self.upserts = 0

    def _c(self, name):
        if name not in self.cols:
            raise CollectionNotFoundError(f"no collection {name!r}")
        return self.cols[name]

    def list_collections(self):
        return sorted(self.cols)

    def collection_info(self, name):
        return dict(self._c(name)["info"])

    def ensure_collection(self, name, info):
        self.cols.setdefault(name, {"info": dict(info), "rows": {}})
        return dict(self.cols[name]["info"])

    def set_collection_info(self, name, info):
        self._c(name)["info"].update(info)

    def delete_collection(self, name):
        self._c(name)
        del self.cols[name]

    def count(self, name):
        return len(self._c(name)["rows"])

    def max_batch_size(self):
        return self.batch

    def upsert(self, name, ids, embeddings, documents, metadatas):
        assert len(ids) <= self.batch
        self.upserts += 1
        rows = self._c(name)["rows"]
        for i, e, d, m in zip(ids, embeddings, documents, metadatas):
            rows[i] = {"e": np.asarray(e, dtype=np.float32), "d": d, "m": dict(m)}

    def update_metadata(self, name, ids, metadatas):
        rows = self._c(name)["rows"]
        for i, m in zip(ids, metadatas):
            rows[i]["m"].update(m)

    def delete(self, name, ids):
        for i in ids:
            self._c(name)["rows"].pop(i, None)

    @staticmethod
    def _match(meta, where):
        if not where:
            return True
        if "$and" in where:
            return all(MemoryStore._match(meta, w) for w in where["$and"])
        ((field, cond),) = where.items()
        if not isinstance(cond, dict):
            cond = {"$eq": cond}
        ((op, val),) = cond.items()
        have = meta.get(field)
        if have is None:
            return op == "$ne"
        return {"$eq": have == val, "$ne": have != val, "$gt": have > val, "$gte": have >= val,
                "$lt": have < val, "$lte": have <= val}[op]

    def get(self, name, ids=None, where=None, include_embeddings=False):
        rows = self._c(name)["rows"]
        keys = [i for i in (ids if ids is not None else rows) if i in rows and self._match(rows[i]["m"], where)]
        return {"ids": keys, "documents": [rows[i]["d"] for i in keys], "metadatas": [dict(rows[i]["m"]) for i in keys],
                "embeddings": (np.stack([rows[i]["e"] for i in keys]) if keys else np.zeros((0, 0), np.float32))
                if include_embeddings else None}

    def query(self, name, embedding, k, where=None):
        got = self.get(name, where=where, include_embeddings=True)
        if not got["ids"]:
            return {"ids": [], "documents": [], "metadatas": [], "distances": []}
        dist = 1.0 - got["embeddings"] @ np.asarray(embedding, dtype=np.float32)
        order = np.argsort(dist, kind="stable")[:k]
        return {"ids": [got["ids"][i] for i in order], "documents": [got["documents"][i] for i in order],
                "metadatas": [got["metadatas"][i] for i in order], "distances": [float(dist[i]) for i in order]}
