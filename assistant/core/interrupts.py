"""Ctrl-C held back while native code calls into Python.

llama.cpp calls a Python log callback (through ctypes) many times while it loads a model and creates a context.
A KeyboardInterrupt raised inside a ctypes callback is not propagated: ctypes reports it to sys.unraisablehook
(stderr, which llama-cpp-python silences during loading) and carries on, so a Ctrl-C pressed in that window was
lost and the whole job ran to the end (seen in the chat's terminal test: Ctrl-C 0.3 s after `/extract` started).
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def deferred_interrupt() -> Iterator[None]:
    """Run the block to its end, then deliver a Ctrl-C that came during it to the handler in place before.

    Only the main thread can own signal handlers; elsewhere the block runs as is. Loading is short (under a second
    for the bundled models), so holding the interrupt that long costs the user nothing and never leaves a half-made
    model behind."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    got: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: got.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if got:
            signal.raise_signal(signal.SIGINT)  # the previous handler now sees it: KeyboardInterrupt by default
