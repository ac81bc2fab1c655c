"""Pictures of a clustering: a PNG (matplotlib) and one self-contained interactive HTML map (plotly, inlined).

The map is a WebGL scatter (one trace per cluster, so the legend toggles clusters), zooms and pans, and shows the
whole record of the point under the mouse. plotly.js and the records are written into the file, so it opens
offline and makes no request; at 100k records it stays under 20 MB because the records are gzip-compressed
(bench/results_issue-16-pages.md has the sizes and load times).
"""
from __future__ import annotations

import base64
import gzip
import html
import json
from importlib import resources
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
COMPRESS_ABOVE = 1_000_000  # records bigger than this (bytes of JSON) are gzip+base64: a third of the size
QUERY_LABEL_CHARS = 80  # the query's on-map label; its whole text is in the side panel and its hover


def colour(label: int) -> str:
    """The colour of a cluster id; -1 (HDBSCAN noise) is grey."""
    return NOISE_COLOUR if label < 0 else PALETTE[label % len(PALETTE)]


def _legend_label(label: int, size: int, name: str = "") -> str:
    head = f"noise ({size})" if label < 0 else f"cluster {label} ({size})"
    return f"{head}: {name}" if name else head


def write_png(path: Path, points2d: np.ndarray, labels: Sequence[int], query2d: np.ndarray | None = None,
              title: str = "", axis: str = "PC") -> Path:
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
    ax.set_xlabel(f"{axis} 1")
    ax.set_ylabel(f"{axis} 2")
    if title:
        ax.set_title(title)
    ax.legend(loc="best", fontsize="small", markerscale=1.0, framealpha=0.85)
    fig.tight_layout()
    return atomic_write(Path(path), lambda tmp: fig.savefig(tmp, format="png"))


def _cut(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _figure(points, labels, query2d, query_text, nearest, names, axis, big):
    """The plotly figure as JSON (numpy arrays become typed arrays) and which record each trace's points are."""
    import plotly.graph_objects as go
    import plotly.io as pio

    fig = go.Figure()
    index: list[list[int] | None] = []
    for label in sorted(set(labels.tolist()), key=lambda c: (c < 0, c)):
        members = np.flatnonzero(labels == label)
        fig.add_trace(go.Scattergl(
            x=points[members, 0].astype(np.float32), y=points[members, 1].astype(np.float32), mode="markers",
            name=_cut(_legend_label(label, len(members), names.get(label, "")), 56), hoverinfo="none",
            marker={"size": 4 if big else 7, "color": colour(label), "opacity": 0.75}))
        index.append(members.tolist())
        if label >= 0 and len(members):  # the cluster's label sits at its middle
            mx, my = np.median(points[members], axis=0)
            text = f"<b>{label}</b>" + (f" {html.escape(_cut(names.get(label, ''), 32))}" if names.get(label) else "")
            fig.add_annotation(x=float(mx), y=float(my), text=text, showarrow=False, font={"size": 11},
                               bgcolor="rgba(255,255,255,0.75)", bordercolor=colour(label))
    query_trace = None
    if nearest:
        rows = [i for i, _ in nearest]
        fig.add_trace(go.Scattergl(x=points[rows, 0], y=points[rows, 1], mode="markers", hoverinfo="none",
                                   name=f"nearest to the query ({len(rows)})",
                                   marker={"size": 13, "color": "black", "line": {"width": 2},
                                           "symbol": "circle-open"}))
        index.append(rows)
    if query2d is not None:
        query_trace = len(index)
        fig.add_trace(go.Scattergl(x=[float(query2d[0])], y=[float(query2d[1])], mode="markers", hoverinfo="none",
                                   name="query", marker={"size": 18, "color": "black", "symbol": "x"}))
        index.append(None)
        fig.add_annotation(x=float(query2d[0]), y=float(query2d[1]), ax=40, ay=-40, arrowhead=2,
                           text="query: " + html.escape(_cut(query_text or "", QUERY_LABEL_CHARS)),
                           bgcolor="rgba(255,255,255,0.9)", bordercolor="black", font={"size": 12})
    search_trace = len(index)
    fig.add_trace(go.Scattergl(x=[], y=[], mode="markers", hoverinfo="none", name="search: 0",
                               marker={"size": 11, "color": "#d00", "symbol": "circle-open", "line": {"width": 2}}))
    index.append([])
    fig.update_layout(dragmode="pan", hovermode="closest", margin={"l": 50, "r": 10, "t": 30, "b": 40},
                      xaxis={"title": {"text": f"{axis} 1"}, "zeroline": False},
                      yaxis={"title": {"text": f"{axis} 2"}, "zeroline": False},
                      legend={"itemsizing": "constant", "font": {"size": 11}}, template="plotly_white")
    return json.loads(pio.to_json(fig, validate=False)), index, query_trace, search_trace


def _records_script(texts: Sequence[str]) -> tuple[str, bool]:
    raw = json.dumps(list(map(str, texts)), ensure_ascii=False)
    if len(raw.encode("utf-8")) <= COMPRESS_ABOVE:
        return _script_safe(raw), False
    return base64.b64encode(gzip.compress(raw.encode("utf-8"), 9, mtime=0)).decode("ascii"), True


def _script_safe(js: str) -> str:
    """JSON that cannot end its <script> element early (nor break on the JS line separators)."""
    return js.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


_CSS = """html,body{height:100%;margin:0}body{display:flex;flex-direction:column;font:14px/1.4 system-ui,sans-serif;
color:#222}header{padding:.3em 1em;border-bottom:1px solid #ddd;display:flex;flex-wrap:wrap;gap:.3em 1.2em;
align-items:baseline}h1{font-size:1.1em;margin:0}.note{color:#666;font-size:.9em}main{flex:1;display:flex;min-height:0}
#map{flex:1;min-width:0;min-height:300px}aside{width:24em;max-width:38vw;overflow:auto;border-left:1px solid #ddd;
padding:0 1em;font-size:.9em}aside h2{font-size:1em;margin:.8em 0 .3em;display:inline-block}.rec{white-space:pre-wrap;overflow-wrap:anywhere;
margin:0}#tip{position:fixed;display:none;pointer-events:none;white-space:pre-wrap;overflow-wrap:anywhere;
max-width:min(46em,70vw);background:#fffff8;border:1px solid #888;border-radius:4px;padding:.4em .6em;font-size:12px;
box-shadow:0 2px 8px rgba(0,0,0,.25);z-index:10}ol{padding-left:1.4em}li{margin-bottom:.4em}
@media (max-width:700px){main{flex-direction:column}aside{width:auto;max-width:none;max-height:35vh}}"""


def _side_panel(query_text, nearest, texts) -> str:
    parts = []
    if query_text is not None:
        parts.append(f'<h2>Query</h2><p class="rec" id="query">{html.escape(query_text)}</p>')
    if nearest:
        items = "".join(f'<li><span class="note">{sim:.3f}</span> {html.escape(_cut(texts[i], 160))}</li>'
                        for i, sim in nearest)
        parts.append(f"<details open><summary><h2>Nearest records (cosine)</h2></summary><ol>{items}</ol></details>")
    parts.append('<h2>Record</h2><p class="rec" id="picked">Hover a point to read its record; click it to keep '
                 "it here.</p>")
    return "".join(parts)


def write_html(path: Path, points2d: np.ndarray, labels: Sequence[int], hover_texts: Sequence[str],
               query2d: np.ndarray | None = None, title: str = "", *, query_text: str | None = None,
               nearest: Sequence[tuple[int, float]] = (), names: dict[int, str] | None = None, axis: str = "PC",
               note: str = "") -> Path:
    """Write one self-contained interactive map: zoom, pan, legend toggles, search, the whole record on hover.

    hover_texts[i] is point i's full record; `nearest` are (point index, similarity) pairs marked around the query;
    `names` label the clusters (legend and map). Everything, plotly.js included, is inside the file.
    """
    import plotly.offline

    points = np.asarray(points2d, dtype=float).reshape(-1, 2)
    labels = np.asarray(labels, dtype=int)
    if len(hover_texts) != len(points) or len(labels) != len(points):
        raise ValueError("points2d, labels and hover_texts must have the same length")
    fig, index, query_trace, search_trace = _figure(points, labels, query2d, query_text, list(nearest),
                                                    names or {}, axis, big=len(points) > 2000)
    records, compressed = _records_script(hover_texts)
    meta = {"index": index, "queryTrace": query_trace, "searchTrace": search_trace, "query": query_text or "",
            "compressed": compressed,
            "config": {"scrollZoom": True, "responsive": True, "displaylogo": False, "doubleClick": "reset"}}
    head = html.escape(title or "Clusters")
    js = resources.files("assistant.retrieval").joinpath("map.js").read_text(encoding="utf-8")
    page = [f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">\n<title>{head}</title>\n'
            f"<style>{_CSS}</style>\n</head>\n<body>\n<header><h1>{head}</h1>"
            f'<span class="note">{html.escape(note)}</span>'
            '<input id="search" type="search" placeholder="search the records" aria-label="search the records">'
            '<span id="hits" class="note"></span><span class="note">drag: pan · wheel: zoom · double-click: reset · '
            "legend: show/hide a cluster</span></header>\n"
            f'<main><div id="map"></div><aside>{_side_panel(query_text, list(nearest), hover_texts)}</aside></main>\n'
            '<div id="tip" role="tooltip"></div>\n',
            f'<script type="application/json" id="records">{records}</script>\n',
            f'<script>{plotly.offline.get_plotlyjs()}</script>\n',
            f"<script>const FIG = {_script_safe(json.dumps(fig))};\nconst META = {_script_safe(json.dumps(meta))};"
            "</script>\n",
            f"<script>{js}</script>\n</body>\n</html>\n"]

    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.writelines(page)

    return atomic_write(Path(path), write)
