"""Run a sentence-transformers model with onnxruntime: a local export (made on first use, cached), optionally fused
and quantised to int8, checked against the float network before it is used.

Why int8 is the CPU default (bench/results_issue-17.md, 2 cores): the fused int8 graph ingests 1.99x the records
per second of torch, min cosine 0.990 to the torch vectors, and the retrieval and classification numbers stay
within noise on three of four sets (German tickets lose 0.03 macro-F1; torch keeps them: ASSISTANT_EMBEDDING_BACKEND).
"""
from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
import warnings
from pathlib import Path
from typing import Any, Sequence

import numpy as np

_ONNX_RECIPE = 3  # part of the cache key: bump it when the export or quantisation recipe changes
MIN_COSINE = 0.99  # an int8 export whose vectors drift further from the float ones is not used
# The self-check's texts: a few of the bundled sample's records and other languages and shapes, so a model whose
# int8 graph drifts on any of them is caught before a collection is embedded with it.
_CHECK_TEXTS = (
    "Role: Data Analyst\nHiringDepartment: Data\nSummary: 9 years building dashboards and reports for finance, "
    "sales and operations teams. Writes complex SQL, models data in dbt and works daily in Snowflake.",
    "Role: Marketing Specialist\nEducationField: Business\nSummary: 12 years running campaigns across paid search, "
    "social and email, most recently at a 200-person edtech company.",
    "The battery died after two days and support never answered my emails.",
    "Wall St. Bears Claw Back Into the Black (Reuters) Short-sellers, Wall Street's dwindling band of "
    "ultra-cynics, are seeing green again.",
    "Der Drucker im zweiten Stock druckt seit Montag nur leere Seiten; bitte dringend prüfen.",
    "这家酒店的服务很好，房间干净，早餐也很丰富，下次还会再来。",
    "def add(a, b):\n    return a + b  # TODO: overflow?",
    "Name: Jane Q. Public | Email: jane@example.com | Phone: +1 (555) 010-9999 | Skills: Python, SQL, Tableau",
    "python developer",  # short queries drift the most (mean pooling over few tokens); "ok" alone: 0.977
    " ".join(["Senior backend engineer with Kubernetes, Go and PostgreSQL experience."] * 20),
)


def onnx_cache_dir(name: str, path: Path) -> Path:
    """The folder for a model's ONNX export: in the user cache, keyed by model folder, weights and recipe."""
    from platformdirs import user_cache_dir

    weights = sorted(p for p in Path(path).iterdir() if p.suffix in (".safetensors", ".bin"))
    stamp = [str(Path(path).resolve()), _ONNX_RECIPE,
             *[(p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in weights]]
    key = hashlib.sha1(repr(stamp).encode()).hexdigest()[:12]
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in Path(name).name)
    return Path(user_cache_dir("assistant", appauthor=False)) / "onnx" / f"{safe}-{key}"


def _write_atomically(target: Path, write) -> Path:
    """Run write(tmp_path) in a private folder beside target, then rename: readers never see a partial file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=target.parent))
    try:
        write(tmp / target.name)
        os.replace(tmp / target.name, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def _export_fp32(st_model: Any, fp32: Path) -> None:
    import torch

    feats = st_model.preprocess(["an example text", "another, somewhat longer, example text"])
    names = [k for k, v in feats.items() if isinstance(v, torch.Tensor)]

    class _Graph(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.st = st_model

        def forward(self, *tensors):
            return self.st({**feats, **dict(zip(names, tensors))})["sentence_embedding"]

    def write(tmp: Path) -> None:
        axes = {**{n: {0: "batch", 1: "sequence"} for n in names}, "sentence_embedding": {0: "batch"}}
        with warnings.catch_warnings(), torch.inference_mode():
            warnings.simplefilter("ignore")
            torch.onnx.export(_Graph().eval(), tuple(feats[n] for n in names), str(tmp), dynamo=False,
                              input_names=names, output_names=["sentence_embedding"], dynamic_axes=axes,
                              opset_version=17, do_constant_folding=True)

    _write_atomically(fp32, write)


def _quiet(fn, *args, **kwargs):
    """onnxruntime's optimiser and quantiser log hints through the root logger and warnings: keep them off screen."""
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fn(*args, **kwargs)
    finally:
        root.setLevel(level)


def _fuse(fp32: Path, fused: Path) -> bool:
    """onnxruntime's BERT fusion (attention, layer norms, GELU into single kernels); False when the graph has
    no attention it can fuse (another architecture), so the caller quantises the plain graph instead."""
    try:
        from onnxruntime.transformers.optimizer import optimize_model
    except ImportError:
        return False

    def write(tmp: Path) -> None:
        model = _quiet(optimize_model, str(fp32), model_type="bert", num_heads=0, hidden_size=0, opt_level=1)
        if not model.get_fused_operator_statistics().get("Attention"):
            raise ValueError("no attention fused")
        model.save_model_to_file(str(tmp))

    try:
        _write_atomically(fused, write)
        return True
    except Exception:  # any failure of the optional fusion: quantise the plain graph
        return False


def _kept_in_float(graph: Any) -> list[str]:
    """The weight MatMuls left in float: the FFN down-projections (input wider than output) of the first half of
    the layers. Measured one node at a time on MiniLM (1,500 bench records): quantising one of those costs
    0.0024-0.0034 of min cosine, every other node <= 0.0015; keeping these three in float gives min cosine 0.991 at
    128 records/s, keeping all six 0.992 at 104 (torch: 61)."""
    shapes = {i.name: tuple(i.dims) for i in graph.graph.initializer}
    weighted = [n for n in graph.graph.node if n.op_type == "MatMul" and len(shapes.get(n.input[1], ())) == 2]
    down = [n.name for n in weighted if shapes[n.input[1]][0] > shapes[n.input[1]][1]]
    return down[: (len(down) + 1) // 2]


def _quantise(source: Path, q8: Path) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    keep = _kept_in_float(onnx.load(str(source)))

    def write(tmp: Path) -> None:
        _quiet(quantize_dynamic, str(source), str(tmp), op_types_to_quantize=["MatMul", "Attention"],
               weight_type=QuantType.QInt8, per_channel=True, nodes_to_exclude=keep,
               extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})

    _write_atomically(q8, write)


def export_onnx(st_model: Any, out_dir: Path, *, int8: bool = False) -> Path:
    """Export a loaded SentenceTransformer (its network, pooling and normalisation) to out_dir/model.onnx, and
    with int8=True also fuse and quantise it to model-int8.onnx. Returns the requested file; existing files are
    reused. Tracing needs the model loaded with eager attention (model_kwargs={"attn_implementation": "eager"})."""
    out_dir = Path(out_dir)
    fp32 = out_dir / "model.onnx"
    if not fp32.exists():
        _export_fp32(st_model, fp32)
    if not int8:
        return fp32
    q8 = out_dir / "model-int8.onnx"
    if not q8.exists():
        fused = out_dir / "model-fused.onnx"
        _quantise(fused if fused.exists() or _fuse(fp32, fused) else fp32, q8)
    return q8


def int8_drift(st_model: Any, fp32: Path, q8: Path, threads: int | None = None) -> float:
    """Min cosine between the float and the int8 vectors of the self-check texts (1.0 = identical)."""
    a = OnnxSentenceEncoder(st_model, fp32, threads).encode(_CHECK_TEXTS)
    b = OnnxSentenceEncoder(st_model, q8, threads).encode(_CHECK_TEXTS)
    return float((a * b).sum(axis=1).min())


def checked_int8(st_model: Any, out_dir: Path, threads: int | None = None) -> tuple[Path, float]:
    """The int8 export if it passes the self-check (min cosine >= MIN_COSINE to the float graph), else the float
    one; with the min cosine seen. The verdict is cached beside the files."""
    q8 = export_onnx(st_model, out_dir, int8=True)
    fp32 = out_dir / "model.onnx"
    verdict = out_dir / "int8-check.txt"
    try:
        cosine = float(verdict.read_text())
    except (OSError, ValueError):
        cosine = int8_drift(st_model, fp32, q8, threads)
        _write_atomically(verdict, lambda tmp: tmp.write_text(f"{cosine:.6f}\n"))
    return (q8 if cosine >= MIN_COSINE else fp32), cosine


class OnnxSentenceEncoder:
    """encode() like SentenceTransformer's: the model's own preprocessing, the network run by onnxruntime."""

    def __init__(self, st_model: Any, onnx_file: Path, threads: int | None = None):
        import onnxruntime as ort

        from assistant.core.settings import physical_cores

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads or physical_cores()
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3  # the fused graph's kernels print shape notes otherwise
        self.st = st_model
        self.file = Path(onnx_file)
        self.session = ort.InferenceSession(str(onnx_file), opts, providers=["CPUExecutionProvider"])
        self.inputs = [i.name for i in self.session.get_inputs()]

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """Normalised float32 vectors, batched by length like sentence-transformers (less padding)."""
        texts = list(texts)
        order = np.argsort([-len(t) for t in texts], kind="stable")
        out: np.ndarray | None = None
        for start in range(0, len(texts), batch_size):
            idx = order[start:start + batch_size]
            feats = self.st.preprocess([texts[i] for i in idx])
            vecs = self.session.run(None, {n: feats[n].numpy() for n in self.inputs})[0]
            if out is None:
                out = np.empty((len(texts), vecs.shape[1]), dtype=np.float32)
            out[idx] = vecs
        if out is None:
            return np.zeros((0, 0), dtype=np.float32)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
