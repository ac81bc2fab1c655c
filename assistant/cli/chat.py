"""`assistant chat` (also `assistant` with no command): the interactive chat."""
from __future__ import annotations

import typer

from assistant.cli.common import assistant_of, out


def chat(ctx: typer.Context):
    """Talk to your data: plain requests go to an agent that picks the job; /help lists the slash commands."""
    from assistant.cli.repl import run_chat

    code = run_chat(assistant_of(ctx), ctx.find_root().command, console=out)
    if code:
        raise typer.Exit(code)
