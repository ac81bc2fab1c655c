"""The extract job with fake LLMs: grounding, occurrences, chunking, dropped values, per-item retries, prompts."""
from __future__ import annotations

import json

import pytest

from assistant.core.errors import ModelNotFoundError
from assistant.core.jsongen import Generation
from assistant.jobs.extract import ExtractOptions, answer_shape, build_prompt, spec_for_labels
from assistant.jobs.extract.spec import Example, ExampleSpan, ExtractSpec, FieldSpec, parse_fields

from calls import extract_outcomes, run_extract
from fakes import FakeLLM

SPEC = parse_fields("person,place")


class ReplyLLM(FakeLLM):
    """FakeLLM whose answers are fixed JSON texts: `reply(prompt) -> str` (a value may be anything at all)."""

    def __init__(self, reply):
        super().__init__()
        self.reply = reply
        self.asked = []

    def generate_json(self, requests):
        self.calls += 1
        self.asked += list(requests)
        return [Generation(self.reply(r.prompt)) for r in requests]


class BoomLLM(FakeLLM):
    """FakeLLM whose generate_json fails for any batch holding a text with `bad` in it."""

    def __init__(self, bad="BOOM", error=RuntimeError("the model crashed")):
        super().__init__()
        self.bad, self.error, self.batches = bad, error, []

    def generate_json(self, requests):
        self.batches.append(len(requests))
        if any(self.bad in r.prompt for r in requests):
            raise self.error
        return super().generate_json(requests)


def assert_grounded(text, spans):
    for s in spans:
        assert s.text == text[s.start:s.end], s
        assert 0 <= s.start < s.end <= len(text)


def test_spans_are_verbatim_with_offsets():
    text = "yesterday Alice flew from Oslo to see Bob."
    fake = FakeLLM()
    fake.answers = {"Alice": "person", "Bob": "person", "Oslo": "place"}
    (r,) = run_extract(fake, SPEC, [("t1", text)])
    assert r.id == "t1" and r.values == 3 and r.dropped == 0 and r.chunks == 1
    assert_grounded(text, r.spans)
    assert [(s.label, s.text) for s in r.spans] == [("person", "Alice"), ("place", "Oslo"), ("person", "Bob")]
    assert all(s.alignment == "exact" for s in r.spans)


def test_results_come_in_input_order_with_progress():
    texts = [(f"id{i}", f"here {name} is.") for i, name in enumerate(["Ann", "Ben", "Cy", "Di", "Ed"])]
    done = []
    results = run_extract(FakeLLM(), SPEC, texts, ExtractOptions(batch=2), progress=lambda *p: done.append(p))
    assert [r.id for r in results] == [i for i, _ in texts]
    assert [r.spans[0].text for r in results] == ["Ann", "Ben", "Cy", "Di", "Ed"]
    assert done[0] == (0, 5) and done[-1] == (5, 5) and len(done) >= 3  # batches of about 2 chunks


def test_occurrences_all_and_first():
    text = "we saw Alice and Bob; then Alice again, and Bob, and Alice."
    all_ = run_extract(FakeLLM(), SPEC, [("a", text)], ExtractOptions(occurrences="all"))[0]
    first = run_extract(FakeLLM(), SPEC, [("a", text)], ExtractOptions(occurrences="first"))[0]
    assert_grounded(text, all_.spans)
    assert_grounded(text, first.spans)
    assert [s.text for s in all_.spans] == ["Alice", "Bob", "Alice", "Bob", "Alice"]
    assert [(s.text, s.start) for s in first.spans] == [("Alice", 7), ("Bob", 17)]


def test_long_text_is_chunked_and_spans_merged_with_document_offsets():
    names = ["Alice", "Bob", "Carol", "Alice", "Dave", "Erin", "Bob", "Frank"] * 2
    text = " ".join(f"then {n} went on." for n in names)
    opts = ExtractOptions(chunk_chars=60, overlap_chars=20)
    (r,) = run_extract(FakeLLM(), SPEC, [("long", text)], opts)
    assert r.chunks > 4
    assert r.values > len(names)  # names in the overlaps were returned by two chunks...
    assert_grounded(text, r.spans)
    keys = [(s.label, s.start, s.end) for s in r.spans]
    assert len(keys) == len(set(keys))  # ...but each is reported once
    expected = []
    at = 0
    for n in names:
        at = text.index(n, at)
        expected.append((n, at))
        at += len(n)
    assert [(s.text, s.start) for s in r.spans] == expected
    assert r.spans == sorted(r.spans, key=lambda s: (s.start, s.end, s.label))


def test_long_text_first_occurrence_across_chunks():
    text = " ".join(f"then {n} went on." for n in ["Alice", "Bob", "Carol", "Dave", "Alice", "Bob"] * 3)
    (r,) = run_extract(FakeLLM(), SPEC, [("x", text)], ExtractOptions(chunk_chars=50, overlap_chars=10,
                                                                        occurrences="first"))
    assert [(s.text, s.start) for s in r.spans] == [(n, text.index(n)) for n in ["Alice", "Bob", "Carol", "Dave"]]


def test_value_not_in_the_text_is_dropped_and_counted():
    text = "Alice met Bob in Oslo."
    llm = ReplyLLM(lambda p: json.dumps({"person": ["Alice", "Zed", "lic"], "place": ["Oslo", "Atlantis"],
                                         "other": ["Bob"]}))
    (r,) = run_extract(llm, SPEC, [("a", text)])
    assert [(s.label, s.text) for s in r.spans] == [("person", "Alice"), ("place", "Oslo")]
    # "Zed" and "Atlantis" are nowhere, "lic" only inside a word; "other" is not a field: not counted
    assert (r.values, r.dropped) == (5, 3)
    assert_grounded(text, r.spans)


def test_paraphrased_value_is_grounded_to_the_source_characters():
    text = "The report was written by Dr.  Alice   Smith in Oslo."
    llm = ReplyLLM(lambda p: json.dumps({"person": ["alice smith"], "place": ['"Oslo"']}))
    (r,) = run_extract(llm, SPEC, [("a", text)])
    assert_grounded(text, r.spans)
    by = {s.label: s for s in r.spans}
    assert by["person"].text == "Alice   Smith" and by["person"].value == "alice smith"
    assert by["person"].alignment == "normalized"
    assert by["place"].text == "Oslo" and r.dropped == 0


def test_answers_that_are_not_field_json_count_as_nothing():
    for reply in ("not json", "[1, 2]", '"Alice"', '{"person": [{"x": 1}, null, ""]}'):
        (r,) = run_extract(ReplyLLM(lambda p, reply=reply: reply), SPEC, [("a", "Alice is here")])
        assert (r.spans, r.values, r.dropped) == ([], 0, 0), reply


def test_one_span_under_two_fields_keeps_one():
    text = "we flew to Paris with Alice."
    llm = ReplyLLM(lambda p: json.dumps({"person": ["Paris", "Alice"], "place": ["Paris"]}))
    (r,) = run_extract(llm, SPEC, [("a", text)])
    assert_grounded(text, r.spans)
    paris = [s for s in r.spans if s.text == "Paris"]
    assert len(paris) == 1 and paris[0].label in {"person", "place"}
    assert [s.text for s in r.spans] == ["Paris", "Alice"]


def test_empty_text_gives_an_empty_result():
    (r,) = run_extract(FakeLLM(), SPEC, [("blank", "   ")])
    assert (r.id, r.spans, r.chunks, r.values) == ("blank", [], 0, 0)


def test_a_failing_batch_is_retried_per_item_and_only_the_bad_item_fails():
    llm = BoomLLM()
    items = [("a", "here Alice is"), ("b", "a BOOM here"), ("c", "there Carol is")]
    done = []
    got = extract_outcomes(llm, SPEC, items, progress=lambda *p: done.append(p))
    assert [g[0] for g in got] == ["a", "b", "c"]
    (_, ra, ea), (_, rb, eb), (_, rc, ec) = got
    assert ea is None and [s.text for s in ra.spans] == ["Alice"]
    assert rb is None and eb == "RuntimeError: the model crashed"
    assert ec is None and [s.text for s in rc.spans] == ["Carol"]
    assert llm.batches == [3, 1, 1, 1]  # the batch, then each item alone
    assert done[-1] == (3, 3)


def test_every_item_of_a_batch_failing_still_yields_each():
    llm = BoomLLM(bad="answer")  # every prompt has it
    got = extract_outcomes(llm, SPEC, [("a", "Alice"), ("b", "Bob")])
    assert [(rid, r, e) for rid, r, e in got] == [("a", None, "RuntimeError: the model crashed"),
                                                  ("b", None, "RuntimeError: the model crashed")]


def test_a_missing_model_stops_the_run():
    llm = BoomLLM(bad="answer", error=ModelNotFoundError("no model", "install it"))
    with pytest.raises(ModelNotFoundError):
        extract_outcomes(llm, SPEC, [("a", "Alice"), ("b", "Bob")])


def test_extract_batches_by_chunks():
    llm = FakeLLM()
    items = [(str(i), f"here Name{i} is") for i in range(7)]
    got = extract_outcomes(llm, SPEC, items, ExtractOptions(batch=3))
    assert [g[0] for g in got] == [str(i) for i in range(7)] and all(e is None for _, _, e in got)
    assert llm.calls == 3  # 3 + 3 + 1


EXAMPLE_SPEC = ExtractSpec(
    fields=[FieldSpec(name="person", description="people's names"), FieldSpec(name="place")],
    examples=[Example(text="Ann drove to Bergen with Ola.",
                      spans=[ExampleSpan(label="person", text="Ola"), ExampleSpan(label="place", text="Bergen"),
                             ExampleSpan(label="person", text="Ann")])],
    instructions="Only proper names.")
EXAMPLE_ANSWER = json.dumps({"person": ["Ann", "Ola"], "place": ["Bergen"]})


def test_build_prompt_chat_path_has_the_examples_as_turns():
    llm = FakeLLM()
    llm.chat_template = "{% for m in messages %}{{ m.content }}{% endfor %}"
    prompt = build_prompt(llm, EXAMPLE_SPEC, "Kari lives in Oslo.")
    assert "Ann drove to Bergen with Ola." in prompt
    assert EXAMPLE_ANSWER in prompt  # the example's answer, its values in text order
    assert "Only proper names." in prompt and "people's names" in prompt
    assert prompt.index("Ann drove") < prompt.index("Kari lives in Oslo.")
    assert prompt.endswith("answer :")  # FakeLLM's assistant turn


def test_build_prompt_plain_path_for_a_base_model():
    llm = FakeLLM()
    llm.chat_template = None
    prompt = build_prompt(llm, EXAMPLE_SPEC, "Kari lives in Oslo.")
    assert f"Text: Ann drove to Bergen with Ola.\nJSON: {EXAMPLE_ANSWER}\n" in prompt
    assert prompt.rstrip().endswith("Text: Kari lives in Oslo.\nJSON:")
    assert "answer :" not in prompt and "Only proper names." in prompt


def test_extract_uses_the_plain_prompt_without_a_chat_template():
    llm = FakeLLM()
    llm.chat_template = None
    (r,) = run_extract(llm, EXAMPLE_SPEC, [("a", "Kari lives in Oslo.")])
    assert llm.generated_prompts[0].rstrip().endswith("JSON:")
    assert [s.text for s in r.spans] == ["Kari", "Oslo"]


def test_answer_shape_and_standard_tags():
    spec = ExtractSpec(fields=[FieldSpec(name="title", many=False), FieldSpec(name="skills")])
    shape = answer_shape(spec, "some text", max_values=5)
    assert [(k, v.max_items) for k, v in shape.props] == [("title", 1), ("skills", 5)]
    assert all(v.item.source == "some text" for _, v in shape.props)
    described = spec_for_labels(["PER", "LOC", "skill"])
    assert [bool(f.description) for f in described.fields] == [True, True, False]


def test_a_value_the_machine_accepts_is_never_dropped():
    from assistant.core.jsongen import Machine

    text = "call get_Value now"
    answer = json.dumps({"person": ["Value"], "place": []})
    m = Machine.of(answer_shape(SPEC, text, 16))
    assert m.feed_text(answer) and m.done  # the constraint lets the model write it...
    (r,) = run_extract(ReplyLLM(lambda p: answer), SPEC, [("a", text)])
    assert r.dropped == 0 and [s.text for s in r.spans] == ["Value"]  # ...so grounding should keep it


def test_a_single_valued_field_keeps_the_first_chunks_value_with_every_occurrence():
    text = ("Ann Lee, nurse. " * 3 + "Referee: Bo Dahl. ") * 4 + "Contact Ann Lee."
    spec = ExtractSpec(fields=[FieldSpec(name="name", many=False), FieldSpec(name="skill")])

    said = []

    def reply(prompt):  # each chunk names one person: the first Ann Lee, the later ones (a majority) the referee
        said.append("Bo Dahl" if said else "Ann Lee")
        return json.dumps({"name": [said[-1]], "skill": ["nurse"]})

    (r,) = run_extract(ReplyLLM(reply), spec, [("cv", text)], ExtractOptions(chunk_chars=120, overlap_chars=20))
    assert r.chunks == len(said) >= 3 and said.count("Bo Dahl") == len(said) - 1
    names = [s for s in r.spans if s.label == "name"]
    assert {s.text for s in names} == {"Ann Lee"}
    assert len(names) == text.count("Ann Lee")  # every occurrence of the one value
    assert sum(s.label == "skill" for s in r.spans) == text.count("nurse")  # a many-valued field is left alone
    (short,) = run_extract(ReplyLLM(lambda p: json.dumps({"name": ["Bo Dahl"]})), spec, [("s", "Bo Dahl and Ann Lee")])
    assert [s.text for s in short.spans] == ["Bo Dahl"]  # one chunk: its answer stands
