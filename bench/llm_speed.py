"""LLM speed of the scoring jobs against llama.cpp's raw prompt evaluation, same model, same run.

For each bundled model: raw prompt-evaluation tokens/s (one 512-token sequence per decode, llama.cpp's own
speed), then classify (LLM scorer) on AG News items and rerank (the default method) on NovelEval queries. A job's
tokens/s = tokens it evaluated / seconds spent in the LLM backend (trie packing, decode, reading logits), and
also / the job's whole wall time. Raw speed is measured before and after the jobs and averaged, so a machine
that gets busier in between shows up as a gap between the two.

    python bench/llm_speed.py [--classify-items 200] [--rerank-queries 5] [--out bench/RESULTS.md]
"""
from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "bench-data"
SECTION = "## LLM speed: jobs vs raw llama.cpp (issue 3)"


def measure(model_id: str, classify_items: int, rerank_queries: int, threads: int | None) -> dict:
    from assistant.backends.catalog import resolve_llm
    from assistant.backends.embedder import SentenceTransformerEmbedder
    from assistant.backends.llamacpp import LlamaCppLLM
    from assistant.core.settings import Settings
    from assistant.eval.classify import load_classify_data
    from assistant.eval.rerank import load_rerank_data
    from assistant.jobs import classify, rerank
    from assistant.jobs.classify import Label
    from assistant.jobs.rerank import DEFAULT_METHOD, Candidate

    s = Settings()
    llm = LlamaCppLLM(resolve_llm(model_id, s.models_dir), n_ctx=s.n_ctx, n_threads=threads or s.n_threads).load()
    emb = SentenceTransformerEmbedder()
    raw_before = llm.raw_prompt_speed(512)

    items = load_classify_data(DATA / "classify_agnews" / "test.jsonl", limit=classify_items, seed=0, shuffle=True)
    labels = [Label(n) for n in sorted({i.label for i in items})]
    before = llm.stats.snapshot()
    t = time.perf_counter()
    classify.run(llm, classify.ClassifyInput(texts=[i.text for i in items], labels=labels),
                 classify.ClassifyOptions(method="llm", self_training=False))
    c_wall = time.perf_counter() - t
    c = llm.stats.since(before)

    queries = load_rerank_data(DATA / "rerank_noveleval" / "noveleval.jsonl", limit=rerank_queries)
    before = llm.stats.snapshot()
    r_wall = 0.0
    for q in queries:
        texts = [d.text for d in q.candidates]
        sims = emb.embed([q.query] + texts)
        order = sorted(range(len(texts)), key=lambda i: -float(sims[0] @ sims[i + 1]))
        cands = [Candidate(id=q.candidates[i].docid, text=texts[i], similarity=float(sims[0] @ sims[i + 1]),
                           rank=r + 1) for r, i in enumerate(order)]
        t = time.perf_counter()
        rerank.run(llm, rerank.RerankInput(query=q.query, candidates=cands), rerank.RerankOptions(method=DEFAULT_METHOD))
        r_wall += time.perf_counter() - t
    r = llm.stats.since(before)
    raw_after = llm.raw_prompt_speed(512)
    raw = (raw_before + raw_after) / 2
    return {
        "model": model_id, "threads": llm.n_threads, "raw_tokens_per_second": round(raw, 1),
        "raw_before_after": [round(raw_before, 1), round(raw_after, 1)],
        "classify": {"items": len(items), "tokens": c.tokens_evaluated, "decode_calls": c.decode_calls,
                     "llm_tokens_per_second": round(c.tokens_evaluated / c.seconds, 1),
                     "ratio_llm": round(c.tokens_evaluated / c.seconds / raw, 3),
                     "ratio_wall": round(c.tokens_evaluated / c_wall / raw, 3),
                     "items_per_second": round(len(items) / c_wall, 2)},
        "rerank": {"queries": len(queries), "method": DEFAULT_METHOD, "tokens": r.tokens_evaluated,
                   "decode_calls": r.decode_calls, "llm_tokens_per_second": round(r.tokens_evaluated / r.seconds, 1),
                   "ratio_llm": round(r.tokens_evaluated / r.seconds / raw, 3),
                   "ratio_wall": round(r.tokens_evaluated / r_wall / raw, 3),
                   "seconds_per_query": round(r_wall / max(1, len(queries)), 2)},
    }


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
               platform.processor())
    import os

    load = os.getloadavg()[0]
    return f"{cpu}, {os.cpu_count()} logical cores, load average {load:.2f} at the start"


def write_section(path: Path, text: str) -> None:
    old = path.read_text() if path.exists() else "# Benchmarks\n"
    if SECTION in old:
        start = old.index(SECTION)
        nxt = old.find("\n## ", start + len(SECTION))
        old = old[:start] + old[nxt + 1:] if nxt != -1 else old[:start]
    path.write_text(old.rstrip() + "\n\n" + text.rstrip() + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models", default="gemma3-270m,smollm2-135m-instruct")
    ap.add_argument("--classify-items", type=int, default=200)
    ap.add_argument("--rerank-queries", type=int, default=5)
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    where = machine()
    rows = [measure(m, args.classify_items, args.rerank_queries, args.threads) for m in args.models.split(",")]
    if args.json:
        print(json.dumps(rows, indent=2))
    lines = [SECTION, "", f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {where}.",
             f"Command: `python bench/llm_speed.py --classify-items {args.classify_items} "
             f"--rerank-queries {args.rerank_queries}`", "",
             "| model | threads | raw llama.cpp tok/s | job | tokens | decode calls | job tok/s (in LLM) | ratio "
             "(in LLM) | ratio (wall) | speed |", "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        for job, unit in (("classify", "items_per_second"), ("rerank", "seconds_per_query")):
            j = r[job]
            speed = f"{j[unit]} items/s" if job == "classify" else f"{j[unit]} s/query (N=20)"
            lines.append(f"| {r['model']} | {r['threads']} | {r['raw_tokens_per_second']} "
                         f"(before/after {r['raw_before_after'][0]}/{r['raw_before_after'][1]}) | {job} "
                         f"| {j['tokens']} | {j['decode_calls']} | {j['llm_tokens_per_second']} | {j['ratio_llm']} "
                         f"| {j['ratio_wall']} | {speed} |")
    lines += ["", "Goal: ratio >= 0.8. 'In LLM' divides by the time inside the backend (packing the token trie, "
              "llama_decode, reading the needed logits); 'wall' by the job's whole time (prompt rendering and "
              "tokenisation included)."]
    write_section(args.out, "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
