"""The default CPU encoder: int8 onnxruntime from a local export, checked against the float graph before use."""
from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from assistant.backends import embedder as emb
from assistant.backends import onnx_encoder as oe
from assistant.core.errors import ConfigError

HAS_ONNX = importlib.util.find_spec("onnx") is not None and importlib.util.find_spec("onnxruntime") is not None


def test_unknown_backend_is_a_clear_error():
    with pytest.raises(ConfigError, match="unknown embedding backend 'tensorflow'") as err:
        emb.SentenceTransformerEmbedder(backend="tensorflow")
    assert "onnx-int8" in err.value.fix


def test_auto_takes_torch_on_a_gpu_and_without_onnx(monkeypatch):
    assert emb.auto_backend("cuda:0") == "torch"
    real_find = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None if name == "onnx" else real_find(name))
    assert emb.auto_backend("cpu") == "torch"


@pytest.mark.skipif(not HAS_ONNX, reason="onnx is not installed")
def test_auto_takes_int8_on_the_cpu():
    assert emb.auto_backend("cpu") == "onnx-int8"


@pytest.mark.skipif(not HAS_ONNX, reason="onnx is not installed")
def test_the_down_projections_of_the_first_half_stay_in_float():
    import onnx
    from onnx import TensorProto, helper

    nodes, inits, prev = [], [], "x"
    for layer in range(4):  # each layer: up (4 -> 16) then down (16 -> 4)
        for kind, shape in (("up", (4, 16)), ("down", (16, 4))):
            name = f"{kind}{layer}"
            inits.append(helper.make_tensor(f"w_{name}", TensorProto.FLOAT, shape, np.zeros(shape).ravel()))
            nodes.append(helper.make_node("MatMul", [prev, f"w_{name}"], [f"y_{name}"], name=name))
            prev = f"y_{name}"
    graph = helper.make_graph(nodes, "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])],
                              [helper.make_tensor_value_info(prev, TensorProto.FLOAT, [1, 4])], inits)
    assert oe._kept_in_float(helper.make_model(graph)) == ["down0", "down1"]
    assert onnx  # imported for the helper above


@pytest.mark.real
@pytest.mark.skipif(not HAS_ONNX, reason="onnx is not installed")
def test_the_default_encoder_agrees_with_torch_and_checks_itself(monkeypatch, tmp_path):
    texts = [t for t in oe._CHECK_TEXTS] + ["Role: Nurse\nSummary: ICU nurse, 6 years, night shifts."]
    auto = emb.SentenceTransformerEmbedder(backend="auto", device="cpu")
    assert auto.backend == "onnx-int8"
    torch_vecs = emb.SentenceTransformerEmbedder(backend="torch").embed(texts)
    int8_vecs = auto.embed(texts)
    assert auto.onnx.file.name == "model-int8.onnx" and auto.int8_cosine >= oe.MIN_COSINE
    assert float((torch_vecs * int8_vecs).sum(axis=1).min()) >= 0.99
    assert np.allclose(np.linalg.norm(int8_vecs, axis=1), 1.0, atol=1e-5)

    # an export whose int8 graph drifts past the bar is not used: the float graph embeds instead
    monkeypatch.setattr(oe, "onnx_cache_dir", lambda name, path: tmp_path / "export")
    monkeypatch.setattr(emb, "onnx_cache_dir", lambda name, path: tmp_path / "export")
    monkeypatch.setattr(oe, "MIN_COSINE", 1.01)
    strict = emb.SentenceTransformerEmbedder(backend="onnx-int8")
    vecs = strict.embed(texts)
    assert strict.onnx.file.name == "model.onnx" and strict.int8_cosine < 1.01
    assert float((torch_vecs * vecs).sum(axis=1).min()) >= 0.9999
    assert (tmp_path / "export" / "int8-check.txt").is_file()  # the verdict is kept for the next run
