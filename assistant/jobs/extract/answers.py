"""The model's answers read back: parsed as JSON, every value aligned to the text (or dropped and counted)."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

from pydantic import BaseModel

from assistant.core.errors import LLMOutputError
from assistant.core.jsongen import _boundary
from assistant.jobs.extract.spans import Span, align, merge_spans, shift

if TYPE_CHECKING:  # annotations only: job.py imports this module
    from assistant.jobs.extract.job import ExtractOptions
    from assistant.jobs.extract.spec import ExtractSpec


class RecordSpans(BaseModel):
    """One record's spans; `error` says why a record failed (its spans are then empty)."""

    id: str
    spans: list[Span] = []
    values: int = 0  # values the model returned (over all chunks)
    dropped: int = 0  # values that could not be found in the text
    chunks: int = 1
    cut_short: int = 0  # chunk answers closed because they reached max_tokens
    junk: int = 0  # values dropped as punctuation or a function word ("and", ",", "(")
    error: str | None = None


def ground(rid: str, text: str, spec: ExtractSpec, answers, opts: ExtractOptions) -> RecordSpans:
    """Align every value of every chunk's answer to the text; merge the chunks' spans."""
    names = spec.names_by_key()  # the model writes keys ("College_Name"); spans carry names ("College Name")
    single = {f.name for f in spec.fields if not f.many}
    spans: list[Span] = []
    # A single-valued field over a long document's chunks: each chunk names one value (a resume's every page offers
    # a "Name": a referee, a manager, a product), so the document keeps the first chunk's, where a document states
    # what it is about. The vote of most chunks was measured worse: on the 20,000-character resume
    # (bench/data/extract_resumes id 29, Gemma 270M) it chose a value written 10 times, not the person's name.
    first: dict[str, str] = {}
    values = dropped = cut = junk = 0
    for offset, chunk, gen in answers:
        cut += not gen.finished
        for key, found in _parse(gen.text).items():
            label = names.get(key)
            if label is None:
                continue
            for value in found:
                values += 1
                if is_junk(value):
                    junk += 1
                    continue
                located = _bounded(chunk, align(chunk, value, label, occurrences=opts.occurrences,
                                                fuzzy_threshold=opts.fuzzy_threshold))
                if not located:
                    dropped += 1
                elif label in single:
                    first.setdefault(label, located[0].text)
                spans += shift(located, offset)
    if len(answers) > 1 and first:  # the one value of a single-valued field, wherever the document writes it
        spans = [s for s in spans if s.label not in single]
        for label, value in first.items():
            spans += _bounded(text, align(text, value, label, occurrences=opts.occurrences, fuzzy_threshold=1.01))
    spans = merge_spans(spans)
    if opts.occurrences == "first":
        firsts: dict[tuple[str, str], Span] = {}
        for s in spans:
            firsts.setdefault((s.label, s.text), s)
        spans = sorted(firsts.values(), key=lambda s: (s.start, s.end, s.label))
    return RecordSpans(id=rid, spans=spans, values=values, dropped=dropped, chunks=len(answers), cut_short=cut,
                       junk=junk)


# Words that are never a field's value on their own. A small model under the verbatim constraint, asked for a field
# it cannot find, copies the cheapest tokens it can: the demo's resumes got "and" and "," as companies, and one
# resume "(" six times. Whole-value matches only: "and" is dropped, "Johnson and Johnson" is not.
STOPWORDS = frozenset("""
a an the and or nor but if of in on at to for from by with as into onto than then that this these those its
is are was were be been has have had do does did not no yes so such via per vs etc i my we our you your he
him his she her they them their who whom which what when where why how also both either each all any some
的 了 和 与 及 或 在 是 于 等 并 而 也 就 都 之 其 这 那 个
""".split())


def is_junk(value: str) -> bool:
    """True for a value that is only punctuation/symbols, or one function word (STOPWORDS) not written in capitals
    ("OR" and "IN" are states, "IT" a skill)."""
    v = value.strip()
    return not any(ch.isalnum() for ch in v) or v.casefold() in STOPWORDS and not (len(v) > 1 and v.isupper())


def _parse(answer: str) -> dict[str, list[str]]:
    """The answer's field -> values; anything not shaped like that (a server's free answer) counts as nothing.

    An answer the JSON parser gives up on (nested deeper than Python's recursion limit, an integer of thousands of
    digits) is not a free answer but a broken backend: an LLMOutputError, which the job reports for that
    record alone.
    """
    try:
        data = json.loads(answer)
    except (json.JSONDecodeError, TypeError):
        return {}
    except (RecursionError, ValueError) as exc:
        why = "it is nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise LLMOutputError(f"the model's answer cannot be read as JSON ({why}): {answer[:60]!r}...",
                             "retry the record; if answers keep coming out like this, use another --model") from None
    if not isinstance(data, dict):
        return {}
    out = {}
    for key, value in data.items():
        items = value if isinstance(value, list) else [value]
        out[str(key)] = [str(v) for v in items if isinstance(v, (str, int, float)) and str(v).strip()]
    return out


def _bounded(text: str, spans: list[Span]) -> list[Span]:
    """Occurrences that do not cut through a word ("in" inside "winning"); fuzzy matches are kept as found."""
    def whole(s: Span) -> bool:  # the same word test as the constraint's (jsongen._boundary)
        return _boundary(text, s.start) and _boundary(text, s.end)

    return [s for s in spans if s.alignment == "fuzzy" or whole(s)]
