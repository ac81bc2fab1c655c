"""Settings: defaults, overridden by ASSISTANT_* environment variables, then by CLI options."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

from platformdirs import user_data_dir
from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_EMBEDDING_MODEL = "all-MiniLM-L6-v2"
DEFAULT_LLM_MODEL = "gemma3-270m"


def _data_dir() -> Path:
    return Path(user_data_dir("assistant", appauthor=False))


def physical_cores() -> int:
    """Number of physical cores (llama.cpp and torch run best with one thread per core)."""
    try:
        pairs = set()
        phys = core = None
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("physical id"):
                    phys = line.split(":")[1].strip()
                elif line.startswith("core id"):
                    core = line.split(":")[1].strip()
                elif not line.strip() and core is not None:
                    pairs.add((phys, core))
                    phys = core = None
        if core is not None:
            pairs.add((phys, core))
        if pairs:
            return max(1, min(len(pairs), len(os.sched_getaffinity(0))))
    except (OSError, AttributeError):
        pass
    return max(1, (os.cpu_count() or 2) // 2)


class Settings(BaseSettings):
    """Everything configurable. Environment: ASSISTANT_HOME, ASSISTANT_MODELS_DIR, ASSISTANT_EMBEDDING_MODEL, ..."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore")

    home: Path = Field(default_factory=_data_dir, description="workspace folder (Chroma store, clusters, history)")
    models_dir: Path = Field(
        default_factory=lambda: _data_dir() / "models",
        description="where GGUF files live (bundled ones are unpacked here)",
    )
    embedding_model: str = DEFAULT_EMBEDDING_MODEL
    embedding_backend: str = "auto"  # auto | torch | onnx | onnx-int8 (backends/embedder.py BACKENDS)
    embedding_batch_size: int = 64
    llm_model: str = DEFAULT_LLM_MODEL
    n_ctx: int = 8192  # KV cells shared by the requests packed into one evaluation
    n_threads: int = Field(default_factory=physical_cores)
    n_gpu_layers: int | None = None  # None: all layers when the build can offload, else 0
    max_field_bytes: int = 1_000_000
    store_url: str | None = None  # http://HOST:PORT of a Chroma server; None: the embedded store in home/chroma
    store_token: SecretStr | None = None  # sent to the server; SecretStr keeps it out of reprs and dumps
    # OpenAI-compatible inference servers for the LLM (ASSISTANT_LLM_URL, comma-separated); empty: in-process
    llm_urls: Annotated[list[str], NoDecode] = Field(default_factory=list)
    llm_server_model: str | None = None  # the model name sent to the servers; None: the one /v1/models lists
    llm_timeout: float = 120.0  # seconds one server request may take
    # OpenAI-compatible /v1/embeddings servers (ASSISTANT_EMBEDDING_URL, comma-separated); empty: in-process
    embedding_urls: Annotated[list[str], NoDecode] = Field(default_factory=list)
    embedding_server_model: str | None = None  # the model name sent to them; None: the one /v1/models lists

    @model_validator(mode="before")
    @classmethod
    def _url_env(cls, data):
        for key, env in (("llm_urls", "ASSISTANT_LLM_URL"), ("embedding_urls", "ASSISTANT_EMBEDDING_URL")):
            if isinstance(data, dict) and not data.get(key) and os.environ.get(env):
                data = {**data, key: os.environ[env]}
        return data

    @field_validator("llm_urls", "embedding_urls", mode="before")
    @classmethod
    def _split_urls(cls, value):
        if isinstance(value, str):
            value = value.split(",")
        return [u.strip() for u in value if u and u.strip()]

    @property
    def store_path(self) -> Path:
        return self.home / "chroma"

    @property
    def clusters_dir(self) -> Path:
        """Where older versions saved clusterings (now kept with the collection): still read, deleted on drop."""
        return self.home / "clusters"

    def with_overrides(self, **kw) -> "Settings":
        """A copy with the given non-None values replaced (CLI options win over the environment)."""
        values = {k: v for k, v in kw.items() if v is not None}
        return self.model_copy(update=values)
