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


def answer_shape(ids: list[str]) -> Obj:
    """Sources first (only ids that were retrieved), then the answer written with them in view."""
    return Obj((("sources", Arr(Str(choices=tuple(ids)), max_items=3)), ("answer", Str(max_len=300))))


def build_prompt(llm: LLM, question: str, hits: list[SearchHit]) -> str:
    records = [{"id": h.id, "text": h.text[:RECORD_CHARS]} for h in hits]
    return json_prompt(llm, render("answer.j2", question=question, records=records),
                       'Reply with JSON: {"sources": [ids], "answer": text}.')


def answer_question(llm: LLM, store: Store, embedder: Embedder, collection: str, question: str, *, k: int = 5,
                    where: dict | None = None) -> Answer:
    """The k most similar records, and the model's answer from them (its cited ids are always retrieved ones)."""
    import json

    from .search import search

    found = search(store, embedder, collection, question, k=k, where=where)
    if not found.hits:
        return Answer(question=question, collection=collection, answer="No records matched.", cited=[], hits=[])
    ids = [h.id for h in found.hits]
    gen = llm.generate_json([JsonRequest(build_prompt(llm, question, found.hits), answer_shape(ids),
                                         max_tokens=160)])[0]
    data = json.loads(gen.text)
    return Answer(question=question, collection=collection, answer=data["answer"].strip(),
                  cited=list(dict.fromkeys(data["sources"])), hits=found.hits)
