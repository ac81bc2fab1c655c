"""Cluster a collection (k-means or HDBSCAN, on embeddings or on one-hot fields) and explain the clusters."""
from __future__ import annotations

import json
import time
import warnings
from collections import Counter
from pathlib import Path
from typing import Any, Callable

import numpy as np

from assistant.core.errors import ConfigError, EmbeddingModelMismatchError, NotClusteredError
from assistant.core.protocols import Store
from assistant.core.results import ClusterReport, ClusterSummary, Representative
from assistant.data.fields import field_matrix, field_stats, preview, profile_fields

METHODS = ("kmeans", "hdbscan")
ENCODINGS = ("embedding", "onehot")
LABEL_KEYS = {"embedding": "_cluster", "onehot": "_cluster_onehot"}
SILHOUETTE_SAMPLE = 5000
IMPORTANCE_ROWS = 10_000  # the forest is trained on a sample so huge collections stay quick
NEAREST_MARKED = 10  # records ringed around the query on the map


# ---------------------------------------------------------------- clustering

def _silhouette(X: np.ndarray, labels: np.ndarray, metric: str, seed: int) -> float | None:
    """Silhouette of the non-noise points on a fixed sample (None when it is undefined)."""
    from sklearn.metrics import silhouette_score

    mask = labels >= 0
    X, labels = X[mask], labels[mask]
    if not 2 <= len(set(labels.tolist())) <= len(labels) - 1:
        return None
    size = min(len(labels), SILHOUETTE_SAMPLE)
    return float(silhouette_score(X, labels, metric=metric, sample_size=size, random_state=seed))


def _kmeans(X: np.ndarray, k: int, seed: int) -> np.ndarray:
    from sklearn.cluster import KMeans
    from sklearn.exceptions import ConvergenceWarning

    # Duplicate points can leave fewer distinct clusters than k; the silhouette shows it, no need to warn.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(X)


def choose_kmeans(X: np.ndarray, k_max: int, seed: int, metric: str = "cosine",
                  on_trial: Callable[[int], None] | None = None) -> tuple[np.ndarray, dict[int, float]]:
    """k-means for k = 2..min(k_max, n-1), keeping the k of the best silhouette: (labels, silhouette per k).

    on_trial(k) is called before each k is tried (they cost about alike)."""
    best, k_scores = None, {}
    for trial in range(2, min(k_max, len(X) - 1) + 1):
        if on_trial is not None:
            on_trial(trial)
        trial_labels = _kmeans(X, trial, seed)
        score = _silhouette(X, trial_labels, metric, seed)
        if score is not None:
            k_scores[trial] = score
        if best is None or (score is not None and (best[0] is None or score > best[0])):
            best = (score, trial_labels)
    return best[1], k_scores


def embedding_clusters(X: np.ndarray, k_max: int = 10, seed: int = 0, on_trial: Callable[[int], None] | None = None
                       ) -> tuple[np.ndarray, np.ndarray, dict[int, float]]:
    """What `cluster -k auto` does to unit vectors, without a store: (labels numbered by size, unit centroids,
    silhouette per k tried). Needs at least 3 vectors."""
    labels, k_scores = choose_kmeans(X, k_max, seed, "cosine", on_trial)
    labels = _by_size(np.asarray(labels))
    return labels, _centroids(X, labels, unit=True), k_scores


def _hdbscan(X: np.ndarray) -> np.ndarray:
    from sklearn.cluster import HDBSCAN

    # Euclidean on unit vectors orders neighbours exactly like cosine and allows the tree-based search.
    size = min(max(5, len(X) // 50), len(X))
    return HDBSCAN(min_cluster_size=size, copy=True).fit_predict(X)


def _by_size(labels: np.ndarray) -> np.ndarray:
    """Renumber clusters so 0 is the largest (ties: first seen); noise stays -1."""
    ids = [label for label in dict.fromkeys(labels.tolist()) if label >= 0]
    order = sorted(ids, key=lambda label: -int((labels == label).sum()))
    mapping = {old: new for new, old in enumerate(order)}
    return np.array([mapping.get(label, -1) for label in labels.tolist()], dtype=int)


def _centroids(X: np.ndarray, labels: np.ndarray, unit: bool) -> np.ndarray:
    cents = np.stack([X[labels == c].mean(axis=0) for c in range(labels.max() + 1)])
    if unit:  # the mean of unit vectors is shorter than 1; renormalise so dot products are cosines
        cents /= np.maximum(np.linalg.norm(cents, axis=1, keepdims=True), 1e-12)
    return cents


def _similarity(X: np.ndarray, centroid: np.ndarray, cosine: bool) -> np.ndarray:
    """Cosine similarity on embeddings; 1 / (1 + euclidean distance) in the one-hot space."""
    if cosine:
        return X @ centroid
    return 1.0 / (1.0 + np.linalg.norm(X - centroid, axis=1))


# ---------------------------------------------------------------- centroid file

CLUSTERS_KEY = "clusters"  # collection metadata key holding the last clustering (JSON)


def _legacy_path(clusters_dir: Path, collection: str) -> Path:
    """Where versions before the clustering moved into the collection kept it (a file in the workspace)."""
    return Path(clusters_dir) / f"{collection}.json"


def save_clusters(store: Store, collection: str, centroids: np.ndarray, info: dict[str, Any]) -> None:
    """Keep the clustering with the collection itself (its metadata), so every client of a Chroma server sees it
    and `search --in-cluster` works from any workspace without clustering again. Centroids are rounded to 6
    decimals: cosine to the unrounded ones stays above 1 - 1e-10, and 12 x 384 of them take about 50 KB."""
    payload = {**info, "collection": collection,
               "centroids": np.round(np.asarray(centroids, dtype=float), 6).tolist()}
    store.set_collection_info(collection, {CLUSTERS_KEY: json.dumps(payload, separators=(",", ":"))})


def load_clusters(store: Store, collection: str, clusters_dir: Path | None = None) -> dict[str, Any]:
    """The saved clustering of a collection; 'centroids' is a float32 array (row i is cluster i). Read from the
    collection, else from the file an older version left in the workspace's clusters_dir."""
    fix = f"run `assistant cluster --collection {collection}` first"
    raw = store.collection_info(collection).get(CLUSTERS_KEY)
    where = f"the clustering stored with {collection!r}"
    try:
        if raw is None:
            legacy = _legacy_path(clusters_dir, collection) if clusters_dir is not None else None
            if legacy is None or not legacy.is_file():
                raise NotClusteredError(f"collection {collection!r} has not been clustered yet", fix)
            where, raw = f"the cluster file {legacy}", legacy.read_text(encoding="utf-8")
        data = json.loads(raw)
        data["centroids"] = np.asarray(data["centroids"], dtype=np.float32)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise NotClusteredError(f"{where} cannot be read ({exc})", fix) from exc
    if data["centroids"].ndim != 2 or not len(data["centroids"]):
        raise NotClusteredError(f"{where} holds no centroids", fix)
    return data


def nearest_cluster(store: Store, collection: str, embedding: np.ndarray, clusters_dir: Path | None = None) -> int:
    """The id of the cluster whose centroid is most cosine-similar to `embedding`."""
    centroids = load_clusters(store, collection, clusters_dir)["centroids"]
    vec = np.asarray(embedding, dtype=np.float32).reshape(-1)
    if vec.shape[0] != centroids.shape[1]:
        raise EmbeddingModelMismatchError(
            f"the query has {vec.shape[0]} dimensions but the clusters of {collection!r} have {centroids.shape[1]}",
            f"use the collection's embedding model, or re-run `assistant cluster --collection {collection}`")
    vec = vec / max(float(np.linalg.norm(vec)), 1e-12)
    return int(np.argmax(centroids @ vec))


# ---------------------------------------------------------------- importances

def _importances(metas, kinds, labels, seed) -> tuple[dict[str, float], float | None]:
    """Train a random forest on the original fields to predict the cluster; importances per field."""
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    X, owners = field_matrix(metas, kinds, standardise=False)
    keep = np.flatnonzero(labels >= 0)  # noise is not a cluster to tell apart
    if X.shape[1] == 0 or len(set(labels[keep].tolist())) < 2:
        return {}, None
    if len(keep) > IMPORTANCE_ROWS:
        keep = np.sort(np.random.default_rng(seed).choice(keep, IMPORTANCE_ROWS, replace=False))
    X, y = X[keep], labels[keep]
    forest = RandomForestClassifier(n_estimators=150, random_state=seed, n_jobs=1)
    totals: dict[str, float] = {}
    for owner, value in zip(owners, forest.fit(X, y).feature_importances_):
        totals[owner] = totals.get(owner, 0.0) + float(value)
    whole = sum(totals.values())
    ranked = {f: v / whole for f, v in sorted(totals.items(), key=lambda kv: -kv[1])} if whole > 0 else {}
    accuracy = None
    if min(Counter(y.tolist()).values()) >= 3:  # each fold needs every cluster present
        folds = StratifiedKFold(n_splits=3, shuffle=True, random_state=seed)
        accuracy = float(cross_val_score(forest, X, y, cv=folds).mean())
    return ranked, accuracy


# ---------------------------------------------------------------- the job

def _check_options(n: int, k: int | None, method: str, encoding: str, k_max: int) -> None:
    if method not in METHODS:
        raise ConfigError(f"unknown clustering method {method!r}", f"use one of: {', '.join(METHODS)}")
    if encoding not in ENCODINGS:
        raise ConfigError(f"unknown encoding {encoding!r}", f"use one of: {', '.join(ENCODINGS)}")
    if n < 3:
        raise ConfigError(f"the collection has {n} record(s); clustering needs at least 3",
                          "ingest more records first")
    if method == "kmeans" and k is not None and not 2 <= k < n:
        raise ConfigError(f"k={k} is out of range for {n} records", f"use a k from 2 to {n - 1}, or leave it out (auto)")
    if method == "kmeans" and k is None and k_max < 2:
        raise ConfigError(f"k_max={k_max} is below 2", "use a k_max of 2 or more")


def cluster_collection(store: Store, collection: str, *, k: int | None = None, method: str = "kmeans",
                       encoding: str = "embedding", seed: int = 0, k_max: int = 10,
                       plot: Path | None = None, html: Path | None = None,
                       query_embedding: np.ndarray | None = None, query_text: str | None = None,
                       projection: str = "auto", progress: Callable[[str], None] | None = None) -> ClusterReport:
    """Cluster every record of a collection, write each record's cluster id back, and explain the clusters.

    k=None with kmeans tries k = 2..min(k_max, n-1) and keeps the best silhouette. Labels go to metadata
    key '_cluster' (embedding) or '_cluster_onehot' (onehot); embedding centroids, k and the cluster profiles are
    saved with the collection (save_clusters).
    `plot`/`html` draw the clusters in 2-D by `projection` (see retrieval/projection.py).
    """
    from assistant.retrieval.projection import PROJECTIONS

    if projection not in PROJECTIONS:
        raise ConfigError(f"unknown projection {projection!r}", f"use one of: {', '.join(PROJECTIONS)}")
    note = progress or (lambda stage: None)
    note("loading records")
    data = store.get(collection, include_embeddings=True)
    ids, docs, metas = list(data["ids"]), list(data["documents"]), [m or {} for m in data["metadatas"]]
    n = len(ids)
    _check_options(n, k, method, encoding, k_max)
    kinds = profile_fields(metas)
    text_fields = sorted(f for f, kind in kinds.items() if kind == "text")
    if encoding == "embedding":
        X, metric = np.asarray(data["embeddings"], dtype=np.float32), "cosine"
    else:
        X, metric = field_matrix(metas, kinds, standardise=True)[0], "euclidean"
        if X.shape[1] == 0 or not np.any(X.std(axis=0) > 0):
            raise ConfigError(f"the records of {collection!r} have no numeric or categorical field that varies",
                              "use --encoding embedding (free-text fields are only usable through embeddings)")

    note("clustering")
    k_scores: dict[int, float] = {}
    if method == "hdbscan":
        labels = _hdbscan(X)
        if labels.max() < 0:
            raise ConfigError(f"HDBSCAN found no clusters in {collection!r}: every record is noise",
                              "use --method kmeans, or cluster a larger collection")
    elif k is None:
        labels, k_scores = choose_kmeans(X, k_max, seed, metric, on_trial=lambda trial: note(f"clustering k={trial}"))
    else:
        labels = _kmeans(X, k, seed)
    labels = _by_size(np.asarray(labels))
    n_clusters, noise = int(labels.max()) + 1, int((labels < 0).sum())

    note("writing labels")
    key = LABEL_KEYS[encoding]
    store.update_metadata(collection, ids, [{key: int(label)} for label in labels])
    centroids = _centroids(X, labels, unit=encoding == "embedding")

    note("describing clusters")
    clusters = []
    for c in range(n_clusters):
        members = np.flatnonzero(labels == c)
        sims = _similarity(X[members], centroids[c], cosine=encoding == "embedding")
        reps = [Representative(id=ids[i], similarity=float(s), preview=preview(docs[i]))
                for i, s in sorted(zip(members.tolist(), sims.tolist()), key=lambda t: -t[1])[:3]]
        clusters.append(ClusterSummary(cluster=c, size=len(members), share=len(members) / n,
                                       fields=field_stats([metas[i] for i in members], kinds),
                                       representatives=reps))
    if encoding == "embedding":
        save_clusters(store, collection, centroids, {
            "method": method, "encoding": encoding, "k": n_clusters, "seed": seed, "n_records": n,
            "n_embeddings": int(len(X)), "dimension": int(X.shape[1]), "noise": noise,
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "profiles": [c.model_dump(exclude={"representatives"}) for c in clusters]})
    note("ranking fields")
    importances, accuracy = _importances(metas, kinds, labels, seed)
    report = ClusterReport(collection=collection, method=method, encoding=encoding, k=n_clusters,
                           silhouette=_silhouette(X, labels, metric, seed), k_scores=k_scores, noise=noise,
                           n_records=n, clusters=clusters, importances=importances, importance_accuracy=accuracy,
                           text_fields=text_fields, written_to=key)
    if plot is not None or html is not None:
        note("plotting")
        query = query_embedding if encoding == "embedding" else None
        _draw(report, X, labels, ids, docs, cluster_names(clusters, metas, kinds), (query, query_text), projection,
              seed, plot, html)
    return report


def cluster_names(clusters: list[ClusterSummary], metas: list[dict], kinds: dict[str, str],
                  parts: int = 2) -> dict[int, str]:
    """Each cluster named by the field values that set it apart most from the whole collection.

    A category scores its share in the cluster minus its share overall ("Department=Sales 90%" where Sales is 30%
    of everyone scores 0.6); a number scores half its shift in overall standard deviations ("Age≈52", z=1.2 scores
    0.6). The `parts` best with a positive score make the name; a cluster nothing sets apart gets "".
    """
    n = max(len(metas), 1)
    overall = {f: Counter(str(m[f]) for m in metas if m.get(f) is not None) for f, k in kinds.items()
               if k == "categorical"}
    spread = {}
    for f, k in kinds.items():
        if k == "numeric":
            nums = np.array([float(m[f]) for m in metas if isinstance(m.get(f), (int, float))], dtype=float)
            nums = nums[np.isfinite(nums)]
            if len(nums) > 1 and nums.std() > 0:
                spread[f] = (float(nums.mean()), float(nums.std()))
    names = {}
    for c in clusters:
        found = []
        for st in c.fields:
            if st.kind == "categorical" and st.top:
                value, count = st.top[0]
                share = count / max(c.size, 1)
                found.append((share - overall[st.field][value] / n, f"{st.field}={value} {share:.0%}"))
            elif st.kind == "numeric" and st.mean is not None and st.field in spread:
                mean, std = spread[st.field]
                found.append((abs(st.mean - mean) / std / 2, f"{st.field}≈{st.mean:.3g}"))
        best = sorted((f for f in found if f[0] > 0), key=lambda f: -f[0])[:parts]
        names[c.cluster] = ", ".join(text for _, text in best)
    return names


def _draw(report: ClusterReport, X, labels, ids, docs, names, query, projection, seed, plot, html) -> None:
    from assistant.retrieval import plot as plotting
    from assistant.retrieval.projection import project

    query_vec, query_text = query
    nearest: list[tuple[int, float]] = []
    if query_vec is not None:  # stored embeddings are unit length; the query must be too to land among them
        query_vec = np.asarray(query_vec, dtype=np.float32).reshape(-1)
        query_vec = query_vec / max(float(np.linalg.norm(query_vec)), 1e-12)
        sims = X @ query_vec
        nearest = [(int(i), float(sims[i])) for i in np.argsort(-sims)[:NEAREST_MARKED]]
    shown = project(X, labels, query_vec, projection, seed)
    report.projection, report.projection_scores = shown.method, shown.scores
    title = f"{report.collection}: {report.method} on {report.encoding}, k={report.k}"
    if plot is not None:
        report.plot = str(plotting.write_png(Path(plot), shown.points, labels, shown.query, title=title,
                                             axis=shown.axis))
    if html is not None:
        hover = [f"{i} · cluster {c}\n{d or ''}" for i, c, d in zip(ids, labels.tolist(), docs)]
        scores = ", ".join(f"{m} {s:.2f}" for m, s in shown.scores.items())
        note = (f"{report.n_records:,} records · {shown.method.upper()} projection"
                + (f" (2-D silhouette: {scores})" if scores else ""))
        report.html = str(plotting.write_html(Path(html), shown.points, labels, hover, shown.query, title=title,
                                              query_text=query_text, nearest=nearest, names=names,
                                              axis=shown.axis, note=note))
