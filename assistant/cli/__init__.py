"""The `assistant` command: parses options, calls the Assistant facade, prints. No logic of its own."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from assistant.cli import admin, chat, gen_jobs, llm_jobs, records
from assistant.cli.common import handles_errors
from assistant.core.settings import Settings
from assistant.facade import Assistant

app = typer.Typer(help="Local text analysis: embed, store, cluster, search, rerank, classify, extract from and "
                       "fill in your tables, "
                       "all on this machine. With no command: the interactive chat.", invoke_without_command=True,
                  add_completion=False, rich_markup_mode="rich")
models_app = typer.Typer(help="List, install and pull the models the tool uses.", no_args_is_help=True)


@app.callback(invoke_without_command=True)
def main(
    ctx: typer.Context,
    workspace: Optional[Path] = typer.Option(None, "--workspace", "-W", envvar="ASSISTANT_HOME",
                                             help="Workspace folder (store, clusters). Default: a per-user data dir."),
    store: Optional[str] = typer.Option(None, "--store", envvar="ASSISTANT_STORE_URL", metavar="http://HOST:PORT",
                                        help="Use a Chroma server (`chroma run`) instead of the embedded store; "
                                             "its token, if any, from ASSISTANT_STORE_TOKEN."),
    embedding_model: Optional[str] = typer.Option(None, "--embedding-model",
                                                  help="Embedding model: all-MiniLM-L6-v2 or a local folder."),
    model: Optional[str] = typer.Option(None, "--model", envvar="ASSISTANT_LLM_MODEL",
                                        help="LLM: a bundled id or a .gguf path (see `assistant models list`)."),
    models_dir: Optional[Path] = typer.Option(None, "--models-dir", envvar="ASSISTANT_MODELS_DIR",
                                              help="Folder of GGUF model files."),
    llm_url: Optional[list[str]] = typer.Option(None, "--llm-url", metavar="http://HOST:PORT",
                                                help="Run the LLM on OpenAI-compatible servers (llama-cpp-python's, "
                                                     "vLLM); repeat or comma-separate to spread the work. "
                                                     "Env: ASSISTANT_LLM_URL."),
    llm_server_model: Optional[str] = typer.Option(None, "--llm-server-model", envvar="ASSISTANT_LLM_SERVER_MODEL",
                                                   help="Model name sent to the servers (default: the one they list)."),
):
    """Local text analysis: embed, store, cluster, search, rerank and classify tables, on this machine only."""
    if isinstance(ctx.obj, Assistant):  # a command typed in the chat runs with the chat's Assistant
        return
    ctx.obj = Assistant(Settings().with_overrides(home=workspace, embedding_model=embedding_model, llm_model=model,
                                                  models_dir=models_dir, store_url=store,
                                                  llm_urls=[u.strip() for v in llm_url or [] for u in v.split(",")
                                                            if u.strip()] or None,
                                                  llm_server_model=llm_server_model))
    if ctx.invoked_subcommand is None:
        handles_errors(chat.chat)(ctx)


for fn in (records.ingest, records.search, records.cluster, llm_jobs.rerank, llm_jobs.classify, llm_jobs.ask,
           gen_jobs.extract,
           gen_jobs.fill, records.collections, records.drop, admin.doctor, chat.chat):
    app.command()(handles_errors(fn))
for name, fn in (("list", admin.models_list), ("install", admin.models_install), ("pull", admin.models_pull)):
    models_app.command(name)(handles_errors(fn))
app.add_typer(llm_jobs.eval_app, name="eval")
app.add_typer(models_app, name="models")

__all__ = ["app"]
