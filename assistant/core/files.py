"""Writing files so that a failure never leaves a half-written one, and says why it failed."""
from __future__ import annotations

import errno
import os
import secrets
from pathlib import Path
from typing import Callable

from assistant.core.errors import OutputWriteError

_WHY = {
    errno.ENOSPC: ("the disk is full", "free some space on that disk, or write to another one"),
    errno.EDQUOT: ("the disk quota is used up", "free some space, or write to another disk"),
    errno.EROFS: ("the file system is read-only",
                  "write to a writable folder (--output, --workspace or ASSISTANT_HOME)"),
    errno.EACCES: ("permission denied", "write to a folder you own, or fix its permissions"),
    errno.EPERM: ("permission denied", "write to a folder you own, or fix its permissions"),
}


def write_error(path: Path | str, exc: OSError, kept: str = "") -> OutputWriteError:
    """An OSError met while writing `path`, as a message that says the cause (disk full, read-only...) and the fix.

    `kept` says what is left as it was (e.g. "the existing file is unchanged")."""
    why, fix = _WHY.get(exc.errno, (exc.strerror or str(exc), "check the disk and the folder's permissions"))
    return OutputWriteError(f"cannot write {path}: {why}" + (f"; {kept}" if kept else ""), fix)


def atomic_write(path: Path, write: Callable[[str], None]) -> Path:
    """Call write(temp_path) for a temp file next to `path`, then rename it over `path`.

    The rename is atomic on one file system, so a crash never leaves a half-written file; a failed write (a full
    or read-only disk) leaves the existing file as it was and raises OutputWriteError.
    """
    path = Path(path)
    # A fresh name created by `write` itself (not mkstemp) so the file gets the usual umask permissions.
    tmp = str(path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp"))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write(tmp)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise write_error(path, exc, "the existing file is unchanged" if path.exists() else "") from exc
        raise
    return path
