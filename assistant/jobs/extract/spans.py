"""Ground the text values an LLM returned for an extraction back to character offsets in the source.

A model paraphrases, changes case, drops a quote or makes a typo, so a value is looked up in stages: exact, then
normalized (case and whitespace), then fuzzy (best word-bounded window by difflib ratio). A span's `text` is always
the source's own characters, so `source[span.start:span.end] == span.text` holds whatever the model wrote; a value
that cannot be found gives no span (the caller counts it as dropped) rather than an invented one.
Long sources are cut with `chunk_text`; spans found per chunk are moved with `shift` and deduplicated with
`merge_spans`.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from difflib import SequenceMatcher
from typing import Iterable, Literal

from pydantic import BaseModel

from assistant.core.json_shapes import _UNSPACED

Alignment = Literal["exact", "normalized", "fuzzy"]
_RANK = {"exact": 2, "normalized": 1, "fuzzy": 0}
_EDGE = r"\s\"'`,.;:!?()\[\]{}“”‘’«»"
_EDGES = re.compile(rf"^[{_EDGE}]+|[{_EDGE}]+$")  # what a model adds around a value: spaces, quotes, punctuation
# fuzzy windows start and end where these runs do; in a script without spaces every character is a run
_TOKEN = re.compile(rf"{_UNSPACED.pattern}|(?:(?!{_UNSPACED.pattern})\w)+|[^\w\s]+")
_PARAGRAPH = re.compile(r"\n[^\S\n]*\n\s*")
# a section heading: a short line of capitals ("EXPERIENCE", "Work History:"), cut before so a section stays whole
_HEADING = re.compile(r"\n(?=[^\S\n]*(?:[A-Z][A-Z &/-]{2,40}|[A-Z][\w &/-]{2,40}:)[^\S\n]*\n)")
_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*\s+|[。！？；]+[”’」』）]*\s*")
WINDOW_SLACK = 0.3  # a fuzzy window is within ±30% of the value's length
FUZZY_WORK = 5_000_000  # about half a second of fuzzy search, in characters compared


class Span(BaseModel):
    """Where a value sits in the source: `text == source[start:end]` (end exclusive), never the model's value."""

    label: str
    start: int
    end: int
    text: str
    alignment: Alignment
    score: float = 1.0  # difflib ratio for a fuzzy span, 1.0 otherwise
    value: str | None = None  # the model's value when it differs from `text`

    def key(self) -> tuple[str, int, int]:
        return (self.label, self.start, self.end)


def _span(source: str, start: int, end: int, label: str, alignment: Alignment, value: str,
          score: float = 1.0) -> Span | None:
    """A span trimmed of surrounding whitespace, or None when nothing is left."""
    while start < end and source[start].isspace():
        start += 1
    while end > start and source[end - 1].isspace():
        end -= 1
    if start == end:
        return None
    text = source[start:end]
    return Span(label=label, start=start, end=end, text=text, alignment=alignment, score=score,
                value=None if value == text else value)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _fuzzy(source: str, target: str, pos: int, threshold: float) -> tuple[int, int, float] | None:
    """The best word-bounded window of `source[pos:]` whose ratio to `target` (already normalized) is >= threshold.

    Start positions are tried in order of the target's trigrams they hold, and each window nearest the target's
    length first, so the match is usually the first window scored; a better one raises the bar for the rest.
    Bounds that never underestimate rule out most windows before the costly ratio: per start, the characters its
    longest window shares with the target over its shortest window's length; per window, real_quick_ratio and
    quick_ratio. The work is capped (FUZZY_WORK) so an adversarial source or a long value costs bounded time; only
    then can a match be missed. Ties go to the earliest window.
    """
    size = len(target)
    lo, hi = max(1, int(size * (1 - WINDOW_SLACK))), int(size * (1 + WINDOW_SLACK)) + 1
    tokens = list(_TOKEN.finditer(source, pos))
    ends = [m.end() for m in tokens]
    grams = {target[k:k + 3] for k in range(size - 2)}
    hits = [0]
    for k in range(len(source)):
        hits.append(hits[-1] + (source[k:k + 3].casefold() in grams))
    starts = sorted((m.start() for m in tokens), key=lambda s: (hits[s] - hits[min(s + size, len(source))], s))
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(target)  # the matcher caches what it learns about seq2, so the value stays there
    best: tuple[int, int, float] | None = None
    work = 0
    for s in starts:
        if work > FUZZY_WORK:
            break
        i, j = bisect_left(ends, s + lo), bisect_right(ends, s + hi)
        if i >= j:
            continue
        need = max(threshold, best[2] if best else 0.0)
        longest = _norm(source[s:ends[j - 1]])
        matcher.set_seq1(longest)
        work += len(longest)
        shared = matcher.quick_ratio() * (len(longest) + size) / 2
        if 2 * shared / (len(_norm(source[s:ends[i]])) + size) < need - 1e-9:
            continue
        for e in sorted(ends[i:j], key=lambda e: (abs(e - s - size), e)):
            if work > FUZZY_WORK:
                break
            window = _norm(source[s:e])
            matcher.set_seq1(window)
            work += len(window)
            if matcher.real_quick_ratio() < need or matcher.quick_ratio() < need:
                continue
            work += len(window) * size
            ratio = matcher.ratio()
            if ratio >= need and (best is None or (ratio, -s, -e) > (best[2], -best[0], -best[1])):
                best, need = (s, e, ratio), ratio
    return best


def align(source: str, value: str, label: str, *, occurrences: Literal["first", "all"] = "first",
          fuzzy_threshold: float = 0.85, search_from: int = 0) -> list[Span]:
    """Spans of `source` (from `search_from` on) holding `value`: exact, else normalized, else fuzzy, else [].

    With occurrences="all" every non-overlapping exact or normalized match is returned, but only the best fuzzy
    window. A fuzzy span's score is its ratio; set `fuzzy_threshold` above 1 to turn fuzzy matching off.
    """
    if occurrences not in ("first", "all"):
        raise ValueError(f"occurrences must be 'first' or 'all', not {occurrences!r}")
    pos = min(max(search_from, 0), len(source))
    needle = value.strip()
    if not needle:
        return []
    found: list[Span | None] = []
    at = source.find(needle, pos)
    while at >= 0:
        found.append(_span(source, at, at + len(needle), label, "exact", value))
        if occurrences == "first":
            break
        at = source.find(needle, at + len(needle))
    tokens = _EDGES.sub("", needle).split()
    if not found and tokens:
        pattern = re.compile(r"\s+".join(map(re.escape, tokens)), re.IGNORECASE)
        for m in pattern.finditer(source, pos):
            found.append(_span(source, m.start(), m.end(), label, "normalized", value))
            if occurrences == "first":
                break
    if not found and tokens:
        best = _fuzzy(source, _norm(" ".join(tokens)), pos, fuzzy_threshold)
        if best:
            found.append(_span(source, best[0], best[1], label, "fuzzy", value, score=best[2]))
    return [span for span in found if span is not None]


def _cut(text: str, start: int, limit: int) -> int:
    """Where a chunk that starts at `start` ends: the last paragraph break, else section heading, else sentence
    end, in its second half;
    else the last whitespace; else `limit` (a word longer than the chunk)."""
    half = start + (limit - start) // 2
    for pattern in (_PARAGRAPH, _HEADING, _SENTENCE):
        cuts = [m.end() for m in pattern.finditer(text, start, limit) if m.end() > half]
        if cuts:
            return cuts[-1]
    for p in range(limit, start, -1):
        if text[p - 1].isspace() or text[p].isspace():
            return p
    return limit


def chunk_text(text: str, max_chars: int, overlap_chars: int) -> list[tuple[int, str]]:
    """(offset, chunk) windows of at most `max_chars` covering `text`, each overlapping the one before by about
    `overlap_chars` (less where that would start inside a word); `text[offset:offset + len(chunk)] == chunk`."""
    if max_chars <= 0:
        raise ValueError(f"max_chars must be positive, not {max_chars}")
    if not 0 <= overlap_chars < max_chars:
        raise ValueError(f"overlap_chars must be in [0, max_chars), not {overlap_chars}")
    chunks: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > max_chars:
        end = _cut(text, start, start + max_chars)
        chunks.append((start, text[start:end]))
        nxt = max(end - overlap_chars, start + 1)
        # the next chunk starts at a word (any character of a script without spaces); none in the overlap means
        # no overlap
        while nxt < end and not (not text[nxt].isspace() and (text[nxt - 1].isspace() or _UNSPACED.match(text[nxt]))):
            nxt += 1
        start = nxt
    chunks.append((start, text[start:]))
    return chunks


def shift(spans: Iterable[Span], offset: int) -> list[Span]:
    """Chunk-relative spans moved to document offsets (their text is the same characters there)."""
    return [s.model_copy(update={"start": s.start + offset, "end": s.end + offset}) for s in spans]


def _quality(span: Span) -> tuple[int, float]:
    return (_RANK[span.alignment], span.score)


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Spans from overlapping chunks, deduplicated and sorted by (start, end, label).

    The same (label, start, end) keeps its best alignment (exact > normalized > fuzzy, then score); of same-label
    spans that overlap (a value cut at a chunk edge), the longer one is kept.
    """
    best: dict[tuple[str, int, int], Span] = {}
    for span in spans:
        kept = best.get(span.key())
        if kept is None or _quality(span) > _quality(kept):
            best[span.key()] = span
    kept_by_label: dict[str, list[Span]] = {}
    for span in sorted(best.values(), key=lambda s: (-(s.end - s.start), *(-q for q in _quality(s)), s.start)):
        same = kept_by_label.setdefault(span.label, [])
        if all(span.end <= k.start or k.end <= span.start for k in same):
            same.append(span)
    return sorted((s for group in kept_by_label.values() for s in group), key=lambda s: (s.start, s.end, s.label))
