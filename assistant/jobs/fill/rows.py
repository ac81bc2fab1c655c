"""The rows fill works on: a record's id, its fields (internal keys dropped) and its embedding."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from assistant.data.readers import is_missing
from assistant.jobs.fill.candidates import INTERNAL


@dataclass
class Row:
    """A record as fill sees it: id, fields (internal keys dropped) and its embedding."""

    id: str
    fields: dict[str, Any]
    vector: np.ndarray


def rows_from_store(got: dict[str, Any]) -> list[Row]:
    return [Row(i, {k: v for k, v in (m or {}).items() if not k.startswith(INTERNAL)}, np.asarray(e, np.float32))
            for i, m, e in zip(got["ids"], got["metadatas"], got["embeddings"])]


def split_rows(rows: list[Row], field: str) -> tuple[list[Row], list[Row]]:
    """(rows missing the field, rows having it)."""
    missing = [r for r in rows if field not in r.fields or is_missing(r.fields[field])]
    have = [r for r in rows if not (field not in r.fields or is_missing(r.fields[field]))]
    return missing, have
