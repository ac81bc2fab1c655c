"""Answer a question from the records: retrieve the most relevant ones, then a constrained answer citing their ids."""
from __future__ import annotations

from pydantic import BaseModel

from .jsongen import Arr, JsonRequest, Obj, Str
from .prompting import json_prompt
from .protocols import LLM, Embedder, Store
from .results import SearchHit
from .templates import render

RECORD_CHARS = 600  # each record is cut here so that k records fit a small model's window


class Answer(BaseModel):
    question: str
    collection: str
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


def answer_question(llm: LLM, store: Store, embedder: Embedder, collection: str, question: str, *, k: int = 5,
                    where: dict | None = None, extractive: bool = True) -> Answer:
    """The k most similar records, and the model's answer from them (its cited ids are always retrieved ones).

    `extractive` (the default) makes the answer a passage copied verbatim from the records; False lets the
    model write freely (for a larger --model)."""
    import json

    from .search import search

    found = search(store, embedder, collection, question, k=k, where=where)
    if not found.hits:
        return Answer(question=question, collection=collection, answer="No records matched.", cited=[], hits=[])
    ids = [h.id for h in found.hits]
    texts = [h.text[:RECORD_CHARS] for h in found.hits]  # what the model reads is all it may quote
    gen = llm.generate_json([JsonRequest(build_prompt(llm, question, ids, texts),
                                         answer_shape(ids, texts if extractive else None), max_tokens=160)])[0]
    data = json.loads(gen.text)
    return Answer(question=question, collection=collection, answer=data["answer"].strip(),
                  cited=list(dict.fromkeys(data["sources"])), hits=found.hits)
