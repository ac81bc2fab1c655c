"""Reranking quality and cost on NovelEval (issue: rerank), for the bundled models and each method.

    python bench/rerank.py run --model smollm2-135m-instruct --group ql [--limit N] [--threads 1]
    python bench/rerank.py run --model gemma3-270m --group pairwise --limit 6
    python bench/rerank.py report [--out bench/results_rerank.md]

`run` evaluates one query at a time with `assistant.eval.rerank.evaluate_rerank` (candidates shuffled with seed 0,
per query) and caches each query's result with its raw scores under --cache, so a long run can be stopped and
resumed and `report` can study fusions offline without calling the LLM again. Groups:
- ql: ql, ql+emb (N prompts per query);
- pairwise: allpair (N(N-1) prompts per query, batched), and sort and sliding on allpair's comparisons
  (share_comparisons: the same comparator, so the same orders; their cost there is only counted, in prompts);
- cost: sort and sliding on their own (lazy comparisons, their real tokens and seconds), on a few queries;
- speed: the default method alone, for its seconds per query (run it when the machine is quiet).
`report` writes bench/results_rerank.md: NDCG@10 per model and method (with the query count behind each number),
the fusion weight curves (z-score and reciprocal-rank fusion), the weight a leave-one-query-out choice would take,
pairwise tie rules recomputed from the cached probabilities, and the cost per query.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
for _var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):  # nothing may come from a hub
    os.environ[_var] = "1"

import numpy as np  # noqa: E402

from assistant.backends.embedder import offline_environment  # noqa: E402

offline_environment()

from assistant.eval.rerank import load_rerank_data, ndcg_at  # noqa: E402
from assistant.jobs.rerank.fusion import fuse, ranks  # noqa: E402
from assistant.jobs.rerank.job import DEFAULT_FUSION, DEFAULT_WEIGHT, parse_method  # noqa: E402
from assistant.jobs.rerank.pairwise import DEFAULT_MARGIN  # noqa: E402

DATA = ROOT.parent / "shared" / "bench-data" / "rerank_noveleval" / "noveleval.jsonl"
MODELS = ("smollm2-135m-instruct", "gemma3-270m")
# The default these runs measured and chose; `auto`, the default since issue 12, is measured by bench/ladder.py.
DEFAULT_METHOD = "ql+emb"
GROUPS = {
    "ql": (["ql", "ql+emb"], False),
    "pairwise": (["allpair", "allpair+emb", "sort", "sort+emb", "sliding", "sliding+emb", "ql", "ql+emb"], True),
    "cost": (["sort", "sliding"], False),
    "speed": ([DEFAULT_METHOD], False),
}
WEIGHTS = (0.0, 0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, float("inf"))
DEFAULT_CACHE = Path(tempfile.gettempdir()) / "assistant-bench-rerank"


# -- run -----------------------------------------------------------------------------------------------------
def run(args) -> None:
    from assistant.backends.catalog import resolve_llm
    from assistant.backends.embedder import SentenceTransformerEmbedder
    from assistant.backends.llamacpp import LlamaCppLLM
    from assistant.core.settings import Settings
    from assistant.eval.rerank import evaluate_rerank

    settings = Settings()
    threads = args.threads or settings.n_threads
    llm = LlamaCppLLM(resolve_llm(args.model, settings.models_dir), n_ctx=settings.n_ctx, n_threads=threads,
                      name=args.model)
    embedder = SentenceTransformerEmbedder(threads=1)
    methods, share = GROUPS[args.group]
    queries = load_rerank_data(args.data, limit=args.limit)
    folder = Path(args.cache) / args.model / args.group
    folder.mkdir(parents=True, exist_ok=True)
    raw_speed = None
    for q in queries:
        target = folder / f"{q.qid}.json"
        if target.exists():
            continue
        if raw_speed is None:
            raw_speed = llm.raw_prompt_speed()
        line = Path(args.data).read_text(encoding="utf-8").splitlines()[q.line - 1]
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as tmp:
            tmp.write(line + "\n")
        started = time.perf_counter()
        load = os.getloadavg()[0]
        try:
            result = evaluate_rerank(tmp.name, llm=llm, embedder=embedder, methods=methods, seed=args.seed,
                                     shuffle=True, details=True, share_comparisons=share)
        finally:
            os.unlink(tmp.name)
        record = result.model_dump()
        record.update(qid=q.qid, threads=threads, raw_tokens_per_second=round(raw_speed, 1),
                      load_before=round(load, 2), load_after=round(os.getloadavg()[0], 2),
                      wall_seconds=round(time.perf_counter() - started, 1))
        target.write_text(json.dumps(record), encoding="utf-8")
        print(f"{args.model} {args.group} q{q.qid}: "
              + " ".join(f"{m}={v:.3f}" for m, v in result.ndcg_at_10.items())
              + f" ({record['wall_seconds']}s, load {load:.1f})", flush=True)


# -- report --------------------------------------------------------------------------------------------------
def _load(cache: Path, model: str, group: str) -> list[dict]:
    folder = cache / model / group
    rows = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))] if folder.is_dir() else []
    return sorted(rows, key=lambda r: int(r["qid"]) if r["qid"].isdigit() else r["qid"])


def _detail(row: dict) -> dict:
    return row["per_query"][0]


def _ndcg_of_scores(d: dict, score: np.ndarray) -> float:
    order = np.argsort(ranks(np.asarray(score, dtype=float)))
    return ndcg_at([d["rels"][i] for i in order], d["rels"])


def _method_ndcg(d: dict, method: str) -> float:
    """A method's NDCG@10 recomputed from the cached raw scores with the current default fusion and weight."""
    base, fused = parse_method(method)
    return _fused_ndcg(d, d["llm_scores"][base], DEFAULT_FUSION, DEFAULT_WEIGHT if fused else float("inf"))


def _fused_ndcg(d: dict, llm: list[float], fusion: str, w: float) -> float:
    sims = np.asarray(d["similarities"])
    if w == float("inf"):
        return _ndcg_of_scores(d, np.asarray(llm))
    return _ndcg_of_scores(d, fuse(sims, np.asarray(llm), fusion, w))


def _curve(details: list[dict], method: str, fusion: str) -> dict[float, float]:
    return {w: float(np.mean([_fused_ndcg(d, d["llm_scores"][method], fusion, w) for d in details]))
            for w in WEIGHTS}


def _loo(details: list[dict], method: str, fusion: str) -> tuple[float, list[float]]:
    """Leave-one-query-out: for each query pick w on the others, score the held-out query with it."""
    table = np.array([[_fused_ndcg(d, d["llm_scores"][method], fusion, w) for w in WEIGHTS] for d in details])
    held, chosen = [], []
    for i in range(len(details)):
        rest = np.delete(table, i, axis=0).mean(axis=0)
        j = int(np.argmax(rest))
        chosen.append(WEIGHTS[j])
        held.append(table[i, j])
    return float(np.mean(held)), chosen


def _pair_variants(details: list[dict]) -> dict[str, float]:
    """allpair under other tie rules, from the cached P(A) matrices (same prompts, no LLM call)."""
    out: dict[str, list[float]] = {}
    for d in details:
        pa = d.get("pair_p_a")
        if not pa:
            continue
        pa = np.array([[np.nan if v is None else v for v in row] for row in pa], dtype=float)
        n = len(pa)
        pref = (pa + 1.0 - pa.T) / 2.0  # p(x > y), both orders
        agree = (pa > 0.5) != (pa.T > 0.5)  # the two orders point at different positions: not position bias
        rules = {
            "direction + margin 0.02 (default)": np.where(agree & (np.abs(pref - 0.5) >= DEFAULT_MARGIN), pref, 0.5),
            "direction only": np.where(agree, pref, 0.5),
            "margin 0.02 only": np.where(np.abs(pref - 0.5) >= 0.02, pref, 0.5),
            "no tie rule (soft debiased p)": pref,
            "one order only (P(A), biased)": pa,
        }
        for name, p in rules.items():
            p = np.where(np.eye(n, dtype=bool), 0.0, p)
            wins = np.nansum(p, axis=1)
            out.setdefault(name, []).append(_ndcg_of_scores(d, wins))
            out.setdefault(name + " +emb", []).append(_ndcg_of_scores(
                d, fuse(np.asarray(d["similarities"]), wins, DEFAULT_FUSION, DEFAULT_WEIGHT)))
        out.setdefault("share of pairs decided (not tie), default rule", []).append(
            float(((agree & (np.abs(pref - 0.5) >= DEFAULT_MARGIN)).sum() - 0) / (n * (n - 1))))
    return {k: float(np.mean(v)) for k, v in out.items()}


def _cost(rows: list[dict], method: str) -> dict:
    keys = ("llm_calls_per_query", "comparisons_per_query", "ties_per_query", "tokens_evaluated", "seconds_per_query",
            "tokens_per_second")
    vals = {k: [r["methods"][method][k] for r in rows if method in r["methods"]] for k in keys}
    return {k: (float(np.mean(v)) if v and all(x is not None for x in v) else None) for k, v in vals.items()}


def _fmt(x, digits=3) -> str:
    if x is None:
        return "–"
    if isinstance(x, float) and x == float("inf"):
        return "∞"
    return f"{x:.{digits}f}" if isinstance(x, float) else str(x)


NOTES = [
    "How to read this:",
    "- Pairwise (allpair, sort, sliding): every pair is asked in both orders; a pair whose two orders pick the same "
    "position (position bias) or whose debiased |p - 0.5| is under the margin is a tie, decided by the embedding "
    "order. "
    "sort and sliding here reuse allpair's comparisons (same comparator, so the same orders); their prompt counts are "
    "what they asked for. A separate cost run (if listed) measures them on their own.",
    "- ql: mean log P(query token | prompt with the candidate) (UPR). +emb: z(similarity) + w z(llm) per query, "
    f"w = {DEFAULT_WEIGHT}.",
    "- Choosing w without fooling ourselves: the whole curve over an 11-point grid is shown; \"LOO\" picks w on 20 "
    "queries and scores the held-out one (an honest estimate of selecting w on this data); w = 1 (equal weights) "
    "is the parameter-free reference. Prompts were written once and not tuned on this data.",
    "- Speed: all runs shared a 2-core machine with other people's jobs (load average recorded); the quality runs "
    "used 1 llama.cpp thread each (two ran side by side), the speed run the default threads. Read s/query against "
    "the raw prompt speed recorded beside it; the lead remeasures on a quiet machine.",
    "",
    "Decision: both bundled models put P(A) above 0.5 on every pairwise prompt, so under the tie rule no pair is "
    "decided and allpair, sort and sliding return exactly the embedding order, at 380, ~80 and ~38 prompts a query. "
    "Without the tie rule the debiased preferences rank far below even a random order: what is left after position "
    "bias is not relevance, so the rule is what keeps pairwise from hurting. Query likelihood alone is below the "
    "embedding order with either model, and fused with it the order improves on both models (z fusion, weight 0.5; "
    "the a-priori weight 1 also improves on both), for 20 prompts a query. Hence the default `ql+emb`. The gain is "
    "small (about +0.02, one standard error): a better LLM (--model any GGUF) is the way to a real gain, and then "
    "the pairwise methods can start to decide pairs.",
]


def _header() -> list[str]:
    return ["# Rerank benchmark: NovelEval", "",
            f"Written by `python bench/rerank.py report` on {dt.date.today().isoformat()}. Data: NovelEval "
            "(`../shared/bench-data/rerank_noveleval/noveleval.jsonl`, 21 queries x 20 passages, graded rel 0/1/2), "
            "candidates shuffled per query with seed 0, first stage all-MiniLM-L6-v2 cosine, N = 20, NDCG@10 "
            f"(gains 2^rel - 1). Default method: `{DEFAULT_METHOD}` (fusion {DEFAULT_FUSION}, "
            f"weight {DEFAULT_WEIGHT}).",
            "",
            f"Machine: {platform.machine()}, {os.cpu_count()} logical cores shared with other people's jobs (the load "
            f"average is recorded), Python {platform.python_version()}, llama-cpp-python CPU build.", ""]


def _summary_row(model: str, ql: list[dict], pw: list[dict]) -> str:
    dq = [_detail(r) for r in ql]
    emb = np.mean([r["ndcg@10"]["embedding"] for r in ql])
    row = (f"| {model} | {emb:.3f} | {np.mean([_method_ndcg(d, 'ql') for d in dq]):.3f} "
           f"| **{np.mean([_method_ndcg(d, 'ql+emb') for d in dq]):.3f}** | {_loo(dq, 'ql', DEFAULT_FUSION)[0]:.3f} "
           f"| {_curve(dq, 'ql', DEFAULT_FUSION)[1.0]:.3f} |")
    if not pw:
        return row + " – | – |"
    dp = [_detail(r) for r in pw]
    decided = _pair_variants(dp)["share of pairs decided (not tie), default rule"]
    return row + (f" {np.mean([_method_ndcg(d, 'allpair') for d in dp]):.3f} on {len(dp)} queries (embedding on "
                  f"these: {np.mean([r['ndcg@10']['embedding'] for r in pw]):.3f}) | {decided:.1%} |")


def _model_section(model: str, ql: list[dict], pw: list[dict], cost: list[dict], speed: list[dict]) -> list[str]:
    lines = [f"## {model}", "", "| method | queries | NDCG@10 | prompts/query | tokens/query | s/query | tokens/s |",
             "|---|---|---|---|---|---|---|"]
    base_rows = ql or pw
    for name in ("given", "embedding"):
        vals = [r["ndcg@10"][name] for r in base_rows]
        lines.append(f"| {name} | {len(vals)} | {np.mean(vals):.3f} | 0 | 0 | – | – |")
    for rows, methods in ((ql, ["ql", "ql+emb"]),
                          (pw, ["allpair", "allpair+emb", "sort", "sort+emb", "sliding", "sliding+emb"])):
        for m in methods:
            got = [r for r in rows if m in r["ndcg@10"]]
            if not got:
                continue
            c = _cost(got, m)
            emb = np.mean([r["ndcg@10"]["embedding"] for r in got])
            note = f" (embedding on these {len(got)}: {emb:.3f})" if len(got) != len(base_rows) else ""
            lines.append(f"| {m} | {len(got)} | {np.mean([_method_ndcg(_detail(r), m) for r in got]):.3f}{note} | "
                         f"{_fmt(c['llm_calls_per_query'], 0)} | {_fmt(c['tokens_evaluated'], 0)} | "
                         f"{_fmt(c['seconds_per_query'], 1)} | {_fmt(c['tokens_per_second'], 0)} |")
    for m in ("sort", "sliding") if cost else ():
        c = _cost(cost, m)
        emb = np.mean([r["ndcg@10"]["embedding"] for r in cost])
        lines.append(f"| {m}, own comparisons (cost run) | {len(cost)} | "
                     f"{np.mean([r['ndcg@10'][m] for r in cost]):.3f} "
                     f"(embedding on these {len(cost)}: {emb:.3f}) | {_fmt(c['llm_calls_per_query'], 0)} | "
                     f"{_fmt(c['tokens_evaluated'], 0)} | {_fmt(c['seconds_per_query'], 1)} | "
                     f"{_fmt(c['tokens_per_second'], 0)} |")
    if speed:
        c = _cost(speed, DEFAULT_METHOD)
        lines.append(f"| {DEFAULT_METHOD}, speed run ({speed[0]['threads']} threads, load "
                     f"{min(r['load_before'] for r in speed):.1f}-{max(r['load_before'] for r in speed):.1f}) | "
                     f"{len(speed)} | {np.mean([r['ndcg@10'][DEFAULT_METHOD] for r in speed]):.3f} (embedding on "
                     f"these {len(speed)}: {np.mean([r['ndcg@10']['embedding'] for r in speed]):.3f}) | "
                     f"{_fmt(c['llm_calls_per_query'], 0)} | {_fmt(c['tokens_evaluated'], 0)} | "
                     f"{_fmt(c['seconds_per_query'], 1)} | {_fmt(c['tokens_per_second'], 0)} |")
    base_default = parse_method(DEFAULT_METHOD)[0]
    paired = [r for r in base_rows if base_default in _detail(r)["llm_scores"]]
    if paired:
        diff = np.array([_method_ndcg(_detail(r), DEFAULT_METHOD) - r["ndcg@10"]["embedding"] for r in paired])
        lines += ["", f"Default `{DEFAULT_METHOD}` against the embedding order, per query: better on "
                      f"{(diff > 1e-9).sum()}, equal on {(np.abs(diff) <= 1e-9).sum()}, worse on "
                      f"{(diff < -1e-9).sum()} of {len(diff)}; mean difference {diff.mean():+.3f} "
                      f"(standard error {diff.std(ddof=1) / np.sqrt(len(diff)):.3f})."]
    everything = ql + pw + cost
    raw = [r["raw_tokens_per_second"] for r in everything]
    loads = [r["load_before"] for r in everything]
    lines += ["", f"llama.cpp raw prompt speed measured before each quality and cost run: "
                  f"{min(raw):.0f}-{max(raw):.0f} tokens/s ({everything[0]['threads']} thread); "
                  f"load average {min(loads):.1f}-{max(loads):.1f}."]
    if speed:
        lines.append(f"Before the speed run: {np.mean([r['raw_tokens_per_second'] for r in speed]):.0f} tokens/s "
                     f"({speed[0]['threads']} threads).")
    lines.append("")
    sources = [("ql", [_detail(r) for r in ql])] if ql else []
    if pw:
        sources.append(("allpair", [_detail(r) for r in pw]))
    lines += ["### Fusion with the embedding similarity: NDCG@10 by LLM weight w", "",
              "z: z(similarity) + w z(llm); rrf: 1/(60 + rank_emb) + w/(60 + rank_llm). w = 0 is the embedding "
              "order, ∞ the LLM alone. LOO: w chosen on the other queries, scored on the held-out one.", "",
              "| LLM score | fusion | queries | " + " | ".join(_fmt(w, 2) for w in WEIGHTS) + " | LOO | LOO picks |",
              "|---|---|---|" + "---|" * len(WEIGHTS) + "---|---|"]
    for method, details in sources:
        for fusion in ("z", "rrf"):
            curve = _curve(details, method, fusion)
            loo, picked = "–", "–"
            if len(details) >= 3:
                value, picks = _loo(details, method, fusion)
                loo = f"{value:.3f}"
                picked = ", ".join(f"{_fmt(w, 2)}×{picks.count(w)}" for w in sorted(set(picks)))
            lines.append(f"| {method} | {fusion} | {len(details)} | "
                         + " | ".join(f"{curve[w]:.3f}" for w in WEIGHTS) + f" | {loo} | {picked} |")
    if pw:
        details = [_detail(r) for r in pw]
        lines += ["", "### Pairwise tie rules (allpair wins recomputed from the cached both-order P(A))", "",
                  "| rule | NDCG@10 |", "|---|---|"]
        for name, value in _pair_variants(details).items():
            lines.append(f"| {name} | {value:.3f} |")
        pa = np.array([v for d in details for row in d["pair_p_a"] for v in row if v is not None])
        lines += ["", f"P(A) over all {len(pa)} prompts: mean {pa.mean():.3f}, "
                      f"share above 0.5: {(pa > 0.5).mean():.3f} "
                      "(position bias)."]
    return lines + [""]


def report(args) -> None:
    cache = Path(args.cache)
    summary = ["## Summary", "",
               "| model | embedding | ql alone | **ql+emb (default)** | ql+emb, w by LOO | ql+emb, w = 1 (a priori) "
               "| allpair (= sort = sliding) | pairs decided |", "|---|---|---|---|---|---|---|---|"]
    body: list[str] = []
    for model in MODELS:
        ql, pw, cost = _load(cache, model, "ql"), _load(cache, model, "pairwise"), _load(cache, model, "cost")
        speed = _load(cache, model, "speed")
        if ql:
            summary.append(_summary_row(model, ql, pw))
        if ql or pw:
            body += _model_section(model, ql, pw, cost, speed)
    lines = _header() + summary + [""] + NOTES + [""] + body
    lines += ["## Commands", "", "```"] + [f"python bench/rerank.py {c}" for c in args.commands] + ["```", ""]
    Path(args.out).write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--model", choices=MODELS, required=True)
    r.add_argument("--group", choices=list(GROUPS), required=True)
    r.add_argument("--limit", type=int, default=None)
    r.add_argument("--seed", type=int, default=0)
    r.add_argument("--threads", type=int, default=None)
    r.add_argument("--data", default=str(DATA))
    r.add_argument("--cache", default=str(DEFAULT_CACHE))
    p = sub.add_parser("report")
    p.add_argument("--cache", default=str(DEFAULT_CACHE))
    p.add_argument("--out", default=str(ROOT / "bench" / "results_rerank.md"))
    p.add_argument("--commands", nargs="*", default=[], help="the run commands to list in the report")
    args = parser.parse_args()
    run(args) if args.cmd == "run" else report(args)


if __name__ == "__main__":
    main()
