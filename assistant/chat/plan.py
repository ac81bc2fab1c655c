"""Turning a routed request into the slash command it stands for, using what the chat remembers.

A plan is either a command to run (the same argv a user could type after `/`), a question to ask first (an
argument is missing), or, when the router is unsure, a question naming the two likeliest tools.
"""
from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.chat.context import Context
from assistant.chat.tools import WRITES


@dataclass
class Plan:
    tool: str
    args: dict[str, Any] = field(default_factory=dict)
    argv: list[str] | None = None  # the command; `use`/`help` are the chat's own (argv[0] starts with '/')
    ask: str | None = None  # what to ask the user before it can run
    missing: str | None = None  # the argument the answer will fill
    writes: str | None = None  # set when the command changes stored data: confirm first
    choices: list[str] = field(default_factory=list)  # when unsure: the two tools the question names
    request: str = ""  # when unsure: the request the chosen tool will run

    @property
    def command(self) -> str:
        """The plan as the slash command a user would type."""
        if not self.argv:
            return ""
        if self.argv[0].startswith("/"):
            return " ".join(self.argv)
        return "/" + shlex.join(self.argv)


def build(tool: str, args: dict[str, Any], ctx: Context) -> Plan:
    """The command for a tool and its arguments, or the question to ask when one is missing."""
    plan = Plan(tool, dict(args))
    maker = _MAKERS.get(tool)
    if maker is None:
        plan.argv = [tool] if tool != "help" else ["/help"]
        if tool == "models":
            plan.argv = ["models", "list"]
        return plan
    maker(plan, ctx)
    if plan.argv and not plan.ask:
        if tool == "ingest" or (tool in ("fill", "classify") and args.get("save")):
            plan.writes = WRITES[tool]
    return plan


def _collection(plan: Plan, ctx: Context) -> str | None:
    if ctx.collection is None:
        plan.ask = "Which collection? Type `/use NAME` (`/collections` lists them) and ask again."
    return ctx.collection


def _search(plan: Plan, ctx: Context) -> None:
    c = _collection(plan, ctx)
    if c:
        plan.argv = ["search", plan.args["query"], "-c", c] + (["-k", plan.args["k"]] if "k" in plan.args else [])


def _rerank(plan: Plan, ctx: Context) -> None:
    c = _collection(plan, ctx)
    if not c:
        return
    source = [plan.args["file"]] if "file" in plan.args else ["--query", plan.args.get("query", "")]
    plan.argv = ["rerank", *source, "-c", c] + (["-n", plan.args["n"]] if "n" in plan.args else [])


def _classify(plan: Plan, ctx: Context) -> None:
    labels = plan.args.get("labels") or []
    if len(labels) < 2:
        plan.ask, plan.missing = "Into which labels? Type them separated by commas (e.g. junior, mid, senior).", "labels"
        return
    last = ctx.last
    if plan.args.get("previous") and last and last.ids:
        target = ["-c", last.collection or ctx.collection or "", "--ids", ",".join(last.ids)]
    else:
        c = _collection(plan, ctx)
        if not c:
            return
        target = ["-c", c]
    save = ["--as", "label"] if plan.args.get("save") else []
    plan.argv = ["classify", "--labels", ",".join(labels), *target, *save]


def _extract(plan: Plan, ctx: Context) -> None:
    fields = plan.args.get("fields") or []
    if not fields:
        plan.ask, plan.missing = "Which values should I extract? Type them separated by commas (e.g. name, skill).", \
            "fields"
        return
    if "file" in plan.args:
        source = ["--input", plan.args["file"]] + (["--text-field", plan.args["text_field"]]
                                                   if "text_field" in plan.args else [])
    else:
        c = _collection(plan, ctx)
        if not c:
            return
        source = ["-c", c]
    plan.argv = ["extract", "--fields", ",".join(fields), *source]


def _fill(plan: Plan, ctx: Context) -> None:
    c = _collection(plan, ctx)
    if not c:
        return
    if "field" not in plan.args:
        plan.ask, plan.missing = "Which field should I fill in?", "field"
        return
    plan.argv = ["fill", "-c", c, "--field", plan.args["field"]] + (["--apply"] if plan.args.get("save") else [])


def _cluster(plan: Plan, ctx: Context) -> None:
    c = _collection(plan, ctx)
    if c:
        plan.argv = ["cluster", "-c", c] + (["-k", plan.args["k"]] if "k" in plan.args else [])


def _ingest(plan: Plan, ctx: Context) -> None:
    if "file" not in plan.args:
        plan.ask, plan.missing = "Which file should I load? Type its path.", "file"
        return
    name = plan.args.get("collection") or Path(plan.args["file"]).stem
    plan.argv = ["ingest", plan.args["file"], "-c", "-".join(name.split())]


def _answer(plan: Plan, ctx: Context) -> None:
    c = _collection(plan, ctx)
    if c:
        plan.argv = ["ask", plan.args["question"], "-c", c]


def _filter(plan: Plan, ctx: Context) -> None:
    last = ctx.last
    if last is None or not last.argv or last.kind not in ("search", "rerank", "classify", "answer"):
        plan.ask = "Narrow down what? Run a search first (e.g. `find people who know python`)."
        return
    if "field" not in plan.args or "value" not in plan.args:
        plan.ask = "Filter on what? Say e.g. `only those in cluster 2` or `only those where Department is Sales`."
        return
    condition = f"{plan.args['field']}={plan.args['value']}"
    argv, keep = [], True
    for i, tok in enumerate(last.argv):  # drop an earlier filter on the same field
        if not keep:
            keep = True
            continue
        if tok == "--where" and i + 1 < len(last.argv) and last.argv[i + 1].split("=")[0] == plan.args["field"]:
            keep = False
            continue
        argv.append(tok)
    if argv[0] == "classify" and "--ids" in argv:  # re-select from the collection, not from the old ids
        j = argv.index("--ids")
        del argv[j:j + 2]
    plan.argv = argv + ["--where", condition]


def _use(plan: Plan, ctx: Context) -> None:
    if "collection" not in plan.args:
        plan.ask, plan.missing = "Which collection? (`/collections` lists them)", "collection"
        return
    plan.argv = ["/use", plan.args["collection"]]


_MAKERS = {"search": _search, "rerank": _rerank, "classify": _classify, "extract": _extract, "fill": _fill,
           "cluster": _cluster, "ingest": _ingest, "answer": _answer, "filter": _filter, "use": _use}


def answer_missing(plan: Plan, reply: str, ctx: Context) -> Plan:
    """Fill the argument the plan asked for from the user's reply, and build it again."""
    from assistant.chat.slots import label_list

    args = dict(plan.args)
    if plan.missing in ("labels", "fields"):
        items = label_list("as " + reply) or [reply.strip()]
        args[plan.missing] = items
    else:
        args[plan.missing] = reply.strip()
    return build(plan.tool, args, ctx)
