"""Test doubles for the backend protocols: deterministic, instant, no models."""
from __future__ import annotations

import hashlib
import re
from typing import Any

import numpy as np

from assistant.core.errors import CollectionNotFoundError


class FakeEmbedder:
    """Bag of words hashed into 64 dims, L2-normalised: texts sharing words are similar."""

    def __init__(self, name: str = "fake-embedder", window: int = 64):
        self.name = name
        self.window = window
        self.calls = 0

    @property
    def dimension(self) -> int:
        return 64

    @property
    def max_tokens(self) -> int:
        return self.window

    def count_over_window(self, texts):
        return sum(1 for t in texts if len(t.split()) > self.window)

    def embed(self, texts):
        self.calls += 1
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in re.findall(r"\w+", t.lower()):
                out[i, int(hashlib.md5(w.encode()).hexdigest(), 16) % 64] += 1.0
            out[i] /= max(np.linalg.norm(out[i]), 1e-9)
        return out


class MappedEmbedder(FakeEmbedder):
    """Vectors from a function of the text (not normalised: callers must not rely on it), so a test can make one
    model provably better than another: e.g. one that sees a text's topic and one that sees only its length."""

    def __init__(self, name: str, vector, backend: str | None = None):
        super().__init__(name)
        self.vector = vector
        self.texts: list[str] = []
        if backend is not None:
            self.backend = backend

    def embed(self, texts):
        self.calls += 1
        self.texts.extend(texts)
        return np.asarray([self.vector(t) for t in texts], dtype=np.float32).reshape(len(texts), -1)


class MemoryStore:
    """The Store protocol in memory, with Chroma's where-filter subset the tool uses."""

    def __init__(self, batch: int = 1000):
        self.cols: dict[str, dict[str, Any]] = {}
        self.batch = batch
        self.upserts = 0

    def _c(self, name):
        if name not in self.cols:
            raise CollectionNotFoundError(f"no collection {name!r}")
        return self.cols[name]

    def list_collections(self):
        return sorted(self.cols)

    def collection_info(self, name):
        return dict(self._c(name)["info"])

    def ensure_collection(self, name, info):
        self.cols.setdefault(name, {"info": dict(info), "rows": {}})
        return dict(self.cols[name]["info"])

    def set_collection_info(self, name, info):
        self._c(name)["info"].update(info)

    def delete_collection(self, name):
        self._c(name)
        del self.cols[name]

    def count(self, name):
        return len(self._c(name)["rows"])

    def max_batch_size(self):
        return self.batch

    def upsert(self, name, ids, embeddings, documents, metadatas):
        assert len(ids) <= self.batch
        self.upserts += 1
        rows = self._c(name)["rows"]
        for i, e, d, m in zip(ids, embeddings, documents, metadatas):
            rows[i] = {"e": np.asarray(e, dtype=np.float32), "d": d, "m": dict(m)}

    def update_metadata(self, name, ids, metadatas):
        rows = self._c(name)["rows"]
        for i, m in zip(ids, metadatas):
            rows[i]["m"].update(m)

    def delete(self, name, ids):
        for i in ids:
            self._c(name)["rows"].pop(i, None)

    @staticmethod
    def _match(meta, where):
        if not where:
            return True
        if "$and" in where:
            return all(MemoryStore._match(meta, w) for w in where["$and"])
        ((field, cond),) = where.items()
        if not isinstance(cond, dict):
            cond = {"$eq": cond}
        ((op, val),) = cond.items()
        have = meta.get(field)
        if have is None:
            return op == "$ne"
        return {"$eq": have == val, "$ne": have != val, "$gt": have > val, "$gte": have >= val,
                "$lt": have < val, "$lte": have <= val}[op]

    def get(self, name, ids=None, where=None, include_embeddings=False):
        rows = self._c(name)["rows"]
        keys = [i for i in (ids if ids is not None else rows) if i in rows and self._match(rows[i]["m"], where)]
        return {"ids": keys, "documents": [rows[i]["d"] for i in keys], "metadatas": [dict(rows[i]["m"]) for i in keys],
                "embeddings": (np.stack([rows[i]["e"] for i in keys]) if keys else np.zeros((0, 0), np.float32))
                if include_embeddings else None}

    def query(self, name, embedding, k, where=None):
        got = self.get(name, where=where, include_embeddings=True)
        if not got["ids"]:
            return {"ids": [], "documents": [], "metadatas": [], "distances": []}
        dist = 1.0 - got["embeddings"] @ np.asarray(embedding, dtype=np.float32)
        order = np.argsort(dist, kind="stable")[:k]
        return {"ids": [got["ids"][i] for i in order], "documents": [got["documents"][i] for i in order],
                "metadatas": [got["metadatas"][i] for i in order], "distances": [float(dist[i]) for i in order]}


class FakeLLM:
    """A word-level 'language model' that likes to repeat words it has seen: instant and deterministic.

    log p(token) = log 0.5 if the same word occurred earlier in the sequence, else log 0.01. This gives the
    scoring jobs real signal (a passage containing the query's words makes the query likely) without a model.
    """

    name = "fake-llm"
    n_ctx = 4096

    def __init__(self, bias_first: str | None = None):
        self.vocab: dict[str, int] = {"<s>": 0}
        self.words: list[str] = ["<s>"]
        self.calls = 0
        self.requests = 0  # sequences scored and answers generated: what a job's Usage counts as LLM calls
        self.tokens_evaluated = 0
        self.bias_first = bias_first  # e.g. "A": always prefer this answer token (position bias)

    def tokenize(self, text: str) -> list[int]:
        out = []
        for w in re.findall(r"\w+|[^\w\s]", text.lower()):
            if w not in self.vocab:
                self.vocab[w] = len(self.words)
                self.words.append(w)
            out.append(self.vocab[w])
        return out

    def chat_prompt(self, user: str, system: str | None = None, history=()) -> str:
        turns = "".join(f"{u}\nanswer : {a}\n" for u, a in history)
        return (system + "\n" if system else "") + turns + user + "\nanswer :"

    def prompt_tokens(self, prompt: str) -> list[int]:
        return [0] + self.tokenize(prompt)

    def _logp(self, seen: set[int], tok: int) -> float:
        if self.bias_first is not None and self.words[tok] == self.bias_first.lower():
            return float(np.log(0.9))
        return float(np.log(0.5 if tok in seen else 0.01))

    def score_sequences(self, sequences):
        self.calls += 1
        self.requests += len(sequences)
        out = []
        for toks, start in sequences:
            if len(toks) > self.n_ctx:
                from assistant.core.errors import ContextOverflowError

                raise ContextOverflowError("too long", "shorten it")
            self.tokens_evaluated += len(toks)
            seen = set(toks[:start])
            vals = []
            for t in toks[start:]:
                vals.append(self._logp(seen, t))
                seen.add(t)
            out.append(np.array(vals))
        return out

    def continuation_logprobs(self, prompt, continuations):
        base = self.prompt_tokens(prompt)
        return [float(r.sum()) for r in self.score_sequences([(base + self.tokenize(c), len(base))
                                                               for c in continuations])]

    def next_token_probs(self, prompt, tokens):
        base = self.prompt_tokens(prompt)
        return [float(np.exp(r[0])) for r in self.score_sequences([(base + self.tokenize(t)[:1], len(base))
                                                                   for t in tokens])]

    # -- generation: answers follow the shape; what they say comes from simple rules over the prompt --------
    answers: dict[str, str] | None = None  # value -> field: which copied words go to which field

    def generate_json(self, requests):
        import json

        from assistant.core.jsongen import Generation, Machine

        self.calls += 1
        self.requests += len(requests)
        self.generated_prompts = [r.prompt for r in requests]
        out = []
        for r in requests:
            answer = self._answer(r.prompt, r.shape)
            text = answer if isinstance(answer, str) and answer.endswith("\n") else json.dumps(answer, ensure_ascii=False)
            machine = Machine.of(r.shape)
            assert machine.feed_text(text) and machine.done, f"fake answer {text!r} does not fit its shape"
            out.append(Generation(text, tokens=len(text.split())))
        return out

    def _answer(self, prompt, shape):
        from assistant.core.jsongen import Obj

        if isinstance(shape, Obj):
            first = shape.props[0][0] if shape.props else None
            return {k: self._field(prompt, k, v, first) for k, v in shape.props}
        return self._field(prompt, None, shape, None)

    def _field(self, prompt, key, shape, first):
        from assistant.core.jsongen import Arr, Num, Str

        if isinstance(shape, Arr) and isinstance(shape.item, Str) and shape.item.source is not None:
            words = list(dict.fromkeys(re.findall(r"\b[A-Z][\w-]*\b", shape.item.source)))
            if self.answers is not None:
                words = [w for w in words if self.answers.get(w) == key]
            elif key != first:
                words = []
            return words[:shape.max_items]
        if isinstance(shape, Num):
            return 0
        from assistant.core.jsongen import Line

        if isinstance(shape, Line):
            return " 0\n" if shape.number else " unknown\n"
        if isinstance(shape, Str) and shape.choices:
            counts = {c: prompt.lower().count(c.lower()) for c in shape.choices}
            return max(shape.choices, key=lambda c: (counts[c], -shape.choices.index(c)))
        return "unknown"
