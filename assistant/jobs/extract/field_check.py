"""A span put under several fields keeps only the field the model scores most likely for it."""
from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.core.protocols import LLM
from assistant.core.templates import render
from assistant.jobs.extract.answers import RecordSpans
from assistant.jobs.extract.spans import Span
from assistant.jobs.prompting import as_data, checked_scores, is_base_model

if TYPE_CHECKING:  # annotations only
    from assistant.jobs.extract.spec import ExtractSpec


def _typing_prompt(llm: LLM, spec: ExtractSpec, text: str, value: str) -> list[int]:
    prompt = llm.chat_prompt(render("extract_type.j2", fields=spec.fields, text=as_data(text, line_fence=True),
                                    value=as_data(value)))
    if is_base_model(llm):
        prompt += "\nField:"  # a base model needs the answer's cue
    return llm.prompt_tokens(prompt)


def resolve_conflicts(llm: LLM, spec: ExtractSpec, results: list[RecordSpans], texts: list[str],
                      window: int = 600, every: bool = False) -> None:
    """A span the answer put under several fields keeps only the field the model scores most likely for it.

    Small models copy one name into every field; asking which field it belongs to (a scoring question, which
    they answer far better than they generate) settles it. Scores are calibrated by the same question about
    a content-free "N/A". One scoring call per batch. Asking this of every span, not only of conflicts, was
    measured worse (CoNLL, Gemma 270M, 3 examples, 100 sentences: F1 0.22 against 0.37): with examples, the
    labels the model writes are better than its answers to the question. `every=True` still does so (each span
    may move to any field), to measure it: bench/results_issue-14.md has it worse with every ladder model on its
    default examples.
    """
    labels = spec.labels()
    keys = {f.name: f.key for f in spec.fields}  # the model answers with the key the prompt lists
    plain = is_base_model(llm)
    asks, where = [], []
    for r, text in zip(results, texts):
        groups: dict[tuple[int, int], list[Span]] = {}
        for s in r.spans:
            groups.setdefault((s.start, s.end), []).append(s)
        for (start, end), group in groups.items():
            if len(group) > 1 or every:
                lo = max(0, start - window // 2)
                part = text[lo:lo + window]
                base = _typing_prompt(llm, spec, part, text[start:end])
                blank = _typing_prompt(llm, spec, part, "N/A")
                options = labels if every else [s.label for s in group]
                answers = [llm.tokenize((" " if plain else "") + keys[label]) for label in options]
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
