"""The `assistant` command: parses options, calls the Assistant facade, prints. No logic of its own."""
from __future__ import annotations

import typer

from assistant.cli import admin, chat, eval_embeddings, gen_jobs, llm_jobs, records  # noqa: F401 (eval_embeddings: registers)
from assistant.cli.common import handles_errors
from assistant.cli.global_options import add_to_every_command, main_callback
from assistant.facade import Assistant

app = typer.Typer(help="Local text analysis: embed, store, cluster, search, rerank, classify, extract from and "
                       "fill in your tables, "
                       "all on this machine. With no command: the interactive chat.", invoke_without_command=True,
                  add_completion=False, rich_markup_mode="rich")
models_app = typer.Typer(help="List, install and pull the models the tool uses.", no_args_is_help=True)


def _main(ctx: typer.Context, assistant: Assistant) -> None:
    """Local text analysis: embed, store, cluster, search, rerank and classify tables, on this machine only."""
    if ctx.invoked_subcommand is None:
        handles_errors(chat.chat)(ctx)


app.callback(invoke_without_command=True)(main_callback(_main))


for fn in (records.ingest, records.search, records.cluster, llm_jobs.rerank, llm_jobs.classify, llm_jobs.ask,
           gen_jobs.extract,
           gen_jobs.fill, records.collections, records.drop, admin.doctor, chat.chat):
    app.command()(handles_errors(fn))
app.command("serve-embeddings")(handles_errors(admin.serve_embeddings))
for name, fn in (("list", admin.models_list), ("install", admin.models_install), ("pull", admin.models_pull)):
    models_app.command(name)(handles_errors(fn))
add_to_every_command(app, models_app, llm_jobs.eval_app)
app.add_typer(llm_jobs.eval_app, name="eval")
app.add_typer(models_app, name="models")

__all__ = ["app"]
