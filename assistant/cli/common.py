"""What every command shares: the consoles, JSON output, and turning library errors into messages."""
from __future__ import annotations

import functools
import json
import sys
import time
from pathlib import Path
from typing import Any, List, Optional

import typer
from rich.console import Console
from rich.markup import escape

from assistant.core.errors import AssistantError, ConfigError
from assistant.facade import Assistant

out = Console()
err = Console(stderr=True)


def assistant_of(ctx: typer.Context) -> Assistant:
    return ctx.obj


def print_json(obj: Any) -> None:
    if hasattr(obj, "model_dump_json"):
        sys.stdout.write(obj.model_dump_json(indent=2, by_alias=True) + "\n")
    else:
        sys.stdout.write(json.dumps(obj, indent=2, ensure_ascii=False, default=str) + "\n")


def print_summary_line(summary: dict) -> None:
    """The last line of a JSON-lines run (extract, classify --json): `{"summary": {...}}` on stdout."""
    sys.stdout.write(json.dumps({"summary": summary}, ensure_ascii=False) + "\n")


# Called with every result a command shows (and what it was about): the chat keeps the last one as context.
result_listeners: list = []


def remember(result: Any, **about: Any) -> None:
    """Tell the listeners (the chat) about a result a command produced."""
    for listener in result_listeners:
        listener(result, about)


def emit(result: Any, as_json: bool, draw, **about: Any) -> None:
    """Print a result: as JSON for scripts, else drawn for people by `draw(console, result)`."""
    remember(result, **about)
    if as_json:
        print_json(result)
    else:
        draw(out, result)


def emit_rows(rows: list[dict], as_json: bool, columns: list[str], title: str) -> None:
    """Print a list of rows: as JSON, or as a table of the given columns."""
    from assistant.cli import render

    emit(rows, as_json, lambda console, r: render.table(console, r, columns, title))


def handles_errors(fn):
    """Turn library errors into one readable message (and the fix) with a non-zero exit code."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except AssistantError as exc:
            err.print(f"[bold red]Error:[/bold red] {escape(exc.message)}", highlight=False, soft_wrap=True)
            if exc.fix:
                err.print(f"[bold]Fix:[/bold] {escape(exc.fix)}", highlight=False, soft_wrap=True)
            raise typer.Exit(exc.exit_code)
        except KeyboardInterrupt:
            err.print("[yellow]Interrupted.[/yellow] Nothing half-written was kept; rerun to continue.")
            raise typer.Exit(130)

    return wrapper


def split_list(values: Optional[List[str]]) -> Optional[List[str]]:
    """Options given as repeated flags or comma-separated values, flattened."""
    if not values:
        return None
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


def read_text(text: Optional[str], file: Optional[Path], what: str = "query") -> str:
    """Text from an argument, a file, or stdin ('-')."""
    if file is not None:
        if str(file) == "-":
            return sys.stdin.read()
        try:
            return file.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot read {file}: {exc.strerror}", "check the path") from exc
        except UnicodeDecodeError as exc:
            raise ConfigError(f"{file} is not UTF-8 text", "save it as UTF-8") from exc
    if text == "-":
        return sys.stdin.read()
    if not text:
        raise ConfigError(f"no {what} given", "pass the text, a file, or - to read stdin")
    return text


LONG_RUN_SECONDS = 600  # an eval projected past this prints its estimate once, so nobody waits hours on a bar


def progress_bar(label: str, as_json: bool = False, warn_over: float | None = None, hint: str = ""):
    """A rich progress bar with its ETA on stderr (stdout stays clean for --json; with --json it shows only on a
    terminal); returns (bar, update callback). With warn_over (seconds), once enough is done to project the
    total, a run projected past it prints the estimate and `hint` (what to run instead) above the bar."""
    enabled = not as_json or err.is_terminal
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=err,
                   transient=True, disable=not enabled)
    task = bar.add_task(label, total=None)
    # The pace is measured from the first step on, not from the start: a one-off setup before it (fill's
    # cross-validation, 2 minutes on Restaurant) projected over every record gave "about 36 min" for a run
    # that ended 50 s later.
    state = {"start": None, "first": None, "warned": warn_over is None}

    def update(done, total):
        bar.update(task, completed=done, total=total)
        now = time.perf_counter()
        if state["start"] is None:
            state["start"] = now
        if state["first"] is None:
            if done > 0:
                state["first"] = (now, done)
            return
        since, first = state["first"]
        paced, steps = now - since, done - first
        if state["warned"] or not total or steps <= 0 or (paced < 10 and steps < 0.05 * total):
            return
        state["warned"] = True
        elapsed = now - state["start"]
        projected = elapsed + paced / steps * (total - done)
        if projected > warn_over:
            err.print(f"[yellow]Estimate:[/yellow] about {projected / 60:.0f} min in all ({100 * done / total:.1f}% "
                      f"done in {elapsed:.0f} s); Ctrl-C stops it.{(' ' + hint) if hint else ''}",
                      highlight=False, soft_wrap=True)

    return bar, update


def spinner(label: str, as_json: bool = False):
    """A spinner on stderr while a job without progress steps runs; none with --json."""
    from contextlib import nullcontext

    return err.status(label, spinner="dots") if not as_json else nullcontext()
