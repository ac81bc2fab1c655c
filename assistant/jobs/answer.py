"""Answer a question from retrieved records: a constrained answer that cites their ids (and by default quotes them).

Retrieval is the caller's (the facade searches the collection); the job reads the hits it is given.
"""
from __future__ import annotations

import json

from pydantic import BaseModel, Field

from assistant.core.jsongen import Arr, JsonRequest, Obj, Str
from assistant.core.protocols import LLM, Embedder
from assistant.core.results import SearchHit
from assistant.core.templates import render
from assistant.jobs.contract import JobResult, Meter, Progress
from assistant.jobs.prompting import json_prompt

RECORD_CHARS = 600  # each record is cut here so that k records fit a small model's window


class AnswerInput(BaseModel):
    question: str
    hits: list[SearchHit] = Field(description="the retrieved records, most similar first")
    collection: str | None = None


class AnswerOptions(BaseModel):
    extractive: bool = Field(True, description="the answer is a passage copied verbatim from the records; False "
                                               "lets the model write freely (for a larger --model)")


class Answer(JobResult):
    question: str
    collection: str | None = None
    answer: str
    cited: list[str]  # ids of the records the answer says it comes from; always among `hits`
    hits: list[SearchHit]


def answer_shape(ids: list[str], texts: list[str] | None = None) -> Obj:
    """Sources first (only ids that were retrieved), then the answer. With `texts`, the answer is a passage
    copied from them: the bundled models are too small to write a faithful answer, but they can point at one."""
    answer = Str(source="\n".join(texts), max_len=300) if texts else Str(max_len=300)
    return Obj((("sources", Arr(Str(choices=tuple(ids)), max_items=3)), ("answer", answer)))


def build_prompt(llm: LLM, question: str, ids: list[str], texts: list[str]) -> str:
    records = [{"id": rid, "text": text} for rid, text in zip(ids, texts)]
    return json_prompt(llm, render("answer.j2", question=question, records=records),
                       'Reply with JSON: {"sources": [ids], "answer": text}.')


def run(llm: LLM, inputs: AnswerInput, options: AnswerOptions | None = None, *, embedder: Embedder | None = None,
        progress: Progress | None = None) -> Answer:
    """The model's answer to the question from the retrieved records (its cited ids are always retrieved ones);
    the job contract (jobs/contract.py), progress counts the one answer."""
    opts = options or AnswerOptions()
    meter = Meter(llm)
    found = inputs.hits
    if not found:
        return Answer(question=inputs.question, collection=inputs.collection, answer="No records matched.", cited=[],
                      hits=[], usage=meter.usage(used_llm=False))
    ids = [h.id for h in found]
    texts = [h.text[:RECORD_CHARS] for h in found]  # what the model reads is all it may quote
    gen = llm.generate_json([JsonRequest(build_prompt(llm, inputs.question, ids, texts),
                                         answer_shape(ids, texts if opts.extractive else None), max_tokens=160)])[0]
    data = json.loads(gen.text)
    if progress:
        progress(1, 1)
    return Answer(question=inputs.question, collection=inputs.collection, answer=data["answer"].strip(),
                  cited=list(dict.fromkeys(data["sources"])), hits=found, usage=meter.usage())
