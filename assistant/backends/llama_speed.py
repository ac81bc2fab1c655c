"""llama.cpp's own speed on a model: the reference that benchmarks and `eval` compare a job's throughput with."""
from __future__ import annotations

import time

import numpy as np


def raw_generation_speed(llm, n_tokens: int = 64, prompt: int = 64) -> float:
    """llama.cpp's own token-by-token generation speed (one sequence, logits every token), tokens/s."""
    llm.load()
    C, b = llm._C, llm._batch
    with llm._lock:
        C.llama_memory_clear(llm._ctx.memory, True)
        for i in range(prompt):
            b.token[i], b.pos[i], b.n_seq_id[i], b.logits[i] = 100 + i, i, 1, False
            b.seq_id[i][0] = 0
        b.n_tokens = prompt
        if C.llama_decode(llm._ctx.ctx, b) != 0:
            raise RuntimeError("llama_decode failed")
        t = time.perf_counter()
        for j in range(n_tokens):
            b.token[0], b.pos[0], b.n_seq_id[0], b.logits[0] = 200 + j, prompt + j, 1, True
            b.seq_id[0][0] = 0
            b.n_tokens = 1
            if C.llama_decode(llm._ctx.ctx, b) != 0:
                raise RuntimeError("llama_decode failed")
            row = np.ctypeslib.as_array(C.llama_get_logits(llm._ctx.ctx), shape=(llm._n_vocab,))
            int(row.argmax())  # choosing the token is part of generating it
        return n_tokens / (time.perf_counter() - t)

def raw_prompt_speed(llm, n_tokens: int = 512, repeats: int = 3) -> float:
    """llama.cpp's own prompt-evaluation speed on this model and context, tokens/s (the benchmark reference)."""
    llm.load()
    C = llm._C
    rng = np.random.default_rng(0)
    toks = rng.integers(100, min(llm._n_vocab, 30000), size=n_tokens).tolist()
    best = 0.0
    with llm._lock:
        for _ in range(repeats):
            C.llama_memory_clear(llm._ctx.memory, True)
            t = time.perf_counter()
            for lo in range(0, n_tokens, llm.n_batch):
                chunk = toks[lo:lo + llm.n_batch]
                b = llm._batch
                for i, tok in enumerate(chunk):
                    b.token[i] = tok
                    b.pos[i] = lo + i
                    b.n_seq_id[i] = 1
                    b.seq_id[i][0] = 0
                    b.logits[i] = False
                b.logits[len(chunk) - 1] = True
                b.n_tokens = len(chunk)
                if C.llama_decode(llm._ctx.ctx, b) != 0:
                    raise RuntimeError("llama_decode failed")
            best = max(best, n_tokens / (time.perf_counter() - t))
    return best
