"""Accuracy of fill's methods that need no LLM, on a train/test table pair, without the embedder.

`learned` and the record-copy channel do not use the vectors (only the neighbour ids and `knn` do), so this
measures them on the 2-core machine without a heavy run:

    PYTHONPATH=. python bench/fill_learned_no_embedder.py DIR FIELD [SPLIT]

DIR holds train.csv and SPLIT.csv (default test) with a row_id column; prints the accuracy (case-insensitive exact
match, as `assistant eval fill`) and the misses.
"""
from __future__ import annotations

import csv
import sys

import numpy as np

from assistant.jobs.fill import FillInput, FillOptions, Row, run


def main(folder: str, field: str, split: str = "test") -> None:
    def load(name: str) -> list[dict]:
        with open(f"{folder}/{name}.csv", newline="", encoding="utf-8") as fh:
            return list(csv.DictReader(fh))

    train, test = load("train"), load(split)
    clean = lambda r, drop: {k: v for k, v in r.items() if k not in drop and v != ""}  # noqa: E731
    flat = np.ones(4, np.float32)  # no embedder: every record is as near as every other
    known = [Row(r["row_id"], clean(r, {"row_id"}), flat) for r in train]
    targets = [Row(r["row_id"], clean(r, {"row_id", field}), flat) for r in test]
    gold = {r["row_id"]: r[field].strip().casefold() for r in test}
    res = run(None, FillInput(field=field, targets=targets, known=known), FillOptions(method="learned"))
    right = [str(p.best).strip().casefold() == gold[p.id] for p in res.proposals]
    print(f"learned {sum(right) / len(right):.4f} ({sum(right)}/{len(right)}) on {folder}/{split}.csv")
    for p, ok in zip(res.proposals, right):
        if not ok:
            print(f"  miss {p.id}: {gold[p.id]!r} -> {p.best!r} ({p.confidence:.2f})")


if __name__ == "__main__":
    main(*sys.argv[1:])
