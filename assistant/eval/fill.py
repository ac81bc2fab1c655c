"""`assistant eval fill TEST --field F --train TRAIN`: exact-match accuracy of filling a hidden field.

TRAIN is ingested into a temporary Chroma store (the evidence: neighbours, examples, the learned model); F is
hidden in every TEST record, filled by each method, and compared case-insensitively with the true value.
"""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Callable

from pydantic import BaseModel

from assistant.core.errors import InputFileError
from assistant.core.protocols import LLM, Embedder
from assistant.data.ingest import fields_text, ingest_records
from assistant.data.readers import is_missing
from assistant.data.records import load_records
from assistant.jobs.fill import FillInput, FillOptions, Row, rows_from_store, run
from assistant.jobs.prompting import speed_ratio


class MethodAccuracy(BaseModel):
    method: str
    accuracy: float
    correct: int
    seconds: float
    records_per_second: float
    mistakes: list[tuple[str, str, str]] = []  # (id, true, predicted), the first few
    tokens_evaluated: int = 0
    tokens_generated: int = 0
    speed_ratio: float | None = None  # raw llama.cpp time for the same tokens / time taken (prompting.speed_ratio)
    chose: str | None = None  # auto: the method its cross-validation chose
    note: str | None = None  # auto: the cross-validated accuracies it chose by


class FillEval(BaseModel):
    test: str
    train: str
    field: str
    kind: str
    records: int
    evidence_records: int
    id_column: str | None = None
    accuracy: dict[str, float]
    records_per_second: float  # of the llm method when measured, else of the first one
    methods: list[MethodAccuracy]
    llm_model: str | None = None
    embedding_model: str | None = None


def id_column(columns: list[str], rows: list[dict]) -> str | None:
    """A column named like an id (id, row_id, *_id) whose values are all different: not evidence."""
    for col in columns:
        low = col.lower()
        if low == "id" or low.endswith("_id") or low.endswith(" id"):
            values = [r.get(col) for r in rows]
            if len(set(map(str, values))) == len(values):
                return col
    return None


def evaluate_fill(test: Path, train: Path, field: str, *, llm: LLM | None, embedder: Embedder,
                  methods: list[str], k: int = 8, limit: int | None = None,
                  progress: Callable[[int, int], None] | None = None) -> FillEval:
    train_load = load_records(train)
    test_load = load_records(test)
    for load, path in ((train_load, train), (test_load, test)):
        if field not in load.columns:
            raise InputFileError(str(path), f"has no column {field!r}", f"pick --field from: {', '.join(load.columns)}")
    idcol = id_column(test_load.columns, [r.fields for r in test_load.records])
    with tempfile.TemporaryDirectory(prefix="assistant-eval-fill-") as tmp:
        from assistant.backends.store import ChromaStore

        store = ChromaStore(Path(tmp))
        ingest_records(train_load, "eval-fill", store, embedder, id_column=idcol)
        known = [r for r in rows_from_store(store.get("eval-fill", include_embeddings=True))
                 if field in r.fields and not is_missing(r.fields[field])]
    if not known:
        raise InputFileError(str(train), f"has no record with a value for {field!r}: there is no evidence",
                             "give a training table where that column is filled in")
    for r in known:
        r.fields.pop(idcol, None)
    records = [r for r in test_load.records if not is_missing(r.fields.get(field))]
    records = records[:limit] if limit else records
    gold = [str(r.fields[field]) for r in records]
    hidden = [{k: v for k, v in r.fields.items() if k not in (field, idcol)} for r in records]
    texts = [fields_text(f) for f in hidden]
    vectors = embedder.embed(texts)
    targets = [Row(str(r.fields.get(idcol, r.id)) if idcol else r.id, f, v)
               for r, f, v in zip(records, hidden, vectors)]
    scores, kind = [], "text"
    total = len(methods) * len(targets)
    for mi, method in enumerate(methods):
        result = run(llm, FillInput(field=field, targets=targets, known=known),
                     FillOptions(method=method, k=k), embedder=embedder,  # type: ignore[arg-type]
                     progress=(lambda d, t, base=mi * len(targets): progress(base + d, total)) if progress else None)
        kind, proposals, spent = result.kind, result.proposals, result.usage
        seconds = spent.seconds
        right = [str(p.best).strip().casefold() == g.strip().casefold() for p, g in zip(proposals, gold)]
        scores.append(MethodAccuracy(
            method=method, accuracy=round(sum(right) / len(right), 4) if right else 0.0, correct=sum(right),
            seconds=round(seconds, 2), records_per_second=round(len(right) / seconds, 2) if seconds else 0.0,
            mistakes=[(p.id, g, str(p.best)) for p, g, ok in zip(proposals, gold, right) if not ok][:10],
            tokens_evaluated=spent.tokens_evaluated, tokens_generated=spent.tokens_generated,
            speed_ratio=speed_ratio(llm, spent), chose=result.method if method == "auto" else None,
            note=result.note))
    return FillEval(test=str(test), train=str(train), field=field, kind=kind, records=len(records),
                    evidence_records=len(known), id_column=idcol,
                    accuracy={s.method: s.accuracy for s in scores},
                    records_per_second=next((s.records_per_second for s in scores if s.method == "llm"),
                                            scores[0].records_per_second if scores else 0.0), methods=scores,
                    llm_model=getattr(llm, "name", None), embedding_model=getattr(embedder, "name", None))
