"""`assistant serve-embeddings`: the OpenAI-compatible server in front of an embedder, spoken to by the project's
own HttpEmbedder (fakes), refusing what a client gets wrong, and the real command serving the real model."""
from __future__ import annotations

import subprocess
import sys
import threading
import time

import httpx
import numpy as np
import pytest
from fakes import FakeEmbedder
from servers import free_port
from typer.testing import CliRunner

from assistant.backends.embedding_server import make_server
from assistant.backends.http_embedder import HttpEmbedder
from assistant.cli import app


@pytest.fixture
def served():
    embedder = FakeEmbedder(name="mini")
    server = make_server(embedder, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield embedder, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_project_client_gets_the_embedders_vectors_in_order(served):
    embedder, url = served
    texts = [f"record {i} about {'python' if i % 2 else 'nursing'}" for i in range(150)]
    client = HttpEmbedder([url], batch_size=32)
    assert client.name == "mini" and client.dimension == 64
    assert np.allclose(client.embed(texts), embedder.embed(texts), atol=1e-6)
    client.close()


@pytest.mark.parametrize("body,status,message", [
    (b"not json", 400, "not JSON"),
    (b'{"texts": ["a"]}', 400, '"input"'),
    (b'{"input": [1, 2]}', 400, "token ids"),
    (b'{"input": "a", "model": "other"}', 404, "serves 'mini'"),
])
def test_what_a_client_gets_wrong_is_a_json_error(served, body, status, message):
    _, url = served
    r = httpx.post(url + "/v1/embeddings", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == status and message in r.json()["error"]["message"]
    assert httpx.get(url + "/v1/nothing").status_code == 404
    one = httpx.post(url + "/v1/embeddings", json={"input": "a single text"}).json()  # still serving
    assert len(one["data"]) == 1 and len(one["data"][0]["embedding"]) == 64


def test_a_busy_port_and_a_remote_embedder_are_clear_errors(tmp_path, monkeypatch):
    monkeypatch.setattr("assistant.facade.Assistant.embedder", FakeEmbedder())
    with make_server(FakeEmbedder(), "127.0.0.1", 0) as busy:
        port = busy.server_address[1]
        result = CliRunner().invoke(app, ["--workspace", str(tmp_path), "serve-embeddings", "--port", str(port)])
    assert result.exit_code != 0 and f"cannot listen on 127.0.0.1:{port}" in result.output
    assert "Traceback" not in result.output
    result = CliRunner().invoke(app, ["--workspace", str(tmp_path), "--embedding-url", "http://127.0.0.1:9",
                                      "serve-embeddings"])
    assert result.exit_code != 0 and "--embedding-url is set" in result.output


@pytest.mark.real
def test_the_real_command_serves_the_in_process_vectors(tmp_path, real_embedder):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", "from assistant.cli import app; app()", "--workspace",
                             str(tmp_path), "serve-embeddings", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.time() + 180
        while True:
            assert proc.poll() is None, proc.stdout.read()
            try:
                httpx.get(url + "/v1/models", timeout=1.0)
                break
            except httpx.HTTPError:
                assert time.time() < deadline, "serve-embeddings did not start in 180 s"
                time.sleep(0.3)
        texts = ["Role: Data Analyst\nSummary: SQL and dashboards", "Nurse, ICU, nights", "python developer"]
        remote = HttpEmbedder([url])
        assert remote.name == real_embedder.name
        cos = (remote.embed(texts) * real_embedder.embed(texts)).sum(axis=1)
        assert cos.min() >= 0.99
        remote.close()
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
    assert "Traceback" not in out and "serving all-MiniLM-L6-v2" in out
