#!/bin/bash
# Benchmarks of issue 4 (extract and fill), as written to bench/RESULTS.md. Each run prints one JSON object
# into bench/out/. Run on a quiet machine: llama.cpp's threads slow down sharply when other processes share
# the cores. Usage: bench/extract_fill.sh [LIMIT]   (LIMIT: CoNLL sentences, default 500)
set -euo pipefail
cd "$(dirname "$0")/.."
A=.venv/bin/assistant
DATA=${BENCH_DATA:-../shared/bench-data}
LIMIT=${1:-500}
mkdir -p bench/out
for model in gemma3-270m smollm2-135m-instruct; do
  for shots in 0 3; do
    $A eval extract "$DATA/extract_conll2003/test.jsonl" --limit "$LIMIT" --shots "$shots" --model "$model" --json \
      > "bench/out/extract_${model}_${shots}shot.json"
  done
  $A eval fill "$DATA/fill_restaurant/test.csv" --train "$DATA/fill_restaurant/train.csv" --field city \
    --model "$model" --json > "bench/out/fill_${model}_test.json"
done
# The LLM weight of the fused method was chosen on the validation split, never on the test split.
$A eval fill "$DATA/fill_restaurant/valid.csv" --train "$DATA/fill_restaurant/train.csv" --field city \
  --model gemma3-270m --json > "bench/out/fill_gemma3-270m_valid.json"
