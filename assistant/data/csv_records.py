"""Split CSV/TSV text into records, catching a quote that never closes.

Python's csv reader (non-strict) reads an unterminated quote as one field holding the rest of the file: a CSV with
a stray quote in row 1 was ingested as ONE record whose text swallowed every following row, with exit 0. Two shapes
are refused here, each named by the row where the quote opened:

- a quoted field that runs to the end of the file (it parses only once a closing quote is added);
- a quoted field over many lines while no other record of the file spans lines, whose inner lines each read as a
  full row of the file (a stray quote closed by another one rows later).

The bad record becomes a problem of its row and the text is read again from the line after it, so with
--skip-bad-rows nothing but that row is lost.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from assistant.core.errors import InputFileError

MANY_LINES = 3  # a record over this many lines, in a file where no other spans two, is a runaway quote...
ROW_LIKE_LINES = 2  # ...when at least this many of its inner lines read as complete rows of the file


@dataclass
class RawRecord:
    start: int  # the physical line (1-based) where the record begins
    end: int  # the physical line where it ends
    cells: list[str]


def _parse(path: str, lines: list[str], first: int, delimiter: str) -> list[RawRecord]:
    reader = csv.reader(iter(lines[first:]), delimiter=delimiter)
    out: list[RawRecord] = []
    start = first + 1
    try:
        for cells in reader:
            out.append(RawRecord(start, first + reader.line_num, cells))
            start = first + reader.line_num + 1
    except csv.Error as exc:
        kind = "TSV" if delimiter == "\t" else "CSV"
        raise InputFileError(path, f"is not valid {kind}: {exc}", "fix the quoting on that line",
                             row=first + reader.line_num) from exc
    return out


def _strict_ok(text: str, delimiter: str) -> bool:
    try:
        list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
        return True
    except csv.Error:
        return False


def _open_at_end(rec: RawRecord, lines: list[str], delimiter: str) -> bool:
    """The record's quote is still open at the end of the file: it fails strictly, and parses once closed."""
    text = "".join(lines[rec.start - 1:rec.end])
    return '"' in text and not _strict_ok(text, delimiter) and _strict_ok(text + '"', delimiter)


def _row_like(line: str, delimiter: str, width: int) -> bool:
    try:
        return len(next(csv.reader([line], delimiter=delimiter), [])) == width
    except csv.Error:
        return False


def _runaway(recs: list[RawRecord], lines: list[str], delimiter: str, width: int | None) -> tuple[int, str] | None:
    """(index of the record whose quote ran away, why), or None when every record looks sound."""
    if recs and recs[-1].end == len(lines) and _open_at_end(recs[-1], lines, delimiter):
        rec = recs[-1]
        return len(recs) - 1, f"a quote opened in this row never closes: it runs to the end of the file " \
                              f"({rec.end - rec.start + 1} line(s))"
    multi = [i for i, r in enumerate(recs) if r.end > r.start]
    if len(multi) != 1 or not width or width < 2:
        return None
    rec = recs[multi[0]]
    if rec.end - rec.start + 1 < MANY_LINES:
        return None
    inner = lines[rec.start:rec.end]  # the lines after the one where the quote opened, the closing one included
    rows = sum(_row_like(line, delimiter, width) for line in inner)
    if rows < ROW_LIKE_LINES:
        return None
    return multi[0], (f"a quoted field opened in this row runs over {rec.end - rec.start + 1} lines and swallows "
                      f"{rows} line(s) that read as rows, while no other row spans lines (a quote not closed?)")


def split_records(path: str, text: str, delimiter: str) -> tuple[list[RawRecord], list[tuple[int, str]]]:
    """Every record of the text (header included, blank lines as empty cells), and the rows refused as runaway quotes."""
    lines = io.StringIO(text, newline="").readlines()
    kept: list[RawRecord] = []
    problems: list[tuple[int, str]] = []
    first = 0
    while True:
        recs = _parse(path, lines, first, delimiter)
        header = next((r for r in kept + recs if any(c.strip() for c in r.cells)), None)
        found = _runaway(recs, lines, delimiter, len(header.cells) if header else None)
        if found is None:
            return kept + recs, problems
        i, why = found
        bad = recs[i]
        if not any(any(c.strip() for c in r.cells) for r in kept + recs[:i]):
            raise InputFileError(path, f"in the header line, {why}", "close the quote in the header line",
                                 row=bad.start)
        kept.extend(recs[:i])
        problems.append((bad.start, why))
        first = bad.start  # read again from the line after the one where the quote opened
