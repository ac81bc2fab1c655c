"""2-D pictures of a clustering: a PNG (matplotlib) and one self-contained HTML file (inline SVG)."""
from __future__ import annotations

import html
from pathlib import Path
from typing import Sequence

import numpy as np

from assistant.core.files import atomic_write

# tab10 followed by its light variants; the PNG and the HTML use the same colours so they read alike.
PALETTE = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2", "#c7c7c7", "#dbdb8d", "#9edae5",
]
NOISE_COLOUR = "#b0b0b0"
HOVER_CHARS = 400  # hover texts are cut so a large collection still gives a file a browser opens


def colour(label: int) -> str:
    """The colour of a cluster id; -1 (HDBSCAN noise) is grey."""
    return NOISE_COLOUR if label < 0 else PALETTE[label % len(PALETTE)]


def project_pca(X: np.ndarray, query: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray | None]:
    """Project rows of X (and an optional query vector) onto X's first two principal components.

    Always returns (n, 2) points and a (2,) query point (or None); missing components are zeros,
    so tiny or one-dimensional inputs still plot.
    """
    from sklearn.decomposition import PCA

    X = np.asarray(X, dtype=np.float64)
    points = np.zeros((len(X), 2))
    query2d = np.zeros(2) if query is not None else None
    n_comp = min(2, X.shape[0], X.shape[1]) if X.ndim == 2 else 0
    if n_comp >= 1:
        pca = PCA(n_components=n_comp, random_state=0).fit(X)
        points[:, :n_comp] = pca.transform(X)
        if query is not None:
            query2d[:n_comp] = pca.transform(np.asarray(query, dtype=np.float64).reshape(1, -1))[0]
    return points, query2d


def _legend_label(label: int, size: int) -> str:
    return f"noise ({size})" if label < 0 else f"cluster {label} ({size})"


def write_png(path: Path, points2d: np.ndarray, labels: Sequence[int], query2d: np.ndarray | None = None,
              title: str = "") -> Path:
    """Write a scatter plot PNG, one colour per cluster, noise grey, the query as a big black X."""
    # The object-oriented API with the Agg canvas needs no display and leaves pyplot's global state alone.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    points2d = np.asarray(points2d, dtype=float)
    labels = np.asarray(labels, dtype=int)
    fig = Figure(figsize=(9, 7), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    size = 12 if len(points2d) > 2000 else 28
    for label in sorted(set(labels.tolist())):
        mask = labels == label
        ax.scatter(points2d[mask, 0], points2d[mask, 1], s=size, c=colour(label), alpha=0.75, linewidths=0,
                   label=_legend_label(label, int(mask.sum())))
    if query2d is not None:
        ax.scatter([query2d[0]], [query2d[1]], s=300, c="black", marker="X", label="query", zorder=5)
    ax.set_xlabel("PC 1")
    ax.set_ylabel("PC 2")
    if title:
        ax.set_title(title)
    ax.legend(loc="best", fontsize="small", markerscale=1.0, framealpha=0.85)
    fig.tight_layout()
    return atomic_write(Path(path), lambda tmp: fig.savefig(tmp, format="png"))


def _svg_document(points2d, labels, hover_texts, query2d, title) -> str:
    width, height, margin, legend_w = 820, 620, 30, 190
    pts = np.asarray(points2d, dtype=float).reshape(-1, 2)
    labels = np.asarray(labels, dtype=int)
    every = pts if query2d is None else np.vstack([pts, np.asarray(query2d, dtype=float).reshape(1, 2)])
    lo = every.min(axis=0) if len(every) else np.zeros(2)
    span = (every.max(axis=0) - lo) if len(every) else np.ones(2)
    span[span == 0] = 1.0
    plot_w, plot_h = width - legend_w - 2 * margin, height - 2 * margin

    def xy(p):  # SVG's y axis points down, so flip it to keep the usual orientation
        return margin + (p[0] - lo[0]) / span[0] * plot_w, margin + (1 - (p[1] - lo[1]) / span[1]) * plot_h

    radius = 2.5 if len(pts) > 2000 else 4
    out = [f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img">',
           f'<rect x="0" y="0" width="{width}" height="{height}" fill="white"/>']
    for p, label, text in zip(pts, labels, hover_texts):
        x, y = xy(p)
        tip = html.escape(str(text)[:HOVER_CHARS], quote=True)
        out.append(f'<circle class="pt" cx="{x:.1f}" cy="{y:.1f}" r="{radius}" fill="{colour(label)}">'
                   f"<title>{tip}</title></circle>")
    if query2d is not None:
        x, y, d = *xy(np.asarray(query2d, dtype=float)), 9
        out.append(f'<g class="query"><title>query</title>'
                   f'<line x1="{x - d:.1f}" y1="{y - d:.1f}" x2="{x + d:.1f}" y2="{y + d:.1f}" stroke="black" stroke-width="4"/>'
                   f'<line x1="{x - d:.1f}" y1="{y + d:.1f}" x2="{x + d:.1f}" y2="{y - d:.1f}" stroke="black" stroke-width="4"/></g>')
    # The legend sits in its own column to the right of the plot area.
    lx, ly = width - legend_w + 10, margin
    entries = [(label, int((labels == label).sum())) for label in sorted(set(labels.tolist()))]
    for i, (label, size) in enumerate(entries):
        y = ly + 20 * i
        out.append(f'<circle cx="{lx + 6}" cy="{y}" r="6" fill="{colour(label)}"/>'
                   f'<text x="{lx + 18}" y="{y + 4}">{html.escape(_legend_label(label, size))}</text>')
    if query2d is not None:
        y, d = ly + 20 * len(entries), 6
        out.append(f'<g class="query-legend"><line x1="{lx}" y1="{y - d}" x2="{lx + 12}" y2="{y + d}" stroke="black" stroke-width="3"/>'
                   f'<line x1="{lx}" y1="{y + d}" x2="{lx + 12}" y2="{y - d}" stroke="black" stroke-width="3"/>'
                   f'<text x="{lx + 18}" y="{y + 4}">query</text></g>')
    out.append("</svg>")
    head = html.escape(title or "Clusters")
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{head}</title>\n<style>\nbody{{font-family:sans-serif;margin:1.5em}}\n"
            "svg text{font-size:13px}\n.pt{opacity:.8}\n.pt:hover{opacity:1;stroke:black;stroke-width:1.5}\n</style>\n"
            f"</head>\n<body>\n<h1>{head}</h1>\n<p>Hover over a point to read its record.</p>\n"
            + "\n".join(out) + "\n</body>\n</html>\n")


def write_html(path: Path, points2d: np.ndarray, labels: Sequence[int], hover_texts: Sequence[str],
               query2d: np.ndarray | None = None, title: str = "") -> Path:
    """Write one self-contained HTML file: an inline SVG scatter where hovering a point shows its text.

    No scripts and no external resources, so the file opens offline and can be mailed as it is.
    """
    if len(hover_texts) != len(points2d) or len(labels) != len(points2d):
        raise ValueError("points2d, labels and hover_texts must have the same length")
    doc = _svg_document(points2d, labels, hover_texts, query2d, title)

    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(doc)

    return atomic_write(Path(path), write)
