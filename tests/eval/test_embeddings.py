"""`eval embeddings`: NDCG and purity on hand-made cases, model specs, both data shapes, the CLI, the real models."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.core.errors import ConfigError, InputFileError, ModelLoadError, ModelNotFoundError
from assistant.eval.embeddings import (
    ModelSpec,
    evaluate_embeddings,
    load_embedder,
    parse_model_spec,
    purity,
    search_ndcg,
)

from fakes import MappedEmbedder

TOPICS = {"sports": ("match", "goal", "team"), "business": ("market", "shares", "profits"),
          "weather": ("rain", "storm", "sunny")}


def topic_vector(text: str) -> list[float]:
    """Sees the topic of a text: a model that should win."""
    words = text.lower().split()
    vec = [sum(w in words for w in keys) for keys in TOPICS.values()]
    return [v + 0.01 * (len(text) % 7) for v in vec] + [0.05]


def length_vector(text: str) -> list[float]:
    """Sees only the length of a text: a model that should lose."""
    return [math.cos(len(text)), math.sin(len(text)), 0.1]


def good():
    return MappedEmbedder("good", topic_vector)


def bad():
    return MappedEmbedder("bad", length_vector)


ROWS = [("the team won the match", "sports"), ("a late goal for the team", "sports"),
        ("the match ended with a goal", "sports"), ("the market rallied as profits rose", "business"),
        ("bank shares fell on the market", "business"), ("profits and shares up", "business"),
        ("rain and a storm tonight", "weather"), ("sunny after the rain", "weather"),
        ("a storm then sunny skies", "weather")]


@pytest.fixture
def table(write):
    lines = ["id,text,topic"] + [f"{i},{t},{lab}" for i, (t, lab) in enumerate(ROWS)]
    return write("news.csv", "\n".join(lines) + "\n")


@pytest.fixture
def judged(write):
    queries = [{"qid": "q1", "query": "who won the match", "candidates": [
                   {"docid": "a", "text": "the team won the match", "rel": 2},
                   {"docid": "b", "text": "bank shares fell on the market", "rel": 0},
                   {"docid": "c", "text": "a late goal for the team", "rel": 2}]},
               {"qid": "q2", "query": "market profits", "candidates": [
                   {"docid": "b", "text": "bank shares fell on the market", "rel": 2},
                   {"docid": "d", "text": "the market rallied as profits rose", "rel": 2},
                   {"docid": "e", "text": "rain and a storm tonight", "rel": 0}]}]
    return write("judged.jsonl", "".join(json.dumps(q) + "\n" for q in queries))


# ---------------------------------------------------------------- the measures

def test_ndcg_by_hand_over_the_corpus_and_inside_a_cluster():
    sims = np.array([[0.9, 0.8, 0.1, -np.inf]])
    rels = np.array([[0.0, 2.0, 1.0, 2.0]])  # record 3 is relevant but excluded (-inf): it counts in the ideal
    ideal = 3 + 3 / math.log2(3) + 1 / math.log2(4)
    assert search_ndcg(sims, rels) == pytest.approx([(3 / math.log2(3) + 1 / math.log2(4)) / ideal])
    # ranked only among records 0 and 2 (the query's cluster): the grade-2 record is lost
    assert search_ndcg(sims, rels, [np.array([0, 2])]) == pytest.approx([(1 / math.log2(3)) / ideal])


def test_purity_by_hand():
    assert purity([0, 0, 0, 1, 1], ["a", "a", "b", "b", "b"]) == pytest.approx(4 / 5)
    assert purity([0, 1, 2], ["a", "a", "a"]) == 1.0


# ---------------------------------------------------------------- model specs

def test_model_specs(tmp_path):
    assert parse_model_spec("all-MiniLM-L6-v2") == ModelSpec(spec="all-MiniLM-L6-v2", model="all-MiniLM-L6-v2",
                                                             backend="torch")
    folder = tmp_path / "my@model"  # an "@" inside a folder's name is not a backend
    folder.mkdir()
    assert parse_model_spec(str(folder)).backend == "torch"
    assert parse_model_spec(f"{folder}@onnx") == ModelSpec(spec=f"{folder}@onnx", model=str(folder), backend="onnx")
    assert parse_model_spec("all-MiniLM-L6-v2@onnx-int8").model == "all-MiniLM-L6-v2"
    assert parse_model_spec("all-MiniLM-L6-v2@onnx-int8").backend == "onnx-int8"
    assert parse_model_spec(" http://127.0.0.1:8082 ").backend == "server"
    for spec in ("all-MiniLM-L6-v2@gpu", "@onnx", "", "ftp://host:1", "http://host:port"):
        with pytest.raises(ConfigError) as err:
            parse_model_spec(spec)
        assert repr(spec.strip()) in err.value.message or spec == ""
        assert "NAME@onnx-int8" in err.value.fix


def test_a_spec_is_loaded_lazily_and_a_missing_model_is_named(tmp_path):
    onnx = load_embedder(parse_model_spec("all-MiniLM-L6-v2@onnx"))
    assert onnx.backend == "onnx" and onnx._model is None  # found, not loaded yet
    assert load_embedder(parse_model_spec("http://127.0.0.1:9")).backend == "server"  # no request yet
    with pytest.raises(ModelNotFoundError) as err:
        load_embedder(parse_model_spec(str(tmp_path / "nope") + "@onnx-int8"))
    assert err.value.message.startswith(f"--models '{tmp_path / 'nope'}@onnx-int8'") and err.value.fix


def test_a_model_that_fails_while_embedding_is_named(judged):
    class Broken(MappedEmbedder):
        def embed(self, texts):
            raise ModelLoadError("cannot load it", "reinstall it")

    with pytest.raises(ModelLoadError) as err:
        evaluate_embeddings(judged, ["good", "broken@onnx"],
                            load=lambda spec: good() if spec.model == "good" else Broken("b", topic_vector))
    assert err.value.message == "--models 'broken@onnx': cannot load it" and err.value.fix == "reinstall it"


# ---------------------------------------------------------------- the two kinds of data

def test_judged_data_pools_the_candidates_and_ranks_the_better_model_first(judged):
    seen = []
    r = evaluate_embeddings(judged, [bad(), good()], progress=lambda done, total: seen.append((done, total)))
    assert r.data == "judged" and r.records == 5 and r.queries == 2  # docid b once
    assert [row.model for row in r.rows] == ["bad", "good"]
    worse, better = r.rows
    assert better.ndcg_at_10 == 1.0 > worse.ndcg_at_10
    assert better.purity is None and better.k is not None and better.in_cluster_ndcg_at_10 is not None
    assert better.seconds_per_1k >= 0 and better.dimension == 4
    assert seen[-1][0] == seen[-1][1] and [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_a_labelled_table(table):
    model = good()
    r = evaluate_embeddings(table, [model, bad()], label_field="topic", queries=6, seed=1)
    assert r.data == "table" and r.records == 9 and r.queries == 6 and r.id_column == "id"
    assert all("topic" not in t and "id:" not in t for t in model.texts)  # the label and the id are left out
    better, worse = r.rows
    assert better.ndcg_at_10 == 1.0 > worse.ndcg_at_10
    assert better.purity == 1.0 and better.k == 3 and better.in_cluster_ndcg_at_10 == 1.0
    assert worse.purity < 1.0
    again = evaluate_embeddings(table, [good()], label_field="topic", queries=6, seed=1)
    assert again.rows[0].ndcg_at_10 == better.ndcg_at_10  # the seed draws the same queries


def test_table_errors_name_the_field_and_the_file(table, write):
    with pytest.raises(InputFileError) as err:
        evaluate_embeddings(table, [good()], label_field="category")
    assert "news.csv" in err.value.message and "'category'" in err.value.message and "topic" in err.value.fix
    with pytest.raises(InputFileError) as err:  # a table without --label-field
        evaluate_embeddings(table, [good()])
    assert "--label-field" in err.value.fix
    with pytest.raises(ConfigError):
        evaluate_embeddings(table, [], label_field="topic")


# ---------------------------------------------------------------- the command

def test_cli_json_and_a_bad_spec(judged, monkeypatch):
    import assistant.backends.embedder

    def fake(model="all-MiniLM-L6-v2", backend="torch", **_):
        return MappedEmbedder(model, topic_vector if backend == "torch" else length_vector, backend=backend)

    monkeypatch.setattr(assistant.backends.embedder, "SentenceTransformerEmbedder", fake)
    runner = CliRunner()
    r = runner.invoke(app, ["eval", "embeddings", str(judged), "--models", "m,m@onnx-int8", "--json"],
                      catch_exceptions=False)
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)["rows"]
    assert [(x["model"], x["backend"]) for x in rows] == [("m", "torch"), ("m@onnx-int8", "onnx-int8")]
    assert rows[0]["ndcg@10"] == 1.0 > rows[1]["ndcg@10"] and {"in_cluster_ndcg@10", "seconds_per_1k"} <= set(rows[0])
    r = runner.invoke(app, ["eval", "embeddings", str(judged)], catch_exceptions=False)  # the configured model
    assert r.exit_code == 0 and "all-MiniLM-L6-v2" in r.output and "NDCG@10" in r.output
    r = runner.invoke(app, ["eval", "embeddings", str(judged), "--models", "m@cuda"], catch_exceptions=False)
    assert r.exit_code == 1 and "'m@cuda'" in r.output and "Fix:" in r.output


@pytest.mark.real
def test_real_bundled_model_torch_and_onnx(judged):
    models = ["all-MiniLM-L6-v2"]
    try:
        import onnx  # noqa: F401 - the onnx export needs it
        models.append("all-MiniLM-L6-v2@onnx")
    except ImportError:
        pass
    r = CliRunner().invoke(app, ["eval", "embeddings", str(judged), "--models", ",".join(models), "--json"],
                           catch_exceptions=False)
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)["rows"]
    assert [x["model"] for x in rows] == models
    for x in rows:
        assert x["name"] == "all-MiniLM-L6-v2" and x["dimension"] == 384
        assert x["ndcg@10"] > 0.9 and x["seconds_per_1k"] > 0
    if len(rows) == 2:
        assert rows[1]["backend"] == "onnx" and abs(rows[1]["ndcg@10"] - rows[0]["ndcg@10"]) < 0.05
