"""Extraction methods per model (issue 14): how the few-shot examples are chosen and which spans the scored field
question settles, on CoNLL-2003, with one generation pass per example choice.

The field check only re-scores the answers the model generated, so `every` reuses the generations of `conflicts`
(a caching wrapper around the LLM): per model and example choice, one pass of generation, two of scoring.

    python bench/extract_methods.py --model gemma3-270m --limit 200 [--choices fixed similar] [--checks conflicts every]

Prints one JSON line per (choice, check) with the eval's numbers; bench/results_issue-14.md has the table.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
for _var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):  # nothing may come from a hub
    os.environ[_var] = "1"

DATA = ROOT.parent / "shared" / "bench-data" / "extract_conll2003" / "test.jsonl"
if not DATA.exists():  # a worktree beside the main checkout
    DATA = Path("/work/shared/bench-data/extract_conll2003/test.jsonl")


class CachedGenerations:
    """The LLM, with generate_json answered from memory for a prompt and shape it has answered before."""

    def __init__(self, llm):
        self._llm = llm
        self._seen: dict[tuple[str, str, int], object] = {}

    def __getattr__(self, name):
        return getattr(self._llm, name)

    def generate_json(self, requests):
        keys = [(r.prompt, repr(r.shape), r.max_tokens) for r in requests]
        todo = [r for r, k in zip(requests, keys) if k not in self._seen]
        for r, gen in zip(todo, self._llm.generate_json(todo) if todo else []):
            self._seen[(r.prompt, repr(r.shape), r.max_tokens)] = gen
        return [self._seen[k] for k in keys]


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True)
    p.add_argument("--limit", type=int, default=200)
    p.add_argument("--shots", type=int, default=3)
    p.add_argument("--data", type=Path, default=DATA)
    p.add_argument("--choices", nargs="+", default=["fixed", "similar"])
    p.add_argument("--checks", nargs="+", default=["conflicts", "every"])
    args = p.parse_args()

    from assistant.core.settings import Settings
    from assistant.eval.extract import evaluate_extract
    from assistant.facade import Assistant
    from assistant.jobs.extract import ExtractOptions

    a = Assistant(Settings(llm_model=args.model))
    llm = CachedGenerations(a.llm)
    for choice in args.choices:
        for check in args.checks:
            r = evaluate_extract(args.data, llm, shots=args.shots, limit=args.limit, examples=choice,
                                 embedder=a.embedder if choice == "similar" else None,
                                 options=ExtractOptions(field_check=check))  # type: ignore[arg-type]
            print(json.dumps({"model": args.model, "examples": r.examples, "field_check": r.field_check,
                              "items": r.items, "precision": r.precision, "recall": r.recall, "f1": r.f1,
                              "verbatim_rate": r.verbatim_rate, "seconds": r.seconds, "errors": r.errors,
                              "per_label": {k: v.f1 for k, v in r.per_label.items()}}), flush=True)


if __name__ == "__main__":
    main()
