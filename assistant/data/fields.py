"""What the original fields of a collection look like: their kinds, a matrix of them, per-group stats."""
from __future__ import annotations

from collections import Counter
from typing import Any, Sequence

import numpy as np

from assistant.core.results import FieldStat, one_line

PREVIEW_CHARS = 160
MAX_LEVELS = 50  # one-hot columns per categorical field; rarer values share an all-zero row


def preview(document: str | None, limit: int = PREVIEW_CHARS) -> str:
    """One line from a record's document: its non-empty lines joined with ' | ', cut to `limit` chars."""
    line = one_line(document)
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and np.isfinite(value)


def profile_fields(metadatas: Sequence[dict[str, Any]]) -> dict[str, str]:
    """Infer each field's kind: 'numeric', 'categorical' or 'text'. Keys starting with '_' are internal."""
    n = len(metadatas)
    seen: dict[str, list[Any]] = {}
    for meta in metadatas:
        for key, value in meta.items():
            if not key.startswith("_") and value is not None:
                seen.setdefault(key, []).append(value)
    kinds = {}
    for field, values in sorted(seen.items()):
        if all(_is_number(v) for v in values):
            kinds[field] = "numeric"
        elif all(isinstance(v, bool) for v in values):
            kinds[field] = "categorical"
        else:
            texts = [str(v) for v in values]
            distinct, mean_len = len(set(texts)), sum(map(len, texts)) / len(texts)
            # Many distinct or long values read like prose: a name, a description, a comment.
            kinds[field] = "text" if distinct > max(20, 0.5 * n) or mean_len > 60 else "categorical"
    return kinds


def _category(value: Any) -> str:
    return "(missing)" if value is None else str(value)


def field_matrix(metadatas: Sequence[dict[str, Any]], kinds: dict[str, str],
                 standardise: bool) -> tuple[np.ndarray, list[str]]:
    """Numeric fields as columns (missing -> mean), categorical ones one-hot (missing is a level).

    Returns the matrix and, per column, the field it came from (to add importances back up per field).
    """
    cols, owners = [], []
    for field, kind in kinds.items():
        values = [meta.get(field) for meta in metadatas]
        if kind == "numeric":
            x = np.array([float(v) if _is_number(v) else np.nan for v in values])
            present = ~np.isnan(x)
            mean = float(x[present].mean()) if present.any() else 0.0
            x[~present] = mean
            if standardise:
                sd = float(x.std())
                x = (x - mean) / sd if sd > 0 else x - mean
            cols.append(x[:, None])
            owners.append(field)
        elif kind == "categorical":
            levels = np.array([_category(v) for v in values], dtype=object)
            keep = [level for level, _ in Counter(levels.tolist()).most_common(MAX_LEVELS)]
            cols.append((levels[:, None] == np.array(keep, dtype=object)[None, :]).astype(np.float64))
            owners += [field] * len(keep)
    matrix = np.hstack(cols) if cols else np.zeros((len(metadatas), 0))
    return matrix, owners


def field_stats(metadatas: Sequence[dict[str, Any]], kinds: dict[str, str]) -> list[FieldStat]:
    stats = []
    for field, kind in kinds.items():
        values = [meta.get(field) for meta in metadatas]
        missing = sum(v is None for v in values)
        if kind == "numeric":
            nums = [float(v) for v in values if _is_number(v)]
            stats.append(FieldStat(field=field, kind=kind, mean=float(np.mean(nums)) if nums else None,
                                   missing=len(values) - len(nums)))
        elif kind == "categorical":
            top = Counter(str(v) for v in values if v is not None).most_common(3)
            stats.append(FieldStat(field=field, kind=kind, top=top, missing=missing))
    return stats
