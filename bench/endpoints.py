"""Throughput of the LLM jobs on 1, 2 and 4 inference servers (llama-cpp-python's, on this machine's loopback).

    flock /tmp/cpu.lock python bench/endpoints.py [--endpoints 1 2 4] [--classify-items 200] [--rerank-queries 4]
                                                  [--threads-per-server 1] [--model smollm2-135m-instruct]
                                                  [--out bench/out/endpoints.json]

For each endpoint count, that many `python -m llama_cpp.server` processes are started on free ports (each with
--threads-per-server threads, --flash_attn true), and `HttpLLM` spreads the work over them:

- classify: the first --classify-items AG News items (title + ". " + description), the four topic names, method
  `llm` (scoring only, no embedder), accuracy alongside;
- rerank: the first --rerank-queries NovelEval queries, their 20 candidates shuffled with seed 0, method `ql` (query
  likelihood, scoring only), NDCG@10 alongside.

An in-process run (LlamaCppLLM, --inprocess-threads threads) is the reference row unless --no-inprocess. The servers
are stopped at the end, even on failure. Writes --out (JSON) and prints it. On a machine with few cores, more
servers than cores only share the same cores: the point of several endpoints is several machines or GPUs.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import shlex
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
for _var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):  # nothing may come from a hub
    os.environ[_var] = "1"

from assistant.backends.catalog import resolve_llm  # noqa: E402
from assistant.backends.http_llm import HttpLLM  # noqa: E402
from assistant.core.settings import Settings, physical_cores  # noqa: E402
from assistant.jobs import classify, rerank  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import servers  # noqa: E402  (bench/servers.py)

DATA = ROOT.parent / "shared" / "bench-data"


def start_servers(model: Path, count: int, threads: int, n_ctx: int, logs: Path) -> tuple[list, list[str]]:
    return servers.start(lambda port: [
        sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1", "--port", str(port),
        "--n_ctx", str(n_ctx), "--n_threads", str(threads), "--n_threads_batch", str(threads), "--flash_attn",
        "true", "--verbose", "false"], count, logs, health="/v1/models", timeout=180)


stop = servers.stop


def load_data(args):
    with open(DATA / "classify_agnews" / "test.jsonl", encoding="utf-8") as fh:
        rows = [json.loads(line) for _, line in zip(range(args.classify_items), fh)]
    texts = [f"{r['title']}. {r['description']}" for r in rows]
    gold = [r["label"] for r in rows]
    queries = []
    with open(DATA / "rerank_noveleval" / "noveleval.jsonl", encoding="utf-8") as fh:
        for _, line in zip(range(args.rerank_queries), fh):
            q = json.loads(line)
            cands = list(q["candidates"])
            random.Random(0).shuffle(cands)
            queries.append((q["query"], cands))
    return texts, gold, queries


def ndcg10(rels: list[int]) -> float:
    def dcg(xs):
        return sum((2 ** r - 1) / math.log2(i + 2) for i, r in enumerate(xs[:10]))

    best = dcg(sorted(rels, reverse=True))
    return dcg(rels) / best if best else 0.0


def measure(llm, texts, gold, queries) -> dict:
    labels = classify.parse_labels("World,Sports,Business,Sci/Tech")
    started = time.perf_counter()
    result = classify.run(llm, classify.ClassifyInput(texts=texts, labels=labels), classify.ClassifyOptions(method="llm"))
    c_sec = time.perf_counter() - started
    accuracy = sum(i.label == g for i, g in zip(result.items, gold)) / max(1, len(gold))
    started = time.perf_counter()
    ndcgs, n_cands = [], 0
    for query, cands in queries:
        cs = [rerank.Candidate(id=c["docid"], text=c["text"], rank=k + 1) for k, c in enumerate(cands)]
        rel = {c["docid"]: c["rel"] for c in cands}
        ranked = rerank.run(llm, rerank.RerankInput(query=query, candidates=cs), rerank.RerankOptions(method="ql"))
        ndcgs.append(ndcg10([rel[i.id] for i in ranked.items]))
        n_cands += len(cs)
    r_sec = time.perf_counter() - started
    return {"classify": {"items": len(texts), "seconds": round(c_sec, 2), "items_per_s": round(len(texts) / c_sec, 3),
                         "accuracy": round(accuracy, 3)},
            "rerank": {"queries": len(queries), "candidates": n_cands, "seconds": round(r_sec, 2),
                       "candidates_per_s": round(n_cands / r_sec, 3),
                       "ndcg@10": round(sum(ndcgs) / max(1, len(ndcgs)), 3)}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--endpoints", type=int, nargs="+", default=[1, 2, 4])
    ap.add_argument("--classify-items", type=int, default=200)
    ap.add_argument("--rerank-queries", type=int, default=4)
    ap.add_argument("--threads-per-server", type=int, default=1)
    ap.add_argument("--inprocess-threads", type=int, default=physical_cores())
    ap.add_argument("--no-inprocess", action="store_true")
    ap.add_argument("--n-ctx", type=int, default=2048)
    ap.add_argument("--model", default="smollm2-135m-instruct")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "endpoints.json")
    args = ap.parse_args()

    model = resolve_llm(args.model, Settings().models_dir)
    texts, gold, queries = load_data(args)
    runs = []
    if not args.no_inprocess:
        from assistant.backends.llamacpp import LlamaCppLLM

        llm = LlamaCppLLM(model, n_ctx=args.n_ctx, n_threads=args.inprocess_threads).load()
        runs.append({"backend": "in-process", "threads": args.inprocess_threads, **measure(llm, texts, gold, queries)})
        llm.close()
    logs = args.out.parent / "endpoints_logs"
    logs.mkdir(parents=True, exist_ok=True)
    for count in args.endpoints:
        procs, urls = start_servers(model, count, args.threads_per_server, args.n_ctx, logs)
        try:
            llm = HttpLLM(urls, n_ctx=args.n_ctx, template_gguf=model)
            llm.tokenize("warm up")  # discovery and the template check, outside the timings
            row = {"backend": "llama-cpp-python server", "endpoints": count, "threads_per_server":
                   args.threads_per_server, **measure(llm, texts, gold, queries)}
            row["endpoints_down"] = [e.url for e in llm.pool.endpoints if e.down]
            runs.append(row)
            llm.close()
        finally:
            stop(procs)
        print(json.dumps(runs[-1]), flush=True)
    report = {"model": args.model, "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} "
              f"logical cores, load {os.getloadavg()[0]:.2f}", "command": shlex.join(["python"] + sys.argv),
              "classify": "AG News first items, method llm", "rerank": "NovelEval first queries, 20 candidates "
              "shuffled with seed 0, method ql", "runs": runs}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
