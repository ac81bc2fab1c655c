"""The llama.cpp backend: scoring primitives that share KV cache across common prompt prefixes.

Why not `Llama.__call__` or `logits_all=True`: generation is the wrong tool for scoring, and `logits_all` copies
a full vocabulary row per evaluated token into Python (262k floats per token for Gemma). Instead every batch of
scoring requests becomes a token trie: a prefix shared by several sequences (the instruction, the query, a
record) is one trie node per token, decoded once with all those sequences' ids, and logits are requested only
at the positions whose next token is scored. Many short requests are packed into one `llama_decode` call, so
throughput stays close to llama.cpp's raw prompt-evaluation speed.
"""
from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Sequence

import numpy as np

from assistant.backends.gguf import check_gguf
from assistant.backends.llama_generate import ConstrainedDecoding
from assistant.backends.scoring import ContinuationScoring
from assistant.backends.stats import LLMStats
from assistant.backends.token_trie import TokenTrie, logsumexp_rows, walk
from assistant.core.errors import ModelLoadError
from assistant.core.interrupts import deferred_interrupt


class LlamaCppLLM(ConstrainedDecoding, ContinuationScoring):
    """A GGUF model in-process through llama-cpp-python. Loaded lazily, once; safe to share in one process."""

    def __init__(self, model_path: str | Path, *, n_ctx: int = 4096, n_batch: int = 512, n_threads: int | None = None,
                 n_gpu_layers: int | None = None, n_seq_max: int = 32, pack_tokens: int | None = None,
                 name: str | None = None):
        self.path = Path(model_path)
        self.name = name or self.path.name
        self.n_ctx = n_ctx
        self.n_batch = n_batch
        if n_threads is None:
            from assistant.core.settings import physical_cores

            n_threads = physical_cores()
        self.n_threads = n_threads
        self.n_gpu_layers = n_gpu_layers
        self.n_seq_max = n_seq_max
        # KV cells one pack may fill. Measured on Gemma 270M (query likelihood, 20 passages): packs as big as
        # n_ctx ran at 0.86-0.89 of raw speed, 512-cell packs at 0.72-0.78 (prefixes re-evaluated, more calls).
        self.pack_tokens = pack_tokens or n_ctx
        self.stats = LLMStats()
        self._lock = threading.Lock()
        self._model = None
        self._ctx = None
        self._batch = None
        self._formatter = None
        self._pieces: list[str | None] | None = None
        self._piece_ids: dict[str, int] | None = None

    # -- loading ------------------------------------------------------------------------------------------------
    def load(self) -> "LlamaCppLLM":
        if self._ctx is not None:
            return self
        with deferred_interrupt():  # a Ctrl-C inside llama.cpp's log callback would be lost, not raised
            return self._load()

    def _load(self) -> "LlamaCppLLM":
        check_gguf(self.path)
        from llama_cpp import _internals as internals
        from llama_cpp import llama_cpp as C
        from llama_cpp._logger import set_verbose

        set_verbose(False)  # llama.cpp's info logs would drown the CLI's own output; errors still show
        mparams = C.llama_model_default_params()
        gpu = bool(C.llama_supports_gpu_offload())
        mparams.n_gpu_layers = (self.n_gpu_layers if self.n_gpu_layers is not None else (-1 if gpu else 0))
        try:
            self._model = internals.LlamaModel(path_model=str(self.path), params=mparams, verbose=False)
        except ValueError as exc:
            size = self.path.stat().st_size / 1e6
            raise ModelLoadError(f"llama.cpp could not load {self.path} ({size:.1f} MB): the file is cut short, "
                                 "damaged, or of a model architecture this llama.cpp does not know",
                                 "copy or download it again (for a bundled model: `assistant models install`), "
                                 "or use another model") from exc
        n_seq = min(self.n_seq_max, int(C.llama_max_parallel_sequences()))
        self.n_seq_max = n_seq
        cparams = C.llama_context_default_params()
        cparams.n_ctx = self.n_ctx
        cparams.n_batch = self.n_batch
        cparams.n_ubatch = self.n_batch
        cparams.n_threads = self.n_threads
        cparams.n_threads_batch = self.n_threads
        cparams.n_seq_max = n_seq
        cparams.kv_unified = True  # a shared prefix is stored once and seen by every sequence that shares it
        cparams.swa_full = True
        cparams.no_perf = True
        from llama_cpp._utils import suppress_stdout_stderr

        try:
            with suppress_stdout_stderr(disable=False):  # llama.cpp prints a SWA-cache notice on stderr
                self._ctx = internals.LlamaContext(model=self._model, params=cparams, verbose=False)
        except ValueError as exc:
            raise ModelLoadError(f"llama.cpp could not create a context of {self.n_ctx} tokens for {self.path}",
                                 "lower n_ctx (ASSISTANT_N_CTX)") from exc
        self._batch = C.llama_batch_init(self.n_batch, 0, n_seq)
        self._n_vocab = self._model.n_vocab()
        self._C = C
        return self

    def close(self) -> None:
        if self._batch is not None:
            self._C.llama_batch_free(self._batch)
            self._batch = None
        if self._ctx is not None:
            self._ctx.close()
            self._model.close()
            self._ctx = self._model = None

    # -- text and tokens ----------------------------------------------------------------------------------------
    @property
    def metadata(self) -> dict[str, str]:
        return self.load()._model.metadata()

    @property
    def chat_template(self) -> str | None:
        return self.metadata.get("tokenizer.chat_template") or None

    def tokenize(self, text: str, *, add_bos: bool = False) -> list[int]:
        """Tokens of `text`; special-token text (like <|im_start|>) is parsed as the special token."""
        return self.load()._model.tokenize(text.encode("utf-8"), add_bos, True)

    def detokenize(self, tokens: Sequence[int]) -> str:
        return self.load()._model.detokenize(list(tokens), special=True).decode("utf-8", errors="replace")

    def bos(self) -> list[int]:
        """The BOS token when the model wants one at the start of a prompt."""
        model = self.load()._model
        return [model.token_bos()] if model.add_bos_token() and model.token_bos() >= 0 else []

    def chat_prompt(self, user: str, system: str | None = None,
                    history: Sequence[tuple[str, str]] = ()) -> str:
        """The user message (after earlier (user, assistant) turns) in the GGUF's chat template.

        A base model without a template gets the plain text, turns separated by blank lines.
        """
        template = self.chat_template
        if not template:
            turns = [t for pair in history for t in pair] + [user]
            return "\n\n".join(([system] if system else []) + turns)
        if self._formatter is None:
            from llama_cpp.llama_chat_format import Jinja2ChatFormatter

            model = self._model
            self._formatter = Jinja2ChatFormatter(
                template=template,
                eos_token=model.token_get_text(model.token_eos()) if model.token_eos() >= 0 else "",
                bos_token=model.token_get_text(model.token_bos()) if model.token_bos() >= 0 else "",
                add_generation_prompt=True,
            )
        messages = [{"role": "system", "content": system}] if system else []
        for asked, answered in history:
            messages += [{"role": "user", "content": asked}, {"role": "assistant", "content": answered}]
        messages.append({"role": "user", "content": user})
        return self._formatter(messages=messages).prompt

    def prompt_tokens(self, prompt: str) -> list[int]:
        """Tokens of a full prompt, with BOS unless the prompt text already starts with it."""
        toks = self.tokenize(prompt)
        bos = self.bos()
        return toks if (not bos or toks[:1] == bos) else bos + toks

    # -- scoring ------------------------------------------------------------------------------------------------
    def score_sequences(self, sequences: Sequence[tuple[Sequence[int], int]]) -> list[np.ndarray]:
        """Log-probabilities of tokens seq[score_from:] of each (tokens, score_from), given what precedes them.

        Requests are packed into tries; common prefixes are evaluated once; logits are read only where needed.
        """
        self.load()
        results: list[np.ndarray | None] = [None] * len(sequences)
        limit = self.n_ctx
        for n, (toks, start) in enumerate(sequences):
            if len(toks) > limit:
                from assistant.core.errors import ContextOverflowError

                raise ContextOverflowError(
                    f"a prompt of {len(toks)} tokens does not fit the model's context of {limit} tokens",
                    "shorten the input (fewer or shorter records), or raise n_ctx (ASSISTANT_N_CTX)")
            if not 1 <= start <= len(toks):
                raise ValueError(f"score_from must be in 1..{len(toks)} (sequence {n})")
        with self._lock:
            pack: list[int] = []
            trie = TokenTrie()
            for n, (toks, _) in enumerate(sequences):
                if pack and (len(pack) >= self.n_seq_max or len(trie.token) + trie.cost_of(toks) > self.pack_tokens):
                    self._run_pack(trie, pack, sequences, results)
                    pack, trie = [], TokenTrie()
                pack.append(n)
                trie.add(sequences[n][0], len(pack) - 1, sequences[n][1])
            if pack:
                self._run_pack(trie, pack, sequences, results)
        self.stats.requests += len(sequences)
        return results  # type: ignore[return-value]

    def _run_pack(self, trie: TokenTrie, pack: list[int], sequences, results) -> None:
        C = self._C
        started = time.perf_counter()
        C.llama_memory_clear(self._ctx.memory, True)
        logprob_rows: dict[int, tuple[float, np.ndarray]] = {}
        # Which next tokens are scored after each node (to read only those entries of its logits row).
        targets: dict[int, set[int]] = {}
        paths = []
        for local, n in enumerate(pack):
            toks, start = sequences[n]
            path = walk(trie, toks)
            paths.append(path)
            for p in range(start - 1, len(toks) - 1):
                targets.setdefault(path[p], set()).add(toks[p + 1])
        for outputs, rows in self._decode_trie(trie, targets):
            lse = logsumexp_rows(rows)
            for r, node in enumerate(outputs):
                wanted = np.fromiter(targets[node], dtype=np.int64)
                logprob_rows[node] = (float(lse[r]), dict(zip(wanted.tolist(), rows[r, wanted].tolist())))
        for local, n in enumerate(pack):
            toks, start = sequences[n]
            path = paths[local]
            out = np.empty(len(toks) - start, dtype=np.float64)
            for j, p in enumerate(range(start - 1, len(toks) - 1)):
                lse, entries = logprob_rows[path[p]]
                out[j] = entries[toks[p + 1]] - lse
            results[n] = out
        self.stats.seconds += time.perf_counter() - started



    def _decode_trie(self, trie: TokenTrie, wanted):
        """Decode every trie node, n_batch at a time, each with all its sequence ids; after each decode yield
        (the nodes in `wanted` it held, their logits rows), valid only until the next decode."""
        batch = self._batch
        n_nodes = len(trie.token)
        for lo in range(0, n_nodes, self.n_batch):
            hi = min(n_nodes, lo + self.n_batch)
            outputs = []
            for i, node in enumerate(range(lo, hi)):
                batch.token[i] = trie.token[node]
                batch.pos[i] = trie.pos[node]
                seqs = trie.seqs[node]
                batch.n_seq_id[i] = len(seqs)
                ids = batch.seq_id[i]
                for k, seq in enumerate(seqs):
                    ids[k] = seq
                want = node in wanted
                batch.logits[i] = want
                if want:
                    outputs.append(node)
            batch.n_tokens = hi - lo
            self._decode()
            if outputs:
                ptr = self._C.llama_get_logits(self._ctx.ctx)
                yield outputs, np.ctypeslib.as_array(ptr, shape=(len(outputs), self._n_vocab))
        self.stats.tokens_evaluated += n_nodes

    def raw_generation_speed(self, n_tokens: int = 64, prompt: int = 64) -> float:
        """llama.cpp's own token-by-token generation speed (one sequence, logits every token), tokens/s."""
        from assistant.backends.llama_speed import raw_generation_speed

        return raw_generation_speed(self, n_tokens, prompt)

    def raw_prompt_speed(self, n_tokens: int = 512, repeats: int = 3) -> float:
        """llama.cpp's own prompt-evaluation speed on this model and context, tokens/s (the benchmark reference)."""
        from assistant.backends.llama_speed import raw_prompt_speed

        return raw_prompt_speed(self, n_tokens, repeats)

    def _decode(self) -> None:
        rc = self._C.llama_decode(self._ctx.ctx, self._batch)
        if rc != 0:
            from assistant.core.errors import LLMRuntimeError

            # llama.h's return codes decide the advice: 1 no KV slot for the batch, 2 aborted, -1 a bad batch,
            # below -1 a compute failure (often memory). The message keeps llama.cpp's words "llama_decode failed".
            why, fix = {
                1: ("no room left in the context for the batch",
                    "give fewer or shorter texts, or raise the context (ASSISTANT_N_CTX)"),
                2: ("aborted", "run the command again"),
                -1: ("an invalid batch", "run `assistant doctor`; if it persists, use another --model"),
            }.get(rc, ("a compute error, often memory running out",
                       "lower the context (ASSISTANT_N_CTX) or give fewer texts at once, close other programs that "
                       "use memory; if it persists, run `assistant doctor` or use another --model"))
            raise LLMRuntimeError(f"llama_decode failed with code {rc} ({why}) in the model {self.name} "
                                  f"(a batch of {self._batch.n_tokens} tokens, n_ctx {self.n_ctx})", fix)
        self.stats.decode_calls += 1

