"""Read table files (CSV, TSV, JSONL, JSON, XLSX) into rows of plain values, with errors that name file, row and fix.

Formats are told by extension and checked against the content; text is decoded with the encoding given or
detected; columns of text that are all numbers become numbers (codes with leading zeros stay text).
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import decimal
import io
import json
import math
import re
import sys
from pathlib import Path
from typing import Any, Iterable

from assistant.core.errors import ConfigError, InputFileError
from assistant.data.csv_records import split_records

FORMATS = ("csv", "tsv", "jsonl", "json", "xlsx")
_EXTENSIONS = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl",
               ".json": "json", ".xlsx": "xlsx", ".xlsm": "xlsx"}
INT_RE = re.compile(r"^[+-]?(0|[1-9][0-9]{0,17})$")  # no leading zeros: "02134" is a code, not a number
_ZIP_MAGIC = b"PK\x03\x04"
_FLOAT_RE = re.compile(r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$")


MISSING_WORDS = frozenset({"", "nan", "n/a", "null", "none"})


def is_missing(value: Any) -> bool:
    """True for the values that mean 'no value': None, NaN, and "", "nan", "N/A", "null", "None" in any case."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, str):
        return value.strip().lower() in MISSING_WORDS
    return False


def detect_format(path: Path, override: str | None = None) -> str:
    if override:
        if override not in FORMATS:
            raise ConfigError(f"unknown format {override!r}", f"use one of {', '.join(FORMATS)}")
        return override
    fmt = _EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        raise InputFileError(str(path), f"unknown file type {path.suffix or '(no extension)'!r}",
                             "name it .csv, .tsv, .jsonl, .json or .xlsx, or pass --format")
    return fmt


def decode(path: Path, data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode bytes: a given encoding, else BOM, UTF-8, then a detected one (GB18030 for Chinese)."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise InputFileError(str(path), f"cannot be decoded as {encoding}: {exc}",
                                 "check the --encoding value, or leave it out to detect it") from exc
    # A BOM names the encoding, so bytes that break it are an error of the file, not a reason to guess another.
    for bom, codec, shown in ((codecs.BOM_UTF8, "utf-8-sig", "UTF-8"), (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
                              (codecs.BOM_UTF16_BE, "utf-16", "UTF-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError as exc:
                raise InputFileError(str(path), f"starts with a {shown} byte-order mark but is not valid {shown} "
                                     f"(byte {exc.start}: {exc.reason})",
                                     "re-save the file as UTF-8, or pass --encoding") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    from charset_normalizer import from_bytes

    best = from_bytes(data[:2_000_000]).best()
    if best is not None:
        enc = best.encoding.lower().replace("_", "")
        if enc in {"gbk", "gb2312", "gb18030", "hz"}:
            enc = "gb18030"  # superset of GBK and GB2312
        try:
            return data.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            pass
    line = data[: utf8_error.start].count(b"\n") + 1
    raise InputFileError(str(path), f"unreadable text encoding (not UTF-8, byte {utf8_error.start} on line {line}, "
                         "and no other encoding fits)", "save the file as UTF-8, or pass --encoding (e.g. gb18030, latin-1)")


def _check_content_matches(path: Path, fmt: str, head: bytes) -> None:
    """Refuse a file that is not what its extension says (an XLSX named .csv, a CSV named .xlsx...)."""
    is_zip = head.startswith(_ZIP_MAGIC)
    if fmt == "xlsx":
        if not is_zip:
            kind = "text" if b"\x00" not in head[:4096] else "binary data"
            raise InputFileError(str(path), f"is not an XLSX workbook (it holds {kind})",
                                 "give it the right extension (.csv, .jsonl, ...) or pass --format")
        return
    if is_zip:
        raise InputFileError(str(path), f"looks like a ZIP/XLSX file, not {fmt.upper()}",
                             "rename it to .xlsx (or pass --format xlsx), or export it as CSV")
    if b"\x00" in head[:4096] and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputFileError(str(path), f"holds binary data, not {fmt.upper()} text",
                             "check that this is the file you meant, or pass --format")
    stripped = head.lstrip(codecs.BOM_UTF8 + b" \t\r\n")
    if fmt == "json" and stripped and stripped[:1] not in (b"[", b"{"):
        raise InputFileError(str(path), "is not JSON (it does not start with '[' or '{')",
                             "give a JSON array of objects, or rename the file to .csv/.jsonl")
    if fmt == "jsonl" and stripped and stripped[:1] != b"{":
        raise InputFileError(str(path), "is not JSON Lines (the first line is not a JSON object)",
                             "give one JSON object per line, or rename the file to .csv/.json")


def plain(value: Any) -> Any:
    """A value as str/int/float/bool (what the store accepts), or None when it is missing."""
    if is_missing(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value if -(2**63) <= value < 2**63 else str(value)
    if isinstance(value, float):
        return None if math.isinf(value) else value
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (list, tuple, set)):
        # A nested list or object is kept as JSON: recursing here hit Python's recursion limit on deep JSON.
        # Items that are missing once made plain (an infinity) are left out, not written as "None".
        parts = [json.dumps(v, ensure_ascii=False, default=str) if isinstance(v, (list, tuple, dict)) else plain(v)
                 for v in value]
        parts = [str(p) for p in parts if p is not None]
        return ", ".join(parts) if parts else None
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value).strip()


def _infer_column(values: Iterable[str]) -> str:
    kinds = {"int", "float", "bool"}
    for v in values:
        low = v.strip().lower()
        if "int" in kinds and not INT_RE.match(v.strip()):
            kinds.discard("int")
        if "float" in kinds:
            # float() also takes "1_000" and non-ASCII digits ("١٢"): such a cell is a code, not a number
            s = v.strip()
            if not _FLOAT_RE.match(s) or math.isinf(float(s)) or (s[:1] == "0" and len(s) > 1 and s[1] != "."):
                kinds.discard("float")
        if "bool" in kinds and low not in ("true", "false"):
            kinds.discard("bool")
        if not kinds:
            return "str"
    for k in ("int", "float", "bool"):
        if k in kinds:
            return k
    return "str"


def _convert(value: str, kind: str) -> Any:
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    if kind == "bool":
        return value.strip().lower() == "true"
    return value.strip()


def _type_text_columns(rows: list[tuple[int, dict[str, Any]]], columns: list[str]) -> None:
    """CSV cells are all text: give each column one type (int, float, bool or str) for all its rows."""
    for col in columns:
        present = [r[col] for _, r in rows if isinstance(r.get(col), str) and not is_missing(r[col])]
        kind = _infer_column(present) if present else "str"
        for _, r in rows:
            if isinstance(r.get(col), str):
                r[col] = None if is_missing(r[col]) else _convert(r[col], kind)


def _read_delimited(path: Path, text: str, delimiter: str) -> tuple[list[str], list[tuple[int, dict]], list]:
    csv.field_size_limit(sys.maxsize)  # oversized fields get our own error, with the row and the fix
    if delimiter == "," and text:
        # A header of one cell holding ';' means a semicolon CSV. The header is read as a CSV record, not as the
        # first line: a quoted name may hold a line break and a ';' ("Note;\nfree text",id), which read as a line
        # made the whole file one column.
        try:
            first = next(csv.reader(io.StringIO(text, newline="")), [])
        except csv.Error:
            first = []
        if len(first) == 1 and ";" in first[0]:
            delimiter = ";"
    records, problems = split_records(str(path), text, delimiter)
    nonblank = iter([r for r in records if any(c.strip() for c in r.cells)])
    head = next(nonblank, None)
    if head is None:
        raise InputFileError(str(path), "is empty (no header, no rows)",
                             "give a file whose first line names the columns")
    columns = [h.strip() for h in head.cells]
    _check_header(path, columns)
    rows: list[tuple[int, dict]] = []
    for rec in nonblank:
        if len(rec.cells) != len(columns):
            problems.append((rec.start, f"has {len(rec.cells)} fields, the header has {len(columns)} "
                                        f"(an unquoted '{delimiter}' or a missing one?)"))
            continue
        rows.append((rec.start, dict(zip(columns, rec.cells))))
    _type_text_columns(rows, columns)
    return columns, rows, problems


def _check_header(path: Path, columns: list[str]) -> None:
    seen: dict[str, int] = {}
    for i, name in enumerate(columns, 1):
        if not name:
            raise InputFileError(str(path), f"column {i} of the header has no name",
                                 "give every column a name in the first row", row=1)
        if name in seen:
            raise InputFileError(str(path), f"column name {name!r} appears twice (columns {seen[name]} and {i})",
                                 "rename one of them", row=1)
        seen[name] = i


def _objects(items, problems: list) -> tuple[list[str], list[tuple[int, dict]]]:
    """Keep the JSON objects of (number, value) pairs as rows; anything else is a problem of its row."""
    rows, columns = [], {}
    for n, obj in items:
        if not isinstance(obj, dict):
            problems.append((n, f"is a JSON {type(obj).__name__}, not an object"))
            continue
        columns.update(dict.fromkeys(obj))
        rows.append((n, obj))
    return list(columns), rows


def _json_limit(exc: BaseException) -> str:
    """What a JSON parser limit means for the user: nesting too deep, or an integer of thousands of digits."""
    if isinstance(exc, RecursionError):
        return "holds JSON nested too deeply to read"
    return f"holds a value the JSON reader refuses ({exc})"


def _read_jsonl(path: Path, text: str):
    problems, parsed = [], []
    # Lines end at "\n" only: str.splitlines() also splits at U+2028, U+0085 and others, which JSON strings may
    # hold raw, and would cut a valid line in two.
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            parsed.append((n, json.loads(line)))
        except json.JSONDecodeError as exc:
            problems.append((n, f"is not valid JSON ({exc.msg} at column {exc.colno})"))
        except (ValueError, RecursionError) as exc:
            problems.append((n, _json_limit(exc)))
    columns, rows = _objects(parsed, problems)
    return columns, rows, problems


def _read_json(path: Path, text: str):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputFileError(str(path), f"is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
                             "fix the JSON, or save it as one object per line (.jsonl)", row=exc.lineno) from exc
    except (ValueError, RecursionError) as exc:
        raise InputFileError(str(path), _json_limit(exc), "flatten the data, or store such values as strings") from exc
    if isinstance(data, dict):
        lists = [k for k, v in data.items() if isinstance(v, list)]
        if len(lists) == 1:
            data = data[lists[0]]
        else:
            raise InputFileError(str(path), "holds a JSON object, not an array of records",
                                 "give an array of objects: [{...}, {...}]")
    if not isinstance(data, list):
        raise InputFileError(str(path), "holds no array of records", "give an array of objects: [{...}, {...}]")
    problems: list[tuple[int, str]] = []
    columns, rows = _objects(enumerate(data, 1), problems)
    return columns, rows, problems


def _read_xlsx(path: Path, sheet: str | None):
    from zipfile import BadZipFile

    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputFileError(str(path), f"cannot be opened as an XLSX workbook ({exc})",
                             "open and re-save it in a spreadsheet program, or export it as CSV") from exc
    try:
        if sheet is not None and sheet not in wb.sheetnames:
            raise InputFileError(str(path), f"has no sheet {sheet!r}", f"use one of: {', '.join(wb.sheetnames)}")
        ws = wb[sheet] if sheet else wb.worksheets[0]
        it = ws.iter_rows(values_only=True)
        header = None
        hrow = 0
        for hrow, cells in enumerate(it, 1):
            if any(not is_missing(c) for c in cells):
                header = cells
                break
        if header is None:
            raise InputFileError(str(path), "is empty (its first sheet has no header and no rows)",
                                 "put the column names in the first row")
        width = max(i + 1 for i, c in enumerate(header) if not is_missing(c))
        columns = ["" if is_missing(c) else str(c).strip() for c in header[:width]]
        _check_header(path, columns)
        rows, problems = [], []
        for n, cells in enumerate(it, hrow + 1):
            if not any(not is_missing(c) for c in cells):
                continue
            extra = [c for c in cells[width:] if not is_missing(c)]
            if extra:
                problems.append((n, f"has values beyond the {width} named columns"))
                continue
            cells = tuple(cells[:width]) + (None,) * (width - len(cells[:width]))
            rows.append((n, dict(zip(columns, cells))))
        return columns, rows, problems
    finally:
        wb.close()


def read_rows(path: Path, fmt: str | None = None, encoding: str | None = None, sheet: str | None = None):
    """Parse a file into (columns, [(row_number, raw dict)], problems, encoding, format)."""
    path = Path(path)
    if not path.exists():
        raise InputFileError(str(path), "does not exist", "check the path")
    if path.is_dir():
        raise InputFileError(str(path), "is a folder, not a file", "give the path of a file inside it")
    fmt = detect_format(path, fmt)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputFileError(str(path), f"cannot be read: {exc.strerror}", "check its permissions") from exc
    if not data.strip(codecs.BOM_UTF8 + b" \t\r\n"):
        raise InputFileError(str(path), "is empty", "give a file with a header line and at least one record")
    _check_content_matches(path, fmt, data[:8192])
    if fmt == "xlsx":
        columns, rows, problems = _read_xlsx(path, sheet)
        used = None
    else:
        text, used = decode(path, data, encoding)
        if fmt in ("csv", "tsv"):
            columns, rows, problems = _read_delimited(path, text, "\t" if fmt == "tsv" else ",")
        elif fmt == "jsonl":
            columns, rows, problems = _read_jsonl(path, text)
        else:
            columns, rows, problems = _read_json(path, text)
    if not rows and not problems:
        what = "has a header but no records" if fmt in ("csv", "tsv", "xlsx") else "holds no records"
        raise InputFileError(str(path), what, "add at least one record below the header")
    return columns, rows, problems, used, fmt


