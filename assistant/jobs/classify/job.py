"""The classify job: each text into one of the user's labels, zero-shot, with a confidence and what it cost."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
from pydantic import BaseModel, Field

from assistant.core.errors import ConfigError
from assistant.core.protocols import LLM, Embedder
from assistant.jobs.classify.labels import Label, check_labels
from assistant.jobs.classify.language import language_note
from assistant.jobs.classify.scorers import embedding_scores, ensemble, llm_scores, self_train, softmax, transductive
from assistant.jobs.classify.weights import Weighting, weigh_parts, weighted_ensemble
from assistant.jobs.contract import JobResult, Meter, Progress

METHODS = ("llm", "embedding", "ensemble", "ensemble-equal")
DEFAULT_METHOD = "ensemble"  # the parts weighed by their measured reliability; ensemble-equal: the old fixed 1:1
ENSEMBLES = ("ensemble", "ensemble-equal")


# ---------------------------------------------------------------- results

class Classification(BaseModel):
    """One text's prediction. label None means abstained (the confidence is below the threshold)."""

    index: int
    label: str | None
    confidence: float = Field(description="probability of the best label")
    scores: dict[str, float] = Field(description="probability of each label (they sum to 1)")
    labels: list[str] = Field(default_factory=list, description="multi-label: every label that passes the threshold")


class ClassifyInput(BaseModel):
    """What to classify: the texts, and the labels (names, or Label objects with descriptions)."""

    texts: list[str]
    labels: list[Label | str]


class ClassifyOptions(BaseModel):
    method: str = DEFAULT_METHOD
    threshold: float | None = Field(None, description="abstain (label None) when the best probability is below it")
    multi_label: bool = False
    self_training: bool | None = Field(None, description="None: on for a batch big enough to learn from itself")
    calibration: str = "auto"


class ClassifyResult(JobResult):
    """A batch's predictions, in input order, with what they cost."""

    method: str
    self_training: bool = False
    labels: list[str]
    threshold: float | None = None
    multi_label: bool = False
    items: list[Classification]
    counts: dict[str, int] = Field(description="predicted label -> how many texts (abstentions not counted)")
    abstained: int = 0
    truncated: int = Field(0, description="texts cut to the LLM's token budget")
    weighting: Weighting | None = Field(None, description="the ensemble: the weight of each part and why")
    language: str = Field("English", description="the records' language, as a cheap check guesses it")
    notes: list[str] = Field(default_factory=list, description="what the user should know once (e.g. language)")


# ---------------------------------------------------------------- the job

def weigh(llm_logits: np.ndarray, embedding_logits: np.ndarray, text_vectors: np.ndarray | None,
          excluded_embedding: str | None = None) -> Weighting:
    """The ensemble's weights for this batch (weights.py): language, collapse and agreement checks."""
    return weigh_parts({"llm": llm_logits, "embedding": embedding_logits}, text_vectors,
                       excluded={"embedding": excluded_embedding} if excluded_embedding else None, voter="llm")


def combine(method: str, llm_logits: np.ndarray | None, embedding_logits: np.ndarray | None,
            text_vectors: np.ndarray | None = None, *, self_training: bool = False,
            weighting: Weighting | None = None) -> np.ndarray:
    """A method's logits from its scorers' logits, refined by self-training on the text vectors if asked.

    The `ensemble` method uses `weighting` (from `weigh`; None = measure it here, with no language check).
    """
    if method == "llm":
        logits = llm_logits
    elif method == "embedding":
        logits = embedding_logits
    elif method == "ensemble-equal":
        logits = ensemble([llm_logits, embedding_logits])
    elif method == "ensemble":
        weighting = weighting or weigh(llm_logits, embedding_logits, text_vectors)
        logits = weighted_ensemble([llm_logits, embedding_logits],
                                   [weighting.weights["llm"], weighting.weights["embedding"]])
    else:
        raise ConfigError(f"unknown classification method {method!r}", f"use one of: {', '.join(METHODS)}")
    if self_training:
        logits = self_train(logits, text_vectors)
    return logits


@dataclass
class Scored:
    """Logits of one batch and what computing them cost."""

    logits: np.ndarray
    self_training: bool = False
    truncated: int = 0
    weighting: Weighting | None = None
    language: str = "English"
    note: str | None = None


def score_texts(texts: Sequence[str], labels: Sequence[Label], *, method: str = DEFAULT_METHOD,
                llm: LLM | None = None, embedder: Embedder | None = None, self_training: bool | None = None,
                calibration: str = "auto", progress: Progress | None = None) -> Scored:
    """A method's logits (texts x labels) for a batch; self_training None = on for a big enough batch."""
    if method not in METHODS:
        raise ConfigError(f"unknown classification method {method!r}", f"use one of: {', '.join(METHODS)}")
    labels = check_labels(labels, "labels")  # plain names are welcome too
    if self_training is None:
        self_training = embedder is not None and transductive(len(texts), len(labels))
    if method != "embedding" and llm is None:
        raise ConfigError(f"method {method!r} needs an LLM", "load one, or use --method embedding")
    if (method != "llm" or self_training) and embedder is None:
        raise ConfigError(f"method {method!r}" + (" with self-training" if method == "llm" else "")
                          + " needs an embedder", "load one, or use --method llm")
    scored = Scored(np.zeros((len(texts), len(labels))), self_training=bool(self_training))
    if not texts:
        return scored
    llm_logits = embedding_logits = vectors = None
    if method != "embedding":
        llm_logits, scored.truncated = llm_scores(texts, labels, llm, calibration=calibration, progress=progress)
    if embedder is not None and (method != "llm" or self_training):
        vectors = embedder.embed(list(texts))
        embedding_logits = embedding_scores(vectors, labels, embedder)
        scored.language, scored.note, exclude = language_note(texts, getattr(embedder, "name", None), method)
    if method == "ensemble":
        scored.weighting = weigh(llm_logits, embedding_logits, vectors,
                                 f"outside its language ({scored.language})" if exclude else None)
    scored.logits = combine(method, llm_logits, embedding_logits, vectors, self_training=bool(self_training),
                            weighting=scored.weighting)
    if progress and method == "embedding":
        progress(len(texts), len(texts))
    return scored


def decide(logits: np.ndarray, labels: Sequence[Label], *, threshold: float | None = None,
           multi_label: bool = False) -> list[Classification]:
    """Probabilities, the best label (None below the threshold) and, for multi-label, every label that passes.

    Multi-label without a threshold keeps the labels more probable than the uniform 1/len(labels).
    """
    names = [lab.name for lab in labels]
    probs = softmax(np.asarray(logits, dtype=np.float64))
    cut = threshold if threshold is not None else 1.0 / len(labels)
    out = []
    for i, row in enumerate(probs):
        best = int(row.argmax())
        confidence = float(row[best])
        label = names[best] if threshold is None or confidence >= threshold else None
        chosen = [names[j] for j in np.argsort(-row, kind="stable") if row[j] >= cut] if multi_label else []
        out.append(Classification(index=i, label=label, confidence=confidence,
                                  scores={n: float(p) for n, p in zip(names, row)}, labels=chosen))
    return out


def run(llm: LLM | None, inputs: ClassifyInput, options: ClassifyOptions | None = None, *,
        embedder: Embedder | None = None, progress: Progress | None = None) -> ClassifyResult:
    """Classify each text into one of the labels (zero-shot) and report its label and confidence.

    The job contract (jobs/contract.py); progress counts texts. threshold: abstain (label None) when the best
    probability is below it; with multi_label, every label whose probability reaches it is listed (default
    1/len(labels)). self_training: None = on for a batch of TRANSDUCTIVE_MIN_ITEMS texts or more when an embedder is
    given. The embedder scores the `embedding` and `ensemble` methods and drives self-training.
    """
    opts = options or ClassifyOptions()
    if opts.threshold is not None and not 0.0 <= opts.threshold <= 1.0:
        raise ConfigError(f"threshold {opts.threshold} is not a probability", "give a threshold between 0 and 1")
    meter = Meter(llm)
    texts = [str(t) for t in inputs.texts]
    labels = check_labels(inputs.labels, "labels")
    scored = score_texts(texts, labels, method=opts.method, llm=llm, embedder=embedder,
                         self_training=opts.self_training, calibration=opts.calibration, progress=progress)
    items = decide(scored.logits, labels, threshold=opts.threshold, multi_label=opts.multi_label)
    counts = {lab.name: 0 for lab in labels}
    for item in items:
        if item.label is not None:
            counts[item.label] += 1
    return ClassifyResult(
        method=opts.method, self_training=scored.self_training, labels=[lab.name for lab in labels],
        threshold=opts.threshold, multi_label=opts.multi_label, items=items, counts=counts,
        abstained=sum(item.label is None for item in items), truncated=scored.truncated,
        weighting=scored.weighting, language=scored.language, notes=[scored.note] if scored.note else [],
        usage=meter.usage(used_llm=opts.method != "embedding"))
