"""What to extract: the fields, optional few-shot examples and instructions, from `--fields` or a YAML/JSON file.

Examples are checked on load: a span that is not verbatim in its example text would teach the model to paraphrase,
and paraphrased extractions cannot be grounded back to offsets in the source.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from assistant.core.errors import ConfigError, InputFileError

# A field is named as people name it ("College Name", "Years of Experience", "公司"); the model sees a JSON key
# made from it (`field_key`) and every span is reported under the name. A name needs a letter or digit and no
# line break or control character (it is one line of the prompt); ',' and ':' only split names in `--fields`.
_BAD_NAME_CHARS = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
MAX_NAME = 80
_NAME_FIX = "name a field with letters or digits (spaces and punctuation are fine), on one line, e.g. 'Job Title'"


def field_key(name: str) -> str:
    """The JSON key the model writes for a field: its words joined by '_' ("College Name" -> "College_Name")."""
    return re.sub(r"\W+", "_", name).strip("_")


def name_problem(name: str) -> str | None:
    """Why `name` cannot name a field, or None."""
    if not name:
        return "is empty"
    if _BAD_NAME_CHARS.search(name):
        return "holds a line break or control character"
    if len(name) > MAX_NAME:
        return f"is longer than {MAX_NAME} characters"
    if not field_key(name):
        return "has no letter or digit"
    return None
_SPEC_KEYS = ("instructions", "fields", "examples")


class FieldSpec(BaseModel):
    """One thing to extract; `type` is a free-form hint shown to the model (text, name, date, number, skill...)."""

    model_config = ConfigDict(extra="forbid")
    name: str
    description: str = ""
    type: str = "text"
    many: bool = True

    @field_validator("name")
    @classmethod
    def _name_is_identifier(cls, v: str) -> str:
        v = v.strip()
        problem = name_problem(v)
        if problem:
            raise ValueError(f"field name {v!r} {problem} ({_NAME_FIX})")
        return v

    @property
    def key(self) -> str:
        """The field's JSON key in the prompt and the answer (see field_key)."""
        return field_key(self.name)


class ExampleSpan(BaseModel):
    """An expected extraction in an example: its field label and its exact text (start optional, 0-based)."""

    model_config = ConfigDict(extra="forbid")
    label: str
    text: str = Field(min_length=1)
    start: int | None = Field(None, ge=0)


class Example(BaseModel):
    """A few-shot example: a text and the spans the model should extract from it."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1)
    spans: list[ExampleSpan] = []


class ExtractSpec(BaseModel):
    """The fields to extract (at least one, unique names), few-shot examples and extra instructions."""

    model_config = ConfigDict(extra="forbid")
    fields: list[FieldSpec] = Field(min_length=1)
    examples: list[Example] = []
    instructions: str = ""

    @model_validator(mode="after")
    def _unique_names(self) -> ExtractSpec:
        seen: dict[str, str] = {}
        for f in self.fields:
            if f.name.casefold() in {n.casefold() for n in seen.values()}:
                raise ValueError(f"field {f.name!r} is given twice")
            other = seen.get(f.key.casefold())
            if other is not None:
                raise ValueError(f"fields {other!r} and {f.name!r} differ only in punctuation or spacing "
                                 f"(both are {f.key!r} to the model); rename one")
            seen[f.key.casefold()] = f.name
        return self

    def labels(self) -> list[str]:
        """The field names, in spec order."""
        return [f.name for f in self.fields]

    def names_by_key(self) -> dict[str, str]:
        """The JSON key the model writes -> the field's name."""
        return {f.key: f.name for f in self.fields}


def parse_fields(text: str) -> ExtractSpec:
    """A spec from the CLI form "name,skills:programming languages and tools,company"."""
    fields: list[FieldSpec] = []
    seen: dict[str, str] = {}
    for i, part in enumerate(text.split(","), 1):
        name, _, description = part.partition(":")
        name = name.strip()
        if not name:
            raise ConfigError(f"--fields: field {i} has no name (in {text!r})",
                              "give comma-separated names, e.g. --fields \"name,skills:tools used,company\"")
        problem = name_problem(name)
        if problem:
            raise ConfigError(f"--fields: field name {name!r} {problem}", _NAME_FIX)
        if name.casefold() in seen:
            raise ConfigError(f"--fields: field {name!r} is given twice", "give each field once")
        seen[name.casefold()] = name
        fields.append(FieldSpec(name=name, description=description.strip()))
    try:
        return ExtractSpec(fields=fields)
    except ValidationError as exc:
        raise ConfigError(f"--fields: {_explain(exc, '')}", "give each field a name of its own") from exc


def _explain(exc: ValidationError, where: str) -> str:
    """A pydantic error as one sentence, e.g. "example 2, span 1: unknown key 'lable'" (a typo is told first)."""
    errors = exc.errors()
    err = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    loc = [f"span {p + 1}" if isinstance(p, int) else str(p) for p in err["loc"]]
    *path, key = [p for p, nxt in zip(loc, loc[1:] + [""]) if not (p == "spans" and nxt.startswith("span "))] or [""]
    place = ", ".join(filter(None, [where, *path]))
    if err["type"] in ("extra_forbidden", "missing"):
        msg = f"{'unknown' if err['type'] == 'extra_forbidden' else 'missing'} key {key!r}"
    else:
        msg = err["msg"].removeprefix("Value error, ")
        msg = f"{key}: {msg}" if key and key not in msg else msg
    return f"{place}: {msg}" if place else msg


def _field_items(path: str, raw: Any) -> list[Any]:
    """The `fields` value as a list of dicts; the mapping form {name: description | {...}} is turned into it."""
    if isinstance(raw, dict):
        items = []
        for name, value in raw.items():
            if value is None or isinstance(value, str):
                value = {"description": value or ""}
            if not isinstance(value, dict) or "name" in value:
                got = "a `name:` under it (the key is the name)" if isinstance(value, dict) else repr(value)
                raise InputFileError(path, f"field {name!r}: expected a description or a mapping, got {got}",
                                     "write `name: description` or `name: {description: ..., type: ...}`")
            items.append({"name": str(name), **value})
        return items
    if isinstance(raw, list):
        return [{"name": item} if isinstance(item, str) else item for item in raw]
    raise InputFileError(path, "`fields` must be a list or a mapping of fields",
                         "write `fields:` followed by `- name: ...` items")


def _read(path: Path) -> Any:
    """The parsed YAML or JSON document, with syntax errors located by line."""
    p = str(path)
    kind = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}.get(path.suffix.lower())
    if kind is None:
        raise InputFileError(p, f"unknown spec file type {path.suffix or '(no extension)'!r}",
                             "name the spec file .yaml, .yml or .json")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError as exc:
        raise InputFileError(p, "no such file", "check the path of the extraction spec") from exc
    except UnicodeDecodeError as exc:
        raise InputFileError(p, f"is not UTF-8 text ({exc.reason} at byte {exc.start})",
                             "save the spec file as UTF-8") from exc
    except OSError as exc:
        raise InputFileError(p, f"cannot be read: {exc.strerror}", "check the path and its permissions") from exc
    if kind == "json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputFileError(p, f"JSON syntax error on line {exc.lineno}, column {exc.colno}: {exc.msg}",
                                 "fix the JSON at that line (a validator or `python -m json.tool` shows it)") from exc
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" on line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        context, start = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and start is not None and mark is not None and start.line != mark.line:
            problem += f" ({context} on line {start.line + 1})"
        raise InputFileError(p, f"YAML syntax error{where}: {problem}",
                             "fix the YAML at that line (check indentation, and quote text holding ':' or '#')"
                             ) from exc


def example_problems(spec: ExtractSpec) -> list[str]:
    """Every example span whose label is not a field or whose text is not verbatim in the example text."""
    labels = set(spec.labels())
    problems = []
    for i, ex in enumerate(spec.examples, 1):
        for j, s in enumerate(ex.spans, 1):
            where = f"example {i}, span {j} ({s.label}: {s.text!r})"
            if s.label not in labels:
                problems.append(f"{where}: label {s.label!r} is not a field (fields: {', '.join(sorted(labels))})")
            elif s.start is not None and ex.text[s.start:s.start + len(s.text)] != s.text:
                found = ex.text.find(s.text)
                hint = f"; the text is at start {found}" if found >= 0 else "; the text is not in the example at all"
                problems.append(f"{where}: start {s.start} does not point at the span text{hint}")
            elif s.text not in ex.text:
                at = ex.text.casefold().find(s.text.casefold())
                hint = f" (it appears as {ex.text[at:at + len(s.text)]!r})" if at >= 0 else ""
                problems.append(f"{where}: the span text is not verbatim in the example text{hint}")
    return problems


def load_spec(path: str | Path) -> ExtractSpec:
    """Read and check an extraction spec file (YAML or JSON); every problem is an InputFileError naming its place."""
    path = Path(path)
    p = str(path)
    doc = _read(path)
    if not isinstance(doc, dict):
        raise InputFileError(p, "the spec must be a mapping with a `fields` key",
                             "start the file with `fields:` (see the extraction spec example in the docs)")
    unknown = [str(k) for k in doc if k not in _SPEC_KEYS]
    if unknown:
        raise InputFileError(p, f"unknown key(s) {', '.join(map(repr, unknown))}",
                             f"the spec keys are {', '.join(_SPEC_KEYS)}")
    if not doc.get("fields"):
        raise InputFileError(p, "no fields", "list the fields to extract under `fields:`")
    fields = []
    for i, item in enumerate(_field_items(p, doc["fields"]), 1):
        name = item.get("name") if isinstance(item, dict) else None
        where = f"field {i}" + (f" ({name!r})" if name else "")
        if not isinstance(item, dict) or not name:
            raise InputFileError(p, f"{where} has no name", "give every field a `name:`")
        try:
            fields.append(FieldSpec.model_validate(item))
        except ValidationError as exc:
            raise InputFileError(p, _explain(exc, where),
                                 "field keys are name, description, type and many; " + _NAME_FIX) from exc
    examples = []
    raw_examples = doc.get("examples") or []
    if not isinstance(raw_examples, list):
        raise InputFileError(p, "`examples` must be a list", "write `examples:` followed by `- text: ...` items")
    for i, item in enumerate(raw_examples, 1):
        try:
            examples.append(Example.model_validate(item))
        except ValidationError as exc:
            raise InputFileError(p, _explain(exc, f"example {i}"),
                                 "an example has `text:` and `spans:` of {label, text, start (optional)}") from exc
    try:
        spec = ExtractSpec(fields=fields, examples=examples, instructions=doc.get("instructions") or "")
    except ValidationError as exc:
        raise InputFileError(p, _explain(exc, ""), "give each field once, and `instructions:` as text") from exc
    problems = example_problems(spec)
    if problems:
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise InputFileError(p, problems[0] + more,
                             "copy each span exactly as it is in its example text (case, spaces and punctuation "
                             "count), and label it with one of the fields")
    return spec


def example_answer(example: Example, spec: ExtractSpec) -> dict[str, list[str]]:
    """The example's expected answer as the model writes it: each field's key (spec order) -> texts in text
    order."""
    labels = spec.labels()
    found: dict[str, dict[str, int]] = {name: {} for name in labels}
    for s in example.spans:
        if s.label not in found:
            raise ConfigError(f"example span label {s.label!r} is not a field",
                              f"use one of {', '.join(labels)}")
        at = s.start if s.start is not None else example.text.find(s.text)
        at = len(example.text) if at < 0 else at  # not verbatim (unchecked spec): keep it, last
        found[s.label][s.text] = min(at, found[s.label].get(s.text, at))
    return {f.key: sorted(found[f.name], key=found[f.name].__getitem__) for f in spec.fields}
