"""Scripted runs: reading items from a file, and a JSONL output that survives crashes and resumes."""
from __future__ import annotations

import json

import pytest

from assistant.core.errors import ConfigError, InputFileError
from assistant.data.runs import Item, JsonlRun, RunSummary, exit_code, read_items

CSV = "id,text,lang\na1,first note,en\na2,second note,fr\n"


def _items(*ids: str) -> list[Item]:
    return [Item(id=i, text=f"text {i}", row=n) for n, i in enumerate(ids, 2)]


def _lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# read_items

def test_text_and_id_fields_by_default(write):
    items = read_items(write("in.csv", CSV))
    assert [(i.id, i.text, i.row) for i in items] == [("a1", "first note", 2), ("a2", "second note", 3)]
    assert items[0].fields == {"id": "a1", "text": "first note", "lang": "en"}


def test_explicit_text_and_id_fields(write):
    path = write("in.jsonl", '{"key": 7, "body": "hello", "note": "x"}\n{"key": 8, "body": "world"}\n')
    items = read_items(path, text_field="body", id_field="key")
    assert [(i.id, i.text, i.row) for i in items] == [("7", "hello", 1), ("8", "world", 2)]


def test_default_text_is_one_line_per_field_without_the_id(write):
    items = read_items(write("in.csv", "id,Name,City\nx,Ann,Paris\ny,Bob,\n"))
    assert [i.text for i in items] == ["Name: Ann\nCity: Paris", "Name: Bob"]
    assert [i.id for i in items] == ["x", "y"]


def test_content_ids_when_there_is_no_id_field(write):
    path = write("in.csv", "Name,City\nAnn,Paris\nBob,Berlin\n")
    first, again = read_items(path), read_items(path)
    assert [i.id for i in first] == [i.id for i in again] and len({i.id for i in first}) == 2


def test_unknown_text_field_lists_the_fields(write):
    with pytest.raises(InputFileError) as err:
        read_items(write("in.csv", CSV), text_field="txet")
    msg = str(err.value)
    assert "'txet'" in msg and "--text-field" in msg
    assert "id, text, lang" in msg


def test_record_without_text_is_an_empty_text(write):
    """A record whose text field is missing has nothing to extract; it is not an error (a table often has gaps)."""
    path = write("in.jsonl", '{"id": 1, "body": "a"}\n{"id": 2, "other": "b"}\n')
    items = read_items(path, text_field="body")
    assert [(i.id, i.text) for i in items] == [("1", "a"), ("2", "")]


def test_duplicate_ids_name_both_rows(write):
    path = write("in.jsonl", '{"id": "a", "text": "x"}\n{"id": "b", "text": "y"}\n{"id": "a", "text": "z"}\n')
    with pytest.raises(InputFileError) as err:
        read_items(path)
    assert err.value.row == 3 and "row 1" in str(err.value) and "'a'" in str(err.value)


def test_duplicate_ids_of_an_explicit_id_field(write):
    with pytest.raises(InputFileError) as err:
        read_items(write("in.csv", "k,text\n1,x\n1,y\n"), id_field="k")
    assert "row 2" in str(err.value) and "row 3" in str(err.value)


# JsonlRun

def test_fresh_run_writes_each_line_at_once(tmp_path):
    out = tmp_path / "sub" / "out.jsonl"
    with JsonlRun(out, resume=False) as run:
        run.write({"id": "a1", "spans": ["é"]})
        assert out.read_text(encoding="utf-8") == '{"id": "a1", "spans": ["é"]}\n'  # durable while still open
        run.write({"id": "a2", "spans": []})
    assert [o["id"] for o in _lines(out)] == ["a1", "a2"]
    assert run.written == 2 and run.failed == 0
    assert not run.failures_path.exists()


def test_existing_output_needs_resume_or_overwrite(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "a1"}\n')
    with pytest.raises(ConfigError) as err:
        JsonlRun(out, resume=False)
    assert "already exists" in str(err.value) and "--resume" in err.value.fix and "--overwrite" in err.value.fix
    assert out.read_text() == '{"id": "a1"}\n'


def test_empty_existing_output_is_a_fresh_start(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("")
    with JsonlRun(out, resume=False) as run:
        run.write({"id": "a"})
    assert _lines(out) == [{"id": "a"}]


def test_output_that_is_a_folder(tmp_path):
    with pytest.raises(ConfigError):
        JsonlRun(tmp_path, resume=True)


def test_resume_skips_done_ids_and_appends(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "a"}\n\n{"id": "b"}\n')
    with JsonlRun(out, resume=True) as run:
        todo = run.pending(_items("a", "b", "c"))
        assert [i.id for i in todo] == ["c"] and run.skipped == 2
        run.write({"id": "c"})
    assert [json.loads(x)["id"] for x in out.read_text().splitlines() if x] == ["a", "b", "c"]
    summary = run.summary(records=3, seconds=0.5)
    assert (summary.done, summary.skipped, summary.failed) == (1, 2, 0) and exit_code(summary) == 0


def test_resume_of_a_missing_output_is_a_fresh_run(tmp_path):
    with JsonlRun(tmp_path / "out.jsonl", resume=True) as run:
        assert run.pending(_items("a")) and run.skipped == 0


@pytest.mark.parametrize("tail", ['{"id": "b", "spa', '{"id": "b"}', "not json\n"])
def test_cut_off_last_line_is_removed_and_redone(tmp_path, tail):
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "a"}\n' + tail, encoding="utf-8")
    run = JsonlRun(out, resume=True)
    assert run.done_ids == {"a"} and run.repaired
    with run:
        assert out.read_text() == '{"id": "a"}\n'
        assert [i.id for i in run.pending(_items("a", "b"))] == ["b"]
        run.write({"id": "b", "ok": True})
    assert _lines(out) == [{"id": "a"}, {"id": "b", "ok": True}]


def test_cut_off_multibyte_character(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_bytes('{"id": "a"}\n{"id": "b", "t": "é'.encode()[:-1])
    with JsonlRun(out, resume=True) as run:
        assert run.done_ids == {"a"}
    assert out.read_bytes() == b'{"id": "a"}\n'


@pytest.mark.parametrize("bad", ["garbage", "[1, 2]", '{"no_id": 1}'])
def test_bad_middle_line_names_its_number(tmp_path, bad):
    out = tmp_path / "out.jsonl"
    content = '{"id": "a"}\n' + bad + '\n{"id": "c"}\n'
    out.write_text(content)
    with pytest.raises(InputFileError) as err:
        JsonlRun(out, resume=True)
    assert "line 2" in str(err.value)
    assert out.read_text() == content  # nothing touched


def test_failures_file_written_and_retried_on_resume(tmp_path):
    out = tmp_path / "out.jsonl"
    with JsonlRun(out, resume=False) as run:
        run.write({"id": "a"})
        run.fail("b", 3, "model output was not JSON")
        assert _lines(run.failures_path) == [{"id": "b", "row": 3, "error": "model output was not JSON"}]
    fails = tmp_path / "out.failures.jsonl"
    assert run.failures_path == fails and fails.exists()
    summary = run.summary(records=2, seconds=1.0, extra={"spans": 4})
    assert summary.failures == str(fails) and exit_code(summary) == 1
    assert RunSummary.model_validate(summary.model_dump()) == summary

    with JsonlRun(out, resume=True) as again:
        assert [i.id for i in again.pending(_items("a", "b"))] == ["b"]
        again.write({"id": "b"})
    assert not fails.exists()  # this run had no failures: no file, not an empty one
    assert [o["id"] for o in _lines(out)] == ["a", "b"]


def test_overwrite_starts_fresh(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "a"}\n{"id": "b"}\n')
    (tmp_path / "out.failures.jsonl").write_text('{"id": "c", "row": 4, "error": "x"}\n')
    run = JsonlRun(out, resume=False, overwrite=True)
    assert run.done_ids == set()
    with run:
        assert run.pending(_items("a", "b")) and run.skipped == 0
        run.write({"id": "z"})
    assert _lines(out) == [{"id": "z"}]
    assert not (tmp_path / "out.failures.jsonl").exists()


def test_resume_and_overwrite_together(tmp_path):
    with pytest.raises(ConfigError):
        JsonlRun(tmp_path / "out.jsonl", resume=True, overwrite=True)


def test_write_outside_the_context_is_a_bug(tmp_path):
    with pytest.raises(RuntimeError):
        JsonlRun(tmp_path / "out.jsonl", resume=False).write({"id": "a"})
