"""Constrained generation with the real bundled SmolLM2: extract spans are verbatim, fill proposes for every missing
record, a numeric line parses. Skipped when the model (or llama-cpp) is not installed."""
from __future__ import annotations

import json

import pytest

from assistant.backends.catalog import resolve_llm
from assistant.core.errors import ModelNotFoundError
from assistant.core.jsongen import JsonRequest, Line, Machine, Num, Obj
from assistant.core.settings import Settings
from assistant.data.ingest import fields_text
from assistant.jobs.extract import ExtractOptions
from assistant.jobs.extract.spec import Example, ExampleSpan, ExtractSpec, FieldSpec
from assistant.jobs.fill.collection import fill_collection

from calls import run_extract
from fakes import FakeEmbedder, MemoryStore

pytestmark = pytest.mark.real


@pytest.fixture(scope="module")
def smol():
    """SmolLM2-135M-Instruct, loaded once for the module (as tests/test_llm.py loads it)."""
    pytest.importorskip("llama_cpp")
    try:
        path = resolve_llm("smollm2-135m-instruct", Settings().models_dir)
    except ModelNotFoundError as exc:
        pytest.skip(f"{exc.message} ({exc.fix})")
    from assistant.backends.llamacpp import LlamaCppLLM

    llm = LlamaCppLLM(path, n_ctx=2048).load()
    yield llm
    llm.close()


SPEC = ExtractSpec(
    fields=[FieldSpec(name="person", description="names of people"),
            FieldSpec(name="city", description="names of cities")],
    examples=[Example(text="Maria moved to Lisbon with Pedro last year.",
                      spans=[ExampleSpan(label="person", text="Maria"), ExampleSpan(label="city", text="Lisbon"),
                             ExampleSpan(label="person", text="Pedro")])])
TEXTS = [("a", "John Smith works in Paris with his friend Anna."),
         ("b", "Yesterday Tom flew from Berlin to Rome, where he met Sofia.")]


def test_real_extract_spans_are_verbatim(smol):
    results = run_extract(smol, SPEC, TEXTS, ExtractOptions(max_tokens=64))
    assert [r.id for r in results] == ["a", "b"]
    for (_, text), r in zip(TEXTS, results):
        for s in r.spans:
            assert s.text == text[s.start:s.end], s
            assert s.alignment == "exact" and s.label in {"person", "city"}
        assert r.dropped == 0  # the machine lets the model copy only word-bounded substrings of the text
        keys = [(s.label, s.start, s.end) for s in r.spans]
        assert len(keys) == len(set(keys))
    assert sum(len(r.spans) for r in results) > 0  # it found something in two texts full of names


ZH_SPEC = ExtractSpec(
    fields=[FieldSpec(name="人名", description="人的姓名"), FieldSpec(name="Company Name", description="公司名称")],
    examples=[Example(text="李嘉加入了明远物流股份有限公司。",
                      spans=[ExampleSpan(label="人名", text="李嘉"),
                             ExampleSpan(label="Company Name", text="明远物流股份有限公司")])])
ZH_TEXTS = [("zh", "张伟，2015年毕业于复旦大学，现任上海云帆网络科技有限公司技术总监。")]


def test_real_extract_chinese_with_a_spaced_field_name(smol):
    (r,) = run_extract(smol, ZH_SPEC, ZH_TEXTS, ExtractOptions(max_tokens=64))
    text = ZH_TEXTS[0][1]
    assert r.error is None and r.dropped == 0 and r.spans  # a value may now start and end inside the sentence
    for s in r.spans:
        assert s.text == text[s.start:s.end] and s.alignment == "exact" and s.label in {"人名", "Company Name"}


def test_real_generate_json_answers_fit_their_shape(smol):
    shape = Obj((("n", Num()),))
    (gen,) = smol.generate_json([JsonRequest(smol.chat_prompt("How many legs does a dog have? Answer in JSON."),
                                             shape, max_tokens=12)])
    assert Machine.of(shape).feed_text(gen.text)
    assert isinstance(json.loads(gen.text)["n"], (int, float))


def test_real_generate_line_number(smol):
    prompt = "animal: spider\nlegs: 8\n\nanimal: bird\nlegs: 2\n\nanimal: dog\nlegs:"
    gens = smol.generate_json([JsonRequest(prompt, Line(number=True), max_tokens=8),
                               JsonRequest(prompt.replace("dog", "ant"), Line(number=True), max_tokens=8)])
    for gen in gens:
        assert gen.text.endswith("\n")
        float(gen.text.strip())
        assert 0 < gen.tokens + gen.forced <= 8


@pytest.fixture
def pets():
    """A small collection: species follows from the sound; three records have no species."""
    emb = FakeEmbedder()
    sounds = {"dog": "barks", "cat": "meows", "cow": "moos"}
    rows = []
    for i in range(12):
        species = list(sounds)[i % 3]
        rows.append({"name": f"pet{i}", "sound": sounds[species], "legs": 4, "species": species})
    for r in rows[:3]:
        del r["species"]
    s = MemoryStore()
    s.ensure_collection("pets", {"embedding_model": emb.name})
    docs = [fields_text(r) for r in rows]
    s.upsert("pets", [r["name"] for r in rows], emb.embed(docs), docs, rows)
    return s


@pytest.mark.parametrize("method", ["llm", "llm-only"])
def test_real_fill_proposes_for_each_missing_record(smol, pets, method):
    res = fill_collection(pets, "pets", "species", llm=smol, method=method, k=6)
    assert res.kind == "categorical" and res.missing == 3
    assert sorted(p.id for p in res.proposals) == ["pet0", "pet1", "pet2"]
    for p in res.proposals:
        assert 0 <= p.confidence <= 1 and p.best in {"dog", "cat", "cow"}
        assert all(0 <= a <= 1 for _, a in p.alternatives)
    assert res.usage.llm_calls > 0 and res.usage.model


def test_real_fill_numeric_field_generates_a_number(smol, pets):
    res = fill_collection(pets, "pets", "legs", llm=smol, method="llm", k=6)  # every record has legs: nothing
    assert res.missing == 0 and res.proposals == []
    pets.upsert("pets", ["newbie"], FakeEmbedder().embed(["name: newbie"]), ["name: newbie"],
                [{"name": "newbie", "sound": "barks", "species": "dog"}])
    res = fill_collection(pets, "pets", "legs", llm=smol, method="llm", k=6)
    assert res.kind == "numeric"
    (p,) = res.proposals
    assert p.id == "newbie" and isinstance(p.best, (int, float)) and 0 <= p.confidence <= 1
