"""The PNG and the self-contained HTML scatter."""
from __future__ import annotations

import numpy as np

from assistant.retrieval.plot import project_pca, write_html, write_png


def sample():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(0, 1, (10, 5)), rng.normal(6, 1, (10, 5))])
    labels = [0] * 10 + [1] * 9 + [-1]
    return X, labels


def test_project_pca_shapes_and_query():
    X, _ = sample()
    points, q = project_pca(X, X[0])
    assert points.shape == (20, 2) and q.shape == (2,)
    assert np.allclose(q, points[0])
    points, q = project_pca(X[:, :1])  # one feature: second coordinate stays zero
    assert q is None and np.all(points[:, 1] == 0)


def test_png_written(tmp_path):
    X, labels = sample()
    points, q = project_pca(X, X.mean(axis=0))
    path = write_png(tmp_path / "sub" / "p.png", points, labels, q, title="test")
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 1000
    assert [p.name for p in path.parent.iterdir()] == ["p.png"]  # no temp file left


def test_html_self_contained(tmp_path):
    X, labels = sample()
    points, q = project_pca(X, X.mean(axis=0))
    texts = [f"record {i} <b>&\"x\"</b>" for i in range(20)]
    path = write_html(tmp_path / "p.html", points, labels, texts, q, title="A <title>")
    page = path.read_text(encoding="utf-8")
    assert "http://" not in page and "https://" not in page and "<script src" not in page
    for i in range(20):
        assert f"<title>record {i} &lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;</title>" in page
    assert page.count("<circle class=\"pt\"") == 20
    assert "<b>" not in page and "A &lt;title&gt;" in page
    assert 'class="query"' in page and "noise (1)" in page and "cluster 1 (9)" in page
    assert [p.name for p in tmp_path.iterdir()] == ["p.html"]


def test_html_without_query(tmp_path):
    X, labels = sample()
    points, _ = project_pca(X)
    page = write_html(tmp_path / "p.html", points, labels, ["t"] * 20).read_text(encoding="utf-8")
    assert 'class="query"' not in page
