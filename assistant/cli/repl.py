"""The interactive chat: slash commands run the CLI's own commands; plain sentences go to the agent.

Line editing and history come from readline when the chat runs in a terminal (history is kept in the
workspace). Ctrl-C cancels what is running (or the line being typed) and returns to the prompt; Ctrl-D leaves.
"""
from __future__ import annotations

import shlex
import time
from pathlib import Path
from typing import Any, Callable

import click
from rich.console import Console
from rich.markup import escape

from assistant.chat.context import Context
from assistant.chat.plan import Plan, answer_missing, build
from assistant.chat.route import Facts, Router
from assistant.chat.tools import BY_NAME, pick, which_question
from assistant.core.errors import AssistantError
from assistant.facade import Assistant

# Slash commands that are the chat's own; every other one is the CLI command of the same name.
OWN = {"help": "this help", "quit": "leave (or Ctrl-D)", "use": "/use COLLECTION: the collection plain requests act on",
       "context": "what the chat remembers (collection, last result)"}
# The CLI's commands that read a collection take it from /use when it is not given.
TAKES_COLLECTION = {"search", "cluster", "rerank", "fill", "ask"}
CONFIRM = " [y/N] "
OPTIONAL_COLLECTION = {"classify": ("--input", "-i"), "extract": ("--input", "-i")}


class Chat:
    """One chat session over an Assistant. `read` returns the next line (raises EOFError at the end)."""

    def __init__(self, assistant: Assistant, command: click.Group, *, console: Console | None = None,
                 read: Callable[[str], str] | None = None, router: Router | None = None):
        """command: the CLI's click group; slash commands run through it (handed in, so this module imports
        nothing of the CLI's assembly and no import cycle forms)."""
        self.assistant = assistant
        self.command = command
        self.console = console or Console()
        self.read = read or input
        self.ctx = Context()
        self.router = router or Router(assistant.embedder, lambda: assistant.llm)
        self.timings: list[float] = []  # seconds from a request to the chat's first output, per plain request

    # -- the loop -----------------------------------------------------------------------------------------------
    def run(self) -> int:
        from assistant.cli.common import result_listeners

        result_listeners.append(self.ctx.remember)
        self._pick_collection()
        self.console.print("[bold]assistant chat[/bold]: ask in plain words, or type /help. Ctrl-D leaves.")
        try:
            while True:
                try:
                    line = self.read(self._prompt())
                except KeyboardInterrupt:
                    self.console.print()
                    continue
                except EOFError:
                    self.console.print()
                    return 0
                if self.handle(line) == "quit":
                    return 0
        finally:
            result_listeners.remove(self.ctx.remember)

    def _prompt(self) -> str:
        return f"{self.ctx.collection or 'chat'}> "

    def handle(self, line: str) -> str | None:
        """One line of input; returns 'quit' when the chat should end. Errors become messages."""
        line = line.strip()
        if not line:
            return None
        try:
            if line.startswith("/"):
                self.ctx.pending = None  # a command instead of the answer to a question: the question lapses
                return self.slash(line[1:])
            self.agent(line)
        except KeyboardInterrupt:
            self.console.print("[yellow]Cancelled.[/yellow]")
        except AssistantError as exc:
            self._error(exc.message, exc.fix)
        return None

    def _error(self, message: str, fix: str | None = None) -> None:
        self.console.print(f"[bold red]Error:[/bold red] {escape(message)}", highlight=False)
        if fix:
            self.console.print(f"[bold]Fix:[/bold] {escape(fix)}", highlight=False)

    # -- slash commands -----------------------------------------------------------------------------------------
    def slash(self, text: str) -> str | None:
        try:
            argv = shlex.split(text)
        except ValueError as exc:
            self._error(f"cannot read that command: {exc}", "close the quotes")
            return None
        if not argv:
            return None
        if argv[0] == "exit":
            argv = ["quit"]
        if argv[0] == "models" and (len(argv) == 1 or argv[1].startswith("-") and argv[1] != "--help"):
            argv = ["models", "list", *argv[1:]]  # `/models [--json]` lists them; `/models install` is the CLI's
        name = argv[0]
        if name == "quit":
            return "quit"
        if name == "help":
            self.help()
        elif name == "use":
            self.use(argv[1] if len(argv) > 1 else None)
        elif name == "context":
            self.show_context()
        elif name == "chat":
            self._error("you are in the chat already")
        else:
            self.run_command(self._with_collection(argv))
        return None

    def _with_collection(self, argv: list[str]) -> list[str]:
        """Add `-c COLLECTION` from /use when the command reads a collection and none was given."""
        if self.ctx.collection is None or "--help" in argv or {"-c", "--collection"} & set(argv):
            return argv
        name = argv[0]
        if name in TAKES_COLLECTION or (name in OPTIONAL_COLLECTION
                                        and not set(OPTIONAL_COLLECTION[name]) & set(argv)
                                        and not (len(argv) > 1 and not argv[1].startswith("-"))):
            return argv + ["-c", self.ctx.collection]
        return argv

    def run_command(self, argv: list[str]) -> int:
        """Run a CLI command in this process, with this chat's Assistant (models stay loaded)."""
        import typer

        self.ctx.argv = argv
        try:
            code = self.command.main(args=argv, prog_name="assistant", obj=self.assistant,
                                                      standalone_mode=False)
        except typer.Abort:
            self.console.print("[yellow]Aborted.[/yellow]")
            return 1
        except typer.TyperException as exc:  # usage errors: unknown command or option, missing argument
            self._error(exc.format_message(), f"/{argv[0]} --help shows its options" if argv[0] in _commands(self.command)
                        else "/help lists the commands")
            return 2
        except SystemExit as exc:  # pragma: no cover - a command that exits directly
            return int(exc.code or 0)
        finally:
            self._let_others_write()
        return int(code or 0)

    def _let_others_write(self) -> None:
        """After a command that wrote, close the embedded store: its writer lock goes back, so another process
        may write while the chat sits at the prompt (the store reopens, fresh, on the next command)."""
        store = self.assistant._store
        if getattr(store, "holds_writer_lock", False):
            store.close()

    def use(self, name: str | None) -> None:
        names = self.assistant.store.list_collections()
        if not name:
            self.console.print(f"collection: {self.ctx.collection or '(none)'}; collections: {', '.join(names) or 'none'}")
            return
        if name not in names:
            self._error(f"no collection named {name!r}", f"collections: {', '.join(names) or 'none yet: /ingest FILE -c NAME'}")
            return
        self.ctx.collection = name
        self.console.print(f"using collection [bold]{escape(name)}[/bold]")

    def _pick_collection(self) -> None:
        try:
            names = self.assistant.store.list_collections()
        except AssistantError:
            return
        if len(names) == 1:
            self.ctx.collection = names[0]

    def show_context(self) -> None:
        last = self.ctx.last
        self.console.print(f"collection: {self.ctx.collection or '(none)'}")
        self.console.print(f"last result: {last.describe() if last else '(none)'}"
                           + (f"  ← /{shlex.join(last.argv)}" if last and last.argv else ""))

    def help(self) -> None:
        self.console.print("Type a request in plain words, e.g. [italic]find people who know python[/italic], "
                           "[italic]now only those in cluster 2[/italic], [italic]classify them as junior, mid or "
                           "senior[/italic]. The chat shows the command it runs; anything that changes data is "
                           "confirmed first.")
        self.console.print("\n[bold]Slash commands[/bold] (the same options as the command line; "
                           "`/search --help` shows them):")
        for name, summary in _commands(self.command).items():
            self.console.print(f"  /{name:<12} {escape(summary)}")
        for name, summary in OWN.items():
            self.console.print(f"  /{name:<12} {escape(summary)}")

    # -- plain requests -----------------------------------------------------------------------------------------
    def agent(self, request: str) -> None:
        started = time.perf_counter()
        pending = self.ctx.pending
        self.ctx.pending = None
        picked = pick(request, pending["choices"]) if pending and "choices" in pending else None
        if picked is not None:  # the reply to "search ..., or answer ...?": the first request, with that tool
            plan = self.plan_for(picked, pending["request"])
        elif pending is not None and "plan" in pending:
            plan = answer_missing(pending["plan"], request, self.ctx)
        else:  # no question pending, or a reply that picks neither tool: a new request
            plan = self.plan(request)
        self.timings.append(time.perf_counter() - started)
        self.execute(plan)

    def facts(self, request: str, vector) -> Facts:
        """Collections, the current collection's fields (read from the records nearest the request, whose
        embedding is `vector`) and context."""
        from assistant.retrieval.search import search

        a = self.assistant
        facts = Facts(collections=a.store.list_collections())
        c = self.ctx.collection
        if c and c in facts.collections:
            try:
                got = search(a.store, a.embedder, c, request, k=20, vector=vector)
                keys: dict[str, None] = {}
                for hit in got.hits:
                    keys.update(dict.fromkeys(k for k in hit.metadata if not k.startswith("_")))
                clustered = any("_cluster" in h.metadata for h in got.hits)
                facts.fields = list(keys) + (["cluster"] if clustered else [])
            except AssistantError:
                pass
        parts = [f"Collection in use: {c}" + (f" (fields: {', '.join(facts.fields)})" if facts.fields else "")] if c \
            else []
        if self.ctx.last:
            parts.append(f"Previous result: {self.ctx.last.describe()}")
        facts.context = "\n".join(parts)
        return facts

    def plan(self, request: str) -> Plan:
        vector = self.assistant.embedder.embed([request])[0]  # once: for the fields and for the router
        facts = self.facts(request, vector)
        route = self.router.choose(request, facts, vector)
        if not route.sure:  # a wrong action costs more than a question: ask which of the two likeliest
            choices = [route.tool, *route.runners_up(1)]
            return Plan(route.tool, ask=which_question(*choices), choices=choices, request=request)
        return self.plan_for(route.tool, request, facts)

    def plan_for(self, tool: str, request: str, facts: Facts | None = None) -> Plan:
        """The plan of a request routed to `tool`: its arguments filled, then built."""
        if facts is None:
            facts = self.facts(request, self.assistant.embedder.embed([request])[0])
        args = self.router.fill(BY_NAME[tool], request, facts)
        if tool == "classify" and self.ctx.refers_back(request):
            args["previous"] = True
        return build(tool, args, self.ctx)

    def execute(self, plan: Plan) -> None:
        if plan.ask:
            self.console.print(escape(plan.ask), highlight=False, soft_wrap=True)
            if plan.choices:
                self.ctx.pending = {"choices": plan.choices, "request": plan.request}
            elif plan.missing:
                self.ctx.pending = {"plan": plan}
            return
        self.console.print(f"[dim]→ {escape(plan.command)}[/dim]", highlight=False, soft_wrap=True)
        if plan.writes and not self.confirm(f"This {plan.writes}. Run it?"):
            self.console.print("Not run.")
            return
        if plan.argv[0].startswith("/"):
            self.slash(plan.command[1:])
            return
        self.run_command(plan.argv)

    def confirm(self, question: str) -> bool:
        try:
            answer = self.read(f"{question}{CONFIRM}")
        except (EOFError, KeyboardInterrupt):
            self.console.print()
            return False
        return answer.strip().lower() in ("y", "yes")


def _commands(group: click.Group) -> dict[str, str]:
    """The CLI's commands (and groups) with their one-line help."""
    out: dict[str, str] = {}
    for name, cmd in group.commands.items():
        if name == "chat":
            continue
        out[name] = (cmd.get_short_help_str(limit=70) if hasattr(cmd, "get_short_help_str") else "")
    return out


def history_file(assistant: Assistant) -> Path:
    return assistant.settings.home / "chat_history"


def line_reader(assistant: Assistant) -> Callable[[str], str]:
    """input() with readline editing and the workspace's history when this is a terminal; plain input() otherwise."""
    import sys

    if not sys.stdin.isatty():
        def read(prompt: str) -> str:
            sys.stdout.write(prompt)
            sys.stdout.flush()
            line = sys.stdin.readline()
            if not line:
                raise EOFError
            return line.rstrip("\n")

        return read
    try:
        import readline
    except ImportError:  # pragma: no cover - platforms without readline
        return input
    path = history_file(assistant)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            readline.read_history_file(str(path))
    except OSError:
        pass
    readline.set_history_length(2000)

    def read_line(prompt: str) -> str:
        line = input(prompt)
        if line.strip() and not prompt.endswith(CONFIRM):  # answers to "Run it?" are not worth recalling
            try:
                readline.append_history_file(1, str(path)) if path.exists() else readline.write_history_file(str(path))
            except OSError:
                pass
        return line

    return read_line


def run_chat(assistant: Assistant, command: click.Group, **kw: Any) -> int:
    return Chat(assistant, command, read=kw.pop("read", None) or line_reader(assistant), **kw).run()
