"""Prompt and record templates live as files in prompts/; rendering fails loudly on a missing variable."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources
from pathlib import Path

from assistant.core.errors import ConfigError


def prompts_dir() -> Path:
    """The prompts folder, found both in a source checkout and after a non-editable install."""
    try:
        found = resources.files("assistant.prompts")
        path = Path(str(found))
        if path.is_dir():
            return path
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parent.parent / "prompts"


@lru_cache(maxsize=None)
def _env():
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(prompts_dir())),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
        autoescape=False,
    )


def template_source(name: str) -> str:
    """The text of a template: a name in prompts/ or a path to a file of the user's."""
    path = Path(name)
    if path.suffix and path.is_file():
        return path.read_text(encoding="utf-8")
    candidate = prompts_dir() / name
    if candidate.is_file():
        return candidate.read_text(encoding="utf-8")
    raise ConfigError(
        f"template {name!r} not found",
        f"use one of {', '.join(sorted(p.name for p in prompts_dir().glob('*.j2')))} or a path to a .j2 file",
    )


def template_id(name: str) -> str:
    """A short id of a template's name and content, recorded on collections."""
    digest = hashlib.sha256(template_source(name).encode("utf-8")).hexdigest()[:10]
    return f"{Path(name).name}@{digest}"


@lru_cache(maxsize=64)
def compile_template(name: str):
    import jinja2

    try:
        return _env().from_string(template_source(name))
    except jinja2.TemplateSyntaxError as exc:
        raise ConfigError(f"template {name!r} has a syntax error on line {exc.lineno}: {exc.message}") from exc


def render(name: str, **variables) -> str:
    """Render a template with jinja2; a variable the template needs and did not get is an error."""
    import jinja2

    try:
        return compile_template(name).render(**variables).strip()
    except jinja2.UndefinedError as exc:
        raise ConfigError(f"template {name!r}: {exc.message}") from exc
