"""The package's layout as rules: what may import what, no import cycle, heavy libraries only in backends/, small
modules, one contract for the jobs, and a wheel that holds every module of the source tree."""
from __future__ import annotations

import ast
import inspect
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "assistant"

# Which parts of the package each part may import (README, "Architecture"). The facade assembles the backends
# for the CLI, the chat's REPL and scripts; the jobs, the agent and the evaluations see only protocols.
ALLOWED = {
    "core": {"core"},
    "backends": {"core", "backends"},
    "data": {"core", "data"},
    "retrieval": {"core", "data", "retrieval"},
    "jobs": {"core", "data", "retrieval", "jobs"},
    # eval fill builds a throwaway Chroma store, eval embeddings its embedders; it clusters as `cluster` does
    "eval": {"core", "data", "retrieval", "jobs", "eval", "backends"},
    "chat": {"core", "jobs", "chat"},
    "facade": {"core", "backends", "data", "retrieval", "jobs", "facade"},
    "cli": {"core", "backends", "data", "retrieval", "jobs", "eval", "chat", "facade", "cli"},
    "__init__": {"core", "facade"},
    "__main__": {"cli"},
}
HEAVY = ("llama_cpp", "chromadb", "sentence_transformers", "onnxruntime", "torch", "transformers")
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in PKG.rglob("*.py")}


def _type_checking_only(node: ast.AST, parents: dict) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return True
    return False


def imported_from(name: str, node: ast.ImportFrom) -> str:
    """The absolute name of the module a `from ... import` in module `name` reads (relative imports resolved)."""
    package = name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]
    base = node.module or ""
    if node.level:
        base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
    return base


def imports_of(name: str) -> tuple[set[str], set[str]]:
    """(modules of the package, top-level outside packages) that a module imports anywhere in its body (lazy
    imports inside functions included; imports only for type checkers left out)."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    ours, outside = set(), set()
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Import, ast.ImportFrom)) or _type_checking_only(node, parents):
            continue
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        else:
            base = imported_from(name, node)
            # `from package import module` imports the module; `from module import name` the module itself
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
        for target in targets:
            if target == "assistant" or target.startswith("assistant."):
                while target not in MODULES:  # assistant.x.y.Name -> the module that defines it
                    target = target.rpartition(".")[0]
                ours.add(target)
            else:
                outside.add(target.split(".")[0])
    ours.discard(name)
    return ours, outside


GRAPH = {name: imports_of(name)[0] for name in MODULES}


def part(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_no_import_cycle():
    """Tarjan's strongly connected components over every import (lazy ones too): each must be one module."""
    index, low, stack, on, cycles = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in GRAPH[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in GRAPH:  # the graph is ~90 modules deep at most: well inside the default recursion limit
        if v not in index:
            visit(v)
    assert not cycles, f"import cycles: {cycles}"


def test_each_part_imports_only_what_the_layering_allows():
    bad = [(name, target) for name, targets in GRAPH.items() for target in targets
           if part(target) not in ALLOWED[part(name)]]
    assert not bad, "imports across the layering: " + ", ".join(f"{a} -> {b}" for a, b in bad)


def test_only_backends_import_the_model_and_store_libraries():
    bad = [(name, lib) for name in MODULES for lib in imports_of(name)[1]
           if lib in HEAVY and part(name) != "backends"]
    assert not bad, f"heavy imports outside assistant/backends: {bad}"


def test_the_chat_agent_imports_nothing_of_the_cli():
    assert not [t for n, ts in GRAPH.items() if part(n) == "chat" for t in ts if part(t) == "cli"]


def test_modules_are_small():
    big = {name: n for name, path in MODULES.items()
           if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not big, f"modules over {MAX_LINES} lines: {big}"


# A module's private names (`_name`) are its own. The imports of them that are left (the JSON grammar's helpers,
# split out of jsongen into json_shapes), known and to be given public names; no new one.
PRIVATE_IMPORTS_LEFT = {("assistant.core.jsongen", "assistant.core.json_shapes", "_ENCODE"),
                        ("assistant.core.jsongen", "assistant.core.json_shapes", "_boundary"),
                        ("assistant.jobs.extract.answers", "assistant.core.jsongen", "_boundary"),
                        ("assistant.jobs.extract.spans", "assistant.core.json_shapes", "_UNSPACED")}


def test_no_module_imports_another_modules_private_names():
    found = set()
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (base := imported_from(name, node)).split(".")[0] == "assistant":
                found |= {(name, base, a.name) for a in node.names if a.name.startswith("_")
                          and not a.name.startswith("__") and f"{base}.{a.name}" not in MODULES}
    new = sorted(found - PRIVATE_IMPORTS_LEFT)
    assert not new, f"private names imported from another module: {new}"


# -- the one job contract ------------------------------------------------------------------------------------
JOBS = ("rerank", "classify", "extract", "fill", "answer")


@pytest.mark.parametrize("job", JOBS)
def test_every_job_is_called_the_same_way_and_returns_a_job_result(job):
    import importlib

    from assistant.jobs.contract import JobResult, Usage

    module = importlib.import_module(f"assistant.jobs.{job}")
    params = list(inspect.signature(module.run).parameters.values())
    assert [p.name for p in params[:3]] == ["llm", "inputs", "options"]
    assert params[2].default is None  # the job's defaults
    keywords = {p.name for p in params if p.kind is inspect.Parameter.KEYWORD_ONLY}
    assert {"embedder", "progress"} <= keywords
    hints = inspect.get_annotations(module.run, eval_str=True)
    assert issubclass(hints["return"], JobResult)
    assert hints["return"].model_fields["usage"].annotation is Usage


# -- packaging -----------------------------------------------------------------------------------------------
@pytest.mark.real
def test_the_wheel_holds_every_module_prompt_and_sample_file(tmp_path):
    """`pip install .` must give a working `assistant`: every module of the tree, the prompts, the sample data."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                    str(tmp_path), str(ROOT)], check=True, cwd=tmp_path)
    (wheel,) = tmp_path.glob("assistant-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = {p.relative_to(ROOT).as_posix() for p in PKG.rglob("*")
              if p.is_file() and p.suffix in (".py", ".j2", ".csv", ".txt", ".yaml", ".md")
              and "__pycache__" not in p.parts}
    missing = sorted(wanted - names)
    assert not missing, f"not in the wheel: {missing}"
    assert any(n.endswith("entry_points.txt") for n in names)
