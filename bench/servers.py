"""Local server processes for the benchmarks: a free loopback port, start N servers and wait until each answers,
stop them. Shared by bench/endpoints.py (llama.cpp LLM servers), bench/embed_servers.py (serve-embeddings) and
bench/scale.py (`chroma run`)."""
from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path
from typing import Callable, Sequence


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(command: Callable[[int], Sequence[str]], count: int, logs: Path, *, health: str, timeout: float,
          env: dict[str, str] | None = None, name: str = "server") -> tuple[list[subprocess.Popen], list[str]]:
    """Start `count` processes, command(port) each, logging to logs/{name}{i}.log; return them and their URLs once
    every one answers 200 on `health`. A process that exits or stays silent past `timeout` s stops the bench."""
    import httpx

    procs, urls = [], []
    for i in range(count):
        port = free_port()
        with open(logs / f"{name}{i}.log", "wb") as fh:
            procs.append(subprocess.Popen(list(command(port)), stdout=fh, stderr=subprocess.STDOUT,
                                          env={**os.environ, **(env or {})}))
        urls.append(f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + timeout
    for proc, url in zip(procs, urls):
        while True:
            if proc.poll() is not None:
                stop(procs)
                raise SystemExit(f"the {name} for {url} exited with {proc.returncode}; see {logs}")
            try:
                if httpx.get(url + health, timeout=2.0).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                stop(procs)
                raise SystemExit(f"the {name} for {url} did not answer within {timeout:.0f} s; see {logs}")
            time.sleep(0.3)
    return procs, urls


def stop(procs: Sequence[subprocess.Popen]) -> None:
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(30)
