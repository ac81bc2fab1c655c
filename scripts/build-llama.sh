#!/usr/bin/env bash
# Build llama-cpp-python from source once, portably, and cache the wheel.
#
# Why: a default build compiles with -march=native, which on some Xeon/EPYC VMs emits AMX
# instructions the kernel does not enable, and the first call dies with "Illegal instruction".
# We turn native off and enable exactly the x86 extensions /proc/cpuinfo reports (never AMX).
# When nvidia-smi sees a GPU (and nvcc is there), we build with CUDA so layers can be offloaded.
#
# Usage: scripts/build-llama.sh PYTHON   -> prints the path of the cached wheel on stdout.
set -euo pipefail
PY=${1:-python3}
VERSION=${LLAMA_CPP_PYTHON_VERSION:-0.3.36}
CACHE=${ASSISTANT_WHEEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/assistant/wheels}

flags="-DGGML_NATIVE=OFF -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF"
flags="$flags -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF"
if [ "$(uname -m)" = "x86_64" ] && [ -r /proc/cpuinfo ]; then
  cpu=$(grep -m1 '^flags' /proc/cpuinfo)
  has() { case " $cpu " in *" $1 "*) return 0;; *) return 1;; esac; }
  for pair in avx:AVX avx2:AVX2 fma:FMA f16c:F16C bmi2:BMI2 avx512f:AVX512 avx512_vbmi:AVX512_VBMI \
              avx512_vnni:AVX512_VNNI avx512_bf16:AVX512_BF16 avx_vnni:AVX_VNNI; do
    if has "${pair%%:*}"; then flags="$flags -DGGML_${pair#*:}=ON"; else flags="$flags -DGGML_${pair#*:}=OFF"; fi
  done
fi
backend=cpu
if [ "${ASSISTANT_NO_CUDA:-0}" != 1 ] && command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; then
  if command -v nvcc >/dev/null 2>&1 || [ -x /usr/local/cuda/bin/nvcc ]; then
    export PATH="$PATH:/usr/local/cuda/bin"
    flags="$flags -DGGML_CUDA=on"; backend=cuda
  else
    echo "build-llama: nvidia-smi sees a GPU but nvcc is missing; building for the CPU only" >&2
  fi
fi
pytag=$("$PY" -c 'import sys; print(f"cp{sys.version_info[0]}{sys.version_info[1]}")')
key=$(printf '%s %s %s' "$VERSION" "$pytag" "$flags" | sha256sum | cut -c1-12)
dir="$CACHE/$VERSION-$backend-$key"
wheel=$(ls "$dir"/llama_cpp_python-*.whl 2>/dev/null | head -n1 || true)
if [ -z "$wheel" ]; then
  echo "build-llama: building llama-cpp-python $VERSION ($backend) from source; this takes 5-10 minutes once" >&2
  echo "build-llama: CMAKE_ARGS=$flags" >&2
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  CMAKE_ARGS="$flags" CMAKE_BUILD_PARALLEL_LEVEL=$(nproc) \
    "$PY" -m pip wheel --no-deps --no-binary llama-cpp-python -w "$tmp" "llama-cpp-python==$VERSION" >&2
  mkdir -p "$dir"
  printf '%s\n' "$flags" > "$dir/CMAKE_ARGS"
  mv "$tmp"/llama_cpp_python-*.whl "$dir"/   # moved only when complete: a failed build caches nothing
  wheel=$(ls "$dir"/llama_cpp_python-*.whl | head -n1)
fi
echo "$wheel"
