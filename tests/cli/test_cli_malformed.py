"""Every extract command fed malformed specs, options and data: an error message with its fix, never a traceback."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistant.cli import app

from fakes import FakeEmbedder, FakeLLM

runner = CliRunner()


@pytest.fixture(autouse=True)
def fakes(monkeypatch):
    import assistant.backends.embedder
    import assistant.facade

    monkeypatch.setattr(assistant.backends.embedder, "SentenceTransformerEmbedder", lambda *a, **k: FakeEmbedder())
    monkeypatch.setattr(assistant.facade.Assistant, "llm", property(lambda self: FakeLLM()))


SPECS = {
    "empty.yaml": "",
    "list.yaml": "- a\n- b\n",
    "nofields.yaml": "fields:\n",
    "numbers.yaml": "fields: [1, 2]\n",
    "nullname.yaml": "fields:\n  - name: null\n",
    "punct.yaml": "fields: ['***']\n",
    "collide.yaml": "fields: [College Name, college_name]\n",
    "twice.yaml": "fields: [a, A]\n",
    "mapping.yaml": "fields:\n  a: 3\n",
    "badkey.yaml": "fields: [a]\nextra: 1\n",
    "badyaml.yaml": "fields: [a\n",
    "examples.yaml": "fields: [a]\nexamples: 3\n",
    "exlabel.yaml": "fields: [a]\nexamples:\n  - text: hello there\n    spans: [{label: b, text: hello}]\n",
    "exverbatim.yaml": "fields: [a]\nexamples:\n  - text: hello there\n    spans: [{label: a, text: Hello}]\n",
    "exstart.yaml": "fields: [a]\nexamples:\n  - text: hello\n    spans: [{label: a, text: hello, start: -3}]\n",
    "instructions.yaml": "fields: [a]\ninstructions: [1, 2]\n",
    "bad.json": '{"fields": ["a",]}',
    "spec.txt": "fields: [a]\n",
    "control.yaml": 'fields: ["a\\u0007b"]\n',
    "binary.yaml": b"\xff\xfe\x00fields",
}
FIELDS = ["", ",", "a,,b", "a,a", "?!", "Name,name", "College Name,College_Name", "x" * 200, "a\x01b"]
OPTIONS = [["--chunk-chars", "0"], ["--chunk-chars", "19"], ["--chunk-chars", "-5"], ["--chunk-chars", "abc"],
           ["--occurrences", "some"], ["--shots", "-1"], ["--shots", "x"],
           ["--limit", "x"]]
DATA = {
    "notjson.jsonl": "this is not json\n",
    "nospans.jsonl": '{"id": 1}\n',
    "outside.jsonl": json.dumps({"text": "abc", "spans": [{"label": "a", "start": 2, "end": 9}]}) + "\n",
    "badstart.jsonl": json.dumps({"text": "abc", "spans": [{"label": "a", "start": "x", "end": 1}]}) + "\n",
    "empty.jsonl": "\n",
    "list.jsonl": "[1, 2]\n",
}


def no_traceback(*args) -> None:
    r = runner.invoke(app, [str(a) for a in args])  # exceptions caught: a crash shows up as r.exception
    assert r.exit_code != 0, r.output
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    assert "Traceback" not in r.output and "ValidationError" not in r.output, r.output
    assert "Error" in r.output or "Usage" in r.output, r.output


@pytest.mark.parametrize("name", sorted(SPECS))
def test_malformed_specs(tmp_path, name):
    path = tmp_path / name
    content = SPECS[name]
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    data = tmp_path / "d.jsonl"
    data.write_text(json.dumps({"text": "Alice met Bob", "spans": [{"label": "a", "start": 0, "end": 5}]}) + "\n")
    no_traceback("extract", "Alice met Bob", "--spec", path)
    no_traceback("eval", "extract", data, "--spec", path)


@pytest.mark.parametrize("fields", FIELDS)
def test_malformed_fields(fields):
    no_traceback("extract", "Alice met Bob", "--fields", fields)


@pytest.mark.parametrize("option", OPTIONS, ids=" ".join)
def test_malformed_options(tmp_path, option):
    no_traceback("extract", "Alice met Bob", "--fields", "person", *option)


@pytest.mark.parametrize("name", sorted(DATA))
def test_malformed_eval_data(tmp_path, name):
    path = tmp_path / name
    path.write_text(DATA[name])
    no_traceback("eval", "extract", path)


def test_missing_files_and_too_many_shots(tmp_path):
    no_traceback("extract", "x", "--spec", tmp_path / "nope.yaml")
    no_traceback("extract", "--input", tmp_path / "nope.csv", "--fields", "a")
    no_traceback("eval", "extract", tmp_path / "nope.jsonl")
    one = tmp_path / "one.jsonl"
    one.write_text(json.dumps({"text": "Alice met Bob", "spans": [{"label": "a", "start": 0, "end": 5}]}) + "\n")
    no_traceback("eval", "extract", one, "--shots", "3")
    for bad in (["--examples", "nearest"], ["--field-check", "all"], ["--shots", "-2"]):
        no_traceback("eval", "extract", one, *bad)
