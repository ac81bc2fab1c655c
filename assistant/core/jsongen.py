"""Constrained JSON answers: a small schema language and a character-level machine that enforces it.

The generating jobs ask the model for JSON of a fixed shape (an object with fixed keys, arrays of strings,
strings copied from a source text, numbers, choices). `Machine` accepts exactly the texts of that shape, one
character at a time, so a decoder can keep only the tokens whose characters it accepts. A `Str` with a
`source` accepts only substrings of the source that start and end at word boundaries: a value the model
writes is then verbatim in the source by construction, and aligning it back is a lookup.

The same shapes turn into JSON Schema (`to_schema`) for inference servers that constrain by schema.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.core.json_shapes import (
    _ENCODE,
    Arr,
    Generation,
    JsonRequest,
    Line,
    Num,
    Obj,
    Shape,
    Str,
    _boundary,
    encode_str,
    to_schema,
)

# The shapes are defined in json_shapes; they are this module's API too (every caller builds a Machine of one).
__all__ = ["Arr", "Generation", "JsonRequest", "Line", "Machine", "Num", "Obj", "Shape", "Str", "_boundary",
           "encode_str", "to_schema"]

_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "n": "\n", "t": "\t", "r": "\r"}


# Frames of the machine's stack. Each is a small mutable list; `clone` copies the lists, never their contents,
# so contents (candidate tuples, seen sets) are replaced, never mutated.
_LIT, _WS, _VAL, _ARR, _STR, _NUM, _LINE = range(7)


@dataclass
class Machine:
    """Accepts the compact JSON texts of one shape, allowing one optional space after ':' and ','."""

    stack: list = field(default_factory=list)
    text: list = field(default_factory=list)
    empty_ok: bool = False  # the next string may be empty: the fallback had to start an item after a comma

    @classmethod
    def of(cls, shape: Shape) -> "Machine":
        return cls(stack=[[_VAL, shape, None], [_WS]], text=[])  # a prompt may end in "JSON:": allow one space

    def clone(self) -> "Machine":
        return Machine(stack=[list(f) for f in self.stack], text=list(self.text), empty_ok=self.empty_ok)

    @property
    def done(self) -> bool:
        return not self.stack

    def result(self) -> str:
        return "".join(self.text)

    def feed_text(self, chars: str) -> bool:
        """Feed several characters; False (and a machine in an undefined state) when one is refused."""
        for ch in chars:
            if not self.feed(ch):
                return False
        return True

    def feed(self, ch: str) -> bool:
        while self.stack:
            frame = self.stack[-1]
            verdict = _STEP[frame[0]](self, frame, ch)
            if verdict is None:  # frame finished without consuming: let the one below see the character
                self.stack.pop()
                continue
            if verdict is _RETRY:
                continue
            if verdict:
                self.text.append(ch)
            return verdict
        return False

    def fallback(self) -> str:
        """A short continuation this machine accepts, moving towards the end (used when no token fits)."""
        while self.stack:
            frame = self.stack[-1]
            kind = frame[0]
            if kind == _WS:
                self.stack.pop()
                continue
            if kind == _LIT:
                return frame[1][frame[2]:]
            if kind == _VAL:
                return _OPENER[type(frame[1])]
            if kind == _ARR:
                if frame[4] == 2:  # after a comma an item must follow: an empty one (readers drop it)
                    self.empty_ok = True
                    return _OPENER[type(frame[1].item)]
                return "]"
            if kind == _NUM:
                return "" if _num_complete(frame[1]) else "0"
            if kind == _LINE:
                body = frame[2].strip()
                return "\n" if body and (not frame[1].number or _num_complete(body)) else "0"
            return '"' if not frame[4] and _can_close(self, frame) else _str_fallback(frame)
        return ""

    def copy_options(self, longest: int = 24) -> list[str]:
        """When the answer is inside a copied string: the texts that may come next (prefixes of the source's
        continuations). Empty in any other state. Lets a decoder pick the model's best token among them."""
        if not self.stack or self.stack[-1][0] != _STR or self.stack[-1][3] is None or self.stack[-1][4]:
            return []
        frame = self.stack[-1]
        src, at = frame[1].source, len(frame[2])
        room = frame[1].max_len - at
        out = set()
        for i in frame[3]:
            rest = src[i + at:i + at + min(longest, room)]
            for n in range(1, len(rest) + 1):
                if rest[n - 1] < " " or rest[n - 1] in _ENCODE:
                    break
                out.add(rest[:n])
        return sorted(out)

    def next_forced(self) -> str:
        """The machine's own next characters (never empty unless the answer is complete)."""
        while self.stack:
            step = self.fallback()
            if step:
                return step
            self.stack.pop()  # a complete number ends here
        return ""

    def finish(self) -> str:
        """The characters that close the answer as quickly as the shape allows (fed into this machine)."""
        out = []
        for _ in range(10000):
            step = self.next_forced()
            if not step:
                break
            for ch in step:
                if not self.feed(ch):
                    raise AssertionError(f"fallback {step!r} refused")  # a bug in the machine, never input
            out.append(step)
        return "".join(out)


# The first character of a value of each shape (a Line starts with its first digit or letter).
_OPENER = {Str: '"', Num: "0", Arr: "[", Obj: "{", Line: "0"}
_RETRY = 2  # a step verdict: the frame pushed a child; give the same character to the new top of the stack


def _step_lit(m: Machine, frame: list, ch: str):
    text, pos = frame[1], frame[2]
    if ch != text[pos]:
        return False
    frame[2] = pos + 1
    if frame[2] == len(text):
        m.stack.pop()
    return True


def _step_ws(m: Machine, frame: list, ch: str):
    if ch == " ":
        m.stack.pop()
        return True
    return None


def _step_val(m: Machine, frame: list, ch: str):
    shape = frame[1]
    m.stack.pop()
    if isinstance(shape, Obj):
        if ch != "{":
            return False
        seq: list = []
        for n, (key, sub) in enumerate(shape.props):
            if n:
                seq += [[_LIT, ",", 0], [_WS]]
            seq += [[_LIT, encode_str(key) + ":", 0], [_WS], [_VAL, sub, None]]
        seq.append([_LIT, "}", 0])
        m.stack.extend(reversed(seq))
        return True
    if isinstance(shape, Arr):
        if ch != "[":
            return False
        m.stack.append([_ARR, shape, 0, frozenset(), 0])  # shape, items, values seen, phase
        return True
    if isinstance(shape, Num):
        if not (ch == "-" or ch.isdigit()):
            return False
        m.stack.append([_NUM, ch, shape])
        return True
    if isinstance(shape, Line):
        m.stack.append([_LINE, shape, ""])
        return _RETRY
    if ch != '"':
        return False
    m.stack.append([_STR, shape, "", shape.starts() if shape.source is not None else None, False, m.empty_ok])
    m.empty_ok = False
    return True


def _step_arr(m: Machine, frame: list, ch: str):
    shape, count, phase = frame[1], frame[2], frame[4]
    if phase == 1:  # after an item
        if ch == "]":
            m.stack.pop()
            return True
        if ch == "," and count < shape.max_items:
            frame[4] = 2
            m.stack.append([_WS])
            return True
        return False
    if ch == "]" and phase == 0:
        m.stack.pop()
        return True
    if count >= shape.max_items:
        return False
    frame[2], frame[4] = count + 1, 1
    m.stack.append([_VAL, shape.item, None])
    return _RETRY


def _parent_seen(m: Machine) -> frozenset | None:
    below = m.stack[-2] if len(m.stack) > 1 else None
    return below[3] if below is not None and below[0] == _ARR and below[1].unique else None


def _can_close(m: Machine, frame: list) -> bool:
    shape, buf, cands = frame[1], frame[2], frame[3]
    if shape.source is None and shape.choices is None or frame[5]:
        return True  # free text, or a value the fallback could neither extend nor close
    if not buf or buf != buf.strip():
        return False
    if shape.choices is not None and buf not in shape.choices:
        return False
    if cands is not None and not any(_boundary(shape.source, i + len(buf)) for i in cands):
        return False
    seen = _parent_seen(m)
    return seen is None or buf not in seen


def _step_str(m: Machine, frame: list, ch: str):
    if frame[4]:  # the character after a backslash
        if ch not in _ESCAPES or not _add_char(frame, _ESCAPES[ch]):
            return False  # refused without changing the frame
        frame[4] = False
        return True
    if ch == "\\":
        nxt = _next_chars(frame)
        if nxt is not None and not any(c in _ENCODE for c in nxt):
            return False  # no escapable character comes next in the source or the choices
        frame[4] = True
        return True
    if ch == '"':
        if not _can_close(m, frame):
            return False
        m.stack.pop()
        if m.stack and m.stack[-1][0] == _ARR:
            m.stack[-1][3] = m.stack[-1][3] | {frame[2]}
        return True
    if ch < " ":
        return False
    return _add_char(frame, ch)


def _add_char(frame: list, c: str) -> bool:
    shape, buf, cands = frame[1], frame[2], frame[3]
    if len(buf) >= shape.max_len:
        return False
    grown = buf + c
    if cands is not None:
        src, at = shape.source, len(buf)
        cands = tuple(i for i in cands if i + at < len(src) and src[i + at] == c)
        if not cands:
            return False
        frame[3] = cands
    if shape.choices is not None and not any(v.startswith(grown) for v in shape.choices):
        return False
    frame[2] = grown
    return True


def _next_chars(frame: list) -> set[str] | None:
    """The characters that may come next in a copied or chosen string; None when any may."""
    shape, buf = frame[1], frame[2]
    if frame[3] is not None:
        return {shape.source[i + len(buf)] for i in frame[3] if i + len(buf) < len(shape.source)}
    if shape.choices is not None:
        return {v[len(buf)] for v in shape.choices if v.startswith(buf) and len(v) > len(buf)}
    return None


def _str_fallback(frame: list) -> str:
    shape, buf, cands = frame[1], frame[2], frame[3]
    if frame[4]:  # after a backslash: the escape letter of a character that may come next
        nxt = _next_chars(frame) or {'"'}
        return next((_ENCODE[c][1] for c in sorted(nxt) if c in _ENCODE), '"')
    if shape.source is None and shape.choices is None:
        return '"'
    if cands is not None:
        src, at = shape.source, len(buf)
        for i in cands:
            if i + at < len(src) and len(buf) < shape.max_len:
                c = src[i + at]
                if c >= " " or c in _ENCODE:
                    return _ENCODE.get(c, c)
    if shape.choices is not None:
        for v in shape.choices:
            if v.startswith(buf) and len(v) > len(buf):
                return _ENCODE.get(v[len(buf)], v[len(buf)])
    frame[5] = True  # nothing left to extend: accept this value even if it repeats one
    return '"'


def _num_complete(buf: str) -> bool:
    return bool(_NUM_DONE.fullmatch(buf))


def _step_num(m: Machine, frame: list, ch: str):
    grown = frame[1] + ch
    if len(grown) <= frame[2].max_len and _NUM_PREFIX.fullmatch(grown):
        frame[1] = grown
        return True
    return None if _num_complete(frame[1]) else False


def _step_line(m: Machine, frame: list, ch: str):
    shape, buf = frame[1], frame[2]
    body = buf.lstrip(" ")
    if ch == "\n":
        if not body.strip() or shape.number and not _num_complete(body):
            return False
        m.stack.pop()
        return True
    if ch < " " or len(buf) >= shape.max_len:
        return False
    if ch == " " and not buf:
        frame[2] = " "
        return True
    if shape.number and not _NUM_PREFIX.fullmatch(body + ch):
        return False
    frame[2] = buf + ch
    return True


_NUM_PREFIX = re.compile(r"-?((0|[1-9]\d*)(\.\d*)?)?")  # a digit before any '.': "." never starts one
_NUM_DONE = re.compile(r"-?(0|[1-9]\d*)(\.\d+)?")
_STEP = {_LIT: _step_lit, _WS: _step_ws, _VAL: _step_val, _ARR: _step_arr, _STR: _step_str, _NUM: _step_num,
         _LINE: _step_line}
