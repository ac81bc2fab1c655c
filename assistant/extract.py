"""Extract: verbatim spans of named fields, grounded to character offsets.

The model answers `{"field": ["value", ...], ...}` under a constraint that lets a value be only a word-bounded
substring of the text (jsongen.Str with a source), so with the in-process backend every value is verbatim.
Every value is still aligned back to the text (exact, then case/whitespace-insensitive, then fuzzy), because a
backend that constrains only by JSON schema can return anything; a value that cannot be found is dropped and
counted, never reported. Long texts are cut into overlapping chunks that fit the context, and the chunks'
spans are merged. A text is shown to the model through `as_data` (special-token text broken up, no line that could
close the === fence); the constraint and the alignment still use the text as it is.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Literal

from pydantic import BaseModel

from .errors import LLMOutputError
from .extract_spec import ExtractSpec, FieldSpec, example_answer
from .jsongen import Arr, JsonRequest, Obj, Str, _boundary
from .protocols import LLM
from .prompting import as_data, checked_scores, is_base_model
from .spans import Span, align, chunk_text, merge_spans, shift
from .templates import render

# Descriptions for the usual named-entity tags, used when a label comes without one (as in a labeled data set).
STANDARD_TAGS = {
    "PER": "names of people", "PERSON": "names of people",
    "ORG": "names of organizations: companies, institutions, agencies, sports teams",
    "LOC": "names of locations: countries, cities, regions, rivers, mountains",
    "GPE": "countries, cities and states",
    "MISC": "other proper names: nationalities, languages, events, products, titles of works",
    "NORP": "nationalities, religious and political groups", "DATE": "dates", "TIME": "times of day",
    "MONEY": "amounts of money", "PERCENT": "percentages", "PRODUCT": "products", "EVENT": "named events",
}

Occurrences = Literal["all", "first"]


class ExtractOptions(BaseModel):
    occurrences: Occurrences = "all"
    chunk_chars: int = 1500  # about 400 tokens: a chunk, the fields and 3 examples fit a pack of 32 in 8k cells
    overlap_chars: int = 200
    max_values: int = 16  # per field and chunk
    max_tokens: int = 192  # per chunk's answer
    batch: int = 32  # chunks per generate call (the unit of progress)
    fuzzy_threshold: float = 0.85


class ExtractResult(BaseModel):
    id: str
    spans: list[Span]
    values: int  # values the model returned (over all chunks)
    dropped: int  # values that could not be found in the text
    chunks: int = 1
    cut_short: int = 0  # chunk answers closed because they reached max_tokens


def describe(spec: ExtractSpec) -> ExtractSpec:
    """The spec with the standard description filled in for well-known tags that have none."""
    fields = [f if f.description or f.name.upper() not in STANDARD_TAGS
              else f.model_copy(update={"description": STANDARD_TAGS[f.name.upper()]}) for f in spec.fields]
    return spec.model_copy(update={"fields": fields})


def answer_shape(spec: ExtractSpec, text: str, max_values: int) -> Obj:
    return Obj(tuple((f.name, Arr(Str(source=text), max_items=max_values if f.many else 1)) for f in spec.fields))


def build_prompt(llm: LLM, spec: ExtractSpec, text: str) -> str:
    """A chat conversation (examples as earlier turns) for an instruction-tuned model; for a base model (no
    chat template) a document of examples in the same `Text:`/`JSON:` form that the answer continues."""
    answers = [json.dumps(example_answer(ex, spec), ensure_ascii=False) for ex in spec.examples]
    if is_base_model(llm):
        examples = [{"text": as_data(ex.text), "answer": a} for ex, a in zip(spec.examples, answers)]
        return render("extract_plain.j2", fields=spec.fields, instructions=spec.instructions, examples=examples,
                      text=as_data(text))

    def user(t: str) -> str:  # the text is fenced between lines of ===: none of its lines may pass for one
        return render("extract.j2", fields=spec.fields, instructions=spec.instructions,
                      text=as_data(t, line_fence=True))

    history = [(user(ex.text), a) for ex, a in zip(spec.examples, answers)]
    return llm.chat_prompt(user(text), history=history)


@dataclass
class _Job:
    id: str
    text: str
    chunks: list[tuple[int, str]]
    answers: list = field(default_factory=list)


def extract_texts(llm: LLM, spec: ExtractSpec, items: Iterable[tuple[str, str]],
                  options: ExtractOptions | None = None,
                  progress: Callable[[int], None] | None = None) -> Iterator[ExtractResult]:
    """Spans for each (id, text), yielded in input order as soon as its chunks are done.

    progress(n) is called with the number of items finished by each batch.
    """
    opts = options or ExtractOptions()
    spec = describe(spec)
    for jobs in _batches(items, opts):
        yield from _run(llm, spec, jobs, opts)
        if progress:
            progress(len(jobs))


def _batches(items: Iterable[tuple[str, str]], opts: ExtractOptions) -> Iterator[list[_Job]]:
    """The items cut into chunks, grouped so that a group holds about opts.batch chunks."""
    pending: list[_Job] = []
    chunk_count = 0
    for rid, text in items:
        job = _Job(rid, text, chunk_text(text, opts.chunk_chars, opts.overlap_chars) if text.strip() else [])
        pending.append(job)
        chunk_count += len(job.chunks)
        if chunk_count >= opts.batch:
            yield pending
            pending, chunk_count = [], 0
    if pending:
        yield pending


def _run(llm: LLM, spec: ExtractSpec, jobs: list[_Job], opts: ExtractOptions) -> list[ExtractResult]:
    requests, owners = [], []
    for job in jobs:
        for offset, chunk in job.chunks:
            requests.append(JsonRequest(build_prompt(llm, spec, chunk), answer_shape(spec, chunk, opts.max_values),
                                        opts.max_tokens))
            owners.append((job, offset, chunk))
    generations = llm.generate_json(requests) if requests else []
    for (job, offset, chunk), gen in zip(owners, generations):
        job.answers.append((offset, chunk, gen))
    grounded = [ground(job.id, job.text, spec, job.answers, opts) for job in jobs]
    resolve_conflicts(llm, spec, grounded, [job.text for job in jobs])
    return grounded


def ground(rid: str, text: str, spec: ExtractSpec, answers, opts: ExtractOptions) -> ExtractResult:
    """Align every value of every chunk's answer to the text; merge the chunks' spans."""
    labels = set(spec.labels())
    spans: list[Span] = []
    values = dropped = cut = 0
    for offset, chunk, gen in answers:
        cut += not gen.finished
        for label, found in _parse(gen.text).items():
            if label not in labels:
                continue
            for value in found:
                values += 1
                located = _bounded(chunk, align(chunk, value, label, occurrences=opts.occurrences,
                                                fuzzy_threshold=opts.fuzzy_threshold))
                if not located:
                    dropped += 1
                spans += shift(located, offset)
    spans = merge_spans(spans)
    if opts.occurrences == "first":
        firsts: dict[tuple[str, str], Span] = {}
        for s in spans:
            firsts.setdefault((s.label, s.text), s)
        spans = sorted(firsts.values(), key=lambda s: (s.start, s.end, s.label))
    return ExtractResult(id=rid, spans=spans, values=values, dropped=dropped, chunks=len(answers), cut_short=cut)


def _typing_prompt(llm: LLM, spec: ExtractSpec, text: str, value: str) -> list[int]:
    prompt = llm.chat_prompt(render("extract_type.j2", fields=spec.fields, text=as_data(text, line_fence=True),
                                    value=as_data(value)))
    if is_base_model(llm):
        prompt += "\nField:"  # a base model needs the answer's cue
    return llm.prompt_tokens(prompt)


def resolve_conflicts(llm: LLM, spec: ExtractSpec, results: list[ExtractResult], texts: list[str],
                      window: int = 600) -> None:
    """A span the answer put under several fields keeps only the field the model scores most likely for it.

    Small models copy one name into every field; asking which field it belongs to (a scoring question, which
    they answer far better than they generate) settles it. Scores are calibrated by the same question about
    a content-free "N/A". One scoring call per batch. Asking this of every span, not only of conflicts, was
    measured worse (CoNLL, Gemma 270M, 3 examples, 100 sentences: F1 0.22 against 0.37): with examples, the
    labels the model writes are better than its answers to the question.
    """
    labels = spec.labels()
    plain = is_base_model(llm)
    asks, where = [], []
    for r, text in zip(results, texts):
        groups: dict[tuple[int, int], list[Span]] = {}
        for s in r.spans:
            groups.setdefault((s.start, s.end), []).append(s)
        for (start, end), group in groups.items():
            if len(group) > 1:
                lo = max(0, start - window // 2)
                part = text[lo:lo + window]
                base = _typing_prompt(llm, spec, part, text[start:end])
                blank = _typing_prompt(llm, spec, part, "N/A")
                options = [s.label for s in group]
                answers = [llm.tokenize((" " if plain else "") + label) for label in options]
                asks += [(base + a, len(base)) for a in answers] + [(blank + a, len(blank)) for a in answers]
                where.append((r, group, options))
    if not asks:
        return
    scores = [float(x.sum()) for x in checked_scores(llm, asks, "field typing")]
    at = 0
    for r, group, options in where:
        n = len(options)
        best = max(range(n), key=lambda k: (scores[at + k] - scores[at + n + k], -labels.index(options[k])))
        at += 2 * n
        keep = group[0].model_copy(update={"label": options[best]})
        drop = {id(s) for s in group}
        r.spans = sorted([s for s in r.spans if id(s) not in drop] + [keep], key=lambda s: (s.start, s.end, s.label))


def _parse(answer: str) -> dict[str, list[str]]:
    """The answer's field -> values; anything not shaped like that (a server's free answer) counts as nothing.

    An answer the JSON parser gives up on (nested deeper than Python's recursion limit, an integer of thousands of
    digits) is not a free answer but a broken backend: an LLMOutputError, which extract_items reports for that
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


def spec_for_labels(labels: list[str]) -> ExtractSpec:
    return describe(ExtractSpec(fields=[FieldSpec(name=label) for label in labels]))


def extract_items(llm: LLM, spec: ExtractSpec, items: Iterable[tuple[str, str]],
                  options: ExtractOptions | None = None,
                  progress: Callable[[int], None] | None = None) -> Iterator[tuple[str, ExtractResult | None, str | None]]:
    """(id, result, None) or (id, None, error) for each item, in order, one batch at a time.

    A batch that fails is retried item by item, so one bad record fails alone. A missing or broken model
    stops the run: every record would fail the same way.
    """
    from .errors import ModelLoadError, ModelNotFoundError

    opts = options or ExtractOptions()
    spec = describe(spec)

    def run(jobs: list[_Job]) -> Iterator[tuple[str, ExtractResult | None, str | None]]:
        try:
            results = _run(llm, spec, jobs, opts)
        except (ModelNotFoundError, ModelLoadError, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - reported per record, the run goes on
            if len(jobs) == 1:
                yield jobs[0].id, None, f"{type(exc).__name__}: {getattr(exc, 'message', None) or exc}"
                return
            for job in jobs:
                job.answers = []  # a half-run batch may have left answers on some
                yield from run([job])
            return
        for job, result in zip(jobs, results):
            yield job.id, result, None

    for jobs in _batches(items, opts):
        yield from run(jobs)
        if progress:
            progress(len(jobs))
