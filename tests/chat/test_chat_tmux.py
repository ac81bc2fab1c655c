"""The chat in a real terminal: tmux runs `assistant`, the test types keys and reads the screen.

Checks line editing (backspace), history (Up recalls a line, and the history file survives the session),
Ctrl-C at the prompt, a plain request routed by the real embedder and LLM, and Ctrl-D leaving."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid

import pytest

pytestmark = [pytest.mark.real, pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")]


class Terminal:
    def __init__(self, command: str, env: dict[str, str]):
        self.name = f"assistant-test-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{k}={v}" for k, v in env.items())
        subprocess.run(["tmux", "new-session", "-d", "-s", self.name, "-x", "160", "-y", "50",
                        f"env {exports} {command}"], check=True)

    def screen(self) -> str:
        got = subprocess.run(["tmux", "capture-pane", "-p", "-S", "-200", "-t", self.name], capture_output=True,
                             text=True)
        return got.stdout

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def type(self, text: str) -> None:
        subprocess.run(["tmux", "send-keys", "-l", "-t", self.name, text], check=True)

    def wait_for(self, text: str, count: int = 1, timeout: float = 60.0) -> str:
        deadline = time.time() + timeout
        while time.time() < deadline:
            screen = self.screen()
            if screen.count(text) >= count:
                return screen
            time.sleep(0.3)
        raise AssertionError(f"{text!r} (x{count}) never appeared; the screen:\n{self.screen()}")

    def alive(self) -> bool:
        return subprocess.run(["tmux", "has-session", "-t", self.name], capture_output=True).returncode == 0

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


def test_the_chat_in_a_real_terminal(tmp_path):
    home = tmp_path / "ws"
    env = {"ASSISTANT_HOME": str(home), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TERM": "xterm",
           "PATH": os.environ.get("PATH", "")}
    term = Terminal(f"{sys.executable} -m assistant", env)
    try:
        term.wait_for("assistant chat")
        term.wait_for("chat>")
        term.type("/contx")
        term.keys("BSpace")
        term.type("ext")
        term.keys("Enter")
        term.wait_for("last result: (none)")
        term.keys("Up")  # history: the last line comes back
        term.keys("Enter")
        term.wait_for("last result: (none)", count=2)
        term.type("half a line")
        term.keys("C-c")  # Ctrl-C drops the line and returns to the prompt
        term.type("/help")
        term.keys("Enter")
        screen = term.wait_for("Slash commands")
        assert "half a line" in screen and "/help lists" not in screen
        term.type("which collections exist?")
        term.keys("Enter")
        term.wait_for("→ /collections")
        term.wait_for("chat>", count=6)
        term.keys("C-d")
        deadline = time.time() + 30
        while term.alive() and time.time() < deadline:
            time.sleep(0.3)
        assert not term.alive(), term.screen()
    finally:
        term.close()
    history = (home / "chat_history").read_text(encoding="utf-8")
    assert "/context" in history and "which collections exist?" in history and "half a line" not in history
