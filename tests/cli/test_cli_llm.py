"""rerank, classify and eval through the CLI, with the fake LLM and embedder (the store is real Chroma)."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistant.cli import app

from fakes import FakeEmbedder, FakeLLM

runner = CliRunner()
ROWS = ("id,role,summary\n"
        "1,product manager,roadmaps discovery prioritisation with engineers\n"
        "2,product marketing manager,positioning messaging launches and sales enablement\n"
        "3,data analyst,sql dashboards and reports\n"
        "4,product marketing manager,go to market launches competitive positioning\n")


@pytest.fixture(autouse=True)
def fakes(monkeypatch):
    import assistant.backends.embedder
    import assistant.facade

    monkeypatch.setattr(assistant.backends.embedder, "SentenceTransformerEmbedder", lambda *a, **k: FakeEmbedder())
    monkeypatch.setattr(assistant.facade.Assistant, "llm", property(lambda self: FakeLLM()))


def invoke(*args, input=None):
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def roles(write):
    r = invoke("ingest", str(write("r.csv", ROWS)), "-c", "roles", "--id-column", "id")
    assert r.exit_code == 0, r.output


def test_rerank_table_json_and_explain(roles, write):
    job = write("job.txt", "product marketing manager for launches and positioning")
    r = invoke("rerank", str(job), "-c", "roles", "-n", "4", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert sorted(it["new_rank"] for it in data["items"]) == [1, 2, 3, 4]
    assert {it["id"] for it in data["items"][:2]} == {"2", "4"}
    r = invoke("rerank", "--query", "sql dashboards", "-c", "roles", "-n", "3", "--method", "allpair")
    assert r.exit_code == 0 and " sim " in r.output
    r = invoke("rerank", str(job), "-c", "roles", "--explain", "2,3", "--json")
    e = json.loads(r.stdout)
    assert 0 <= e["p_a"] <= 1 and "<<<" in e["prompt"]
    r = invoke("rerank", str(job), "-c", "roles", "--explain", "2,nope")
    assert r.exit_code == 1 and "no record 'nope'" in r.output


def test_rerank_needs_a_query(roles):
    r = invoke("rerank", "-c", "roles")
    assert r.exit_code == 1 and "Fix:" in r.output


def test_classify_text_file_and_collection(roles, write):
    r = invoke("classify", "sql dashboards and reports for the sales team", "--labels", "data,marketing",
               "--method", "llm", "--json")
    assert r.exit_code == 0, r.output
    first, last = [json.loads(x) for x in r.stdout.splitlines()]
    assert first["label"] in {"data", "marketing"}
    # like extract --json: one line per record, then the run's summary as the last line on stdout
    assert last["summary"]["method"] == "llm" and "notes" in last["summary"]
    assert "summary" not in r.stderr and "notes" not in r.stderr
    path = write("t.jsonl", '{"id": "a", "text": "great phone, love it"}\n{"id": "b", "text": "awful, broke"}\n')
    out = path.with_name("out.jsonl")
    r = invoke("classify", "--input", str(path), "--labels", "positive,negative", "--method", "embedding",
               "--output", str(out))
    assert r.exit_code == 0, r.output
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert [x["id"] for x in lines] == ["a", "b"] and all(0 <= x["confidence"] <= 1 for x in lines)
    r = invoke("classify", "-c", "roles", "--labels", "product,data", "--method", "llm", "--as", "area")
    assert r.exit_code == 0 and "wrote" in r.output
    r = invoke("search", "manager", "-c", "roles", "--where", "area=product", "--json")
    assert all(h["metadata"]["area"] == "product" for h in json.loads(r.stdout)["hits"])


def test_classify_errors(roles, write):
    r = invoke("classify", "x")
    assert r.exit_code == 1 and "no labels" in r.output
    r = invoke("classify", "x", "-c", "roles", "--labels", "a,b")
    assert r.exit_code == 1 and "exactly one" in r.output
    bad = write("labels.txt", "only-one: a single label\n")
    r = invoke("classify", "x", "--labels-file", str(bad))
    assert r.exit_code != 0 and "labels.txt" in r.output


def test_eval_classify_and_rerank_json(write):
    data = write("c.jsonl", "".join(json.dumps({"id": i, "text": t, "label": lab}) + "\n" for i, (t, lab) in enumerate(
        [("the team won the match", "sports"), ("stocks fell on the market", "business"),
         ("the striker scored a goal in the match", "sports"), ("the market rallied as profits rose", "business")])))
    r = invoke("eval", "classify", str(data), "--methods", "llm", "--json")
    assert r.exit_code == 0, r.output
    res = json.loads(r.stdout)
    assert {"accuracy", "macro_f1", "items_per_second"} <= set(res)
    q = {"qid": "1", "query": "who won the match",
         "candidates": [{"docid": "a", "text": "stocks fell", "rel": 0},
                        {"docid": "b", "text": "the home team won the match", "rel": 2},
                        {"docid": "c", "text": "weather report", "rel": 0}]}
    data = write("r.jsonl", json.dumps(q) + "\n")
    r = invoke("eval", "rerank", str(data), "--methods", "ql,ql+emb", "--shuffle", "--json")
    assert r.exit_code == 0, r.output
    res = json.loads(r.stdout)
    assert {"given", "embedding", "ql"} <= set(res["ndcg@10"])
    assert {"default_method", "llm_calls", "seconds_per_query"} <= set(res)
