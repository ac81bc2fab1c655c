"""Ingest throughput in-process and through 1 and 2 embedding servers (issue 17), end to end with the real CLI.

For each mode a fresh workspace ingests the same synthetic profiles (bench/scale.py's generator, 11 fields and a
two-sentence summary) with `assistant ingest`, timed from launch to exit (model load included). Server modes start
N `assistant serve-embeddings` processes on loopback first (each with cores/N threads, so every mode has the same
cores), and ingest with `--embedding-url`. Besides records/s it writes the CPU the processes used (a share under
1.0 of cores x wall means something else used the machine), peak memory, disk per record, and checks the
server-made vectors against the in-process ones on a sample of ids.

    python bench/embed_servers.py --size 100000 --modes inprocess,server1,server2
    python bench/embed_servers.py --size 10000 --modes torch,inprocess   # today's default vs the old one
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scale  # noqa: E402  (bench/scale.py: the profile generator and machine facts)
import servers  # noqa: E402  (bench/servers.py: start and stop local servers)

ASSISTANT = str(Path(sys.executable).with_name("assistant"))
COLLECTION = "people"


def cpu_seconds(pid: int) -> float:
    """utime + stime of a live process (and its reaped children), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def start_servers(n: int, threads: int, logs: Path) -> tuple[list[subprocess.Popen], list[str]]:
    return servers.start(lambda port: [ASSISTANT, "serve-embeddings", "--port", str(port)], n, logs,
                         health="/v1/models", timeout=300, env={"ASSISTANT_N_THREADS": str(threads)})


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def run_mode(mode: str, csv_path: Path, size: int, work: Path, cores: int) -> dict:
    home = work / mode
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    procs, urls, env = [], [], {**os.environ}
    if mode.startswith("server"):
        n = int(mode[len("server"):])
        procs, urls = start_servers(n, max(1, cores // n), home)
    elif mode == "torch":
        env["ASSISTANT_EMBEDDING_BACKEND"] = "torch"
    cmd = [ASSISTANT, "--workspace", str(home), "ingest", str(csv_path), "--collection", COLLECTION,
           "--id-column", "id", "--json"] + [a for u in urls for a in ("--embedding-url", u)]
    server_cpu0 = [cpu_seconds(p.pid) for p in procs]
    load = os.getloadavg()[0]
    t0 = time.perf_counter()
    before = os.times()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = os.times()
    if proc.returncode != 0:
        raise SystemExit(f"{mode}: ingest failed:\n{proc.stderr[-3000:]}")
    client_cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    server_cpu = sum(cpu_seconds(p.pid) - c0 for p, c0 in zip(procs, server_cpu0))
    server_rss = [peak_rss_mb(p.pid) for p in procs]
    servers.stop(procs)
    summary = json.loads(proc.stdout)
    disk = scale.du_mb(home / "chroma")
    return {"mode": mode, "records": size, "stored": summary.get("stored"), "wall_s": round(wall, 1),
            "records_per_s": round(size / wall, 1), "client_cpu_s": round(client_cpu, 1),
            "server_cpu_s": round(server_cpu, 1),
            "cpu_share": round((client_cpu + server_cpu) / (cores * wall), 2), "load_before": round(load, 2),
            "server_peak_rss_mb": server_rss, "disk_mb": disk, "disk_kb_per_record": round(disk * 1024 / size, 2),
            "threads_per_server": max(1, cores // len(procs)) if procs else cores}


def vectors(home: Path, ids: list[str]) -> np.ndarray:
    from assistant.backends.store import ChromaStore

    store = ChromaStore(home / "chroma")
    got = store.get(COLLECTION, ids=ids, include_embeddings=True)
    order = {rid: i for i, rid in enumerate(got["ids"])}
    out = got["embeddings"][[order[i] for i in ids]]
    store.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--modes", default="inprocess,server1,server2")
    ap.add_argument("--work", type=Path, default=Path("/tmp/embed-servers-bench"))
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "out" / "embed_servers.json")
    args = ap.parse_args()
    from assistant.core.settings import physical_cores

    cores = physical_cores()
    args.work.mkdir(parents=True, exist_ok=True)
    csv_path = scale.write_csv(scale.make_rows(args.size, seed=0), args.work / f"profiles-{args.size}.csv")
    results = json.loads(args.out.read_text()) if args.out.exists() else {"runs": []}
    results["machine"] = scale.machine()
    for mode in args.modes.split(","):
        row = run_mode(mode, csv_path, args.size, args.work, cores)
        row["date"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        print(json.dumps(row), flush=True)
        results["runs"].append(row)
        args.out.write_text(json.dumps(results, indent=1))
    # the same vectors whichever process embedded them
    done = [m for m in args.modes.split(",") if (args.work / m / "chroma").exists()]
    if "inprocess" in done:
        ids = [f"P{i:06d}" for i in np.random.default_rng(0).choice(args.size, 200, replace=False)]
        ref = vectors(args.work / "inprocess", ids)
        for mode in done:
            if mode != "inprocess":
                cos = (vectors(args.work / mode, ids) * ref).sum(axis=1)
                results.setdefault("agreement", {})[mode] = {"min_cosine": round(float(cos.min()), 4),
                                                             "mean_cosine": round(float(cos.mean()), 4)}
        print(json.dumps(results.get("agreement")), flush=True)
        args.out.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
