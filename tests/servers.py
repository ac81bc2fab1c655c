"""Real llama-cpp-python servers on loopback for the server tests: started on a free port, waited for, and
always stopped (even when the test fails)."""
from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

SERVER_EXTRAS = ("fastapi", "uvicorn", "sse_starlette", "starlette_context", "pydantic_settings")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def need_server_packages() -> None:
    pytest.importorskip("llama_cpp")
    for extra in SERVER_EXTRAS:
        pytest.importorskip(extra, reason=f"llama-cpp-python's server needs {extra}: pip install "
                                          "'llama-cpp-python[server]' (or the package alone)")


@contextlib.contextmanager
def llama_server(model: Path, log: Path, *args: str, startup: float = 120.0):
    """`python -m llama_cpp.server --model MODEL ARGS` on 127.0.0.1; yields its base URL."""
    port = free_port()
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1", "--port",
           str(port), "--verbose", "false", *args]
    with open(log, "w") as fh:
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + startup
        while True:
            if proc.poll() is not None:
                pytest.fail(f"llama-cpp-python's server exited: {log.read_text()[-2000:]}")
            try:
                httpx.get(f"http://127.0.0.1:{port}/v1/models", timeout=1.0)
                break
            except httpx.HTTPError:
                if time.time() > deadline:
                    pytest.fail(f"llama-cpp-python's server did not start in {startup:.0f} s")
                time.sleep(0.3)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
