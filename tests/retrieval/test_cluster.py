"""Clustering against an in-memory fake store (fast) and once against the real Chroma store."""
from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from sklearn.datasets import make_blobs
from sklearn.metrics import adjusted_rand_score

from assistant.core.errors import AssistantError, ConfigError, NotClusteredError
from assistant.core.results import ClusterSummary
from assistant.data.fields import field_stats
from assistant.retrieval.cluster import (
    cluster_collection,
    cluster_names,
    field_matrix,
    load_clusters,
    nearest_cluster,
    preview,
    profile_fields,
)

from pages import map_parts

COLORS = ["red", "green", "blue"]


class FakeStore:
    """Just enough of the Store protocol for clustering: get, update_metadata (merging keys like Chroma) and the
    collection's own metadata (where the clustering is kept)."""

    def __init__(self):
        self.cols: dict[str, dict[str, Any]] = {}

    def collection_info(self, name):
        return dict(self.cols[name]["info"])

    def set_collection_info(self, name, info):
        self.cols[name]["info"].update(info)

    def upsert(self, name, ids, embeddings, documents, metadatas):
        col = self.cols.setdefault(name, {"ids": [], "emb": [], "docs": [], "metas": [], "info": {}})
        col["ids"] += list(ids)
        col["emb"] += [np.asarray(e, dtype=np.float32) for e in embeddings]
        col["docs"] += list(documents)
        col["metas"] += [dict(m) for m in metadatas]

    def count(self, name):
        return len(self.cols[name]["ids"])

    def get(self, name, ids=None, where=None, include_embeddings=False):
        col = self.cols[name]
        emb = np.array(col["emb"], dtype=np.float32) if include_embeddings else None
        return {"ids": list(col["ids"]), "documents": list(col["docs"]),
                "metadatas": [dict(m) for m in col["metas"]], "embeddings": emb}

    def update_metadata(self, name, ids, metadatas):
        col = self.cols[name]
        where = {i: n for n, i in enumerate(col["ids"])}
        for i, meta in zip(ids, metadatas):
            col["metas"][where[i]].update(meta)


def make_records(n=90, centers=3, outliers=0, seed=0):
    """Normalised blob vectors; 'price' follows the blob, 'color' and 'active' are random, 'note' is prose."""
    X, y = make_blobs(n_samples=n, centers=centers, n_features=16, cluster_std=0.6, center_box=(-10, 10),
                      random_state=seed)
    rng = np.random.default_rng(seed)
    if outliers:
        X = np.vstack([X, rng.normal(0, 10, size=(outliers, 16))])
        y = np.concatenate([y, -np.ones(outliers, dtype=int)])
    X = (X / np.linalg.norm(X, axis=1, keepdims=True)).astype(np.float32)
    ids, docs, metas = [], [], []
    for i, blob in enumerate(y):
        meta = {"_source": "test.csv", "_row": i, "_hash": f"h{i}",
                "price": float(100 * max(blob, 0) + rng.normal(0, 3)),
                "color": COLORS[int(rng.integers(3))], "active": bool(rng.integers(2)),
                "note": f"Record {i} says something long and unique about itself, far beyond a category label."}
        if i % 7 == 0:
            del meta["price"]
        if i % 11 == 0:
            del meta["color"]
        ids.append(f"r{i}")
        metas.append(meta)
        docs.append("\n".join(f"{k.title()}: {v}" for k, v in meta.items() if not k.startswith("_")))
    return ids, X, docs, metas, y


@pytest.fixture
def blobs():
    store = FakeStore()
    ids, X, docs, metas, y = make_records()
    store.upsert("blobs", ids, X, docs, metas)
    return store, X, y


def stored_labels(store, key, name="blobs"):
    return np.array([m[key] for m in store.get(name)["metadatas"]])


def test_kmeans_fixed_k_recovers_blobs_and_writes_labels(blobs, tmp_path):
    store, X, y = blobs
    stages = []
    report = cluster_collection(store, "blobs", k=3, progress=stages.append)
    assert report.k == 3 and report.n_records == 90 and report.written_to == "_cluster"
    labels = stored_labels(store, "_cluster")
    assert adjusted_rand_score(y, labels) == 1.0
    assert all("price" in m or i % 7 == 0 for i, m in enumerate(store.get("blobs")["metadatas"]))  # merged
    assert report.silhouette is not None and report.silhouette > 0.5
    assert [c.size for c in report.clusters] == sorted((c.size for c in report.clusters), reverse=True)
    assert abs(sum(c.share for c in report.clusters) - 1) < 1e-9
    first = report.clusters[0]
    assert len(first.representatives) == 3 and first.representatives[0].similarity > 0.9
    assert " | " in first.representatives[0].preview and len(first.representatives[0].preview) <= 160
    stats = {s.field: s for s in first.fields}
    assert stats["price"].kind == "numeric" and stats["price"].mean is not None
    assert stats["color"].kind == "categorical" and len(stats["color"].top) <= 3
    assert sum(s.missing for c in report.clusters for s in c.fields if s.field == "price") == 13
    assert "clustering" in stages


def test_auto_k_picks_three(blobs, tmp_path):
    store, _, y = blobs
    report = cluster_collection(store, "blobs", k_max=6)
    assert sorted(report.k_scores) == [2, 3, 4, 5, 6]
    assert report.k == 3 == max(report.k_scores, key=report.k_scores.get)
    assert adjusted_rand_score(y, stored_labels(store, "_cluster")) == 1.0


def test_hdbscan_reports_noise(tmp_path):
    store = FakeStore()
    ids, X, docs, metas, y = make_records(n=120, outliers=8)
    store.upsert("blobs", ids, X, docs, metas)
    report = cluster_collection(store, "blobs", method="hdbscan", k=7)
    labels = stored_labels(store, "_cluster")
    assert report.method == "hdbscan" and report.k == 3  # the given k is ignored
    assert report.noise == int((labels == -1).sum()) > 0
    assert sum(c.size for c in report.clusters) + report.noise == len(ids)
    kept = (labels >= 0) & (y >= 0)  # an outlier may join a cluster; the blobs themselves must not mix
    assert kept.sum() >= 100 and adjusted_rand_score(y[kept], labels[kept]) == 1.0


def test_clustering_is_kept_with_the_collection_and_finds_the_nearest_cluster(blobs, tmp_path):
    store, X, y = blobs
    cluster_collection(store, "blobs", k=3, seed=1)
    saved = load_clusters(store, "blobs")  # from the collection's own metadata: any client of the store sees it
    assert saved["centroids"].shape == (3, 16) and saved["k"] == 3 and saved["seed"] == 1
    assert saved["n_records"] == 90 and saved["method"] == "kmeans"
    assert np.allclose(np.linalg.norm(saved["centroids"], axis=1), 1, atol=1e-5)
    assert [p["size"] for p in saved["profiles"]] == [30, 30, 30] and saved["profiles"][0]["fields"]
    assert list(tmp_path.iterdir()) == []  # nothing written to the workspace
    labels = stored_labels(store, "_cluster")
    for blob in range(3):
        query = X[y == blob].mean(axis=0) * 5  # any length: nearest_cluster normalises
        assert nearest_cluster(store, "blobs", query) == labels[y == blob][0]


def test_importances_rank_separating_field_first(blobs, tmp_path):
    store, _, _ = blobs
    report = cluster_collection(store, "blobs", k=3)
    assert list(report.importances)[0] == "price"
    assert abs(sum(report.importances.values()) - 1) < 1e-9
    assert list(report.importances.values()) == sorted(report.importances.values(), reverse=True)
    assert report.importance_accuracy is not None and report.importance_accuracy > 0.8


def test_text_field_left_out(blobs, tmp_path):
    store, _, _ = blobs
    report = cluster_collection(store, "blobs", k=3)
    assert report.text_fields == ["note"]
    assert "note" not in report.importances
    assert all(s.field != "note" and not s.field.startswith("_") for c in report.clusters for s in c.fields)


def test_profile_and_matrix():
    metas = [{"a": 1, "b": "x", "c": True, "_row": 3}, {"a": 2.5, "c": False}, {"b": "y"}]
    kinds = profile_fields(metas)
    assert kinds == {"a": "numeric", "b": "categorical", "c": "categorical"}
    X, owners = field_matrix(metas, kinds, standardise=False)
    assert owners[0] == "a" and X[2, 0] == pytest.approx(1.75)  # missing -> mean
    assert owners.count("b") == 3  # x, y and (missing)
    assert preview("A: 1\n\nB: 2") == "A: 1 | B: 2" and len(preview("x" * 500)) == 160


def test_errors(tmp_path):
    store = FakeStore()
    ids, X, docs, metas, _ = make_records(n=30)
    store.upsert("small", ids[:2], X[:2], docs[:2], metas[:2])
    store.upsert("blobs", ids, X, docs, metas)
    with pytest.raises(ConfigError, match="at least 3"):
        cluster_collection(store, "small", k=2)
    for bad in (1, 30, 31):
        with pytest.raises(ConfigError) as info:
            cluster_collection(store, "blobs", k=bad)
        assert info.value.fix
    with pytest.raises(ConfigError, match="method"):
        cluster_collection(store, "blobs", method="dbscan")
    with pytest.raises(ConfigError, match="encoding"):
        cluster_collection(store, "blobs", encoding="tfidf")
    with pytest.raises(NotClusteredError) as info:
        nearest_cluster(store, "blobs", X[0])
    assert "assistant cluster --collection blobs" in info.value.fix
    assert isinstance(info.value, AssistantError)
    assert all("_cluster" not in m for m in store.get("blobs")["metadatas"])  # nothing written on error


def test_onehot_without_usable_fields(tmp_path):
    store = FakeStore()
    ids, X, docs, metas, _ = make_records(n=30)
    store.upsert("prose", ids, X, docs, [{"note": m["note"], "_row": m["_row"]} for m in metas])
    with pytest.raises(ConfigError, match="no numeric or categorical"):
        cluster_collection(store, "prose", encoding="onehot")


def test_onehot_writes_its_own_key(tmp_path):
    store = FakeStore()
    ids, X, docs, metas, y = make_records()
    # Only price follows the blobs; random color/active would (rightly) split the one-hot space their way.
    fields = [{k: v for k, v in m.items() if k not in ("color", "active")} for m in metas]
    store.upsert("blobs", ids, X, docs, fields)
    report = cluster_collection(store, "blobs", encoding="onehot", k=3)
    assert report.encoding == "onehot" and report.written_to == "_cluster_onehot"
    stored = store.get("blobs")["metadatas"]
    assert all("_cluster_onehot" in m and "_cluster" not in m for m in stored)
    assert "clusters" not in store.collection_info("blobs")  # centroids are kept for the embedding space only
    has_price = np.array(["price" in m for m in stored])
    labels = stored_labels(store, "_cluster_onehot")
    assert adjusted_rand_score(y[has_price], labels[has_price]) == 1.0
    assert report.silhouette is not None


def test_plots_from_cluster_collection(blobs, tmp_path):
    store, X, _ = blobs
    report = cluster_collection(store, "blobs", k=3, plot=tmp_path / "out" / "c.png",
                                html=tmp_path / "out" / "c.html", query_embedding=X[0])
    assert report.plot and (tmp_path / "out" / "c.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    records, fig, meta = map_parts((tmp_path / "out" / "c.html").read_text(encoding="utf-8"))
    assert len(records) == 90 and report.html and meta["queryTrace"] is not None
    assert report.projection == "lda" and set(report.projection_scores) == {"lda", "pca"}
    assert [t["name"] for t in fig["data"]][-3:] == ["nearest to the query (10)", "query", "search: 0"]
    assert records[meta["index"][-3][0]].startswith("r0 · ")  # the query is record 0's own vector: nearest first


def test_cluster_names_pick_what_sets_a_cluster_apart():
    metas = [{"dept": "Sales", "age": 50} for _ in range(10)] + [{"dept": "IT", "age": 30} for _ in range(30)]
    kinds = {"dept": "categorical", "age": "numeric"}
    clusters = [ClusterSummary(cluster=0, size=10, share=.25, representatives=[],
                               fields=field_stats(metas[:10], kinds)),
                ClusterSummary(cluster=1, size=30, share=.75, representatives=[],
                               fields=field_stats(metas[10:], kinds))]
    names = cluster_names(clusters, metas, kinds)
    assert set(names[0].split(", ")) == {"dept=Sales 100%", "age≈50"} and "dept=IT 100%" in names[1]


def test_unknown_projection_is_refused(blobs, tmp_path):
    store, _, _ = blobs
    with pytest.raises(ConfigError, match="projection"):
        cluster_collection(store, "blobs", k=3, projection="umap")


def test_real_chroma_store(tmp_path):
    from assistant.backends.store import ChromaStore

    store = ChromaStore(tmp_path / "chroma")
    ids, X, docs, metas, y = make_records(n=60)
    store.ensure_collection("real-blobs", {"embedding_model": "fake"})
    store.upsert("real-blobs", ids, X, docs, metas)
    report = cluster_collection(store, "real-blobs", k=3, )
    got = store.get("real-blobs")
    by_id = dict(zip(got["ids"], got["metadatas"]))
    labels = np.array([by_id[i]["_cluster"] for i in ids])
    assert adjusted_rand_score(y, labels) == 1.0
    assert all(by_id[i]["_source"] == "test.csv" and by_id[i]["note"] == m["note"] for i, m in zip(ids, metas))
    assert report.n_records == 60 and list(report.importances)[0] == "price"
    assert nearest_cluster(store, "real-blobs", X[0]) == labels[0]


def test_a_clustering_from_an_older_version_is_still_read_from_the_workspace(blobs, tmp_path):
    import json

    store, X, _ = blobs
    (tmp_path / "blobs.json").write_text(json.dumps({"k": 2, "centroids": [X[0].tolist(), (-X[0]).tolist()]}))
    assert nearest_cluster(store, "blobs", X[0], tmp_path) == 0
    assert nearest_cluster(store, "blobs", -X[0], tmp_path) == 1
    (tmp_path / "blobs.json").write_text("{not json")
    with pytest.raises(NotClusteredError, match="cannot be read"):
        load_clusters(store, "blobs", tmp_path)
