"""Embeddings from OpenAI-compatible /v1/embeddings servers: fakes for the protocol (order, normalising, spreading,
failover, garbage, the model name), and real llama.cpp servers serving the bundled MiniLM for the vectors."""
from __future__ import annotations

import json
import time
from pathlib import Path

import httpx
import numpy as np
import pytest

from assistant.backends.http_embedder import HttpEmbedder
from assistant.core.errors import EmbeddingServerError
from servers import llama_server, need_server_packages

SAMPLE_CSV = Path(__file__).resolve().parents[2] / "assistant" / "sample" / "applicants.csv"


class FakeEmbeddingServer:
    """Answers /v1/models and /v1/embeddings; a text's vector is its letter counts (so order is checkable)."""

    def __init__(self, models=("mini",), nested=False, shuffle=True, dead=(), garbage=(), delay=0.0):
        self.models, self.nested, self.shuffle, self.delay = list(models), nested, shuffle, delay
        self.dead, self.garbage = set(dead), set(garbage)
        self.seen: dict[str, int] = {}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        if host in self.dead:
            raise httpx.ConnectError("refused", request=request)
        if request.url.path == "/v1/models":
            return httpx.Response(200, json={"data": [{"id": m} for m in self.models]})
        body = json.loads(request.content)
        time.sleep(self.delay)  # a server takes a while: the other servers' workers get batches meanwhile
        self.seen[host] = self.seen.get(host, 0) + len(body["input"])
        if host in self.garbage:
            return httpx.Response(200, json={"data": [{"embedding": "nan"}] * len(body["input"])})
        rows = [{"index": i, "embedding": self.vector(t)} for i, t in enumerate(body["input"])]
        if self.nested:
            rows = [{**r, "embedding": [r["embedding"]]} for r in rows]
        return httpx.Response(200, json={"data": rows[::-1] if self.shuffle else rows, "model": body["model"]})

    @staticmethod
    def vector(text: str) -> list[float]:
        return [float(text.count(c)) + 0.5 for c in "abcdefgh"]


def embedder(server, urls=("http://a:1",), **kw) -> HttpEmbedder:
    return HttpEmbedder(list(urls), transport=httpx.MockTransport(server), **kw)


def unit(v):
    v = np.asarray(v, dtype=np.float64)
    return v / np.linalg.norm(v)


@pytest.mark.parametrize("nested", [False, True])  # llama.cpp's server nests each pooled vector once
def test_vectors_come_back_in_order_and_normalised(nested):
    texts = ["abc", "hhh", "a", "bead"]
    got = embedder(FakeEmbeddingServer(nested=nested), batch_size=3).embed(texts)
    assert got.dtype == np.float32 and got.shape == (4, 8)
    assert np.allclose(got, [unit(FakeEmbeddingServer.vector(t)) for t in texts], atol=1e-6)


def test_batches_are_spread_over_servers_and_a_dead_one_is_skipped():
    server = FakeEmbeddingServer(dead={"b"}, delay=0.05)
    e = embedder(server, urls=("http://a:1", "http://b:1", "http://c:1"), batch_size=2, retries=0)
    out = e.embed([f"text {i}" for i in range(12)])
    assert out.shape == (12, 8) and server.seen["a"] + server.seen["c"] == 12 and "b" not in server.seen
    assert server.seen["a"] and server.seen["c"]  # both live servers took batches


def test_the_name_is_the_model_the_server_reports_and_several_must_be_chosen_from():
    assert embedder(FakeEmbeddingServer(models=["all-MiniLM-L6-v2"])).name == "all-MiniLM-L6-v2"
    with pytest.raises(EmbeddingServerError, match="serves 2 models") as err:
        embedder(FakeEmbeddingServer(models=["a", "b"])).name
    assert "--embedding-server-model" in err.value.fix
    assert embedder(FakeEmbeddingServer(models=["a", "b"]), model="b").name == "b"


def test_garbage_and_all_servers_down_are_clear_errors():
    with pytest.raises(EmbeddingServerError, match="no embedding server could do the work") as err:
        embedder(FakeEmbeddingServer(garbage={"a"}), retries=0).embed(["x"])
    assert "not usable vectors" in err.value.message and "--embedding-url" in err.value.fix
    with pytest.raises(EmbeddingServerError, match="refused"):
        embedder(FakeEmbeddingServer(dead={"a"}), retries=0, model="m").embed(["x"])


def test_the_facade_uses_servers_from_the_environment(monkeypatch, tmp_path):
    from assistant import Assistant, Settings

    monkeypatch.setenv("ASSISTANT_EMBEDDING_URL", "http://a:1, http://b:2")
    a = Assistant(Settings(home=tmp_path))
    assert isinstance(a.embedder, HttpEmbedder)
    assert [e.url for e in a.embedder.pool.endpoints] == ["http://a:1", "http://b:2"]


# ---------------------------------------------------------------- real llama.cpp servers

@pytest.fixture(scope="module")
def minilm_servers(tmp_path_factory):
    """Two llama-cpp-python servers embedding with the bundled MiniLM converted to GGUF (make setup builds it:
    scripts/build-embedding-gguf.sh), named like the in-process model."""
    need_server_packages()
    from assistant.core.settings import Settings

    gguf = Settings().models_dir / "embeddings" / "all-MiniLM-L6-v2.f32.gguf"
    if not gguf.is_file():
        pytest.skip(f"{gguf} is missing: run scripts/build-embedding-gguf.sh (make setup does)")
    logs = tmp_path_factory.mktemp("embedding-servers")
    args = ("--embedding", "true", "--model_alias", "all-MiniLM-L6-v2", "--n_ctx", "512", "--n_threads", "1")
    with llama_server(gguf, logs / "a.log", *args) as a, llama_server(gguf, logs / "b.log", *args) as b:
        yield [a, b]


@pytest.mark.real
def test_real_servers_give_the_in_process_vectors_and_a_collection_mixes_them(minilm_servers, real_embedder,
                                                                               tmp_path):
    from assistant import Assistant, Settings

    texts = ["Senior data engineer: Airflow, Spark, dbt.", "A nurse in Oslo who speaks three languages.",
             "Ran a social campaign that reached 25 thousand people in two weeks. " * 8]
    remote = HttpEmbedder(minilm_servers, batch_size=2)
    assert remote.name == real_embedder.name == "all-MiniLM-L6-v2" and remote.dimension == 384
    cos = np.sum(remote.embed(texts) * real_embedder.embed(texts), axis=1)
    assert cos.min() >= 0.99, cos

    # ingest through the servers, search in-process: one collection, one model name, the same neighbours
    served = Assistant(Settings(home=tmp_path, embedding_urls=minilm_servers))
    summary = served.ingest(SAMPLE_CSV, "applicants", id_column="ApplicantID")
    assert summary.embedding_model == "all-MiniLM-L6-v2" and summary.stored == summary.records_read
    # the GGUF is float: the float encoder gives the same ranking (the default int8 one agrees to cosine 0.99,
    # which can swap two near-equal records at rank 5)
    from assistant.backends.embedder import SentenceTransformerEmbedder

    local = Assistant(Settings(home=tmp_path), embedder=SentenceTransformerEmbedder(backend="torch"))
    query = "data analyst who writes SQL and builds dashboards"
    assert [h.id for h in local.search(query, "applicants", k=5).hits] == \
           [h.id for h in served.search(query, "applicants", k=5).hits]
