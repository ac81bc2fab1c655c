"""Export the embedding model (all-MiniLM-L6-v2) to ONNX, fp32 and int8, without optimum.

sentence-transformers' own `backend="onnx"` needs optimum, whose current release pins transformers < 4.58 (this
project has transformers 5), so the export is done here with torch.onnx.export. The exported graph holds the whole
sentence-transformers pipeline after tokenisation: BERT -> mean pooling over the attention mask (1_Pooling:
pooling_mode_mean_tokens) -> L2 normalisation (2_Normalize), so its output is the sentence embedding.

    python bench/onnx_export.py [--out DIR]      # writes model.onnx and model-int8.onnx, prints their paths

The export and the runtime live in assistant/backends/embedder.py (opt-in `embedding_backend = "onnx" | "onnx-int8"`,
exported on first use); this script only runs the export ahead of time, or into another folder.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
for _var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):  # nothing may come from a hub
    os.environ[_var] = "1"

from assistant.backends.embedder import SentenceTransformerEmbedder
from assistant.backends.onnx_encoder import export_onnx, onnx_cache_dir  # noqa: E402
from assistant.core.settings import DEFAULT_EMBEDDING_MODEL  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", default=DEFAULT_EMBEDDING_MODEL)
    ap.add_argument("--out", type=Path, default=None, help="folder for the .onnx files (default: the cache folder)")
    args = ap.parse_args(argv)
    emb = SentenceTransformerEmbedder(args.model, backend="onnx")  # loads the model with eager attention
    out = args.out or onnx_cache_dir(emb.name, emb.path)
    for int8 in (False, True):
        print(export_onnx(emb.model, out, int8=int8))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
