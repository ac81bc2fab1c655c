"""Export all-MiniLM-L6-v2 to ONNX without optimum, and run it with onnxruntime exactly like sentence-transformers.

sentence-transformers' own `backend="onnx"` needs optimum, whose current release pins transformers < 4.58 (this
project has transformers 5), so the export is done here with torch.onnx.export. The exported graph holds the whole
sentence-transformers pipeline after tokenisation: BERT -> mean pooling over the attention mask (1_Pooling:
pooling_mode_mean_tokens) -> L2 normalisation (2_Normalize), so its output is the sentence embedding.

    python bench/onnx_export.py [--out DIR]      # writes model.onnx and model-int8.onnx, prints their paths

Used by bench/ingest.py. The same export and runtime live in assistant/embedder.py for the opt-in
`embedding_backend = "onnx" | "onnx-int8"`; this file only calls them.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.embedder import OnnxSentenceEncoder, export_onnx, onnx_cache_dir, resolve_embedding_model  # noqa: E402
from assistant.settings import DEFAULT_EMBEDDING_MODEL  # noqa: E402

__all__ = ["OnnxSentenceEncoder", "export_onnx", "onnx_cache_dir"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", default=DEFAULT_EMBEDDING_MODEL)
    ap.add_argument("--out", type=Path, default=None, help="folder for the .onnx files (default: the cache folder)")
    args = ap.parse_args(argv)
    name, path = resolve_embedding_model(args.model)
    out = args.out or onnx_cache_dir(name, path)
    for int8 in (False, True):
        print(export_onnx(path, out, int8=int8))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
