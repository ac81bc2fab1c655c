"""Routing benchmark for the chat agent (issue 5): tool and argument accuracy, and time to first output.

Each line of bench/chat/requests.jsonl is a written request with the tool and arguments it should produce
("last": a previous search result exists). The chat's own router and planner run on each with the real
embedder and a bundled LLM; the collection is the sample `applicants` table (its fields are the choices).

    python bench/chat.py --model gemma3-270m --out bench/out/chat_gemma.json
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import Assistant, Settings  # noqa: E402
from assistant.chat.context import Context, LastResult  # noqa: E402
from assistant.chat.plan import build  # noqa: E402
from assistant.chat.route import Facts, Policy, Router, complete_args, decide  # noqa: E402
from assistant.chat.tools import BY_NAME  # noqa: E402

FIELDS = ["ApplicantID", "Age", "Gender", "Role", "HiringDepartment", "TravelPreference", "DistanceFromHome",
          "EducationField", "Summary", "cluster"]
COLLECTIONS = ["applicants", "reviews", "tickets"]


def context_for(item: dict) -> Context:
    ctx = Context(collection="applicants")
    if item.get("last"):
        ctx.last = LastResult("search", ["search", "data analyst", "-c", "applicants"], "applicants",
                              [f"A{i:04d}" for i in range(10)])
    return ctx


def facts_for(ctx: Context) -> Facts:
    parts = [f"Collection in use: applicants (fields: {', '.join(FIELDS)})"]
    if ctx.last:
        parts.append(f"Previous result: {ctx.last.describe()}")
    return Facts(collections=COLLECTIONS, fields=FIELDS, context="\n".join(parts))


def args_match(expected: dict, got: dict) -> bool:
    """Every expected argument present and right (text: its words all copied; lists: the same set), and
    `save` present exactly when expected."""
    for key, want in expected.items():
        have = got.get(key)
        if have is None:
            return False
        if isinstance(want, list):
            if {w.lower() for w in want} != {str(h).lower() for h in have}:
                return False
        elif key in ("query", "question"):
            if not set(re.findall(r"\w+", want.lower())) <= set(re.findall(r"\w+", str(have).lower())):
                return False
        elif str(have).lower() != str(want).lower():
            return False
    return ("save" in expected) == ("save" in got)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(ROOT / "bench" / "chat" / "requests.jsonl"))
    ap.add_argument("--model", default=None, help="bundled LLM id (default: the tool's default)")
    ap.add_argument("--out", default=None)
    opts = ap.parse_args()
    items = [json.loads(line) for line in open(opts.data, encoding="utf-8") if line.strip()]
    a = Assistant(Settings().with_overrides(llm_model=opts.model))
    t0 = time.perf_counter()
    a.embedder.embed(["warm up"])
    embedder_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    llm = a.llm
    llm.continuation_logprobs("warm up", ["a"])
    llm_load = time.perf_counter() - t0
    router = Router(a.embedder, lambda: llm, labelled=())  # its own requests are the labelled examples: left out
    rows = []
    for item in items:
        ctx = context_for(item)
        facts = facts_for(ctx)
        started = time.perf_counter()
        route = router.choose(item["request"], facts)
        routed = time.perf_counter() - started
        args = {}
        if route.sure:  # what the chat does before its first output: route, fill the arguments, plan
            args = router.fill(BY_NAME[route.tool], item["request"], facts)
            build(route.tool, args, ctx)
        first_output = time.perf_counter() - started
        # argument accuracy is measured on the expected tool, whatever was routed (it is reported separately)
        llm_args = args if (route.sure and route.tool == item["tool"]) else \
            router.fill(BY_NAME[item["tool"]], item["request"], facts)
        rule_args = complete_args(BY_NAME[item["tool"]], {}, item["request"], facts)
        rows.append({"request": item["request"], "expected": item["tool"], "chosen": route.tool, "sure": route.sure,
                     "offered": [route.tool, *route.runners_up()],
                     "embedding_top": max(route.embedding, key=route.embedding.get),
                     "llm_top": max(route.llm, key=route.llm.get) if route.llm else None,
                     "args_ok": args_match(item["args"], llm_args), "rules_args_ok": args_match(item["args"], rule_args),
                     "args": llm_args, "routing_s": round(routed, 3), "first_output_s": round(first_output, 3),
                     "emb": route.embedding, "llm": route.llm})
        print(f"{'ok ' if route.tool == item['tool'] and route.sure else 'ABS' if not route.sure else 'BAD'} "
              f"{item['tool']:>11} -> {route.tool:<11} args {'ok' if rows[-1]['args_ok'] else '--'}  {item['request']}",
              flush=True)
    n = len(rows)
    acted = [r for r in rows if r["sure"]]
    times = np.array([r["first_output_s"] for r in rows])

    def acc(key: str) -> float:
        return round(sum(r[key] == r["expected"] for r in rows) / n, 3)

    weights = {}
    for w in (0.5, 0.6, 0.7, 0.8, 0.9, 1.01):  # information only: the embedding router's threshold to decide alone
        decided = [decide(r["emb"], {}, Policy(1.0, w)) for r in rows]
        weights[str(w)] = {"top1": round(sum(d.tool == r["expected"] for d, r in zip(decided, rows)) / n, 3),
                           "acted_right": round(sum(d.sure and d.tool == r["expected"] for d, r in zip(decided, rows)) / n, 3),
                           "abstained": round(sum(not d.sure for d in decided) / n, 3)}
    summary = {
        "model": llm.name, "requests": n,
        "routing_accuracy": round(sum(r["sure"] and r["chosen"] == r["expected"] for r in rows) / n, 3),
        "accuracy_when_acting": round(sum(r["chosen"] == r["expected"] for r in acted) / max(len(acted), 1), 3),
        "abstained": round(1 - len(acted) / n, 3),
        "unsure_but_offered_right": round(sum(not r["sure"] and r["expected"] in r["offered"] for r in rows) / n, 3),
        "wrong_and_acted": round(sum(r["chosen"] != r["expected"] for r in acted) / n, 3),
        "top1_combined": acc("chosen"), "top1_embedding_only": acc("embedding_top"), "top1_llm_only": acc("llm_top"),
        "argument_accuracy_llm": round(sum(r["args_ok"] for r in rows) / n, 3),
        "argument_accuracy_rules_only": round(sum(r["rules_args_ok"] for r in rows) / n, 3),
        "first_output_p50_s": round(float(np.percentile(times, 50)), 3),
        "first_output_p95_s": round(float(np.percentile(times, 95)), 3),
        "routing_p50_s": round(float(np.median([r["routing_s"] for r in rows])), 3),
        "embedder_load_s": round(embedder_load, 2), "llm_load_s": round(llm_load, 2),
        "embedding_sure_sweep": weights,
    }
    print(json.dumps(summary, indent=2))
    if opts.out:
        Path(opts.out).write_text(json.dumps({"summary": summary, "rows": rows}, indent=2, default=float) + "\n")


if __name__ == "__main__":
    main()
