"""`assistant eval embeddings DATA --models A,B@onnx-int8,http://HOST:PORT`: embedding models side by side.

DATA is judged search data (the JSONL of `eval rerank`: the corpus is every candidate of every query, each query
searched over all of it, unjudged records count as rel 0) or, with `label_field`, a labelled table: each record is
embedded as `Field: value` lines without the label (and without an id column), a seeded sample of records are the
queries, each searched over the other records, and the records of its label are the relevant ones (rel 1).

Per model: the corpus is embedded once (timed: seconds per 1,000 records), searched exactly by cosine (NDCG@10),
clustered as `cluster -k auto` does (k-means, k by silhouette) and searched again inside each query's nearest
cluster as `search --in-cluster` does, and, with labels, the clusters' purity against them.
"""
from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence
from urllib.parse import urlsplit

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from assistant.core.errors import AssistantError, ConfigError, InputFileError
from assistant.core.protocols import Embedder
from assistant.data.ingest import fields_text
from assistant.data.readers import is_missing
from assistant.data.records import load_records
from assistant.eval.fill import id_column
from assistant.eval.rerank import K, load_rerank_data, ndcg_at
from assistant.retrieval.cluster import embedding_clusters

TORCH, ONNX, ONNX_INT8, SERVER = "torch", "onnx", "onnx-int8", "server"
SUFFIXES = (ONNX, ONNX_INT8)  # NAME@onnx, NAME@onnx-int8 (backends.embedder.ONNX_BACKENDS)
SPEC_FIX = ("give NAME, NAME@onnx or NAME@onnx-int8 (NAME: all-MiniLM-L6-v2 or a sentence-transformers folder), "
            "or http://HOST:PORT of an OpenAI-compatible /v1/embeddings server")
DEFAULT_QUERIES = 200  # table data: records drawn as queries (all when fewer)
K_MAX = 10  # as `cluster -k auto`
CHUNK = 256  # records per embedding call: the progress bar moves, and similar lengths pad less
# Progress units only: choosing k (9 k-means + silhouettes) cost 0.3x (torch) to 0.55x (onnx-int8) of embedding the
# corpus, measured on AG News (7,600 records, MiniLM, 2 cores).
CLUSTER_WORK = 0.5

Progress = Callable[[int, int], None]


class ModelSpec(BaseModel):
    """One `--models` entry: what to load and with which backend."""

    spec: str = Field(description="as given")
    model: str = Field(description="model name, folder, or server URL")
    backend: str = Field(description="torch, onnx, onnx-int8 or server")


class ModelRow(BaseModel):
    model_config = ConfigDict(serialize_by_alias=True, validate_by_name=True)

    model: str = Field(description="the spec as given (or the configured embedder's name)")
    name: str = Field(description="the model the embedder reports")
    backend: str
    dimension: int
    ndcg_at_10: float = Field(alias="ndcg@10")
    in_cluster_ndcg_at_10: float | None = Field(
        alias="in_cluster_ndcg@10", description="each query ranked only among its nearest cluster's records")
    purity: float | None = Field(description="share of records whose cluster's majority label is theirs")
    k: int | None = Field(description="clusters, chosen by silhouette as `cluster -k auto` does")
    silhouette: float | None = None
    load_seconds: float = Field(description="first call: loading (and, for onnx, the one-time export)")
    embed_seconds: float = Field(description="embedding the corpus once")
    seconds_per_1k: float = Field(description="seconds per 1,000 corpus records")
    records_per_second: float


class EmbeddingEvalResult(BaseModel):
    path: str
    data: str = Field(description="judged (search JSONL) or table (labelled records)")
    label_field: str | None = None
    id_column: str | None = Field(None, description="table: a column left out of the texts as an id")
    records: int = Field(description="corpus size")
    records_without_label: int = 0
    queries: int
    skipped_queries: int = Field(0, description="queries without any relevant record (NDCG undefined)")
    seed: int
    rows: list[ModelRow] = Field(description="one per model, in the order given")


# ---------------------------------------------------------------- model specs

def parse_model_spec(spec: str) -> ModelSpec:
    """NAME or FOLDER (torch), NAME@onnx / NAME@onnx-int8, or http(s)://HOST:PORT (an embeddings server)."""
    text = spec.strip()
    if not text:
        raise ConfigError("an empty --models entry", SPEC_FIX)
    if "://" in text:
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError(f"--models {spec!r} is not an http(s)://HOST:PORT address", SPEC_FIX)
        try:
            parts.port  # noqa: B018 - raises on a port that is not a number
        except ValueError as exc:
            raise ConfigError(f"--models {spec!r}: {exc}", SPEC_FIX) from None
        return ModelSpec(spec=text, model=text, backend=SERVER)
    name, at, suffix = text.rpartition("@")
    if not at or "/" in suffix or Path(text).expanduser().is_dir():  # a folder may hold an "@" in its path
        return ModelSpec(spec=text, model=text, backend=TORCH)
    if suffix not in SUFFIXES or not name:
        raise ConfigError(f"--models {spec!r}: unknown backend {suffix!r} (known: {', '.join(SUFFIXES)})", SPEC_FIX)
    return ModelSpec(spec=text, model=name, backend=suffix)


def load_embedder(spec: ModelSpec, *, batch_size: int = 64, threads: int | None = None,
                  timeout: float = 120.0) -> Embedder:
    """The embedder of a spec; a local model is found (never downloaded) now, and loaded on first use."""
    try:
        if spec.backend == SERVER:
            from assistant.backends.http_embedder import HttpEmbedder

            return HttpEmbedder([spec.model], batch_size=batch_size, timeout=timeout)
        from assistant.backends.embedder import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(spec.model, batch_size=batch_size, backend=spec.backend, threads=threads)
    except AssistantError as exc:
        raise _naming(exc, spec.spec) from None


def _naming(exc: AssistantError, spec: str) -> AssistantError:
    """The same error, its message starting with the spec it is about (several models run in one command)."""
    if not exc.message.startswith("--models"):
        exc.message = f"--models {spec!r}: {exc.message}"
        exc.args = (exc.message,)
    return exc


# ---------------------------------------------------------------- data

@dataclass
class Bench:
    """What every model is measured on: the corpus, its labels, the queries and their graded relevance."""

    path: str
    data: str
    texts: list[str]
    labels: list[str] | None
    query_texts: list[str] | None  # judged data; None: the queries are corpus records
    query_rows: np.ndarray | None  # table data: each query's index in the corpus (left out of its own search)
    rels: np.ndarray  # (queries, corpus) relevance
    skipped: int = 0
    label_field: str | None = None
    id_column: str | None = None
    without_label: int = 0


def load_bench(path: str | Path, *, label_field: str | None = None, queries: int | None = None,
               limit: int | None = None, seed: int = 0) -> Bench:
    """Judged search JSONL (no label_field) or a labelled table (label_field); `queries` drawn with the seed
    (table default DEFAULT_QUERIES, judged default all), then the first `limit` of them."""
    if label_field is None:
        return _judged(Path(path), queries, limit, seed)
    return _table(Path(path), label_field, queries or DEFAULT_QUERIES, limit, seed)


def _drawn(n: int, queries: int | None, limit: int | None, seed: int) -> np.ndarray:
    picked = np.arange(n)
    if queries is not None and queries < n:
        picked = np.sort(np.random.default_rng(seed).choice(n, size=queries, replace=False))
    return picked[:limit] if limit else picked


def _judged(path: Path, queries: int | None, limit: int | None, seed: int) -> Bench:
    try:
        judged = load_rerank_data(path)
    except InputFileError as exc:
        if path.is_file():  # readable, but not judged queries: perhaps a table
            exc.fix = f"{exc.fix}; for a labelled table pass --label-field FIELD"
        raise
    index: dict[str, int] = {}
    texts: list[str] = []
    for q in judged:  # the corpus: every candidate once (the first text of a docid)
        for d in q.candidates:
            if d.docid not in index:
                index[d.docid] = len(texts)
                texts.append(d.text)
    chosen = [judged[i] for i in _drawn(len(judged), queries, limit, seed)]
    rels = np.zeros((len(chosen), len(texts)), dtype=np.float32)
    for r, q in enumerate(chosen):
        for d in q.candidates:
            rels[r, index[d.docid]] = d.rel
    keep = rels.max(axis=1) > 0
    return Bench(str(path), "judged", texts, None, [q.query for q, ok in zip(chosen, keep) if ok], None,
                 rels[keep], skipped=int((~keep).sum()))


def _table(path: Path, field: str, queries: int, limit: int | None, seed: int) -> Bench:
    load = load_records(path)
    if field not in load.columns:
        raise InputFileError(str(path), f"has no label field {field!r}",
                             f"pick --label-field from: {', '.join(load.columns)}")
    records = [r for r in load.records if not is_missing(r.fields.get(field))]
    if len(records) < 2:
        raise InputFileError(str(path), f"has {len(records)} record(s) with a value for {field!r}",
                             "give a table with labelled records (two at least)")
    idcol = id_column(load.columns, [r.fields for r in records])
    texts = [fields_text(r.fields, skip={field, idcol}) for r in records]
    labels = np.array([str(r.fields[field]) for r in records])
    rows = _drawn(len(records), queries, limit, seed)
    rels = (labels[rows][:, None] == labels[None, :]).astype(np.float32)
    rels[np.arange(len(rows)), rows] = 0.0  # a query is not its own answer
    keep = rels.max(axis=1) > 0
    return Bench(str(path), "table", texts, labels.tolist(), None, rows[keep], rels[keep],
                 skipped=int((~keep).sum()), label_field=field, id_column=idcol,
                 without_label=len(load.records) - len(records))


# ---------------------------------------------------------------- measures

def unit(vectors) -> np.ndarray:
    """Rows scaled to length 1, so dot products are cosines (servers and fakes may not normalise)."""
    vecs = np.asarray(vectors, dtype=np.float32)
    return vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)


def search_ndcg(sims: np.ndarray, rels: np.ndarray, allowed: Sequence[np.ndarray] | None = None) -> list[float]:
    """NDCG@10 per query of the exact cosine ranking (ties: corpus order), among `allowed[i]` records when given;
    the ideal is always from all of the query's relevant records. -inf similarities are never ranked."""
    out = []
    for i in range(len(sims)):
        cand = np.flatnonzero(np.isfinite(sims[i]))
        if allowed is not None:
            cand = np.intersect1d(cand, allowed[i])
        top = cand[np.argsort(-sims[i][cand], kind="stable")[:K]]
        out.append(ndcg_at(rels[i, top].tolist(), rels[i].tolist()) or 0.0)
    return out


def purity(clusters: Sequence[int], labels: Sequence[str]) -> float:
    """Share of records whose cluster's most frequent label is their own label."""
    groups: dict[int, Counter] = {}
    for c, label in zip(clusters, labels):
        groups.setdefault(int(c), Counter())[label] += 1
    return sum(max(g.values()) for g in groups.values()) / max(len(labels), 1)


def _mean(values: Sequence[float]) -> float:
    return round(float(np.mean(values)), 4) if len(values) else 0.0


# ---------------------------------------------------------------- the eval

def evaluate_embeddings(data: str | Path, models: Sequence[str | ModelSpec | Embedder], *,
                        label_field: str | None = None, queries: int | None = None, limit: int | None = None,
                        seed: int = 0, load: Callable[[ModelSpec], Embedder] = load_embedder,
                        progress: Progress | None = None) -> EmbeddingEvalResult:
    """One row per model, in the order given: search NDCG@10, NDCG@10 inside the query's cluster, cluster purity
    (labelled tables), the k chosen, and the seconds to embed 1,000 records.

    models: specs (parse_model_spec), each made an embedder by `load` (its batch size, threads, timeout), or ready
    embedders (e.g. the configured one). Every spec is checked, and every local model found, before anything is
    embedded. progress(done, total) counts records embedded (and clustering, as CLUSTER_WORK corpus embeddings).
    """
    if not models:
        raise ConfigError("no embedding model to measure", SPEC_FIX)
    specs = [parse_model_spec(m) if isinstance(m, str) else m for m in models]
    embedders = [(s.spec, s.backend, load(s)) if isinstance(s, ModelSpec) else (None, None, s) for s in specs]
    bench = load_bench(data, label_field=label_field, queries=queries, limit=limit, seed=seed)
    if not len(bench.rels):
        raise InputFileError(bench.path, "no query has a relevant record",
                             "give graded relevance (rel > 0), or labels shared by two records at least")
    n = len(bench.texts)
    per_model = n + len(bench.query_texts or []) + int(CLUSTER_WORK * n)
    total = per_model * len(embedders)
    rows = []
    for m, (spec, backend, embedder) in enumerate(embedders):
        base = m * per_model
        tick = (lambda done, base=base: progress(base + done, total)) if progress else (lambda done: None)
        label = spec or getattr(embedder, "name", "embedder")
        try:
            rows.append(_measure(bench, embedder, label, backend, seed, tick))
        except AssistantError as exc:
            raise _naming(exc, label) from None
        tick(per_model)
    return EmbeddingEvalResult(path=bench.path, data=bench.data, label_field=bench.label_field,
                               id_column=bench.id_column, records=n, records_without_label=bench.without_label,
                               queries=len(bench.rels), skipped_queries=bench.skipped, seed=seed, rows=rows)


def _embed(embedder: Embedder, texts: list[str], tick: Callable[[int], None], done: int = 0
           ) -> tuple[np.ndarray, float]:
    """Unit vectors of the texts in chunks of similar length, and the seconds the embedder took."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out: np.ndarray | None = None
    seconds = 0.0
    for start in range(0, len(order), CHUNK):
        part = order[start:start + CHUNK]
        began = time.perf_counter()
        vecs = unit(embedder.embed([texts[i] for i in part]))
        seconds += time.perf_counter() - began
        if out is None:
            out = np.zeros((len(texts), vecs.shape[1]), dtype=np.float32)
        out[part] = vecs
        tick(done + start + len(part))
    return out, seconds


def _measure(bench: Bench, embedder: Embedder, label: str, backend: str | None, seed: int,
             tick: Callable[[int], None]) -> ModelRow:
    began = time.perf_counter()
    embedder.embed([bench.texts[0]])  # loads the model (and makes an onnx export once): not part of the speed
    load_seconds = time.perf_counter() - began
    corpus, seconds = _embed(embedder, bench.texts, tick)
    n = len(corpus)
    table = bench.query_texts is None
    queries = corpus[bench.query_rows] if table else _embed(embedder, bench.query_texts, tick, done=n)[0]
    sims = queries @ corpus.T
    if table:
        sims[np.arange(len(queries)), bench.query_rows] = -np.inf  # a record is never its own hit
    done = n + len(bench.query_texts or [])
    ndcg = _mean(search_ndcg(sims, bench.rels))
    in_cluster = k = sil = pure = None
    if n >= 3:
        trials = max(1, min(K_MAX, n - 1) - 1)
        work = CLUSTER_WORK * n / trials
        clusters, centroids, scores = embedding_clusters(
            corpus, K_MAX, seed, on_trial=lambda t: tick(int(done + (t - 2) * work)))
        nearest = np.argmax(queries @ centroids.T, axis=1)  # as `search --in-cluster`
        members = [np.flatnonzero(clusters == c) for c in range(len(centroids))]
        in_cluster = _mean(search_ndcg(sims, bench.rels, [members[c] for c in nearest]))
        k, sil = len(centroids), scores.get(len(centroids))
        pure = round(purity(clusters, bench.labels), 4) if bench.labels is not None else None
    return ModelRow(model=label, name=str(embedder.name), backend=backend or getattr(embedder, "backend", "given"),
                    dimension=int(corpus.shape[1]), ndcg_at_10=ndcg, in_cluster_ndcg_at_10=in_cluster, purity=pure,
                    k=k, silhouette=None if sil is None else round(sil, 4), load_seconds=round(load_seconds, 2),
                    embed_seconds=round(seconds, 2), seconds_per_1k=round(1000 * seconds / n, 2),
                    records_per_second=round(n / seconds, 1) if seconds > 0 else 0.0)
