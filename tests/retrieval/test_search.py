"""Search with fakes: ranking, filters, errors, and search inside the query's cluster."""
from __future__ import annotations

import pytest

from assistant.core.errors import CollectionNotFoundError, ConfigError, NotClusteredError
from assistant.retrieval.search import and_where, parse_where

ROWS = ("id,role,dept,years\n"
        "1,product manager roadmap discovery,Product,5\n"
        "2,product marketing manager positioning launches,Marketing,7\n"
        "3,software engineer python backend,Engineering,3\n"
        "4,product marketing manager messaging launches,Marketing,2\n"
        "5,data analyst sql dashboards,Data,4\n")


@pytest.fixture
def filled(fake_assistant, write):
    fake_assistant.ingest(write("r.csv", ROWS), "roles", id_column="id")
    return fake_assistant


def test_ranking_and_similarity(filled):
    r = filled.search("marketing manager launches", "roles", k=3)
    assert [h.id for h in r.hits][:2] in (["2", "4"], ["4", "2"])
    assert [h.rank for h in r.hits] == [1, 2, 3]
    assert r.hits[0].similarity >= r.hits[1].similarity >= r.hits[2].similarity
    assert "role: product marketing manager" in r.hits[0].preview


def test_where_filters(filled):
    r = filled.search("manager", "roles", k=10, where=["dept=Marketing", "years>=5"])
    assert [h.id for h in r.hits] == ["2"]
    r = filled.search("manager", "roles", k=10, where=["dept!=Marketing"])
    assert {h.id for h in r.hits} == {"1", "3", "5"}


def test_parse_where():
    assert parse_where(["Role=Data Analyst"]) == {"Role": {"$eq": "Data Analyst"}}
    assert parse_where(["Age>=30", "ok=true"]) == {"$and": [{"Age": {"$gte": 30}}, {"ok": {"$eq": True}}]}
    assert parse_where(["zip=02134"]) == {"zip": {"$eq": "02134"}}
    assert and_where({"a": 1}, None, {"$and": [{"b": 2}, {"c": 3}]}) == {"$and": [{"a": 1}, {"b": 2}, {"c": 3}]}
    with pytest.raises(ConfigError, match="FIELD=VALUE"):
        parse_where(["nonsense"])


def test_errors(filled):
    with pytest.raises(ConfigError, match="empty"):
        filled.search("  ", "roles")
    with pytest.raises(ConfigError):
        filled.search("x", "roles", k=0)
    with pytest.raises(CollectionNotFoundError):
        filled.search("x", "nope-nope")
    with pytest.raises(NotClusteredError) as e:
        filled.search("x", "roles", in_cluster=True)
    assert "assistant cluster" in e.value.fix


def test_in_cluster_search(filled):
    filled.cluster("roles", k=2)
    r = filled.search("product marketing manager launches messaging", "roles", k=5, in_cluster=True)
    assert r.cluster is not None
    assert all(h.metadata["_cluster"] == r.cluster for h in r.hits)
    assert len(r.hits) < 5
