"""The CLI through Typer's runner: output, --json, exit codes, and errors as messages (never tracebacks)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from assistant.cli import app

from fakes import FakeEmbedder

runner = CliRunner()
ROWS = "id,role,dept\n1,product manager,Product\n2,product marketing manager,Marketing\n3,data analyst,Data\n"


@pytest.fixture
def fake_embedder(monkeypatch):
    """The CLI builds its own Assistant; give it the fake embedder (the store is the real on-disk Chroma)."""
    import assistant.backends.embedder

    monkeypatch.setattr(assistant.backends.embedder, "SentenceTransformerEmbedder", lambda *a, **k: FakeEmbedder())


def invoke(*args, input=None):
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


def test_help_does_not_import_heavy_libraries():
    code = ("import sys; from typer.testing import CliRunner; from assistant.cli import app;"
            "r = CliRunner().invoke(app, ['--help']); assert r.exit_code == 0, r.output;"
            "print(sorted(m for m in ('torch', 'chromadb', 'sentence_transformers', 'llama_cpp', 'sklearn')"
            " if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_ingest_search_collections_json(fake_embedder, write):
    path = write("r.csv", ROWS)
    r = invoke("ingest", str(path), "--collection", "roles", "--id-column", "id")
    assert r.exit_code == 0, r.output
    assert "embedded and stored" in r.output and "3" in r.output
    r = invoke("ingest", str(path), "--collection", "roles", "--id-column", "id", "--json")
    data = json.loads(r.stdout)
    assert data["unchanged"] == 3 and data["stored"] == 0
    r = invoke("search", "marketing manager", "-c", "roles", "-k", "2", "--json")
    hits = json.loads(r.stdout)["hits"]
    assert hits[0]["id"] == "2" and len(hits) == 2
    r = invoke("search", "marketing manager", "-c", "roles", "-k", "2")
    assert "similarity" in r.output and "product marketing manager" in r.output
    r = invoke("collections", "--json")
    assert json.loads(r.stdout)[0]["name"] == "roles"


def test_search_reads_query_from_file_and_stdin(fake_embedder, write):
    invoke("ingest", str(write("r.csv", ROWS)), "-c", "roles", "--id-column", "id")
    q = write("job.txt", "data analyst")
    assert json.loads(invoke("search", "-c", "roles", "--file", str(q), "--json").stdout)["hits"][0]["id"] == "3"
    assert json.loads(invoke("search", "-", "-c", "roles", "--json", input="data analyst").stdout)["hits"][0]["id"] == "3"


@pytest.mark.parametrize("content,needle,code", [
    ("", "is empty", 2),
    ("a,b\n", "header but no records", 2),
    ("a,b\n1,2\n3,4,5\n", "row 3", 2),
])
def test_bad_input_is_a_message_not_a_traceback(fake_embedder, write, content, needle, code):
    path = write("bad.csv", content)
    r = invoke("ingest", str(path), "-c", "things")
    assert r.exit_code == code
    assert "Error:" in r.output and needle in r.output and "Fix:" in r.output and "bad.csv" in r.output
    assert "Traceback" not in r.output


def test_missing_collection_and_bad_options(fake_embedder):
    r = invoke("search", "x", "-c", "nothing-here")
    assert r.exit_code == 1 and "no collection named 'nothing-here'" in r.output
    r = invoke("cluster", "-c", "nothing-here", "-k", "many")
    assert r.exit_code == 1 and "number or 'auto'" in r.output


def test_doctor_and_models(fake_embedder):
    r = invoke("doctor", "--json")
    d = json.loads(r.stdout)
    assert {"versions", "workspace", "threads", "llama_cpp_gpu_offload", "llm_models"} <= set(d)
    r = invoke("models", "list", "--json")
    ids = [m["id"] for m in json.loads(r.stdout)]
    assert "smollm2-135m-instruct" in ids and "gemma3-270m" in ids


def test_workspace_option(fake_embedder, write, tmp_path):
    ws = tmp_path / "elsewhere"
    invoke("--workspace", str(ws), "ingest", str(write("r.csv", ROWS)), "-c", "roles")
    assert (ws / "chroma").is_dir()
