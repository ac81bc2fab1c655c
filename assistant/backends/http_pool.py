"""Spreading requests over several inference servers: a bounded number in flight per server, timeouts, retries
with backoff, and a server that keeps failing is marked down so that its work goes to the others."""
from __future__ import annotations

import json
import queue
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence, TypeVar

from assistant.core.errors import ContextOverflowError, EmbeddingServerError, LLMServerError

T = TypeVar("T")


@dataclass(frozen=True)
class ServerKind:
    """What the servers of a pool are, for the messages: the option that names them and how to start one."""

    name: str
    option: str
    start: str
    refused_fix: str
    error: type = LLMServerError


LLM_SERVERS = ServerKind(
    "inference server", "--llm-url", "python -m llama_cpp.server --model FILE.gguf --port 8080 --flash_attn true",
    "use llama-cpp-python's server (`python -m llama_cpp.server`) or vLLM, serving the model named by "
    "--llm-server-model (or its only model)")
EMBEDDING_SERVERS = ServerKind(
    "embedding server", "--embedding-url",
    "python -m llama_cpp.server --model MODEL.gguf --embedding true --port 8081 (models.md: an embedding GGUF)",
    "serve an embedding model on an OpenAI-compatible /v1/embeddings endpoint (llama.cpp's server with "
    "--embedding, text-embeddings-inference, Infinity, vLLM, Ollama)", EmbeddingServerError)


class BadResponse(Exception):
    """A server answered something that is not what the API promises (not JSON, a field missing)."""


class _Retryable(Exception):
    """A failure that another attempt may not have: connection refused or reset, timeout, a 5xx status."""


@dataclass
class Endpoint:
    url: str
    down: str | None = None  # why it was marked down
    info: dict[str, Any] = field(default_factory=dict)  # what discovery found (model, dialect)


class EndpointPool:
    """Runs units of work, each a function of (endpoint, post), on the endpoints that are up.

    `post(path, body)` sends one request to the unit's endpoint and returns its decoded JSON. A unit that fails
    after `retries` retries on one endpoint marks that endpoint down and goes back in the queue for the others.
    """

    def __init__(self, urls: Sequence[str], *, per_endpoint: int | None = None, timeout: float = 120.0,
                 retries: int = 2, backoff: float = 0.5, transport: Any = None, kind: "ServerKind | None" = None):
        import httpx

        self.kind = kind or LLM_SERVERS
        if not urls:
            raise self.kind.error("no server URL given", f"pass {self.kind.option} http://HOST:PORT")
        self.endpoints = [Endpoint(u.rstrip("/")) for u in urls]
        self.per_endpoint = per_endpoint  # None: each endpoint's own info["limit"] (set by discovery), else 1
        self.retries = retries
        self.backoff = backoff
        self._lock = threading.Lock()
        self._client = httpx.Client(timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)), transport=transport,
                                    limits=httpx.Limits(max_connections=(per_endpoint or 8) * len(urls) + 4))
        self._httpx = httpx

    def close(self) -> None:
        self._client.close()

    def limit(self, ep: Endpoint) -> int:
        return max(1, self.per_endpoint or ep.info.get("limit", 1))

    def alive(self) -> list[Endpoint]:
        return [e for e in self.endpoints if e.down is None]

    def mark_down(self, ep: Endpoint, why: str) -> None:
        with self._lock:
            if ep.down is None:
                ep.down = why

    # -- one request ----------------------------------------------------------------------------------------
    def post(self, ep: Endpoint, path: str, body: dict | None) -> Any:
        """One request with retries on transient failures. None body: GET."""
        for attempt in range(self.retries + 1):
            try:
                return self._once(ep, path, body)
            except _Retryable:
                if attempt == self.retries:
                    raise
                time.sleep(self.backoff * 2 ** attempt)
        raise AssertionError("unreachable")

    def _once(self, ep: Endpoint, path: str, body: dict | None) -> Any:
        httpx = self._httpx
        url = ep.url + path
        try:
            resp = self._client.get(url) if body is None else self._client.post(url, json=body)
        except httpx.TimeoutException as exc:
            raise _Retryable(f"{url} timed out ({type(exc).__name__})") from exc
        except httpx.TransportError as exc:
            raise _Retryable(f"{url}: {type(exc).__name__}: {exc}") from exc
        if resp.status_code >= 500 or resp.status_code == 429:
            raise _Retryable(f"{url} answered HTTP {resp.status_code}: {resp.text[:200]}")
        if resp.status_code >= 400:
            detail = _error_detail(resp.text)
            if "context window" in detail or "maximum context length" in detail:
                raise ContextOverflowError(f"{url}: {detail}", "start the server with a larger context (--n_ctx), "
                                           "or set ASSISTANT_N_CTX to the server's context so prompts are cut to fit")
            raise self.kind.error(f"{url} refused the request with HTTP {resp.status_code}: {detail}",
                                  self.kind.refused_fix)
        try:
            return resp.json()
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise BadResponse(f"{url} answered something that is not JSON: {resp.text[:120]!r}") from exc

    # -- many units -----------------------------------------------------------------------------------------
    def run(self, units: Sequence[Callable[[Endpoint], T]]) -> list[T]:
        """Run every unit on some live endpoint, at most per_endpoint at a time on each; results in order."""
        results: list[Any] = [None] * len(units)
        todo: "queue.Queue[int]" = queue.Queue()
        for i in range(len(units)):
            todo.put(i)
        done = [0]
        fatal: list[BaseException] = []

        def worker(ep: Endpoint) -> None:
            while ep.down is None and not fatal:
                try:
                    i = todo.get_nowait()
                except queue.Empty:
                    return
                try:
                    results[i] = units[i](ep)
                    with self._lock:
                        done[0] += 1
                except (_Retryable, BadResponse) as exc:
                    self.mark_down(ep, str(exc))
                    todo.put(i)
                except BaseException as exc:  # a problem of the request itself: stop everything, report it
                    fatal.append(exc)
                    return

        while done[0] < len(units) and not fatal:
            live = self.alive()
            if not live:
                raise self.all_down()
            threads = [threading.Thread(target=worker, args=(ep,), daemon=True)
                       for ep in live for _ in range(min(self.limit(ep), len(units)))]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        if fatal:
            raise fatal[0]
        return results

    def call(self, unit: Callable[[Endpoint], T]) -> T:
        return self.run([unit])[0]

    def all_down(self) -> LLMServerError:
        lines = "\n".join(f"  {e.url}: {e.down}" for e in self.endpoints)
        return self.kind.error(f"no {self.kind.name} could do the work:\n{lines}",
                               f"start the server(s) (e.g. `{self.kind.start}`), check each {self.kind.option}, or "
                               "drop the ones that are down")


def _error_detail(text: str) -> str:
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, ValueError):
        return text[:200]
    if isinstance(data, dict):
        err = data.get("error", data.get("detail", data))
        if isinstance(err, dict):
            err = err.get("message", err)
        return str(err)[:300]
    return str(data)[:200]


def need(data: Any, *path: Any) -> Any:
    """data[path[0]][path[1]]..., or BadResponse naming the missing field (a garbage answer, never a KeyError)."""
    cur = data
    for key in path:
        try:
            cur = cur[key]
        except (KeyError, IndexError, TypeError):
            shown = "".join(f"[{k!r}]" for k in path)
            raise BadResponse(f"the server's answer has no {shown}: {str(data)[:160]}") from None
    return cur
