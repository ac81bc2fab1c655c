"""Scripted runs of an LLM job over a file: one input record in, one JSON line out, resumable after a crash.

Each finished record is written and fsynced at once, so Ctrl-C or a crash loses at most the record in flight,
and `--resume` picks up where the output file stops (it keys on record ids, which must therefore be unique).
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from pydantic import BaseModel

from assistant.core.errors import ConfigError, InputFileError
from assistant.core.files import write_error
from assistant.data.records import load_records


@dataclass
class Item:
    """One record to run the job on: the id the output line carries, the text, and where it came from."""

    id: str
    text: str
    row: int
    fields: dict[str, Any] = field(default_factory=dict)


def read_items(path: Path | str, *, text_field: str | None = None, id_field: str | None = None,
               **load_options: Any) -> list[Item]:
    """Read a table file into items; every record must have an id of its own (an empty text is fine).

    Text: `text_field`, else a field named ``text``, else every field as a ``Field: value`` line.
    Id: `id_field`, else a field named ``id``, else the content id from `load_records`.
    `load_options` (fmt, encoding, sheet, ...) go to `load_records` as they are.
    """
    load = load_records(path, id_column=id_field, **load_options)
    records = load.records
    if text_field is None and any("text" in r.fields for r in records):
        text_field = "text"
    if text_field is not None and not any(text_field in r.fields for r in records):
        raise InputFileError(str(path), f"has no field {text_field!r}",
                             f"pass --text-field with one of: {', '.join(load.columns)}")
    id_name = id_field or ("id" if any("id" in r.fields for r in records) else None)

    items: list[Item] = []
    seen: dict[str, int] = {}
    for rec in records:
        if text_field is not None:  # a record whose text is missing is an empty text: nothing to extract
            text = str(rec.fields.get(text_field, ""))
        else:
            from assistant.data.ingest import record_text  # lazy: ingest is only needed for field-rendered texts

            text = record_text(rec, "record.j2", {id_name} if id_name else set())
        item_id = str(rec.fields[id_name]) if id_name and id_name in rec.fields else rec.id
        if item_id in seen:
            raise InputFileError(str(path), f"repeats id {item_id!r} of row {seen[item_id]}",
                                 "give every record its own id (resume keys on ids), or pass another --id-field",
                                 row=rec.row)
        seen[item_id] = rec.row
        items.append(Item(id=item_id, text=text, row=rec.row, fields=dict(rec.fields)))
    return items


def _line_id(raw: bytes) -> str | None:
    """The id of one output line, or None when the line is not a JSON object with an id."""
    try:
        obj = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(obj, dict) or obj.get("id") is None:
        return None
    return str(obj["id"])


class RunSummary(BaseModel):
    """What a run did; `--json` prints it as it is."""

    records: int
    done: int
    skipped: int
    failed: int
    extra: dict[str, Any] = {}
    output: str
    failures: str | None = None
    seconds: float = 0.0


def exit_code(summary: RunSummary) -> int:
    """0 when every record was done; 1 when some failed, so scripts notice (a rerun with --resume retries them)."""
    return 0 if summary.failed == 0 else 1


class JsonlRun:
    """Write one JSON line per finished item into `output`, failures into ``<stem>.failures.jsonl`` beside it.

    Checks happen on construction (before any model is loaded); files are touched only on ``with``.
    """

    def __init__(self, output: Path | str, *, resume: bool, overwrite: bool = False):
        self.output = Path(output)
        self.failures_path = self.output.with_name(f"{self.output.stem}.failures.jsonl")
        self.done_ids: set[str] = set()
        self.written = self.failed = self.skipped = 0
        self.repaired = False  # a cut-off last line was found (and is removed on enter)
        self._keep: int | None = None
        self._overwrite = overwrite
        self._out: IO[bytes] | None = None
        self._fail: IO[bytes] | None = None
        if resume and overwrite:
            raise ConfigError("--resume and --overwrite contradict each other", "pass only one of them")
        if self.output.is_dir():
            raise ConfigError(f"--output {self.output} is a folder", "give the path of a .jsonl file")
        if overwrite or not self.output.exists() or self.output.stat().st_size == 0:
            return
        if not resume:
            raise ConfigError(f"{self.output} already exists",
                              "pass --resume to continue it, --overwrite to start again, or choose another --output")
        self._scan()

    def _scan(self) -> None:
        """Collect the ids already done; note where a line cut off by a crash starts, to remove it."""
        try:
            data = self.output.read_bytes()
        except OSError as exc:
            raise InputFileError(str(self.output), f"cannot be read: {exc.strerror}", "check its permissions") from exc
        keep = data.rfind(b"\n") + 1  # bytes after the last newline are a line cut off mid-write
        lines: list[tuple[int, int, str | None]] = []  # (line number, start offset, id)
        pos = 0
        for n, raw in enumerate(data[:keep].split(b"\n")[:-1], 1):
            if raw.strip():
                lines.append((n, pos, _line_id(raw)))
            pos += len(raw) + 1
        if keep == len(data) and lines and lines[-1][2] is None:
            keep = lines.pop()[1]  # a complete but broken last line: also the mark of a crash
        for n, _, item_id in lines:
            if item_id is None:
                raise InputFileError(str(self.output), f"line {n} is not a JSON object with an \"id\"",
                                     "repair or delete that line, or pass --overwrite to start again")
            self.done_ids.add(item_id)
        if keep < len(data):
            self._keep, self.repaired = keep, True

    def __enter__(self) -> JsonlRun:
        try:
            self.output.parent.mkdir(parents=True, exist_ok=True)
            if self._keep is not None:
                os.truncate(self.output, self._keep)
            # failures of earlier runs are not in the output, so they are retried; the file holds this run's only
            self.failures_path.unlink(missing_ok=True)
            # Unbuffered bytes: a line is written by us in full or cut back (see _append), never left in a buffer.
            self._out = open(self.output, "wb" if self._overwrite else "ab", buffering=0)
        except OSError as exc:
            raise write_error(self.output, exc, "nothing was written") from exc
        return self

    def __exit__(self, *exc: object) -> None:
        for fh in (self._out, self._fail):
            if fh is not None:
                fh.close()
        self._out = self._fail = None
        if self.failed == 0 and self.failures_path.exists() and self.failures_path.stat().st_size == 0:
            self.failures_path.unlink()

    def pending(self, items: list[Item]) -> list[Item]:
        """The items still to do; those done by an earlier run are counted in `skipped`."""
        todo = [it for it in items if it.id not in self.done_ids]
        self.skipped = len(items) - len(todo)
        return todo

    def write(self, obj: dict[str, Any]) -> None:
        """Append one finished item and make it durable before returning."""
        if "id" not in obj:
            raise ValueError("an output line needs an 'id': resume keys on it")
        _append(self._open("out"), obj)
        self.done_ids.add(str(obj["id"]))
        self.written += 1

    def fail(self, item_id: str, row: int, error: str) -> None:
        """Record an item that failed; it is not in the output, so `--resume` retries it."""
        _append(self._open("fail"), {"id": item_id, "row": row, "error": error})
        self.failed += 1

    def summary(self, records: int, seconds: float, extra: dict[str, Any] | None = None) -> RunSummary:
        return RunSummary(records=records, done=self.written, skipped=self.skipped, failed=self.failed,
                          extra=extra or {}, output=str(self.output), seconds=round(seconds, 3),
                          failures=str(self.failures_path) if self.failed else None)

    def _open(self, which: str) -> IO[bytes]:
        if self._out is None:
            raise RuntimeError("JsonlRun writes only inside `with JsonlRun(...) as run:`")
        if which == "out":
            return self._out
        if self._fail is None:  # opened on the first failure: a clean run leaves no empty file behind
            try:
                self._fail = open(self.failures_path, "wb", buffering=0)
            except OSError as exc:
                raise write_error(self.failures_path, exc) from exc
        return self._fail


def _append(fh: IO[bytes], obj: dict[str, Any]) -> None:
    """Write one line and fsync it. On a write error (a full disk) the file is cut back to its last whole line,
    so the output keeps every finished record and `--resume` continues after the last one."""
    data = memoryview((json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8"))
    fd = fh.fileno()
    size = os.fstat(fd).st_size
    try:
        while data:
            data = data[fh.write(data) or 0:]  # an unbuffered write may write part of the line
        os.fsync(fd)
    except OSError as exc:
        try:
            os.ftruncate(fd, size)
        except OSError:
            pass
        raise write_error(fh.name, exc, "the records written before are kept; rerun with --resume") from exc
