"""A GGUF file checked before llama.cpp sees it, so a bad file gets a clear error instead of 'failed to load'."""
from __future__ import annotations

from pathlib import Path

from assistant.core.errors import ModelLoadError, ModelNotFoundError

_GGUF_MAGIC = b"GGUF"


def check_gguf(path: Path) -> None:
        """Refuse what llama.cpp would only call 'failed to load': a missing, unreadable, cut or foreign file."""
        if not path.exists():
            raise ModelNotFoundError(f"model file {path} does not exist",
                                     "run `assistant models install`, or pass --model PATH to a .gguf file")
        if not path.is_file():
            raise ModelLoadError(f"{path} is not a file", "pass --model PATH to a .gguf file")
        try:
            with open(path, "rb") as fh:
                head = fh.read(24)
        except OSError as exc:
            raise ModelLoadError(f"cannot read the model file {path}: {exc.strerror}",
                                 "check the file's permissions") from exc
        if head[:4] != _GGUF_MAGIC:
            raise ModelLoadError(f"{path} is not a GGUF model file", "give a .gguf file (see models.md)")
        # The header: magic, version (u32), tensor count (u64), metadata count (u64), little-endian.
        if len(head) < 24:
            raise ModelLoadError(f"{path} is cut short ({len(head)} bytes, less than a GGUF header)",
                                 "the download or copy was interrupted: run `assistant models install` again, or "
                                 "copy the file again")
        version = int.from_bytes(head[4:8], "little")
        if version not in (1, 2, 3):
            raise ModelLoadError(f"{path} has GGUF version {version}, which this llama.cpp does not read",
                                 "convert it with a current llama.cpp, or use a bundled model")
        if int.from_bytes(head[8:16], "little") == 0:
            raise ModelLoadError(f"{path} holds no tensors (a GGUF vocabulary or metadata file, not a model)",
                                 "give a model .gguf file (see models.md)")

