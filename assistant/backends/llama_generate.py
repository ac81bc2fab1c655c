"""Greedy constrained decoding on llama.cpp: many JSON answers at once, each kept to its shape by a jsongen machine.

A mixin of LlamaCppLLM (it uses the model, context, batch and the trie decoding of that class).
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from assistant.backends.token_trie import TokenTrie, walk
from assistant.core.jsongen import Generation, JsonRequest, Machine


@dataclass
class GenRequest:
    """One constrained generation: prompt tokens (BOS included) and the machine its answer must satisfy."""

    prompt: list[int]
    machine: "Machine"
    max_tokens: int = 256


class GenState:
    def __init__(self, req: GenRequest, seq: int):
        self.seq = seq
        self.machine = req.machine
        self.max_tokens = req.max_tokens
        self.pos = len(req.prompt)
        self.pending: int | None = None
        self.chosen = 0
        self.forced = 0
        self.finished = True


class ConstrainedDecoding:
    """Constrained generation for LlamaCppLLM."""

    def vocabulary(self) -> tuple[list[str | None], dict[str, int]]:
        """Each token's text (None for control tokens and partial UTF-8), and one token id per text."""
        if self._pieces is None:
            self.load()
            C, vocab = self._C, self._model.vocab
            import ctypes

            buf = ctypes.create_string_buffer(256)
            pieces: list[str | None] = []
            for tok in range(self._n_vocab):
                n = C.llama_token_to_piece(vocab, tok, buf, 256, 0, False)
                try:
                    text = buf.raw[:n].decode("utf-8") if n > 0 else None
                except UnicodeDecodeError:
                    text = None
                pieces.append(text)
            ids: dict[str, int] = {}
            for tok, text in enumerate(pieces):
                if text is not None:
                    ids.setdefault(text, tok)
            self._pieces, self._piece_ids = pieces, ids
        return self._pieces, self._piece_ids  # type: ignore[return-value]

    def generate_json(self, requests: Sequence[JsonRequest]) -> list[Generation]:
        """Answers of the requests' shapes (see generate)."""
        return self.generate([GenRequest(self.prompt_tokens(r.prompt), Machine.of(r.shape), r.max_tokens)
                              for r in requests])

    def generate(self, requests: Sequence[GenRequest], top_k: int = 40) -> list[Generation]:
        """Greedy constrained decoding of many answers at once.

        Prompts are packed into one token trie (shared prefixes decoded once) and the answers then advance one
        token per sequence per `llama_decode`. At each step a sequence takes the most likely of the model's top_k
        tokens that its machine accepts; when none fits, the machine's own next characters are forced.
        """
        self.load()
        self.vocabulary()
        for req in requests:
            if len(req.prompt) + req.max_tokens > self.n_ctx:
                from assistant.core.errors import ContextOverflowError

                raise ContextOverflowError(
                    f"a prompt of {len(req.prompt)} tokens plus {req.max_tokens} to generate does not fit the "
                    f"model's context of {self.n_ctx} tokens",
                    "shorten the input (smaller chunks, fewer examples), or raise n_ctx (ASSISTANT_N_CTX)")
        results: list[Generation | None] = [None] * len(requests)
        with self._lock:
            pack: list[int] = []
            trie = TokenTrie()
            budget = 0
            for n, req in enumerate(requests):
                cost = trie.cost_of(req.prompt) + req.max_tokens
                if pack and (len(pack) >= self.n_seq_max or len(trie.token) + budget + cost > self.pack_tokens):
                    self._generate_pack(trie, pack, requests, results, top_k)
                    pack, trie, budget = [], TokenTrie(), 0
                pack.append(n)
                trie.add(req.prompt, len(pack) - 1)
                budget += req.max_tokens
            if pack:
                self._generate_pack(trie, pack, requests, results, top_k)
        self.stats.requests += len(requests)
        return results  # type: ignore[return-value]

    def _generate_pack(self, trie: TokenTrie, pack: list[int], requests, results, top_k: int) -> None:
        C = self._C
        started = time.perf_counter()
        C.llama_memory_clear(self._ctx.memory, True)
        states = [GenState(requests[n], local) for local, n in enumerate(pack)]
        last = {}
        for local, n in enumerate(pack):
            last.setdefault(walk(trie, requests[n].prompt)[-1], []).append(local)
        for outputs, rows in self._decode_trie(trie, last):
            for r, node in enumerate(outputs):
                for local in last[node]:
                    self._choose(states[local], rows[r], top_k)
        batch = self._batch
        while True:
            active = [st for st in states if st.pending]
            if not active:
                break
            for lo in range(0, len(active), self.n_batch):
                part = active[lo:lo + self.n_batch]
                for i, st in enumerate(part):
                    batch.token[i] = st.pending
                    batch.pos[i] = st.pos
                    batch.n_seq_id[i] = 1
                    batch.seq_id[i][0] = st.seq
                    batch.logits[i] = True
                    st.pos += 1
                    st.pending = None
                batch.n_tokens = len(part)
                self._decode()
                rows = np.ctypeslib.as_array(C.llama_get_logits(self._ctx.ctx), shape=(len(part), self._n_vocab))
                for i, st in enumerate(part):
                    self._choose(st, rows[i], top_k)
                self.stats.tokens_evaluated += len(part)
        for local, n in enumerate(pack):
            st = states[local]
            results[n] = Generation(st.machine.result(), st.chosen, st.forced, st.finished)
            self.stats.tokens_generated += st.chosen + st.forced
        self.stats.seconds += time.perf_counter() - started

    def _choose(self, st: "GenState", row: np.ndarray, top_k: int) -> None:
        """Pick the sequence's next token from a logits row; sets st.pending, or finishes the sequence."""
        pieces, ids = self._pieces, self._piece_ids
        m = st.machine
        if m.done:
            return
        if st.chosen + st.forced >= st.max_tokens:
            m.finish()
            st.finished = False
            return
        cand = np.argpartition(row, -top_k)[-top_k:]
        for tok in cand[np.argsort(-row[cand])].tolist():
            text = pieces[tok]
            if not text:
                continue
            trial = m.clone()
            if trial.feed_text(text):
                st.machine, st.chosen = trial, st.chosen + 1
                st.pending = None if trial.done else tok
                return
        options = [ids[t] for t in m.copy_options() if t in ids]
        if options:  # inside a copied value: the model's best among the tokens that continue the source
            tok = options[int(np.argmax(row[options]))]
            m.feed_text(pieces[tok])
            st.forced += 1
            st.pending = tok
            return
        want = m.next_forced()
        for size in range(len(want), 0, -1):
            tok = ids.get(want[:size])
            if tok is not None:
                m.feed_text(want[:size])
                st.forced += 1
                st.pending = None if m.done else tok
                return
        m.finish()  # no token spells the machine's next character: close the answer
        st.finished = False
