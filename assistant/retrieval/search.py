"""Cosine search, optionally restricted to the query's own cluster."""
from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.core.errors import ConfigError
from assistant.core.protocols import Embedder, Store
from assistant.core.results import SearchHit, SearchResult
from assistant.data.ingest import check_embedding_model
from assistant.data.readers import INT_RE

if TYPE_CHECKING:
    import numpy as np

_OPS = {"!=": "$ne", ">=": "$gte", "<=": "$lte", ">": "$gt", "<": "$lt", "=": "$eq"}
_WHERE_RE = re.compile(r"^\s*([^=!<>]+?)\s*(!=|>=|<=|=|>|<)\s*(.*?)\s*$")


def _coerce(value: str) -> Any:
    if INT_RE.match(value):
        return int(value)
    low = value.lower()
    if low in ("true", "false"):
        return low == "true"
    if not re.match(r"^[+-]?0\d", value):  # "02134" is a code, not a number
        try:
            return float(value)
        except ValueError:
            pass
    return value.strip("'\"")


def parse_where(clauses: list[str] | None) -> dict[str, Any] | None:
    """Turn ["Role=Data Analyst", "Age>=30"] into a Chroma where filter (all must hold)."""
    if not clauses:
        return None
    parts = []
    for clause in clauses:
        m = _WHERE_RE.match(clause)
        if not m or not m.group(3):
            raise ConfigError(f"cannot read the filter {clause!r}",
                              "write FIELD=VALUE (or !=, >=, <=, >, <), e.g. --where 'Role=Data Analyst'")
        field, op, value = m.groups()
        parts.append({field: {_OPS[op]: _coerce(value)}})
    return parts[0] if len(parts) == 1 else {"$and": parts}


def and_where(*filters: dict[str, Any] | None) -> dict[str, Any] | None:
    parts = [f for f in filters if f]
    if not parts:
        return None
    flat = []
    for p in parts:
        flat.extend(p["$and"] if set(p) == {"$and"} else [p])
    return flat[0] if len(flat) == 1 else {"$and": flat}


def search(
    store: Store,
    embedder: Embedder,
    collection: str,
    query: str,
    *,
    k: int = 10,
    where: dict[str, Any] | None = None,
    in_cluster: bool = False,
    clusters_dir: Path | None = None,  # only where an older version kept clusterings
    vector: np.ndarray | None = None,
) -> SearchResult:
    """The k records most similar to the query (cosine), best first; `vector`: the query's embedding, when the
    caller has it already."""
    if not query.strip():
        raise ConfigError("the query is empty", "give some text to search for")
    if k < 1:
        raise ConfigError(f"-k must be at least 1, not {k}")
    check_embedding_model(collection, store.collection_info(collection), embedder.name)
    if vector is None:
        vector = embedder.embed([query])[0]
    cluster = None
    if in_cluster:
        from assistant.retrieval.cluster import nearest_cluster

        cluster = int(nearest_cluster(store, collection, vector, clusters_dir))
        where = and_where(where, {"_cluster": cluster})
    res = store.query(collection, vector, k, where)
    hits = [
        SearchHit(rank=i + 1, id=rid, similarity=round(1.0 - float(dist), 6), text=doc or "", metadata=meta or {})
        for i, (rid, doc, meta, dist) in enumerate(zip(res["ids"], res["documents"], res["metadatas"],
                                                         res["distances"]))
    ]
    return SearchResult(collection=collection, query=query, k=k, where=where, cluster=cluster, hits=hits)
