"""Rich rendering of results for people; `--json` bypasses this and prints the result models."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table

from assistant.cli.tables import best_passage, fit_table
from assistant.core.results import ClusterReport, IngestSummary, SearchResult, one_line


def _cut(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def ingest(console: Console, s: IngestSummary) -> None:
    t = Table.grid(padding=(0, 2))
    t.add_row("file", f"{s.path} ({s.format}{', ' + s.encoding if s.encoding else ''})")
    t.add_row("records read", str(s.records_read))
    t.add_row("embedded and stored", str(s.stored))
    if s.updated_metadata:
        t.add_row("fields updated (same text)", str(s.updated_metadata))
    t.add_row("unchanged (already stored)", str(s.unchanged))
    t.add_row("skipped", str(len(s.skipped)))
    if s.truncated:
        t.add_row("truncated to the model window", f"[yellow]{s.truncated}[/yellow]")
    if s.stale:
        t.add_row("stale (no longer in the file)", f"[yellow]{s.stale}[/yellow] (pass --prune to remove them)")
    if s.pruned:
        t.add_row("pruned", str(s.pruned))
    t.add_row("collection", f"{s.collection}: {s.collection_size} records, {s.embedding_model}")
    t.add_row("time", f"{s.seconds:.1f}s")
    console.print(Panel(t, title="ingest", expand=False))
    for sk in s.skipped[:10]:
        console.print(f"  [yellow]skipped[/yellow] row {sk.row}: {sk.reason}")
    if len(s.skipped) > 10:
        console.print(f"  ... and {len(s.skipped) - 10} more (see --json)")


def search(console: Console, r: SearchResult) -> None:
    title = f"{len(r.hits)} results in {r.collection!r}"
    if r.cluster is not None:
        title += f" (cluster {r.cluster})"
    fit_table(console, title, [("rank", "right"), ("id", "left"), ("similarity", "right"), ("preview", "left")],
              [[str(h.rank), h.id, f"{h.similarity:.3f}", best_passage(h.text, r.query)] for h in r.hits])


def cluster(console: Console, r: ClusterReport) -> None:
    head = f"{r.n_records} records, {r.k} clusters, {r.method} on {r.encoding}"
    if r.silhouette is not None:
        head += f", silhouette {r.silhouette:.3f}"
    if r.noise:
        head += f", {r.noise} noise"
    console.print(f"[bold]{r.collection}[/bold]: {head}")
    if r.k_scores:
        console.print("silhouette by k: " + ", ".join(f"{k}={v:.3f}" for k, v in sorted(r.k_scores.items())))
    for c in r.clusters:
        t = Table.grid(padding=(0, 2))
        for f in c.fields:
            if f.kind == "numeric":
                val = "—" if f.mean is None else f"mean {f.mean:.2f}"
            else:
                val = ", ".join(f"{v} ({n})" for v, n in f.top)
            if f.missing:
                val += f"  [dim]{f.missing} missing[/dim]"
            t.add_row(f.field, val)
        reps = Table.grid(padding=(0, 1))
        for rep in c.representatives:
            reps.add_row(f"[cyan]{rep.id}[/cyan]", f"{rep.similarity:.2f}", _cut(rep.preview, 90))
        label = "noise" if c.cluster == -1 else f"cluster {c.cluster}"
        console.print(Panel(Group(t, "[bold]nearest the centre[/bold]", reps),
                            title=f"{label}: {c.size} records ({c.share:.0%})", expand=False))
    if r.importances:
        t = Table(title="fields that set the clusters apart"
                  + (f" (a random forest predicts the cluster with {r.importance_accuracy:.0%} accuracy)"
                     if r.importance_accuracy is not None else ""))
        t.add_column("field")
        t.add_column("importance", justify="right")
        t.add_column("")
        for name, imp in r.importances.items():
            t.add_row(name, f"{imp:.3f}", "█" * max(1, round(imp * 40)))
        console.print(t)
    if r.text_fields:
        console.print(f"[dim]free-text fields (in the embeddings, not in the stats): {', '.join(r.text_fields)}[/dim]")
    console.print(f"[dim]cluster ids written to metadata key {r.written_to!r}[/dim]")
    for label, path in (("plot", r.plot), ("html", r.html)):
        if path:
            console.print(f"{label}: {path}")


def table(console: Console, rows: list[dict[str, Any]], columns: list[str], title: str = "") -> None:
    fit_table(console, title, [(c, "left") for c in columns],
              [["" if row.get(c) is None else str(row.get(c)) for c in columns] for row in rows])


def models(console: Console, rows: list[dict[str, Any]]) -> None:
    """The model table within 80 columns: the paths (the models folder and a file name; --json has them) are left
    out of it and the folder is printed once below."""
    shown = [{**r, "installed": "yes" if r.get("installed") else "no", "MB": r.get("size_mb"),
              "quant": r.get("quantization")} for r in rows]
    table(console, shown, ["id", "installed", "params", "quant", "MB", "license"], "models")
    for folder in sorted({str(Path(r["path"]).parent) for r in rows if r.get("path")}):
        console.print(f"[dim]files in {folder} (--json lists each path)[/dim]", highlight=False, soft_wrap=True)


def doctor(console: Console, d: dict[str, Any]) -> None:
    t = Table.grid(padding=(0, 2))
    t.add_row("python", f"{d['python']} on {d['platform']}")
    for pkg, ver in d["versions"].items():
        t.add_row(pkg, ver or "[red]not installed[/red]")
    t.add_row("workspace", d["workspace"])
    t.add_row("models folder", d["models_dir"])
    em = d["embedding_model"]
    where = "on " + ", ".join(d["embedding_servers"]) if d.get("embedding_servers") else em.get("backend") or "?"
    t.add_row("embedding model", f"{em['name']}, {where} ({em['path']})")
    for m in d["llm_models"]:
        state = f"{m['size_mb']} MB" if m["installed"] else "[yellow]not installed[/yellow]"
        t.add_row(f"LLM {m['id']}" + (" (default)" if m["id"] == d["llm_default"] else ""), f"{state}  {m['path']}")
    gpu = d.get("llama_cpp_gpu_offload")
    t.add_row("llama.cpp GPU offload", {True: "yes", False: "no (CPU build)", None: "[red]unknown[/red]"}[gpu])
    if "n_gpu_layers" in d:
        t.add_row("n_gpu_layers", str(d["n_gpu_layers"]))
    t.add_row("threads", str(d["threads"]))
    console.print(Panel(t, title="assistant doctor", expand=False))
    for p in d["problems"]:
        console.print(f"[yellow]problem:[/yellow] {p}")


def rerank(console: Console, r) -> None:
    u = r.usage
    rows = []
    for it in r.items:
        move = it.old_rank - it.new_rank
        old = f"{it.old_rank}" + (f" [green]↑{move}[/green]" if move > 0 else f" [red]↓{-move}[/red]" if move < 0 else "")
        rows.append([str(it.new_rank), old, it.id, f"{it.score:.3f}", "" if it.wins is None else f"{it.wins:.1f}",
                     "" if it.similarity is None else f"{it.similarity:.3f}", best_passage(it.text, r.query)])
    fit_table(console, f"{len(r.items)} reranked ({r.method}, {u.model}), {u.llm_calls} LLM prompts, {u.seconds:.1f}s",
              [("new", "right"), ("old", "right"), ("id", "left"), ("score", "right"), ("wins", "right"),
               ("sim", "right"), ("preview", "left")], rows)
    if r.ties:
        console.print(f"[dim]{r.ties} of {r.comparisons} pairs were ties (low confidence"
                      + (", or position bias" if r.pair_rule == "discrete" else "")
                      + ") and kept the first-stage order[/dim]")
    if r.choice is not None:
        c = r.choice
        console.print(f"[dim]auto chose {c.method}" + (f" (LLM weight {c.weight})" if c.weight is not None else "")
                      + f": {c.reason}[/dim]")


def pair_explanation(console: Console, e) -> None:
    console.print(Panel(e.prompt, title=f"prompt: {e.first_id} as A, {e.second_id} as B", expand=False))
    console.print(f"P(A) = {e.p_a:.3f} with {e.first_id} first;  P(A) = {e.p_a_swapped:.3f} with {e.second_id} first")
    console.print(f"debiased preference for {e.first_id}: {e.preference:.3f}  ->  [bold]{e.verdict}[/bold]")


def classify(console: Console, r, ids: list[str], texts: list[str]) -> None:
    rows = []
    for rid, item, text in zip(ids, r.items, texts):
        label = item.label if item.label is not None else "[dim](abstained)[/dim]"
        if item.labels:
            label = ", ".join(item.labels)
        rows.append([rid, label, f"{item.confidence:.2f}", one_line(text)])
    fit_table(console, f"{len(r.items)} classified ({r.method}"
              + (", self-training" if getattr(r, "self_training", False) else "") + ")",
              [("id", "left"), ("label", "left"), ("conf", "right"), ("text", "left")], rows)
    console.print("counts: " + ", ".join(f"{k} {v}" for k, v in r.counts.items())
                  + (f", abstained {r.abstained}" if r.abstained else ""))
    _weighting(console, getattr(r, "weighting", None), getattr(r, "notes", []))


def _weighting(console: Console, w, notes: list[str]) -> None:
    """The ensemble's weights and why, then each note once (e.g. the records' language)."""
    if w is not None:
        console.print("ensemble weights: " + ", ".join(f"{part} {weight:.2f} ({w.reasons.get(part, '')})"
                                                      for part, weight in w.weights.items()), highlight=False)
    for note in notes:
        console.print(f"[yellow]note:[/yellow] {note}")


def answer(console: Console, a) -> None:
    cited = set(a.cited)
    console.print(Panel(a.answer or "[dim](no answer)[/dim]", title=f"answer from {a.collection!r}",
                        subtitle=("sources: " + ", ".join(a.cited)) if a.cited else "no sources cited", expand=False))
    fit_table(console, f"the {len(a.hits)} records it read",
              [("", "left"), ("id", "left"), ("similarity", "right"), ("record", "left")],
              [["*" if h.id in cited else "", h.id, f"{h.similarity:.3f}", best_passage(h.text, a.question)]
               for h in a.hits])


def eval_rerank(console: Console, r) -> None:
    t = Table(title=f"NDCG@10 on {r.queries} queries ({r.path})" + (" , candidates shuffled" if r.shuffled else ""))
    t.add_column("order")
    t.add_column("NDCG@10", justify="right")
    t.add_column("LLM prompts/query", justify="right")
    t.add_column("s/query", justify="right")
    for name, value in r.ndcg_at_10.items():
        m = r.methods.get(name)
        calls = getattr(m, "llm_calls_per_query", None) if m else None
        spq = getattr(m, "seconds_per_query", None) if m else None
        mark = " (default)" if name == r.default_method else ""
        t.add_row(name + mark, f"{value:.4f}", "" if calls is None else f"{calls:.0f}",
                  "" if spq is None else f"{spq:.2f}")
    console.print(t)
    if r.choices:
        picked: dict[str, int] = {}
        for chosen in r.choices.values():
            key = chosen.split(" ")[0]
            picked[key] = picked.get(key, 0) + 1
        console.print(f"{r.default_method} chose: " + ", ".join(f"{k} on {v} queries" for k, v in picked.items()))
        for qid, chosen in list(r.choices.items())[:5]:
            console.print(f"[dim]  query {qid}: {chosen}: {r.choice_reasons.get(qid, '')}[/dim]")


def eval_classify(console: Console, r) -> None:
    t = Table(title=f"{r.items} items, {len(r.labels)} labels ({r.path})")
    for col in ("method", "accuracy", "macro-F1", "items/s"):
        t.add_column(col)
    for m in r.methods:
        name = m.method + (" + self-training" if m.self_training else "")
        mark = " (default)" if m.method == r.default_method else ""
        t.add_row(name + mark, f"{m.accuracy:.4f}", f"{m.macro_f1:.4f}", f"{m.items_per_second:.1f}")
    console.print(t)
    best = next((m for m in r.methods if m.method == r.default_method), r.methods[0])
    cm = Table(title=f"confusion matrix of {best.method} (rows: true, columns: predicted)")
    cm.add_column("")
    for lab in r.labels:
        cm.add_column(lab[:12], justify="right")
    for lab, row in zip(r.labels, best.confusion):
        cm.add_row(lab, *[str(v) for v in row])
    console.print(cm)
    _weighting(console, next((m.weighting for m in r.methods if m.weighting is not None), None), r.notes)


def extraction(console: Console, rid: str, text: str, spans, labels: list[str]) -> None:
    from assistant.cli.highlight import highlight_text

    console.print(Panel(highlight_text(text, spans, labels), title=f"{rid} · {len(spans)} span(s)",
                        title_align="left"))


def run_summary(console: Console, s, html=None) -> None:
    extra = s.extra or {}
    line = (f"records {s.records}: done {s.done}, skipped (done before) {s.skipped}, failed {s.failed}; "
            f"spans {extra.get('spans', 0)}, unaligned values dropped {extra.get('unaligned_dropped', 0)}, "
            f"punctuation/function words dropped {extra.get('junk_dropped', 0)}; "
            f"{s.seconds:.1f} s")
    console.print(line, highlight=False)
    if s.output and s.output != "-":
        console.print(f"output: {s.output}", highlight=False)
    if s.failures:
        console.print(f"[red]failures: {s.failures}[/red]", highlight=False)
    if html:
        console.print(f"review page: {html}", highlight=False)


def fill(console: Console, r) -> None:
    rows = []
    for p in r.proposals:
        value = "[dim](left missing)[/dim] " + _cut(str(p.best), 30) if p.value is None else _cut(str(p.value), 40)
        ev = "; ".join(f"{e.field}: '{e.text}' ({e.why})" for e in p.evidence) or "[dim]no clue beats the base rate[/dim]"
        rows.append([p.id, value, f"{p.confidence:.2f}", ev, ", ".join(p.neighbours[:3])])
    fit_table(console, f"{r.field} for {r.missing} record(s) of {r.collection} without it ({r.kind}, {r.method})",
              [("id", "left"), ("value", "left"), ("conf", "right"), ("evidence", "left"), ("neighbours", "left")],
              rows, flex="evidence")
    if r.protected_left_out:
        console.print(f"left out (named like a protected attribute): {', '.join(r.protected_left_out)}; "
                      f"--use-all-fields uses them", highlight=False)
    others = [f for f in r.left_out if f not in r.protected_left_out]
    if others:
        console.print(f"left out (--ignore): {', '.join(others)}", highlight=False)
    if r.note:
        console.print(r.note, highlight=False)
    done = "written to the records" if r.applied else "dry run: nothing written (use --apply)"
    console.print(f"{r.filled} value(s) at or above the confidence threshold; {done}", highlight=False)
    if r.exported:
        console.print(f"completed table: {r.exported}", highlight=False)


def eval_extract(console: Console, r) -> None:
    chosen = f" {r.examples}" if r.shots else ""
    t = Table(title=f"{r.items} items, {r.shots}{chosen} example(s) ({r.path})")
    for col in ("label", "precision", "recall", "F1", "gold", "predicted"):
        t.add_column(col)
    for lab, s in r.per_label.items():
        t.add_row(lab, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.gold), str(s.predicted))
    t.add_row("[bold]micro[/bold]", f"{r.precision:.3f}", f"{r.recall:.3f}", f"{r.f1:.3f}", str(r.spans_gold),
              str(r.spans_predicted))
    console.print(t)
    console.print(f"verbatim rate {r.verbatim_rate:.3f}; {r.unaligned_dropped} of {r.values} values not found in "
                  f"the text and dropped, {r.junk_dropped} dropped as punctuation or function words; "
                  + (f"{r.cut_short} of {r.chunks} chunk answers cut short at the token limit; " if r.cut_short else "")
                  + "errors: " + ", ".join(f"{k} {v}" for k, v in r.errors.items())
                  + f"; {r.items_per_second:.2f} items/s"
                  + (f", speed {r.speed_ratio:.2f}x raw llama.cpp" if r.speed_ratio else ""), highlight=False)


def eval_fill(console: Console, r) -> None:
    t = Table(title=f"fill {r.field} ({r.kind}) for {r.records} records, evidence {r.evidence_records} ({r.test})")
    for col in ("method", "accuracy", "records/s", "speed vs raw llama.cpp"):
        t.add_column(col)
    for m in r.methods:
        t.add_row(m.method + (f" (chose {m.chose})" if m.chose else ""), f"{m.accuracy:.4f}",
                  f"{m.records_per_second:.1f}", f"{m.speed_ratio:.2f}x" if m.speed_ratio else "")
    console.print(t)
    for m in r.methods:
        if m.note:
            console.print(f"{m.method}: {m.note}", highlight=False)


def eval_embeddings(console: Console, r) -> None:
    def num(value, digits=4):
        return "" if value is None else f"{value:.{digits}f}"

    rows = [(m.model, m.backend, num(m.ndcg_at_10), num(m.in_cluster_ndcg_at_10), num(m.purity),
             "" if m.k is None else str(m.k), num(m.seconds_per_1k, 2)) for m in r.rows]
    about = f"labels {r.label_field!r}" if r.label_field else "judged"
    fit_table(console, f"embedding models: {r.queries} queries, {r.records} records ({about}; {Path(r.path).name})",
              [("model", "left"), ("backend", "left"), ("NDCG@10", "right"), ("in-cluster", "right"),
               ("purity", "right"), ("k", "right"), ("s/1k", "right")], rows, flex="model")
    notes = ["in-cluster: NDCG@10 ranking only the query's nearest cluster (search --in-cluster)",
             "s/1k: seconds to embed 1,000 records"]
    if r.skipped_queries:
        notes.append(f"{r.skipped_queries} queries without a relevant record left out")
    if r.id_column:
        notes.append(f"column {r.id_column!r} left out of the texts as an id")
    if r.records_without_label:
        notes.append(f"{r.records_without_label} records without a label left out")
    console.print("[dim]" + "; ".join(notes) + "[/dim]", highlight=False)
