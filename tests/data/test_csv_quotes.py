"""A quote that never closes is an error naming the row where it opened; with --skip-bad-rows only that row is lost.

Regression: a CSV with an unterminated quote in row 1 was ingested as ONE record holding every following row
(`records read 1`, exit 0).
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.core.errors import BadRowsError, InputFileError
from assistant.data.records import load_records

_DIR = Path(tempfile.mkdtemp(prefix="assistant-quotes-"))
_WORD = st.text(st.sampled_from("abcdefgh xyz"), min_size=1, max_size=8).map(lambda s: "w" + s.strip())


def _write(text: str) -> Path:
    path = _DIR / "input.csv"
    path.write_text(text, encoding="utf-8")
    return path


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(words=st.lists(st.tuples(_WORD, _WORD), min_size=3, max_size=12), data=st.data())
def test_a_runaway_quote_names_its_row_and_loses_nothing_else(words, data):
    """Open a quote at the start of the last field of row k; close it never (it runs to the end of the file) or at
    the end of a row at least two rows later (it swallows rows). Either way the error names row k's line, and
    --skip-bad-rows keeps every other row."""
    n = len(words)
    k = data.draw(st.integers(0, n - 1), label="row with the opening quote")
    closes = data.draw(st.none() | st.integers(k + 2, n + 1), label="row whose end closes it")
    if closes is not None and closes >= n:
        closes = None
    lines = ["id,name,text"]
    for i, (name, text) in enumerate(words):
        if i == k:
            text = '"' + text
        if i == closes:
            text = text + '"'
        lines.append(f"r{i},{name},{text}")
    path = _write("\n".join(lines) + "\n")
    with pytest.raises(InputFileError) as err:
        load_records(path, id_column="id")
    assert err.value.row == k + 2, str(err.value)  # the header is line 1; row i is line i + 2
    assert "quote" in str(err.value) and "--skip-bad-rows" in err.value.fix
    res = load_records(path, id_column="id", skip_bad_rows=True)
    assert [r.fields["id"] for r in res.records] == [f"r{i}" for i in range(n) if i != k]
    assert [row for row, _ in res.skipped] == [k + 2]


def test_a_multi_line_field_in_a_file_of_multi_line_fields_is_kept():
    """Line breaks inside quotes are legal CSV: only a record over many lines that look like rows is refused."""
    text = 'id,note\n1,"first line\nsecond, line"\n2,"a\nb,c\nd,e"\n3,plain\n'
    res = load_records(_write(text), id_column="id")
    assert [r.fields["note"] for r in res.records] == ["first line\nsecond, line", "a\nb,c\nd,e", "plain"]


def test_a_short_multi_line_field_is_kept():
    res = load_records(_write('id,note\n1,"street 5,\ntown, country"\n2,x\n'), id_column="id")
    assert res.records[0].fields["note"] == "street 5,\ntown, country"


def test_an_unclosed_quote_in_the_header_is_an_error():
    with pytest.raises(InputFileError, match="header") as err:
        load_records(_write('id,"note\n1,x\n2,y\n'))
    assert err.value.row == 1 and not isinstance(err.value, BadRowsError)
