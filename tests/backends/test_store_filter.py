"""Filtered search by over-fetching: the Python filter agrees with Chroma's on every kind of value, and the
over-fetched answer is the exact filtered top k (brute force) whether the filter keeps many records or few."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.backends import store as store_mod
from assistant.backends.store import ChromaStore
from assistant.backends.store_filter import matcher

VALUES = st.one_of(st.integers(-3, 3), st.sampled_from([1.0, 2.5, -0.5]), st.booleans(), st.sampled_from(["a", "b", "1"]))


def leaf():
    eq = st.builds(lambda f, op, v: {f: {op: v}}, st.sampled_from(["x", "y"]), st.sampled_from(["$eq", "$ne"]), VALUES)
    order = st.builds(lambda f, op, v: {f: {op: v}}, st.sampled_from(["x", "y"]),
                      st.sampled_from(["$gt", "$gte", "$lt", "$lte"]),
                      st.one_of(st.integers(-3, 3), st.sampled_from([0.5, 2.5])))
    member = st.builds(lambda f, op, v: {f: {op: v}}, st.sampled_from(["x", "y"]), st.sampled_from(["$in", "$nin"]),
                       st.lists(VALUES, min_size=1, max_size=3))
    return st.one_of(eq, order, member, st.builds(lambda v: {"x": v}, VALUES))


WHERE = st.one_of(leaf(), st.builds(lambda op, parts: {op: parts}, st.sampled_from(["$and", "$or"]),
                                    st.lists(leaf(), min_size=2, max_size=3)))


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """A collection whose metadata mixes ints, floats, booleans, strings and missing fields."""
    rng = np.random.default_rng(0)
    metas = _metas(rng)
    store = ChromaStore(tmp_path_factory.mktemp("mixed"))
    store.ensure_collection("mixed", {})
    vecs = rng.normal(size=(len(metas), 8)).astype(np.float32)
    store.upsert("mixed", [f"r{i}" for i in range(len(metas))], vecs / np.linalg.norm(vecs, axis=1, keepdims=True),
                 [f"doc {i}" for i in range(len(metas))], metas)
    yield store, metas
    store.close()


def _metas(rng):
    values = [-3, -1, 0, 1, 2, 3, 1.0, 2.5, -0.5, True, False, "a", "b", "1"]
    out = []
    for i in range(120):
        m = {}
        for key in ("x", "y"):
            if rng.random() < 0.8:
                m[key] = values[int(rng.integers(len(values)))]
        out.append(m or {"z": 0})  # Chroma wants at least one field
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=WHERE)
def test_the_python_filter_selects_what_chroma_selects(mixed, where):
    store, metas = mixed
    keep = matcher(where)
    if keep is None:  # a filter Chroma answers itself (tested below)
        return
    chroma = set(store.get("mixed", where=where)["ids"])
    assert {f"r{i}" for i, m in enumerate(metas) if keep(m)} == chroma


def test_filters_it_cannot_vouch_for_go_to_chroma():
    assert matcher({"x": {"$eq": 2.5}}) is None  # Chroma 1.5 answers x=2 for this one: it decides
    assert matcher({"x": {"$in": [0, 1.0]}}) is None  # Chroma refuses mixed lists
    assert matcher({"x": {"$gt": "a"}}) is None  # Chroma refuses it: its own error reaches the user
    assert matcher({"x": {"$gt": True}}) is None
    assert matcher({"x": {"$contains": "a"}}) is None
    assert matcher({"x": 1, "y": 2}) is None
    assert matcher({"$and": []}) is None
    assert matcher(None) is None


@pytest.mark.parametrize("share", [0.34, 0.005])  # a third of the records (over-fetch), a rare value (Chroma)
def test_a_filtered_search_is_the_exact_filtered_top_k(tmp_path, monkeypatch, share):
    rng = np.random.default_rng(1)
    n = 3000
    vecs = rng.normal(size=(n, 16)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    metas = [{"Seniority": "Senior" if rng.random() < share else "Junior", "i": i} for i in range(n)]
    monkeypatch.setattr(store_mod, "MAX_OVER_FETCH", 500)  # 3,000 records stand for a big collection
    store = ChromaStore(tmp_path)
    store.ensure_collection("people", {})
    store.upsert("people", [f"p{i}" for i in range(n)], vecs, [f"text {i}" for i in range(n)], metas)
    calls = []
    real = store_mod.ChromaStore._over_fetch
    monkeypatch.setattr(store_mod.ChromaStore, "_over_fetch",
                        staticmethod(lambda *a: calls.append(real(*a)) or calls[-1]))
    for q in rng.normal(size=(5, 16)).astype(np.float32):
        q /= np.linalg.norm(q)
        got = store.query("people", q, 10, where={"Seniority": "Senior"})
        senior = [i for i, m in enumerate(metas) if m["Seniority"] == "Senior"]
        best = sorted(senior, key=lambda i: -float(vecs[i] @ q))[:10]
        assert got["ids"] == [f"p{i}" for i in best]
        assert got["documents"] == [f"text {i}" for i in best]
        assert [m["i"] for m in got["metadatas"]] == best
        assert np.allclose(got["distances"], [1 - float(vecs[i] @ q) for i in best], atol=1e-4)
    # a third: answered by over-fetching; 0.5%: 500 neighbours would not pass 10, so Chroma's filter answers
    assert all(c is not None for c in calls) if share > 0.3 else all(c is None for c in calls)
    store.close()
