"""The model ladder (issue 12): each job's methods on the bench sets for a list of models, in one markdown table.

    python bench/ladder.py run --job rerank --models qwen2.5-coder-1.5b gemma3-270m [--limit 21] [--max-seconds 450]
    python bench/ladder.py run --job classify --models smollm2-135m-instruct gemma3-270m --limit 200
    python bench/ladder.py report [--out bench/results_issue-12.md]

The whole ladder, on a machine that can afford it (hours on 2 cores; the issue's sizes):

    python bench/ladder.py run --job all --models smollm2-135m-instruct gemma3-270m qwen2.5-coder-0.5b \
        qwen2.5-coder-1.5b --limit-rerank 21 --limit-classify 500 --limit-extract 200 && python bench/ladder.py report

Jobs and methods (the library's own evaluations, its defaults untouched):
- rerank, NovelEval (21 queries x 20 passages, shuffled per query with seed 0, first stage all-MiniLM-L6-v2):
  the embedding order, ql+emb (weight 0.5), the default auto, and allpair with the soft rule over the top 8
  (--pair-depth). One query is evaluated at a time and cached, so runs resume and add queries.
- classify, AG News (a seeded sample of --limit items): llm, embedding, ensemble.
- extract, CoNLL-2003 (the first --limit sentences): 0 and 3 shots. No non-LLM baseline.
- fill, Restaurant city (test split, train as evidence): llm, llm-only, learned (the non-LLM baseline).
- chat (bench/chat.py, 51 routing requests) and injection (bench/injection.py flip rate), run as subprocesses.
Each row records llama.cpp's raw prompt speed on the model (tokens/s) before the run, so a method's speed can be
given as a ratio to it. Results are cached as JSON under --cache; `report` writes the table from the cache.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
for _var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):  # nothing may come from a hub
    os.environ[_var] = "1"

import numpy as np  # noqa: E402

DATA = ROOT.parent / "shared" / "bench-data"
if not DATA.exists():  # a worktree beside the main checkout
    DATA = Path("/work/shared/bench-data")
MODELS = ("smollm2-135m-instruct", "gemma3-270m", "qwen2.5-coder-0.5b", "qwen2.5-coder-1.5b")
JOBS = ("rerank", "classify", "extract", "fill", "chat", "injection")
RERANK_METHODS = ["auto", "ql+emb", "allpair"]  # --rerank-methods picks a subset on a slow model
DEFAULT_CACHE = Path(tempfile.gettempdir()) / "assistant-ladder"


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
               platform.processor())
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2 ** 30
    return f"{cpu}, {os.cpu_count()} logical cores, {mem:.0f} GiB, {platform.system()} {platform.release()}"


def load_llm(model: str, threads: int | None):
    from assistant.backends.catalog import resolve_llm
    from assistant.backends.llamacpp import LlamaCppLLM
    from assistant.core.settings import Settings

    settings = Settings()
    return LlamaCppLLM(resolve_llm(model, settings.models_dir), n_ctx=settings.n_ctx,
                       n_threads=threads or settings.n_threads, name=model)


def embedder():
    from assistant.backends.embedder import SentenceTransformerEmbedder, offline_environment

    offline_environment()
    return SentenceTransformerEmbedder(threads=1)


def save(path: Path, record: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    record.update(date=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                  load=round(os.getloadavg()[0], 2), command=" ".join(sys.argv))
    path.write_text(json.dumps(record), encoding="utf-8")


# -- run -----------------------------------------------------------------------------------------------------
def run_rerank(args, model: str, llm, emb, deadline: float) -> None:
    from assistant.eval.rerank import evaluate_rerank, load_rerank_data

    data = DATA / "rerank_noveleval" / "noveleval.jsonl"
    lines = data.read_text(encoding="utf-8").splitlines()
    raw = None
    for q in load_rerank_data(data, limit=args.limit_rerank):
        target = args.cache / "rerank" / model / f"{q.qid}.json"
        if target.exists():
            continue
        if time.monotonic() > deadline:
            print(f"rerank {model}: --max-seconds reached, stopping before query {q.qid}", flush=True)
            return
        raw = raw or llm.raw_prompt_speed(repeats=1)
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as tmp:
            tmp.write(lines[q.line - 1] + "\n")
        started = time.perf_counter()
        try:
            r = evaluate_rerank(tmp.name, llm=llm, embedder=emb, methods=args.rerank_methods, seed=0, shuffle=True,
                                details=True, pair_depth=args.pair_depth)
        finally:
            os.unlink(tmp.name)
        save(target, {"model": model, "qid": q.qid, "raw_tokens_per_second": round(raw, 1),
                      "wall_seconds": round(time.perf_counter() - started, 1), "eval": r.model_dump()})
        print(f"rerank {model} q{q.qid}: " + " ".join(f"{m}={v:.3f}" for m, v in r.ndcg_at_10.items())
              + f" auto: {r.choices.get(q.qid)} ({time.perf_counter() - started:.0f}s)", flush=True)


def run_classify(args, model: str, llm, emb) -> None:
    from assistant.eval.classify import evaluate_classify

    raw = llm.raw_prompt_speed(repeats=1)
    r = evaluate_classify(DATA / "classify_agnews" / "test.jsonl", llm=llm, embedder=emb,
                          methods=("llm", "embedding", "ensemble"), limit=args.limit_classify, seed=0)
    save(args.cache / "classify" / f"{model}.json", {"model": model, "raw_tokens_per_second": round(raw, 1),
                                                     "eval": r.model_dump()})
    print(f"classify {model}: " + " ".join(f"{m.method}={m.macro_f1:.3f}" for m in r.methods), flush=True)


def run_extract(args, model: str, llm) -> None:
    from assistant.eval.extract import evaluate_extract

    raw = llm.raw_prompt_speed(repeats=1)
    for shots in (0, 3):
        r = evaluate_extract(DATA / "extract_conll2003" / "test.jsonl", llm, shots=shots, limit=args.limit_extract)
        save(args.cache / "extract" / f"{model}_{shots}.json", {"model": model, "shots": shots,
                                                                 "raw_tokens_per_second": round(raw, 1),
                                                                 "eval": r.model_dump()})
        print(f"extract {model} {shots} shots: F1 {r.f1:.3f}", flush=True)


def run_fill(args, model: str, llm, emb) -> None:
    from assistant.eval.fill import evaluate_fill

    folder = DATA / "fill_restaurant"
    r = evaluate_fill(folder / "test.csv", folder / "train.csv", "city", llm=llm, embedder=emb,
                      methods=["llm", "llm-only", "learned"])
    save(args.cache / "fill" / f"{model}.json", {"model": model, "eval": r.model_dump()})
    print(f"fill {model}: {r.accuracy}", flush=True)


def run_script(args, job: str, model: str) -> None:
    out = args.cache / job / f"{model}.raw.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, str(ROOT / "bench" / f"{job}.py"), "--out", str(out)]
    # injection: the prompts as shipped (its other variants are prompt experiments, not the ladder's question)
    cmd += ["--model", model] if job == "chat" else ["--models", model, "--variants", "shipped"]
    subprocess.run(cmd, check=True, cwd=ROOT)
    save(args.cache / job / f"{model}.json", {"model": model, "eval": json.loads(out.read_text())})


def run(args) -> None:
    jobs = JOBS if args.job == "all" else (args.job,)
    deadline = time.monotonic() + (args.max_seconds or float("inf"))
    emb = embedder() if set(jobs) & {"rerank", "classify", "fill"} else None
    for model in args.models:
        llm = load_llm(model, args.threads) if set(jobs) - {"chat", "injection"} else None
        for job in jobs:
            if job == "rerank":
                run_rerank(args, model, llm, emb, deadline)
            elif job == "classify":
                run_classify(args, model, llm, emb)
            elif job == "extract":
                run_extract(args, model, llm)
            elif job == "fill":
                run_fill(args, model, llm, emb)
            else:
                run_script(args, job, model)


# -- report --------------------------------------------------------------------------------------------------
def mean_se(values) -> tuple[float, float]:
    v = np.asarray(values, dtype=float)
    return float(v.mean()), float(v.std(ddof=1) / np.sqrt(len(v))) if len(v) > 1 else float("nan")


def fmt(m: float, se: float | None = None) -> str:
    return f"{m:.3f}" if se is None or np.isnan(se) else f"{m:.3f} ± {se:.3f}"


def pair_tie_rates(detail: dict, depth: int) -> tuple[float, float]:
    """(discrete, soft) tie rates over the top `depth` pairs, recomputed from the cached both-order P(A)."""
    pa = detail.get("pair_p_a")
    if not pa:
        return float("nan"), float("nan")
    idx = [(x, y) for x in range(depth) for y in range(x + 1, depth)
           if pa[x][y] is not None and pa[y][x] is not None]
    if not idx:
        return float("nan"), float("nan")
    logit = lambda p: np.log(min(max(p, 1e-6), 1 - 1e-6) / (1 - min(max(p, 1e-6), 1 - 1e-6)))  # noqa: E731
    bias = np.mean([logit(pa[x][y]) for x in range(len(pa)) for y in range(len(pa)) if pa[x][y] is not None])
    sig = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    discrete = soft = 0
    for x, y in idx:
        raw = (pa[x][y] + 1 - pa[y][x]) / 2
        discrete += ((pa[x][y] > 0.5) == (pa[y][x] > 0.5)) or abs(raw - 0.5) < 0.02
        soft += abs((sig(logit(pa[x][y]) - bias) + 1 - sig(logit(pa[y][x]) - bias)) / 2 - 0.5) < 0.02
    return discrete / len(idx), soft / len(idx)


def derived(e: dict, model: str) -> dict:
    """The eval with rows recomputed from the likelihood scores it cached (no model call): `ql` (the likelihood
    order alone, ties in first-stage order); `auto (rule)`, auto's fallback weighted by the split-half reliability
    rule; and `auto` as shipped now, for a model whose fallback weight is measured (auto.MEASURED_WEIGHTS; the
    runs before that table existed used the rule)."""
    from assistant.eval.rerank import ndcg_at
    from assistant.jobs.rerank.auto import MEASURED_WEIGHTS, weight_from
    from assistant.jobs.rerank.fusion import fuse

    q = e["per_query"][0] if e.get("per_query") else None
    if not q or not q["llm_scores"].get("ql"):
        return e
    score, rels = np.asarray(q["llm_scores"]["ql"], dtype=float), q["rels"]

    def ndcg(s) -> float:
        order = sorted(range(len(s)), key=lambda i: (-s[i], i))
        return ndcg_at([rels[i] for i in order], rels)

    e["ndcg@10"].setdefault("ql", ndcg(score))
    choice = q.get("choice") or {}
    if "auto" in e["ndcg@10"] and choice.get("method") == "ql+emb":
        sims = np.asarray(q["similarities"], dtype=float)
        e["ndcg@10"]["auto (rule)"] = ndcg(fuse(sims, score, "z", weight_from(choice.get("ql_reliability"))))
        if model in MEASURED_WEIGHTS:
            e["ndcg@10"]["auto"] = ndcg(fuse(sims, score, "z", MEASURED_WEIGHTS[model]))
    return e


def rerank_section(cache: Path, depth: int) -> list[str]:
    from assistant.jobs.rerank.auto import MEASURED_WEIGHTS

    out = ["## Rerank: NovelEval NDCG@10", "",
           "Mean ± standard error over the queries run; Δ = paired difference against the embedding order "
           "(± its standard error), W/T/L = queries better / equal (within 0.0005) / worse than the embedding "
           f"order. allpair: soft rule over the first-stage top {depth}. ql: the likelihood order alone, derived from "
           "the scores auto cached (no model call of its own). auto: the default as shipped; for a model with a "
           "measured fallback weight (rerank/auto.py MEASURED_WEIGHTS) recomputed from the cached scores with it; "
           "auto (rule): the fallback weighted by the split-half reliability rule, derived the same way (what auto "
           "is for other models). Tie rate: the share of pairs (both orders asked) whose two orders point at the "
           "same position, so the discrete rule calls them even; for auto, over the 4 pairs of its self-check a query. "
           "s/query: wall time of the method alone (auto includes its "
           "self-check; ql+emb reuses auto's scores when auto fell back, so its time is not measured then).", "",
           "| model | queries | method | NDCG@10 | Δ vs embedding | W/T/L | s/query | prompt tok/s ÷ raw llama.cpp "
           "| tie rate (discrete → soft) | auto chose |", "|---|---|---|---|---|---|---|---|---|---|"]
    notes = []
    for model in MODELS:
        files = sorted((cache / "rerank" / model).glob("*.json"), key=lambda p: int(p.stem) if p.stem.isdigit()
                       else p.stem)
        if not files:
            continue
        recs = [json.loads(f.read_text()) for f in files]
        evals = [derived(r["eval"], model) for r in recs]
        raw = np.mean([r["raw_tokens_per_second"] for r in recs])
        ties = [pair_tie_rates(e["per_query"][0], depth) for e in evals]
        chose = {}
        for e in evals:
            for v in e["choices"].values():
                chose[v.split(" ")[0]] = chose.get(v.split(" ")[0], 0) + 1
        weights = [float(v.split("w=")[1].rstrip(")")) for e in evals for v in e["choices"].values() if "w=" in v]
        for method in ["embedding", "auto", "auto (rule)", "ql", "ql+emb", "allpair"]:
            evals_m = [e for e in evals if method in e["ndcg@10"]]
            if not evals_m:
                continue
            vals = [e["ndcg@10"][method] for e in evals_m]
            emb = [e["ndcg@10"]["embedding"] for e in evals_m]
            m, se = mean_se(vals)
            diff = np.array(vals) - np.array(emb)
            dm, dse = mean_se(diff)
            tol = 5e-4  # rows recomputed from cached scores differ from the run's own in the 4th decimal
            wtl = f"{(diff > tol).sum()}/{(abs(diff) <= tol).sum()}/{(diff < -tol).sum()}"
            me = [e["methods"].get(method) for e in evals_m]
            spq = [x["seconds_per_query"] for x in me if x and x["seconds_per_query"] is not None]
            tps = [x["tokens_per_second"] for x in me if x and x.get("tokens_per_second")]
            tie = ""
            if method == "allpair":
                tie = f"{np.nanmean([t[0] for t in ties]):.2f} → {np.nanmean([t[1] for t in ties]):.2f}"
            checked = [1 - q["choice"]["order_consistency"] for e in evals_m for q in e.get("per_query") or []
                       if q.get("choice") and q["choice"].get("order_consistency") is not None]
            if method == "auto" and checked:  # a self-check pair whose two orders disagree is a discrete tie
                tie = f"{np.mean(checked):.2f} (self-check pairs)"
            auto = ""
            if method == "auto":
                auto = ", ".join(f"{k} ×{v}" for k, v in chose.items())
                if model in MEASURED_WEIGHTS:  # as shipped; the cached run may predate the measured weight
                    auto += f" (w {MEASURED_WEIGHTS[model]}, measured; the rule's mean w {np.mean(weights):.2f})" \
                        if weights else f" (w {MEASURED_WEIGHTS[model]}, measured)"
                else:
                    auto += f" (mean w {np.mean(weights):.2f})" if weights else ""
            fused = method != "embedding"
            out.append(" | ".join([
                f"| {model}", str(len(vals)), method, fmt(m, se), f"{dm:+.3f} ± {dse:.3f}" if fused else "–",
                wtl if fused else "–", f"{np.mean(spq):.1f}" if spq else "–",
                f"{np.mean(tps) / raw:.2f}" if tps else "–", tie or "–", auto or "–"]) + " |")
        per_q = []
        for r, e in zip(recs, evals):
            d = {m: e["ndcg@10"][m] - e["ndcg@10"]["embedding"] for m in RERANK_METHODS + ["ql", "auto (rule)"]
                 if m in e["ndcg@10"]}
            per_q.append(f"q{r['qid']}: " + ", ".join(f"{m} {v:+.3f}" for m, v in d.items()))
        notes.append(f"- {model}, per query against the embedding order: " + "; ".join(per_q)
                     + f". Raw llama.cpp prompt speed {raw:.0f} tokens/s; load average "
                     + f"{min(r['load'] for r in recs):.1f}-{max(r['load'] for r in recs):.1f}; "
                     + f"dates {min(r['date'] for r in recs)} .. {max(r['date'] for r in recs)}.")
    return out + [""] + notes + [""] if notes else []


def classify_section(cache: Path) -> list[str]:
    out = ["## Classify: AG News", "",
           "Accuracy ± binomial standard error; macro-F1; items/s includes the scorers a method uses. Δ(best LLM "
           "method − embedding) in accuracy with the unpaired standard error of the difference.", "",
           "| model | items | method | accuracy | macro-F1 | items/s | prompt tok/s ÷ raw llama.cpp |",
           "|---|---|---|---|---|---|---|"]
    gaps = []
    for model in MODELS:
        f = cache / "classify" / f"{model}.json"
        if not f.exists():
            continue
        rec = json.loads(f.read_text())
        e, raw = rec["eval"], rec["raw_tokens_per_second"]
        n = e["items"]
        acc = {}
        for m in e["methods"]:
            p = m["accuracy"]
            se = np.sqrt(p * (1 - p) / n)
            acc[m["method"]] = (p, se)
            ratio = f"{m['llm_tokens_per_second'] / raw:.2f}" if m.get("llm_tokens_per_second") else "–"
            name = m["method"] + (" + self-training" if m["self_training"] else "")
            out.append(f"| {model} | {n} | {name} | {fmt(p, se)} | {m['macro_f1']:.3f} | "
                       f"{m['items_per_second']:.1f} | {ratio} |")
        scores = {m["method"]: m for m in e["methods"]}
        if {"llm", "embedding", "ensemble"} <= set(scores):  # the goal: default within 0.01 of its best part
            part = max(("llm", "embedding"), key=lambda k: scores[k]["macro_f1"])
            gap = scores["ensemble"]["macro_f1"] - scores[part]["macro_f1"]
            w = (scores["ensemble"].get("weighting") or {}).get("weights") or {}
            gaps.append(f"- {model}: default (ensemble) macro-F1 minus its best part ({part}) {gap:+.3f} "
                        f"({'within 0.01 or above' if gap >= -0.01 else 'MORE than 0.01 below'}); weights "
                        + ", ".join(f"{k} {v:.2f}" for k, v in w.items()) + ".")
        if "embedding" in acc:
            best = max((k for k in acc if k != "embedding"), key=lambda k: acc[k][0])
            d = acc[best][0] - acc["embedding"][0]
            se = np.hypot(acc[best][1], acc["embedding"][1])
            gaps.append(f"- {model}: {best} − embedding = {d:+.3f} ± {se:.3f} "
                        + ("(more than 2 SE)" if d > 2 * se else "(within 2 SE)") + f"; load {rec['load']}, "
                        f"{rec['date']}.")
    return out + [""] + gaps + [""] if gaps else []


def other_sections(cache: Path) -> list[str]:
    out = []
    rows = []
    for model in MODELS:
        for shots in (0, 3):
            f = cache / "extract" / f"{model}_{shots}.json"
            if f.exists():
                e = json.loads(f.read_text())["eval"]
                rows.append(f"| extract CoNLL-2003 ({e['items']} sentences) | {model} | {shots} shots | "
                            f"F1 {e['f1']:.3f} | {e['items'] / e['seconds']:.2f} items/s |")
        f = cache / "fill" / f"{model}.json"
        if f.exists():
            e = json.loads(f.read_text())["eval"]
            for m in e["methods"]:
                rows.append(f"| fill Restaurant city ({e['records']}) | {model} | {m['method']} | "
                            f"accuracy {m['accuracy']:.3f} | {m['records_per_second']:.2f} records/s |")
        f = cache / "chat" / f"{model}.json"
        if f.exists():
            s = json.loads(f.read_text())["eval"]["summary"]
            rows.append(f"| chat routing ({s['requests']} requests) | {model} | combined vs embedding only | "
                        f"top-1 {s['top1_combined']:.3f} vs {s['top1_embedding_only']:.3f} | – |")
        f = cache / "injection" / f"{model}.json"
        if f.exists():
            res = json.loads(f.read_text())["eval"]["results"]
            rates = [r["flip_rate"] for r in res if isinstance(r, dict) and "flip_rate" in r]
            rows.append(f"| injection | {model} | mean flip rate over {len(rates)} settings | "
                        f"{np.mean(rates):.3f} | – |")
    if rows:
        out += ["## Extract, fill, chat, injection", "", "| job | model | method | quality | speed |",
                "|---|---|---|---|---|"] + rows + [""]
    return out


def report(args) -> None:
    head = [f"# Model ladder (issue 12): measured {dt.date.today().isoformat()}", "",
            f"Machine: {machine()}; timings depend on the load, so the load average is given with each "
            "section. Written by `python bench/ladder.py report` from the runs cached under "
            f"{args.cache}.", ""]
    body = rerank_section(args.cache, args.pair_depth) + classify_section(args.cache) + other_sections(args.cache)
    text = "\n".join(head + body)
    kept = ""
    if args.out.exists() and "## Notes" in args.out.read_text():
        kept = args.out.read_text()[args.out.read_text().index("## Notes"):]
    args.out.write_text(text + ("\n" + kept if kept else ""), encoding="utf-8")
    print(text)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--job", choices=JOBS + ("all",), required=True)
    r.add_argument("--models", nargs="+", default=list(MODELS))
    r.add_argument("--limit", type=int, default=None, help="the per-job limit below, for the one --job run")
    r.add_argument("--limit-rerank", type=int, default=21)
    r.add_argument("--limit-classify", type=int, default=500)
    r.add_argument("--limit-extract", type=int, default=200)
    r.add_argument("--rerank-methods", nargs="+", default=RERANK_METHODS, choices=RERANK_METHODS)
    r.add_argument("--max-seconds", type=float, default=None, help="rerank: start no query after this long")
    r.add_argument("--threads", type=int, default=None)
    for p in (r, sub.add_parser("report")):
        p.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
        p.add_argument("--pair-depth", type=int, default=8)
    sub.choices["report"].add_argument("--out", type=Path, default=ROOT / "bench" / "results_issue-12.md")
    args = ap.parse_args()
    if args.cmd == "run":
        if args.limit is not None and args.job != "all":
            setattr(args, f"limit_{args.job}", args.limit)
        run(args)
    else:
        report(args)


if __name__ == "__main__":
    main()
