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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np

from .errors import ModelLoadError, ModelNotFoundError
from .jsongen import Generation, JsonRequest, Machine

_GGUF_MAGIC = b"GGUF"


@dataclass
class LLMStats:
    """Counters for benchmarks: tokens decoded, decode calls and time spent in them."""

    tokens_evaluated: int = 0
    decode_calls: int = 0
    requests: int = 0
    seconds: float = 0.0
    tokens_generated: int = 0

    def snapshot(self) -> "LLMStats":
        return LLMStats(self.tokens_evaluated, self.decode_calls, self.requests, self.seconds, self.tokens_generated)

    def since(self, before: "LLMStats") -> "LLMStats":
        return LLMStats(self.tokens_evaluated - before.tokens_evaluated, self.decode_calls - before.decode_calls,
                        self.requests - before.requests, self.seconds - before.seconds,
                        self.tokens_generated - before.tokens_generated)


@dataclass
class GenRequest:
    """One constrained generation: prompt tokens (BOS included) and the machine its answer must satisfy."""

    prompt: list[int]
    machine: "Machine"
    max_tokens: int = 256


@dataclass
class _Trie:
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


class LlamaCppLLM:
    """A GGUF model in-process through llama-cpp-python. Loaded lazily, once; safe to share in one process."""

    def __init__(self, model_path: str | Path, *, n_ctx: int = 4096, n_batch: int = 512, n_threads: int | None = None,
                 n_gpu_layers: int | None = None, n_seq_max: int = 32, pack_tokens: int | None = None,
                 name: str | None = None):
        self.path = Path(model_path)
        self.name = name or self.path.name
        self.n_ctx = n_ctx
        self.n_batch = n_batch
        if n_threads is None:
            from .settings import physical_cores

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
    def _check_file(self) -> None:
        """Refuse what llama.cpp would only call 'failed to load': a missing, unreadable, cut or foreign file."""
        if not self.path.exists():
            raise ModelNotFoundError(f"model file {self.path} does not exist",
                                     "run `assistant models install`, or pass --model PATH to a .gguf file")
        if not self.path.is_file():
            raise ModelLoadError(f"{self.path} is not a file", "pass --model PATH to a .gguf file")
        try:
            with open(self.path, "rb") as fh:
                head = fh.read(24)
        except OSError as exc:
            raise ModelLoadError(f"cannot read the model file {self.path}: {exc.strerror}",
                                 "check the file's permissions") from exc
        if head[:4] != _GGUF_MAGIC:
            raise ModelLoadError(f"{self.path} is not a GGUF model file", "give a .gguf file (see models.md)")
        # The header: magic, version (u32), tensor count (u64), metadata count (u64), little-endian.
        if len(head) < 24:
            raise ModelLoadError(f"{self.path} is cut short ({len(head)} bytes, less than a GGUF header)",
                                 "the download or copy was interrupted: run `assistant models install` again, or "
                                 "copy the file again")
        version = int.from_bytes(head[4:8], "little")
        if version not in (1, 2, 3):
            raise ModelLoadError(f"{self.path} has GGUF version {version}, which this llama.cpp does not read",
                                 "convert it with a current llama.cpp, or use a bundled model")
        if int.from_bytes(head[8:16], "little") == 0:
            raise ModelLoadError(f"{self.path} holds no tensors (a GGUF vocabulary or metadata file, not a model)",
                                 "give a model .gguf file (see models.md)")

    def load(self) -> "LlamaCppLLM":
        if self._ctx is not None:
            return self
        self._check_file()
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
                from .errors import ContextOverflowError

                raise ContextOverflowError(
                    f"a prompt of {len(toks)} tokens does not fit the model's context of {limit} tokens",
                    "shorten the input (fewer or shorter records), or raise n_ctx (ASSISTANT_N_CTX)")
            if not 1 <= start <= len(toks):
                raise ValueError(f"score_from must be in 1..{len(toks)} (sequence {n})")
        with self._lock:
            pack: list[int] = []
            trie = _Trie()
            for n, (toks, _) in enumerate(sequences):
                if pack and (len(pack) >= self.n_seq_max or len(trie.token) + trie.cost_of(toks) > self.pack_tokens):
                    self._run_pack(trie, pack, sequences, results)
                    pack, trie = [], _Trie()
                pack.append(n)
                trie.add(sequences[n][0], len(pack) - 1, sequences[n][1])
            if pack:
                self._run_pack(trie, pack, sequences, results)
        self.stats.requests += len(sequences)
        return results  # type: ignore[return-value]

    def _run_pack(self, trie: _Trie, pack: list[int], sequences, results) -> None:
        C = self._C
        started = time.perf_counter()
        C.llama_memory_clear(self._ctx.memory, True)
        logprob_rows: dict[int, tuple[float, np.ndarray]] = {}
        # Which next tokens are scored after each node (to read only those entries of its logits row).
        targets: dict[int, set[int]] = {}
        paths = []
        for local, n in enumerate(pack):
            toks, start = sequences[n]
            path = _walk(trie, toks)
            paths.append(path)
            for p in range(start - 1, len(toks) - 1):
                targets.setdefault(path[p], set()).add(toks[p + 1])
        for outputs, rows in self._decode_trie(trie, targets):
            lse = _logsumexp_rows(rows)
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

    def continuation_logprobs(self, prompt: str, continuations: Sequence[str]) -> list[float]:
        """Summed log-probability of each continuation right after the prompt (the prompt is evaluated once)."""
        from .prompting import continuation_logprobs

        return continuation_logprobs(self, prompt, continuations)

    def next_token_probs(self, prompt: str, tokens: Sequence[str]) -> list[float]:
        """Probability that the next token is each of the given strings' first token."""
        from .prompting import next_token_probs

        return next_token_probs(self, prompt, tokens)

    # -- constrained generation ---------------------------------------------------------------------------------
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
                from .errors import ContextOverflowError

                raise ContextOverflowError(
                    f"a prompt of {len(req.prompt)} tokens plus {req.max_tokens} to generate does not fit the "
                    f"model's context of {self.n_ctx} tokens",
                    "shorten the input (smaller chunks, fewer examples), or raise n_ctx (ASSISTANT_N_CTX)")
        results: list[Generation | None] = [None] * len(requests)
        with self._lock:
            pack: list[int] = []
            trie = _Trie()
            budget = 0
            for n, req in enumerate(requests):
                cost = trie.cost_of(req.prompt) + req.max_tokens
                if pack and (len(pack) >= self.n_seq_max or len(trie.token) + budget + cost > self.pack_tokens):
                    self._generate_pack(trie, pack, requests, results, top_k)
                    pack, trie, budget = [], _Trie(), 0
                pack.append(n)
                trie.add(req.prompt, len(pack) - 1)
                budget += req.max_tokens
            if pack:
                self._generate_pack(trie, pack, requests, results, top_k)
        self.stats.requests += len(requests)
        return results  # type: ignore[return-value]

    def _generate_pack(self, trie: _Trie, pack: list[int], requests, results, top_k: int) -> None:
        C = self._C
        started = time.perf_counter()
        C.llama_memory_clear(self._ctx.memory, True)
        states = [_GenState(requests[n], local) for local, n in enumerate(pack)]
        last = {}
        for local, n in enumerate(pack):
            last.setdefault(_walk(trie, requests[n].prompt)[-1], []).append(local)
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

    def _decode_trie(self, trie: _Trie, wanted):
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

    def _decode(self) -> None:
        rc = self._C.llama_decode(self._ctx.ctx, self._batch)
        if rc != 0:
            from .errors import LLMRuntimeError

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

    def _choose(self, st: "_GenState", row: np.ndarray, top_k: int) -> None:
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

    def raw_generation_speed(self, n_tokens: int = 64, prompt: int = 64) -> float:
        """llama.cpp's own token-by-token generation speed (one sequence, logits every token), tokens/s."""
        self.load()
        C, b = self._C, self._batch
        with self._lock:
            C.llama_memory_clear(self._ctx.memory, True)
            for i in range(prompt):
                b.token[i], b.pos[i], b.n_seq_id[i], b.logits[i] = 100 + i, i, 1, False
                b.seq_id[i][0] = 0
            b.n_tokens = prompt
            if C.llama_decode(self._ctx.ctx, b) != 0:
                raise RuntimeError("llama_decode failed")
            t = time.perf_counter()
            for j in range(n_tokens):
                b.token[0], b.pos[0], b.n_seq_id[0], b.logits[0] = 200 + j, prompt + j, 1, True
                b.seq_id[0][0] = 0
                b.n_tokens = 1
                if C.llama_decode(self._ctx.ctx, b) != 0:
                    raise RuntimeError("llama_decode failed")
                row = np.ctypeslib.as_array(C.llama_get_logits(self._ctx.ctx), shape=(self._n_vocab,))
                int(row.argmax())  # choosing the token is part of generating it
            return n_tokens / (time.perf_counter() - t)

    def raw_prompt_speed(self, n_tokens: int = 512, repeats: int = 3) -> float:
        """llama.cpp's own prompt-evaluation speed on this model and context, tokens/s (the benchmark reference)."""
        self.load()
        C = self._C
        rng = np.random.default_rng(0)
        toks = rng.integers(100, min(self._n_vocab, 30000), size=n_tokens).tolist()
        best = 0.0
        with self._lock:
            for _ in range(repeats):
                C.llama_memory_clear(self._ctx.memory, True)
                t = time.perf_counter()
                for lo in range(0, n_tokens, self.n_batch):
                    chunk = toks[lo:lo + self.n_batch]
                    b = self._batch
                    for i, tok in enumerate(chunk):
                        b.token[i] = tok
                        b.pos[i] = lo + i
                        b.n_seq_id[i] = 1
                        b.seq_id[i][0] = 0
                        b.logits[i] = False
                    b.logits[len(chunk) - 1] = True
                    b.n_tokens = len(chunk)
                    if C.llama_decode(self._ctx.ctx, b) != 0:
                        raise RuntimeError("llama_decode failed")
                best = max(best, n_tokens / (time.perf_counter() - t))
        return best


class _GenState:
    def __init__(self, req: GenRequest, seq: int):
        self.seq = seq
        self.machine = req.machine
        self.max_tokens = req.max_tokens
        self.pos = len(req.prompt)
        self.pending: int | None = None
        self.chosen = 0
        self.forced = 0
        self.finished = True


def _walk(trie: _Trie, tokens: Sequence[int]) -> list[int]:
    level, path = trie.roots, []
    for tok in tokens:
        node = level[tok]
        path.append(node)
        level = trie.children[node]
    return path


def _logsumexp_rows(rows: np.ndarray, chunk: int = 16) -> np.ndarray:
    """Row-wise log-sum-exp, in chunks so a 262k-token vocabulary never needs a huge temporary."""
    out = np.empty(rows.shape[0], dtype=np.float64)
    for lo in range(0, rows.shape[0], chunk):
        part = rows[lo:lo + chunk]
        m = part.max(axis=1, keepdims=True)
        out[lo:lo + chunk] = (m[:, 0] + np.log(np.exp(part - m).sum(axis=1))).astype(np.float64)
    return out
