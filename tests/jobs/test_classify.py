"""Zero-shot classification: calibration, thresholds, multi-label, labels files, evaluation metrics."""
from __future__ import annotations

import json

import numpy as np
import pytest

from assistant.core.errors import AssistantError, BadRowsError, ConfigError, InputFileError
from assistant.eval.classify import evaluate_classify, evaluate_label_sets, load_classify_data, scores_of
from assistant.jobs.classify import Label, calibrate, decide, load_labels_file, parse_labels
from assistant.jobs.classify.scorers import TRANSDUCTIVE_MIN_ITEMS, ensemble, self_train

from calls import run_classify
from fakes import FakeEmbedder, FakeLLM

LABELS = parse_labels("sports,music,cooking")
TEXTS = ["the sports match was won by the home team, great sports day",
         "a new music album with guitar music and songs",
         "cooking pasta: the cooking takes ten minutes in salted water",
         "sports fans cheered the team",
         "music lovers at the concert"]
GOLD = ["sports", "music", "cooking", "sports", "music"]


class PriorLLM(FakeLLM):
    """A fake LLM that strongly prefers one label word whatever the text (a label prior, like a frequent word)."""

    def __init__(self, favourite: str, bonus: float = 4.0):
        super().__init__()
        self.favourite, self.bonus = favourite, bonus

    def score_sequences(self, sequences):
        out = super().score_sequences(sequences)
        fav = self.tokenize(self.favourite)[0]
        # Every other token loses the bonus (rather than the favourite gaining it): log-probabilities stay <= 0,
        # which classify checks (a score above 0 is a broken backend).
        for (toks, start), row in zip(sequences, out):
            row -= np.array([0.0 if t == fav else self.bonus for t in toks[start:]])
        return out


def test_uncalibrated_prior_wins_and_calibration_cancels_it():
    llm = PriorLLM("cooking")
    calibrated = run_classify(TEXTS, LABELS, llm=llm, method="llm")  # 5 texts: content-free calibration
    assert [c.label for c in calibrated.items] == GOLD
    batch = run_classify(TEXTS * 12, LABELS, llm=llm, method="llm")  # 60 texts: batch calibration
    assert [c.label for c in batch.items] == GOLD * 12 and batch.self_training is False  # no embedder given
    from assistant.jobs.classify import llm_logprobs

    uncalibrated, _ = llm_logprobs(TEXTS, LABELS, llm)
    assert {LABELS[j].name for j in uncalibrated.argmax(axis=1)} == {"cooking"}  # the prior alone would always win


def test_batch_calibration_cancels_a_prior():
    raw = np.array([[5.0, 0.0], [4.0, 1.0], [6.0, 0.5], [3.0, 2.5]])  # label 0 favoured everywhere
    batch = calibrate(raw, None, "batch")
    assert set(batch.argmax(axis=1).tolist()) == {0, 1}
    assert np.allclose(calibrate(raw, None, "none"), raw)
    with pytest.raises(ConfigError):
        calibrate(raw, None, "sometimes")


def test_result_shape_and_probabilities():
    res = run_classify(TEXTS, LABELS, llm=FakeLLM(), method="llm")
    assert res.method == "llm" and res.labels == ["sports", "music", "cooking"]
    for item in res.items:
        assert abs(sum(item.scores.values()) - 1.0) < 1e-9
        assert item.confidence == max(item.scores.values())
    assert res.counts == {"sports": 2, "music": 2, "cooking": 1}
    assert res.usage.tokens_evaluated > 0 and res.self_training is False


def test_embedding_and_ensemble_methods():
    emb = FakeEmbedder()
    for method in ("embedding", "ensemble"):
        res = run_classify(TEXTS, LABELS, llm=FakeLLM(), embedder=emb, method=method)
        assert [c.label for c in res.items] == GOLD, method
    assert run_classify(TEXTS, LABELS, embedder=emb, method="embedding").usage.model is None


def test_missing_backend_and_unknown_method_are_clear_errors():
    with pytest.raises(ConfigError, match="needs an LLM"):
        run_classify(TEXTS, LABELS, embedder=FakeEmbedder(), method="ensemble")
    with pytest.raises(ConfigError, match="needs an embedder"):
        run_classify(TEXTS, LABELS, llm=FakeLLM(), method="embedding")
    with pytest.raises(ConfigError, match="unknown classification method"):
        run_classify(TEXTS, LABELS, llm=FakeLLM(), method="vote")
    with pytest.raises(ConfigError):
        run_classify(TEXTS, LABELS, llm=FakeLLM(), method="llm", threshold=1.5)


def test_threshold_abstains():
    logits = np.array([[3.0, 0.0, 0.0], [0.1, 0.0, 0.0]])
    items = decide(logits, LABELS, threshold=0.6)
    assert items[0].label == "sports" and items[1].label is None
    assert items[1].confidence < 0.6
    res = run_classify(TEXTS, LABELS, llm=FakeLLM(), method="llm", threshold=0.999999)
    assert res.abstained == len(TEXTS) and all(c.label is None for c in res.items) and sum(res.counts.values()) == 0


def test_multi_label():
    logits = np.log(np.array([[0.45, 0.45, 0.10], [0.8, 0.1, 0.1]]))
    items = decide(logits, LABELS, multi_label=True)  # default cut: above the uniform 1/3
    assert items[0].labels == ["sports", "music"] and items[1].labels == ["sports"]
    assert decide(logits, LABELS, multi_label=True, threshold=0.05)[1].labels == ["sports", "music", "cooking"]
    assert decide(logits, LABELS)[0].labels == []  # single-label results list nothing extra
    res = run_classify(["sports and music tonight"], LABELS, llm=FakeLLM(), method="llm", multi_label=True)
    assert set(res.items[0].labels) >= {"sports", "music"}


def test_long_text_is_truncated_to_the_token_budget():
    llm = FakeLLM()
    llm.n_ctx = 300
    res = run_classify(["sports " * 2000, "music"], LABELS, llm=llm, method="llm")
    assert res.truncated == 1 and res.items[0].label == "sports"


def test_self_training_learns_the_batch_structure():
    rng = np.random.default_rng(0)
    centres = np.eye(3, 16)
    gold = np.repeat(np.arange(3), 40)
    vectors = centres[gold] + 0.3 * rng.normal(size=(120, 16))
    noisy = np.eye(3)[gold] * 2.0 + rng.normal(scale=1.5, size=(120, 3))  # a weak scorer, right ~70% of the time
    refined = self_train(noisy, vectors)
    assert (refined.argmax(1) == gold).mean() > (noisy.argmax(1) == gold).mean() + 0.1


def test_ensemble_is_scale_free():
    a = np.array([[1.0, 0.0], [0.0, 1.0], [0.2, 0.0]])
    b = np.array([[0.0, 0.3], [0.0, 1.0], [1.0, 0.0]])
    assert np.allclose(ensemble([a, b]).argmax(1), ensemble([a * 100, b]).argmax(1))


def test_parse_labels():
    assert [lab.name for lab in parse_labels(" a, b ,c,")] == ["a", "b", "c"]
    with pytest.raises(ConfigError, match="at least 2"):
        parse_labels("only")
    with pytest.raises(ConfigError, match="twice"):
        parse_labels("a,b,a")


def test_labels_file(write):
    path = write("labels.txt", "# topics\n\nWorld: world news and politics\nSci/Tech: science: tech\nSports\n")
    labels = load_labels_file(path)
    assert labels == [Label("World", "world news and politics"), Label("Sci/Tech", "science: tech"),
                      Label("Sports")]
    assert labels[0].text == "World: world news and politics" and labels[2].text == "Sports"


@pytest.mark.parametrize("content, message, line", [
    ("a: x\n: no name\n", "no label name", 2),
    ("a: x\nb: y\n\na: again\n", "defined twice", 4),
    ("a: x\n", "at least 2", None),
])
def test_labels_file_errors(write, content, message, line):
    path = write("labels.txt", content)
    with pytest.raises(AssistantError, match=message) as err:
        load_labels_file(path)
    assert str(path) in err.value.message and err.value.fix
    if line:
        assert f"line {line}" in err.value.message


def test_labels_file_missing(tmp_path):
    with pytest.raises(InputFileError, match="does not exist"):
        load_labels_file(tmp_path / "nope.txt")


def test_metrics_on_a_hand_computed_example():
    gold = ["a", "a", "b", "b", "c"]
    pred = ["a", "b", "b", "b", None]
    m = scores_of(gold, pred, ["a", "b", "c"])
    assert m["accuracy"] == pytest.approx(3 / 5)
    # a: p=1, r=.5 -> 2/3; b: p=2/3, r=1 -> .8; c: never predicted -> 0
    assert m["per_label_f1"] == pytest.approx({"a": 2 / 3, "b": 0.8, "c": 0.0})
    assert m["macro_f1"] == pytest.approx((2 / 3 + 0.8 + 0.0) / 3)
    assert m["confusion"] == [[1, 1, 0], [0, 2, 0], [0, 0, 0]]


def _jsonl(write, rows, name="data.jsonl"):
    return write(name, "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")


def test_load_data_joins_fields_and_samples(write):
    path = _jsonl(write, [{"id": i, "title": f"Title {i}", "description": "Body.", "label": "x"} for i in range(10)])
    items = load_classify_data(path)
    assert items[0].text == "Title 0. Body." and items[0].id == "0" and items[0].line == 1
    a = load_classify_data(path, limit=4, seed=3, shuffle=True)
    assert [i.id for i in a] == [i.id for i in load_classify_data(path, limit=4, seed=3, shuffle=True)]
    assert len(a) == 4 and [i.id for i in a] != ["0", "1", "2", "3"]


def test_load_data_errors_name_the_line(write):
    path = write("bad.jsonl", '{"id": 1, "text": "ok", "label": "a"}\n{"id": 2, "text": "x"\n'
                              '{"id": 3, "text": "no label"}\n{"id": 4, "label": "a"}\n')
    with pytest.raises(BadRowsError) as err:
        load_classify_data(path)
    assert [row for row, _ in err.value.problems] == [2, 3, 4]
    assert "row 3: no \"label\"" in err.value.message and str(path) in err.value.message
    with pytest.raises(InputFileError, match="does not exist"):
        load_classify_data(path.parent / "missing.jsonl")


def test_evaluate_on_a_tiny_chinese_dataset(write):
    rows = [{"id": 1, "text": "足球 比赛 今天 开始", "label": "体育"},
            {"id": 2, "text": "篮球 比赛 结果", "label": "体育"},
            {"id": 3, "text": "股票 市场 上涨", "label": "财经"},
            {"id": 4, "text": "银行 股票 利率", "label": "财经"}]
    path = _jsonl(write, rows)
    labels = [Label("体育", "体育 足球 篮球 比赛"), Label("财经", "财经 股票 银行 市场")]
    res = evaluate_classify(path, llm=FakeLLM(), embedder=FakeEmbedder(), labels=labels)
    assert res.items == 4 and res.labels == ["体育", "财经"] and res.default_method == "ensemble"
    by = {m.method: m for m in res.methods}
    assert set(by) == {"llm", "embedding", "ensemble", "ensemble-equal"}
    assert by["embedding"].accuracy == 1.0 and res.accuracy == by["ensemble"].accuracy
    assert np.array(by["llm"].confusion).sum() == 4
    data_labels = evaluate_classify(path, llm=FakeLLM(), embedder=FakeEmbedder(), methods=["llm"])
    assert data_labels.labels == ["体育", "财经"] and data_labels.default_method == "llm"
    with pytest.raises(InputFileError, match="not among the given labels"):
        evaluate_classify(path, llm=FakeLLM(), embedder=FakeEmbedder(), labels=parse_labels("体育,其他"))


def test_evaluate_compares_self_training_on_a_batch(write):
    words = {"sports": "goal match team player", "music": "song guitar album band", "food": "recipe pasta oven salt"}
    rng = np.random.default_rng(1)
    rows = [{"id": i, "text": " ".join(rng.choice(words[lab].split(), 3)), "label": lab}
            for i, lab in enumerate(list(words) * (TRANSDUCTIVE_MIN_ITEMS // 3 + 1))]
    path = _jsonl(write, rows)
    res = evaluate_classify(path, llm=FakeLLM(), embedder=FakeEmbedder(), methods=["embedding"],
                            compare_self_training=True)
    assert [(m.method, m.self_training) for m in res.methods] == [("embedding", False), ("embedding", True)]
    assert all(m.items_per_second > 0 for m in res.methods)


@pytest.mark.real
def test_real_model_classifies_obvious_items():
    from assistant.backends.catalog import resolve_llm
    from assistant.backends.llamacpp import LlamaCppLLM
    from assistant.core.settings import Settings

    llm = LlamaCppLLM(resolve_llm("smollm2-135m-instruct", Settings().models_dir), n_ctx=2048)
    labels = parse_labels("sports,weather,cooking,technology")
    items = [("The striker scored twice and the team won the championship final.", "sports"),
             ("The tennis player lost the match in five sets at Wimbledon.", "sports"),
             ("Heavy rain and strong winds are expected tomorrow, with snow in the mountains.", "weather"),
             ("The forecast says sunny skies and high temperatures all week.", "weather"),
             ("Chop the onions, fry them in butter and add the tomatoes to the pan.", "cooking"),
             ("Bake the cake in the oven for forty minutes and let it cool.", "cooking"),
             ("The new smartphone has a faster processor and more memory.", "technology"),
             ("The software update fixes security bugs in the operating system.", "technology")]
    res = run_classify([t for t, _ in items], labels, llm=llm, method="llm")
    accuracy = np.mean([c.label == gold for c, (_, gold) in zip(res.items, items)])
    assert accuracy >= 0.75, [c.label for c in res.items]
    assert res.usage.tokens_evaluated > 0


def test_label_sets_share_one_llm_pass(write):
    rows = [{"id": i, "text": t, "label": g} for i, (t, g) in enumerate(zip(TEXTS, GOLD))]
    path = _jsonl(write, rows)
    described = [Label("sports", "sports team match"), Label("music", "music songs"), Label("cooking", "cooking food")]
    llm = FakeLLM()
    both = evaluate_label_sets(path, {"names": LABELS, "descriptions": described}, llm=llm,
                               embedder=FakeEmbedder(), methods=["llm"])
    assert set(both) == {"names", "descriptions"} and llm.calls <= 3  # one pass (+ content-free) for both sets
    alone = evaluate_classify(path, llm=FakeLLM(), embedder=FakeEmbedder(), methods=["llm"], labels=LABELS)
    assert both["names"].methods[0].confusion == alone.methods[0].confusion


def test_empty_batch_and_duplicate_labels():
    res = run_classify([], LABELS, llm=FakeLLM(), embedder=FakeEmbedder())
    assert res.items == [] and res.abstained == 0
    with pytest.raises(ConfigError, match="twice"):
        run_classify(TEXTS, [Label("a"), Label("a", "again")], llm=FakeLLM(), method="llm")


def test_plain_label_names_are_accepted():
    res = run_classify(TEXTS, ["sports", "music", "cooking"], llm=FakeLLM(), method="llm")
    assert [c.label for c in res.items] == GOLD
