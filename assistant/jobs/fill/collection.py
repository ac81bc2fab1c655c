"""Fill over a stored collection: read every record with its vector, propose, and (with apply) write back."""
from __future__ import annotations

import csv
import time
from pathlib import Path
from typing import Any, Callable

from assistant.core.errors import ConfigError
from assistant.core.files import atomic_write
from assistant.core.protocols import LLM, Embedder, Store
from assistant.data.ingest import recorded_fields
from assistant.jobs.fill.candidates import INTERNAL
from assistant.jobs.fill.job import Proposal
from assistant.jobs.fill.main import FillInput, FillOptions, FillResult, run
from assistant.jobs.fill.rows import rows_from_store, split_rows


def fill_collection(store: Store, collection: str, field: str, *, llm: LLM | None, method: str = "llm", k: int = 8,
                    min_confidence: float = 0.0, apply: bool = False, export: Path | None = None,
                    limit: int | None = None, progress: Callable[[int, int], None] | None = None,
                    ignore: list[str] | None = None, use_all_fields: bool = False,
                    embedder: Embedder | None = None) -> FillResult:
    """Fill `field` where the collection's records lack it. An abstained proposal (below min_confidence) is
    never written, with apply or in the export."""
    started = time.perf_counter()
    info = store.collection_info(collection)
    got = store.get(collection, include_embeddings=True)
    rows = rows_from_store(got)
    if not any(field in r.fields for r in rows):
        known_fields = sorted({f for r in rows for f in r.fields})
        raise ConfigError(f"no record of {collection!r} has a field {field!r}",
                          f"pick --field from: {', '.join(known_fields) or '(no fields)'}")
    targets, known = split_rows(rows, field)
    if not known:
        raise ConfigError(f"no record of {collection!r} has a value for {field!r}: there is nothing to learn from",
                          "fill in some records by hand first (or ingest a file that has the field)")
    if limit is not None:
        targets = targets[:limit]
    unknown = [f for f in ignore or [] if f != field and not any(f in r.fields for r in rows)]
    if unknown:
        known_fields = sorted({f for r in rows for f in r.fields})
        raise ConfigError(f"--ignore names no field of {collection!r}: {', '.join(unknown)}",
                          f"pick from: {', '.join(known_fields)}")
    result = run(llm, FillInput(field=field, targets=targets, known=known),
                 FillOptions(method=method, k=k, min_confidence=min_confidence, ignore=list(ignore or []),
                             use_all_fields=use_all_fields), embedder=embedder, progress=progress)
    accepted = [p for p in result.proposals if p.value is not None]
    if apply and accepted:
        store.update_metadata(collection, [p.id for p in accepted], [filled_metadata(field, p) for p in accepted])
    exported = None
    if export is not None:
        write_table(export, got, field, {p.id: p.value for p in accepted}, recorded_fields(info))
        exported = str(export)
    usage = result.usage.model_copy(update={"seconds": round(time.perf_counter() - started, 3)})
    return result.model_copy(update={"collection": collection, "applied": apply and bool(accepted),
                                     "exported": exported, "usage": usage})


def filled_metadata(field: str, p: Proposal) -> dict[str, Any]:
    """The value under the field itself, marked as filled (method, confidence) in internal keys."""
    return {field: p.value, f"{INTERNAL}filled_{field}": p.method,
            f"{INTERNAL}filled_{field}_confidence": p.confidence}


def table_columns(ids: list[str], metas: list[dict[str, Any]], field: str, recorded: list[str]) -> list[str]:
    """The export's columns, the same whatever order the store gives records and their keys in: id, the fields in
    the order ingest recorded, then any others (a label written later, or no order recorded) first seen over the
    records in id order, each record's new keys by name; the filled field keeps its place, then FIELD_filled."""
    columns: list[str] = ["id"]
    seen = (key for i in sorted(range(len(ids)), key=ids.__getitem__) for key in sorted(metas[i]))
    for key in (*recorded, *seen):
        if not key.startswith(INTERNAL) and key not in columns:
            columns.append(key)
    if field not in columns:
        columns.append(field)
    return columns + [f"{field}_filled"]


def write_table(path: Path, got: dict[str, Any], field: str, values: dict[str, Any],
                recorded: list[str] | None = None) -> None:
    """The collection as a CSV table in its original row order, with the filled values; written atomically."""
    metas = [(m or {}) for m in got["metadatas"]]
    order = sorted(range(len(metas)), key=lambda i: (str(metas[i].get("_source", "")), metas[i].get("_row", 0)))
    columns = table_columns(list(got["ids"]), metas, field, recorded or [])

    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(columns)
            for i in order:
                rid, meta = got["ids"][i], metas[i]
                row = dict(meta)
                row["id"] = rid
                filled = rid in values or bool(meta.get(f"{INTERNAL}filled_{field}"))
                if rid in values:
                    row[field] = values[rid]
                row[f"{field}_filled"] = "yes" if filled else ""
                writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])

    atomic_write(path, write)
