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
    "agnews": (ROOT.parent / "shared" / "bench-data" / "classify_agnews" / "test.jsonl",
               ROOT / "bench" / "agnews_labels.txt"),
    "de_tickets": (Path("/work/main/bench/data/classify_multilingual/de_tickets.jsonl"),
                   Path("/work/main/bench/data/classify_multilingual/de_labels.txt")),
    "zh_reviews": (Path("/work/main/bench/data/classify_multilingual/zh_reviews.jsonl"),
                   Path("/work/main/bench/data/classify_multilingual/zh_labels.txt")),
}
CACHE = ROOT / "bench" / "out" / "classify_cache"
BEGIN, END = "<!-- table: bench/classify_weights.py table -->", "<!-- end of table -->"


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
    if args.names:  # the bare names: a short answer per label (descriptions of 30+ tokens cost 5x the LLM time)
        described = [Label(lab.name) for lab in described]
    settings = Settings()
    llm = LlamaCppLLM(resolve_llm(args.model, settings.models_dir), n_ctx=settings.n_ctx,
                      n_threads=settings.n_threads, name=args.model)
    texts = [item.text for item in items]
    started = time.perf_counter()
    raw, truncated = llm_logprobs(texts, described, llm)
    llm_seconds = time.perf_counter() - started
    embedder = SentenceTransformerEmbedder(settings.embedding_model)
    vectors = embedder.embed(texts)
    CACHE.mkdir(parents=True, exist_ok=True)
    out = CACHE / f"{args.set}_{args.model}_{len(items)}{'_names' if args.names else ''}.npz"
    meta = {"set": args.set, "model": args.model, "items": len(items), "seed": args.seed, "limit": args.limit,
            "data": str(data), "labels_file": str(labels_file), "llm_seconds": round(llm_seconds, 1),
            "truncated": truncated, "embedding_model": embedder.name,
            "labels": [[lab.name, lab.description] for lab in described],
            "answers": "names" if args.names else "descriptions"}
    np.savez_compressed(out, raw=raw, vectors=np.asarray(vectors), gold=np.array([item.label for item in items]),
                        texts=np.array(texts), meta=json.dumps(meta))
    print(f"{out}: {len(items)} items, LLM pass {llm_seconds:.0f} s")


def load_cache(path: Path) -> dict:
    with np.load(path, allow_pickle=False) as z:
        return {"raw": z["raw"], "vectors": z["vectors"], "gold": [str(g) for g in z["gold"]],
                "texts": [str(t) for t in z["texts"]], "meta": json.loads(str(z["meta"]))}


def score(path: Path, embedder) -> list[tuple[dict, str, object]]:
    """The eval's scores of every method (without and with self-training) on one cache, per kind of answer."""
    from assistant.eval.classify import score_methods
    from assistant.jobs.classify import METHODS, calibrate, transductive

    c = load_cache(path)
    meta = c["meta"]
    described = [Label(name, description) for name, description in meta["labels"]]
    k = len(described)
    if not transductive(len(c["gold"]), k):
        raise SystemExit(f"{path}: {len(c['gold'])} items is too few for batch calibration; cache more")
    # The first caches scored the names and the descriptions in one pass (2k columns), later ones one kind.
    kinds = [("names", 0), ("descriptions", k)] if c["raw"].shape[1] == 2 * k else [(meta.get("answers"), 0)]
    variants = [(m, st) for m in METHODS for st in (False, True)]
    timing = {"llm": meta["llm_seconds"], "llm_busy": meta["llm_seconds"], "tokens": 0,
              "truncated": meta["truncated"], "embed": 0.0}
    out = []
    for kind, lo in kinds:
        labels = described if kind == "descriptions" else [Label(lab.name) for lab in described]
        logits = calibrate(c["raw"][:, lo:lo + k], None, "batch")
        out.append((meta, kind, score_methods(meta["data"], c["texts"], c["gold"], labels, logits, c["vectors"],
                                              embedder, variants, True, timing, llm_name=meta["model"])))
    return out


def table(args) -> str:
    from assistant.backends.embedder import SentenceTransformerEmbedder, offline_environment

    offline_environment()
    embedder = SentenceTransformerEmbedder("all-MiniLM-L6-v2")
    order = {"agnews": 0, "de_tickets": 1, "zh_reviews": 2}
    models = ["smollm2-135m-instruct", "gemma3-270m", "qwen2.5-coder-0.5b", "qwen2.5-coder-1.5b"]
    caches = sorted(CACHE.glob("*.npz"), key=lambda p: (next(v for s, v in order.items() if p.name.startswith(s)),
                                                         next(i for i, m in enumerate(models) if m in p.name)))
    lines = ["| set | model | items | LLM answers | llm | embedding | ensemble-equal (old default) | "
             "ensemble (new default) | best part | default within 0.01 of best part | weights llm / emb | why |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for meta, kind, ev in [row for path in caches for row in score(path, embedder)]:
        f1 = {(m.method, m.self_training): m.macro_f1 for m in ev.methods}
        w = next(m.weighting for m in ev.methods if m.method == "ensemble")
        best = max(f1[("llm", True)], f1[("embedding", True)])
        ok = f1[("ensemble", True)] >= best - 0.01
        why = "; ".join(f"{part}: {reason}" for part, reason in w.reasons.items())
        lines.append(f"| {meta['set']} | {meta['model']} | {meta['items']} | {kind} | {f1[('llm', True)]:.3f} "
                     f"({f1[('llm', False)]:.3f}) | {f1[('embedding', True)]:.3f} ({f1[('embedding', False)]:.3f}) | "
                     f"{f1[('ensemble-equal', True)]:.3f} ({f1[('ensemble-equal', False)]:.3f}) | "
                     f"**{f1[('ensemble', True)]:.3f}** ({f1[('ensemble', False)]:.3f}) | {best:.3f} | "
                     f"{'yes' if ok else 'NO'} ({f1[('ensemble', True)] - best:+.3f}) | "
                     f"{w.weights['llm']:.2f} / {w.weights['embedding']:.2f} | {why} |")
    text = "\n".join(lines)
    print(text)
    if args.out:  # the table replaces the one between the markers; the prose around it is kept
        old = args.out.read_text(encoding="utf-8") if args.out.exists() else f"{BEGIN}\n{END}\n"
        head, _, rest = old.partition(BEGIN)
        tail = rest.partition(END)[2]
        args.out.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}", encoding="utf-8")
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("cache")
    c.add_argument("--model", required=True)
    c.add_argument("--set", choices=sorted(SETS), required=True)
    c.add_argument("--limit", type=int, default=None)
    c.add_argument("--seed", type=int, default=0)
    c.add_argument("--names", action="store_true", help="score the label names, not the labels file's descriptions")
    t = sub.add_parser("table")
    t.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    if args.command == "cache":
        cache(args)
    else:
        table(args)


if __name__ == "__main__":
    main()
