"""Review views of a text with its extracted spans: rich Text for the terminal, one self-contained HTML file.

The HTML page says what it reviews (source, model, date, counts), filters the spans by label and alignment with a
few lines of inline script (without script every span shows), marks empty inputs apart from inputs where nothing
was found, and shows each span's alignment score.

Spans are duck-typed (label, start, end, text, alignment), end exclusive. Nested spans are drawn nested; a span
that crosses another is drawn in pieces, so every character of the text appears exactly once.
"""
from __future__ import annotations

import heapq
import html
import time
import zlib
from collections import Counter
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
section{border-top:1px solid #ddd;padding:.5em 0}h2{font-size:1em;margin:.4em 0}h1{font-size:1.4em;margin:0 0 .3em}
.text{white-space:pre-wrap;overflow-wrap:anywhere}
mark{padding:0 .1em;border-radius:3px;color:#000}
.tag{font-size:.7em;color:#555;margin-left:.15em;vertical-align:super}
.a-normalized{text-decoration:underline dotted #333}.a-fuzzy{text-decoration:underline dashed #c00}
table{border-collapse:collapse;font-size:.85em;margin:.5em 0}td,th{border:1px solid #ddd;padding:.1em .5em;
text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}.note{color:#666;font-size:.85em}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:0 1em;margin:.2em 0;font-size:.9em}.meta dt{color:#666}
.meta dd{margin:0;overflow-wrap:anywhere}.counts{margin:.3em 0}
.filters{position:sticky;top:0;background:#fff;padding:.4em 0;border-bottom:1px solid #ddd;z-index:1;font-size:.9em}
.filters label{margin-right:.8em;white-space:nowrap}.filters mark{margin-left:.2em}
.empty .text{display:none}.badge{display:inline-block;background:#eee;border-radius:3px;padding:0 .4em;
font-size:.85em;color:#444}"""

# Filtering hides a label's (or an alignment's) marks and rows by a class on <body>; sections left with no shown
# span are hidden when "only records with a shown span" is on.
_SCRIPT = """(() => {
  const boxes = document.querySelectorAll('.filters input[data-hide]');
  const only = document.getElementById('only-shown');
  function apply() {
    boxes.forEach((b) => document.body.classList.toggle('hide-' + b.dataset.hide, !b.checked));
    const sections = [...document.querySelectorAll('section')];
    sections.forEach((sec) => { sec.hidden = false; });
    const shown = sections.map((sec) => [...sec.querySelectorAll('tr[data-l]')].some((tr) => tr.offsetParent));
    sections.forEach((sec, i) => { sec.hidden = only.checked && !shown[i]; });
    document.getElementById('shown').textContent =
      document.querySelectorAll('section:not([hidden])').length + ' shown';
  }
  boxes.forEach((b) => b.addEventListener('change', apply));
  only.addEventListener('change', apply);
  apply();
})();"""
ALIGNMENTS = ("exact", "normalized", "fuzzy")


def _esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _span_title(s: Any) -> str:
    score = f" {s.score:.2f}" if getattr(s, "alignment", "") == "fuzzy" else ""
    return f"{s.label} · {s.alignment}{score} · {s.start}–{s.end}"


def _marked_html(text: str, spans: Sequence[Any], classes: dict[str, str]) -> str:
    parts: list[str] = []

    def emit(pieces: list[_Piece], pos: int, hi: int) -> None:
        for p in pieces:
            s = p.span
            parts.append(_esc(text[pos:p.start]))
            parts.append(f'<mark class="{classes[s.label]} a-{_esc(s.alignment)}" data-span="{p.index}" '
                         f'title="{_esc(_span_title(s))}">')
            emit(p.children, p.start, p.end)
            if p.last:
                parts.append(f'<span class="tag">{_esc(s.label)}</span>')
            parts.append("</mark>")
            pos = p.end
        parts.append(_esc(text[pos:hi]))

    emit(_nest(text, spans), 0, len(text))
    return "".join(parts)


def _span_table(text: str, spans: Sequence[Any], classes: dict[str, str]) -> str:
    if not text.strip():
        return '<p class="note"><span class="badge">empty input</span> nothing to extract from</p>'
    if not spans:
        return '<p class="note">no spans found</p>'
    rows = "".join(
        f'<tr class="{classes[s.label]} a-{_esc(s.alignment)}" data-l="1"><td>{_esc(s.label)}</td><td>{_esc(s.text)}'
        f'</td><td class="num">{s.start}</td><td class="num">{s.end}</td><td>{_esc(s.alignment)}</td>'
        f'<td class="num">{getattr(s, "score", 1.0):.2f}</td><td>{_esc(getattr(s, "value", None) or "")}</td></tr>'
        for s in sorted(spans, key=lambda s: (s.start, s.end)))
    return ("<table><tr><th>label</th><th>text</th><th>start</th><th>end</th><th>alignment</th>"
            f'<th title="1.00 for exact and normalized; the similarity of a fuzzy match">score</th>'
            f'<th title="what the model wrote, when it differs from the text">model wrote</th></tr>{rows}</table>')


def _header(title: str, records: list, meta: dict[str, Any], extra: dict[str, Any]) -> str:
    spans = [s for _, _, ss in records for s in ss]
    empty = sum(not text.strip() for _, text, _ in records)
    nothing = sum(bool(text.strip()) and not ss for _, text, ss in records)
    by_label = Counter(s.label for s in spans)
    by_align = Counter(s.alignment for s in spans)
    counts = [f"{len(records)} record(s)", f"{len(spans)} span(s)",
              f"{nothing} with no spans found", f"{empty} empty input(s)"]
    counts += [f"{value} {name.replace('_', ' ')}" for name, value in extra.items() if value]
    rows = "".join(f"<dt>{_esc(k)}</dt><dd>{_esc(v)}</dd>" for k, v in meta.items() if v not in (None, ""))
    return (f"<h1>{_esc(title)}</h1>\n<dl class=\"meta\">{rows}</dl>\n<p class=\"counts\">{' · '.join(counts)}"
            "<br><span class=\"note\">by label: " + (", ".join(f"{_esc(k)} {v}" for k, v in by_label.most_common())
                                                     or "none")
            + " · by alignment: " + ", ".join(f"{a} {by_align.get(a, 0)}" for a in ALIGNMENTS) + "</span></p>\n")


def _filters(classes: dict[str, str]) -> str:
    labels = "".join(f'<label><input type="checkbox" checked data-hide="{c}"><mark class="{c}">{_esc(label)}</mark>'
                     "</label>" for label, c in classes.items())
    aligns = "".join(f'<label><input type="checkbox" checked data-hide="a-{a}"><span class="a-{a}">{a}</span></label>'
                     for a in ALIGNMENTS)
    return (f'<div class="filters">labels: {labels}<br>alignment: {aligns} <label><input type="checkbox" '
            'id="only-shown">only records with a shown span</label> <span class="note" id="shown"></span><br>'
            '<span class="note"><span class="a-normalized">dotted</span>: matched after normalising case or spaces; '
            '<span class="a-fuzzy">dashed</span>: fuzzy match, check it (its score is the similarity)</span></div>\n')


def write_html(path: str | Path, records: Iterable[tuple[str, str, Sequence[Any]]], labels: Sequence[str],
               title: str | None = None, *, source: str | None = None, model: str | None = None,
               created: str | None = None, extra: dict[str, Any] | None = None) -> Path:
    """Write one self-contained HTML review page (inline CSS and script, no requests), atomically.

    The header names the `source`, the `model` and the date (`created`, default now, UTC), and counts records,
    spans, records with no spans and empty inputs; `extra` adds counts of the caller's (failures, values dropped).
    """
    records = list(records)
    classes = {label: f"l{i}" for i, label in enumerate(labels)}
    for _, _, spans in records:  # a label missing from `labels` still gets a class and a stable colour
        for s in spans:
            classes.setdefault(s.label, f"l{len(classes)}")
    known = list(labels)
    rules = [f"mark.{c}{{background:{label_colour(label, known) if label in known else label_colour(label)}}}"
             for label, c in classes.items()]
    hides = [f".hide-{c} mark.{c}{{background:none}}.hide-{c} mark.{c}>.tag{{display:none}}.hide-{c} tr.{c}"
             "{display:none}" for c in [*classes.values(), *(f"a-{a}" for a in ALIGNMENTS)]]
    title = title or ("extractions" + (f" · {Path(source).name}" if source else ""))
    meta = {"source": source, "model": model,
            "date": created or time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}

    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{_esc(title)}</title>'
                     f"<style>{_CSS}\n" + "\n".join(rules + hides) + "</style></head><body>\n"
                     + _header(title, records, meta, extra or {}) + _filters(classes))
            for record_id, text, spans in records:
                kind = ' class="empty"' if not text.strip() else ""
                fh.write(f"<section{kind}><h2>{_esc(record_id)}</h2>\n<div class=\"text\">"
                         f"{_marked_html(text, spans, classes)}</div>\n{_span_table(text, spans, classes)}</section>\n")
            fh.write(f"<script>{_SCRIPT}</script></body></html>\n")

    return atomic_write(Path(path), write)
