"""One chat session end to end with the real models (MiniLM, the default bundled LLM) and a real Chroma store:
slash commands, then plain requests routed by the agent, with follow-ups that act on the previous result."""
from __future__ import annotations

import csv
import io

import pytest
import typer

from assistant import Assistant, Settings
from assistant.backends.catalog import resolve_llm
from assistant.cli import app as _app
from assistant.cli.repl import Chat
from assistant.core.errors import ModelNotFoundError

from test_chat import Script

CLI = typer.main.get_command(_app)  # the chat runs slash commands through the CLI's click group

pytestmark = pytest.mark.real

SAMPLE_ROWS = 60


@pytest.fixture
def sample_csv(tmp_path):
    from conftest import SAMPLE

    rows = list(csv.reader(io.StringIO((SAMPLE / "applicants.csv").read_text(encoding="utf-8"))))
    path = tmp_path / "applicants.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows[:SAMPLE_ROWS + 1])
    return path


class Answering(Script):
    """Script lines; a (request, tool) line is typed as the request, and when the chat then asks which tool was
    meant, the tool's name is the reply (the routing may be unsure; the session goes on as a user's would)."""

    chat = None

    def __init__(self, *lines):
        super().__init__(*(line[0] if isinstance(line, tuple) else line for line in lines))
        self.tools = [line[1] if isinstance(line, tuple) else None for line in lines]
        self.last_tool = None

    def __call__(self, prompt):
        pending = self.chat.ctx.pending if self.chat else None
        if pending and self.last_tool in pending.get("choices", ()):
            self.prompts.append(prompt)
            tool, self.last_tool = self.last_tool, None
            return tool
        self.last_tool = self.tools.pop(0) if self.tools else None
        return super().__call__(prompt)


def test_a_real_session(tmp_path, sample_csv, real_embedder, capsys):
    pytest.importorskip("llama_cpp")
    settings = Settings(home=tmp_path / "ws")
    try:
        resolve_llm(settings.llm_model, settings.models_dir)
    except ModelNotFoundError as exc:
        pytest.skip(f"{exc.message} ({exc.fix})")
    a = Assistant(settings, embedder=real_embedder)
    script = Answering(f"/ingest {sample_csv} -c applicants --id-column ApplicantID", "/cluster -k 3",
                       ("show me 5 people like a data analyst with SQL", "search"),
                       ("only those in cluster 1", "filter"),
                       ("classify them as technical or non-technical", "classify"),
                       ("fill in the blank EducationField values and write them to the records", "fill"), "n",
                       "/context", "/quit")
    chat = Chat(a, CLI, read=script)
    script.chat = chat
    assert chat.run() == 0
    out = capsys.readouterr()
    text = out.out + out.err
    assert "embedded and stored" in text and "cluster ids written" in text
    assert "→ /search" in text and "-c applicants -k 5" in text
    assert "--where _cluster=1" in text
    assert "→ /classify --labels technical,non-technical -c applicants --ids" in text
    assert "counts:" in text
    assert "→ /fill -c applicants --field EducationField --apply" in text and "Not run." in text
    assert "Error" not in text and "Traceback" not in text
    assert chat.ctx.last.kind == "classify"
    assert len(chat.timings) >= 4  # every plain request was timed (the times themselves are for bench/chat.py)
