"""Extraction with field names as people write them, in scripts without spaces, and without junk spans."""
from __future__ import annotations

import json

from assistant.core.jsongen import Arr, Machine, Obj, Str, _boundary
from assistant.jobs.extract import answer_shape, build_prompt
from assistant.jobs.extract.answers import is_junk
from assistant.jobs.extract.spans import align, chunk_text
from assistant.jobs.extract.spec import parse_fields

from calls import run_extract
from fakes import FakeLLM
from test_extract import ReplyLLM

ZH = "张伟，2015年毕业于复旦大学，现任上海云帆网络科技有限公司技术总监。"


def test_spaced_names_become_keys_for_the_model_and_stay_names_in_the_result():
    spec = parse_fields("College Name,Companies worked at:employers")
    text = "Studied at Oberlin College, then worked at Acme Corp and Initech."
    llm = ReplyLLM(lambda p: json.dumps({"College_Name": ["Oberlin College"],
                                         "Companies_worked_at": ["Acme Corp", "Initech"]}))
    (r,) = run_extract(llm, spec, [("1", text)])
    assert [(s.label, s.text) for s in r.spans] == [("College Name", "Oberlin College"),
                                                    ("Companies worked at", "Acme Corp"),
                                                    ("Companies worked at", "Initech")]
    prompt = llm.asked[0].prompt
    assert "- College_Name\n" in prompt and "- Companies_worked_at: employers" in prompt
    assert [k for k, _ in answer_shape(spec, text, 4).props] == ["College_Name", "Companies_worked_at"]


def test_examples_are_shown_under_the_keys():
    from assistant.jobs.extract.spec import Example, ExampleSpan

    spec = parse_fields("Job Title").model_copy(update={"examples": [
        Example(text="Ann is a Nurse.", spans=[ExampleSpan(label="Job Title", text="Nurse")])]})
    assert '{"Job_Title": ["Nurse"]}' in build_prompt(FakeLLM(), spec, "Bob is a Chef.")


def test_any_position_between_cjk_characters_is_a_boundary_and_spaced_words_stay_whole():
    assert all(_boundary(ZH, i) for i in range(len(ZH) + 1) if not ZH[i - 1:i + 1].isdigit())
    assert not _boundary("2015年", 2) and _boundary("2015年", 4)
    assert not _boundary("in winning", 5) and _boundary("in winning", 2)
    assert _boundary("สวัสดีครับ", 3)  # Thai: any place is a boundary too


def test_the_constraint_lets_a_chinese_value_start_and_end_inside_a_sentence():
    shape = Obj((("公司", Arr(Str(source=ZH))), ("人名", Arr(Str(source=ZH)))))
    machine = Machine.of(shape)
    assert machine.feed_text(json.dumps({"公司": ["上海云帆网络科技有限公司"], "人名": ["张伟"]}, ensure_ascii=False))
    assert machine.done


def test_chinese_spans_are_grounded_with_offsets():
    spec = parse_fields("人名,学校,公司")
    llm = ReplyLLM(lambda p: json.dumps({"人名": ["张伟"], "学校": ["复旦大学"], "公司": ["上海云帆网络科技有限公司"]},
                                        ensure_ascii=False))
    (r,) = run_extract(llm, spec, [("1", ZH)])
    assert [(s.label, s.text, s.alignment) for s in r.spans] == [
        ("人名", "张伟", "exact"), ("学校", "复旦大学", "exact"), ("公司", "上海云帆网络科技有限公司", "exact")]
    assert all(ZH[s.start:s.end] == s.text for s in r.spans)


def test_long_chinese_text_is_chunked_at_sentence_ends():
    text = "张伟毕业于复旦大学。" * 300
    chunks = chunk_text(text, 1500, 200)
    assert len(chunks) > 1 and all(c.endswith("。") for _, c in chunks)
    assert all(text[o:o + len(c)] == c for o, c in chunks)


def test_resume_chunks_keep_a_section_with_its_heading():
    body = "\n".join(f"- built service {i} with Python and Go" for i in range(30))
    text = f"Jane Roe\nEXPERIENCE\n{body}\nEDUCATION\nB.S. in Physics, Oberlin College, 2015\n"
    limit = text.index("EDUCATION") + 20  # the first chunk could end inside the education section
    (o1, first), *rest = chunk_text(text, limit, 100)
    assert text[o1 + len(first):].startswith("EDUCATION\nB.S.") and rest


def test_fuzzy_alignment_works_per_character_in_chinese():
    (s,) = align(ZH, "复旦大學", "学校")  # a traditional character for 学
    assert s.alignment == "fuzzy" and ZH[s.start:s.end] == s.text


def test_stopwords_and_punctuation_are_dropped_and_counted():
    spec = parse_fields("Companies worked at")
    text = "Worked at Acme (2019) and Initech, then left."
    llm = ReplyLLM(lambda p: json.dumps({"Companies_worked_at": ["(", "and", ",", "Acme", "Initech"]}))
    (r,) = run_extract(llm, spec, [("1", text)])
    assert [s.text for s in r.spans] == ["Acme", "Initech"] and r.junk == 3 and r.values == 5
    assert is_junk("的") and not is_junk("IT") and not is_junk("OR") and not is_junk("Johnson and Johnson")


def test_progress_counts_chunks():
    from assistant.jobs.extract import ExtractOptions

    long = " ".join(f"Worked with Python {i}." for i in range(200))  # about 4,400 characters: several chunks
    items = [("short", "here Ann is."), ("long", long)]
    done = []
    results = run_extract(FakeLLM(), parse_fields("person"), items, ExtractOptions(batch=1),
                          progress=lambda *p: done.append(p))
    chunks = sum(r.chunks for r in results)
    assert chunks > 2 and done[0] == (0, chunks) and done[-1] == (chunks, chunks)
    assert done[1] == (1, chunks)  # the short text is one chunk


def test_a_20000_character_resume_is_cut_into_bounded_chunks_and_its_values_deduplicated():
    section = "EXPERIENCE\n" + "\n".join(f"- Built tool {i} in Python at Acme Corp" for i in range(40)) + "\n\n"
    text = ("Jane Roe\n" + section * 12)[:20_000]
    llm = ReplyLLM(lambda p: json.dumps({"Skills": ["Python"], "Companies_worked_at": ["Acme Corp"]}))
    (r,) = run_extract(llm, parse_fields("Skills,Companies worked at"), [("cv", text)])
    assert r.chunks == len(llm.asked) > 10 and max(len(c) for _, c in chunk_text(text, 1500, 200)) <= 1500
    keys = [(s.label, s.start) for s in r.spans]
    assert len(keys) == len(set(keys)) == text.count("Python") + text.count("Acme Corp")  # every place, once
