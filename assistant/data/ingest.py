"""Ingest: file -> records -> text (template) -> embeddings -> Chroma, idempotent and resumable."""
from __future__ import annotations

import hashlib
import json
import time
from typing import Any, Callable

from assistant.core.errors import Cancelled, EmbeddingModelMismatchError, InputFileError
from assistant.core.protocols import Embedder, Store
from assistant.core.results import IngestSummary, Skipped
from assistant.core.templates import render, template_id
from assistant.data.records import LoadResult, Record

INTERNAL_PREFIX = "_"
# Metadata keys the tool writes itself: here (_source, _row, _text_hash, _hash), by cluster (_cluster,
# _cluster_onehot) and by fill --apply (_filled_FIELD, _filled_FIELD_confidence). A column of the same name would be
# overwritten, or taken for the tool's own value (a cluster id, a filled mark), so it is refused. No file this tool
# writes has such columns (fill --export leaves out every "_" key and marks filled values in FIELD_filled), so a
# table that has one was not made by round-tripping through the tool.
RESERVED_KEYS = ("_source", "_row", "_text_hash", "_hash", "_cluster", "_cluster_onehot")
RESERVED_PREFIXES = ("_filled_",)
# Collection info: the records' field names in the order of the files ingested (a JSON list; a later file's new
# columns after the earlier ones). Chroma gives a record's metadata keys back in no fixed order, so this is the
# only place the original order is kept (fill --export writes its columns in it).
FIELDS_KEY = "fields"
Progress = Callable[[int, int], None]  # (records done, records to do)


def record_text(record: Record, template: str, skip: set[str] = frozenset()) -> str:
    """The text a record is embedded as: the template over its non-empty fields, in file order."""
    return fields_text(record.fields, template, skip)


def fields_text(fields: dict[str, Any], template: str = "record.j2", skip: set[str] = frozenset()) -> str:
    return render(template, fields=[(k, v) for k, v in fields.items() if k not in skip])


def _digest(*parts: Any) -> str:
    return hashlib.sha1(json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()[:16]


def recorded_fields(info: dict[str, Any]) -> list[str]:
    """The collection's field names in their original order, as ingest recorded them ([] when it did not)."""
    try:
        names = json.loads(info.get(FIELDS_KEY) or "[]")
    except (TypeError, ValueError):
        return []
    return [n for n in names if isinstance(n, str)] if isinstance(names, list) else []


def check_columns(load: LoadResult) -> None:
    """Refuse a column named like metadata the tool writes (RESERVED_KEYS), before anything is stored."""
    reserved = ", ".join([*RESERVED_KEYS, *(prefix + "*" for prefix in RESERVED_PREFIXES)])
    for column in load.columns:
        if column in RESERVED_KEYS or column.startswith(RESERVED_PREFIXES):
            raise InputFileError(str(load.path), f"column {column!r} has the name of metadata this tool writes "
                                 f"itself (reserved: {reserved})",
                                 f"rename the column in the file, or leave it out with --exclude {column}")


def check_embedding_model(collection: str, info: dict[str, Any], embedder_name: str) -> None:
    """Refuse to mix vectors of two embedding models in one collection."""
    built = info.get("embedding_model")
    if built and built != embedder_name:
        raise EmbeddingModelMismatchError(
            f"collection {collection!r} was built with embedding model {built!r}, not {embedder_name!r}; "
            "vectors of two models cannot be compared",
            f"use --embedding-model {built!r} with this collection, or ingest into a new --collection",
        )


def ingest_records(
    load: LoadResult,
    collection: str,
    store: Store,
    embedder: Embedder,
    *,
    template: str = "record.j2",
    id_column: str | None = None,
    prune: bool = False,
    chunk_size: int = 256,
    progress: Progress | None = None,
) -> IngestSummary:
    """Embed and store the records of one loaded file.

    Re-ingesting the same file is a no-op; a record whose text changed is re-embedded; one whose fields changed
    but not its text gets new metadata only. Chunks are written as they are embedded, so an interrupted run
    keeps what it finished and a rerun completes the rest.
    """
    started = time.perf_counter()
    check_columns(load)
    source = str(load.path.resolve())
    tid = template_id(template)
    info = store.ensure_collection(collection, {"embedding_model": embedder.name, "template": tid})
    check_embedding_model(collection, info, embedder.name)

    skip = {id_column} if id_column else set()
    texts, metas = [], []
    for rec in load.records:
        text = record_text(rec, template, skip)
        meta = dict(rec.fields)
        meta.update({"_source": source, "_row": rec.row, "_text_hash": _digest(text)})
        meta["_hash"] = _digest(text, meta)
        texts.append(text)
        metas.append(meta)
    ids = [r.id for r in load.records]

    existing = store.get(collection, ids=ids)
    old = {i: m for i, m in zip(existing["ids"], existing["metadatas"])}
    embed_idx, meta_idx, unchanged = [], [], 0
    for n, rid in enumerate(ids):
        prev = old.get(rid)
        if prev is None or prev.get("_text_hash") != metas[n]["_text_hash"]:
            embed_idx.append(n)
        elif prev.get("_hash") != metas[n]["_hash"]:
            meta_idx.append(n)
        else:
            unchanged += 1
    for n in meta_idx:  # keep metadata the tool added later (cluster ids, labels, filled values)
        metas[n] = {**{k: v for k, v in old[ids[n]].items() if k.startswith(INTERNAL_PREFIX)}, **metas[n]}

    truncated = embedder.count_over_window([texts[n] for n in embed_idx]) if embed_idx else 0
    # Chunks of similar length pad less: the embedder sorts by length only inside the texts it is given.
    embed_idx.sort(key=lambda n: len(texts[n]))
    fields = recorded_fields(info)
    fields += [c for c in load.columns if c not in fields]
    store.set_collection_info(collection, {"template": tid, "ingest_state": "incomplete", "ingest_source": source,
                                           FIELDS_KEY: json.dumps(fields, ensure_ascii=False)})
    done = 0
    try:
        if meta_idx:
            store.update_metadata(collection, [ids[n] for n in meta_idx], [metas[n] for n in meta_idx])
        step = max(1, min(chunk_size, store.max_batch_size()))
        if progress:
            progress(0, len(embed_idx))
        for start in range(0, len(embed_idx), step):
            part = embed_idx[start:start + step]
            vectors = embedder.embed([texts[n] for n in part])
            store.upsert(collection, [ids[n] for n in part], vectors, [texts[n] for n in part],
                         [metas[n] for n in part])
            done += len(part)
            if progress:
                progress(done, len(embed_idx))
    except KeyboardInterrupt as exc:
        raise Cancelled(f"interrupted: {done} of {len(embed_idx)} records were embedded and stored",
                        "run the same ingest again to complete it; finished records are not redone") from exc

    stale_ids = _stale(store, collection, source, set(ids))
    pruned = 0
    if prune and stale_ids:
        store.delete(collection, stale_ids)
        pruned = len(stale_ids)
    store.set_collection_info(collection, {"ingest_state": "complete"})
    return IngestSummary(
        collection=collection, path=str(load.path), format=load.format, encoding=load.encoding,
        records_read=load.rows_read, stored=len(embed_idx), updated_metadata=len(meta_idx), unchanged=unchanged,
        skipped=[Skipped(row=r, reason=why) for r, why in load.skipped], truncated=truncated,
        stale=len(stale_ids) - pruned, pruned=pruned, collection_size=store.count(collection),
        embedding_model=embedder.name, template=tid, seconds=round(time.perf_counter() - started, 3),
    )


def _stale(store: Store, collection: str, source: str, current: set[str]) -> list[str]:
    """Records that came from this file earlier but are not in it now (rows changed or removed)."""
    found = store.get(collection, where={"_source": source})
    return [i for i in found["ids"] if i not in current]
