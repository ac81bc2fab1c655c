"""The jobs called through their one contract, `run(llm, inputs, options, *, embedder, progress)`, in the short
forms the tests use: the inputs and options as keywords, the results the tests look at."""
from __future__ import annotations

from assistant.jobs import classify, extract, rerank


def run_classify(texts, labels, *, llm=None, embedder=None, progress=None, **options) -> classify.ClassifyResult:
    return classify.run(llm, classify.ClassifyInput(texts=list(texts), labels=list(labels)),
                        classify.ClassifyOptions(**options), embedder=embedder, progress=progress)


def run_rerank(query, candidates, llm, *, progress=None, judge=None, **options) -> rerank.RerankResult:
    return rerank.run(llm, rerank.RerankInput(query=query, candidates=list(candidates)),
                      rerank.RerankOptions(**options), progress=progress, judge=judge)


def run_extract(llm, spec, items, options=None, progress=None) -> list[extract.RecordSpans]:
    """Every record's spans, in input order (a record that failed carries its error)."""
    return extract.run(llm, extract.ExtractInput(items=list(items), spec=spec), options, progress=progress).items


def extract_outcomes(llm, spec, items, options=None, progress=None):
    """(id, record, None) for a record done, (id, None, error) for one that failed, in input order."""
    return [(r.id, r if r.error is None else None, r.error) for r in run_extract(llm, spec, items, options, progress)]
