"""Issue 16 (pages): the cluster map and the extraction page, measured and checked in headless chromium.

    flock /tmp/bench.lock env PYTHONPATH=. python bench/issue16_pages.py [--n 100000] [--tsne-n 3000] [--parts maps,extract]

1. The sample applicants (400, real embedder) clustered k=12 as `make demo` does, projected by PCA, LDA and t-SNE:
   seconds, the 2-D silhouette of the cluster labels and the trustworthiness (k=10) of each picture; the demo's map
   opened in chromium (renders, no request, the hover card is the whole record); screenshots.
2. N synthetic records made from the sample (each a sample row with its Summary's sentences mixed with another's,
   its numbers jittered, its vector the row's plus noise): `cluster_collection` k=12 with the map, stage by stage;
   the file's size; chromium's load time and the frame rate while panning; a screenshot.
3. The extraction review page of the demo's `extract` (12 summaries, one blanked to show an empty input).
Screenshots go to bench/out/, the numbers to stdout as JSON lines.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from pages import Browser, hover_first_point, map_parts  # noqa: E402

from assistant import Assistant, Settings  # noqa: E402
from assistant.retrieval.cluster import cluster_collection  # noqa: E402
from assistant.retrieval.projection import project, separation  # noqa: E402

SAMPLE = ROOT / "assistant" / "sample"
OUT = ROOT / "bench" / "out"


def say(**row) -> None:
    print(json.dumps(row, default=float), flush=True)


class ArrayStore:
    """The two Store calls clustering needs, over arrays in memory (Chroma would take minutes to load 100k)."""

    def __init__(self, ids, X, docs, metas):
        self.data = {"ids": ids, "embeddings": X, "documents": docs, "metadatas": metas}
        self.labels = np.zeros(0, dtype=int)

    def get(self, collection, include_embeddings=False, **_):
        return self.data

    def update_metadata(self, collection, ids, metas):
        self.labels = np.array([next(iter(m.values())) for m in metas])


def trust(X, points, n=2000, seed=0) -> float:
    from sklearn.manifold import trustworthiness

    rows = np.random.default_rng(seed).choice(len(X), min(n, len(X)), replace=False)
    return float(trustworthiness(X[rows], points[rows], n_neighbors=10, metric="cosine"))


def pan_fps(browser: Browser) -> dict:
    """Drag the map for about two seconds with the mouse; frames drawn per second meanwhile."""
    box = browser.js("(() => { const r = document.querySelector('#map .nsewdrag').getBoundingClientRect();"
                     " return [r.left + r.width / 2, r.top + r.height / 2]; })()")
    browser.js("window.__frames = 0; (function tick() { window.__frames++; requestAnimationFrame(tick); })(); 0")
    x, y = box
    browser.call("Input.dispatchMouseEvent", type="mousePressed", x=x, y=y, button="left", clickCount=1)
    start_frames = browser.js("window.__frames")
    started = time.perf_counter()
    for step in range(60):
        browser.call("Input.dispatchMouseEvent", type="mouseMoved", x=x + 3 * step, y=y + step, button="left")
        time.sleep(0.03)
    seconds = time.perf_counter() - started
    browser.call("Input.dispatchMouseEvent", type="mouseReleased", x=x + 180, y=y + 60, button="left", clickCount=1)
    frames = browser.js("window.__frames") - start_frames
    moved = browser.js("JSON.stringify(document.getElementById('map')._fullLayout.xaxis.range)")
    return {"pan_seconds": round(seconds, 2), "frames": frames, "fps": round(frames / seconds, 1), "x_range": moved}


def check_map(path: Path, records: list[str], shot: Path, hover_trace: int = 0) -> dict:
    with Browser() as browser:
        load = browser.open(path, "window.mapReady", timeout=300)
        ready = browser.js("window.mapReady")
        shown = hover_first_point(browser, trace=hover_trace, point=0)
        browser.screenshot(shot)
        fps = pan_fps(browser)
        heap = browser.js("performance.memory ? performance.memory.usedJSHeapSize : null")
        return {"load_s": round(load, 2), "ready_ms": ready, "requests": browser.requests(),
                "hover_is_whole_record": shown in set(records), "hover_chars": len(shown), **fps,
                "js_heap_mb": round(heap / 2**20, 1) if heap else None, "screenshot": str(shot.relative_to(ROOT))}


def sample_part(work: Path) -> tuple[np.ndarray, list, list]:
    a = Assistant(Settings(home=work / "ws"))
    t = time.perf_counter()
    a.ingest(SAMPLE / "applicants.csv", "applicants", id_column="ApplicantID")
    say(step="sample ingest (400 records, real embedder)", seconds=round(time.perf_counter() - t, 1))
    query = (SAMPLE / "job.txt").read_text(encoding="utf-8")[:600]
    got = a.store.get("applicants", include_embeddings=True)
    X = np.asarray(got["embeddings"], dtype=np.float32)
    for projection in ("pca", "lda", "tsne"):
        t = time.perf_counter()
        report = a.cluster("applicants", k=12, plot=OUT / f"issue16_sample_{projection}.png",
                           html=work / f"sample_{projection}.html", query=query, projection=projection)
        labels = np.array([m["_cluster"] for m in a.store.get("applicants")["metadatas"]])
        shown = project(X, labels, method=projection)
        say(step=f"sample map, {projection}", cluster_and_map_s=round(time.perf_counter() - t, 2),
            projection_s=round(shown.seconds, 3), silhouette_2d=separation(shown.points, labels),
            trustworthiness_10=trust(X, shown.points), size_mb=round(Path(report.html).stat().st_size / 1e6, 2))
        records = map_parts(Path(report.html).read_text(encoding="utf-8"))[0]
        say(step=f"sample map in chromium, {projection}",
            **check_map(Path(report.html), records, OUT / f"issue16_map_sample_{projection}.png"))
    return X, list(got["documents"]), list(got["metadatas"])


def field_vectors(seed=0) -> tuple[np.ndarray, list, list]:
    """The sample's 400 records without the embedder: each vector the sum of a random direction per Role,
    HiringDepartment and EducationField value, plus noise (for when the embedder cannot run: sizes and load times
    do not depend on it, the projection comparison does)."""
    rng = np.random.default_rng(seed)
    rows = list(csv.DictReader((SAMPLE / "applicants.csv").open(encoding="utf-8")))
    directions: dict[str, np.ndarray] = {}
    X, docs, metas = [], [], []
    for row in rows:
        vec = rng.normal(0, 0.15, 384)
        for key, weight in (("Role", 1.0), ("HiringDepartment", 0.6), ("EducationField", 0.3)):
            vec += weight * directions.setdefault(f"{key}={row[key]}", rng.normal(0, 1, 384) / np.sqrt(384))
        X.append(vec / np.linalg.norm(vec))
        meta = {k: v for k, v in row.items() if k != "ApplicantID"}
        meta["Age"] = int(meta["Age"]) if meta["Age"].isdigit() else None
        metas.append(meta)
        docs.append("\n".join(f"{k}: {v}" for k, v in meta.items()))
    return np.asarray(X, dtype=np.float32), docs, metas


def synthetic(X0, docs0, metas0, n, seed=0):
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(X0), n)
    other = rng.integers(0, len(X0), n)
    noise = rng.normal(0, 0.02, (n, X0.shape[1])).astype(np.float32)
    X = X0[pick] + noise
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    sentences = [re.split(r"(?<=\.)\s+", re.sub(r"^.*Summary:\s*", "", d, flags=re.S)) for d in docs0]
    ids, docs, metas = [], [], []
    for i, (j, o) in enumerate(zip(pick.tolist(), other.tolist())):
        meta = {k: v for k, v in metas0[j].items() if not k.startswith("_")}
        if isinstance(meta.get("Age"), (int, float)):
            meta["Age"] = int(meta["Age"]) + int(rng.integers(-3, 4))
        summary = " ".join(sentences[j][:2] + sentences[o][2:4])
        doc = "\n".join(f"{k}: {v}" for k, v in meta.items() if k != "Summary") + f"\nSummary: {summary}"
        ids.append(f"S{i:06d}")
        docs.append(doc)
        metas.append(meta)
    return ids, X, docs, metas


def big_part(X0, docs0, metas0, n: int, tsne_n: int, work: Path) -> None:
    t = time.perf_counter()
    ids, X, docs, metas = synthetic(X0, docs0, metas0, n)
    say(step=f"synthetic {n:,} records made", seconds=round(time.perf_counter() - t, 1),
        raw_text_mb=round(sum(len(d.encode()) for d in docs) / 1e6, 1))
    stages, last = {}, [time.perf_counter(), "start"]

    def note(stage: str) -> None:
        now = time.perf_counter()
        stages[last[1]] = round(stages.get(last[1], 0) + now - last[0], 2)
        last[:] = [now, stage.split(" k=")[0]]

    html = work / "big.html"
    store = ArrayStore(ids, X, docs, metas)
    report = cluster_collection(store, "synthetic", k=12, clusters_dir=work, html=html, query_embedding=X0[0],
                                query_text="(the sample's first record, as the query)", progress=note)
    note("end")
    say(step=f"cluster_collection k=12 + map at {n:,}", stages_s=stages, projection=report.projection,
        projection_scores=report.projection_scores, html_mb=round(html.stat().st_size / 1e6, 2))
    labels = store.labels
    for projection in ("pca", "lda"):
        shown = project(X, labels, method=projection)
        say(step=f"projection at {n:,}: {projection}", seconds=round(shown.seconds, 2),
            silhouette_2d=separation(shown.points, labels), trustworthiness_10=trust(X, shown.points))
    if tsne_n:
        rows = np.random.default_rng(0).choice(n, min(tsne_n, n), replace=False)
        shown = project(X[rows], labels[rows], method="tsne")
        say(step=f"projection of a {len(rows):,} subsample: tsne", seconds=round(shown.seconds, 2),
            silhouette_2d=separation(shown.points, labels[rows]), trustworthiness_10=trust(X[rows], shown.points))
    records = map_parts(html.read_text(encoding="utf-8"))[0]
    say(step=f"map of {n:,} in chromium", html_mb=round(html.stat().st_size / 1e6, 2),
        **check_map(html, records, OUT / f"issue16_map_{n // 1000}k.png"))


def extract_part(work: Path, model: str) -> None:
    """The demo's extract with --html on 12 summaries, one of them blanked (an empty input)."""
    rows = list(csv.DictReader((SAMPLE / "applicants.csv").open(encoding="utf-8")))[:12]
    rows[4]["Summary"] = ""
    data = work / "applicants12.csv"
    with data.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    page = OUT / "issue16_extract.html"
    t = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "assistant", "extract", "--input", str(data), "--text-field",
                          "Summary", "--id-field", "ApplicantID", "--spec", str(SAMPLE / "extract_spec.yaml"),
                          "--model", model, "--html", str(page)],
                         env={**os.environ, "ASSISTANT_HOME": str(work / "ws")}, capture_output=True, text=True)
    say(step="extract 12 summaries with --html", model=model, rc=run.returncode,
        seconds=round(time.perf_counter() - t, 1), tail=run.stderr[-300:] if run.returncode else "")
    with Browser(1200, 900) as browser:
        load = browser.open(page, "document.getElementById('shown').textContent !== ''")
        browser.screenshot(OUT / "issue16_extract.png")
        before = browser.js("document.querySelectorAll('section:not([hidden])').length")
        # filter: fuzzy spans only, and only the records that have one
        browser.js("""(() => { for (const a of ['a-exact', 'a-normalized']) {
            const b = document.querySelector(`input[data-hide="${a}"]`); b.checked = false;
            b.dispatchEvent(new Event('change')); }
            const o = document.getElementById('only-shown'); o.checked = true; o.dispatchEvent(new Event('change'));
        })()""")
        after = browser.js("document.querySelectorAll('section:not([hidden])').length")
        browser.screenshot(OUT / "issue16_extract_fuzzy_only.png")
        say(step="extraction page in chromium", load_s=round(load, 2), requests=browser.requests(),
            sections=before, sections_with_fuzzy_spans=after,
            empty_marked=browser.js("document.querySelectorAll('section.empty').length"))


def layout_extract_part(limit: int = 8) -> None:
    """The review page without an LLM (for when the model cannot run): the sample's first summaries with spans
    found by two regular expressions, one input blanked; it shows the page, not extraction quality."""
    import re as regex

    from assistant.cli.highlight import write_html
    from assistant.jobs.extract.spans import Span

    patterns = {"experience": r"\d+\+? years", "tools": r"\b(?:SQL|Python|Excel|Salesforce|Figma|dbt|Snowflake|"
                r"Tableau|HubSpot|Jira|Workable|Greenhouse)\b"}
    rows = list(csv.DictReader((SAMPLE / "applicants.csv").open(encoding="utf-8")))[:limit]
    records = []
    for n, row in enumerate(rows):
        text = "" if n == 3 else row["Summary"]
        spans = [Span(label=label, start=m.start(), end=m.end(), text=m.group(), alignment="exact")
                 for label, pattern in patterns.items() for m in regex.finditer(pattern, text)]
        records.append((row["ApplicantID"], text, spans))
    with tempfile.TemporaryDirectory() as tmp:
        page = write_html(Path(tmp) / "review.html", records, list(patterns), source=str(SAMPLE / "applicants.csv"),
                          model="none: regex spans, to show the page")
        with Browser(1200, 900) as browser:
            load = browser.open(page, "document.getElementById('shown').textContent !== ''")
            browser.screenshot(OUT / "issue16_extract.png")
            say(step="extraction page (regex spans) in chromium", load_s=round(load, 2), requests=browser.requests(),
                empty_marked=browser.js("document.querySelectorAll('section.empty').length"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--tsne-n", type=int, default=3000)
    parser.add_argument("--model", default="gemma3-270m")
    parser.add_argument("--parts", default="maps,extract", help="maps (sample and N synthetic), extract, or both")
    parser.add_argument("--no-embedder", action="store_true", help="synthetic vectors from the sample's fields; "
                        "skips the sample maps (which need the embedder)")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="issue16-") as tmp:
        work = Path(tmp)
        if "maps" in args.parts:
            X0, docs0, metas0 = field_vectors() if args.no_embedder else sample_part(work)
            if args.n:
                big_part(X0, docs0, metas0, args.n, args.tsne_n, work)
        if "layout-extract" in args.parts:
            layout_extract_part()
        elif "extract" in args.parts:
            extract_part(work, args.model)


if __name__ == "__main__":
    main()
