"""extract, fill, eval extract and eval fill through the CLI, with the fake LLM and embedder (the store is real
Chroma)."""
from __future__ import annotations

import csv
import json
import random

import pytest
from typer.testing import CliRunner

from assistant.cli import app

from fakes import FakeEmbedder, FakeLLM

runner = CliRunner()
CITIES = {"212": "new york", "415": "san francisco", "617": "boston", "305": "miami"}


class BoomLLM(FakeLLM):
    """FakeLLM that fails on any batch holding a text with BOOM in it."""

    def generate_json(self, requests):
        if any("BOOM" in r.prompt for r in requests):
            raise RuntimeError("the model crashed")
        return super().generate_json(requests)


def use_llm(monkeypatch, make):
    import assistant.facade

    monkeypatch.setattr(assistant.facade.Assistant, "llm", property(lambda self: make()))


@pytest.fixture(autouse=True)
def fakes(monkeypatch):
    import assistant.backends.embedder

    monkeypatch.setattr(assistant.backends.embedder, "SentenceTransformerEmbedder", lambda *a, **k: FakeEmbedder())
    use_llm(monkeypatch, FakeLLM)


def invoke(*args, input=None):
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


def jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture
def records(write):
    rows = [{"id": "r1", "text": "yesterday Alice met Bob."}, {"id": "r2", "text": "then Carol flew to Oslo."}]
    return write("in.jsonl", "".join(json.dumps(r) + "\n" for r in rows))


# -- extract -----------------------------------------------------------------------------------------------------

def test_extract_one_text_prints_a_summary():
    r = invoke("extract", "yesterday Alice met Bob in Oslo.", "--fields", "person,place")
    assert r.exit_code == 0, r.output
    assert "records 1: done 1, skipped (done before) 0, failed 0; spans 3" in r.output


def test_extract_text_from_stdin_with_show():
    r = invoke("extract", "-", "--fields", "person:people's names", "--show", input="then Alice left.\n")
    assert r.exit_code == 0, r.output
    assert "Alice" in r.output and "1 span(s)" in r.output


def test_extract_json_prints_lines_then_a_summary():
    r = invoke("extract", "yesterday Alice met Bob.", "--fields", "person,place", "--json")
    assert r.exit_code == 0, r.output
    lines = [json.loads(x) for x in r.stdout.splitlines() if x.strip()]
    assert len(lines) == 2
    first, last = lines
    assert first["id"] == "text" and [s["text"] for s in first["spans"]] == ["Alice", "Bob"]
    for s in first["spans"]:
        assert first["text"][s["start"]:s["end"]] == s["text"] and s["label"] == "person"
    assert last["summary"]["records"] == 1 and last["summary"]["done"] == 1 and last["summary"]["failed"] == 0
    assert last["summary"]["extra"]["spans"] == 2 and last["summary"]["output"] == "-"


def test_extract_input_to_output_one_line_per_record(records, tmp_path):
    out = tmp_path / "out.jsonl"
    r = invoke("extract", "--input", str(records), "--fields", "person,place", "--output", str(out))
    assert r.exit_code == 0, r.output
    lines = jsonl(out)
    assert [(x["id"], x["row"]) for x in lines] == [("r1", 1), ("r2", 2)]
    assert [[s["text"] for s in x["spans"]] for x in lines] == [["Alice", "Bob"], ["Carol", "Oslo"]]
    for x in lines:
        assert all(x["text"][s["start"]:s["end"]] == s["text"] for s in x["spans"])
    assert "done 2" in r.output and f"output: {out}" in r.output.replace("\n", "")
    assert not (tmp_path / "out.failures.jsonl").exists()


def test_extract_json_with_output_prints_only_the_summary(records, tmp_path):
    out = tmp_path / "out.jsonl"
    r = invoke("extract", "--input", str(records), "--fields", "person", "--output", str(out), "--json")
    assert r.exit_code == 0, r.output
    (summary,) = [json.loads(x) for x in r.stdout.splitlines() if x.strip()]
    assert summary["summary"]["done"] == 2 and summary["summary"]["output"] == str(out)
    assert len(jsonl(out)) == 2


def test_rerun_without_resume_fails_clearly_then_resume_skips_done_records(records, tmp_path, write):
    out = tmp_path / "out.jsonl"
    assert invoke("extract", "-i", str(records), "-f", "person", "-o", str(out)).exit_code == 0
    before = out.read_text()
    r = invoke("extract", "-i", str(records), "-f", "person", "-o", str(out))
    assert r.exit_code == 1
    assert "already exists" in r.output and "--resume" in r.output and "--overwrite" in r.output
    assert out.read_text() == before  # nothing touched
    more = write("in.jsonl", records.read_text() + json.dumps({"id": "r3", "text": "and Dave stayed."}) + "\n")
    r = invoke("extract", "-i", str(more), "-f", "person", "-o", str(out), "--resume", "--json")
    assert r.exit_code == 0, r.output
    summary = json.loads(r.stdout.splitlines()[-1])["summary"]
    assert (summary["records"], summary["done"], summary["skipped"], summary["failed"]) == (3, 1, 2, 0)
    assert [x["id"] for x in jsonl(out)] == ["r1", "r2", "r3"]
    r = invoke("extract", "-i", str(more), "-f", "person", "-o", str(out), "--overwrite")
    assert r.exit_code == 0 and [x["id"] for x in jsonl(out)] == ["r1", "r2", "r3"]


def test_resume_needs_an_output():
    r = invoke("extract", "Alice", "-f", "person", "--resume")
    assert r.exit_code == 1 and "--output" in r.output


def test_a_failing_record_exits_1_with_a_failures_file(write, tmp_path, monkeypatch):
    use_llm(monkeypatch, BoomLLM)
    rows = [{"id": "a", "text": "here Alice is"}, {"id": "b", "text": "BOOM goes Bob"}, {"id": "c", "text": "Carol"}]
    path = write("in.jsonl", "".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "out.jsonl"
    r = invoke("extract", "-i", str(path), "-f", "person", "-o", str(out))
    assert r.exit_code == 1
    assert "failed 1" in r.output and "out.failures.jsonl" in r.output.replace("\n", "")
    assert [x["id"] for x in jsonl(out)] == ["a", "c"]
    assert jsonl(tmp_path / "out.failures.jsonl") == [{"id": "b", "row": 2, "error": "RuntimeError: the model crashed"}]
    use_llm(monkeypatch, FakeLLM)  # the model works again: --resume retries only the failed record
    r = invoke("extract", "-i", str(path), "-f", "person", "-o", str(out), "--resume")
    assert r.exit_code == 0, r.output
    assert "done 1, skipped (done before) 2, failed 0" in r.output
    assert [x["id"] for x in jsonl(out)] == ["a", "c", "b"]
    assert not (tmp_path / "out.failures.jsonl").exists()


def test_a_failing_record_without_output_is_reported(monkeypatch):
    use_llm(monkeypatch, BoomLLM)
    r = invoke("extract", "BOOM and Alice", "-f", "person")
    assert r.exit_code == 1
    assert "failed record text" in r.output and "the model crashed" in r.output


def test_extract_html_review_page(records, tmp_path):
    page = tmp_path / "review" / "page.html"
    r = invoke("extract", "-i", str(records), "-f", "person,place", "--html", str(page))
    assert r.exit_code == 0, r.output
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "2 record(s)" in html
    assert '<mark class="l0 a-exact" data-span="0" title="person · exact · 10–15">Alice' in html
    assert "<h2>r1</h2>" in html and "<h2>r2</h2>" in html
    assert f"<dt>source</dt><dd>{records}</dd>" in html and "<dt>model</dt><dd>" in html and "<dt>date</dt>" in html
    assert "review page:" in r.output


@pytest.mark.parametrize("args, message", [
    (["Alice"], "give the fields"),
    (["Alice", "-f", "person", "--spec", "s.yaml"], "give the fields"),
    (["-f", "person"], "exactly one of TEXT"),
    (["Alice", "-f", "person", "--occurrences", "some"], "--occurrences"),
    (["Alice", "-f", "?!"], "has no letter or digit"),
])
def test_extract_usage_errors(args, message):
    r = invoke("extract", *args)
    assert r.exit_code != 0 and message in r.output, r.output


def test_extract_from_a_collection(write):
    path = write("p.csv", "id,text\n1,then Alice left\n2,and Bob came\n")
    assert invoke("ingest", str(path), "-c", "notes", "--id-column", "id").exit_code == 0
    r = invoke("extract", "-c", "notes", "-f", "person", "--json")
    assert r.exit_code == 0, r.output
    *lines, summary = [json.loads(x) for x in r.stdout.splitlines() if x.strip()]
    assert sorted(x["id"] for x in lines) == ["1", "2"] and summary["summary"]["done"] == 2
    assert sorted(s["text"] for x in lines for s in x["spans"]) == ["Alice", "Bob"]


# -- fill --------------------------------------------------------------------------------------------------------

def people_csv(n: int, seed: int, missing: int = 0) -> str:
    rng = random.Random(seed)
    names = ["ann", "bob", "cy", "dee", "eve", "fay", "gus", "hal", "ivy", "jo", "kim", "lou", "max", "ned"]
    lines = ["id,name,phone,city"]
    for i in range(n):
        code = rng.choice(sorted(CITIES))
        city = "" if i < missing else CITIES[code]
        lines.append(f"p{i},{rng.choice(names)} {rng.choice(names)},{code}-555-{rng.randrange(10000):04d},{city}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def people(write):
    r = invoke("ingest", str(write("people.csv", people_csv(84, seed=5, missing=4))), "-c", "people",
               "--id-column", "id")
    assert r.exit_code == 0, r.output


def fill_json(*args):
    r = invoke("fill", "-c", "people", "--field", "city", "--json", *args)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_fill_dry_run_then_apply(people):
    r = invoke("fill", "-c", "people", "--field", "city")
    assert r.exit_code == 0, r.output
    assert "dry run: nothing written" in r.output and "4 value(s)" in r.output
    dry = fill_json()
    assert dry["missing"] == 4 and dry["applied"] is False and dry["method"] == "learned"  # what auto chose
    assert {p["method"] for p in dry["proposals"]} == {"learned"}  # what auto chose
    assert sorted(p["id"] for p in dry["proposals"]) == ["p0", "p1", "p2", "p3"]
    assert all(p["value"] in CITIES.values() and 0 <= p["confidence"] <= 1 for p in dry["proposals"])
    assert fill_json()["missing"] == 4  # the dry run wrote nothing
    applied = fill_json("--apply")
    assert applied["applied"] is True and applied["filled"] == 4
    assert fill_json()["missing"] == 0
    r = invoke("search", "phone", "-c", "people", "--where", "_filled_city=learned", "-k", "10", "--json")
    hits = json.loads(r.stdout)["hits"]
    assert sorted(h["id"] for h in hits) == ["p0", "p1", "p2", "p3"]
    assert {h["id"]: h["metadata"]["city"] for h in hits} == {p["id"]: p["value"] for p in dry["proposals"]}


def test_fill_min_confidence_and_methods(people):
    none = fill_json("--min-confidence", "1.01", "--apply")
    assert none["filled"] == 0 and none["applied"] is False
    assert all(p["value"] is None and p["best"] for p in none["proposals"])
    assert fill_json("--method", "knn")["method"] == "knn"
    assert fill_json("--method", "llm", "--limit", "2")["missing"] == 2


def test_fill_export(people, tmp_path):
    out = tmp_path / "done.csv"
    r = invoke("fill", "-c", "people", "--field", "city", "--export", str(out))
    assert r.exit_code == 0, r.output
    assert "completed table" in r.output
    with open(out, newline="", encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    # the file's column order, though Chroma gives each record's metadata keys back in no fixed order
    assert len(table) == 84 and list(table[0]) == ["id", "name", "phone", "city", "city_filled"]
    assert [t["id"] for t in table[:3]] == ["p0", "p1", "p2"]
    assert all(t["city"] in CITIES.values() for t in table)
    assert [t["id"] for t in table if t["city_filled"] == "yes"] == ["p0", "p1", "p2", "p3"]


def test_fill_errors(people):
    r = invoke("fill", "-c", "people", "--field", "zip")
    assert r.exit_code == 1 and "'zip'" in r.output and "pick --field from: city, id, name, phone" in r.output
    r = invoke("fill", "-c", "people", "--field", "city", "--method", "magic")
    assert r.exit_code == 1 and "unknown --method" in r.output
    r = invoke("fill", "-c", "nope", "--field", "city")
    assert r.exit_code != 0 and "nope" in r.output


def test_fill_leaves_protected_fields_out_and_ignores_on_request(write):
    rows = ["id,name,Gender,phone,city"] + [f"g{i},{'ann' if i % 2 else 'bob'} x,{'F' if i % 2 else 'M'},"
                                            f"{'212' if i % 2 else '415'}-555-{i:04d},"
                                            f"{'' if i < 2 else ('new york' if i % 2 else 'san francisco')}"
                                            for i in range(30)]
    r = invoke("ingest", str(write("g.csv", "\n".join(rows) + "\n")), "-c", "gpeople", "--id-column", "id")
    assert r.exit_code == 0, r.output
    r = invoke("fill", "-c", "gpeople", "--field", "city")
    assert r.exit_code == 0, r.output
    assert "left out (named like a protected attribute): Gender; --use-all-fields uses them" in r.output
    assert "cross-validation" in r.output
    out = json.loads(invoke("fill", "-c", "gpeople", "--field", "city", "--ignore", "name", "--json").stdout)
    assert out["left_out"] == ["Gender", "name"] and out["protected_left_out"] == ["Gender"]
    assert all(e["field"] not in ("Gender", "name") for p in out["proposals"] for e in p["evidence"])
    out = json.loads(invoke("fill", "-c", "gpeople", "--field", "city", "--use-all-fields", "--json").stdout)
    assert out["left_out"] == []
    r = invoke("fill", "-c", "gpeople", "--field", "city", "--ignore", "colour")
    assert r.exit_code == 1 and "--ignore names no field" in r.output and "pick from" in r.output


# -- eval --------------------------------------------------------------------------------------------------------

def span(text, label, value):
    start = text.index(value)
    return {"label": label, "start": start, "end": start + len(value), "text": value}


def test_eval_extract_json(write):
    items = [("1", "we met Alice and Bob", [("person", "Alice"), ("person", "Bob")]),
             ("2", "then Carol flew to Oslo", [("person", "Carol"), ("place", "Oslo")])]
    data = write("gold.jsonl", "".join(json.dumps({"id": i, "text": t, "spans": [span(t, *s) for s in ss]}) + "\n"
                                       for i, t, ss in items))
    r = invoke("eval", "extract", str(data), "--json")
    assert r.exit_code == 0, r.output
    res = json.loads(r.stdout)
    assert {"precision", "recall", "f1", "verbatim_rate", "per_label", "items_per_second"} <= set(res)
    # the fake puts every capitalised word under the first label (person): Oslo has the wrong label
    assert (res["precision"], res["recall"], res["f1"], res["verbatim_rate"]) == (0.75, 0.75, 0.75, 1.0)
    assert res["errors"]["wrong_label"] == 1 and res["labels"] == ["person", "place"]
    assert res["per_label"]["place"]["recall"] == 0.0
    r = invoke("eval", "extract", str(data))
    assert r.exit_code == 0 and "verbatim rate 1.000" in r.output


def test_eval_extract_bad_file(write):
    data = write("bad.jsonl", '{"id": 1, "text": "abc", "spans": [{"label": "x", "start": 2, "end": 9}]}\n')
    r = invoke("eval", "extract", str(data))
    assert r.exit_code == 2 and "outside the text" in r.output


def test_eval_fill_json(write):
    train = write("train.csv", people_csv(40, seed=7))
    test = write("test.csv", people_csv(8, seed=8).replace("\np", "\nq"))
    r = invoke("eval", "fill", str(test), "--field", "city", "--train", str(train), "--json")
    assert r.exit_code == 0, r.output
    res = json.loads(r.stdout)
    assert set(res["accuracy"]) == {"auto", "learned", "knn"}  # the default method and the baselines
    assert all(0 <= a <= 1 for a in res["accuracy"].values())
    r = invoke("eval", "fill", str(test), "--field", "city", "--train", str(train), "--methods", "all", "--json")
    assert set(json.loads(r.stdout)["accuracy"]) == {"auto", "llm", "llm-only", "learned", "hybrid", "knn"}
    assert res["records_per_second"] > 0
    assert (res["records"], res["evidence_records"], res["id_column"], res["kind"]) == (8, 40, "id", "categorical")
    r = invoke("eval", "fill", str(test), "--field", "city", "--train", str(train), "--methods", "knn,learned")
    assert r.exit_code == 0 and "learned" in r.output
    r = invoke("eval", "fill", str(test), "--field", "zip", "--train", str(train))
    assert r.exit_code == 2 and "pick --field from" in r.output
    r = invoke("eval", "fill", str(test), "--field", "city", "--train", str(train), "--methods", "magic")
    assert r.exit_code == 1 and "unknown method" in r.output


def test_eval_extract_with_more_shots_than_items(write):
    items = [("1", "we met Alice and Bob at the station this morning", [("person", "Alice"), ("person", "Bob")]),
             ("2", "then Carol flew to Oslo on a very early flight", [("person", "Carol"), ("place", "Oslo")])]
    data = write("gold.jsonl", "".join(json.dumps({"id": i, "text": t, "spans": [span(t, *s) for s in ss]}) + "\n"
                                       for i, t, ss in items))
    r = invoke("eval", "extract", str(data), "--shots", "5", "--json")
    assert r.exit_code != 0 or json.loads(r.stdout)["items"] > 0
