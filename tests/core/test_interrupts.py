"""Ctrl-C during native loading is held to the end of the block, then raised, never lost."""
from __future__ import annotations

import os
import signal
import threading

import pytest

from assistant.core.interrupts import deferred_interrupt


def test_a_ctrl_c_inside_the_block_is_raised_after_it(python_sigint):
    finished = []
    with pytest.raises(KeyboardInterrupt):
        with deferred_interrupt():
            os.kill(os.getpid(), signal.SIGINT)
            finished.append(True)  # the block runs to its end
    assert finished == [True]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # the handler is put back


def test_no_ctrl_c_no_interrupt_and_other_threads_run_the_block_as_is():
    with deferred_interrupt():
        pass
    seen = []
    thread = threading.Thread(target=lambda: seen.append(_in_block()))
    thread.start()
    thread.join()
    assert seen == ["ran"]


def _in_block() -> str:
    with deferred_interrupt():  # signal.signal would raise ValueError outside the main thread
        return "ran"
