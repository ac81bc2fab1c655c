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

from pydantic import BaseModel, Field, model_validator

from assistant.core.errors import ConfigError, ModelLoadError, ModelNotFoundError
from assistant.core.jsongen import Arr, JsonRequest, Obj, Str
from assistant.core.protocols import LLM, Embedder
from assistant.core.templates import render
from assistant.jobs.contract import JobResult, Meter, Progress
from assistant.jobs.extract.answers import RecordSpans, ground
from assistant.jobs.extract.field_check import resolve_conflicts
from assistant.jobs.extract.examples import ExampleChooser
from assistant.jobs.extract.spans import chunk_text
from assistant.jobs.extract.spec import ExtractSpec, FieldSpec, example_answer
from assistant.jobs.prompting import as_data, is_base_model

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
    # per chunk's answer; None: 96 + 24 per field, 192 for the 4 CoNLL tags as before, 336 for a resume's 10 fields
    # (their chunks hold many values: skills lists, employers)
    max_tokens: int | None = None
    batch: int = 32  # chunks per generate call (the unit of progress)
    fuzzy_threshold: float = 0.85
    # examples shown per chunk; when the spec holds more, the ones most like the chunk (embedding cosine; the
    # first ones without an embedder). None: all of them
    shots: int | None = None
    # which spans the scored field question settles: those put under several fields, or every span. Every span
    # was measured worse with every ladder model on its default examples (CoNLL, 200 sentences, 3 similar
    # examples, F1 every - conflicts: SmolLM2 -0.124, Gemma 270M -0.198, Qwen 1.5B -0.124 on 50 sentences); it
    # won only for Qwen 0.5B with fixed examples (+0.046), where its conflicts F1 was 0.205 (bench/results_issue-14.md)
    field_check: Literal["conflicts", "every"] = "conflicts"

    @model_validator(mode="after")
    def _sane(self) -> ExtractOptions:  # a ConfigError passes through pydantic as it is: one message with its fix
        if self.chunk_chars < 20:
            raise ConfigError(f"a chunk of {self.chunk_chars} characters is too short to hold a value",
                              "give --chunk-chars 20 or more (default 1500)")
        if not 0 <= self.overlap_chars < self.chunk_chars:
            raise ConfigError(f"the chunk overlap {self.overlap_chars} must be 0 or more and under the chunk size "
                              f"{self.chunk_chars}", "use an overlap of about a tenth of the chunk")
        if self.shots is not None and self.shots < 0:
            raise ConfigError(f"--shots {self.shots} is negative", "give 0 or more examples per text")
        if min(self.max_values, self.max_tokens or 1, self.batch) < 1:
            raise ConfigError("max_values, max_tokens and batch must be 1 or more", "leave them at their defaults")
        return self


class ExtractInput(BaseModel):
    """What to extract from: (id, text) records, and the spec of the fields (with descriptions and examples)."""

    items: list[tuple[str, str]]
    spec: ExtractSpec


class ExtractResult(JobResult):
    """Every record's spans, in input order."""

    items: list[RecordSpans]
    failed: int = Field(0, description="records whose extraction failed (their error is on the record)")


def describe(spec: ExtractSpec) -> ExtractSpec:
    """The spec with the standard description filled in for well-known tags that have none."""
    fields = [f if f.description or f.name.upper() not in STANDARD_TAGS
              else f.model_copy(update={"description": STANDARD_TAGS[f.name.upper()]}) for f in spec.fields]
    return spec.model_copy(update={"fields": fields})


def answer_shape(spec: ExtractSpec, text: str, max_values: int) -> Obj:
    return Obj(tuple((f.key, Arr(Str(source=text), max_items=max_values if f.many else 1)) for f in spec.fields))


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


def _chunks(text: str, opts: ExtractOptions) -> list[tuple[int, str]]:
    return chunk_text(text, opts.chunk_chars, opts.overlap_chars) if text.strip() else []


def _batches(items: Iterable[tuple[str, str]], opts: ExtractOptions) -> Iterator[list[_Job]]:
    """The items cut into chunks, grouped so that a group holds about opts.batch chunks."""
    pending: list[_Job] = []
    chunk_count = 0
    for rid, text in items:
        job = _Job(rid, text, _chunks(text, opts))
        pending.append(job)
        chunk_count += len(job.chunks)
        if chunk_count >= opts.batch:
            yield pending
            pending, chunk_count = [], 0
    if pending:
        yield pending


def _run(llm: LLM, spec: ExtractSpec, jobs: list[_Job], opts: ExtractOptions,
         examples: ExampleChooser) -> list[RecordSpans]:
    owners = [(job, offset, chunk) for job in jobs for offset, chunk in job.chunks]
    chosen = examples.choose([chunk for _, _, chunk in owners])
    requests = [JsonRequest(build_prompt(llm, spec.model_copy(update={"examples": shown}), chunk),
                            answer_shape(spec, chunk, opts.max_values), opts.max_tokens or 96 + 24 * len(spec.fields))
                for (_, _, chunk), shown in zip(owners, chosen)]
    generations = llm.generate_json(requests) if requests else []
    for (job, offset, chunk), gen in zip(owners, generations):
        job.answers.append((offset, chunk, gen))
    grounded = [ground(job.id, job.text, spec, job.answers, opts) for job in jobs]
    resolve_conflicts(llm, spec, grounded, [job.text for job in jobs], every=opts.field_check == "every")
    return grounded


def spec_for_labels(labels: list[str]) -> ExtractSpec:
    return describe(ExtractSpec(fields=[FieldSpec(name=label) for label in labels]))


def run(llm: LLM, inputs: ExtractInput, options: ExtractOptions | None = None, *,
        embedder: Embedder | None = None, progress: Progress | None = None,
        on_item: Callable[[RecordSpans], None] | None = None) -> ExtractResult:
    """Spans of the spec's fields in every record, in input order; the job contract (jobs/contract.py).

    progress counts chunks (a short text is one). on_item(record) is called as soon as each record is done, in
    order, so a run over a large file can write its output as it goes. A batch that fails is retried record by record, so one bad
    record fails alone (its `error` says why); a missing or broken model stops the run: every record would fail
    the same way.
    """
    opts = options or ExtractOptions()
    spec = describe(inputs.spec)
    meter = Meter(llm)
    done: list[RecordSpans] = []
    examples = ExampleChooser(spec.examples, opts.shots, embedder)

    def attempt(jobs: list[_Job]) -> Iterator[RecordSpans]:
        try:
            results = _run(llm, spec, jobs, opts, examples)
        except (ModelNotFoundError, ModelLoadError, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - reported per record, the run goes on
            if len(jobs) == 1:
                yield RecordSpans(id=jobs[0].id, chunks=len(jobs[0].chunks),
                                  error=f"{type(exc).__name__}: {getattr(exc, 'message', None) or exc}")
                return
            for job in jobs:
                job.answers = []  # a half-run batch may have left answers on some
                yield from attempt([job])
            return
        yield from results

    # progress counts chunks, the unit of work: a long resume moves the bar as far as the many short texts
    # that take as long (counting them first costs string slicing only; the chunks themselves are cut per batch)
    total = sum(len(_chunks(text, opts)) for _, text in inputs.items) if progress else 0
    chunks_done = 0
    if progress:
        progress(0, total)
    for jobs in _batches(inputs.items, opts):
        for record in attempt(jobs):
            done.append(record)
            if on_item:
                on_item(record)
        chunks_done += sum(len(job.chunks) for job in jobs)
        if progress:
            progress(chunks_done, total)
    return ExtractResult(items=done, failed=sum(r.error is not None for r in done), usage=meter.usage())
