"""Fill: predict a record's missing field from what is left in it and from its nearest neighbours.

The neighbours that do have the field are few-shot examples, as in Narayan et al., "Can Foundation Models
Wrangle Your Data?" (2022): each is written as its `field: value` lines with the missing field last, then the
record itself ends with `field:`. The LLM does not write the answer freely: the candidate values (the
neighbours' values, the collection's most frequent values and, for open fields, one constrained generated
value) are each scored as the continuation, and their softmax is the confidence. `method="knn"` is the
baseline without an LLM: a similarity-weighted vote of the neighbours. `method="hybrid"` is `learned`, with the
LLM asked only where learned's best value is one no record has (a span read from the record, such as the first
word of a product name), or where the record writes no known value but a new one may stand where the field's
values do (an unseen city at the end of an address): the classifier has no example of such a value, and
knowing that PIXMA is a Canon line is world knowledge (bench/results_issue-13.md: 11 of learned's 13 misses on
the products table were such rows). On the rows it asks about, the LLM's ranking stands alone.
"""
from __future__ import annotations

import math
from collections import Counter
from typing import Any, Callable, Literal, Sequence

import numpy as np
from pydantic import BaseModel

from assistant.core.jsongen import JsonRequest, Line
from assistant.core.protocols import LLM
from assistant.data.readers import is_missing
from assistant.jobs.fill.candidates import INTERNAL, Reader, run_spelling, squash
from assistant.jobs.fill.evidence import ClueIndex, Evidence, evidence
from assistant.jobs.fill.learned import LearnedPrior
from assistant.jobs.fill.rows import Row

Kind = Literal["categorical", "numeric", "text"]
Method = Literal["auto", "llm", "llm-only", "learned", "hybrid", "knn"]
METHODS = ("auto", "llm", "llm-only", "learned", "hybrid", "knn")
NO_LLM = ("learned", "knn")  # the methods that never prompt
CLASSIFIER_FIRST = ("learned", "hybrid")  # the learned classifier's ranking (hybrid: the LLM only on some rows)
# Weight of the LLM's log-probabilities against the learned model's in "llm", chosen on the restaurant
# validation split among 0.25, 0.5 and 1 (bench/RESULTS.md); every weight there was below "learned" alone.
LLM_WEIGHT = 0.25


class Proposal(BaseModel):
    id: str
    value: Any = None  # None: left missing (below min_confidence)
    best: Any = None  # the most likely value, even when below min_confidence
    confidence: float
    method: Method
    neighbours: list[str]
    evidence: list[Evidence] = []
    alternatives: list[tuple[Any, float]] = []


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


def fill_rows(field: str, targets: list[Row], known: list[Row], *, llm: LLM | None, method: Method = "llm",
              k: int = 8, shots: int = 8, min_confidence: float = 0.0, max_candidates: int = 24,
              llm_weight: float = LLM_WEIGHT, scale: float = 1.0, with_evidence: bool = True,
              progress: Callable[[int], None] | None = None) -> tuple[Kind, Method, list[Proposal]]:
    """(the field's kind, the method used, proposals) for `targets` (rows without `field`) from `known` rows
    (rows with it), by one method (`auto` is chosen by cross-validation in main.run). Every method's ranking
    is mixed with the values the record writes itself (candidates.Reader.mix); `scale` turns the method's
    probability into the confidence shown (the cross-validated accuracy over the mean top probability)."""
    if method == "auto":
        raise ValueError("fill_rows needs a method: auto is chosen by main.run")
    values = [r.fields[field] for r in known]
    kind = detect_kind(values)
    trainable = kind == "categorical" and LearnedPrior.usable(known, field)
    matrix = np.stack([r.vector for r in known]).astype(np.float32) if known else np.zeros((0, 1), np.float32)
    prior = LearnedPrior(field, known) if trainable and method in ("llm", *CLASSIFIER_FIRST) else None
    frequent = [v for v, _ in Counter(values).most_common(max_candidates)] if kind == "categorical" else []
    reader = Reader(field, values, [r.fields for r in known]) if kind != "numeric" else None
    clues = ClueIndex(field, [r.fields for r in known], values) if with_evidence else None
    done: list[tuple[Row, list[tuple[int, float]], list[tuple[Any, float]]]] = []
    batch = 16
    for lo in range(0, len(targets), batch):
        part = targets[lo:lo + batch]
        nears = neighbours(part, matrix, max(k, shots))
        learned = prior.predict(part) if prior else None
        reads: list[dict[str, float] | None] = [None] * len(part)
        if method == "knn" or (llm is None if method not in CLASSIFIER_FIRST else prior is None):
            ranked = [knn_vote(field, near[:k], known) for near in nears]
        elif method in CLASSIFIER_FIRST:
            ranked = [_ranked(prior.shown, probs) for probs in learned]
        else:
            extra = [_top(prior, p) for p in learned] if learned else [[] for _ in part]
            ranked = _llm_rank(llm, field, kind, part, nears, known, frequent, shots, max_candidates, extra, reader)
            reads = [{squash(v): p for v, p in r} for r in ranked]
            if learned:
                ranked = [_fuse(r, p, llm_weight) for r, p in zip(ranked, learned)]
        if reader is not None:
            ranked = [reader.mix(r, t.fields, read) for r, t, read in zip(ranked, part, reads)]
        if method == "hybrid" and llm is not None and prior is not None and reader is not None:
            # Asked: where learned's best is a value no record has, and where the record writes no known value
            # but a new one may stand where the field's values do (an unseen city at an address's end): the
            # classifier has never seen such a value, and the copy channel weighs it by how rare new values
            # were among the records that have the field.
            unseen = [j for j, r in enumerate(ranked) if r and (squash(r[0][0]) not in reader.spelling or (
                not reader.written(part[j].fields) and reader.new_spans(part[j].fields)))]
            if unseen:
                asked = _llm_rank(llm, field, kind, [part[j] for j in unseen], [nears[j] for j in unseen], known,
                                  frequent, shots, max_candidates, [_top(prior, learned[j]) for j in unseen], reader)
                for j, r in zip(unseen, asked):
                    # The LLM's ranking alone: it scored the record's own spans itself, so mixing the copy channel
                    # in again counts them twice. On the products train split (5-fold, Qwen 1.5B) that turned 3
                    # of the 33 asked rows from the right brand to its product line ("Surface", "Lumix",
                    # "Walkman"), and kept none right.
                    ranked[j] = r
        done += zip(part, nears, ranked)
        if progress:
            progress(len(part))
    if reader is not None:  # one spelling per new value over the run ("UE" and "Ultimate Ears")
        done = [(t, near, options) for (t, near, _), options
                in zip(done, run_spelling([options for _, _, options in done], reader))]
    out = []
    for t, near, options in done:
        best, conf = options[0] if options else (None, 0.0)
        used = [known[i].id for i, _ in near[: (k if method == "knn" else shots)]]
        conf = round(min(1.0, conf * scale), 4)  # the threshold compares what is shown
        written = reader.written(t.fields) + reader.new_spans(t.fields) if reader and best is not None else []
        out.append(Proposal(
            id=t.id, value=best if conf >= min_confidence else None, best=best, confidence=conf,
            method=method, neighbours=used, alternatives=[(v, round(p, 4)) for v, p in options[1:4]],
            evidence=evidence(t.fields, best, written, clues, reader.rate if reader else None)
            if best is not None and with_evidence else []))
    return kind, method, out


def _top(prior: LearnedPrior, probs: dict[str, float], n: int = 5) -> list[Any]:
    """The learned model's n most probable values (offered to the LLM as candidates)."""
    return [prior.shown[v] for v, _ in sorted(probs.items(), key=lambda x: -x[1])[:n]]


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
              shots: int, max_candidates: int, extra: list[list],
              reader: Reader | None) -> list[list[tuple[Any, float]]]:
    """The LLM's probability of each candidate: the learned model's best, the neighbours' values, the frequent
    values, and what the record itself writes (the collection's values in it, and new spans where the field's
    values are usually written), each scored as the continuation of few-shot neighbours."""
    prompts = []
    for t, near in zip(part, nears):
        examples = [record_lines(known[i].fields, field, known[i].fields[field]) for i, _ in reversed(near[:shots])]
        prompts.append("\n\n".join(examples + [record_lines(t.fields, field)]))
    options = []
    for t, near, more in zip(part, nears, extra):
        seen: dict[str, Any] = {}
        own = [w.value for w in reader.written(t.fields) + reader.new_spans(t.fields)] if reader else []
        for v in more + [known[i].fields[field] for i, _ in near] + frequent:
            seen.setdefault(_key(v), v)
        opts = list(seen.values())[:max_candidates]
        keys = {_key(v) for v in opts}
        options.append(opts + [v for v in dict.fromkeys(own) if _key(v) not in keys])
    if kind != "categorical":  # open fields: the model may also write a value no neighbour has
        shape = Line(number=kind == "numeric", max_len=80)
        made = llm.generate_json([JsonRequest(p, shape, 32) for p in prompts])
        for opts, gen in zip(options, made):
            value = _parse_line(gen.text, kind)
            value = reader.canonical(value) if reader and value is not None else value
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
