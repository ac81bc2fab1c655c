"""The embedded store's writer lock across processes: a second writer is refused, readers never are."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from assistant.backends.store import ChromaStore
from assistant.cli import app
from assistant.core.errors import StoreLockedError

from fakes import FakeEmbedder

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the writer lock is POSIX flock")

ROOT = Path(__file__).resolve().parents[2]
ROWS = "id,role\n1,product manager\n2,data analyst\n3,nurse\n"

# A writer in its own process: writes, says "written", then closes the store on "close" and exits on "exit".
HOLDER = textwrap.dedent("""
    import sys
    import numpy as np
    from assistant.backends.store import ChromaStore

    store = ChromaStore(sys.argv[1])
    store.ensure_collection("held", {"embedding_model": "fake-embedder"})
    store.upsert("held", ["a", "b"], np.eye(2, 64, dtype=np.float32), ["first", "second"], [{"n": 1}, {"n": 2}])
    print("written", flush=True)
    for line in sys.stdin:
        if line.strip() == "close":
            store.close()
            print("closed", flush=True)
        elif line.strip() == "exit":
            break
""")


@pytest.fixture
def fake_embedder(monkeypatch):
    import assistant.backends.embedder

    monkeypatch.setattr(assistant.backends.embedder, "SentenceTransformerEmbedder", lambda *a, **k: FakeEmbedder())


@pytest.fixture
def holder(tmp_path):
    """Start a process that has written to WORKSPACE/chroma and so holds the writer role."""
    procs = []

    def start(store_path: Path) -> subprocess.Popen:
        proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(store_path)], cwd=ROOT, text=True,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        procs.append(proc)
        line = proc.stdout.readline().strip()
        assert line == "written", proc.stderr.read()
        return proc

    yield start
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            stream.close()


def say(proc: subprocess.Popen, word: str) -> str:
    proc.stdin.write(word + "\n")
    proc.stdin.flush()
    return proc.stdout.readline().strip()


def test_second_writer_is_refused_readers_are_not_and_release_lets_it_write(tmp_path, holder):
    path = tmp_path / "ws" / "chroma"
    proc = holder(path)
    store = ChromaStore(path)
    # reading works while the other process holds the writer role
    assert store.list_collections() == ["held"] and store.count("held") == 2
    assert store.get("held", ids=["a"])["documents"] == ["first"]
    assert store.query("held", np.eye(1, 64, dtype=np.float32)[0], k=1)["ids"] == ["a"]
    # every write path is refused, before anything is written
    writes = [
        lambda: store.upsert("held", ["c"], np.eye(1, 64, dtype=np.float32), ["third"], [{"n": 3}]),
        lambda: store.update_metadata("held", ["a"], [{"n": 10}]),
        lambda: store.delete("held", ["a"]),
        lambda: store.set_collection_info("held", {"note": "x"}),
        lambda: store.ensure_collection("other", {"embedding_model": "fake-embedder"}),
        lambda: store.delete_collection("held"),
    ]
    for write in writes:
        with pytest.raises(StoreLockedError) as err:
            write()
        assert f"pid {proc.pid}" in err.value.message and str(path) in err.value.message
        assert f"chroma run --path {path}" in err.value.fix and "--store http://" in err.value.fix
    assert store.count("held") == 2 and store.list_collections() == ["held"]
    assert store.get("held", ids=["a"])["metadatas"] == [{"n": 1}]

    assert say(proc, "close") == "closed"  # the holder gives the role up: now this process may write
    store.upsert("held", ["c"], np.eye(1, 64, dtype=np.float32), ["third"], [{"n": 3}])
    assert store.count("held") == 3
    store.close()


def test_the_role_ends_with_the_process_even_when_it_is_killed(tmp_path, holder):
    path = tmp_path / "chroma"
    proc = holder(path)
    store = ChromaStore(path)
    with pytest.raises(StoreLockedError):
        store.update_metadata("held", ["a"], [{"n": 10}])
    proc.kill()
    proc.wait(timeout=30)
    store.update_metadata("held", ["a"], [{"n": 10}])
    assert store.get("held", ids=["a"])["metadatas"] == [{"n": 10}]
    store.close()


def test_stores_of_one_process_share_the_role(tmp_path):
    first, second = ChromaStore(tmp_path / "chroma"), ChromaStore(tmp_path / "chroma")
    first.ensure_collection("one", {"embedding_model": "fake"})
    second.ensure_collection("two", {"embedding_model": "fake"})
    first.close()
    second.set_collection_info("two", {"note": "still the writer"})  # closing one store keeps the other's role
    second.close()


def test_cli_writer_is_refused_with_the_fix_and_reader_is_served(tmp_path, holder, fake_embedder, monkeypatch):
    ws = tmp_path / "ws"
    monkeypatch.setenv("ASSISTANT_HOME", str(ws))
    proc = holder(ws / "chroma")
    rows = tmp_path / "r.csv"
    rows.write_text(ROWS, encoding="utf-8")
    runner = CliRunner()
    r = runner.invoke(app, ["ingest", str(rows), "-c", "roles", "--id-column", "id"])
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert "another process" in r.output and "--store http://127.0.0.1:8000" in r.output and "chroma run" in r.output
    r = runner.invoke(app, ["collections", "--json"])
    assert r.exit_code == 0 and [c["name"] for c in json.loads(r.stdout)] == ["held"]
    assert say(proc, "close") == "closed"
    r = runner.invoke(app, ["ingest", str(rows), "-c", "roles", "--id-column", "id", "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["stored"] == 3
