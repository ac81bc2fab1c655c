"""Filtered search latency on an ingested store: Chroma's own filter against over-fetching from the unfiltered
index and filtering in Python (backends/store.py, ChromaStore._over_fetch), with their agreement.

Run it on a store bench/embed_servers.py left (real MiniLM vectors of bench/scale.py's profiles):

    python bench/filtered_search.py /tmp/embed-servers-bench/inprocess --queries 200
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scale  # noqa: E402

FILTERS = {  # from a third of the records down to a handful
    "Seniority=Senior (1/4)": {"Seniority": "Senior"},
    "Department!=Engineering": {"Department": {"$ne": "Engineering"}},
    "YearsExperience>=10": {"YearsExperience": {"$gte": 10}},
    "City=Lisbon": {"City": "Lisbon"},
    "Senior and Lisbon": {"$and": [{"Seniority": "Senior"}, {"City": "Lisbon"}]},
}


def main() -> None:
    from assistant.backends import store as store_mod
    from assistant.backends.embedder import SentenceTransformerEmbedder
    from assistant.backends.store import ChromaStore

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("workspace", type=Path)
    ap.add_argument("--collection", default="people")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "out" / "filtered_search.json")
    args = ap.parse_args()
    vectors = SentenceTransformerEmbedder().embed(scale.make_queries(args.queries, seed=0))
    store = ChromaStore(args.workspace / "chroma")
    total = store.count(args.collection)
    metas = store.get(args.collection)["metadatas"]
    for q in vectors[:5]:  # the first queries load the index
        store.query(args.collection, q, scale.K)
    rows = []

    def timed(where):
        lat, ids = [], []
        for q in vectors:
            t = time.perf_counter()
            ids.append(store.query(args.collection, q, scale.K, where=where)["ids"])
            lat.append(time.perf_counter() - t)
        return lat, ids

    plain, _ = timed(None)
    rows.append({"filter": "(none)", "share": 1.0, "p50_ms": scale.pct(plain, 50), "p95_ms": scale.pct(plain, 95)})
    real_matcher = store_mod.matcher
    for label, where in FILTERS.items():
        keep = real_matcher(where)
        share = sum(keep(m) for m in metas) / total
        over, over_ids = timed(where)
        store_mod.matcher = lambda w: None  # Chroma's own filter
        try:
            chroma, chroma_ids = timed(where)
        finally:
            store_mod.matcher = real_matcher
        overlap = np.mean([len(set(a) & set(b)) / max(len(b), 1) for a, b in zip(over_ids, chroma_ids)])
        rows.append({"filter": label, "share": round(share, 4), "p50_ms": scale.pct(over, 50),
                     "p95_ms": scale.pct(over, 95), "chroma_p50_ms": scale.pct(chroma, 50),
                     "chroma_p95_ms": scale.pct(chroma, 95), "overlap_at_10": round(float(overlap), 4)})
        print(json.dumps(rows[-1]), flush=True)
    store.close()
    out = {"records": total, "queries": len(vectors), "k": scale.K, "machine": scale.machine(), "rows": rows,
           "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    args.out.write_text(json.dumps(out, indent=1))
    print(json.dumps(rows[0]))


if __name__ == "__main__":
    main()
