"""The evals' defaults finish in minutes: the default method and the baselines; `all` for the rest, with a progress
bar whose total holds across methods and an estimate printed when a run will be long."""
from __future__ import annotations

import json
import random

import pytest
from typer.testing import CliRunner

from assistant.cli import app, common
from assistant.eval.rerank import (
    DEFAULT_EVAL_METHODS,
    EVAL_METHODS,
    PAIR_WEIGHT,
    evaluate_rerank,
    prompts_per_query,
    work_of,
)
from assistant.jobs.rerank import DEFAULT_METHOD, PAIRWISE

from fakes import FakeEmbedder, FakeLLM

WORDS = "data pipelines engineer chef roses analyst dashboards spark airflow python sql kitchen garden".split()


def _data(write, queries=3, n=6):
    rng = random.Random(0)
    lines = []
    for q in range(queries):
        cands = [{"docid": f"{q}-{i}", "text": " ".join(rng.choices(WORDS, k=8)), "rel": rng.choice([0, 0, 1, 2])}
                 for i in range(n)]
        cands[0]["rel"] = 2
        lines.append(json.dumps({"qid": str(q), "query": " ".join(rng.choices(WORDS, k=4)), "candidates": cands}))
    return write("judged.jsonl", "\n".join(lines) + "\n")


def test_the_default_is_the_default_method_and_the_baselines(write):
    r = evaluate_rerank(_data(write), llm=FakeLLM(), embedder=FakeEmbedder())
    assert DEFAULT_METHOD in DEFAULT_EVAL_METHODS
    assert set(r.ndcg_at_10) == {"given", "embedding", *DEFAULT_EVAL_METHODS}
    assert not set(r.methods) & set(PAIRWISE)


def test_all_runs_every_method(write):
    r = evaluate_rerank(_data(write, queries=1, n=4), llm=FakeLLM(), embedder=FakeEmbedder(), methods=["all"])
    assert set(r.methods) == set(EVAL_METHODS)


@pytest.mark.parametrize("methods", [None, ["ql", "allpair", "sort", "sliding"]])
def test_progress_counts_up_to_a_total_fixed_in_advance(write, methods):
    seen = []
    evaluate_rerank(_data(write), llm=FakeLLM(), embedder=FakeEmbedder(), methods=methods,
                    progress=lambda stage, done, total: seen.append((done, total)))
    totals = {t for _, t in seen}
    assert len(totals) == 1, "the total is known before the first prompt (an ETA from the start)"
    done = [d for d, _ in seen]
    assert done == sorted(done) and done[-1] == totals.pop()


@pytest.mark.parametrize("base", ["ql", "allpair", "sort", "sliding"])
@pytest.mark.parametrize("n", [2, 5, 9])
def test_the_prompt_count_bounds_what_a_method_asks(write, base, n):
    r = evaluate_rerank(_data(write, queries=1, n=n), llm=FakeLLM(), embedder=FakeEmbedder(), methods=[base])
    calls = r.methods[base].llm_calls
    assert calls <= prompts_per_query(base, n)
    if base in ("ql", "allpair"):
        assert calls == prompts_per_query(base, n)
    assert work_of(base, n) == prompts_per_query(base, n) * (PAIR_WEIGHT if base in PAIRWISE else 1)


def test_a_long_run_prints_its_estimate_once(monkeypatch):
    clock = iter([0.0, 30.0, 60.0, 90.0])
    monkeypatch.setattr(common.time, "perf_counter", lambda: next(clock))
    printed = []
    monkeypatch.setattr(common.err, "print", lambda *a, **k: printed.append(a[0]))
    _, update = common.progress_bar("x", warn_over=600, hint="Use less.")
    update(0, 1000)
    update(10, 1000)
    update(20, 1000)  # 1% every 30 s: 50 minutes
    update(30, 1000)
    assert len(printed) == 1 and "about 50 min" in printed[0] and "Use less." in printed[0]


def test_a_setup_before_the_first_step_is_not_projected_over_the_rest(monkeypatch):
    clock = iter([0.0, 135.0, 137.0, 139.0, 141.0, 143.0, 145.0, 147.0])
    monkeypatch.setattr(common.time, "perf_counter", lambda: next(clock))
    printed = []
    monkeypatch.setattr(common.err, "print", lambda *a, **k: printed.append(a[0]))
    _, update = common.progress_bar("x", warn_over=600)
    for done in (0, 16, 32, 48, 64, 80, 96, 112):  # 135 s of cross-validation, then 16 records every 2 s
        update(done, 258)
    assert printed == []  # 135 s + 2 s a batch: about 3 minutes, not 36


def test_a_short_run_prints_no_estimate(monkeypatch):
    clock = iter([0.0, 30.0])
    monkeypatch.setattr(common.time, "perf_counter", lambda: next(clock))
    printed = []
    monkeypatch.setattr(common.err, "print", lambda *a, **k: printed.append(a[0]))
    _, update = common.progress_bar("x", warn_over=600)
    update(0, 100)
    update(50, 100)
    assert printed == []


def test_eval_rerank_cli_default_and_all(write, monkeypatch):
    import assistant.backends.embedder
    import assistant.facade

    monkeypatch.setattr(assistant.backends.embedder, "SentenceTransformerEmbedder", lambda *a, **k: FakeEmbedder())
    monkeypatch.setattr(assistant.facade.Assistant, "llm", property(lambda self: FakeLLM()))
    data = _data(write, queries=2, n=4)
    r = CliRunner().invoke(app, ["eval", "rerank", str(data), "--json"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert set(json.loads(r.stdout)["methods"]) == set(DEFAULT_EVAL_METHODS)
    r = CliRunner().invoke(app, ["eval", "rerank", str(data), "--methods", "all", "--json"], catch_exceptions=False)
    assert set(json.loads(r.stdout)["methods"]) == set(EVAL_METHODS)


def test_long_candidates_share_a_token_budget():
    from assistant.jobs.rerank.likelihood import shared_cap

    assert shared_cap([100] * 20, 384, 4096) == 384  # short candidates: untouched
    cap = shared_cap([470] * 20, 384, 4096)
    assert cap == 4096 // 20
    mixed = [50] * 10 + [1000] * 10
    cap = shared_cap(mixed, 384, 4096)
    assert sum(min(n, cap) for n in mixed) <= 4096 < sum(min(n, cap + 1) for n in mixed)
    assert shared_cap([5000] * 100, 384, 4096) == 128  # never under the floor
