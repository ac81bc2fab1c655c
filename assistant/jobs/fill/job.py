"""Fill: predict a record's missing field from what is left in it and from its nearest neighbours.

The neighbours that do have the field are few-shot examples, as in Narayan et al., "Can Foundation Models
Wrangle Your Data?" (2022): each is written as its `field: value` lines with the missing field last, then the
record itself ends with `field:`. The LLM does not write the answer freely: the candidate values (the
neighbours' values, the collection's most frequent values and, for open fields, one constrained generated
value) are each scored as the continuation, and their softmax is the confidence. `method="knn"` is the
baseline without an LLM: a similarity-weighted vote of the neighbours.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable, Literal, Sequence

import numpy as np
from pydantic import BaseModel, Field

from assistant.core.jsongen import JsonRequest, Line
from assistant.core.protocols import LLM, Embedder
from assistant.data.readers import is_missing
from assistant.jobs.contract import JobResult, Meter, Progress

Kind = Literal["categorical", "numeric", "text"]
Method = Literal["auto", "llm", "llm-only", "learned", "knn"]
METHODS = ("auto", "llm", "llm-only", "learned", "knn")
# Weight of the LLM's log-probabilities against the learned model's in "llm", chosen on the restaurant
# validation split among 0.25, 0.5 and 1 (bench/RESULTS.md); every weight there was below "learned" alone.
LLM_WEIGHT = 0.25
INTERNAL = "_"


class Evidence(BaseModel):
    """A part of the record that supports the value: the value itself, or a clue it shares with neighbours."""

    field: str
    start: int  # offsets in that field's value
    end: int
    text: str
    why: str


class Proposal(BaseModel):
    id: str
    value: Any = None  # None: left missing (below min_confidence)
    best: Any = None  # the most likely value, even when below min_confidence
    confidence: float
    method: Method
    neighbours: list[str]
    evidence: list[Evidence] = []
    alternatives: list[tuple[Any, float]] = []


@dataclass
class Row:
    """A record as fill sees it: id, fields (internal keys dropped) and its embedding."""

    id: str
    fields: dict[str, Any]
    vector: np.ndarray


def detect_kind(values: Sequence[Any]) -> Kind:
    """Numbers when every value is one; categories when values repeat (few distinct); free text otherwise."""
    if values and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return "numeric"
    distinct = len({_key(v) for v in values})
    if values and (distinct <= 50 or distinct <= 0.3 * len(values)):
        return "categorical"
    return "text"


def _key(value: Any) -> str:
    return str(value).strip().casefold()


def record_lines(fields: dict[str, Any], field: str, value: Any = None) -> str:
    """The record as `name: value` lines with `field` last (its value, or nothing to be predicted)."""
    lines = [f"{k}: {_one_line(v)}" for k, v in fields.items() if k != field and not k.startswith(INTERNAL)]
    lines.append(f"{field}:" + (f" {_one_line(value)}" if value is not None else ""))
    return "\n".join(lines)


def _one_line(value: Any) -> str:
    return " ".join(str(value).split())


def neighbours(targets: list[Row], matrix: np.ndarray, k: int) -> list[list[tuple[int, float]]]:
    """For each target, the k most similar known rows (index into matrix's rows, cosine), in one product."""
    if not targets:
        return []
    sims = np.stack([t.vector for t in targets]).astype(np.float32) @ matrix.T
    return [[(int(i), float(row[i])) for i in np.argsort(-row)[:k]] for row in sims]


def knn_vote(field: str, near: list[tuple[int, float]], known: list[Row]) -> list[tuple[Any, float]]:
    """Values by similarity-weighted vote share, best first (same value in another case counts together)."""
    votes: dict[str, float] = {}
    shown: dict[str, Any] = {}
    for i, sim in near:
        v = known[i].fields[field]
        votes[_key(v)] = votes.get(_key(v), 0.0) + max(sim, 0.0) + 1e-6
        shown.setdefault(_key(v), v)
    total = sum(votes.values()) or 1.0
    return sorted(((shown[key], w / total) for key, w in votes.items()), key=lambda x: -x[1])


class LearnedPrior:
    """A classifier of the field's value trained on the records that have it: TF-IDF character n-grams of each
    other field (so "212/" in a phone and "212-" are different clues) and logistic regression.

    It learns what the collection's own conventions are (one source writes "new york", another "new york
    city") which neither neighbours nor a small LLM pick up. Only for categorical fields with enough rows.
    """

    def __init__(self, field: str, known: list[Row]):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        self.inputs = sorted({k for r in known for k in r.fields if k != field})
        self.vectorizers = {
            name: TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4), sublinear_tf=True, lowercase=True)
            .fit([_one_line(r.fields.get(name, "")) for r in known] + ["x"]) for name in self.inputs}
        labels = [_key(r.fields[field]) for r in known]
        self.shown = {}
        for r in known:
            self.shown.setdefault(_key(r.fields[field]), r.fields[field])
        self.model = LogisticRegression(C=10.0, max_iter=2000).fit(self._features(known), labels)

    @staticmethod
    def usable(known: list[Row], field: str) -> bool:
        counts = Counter(_key(r.fields[field]) for r in known)
        return len(known) >= 20 and len(counts) >= 2

    def _features(self, rows: list[Row]):
        from scipy.sparse import hstack

        return hstack([self.vectorizers[n].transform([_one_line(r.fields.get(n, "")) for r in rows])
                       for n in self.inputs]).tocsr()

    def predict(self, rows: list[Row]) -> list[dict[str, float]]:
        """For each row: value key -> probability."""
        probs = self.model.predict_proba(self._features(rows))
        return [dict(zip(self.model.classes_, row.tolist())) for row in probs]


class FillInput(BaseModel):
    """What to fill: the field, the rows that lack it (targets) and the rows that have it (the evidence)."""

    model_config = {"arbitrary_types_allowed": True}

    field: str
    targets: list[Row]
    known: list[Row]


class FillOptions(BaseModel):
    method: Method = "auto"
    k: int = Field(8, description="nearest neighbours (the LLM's examples, knn's voters)")
    shots: int = 8
    min_confidence: float = Field(0.0, description="below this confidence the field stays missing")
    max_candidates: int = 24
    llm_weight: float = LLM_WEIGHT


class FillResult(JobResult):
    field: str
    kind: Kind
    method: Method
    missing: int  # records without the field
    filled: int  # proposals at or above min_confidence
    proposals: list[Proposal]
    collection: str | None = None  # set when the rows came from a collection (fill_collection)
    applied: bool = False
    exported: str | None = None


def run(llm: LLM | None, inputs: FillInput, options: FillOptions | None = None, *,
        embedder: Embedder | None = None, progress: Progress | None = None) -> FillResult:
    """Propose a value for each target row; the job contract (jobs/contract.py), progress counts records.

    The rows carry their vectors, so the embedder is not needed. `auto` reports the method it chose.
    """
    o = options or FillOptions()
    meter = Meter(llm)
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(done, len(inputs.targets))

    if progress:
        progress(0, len(inputs.targets))
    kind, used, proposals = fill_rows(inputs.field, inputs.targets, inputs.known, llm=llm, method=o.method, k=o.k,
                                      shots=o.shots, min_confidence=o.min_confidence,
                                      max_candidates=o.max_candidates, llm_weight=o.llm_weight, progress=step)
    return FillResult(field=inputs.field, kind=kind, method=used, missing=len(inputs.targets),
                      filled=sum(p.value is not None for p in proposals), proposals=proposals,
                      usage=meter.usage(used_llm=used not in ("knn", "learned")))


def fill_rows(field: str, targets: list[Row], known: list[Row], *, llm: LLM | None, method: Method = "llm",
              k: int = 8, shots: int = 8, min_confidence: float = 0.0, max_candidates: int = 24,
              llm_weight: float = LLM_WEIGHT,
              progress: Callable[[int], None] | None = None) -> tuple[Kind, Method, list[Proposal]]:
    """(the field's kind, the method used, proposals) for `targets` (rows without `field`) from `known` rows
    (rows with it). `auto` becomes the method it chooses. The methods' machinery; `run` is the job."""
    values = [r.fields[field] for r in known]
    kind = detect_kind(values)
    trainable = kind == "categorical" and LearnedPrior.usable(known, field)
    if method == "auto":  # measured best: the learned model where it can be trained, else the LLM
        method = "learned" if trainable else "llm"
    matrix = np.stack([r.vector for r in known]).astype(np.float32) if known else np.zeros((0, 1), np.float32)
    prior = LearnedPrior(field, known) if trainable and method in ("llm", "learned") else None
    frequent = [v for v, _ in Counter(values).most_common(max_candidates)] if kind == "categorical" else []
    out = []
    batch = 16
    for lo in range(0, len(targets), batch):
        part = targets[lo:lo + batch]
        nears = neighbours(part, matrix, max(k, shots))
        learned = prior.predict(part) if prior else None
        if method == "knn" or llm is None and method != "learned" or method == "learned" and prior is None:
            ranked = [knn_vote(field, near[:k], known) for near in nears]
        elif method == "learned":
            ranked = [_ranked(prior.shown, probs) for probs in learned]
        else:
            extra = [[prior.shown[v] for v, _ in sorted(p.items(), key=lambda x: -x[1])[:5]] for p in learned] \
                if learned else [[] for _ in part]
            ranked = _llm_rank(llm, field, kind, part, nears, known, frequent, shots, max_candidates, extra)
            if learned:
                ranked = [_fuse(r, p, llm_weight) for r, p in zip(ranked, learned)]
        for t, near, options in zip(part, nears, ranked):
            best, conf = options[0] if options else (None, 0.0)
            used = [known[i].id for i, _ in near[: (k if method == "knn" else shots)]]
            conf = round(conf, 4)  # the threshold compares what is shown
            out.append(Proposal(
                id=t.id, value=best if conf >= min_confidence else None, best=best, confidence=conf,
                method=method, neighbours=used, alternatives=[(v, round(p, 4)) for v, p in options[1:4]],
                evidence=evidence(t, best, [known[i] for i, _ in near], field) if best is not None else []))
        if progress:
            progress(len(part))
    return kind, method, out


def _ranked(shown: dict[str, Any], probs: dict[str, float]) -> list[tuple[Any, float]]:
    return sorted(((shown[key], p) for key, p in probs.items()), key=lambda x: -x[1])


def _fuse(llm_ranked: list[tuple[Any, float]], learned: dict[str, float], weight: float) -> list[tuple[Any, float]]:
    """Product of experts over the LLM's candidates: learned probability x LLM probability ** weight."""
    floor = 1e-4
    scores = [(v, math.log(learned.get(_key(v), 0.0) + floor) + weight * math.log(p + 1e-12)) for v, p in llm_ranked]
    top = max(s for _, s in scores)
    weights = [(v, math.exp(s - top)) for v, s in scores]
    total = sum(w for _, w in weights)
    return sorted(((v, w / total) for v, w in weights), key=lambda x: -x[1])


def _llm_rank(llm: LLM, field: str, kind: Kind, part: list[Row], nears, known: list[Row], frequent: list,
              shots: int, max_candidates: int, extra: list[list]) -> list[list[tuple[Any, float]]]:
    prompts = []
    for t, near in zip(part, nears):
        examples = [record_lines(known[i].fields, field, known[i].fields[field]) for i, _ in reversed(near[:shots])]
        prompts.append("\n\n".join(examples + [record_lines(t.fields, field)]))
    options = []
    for t, near, more in zip(part, nears, extra):
        seen: dict[str, Any] = {}
        for v in more + [known[i].fields[field] for i, _ in near] + frequent:
            seen.setdefault(_key(v), v)
        options.append(list(seen.values())[:max_candidates])
    if kind != "categorical":  # open fields: the model may also write a value no neighbour has
        shape = Line(number=kind == "numeric", max_len=80)
        made = llm.generate_json([JsonRequest(p, shape, 32) for p in prompts])
        for opts, gen in zip(options, made):
            value = _parse_line(gen.text, kind)
            if value is not None and _key(value) not in {_key(v) for v in opts}:
                opts.append(value)
    # Every candidate of every record in one scoring call: the packer shares each record's prompt among its
    # candidates and fills the context with several records per decode.
    sequences, spans = [], []
    for prompt, opts in zip(prompts, options):
        base = llm.prompt_tokens(prompt)
        spans.append((len(sequences), len(opts)))
        sequences += [(base + llm.tokenize(f" {_one_line(v)}\n"), len(base)) for v in opts]
    from assistant.jobs.prompting import (
        checked_scores,  # a failing backend or a NaN score is an error, never a silent fill
    )

    logprobs = [float(x.sum()) for x in checked_scores(llm, sequences, "fill")] if sequences else []
    ranked = []
    for (at, n), opts in zip(spans, options):
        scores = logprobs[at:at + n]
        top = max(scores)
        weights = [math.exp(s - top) for s in scores]
        total = sum(weights)
        ranked.append(sorted(((v, w / total) for v, w in zip(opts, weights)), key=lambda x: -x[1]))
    return ranked


def _parse_line(text: str, kind: Kind) -> Any:
    text = text.strip()
    if not text or is_missing(text):
        return None
    if kind == "numeric":
        number = float(text)
        return int(number) if number.is_integer() else number
    return text


_TOKEN = re.compile(r"[A-Za-z0-9]{2,}")


def evidence(target: Row, value: Any, near: list[Row], field: str) -> list[Evidence]:
    """Where the record supports `value`: the value written in another field, else the rarest word or number
    (an area code, a model number) that it shares with neighbours having `value` and not with the others."""
    out = []
    needle = str(value).strip().casefold()
    for name, v in target.fields.items():
        at = str(v).casefold().find(needle) if needle else -1
        if at >= 0:
            out.append(Evidence(field=name, start=at, end=at + len(needle), text=str(v)[at:at + len(needle)],
                                why=f"the value is written in {name}"))
    if out:
        return out[:1]
    same = [r for r in near if _key(r.fields.get(field)) == _key(value)]
    other = [r for r in near if _key(r.fields.get(field)) != _key(value)]

    def words(r: Row) -> set[str]:
        return {w.casefold() for v in r.fields.values() for w in _TOKEN.findall(str(v))}

    same_words = Counter(w for r in same for w in words(r))
    other_words = Counter(w for r in other for w in words(r))
    best = None
    for name, v in target.fields.items():
        if name == field or name.startswith(INTERNAL):
            continue
        for m in _TOKEN.finditer(str(v)):
            w = m.group().casefold()
            gain = same_words[w] - other_words[w]
            if gain > 0 and (best is None or gain > best[0]):
                best = (gain, name, m)
    if best:
        gain, name, m = best
        out.append(Evidence(field=name, start=m.start(), end=m.end(), text=m.group(),
                            why=f"shared with {same_words[m.group().casefold()]} neighbour(s) whose {field} is "
                                f"{value!r}"))
    return out


def rows_from_store(got: dict[str, Any]) -> list[Row]:
    return [Row(i, {k: v for k, v in (m or {}).items() if not k.startswith(INTERNAL)}, np.asarray(e, np.float32))
            for i, m, e in zip(got["ids"], got["metadatas"], got["embeddings"])]


def split_rows(rows: list[Row], field: str) -> tuple[list[Row], list[Row]]:
    """(rows missing the field, rows having it)."""
    missing = [r for r in rows if field not in r.fields or is_missing(r.fields[field])]
    have = [r for r in rows if not (field not in r.fields or is_missing(r.fields[field]))]
    return missing, have
