"""Classify default vs its parts on several sets and models: one LLM pass per (set, model), cached, then scored.

    python bench/classify_weights.py cache --model gemma3-270m --set agnews --limit 300    # heavy: run under flock
    python bench/classify_weights.py table [--out bench/results_issue-12-classify.md]       # light: numpy only

`cache` draws the same fixed-seed sample as `assistant eval classify DATA --limit N --seed 0`, runs the LLM once
over it (the label likelihoods, uncalibrated) and the embedder once, and saves them to bench/out/classify_cache/.
`table` scores every method from the caches with `assistant.eval.classify.score_methods`, the code `eval classify`
runs after its LLM pass, so a new weighting rule is measured without running a model again.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
for _var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):  # nothing may come from a hub
    os.environ[_var] = "1"

from assistant.jobs.classify import Label, load_labels_file  # noqa: E402

SETS = {  # name: (data, labels file)
    "agnews": (ROOT.parent / "shared" / "bench-data" / "classify_agnews" / "test.jsonl", ROOT / "bench" / "agnews_labels.txt"),
    "de_tickets": (Path("/work/main/bench/data/classify_multilingual/de_tickets.jsonl"),
                   Path("/work/main/bench/data/classify_multilingual/de_labels.txt")),
    "zh_reviews": (Path("/work/main/bench/data/classify_multilingual/zh_reviews.jsonl"),
                   Path("/work/main/bench/data/classify_multilingual/zh_labels.txt")),
}
CACHE = ROOT / "bench" / "out" / "classify_cache"


def cache(args) -> None:
    from assistant.backends.catalog import resolve_llm
    from assistant.backends.embedder import SentenceTransformerEmbedder, offline_environment
    from assistant.backends.llamacpp import LlamaCppLLM
    from assistant.core.settings import Settings
    from assistant.eval.classify import load_classify_data
    from assistant.jobs.classify import llm_logprobs

    offline_environment()
    data, labels_file = SETS[args.set]
    items = load_classify_data(data, limit=args.limit, seed=args.seed, shuffle=args.limit is not None)
    described = load_labels_file(labels_file)
    names = [Label(lab.name) for lab in described]
    settings = Settings()
    llm = LlamaCppLLM(resolve_llm(args.model, settings.models_dir), n_ctx=settings.n_ctx,
                      n_threads=settings.n_threads, name=args.model)
    texts = [item.text for item in items]
    started = time.perf_counter()
    raw, truncated = llm_logprobs(texts, names + described, llm)
    llm_seconds = time.perf_counter() - started
    embedder = SentenceTransformerEmbedder(settings.embedding_model)
    vectors = embedder.embed(texts)
    CACHE.mkdir(parents=True, exist_ok=True)
    out = CACHE / f"{args.set}_{args.model}_{len(items)}.npz"
    meta = {"set": args.set, "model": args.model, "items": len(items), "seed": args.seed, "limit": args.limit,
            "data": str(data), "labels_file": str(labels_file), "llm_seconds": round(llm_seconds, 1),
            "truncated": truncated, "embedding_model": embedder.name,
            "labels": [[lab.name, lab.description] for lab in described]}
    np.savez_compressed(out, raw=raw, vectors=np.asarray(vectors), gold=np.array([item.label for item in items]),
                        texts=np.array(texts), meta=json.dumps(meta))
    print(f"{out}: {len(items)} items, LLM pass {llm_seconds:.0f} s")


def load_cache(path: Path) -> dict:
    with np.load(path, allow_pickle=False) as z:
        return {"raw": z["raw"], "vectors": z["vectors"], "gold": [str(g) for g in z["gold"]],
                "texts": [str(t) for t in z["texts"]], "meta": json.loads(str(z["meta"]))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("cache")
    c.add_argument("--model", required=True)
    c.add_argument("--set", choices=sorted(SETS), required=True)
    c.add_argument("--limit", type=int, default=None)
    c.add_argument("--seed", type=int, default=0)
    t = sub.add_parser("table")
    t.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    if args.command == "cache":
        cache(args)
    else:
        from bench_classify_table import table  # noqa: F401  (written below)


if __name__ == "__main__":
    main()
