#!/bin/bash
# encoder quality: torch / onnx / onnx-int8 on NovelEval (embedding order), AG News + de/zh (embedding classify), demo search
cd /work/main
for b in torch onnx onnx-int8; do
  export ASSISTANT_EMBEDDING_BACKEND=$b
  .venv/bin/assistant eval rerank /work/shared/bench-data/rerank_noveleval/noveleval.jsonl --methods embedding --shuffle --json > /tmp/runs/q_novel_$b.json 2>/tmp/runs/q_novel_$b.err
  .venv/bin/assistant eval classify /work/shared/bench-data/classify_agnews/test.jsonl --labels-file bench/agnews_labels.txt --methods embedding --json > /tmp/runs/q_ag_$b.json 2>/tmp/runs/q_ag_$b.err
  for s in de_tickets zh_reviews; do
    f=$(ls bench/data/classify_multilingual/$s*.jsonl | head -1)
    .venv/bin/assistant eval classify $f --methods embedding --json > /tmp/runs/q_${s}_$b.json 2>/tmp/runs/q_${s}_$b.err
  done
  rm -rf /tmp/runs/demo_$b; mkdir -p /tmp/runs/demo_$b
  .venv/bin/assistant -W /tmp/runs/demo_$b ingest assistant/sample/applicants.csv -c applicants --id-column ApplicantID > /dev/null 2>&1
  .venv/bin/assistant -W /tmp/runs/demo_$b cluster -c applicants -k 12 > /dev/null 2>&1
  .venv/bin/assistant -W /tmp/runs/demo_$b search --file assistant/sample/job.txt -c applicants -k 10 --json > /tmp/runs/q_demo_$b.json 2>/dev/null
  .venv/bin/assistant -W /tmp/runs/demo_$b search --file assistant/sample/job.txt -c applicants -k 10 --in-cluster --json > /tmp/runs/q_democl_$b.json 2>/dev/null
  echo "$b done $(date)"
done
