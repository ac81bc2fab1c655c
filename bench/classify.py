"""Zero-shot classification benchmark on AG News: every method, each bundled model, with and without label descriptions.

    python bench/classify.py [--limit 1000] [--seed 0] [--models smollm2-135m-instruct gemma3-270m]
                             [--labels-file bench/agnews_labels.txt] [--out bench/results_classify.md]

A fixed-seed shuffled sample of --limit items of ../shared/bench-data/classify_agnews/test.jsonl (text = title + ". "
+ description). Labels: the four names in the data ("names"), and the generic one-line descriptions of
--labels-file ("descriptions"). Every method is reported without and with transductive self-training. The LLM and
the embedder each run once per model (assistant.eval.classify.evaluate_label_sets: the prompt does not depend on
the labels, so one LLM pass scores the answers of both label sets); a method's items/s counts the scorers it uses,
the shared LLM pass in full. Nothing here is tuned to AG News: the methods and their settings are the library's
defaults. Writes --out (markdown; its section "How the design was chosen" and what follows are kept) and prints
the table.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shlex
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
for _var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):  # nothing may come from a hub
    os.environ[_var] = "1"

from assistant.backends.embedder import SentenceTransformerEmbedder, offline_environment  # noqa: E402
from assistant.eval.classify import evaluate_label_sets  # noqa: E402
from assistant.jobs.classify import DEFAULT_METHOD, METHODS, load_labels_file  # noqa: E402

offline_environment()

DATA = ROOT.parent / "shared" / "bench-data" / "classify_agnews" / "test.jsonl"
PUBLISHED = "facebook/bart-large-mnli 0.727 accuracy, all-MiniLM-L6-v2 embedding similarity 0.500 (BTZSC)"
GOAL = 0.75
KEPT = "## How the design was chosen"  # this section of --out and what follows it is kept on a rerun


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
               platform.processor())
    return f"{cpu}, {os.cpu_count()} logical cores, {platform.system()} {platform.release()}"


def shown(path: Path | None) -> str:
    return str(path.relative_to(ROOT)) if path and path.is_relative_to(ROOT) else str(path)


def write_report(args, rows, details, load_before) -> str:
    """The markdown report of the rows so far, written to args.out; returns it."""
    load_after = os.getloadavg()[0]

    seen, lines = set(), []
    kinds = list(dict.fromkeys(kind for _, kind, _, _ in rows))
    models = list(dict.fromkeys(model for model, _, _, _ in rows if model != "-"))
    rows = sorted(rows, key=lambda r: (kinds.index(r[1]), -1 if r[0] == "-" else models.index(r[0])))  # stable
    for model, label_kind, m, raw_speed in rows:
        key = (model, label_kind, m.method, m.self_training)
        if key in seen:  # the embedding method does not depend on the LLM: report it once per label set
            continue
        seen.add(key)
        method = m.method + (" + self-training" if m.self_training else "")
        tps = f"{m.llm_tokens_per_second:.0f} (raw {raw_speed:.0f})" if m.llm_tokens_per_second else "-"
        lines.append(f"| {model} | {label_kind} | {method} | {m.accuracy:.3f} | {m.macro_f1:.3f} | "
                     f"{m.items_per_second:.1f} | {tps} |")
    command = "python bench/classify.py " + shlex.join(sys.argv[1:])
    text = [
        "# Zero-shot classification: AG News",
        "",
        f"- Date: {dt.date.today().isoformat()}; machine: {machine()}; load average {load_before:.1f} before, "
        f"{load_after:.1f} after (shared machine: speeds are indicative only).",
        f"- Command: `{command.strip()}`",
        f"- Data: {args.limit} items of AG News test (fixed-seed shuffle, seed {args.seed}), 4 balanced labels; "
        f"text = title + \". \" + description. Goal: macro-F1 >= {GOAL}. Published: {PUBLISHED}.",
        f"- Labels: \"names\" = the label names of the data; \"descriptions\" = `{shown(args.labels_file)}` "
        "(one generic `label: description` line per label).",
        f"- Default method: `{DEFAULT_METHOD}`, with self-training for batches of 50+ texts.",
        "- items/s: the scorers a method uses (LLM, embedder) plus its own combination time; the one LLM pass "
        "scores the answers of both label sets, and its time counts in full for each. LLM tokens/s: tokens "
        "evaluated / seconds in llama_decode (raw: llama.cpp's own prompt speed on this machine).",
        "",
        "| LLM | labels | method | accuracy | macro-F1 | items/s | LLM tokens/s |",
        "|---|---|---|---|---|---|---|",
        *lines,
        "",
        "## Confusion matrices of the default method (rows: true, columns: predicted)",
        "",
    ]
    for model, label_kind, labels, m in details:
        text += [f"{model}, {label_kind}: accuracy {m.accuracy:.3f}, macro-F1 {m.macro_f1:.3f}", "",
                 "| true \\ predicted | " + " | ".join(labels) + " |", "|---" * (len(labels) + 1) + "|"]
        text += [f"| {name} | " + " | ".join(str(v) for v in row) + " |" for name, row in zip(labels, m.confusion)]
        text.append("")
    kept = ""
    if args.out.exists():  # the hand-written notes on how the design was chosen survive a rerun
        old = args.out.read_text(encoding="utf-8")
        kept = old[old.index(KEPT):] if KEPT in old else ""
    args.out.write_text("\n".join(text) + "\n" + kept, encoding="utf-8")
    return "\n".join(text)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--limit", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--models", nargs="+", default=["smollm2-135m-instruct", "gemma3-270m"])
    ap.add_argument("--labels-file", type=Path, default=ROOT / "bench" / "agnews_labels.txt")
    ap.add_argument("--no-names", action="store_true", help="skip the run with the bare label names")
    ap.add_argument("--threads", type=int, default=None, help="LLM threads (default: physical cores)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results_classify.md")
    args = ap.parse_args()

    from assistant.backends.catalog import resolve_llm
    from assistant.backends.llamacpp import LlamaCppLLM
    from assistant.core.settings import Settings

    settings = Settings()
    embedder = SentenceTransformerEmbedder(threads=settings.n_threads)
    label_sets = ([("names", None)] if not args.no_names else []) + \
        ([("descriptions", load_labels_file(args.labels_file))] if args.labels_file else [])
    load_before = os.getloadavg()[0]
    rows, details = [], []
    for model in args.models:
        llm = LlamaCppLLM(resolve_llm(model, settings.models_dir), n_ctx=settings.n_ctx,
                          n_threads=args.threads or settings.n_threads, name=model)
        raw_speed = llm.raw_prompt_speed(repeats=1)
        started = time.perf_counter()

        def progress(done, total, tag=model):
            print(f"\r{tag}: {done}/{total}", end="", file=sys.stderr, flush=True)

        results = evaluate_label_sets(args.data, dict(label_sets), llm=llm, embedder=embedder, methods=METHODS,
                                      limit=args.limit, seed=args.seed, compare_self_training=True,
                                      progress=progress)
        print(f"\r{model}: {time.perf_counter() - started:.0f}s", file=sys.stderr, flush=True)
        for label_kind, res in results.items():
            for m in res.methods:
                rows.append((model if m.method != "embedding" else "-", label_kind, m, raw_speed))
                if m.method == DEFAULT_METHOD and m.self_training:
                    details.append((model, label_kind, res.labels, m))
        write_report(args, rows, details, load_before)  # partial results survive an interrupted run
        llm.close()
    print(write_report(args, rows, details, load_before))


if __name__ == "__main__":
    main()
