"""Commands that use the LLM: rerank, classify, and `eval` over labelled data."""
from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from assistant.cli import render
from assistant.cli.common import (
    LONG_RUN_SECONDS,
    assistant_of,
    emit,
    handles_errors,
    out,
    print_summary_line,
    progress_bar,
    read_text,
    remember,
    spinner,
    split_list,
)
from assistant.core.errors import ConfigError

eval_app = typer.Typer(help="Measure the LLM jobs, and embedding models side by side, on labelled data.",
                       no_args_is_help=True)

def _labels(labels: Optional[str], labels_file: Optional[Path]):
    from assistant.jobs.classify import load_labels_file, parse_labels

    if labels_file is not None:
        return load_labels_file(labels_file)
    if labels:
        return parse_labels(labels)
    return None


def rerank(
    ctx: typer.Context,
    job: Optional[Path] = typer.Argument(None, help="File with the query, e.g. a job description ('-': stdin)."),
    collection: str = typer.Option(..., "--collection", "-c"),
    query: Optional[str] = typer.Option(None, "--query", "-q", help="The query as text instead of a file."),
    n: int = typer.Option(20, "-n", help="How many first-stage matches to rerank."),
    method: Optional[str] = typer.Option(None, "--method", help="auto (default: pairwise if the model is "
                                         "order-consistent on a self-check and fits the time budget, else ql+emb "
                                         "weighted by the likelihood's reliability), or force one: ql, allpair, "
                                         "sort, sliding, each optionally +emb (fused with the embedding "
                                         "similarity)."),
    in_cluster: bool = typer.Option(False, "--in-cluster", help="Retrieve only from the query's cluster."),
    where: Optional[List[str]] = typer.Option(None, "--where", help="Filter FIELD=VALUE (also != >= <= > <)."),
    explain: Optional[List[str]] = typer.Option(None, "--explain", help="Two record ids: show the pairwise prompt "
                                                "and both-order probabilities for them."),
    as_json: bool = typer.Option(False, "--json"),
):
    """Find the best matches for a query (a job description) and rerank them with the local LLM."""
    a = assistant_of(ctx)
    text = query if query is not None else read_text(None, job, "job description (a file, '-' or --query)")
    explain = split_list(explain)
    if explain:
        if len(explain) != 2:
            raise ConfigError("--explain takes two record ids", "e.g. --explain A0012 A0345")
        result = a.explain_pair(text, collection, explain[0], explain[1])
        emit(result, as_json, render.pair_explanation)
        return
    bar, update = progress_bar("reranking", as_json)
    with bar:
        result = a.rerank(text, collection, n=n, where=where, in_cluster=in_cluster, method=method, progress=update)
    emit(result, as_json, render.rerank)


def classify(
    ctx: typer.Context,
    text: Optional[str] = typer.Argument(None, help="One text to classify (or use --input / --collection)."),
    labels: Optional[str] = typer.Option(None, "--labels", help="Comma-separated labels, e.g. 'positive,negative'."),
    labels_file: Optional[Path] = typer.Option(None, "--labels-file", help="`label: description` lines."),
    collection: Optional[str] = typer.Option(None, "--collection", "-c", help="Classify a collection's records."),
    where: Optional[List[str]] = typer.Option(None, "--where", help="With --collection: only matching records."),
    ids: Optional[List[str]] = typer.Option(None, "--ids", help="With --collection: only these record ids "
                                            "(comma-separated)."),
    input_file: Optional[Path] = typer.Option(None, "--input", "-i", help="Classify the records of a file."),
    text_field: Optional[str] = typer.Option(None, "--text-field", help="With --input: the column to classify "
                                             "(default: 'text' if present, else the whole record)."),
    write_as: Optional[str] = typer.Option(None, "--as", help="With --collection: write labels to this field."),
    method: Optional[str] = typer.Option(None, "--method", help="ensemble (default: the LLM and the embedding, "
                                         "each weighed by its reliability measured on the records), llm, embedding "
                                         "or ensemble-equal (fixed 1:1)."),
    threshold: Optional[float] = typer.Option(None, "--threshold", help="Abstain below this confidence (0-1)."),
    multi_label: bool = typer.Option(False, "--multi-label", help="Every label above the threshold."),
    self_training: Optional[bool] = typer.Option(None, "--self-training/--no-self-training",
                                                 help="Refine with a classifier trained on the confident "
                                                      "predictions (default: on for 50+ records)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write JSONL results here."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON lines (one per record), then the summary."),
):
    """Zero-shot classification into labels you name, with a confidence per record."""
    a = assistant_of(ctx)
    labs = _labels(labels, labels_file)
    if not labs:
        raise ConfigError("no labels given", "pass --labels 'a,b,c' or --labels-file FILE")
    sources = [s for s in (text, collection, input_file) if s is not None]
    if len(sources) != 1:
        raise ConfigError("give exactly one of TEXT, --collection or --input")
    if ids and not collection:
        raise ConfigError("--ids picks records of a collection", "use it with --collection")
    if write_as and not collection:
        raise ConfigError("--as writes labels to a collection", "use it with --collection")
    if collection:
        ids, texts = a.collection_texts(collection, where, split_list(ids))
    elif input_file is not None:
        ids, texts = a.file_texts(input_file, text_field)
    else:
        ids, texts = ["text"], [read_text(text, None, "text")]
    if not texts:
        raise ConfigError("nothing to classify (no records matched)")
    bar, update = progress_bar("classifying", as_json)
    with bar:
        result = a.classify(texts, labs, method=method, threshold=threshold, multi_label=multi_label,
                            self_training=self_training, progress=update)
    written = a.write_labels(collection, ids, result, write_as) if write_as else 0
    rows = [{"id": rid, **item.model_dump(exclude={"index"})} for rid, item in zip(ids, result.items)]
    remember(result, ids=ids, collection=collection)
    if output is not None:
        _write_jsonl(output, rows)
    if as_json:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
        # one line per record, then what the batch chose (weights, notes) as the last line, as extract does
        print_summary_line(result.model_dump(include={"method", "self_training", "weighting", "language", "notes"}))
    else:
        render.classify(out, result, ids, texts)
        if written:
            out.print(f"wrote {written} labels to field {write_as!r} of {collection!r}")
        if output is not None:
            out.print(f"results: {output}")


def ask(
    ctx: typer.Context,
    question: str = typer.Argument(..., help="A question about the records ('-' reads stdin)."),
    collection: str = typer.Option(..., "--collection", "-c"),
    k: int = typer.Option(5, "-k", help="How many of the most similar records the answer may use."),
    where: Optional[List[str]] = typer.Option(None, "--where", help="Filter FIELD=VALUE (also != >= <= > <)."),
    free: bool = typer.Option(False, "--free", help="Let the model write the answer instead of quoting a passage "
                              "of the records (worth it with a larger --model)."),
    as_json: bool = typer.Option(False, "--json"),
):
    """Answer a question from the most relevant records, citing their ids (by default the answer is a passage
    quoted from them)."""
    a = assistant_of(ctx)
    with spinner("reading the records…", as_json):
        result = a.answer(read_text(question, None, "question"), collection, k=k, where=where, extractive=not free)
    emit(result, as_json, render.answer)


def _write_jsonl(path: Path, rows: list[dict]) -> None:
    """Write all rows, then rename into place: a failure never leaves a half-written output."""
    from assistant.core.files import atomic_write

    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")

    atomic_write(path, write)


@eval_app.command("rerank")
@handles_errors
def eval_rerank(
    ctx: typer.Context,
    data: Path = typer.Argument(..., help='JSONL: {"qid","query","candidates":[{"docid","text","rel"}]} per line.'),
    methods: Optional[List[str]] = typer.Option(None, "--methods", help="Methods to measure (default: auto, the "
                                                "default, with ql and ql+emb; 'all' adds the pairwise allpair, sort, "
                                                "sliding, each "
                                                "also +emb: hours on long documents). The given and embedding "
                                                "orders are always reported."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Only the first N queries."),
    seed: int = typer.Option(0, "--seed"),
    shuffle: bool = typer.Option(False, "--shuffle", help="Shuffle each query's candidates first (recommended "
                                 "when they are not in a retrieval order)."),
    as_json: bool = typer.Option(False, "--json"),
):
    """NDCG@10 of the given order, the embedding order and each rerank method, with calls, tokens and time."""
    from assistant.eval.rerank import evaluate_rerank

    a = assistant_of(ctx)
    methods = split_list(methods)
    bar, update = progress_bar("evaluating rerank", as_json, warn_over=LONG_RUN_SECONDS,
                               hint="Leave out --methods for the default methods, or pass --limit.")
    with bar:
        result = evaluate_rerank(data, llm=a.llm if methods != ["embedding"] else None, embedder=a.embedder,
                                 methods=methods, limit=limit, seed=seed, shuffle=shuffle,
                                 progress=lambda stage, done, total: update(done, total))
    emit(result, as_json, render.eval_rerank)


@eval_app.command("classify")
@handles_errors
def eval_classify(
    ctx: typer.Context,
    data: Path = typer.Argument(..., help='JSONL: {"id","text","label"} per line.'),
    labels: Optional[str] = typer.Option(None, "--labels", help="Labels (default: the set in the data)."),
    labels_file: Optional[Path] = typer.Option(None, "--labels-file", help="`label: description` lines."),
    methods: Optional[List[str]] = typer.Option(None, "--methods", help="Methods to measure (default or 'all': "
                                                "ensemble, the default, and its baselines llm and embedding, which "
                                                "share its one LLM pass)."),
    limit: Optional[int] = typer.Option(None, "--limit", help="A fixed-seed sample of N items."),
    seed: int = typer.Option(0, "--seed"),
    as_json: bool = typer.Option(False, "--json"),
):
    """Accuracy, macro-F1, the confusion matrix and items/s of zero-shot classification, and the weights the
    default ensemble chose (and why)."""
    from assistant.eval.classify import evaluate_classify
    from assistant.jobs.classify import METHODS

    a = assistant_of(ctx)
    methods = [m for m in split_list(methods) or ["all"] if m != "all"] or list(METHODS)
    bar, update = progress_bar("evaluating classify", as_json, warn_over=LONG_RUN_SECONDS,
                               hint="Pass --limit N for a sample.")
    with bar:
        result = evaluate_classify(data, llm=a.llm if methods != ["embedding"] else None, embedder=a.embedder,
                                   methods=methods, labels=_labels(labels, labels_file), limit=limit, seed=seed,
                                   progress=update)
    emit(result, as_json, render.eval_classify)
