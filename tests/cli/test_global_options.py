"""Global options (workspace, store, models, servers) are accepted after the command too, from one definition."""
from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from assistant.cli import app
from assistant.cli.global_options import GLOBAL_OPTIONS, accepting_globals
from assistant.facade import Assistant

from fakes import FakeEmbedder

runner = CliRunner()
ROWS = "id,role\n1,product manager\n2,data analyst\n"
# option as typed, value, Settings field, the value Settings holds
CASES = [
    ("--workspace", "WS", "home", None),
    ("-W", "WS", "home", None),
    ("--store", "http://localhost:9", "store_url", "http://localhost:9"),
    ("--embedding-model", "my-embedder", "embedding_model", "my-embedder"),
    ("--model", "qwen2.5-coder-0.5b", "llm_model", "qwen2.5-coder-0.5b"),
    ("--models-dir", "MD", "models_dir", None),
    ("--llm-url", "http://a:1,http://b:2", "llm_urls", ["http://a:1", "http://b:2"]),
    ("--llm-server-model", "served", "llm_server_model", "served"),
    ("--embedding-url", "http://e:1,http://f:2", "embedding_urls", ["http://e:1", "http://f:2"]),
    ("--embedding-server-model", "mini", "embedding_server_model", "mini"),
]


@pytest.fixture
def seen(monkeypatch):
    """Replace `collections` by a probe that records the settings of the Assistant the command ran with."""
    got = {}

    def probe(self):
        got["settings"] = self.settings
        return []

    monkeypatch.setattr(Assistant, "collections", probe)
    return got


def test_every_global_option_has_a_case():
    assert {GLOBAL_OPTIONS[n][1].param_decls[0] for n in GLOBAL_OPTIONS} <= {c[0] for c in CASES}


@pytest.mark.parametrize("flag, value, field, expected", CASES)
def test_every_global_option_works_after_the_command(seen, tmp_path, flag, value, field, expected):
    if expected is None:
        value = str(tmp_path / value)
        expected = tmp_path / value
    r = runner.invoke(app, ["collections", flag, value, "--json"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert getattr(seen["settings"], field) == expected


@pytest.mark.parametrize("flag, value, field, expected", CASES)
def test_after_the_command_wins_over_before(seen, tmp_path, flag, value, field, expected):
    if expected is None:
        value = str(tmp_path / value)
        expected = tmp_path / value
    other = "http://before:1" if "url" in field else str(tmp_path / "before")
    r = runner.invoke(app, [flag, other, "collections", flag, value, "--json"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert getattr(seen["settings"], field) == expected


def test_ingest_then_workspace_after_the_command(monkeypatch, write, tmp_path):
    import assistant.backends.embedder

    monkeypatch.setattr(assistant.backends.embedder, "SentenceTransformerEmbedder", lambda *a, **k: FakeEmbedder())
    ws = tmp_path / "W"
    r = runner.invoke(app, ["ingest", str(write("f.csv", ROWS)), "-c", "xyz", "--workspace", str(ws)],
                      catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert (ws / "chroma").is_dir()
    r = runner.invoke(app, ["search", "analyst", "-c", "xyz", "-W", str(ws), "--json"], catch_exceptions=False)
    assert r.exit_code == 0 and "data analyst" in r.stdout


def _commands(group, prefix=()):
    for name, cmd in group.commands.items():
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, prefix + (name,))
        else:
            yield prefix + (name,)


def test_every_command_help_lists_the_global_options():
    commands = list(_commands(typer.main.get_command(app)))
    assert ("eval", "rerank") in commands and ("models", "list") in commands and ("ingest",) in commands
    for path in commands:
        r = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
        assert r.exit_code == 0, (path, r.output)
        for name, (_, option, _) in GLOBAL_OPTIONS.items():
            assert option.param_decls[0] in r.output, (path, name)


def test_a_command_may_not_redefine_a_global_option():
    def cmd(model: str = typer.Option(None, "--model")):
        pass

    with pytest.raises(TypeError, match="model"):
        accepting_globals(cmd)
