"""Writing files so that a failure never leaves a half-written one."""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Callable


def atomic_write(path: Path, write: Callable[[str], None]) -> Path:
    """Call write(temp_path) for a temp file next to `path`, then rename it over `path`.

    The rename is atomic on one file system, so a crash never leaves a half-written file.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # A fresh name created by `write` itself (not mkstemp) so the file gets the usual umask permissions.
    tmp = str(path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp"))
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path
