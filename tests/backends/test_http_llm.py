"""The LLM over inference servers: the pool's bounds, timeouts, retries and failover against fake servers, and (real)
llama-cpp-python's own server giving the same answers as the in-process model."""
from __future__ import annotations

import http.server
import json
import re
import threading
import time

import httpx
import numpy as np
import pytest
from servers import free_port, llama_server, need_server_packages

from assistant.backends.http_grammar import conform, gbnf
from assistant.backends.http_llm import HttpLLM
from assistant.core.errors import LLMServerError
from assistant.core.jsongen import Arr, JsonRequest, Line, Machine, Num, Obj, Str

# ---------------------------------------------------------------- a fake llama-cpp-python server


class FakeServer:
    """Answers like llama-cpp-python's server: one token per character, every scored token at -1.0."""

    def __init__(self, answer: str = '{"n": 4}', delay: float = 0.0):
        self.answer = answer
        self.delay = delay
        self.calls: list[tuple[str, str]] = []
        self.in_flight: dict[str, int] = {}
        self.peak: dict[str, int] = {}
        self.fail: dict[str, list] = {}  # host -> what to do on its next requests ("503", "timeout", "garbage", ...)
        self.lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        with self.lock:
            self.calls.append((host, request.url.path))
            self.in_flight[host] = self.in_flight.get(host, 0) + 1
            self.peak[host] = max(self.peak.get(host, 0), self.in_flight[host])
            plan = self.fail.get(host)
            what = (plan.pop(0) if len(plan) > 1 else plan[0]) if plan else None
        try:
            if self.delay:
                time.sleep(self.delay)
            if what == "timeout":
                raise httpx.ReadTimeout("slow", request=request)
            if what == "refused":
                raise httpx.ConnectError("connection refused", request=request)
            if what == "503":
                return httpx.Response(503, text="busy")
            if what == "garbage":
                return httpx.Response(200, text="<html>not an API</html>")
            if what == "missing":
                return httpx.Response(200, json={"choices": []})
            return self.answer_for(request)
        finally:
            with self.lock:
                self.in_flight[host] -= 1

    def answer_for(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        body = json.loads(request.content) if request.content else {}
        if path == "/v1/models":
            return httpx.Response(200, json={"data": [{"id": "/models/fake.gguf"}]})
        if path == "/extras/tokenize":
            return httpx.Response(200, json={"tokens": [ord(c) for c in body["input"]]})
        if path == "/v1/completions":
            grammar = body.get("grammar", "")
            forced = re.fullmatch(r'root ::= "(.*)"\n', grammar)
            if forced:  # a scoring request: the grammar allows only the continuation
                text = forced.group(1)
                return httpx.Response(200, json={"choices": [{"text": text, "logprobs": {
                    "token_logprobs": [-1.0] * len(text)}}], "usage": {"completion_tokens": len(text)}})
            return httpx.Response(200, json={"choices": [{"text": self.answer, "finish_reason": "stop"}],
                                             "usage": {"completion_tokens": len(self.answer)}})
        return httpx.Response(404, json={"detail": "Not Found"})


def fake_llm(server: FakeServer, urls=("http://a:1", "http://b:1"), **kw) -> HttpLLM:
    kw.setdefault("backoff", 0.0)
    return HttpLLM(list(urls), transport=httpx.MockTransport(server), **kw)


def test_scores_come_from_the_forced_continuation_and_are_spread_over_servers():
    server = FakeServer(delay=0.02)
    llm = fake_llm(server)
    bases = [llm.prompt_tokens(f"Question {i}:") for i in range(8)]
    seqs = [(base + llm.tokenize(f" answer {i}"), len(base)) for i, base in enumerate(bases)]
    rows = llm.score_sequences(seqs)
    assert [len(r) for r in rows] == [len(f" answer {i}") for i in range(8)]
    assert all(np.allclose(r, -1.0) for r in rows)
    assert llm.continuation_logprobs("Q:", [" ab", " c"]) == [-3.0, -2.0]
    assert llm.next_token_probs("Q:", ["x"]) == [pytest.approx(np.exp(-1.0))]
    hosts = {h for h, p in server.calls if p == "/v1/completions"}
    assert hosts == {"a", "b"}  # one unit per prefix: both servers got work


def test_in_flight_requests_are_bounded_per_server():
    server = FakeServer(delay=0.03)
    llm = fake_llm(server, per_endpoint=2)
    base = llm.prompt_tokens("P")
    llm.score_sequences([(base + llm.tokenize(f"{i}"), len(base)) for i in range(10)])  # one shared prefix...
    assert max(server.peak.values()) == 1  # ...is one unit: its requests go one after another to one server
    server.peak.clear()
    seqs = []
    for i in range(12):
        b = llm.prompt_tokens(f"P{i}")
        seqs.append((b + llm.tokenize(" x"), len(b)))
    llm.score_sequences(seqs)
    assert server.peak == {"a": 2, "b": 2}


def test_llama_cpp_python_servers_get_one_request_at_a_time_by_default():
    server = FakeServer(delay=0.02)
    llm = fake_llm(server)
    seqs = [(llm.prompt_tokens(f"P{i}") + llm.tokenize(" x"), len(llm.prompt_tokens(f"P{i}"))) for i in range(6)]
    llm.score_sequences(seqs)
    assert max(server.peak.values()) == 1


def test_transient_failures_are_retried_on_the_same_server():
    server = FakeServer()
    server.fail["a"] = ["503", "timeout", None]
    llm = fake_llm(server, urls=["http://a:1"], retries=2)
    assert llm.tokenize("hi") == [104, 105]
    assert llm.pool.endpoints[0].down is None


def test_a_dead_server_is_skipped_and_its_work_goes_to_the_other():
    server = FakeServer()
    llm = fake_llm(server, retries=1)
    llm.tokenize("warm")  # both servers discovered and up
    server.fail["a"] = ["refused"]
    out = llm.generate_json([JsonRequest("Q", Obj((("n", Num()),)), 8) for _ in range(6)])
    assert [g.text for g in out] == ['{"n": 4}'] * 6
    down = {e.url: e.down for e in llm.pool.endpoints}
    assert down["http://b:1"] is None and "connection refused" in down["http://a:1"]


def test_all_servers_down_is_one_clear_error_naming_each_url():
    server = FakeServer()
    server.fail = {"a": ["refused"], "b": ["timeout"]}
    llm = fake_llm(server, retries=1)
    with pytest.raises(LLMServerError) as info:
        llm.tokenize("x")
    msg = str(info.value)
    assert "http://a:1" in msg and "http://b:1" in msg and "timed out" in msg and "Fix:" in msg


@pytest.mark.parametrize("garbage", ["garbage", "missing"])
def test_garbage_answers_are_a_clear_error_not_a_traceback(garbage):
    server = FakeServer()
    llm = fake_llm(server, urls=["http://a:1"])
    llm.tokenize("warm")
    server.fail["a"] = [garbage]
    with pytest.raises(LLMServerError) as info:
        llm.generate_json([JsonRequest("Q", Obj((("n", Num()),)), 8)])
    assert "http://a:1" in str(info.value)
    assert ("not JSON" in str(info.value)) if garbage == "garbage" else ("answer has no [" in str(info.value))


def test_a_server_that_is_not_an_inference_server_is_refused_with_the_reason():
    def handler(request):
        return httpx.Response(404, json={"detail": "Not Found"}) if request.url.path != "/v1/models" else \
            httpx.Response(200, json={"data": [{"id": "m"}]})

    llm = HttpLLM(["http://c:1"], transport=httpx.MockTransport(handler), backoff=0)
    with pytest.raises(LLMServerError, match="neither llama-cpp-python's server"):
        llm.tokenize("x")


def test_answers_that_do_not_fit_the_shape_are_repaired():
    server = FakeServer(answer='{"n": 12, "junk": true}')
    llm = fake_llm(server, urls=["http://a:1"])
    (gen,) = llm.generate_json([JsonRequest("Q", Obj((("n", Num()),)), 8)])
    assert json.loads(gen.text) == {"n": 12} and not gen.finished


class _SlowHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        time.sleep(1.0)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_real_socket_timeout_marks_the_server_down():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _SlowHandler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        llm = HttpLLM([f"http://127.0.0.1:{srv.server_address[1]}"], timeout=0.2, retries=0)
        with pytest.raises(LLMServerError, match="timed out"):  # the server answers only after 1 s
            llm.tokenize("x")
    finally:
        srv.shutdown()


def test_urls_come_from_the_environment_comma_separated_and_make_the_facade_use_servers(monkeypatch):
    from assistant import Assistant, Settings

    monkeypatch.setenv("ASSISTANT_LLM_URL", "http://a:1, http://b:2")
    settings = Settings()
    assert settings.llm_urls == ["http://a:1", "http://b:2"]
    llm = Assistant(settings).llm
    assert isinstance(llm, HttpLLM) and [e.url for e in llm.pool.endpoints] == ["http://a:1", "http://b:2"]
    monkeypatch.delenv("ASSISTANT_LLM_URL")
    assert Settings().llm_urls == []


def test_cli_llm_url_is_repeatable_and_comma_separated(monkeypatch):
    from typer.testing import CliRunner

    from assistant.cli import app

    seen = {}

    def fake_llm(self):
        seen["urls"], seen["model"] = self.settings.llm_urls, self.settings.llm_server_model
        raise LLMServerError("stop here", "nothing")

    monkeypatch.setattr("assistant.facade.Assistant.llm", property(fake_llm))
    r = CliRunner().invoke(app, ["--llm-url", "http://a:1,http://b:2", "--llm-url", "http://c:3",
                                 "--llm-server-model", "m", "classify", "some text", "--labels", "x,y",
                                 "--method", "llm"])
    assert seen == {"urls": ["http://a:1", "http://b:2", "http://c:3"], "model": "m"}
    assert r.exit_code == 1 and "stop here" in r.output


def _fake_vllm(request: httpx.Request) -> httpx.Response:
    """vLLM's API as documented: /tokenize (text or messages), /detokenize, completions with token-id prompts."""
    path = request.url.path
    body = json.loads(request.content) if request.content else {}
    if path == "/v1/models":
        return httpx.Response(200, json={"data": [{"id": "org/model", "max_model_len": 1024}]})
    if path == "/tokenize":
        if "messages" in body:
            text = "".join(f"<{m['role']}>{m['content']}" for m in body["messages"]) + "<assistant>"
        else:
            text = ("^" if body["add_special_tokens"] else "") + body["prompt"]
        return httpx.Response(200, json={"tokens": [ord(c) for c in text], "count": len(text)})
    if path == "/detokenize":
        return httpx.Response(200, json={"prompt": "".join(chr(t) for t in body["tokens"])})
    if path == "/v1/completions":
        if body.get("echo"):
            toks = body["prompt"]
            return httpx.Response(200, json={"choices": [{"text": "".join(map(chr, toks)) + "x", "logprobs": {
                "token_logprobs": [None] + [-0.5] * len(toks)}}]})
        assert body["response_format"]["json_schema"]["schema"]["type"] == "object"
        return httpx.Response(200, json={"choices": [{"text": '{"n": 7}'}], "usage": {"completion_tokens": 5}})
    return httpx.Response(404, json={"detail": "Not Found"})


def test_vllm_dialect_sends_token_ids_and_json_schema():
    llm = HttpLLM(["http://v:1"], transport=httpx.MockTransport(_fake_vllm), n_ctx=8192)
    assert llm.chat_prompt("hi") == "<user>hi<assistant>" and llm.chat_template
    assert llm.prompt_tokens("ab") == [ord("^"), 97, 98] and llm.n_ctx == 1024  # BOS as the server adds it
    assert llm.continuation_logprobs("ab", ["cd"]) == [-1.0]
    (gen,) = llm.generate_json([JsonRequest("Q", Obj((("n", Num()),)), 8)])
    assert (gen.text, gen.tokens, gen.finished) == ('{"n": 7}', 5, True)
    assert llm.pool.endpoints[0].info["limit"] == 8


# ---------------------------------------------------------------- grammar and repair

def test_gbnf_grammars_parse_in_llama_cpp():
    llama_cpp = pytest.importorskip("llama_cpp")
    shapes = [Obj((("people", Arr(Str(source='Jo "Jr" Smith,\nof Rome.'), max_items=3)), ("n", Num()))),
              Arr(Str(choices=("yes", "no")), max_items=1), Line(number=True), Line(), Str()]
    for shape in shapes:
        llama_cpp.LlamaGrammar.from_string(gbnf(shape), verbose=False)


def test_conform_keeps_a_fitting_answer_and_closes_a_cut_one():
    shape = Obj((("city", Arr(Str(source="John lives in Paris."), max_items=2)),))
    assert conform(shape, '{"city": ["Paris"]}') == ('{"city": ["Paris"]}', True)
    fixed, complete = conform(shape, '{"city": ["Paris", "London"]}')
    assert not complete and Machine.of(shape).feed_text(fixed) and json.loads(fixed)["city"][0] == "Paris"
    assert conform(Line(number=True), " 8\n") == (" 8\n", True)


# ---------------------------------------------------------------- the real server (llama-cpp-python's)

@pytest.fixture(scope="module")
def smol_pair(tmp_path_factory):
    """(in-process SmolLM2, the same model behind llama-cpp-python's server), the server stopped at the end.

    Log-probabilities agree to 1e-6 when in-process evaluates one sequence at a time, as the server does. Its packing
    of many sequences into one decode (shared KV, flash attention on CPU) moves them by up to ~0.3 nats on this
    model, so scores of packed jobs are compared loosely and the answers exactly.
    """
    need_server_packages()
    from assistant.backends.catalog import resolve_llm
    from assistant.backends.llamacpp import LlamaCppLLM
    from assistant.core.errors import ModelNotFoundError
    from assistant.core.settings import Settings

    try:
        path = resolve_llm("smollm2-135m-instruct", Settings().models_dir)
    except ModelNotFoundError as exc:
        pytest.skip(f"{exc.message} ({exc.fix})")
    log = tmp_path_factory.mktemp("server") / "server.log"
    with llama_server(path, log, "--n_ctx", "2048", "--n_threads", "1", "--n_threads_batch", "1",
                      "--flash_attn", "true") as url:
        local = LlamaCppLLM(path, n_ctx=2048, n_threads=1).load()
        remote = HttpLLM([url], n_ctx=2048, template_gguf=path)
        yield local, remote
        local.close()
        remote.close()


@pytest.mark.real
def test_real_server_tokens_prompts_and_scores_match(smol_pair):
    local, remote = smol_pair
    prompt = local.chat_prompt("Classify: stocks fell sharply today. Answer:")
    assert remote.chat_prompt("Classify: stocks fell sharply today. Answer:") == prompt
    assert remote.prompt_tokens(prompt) == local.prompt_tokens(prompt)
    conts = [" World", " Business", " Sci/Tech", " Sports, games and races"]
    assert np.allclose(remote.continuation_logprobs(prompt, conts), local.continuation_logprobs(prompt, conts),
                       atol=1e-3)
    assert np.allclose(remote.next_token_probs(prompt, [" A", " B"]), local.next_token_probs(prompt, [" A", " B"]),
                       atol=1e-4)


@pytest.mark.real
def test_real_server_rerank_and_classify_agree_with_in_process(smol_pair):
    from assistant.jobs.classify import parse_labels
    from assistant.jobs.rerank import Candidate

    from calls import run_classify, run_rerank

    local, remote = smol_pair
    texts = ["Stocks fell as the central bank raised interest rates.", "The striker scored twice in the final.",
             "A new chip doubles battery life in phones.", "Leaders met to discuss the border conflict."]
    labels = parse_labels("World,Sports,Business,Sci/Tech")
    a = run_classify(texts, labels, llm=local, method="llm")
    b = run_classify(texts, labels, llm=remote, method="llm")
    assert [i.label for i in a.items] == [i.label for i in b.items]
    for x, y in zip(a.items, b.items):
        assert x.scores == pytest.approx(y.scores, abs=0.1)
    cands = [Candidate(id=f"c{i}", text=t, similarity=0.5 - i / 10, rank=i + 1) for i, t in enumerate(texts)]
    for method in ("ql", "allpair"):
        ra = run_rerank("football match results", cands, local, method=method)
        rb = run_rerank("football match results", cands, remote, method=method)
        by_a = {i.id: i.llm_score for i in ra.items}
        by_b = {i.id: i.llm_score for i in rb.items}
        assert by_a == pytest.approx(by_b, abs=0.1), method
        # the same order, except between candidates whose scores are within the packing noise of each other
        # (allpair sums soft preferences, so two near-equal candidates may swap)
        order_a, order_b = [i.id for i in ra.items], [i.id for i in rb.items]
        for x in order_a:
            for y in order_a:
                if order_a.index(x) < order_a.index(y) and by_a[x] - by_a[y] > 0.2:
                    assert order_b.index(x) < order_b.index(y), (method, x, y)


@pytest.mark.real
def test_real_server_extract_and_fill_agree_with_in_process(smol_pair):
    from assistant.data.ingest import fields_text
    from assistant.jobs.extract import ExtractOptions
    from assistant.jobs.extract.spec import Example, ExampleSpan, ExtractSpec, FieldSpec
    from assistant.jobs.fill.collection import fill_collection

    from calls import run_extract
    from fakes import FakeEmbedder, MemoryStore

    local, remote = smol_pair
    spec = ExtractSpec(fields=[FieldSpec(name="person", description="names of people"),
                               FieldSpec(name="city", description="names of cities")],
                       examples=[Example(text="Maria moved to Lisbon with Pedro last year.",
                                         spans=[ExampleSpan(label="person", text="Maria"),
                                                ExampleSpan(label="city", text="Lisbon"),
                                                ExampleSpan(label="person", text="Pedro")])])
    items = [("a", "John Smith works in Paris with his friend Anna."),
             ("b", "Yesterday Tom flew from Berlin to Rome, where he met Sofia."),
             ("c", "The mayor of Oslo, Erik Berg, opened the new library.")]
    opts = ExtractOptions(max_tokens=64)
    spans = [[(s.label, s.start, s.end) for s in r.spans] for r in run_extract(local, spec, items, opts)]
    assert spans == [[(s.label, s.start, s.end) for s in r.spans] for r in run_extract(remote, spec, items, opts)]
    assert any(spans)

    emb = FakeEmbedder()
    sounds = {"dog": "barks", "cat": "meows", "cow": "moos"}
    rows = [{"name": f"pet{i}", "sound": sounds[s], "legs": 4, "species": s}
            for i, s in enumerate(list(sounds) * 4)]
    for r in rows[:3]:
        del r["species"]
    rows.append({"name": "newbie", "sound": "barks", "species": "dog"})  # no legs: a generated number
    store = MemoryStore()
    store.ensure_collection("pets", {"embedding_model": emb.name})
    docs = [fields_text(r) for r in rows]
    store.upsert("pets", [r["name"] for r in rows], emb.embed(docs), docs, rows)
    for field in ("species", "legs"):
        fa = fill_collection(store, "pets", field, llm=local, method="llm", k=6)
        fb = fill_collection(store, "pets", field, llm=remote, method="llm", k=6)
        assert [(p.id, p.best) for p in fa.proposals] == [(p.id, p.best) for p in fb.proposals], field
        assert [p.confidence for p in fa.proposals] == pytest.approx([p.confidence for p in fb.proposals], abs=0.1)


@pytest.mark.real
def test_real_cli_classifies_through_the_server(smol_pair):
    from typer.testing import CliRunner

    from assistant.cli import app

    local, remote = smol_pair
    url = remote.pool.endpoints[0].url
    r = CliRunner().invoke(app, ["--llm-url", url, "--model", str(local.path), "classify",
                                 "The striker scored twice in the final.", "--labels", "Sports,Business",
                                 "--method", "llm", "--json"])
    assert r.exit_code == 0, r.output
    record, summary = [json.loads(x) for x in r.stdout.strip().splitlines()]
    assert record["label"] == "Sports" and summary["summary"]["method"] == "llm"


@pytest.mark.real
def test_real_dead_url_is_skipped_and_the_live_server_does_the_work(smol_pair):
    local, remote = smol_pair
    dead = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    llm = HttpLLM([dead, remote.pool.endpoints[0].url], n_ctx=2048, template_gguf=local.path, retries=0)
    prompt = local.chat_prompt("Is the sky blue? Answer:")
    assert llm.continuation_logprobs(prompt, [" Yes"]) == pytest.approx(remote.continuation_logprobs(prompt, [" Yes"]))
    assert "ConnectError" in llm.pool.endpoints[0].down and llm.pool.endpoints[1].down is None
    llm.close()
