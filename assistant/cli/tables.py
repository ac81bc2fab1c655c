"""Terminal tables that fit the window: one line per row, empty columns dropped, the preview showing what matters.

At 80 columns the rerank and fill tables wrapped every row over 3-6 lines, the preview showed a record's first
fields (`Age: 37 | Gender: ...`) rather than what matched, and rerank showed an empty `wins` column for a method
that has none. Here every cell stays on one line (cut with an ellipsis), one flexible column takes the width the
others leave, and a record's preview starts at the passage that shares the most words with the query.
"""
from __future__ import annotations

import math
import re
from typing import Sequence

from rich import box
from rich.console import Console
from rich.table import Table

from assistant.core.results import one_line

_WORD = re.compile(r"\w+", re.UNICODE)
_SHORT = 2  # words this short ("a", "of", "to") match everywhere and say nothing


def _terms(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.casefold()) if len(w) > _SHORT or not w.isascii()}


def _pieces(text: str) -> list[str]:
    """A record's document cut into fields ("Name: value" lines) and, within long fields, sentences."""
    out = []
    for field in one_line(text).split(" | "):
        parts = re.split(r"(?<=[.!?;])\s+", field) if len(field) > 120 else [field]
        out.extend(p for p in parts if p.strip())
    return out


def best_passage(text: str, query: str | None) -> str:
    """The record on one line, starting at its piece (field or sentence) that shares the most words with the query
    (a field named in the query counts: its name is one of its words); the record's start when nothing matches."""
    pieces = _pieces(text)
    wanted = _terms(query or "")
    if not pieces or not wanted:
        return " | ".join(pieces)

    def score(piece: str) -> float:
        words = _terms(piece)
        return len(words & wanted) / math.sqrt(len(words) + 1)

    ranked = sorted(range(len(pieces)), key=lambda i: (-score(pieces[i]), i))
    if score(pieces[ranked[0]]) == 0:
        return " | ".join(pieces)
    order = [i for i in ranked if score(pieces[i]) > 0] + [i for i in range(len(pieces)) if score(pieces[i]) == 0]
    return " | ".join(pieces[i] for i in order)


def fit_table(console: Console, title: str, columns: Sequence[tuple[str, str]], rows: Sequence[Sequence[str]],
              flex: str | None = None) -> None:
    """Print rows as a table that fits the console: columns whose cells are all empty are dropped, every cell stays on
    one line, and the `flex` column (default: the last) takes the width the others leave, cut with an ellipsis.

    columns: (name, "left" | "right").
    """
    keep = [i for i, _ in enumerate(columns) if any(str(row[i]).strip() for row in rows)] or list(range(len(columns)))
    names = [columns[i][0] for i in keep]
    flex_at = names.index(flex) if flex in names else len(keep) - 1
    natural = [max([len(columns[i][0])] + [console.measure(str(row[i])).maximum for row in rows]) for i in keep]
    room = console.width - 2 * len(keep)  # one space of padding each side of a column
    widths = _shares(natural, flex_at, room)
    t = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1), title_justify="left",
              collapse_padding=True)
    for k, i in enumerate(keep):
        t.add_column(columns[i][0], justify=columns[i][1], no_wrap=True, overflow="ellipsis", width=widths[k])
    for row in rows:
        t.add_row(*[str(row[i]) for i in keep])
    console.print(t)


def _shares(natural: list[int], flex_at: int, room: int, flex_min: int = 16) -> list[int]:
    """Column widths within `room`: each column its natural width; when they do not fit, the widest columns give
    way first (never under 6), and the flex column gets what is left (at least flex_min, its natural at most)."""
    widths = list(natural)
    fixed = [k for k in range(len(widths)) if k != flex_at]
    while sum(widths[k] for k in fixed) + min(flex_min, natural[flex_at]) > room:
        # the first column (the ids) gives way last: a cut id cannot be typed back
        order = [k for k in fixed if k != 0 and widths[k] > 6] or [k for k in fixed if widths[k] > 6]
        if not order:
            break
        widths[max(order, key=lambda k: widths[k])] -= 1
    widths[flex_at] = max(min(flex_min, natural[flex_at]),
                          min(natural[flex_at], room - sum(widths[k] for k in fixed)))
    return widths
