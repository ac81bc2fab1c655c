"""The PNG, the 2-D projections and the interactive HTML map (read back from the file; the browser test is real)."""
from __future__ import annotations

import numpy as np
import pytest

from assistant.core.errors import ConfigError
from assistant.retrieval.plot import write_html, write_png
from assistant.retrieval.projection import PROJECTIONS, project, project_pca, separation
from pages import map_parts


def sample():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(0, 1, (10, 5)), rng.normal(6, 1, (10, 5))])
    labels = [0] * 10 + [1] * 9 + [-1]
    return X, labels


def blobs(k=6, per=40, dim=32, seed=0):
    """k clusters whose centres differ in few directions, beneath a large shared variance (PCA's weak case)."""
    rng = np.random.default_rng(seed)
    shared = rng.normal(0, 1, (k * per, dim)) * np.r_[np.full(4, 8.0), np.ones(dim - 4)]
    centres = np.zeros((k, dim))
    centres[:, 4:4 + k] = np.eye(k) * 6
    labels = np.repeat(np.arange(k), per)
    return shared + centres[labels], labels


def test_project_pca_shapes_and_query():
    X, _ = sample()
    points, q = project_pca(X, X[0])
    assert points.shape == (20, 2) and q.shape == (2,)
    assert np.allclose(q, points[0])
    points, q = project_pca(X[:, :1])  # one feature: second coordinate stays zero
    assert q is None and np.all(points[:, 1] == 0)


def test_lda_separates_clusters_that_pca_piles_up():
    X, labels = blobs()
    pca, lda = project(X, labels, method="pca"), project(X, labels, method="lda")
    assert separation(lda.points, labels) > separation(pca.points, labels) + 0.2
    auto = project(X, labels, X[0], method="auto")
    assert auto.method == "lda" and set(auto.scores) == {"pca", "lda"} and auto.query.shape == (2,)
    assert np.allclose(auto.query, auto.points[0])  # a linear map places the query like any record


def test_projection_falls_back_and_refuses():
    X, labels = sample()
    assert project(X, labels, method="lda").method == "pca"  # two clusters give LDA a single axis
    with pytest.raises(ConfigError, match="unknown projection"):
        project(X, labels, method="umap")
    assert set(PROJECTIONS) == {"auto", "lda", "tsne", "pca"}


def test_tsne_places_the_query_among_its_neighbours():
    X, labels = blobs(k=3, per=20, dim=8)
    shown = project(X, labels, X[5], method="tsne")
    assert shown.method == "tsne" and shown.points.shape == (60, 2)
    assert np.linalg.norm(shown.query - shown.points[5]) < np.ptp(shown.points, axis=0).max() / 2


def test_png_written(tmp_path):
    X, labels = sample()
    points, q = project_pca(X, X.mean(axis=0))
    path = write_png(tmp_path / "sub" / "p.png", points, labels, q, title="test")
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 1000
    assert [p.name for p in path.parent.iterdir()] == ["p.png"]  # no temp file left


def test_map_is_self_contained_and_keeps_whole_records(tmp_path):
    X, labels = sample()
    points, q = project_pca(X, X.mean(axis=0))
    long = "Summary: " + "word " * 400 + "END"  # far past the old 400-character cut
    texts = [f"record {i} <b>&\"x\"</b> </script>" for i in range(19)] + [long]
    path = write_html(tmp_path / "p.html", points, labels, texts, q, title="A <title>", query_text="find <me>",
                      nearest=[(3, 0.9), (4, 0.8)], names={0: "Dept=Sales 90%", 1: ""})
    page = path.read_text(encoding="utf-8")
    records, fig, meta = map_parts(page)
    assert records == texts  # every record whole, escaping undone
    assert "<script src" not in page and page.count("</script>") == page.count("<script")
    assert "<b>" not in page.split("<script")[0] and "A &lt;title&gt;" in page and "find &lt;me&gt;" in page
    traces = [t for t in fig["data"] if t["type"] == "scattergl"]
    assert len(traces) == len(fig["data"])  # WebGL throughout
    names = [t["name"] for t in traces]
    assert names[:3] == ["cluster 0 (10): Dept=Sales 90%", "cluster 1 (9)", "noise (1)"]
    assert "nearest to the query (2)" in names and "query" in names
    assert meta["index"][0] == list(range(10)) and meta["index"][2] == [19]
    assert meta["index"][names.index("nearest to the query (2)")] == [3, 4]
    assert meta["queryTrace"] == names.index("query") and meta["query"] == "find <me>"
    assert fig["layout"]["dragmode"] == "pan" and meta["config"]["scrollZoom"]
    assert any("Dept=Sales" in a["text"] for a in fig["layout"]["annotations"])
    assert [p.name for p in tmp_path.iterdir()] == ["p.html"]


def test_big_maps_compress_their_records(tmp_path):
    n = 3000
    rng = np.random.default_rng(1)
    texts = [f"R{i} · cluster {i % 3}\n" + " ".join(rng.choice(["alpha", "beta", "gamma"], 80)) for i in range(n)]
    page = write_html(tmp_path / "big.html", rng.normal(size=(n, 2)), [i % 3 for i in range(n)],
                      texts).read_text(encoding="utf-8")
    records, fig, meta = map_parts(page)
    assert meta["compressed"] and records == texts and meta["queryTrace"] is None
    from plotly.offline import get_plotlyjs

    assert len(page.encode()) < len(get_plotlyjs()) + len("".join(texts)) / 2  # plotly.js plus under half the text


def test_map_checks_lengths(tmp_path):
    with pytest.raises(ValueError, match="same length"):
        write_html(tmp_path / "p.html", np.zeros((3, 2)), [0, 1, 2], ["a"])
