"""Review views of a text with its extracted spans: rich Text for the terminal, one self-contained HTML file.

Spans are duck-typed (label, start, end, text, alignment), end exclusive. Nested spans are drawn nested; a span
that crosses another is drawn in pieces, so every character of the text appears exactly once.
"""
from __future__ import annotations

import heapq
import html
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from rich.text import Text

from assistant.core.files import atomic_write

if TYPE_CHECKING:
    from assistant.jobs.extract.spans import Span  # noqa: F401  (documentation only: any object like it works)

# Light backgrounds that black text reads on, far enough apart to tell neighbours apart.
PALETTE = ("#ffd54f", "#81d4fa", "#a5d6a7", "#f48fb1", "#ce93d8", "#ffab91", "#80cbc4", "#e6ee9c", "#b0bec5",
           "#bcaaa4")


def label_colour(label: str, labels: Sequence[str] | None = None) -> str:
    """A label's background: by its place in sorted(labels) when given (no clashes), else by a stable hash."""
    known = sorted(set(labels or ()))
    if label in known:
        return PALETTE[known.index(label) % len(PALETTE)]
    return PALETTE[zlib.crc32(label.encode("utf-8")) % len(PALETTE)]


@dataclass
class _Piece:
    """A span, or the part of a crossing span that fits inside its enclosing piece."""

    start: int
    end: int
    span: Any
    index: int
    last: bool  # the piece that ends the span carries its label
    children: list[_Piece] = field(default_factory=list)


def _nest(text: str, spans: Sequence[Any]) -> list[_Piece]:
    """The spans as a tree of non-crossing pieces, in text order."""
    heap = []
    for i, s in enumerate(spans):
        if not (0 <= s.start < s.end <= len(text)):
            raise ValueError(f"span {i} ({s.label}) offsets {s.start}:{s.end} do not fit a text of {len(text)} chars")
        heap.append((s.start, -s.end, i, True))
    heapq.heapify(heap)
    roots: list[_Piece] = []
    stack: list[_Piece] = []
    while heap:
        start, neg_end, i, last = heapq.heappop(heap)
        end = -neg_end
        while stack and stack[-1].end <= start:
            stack.pop()
        if stack and stack[-1].end < end:  # crosses the enclosing piece: split at its end
            heapq.heappush(heap, (stack[-1].end, neg_end, i, last))
            end, last = stack[-1].end, False
        piece = _Piece(start, end, spans[i], i, last)
        (stack[-1].children if stack else roots).append(piece)
        stack.append(piece)
    return roots


def highlight_text(text: str, spans: Sequence[Any], labels: Sequence[str] | None = None) -> Text:
    """The text with each span on its label's background, followed by a dim "[label]".

    Pass the same `labels` as to `legend` so the colours match it (without them each label's colour is hashed).
    """
    out = Text()
    styles: list[list[Any]] = []  # [start, end, style], outer spans first so inner ones paint over them

    def emit(pieces: list[_Piece], pos: int, hi: int) -> None:
        for p in pieces:
            out.append(text[pos:p.start])
            entry = [len(out), 0, f"black on {label_colour(p.span.label, labels)}"]
            styles.append(entry)
            emit(p.children, p.start, p.end)
            entry[1] = len(out)
            if p.last:
                out.append(f"[{p.span.label}]", style="dim")
            pos = p.end
        out.append(text[pos:hi])

    emit(_nest(text, spans), 0, len(text))
    for start, end, style in styles:
        out.stylize(style, start, end)
    return out


def legend(labels: Sequence[str]) -> Text:
    """Each label on its colour (as `highlight_text` with the same labels gives it), in the given order."""
    out = Text()
    for i, label in enumerate(labels):
        if i:
            out.append(" ")
        out.append(f" {label} ", style=f"black on {label_colour(label, labels)}")
    return out


_CSS = """body{font:15px/1.6 system-ui,sans-serif;margin:2em auto;max-width:60em;padding:0 1em;color:#222}
section{border-top:1px solid #ddd;padding:.5em 0}h2{font-size:1em;margin:.4em 0}
.text{white-space:pre-wrap;overflow-wrap:anywhere}
mark{padding:0 .1em;border-radius:3px;color:#000}
.tag{font-size:.7em;color:#555;margin-left:.15em;vertical-align:super}
.a-normalized{text-decoration:underline dotted #333}.a-fuzzy{text-decoration:underline dashed #c00}
table{border-collapse:collapse;font-size:.85em;margin:.5em 0}td,th{border:1px solid #ddd;padding:.1em .5em;
text-align:left}.legend mark{margin-right:.5em}.note{color:#666;font-size:.85em}"""


def _esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _marked_html(text: str, spans: Sequence[Any], classes: dict[str, str]) -> str:
    parts: list[str] = []

    def emit(pieces: list[_Piece], pos: int, hi: int) -> None:
        for p in pieces:
            s = p.span
            parts.append(_esc(text[pos:p.start]))
            title = f"{s.label} · {s.alignment} · {s.start}–{s.end}"
            parts.append(f'<mark class="{classes[s.label]} a-{_esc(s.alignment)}" data-span="{p.index}" '
                         f'title="{_esc(title)}">')
            emit(p.children, p.start, p.end)
            if p.last:
                parts.append(f'<span class="tag">{_esc(s.label)}</span>')
            parts.append("</mark>")
            pos = p.end
        parts.append(_esc(text[pos:hi]))

    emit(_nest(text, spans), 0, len(text))
    return "".join(parts)


def _span_table(spans: Sequence[Any]) -> str:
    rows = "".join(f"<tr><td>{_esc(s.label)}</td><td>{_esc(s.text)}</td><td>{s.start}</td><td>{s.end}</td>"
                   f"<td>{_esc(s.alignment)}</td></tr>" for s in sorted(spans, key=lambda s: (s.start, s.end)))
    return ("<table><tr><th>label</th><th>text</th><th>start</th><th>end</th><th>alignment</th></tr>"
            f"{rows}</table>") if spans else '<p class="note">no spans</p>'


def write_html(path: str | Path, records: Iterable[tuple[str, str, Sequence[Any]]], labels: Sequence[str],
               title: str = "extractions") -> Path:
    """Write one self-contained HTML review page (inline CSS, no scripts), atomically: temp file, then rename."""
    classes = {label: f"l{i}" for i, label in enumerate(labels)}
    rules = [f".{c}{{background:{label_colour(label, labels)}}}" for label, c in classes.items()]

    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{_esc(title)}</title>'
                     f"<style>{_CSS}\n" + "\n".join(rules) + "</style></head><body>\n"
                     f"<h1>{_esc(title)}</h1>\n<p class=\"legend\">"
                     + "".join(f'<mark class="{c}">{_esc(label)}</mark>' for label, c in classes.items())
                     + '</p><p class="note"><span class="a-normalized">dotted</span>: matched after normalising'
                     ' case or spaces; <span class="a-fuzzy">dashed</span>: fuzzy match, check it</p>\n')
            n = 0
            for record_id, text, spans in records:
                for s in spans:  # a label missing from `labels` still gets a class and a stable colour
                    if s.label not in classes:
                        classes[s.label] = f"l{len(classes)}"
                        fh.write(f"<style>.{classes[s.label]}{{background:{label_colour(s.label)}}}</style>\n")
                fh.write(f'<section><h2>{_esc(record_id)}</h2>\n<div class="text">'
                         f"{_marked_html(text, spans, classes)}</div>\n{_span_table(spans)}</section>\n")
                n += 1
            fh.write(f'<p class="note">{n} record(s)</p></body></html>\n')

    return atomic_write(Path(path), write)
