"""The token trie that packs many scoring or generation requests into few `llama_decode` calls.

A prefix shared by several sequences (the instruction, the query, a record) is one node per token, decoded once
with all those sequences' ids; logits are requested only where a next token is scored.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np


@dataclass
class TokenTrie:
    """Nodes of the packed token trie, parents before children (so any split into batches stays causal)."""

    token: list[int] = field(default_factory=list)
    pos: list[int] = field(default_factory=list)
    seqs: list[list[int]] = field(default_factory=list)
    wants: list[bool] = field(default_factory=list)
    children: list[dict[int, int]] = field(default_factory=list)
    roots: dict[int, int] = field(default_factory=dict)

    def add(self, tokens: Sequence[int], seq: int, score_from: int | None = None) -> list[int]:
        """Insert one sequence; returns its node path. Logits are wanted where the next token is scored
        (from score_from on; None: nowhere, as for a prompt to generate from)."""
        path = []
        level = self.roots
        for p, tok in enumerate(tokens):
            node = level.get(tok)
            if node is None:
                node = len(self.token)
                level[tok] = node
                self.token.append(tok)
                self.pos.append(p)
                self.seqs.append([])
                self.wants.append(False)
                self.children.append({})
            self.seqs[node].append(seq)
            if score_from is not None and score_from - 1 <= p < len(tokens) - 1:
                self.wants[node] = True
            path.append(node)
            level = self.children[node]
        return path

    def cost_of(self, tokens: Sequence[int]) -> int:
        """How many new nodes inserting these tokens would add."""
        level = self.roots
        for p, tok in enumerate(tokens):
            node = level.get(tok)
            if node is None:
                return len(tokens) - p
            level = self.children[node]
        return 0


def walk(trie: TokenTrie, tokens: Sequence[int]) -> list[int]:
    level, path = trie.roots, []
    for tok in tokens:
        node = level[tok]
        path.append(node)
        level = trie.children[node]
    return path


def logsumexp_rows(rows: np.ndarray, chunk: int = 16) -> np.ndarray:
    """Row-wise log-sum-exp, in chunks so a 262k-token vocabulary never needs a huge temporary."""
    out = np.empty(rows.shape[0], dtype=np.float64)
    for lo in range(0, rows.shape[0], chunk):
        part = rows[lo:lo + chunk]
        m = part.max(axis=1, keepdims=True)
        out[lo:lo + chunk] = (m[:, 0] + np.log(np.exp(part - m).sum(axis=1))).astype(np.float64)
    return out
