"""The rerank default `auto` with fakes: the pairwise self-check, the choice between pairwise and ql+emb, the
fusion weight from the likelihood scores' reliability, and what the result reports."""
from __future__ import annotations

import numpy as np
import pytest

from assistant.core.errors import ConfigError
from assistant.jobs.rerank import DEFAULT_METHOD, PairwiseJudge
from assistant.jobs.rerank.auto import CONSISTENT, MEASURED_WEIGHTS, check_pairs, choose, self_check, weight_from
from assistant.jobs.rerank.likelihood import split_half

from calls import run_rerank as rerank
from fakes import FakeLLM
from test_rerank import RANKED, JudgeLLM, LeaningJudgeLLM, cands, real_small_llm_and_candidates


def test_auto_is_the_default():
    assert DEFAULT_METHOD == "auto"


def test_check_pairs_come_from_the_outside_in_within_the_top():
    assert check_pairs(8) == [(0, 7), (1, 6), (2, 5), (3, 4)]
    assert check_pairs(3) == [(0, 2)] and check_pairs(1) == []


def test_self_check_measures_order_consistency_and_cost_per_prompt():
    consistent = PairwiseJudge(JudgeLLM(), "q", [c.text for c in RANKED])
    share, pairs, per_prompt = self_check(consistent, 8)
    assert share == 1.0 and pairs == 4 and per_prompt is not None and per_prompt >= 0
    assert consistent.prompts_scored == 8  # both orders of 4 pairs
    biased = PairwiseJudge(LeaningJudgeLLM(), "q", [c.text for c in RANKED])
    assert self_check(biased, 8)[0] == 0.0  # "A" in every order: no pair's two orders agree


def test_an_order_consistent_model_gets_pairwise_within_budget():
    r = rerank("which is best", RANKED, JudgeLLM())
    assert r.method == "auto" and r.choice.method == "allpair" and r.choice.order_consistency >= CONSISTENT
    assert r.choice.pairwise_prompts == 8 * 7 and "fits the budget" in r.choice.reason
    truth = sorted(RANKED, key=lambda c: -int(c.text.split()[1][1:]))
    assert [it.id for it in r.items] == [c.id for c in truth]
    assert r.usage.llm_calls == 8 * 7  # the self-check's prompts are reused by allpair


def test_a_consistent_model_over_budget_falls_back_to_ql_emb():
    judge = PairwiseJudge(JudgeLLM(), "q", [c.text for c in RANKED])
    judge.seconds = 0.0
    choice = choose(judge, len(RANKED), budget_seconds=-1.0)
    assert choice.method == "ql+emb" and "budget" in choice.reason and choice.pairwise_seconds is not None


def test_a_position_biased_model_gets_ql_emb_with_a_measured_weight():
    c = cands([f"text q{k} {w}" for k, w in enumerate(("data pipelines", "pastry", "pipelines", "roses", "data"))],
              sims=[0.9, 0.8, 0.7, 0.6, 0.5])
    r = rerank("data pipelines", c, LeaningJudgeLLM())
    assert r.choice.method == "ql+emb" and r.choice.order_consistency == 0.0
    assert r.fusion == "z" and r.weight == r.choice.weight == weight_from(r.choice.ql_reliability)
    assert "order consistency" in r.choice.reason and "reliability" in r.choice.reason
    assert r.usage.llm_calls == 2 * 2 + len(c)  # 2 checked pairs in both orders, then one prompt a candidate


def test_a_model_with_a_measured_weight_uses_it_instead_of_the_reliability_rule():
    c = cands([f"text q{k} {w}" for k, w in enumerate(("data pipelines", "pastry", "pipelines", "roses", "data"))],
              sims=[0.9, 0.8, 0.7, 0.6, 0.5])
    model, weight = next(iter(MEASURED_WEIGHTS.items()))
    llm = LeaningJudgeLLM()
    llm.name = model
    r = rerank("data pipelines", c, llm)
    assert r.choice.method == "ql+emb" and r.weight == r.choice.weight == weight
    assert f"measured for {model}" in r.choice.reason
    llm.name = "some-other-model"
    r = rerank("data pipelines", c, llm)
    assert r.weight == weight_from(r.choice.ql_reliability) != weight and "measured for" not in r.choice.reason


def test_split_half_reliability_and_the_weight_it_sets():
    signal = [np.array([v, v + 0.1, v, v + 0.1]) for v in (-1.0, -2.0, -3.0, -4.0)]
    assert split_half(signal) == pytest.approx(1.0)
    rng = np.random.default_rng(0)
    noise = [rng.normal(size=40) for _ in range(6)]
    assert abs(split_half(noise)) < 0.9
    assert split_half(signal[:2]) is None and split_half([np.array([1.0])] * 4) is None
    assert weight_from(None) == 0.0 and weight_from(-0.5) == 0.0 and weight_from(0.4) == 0.4
    assert weight_from(3.0) == 1.0


def test_method_forces_one_and_auto_reports_nothing_then():
    r = rerank("which is best", RANKED, JudgeLLM(), method="ql+emb")
    assert r.choice is None and r.method == "ql+emb" and r.weight == 0.5
    with pytest.raises(ConfigError):
        rerank("q", RANKED, FakeLLM(), method="auto+emb")
    with pytest.raises(ConfigError):
        rerank("q", RANKED, FakeLLM(), method="allpair", pair_depth=1)


def test_pair_depth_reranks_only_the_top_and_keeps_the_rest():
    r = rerank("which is best", RANKED, JudgeLLM(), method="allpair", pair_depth=4)
    top = sorted(RANKED[:4], key=lambda c: -int(c.text.split()[1][1:]))
    assert [it.id for it in r.items] == [c.id for c in top] + [c.id for c in RANKED[4:]]
    assert r.usage.llm_calls == 4 * 3 and r.comparisons == 6


@pytest.mark.real
def test_auto_with_the_real_small_model_reports_its_choice():
    llm, c = real_small_llm_and_candidates()
    r = rerank("What is the capital of France?", c, llm, pair_tokens=64, ql_tokens=64)
    assert r.method == "auto" and r.choice.method in ("allpair", "ql+emb")
    assert r.choice.pairs_checked == 2 and 0.0 <= r.choice.order_consistency <= 1.0
    assert r.choice.seconds_per_prompt is not None and r.choice.reason
    assert sorted(it.id for it in r.items) == [x.id for x in c]
    if r.choice.method == "ql+emb":
        assert r.weight == r.choice.weight and 0.0 <= r.weight <= 1.0
        assert r.usage.llm_calls == 4 + len(c)
