"""Server mode: the CLI's jobs against a real `chroma run` server started for this module.

Chroma 1.5.9's server (`chroma run`, Rust) enforces no token: whatever token a client sends, it serves. A token is
enforced by what sits in front of it (a reverse proxy) or by chromadb's Python server. So the token tests run
through a small checking proxy in front of the real server, standing in for that reverse proxy.
"""
from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app

from fakes import FakeEmbedder

TOKEN = "s3cret-Token.for_tests"
CHROMA = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
pytestmark = pytest.mark.skipif(not os.access(CHROMA, os.X_OK),
                                reason="no `chroma` executable on PATH or next to the interpreter (chromadb's CLI)")
runner = CliRunner()
ROLES = [("product manager", "roadmaps discovery prioritisation with engineers", "Product"),
         ("data analyst", "sql dashboards reports and metrics", "Data"),
         ("nurse", "patient care wards medication and shifts", "Health")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the server exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            if httpx.get(f"{url}/api/v2/heartbeat", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    pytest.fail(f"the server did not answer within {seconds}s:\n{log.read_text(errors='replace')[-3000:]}")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A `chroma run` server on a free local port, its data in a temporary folder; stopped at the end."""
    root = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    log = root / "server.log"
    with open(log, "wb") as fh:
        proc = subprocess.Popen([CHROMA, "run", "--path", str(root / "data"), "--host", "127.0.0.1", "--port",
                                 str(port)], stdout=fh, stderr=subprocess.STDOUT,
                                env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, proc, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=20)


class TokenProxy(BaseHTTPRequestHandler):
    """Forwards to the server only requests that carry the token, as a reverse proxy in front of it would."""

    upstream: tuple[str, int]
    protocol_version = "HTTP/1.1"

    def _handle(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path != "/api/v2/heartbeat" and self.headers.get("Authorization") != f"Bearer {TOKEN}":
            self._reply(401, b"401 Authorization Required", {"Content-Type": "text/plain"})
            return
        conn = http.client.HTTPConnection(*self.upstream, timeout=60)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        conn.request(self.command, self.path, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        self._reply(resp.status, data, {k: v for k, v in resp.getheaders()
                                        if k.lower() not in ("content-length", "transfer-encoding", "connection")})
        conn.close()

    def _reply(self, status, data, headers):
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture(scope="module")
def guarded(server):
    """The server behind a proxy that wants `Authorization: Bearer TOKEN`."""
    host, port = server.removeprefix("http://").split(":")
    handler = type("Proxy", (TokenProxy,), {"upstream": (host, int(port))})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def fake_embedder(monkeypatch):
    import assistant.backends.embedder

    monkeypatch.setattr(assistant.backends.embedder, "SentenceTransformerEmbedder", lambda *a, **k: FakeEmbedder())


def invoke(*args):
    return runner.invoke(app, list(args), catch_exceptions=False)


def table(tmp_path: Path, n: int = 36) -> Path:
    lines = ["id,role,summary,dept"]
    for i in range(n):
        role, summary, dept = ROLES[i % 3]
        lines.append(f"r{i},{role},{summary} {i},{'' if i < 3 else dept}")  # three records lack dept
    path = tmp_path / "roles.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jobs_run_unchanged_against_a_server_behind_a_token(guarded, tmp_path, monkeypatch, fake_embedder):
    monkeypatch.setenv("ASSISTANT_STORE_TOKEN", TOKEN)
    store = ("--store", guarded)
    path = table(tmp_path)
    r = invoke(*store, "ingest", str(path), "-c", "roles", "--id-column", "id", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["stored"] == 36
    r = invoke(*store, "ingest", str(path), "-c", "roles", "--id-column", "id", "--json")
    assert json.loads(r.stdout)["unchanged"] == 36  # what was stored is read back from the server

    r = invoke(*store, "cluster", "-c", "roles", "-k", "3", "--json")
    assert r.exit_code == 0, r.output
    assert sorted(c["size"] for c in json.loads(r.stdout)["clusters"]) == [12, 12, 12]

    r = invoke(*store, "search", "sql dashboards", "-c", "roles", "-k", "5", "--in-cluster", "--json")
    assert r.exit_code == 0, r.output
    hits = json.loads(r.stdout)["hits"]
    assert len(hits) == 5 and all(h["metadata"]["role"] == "data analyst" for h in hits)
    assert len({h["metadata"]["_cluster"] for h in hits}) == 1  # cluster ids were written to the server
    # a second machine (another workspace) searches inside the cluster without clustering again: the clustering
    # is kept with the collection on the server
    r = invoke("--workspace", str(tmp_path / "second"), *store, "search", "sql dashboards", "-c", "roles", "-k", "5",
               "--in-cluster", "--json")
    assert r.exit_code == 0, r.output
    assert [h["id"] for h in json.loads(r.stdout)["hits"]] == [h["id"] for h in hits]

    r = invoke(*store, "classify", "-c", "roles", "--labels", "clinical,technical", "--method", "embedding",
               "--as", "kind", "--json")
    assert r.exit_code == 0, r.output
    r = invoke(*store, "search", "x", "-c", "roles", "--where", "kind=clinical", "-k", "50", "--json")
    assert r.exit_code == 0 and json.loads(r.stdout)["hits"]

    r = invoke(*store, "fill", "-c", "roles", "--field", "dept", "--method", "knn", "--apply", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["filled"] == 3
    r = invoke(*store, "search", "x", "-c", "roles", "--where", "_filled_dept=knn", "-k", "50", "--json")
    assert sorted(h["id"] for h in json.loads(r.stdout)["hits"]) == ["r0", "r1", "r2"]

    r = invoke(*store, "collections", "--json")
    [roles] = [c for c in json.loads(r.stdout) if c["name"] == "roles"]
    assert roles["clusters"] == 3  # its k, not the stored centroids
    r = invoke(*store, "drop", "roles", "--yes")
    assert r.exit_code == 0, r.output
    # nothing went to the embedded store, and server mode took no local writer lock
    assert not (Path(os.environ["ASSISTANT_HOME"]) / "chroma").exists()


def test_a_missing_or_wrong_token_is_a_message_with_the_fix(guarded, monkeypatch, fake_embedder):
    monkeypatch.delenv("ASSISTANT_STORE_TOKEN", raising=False)
    r = invoke("--store", guarded, "collections")
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert "wants a token and none was given (HTTP 401)" in r.output and "ASSISTANT_STORE_TOKEN" in r.output
    monkeypatch.setenv("ASSISTANT_STORE_TOKEN", "not-the-token")
    r = invoke("--store", guarded, "search", "x", "-c", "roles")
    assert r.exit_code == 1 and "refused the token (HTTP 401)" in r.output and "Fix:" in r.output
    assert "not-the-token" not in r.output  # the token is never printed


def test_an_unreachable_server_or_a_bad_url_is_a_message(monkeypatch, fake_embedder):
    monkeypatch.setenv("ASSISTANT_STORE_TOKEN", TOKEN)
    port = free_port()  # nothing listens there
    r = invoke("--store", f"http://127.0.0.1:{port}", "collections")
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert f"cannot reach the Chroma server at http://127.0.0.1:{port}" in r.output and "chroma run" in r.output
    assert TOKEN not in r.output
    r = invoke("--store", "ftp://somewhere", "collections")
    assert r.exit_code == 1 and "not a store URL" in r.output and "http://HOST:PORT" in r.output


def test_the_library_uses_the_server_directly_and_takes_no_lock(server, tmp_path):
    import numpy as np

    from assistant.backends.store import ChromaStore

    store = ChromaStore(tmp_path / "unused", url=server)
    store.ensure_collection("direct", {"embedding_model": "fake"})
    store.upsert("direct", ["a", "b"], np.eye(2, 8, dtype=np.float32), ["one", "two"], [{"n": 1}, {"n": 2}])
    other = ChromaStore(tmp_path / "unused", url=server)  # a second writer is fine: the server serialises
    other.update_metadata("direct", ["a"], [{"n": 10}])
    assert store.get("direct", ids=["a"])["metadatas"] == [{"n": 10}]
    assert store.query("direct", np.eye(1, 8, dtype=np.float32)[0], k=1)["ids"] == ["a"]
    store.delete_collection("direct")
    assert not (tmp_path / "unused").exists()
    store.close()
    other.close()
