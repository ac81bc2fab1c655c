"""The classify ensemble's weights from the batch (agreement, collapse, near chance) and the language check."""
from __future__ import annotations

import json

import numpy as np
import pytest

from assistant.eval.classify import evaluate_classify
from assistant.jobs.classify import guess_language, language_note, parse_labels, weigh, weigh_parts
from assistant.jobs.classify.language import english_only
from assistant.jobs.classify.weights import MIN_ITEMS, kappa, neighbour_vote, weighted_ensemble

from calls import run_classify
from fakes import FakeEmbedder, FakeLLM

K = 4


def batch(n=240, seed=0):
    """Gold labels, text vectors clustered by label, and a good scorer (right ~85% of the time)."""
    rng = np.random.default_rng(seed)
    gold = rng.integers(0, K, size=n)
    vectors = np.eye(K, 32)[gold] + 0.2 * rng.normal(size=(n, 32))
    good = 3.0 * np.eye(K)[gold] + rng.normal(scale=1.2, size=(n, K))
    return rng, gold, vectors, good


def accuracy(logits, gold):
    return float((np.asarray(logits).argmax(1) == gold).mean())


def test_a_part_at_chance_gets_no_weight_and_the_default_keeps_the_good_part():
    rng, gold, vectors, good = batch()
    noise = rng.normal(scale=3.0, size=good.shape)  # e.g. an English embedding model on Chinese text
    w = weigh_parts({"llm": good, "embedding": noise}, vectors)
    assert w.weights["embedding"] < 0.05 and w.weights["llm"] > 0.95
    assert "near chance" in w.reasons["embedding"]
    assert w.reliability["llm"] > 3 * w.reliability["embedding"]  # the ratio is what the weights use
    mixed = weighted_ensemble([good, noise], [w.weights["llm"], w.weights["embedding"]])
    assert accuracy(mixed, gold) >= accuracy(good, gold) - 0.01
    equal = weighted_ensemble([good, noise], [1, 1])
    assert accuracy(equal, gold) < accuracy(good, gold) - 0.05  # what the fixed 1:1 ensemble did


def test_two_comparable_parts_share_the_weight():
    rng, gold, vectors, good = batch()
    other = 3.0 * np.eye(K)[gold] + rng.normal(scale=1.2, size=good.shape)
    w = weigh_parts({"llm": good, "embedding": other}, vectors)
    assert 0.3 < w.weights["llm"] < 0.7 and abs(sum(w.weights.values()) - 1) < 1e-3
    assert w.agreement is not None and w.agreement > 0.4


def test_a_collapsed_part_gets_no_weight():
    rng, gold, vectors, good = batch()
    collapsed = rng.normal(scale=0.1, size=good.shape)
    collapsed[:, 2] += 5.0  # predicts label 2 for every text
    w = weigh_parts({"llm": collapsed, "embedding": good}, vectors)
    assert w.weights == {"llm": 0.0, "embedding": 1.0} and "collapsed" in w.reasons["llm"]


def test_when_every_part_fails_a_check_those_that_can_read_the_text_are_kept():
    rng, gold, vectors, good = batch()
    collapsed = np.zeros_like(good)
    collapsed[:, 0] = 5.0
    w = weigh_parts({"llm": collapsed, "embedding": collapsed.copy()}, vectors)
    assert w.weights == {"llm": 0.5, "embedding": 0.5} and "every part failed" in w.reasons["llm"]
    w = weigh_parts({"llm": collapsed, "embedding": good}, vectors, excluded={"embedding": "outside its language"})
    assert w.weights == {"llm": 1.0, "embedding": 0.0}  # the part that cannot read the text stays out


def test_excluded_part_and_small_batch():
    _, gold, vectors, good = batch(n=MIN_ITEMS - 1)
    w = weigh_parts({"llm": good, "embedding": good.copy()}, vectors)
    assert w.weights == {"llm": 0.5, "embedding": 0.5} and "equal weight" in w.reasons["llm"]
    assert not w.reliability  # too few texts to measure agreement on
    w = weigh_parts({"llm": good, "embedding": good.copy()}, vectors, excluded={"embedding": "outside its language"})
    assert w.weights == {"llm": 1.0, "embedding": 0.0} and w.reasons["embedding"] == "outside its language"


def test_kappa_and_neighbour_vote():
    a = np.array([0, 1, 0, 1])
    assert kappa(a, a, 2) == pytest.approx(1.0) and kappa(a, 1 - a, 2) == pytest.approx(-1.0)
    assert kappa(np.zeros(4, int), np.zeros(4, int), 2) == 0.0  # both constant: no information
    _, gold, vectors, _ = batch()
    noisy = gold.copy()
    noisy[::5] = (noisy[::5] + 1) % K  # 20% wrong
    assert (neighbour_vote(vectors, noisy, K) == gold).mean() > 0.95  # the neighbours outvote the errors


@pytest.mark.parametrize("texts, language", [
    (["Meine Bestellung ist noch nicht angekommen, bitte prüfen Sie das.", "Ich kann mich nicht anmelden, "
      "das Passwort wird nicht akzeptiert und ich habe es schon zweimal geändert."] * 3, "German"),
    (["手机性能很强，可是拍照一般。", "裤子线头特别多，做工很粗糙。"] * 3, "Chinese"),
    (["The parcel has not arrived and the tracking page shows no update for a week.",
      "I cannot log in to my account with the new password that you sent me."] * 3, "English"),
    (["Je ne peux pas me connecter à mon compte avec le mot de passe que vous avez envoyé.",
      "Le colis est arrivé mais il manque une partie de la commande, pour la deuxième fois."] * 3, "French"),
    (["iPhone 15", "SKU-1234", "Berlin"], "English"),  # too few words to tell: never penalised
])
def test_guess_language(texts, language):
    assert guess_language(texts) == language


def test_english_only_models():
    assert english_only("all-MiniLM-L6-v2") and english_only("/models/all-mpnet-base-v2")
    assert not english_only("/models/paraphrase-multilingual-MiniLM-L12-v2") and not english_only(None)
    lang, note, exclude = language_note(["这家酒店很好，早餐丰富。"] * 3, "all-MiniLM-L6-v2", "ensemble")
    assert lang == "Chinese" and exclude and "no weight" in note and "--embedding-model" in note
    lang, note, exclude = language_note(["Ich kann mich nicht anmelden, bitte helfen Sie mir mit dem Konto, das "
                                         "ist schon das zweite Mal und es ist nicht gut für mich."] * 3,
                                        "all-MiniLM-L6-v2", "ensemble")
    assert lang == "German" and not exclude and "agrees" in note  # shares words: the agreement checks decide
    assert language_note(["这家酒店很好"] * 3, "all-MiniLM-L6-v2", "llm")[1] is None
    assert "--method llm" in language_note(["这家酒店很好"] * 3, "all-MiniLM-L6-v2", "embedding")[1]
    assert language_note(["这家酒店很好"] * 3, "/m/paraphrase-multilingual-mpnet-base-v2", "ensemble")[1] is None


ZH = ["这家酒店很好，早餐丰富，服务热情。", "质量太差了，用了两天就坏了。", "价格便宜，味道很好，下次还来。",
      "客服态度恶劣，再也不买了。"]


def test_the_job_reports_the_language_once_and_leans_on_the_llm():
    labels = parse_labels("positive,negative")
    res = run_classify(ZH, labels, llm=FakeLLM(), embedder=FakeEmbedder(name="all-MiniLM-L6-v2"))
    assert res.language == "Chinese" and len(res.notes) == 1 and "Chinese" in res.notes[0]
    assert res.weighting.weights == {"llm": 1.0, "embedding": 0.0}
    assert "outside its language" in res.weighting.reasons["embedding"]
    english = run_classify(["great hotel, lovely breakfast", "broke after two days, awful"], labels,
                           llm=FakeLLM(), embedder=FakeEmbedder(name="all-MiniLM-L6-v2"))
    assert english.notes == [] and english.weighting.weights == {"llm": 0.5, "embedding": 0.5}
    assert run_classify(ZH, labels, llm=FakeLLM(), method="llm").weighting is None


def test_eval_reports_the_weights_and_the_note(write):
    rows = [{"id": i, "text": t, "label": lab} for i, (t, lab) in enumerate(zip(ZH, ["positive", "negative"] * 2))]
    path = write("zh.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    res = evaluate_classify(path, llm=FakeLLM(), embedder=FakeEmbedder(name="all-MiniLM-L6-v2"))
    by = {m.method: m for m in res.methods}
    assert by["ensemble"].weighting.weights["embedding"] == 0.0 and by["ensemble-equal"].weighting is None
    assert res.language == "Chinese" and len(res.notes) == 1


def test_weigh_drops_a_noise_embedding():
    rng, gold, vectors, good = batch()
    noise = rng.normal(scale=3.0, size=good.shape)
    assert weigh(good, noise, vectors).weights["embedding"] < 0.05


@pytest.mark.real
def test_real_models_on_chinese_reviews_lean_on_the_llm(real_embedder):
    from assistant.backends.catalog import resolve_llm
    from assistant.backends.llamacpp import LlamaCppLLM
    from assistant.core.settings import Settings

    llm = LlamaCppLLM(resolve_llm("smollm2-135m-instruct", Settings().models_dir), n_ctx=2048)
    res = run_classify(ZH, parse_labels("positive,negative"), llm=llm, embedder=real_embedder)
    assert res.language == "Chinese" and len(res.notes) == 1 and "all-MiniLM-L6-v2" in res.notes[0]
    assert res.weighting.weights == {"llm": 1.0, "embedding": 0.0}
    assert all(abs(sum(item.scores.values()) - 1) < 1e-6 for item in res.items)
