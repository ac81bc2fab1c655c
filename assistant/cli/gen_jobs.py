"""Commands that generate with the LLM: extract (spans) and fill (missing fields), and their `eval`s."""
from __future__ import annotations

import json
import time
from contextlib import nullcontext
from pathlib import Path
from typing import List, Optional

import typer

from assistant.cli import render
from assistant.cli.common import (
    LONG_RUN_SECONDS,
    assistant_of,
    emit,
    err,
    handles_errors,
    out,
    print_summary_line,
    progress_bar,
    read_text,
)
from assistant.cli.llm_jobs import eval_app
from assistant.core.errors import ConfigError


def _spec(fields: Optional[str], spec: Optional[Path]):
    from assistant.jobs.extract.spec import load_spec, parse_fields

    if (fields is None) == (spec is None):
        raise ConfigError("give the fields to extract", "pass --fields 'name,skills,company' or --spec SPEC.yaml")
    return load_spec(spec) if spec is not None else parse_fields(fields)


def extract(
    ctx: typer.Context,
    text: Optional[str] = typer.Argument(None, help="One text to extract from ('-': stdin), or use --input / "
                                         "--collection."),
    fields: Optional[str] = typer.Option(None, "--fields", "-f", help="Fields, comma-separated; 'name:description' "
                                         "adds a description, e.g. 'Skills:tools and languages,Company Name' "
                                         "(names may hold spaces and any script)."),
    spec: Optional[Path] = typer.Option(None, "--spec", help="YAML/JSON spec: fields with descriptions and "
                                        "few-shot examples (see README)."),
    input_file: Optional[Path] = typer.Option(None, "--input", "-i", help="Extract from each record of a file "
                                              "(JSONL, CSV, TSV, JSON, XLSX)."),
    text_field: Optional[str] = typer.Option(None, "--text-field", help="With --input: the field to read (default: "
                                             "'text' if present, else the whole record)."),
    id_field: Optional[str] = typer.Option(None, "--id-field", help="With --input: the field holding record ids "
                                           "(default: 'id' if present, else the row's content id)."),
    collection: Optional[str] = typer.Option(None, "--collection", "-c", help="Extract from a collection's records."),
    where: Optional[List[str]] = typer.Option(None, "--where", help="With --collection: only matching records."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write one JSON line per record here, as "
                                          "each is done (failures go to OUT.failures.jsonl)."),
    resume: bool = typer.Option(False, "--resume", help="Continue an --output: skip the records already in it."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Start an existing --output again."),
    occurrences: str = typer.Option("all", "--occurrences", help="all: every place a value occurs; first: only "
                                    "its first."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Only the first N records."),
    chunk_chars: int = typer.Option(1500, "--chunk-chars", help="Longer texts are cut into overlapping chunks "
                                    "of this many characters."),
    shots: Optional[int] = typer.Option(None, "--shots", help="Show each text only the N spec examples most like "
                                        "it (by embedding), for a spec with many examples (default: all)."),
    show: bool = typer.Option(False, "--show", help="Print each record with its spans highlighted."),
    html: Optional[Path] = typer.Option(None, "--html", help="Write a self-contained HTML review page."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON lines (one per record), then the summary."),
):
    """Pull verbatim spans (names, skills, dates...) out of text, each grounded to character offsets."""
    from assistant.data.runs import Item, JsonlRun, RunSummary, exit_code, read_items
    from assistant.jobs.extract import ExtractOptions

    a = assistant_of(ctx)
    the_spec = _spec(fields, spec)
    if occurrences not in ("all", "first"):
        raise ConfigError(f"--occurrences must be 'all' or 'first', not {occurrences!r}")
    sources = [s for s in (text, input_file, collection) if s is not None]
    if len(sources) != 1:
        raise ConfigError("give exactly one of TEXT, --input or --collection")
    if (resume or overwrite) and output is None:
        raise ConfigError("--resume and --overwrite apply to an --output file", "add --output OUT.jsonl")
    if input_file is not None:
        items = read_items(input_file, text_field=text_field, id_field=id_field)
    elif collection is not None:
        ids, texts = a.collection_texts(collection, where)
        items = [Item(id=i, text=t, row=n + 1) for n, (i, t) in enumerate(zip(ids, texts))]
    else:
        items = [Item(id="text", text=read_text(text, None, "text"), row=1)]
    items = items[:limit] if limit is not None else items
    options = ExtractOptions(occurrences=occurrences, chunk_chars=chunk_chars,  # type: ignore[arg-type]
                             overlap_chars=min(200, max(chunk_chars, 0) // 5), shots=shots)
    run = JsonlRun(output, resume=resume, overwrite=overwrite) if output is not None else None
    show = show or (run is None and not as_json and html is None)  # nowhere else to see the spans
    started = time.perf_counter()
    counts = {"spans": 0, "values": 0, "unaligned_dropped": 0, "junk_dropped": 0}
    reviewed: list[tuple[str, str, list]] = []
    failed: list[tuple[Item, str]] = []
    with run if run is not None else nullcontext():
        todo = run.pending(items) if run is not None else items
        by_id = {item.id: item for item in todo}
        bar, update = progress_bar("extracting (chunks)", as_json)

        def record_done(result) -> None:
            rid = result.id
            item = by_id[rid]
            if result.error is not None:
                failed.append((item, result.error))
                if run is not None:
                    run.fail(rid, item.row, result.error)
                return
            counts["spans"] += len(result.spans)
            counts["values"] += result.values
            counts["unaligned_dropped"] += result.dropped
            counts["junk_dropped"] += result.junk
            line = {"id": rid, "row": item.row, "spans": [s.model_dump(exclude_none=True) for s in result.spans],
                    "unaligned_dropped": result.dropped, "junk_dropped": result.junk, "chunks": result.chunks,
                    "text": item.text}
            if run is not None:
                run.write(line)
            if as_json and run is None:
                print(json.dumps(line, ensure_ascii=False), flush=True)
            if show:
                render.extraction(err if as_json else out, rid, item.text, result.spans, the_spec.labels())
            if html is not None:
                reviewed.append((rid, item.text, result.spans))

        with bar:
            update(0, len(todo))
            a.extract([(i.id, i.text) for i in todo], the_spec, options, progress=update, on_item=record_done)
        seconds = round(time.perf_counter() - started, 3)
        if run is not None:
            summary = run.summary(len(items), seconds, counts)
        else:
            summary = RunSummary(records=len(items), done=len(items) - len(failed), skipped=0, failed=len(failed),
                                 extra=counts, output="-", seconds=seconds)
    if html is not None:
        from assistant.cli.highlight import write_html

        source = str(input_file) if input_file is not None else (f"collection {collection}" if collection else "text")
        write_html(html, reviewed, the_spec.labels(), source=source, model=getattr(a.llm, "name", None),
                   extra={"failed": len(failed), "values not found in the text": counts["unaligned_dropped"]})
    for item, error in failed if run is None else []:
        err.print(f"[red]failed[/red] record {item.id} (row {item.row}): {error}", highlight=False)
    if as_json:
        print_summary_line(summary.model_dump())
    else:
        render.run_summary(out if not show else err, summary, html)
    if exit_code(summary):
        raise typer.Exit(exit_code(summary))


def fill(
    ctx: typer.Context,
    collection: str = typer.Option(..., "--collection", "-c"),
    field: str = typer.Option(..., "--field", help="The field to fill in where it is missing."),
    apply: bool = typer.Option(False, "--apply", help="Write the values to the records (marked as filled). "
                               "Without it: a dry run that only shows them."),
    method: str = typer.Option("auto", "--method", help="auto (default): the method with the best 5-fold "
                               "cross-validated accuracy on the records that have the field (the LLM with "
                               "neighbours when fewer than 20 have it). learned: a classifier trained on the "
                               "records that have the field. hybrid: learned, and the LLM only where learned's "
                               "best value is one no record has. llm: the LLM scores candidate values (few-shot "
                               "neighbours), fused with learned where it exists. llm-only. knn: a vote of the "
                               "nearest neighbours. Every method also reads values the record writes itself."),
    k: int = typer.Option(8, "-k", help="Nearest neighbours used (as examples for the LLM)."),
    min_confidence: float = typer.Option(0.0, "--min-confidence", help="Below this confidence (0-1) no value "
                                         "is proposed and the field stays missing (--apply never writes it). With "
                                         "auto the confidence is scaled to the cross-validated accuracy."),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", help="FIELD[,FIELD]: keep these fields out of "
                                               "the evidence and the model."),
    use_all_fields: bool = typer.Option(False, "--use-all-fields", help="Also use fields named like a protected "
                                        "attribute (gender, sex, age, race, ethnicity, religion, nationality, "
                                        "marital status, disability), left out by default."),
    export: Optional[Path] = typer.Option(None, "--export", help="Write the completed table to this CSV."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Only the first N records missing the field."),
    as_json: bool = typer.Option(False, "--json"),
):
    """Fill in a missing field from the rest of each record and its nearest neighbours (the input file is never
    changed)."""
    from assistant.cli.common import split_list
    from assistant.jobs.fill import METHODS

    if method not in METHODS:
        raise ConfigError(f"unknown --method {method!r}", f"use one of: {', '.join(METHODS)}")
    a = assistant_of(ctx)
    bar, update = progress_bar("filling", as_json)
    with bar:
        result = a.fill(collection, field, method=method, k=k, min_confidence=min_confidence, apply=apply,
                        export=export, limit=limit, progress=update, ignore=split_list(ignore),
                        use_all_fields=use_all_fields)
    emit(result, as_json, render.fill)


@eval_app.command("extract")
@handles_errors
def eval_extract(
    ctx: typer.Context,
    data: Path = typer.Argument(..., help='JSONL: {"id","text","spans":[{"label","start","end","text"}]} per line.'),
    shots: int = typer.Option(0, "--shots", help="Few-shot examples taken from the data (from items not "
                              "evaluated)."),
    examples: str = typer.Option("similar", "--examples", help="With --shots: similar (each item is shown the N "
                                 "most like it, by embedding) or fixed (the same N for every item)."),
    field_check: str = typer.Option("conflicts", "--field-check", help="Which spans a scored 'which field is "
                                    "this?' question settles: conflicts (a span under several fields) or every "
                                    "span (measured worse with every ladder model on similar examples)."),
    spec: Optional[Path] = typer.Option(None, "--spec", help="A spec with label descriptions and examples."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Only the first N items."),
    as_json: bool = typer.Option(False, "--json"),
):
    """Exact span-level precision, recall and F1 (micro and per label), the verbatim rate, and speed."""
    from assistant.eval.extract import EXAMPLE_CHOICES, evaluate_extract

    from assistant.jobs.extract import ExtractOptions

    if examples not in EXAMPLE_CHOICES:
        raise ConfigError(f"unknown --examples {examples!r}", f"use one of: {', '.join(EXAMPLE_CHOICES)}")
    if field_check not in ("conflicts", "every"):
        raise ConfigError(f"unknown --field-check {field_check!r}", "use conflicts or every")
    a = assistant_of(ctx)
    bar, update = progress_bar("evaluating extract", as_json, warn_over=LONG_RUN_SECONDS,
                               hint="Pass --limit N for the first N items.")
    with bar:
        result = evaluate_extract(data, a.llm, shots=shots, spec_path=spec, limit=limit, progress=update,
                                  examples=examples, options=ExtractOptions(field_check=field_check),  # type: ignore[arg-type]
                                  embedder=a.embedder if shots and examples == "similar" else None)
    emit(result, as_json, render.eval_extract)


EVAL_FILL_METHODS = ("auto", "learned", "knn")  # the default method and the baselines that need no LLM


@eval_app.command("fill")
@handles_errors
def eval_fill(
    ctx: typer.Context,
    test: Path = typer.Argument(..., help="Table whose FIELD is hidden and then filled."),
    field: str = typer.Option(..., "--field"),
    train: Path = typer.Option(..., "--train", help="Table ingested as the evidence (neighbours, examples)."),
    methods: Optional[List[str]] = typer.Option(None, "--methods", help="Methods to measure (default: auto, the "
                                                "default, and the baselines learned and knn; 'all' adds hybrid, "
                                                "llm and llm-only)."),
    k: int = typer.Option(8, "-k"),
    limit: Optional[int] = typer.Option(None, "--limit", help="Only the first N test records."),
    as_json: bool = typer.Option(False, "--json"),
):
    """Exact-match accuracy (case-insensitive) of each fill method, and records/s."""
    from assistant.cli.common import split_list
    from assistant.eval.fill import evaluate_fill

    a = assistant_of(ctx)
    from assistant.jobs.fill import METHODS, NO_LLM

    chosen = split_list(methods) or list(EVAL_FILL_METHODS)
    if "all" in chosen:
        chosen = list(METHODS)
    unknown = [m for m in chosen if m not in METHODS]
    if unknown:
        raise ConfigError(f"unknown method {unknown[0]!r}", f"use: {', '.join(METHODS)}, or all")
    bar, update = progress_bar("evaluating fill", as_json, warn_over=LONG_RUN_SECONDS,
                               hint="Leave out --methods for the default methods, or pass --limit.")
    with bar:
        result = evaluate_fill(test, train, field, llm=a.llm if set(chosen) - set(NO_LLM) else None,
                               embedder=a.embedder, methods=chosen, k=k, limit=limit, progress=update)
    emit(result, as_json, render.eval_fill)
