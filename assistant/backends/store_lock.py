"""The embedded store's writer lock: one writing process per store folder, a clear refusal for a second one.

The first write takes an exclusive, non-blocking flock on `writer.lock` in the store folder and keeps it until the
store is closed or the process ends; the file names the holder (pid and command) for the refused process's message.
"""
from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

from assistant.core.errors import StoreError, StoreLockedError

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no cross-process lock
    fcntl = None

LOCK_FILE = "writer.lock"


def can_lock() -> bool:
    """Whether this platform has the cross-process lock (POSIX flock)."""
    return fcntl is not None


# -- the embedded store's writer lock -------------------------------------------------------------------------
# One flock per store folder per process, shared by every ChromaStore of that process on that folder (a flock
# taken twice in one process on two open files conflicts with itself), released when the last of them closes.
_held: dict[str, list] = {}  # lock file -> [open file, stores holding it, pid]
_held_guard = threading.RLock()  # reentrant: a release may run from a GC finalizer inside _acquire


def acquire(lock_path: Path, store_path: Path) -> None:
    with _held_guard:
        _acquire_unguarded(lock_path, store_path)


def _acquire_unguarded(lock_path: Path, store_path: Path) -> None:
    key = os.path.realpath(lock_path)
    entry = _held.get(key)
    if entry and entry[2] == os.getpid():
        entry[1] += 1
        return
    try:
        fh = open(lock_path, "a+", encoding="utf-8")
    except OSError as exc:
        raise StoreError(f"cannot write to the store at {store_path}: {exc.strerror}",
                         "check that the workspace folder is writable (--workspace or ASSISTANT_HOME)") from exc
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as exc:
        fh.close()
        try:
            holder = lock_path.read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            holder = ""
        by = f" (pid {holder})" if holder else ""
        raise StoreLockedError(
            f"another process{by} is writing to the store at {store_path}; it keeps the writer role until it ends",
            f"wait for it to finish and retry, or, to write from several processes at once, serve the store: "
            f"`chroma run --path {store_path} --host 127.0.0.1 --port 8000`, then give every command "
            f"`--store http://127.0.0.1:8000` (or set ASSISTANT_STORE_URL)") from exc
    except OSError as exc:  # e.g. a file system without locks
        fh.close()
        raise StoreError(f"cannot lock the store at {store_path} for writing: {exc.strerror}",
                         "put the workspace on a local disk, or serve the store (`chroma run`) and use --store"
                         ) from exc
    fh.seek(0)
    fh.truncate()
    command = " ".join([os.path.basename(sys.argv[0])] + sys.argv[1:]) if sys.argv else ""
    fh.write(f"{os.getpid()}: {command}"[:300] + "\n")  # who holds it, for the other process's message
    fh.flush()
    _held[key] = [fh, 1, os.getpid()]


def release(lock_path: Path) -> None:
    with _held_guard:
        _release_unguarded(lock_path)


def _release_unguarded(lock_path: Path) -> None:
    key = os.path.realpath(lock_path)
    entry = _held.get(key)
    if not entry or entry[2] != os.getpid():
        return
    entry[1] -= 1
    if entry[1] <= 0:
        del _held[key]
        try:
            fcntl.flock(entry[0].fileno(), fcntl.LOCK_UN)
        finally:
            entry[0].close()
