"""`assistant serve-embeddings`: this machine's embedder behind an OpenAI-compatible `/v1/embeddings` API, so other
machines ingest and search with `--embedding-url` (a GPU box embeds for a laptop; several boxes share a big ingest).

The standard library's threaded HTTP server is enough: a request is one batch of texts, the encoder does the work,
and one lock keeps two batches from fighting over the same cores (onnxruntime and torch already use every thread).
"""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

from assistant.core.protocols import Embedder

MAX_BODY = 64 * 1024 * 1024  # a request larger than this is refused (413): batches are a few hundred KB
MAX_INPUTS = 2048  # texts per request, as OpenAI's API allows


class _BadRequest(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def embeddings_response(embedder: Embedder, body: Any) -> dict[str, Any]:
    """The /v1/embeddings answer for a decoded request body (raises _BadRequest for what the client got wrong)."""
    if not isinstance(body, dict) or "input" not in body:
        raise _BadRequest(400, 'the body must be a JSON object with "input": a string or a list of strings')
    texts = body["input"]
    if isinstance(texts, str):
        texts = [texts]
    if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
        raise _BadRequest(400, '"input" must be a string or a list of strings (token ids are not supported)')
    if len(texts) > MAX_INPUTS:
        raise _BadRequest(400, f"at most {MAX_INPUTS} texts a request, not {len(texts)}")
    model = body.get("model")
    if model not in (None, "", embedder.name):
        raise _BadRequest(404, f"this server serves {embedder.name!r}, not {model!r}")
    vectors = embedder.embed(texts) if texts else []
    return {"object": "list", "model": embedder.name,
            "data": [{"object": "embedding", "index": i, "embedding": [float(x) for x in v]}
                     for i, v in enumerate(vectors)],
            "usage": {"prompt_tokens": 0, "total_tokens": 0}}


def make_server(embedder: Embedder, host: str, port: int,
                log: Callable[[str], None] | None = None) -> ThreadingHTTPServer:
    """A server (not yet serving: call serve_forever) answering /v1/models and /v1/embeddings with embedder."""
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive: the client pool reuses connections

        def log_message(self, fmt: str, *args: Any) -> None:  # the default prints every request to stderr
            pass

        def _send(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _error(self, status: int, message: str) -> None:
            self._send(status, {"error": {"message": message, "type": "invalid_request_error", "code": status}})

        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            if self.path.rstrip("/") == "/v1/models":
                self._send(200, {"object": "list", "data": [{"id": embedder.name, "object": "model",
                                                             "owned_by": "assistant"}]})
            elif self.path.rstrip("/") in ("", "/health"):
                self._send(200, {"status": "ok"})
            else:
                self._error(404, f"no {self.path} here: POST /v1/embeddings, GET /v1/models")

        def do_POST(self) -> None:  # noqa: N802
            if self.path.rstrip("/") != "/v1/embeddings":
                return self._error(404, f"no {self.path} here: POST /v1/embeddings, GET /v1/models")
            try:
                size = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                size = -1
            if size < 0 or size > MAX_BODY:
                return self._error(413, f"the body must be 0 to {MAX_BODY} bytes with a Content-Length")
            try:
                body = json.loads(self.rfile.read(size) or b"null")
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                return self._error(400, f"the body is not JSON: {exc}")
            try:
                with lock:
                    payload = embeddings_response(embedder, body)
            except _BadRequest as exc:
                return self._error(exc.status, str(exc))
            except Exception as exc:  # noqa: BLE001 - the server stays up; the client sees why
                if log:
                    log(f"embedding failed: {exc}")
                return self._error(500, f"embedding failed: {exc}")
            self._send(200, payload)

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    return server
