from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from assistant.core.errors import ConfigError, InputFileError
from assistant.jobs.extract.spec import (
    Example,
    ExampleSpan,
    ExtractSpec,
    FieldSpec,
    example_answer,
    example_problems,
    load_spec,
    parse_fields,
)

YAML_SPEC = """\
instructions: Only what the text states.
fields:
  - name: skills
    description: programming languages, tools and methods
    type: skill
  - name: company
    description: employers
examples:
  - text: "Jane worked at Acme as a Python developer."
    spans:
      - {label: company, text: Acme}
      - {label: skills, text: Python, start: 25}
"""


# --- parse_fields -------------------------------------------------------------------------------------------------

def test_parse_fields_names_and_descriptions():
    spec = parse_fields(" name, skills:programming languages and tools ,company")
    assert spec.labels() == ["name", "skills", "company"]
    assert [f.description for f in spec.fields] == ["", "programming languages and tools", ""]
    assert all(f.type == "text" and f.many for f in spec.fields)


def test_parse_fields_description_may_hold_colons():
    assert parse_fields("time:start: end").fields[0].description == "start: end"


@pytest.mark.parametrize("text, words", [
    ("name,,company", "no name"),
    ("name,", "no name"),
    ("", "no name"),
    ("name,skills,name", "twice"),
    ("Name,name", "twice"),
    ("!!!", "has no letter or digit"),
    ("Job Title,job_title", "differ only in punctuation or spacing"),
])
def test_parse_fields_errors(text, words):
    with pytest.raises(ConfigError) as err:
        parse_fields(text)
    assert words in err.value.message and err.value.fix


def test_field_names_as_people_write_them_get_safe_keys():
    spec = parse_fields("College Name,Years of Experience: how long,公司,job-title_2, E-mail (work) ")
    assert spec.labels() == ["College Name", "Years of Experience", "公司", "job-title_2", "E-mail (work)"]
    assert [f.key for f in spec.fields] == ["College_Name", "Years_of_Experience", "公司", "job_title_2",
                                            "E_mail_work"]
    assert spec.names_by_key()["College_Name"] == "College Name"


def test_field_name_is_validated_in_the_model():
    for bad in ("--", "a\nb", "tab\there", "x" * 81):
        with pytest.raises(ValidationError):
            FieldSpec(name=bad)
    assert FieldSpec(name="a b").name == "a b"
    with pytest.raises(ValidationError, match="twice"):
        ExtractSpec(fields=[FieldSpec(name="a"), FieldSpec(name="a")])


# --- load_spec ----------------------------------------------------------------------------------------------------

def test_load_yaml(tmp_path):
    path = tmp_path / "spec.yaml"
    path.write_text(YAML_SPEC, encoding="utf-8")
    spec = load_spec(path)
    assert spec.labels() == ["skills", "company"]
    assert spec.fields[0].type == "skill" and spec.fields[1].description == "employers"
    assert spec.instructions == "Only what the text states."
    assert spec.examples[0].spans[1] == ExampleSpan(label="skills", text="Python", start=25)


def test_load_json_with_fields_mapping(tmp_path):
    path = tmp_path / "spec.json"
    path.write_text(json.dumps({
        "fields": {"skills": "tools used", "company": {"description": "employers", "many": False}, "name": None},
    }), encoding="utf-8")
    spec = load_spec(path)
    assert spec.labels() == ["skills", "company", "name"]
    assert spec.fields[0].description == "tools used"
    assert spec.fields[1].many is False and spec.fields[2].description == ""
    assert spec.examples == []


def _load_error(tmp_path, text: str, name: str = "spec.yaml") -> InputFileError:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputFileError) as err:
        load_spec(path)
    assert err.value.path == str(path) and err.value.fix
    return err.value


def test_non_verbatim_example_span_names_example_and_span(tmp_path):
    err = _load_error(tmp_path, YAML_SPEC.replace("text: Python, start: 25", "text: python"))
    assert "example 1, span 2" in err.message
    assert "'python'" in err.message and "not verbatim" in err.message
    assert "appears as 'Python'" in err.message


def test_example_span_start_must_point_at_the_text(tmp_path):
    err = _load_error(tmp_path, YAML_SPEC.replace("start: 25", "start: 3"))
    assert "example 1, span 2" in err.message and "start 3" in err.message and "start 25" in err.message


def test_example_span_label_must_be_a_field(tmp_path):
    err = _load_error(tmp_path, YAML_SPEC.replace("{label: company", "{label: employer"))
    assert "example 1, span 1" in err.message and "'employer' is not a field" in err.message


def test_yaml_syntax_error_names_the_line(tmp_path):
    err = _load_error(tmp_path, "fields:\n  - name: skills\n    description: [unclosed\n")
    assert "YAML syntax error" in err.message and "line " in err.message


def test_json_syntax_error_names_the_line(tmp_path):
    err = _load_error(tmp_path, '{\n  "fields": ["a",]\n}', name="spec.json")
    assert "line 2" in err.message


@pytest.mark.parametrize("text, words", [
    ("fields: [skills]\nfield_notes: x\n", "unknown key(s) 'field_notes'"),
    ("fields:\n  - description: no name\n", "field 1 has no name"),
    ("fields:\n  - name: skills\n    descripton: typo\n", "field 1 ('skills'): unknown key 'descripton'"),
    ("fields:\n  - name: '***'\n", "has no letter or digit"),
    ("fields: [College Name, college-name]\n", "differ only in punctuation or spacing"),
    ("fields: [a, b, a]\n", "given twice"),
    ("fields: []\n", "no fields"),
    ("- just a list\n", "must be a mapping"),
    ("fields: [a]\nexamples:\n  - text: x\n    spans: [{label: a, txt: x}]\n", "example 1, span 1: unknown key 'txt'"),
    ("fields: [a]\nexamples:\n  - spans: []\n", "example 1: missing key 'text'"),
])
def test_load_errors_name_the_place(tmp_path, text, words):
    assert words in _load_error(tmp_path, text).message


def test_missing_and_unknown_type_files(tmp_path):
    with pytest.raises(InputFileError, match="no such file"):
        load_spec(tmp_path / "missing.yaml")
    with pytest.raises(InputFileError, match="unknown spec file type"):
        load_spec(tmp_path / "spec.txt")


def test_example_problems_for_specs_built_in_code():
    spec = ExtractSpec(fields=[FieldSpec(name="a")],
                       examples=[Example(text="Hello world", spans=[ExampleSpan(label="a", text="World")])])
    (problem,) = example_problems(spec)
    assert problem.startswith("example 1, span 1 (a: 'World')")


# --- example_answer -----------------------------------------------------------------------------------------------

def test_example_answer_orders_by_first_appearance_and_lists_every_field():
    spec = parse_fields("skills,company,name")
    ex = Example(text="Go and Python at Acme; later Python at Initech.", spans=[
        ExampleSpan(label="company", text="Initech"),
        ExampleSpan(label="skills", text="Python"),
        ExampleSpan(label="company", text="Acme"),
        ExampleSpan(label="skills", text="Go"),
        ExampleSpan(label="skills", text="Python", start=29),  # a second mention is not a second value
    ])
    answer = example_answer(ex, spec)
    assert answer == {"skills": ["Go", "Python"], "company": ["Acme", "Initech"], "name": []}
    assert list(answer) == ["skills", "company", "name"]


def test_example_answer_rejects_unknown_label():
    with pytest.raises(ConfigError):
        example_answer(Example(text="x", spans=[ExampleSpan(label="b", text="x")]), parse_fields("a"))
