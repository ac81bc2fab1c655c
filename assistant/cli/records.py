"""Commands over records: ingest, search, cluster, collections, drop."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from assistant.cli import render
from assistant.cli.common import assistant_of, emit, emit_rows, out, progress_bar, read_text, spinner, split_list
from assistant.core.errors import ConfigError


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
    a = assistant_of(ctx)
    if max_field_mb is not None:
        a.settings.max_field_bytes = int(max_field_mb * 1e6)
    bar, update = progress_bar("embedding", as_json)
    with bar:
        summary = a.ingest(file, collection, id_column=id_column, fields=split_list(fields), exclude=split_list(exclude),
                           template=template, fmt=fmt, encoding=encoding, sheet=sheet,
                           skip_bad_rows=skip_bad_rows, prune=prune,
                           progress=update)
    emit(summary, as_json, render.ingest)


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
    result = assistant_of(ctx).search(read_text(text, file), collection, k=k, where=where, in_cluster=in_cluster)
    emit(result, as_json, render.search)


def _parse_k(k: str) -> Optional[int]:
    if k.lower() == "auto":
        return None
    try:
        return int(k)
    except ValueError as exc:
        raise ConfigError(f"-k must be a number or 'auto', not {k!r}") from exc


def cluster(
    ctx: typer.Context,
    collection: str = typer.Option(..., "--collection", "-c"),
    k: str = typer.Option("auto", "-k", help="Number of clusters, or 'auto' (best silhouette)."),
    k_max: int = typer.Option(10, "--k-max", help="Largest k that -k auto tries (from 2)."),
    method: str = typer.Option("kmeans", "--method", help="kmeans | hdbscan"),
    encoding: str = typer.Option("embedding", "--encoding",
                                 help="embedding (default) | onehot (scaled numbers + one-hot categories)."),
    seed: int = typer.Option(0, "--seed"),
    plot: Optional[Path] = typer.Option(None, "--plot", help="Write a 2-D scatter PNG (and the .html map beside it)."),
    html: Optional[Path] = typer.Option(None, "--html", help="Write the interactive map here: one offline HTML file "
                                        "(zoom, pan, legend toggles, search, the whole record on hover)."),
    query: Optional[str] = typer.Option(None, "--query", help="Mark this text on the plot with an X, and its 10 "
                                        "nearest records."),
    projection: str = typer.Option("auto", "--projection", help="2-D projection of the plot and map: auto (the "
                                   "better-separating of lda and pca), lda (discriminant axes of the clusters), "
                                   "tsne (slow; up to 20,000 records), pca."),
    as_json: bool = typer.Option(False, "--json"),
):
    """Cluster a collection and explain the clusters in the original fields."""
    if plot is not None and html is None:
        html = plot.with_suffix(".html")
    with spinner("clustering…", as_json):
        report = assistant_of(ctx).cluster(collection, k=_parse_k(k), method=method, encoding=encoding, seed=seed,
                                         k_max=k_max, plot=plot, html=html, query=query,
                                         projection=projection)
    emit(report, as_json, render.cluster)


def collections(ctx: typer.Context, as_json: bool = typer.Option(False, "--json")):
    """List the collections in the workspace."""
    emit_rows(assistant_of(ctx).collections(), as_json,
              ["name", "records", "embedding_model", "template", "ingest_state"], "collections")


def drop(ctx: typer.Context, collection: str = typer.Argument(...),
         yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask.")):
    """Delete a collection (the input files are never touched)."""
    if not yes and not typer.confirm(f"Delete collection {collection!r}?"):
        raise typer.Exit(1)
    assistant_of(ctx).drop(collection)
    out.print(f"deleted {collection!r}")
