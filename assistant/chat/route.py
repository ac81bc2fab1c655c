"""Routing a chat request to a tool: embedding similarity first, the LLM's constrained choice second.

1. The request is embedded and compared with each tool's description, example requests and labelled requests
   (examples.py): a softmax over each tool's best cosine ("knn"), a logistic regression fitted on those
   texts' embeddings ("lr"), or the mean of the two give the embedding's probabilities (the policy says which).
2. The LLM answers `{"tool": ...}`, constrained to the tool names: every name is scored as the continuation
   (one pass over the shared prompt), which gives its probabilities.
   The model's log-probabilities for a content-free request ("N/A") are subtracted first (contextual
   calibration): a small model otherwise names the same tool for everything. A model whose policy has shots
   is instead shown the labelled requests nearest the request with their tools, and is not calibrated.
3. The two are averaged with a weight per model (`POLICIES`), and the chat acts only when the best tool's
   averaged probability reaches the model's calibrated "sure" level; else it asks which of the two likeliest
   tools the user meant. Weight and level were fitted on the labelled requests so that acting on the wrong
   tool stays rare on requests the fit never saw (cross-validated: bench/chat_routing.py, bench/results_issue-15.md).
4. The chosen tool's arguments come from the LLM as JSON whose every value is constrained to what the request
   or the data offers (copied text, a number written in the request, an existing field or collection).
"""
from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from assistant.chat import slots
from assistant.chat.examples import LABELLED
from assistant.chat.tools import TOOLS, Param, Tool
from assistant.core.jsongen import Arr, JsonRequest, Obj, Str
from assistant.core.protocols import LLM, Embedder
from assistant.core.templates import render
from assistant.jobs.prompting import json_prompt

EMB_TEMPERATURE = 0.04  # cosine gaps between tools are small; this turns a 0.1 gap into a clear preference
# The logistic regression over the examples' embeddings: C from leave-one-out on the 137 labelled requests
# (top-1 0.818 / 0.810 / 0.818 at C 4 / 16 / 64, calibrated right 0.526 at C 4 and 0.599 at C 16, measured on
# the torch encoder's caches; the best-cosine vote's top-1 is 0.686 with the int8 encoder, the lr's 0.818).
INTENT_C = 16.0


@dataclass(frozen=True)
class Policy:
    """How a model's scores decide: the embedding's share of the averaged probability (1.0: the LLM does not
    vote) and the averaged probability of the best tool at or above which the chat acts without asking."""

    emb_weight: float
    sure: float
    shots: int = 0  # labelled requests most like this one shown to the LLM (route.j2); 0: none
    emb: str = "knn"  # the embedding's vote: "knn" (best cosine per tool), "lr" (fit_intents) or "mean" of both


# Fitted per bundled model on the 137 labelled requests (bench/chat_routing.py, calibrate.fit_checked: most
# requests routed right with a capped number acting on the wrong tool, the cap the loosest whose leave-one-out
# stays within 5%). The way each votes (the embedding's "knn" / "lr" / "mean"; the LLM shown 0 or 8 labelled
# requests) was chosen per model by that leave-one-out, then measured once on 80 requests nobody fitted on
# (bench/data/chat_heldout2), right / wrong-and-acted, 2026-12-03 (bench/results_issue-15.md):
POLICIES: dict[str, Policy] = {
    "smollm2-135m-instruct": Policy(0.3, 0.2337, emb="lr"),  # 0.738 / 0.025
    "gemma3-270m": Policy(0.3, 0.2558, emb="lr"),  # allowance 0.03; 0.650 / 0.025
    "qwen2.5-coder-0.5b": Policy(0.6, 0.4044, emb="lr"),  # allowance 0.02; 0.725 / 0.025
    # Shown its 8 nearest labelled requests, the 1.5B model names the right tool 0.887 of the time alone (0.688
    # without them; the smaller models gain nothing from them): 0.925 / 0.037.
    "qwen2.5-coder-1.5b": Policy(0.6, 0.4243, shots=8, emb="lr"),
}
# The embedding alone (no model loaded, or one nobody measured), fitted the same way: 0.637 / 0.013.
NO_LLM = Policy(1.0, 0.6278, emb="mean")


def policy_for(model: str | None) -> Policy:
    """The calibrated policy of a bundled model; a model nobody measured gets the embedding's alone."""
    return POLICIES.get(model or "", NO_LLM)


@dataclass
class Facts:
    """What the data offers as argument values: the collections and the current collection's fields."""

    collections: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    context: str = ""  # a line for the prompts: the collection in use and the last result


@dataclass
class Route:
    tool: str
    sure: bool
    scores: dict[str, float]  # averaged probability per tool, best first
    embedding: dict[str, float]
    llm: dict[str, float]
    seconds: float = 0.0

    def runners_up(self, n: int = 2) -> list[str]:
        return [t for t in self.scores if t != self.tool][:n]


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max())
    return e / e.sum()


class Router:
    """Chooses a tool and fills its arguments. The LLM is fetched only when first needed (it takes a while to load)."""

    def __init__(self, embedder: Embedder, llm: Callable[[], LLM | None], tools: tuple[Tool, ...] = TOOLS,
                 labelled: tuple[tuple[str, str], ...] = LABELLED):
        self.embedder = embedder
        self.labelled = labelled
        self._llm = llm
        self.tools = tools
        self._matrix: np.ndarray | None = None
        self._owner: np.ndarray | None = None
        self._texts: list[str] = []
        self._intents = None  # fit_intents, fitted when a policy first asks for it
        self._prior: dict[str, np.ndarray] = {}  # context line -> tool log-probs for a content-free request

    # -- choosing the tool ------------------------------------------------------------------------------------
    def _examples(self) -> np.ndarray:
        """The embeddings of every tool's texts and labelled requests (embedded once, on first use)."""
        if self._matrix is None:
            texts, owner = [], []
            for i, tool in enumerate(self.tools):
                mine = tool.texts() + [request for name, request in self.labelled if name == tool.name]
                texts += mine
                owner += [i] * len(mine)
            self._matrix, self._owner, self._texts = self.embedder.embed(texts), np.array(owner), texts
        return self._matrix

    def embedding_scores(self, request: str, vector: np.ndarray | None = None, kind: str = "knn") -> dict[str, float]:
        """Each tool's probability from the request's embedding: a softmax over its best cosine with the tool's
        texts and labelled requests ("knn"), a logistic regression fitted on them ("lr"), or their mean."""
        matrix = self._examples()
        v = self.embedder.embed([request])[0] if vector is None else vector
        sims = matrix @ v
        best = np.array([sims[self._owner == i].max() for i in range(len(self.tools))])
        knn = {t.name: float(p) for t, p in zip(self.tools, _softmax(best / EMB_TEMPERATURE))}
        if kind == "knn":
            return knn
        if self._intents is None:
            self._intents = fit_intents(matrix, np.array([self.tools[i].name for i in self._owner]))
        lr = dict(zip(self._intents.classes_.tolist(), self._intents.predict_proba(v[None])[0].tolist()))
        lr = {t.name: float(lr.get(t.name, 0.0)) for t in self.tools}
        return lr if kind == "lr" else {t: (knn[t] + lr[t]) / 2 for t in knn}

    def nearest(self, request: str, vector: np.ndarray, n: int) -> list[tuple[str, str]]:
        """The n example and labelled requests most like `request` (whose embedding is `vector`), as
        (text, tool), the most similar last; the request itself is never its own example."""
        if n <= 0:
            return []
        sims = self._examples() @ vector
        order = [i for i in np.argsort(-sims) if self._texts[i] != request][:n]
        return [(self._texts[i], self.tools[self._owner[i]].name) for i in reversed(order)]

    def llm_scores(self, request: str, facts: Facts, shots: int = 0,
                   vector: np.ndarray | None = None) -> dict[str, float]:
        llm = self._llm()
        if llm is None:
            return {}
        if shots:
            # Shown the nearest labelled requests, the model is not calibrated: the examples' commands are the
            # point, and a content-free prior computed with them subtracts exactly that (Qwen 1.5B, bench set:
            # top-1 0.882 raw against 0.745 calibrated with the same examples; bench/results_issue-15.md).
            v = self.embedder.embed([request])[0] if vector is None else vector
            logps = tool_logprobs(llm, request, facts.context, self.nearest(request, v, shots), self.tools)
            return {t.name: float(p) for t, p in zip(self.tools, _softmax(logps))}
        logps = tool_logprobs(llm, request, facts.context, (), self.tools)
        if facts.context not in self._prior:  # what the model says with no request: its bias toward names
            self._prior[facts.context] = tool_logprobs(llm, "N/A", facts.context, (), self.tools)
        return {t.name: float(p) for t, p in zip(self.tools, _softmax(logps - self._prior[facts.context]))}

    def choose(self, request: str, facts: Facts, vector: np.ndarray | None = None) -> Route:
        started = time.perf_counter()
        model = self._llm()
        policy = policy_for(getattr(model, "name", None)) if model is not None else NO_LLM
        v = self.embedder.embed([request])[0] if vector is None else vector  # once, for both votes
        emb = self.embedding_scores(request, v, policy.emb)
        # a model that does not vote is not asked
        llm = self.llm_scores(request, facts, policy.shots, v) if policy.emb_weight < 1.0 else {}
        return decide(emb, llm, policy, time.perf_counter() - started)

    # -- filling the arguments --------------------------------------------------------------------------------
    def fill(self, tool: Tool, request: str, facts: Facts) -> dict[str, Any]:
        """The tool's arguments: the LLM's constrained JSON, then the plain reading of the request where it is empty."""
        choices = {p.name: param_choices(p, request, facts) for p in tool.params}
        args: dict[str, Any] = {}
        llm = self._llm() if tool.params else None
        if llm is not None:
            shape = Obj(tuple((p.name, param_shape(p, request, choices[p.name])) for p in tool.params))
            params = [{"name": p.name, "help": p.help, "choices": choices[p.name]} for p in tool.params]
            body = render("route_args.j2", tool=tool, params=params, request=request, context=facts.context)
            gen = llm.generate_json([JsonRequest(json_prompt(llm, body), shape, max_tokens=96)])[0]
            args = json.loads(gen.text)
        return complete_args(tool, args, request, facts)


def fit_intents(vectors: np.ndarray, tools: np.ndarray):
    """A logistic regression from a request's embedding to its tool, fitted on the examples' embeddings."""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=INTENT_C, max_iter=3000).fit(vectors, tools)


def route_prompt(llm: LLM, request: str, context: str, examples: list[tuple[str, str]] = (),
                 tools: tuple[Tool, ...] = TOOLS) -> str:
    """The prompt whose continuation is scored over the tool names."""
    body = render("route.j2", tools=tools, request=request, context=context, examples=list(examples))
    return json_prompt(llm, body) + ' {"tool": "'


def tool_logprobs(llm: LLM, request: str, context: str, examples: list[tuple[str, str]] = (),
                  tools: tuple[Tool, ...] = TOOLS) -> np.ndarray:
    prompt = route_prompt(llm, request, context, examples, tools)
    return np.array(llm.continuation_logprobs(prompt, [f'{t.name}"' for t in tools]))


def decide(emb: dict[str, float], llm: dict[str, float], policy: Policy = NO_LLM, seconds: float = 0.0) -> Route:
    """The averaged probabilities, best first; sure when the best reaches the policy's level."""
    w = policy.emb_weight if llm else 1.0
    combined = {t: w * emb[t] + (1 - w) * llm.get(t, 0.0) for t in emb}
    ranked = dict(sorted(combined.items(), key=lambda kv: -kv[1]))
    top = next(iter(ranked))
    return Route(top, ranked[top] >= policy.sure, ranked, emb, llm, round(seconds, 3))


def param_choices(p: Param, request: str, facts: Facts) -> list[str] | None:
    """The values an argument may take, when they are a closed set; None for text copied from the request."""
    if p.kind == "number":
        return slots.numbers(request) + ["none"]
    if p.kind == "file":
        return slots.files(request) + ["none"]
    if p.kind == "field":
        return [f for f in facts.fields] + ["none"]
    if p.kind == "collection":
        return facts.collections + ["none"]
    if p.kind == "flag":
        return ["no", "yes"]
    return None


def param_shape(p: Param, request: str, choices: list[str] | None):
    if choices is not None:
        return Str(choices=tuple(choices))
    if p.kind == "texts":
        return Arr(Str(source=request, max_len=60), max_items=8)
    return Str(source=request, max_len=240)


_SAVE = re.compile(r"\b(save|saving|write|writing|apply|store|persist|record them|keep them)\b", re.I)


def clean_items(items: list[str]) -> list[str]:
    """Copied list items, stripped and deduplicated; an item that repeats the request's verbs or pronouns is noise."""
    out: dict[str, str] = {}
    for item in items:
        item = item.strip(" ,.;:!?\"'")
        if item and len(item.split()) <= 4 and not _NOISE.search(item):
            out.setdefault(item.lower(), item)
    values = list(out.values())
    # an item inside another ("them by", "them by seniority") means the model copied a phrase, not a list
    if any(a != b and a.lower() in b.lower() for a in values for b in values):
        return []
    return values


_NOISE = re.compile(r"\b(them|those|these|they|classify|label|extract|into|as|by|the|records?)\b", re.I)


def complete_args(tool: Tool, args: dict[str, Any], request: str, facts: Facts) -> dict[str, Any]:
    """The model's arguments, corrected by what the request states plainly.

    A value the request names outright (a field, a collection, a file, a cluster number, a spelled-out list)
    wins over the model's pick: the bundled models lean to the first choice offered. The model's reading
    stays for what the request does not state plainly (the query to search for, a value to filter on).
    """
    out = {k: v for k, v in args.items() if v not in ("none", "", [], None)}
    for key, value in list(out.items()):
        if isinstance(value, list):
            out[key] = clean_items(value)
    out.pop("save", None)
    if any(p.name == "save" for p in tool.params) and _SAVE.search(request):
        out["save"] = "yes"  # saving is asked for in words; a small model says yes (and no) too easily
    for p in tool.params:
        named = None
        if p.kind == "field":
            named = slots.mentioned(request, [f for f in facts.fields if f != "cluster"])
        elif p.kind == "collection":
            named = slots.mentioned(request, facts.collections)
        elif p.kind == "file":
            named = next(iter(slots.files(request)), None)
        elif p.kind == "texts":
            listed = slots.phrase_list(request)
            if len(listed) >= 2:
                out[p.name] = listed
            elif tool.name == "classify" and len(out.get(p.name, [])) < 2:
                out.pop(p.name, None)  # one label is not a classification: ask for them
        elif p.kind == "number" and p.name not in out and slots.numbers(request) and tool.name != "rerank":
            named = slots.numbers(request)[0]
        if named is not None:
            out[p.name] = named
    name = tool.name
    if name in ("search", "answer"):
        key = "query" if name == "search" else "question"
        if len(str(out.get(key, "")).split()) < 2:
            out[key] = request.strip()
    if name == "rerank" and "file" not in out and len(str(out.get("query", "")).split()) < 2:
        out["query"] = slots.quoted(request) or request.strip()
    if name == "filter":
        number = slots.cluster_number(request)
        if number is not None:
            out["field"], out["value"] = "_cluster", number
        elif out.get("field") == "cluster":
            out["field"] = "_cluster"
        elif "field" in out:
            after = slots.value_after(request, out["field"])
            if after and (out.get("value", "").lower() in ("", out["field"].lower()) or
                          out.get("value", "").lower() not in request.lower()):
                out["value"] = after
            elif after and out.get("value") != after and slots.mentioned(request, [out["field"]]):
                out["value"] = after  # "Gender is Female": the word after the field name
    if name == "extract" and out.get("text_field") and not slots.mentioned(request, [out["text_field"]]):
        out.pop("text_field")  # only when the request names the column
    return out
