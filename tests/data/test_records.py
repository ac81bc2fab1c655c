"""The record loader: formats, encodings, missing values, types, and every bad input the issue lists."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from assistant.core.errors import BadRowsError, ConfigError, InputFileError
from assistant.data.readers import is_missing
from assistant.data.records import content_id, load_records

CSV = "Name,Age,City,Note\nAnn,34,Paris,\"likes, commas\"\nBob,nan,Berlin,N/A\nCy,29,,null\n"


def test_csv_types_and_missing_values(write):
    res = load_records(write("p.csv", CSV))
    assert res.format == "csv" and res.encoding == "utf-8"
    ann, bob, cy = (r.fields for r in res.records)
    assert ann == {"Name": "Ann", "Age": 34, "City": "Paris", "Note": "likes, commas"}
    assert bob == {"Name": "Bob", "City": "Berlin"}  # nan and N/A are missing, not text
    assert cy == {"Name": "Cy", "Age": 29}
    assert isinstance(ann["Age"], int)


@pytest.mark.parametrize("word", ["", "nan", "NaN", "N/A", "null", "None", "  none "])
def test_missing_words(word):
    assert is_missing(word)
    assert is_missing(float("nan")) and is_missing(None)
    assert not is_missing("0") and not is_missing(0) and not is_missing("NA-1")


def test_codes_with_leading_zeros_stay_text(write):
    res = load_records(write("z.csv", "zip,n\n02134,1\n10001,2\n"))
    assert [r.fields["zip"] for r in res.records] == ["02134", "10001"]


def test_tsv_jsonl_json(write):
    tsv = load_records(write("a.tsv", "a\tb\n1\tx y\n"))
    assert tsv.records[0].fields == {"a": 1, "b": "x y"}
    jl = load_records(write("a.jsonl", '{"a": 1, "tags": ["x", "y"], "d": {"k": 1}}\n\n{"a": null, "b": "q"}\n'))
    assert jl.records[0].fields == {"a": 1, "tags": "x, y", "d": '{"k": 1}'}
    assert jl.records[1].fields == {"b": "q"}
    js = load_records(write("a.json", json.dumps([{"a": 1.5, "ok": True}, {"a": "NaN", "ok": False}])))
    assert js.records[0].fields == {"a": 1.5, "ok": True} and js.records[1].fields == {"ok": False}


def test_xlsx_with_dates(write, tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Name", "Joined", "Score"])
    ws.append(["Ann", dt.datetime(2024, 5, 1, 9, 30), 3.5])
    ws.append(["Bob", None, "N/A"])
    path = tmp_path / "a.xlsx"
    wb.save(path)
    res = load_records(path)
    assert res.records[0].fields == {"Name": "Ann", "Joined": "2024-05-01T09:30:00", "Score": 3.5}
    assert res.records[1].fields == {"Name": "Bob"}


@pytest.mark.parametrize("encoding,bom", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gbk", b""), ("gb18030", b"")])
def test_encodings(write, encoding, bom):
    text = "姓名,城市,备注\n张伟,北京,喜欢数据分析和机器学习\n李娜,上海,负责市场营销与品牌推广工作\n王芳,广州,熟悉供应链管理\n"
    res = load_records(write("zh.csv", bom + text.encode(encoding)))
    assert res.records[0].fields == {"姓名": "张伟", "城市": "北京", "备注": "喜欢数据分析和机器学习"}
    assert list(res.records[0].fields)[0] == "姓名"  # the BOM is not part of the first column name


def test_explicit_encoding(write):
    res = load_records(write("l.csv", "name\nJosé\n".encode("latin-1")), encoding="latin-1")
    assert res.records[0].fields == {"name": "José"}


def test_stable_content_ids_and_duplicate_content_skipped(write):
    res = load_records(write("d.csv", "a,b\n1,x\n1,x\n2,y\n"))
    assert [r.id for r in res.records] == [content_id({"a": 1, "b": "x"}), content_id({"a": 2, "b": "y"})]
    assert res.skipped == [(3, "same content as row 2")]
    again = load_records(write("d2.csv", "a,b\n2,y\n1,x\n"))
    assert {r.id for r in again.records} == {r.id for r in res.records}  # order does not matter


def test_id_column_and_field_selection(write):
    res = load_records(write("i.csv", CSV), id_column="Name", exclude=["Note"])
    assert [r.id for r in res.records] == ["Ann", "Bob", "Cy"]
    assert "Note" not in res.records[0].fields
    res = load_records(write("i.csv", CSV), id_column="Name", fields=["City"])
    assert res.records[0].fields == {"Name": "Ann", "City": "Paris"}
    with pytest.raises(InputFileError, match="no column 'Nope'.*") as e:
        load_records(write("i.csv", CSV), fields=["Nope"])
    assert "Name, Age, City, Note" in e.value.fix


# ---- bad input: each names the file, the row where there is one, and the fix --------------------------------
def _check(exc, name, row=None):
    assert name in exc.message
    assert exc.fix
    if row is not None:
        assert f"row {row}" in exc.message


def test_empty_file(write):
    with pytest.raises(InputFileError) as e:
        load_records(write("empty.csv", ""))
    _check(e.value, "empty.csv")
    assert "empty" in e.value.message


def test_header_only(write):
    with pytest.raises(InputFileError) as e:
        load_records(write("h.csv", "a,b,c\n"))
    _check(e.value, "h.csv")
    assert "header but no records" in e.value.message


def test_ragged_row(write):
    with pytest.raises(BadRowsError) as e:
        load_records(write("r.csv", "a,b\n1,2\n3,4,5\n6,7\n"))
    _check(e.value, "r.csv", row=3)
    assert "3 fields, the header has 2" in e.value.message
    ok = load_records(write("r.csv", "a,b\n1,2\n3,4,5\n6,7\n"), skip_bad_rows=True)
    assert len(ok.records) == 2 and ok.skipped[0][0] == 3


def test_duplicate_ids(write):
    with pytest.raises(BadRowsError) as e:
        load_records(write("dup.csv", "id,x\n1,a\n2,b\n1,c\n"), id_column="id")
    _check(e.value, "dup.csv", row=4)
    assert "repeats id '1' of row 2" in e.value.message


def test_unreadable_encoding(write):
    junk = bytes(range(128, 256)) * 40
    with pytest.raises(InputFileError) as e:
        load_records(write("bad.csv", b"a,b\n" + junk + b"\n"))
    _check(e.value, "bad.csv")
    assert "encoding" in e.value.message and "--encoding" in e.value.fix


def test_huge_field(write):
    big = "x" * (50 * 1024 * 1024)
    with pytest.raises(BadRowsError) as e:
        load_records(write("big.csv", f"a,b\n1,small\n2,{big}\n"))
    _check(e.value, "big.csv", row=3)
    assert "52.4 MB" in e.value.message and "--exclude" in e.value.fix
    res = load_records(write("big.csv", f"a,b\n1,small\n2,{big}\n"), exclude=["b"])
    assert len(res.records) == 2


@pytest.mark.parametrize("name,content,words", [
    ("x.csv", b"PK\x03\x04" + b"\x00" * 100, "ZIP/XLSX"),
    ("x.xlsx", b"a,b\n1,2\n", "not an XLSX"),
    ("x.json", b"a,b\n1,2\n", "not JSON"),
    ("x.jsonl", b"a,b\n1,2\n", "not JSON Lines"),
    ("x.csv", b"\x00\x01\x02binary\x00" * 50, "binary"),
])
def test_file_not_what_extension_says(write, name, content, words):
    with pytest.raises(InputFileError) as e:
        load_records(write(name, content))
    _check(e.value, name)
    assert words in e.value.message


def test_corrupt_xlsx(write):
    with pytest.raises(InputFileError) as e:
        load_records(write("c.xlsx", b"PK\x03\x04garbage-not-a-real-zip" * 10))
    _check(e.value, "c.xlsx")


def test_bad_json_lines_and_items(write):
    with pytest.raises(BadRowsError) as e:
        load_records(write("b.jsonl", '{"a": 1}\n{"a": \n[1]\n'))
    assert "row 2: is not valid JSON" in e.value.message and "row 3: is a JSON list" in e.value.message
    with pytest.raises(InputFileError, match="not an array"):
        load_records(write("o.json", '{"a": 1, "b": 2}'))


def test_missing_and_unknown_files(tmp_path):
    with pytest.raises(InputFileError, match="does not exist"):
        load_records(tmp_path / "nope.csv")
    (tmp_path / "x.parquet").write_text("x")
    with pytest.raises(InputFileError, match="unknown file type"):
        load_records(tmp_path / "x.parquet")
    with pytest.raises(ConfigError):
        load_records(tmp_path / "x.parquet", fmt="parquet")


def test_header_problems(write):
    with pytest.raises(InputFileError, match="appears twice"):
        load_records(write("h.csv", "a,a\n1,2\n"))
    with pytest.raises(InputFileError, match="no name"):
        load_records(write("h.csv", "a,,c\n1,2,3\n"))


def test_semicolon_csv(write):
    res = load_records(write("s.csv", "a;b\n1;x\n"))
    assert res.records[0].fields == {"a": 1, "b": "x"}


def test_sample_data_loads():
    from conftest import SAMPLE

    res = load_records(SAMPLE / "applicants.csv", id_column="ApplicantID")
    assert len(res.records) == 400
    values = [str(v).strip().lower() for r in res.records for v in r.fields.values()]
    assert not {"nan", "n/a", "null", "none", ""} & set(values)
    assert sum(len(r.fields) for r in res.records) < 400 * 9  # the sample has missing values
