"""The shapes of constrained JSON answers (what `jsongen.Machine` enforces) and their JSON Schema."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Union

_ENCODE = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


@dataclass(frozen=True)
class Str:
    """A string; with `source`, a verbatim, word-bounded substring of it; with `choices`, one of them."""

    source: str | None = None
    choices: tuple[str, ...] | None = None
    max_len: int = 120

    def starts(self) -> tuple[int, ...]:
        src = self.source or ""
        return tuple(i for i in range(len(src)) if not src[i].isspace() and _boundary(src, i))


@dataclass(frozen=True)
class Num:
    max_len: int = 24


@dataclass(frozen=True)
class Arr:
    item: "Shape"
    max_items: int = 16
    unique: bool = True


@dataclass(frozen=True)
class Obj:
    props: tuple[tuple[str, "Shape"], ...]


@dataclass(frozen=True)
class Line:
    """Not JSON: one line of text (or a number) after a prompt ending in `name:`, ended by a newline."""

    number: bool = False
    max_len: int = 80


Shape = Union[Str, Num, Arr, Obj, Line]


@dataclass
class JsonRequest:
    """One answer to generate: the full prompt text (chat template applied) and the shape it must have."""

    prompt: str
    shape: Shape
    max_tokens: int = 256


@dataclass
class Generation:
    text: str  # always JSON of the request's shape (closed by force when max_tokens ran out)
    tokens: int = 0  # tokens the model chose
    forced: int = 0  # tokens taken from the constraint because none of the model's likely tokens fitted
    finished: bool = True  # False when the answer was closed by force


def _boundary(src: str, i: int) -> bool:
    """True when position i (0..len) does not cut through a word."""
    return i <= 0 or i >= len(src) or not (src[i - 1].isalnum() and src[i].isalnum())


def encode_str(value: str) -> str:
    return '"' + "".join(_ENCODE.get(c, c) for c in value) + '"'


def to_schema(shape: Shape) -> dict:
    """JSON Schema of a shape (for servers with schema-constrained output; they cannot enforce `source`)."""
    if isinstance(shape, Obj):
        return {"type": "object", "properties": {k: to_schema(v) for k, v in shape.props},
                "required": [k for k, _ in shape.props], "additionalProperties": False}
    if isinstance(shape, Arr):
        return {"type": "array", "items": to_schema(shape.item), "maxItems": shape.max_items}
    if isinstance(shape, Num) or isinstance(shape, Line) and shape.number:
        return {"type": "number"}
    out: dict = {"type": "string", "maxLength": shape.max_len}
    if isinstance(shape, Str) and shape.choices is not None:
        out["enum"] = list(shape.choices)
    return out
