"""Few-shot examples chosen per chunk: the spec's `shots` most like the text, most similar last."""
from __future__ import annotations

import json

import numpy as np
import pytest

from assistant.core.errors import ConfigError
from assistant.eval.extract import evaluate_extract
from assistant.jobs import extract
from assistant.jobs.extract import ExtractOptions
from assistant.jobs.extract.examples import ExampleChooser
from assistant.jobs.extract.spec import Example, ExampleSpan, ExtractSpec, FieldSpec

from fakes import FakeEmbedder, FakeLLM

FOOTBALL = Example(text="Leeds beat Chelsea 2-1 at Elland Road on Saturday.",
                   spans=[ExampleSpan(label="team", text="Leeds"), ExampleSpan(label="team", text="Chelsea")])
MARKETS = Example(text="Shares in Siemens rose on the Frankfurt exchange.",
                  spans=[ExampleSpan(label="team", text="Siemens")])
WEATHER = Example(text="Rain is expected over the weekend in Oslo.", spans=[])
SPEC = ExtractSpec(fields=[FieldSpec(name="team")], examples=[FOOTBALL, MARKETS, WEATHER])


def test_all_examples_when_shots_is_unset_or_not_below_their_number():
    chunks = ["Arsenal beat Leeds 3-0 on Saturday."]
    assert ExampleChooser(SPEC.examples, None, FakeEmbedder()).choose(chunks) == [SPEC.examples]
    assert ExampleChooser(SPEC.examples, 3, FakeEmbedder()).choose(chunks) == [SPEC.examples]


def test_the_most_similar_examples_are_chosen_per_chunk_most_similar_last():
    chooser = ExampleChooser(SPEC.examples, 2, FakeEmbedder())
    sport, money = chooser.choose(["Arsenal beat Leeds 3-0 on Saturday at Highbury.",
                                   "Shares in Bayer rose on the Frankfurt exchange."])
    assert sport[-1] == FOOTBALL and len(sport) == 2
    assert money[-1] == MARKETS and len(money) == 2


def test_without_an_embedder_the_first_examples_and_zero_shots_shows_none():
    chunks = ["Arsenal beat Leeds", "Rain in Oslo"]
    assert ExampleChooser(SPEC.examples, 1, None).choose(chunks) == [[FOOTBALL], [FOOTBALL]]
    assert ExampleChooser(SPEC.examples, 0, FakeEmbedder()).choose(chunks) == [[], []]


def test_examples_are_embedded_once_per_run():
    embedder = FakeEmbedder()
    llm = FakeLLM()
    items = [(str(i), f"Team{i} beat Leeds on Saturday.") for i in range(5)]
    extract.run(llm, extract.ExtractInput(items=items, spec=SPEC), ExtractOptions(shots=1, batch=2),
                embedder=embedder)
    assert embedder.calls == 1 + 3  # the examples once, then each of the 3 batches' chunks
    assert all("Elland Road" in p and "Frankfurt" not in p for p in llm.generated_prompts)


def test_negative_shots_is_a_config_error():
    with pytest.raises(ConfigError, match="negative"):
        ExtractOptions(shots=-1)


def _write(tmp_path, texts):
    path = tmp_path / "data.jsonl"
    rows = []
    for i, text in enumerate(texts):
        at = text.index("Leeds") if "Leeds" in text else None
        spans = [{"label": "team", "start": at, "end": at + 5, "text": "Leeds"}] if at is not None else []
        rows.append(json.dumps({"id": str(i), "text": text, "spans": spans}))
    path.write_text("\n".join(rows) + "\n")
    return path


def test_eval_similar_examples_come_from_the_pool_and_never_repeat_an_evaluated_text(tmp_path):
    evaluated = ["Leeds won again on Saturday at home.", "Rain fell on Leeds all week long."]
    pool = ["Leeds won again on Saturday at home.",  # a repeat of an evaluated item: never shown as an example
            "Leeds lost away on Saturday to Wigan.", "The markets in Tokyo closed higher today."]
    path = _write(tmp_path, evaluated + pool)
    llm = FakeLLM()
    llm.chat_template = "{% for m in messages %}{{ m.content }}{% endfor %}"
    r = evaluate_extract(path, llm, shots=1, limit=2, examples="similar", embedder=FakeEmbedder())
    assert r.examples == "similar" and r.shots == 1 and r.items == 2
    first = llm.generated_prompts[0]
    assert first.count("Leeds won again on Saturday at home.") == 1  # the item itself, not also as its example
    assert "Leeds lost away on Saturday to Wigan." in first


def test_eval_fixed_examples_without_an_embedder(tmp_path):
    path = _write(tmp_path, ["Leeds won again on Saturday at home.", "Leeds lost away on Saturday to Wigan.",
                             "The markets in Tokyo closed higher today."])
    r = evaluate_extract(path, FakeLLM(), shots=1, limit=1, examples="similar", embedder=None)
    assert r.examples == "fixed" and r.shots == 1


def test_field_check_every_lets_the_scored_question_move_a_single_span():
    from assistant.jobs.extract.field_check import resolve_conflicts
    from assistant.jobs.extract.answers import RecordSpans
    from assistant.jobs.extract.spans import Span

    spec = ExtractSpec(fields=[FieldSpec(name="person"), FieldSpec(name="place")])
    text = "Kari lives in Oslo."
    class SaysPlace(FakeLLM):  # answers 'place' about a real value, not about the content-free "N/A"
        def _logp(self, seen, tok):
            if self.words[tok] == "place":
                return float(np.log(0.01 if self.vocab.get("n") in seen else 0.9))
            return super()._logp(seen, tok)

    llm = SaysPlace()

    def record():
        return RecordSpans(id="a", spans=[Span(label="person", text="Oslo", start=14, end=18, alignment="exact")])

    kept, moved = record(), record()
    resolve_conflicts(llm, spec, [kept], [text])
    resolve_conflicts(llm, spec, [moved], [text], every=True)
    assert [s.label for s in kept.spans] == ["person"]  # one field only: no question asked
    assert [s.label for s in moved.spans] == ["place"]

