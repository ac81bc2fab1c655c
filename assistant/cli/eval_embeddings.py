"""`assistant eval embeddings`: embedding models side by side on the same judged or labelled data."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from assistant.cli import render
from assistant.cli.common import LONG_RUN_SECONDS, assistant_of, emit, handles_errors, progress_bar, split_list
from assistant.cli.llm_jobs import eval_app


@eval_app.command("embeddings")
@handles_errors
def eval_embeddings(
    ctx: typer.Context,
    data: Path = typer.Argument(..., help='Judged JSONL ({"qid","query","candidates":[{"docid","text","rel"}]} '
                                "per line), or with --label-field a table (CSV, TSV, JSONL, JSON, XLSX)."),
    models: Optional[List[str]] = typer.Option(None, "--models", help="Models to compare, comma-separated or "
                                               "repeated: a name (all-MiniLM-L6-v2) or sentence-transformers "
                                               "folder, optionally @onnx or @onnx-int8, or http://HOST:PORT of an "
                                               "OpenAI-compatible /v1/embeddings server (default: the configured "
                                               "embedding model)."),
    label_field: Optional[str] = typer.Option(None, "--label-field", help="DATA is a table: records with the same "
                                              "value of this field are relevant to each other (and the clusters' "
                                              "purity is measured against it); it is left out of the texts."),
    queries: Optional[int] = typer.Option(None, "--queries", help="Draw N queries with the seed (tables: default "
                                          "200, or all when fewer; judged data: default all)."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Only the first N queries."),
    seed: int = typer.Option(0, "--seed"),
    as_json: bool = typer.Option(False, "--json"),
):
    """Per model: search NDCG@10, NDCG@10 inside the query's cluster, cluster purity (with labels), the k chosen,
    and seconds per 1,000 records embedded."""
    from assistant.eval.embeddings import evaluate_embeddings, load_embedder

    a = assistant_of(ctx)
    s = a.settings
    chosen = split_list(models) or [a.embedder]
    bar, update = progress_bar("evaluating embeddings", as_json, warn_over=LONG_RUN_SECONDS,
                               hint="Pass --queries or fewer --models, or a smaller table.")
    with bar:
        result = evaluate_embeddings(
            data, chosen, label_field=label_field, queries=queries, limit=limit, seed=seed, progress=update,
            load=lambda spec: load_embedder(spec, batch_size=s.embedding_batch_size, threads=s.n_threads,
                                            timeout=s.llm_timeout))
    emit(result, as_json, render.eval_embeddings)
