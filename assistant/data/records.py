"""Records from table files: typed, with ids, bad rows named (file, row, fix) before anything is written.

The file formats themselves are read by `readers`; this module turns rows into checked records.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.core.errors import BadRowsError, InputFileError
from assistant.data.readers import plain, read_rows


@dataclass
class Record:
    """One row: where it came from, its id, and its fields (missing ones already dropped)."""

    row: int
    id: str
    fields: dict[str, Any]


@dataclass
class LoadResult:
    path: Path
    format: str
    encoding: str | None
    columns: list[str]
    records: list[Record]
    rows_read: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)


def content_id(fields: dict[str, Any]) -> str:
    """A stable id from a record's content: the same values give the same id on every machine."""
    canon = json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str)
    return "r" + hashlib.sha1(canon.encode("utf-8")).hexdigest()[:15]


def select_columns(path: Path, columns: list[str], fields: list[str] | None, exclude: list[str] | None) -> list[str]:
    for name in (fields or []) + (exclude or []):
        if name not in columns:
            raise InputFileError(str(path), f"has no column {name!r}", f"columns are: {', '.join(columns)}")
    chosen = list(fields) if fields else list(columns)
    return [c for c in chosen if c not in set(exclude or [])]


def load_records(
    path: Path | str,
    *,
    fmt: str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    id_column: str | None = None,
    fields: list[str] | None = None,
    exclude: list[str] | None = None,
    max_field_bytes: int = 1_000_000,
    skip_bad_rows: bool = False,
) -> LoadResult:
    """Read, type and check every record of a file; raise before anything is written if a row is bad."""
    path = Path(path)
    columns, rows, problems, used, fmt = read_rows(path, fmt, encoding, sheet)
    if id_column is not None and id_column not in columns:
        raise InputFileError(str(path), f"has no id column {id_column!r}", f"columns are: {', '.join(columns)}")
    keep = select_columns(path, columns, fields, exclude)
    if id_column and id_column not in keep:
        keep = [id_column] + keep
    records: list[Record] = []
    skipped: list[tuple[int, str]] = []
    seen_ids: dict[str, int] = {}
    for row, raw in rows:
        values = {}
        bad = None
        for col in keep:
            v = plain(raw.get(col))
            if v is None:
                continue
            if isinstance(v, str) and len(v) > max_field_bytes // 4 and len(v.encode("utf-8")) > max_field_bytes:
                bad = (f"field {col!r} holds {len(v.encode('utf-8')) / 1e6:.1f} MB, over the "
                       f"{max_field_bytes / 1e6:g} MB limit for one field")
                break
            values[col] = v
        if bad:
            problems.append((row, bad))
            continue
        if id_column:
            rid = values.get(id_column)
            if rid is None:
                problems.append((row, f"has no value in the id column {id_column!r}"))
                continue
            rid = str(rid)
            if rid in seen_ids:
                problems.append((row, f"repeats id {rid!r} of row {seen_ids[rid]}"))
                continue
        else:
            if not values:
                skipped.append((row, "all fields empty"))
                continue
            rid = content_id(values)
            if rid in seen_ids:
                skipped.append((row, f"same content as row {seen_ids[rid]}"))
                continue
        seen_ids[rid] = row
        records.append(Record(row=row, id=rid, fields=values))
    if problems:
        problems.sort()
        if not skip_bad_rows:
            fix = ("close the quote in that row, or pass --skip-bad-rows to ingest the rest and list the bad ones"
                   if any("quote" in m for _, m in problems) else
                   "fix those rows, or pass --skip-bad-rows to ingest the rest and list the bad ones"
                   if any("MB" not in m for _, m in problems) else
                   "leave the field out with --exclude FIELD, raise --max-field-mb, or pass --skip-bad-rows")
            raise BadRowsError(str(path), problems, fix)
        skipped.extend(problems)
    if not records:
        raise InputFileError(str(path), "has no usable records (every row was skipped)",
                             "check the rows listed above" if skipped else "add records")
    skipped.sort()
    return LoadResult(path=path, format=fmt, encoding=used, columns=keep, records=records,
                      rows_read=len(rows) + len(problems), skipped=skipped)


def read_lines(path: str | Path) -> list[str]:
    """The lines of a UTF-8 data file (a BOM is dropped), with errors that name the file and the fix."""
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        raise InputFileError(str(path), "the data file does not exist", "check the path") from None
    except IsADirectoryError:
        raise InputFileError(str(path), "is a folder, not a file", "give the path of a JSONL file") from None
    except UnicodeDecodeError as exc:
        raise InputFileError(str(path), f"not UTF-8 text ({exc.reason})", "save the file as UTF-8") from None
