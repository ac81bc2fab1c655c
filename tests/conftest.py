from __future__ import annotations

import signal
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from assistant import Assistant, Settings  # noqa: E402

from fakes import FakeEmbedder, MemoryStore  # noqa: E402

SAMPLE = Path(__file__).resolve().parent.parent / "assistant" / "sample"


@pytest.fixture(autouse=True)
def _workspace(tmp_path, monkeypatch):
    """Every test gets its own workspace; model files stay where `make setup` put them."""
    monkeypatch.setenv("ASSISTANT_HOME", str(tmp_path / "ws"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    yield


@pytest.fixture
def python_sigint():
    """Python's own Ctrl-C handler for a test that sends SIGINT: a shell that starts `make test` in the background
    (nohup, `&` without job control) starts Python with SIGINT ignored, and an ignored Ctrl-C is never raised."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


@pytest.fixture
def fake_assistant(tmp_path):
    return Assistant(Settings(home=tmp_path / "ws"), embedder=FakeEmbedder(), store=MemoryStore(batch=7))


@pytest.fixture(scope="session")
def real_embedder():
    from assistant.backends.embedder import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder()


@pytest.fixture
def write(tmp_path):
    """write("name.csv", text_or_bytes) -> path"""

    def _write(name: str, content, encoding="utf-8"):
        path = tmp_path / name
        if isinstance(content, str):
            content = content.encode(encoding)
        path.write_bytes(content)
        return path

    return _write
