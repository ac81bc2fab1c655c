"""Scale (issue 6): ingest and search at 1k, 10k and 100k records, embedded store vs a local `chroma run` server.

    flock /tmp/cpu.lock .venv/bin/python bench/scale.py --sizes 1000,10000,100000   # the full run
    flock /tmp/cpu.lock .venv/bin/python bench/scale.py --sizes 200,500             # a smoke run (a minute)

The records are synthetic job profiles (name, role, seniority, department, city, years, education, skills and a
two-sentence summary, about 90 words each), made from a fixed seed, so every run sees the same rows; size N is the
first N rows. For every size and store a fresh store is filled by `Assistant.ingest` (file read, checks,
template, hashing, embedding, upsert) in a child process of its own, so its peak memory is its own:

* embedded: the child holds Chroma's PersistentClient; its peak RSS is the store's cost (plus the vectors and texts
  it reads, reported as `rss_before_ingest_mb`);
* server: the bench starts `chroma run --path DIR` on a free local port for that size alone; the child ingests
  through `--store`-mode (HttpClient) and the server's own peak RSS (VmHWM) is reported apart from the client's.

Embedding dominates ingest and is the same for both stores, so by default the texts are embedded once with the real
model (all-MiniLM-L6-v2, the project's SentenceTransformerEmbedder) before any store is timed, and the children
look the vectors up (`ingest_records_per_s` is then everything but the embedding; `embed_records_per_s` is the
model's own rate, and `estimated_end_to_end_records_per_s` combines both). `--no-reuse-embeddings` makes every
child embed for itself (the true end to end, N times the embedding work).

Search latency: `--queries` query vectors (embedded once, as the CLI would) searched k=10 against the store, after a
warm-up, plain and with a metadata filter (Seniority=Senior), p50 and p95 in ms; the query's own embedding time is
reported once (`query_embed_ms`). Store size on disk: the store folder (embedded) or the server's data folder,
after the ingest. Writes bench/out/scale.json (--out).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
for _var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):  # nothing may come from a hub
    os.environ[_var] = "1"
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import numpy as np  # noqa: E402
import servers  # noqa: E402  (bench/servers.py: start and stop local servers; this folder is on sys.path)

COLLECTION = "scale"
TEMPLATE = "record.j2"
K = 10
WHERE = {"Seniority": "Senior"}

# -- data ----------------------------------------------------------------------------------------------------
FIRST = ("Ana Ben Chen Dara Elif Femi Gita Hugo Ines Jon Kira Luca Mina Noor Omar Pia Quinn Rosa Sami Tara Uma "
         "Vik Wen Xavi Yara Zoe Arjun Bea Carlos Dmitri Emma Farah Goran Hana Ivan Jade Kofi Lena Mateo Nia").split()
LAST = ("Smith Garcia Chen Okafor Novak Rossi Kim Patel Silva Muller Haddad Jensen Tanaka Kowalski Dubois Costa "
        "Ivanova Brown Nguyen Lopez Schmidt Ahmed Murphy Larsen Sato Moreau Horvat Yilmaz Ferreira Clarke").split()
CITIES = [("Berlin", "Germany"), ("Lisbon", "Portugal"), ("Toronto", "Canada"), ("Austin", "United States"),
          ("Nairobi", "Kenya"), ("Warsaw", "Poland"), ("Singapore", "Singapore"), ("Madrid", "Spain"),
          ("Bangalore", "India"), ("Manchester", "United Kingdom"), ("Melbourne", "Australia"), ("Lyon", "France")]
ROLES = {
    "Data Analyst": ("Data", "SQL,dbt,Snowflake,Looker,Python,Excel,Tableau,A/B testing",
                     "building dashboards and reports for {teams} teams",
                     "Replaced {n} manual reports with one self-serve dashboard."),
    "Data Engineer": ("Data", "Spark,Airflow,Kafka,Python,Scala,BigQuery,Terraform,dbt",
                      "building batch and streaming pipelines for {teams} teams",
                      "Cut the nightly pipeline from {n} hours to forty minutes."),
    "Backend Engineer": ("Engineering", "Go,Python,PostgreSQL,Kubernetes,gRPC,Redis,AWS,Kafka",
                         "designing APIs and services used by {teams} teams",
                         "Brought p99 latency down by {n}0 percent on the payments API."),
    "Frontend Engineer": ("Engineering", "TypeScript,React,Next.js,CSS,GraphQL,Storybook,Playwright,Vite",
                          "shipping web interfaces for {teams} products",
                          "Rebuilt the checkout and lifted conversion by {n} percent."),
    "Product Manager": ("Product", "Roadmapping,Discovery,Jira,Amplitude,SQL,User research,OKRs,Figma",
                        "leading discovery and roadmaps with {teams} teams",
                        "Launched {n} features that raised weekly retention."),
    "Product Marketing Manager": ("Marketing", "Positioning,Messaging,Launches,Sales enablement,HubSpot,Pricing",
                                  "positioning and launching products for {teams} markets",
                                  "Led a launch that brought in {n}00 qualified leads in a month."),
    "Marketing Specialist": ("Marketing", "Paid search,SEO,Email,Social,Google Analytics,Copywriting,Canva",
                             "running campaigns across paid search, social and email for {teams} brands",
                             "Ran a campaign that reached {n}5 thousand people in two weeks."),
    "Sales Executive": ("Sales", "Salesforce,Negotiation,Prospecting,Forecasting,Account planning,Demos",
                        "closing mid-market deals with {teams} accounts",
                        "Beat quota {n} quarters in a row."),
    "Nurse": ("Health", "Patient care,Triage,Medication,Wound care,ICU,Electronic records,Shift planning",
              "caring for patients on {teams} wards",
              "Trained {n} new nurses on the ward's triage protocol."),
    "Accountant": ("Finance", "IFRS,Month-end close,SAP,Excel,Audit,Tax,Budgeting,Reconciliation",
                   "running month-end close and audits for {teams} entities",
                   "Shortened the close from {n} days to four."),
    "HR Business Partner": ("People", "Recruiting,Onboarding,Employee relations,Workday,Compensation,Coaching",
                            "partnering with {teams} department heads on hiring and growth",
                            "Cut time to hire by {n} days across engineering."),
    "UX Designer": ("Design", "Figma,Prototyping,User research,Design systems,Accessibility,Usability testing",
                    "designing flows and design systems for {teams} products",
                    "Redesigned onboarding and halved support tickets in {n} months."),
}
SENIORITY = [("Junior", 0, 2), ("Mid", 2, 6), ("Senior", 6, 12), ("Lead", 10, 20)]
EDUCATION = ["Computer Science", "Business", "Economics", "Mathematics", "Nursing", "Design", "Psychology",
             "Engineering", "Marketing", "Finance", None]
TEAMS = ["finance, sales and operations", "growth and retention", "two product", "three regional", "five",
         "the enterprise", "clinical and surgical", "several consumer", "four internal", "B2B and B2C"]
TRAITS = ["Enjoys answering the question behind the question.", "Mentors juniors and writes clear docs.",
          "Happiest in small teams that ship weekly.", "Known for calm under pressure.",
          "Likes turning messy processes into simple checklists.", "Speaks three languages.",
          "Moved from agency work in-house.", "Returned after a career break to study part-time."]


def make_rows(n: int, seed: int) -> list[dict[str, Any]]:
    """n job profiles, the same for the same seed; row i does not depend on n."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        role = rng.choice(list(ROLES))
        dept, skills, what, result = ROLES[role]
        level, lo, hi = rng.choice(SENIORITY)
        years = rng.randint(lo, hi)
        city, country = rng.choice(CITIES)
        picked = rng.sample(skills.split(","), k=rng.randint(3, 5))
        summary = (f"{years} years {what.format(teams=rng.choice(TEAMS))}, most recently in {city}. "
                   f"{result.format(n=rng.randint(2, 9))} {rng.choice(TRAITS)}")
        rows.append({"id": f"P{i:06d}", "Name": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "Role": role,
                     "Seniority": level, "Department": dept, "City": city, "Country": country,
                     "YearsExperience": years, "Education": rng.choice(EDUCATION) or "",
                     "Skills": ", ".join(picked), "Summary": summary})
    return rows


def make_queries(n: int, seed: int) -> list[str]:
    rng = random.Random(seed + 1)
    out = []
    for _ in range(n):
        role = rng.choice(list(ROLES))
        skills = rng.sample(ROLES[role][1].split(","), k=2)
        out.append(f"{rng.choice(SENIORITY)[0].lower()} {role.lower()} in {rng.choice(CITIES)[0]} "
                   f"with {skills[0]} and {skills[1]}")
    return out


def write_csv(rows: list[dict[str, Any]], path: Path) -> Path:
    import csv

    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def record_texts(csv_path: Path) -> list[str]:
    """The texts ingest embeds for this file (same loader, template and skipped id column)."""
    from assistant.data.ingest import record_text
    from assistant.data.records import load_records

    load = load_records(csv_path, id_column="id")
    return [record_text(r, TEMPLATE, {"id"}) for r in load.records]


# -- measuring -----------------------------------------------------------------------------------------------
def rss_mb(pid: int | str = "self", field: str = "VmRSS") -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def du_mb(path: Path) -> float:
    total = sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())
    return round(total / 1024 ** 2, 1)


def pct(values: list[float], q: float) -> float:
    return round(float(np.percentile(np.asarray(values) * 1000, q)), 2)


class CachedEmbedder:
    """The Embedder protocol over vectors computed once by the real model (looked up by text)."""

    def __init__(self, name: str, texts: list[str], vectors: np.ndarray, max_tokens: int):
        self.name, self._vectors, self._max = name, vectors, max_tokens
        self._row = {t: i for i, t in enumerate(texts)}

    @property
    def dimension(self) -> int:
        return int(self._vectors.shape[1])

    @property
    def max_tokens(self) -> int:
        return self._max

    def count_over_window(self, texts) -> int:
        return 0  # counted by the parent, with the model's tokenizer

    def embed(self, texts) -> np.ndarray:
        return self._vectors[[self._row[t] for t in texts]]


def child(args: argparse.Namespace) -> None:
    """One store, one size: ingest the file into a fresh store, then time searches. Prints a JSON line."""
    from assistant.backends.embedder import SentenceTransformerEmbedder
    from assistant.backends.store import ChromaStore
    from assistant.core.settings import Settings
    from assistant.facade import Assistant

    work = Path(args.work)
    meta = json.loads((work / "embedding.json").read_text())
    queries = np.load(work / "queries.npy")
    if args.reuse:
        texts = json.loads((work / "texts.json").read_text())[: args.size]
        embedder = CachedEmbedder(meta["model"], texts, np.load(work / "vectors.npy")[: args.size],
                                  meta["max_tokens"])
    else:
        embedder = SentenceTransformerEmbedder()
        embedder.embed(["warm-up"])  # loading the model is not ingest time
    home = Path(args.home)
    store = ChromaStore(home / "chroma", url=args.url)
    store.client  # opening the client is a per-process cost, done before timing
    assistant = Assistant(Settings(home=home), embedder=embedder, store=store)
    rss_before = rss_mb()
    t = time.perf_counter()
    summary = assistant.ingest(Path(args.csv), COLLECTION, id_column="id")
    seconds = time.perf_counter() - t
    if summary.stored != args.size or store.count(COLLECTION) != args.size:
        raise SystemExit(f"stored {summary.stored} of {args.size} records")
    rss_after = rss_mb()
    latency: dict[str, list[float]] = {"plain": [], "filtered": []}
    for q in queries[:5]:  # warm-up: first queries load the index
        store.query(COLLECTION, q, K)
    for kind, where in (("plain", None), ("filtered", WHERE)):
        for q in queries:
            t = time.perf_counter()
            hits = store.query(COLLECTION, q, K, where=where)
            latency[kind].append(time.perf_counter() - t)
            assert len(hits["ids"]) == min(K, args.size) or where
    store.close()
    out = {"ingest_s": round(seconds, 3), "ingest_records_per_s": round(args.size / seconds, 1),
           "rss_before_ingest_mb": rss_before, "rss_after_ingest_mb": rss_after,
           "peak_rss_mb": rss_mb("self", "VmHWM")}  # not ru_maxrss: Linux carries the parent's across exec
    for kind, values in latency.items():
        out[f"search_{kind}_p50_ms"], out[f"search_{kind}_p95_ms"] = pct(values, 50), pct(values, 95)
    print(json.dumps(out), flush=True)


# -- the server ----------------------------------------------------------------------------------------------
def chroma_executable() -> str:
    found = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
    if not os.access(found, os.X_OK):
        raise SystemExit("no `chroma` executable (chromadb's CLI) on PATH or next to this Python; "
                         "use --stores embedded")
    return found


def start_server(data: Path, logs: Path, name: str) -> tuple[subprocess.Popen, str]:
    """`chroma run` on a free loopback port, logging to logs/{name}0.log; once its heartbeat answers."""
    (procs,), (urls,) = servers.start(lambda port: [chroma_executable(), "run", "--path", str(data), "--host",
                                                    "127.0.0.1", "--port", str(port)],
                                      1, logs, health="/api/v2/heartbeat", timeout=60, name=name)
    return procs, urls


# -- the run -------------------------------------------------------------------------------------------------
def run_child(work: Path, csv_path: Path, size: int, home: Path, url: str | None, reuse: bool) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", "--work", str(work), "--csv", str(csv_path), "--size", str(size),
           "--home", str(home)] + (["--url", url] if url else []) + ([] if reuse else ["--no-reuse-embeddings"])
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"the {'server' if url else 'embedded'} run at {size} records failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def embed_once(work: Path, texts: list[str], queries: list[str]) -> dict[str, Any]:
    """Embed every text and the queries with the real model; save them for the children; time the model."""
    from assistant.backends.embedder import SentenceTransformerEmbedder

    embedder = SentenceTransformerEmbedder()
    embedder.embed(texts[:64])  # warm-up
    t = time.perf_counter()
    vectors = embedder.embed(texts)
    seconds = time.perf_counter() - t
    single = []
    for q in queries[:20]:  # one query at a time, as a search embeds it
        t0 = time.perf_counter()
        embedder.embed([q])
        single.append(time.perf_counter() - t0)
    np.save(work / "vectors.npy", np.asarray(vectors, dtype=np.float32))
    np.save(work / "queries.npy", np.asarray(embedder.embed(queries), dtype=np.float32))
    (work / "texts.json").write_text(json.dumps(texts), encoding="utf-8")
    meta = {"model": embedder.name, "max_tokens": embedder.max_tokens, "records": len(texts),
            "seconds": round(seconds, 2), "embed_records_per_s": round(len(texts) / seconds, 1),
            "over_window": embedder.count_over_window(texts), "query_embed_ms_p50": pct(single, 50)}
    (work / "embedding.json").write_text(json.dumps(meta), encoding="utf-8")
    return meta


def machine() -> dict[str, Any]:
    from importlib.metadata import version

    cpu = platform.processor() or platform.machine()
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {"cpu": cpu, "logical_cpus": os.cpu_count(), "ram_gib": round(os.sysconf("SC_PHYS_PAGES")
            * os.sysconf("SC_PAGE_SIZE") / 1024 ** 3, 1), "python": platform.python_version(),
            "chromadb": version("chromadb"), "torch": version("torch"), "load_average": os.getloadavg()[0]}


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default="1000,10000,100000", help="comma-separated record counts")
    p.add_argument("--stores", default="embedded,server", help="embedded, server or both")
    p.add_argument("--queries", type=int, default=200, help="search queries timed per store and size")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "scale.json")
    p.add_argument("--work", type=Path, help="working folder (default: a temporary one, removed at the end)")
    p.add_argument("--reuse-embeddings", dest="reuse", action=argparse.BooleanOptionalAction, default=True,
                   help="embed once and let every store reuse the vectors (default) or embed in every run")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--csv", help=argparse.SUPPRESS)
    p.add_argument("--size", type=int, help=argparse.SUPPRESS)
    p.add_argument("--home", help=argparse.SUPPRESS)
    p.add_argument("--url", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        child(args)
        return

    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    stores = [s.strip() for s in args.stores.split(",") if s.strip()]
    if not sizes or any(s not in ("embedded", "server") for s in stores):
        raise SystemExit("--sizes needs numbers; --stores takes embedded and/or server")
    if "server" in stores:
        chroma_executable()
    keep = args.work is not None
    work = Path(args.work or tempfile.mkdtemp(prefix="assistant-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    started = dt.datetime.now(dt.timezone.utc)
    try:
        rows = make_rows(max(sizes), args.seed)
        files = {n: write_csv(rows[:n], work / f"profiles-{n}.csv") for n in sizes}
        texts = record_texts(files[max(sizes)])
        print(f"embedding {len(texts)} records and {args.queries} queries once ...", file=sys.stderr, flush=True)
        emb = embed_once(work, texts if args.reuse else texts[:64], make_queries(args.queries, args.seed))
        emb["note"] = ("ingest_records_per_s excludes the embedding (vectors reused); estimated end to end = "
                       "1 / (1/embed rate + 1/ingest rate), both measured" if args.reuse else
                       "every run embedded its own records: ingest_records_per_s is end to end; the embed rate "
                       "here is from the first 64 texts only")
        results = []
        for n in sizes:
            for kind in stores:
                home = work / f"{kind}-{n}"
                print(f"{kind}: {n} records ...", file=sys.stderr, flush=True)
                if kind == "embedded":
                    res = run_child(work, files[n], n, home, None, args.reuse)
                    res["store_disk_mb"] = du_mb(home / "chroma")
                else:
                    proc, url = start_server(home / "server-data", work, f"server-{n}-")
                    try:
                        res = run_child(work, files[n], n, home, url, args.reuse)
                        res["server_peak_rss_mb"] = rss_mb(proc.pid, "VmHWM")
                    finally:
                        servers.stop([proc])
                    res["store_disk_mb"] = du_mb(home / "server-data")
                    res["client_store_folder_created"] = (home / "chroma").exists()
                if args.reuse:
                    res["estimated_end_to_end_records_per_s"] = round(
                        1 / (1 / emb["embed_records_per_s"] + 1 / res["ingest_records_per_s"]), 1)
                results.append({"store": kind, "records": n, **res})
                print(json.dumps(results[-1]), file=sys.stderr, flush=True)
                shutil.rmtree(home, ignore_errors=True)
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    report = {"date": started.isoformat(timespec="seconds"), "command": "python " + shlex.join(sys.argv),
              "machine": machine(), "seed": args.seed, "k": K, "queries": args.queries, "filter": WHERE,
              "reuse_embeddings": args.reuse, "embedding": emb, "results": results}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
