"""The one job contract with fakes: every job takes (llm, inputs, options), reports progress(done, total) up to its
total, and returns a result whose `usage` names the model and counts what the LLM did."""
from __future__ import annotations

import numpy as np
import pytest

from assistant.core.results import SearchHit
from assistant.jobs import answer, classify, extract, fill, rerank
from assistant.jobs.contract import Meter, Usage

from fakes import FakeEmbedder, FakeLLM

EMB = FakeEmbedder()


def _rows(records):
    return [fill.Row(id=rid, fields=fields, vector=EMB.embed([str(fields)])[0]) for rid, fields in records]


def _calls():
    """One call of each job on small inputs: (name, run(llm, inputs, options, progress=...))."""
    known = _rows([(f"k{i}", {"name": n, "city": c}) for i, (n, c) in enumerate(
        [("ann", "oslo"), ("bob", "rome"), ("cy", "oslo"), ("dee", "rome"), ("eve", "oslo")])])
    hits = [SearchHit(rank=1, id="r1", similarity=0.9, text="Ann Lee is a nurse in Oslo.", metadata={}),
            SearchHit(rank=2, id="r2", similarity=0.8, text="Bob Hay bakes bread in Rome.", metadata={})]
    return [
        ("rerank", lambda llm, progress: rerank.run(
            llm, rerank.RerankInput(query="a nurse", candidates=[
                rerank.Candidate(id=str(i), text=t, rank=i + 1, similarity=0.5 - i / 10)
                for i, t in enumerate(["a nurse in Oslo", "a baker", "a nurse and a baker"])]),
            rerank.RerankOptions(method="ql+emb"), progress=progress)),
        ("classify", lambda llm, progress: classify.run(
            llm, classify.ClassifyInput(texts=["the match was won", "a new album of songs"], labels=["sports", "music"]),
            classify.ClassifyOptions(method="ensemble"), embedder=EMB, progress=progress)),
        ("extract", lambda llm, progress: extract.run(
            llm, extract.ExtractInput(items=[("a", "Ann met Bob in Oslo."), ("b", "Cy stayed home.")],
                                      spec=extract.parse_fields("person,place")), progress=progress)),
        ("fill", lambda llm, progress: fill.run(
            llm, fill.FillInput(field="city", targets=_rows([("t1", {"name": "ann"}), ("t2", {"name": "bob"})]),
                                known=known), fill.FillOptions(method="llm-only", k=3), progress=progress)),
        ("answer", lambda llm, progress: answer.run(
            llm, answer.AnswerInput(question="who is a nurse?", hits=hits), progress=progress)),
    ]


class AnswerLLM(FakeLLM):
    """Answers the answer job's JSON: it cites the first record and quotes it."""

    def generate_json(self, requests):
        from assistant.core.jsongen import Generation, Machine

        self.requests += len(requests)
        out = []
        for r in requests:
            text = '{"sources": ["r1"], "answer": "Ann Lee is a nurse in Oslo."}'
            assert Machine.of(r.shape).feed_text(text)
            out.append(Generation(text, tokens=12))
        return out


@pytest.mark.parametrize("name, call", _calls(), ids=[n for n, _ in _calls()])
def test_each_job_reports_progress_and_usage_the_same_way(name, call):
    llm, seen = (AnswerLLM() if name == "answer" else FakeLLM()), []
    result = call(llm, lambda done, total: seen.append((done, total)))
    assert isinstance(result.usage, Usage)
    assert result.usage.model == "fake-llm" and result.usage.llm_calls > 0 and result.usage.seconds >= 0
    if name in ("rerank", "classify", "fill"):  # the fake counts the tokens it scores, not those it generates
        assert result.usage.tokens_evaluated > 0
    assert seen, "no progress reported"
    done = [d for d, _ in seen]
    assert done == sorted(done) and seen[-1][0] == seen[-1][1] > 0  # it ends at its total
    assert "usage" in result.model_dump()  # --json prints it with the result


def test_a_method_without_an_llm_names_no_model():
    res = classify.run(None, classify.ClassifyInput(texts=["a match", "a song"], labels=["sports", "music"]),
                       classify.ClassifyOptions(method="embedding"), embedder=EMB)
    assert res.usage.model is None and res.usage.llm_calls == 0
    rows = _rows([("k1", {"name": "ann", "city": "oslo"}), ("k2", {"name": "bob", "city": "rome"})])
    res = fill.run(None, fill.FillInput(field="city", targets=_rows([("t", {"name": "ann"})]), known=rows),
                   fill.FillOptions(method="knn"))
    assert res.method == "knn" and res.usage.model is None


def test_the_meter_counts_only_what_happened_while_it_ran():
    llm = FakeLLM()
    llm.score_sequences([([0, 1, 2], 1)])  # before the job: not the job's
    meter = Meter(llm)
    llm.score_sequences([([0, 1, 2], 1), ([0, 3], 1)])
    used = meter.usage()
    assert (used.llm_calls, used.tokens_evaluated, used.model) == (2, 5, "fake-llm")
    assert meter.usage(calls=1).llm_calls == 1  # a job's own count where it counts prompts, not continuations
    total = used + Usage(model=None, llm_calls=1, tokens_evaluated=1, seconds=0.5)
    assert (total.llm_calls, total.tokens_evaluated, total.model) == (3, 6, "fake-llm")


def test_a_backend_with_stats_is_read_from_them():
    from assistant.backends.stats import LLMStats

    class Counted:
        name = "counted"

        def __init__(self):
            self.stats = LLMStats()

    llm = Counted()
    meter = Meter(llm)
    llm.stats.requests, llm.stats.tokens_evaluated, llm.stats.tokens_generated, llm.stats.seconds = 4, 100, 7, 0.25
    used = meter.usage()
    assert (used.llm_calls, used.tokens_evaluated, used.tokens_generated, used.llm_seconds) == (4, 100, 7, 0.25)
    assert np.isfinite(used.seconds)
