"""The `LLM` protocol over OpenAI-compatible inference servers (--llm-url), several at once.

Two servers are supported, found out per URL on first use:

- llama-cpp-python's server (`python -m llama_cpp.server`): tokens from /extras/tokenize. Its completions take
  text, not token ids, and its echo log-probabilities are off by one for models without BOS, so a continuation is
  scored by *generating* it: a grammar that allows only its text plus a logit bias on its own token ids makes the
  server produce exactly those tokens, and the log-probabilities it reports are the model's, before grammar and
  bias. Generation uses a GBNF grammar built from the answer's shape (llm_http_grammar), so copied spans are
  verbatim as with the in-process model. The server has no chat-template endpoint: the template (and a tokenizer
  check that the server serves the same model) is read from the same GGUF file on this machine, vocabulary only.
  Start it with `--flash_attn true`; in-process llama.cpp uses flash attention on CPU, and the scores then agree.
- vLLM: tokens from /tokenize, prompts sent as token ids, scores from /v1/completions with echo and logprobs,
  chat prompts rendered by /tokenize with messages, answers constrained by `response_format` json_schema (the
  shape's `to_schema()`; verbatim spans are then not enforced, `conform` cuts what does not fit).

Work is spread over the URLs by `EndpointPool` (bounded, retried, a failing server skipped). Nothing else is sent
anywhere.
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from assistant.backends.http_grammar import conform, gbnf, gbnf_literal
from assistant.backends.http_pool import BadResponse, Endpoint, EndpointPool, need
from assistant.backends.scoring import ContinuationScoring
from assistant.backends.stats import LLMStats
from assistant.core.errors import LLMServerError
from assistant.core.interrupts import deferred_interrupt
from assistant.core.jsongen import Generation, JsonRequest, Line, to_schema

_PROBE = "Probe: <|im_start|> Zürich 42, naïve 東京."  # tokenised by every server: they must agree
_LIMITS = {"llama-cpp-python": 1, "vllm": 8}  # requests in flight per server (llama-cpp-python runs one at a time)


class HttpLLM(ContinuationScoring):
    """An `LLM` whose model runs behind one or more OpenAI-compatible servers (all serving the same model)."""

    def __init__(self, urls: Sequence[str], *, model: str | None = None, n_ctx: int = 8192,
                 template_gguf: str | Path | None = None, per_endpoint: int | None = None, timeout: float = 120.0,
                 retries: int = 2, backoff: float = 0.5, transport: Any = None, name: str | None = None):
        self.pool = EndpointPool(urls, per_endpoint=per_endpoint, timeout=timeout, retries=retries, backoff=backoff,
                                 transport=transport)
        self.model = model
        self.name = name or model or "server"
        self.n_ctx = n_ctx
        self.template_gguf = Path(template_gguf) if template_gguf else None
        self.stats = LLMStats()
        self.retokenized = 0  # scored continuations the server split into other tokens than ours (same text)
        self._lock = threading.Lock()
        self._ready = False
        self._bos: list[int] = []
        self._local: dict[str, Any] | None = None  # the local GGUF's template, BOS/EOS text
        self._formatter = None
        self._texts: OrderedDict[tuple[int, ...], str] = OrderedDict()  # token ids -> the text they came from
        self._tokens: OrderedDict[str, list[int]] = OrderedDict()  # text -> its tokens (no BOS)

    def close(self) -> None:
        self.pool.close()

    # -- discovery --------------------------------------------------------------------------------------------
    def _ensure(self) -> None:
        with self._lock:
            if self._ready:
                return
            reference: list[int] | None = None
            for ep in self.pool.endpoints:
                try:
                    self._probe(ep)
                except Exception as exc:  # unreachable after retries, garbage, or not a supported server
                    self.pool.mark_down(ep, getattr(exc, "message", str(exc)))
                    continue
                if reference is None:
                    reference, first = ep.info["probe"], ep
                elif ep.info["probe"] != reference:
                    self.pool.mark_down(ep, f"serves another model than {first.url} (its tokens differ)")
            if reference is None:
                raise self.pool.all_down()
            self._bos = first.info["bos"]
            if self.name == "server":
                self.name = Path(first.info["model"]).name
            self._check_local(reference)
            self._ready = True

    def _probe(self, ep: Endpoint) -> None:
        models = need(self.pool.post(ep, "/v1/models", None), "data")
        if not isinstance(models, list) or not models:
            raise BadResponse(f"{ep.url}/v1/models lists no model")
        model = self.model or str(need(models, 0, "id"))
        ep.info["model"] = model
        if isinstance(models[0], dict) and isinstance(models[0].get("max_model_len"), int):
            self.n_ctx = min(self.n_ctx, models[0]["max_model_len"])
        try:
            probe = need(self.pool.post(ep, "/extras/tokenize", {"input": _PROBE, "model": model}), "tokens")
            empty = need(self.pool.post(ep, "/extras/tokenize", {"input": "", "model": model}), "tokens")
            ep.info.update(dialect="llama-cpp-python", bos=list(empty[:1]), probe=list(probe[len(empty[:1]):]))
        except LLMServerError:  # no /extras: vLLM's /tokenize
            try:
                probe = self._vllm_tokens(ep, _PROBE, special=False)
            except LLMServerError:
                raise BadResponse(f"{ep.url} is neither llama-cpp-python's server (no /extras/tokenize) nor vLLM "
                                  "(no /tokenize)") from None
            ep.info.update(dialect="vllm", bos=self._vllm_tokens(ep, "", special=True)[:1], probe=probe)
        ep.info["limit"] = _LIMITS[ep.info["dialect"]]

    def _vllm_tokens(self, ep: Endpoint, text: str, special: bool) -> list[int]:
        body = {"model": ep.info["model"], "prompt": text, "add_special_tokens": special}
        tokens = need(self.pool.post(ep, "/tokenize", body), "tokens")
        if not isinstance(tokens, list) or not all(isinstance(t, int) for t in tokens):
            raise BadResponse(f"{ep.url}/tokenize answered tokens that are not token ids: {str(tokens)[:80]}")
        return tokens

    def _check_local(self, server_probe: list[int]) -> None:
        """Read the chat template from the local GGUF, after checking that its tokenizer is the server's (only for
        llama-cpp-python's server: vLLM renders its own template)."""
        if self.template_gguf is None or not self.template_gguf.is_file() or "vllm" in self._dialects():
            return
        from llama_cpp import _internals as internals
        from llama_cpp import llama_cpp as C
        from llama_cpp._logger import set_verbose

        set_verbose(False)
        params = C.llama_model_default_params()
        params.vocab_only = True
        with deferred_interrupt():  # a Ctrl-C inside llama.cpp's log callback would be lost, not raised
            model = internals.LlamaModel(path_model=str(self.template_gguf), params=params, verbose=False)
        try:
            if model.tokenize(_PROBE.encode("utf-8"), False, True) != server_probe:
                raise LLMServerError(f"the server's model is not {self.template_gguf} (their tokenizers differ)",
                                     "pass --model with the GGUF file the server serves (only its chat template "
                                     "and tokenizer are read)")
            text = (lambda tok: model.token_get_text(tok) if tok >= 0 else "")
            self._local = {"template": model.metadata().get("tokenizer.chat_template") or None,
                           "bos": text(model.token_bos()), "eos": text(model.token_eos())}
        finally:
            model.close()

    def _dialects(self) -> set[str]:
        return {e.info.get("dialect") for e in self.pool.alive()}

    # -- text and tokens --------------------------------------------------------------------------------------
    def _remember(self, tokens: list[int], text: str) -> None:
        for cache, key, value in ((self._texts, tuple(tokens), text), (self._tokens, text, tokens)):
            cache[key] = value
            cache.move_to_end(key)
            while len(cache) > 50_000:
                cache.popitem(last=False)

    def tokenize(self, text: str) -> list[int]:
        """The server's tokens of text, without BOS; special-token text becomes the special token."""
        self._ensure()
        known = self._tokens.get(text)
        if known is not None:
            return list(known)

        def unit(ep: Endpoint) -> list[int]:
            if ep.info["dialect"] == "vllm":
                return self._vllm_tokens(ep, text, special=False)
            toks = need(self.pool.post(ep, "/extras/tokenize", {"input": text, "model": ep.info["model"]}), "tokens")
            return list(toks[1:] if ep.info["bos"] and toks[:1] == ep.info["bos"] else toks)

        tokens = self.pool.call(unit)
        self._remember(tokens, text)
        return list(tokens)

    def prompt_tokens(self, prompt: str) -> list[int]:
        toks = self.tokenize(prompt)
        full = toks if (not self._bos or toks[:1] == self._bos) else self._bos + toks
        self._texts[tuple(full)] = prompt
        return full

    @property
    def chat_template(self) -> str | None:
        """The model's chat template (None: a base model, prompts are plain text)."""
        self._ensure()
        if self._local is not None:
            return self._local["template"]
        if "vllm" in self._dialects():
            return "(the server's)"
        raise LLMServerError("llama-cpp-python's server does not tell its chat template",
                             "pass --model with the GGUF file the server serves (only its chat template and tokenizer "
                             "are read), or use vLLM")

    def chat_prompt(self, user: str, system: str | None = None, history: Sequence[tuple[str, str]] = ()) -> str:
        template = self.chat_template
        messages = [{"role": "system", "content": system}] if system else []
        for asked, answered in history:
            messages += [{"role": "user", "content": asked}, {"role": "assistant", "content": answered}]
        messages.append({"role": "user", "content": user})
        if self._local is None:  # vLLM renders it
            def unit(ep: Endpoint) -> str:
                body = {"model": ep.info["model"], "messages": messages, "add_generation_prompt": True,
                        "add_special_tokens": False}
                toks = need(self.pool.post(ep, "/tokenize", body), "tokens")
                return str(need(self.pool.post(ep, "/detokenize", {"model": ep.info["model"], "tokens": toks}),
                                "prompt"))
            return self.pool.call(unit)
        if not template:
            return "\n\n".join(([system] if system else []) + [t for pair in history for t in pair] + [user])
        if self._formatter is None:
            from llama_cpp.llama_chat_format import Jinja2ChatFormatter

            self._formatter = Jinja2ChatFormatter(template=template, eos_token=self._local["eos"],
                                                  bos_token=self._local["bos"], add_generation_prompt=True)
        return self._formatter(messages=messages).prompt

    def _text_of(self, tokens: Sequence[int], ep: Endpoint) -> str:
        """Text that llama-cpp-python's server turns back into these tokens (it adds the BOS itself)."""
        text = self._texts.get(tuple(tokens))
        if text is None:
            raise LLMServerError("a token sequence to score was not made by this backend's tokenize()",
                                 "build scoring requests from llm.tokenize / llm.prompt_tokens (a bug in the caller)")
        bos_text = (self._local or {}).get("bos")
        if ep.info["bos"] and tokens[:1] == ep.info["bos"] and bos_text and text.startswith(bos_text):
            text = text[len(bos_text):]  # the template wrote BOS as text; the server adds its own
        return text

    # -- scoring ----------------------------------------------------------------------------------------------
    def score_sequences(self, sequences: Sequence[tuple[Sequence[int], int]]) -> list[np.ndarray]:
        """Log-probabilities of tokens seq[score_from:] of each (tokens, score_from), given what precedes them.

        Sequences that share a prefix are one unit of work, sent one after the other to the same server, whose
        prompt cache then evaluates the prefix once.
        """
        self._ensure()
        groups: dict[tuple[int, ...], list[int]] = {}
        for n, (toks, start) in enumerate(sequences):
            if not 1 <= start <= len(toks):
                raise ValueError(f"score_from must be in 1..{len(toks)} (sequence {n})")
            groups.setdefault(tuple(toks[:start]), []).append(n)
        results: list[np.ndarray | None] = [None] * len(sequences)

        def unit_for(members: list[int]):
            def unit(ep: Endpoint) -> list[np.ndarray]:
                return [self._score_one(ep, list(sequences[n][0]), sequences[n][1]) for n in members]
            return unit

        started = time.perf_counter()
        member_lists = list(groups.values())
        for members, rows in zip(member_lists, self.pool.run([unit_for(m) for m in member_lists])):
            for n, row in zip(members, rows):
                results[n] = row
        self.stats.seconds += time.perf_counter() - started
        self.stats.requests += len(sequences)
        self.stats.tokens_evaluated += sum(len(t) for t, _ in sequences)
        return results  # type: ignore[return-value]

    def _score_one(self, ep: Endpoint, toks: list[int], start: int) -> np.ndarray:
        cont = toks[start:]
        if not cont:
            return np.zeros(0)
        if ep.info["dialect"] == "vllm":
            body = {"model": ep.info["model"], "prompt": toks, "max_tokens": 1, "echo": True, "logprobs": 0,
                    "temperature": 0}
            got = need(self.pool.post(ep, "/v1/completions", body), "choices", 0, "logprobs", "token_logprobs")
            return _floats(got[start:len(toks)] if isinstance(got, list) else None, len(cont), ep)
        cont_text = self._text_of(cont, ep)
        body = {"model": ep.info["model"], "prompt": self._text_of(toks[:start], ep), "max_tokens": len(cont) + 4,
                "temperature": 0, "repeat_penalty": 1.0, "logprobs": 0,
                "grammar": f"root ::= {gbnf_literal(cont_text)}\n", "logit_bias": {str(t): 100.0 for t in set(cont)}}
        answer = self.pool.post(ep, "/v1/completions", body)
        if need(answer, "choices", 0, "text") != cont_text:
            raise BadResponse(f"{ep.url} did not follow the grammar (a llama.cpp-based server is needed to score)")
        got = need(answer, "choices", 0, "logprobs", "token_logprobs")
        if isinstance(got, list) and len(got) != len(cont):
            self.retokenized += 1
        return _floats(got, len(got) if isinstance(got, list) else 0, ep)



    # -- constrained generation -------------------------------------------------------------------------------
    def generate_json(self, requests: Sequence[JsonRequest]) -> list[Generation]:
        """Greedy answers of each request's shape: a GBNF grammar on llama.cpp servers, json_schema on vLLM."""
        self._ensure()
        prompts = [self.prompt_tokens(r.prompt) for r in requests]

        def unit_for(req: JsonRequest, toks: list[int]):
            def unit(ep: Endpoint) -> Generation:
                body: dict[str, Any] = {"model": ep.info["model"], "max_tokens": req.max_tokens, "temperature": 0}
                if ep.info["dialect"] == "vllm":
                    body["prompt"] = toks
                    if isinstance(req.shape, Line):
                        body.update(stop=["\n"], include_stop_str_in_output=True)
                    else:
                        body["response_format"] = {"type": "json_schema", "json_schema": {
                            "name": "answer", "schema": to_schema(req.shape)}}
                else:
                    body.update(prompt=self._text_of(toks, ep), grammar=gbnf(req.shape), repeat_penalty=1.0)
                answer = self.pool.post(ep, "/v1/completions", body)
                text = need(answer, "choices", 0, "text")
                if not isinstance(text, str):
                    raise BadResponse(f"{ep.url} answered a completion that is not text: {str(text)[:80]}")
                used = answer.get("usage", {}).get("completion_tokens", 0) if isinstance(answer, dict) else 0
                fitted, complete = conform(req.shape, text)
                return Generation(fitted, int(used or 0), 0 if complete else 1, complete)
            return unit

        started = time.perf_counter()
        out = self.pool.run([unit_for(r, t) for r, t in zip(requests, prompts)])
        self.stats.seconds += time.perf_counter() - started
        self.stats.requests += len(requests)
        self.stats.tokens_evaluated += sum(len(t) for t in prompts)
        self.stats.tokens_generated += sum(g.tokens for g in out)
        return out


def _floats(values: Any, n: int, ep: Endpoint) -> np.ndarray:
    if not isinstance(values, list) or len(values) != n or not all(isinstance(v, (int, float)) for v in values):
        raise BadResponse(f"{ep.url} answered log-probabilities that are missing or not numbers: {str(values)[:120]}")
    return np.asarray(values, dtype=np.float64)
