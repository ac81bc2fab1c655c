"""`assistant eval classify DATA.jsonl`: zero-shot classification quality and speed on labelled data.

Each line is {"id", "text", "label"}; a line without "text" is read as its other string fields (except id and
label) joined, e.g. title + ". " + description. The labels are the set in the data unless given.
"""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
from pydantic import BaseModel, Field

from assistant.core.errors import BadRowsError, ConfigError, InputFileError
from assistant.core.protocols import LLM, Embedder
from assistant.data.records import read_lines
from assistant.jobs.classify import (
    DEFAULT_METHOD,
    METHODS,
    Label,
    Weighting,
    calibrate,
    combine,
    content_free_logprobs,
    decide,
    embedding_scores,
    llm_logprobs,
    transductive,
    weigh,
)
from assistant.jobs.classify.language import language_note
from assistant.jobs.contract import Meter


class ClassifyItem(BaseModel):
    id: str
    text: str
    label: str
    line: int


class MethodScore(BaseModel):
    method: str
    self_training: bool = False
    accuracy: float
    macro_f1: float
    per_label_f1: dict[str, float]
    confusion: list[list[int]] = Field(description="rows: true label, columns: predicted label (order of `labels`)")
    seconds: float
    items_per_second: float
    llm_tokens_evaluated: int = 0
    llm_tokens_per_second: float | None = None
    truncated: int = 0
    weighting: Weighting | None = Field(None, description="ensemble: the weights it chose for its parts and why")


class ClassifyEval(BaseModel):
    path: str
    items: int
    labels: list[str]
    label_counts: dict[str, int]
    methods: list[MethodScore]
    default_method: str
    llm_model: str | None = None
    embedding_model: str | None = None
    language: str = "English"
    notes: list[str] = Field(default_factory=list)
    accuracy: float = Field(description="of the default method (also under methods)")
    macro_f1: float
    items_per_second: float


def _text_of(obj: dict) -> str | None:
    text = obj.get("text")
    if isinstance(text, str):
        return text
    parts = [v.strip() for k, v in obj.items() if k not in ("id", "label") and isinstance(v, str) and v.strip()]
    if not parts:
        return None
    joined = parts[0]
    for part in parts[1:]:
        joined += (" " if joined[-1] in ".!?。！？:;" else ". ") + part
    return joined


def load_classify_data(path: str | Path, limit: int | None = None, seed: int | None = None,
                       shuffle: bool = False) -> list[ClassifyItem]:
    """Labelled items of a JSONL file; with shuffle, a fixed-seed random sample of `limit` items."""
    path = Path(path)
    lines = read_lines(path)
    items: list[ClassifyItem] = []
    problems: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append((number, f"not valid JSON ({exc.msg} at column {exc.colno})"))
            continue
        if not isinstance(obj, dict):
            problems.append((number, "not a JSON object"))
            continue
        label = obj.get("label")
        if label is None or (isinstance(label, str) and not label.strip()) or isinstance(label, (dict, list)):
            problems.append((number, "no \"label\""))
            continue
        text = _text_of(obj)
        if text is None:
            problems.append((number, "no \"text\" (and no other string field to read as text)"))
            continue
        items.append(ClassifyItem(id=str(obj.get("id", number)), text=text, label=str(label).strip(), line=number))
    if problems:
        raise BadRowsError(str(path), problems, 'each line must be a JSON object {"id", "text", "label"}')
    if not items:
        raise InputFileError(str(path), "holds no items", 'write one {"id", "text", "label"} object per line')
    if shuffle:
        order = np.random.default_rng(seed).permutation(len(items))
        items = [items[i] for i in order]
    return items[:limit] if limit is not None else items


def scores_of(gold: Sequence[str], predicted: Sequence[str | None], labels: Sequence[str]) -> dict:
    """Accuracy, macro-F1, per-label F1 and the confusion matrix (an abstention counts as wrong)."""
    index = {name: i for i, name in enumerate(labels)}
    confusion = np.zeros((len(labels), len(labels)), dtype=int)
    correct = 0
    for g, p in zip(gold, predicted):
        correct += g == p
        if p is not None:
            confusion[index[g], index[p]] += 1
    support = np.array([sum(g == name for g in gold) for name in labels])
    per_label = {}
    for i, name in enumerate(labels):
        tp = confusion[i, i]
        precision = tp / confusion[:, i].sum() if confusion[:, i].sum() else 0.0
        recall = tp / support[i] if support[i] else 0.0
        per_label[name] = float(2 * precision * recall / (precision + recall)) if precision + recall else 0.0
    # Macro-F1 over the labels that occur in the data (a label nobody has would be a free 0).
    present = [per_label[n] for n, s in zip(labels, support) if s > 0]
    return {"accuracy": correct / max(1, len(gold)), "macro_f1": float(np.mean(present)) if present else 0.0,
            "per_label_f1": per_label, "confusion": confusion.tolist()}


def evaluate_classify(path: str | Path, *, llm: LLM | None, embedder: Embedder | None,
                      methods: Sequence[str] = METHODS, labels: Sequence[Label] | None = None,
                      limit: int | None = None, seed: int = 0, self_training: bool | None = None,
                      compare_self_training: bool = False,
                      progress: Callable[[int, int], None] | None = None) -> ClassifyEval:
    """Run each method on the data (a fixed-seed shuffled sample when `limit` is given) and score it.

    labels: None = the labels in the data (names only). The LLM and the embedder each run once over the data; a
    method's time is the time of the scorers it uses plus its own. self_training None = as the classify job
    decides; compare_self_training reports each method both without and with it.
    """
    return evaluate_label_sets(path, {"labels": labels}, llm=llm, embedder=embedder, methods=methods, limit=limit,
                               seed=seed, self_training=self_training, compare_self_training=compare_self_training,
                               progress=progress)["labels"]


def _check_labels_cover(path, items: list[ClassifyItem], labels: Sequence[Label]) -> None:
    names = [lab.name for lab in labels]
    unknown = {item.label for item in items} - set(names)
    if unknown:
        first = next(item for item in items if item.label in unknown)
        raise InputFileError(str(path), f"label {first.label!r} is not among the given labels ({', '.join(names)})",
                             "add it to --labels, or leave --labels out to use the labels in the data",
                             row=first.line)
    if len(labels) < 2:
        raise ConfigError(f"{path}: the data has only {len(labels)} label(s)", "classification needs at least 2")


def evaluate_label_sets(path: str | Path, label_sets: dict[str, Sequence[Label] | None], *, llm: LLM | None,
                        embedder: Embedder | None, methods: Sequence[str] = METHODS, limit: int | None = None,
                        seed: int = 0, self_training: bool | None = None, compare_self_training: bool = False,
                        progress: Callable[[int, int], None] | None = None) -> dict[str, ClassifyEval]:
    """evaluate_classify for several label sets of the same data (e.g. bare names vs a labels file).

    The prompts do not depend on the labels, so the LLM decodes each text's prompt once for the answers of every
    set; that shared pass's time counts in full for each set.
    """
    items = load_classify_data(path, limit=limit, seed=seed, shuffle=limit is not None)
    in_data = [Label(name) for name in sorted({item.label for item in items})]
    sets = {key: list(labels) if labels is not None else in_data for key, labels in label_sets.items()}
    for labels in sets.values():
        _check_labels_cover(path, items, labels)
    for m in methods:
        if m not in METHODS:
            raise ConfigError(f"unknown classification method {m!r}", f"use one of: {', '.join(METHODS)}")
    n_labels = max(len(labels) for labels in sets.values())
    if self_training is None:
        self_training = embedder is not None and transductive(len(items), n_labels)
    variants = [(m, st) for m in methods for st in ((False, True) if compare_self_training else (self_training,))]
    needs_llm = any(m != "embedding" for m, _ in variants)
    needs_vectors = any(m != "llm" or st for m, st in variants)
    if needs_llm and llm is None:
        raise ConfigError("the llm and ensemble methods need an LLM", "load one, or use --method embedding")
    if needs_vectors and embedder is None:
        raise ConfigError("the embedding and ensemble methods and self-training need an embedder",
                          "load one, or use --method llm")
    texts = [item.text for item in items]
    gold = [item.label for item in items]
    vectors, embed_seconds = None, 0.0
    if needs_vectors:
        started = time.perf_counter()
        vectors = embedder.embed(texts)
        embed_seconds = time.perf_counter() - started
    llm_logits: dict[str, np.ndarray] = {}
    llm_seconds = llm_busy = 0.0
    tokens = truncated = 0
    if needs_llm:
        meter = Meter(llm)
        union = [lab for labels in sets.values() for lab in labels]
        raw, truncated = llm_logprobs(texts, union, llm, progress=progress)
        calibration = "batch" if transductive(len(texts), n_labels) else "content-free"
        prior = content_free_logprobs(union, llm) if calibration == "content-free" else None
        lo = 0
        for key, labels in sets.items():
            part = slice(lo, lo + len(labels))
            llm_logits[key] = calibrate(raw[:, part], prior[:, part] if prior is not None else None, calibration)
            lo += len(labels)
        used = meter.usage()
        llm_seconds, tokens, llm_busy = used.seconds, used.tokens_evaluated, used.llm_seconds
    timing = {"llm": llm_seconds, "llm_busy": llm_busy, "tokens": tokens, "truncated": truncated,
              "embed": embed_seconds}
    return {key: score_methods(path, texts, gold, labels, llm_logits.get(key), vectors, embedder, variants,
                               self_training, timing, llm_name=getattr(llm, "name", None))
            for key, labels in sets.items()}


def score_methods(path, texts: Sequence[str], gold: Sequence[str], labels: Sequence[Label],
                  llm_logits: np.ndarray | None, vectors: np.ndarray | None, embedder: Embedder | None,
                  variants: Sequence[tuple[str, bool]], self_training: bool, timing: dict,
                  llm_name: str | None = None) -> ClassifyEval:
    """Each (method, self-training) variant's scores from the scorers' outputs (the LLM pass done by the caller).

    timing: the shared passes' cost ("llm", "llm_busy" seconds, "tokens", "truncated", "embed" seconds), added to
    the time of each method that uses them. bench/classify_weights.py calls this on cached LLM scores.
    """
    names = [lab.name for lab in labels]
    needs_vectors = vectors is not None
    started = time.perf_counter()
    embedding_logits = embedding_scores(vectors, labels, embedder) if needs_vectors else None
    label_seconds = time.perf_counter() - started
    language, notes, weighting, exclude = "English", [], None, False
    if needs_vectors:
        methods = [m for m, _ in variants]
        language, note, exclude = language_note(texts, getattr(embedder, "name", None),
                                                "embedding" if set(methods) == {"embedding"} else DEFAULT_METHOD)
        notes = [note] if note else []
    if llm_logits is not None and embedding_logits is not None:
        weighting = weigh(llm_logits, embedding_logits, vectors,
                          f"outside its language ({language})" if exclude else None)
    results = []
    tokens, llm_busy = timing["tokens"], timing["llm_busy"]
    for method, st in variants:
        started = time.perf_counter()
        logits = combine(method, llm_logits, embedding_logits, vectors, self_training=st, weighting=weighting)
        predicted = [c.label for c in decide(logits, labels)]
        uses_llm = method != "embedding"
        seconds = (time.perf_counter() - started + (timing["llm"] if uses_llm else 0.0)
                   + (timing["embed"] + label_seconds if method != "llm" or st else 0.0))
        results.append(MethodScore(
            method=method, self_training=st, **scores_of(gold, predicted, names), seconds=round(seconds, 3),
            items_per_second=round(len(texts) / seconds, 2) if seconds > 0 else 0.0,
            llm_tokens_evaluated=tokens if uses_llm else 0,
            llm_tokens_per_second=round(tokens / llm_busy, 1) if uses_llm and llm_busy > 0 else None,
            truncated=timing["truncated"] if uses_llm else 0,
            weighting=weighting if method == "ensemble" else None))
    default = next((r for r in results if r.method == DEFAULT_METHOD and r.self_training == self_training),
                   results[0])
    return ClassifyEval(
        path=str(path), items=len(texts), labels=names, label_counts={n: sum(g == n for g in gold) for n in names},
        methods=results, default_method=default.method, llm_model=llm_name,
        embedding_model=getattr(embedder, "name", None), language=language, notes=notes,
        accuracy=default.accuracy, macro_f1=default.macro_f1, items_per_second=default.items_per_second)
