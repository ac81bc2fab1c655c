"""The chat in a real terminal: tmux runs `assistant`, the test types keys and reads the screen.

Checks line editing (backspace), history (Up recalls a line, and the history file survives the session),
Ctrl-C at the prompt, a plain request routed by the real embedder and LLM, and Ctrl-D leaving; and a
ten-request conversation on an ingested collection, with follow-ups and a Ctrl-C during a job (issue 15)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid

import pytest

from conftest import SAMPLE

pytestmark = [pytest.mark.real, pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")]


class Terminal:
    def __init__(self, command: str, env: dict[str, str]):
        self.name = f"assistant-test-{uuid.uuid4().hex[:8]}"
        self.tmux = ["tmux", "-L", self.name]  # a server of its own: no environment inherited from another one
        exports = " ".join(f"{k}={v}" for k, v in env.items())
        subprocess.run([*self.tmux, "new-session", "-d", "-s", self.name, "-x", "160", "-y", "50",
                        f"env {exports} {command}"], check=True)

    def screen(self) -> str:
        got = subprocess.run([*self.tmux, "capture-pane", "-p", "-S", "-", "-t", self.name], capture_output=True,
                             text=True)
        return got.stdout

    def keys(self, *keys: str) -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", self.name, *keys], check=True)

    def type(self, text: str) -> None:
        subprocess.run([*self.tmux, "send-keys", "-l", "-t", self.name, text], check=True)

    def wait_for(self, text: str, count: int = 1, timeout: float = 60.0) -> str:
        deadline = time.time() + timeout
        while time.time() < deadline:
            screen = self.screen()
            if screen.count(text) >= count:
                return screen
            time.sleep(0.3)
        raise AssertionError(f"{text!r} (x{count}) never appeared; the screen:\n{self.screen()}")

    def alive(self) -> bool:
        return subprocess.run([*self.tmux, "has-session", "-t", self.name], capture_output=True).returncode == 0

    def wait_closed(self, timeout: float = 30.0) -> None:
        deadline = time.time() + timeout
        while self.alive() and time.time() < deadline:
            time.sleep(0.3)
        assert not self.alive(), self.screen()

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], capture_output=True)


def _env(home) -> dict[str, str]:
    env = {"ASSISTANT_HOME": str(home), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TERM": "xterm",
           "PATH": os.environ.get("PATH", "")}
    if os.environ.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    return env


def test_the_chat_in_a_real_terminal(tmp_path):
    home = tmp_path / "ws"
    env = _env(home)
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
        prompts = term.screen().count("chat>") + 1  # the one the request is typed at, then the next
        term.type("which collections exist?")
        term.keys("Enter")
        if "(collections / " in _until(term, "which collections exist?", ("→ /collections", "(collections / ")):
            term.wait_for("chat>", count=prompts)
            prompts += 1
            term.type("collections")  # unsure: it asked which tool was meant; answer it
            term.keys("Enter")
        term.wait_for("→ /collections")
        term.wait_for("chat>", count=prompts)
        term.keys("C-d")
        term.wait_closed()
    finally:
        term.close()
    history = (home / "chat_history").read_text(encoding="utf-8")
    assert "/context" in history and "which collections exist?" in history and "half a line" not in history


# (request, the tool it is for, what its command line starts with); the chat may ask "x, or y? (x / y)" first,
# and the test then answers with the tool's name, as a user would.
CONVERSATION = [
    ("group the applicants into 3 clusters", "cluster", "→ /cluster -c applicants -k 3"),
    ("show me 5 people like a data analyst with SQL", "search", "→ /search"),
    ("only those in cluster 2", "filter", "--where _cluster=2"),
    ("classify them as technical or non-technical", "classify", "→ /classify --labels technical,non-technical"),
    ("how many applicants are nurses?", "answer", "→ /ask"),
    ("extract the skills and employers from each summary", "extract", "→ /extract --fields"),  # Ctrl-C in it
    ("which collections exist?", "collections", "→ /collections"),
    ("what models are installed", "models", "→ /models list"),
    ("switch to the applicants collection", "use", "→ /use applicants"),
    ("what can you do", "help", "→ /help"),
]


def _until(term: Terminal, request: str, marks: tuple[str, ...], timeout: float = 300) -> str:
    """The screen after the last time `request` was typed at the prompt, once one of `marks` shows there (the
    command line echoed after it may quote the request again, so the split is on the prompt and the request)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        tail = term.screen().rsplit("> " + request, 1)[-1]
        if any(m in tail for m in marks):
            return tail
        time.sleep(0.3)
    raise AssertionError(f"none of {marks} after {request!r}; the screen:\n{term.screen()}")


def test_a_ten_request_conversation_in_a_real_terminal(tmp_path):
    """Open the chat on an ingested collection, ten mixed requests with follow-ups, a Ctrl-C during a job, quit:
    no traceback, and every request answered on screen (its command and output, or a question back)."""
    rows = (SAMPLE / "applicants.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    data = tmp_path / "applicants.csv"
    data.write_text("".join(rows[:61]), encoding="utf-8")
    home = tmp_path / "ws"
    env = _env(home)
    subprocess.run([sys.executable, "-m", "assistant", "ingest", str(data), "-c", "applicants", "--id-column",
                    "ApplicantID"], env=env, check=True, capture_output=True, timeout=300)
    term = Terminal(f"{sys.executable} -m assistant", env)
    prompt = "applicants>"  # capture-pane drops the trailing space of an empty prompt line
    try:
        term.wait_for("assistant chat", timeout=120)
        seen = term.wait_for(prompt).count(prompt)
        for request, tool, command in CONVERSATION:
            term.type(request)
            term.keys("Enter")
            question = (f"({tool} / ", f" / {tool})")
            shown = command  # what must be on screen after the request: the command the chat ran
            tail = _until(term, request, (command, *question, "\n" + prompt))
            if any(q in tail for q in question):  # unsure: it asked which tool was meant; answer it
                seen = term.wait_for(prompt, count=seen + 1).count(prompt)
                term.type(tool)
                term.keys("Enter")
                tail = _until(term, request, (command,))
            elif "? (" in tail and command.startswith("→ /"):  # it asked, without the tool meant: type the command
                seen = term.wait_for(prompt, count=seen + 1).count(prompt)
                shown = "> " + command[2:]
                term.type(command[2:])
                term.keys("Enter")
                tail = _until(term, request, (shown,))
            if tool == "extract":  # a long job: interrupt it once it runs
                time.sleep(1.5)
                term.keys("C-c")
            screen = term.wait_for(prompt, count=seen + 1, timeout=300)
            seen = screen.count(prompt)
            tail = screen.rsplit("> " + request, 1)[-1]
            assert shown in tail, f"{request!r}: no {shown!r} on screen:\n{screen}"
            assert "Traceback" not in tail and "Error" not in tail, screen
        tail = screen.split("extract the skills", 1)[1].split("which collections exist?", 1)[0]
        assert "Interrupted." in tail or "Cancelled." in tail or "Aborted." in tail, tail  # Ctrl-C stopped it
        assert "cluster ids written" in screen
        term.type("/quit")
        term.keys("Enter")
        term.wait_closed()
    finally:
        term.close()
