"""The shapes of constrained JSON answers (what `jsongen.Machine` enforces) and their JSON Schema."""
from __future__ import annotations

import re
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


# Scripts written without spaces between words: Han (CJK ideographs), kana, Hangul syllables used unspaced,
# Thai, Lao, Khmer, Myanmar. Between two such characters (or one of them and a letter or digit, as in "3月" or
# "Python工程师") a word may end, so a value may start or end there; nothing else can tell where their words are.
_UNSPACED = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f]")


def _boundary(src: str, i: int) -> bool:
    """True when position i (0..len) does not cut through a word.

    In spaced scripts a word is a run of letters and digits; in scripts without spaces (_UNSPACED) every
    character may be a word of its own, so any position next to one of them is a boundary.
    """
    if i <= 0 or i >= len(src):
        return True
    a, b = src[i - 1], src[i]
    return not (a.isalnum() and b.isalnum()) or bool(_UNSPACED.match(a) or _UNSPACED.match(b))


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
