"""Fuzzing the two parsers of untrusted input: the record loader (any bytes a user may call a table) and the span
aligner (any value a model may return). The loader either returns records that hold what the file holds or raises an
AssistantError that names the problem; the aligner returns spans that are the source's own characters, within bounds.

Example counts are kept moderate so the file runs in well under a minute (ASSISTANT_FUZZ_SCALE=20 hunts longer);
`--hypothesis-seed` reproduces a run.
"""
from __future__ import annotations

import codecs
import csv
import io
import json
import math
import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from assistant.core.errors import AssistantError, BadRowsError, InputFileError
from assistant.data.readers import is_missing
from assistant.data.records import load_records
from assistant.jobs.extract.spans import _EDGES, align

SCALE = int(os.environ.get("ASSISTANT_FUZZ_SCALE", "1"))  # e.g. 20 for a long hunt; 1 keeps the suite quick
FAST = settings(max_examples=150 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=60 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_DIR = Path(tempfile.mkdtemp(prefix="assistant-fuzz-"))
EXTENSIONS = ("csv", "tsv", "jsonl", "json")
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "gb18030", "latin-1", "cp1252")


def _file(ext: str, data: bytes) -> Path:
    path = _DIR / f"input.{ext}"
    path.write_bytes(data)
    return path


def _check_result(res) -> None:
    """What any successful load promises, whatever the input was."""
    assert res.records, "a load that returns has at least one record"
    ids = [r.id for r in res.records]
    assert len(ids) == len(set(ids)), "ids are unique"
    for rec in res.records:
        assert rec.fields, "a record with no values is skipped, not returned"
        assert set(rec.fields) <= set(res.columns)
        for value in rec.fields.values():
            assert isinstance(value, (str, int, float, bool)), value
            assert not is_missing(value), "missing values are dropped, never stored as text"
            if isinstance(value, float):
                assert math.isfinite(value)
            if isinstance(value, int) and not isinstance(value, bool):
                assert -(2**63) <= value < 2**63
            if isinstance(value, str):
                assert value == value.strip()


def _load_or_clear_error(path: Path, **options):
    """load_records' result, or None when it raised an AssistantError with a message and a fix."""
    try:
        res = load_records(path, **options)
    except AssistantError as exc:
        assert exc.message and exc.fix, f"error without message or fix: {exc!r}"
        return None
    _check_result(res)
    return res


# ---------------------------------------------------------------- the loader: arbitrary input never crashes

_PREFIXES = st.sampled_from([b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, b"PK\x03\x04",
                             b"a,b\n", b"a\tb\n", b'{"a": ', b"[", b'[{"a": 1}, ', b"\x00"])


@FAST
@given(ext=st.sampled_from(EXTENSIONS), prefix=_PREFIXES, body=st.binary(max_size=400))
@example(ext="csv", prefix=codecs.BOM_UTF16_LE, body=b"a,b\n1,2\nx")  # odd byte count after a UTF-16 BOM
@example(ext="csv", prefix=codecs.BOM_UTF8, body=b"a,b\n\xff,2\n")  # a UTF-8 BOM before bytes that are not UTF-8
def test_loader_survives_arbitrary_bytes(ext, prefix, body):
    _load_or_clear_error(_file(ext, prefix + body))


_TABLE_CHARS = st.sampled_from(list('ab c,;\t"\'\n\r\x00{}[]:1.-_eé中\u2028\ufeff\\')
                                + ["nan", "N/A", "null", "true"])


@FAST
@given(ext=st.sampled_from(EXTENSIONS), encoding=st.sampled_from(ENCODINGS),
       pieces=st.lists(_TABLE_CHARS, max_size=120))
def test_loader_survives_arbitrary_text(ext, encoding, pieces):
    text = "".join(pieces)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        assume(False)
    _load_or_clear_error(_file(ext, data))


def _json_values(max_leaves=8):
    scalars = (st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
               | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=20))
    return st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                        | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=max_leaves)


@FAST
@given(lines=st.lists(_json_values(), min_size=1, max_size=6), ascii=st.booleans())
@example(lines=[{"a": [float("-inf")]}], ascii=True)  # regression: an infinity in a list was stored as "None"
def test_jsonl_of_any_json_values(lines, ascii):
    """Every line is any JSON value (objects, arrays, numbers, nesting): objects load, the rest are bad rows."""
    text = "\n".join(json.dumps(v, ensure_ascii=ascii) for v in lines) + "\n"
    res = _load_or_clear_error(_file("jsonl", text.encode("utf-8")), skip_bad_rows=True)
    if res is not None:
        assert all(isinstance(lines[r.row - 1], dict) for r in res.records)


@pytest.mark.parametrize("depth", [50, 990, 5000])
@pytest.mark.parametrize("kind", ["list", "dict"])
def test_deeply_nested_json_is_a_clear_error_or_kept_as_json(depth, kind):
    """Regression: nesting near Python's recursion limit raised RecursionError (from json or from flattening)."""
    inner = "1"
    for _ in range(depth):
        inner = f"[{inner}]" if kind == "list" else f'{{"k": {inner}}}'
    for ext, text in (("jsonl", '{"id": 1, "a": %s}\n' % inner), ("json", '[{"id": 1, "a": %s}]' % inner)):
        try:
            res = load_records(_file(ext, text.encode()))
        except InputFileError as exc:
            assert "nested too deeply" in str(exc)
            continue
        assert json.loads(res.records[0].fields["a"]) if kind == "dict" else res.records[0].fields["a"].startswith("[")


def test_integer_with_thousands_of_digits_is_a_clear_error():
    """Regression: Python's int digit limit raised a bare ValueError out of the JSON reader."""
    with pytest.raises(InputFileError, match="refuses"):
        load_records(_file("json", b'[{"a": ' + b"9" * 5000 + b"}]"))
    with pytest.raises(BadRowsError, match="refuses"):
        load_records(_file("jsonl", b'{"a": ' + b"9" * 5000 + b"}\n"))


def test_bom_with_broken_bytes_is_a_clear_error():
    """Regression: a BOM followed by bytes its encoding cannot decode raised UnicodeDecodeError."""
    with pytest.raises(InputFileError, match="UTF-16 byte-order mark"):
        load_records(_file("csv", codecs.BOM_UTF16_LE + b"a,b\n1,2\nx"))
    with pytest.raises(InputFileError, match="UTF-8 byte-order mark"):
        load_records(_file("csv", codecs.BOM_UTF8 + b"a,b\n\xff,2\n"))


# ---------------------------------------------------------------- the loader: what loads is what the file holds

_CELL = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12) | \
    st.sampled_from(["", " ", "nan", "N/A", "0", "007", "1_000", "١٢", "-3", "2.5", "1e3", "true", "False",
                     "inf", "9" * 30, "a\nb", 'say "hi"', "x,y", "x\ty", "\u2028", "\ufeff"])
_NAME = (st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=8)
         | st.sampled_from(["note;\nfree text", "a;b", "x,y", 'say "hi"'])
         ).map(str.strip).filter(lambda s: s and s != "id")


def _expected(cell: str, value) -> bool:
    """Does a loaded value stand for its cell? (a column is typed as a whole; a number must be written as one)"""
    if isinstance(value, bool):
        return cell.strip().lower() == str(value).lower()
    if isinstance(value, int):
        return cell.strip().lstrip("+-").isascii() and cell.strip().lstrip("+-").isdigit() and int(cell) == value
    if isinstance(value, float):
        return cell.strip().isascii() and "_" not in cell and float(cell) == value
    return value == cell.strip()


@SLOW
@given(columns=st.lists(_NAME, min_size=1, max_size=4, unique=True), data=st.data(),
       ext=st.sampled_from(("csv", "tsv")), encoding=st.sampled_from(("utf-8", "utf-8-sig", "utf-16", "gb18030")))
@example(columns=["a"], data=None, ext="csv", encoding="utf-8")  # "1_000" and "١٢" are not numbers (regression)
def test_delimited_round_trip(columns, data, ext, encoding):
    if data is None:
        rows = [["1_000"], ["١٢"]]
    else:
        rows = data.draw(st.lists(st.lists(_CELL, min_size=len(columns), max_size=len(columns)), min_size=1,
                                  max_size=6))
    header = ["id"] + columns
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter="\t" if ext == "tsv" else ",", lineterminator="\n")
    writer.writerow(header)
    for n, row in enumerate(rows):
        writer.writerow([f"r{n}"] + row)
    try:
        raw = buf.getvalue().encode(encoding)
    except UnicodeEncodeError:
        assume(False)
    try:
        # A few GB18030 bytes are as likely Big5 to any detector: the round trip names it, as --encoding does.
        res = load_records(_file(ext, raw), id_column="id", encoding="gb18030" if encoding == "gb18030" else None)
    except AssistantError as exc:
        # the only refusals a well-formed file may get: a field over the size limit or an odd header name
        assert exc.fix
        assume(False)
    _check_result(res)
    assert [r.fields["id"] for r in res.records] == [f"r{n}" for n in range(len(rows))]
    for rec, row in zip(res.records, rows):
        for name, cell in zip(columns, row):
            if is_missing(cell):
                assert name not in rec.fields
            else:
                assert _expected(cell, rec.fields[name]), (cell, rec.fields[name])


def test_quoted_header_name_with_a_semicolon_and_a_line_break():
    """Regression: the delimiter was guessed from the first line, which here ends inside a quoted name holding ';',
    so the file was read as one column named 'note; x\nmore,id' with the values 'hello,1'."""
    res = load_records(_file("csv", b'"note; x\nmore",id\nhello,1\n'))
    assert res.columns == ["note; x\nmore", "id"] and res.records[0].fields == {"note; x\nmore": "hello", "id": 1}
    assert load_records(_file("csv", b"name;city\nAnn, Jr;Paris\n")).records[0].fields == {"name": "Ann, Jr",
                                                                                            "city": "Paris"}


@SLOW
@given(objs=st.lists(st.dictionaries(st.text(max_size=6).filter(lambda k: k != "id"), _json_values(4), max_size=4),
                     min_size=1, max_size=5),
       ext=st.sampled_from(("jsonl", "json")), ascii=st.booleans(), encoding=st.sampled_from(("utf-8", "utf-8-sig")))
@example(objs=[{"a": "x\u2028y"}], ext="jsonl", ascii=False, encoding="utf-8")  # U+2028 is not a line end (regression)
def test_json_round_trip(objs, ext, ascii, encoding):
    rows = [{"id": f"r{n}", **o} for n, o in enumerate(objs)]
    if ext == "jsonl":
        text = "\n".join(json.dumps(r, ensure_ascii=ascii) for r in rows) + "\n"
    else:
        text = json.dumps(rows, ensure_ascii=ascii, indent=1)
    res = load_records(_file(ext, text.encode(encoding)), id_column="id")
    _check_result(res)
    assert len(res.records) == len(rows)
    for rec, row in zip(res.records, rows):
        for key, value in row.items():
            got = rec.fields.get(key)
            if is_missing(value) or (isinstance(value, float) and math.isinf(value)) or value in ([], {}):
                continue  # dropped (an empty list may also be dropped)
            if isinstance(value, str):
                assert got == value.strip()
            elif isinstance(value, bool) or (isinstance(value, int) and abs(value) < 2**63) or isinstance(value, float):
                assert got == value and type(got) is type(value)
            elif isinstance(value, int):
                assert got == str(value)  # too big for the store: kept as its digits
            elif isinstance(value, dict):
                assert json.loads(got) == json.loads(json.dumps(value, default=str))
            else:
                assert isinstance(got, str) or got is None


@SLOW
@given(widths=st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=8))
def test_ragged_rows_are_named(widths):
    """Rows with more or fewer fields than the header are listed by row number; nothing is loaded from the file."""
    lines = ["a,b,c"] + [",".join(f"v{n}{k}" for k in range(w)) for n, w in enumerate(widths)]
    path = _file("csv", ("\n".join(lines) + "\n").encode())
    bad = [n + 2 for n, w in enumerate(widths) if w != 3]
    if not bad:
        assert len(load_records(path).records) == len(widths)
        return
    with pytest.raises(BadRowsError) as err:
        load_records(path)
    assert [row for row, _ in err.value.problems] == bad
    res = load_records(path, skip_bad_rows=True) if len(bad) < len(widths) else None
    if res is not None:
        assert [r.row for r in res.records] == [n + 2 for n, w in enumerate(widths) if w == 3]


@SLOW
@given(size=st.integers(min_value=0, max_value=3000), ext=st.sampled_from(EXTENSIONS))
def test_huge_fields_are_refused_with_the_row(size, ext):
    value = "x" * size
    text = {"csv": f"id,t\n1,{value}\n2,ok\n", "tsv": f"id\tt\n1\t{value}\n2\tok\n",
            "jsonl": json.dumps({"id": 1, "t": value}) + "\n" + json.dumps({"id": 2, "t": "ok"}) + "\n",
            "json": json.dumps([{"id": 1, "t": value}, {"id": 2, "t": "ok"}])}[ext]
    path = _file(ext, text.encode())
    if size <= 1000:
        assert len(load_records(path, max_field_bytes=1000).records) == 2
        return
    with pytest.raises(BadRowsError) as err:
        load_records(path, max_field_bytes=1000)
    assert err.value.problems[0][0] in (1, 2) and "MB" in err.value.problems[0][1] and "--max-field-mb" in err.value.fix


# ---------------------------------------------------------------- the aligner

_SRC_CHARS = st.sampled_from(list("aAbB cC.,\n\t\"'ßSsİiıIſKkΣσς-")
                             + ["\u00a0", "\u2028", "\x1c", "John", "Smith", "  ", "New York", "é", "e\u0301"])
_SOURCES = st.lists(_SRC_CHARS, max_size=300).map("".join)


def _perturb(draw, source: str) -> str:
    """A value a model might return for a piece of the source: the piece, re-cased, re-spaced, quoted or edited."""
    if not source:
        return draw(st.text(max_size=10))
    i = draw(st.integers(0, len(source) - 1))
    j = draw(st.integers(i, min(len(source), i + 60)))
    piece = source[i:j]
    how = draw(st.sampled_from(["same", "upper", "lower", "spaces", "quote", "edit", "random"]))
    if how == "upper":
        return piece.upper()
    if how == "lower":
        return piece.lower()
    if how == "spaces":
        return "  ".join(piece.split()) + " "
    if how == "quote":
        return f'"{piece}".'
    if how == "edit" and piece:
        k = draw(st.integers(0, len(piece) - 1))
        return piece[:k] + draw(st.sampled_from(["", "x", "  "])) + piece[k + 1:]
    if how == "random":
        return draw(st.text(max_size=30))
    return piece


@st.composite
def _alignment_cases(draw):
    source = draw(_SOURCES)
    value = _perturb(draw, source)
    return source, value


def _same_but_case(a: str, b: str) -> bool:
    """Equal word by word, letter by letter, up to case as Python's re.IGNORECASE sees a letter (Turkish "ı" and
    "İ" pair with "I" and "i", though lower() and casefold() tell them apart)."""
    wa, wb = a.split(), b.split()
    return len(wa) == len(wb) and all(
        len(x) == len(y) and all(c == d or re.fullmatch(re.escape(c), d, re.IGNORECASE) for c, d in zip(x, y))
        for x, y in zip(wa, wb))


def _check_spans(source: str, value: str, spans, occurrences: str, threshold: float, search_from: int) -> None:
    pos = min(max(search_from, 0), len(source))
    for s in spans:
        assert 0 <= pos <= s.start < s.end <= len(source)
        assert s.text == source[s.start:s.end] and s.text == s.text.strip()
        if s.alignment == "exact":
            assert s.text == value.strip() and s.score == 1.0
        elif s.alignment == "normalized":
            # case and whitespace aside, the span is the value without the quotes and punctuation around it
            assert _same_but_case(s.text, _EDGES.sub("", value.strip()))
        else:
            assert threshold - 1e-9 <= s.score <= 1.0 and len(spans) == 1
    kinds = {s.alignment for s in spans}
    assert len(kinds) <= 1, "one stage answers: exact, else normalized, else fuzzy"
    if occurrences == "first":
        assert len(spans) <= 1
    ordered = sorted(spans, key=lambda s: s.start)
    assert all(a.end <= b.start for a, b in zip(ordered, ordered[1:])), "occurrences do not overlap"
    if value.strip() and value.strip() in source[pos:]:
        assert spans and spans[0].alignment == "exact" and spans[0].start == source.index(value.strip(), pos)


@settings(max_examples=300 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=_alignment_cases(), occurrences=st.sampled_from(["first", "all"]),
       threshold=st.sampled_from([0.5, 0.85, 1.01]), search_from=st.integers(-5, 320))
@example(case=("aİai", "aİ"), occurrences="first", threshold=0.5, search_from=1)  # "İ" and "i" are a case pair
def test_align_spans_are_the_sources_own_characters(case, occurrences, threshold, search_from):
    source, value = case
    spans = align(source, value, "f", occurrences=occurrences, fuzzy_threshold=threshold, search_from=search_from)
    _check_spans(source, value, spans, occurrences, threshold, search_from)


@FAST
@given(source=st.text(max_size=200), value=st.text(max_size=40), occurrences=st.sampled_from(["first", "all"]))
def test_align_arbitrary_text(source, value, occurrences):
    spans = align(source, value, "f", occurrences=occurrences)
    _check_spans(source, value, spans, occurrences, 0.85, 0)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(word=st.sampled_from(["a", "ab", "abc ", "a b"]), n=st.integers(500, 1500), m=st.integers(50, 1500),
       tail=st.sampled_from(["", "x", " q"]))
def test_align_repetitive_chunk_is_bounded(word, n, m, tail):
    """A chunk-sized (extract's default is 1,500 characters) repetitive source and a long near-miss value: the
    fuzzy stage stops at its work cap. Counted, not timed: the characters the full ratio compares stay within
    FUZZY_WORK plus the one comparison that crosses it."""
    from difflib import SequenceMatcher

    import assistant.jobs.extract.spans as spans_mod

    compared = []

    class Counting(SequenceMatcher):
        def ratio(self):
            compared.append(len(self.a) * len(self.b))
            return super().ratio()

    source = (word * n)[:1500 * 2]
    value = (word * m)[:1500] + tail
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(spans_mod, "SequenceMatcher", Counting)
        spans = align(source, value, "f", occurrences="all")
    assert sum(compared) <= spans_mod.FUZZY_WORK + max(compared, default=0)
    _check_spans(source, value, spans, "all", 0.85, 0)
