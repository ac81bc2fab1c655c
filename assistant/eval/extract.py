"""`assistant eval extract DATA.jsonl`: exact span-level precision/recall/F1, verbatim rate and speed.

Each line is {"id", "text", "spans": [{"label", "start", "end", "text"}]}; the labels are those in the data.
Few-shot examples (--shots N) are taken from the end of the file, never from the items evaluated (nor from an item
whose text is one evaluated: news sets repeat their headlines): `similar` shows each item the N most like it out of
the pool (the last 500 items of 20-300 characters), `fixed` shows every item the same N that together cover the most
labels.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from pydantic import BaseModel

from assistant.core.errors import BadRowsError, ConfigError, InputFileError, LLMOutputError
from assistant.core.protocols import LLM, Embedder
from assistant.data.records import read_lines
from assistant.jobs.extract.job import ExtractInput, ExtractOptions, spec_for_labels
from assistant.jobs.extract.job import run as extract_run
from assistant.jobs.extract.spec import Example, ExampleSpan, ExtractSpec, load_spec
from assistant.jobs.prompting import speed_ratio


class LabelScore(BaseModel):
    precision: float
    recall: float
    f1: float
    gold: int
    predicted: int


class ExtractEval(BaseModel):
    path: str
    items: int
    labels: list[str]
    shots: int
    examples: str = "fixed"  # how the shots were chosen: fixed (the same for every item) or similar (per item)
    field_check: str = "conflicts"  # which spans the scored field question settled
    precision: float
    recall: float
    f1: float
    per_label: dict[str, LabelScore]
    verbatim_rate: float  # predicted spans whose model value is exactly source[start:end] (alignment "exact")
    aligned_rate: float  # values the model returned that were found in the source (the rest were dropped)
    values: int
    unaligned_dropped: int
    junk_dropped: int = 0  # values dropped as punctuation or a lone function word
    cut_short: int = 0  # chunk answers closed because they reached max_tokens (values may be missing)
    chunks: int = 0
    spans_predicted: int
    spans_gold: int
    seconds: float
    items_per_second: float
    tokens_evaluated: int = 0
    tokens_generated: int = 0
    speed_ratio: float | None = None  # raw llama.cpp time for the same tokens / our time
    llm_model: str | None = None
    errors: dict[str, int] = {}


def read_spans_data(path: Path) -> list[dict]:
    items, problems = [], []
    for n, line in enumerate(read_lines(path), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            text = obj["text"]
            spans = [(s["label"], int(s["start"]), int(s["end"])) for s in obj.get("spans", [])]
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            problems.append((n, f"not a JSON object with text and spans ({exc})"))
            continue
        bad = [s for s in spans if not 0 <= s[1] <= s[2] <= len(text)]
        if bad:
            problems.append((n, f"span {bad[0]} is outside the text"))
            continue
        items.append({"id": str(obj.get("id", n)), "text": text, "spans": spans, "line": n})
    if problems:
        raise BadRowsError(str(path), problems, "fix those lines (see the format in `assistant eval extract --help`)")
    if not items:
        raise InputFileError(str(path), "has no items", "give a JSONL file with one item per line")
    return items


def pick_examples(pool: list[dict], labels: list[str], shots: int) -> list[Example]:
    """Short items that together cover as many labels as possible (greedy), for few-shot examples."""
    chosen: list[dict] = []
    covered: set[str] = set()
    candidates = sorted((it for it in pool if it["spans"] and 30 <= len(it["text"]) <= 200),
                        key=lambda it: (-len({s[0] for s in it["spans"]}), len(it["text"])))
    for it in candidates:
        if len(chosen) >= shots:
            break
        new = {s[0] for s in it["spans"]} - covered
        if new or len(covered) == len(labels):
            chosen.append(it)
            covered |= new
    return _as_examples(chosen)


def _as_examples(items: list[dict]) -> list[Example]:
    return [Example(text=it["text"], spans=[ExampleSpan(label=l, text=it["text"][s:e], start=s)
                                            for l, s, e in it["spans"]]) for it in items]


EXAMPLE_CHOICES = ("similar", "fixed")


def evaluate_extract(path: Path, llm: LLM, *, shots: int = 0, spec_path: Path | None = None,
                     limit: int | None = None, options: ExtractOptions | None = None,
                     progress: Callable[[int, int], None] | None = None, examples: str = "fixed",
                     embedder: Embedder | None = None) -> ExtractEval:
    if shots < 0:
        raise ConfigError(f"--shots {shots} is negative", "give 0 (no examples) or more")
    items = read_spans_data(Path(path))
    labels = sorted({s[0] for it in items for s in it["spans"]})
    evaluated = items[:limit] if limit else items
    spec: ExtractSpec = load_spec(spec_path) if spec_path else spec_for_labels(labels)
    if shots:
        pool = items[len(evaluated):]
        if not pool:  # everything is evaluated: hold the last tenth out as the pool of examples
            cut = len(items) - max(shots, len(items) // 10)
            if cut < 1:
                raise ConfigError(f"{len(items)} item(s) leave none to evaluate after {shots} example(s)",
                                  "use fewer --shots, or a file with more items")
            evaluated, pool = items[:cut], items[cut:]
        seen = {it["text"] for it in evaluated}
        pool = [it for it in pool if it["text"] not in seen]
        if examples == "similar" and embedder is not None:
            candidates = [it for it in pool if 20 <= len(it["text"]) <= 300][-500:]
            spec = spec.model_copy(update={"examples": _as_examples(candidates)})
            options = (options or ExtractOptions()).model_copy(update={"shots": shots})
        else:
            examples = "fixed"
            spec = spec.model_copy(update={"examples": pick_examples(pool[-500:], labels, shots)})
    result = extract_run(llm, ExtractInput(items=[(it["id"], it["text"]) for it in evaluated], spec=spec), options,
                         progress=progress, embedder=embedder)
    failed = next((r for r in result.items if r.error is not None), None)
    if failed is not None:  # an evaluation of a broken model is no measurement
        raise LLMOutputError(f"extraction failed on item {failed.id}: {failed.error}",
                             "retry; if it persists, run `assistant doctor` or use another --model")
    scored = _score(path, evaluated, result.items, labels, min(shots, len(spec.examples)) if shots
                    else len(spec.examples), result.usage, llm)
    return scored.model_copy(update={"examples": examples if shots else "fixed",
                                     "field_check": (options or ExtractOptions()).field_check})


def _score(path, items, results, labels, shots, used, llm) -> ExtractEval:
    tp = fp = fn = 0
    per = {l: [0, 0, 0] for l in labels}
    errors = {"wrong_label": 0, "wrong_boundary": 0, "spurious": 0, "missed": 0}
    predicted_total = gold_total = exact = 0
    for it, r in zip(items, results):
        gold = set(it["spans"])
        pred = {(s.label, s.start, s.end) for s in r.spans}
        exact += sum(s.alignment == "exact" for s in r.spans)
        predicted_total += len(pred)
        gold_total += len(gold)
        for s in pred:
            per.setdefault(s[0], [0, 0, 0])
            if s in gold:
                per[s[0]][0] += 1
            else:
                per[s[0]][1] += 1
                if any(g[1:] == s[1:] for g in gold):
                    errors["wrong_label"] += 1
                elif any(g[1] < s[2] and s[1] < g[2] for g in gold):
                    errors["wrong_boundary"] += 1
                else:
                    errors["spurious"] += 1
        for g in gold - pred:
            per[g[0]][2] += 1
            if not any(p[1] < g[2] and g[1] < p[2] for p in pred):
                errors["missed"] += 1
        tp += len(gold & pred)
        fp += len(pred - gold)
        fn += len(gold - pred)
    values = sum(r.values for r in results)
    dropped = sum(r.dropped for r in results)
    ratio = speed_ratio(llm, used)
    seconds = used.seconds
    return ExtractEval(
        path=str(path), items=len(items), labels=labels, shots=shots,
        precision=round(_div(tp, tp + fp), 4), recall=round(_div(tp, tp + fn), 4), f1=round(_f1(tp, fp, fn), 4),
        per_label={l: LabelScore(precision=round(_div(a, a + b), 4), recall=round(_div(a, a + c), 4),
                                 f1=round(_f1(a, b, c), 4), gold=a + c, predicted=a + b) for l, (a, b, c) in per.items()},
        verbatim_rate=round(_div(exact, sum(len(r.spans) for r in results)), 4) if predicted_total else 1.0,
        aligned_rate=round(_div(values - dropped, values), 4) if values else 1.0, values=values,
        unaligned_dropped=dropped, junk_dropped=sum(r.junk for r in results),
        cut_short=sum(r.cut_short for r in results), chunks=sum(r.chunks for r in results),
        spans_predicted=predicted_total, spans_gold=gold_total,
        seconds=round(seconds, 2), items_per_second=round(_div(len(items), seconds), 3),
        tokens_evaluated=used.tokens_evaluated, tokens_generated=used.tokens_generated,
        speed_ratio=ratio, llm_model=getattr(llm, "name", None), errors=errors)


def _div(a: float, b: float) -> float:
    return a / b if b else 0.0


def _f1(tp: int, fp: int, fn: int) -> float:
    return _div(2 * tp, 2 * tp + fp + fn)
