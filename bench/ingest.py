"""Ingest throughput (issue 2): raw SentenceTransformer.encode vs `assistant ingest` end to end, same records.

    python bench/ingest.py [--records 2000] [--repeats 3] [--out bench/RESULTS.md] [--json] [--no-onnx]

One process, on the same N records (the 400 sample applicants repeated and perturbed so every text is distinct,
written to a temporary CSV and rendered with the project's own template code, so the raw encode sees exactly the
texts ingest embeds):

* raw: SentenceTransformer.encode(texts, batch_size=64, normalize_embeddings=True), warm, in records/s;
* end to end: Assistant(Settings(home=tmp), embedder=<the same, already loaded>).ingest(csv, "bench") into a
  fresh workspace each time (file read, checks, template, embedding, Chroma upsert), in records/s, with the ratio
  end-to-end / raw (goal >= 0.9) and where the time goes;
* the opt-in ONNX backends (assistant.backends.embedder: "onnx" fp32 and "onnx-int8", exported locally, run with
  onnxruntime): raw and end-to-end records/s, speed-up against torch, and per-record cosine agreement with the
  torch vectors (min and mean).

Each timing is repeated (--repeats; raw and end-to-end runs interleaved) and the median is reported, with the best:
the machine may be shared (the load average before and after is recorded).
torch threads and onnxruntime intra-op threads = physical cores. Writes the section "## Ingest throughput
(issue 2)" of --out (other sections are kept); --json prints the numbers.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import shlex
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
for _var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):  # nothing may come from a hub
    os.environ[_var] = "1"

from assistant.backends.embedder import offline_environment  # noqa: E402

offline_environment()

import numpy as np  # noqa: E402

SECTION = "## Ingest throughput (issue 2)"
SAMPLE = ROOT / "assistant" / "sample" / "applicants.csv"
TEMPLATE = "record.j2"
BATCH = 64
GOAL = 0.9
AGREEMENT = 0.99
SPLIT = ("read, check, template, hash", "window check", "embed", "store upsert", "store other")


# -- data ----------------------------------------------------------------------------------------------------
def make_csv(n: int, dest: Path) -> Path:
    """n rows from the sample: row i is sample row i % 400 with its own id; copy k>0 also moves the distance by k."""
    with SAMPLE.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        columns = list(reader.fieldnames or [])
        rows = list(reader)
    with dest.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=columns)
        w.writeheader()
        for i in range(n):
            row = dict(rows[i % len(rows)])
            copy = i // len(rows)
            row["ApplicantID"] = f"A{i + 1:05d}"
            if copy and row.get("DistanceFromHome", "").strip().isdigit():
                row["DistanceFromHome"] = str(int(row["DistanceFromHome"]) + copy)
            w.writerow(row)
    return dest


def render_texts(path: Path) -> list[str]:
    """The texts `assistant ingest` embeds for this file (same loader, same template code)."""
    from assistant.data.ingest import record_text
    from assistant.data.records import load_records

    load = load_records(path)
    return [record_text(r, TEMPLATE) for r in load.records]


# -- timing helpers ------------------------------------------------------------------------------------------
def rate(n: int, times: list[float]) -> dict[str, float]:
    return {"median_s": round(statistics.median(times), 3), "best_s": round(min(times), 3),
            "records_per_s": round(n / statistics.median(times), 1), "best_records_per_s": round(n / min(times), 1),
            "runs_s": [round(t, 3) for t in times]}


class Clock:
    """Adds up the seconds spent in wrapped calls, by label."""

    def __init__(self):
        self.spent: dict[str, float] = {}

    def wrap(self, label: str, fn: Callable) -> Callable:
        def inner(*a, **kw):
            t = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                self.spent[label] = self.spent.get(label, 0.0) + time.perf_counter() - t
        return inner


class TimedEmbedder:
    """The Embedder protocol over a real embedder, timing embed() and count_over_window()."""

    def __init__(self, inner, clock: Clock):
        self.inner, self.name = inner, inner.name
        self.embed = clock.wrap("embed", inner.embed)
        self.count_over_window = clock.wrap("window check", inner.count_over_window)

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    @property
    def max_tokens(self) -> int:
        return self.inner.max_tokens


class TimedStore:
    """The Store protocol over ChromaStore, timing upsert() apart from every other store call."""

    def __init__(self, inner, clock: Clock):
        self.inner, self.clock = inner, clock

    def __getattr__(self, attr):
        value = getattr(self.inner, attr)
        if callable(value):
            return self.clock.wrap("store upsert" if attr == "upsert" else "store other", value)
        return value


def run_ingest(embedder, csv_path: Path, home: Path, n: int) -> tuple[float, dict[str, float]]:
    """One end-to-end ingest into a fresh workspace; returns (seconds, split)."""
    from assistant.backends.store import ChromaStore
    from assistant.core.settings import Settings
    from assistant.facade import Assistant

    clock = Clock()
    store = ChromaStore(Settings(home=home).store_path)
    store.client  # opening the on-disk client is a per-process cost, like loading the model: done before timing
    a = Assistant(Settings(home=home), embedder=TimedEmbedder(embedder, clock), store=TimedStore(store, clock))
    t = time.perf_counter()
    summary = a.ingest(csv_path, "bench")
    seconds = time.perf_counter() - t
    if summary.stored != n or summary.collection_size != n:
        raise SystemExit(f"ingest stored {summary.stored} of {n} records (collection has {summary.collection_size})")
    split = {"read, check, template, hash": seconds - sum(clock.spent.values())}
    split.update({k: clock.spent.get(k, 0.0) for k in SPLIT[1:]})
    return seconds, split


def bench_backend(label: str, embedder, encode: Callable[[list[str]], np.ndarray], texts: list[str], csv_path: Path,
                  work: Path, repeats: int, threads: int) -> dict[str, Any]:
    n = len(texts)
    encode(texts[: 2 * BATCH])  # warm-up (allocations, kernels) of both paths
    run_ingest(embedder, make_csv(2 * BATCH, work / f"warm-{label}.csv"), work / f"warm-{label}", 2 * BATCH)
    raw_times, e2e_times, splits, vecs = [], [], [], None
    wall, cpu = time.perf_counter(), time.process_time()
    for r in range(repeats):  # interleaved, so a change in machine load hits both alike
        t = time.perf_counter()
        vecs = encode(texts)
        raw_times.append(time.perf_counter() - t)
        seconds, split = run_ingest(embedder, csv_path, work / f"home-{label}-{r}", n)
        e2e_times.append(seconds)
        splits.append(split)
    share = (time.process_time() - cpu) / ((time.perf_counter() - wall) * threads)
    med = sorted(range(repeats), key=lambda i: e2e_times[i])[(repeats - 1) // 2]  # the median run's split
    raw, e2e = rate(n, raw_times), rate(n, e2e_times)
    return {"raw": raw, "e2e": e2e, "ratio": round(e2e["records_per_s"] / raw["records_per_s"], 3),
            "split_s": {k: round(v, 3) for k, v in splits[med].items()}, "cpu_share": round(share, 2),
            "vectors": np.asarray(vecs, np.float32)}


# -- machine -------------------------------------------------------------------------------------------------
def machine() -> dict[str, Any]:
    from importlib.metadata import PackageNotFoundError, version

    from assistant.core.settings import physical_cores

    cpu, mem, have, found = platform.processor() or platform.machine(), None, set(), False
    try:
        for line in Path("/proc/cpuinfo").read_text(errors="replace").splitlines():
            if line.startswith("model name") and not found:
                cpu, found = line.split(":", 1)[1].strip(), True
            elif line.startswith("flags") and not have:
                have = set(line.split(":", 1)[1].split())
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = round(int(line.split()[1]) / 1024 ** 2, 1)
    except OSError:
        pass
    flags = " ".join(f for f in ("avx2", "avx512f", "avx512_vnni", "amx_int8") if f in have)
    versions = {}
    for pkg in ("torch", "sentence-transformers", "transformers", "chromadb", "onnxruntime", "onnx"):
        try:
            versions[pkg] = version(pkg)
        except PackageNotFoundError:
            versions[pkg] = None
    return {"cpu": cpu, "cpu_flags": flags, "physical_cores": physical_cores(), "logical_cpus": os.cpu_count(),
            "ram_gib": mem, "python": platform.python_version(), "os": platform.platform(), "versions": versions}


# -- report --------------------------------------------------------------------------------------------------
def markdown(res: dict[str, Any]) -> str:
    m, n = res["machine"], res["records"]
    v = m["versions"]
    b = res["backends"]
    torch_raw = b["torch"]["raw"]["records_per_s"]
    lines = [
        SECTION, "",
        f"Run {res['date']}, {n:,} records (the 400 sample applicants, repeated with distinct ids), "
        f"batch size {BATCH}, median of {res['repeats']} run(s) (best in brackets), {res['threads']} threads.", "",
        f"- Machine: {m['cpu']} ({m['cpu_flags']}), {m['physical_cores']} physical cores / {m['logical_cpus']} "
        f"logical, {m['ram_gib']} GiB RAM",
        f"- Quiet? 1-min load average {res['load_before']} before the run (its own threads excluded; above ~0.3 "
        "someone else is using the CPU), and the CPU share the bench got while timing, per backend, in the "
        "first table (1.00 = all its threads ran all the time; lower = other processes took the cores, so the "
        "numbers are low and noisy)",
        f"- Software: Python {m['python']}, torch {v['torch']}, sentence-transformers {v['sentence-transformers']}, "
        f"transformers {v['transformers']}, chromadb {v['chromadb']}, onnxruntime {v['onnxruntime']}, "
        f"onnx {v['onnx']}",
        f"- Command: `{res['command']}`", "",
        "| backend | raw encode rec/s | `assistant ingest` rec/s | ingest / raw | raw speed-up vs torch "
        "| ingest speed-up vs torch | cosine vs torch (min / mean) | CPU share |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, r in b.items():
        agree = r.get("cosine_vs_torch")
        agree_s = "(reference)" if name == "torch" else f"{agree['min']:.4f} / {agree['mean']:.4f}"
        lines.append(
            f"| {name} | {r['raw']['records_per_s']} ({r['raw']['best_records_per_s']}) "
            f"| {r['e2e']['records_per_s']} ({r['e2e']['best_records_per_s']}) | {r['ratio']:.2f} "
            f"| {r['raw']['records_per_s'] / torch_raw:.2f}x "
            f"| {r['e2e']['records_per_s'] / b['torch']['e2e']['records_per_s']:.2f}x | {agree_s} "
            f"| {r['cpu_share']:.2f} |")
    t = b["torch"]
    lines += ["", f"Goal: ingest / raw >= {GOAL} with the default torch backend: "
              f"**{t['ratio']:.2f}, {'met' if t['ratio'] >= GOAL else 'NOT met'}**.", "",
              "Where one end-to-end ingest's time goes (the median run, seconds):", "",
              "| backend | total | " + " | ".join(SPLIT) + " |",
              "|---|---|" + "---|" * len(SPLIT)]
    for name, r in b.items():
        lines.append(f"| {name} | {r['e2e']['median_s']} | " + " | ".join(str(r["split_s"][k]) for k in SPLIT) + " |")
    if "onnx" in b or "onnx-int8" in b:
        lines += ["", "ONNX: the sentence-transformers model (BERT, mean pooling, normalisation) exported with "
                  "torch.onnx.export (dynamic batch and sequence axes; sentence-transformers' own `backend=\"onnx\"` "
                  "needs optimum, whose release pins transformers < 4.58), run by onnxruntime with the model's own "
                  "preprocessing. int8: onnxruntime dynamic quantisation of the weight MatMuls, int8 per channel, "
                  "leaving the first layer and the six FFN down-projections in float (11 of 36; the first layer "
                  "quantised too: min cosine 0.989 on these records; everything quantised: 0.986 per channel, 0.89 "
                  "per tensor, on the sample). "
                  "Opt-in with `ASSISTANT_EMBEDDING_BACKEND=onnx` or `onnx-int8` (export on first use into the "
                  "user cache). Export time this run: "
                  + ", ".join(f"{k} {r['export_s']} s" for k, r in b.items() if "export_s" in r) + "."]
        rec = res.get("recommendation")
        if rec:
            lines += ["", f"Recommendation: {rec}"]
    return "\n".join(lines) + "\n"


def write_section(path: Path, section: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    start = text.find(SECTION)
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        nxt = text.find("\n## ", start + len(SECTION))
        text = text[:start] + section + ("\n" + text[nxt + 1:] if nxt >= 0 else "")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def recommend(b: dict[str, Any]) -> str | None:
    ok = [k for k in ("onnx-int8", "onnx") if k in b and b[k]["cosine_vs_torch"]["min"] >= AGREEMENT]
    faster = [k for k in ok if b[k]["e2e"]["records_per_s"] >= 1.2 * b["torch"]["e2e"]["records_per_s"]]
    if faster:
        k = max(faster, key=lambda k: b[k]["e2e"]["records_per_s"])
        return (f"`{k}` ({b[k]['e2e']['records_per_s'] / b['torch']['e2e']['records_per_s']:.2f}x end to end, "
                f"min cosine {b[k]['cosine_vs_torch']['min']:.4f} >= {AGREEMENT}).")
    if any(k in b for k in ("onnx", "onnx-int8")):
        return f"keep torch (no ONNX variant is both >= 1.2x faster end to end and min cosine >= {AGREEMENT})."
    return None


# -- main ----------------------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--records", type=int, default=2000)
    ap.add_argument("--repeats", type=int, default=3, help="timed runs of each measurement (median reported)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    ap.add_argument("--json", action="store_true", help="print the numbers as JSON")
    ap.add_argument("--no-onnx", action="store_true", help="torch only")
    ap.add_argument("--no-write", action="store_true", help="do not touch --out")
    args = ap.parse_args(argv)
    if args.records < 1 or args.repeats < 1:
        ap.error("--records and --repeats must be positive")

    import torch

    from assistant.backends.embedder import ONNX_BACKENDS, SentenceTransformerEmbedder
    from assistant.core.settings import physical_cores

    threads = physical_cores()
    torch.set_num_threads(threads)
    load_before = round(os.getloadavg()[0], 2)
    command = " ".join(["python bench/ingest.py", shlex.join(sys.argv[1:] if argv is None else argv)]).rstrip()
    res: dict[str, Any] = {"records": args.records, "repeats": args.repeats, "threads": threads,
                           "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
                           "command": command, "machine": machine(), "backends": {}}
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        work = Path(tmp)
        csv_path = make_csv(args.records, work / "applicants.csv")
        texts = render_texts(csv_path)
        if len(texts) != args.records or len(set(texts)) != args.records:
            raise SystemExit(f"expected {args.records} distinct texts, got {len(set(texts))} of {len(texts)}")

        emb = SentenceTransformerEmbedder(backend="torch", threads=threads)  # the default is auto (int8 on a CPU)
        t = time.perf_counter()
        st = emb.model
        res["load_s"] = round(time.perf_counter() - t, 2)

        def encode(xs: list[str]) -> np.ndarray:  # what the issue calls raw SentenceTransformer.encode
            return st.encode(xs, batch_size=BATCH, normalize_embeddings=True, show_progress_bar=False)

        r = bench_backend("torch", emb, encode, texts, csv_path, work, args.repeats, threads)
        ref = r.pop("vectors")
        res["backends"]["torch"] = r
        _progress(args, "torch", r)
        if not args.no_onnx:
            for backend in ONNX_BACKENDS:
                e = SentenceTransformerEmbedder(backend=backend, threads=threads, batch_size=BATCH)
                t = time.perf_counter()
                runner = e.onnx  # exports into the cache on first use
                export_s = round(time.perf_counter() - t, 2)
                r = bench_backend(backend, e, lambda xs: runner.encode(xs, batch_size=BATCH), texts, csv_path, work,
                                  args.repeats, threads)
                cos = np.sum(r.pop("vectors") * ref, axis=1)
                r["cosine_vs_torch"] = {"min": round(float(cos.min()), 5), "mean": round(float(cos.mean()), 5)}
                r["export_s"] = export_s
                r["onnx_file"] = str(runner.file)
                res["backends"][backend] = r
                _progress(args, backend, r)
                del e, runner
    res["load_after"] = round(os.getloadavg()[0], 2)
    res["load_before"] = load_before
    res["recommendation"] = recommend(res["backends"])
    if not args.no_write:
        write_section(args.out, markdown(res))
    if args.json:
        print(json.dumps(res, indent=2))
    else:
        print(markdown(res))
        if not args.no_write:
            print(f"(written to {args.out})")
    return 0


def _progress(args, name: str, r: dict[str, Any]) -> None:
    print(f"{name}: raw {r['raw']['records_per_s']} rec/s, ingest {r['e2e']['records_per_s']} rec/s, "
          f"ratio {r['ratio']}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
