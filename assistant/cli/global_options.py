"""The global options (workspace, store, models, LLM servers), defined once and accepted before or after the command.

People type `assistant ingest f.csv -c x --workspace W` (as with git's or simonw/llm's subcommands); the options
existed only before the command and that failed with "No such option". `GLOBAL_OPTIONS` is the one definition:
`main_callback` takes them before the command (with their environment variables), and `accepting_globals` adds
them to every command (without environment variables, so an option typed before the command is not overridden by
the environment). Given after the command, they apply to that command only.
"""
import functools
import inspect
from copy import copy
from pathlib import Path
from typing import Any, Callable, List, Optional

import click
import typer

from assistant.core.settings import Settings
from assistant.facade import Assistant

# name -> (type, option, the Settings field it sets)
GLOBAL_OPTIONS: dict[str, tuple[Any, Any, str]] = {
    "workspace": (Optional[Path], typer.Option(
        None, "--workspace", "-W", envvar="ASSISTANT_HOME",
        help="Workspace folder (store, clusters). Default: a per-user data dir."), "home"),
    "store": (Optional[str], typer.Option(
        None, "--store", envvar="ASSISTANT_STORE_URL", metavar="http://HOST:PORT",
        help="Use a Chroma server (`chroma run`) instead of the embedded store; its token, if any, from "
             "ASSISTANT_STORE_TOKEN."), "store_url"),
    "embedding_model": (Optional[str], typer.Option(
        None, "--embedding-model", help="Embedding model: all-MiniLM-L6-v2 or a local folder."), "embedding_model"),
    "model": (Optional[str], typer.Option(
        None, "--model", envvar="ASSISTANT_LLM_MODEL",
        help="LLM: a bundled id or a .gguf path (see `assistant models list`)."), "llm_model"),
    "models_dir": (Optional[Path], typer.Option(
        None, "--models-dir", envvar="ASSISTANT_MODELS_DIR", help="Folder of GGUF model files."), "models_dir"),
    "llm_url": (Optional[List[str]], typer.Option(
        None, "--llm-url", metavar="http://HOST:PORT",
        help="Run the LLM on OpenAI-compatible servers (llama-cpp-python's, vLLM); repeat or comma-separate to "
             "spread the work. Env: ASSISTANT_LLM_URL."), "llm_urls"),
    "llm_server_model": (Optional[str], typer.Option(
        None, "--llm-server-model", envvar="ASSISTANT_LLM_SERVER_MODEL",
        help="Model name sent to the servers (default: the one they list)."), "llm_server_model"),
    "embedding_url": (Optional[List[str]], typer.Option(
        None, "--embedding-url", metavar="http://HOST:PORT",
        help="Embed on OpenAI-compatible /v1/embeddings servers (llama.cpp's --embedding, text-embeddings-inference, "
             "Infinity, vLLM, Ollama); repeat or comma-separate to spread the work. Env: ASSISTANT_EMBEDDING_URL."),
        "embedding_urls"),
    "embedding_server_model": (Optional[str], typer.Option(
        None, "--embedding-server-model", envvar="ASSISTANT_EMBEDDING_SERVER_MODEL",
        help="Embedding model name sent to those servers (default: the one they list)."), "embedding_server_model"),
}
_LLM_ONLY = {"llm_model", "models_dir", "llm_urls", "llm_server_model"}  # changing these keeps embedder and store
PANEL = "Global options (also before the command)"


def overrides(values: dict[str, Any]) -> dict[str, Any]:
    """The Settings overrides for the global options given (None: not given)."""
    out = {}
    for name, value in values.items():
        if value is None or value == []:
            continue
        if name in ("llm_url", "embedding_url"):
            value = [u.strip() for v in value for u in v.split(",") if u.strip()] or None
        out[GLOBAL_OPTIONS[name][2]] = value
    return out


def _parameters(for_command: bool) -> list[inspect.Parameter]:
    params = []
    for name, (kind, option, _) in GLOBAL_OPTIONS.items():
        option = copy(option)
        if for_command:  # after the command: no environment (it was read before), listed in their own panel
            option.envvar = None
            option.rich_help_panel = PANEL
        params.append(inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=option, annotation=kind))
    return params


def main_callback(body: Callable[[typer.Context, Assistant], None]):
    """The app's callback: takes the global options before the command, builds the Assistant, then runs `body`."""

    def callback(ctx: typer.Context, **values):
        if isinstance(ctx.obj, Assistant):  # a command typed in the chat runs with the chat's Assistant
            return
        ctx.obj = Assistant(Settings().with_overrides(**overrides(values)))
        body(ctx, ctx.obj)

    ctx_param = inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context)
    callback.__signature__ = inspect.Signature([ctx_param] + _parameters(False))
    callback.__annotations__ = {p.name: p.annotation for p in callback.__signature__.parameters.values()}
    callback.__doc__ = body.__doc__
    return callback


def accepting_globals(fn: Callable) -> Callable:
    """`fn` as a command that also takes every global option; given ones apply to this command's Assistant."""
    sig = inspect.signature(fn)
    clash = set(sig.parameters) & set(GLOBAL_OPTIONS)
    if clash:
        raise TypeError(f"{fn.__name__} defines its own {', '.join(sorted(clash))}: use the global option")

    @functools.wraps(fn)
    def command(*args, **kwargs):
        given = overrides({name: kwargs.pop(name, None) for name in GLOBAL_OPTIONS})
        if given:
            ctx = kwargs.get("ctx") or next((a for a in args if isinstance(a, click.Context)), None)
            if ctx is None:
                raise TypeError(f"{fn.__name__} takes no ctx: it cannot use the global options")
            current: Assistant = ctx.obj
            settings = current.settings.with_overrides(**given)
            if set(given) <= _LLM_ONLY:  # the loaded embedder and store stay (the chat keeps its models)
                ctx.obj = Assistant(settings, embedder=current._embedder, store=current._store)
            else:
                ctx.obj = Assistant(settings)
        return fn(*args, **kwargs)

    params = list(sig.parameters.values())
    command.__signature__ = sig.replace(parameters=params + _parameters(True))
    command.__annotations__ = {**getattr(fn, "__annotations__", {}),
                               **{p.name: p.annotation for p in _parameters(True)}}
    return command


def add_to_every_command(*apps: typer.Typer) -> None:
    """Give every command registered on these apps the global options (one definition, no copy per command)."""
    for app in apps:
        for info in app.registered_commands:
            info.callback = accepting_globals(info.callback)
