"""The chat router's raw scores for a request set, per model (issue 15): one heavy run, cached as JSON.

For each request: the LLM's log-probability of every tool name in the router's prompt (route.j2), and the
content-free prior ("N/A") per context, so the calibrated probabilities can be recomputed offline. The
requests are scored in batches whose shared prefix (instruction and tool list) llama.cpp evaluates once.
The embedding scores are cheap and are recomputed by bench/chat_routing.py (they follow the tool examples).

    flock /tmp/bench.lock python bench/chat_scores.py --model gemma3-270m --set bench
    flock /tmp/bench.lock python bench/chat_scores.py --model gemma3-270m --set heldout
    flock /tmp/bench.lock python bench/chat_scores.py --model gemma3-270m --set heldout2 --shots 8

With --shots N the prompt also shows the N labelled requests most like the request (Router.nearest over the
tools' examples and assistant/chat/examples.LABELLED, the request itself left out), and each row also holds
the content-free prior computed with the same examples ("prior_shots").
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import Assistant, Settings  # noqa: E402
from assistant.chat.route import Router, route_prompt  # noqa: E402
from assistant.chat.tools import TOOLS  # noqa: E402

SETS = {"bench": ROOT / "bench" / "chat" / "requests.jsonl",
        "heldout": ROOT / "bench" / "data" / "chat_heldout" / "requests.jsonl",
        "heldout2": ROOT / "bench" / "data" / "chat_heldout2" / "requests.jsonl"}
FIELDS = ["ApplicantID", "Age", "Gender", "Role", "HiringDepartment", "TravelPreference", "DistanceFromHome",
          "EducationField", "Summary", "cluster"]


def context_line(item: dict) -> str:
    """The router's context line, as the chat writes it on the sample `applicants` collection (bench/chat.py)."""
    parts = [f"Collection in use: applicants (fields: {', '.join(FIELDS)})"]
    if item.get("last"):
        parts.append(f"Previous result: {item['last']} in 'applicants': 10 records")
    return "\n".join(parts)


def load(name: str) -> list[dict]:
    return [json.loads(line) for line in open(SETS[name], encoding="utf-8") if line.strip()]


def tool_logprobs(llm, requests: list[tuple], batch: int = 8) -> list[list[float]]:
    """Log-probability of each tool name after each (request, context[, examples]) prompt; batched so the
    shared prefix is evaluated once per batch (the same numbers as route.tool_logprobs, one at a time)."""
    out: list[list[float]] = []
    for i in range(0, len(requests), batch):
        seqs = []
        for request, context, *examples in requests[i:i + batch]:
            base = llm.prompt_tokens(route_prompt(llm, request, context, examples[0] if examples else ()))
            seqs += [(base + llm.tokenize(f'{t.name}"'), len(base)) for t in TOOLS]
        scores = [float(r.sum()) for r in llm.score_sequences(seqs)]
        out += [scores[j:j + len(TOOLS)] for j in range(0, len(scores), len(TOOLS))]
        print(f"{min(i + batch, len(requests))}/{len(requests)}", file=sys.stderr, flush=True)
    return out


def save_embeddings(name: str, items: list[dict]) -> None:
    """The requests' vectors, for the embedding router's scores offline (the tool texts are embedded the same way)."""
    import numpy as np

    embedder = Assistant(Settings()).embedder
    out = ROOT / "bench" / "out" / f"chat_emb_{name}.npy"
    out.parent.mkdir(parents=True, exist_ok=True)
    np.save(out, np.asarray(embedder.embed([it["request"] for it in items]), dtype=np.float32))
    texts = [text for t in TOOLS for text in t.texts()]
    owners = [t.name for t in TOOLS for _ in t.texts()]
    np.save(out.parent / "chat_emb_tools.npy", np.asarray(embedder.embed(texts), dtype=np.float32))
    (out.parent / "chat_emb_tools.json").write_text(json.dumps({"texts": texts, "owners": owners}) + "\n")
    print(f"embeddings {name}: {len(items)} -> {out}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=None, help="bundled LLM id; without it, the embeddings are saved instead")
    ap.add_argument("--start", type=int, default=0, help="first request (to split a slow model's run)")
    ap.add_argument("--set", choices=sorted(SETS), required=True)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--shots", type=int, default=0, help="labelled requests shown in the prompt (Router.nearest)")
    ap.add_argument("--no-shot-prior", action="store_true",
                    help="with --shots: skip the content-free prior with the same examples (half the time)")
    opts = ap.parse_args()
    items = load(opts.set)
    end = len(items) if opts.limit is None else opts.start + opts.limit
    items = items[opts.start:end]
    if opts.model is None:
        save_embeddings(opts.set, items)
        return
    llm = Assistant(Settings().with_overrides(llm_model=opts.model)).llm
    started = time.perf_counter()
    contexts = sorted({context_line(it) for it in items})
    priors = dict(zip(contexts, tool_logprobs(llm, [("N/A", c) for c in contexts])))
    shown = [[] for _ in items]
    if opts.shots:
        embedder = Assistant(Settings()).embedder
        router = Router(embedder, lambda: llm)
        for it, ex in zip(items, shown):  # one request at a time, embedded as the chat embeds it
            ex += router.nearest(it["request"], embedder.embed([it["request"]])[0], opts.shots)
    logps = tool_logprobs(llm, [(it["request"], context_line(it), ex) for it, ex in zip(items, shown)])
    shot_priors = tool_logprobs(llm, [("N/A", context_line(it), ex) for it, ex in zip(items, shown)]) \
        if opts.shots and not opts.no_shot_prior else [None] * len(items)
    seconds = time.perf_counter() - started
    rows = [{"i": opts.start + i, "logp": lp, "prior": priors[context_line(it)], "prior_shots": sp, "examples": ex}
            for i, (it, lp, sp, ex) in enumerate(zip(items, logps, shot_priors, shown))]
    tag = f"_shots{opts.shots}" if opts.shots else ""
    out = ROOT / "bench" / "out" / f"chat_llm_{opts.model}_{opts.set}{tag}{'_from%d' % opts.start if opts.start else ''}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"model": opts.model, "set": opts.set, "tools": [t.name for t in TOOLS],
                               "seconds": round(seconds, 1), "rows": rows}) + "\n")
    print(f"{opts.model} {opts.set}: {len(rows)} requests in {seconds:.1f} s -> {out}")


if __name__ == "__main__":
    main()
