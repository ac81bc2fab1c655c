"""Answer shapes (jsongen) for servers: a GBNF grammar that llama.cpp servers enforce, and the repair that makes any
server's answer fit its shape.

The grammar follows `jsongen.Machine` closely so that a llama.cpp server's greedy, grammar-constrained answer is the
one the in-process decoder would give: the same optional spaces, and a `Str` with a `source` accepts only verbatim,
word-bounded substrings of it (one rule per word or separator of the source, chained). What a grammar cannot say
(string max_len for copied values, unique array items) is left to `conform`, which replays an answer through the
Machine and closes it where it stops fitting.
"""
from __future__ import annotations

from assistant.core.jsongen import Arr, Line, Machine, Num, Obj, Shape, encode_str


def gbnf_literal(text: str) -> str:
    """A GBNF string literal that matches `text` exactly."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _atoms(source: str) -> list[str]:
    """The source cut at every word boundary: runs of letters/digits, and each other character on its own."""
    atoms: list[str] = []
    for ch in source:
        if atoms and ch.isalnum() and atoms[-1][-1].isalnum():
            atoms[-1] += ch
        else:
            atoms.append(ch)
    return atoms


_WRITABLE_CONTROL = {"\n", "\t", "\r"}  # the control characters a JSON string may carry (escaped)
_CHAR = r'([^"\\\x00-\x1f] | "\\" ["\\/ntr])'
_NUM = r'"-"? ("0" | [1-9] [0-9]{0,20}) ("." [0-9]{1,12})?'


class _Builder:
    def __init__(self) -> None:
        self.rules: list[str] = []
        self.count = 0

    def rule(self, body: str) -> str:
        self.count += 1
        name = f"r{self.count}"
        self.rules.append(f"{name} ::= {body}")
        return name

    def value(self, shape: Shape) -> str:
        if isinstance(shape, Obj):
            parts = ['"{"']
            for n, (key, sub) in enumerate(shape.props):
                if n:
                    parts.append('"," " "?')
                parts += [gbnf_literal(encode_str(key) + ":"), '" "?', self.value(sub)]
            parts.append('"}"')
            return self.rule(" ".join(parts))
        if isinstance(shape, Arr):
            item = self.value(shape.item)
            more = f'("," " "? {item}){{0,{shape.max_items - 1}}}' if shape.max_items > 1 else ""
            return self.rule(f'"[" ({item} {more})? "]"' if shape.max_items > 0 else '"[" "]"')
        if isinstance(shape, Num):
            return self.rule(_NUM)
        if isinstance(shape, Line):
            body = _NUM if shape.number else f'" "* [^ \\x00-\\x1f] [^\\x00-\\x1f]{{0,{max(0, shape.max_len - 2)}}}'
            return self.rule(f'" "? {body} "\\n"')
        if shape.choices is not None:
            return self.rule(" | ".join(gbnf_literal(encode_str(c)) for c in shape.choices) or '"\\"\\""')
        if shape.source is not None:
            return self.rule(f'"\\"" {self.copied(shape.source)} "\\""')
        return self.rule(f'"\\"" {_CHAR}{{0,{shape.max_len}}} "\\""')

    def copied(self, source: str) -> str:
        """A rule for the word-bounded substrings of source, without leading or trailing whitespace."""
        atoms = _atoms(source)
        names: list[str | None] = [None] * len(atoms)
        for i in range(len(atoms) - 1, -1, -1):  # built from the end: each atom's rule refers to the next one's
            atom = atoms[i]
            if any(ch < " " and ch not in _WRITABLE_CONTROL for ch in atom):
                continue  # a character no JSON string can carry: values cannot cross it
            text = gbnf_literal(encode_str(atom)[1:-1])
            nxt = names[i + 1] if i + 1 < len(atoms) else None
            if atom.isspace():
                if nxt is not None:
                    names[i] = self.rule(f"{text} {nxt}")
            else:
                names[i] = self.rule(f"{text} {nxt}?" if nxt else text)
        starts = [names[i] for i, atom in enumerate(atoms) if names[i] and not atom.isspace()]
        return self.rule(" | ".join(dict.fromkeys(starts))) if starts else '""'


def gbnf(shape: Shape) -> str:
    """A GBNF grammar for the answers `Machine.of(shape)` accepts (see the module docstring for the gaps)."""
    b = _Builder()
    top = b.value(shape)
    return "\n".join([f'root ::= " "? {top}'] + b.rules) + "\n"


def conform(shape: Shape, text: str) -> tuple[str, bool]:
    """`text` made an answer of `shape`: replayed through the Machine, cut where it stops fitting and closed.

    Returns (answer, True when text already was a complete answer). Whatever a server sends, the answer fits.
    """
    m = Machine.of(shape)
    for ch in text:
        if m.done:
            break
        trial = m.clone()
        if not trial.feed(ch):
            break
        m = trial
    complete = m.done
    if not complete:
        m.finish()
    return m.result(), complete
