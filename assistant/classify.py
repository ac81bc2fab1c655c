"""Zero-shot classification of texts into user-given labels, without training data.

Scorers (each gives a texts x labels matrix of log-scores, "logits"):
- `llm`: log P(label | prompt(text)) minus the label's prior, so that how much the model likes a label word
  regardless of the text cancels. The prior is measured on content-free inputs ("N/A", "", "[MASK]"; contextual
  calibration, Zhao et al. 2021) or, for a batch of TRANSDUCTIVE_MIN_ITEMS texts or more, as the label's mean
  over the batch itself (batch calibration, Zhou et al. 2023: measured better for both bundled models). The
  answer scored is the label's description when it has one, else its name; a multi-token answer's log-probability
  is summed. Each text's prompt is decoded once for all labels (the LLM packs them into a token trie).
- `embedding`: cosine(text, "label: description") / temperature, the classic embedding baseline.
- `ensemble` (the default, best measured): the two scorers' logits, each centred per text and divided by its own
  spread over the batch (so neither dominates by scale), averaged. No weights are fitted to any data set.

Self-training (transductive; on by default for a batch of TRANSDUCTIVE_MIN_ITEMS texts or more when an embedder is
given): per label, the most confident of the batch's predictions become pseudo-labels for a logistic regression on
the text embeddings, whose log-probabilities are averaged with the scorer's. It needs no gold labels.
Measurements: bench/results_classify.md.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
from pydantic import BaseModel, Field

from .errors import AssistantError, ConfigError, InputFileError
from .protocols import LLM, Embedder
from .prompting import as_data, checked_scores, fit_text, llm_counters
from .templates import render

METHODS = ("llm", "embedding", "ensemble")
DEFAULT_METHOD = "ensemble"
TRANSDUCTIVE_MIN_ITEMS = 50  # a batch this big (and 5 texts per label) is its own reference: batch calibration
# and self-training; a smaller one is scored text by text
MAX_TEXT_TOKENS = 400  # a text's LLM token budget: the start of a record carries its topic
CONTENT_FREE = ("N/A", "", "[MASK]")
EMBEDDING_TEMPERATURE = 0.05  # cosines of one text to several labels differ by a few hundredths
Progress = Callable[[int, int], None]  # (texts done, texts to do)


class LabelsFileError(InputFileError):
    """A labels file has a bad line (named by its line number)."""

    def __init__(self, path: str, message: str, fix: str, line: int | None = None):
        where = f"{path}" + (f", line {line}" if line is not None else "")
        AssistantError.__init__(self, f"{where}: {message}", fix)
        self.path, self.row = path, line


@dataclass(frozen=True)
class Label:
    """A class to predict: its name (what is reported) and an optional description (what is scored)."""

    name: str
    description: str | None = None

    @property
    def text(self) -> str:
        """What the embedding scorer compares a text with."""
        return f"{self.name}: {self.description}" if self.description else self.name


def _check_labels(labels: Sequence[Label | str], where: str) -> list[Label]:
    labels = [lab if isinstance(lab, Label) else Label(str(lab)) for lab in labels]
    names = [lab.name for lab in labels]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ConfigError(f"{where}: label {twice[0]!r} is given twice", "list each label once")
    if len(labels) < 2:
        raise ConfigError(f"{where}: at least 2 labels are needed, got {len(labels)}",
                          "give the labels comma-separated (--labels a,b,c) or one per line in a labels file")
    return labels


def parse_labels(spec: str) -> list[Label]:
    """Labels from "a,b,c" (names only; surrounding spaces are dropped, duplicates refused)."""
    names = [part.strip() for part in spec.split(",") if part.strip()]
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ConfigError(f"label {name!r} is given twice in {spec!r}", "list each label once")
        seen.add(name)
    return _check_labels([Label(n) for n in names], "--labels")


def load_labels_file(path: str | Path) -> list[Label]:
    """Labels from a text file of `label: description` lines (or bare `label` lines).

    Blank lines and lines starting with # are ignored. The first ': ' separates the name from the description,
    so a name may hold a colon that is not followed by a space ("Sci/Tech", "10:30").
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        raise LabelsFileError(str(path), "the labels file does not exist", "check the path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LabelsFileError(str(path), f"cannot be read as UTF-8 text ({exc})", "save it as UTF-8") from None
    labels: list[Label] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, description = line.partition(": ")
        if not sep and line.endswith(":"):
            name, description = line[:-1], ""
        name, description = name.strip(), description.strip()
        if not name:
            raise LabelsFileError(str(path), f"no label name before ':' in {raw!r}",
                                  "write one `label: description` per line", number)
        if name in seen:
            raise LabelsFileError(str(path), f"label {name!r} is defined twice (first on line {seen[name]})",
                                  "keep one line per label", number)
        seen[name] = number
        labels.append(Label(name, description or None))
    if len(labels) < 2:
        raise LabelsFileError(str(path), f"at least 2 labels are needed, found {len(labels)}",
                              "write one `label: description` line per label")
    return labels


# ---------------------------------------------------------------- results

class Classification(BaseModel):
    """One text's prediction. label None means abstained (the confidence is below the threshold)."""

    index: int
    label: str | None
    confidence: float = Field(description="probability of the best label")
    scores: dict[str, float] = Field(description="probability of each label (they sum to 1)")
    labels: list[str] = Field(default_factory=list, description="multi-label: every label that passes the threshold")


class ClassifyResult(BaseModel):
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
    llm_model: str | None = None
    llm_tokens_evaluated: int = 0
    llm_seconds: float = 0.0
    seconds: float = 0.0


# ---------------------------------------------------------------- the LLM scorer

def _log_softmax(x: np.ndarray) -> np.ndarray:
    m = x.max(axis=-1, keepdims=True)
    return x - m - np.log(np.exp(x - m).sum(axis=-1, keepdims=True))


def _softmax(x: np.ndarray) -> np.ndarray:
    return np.exp(_log_softmax(x))


def build_prompt(llm: LLM, text: str, labels: Sequence[Label], style: str = "plain") -> str:
    """The prompt that a label's answer follows, the text fenced as data.

    "plain" (the default: measured better for both bundled models, the instruction-tuned one too) is a completion
    prompt with the text on one line (so it cannot forge the prompt's own lines); "chat" puts an instruction that
    lists the labels and fences the text into the model's chat template. In both, special-token text in the record
    (<|im_start|>, <start_of_turn>) is broken up so it stays text, and in "chat" a line of === cannot close the
    fence (`as_data`); a text without such strings is unchanged.
    """
    if style == "chat":
        variables = {"text": as_data(text, line_fence=True), "labels": list(labels)}
        return llm.chat_prompt(render("classify_chat.j2", **variables))
    if style != "plain":
        raise ConfigError(f"unknown prompt style {style!r}", "use plain or chat")
    return render("classify.j2", text=as_data(" ".join(text.split())), labels=list(labels))


def _answers(llm: LLM, prompt: str, labels: Sequence[Label], answer: str) -> list[list[int]]:
    """Token lists of each label's answer text, spaced like a word that follows the prompt."""
    sep = "" if not prompt or prompt[-1].isspace() else " "
    if answer not in ("description", "name"):
        raise ConfigError(f"unknown answer kind {answer!r}", "use description or name")
    texts = [(lab.description or lab.name) if answer == "description" else lab.name for lab in labels]
    return [llm.tokenize(sep + t) for t in texts]


def llm_logprobs(texts: Sequence[str], labels: Sequence[Label], llm: LLM, *, style: str = "plain",
                 answer: str = "description", reduce: str = "sum", max_text_tokens: int = MAX_TEXT_TOKENS,
                 chunk: int = 32, progress: Progress | None = None) -> tuple[np.ndarray, int]:
    """Uncalibrated log P(answer of each label | prompt(text)): (texts x labels, number of truncated texts).

    answer: "description" scores a label's description when it has one (else its name), "name" its name.
    reduce: "sum" (the answer's log-probability; calibration cancels its length) or "mean" per token.
    """
    budget = max(16, min(max_text_tokens, llm.n_ctx // 2))
    out = np.zeros((len(texts), len(labels)))
    truncated = 0
    for lo in range(0, len(texts), chunk):
        requests = []
        for text in texts[lo:lo + chunk]:
            text, cut = fit_text(llm, text, budget, mark=False)
            truncated += cut
            prompt = build_prompt(llm, text, labels, style)
            base = llm.prompt_tokens(prompt)
            requests += [(base + ans, len(base)) for ans in _answers(llm, prompt, labels, answer)]
        scored = checked_scores(llm, requests, "classification")
        for k, row in enumerate(scored):
            out[lo + k // len(labels), k % len(labels)] = row.sum() if reduce == "sum" else row.mean()
        if progress:
            progress(min(lo + chunk, len(texts)), len(texts))
    return out, truncated


def llm_scores(texts: Sequence[str], labels: Sequence[Label], llm: LLM, *, calibration: str = "auto",
               progress: Progress | None = None, **options) -> tuple[np.ndarray, int]:
    """Calibrated LLM logits (texts x labels) and the number of truncated texts.

    calibration: "content-free" subtracts each label's mean log-probability after content-free inputs; "batch"
    subtracts its mean over the texts themselves (the batch is its own content-free reference: better measured,
    but only for batches that hold several texts of each label); "auto" = batch for batches of
    TRANSDUCTIVE_MIN_ITEMS texts or more, else content-free; "none" keeps the raw likelihoods.
    """
    if calibration == "auto":
        calibration = "batch" if transductive(len(texts), len(labels)) else "content-free"
    raw, truncated = llm_logprobs(texts, labels, llm, progress=progress, **options)
    prior = content_free_logprobs(labels, llm, **options) if calibration == "content-free" else None
    return calibrate(raw, prior, calibration), truncated


def content_free_logprobs(labels: Sequence[Label], llm: LLM, **options) -> np.ndarray:
    """Log-probabilities of the labels after each content-free input (len(CONTENT_FREE) x labels)."""
    options.pop("max_text_tokens", None)
    return llm_logprobs(list(CONTENT_FREE), labels, llm, **options)[0]


def calibrate(raw: np.ndarray, content_free: np.ndarray | None, calibration: str) -> np.ndarray:
    """Subtract each label's prior (log space, normalised over the labels) from raw log-probabilities."""
    if calibration == "none":
        return raw
    if calibration == "content-free":
        assert content_free is not None
        prior = _log_softmax(content_free).mean(axis=0)
    elif calibration == "batch":
        prior = _log_softmax(raw).mean(axis=0)
    else:
        raise ConfigError(f"unknown calibration {calibration!r}", "use content-free, batch or none")
    return raw - prior


# ---------------------------------------------------------------- the embedding scorer and the ensemble

def embedding_scores(text_vectors: np.ndarray, labels: Sequence[Label], embedder: Embedder,
                     temperature: float = EMBEDDING_TEMPERATURE) -> np.ndarray:
    """cosine(text, label text) / temperature, texts x labels."""
    label_vectors = embedder.embed([lab.text for lab in labels])
    return (np.asarray(text_vectors) @ np.asarray(label_vectors).T) / temperature


def standardise(logits: np.ndarray) -> np.ndarray:
    """Centre each row, divide by the spread of all centred entries: a scorer's logits in units of its own spread."""
    centred = logits - logits.mean(axis=1, keepdims=True)
    spread = float(np.sqrt((centred ** 2).mean()))
    return centred / spread if spread > 1e-12 else centred


def ensemble(parts: Sequence[np.ndarray]) -> np.ndarray:
    """Average of standardised logits, rescaled to the mean spread of the parts (keeps confidences readable)."""
    spreads = [float(np.sqrt(((p - p.mean(axis=1, keepdims=True)) ** 2).mean())) for p in parts]
    return np.mean([standardise(p) for p in parts], axis=0) * float(np.mean(spreads))


def self_train(logits: np.ndarray, text_vectors: np.ndarray, *, fraction: float = 0.5, rounds: int = 2,
               seed: int = 0) -> np.ndarray:
    """Transductive refinement: learn the batch's own label structure from its most confident predictions.

    Each round, per label, the `fraction` most confident of the texts predicted as that label become training
    examples of a logistic regression on the text vectors. The next round ranks texts by the geometric mean of
    its probabilities and the scorer's; the result is their product (two pieces of evidence, Bayes with a uniform
    prior: measured on a dev split, its confidences track accuracy, the geometric mean's run 0.15 too low).
    Returns log-probabilities (the logits unchanged when some label has fewer than 2 predicted texts).
    """
    from sklearn.linear_model import LogisticRegression

    base = _log_softmax(logits)
    current = combined = base
    for _ in range(rounds):
        probs = np.exp(current)
        pred = probs.argmax(axis=1)
        chosen: list[int] = []
        for j in range(logits.shape[1]):
            members = np.flatnonzero(pred == j)
            if len(members) < 2:
                return logits if current is base else _log_softmax(combined)
            keep = max(2, int(round(len(members) * fraction)))
            chosen += members[np.argsort(-probs[members, j], kind="stable")[:keep]].tolist()
        model = LogisticRegression(C=1.0, max_iter=1000, class_weight="balanced", random_state=seed)
        model.fit(text_vectors[chosen], pred[chosen])
        learned = np.full_like(base, -30.0)
        learned[:, model.classes_] = np.log(np.clip(model.predict_proba(text_vectors), 1e-12, 1.0))
        combined = base + learned
        current = _log_softmax(combined / 2)
    return _log_softmax(combined)


# ---------------------------------------------------------------- the job

def transductive(n_texts: int, n_labels: int) -> bool:
    """Whether a batch is big enough to learn from itself (batch calibration, self-training)."""
    return n_texts >= max(TRANSDUCTIVE_MIN_ITEMS, 5 * n_labels)


def combine(method: str, llm_logits: np.ndarray | None, embedding_logits: np.ndarray | None,
            text_vectors: np.ndarray | None = None, *, self_training: bool = False) -> np.ndarray:
    """A method's logits from its scorers' logits, refined by self-training on the text vectors if asked."""
    if method == "llm":
        logits = llm_logits
    elif method == "embedding":
        logits = embedding_logits
    elif method == "ensemble":
        logits = ensemble([llm_logits, embedding_logits])
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
    llm_tokens: int = 0
    llm_seconds: float = 0.0


def score_texts(texts: Sequence[str], labels: Sequence[Label], *, method: str = DEFAULT_METHOD,
                llm: LLM | None = None, embedder: Embedder | None = None, self_training: bool | None = None,
                calibration: str = "auto", progress: Progress | None = None) -> Scored:
    """A method's logits (texts x labels) for a batch; self_training None = on for a big enough batch."""
    if method not in METHODS:
        raise ConfigError(f"unknown classification method {method!r}", f"use one of: {', '.join(METHODS)}")
    labels = _check_labels(labels, "labels")  # plain names are welcome too
    if self_training is None:
        self_training = embedder is not None and transductive(len(texts), len(labels))
    if method in ("llm", "ensemble") and llm is None:
        raise ConfigError(f"method {method!r} needs an LLM", "load one, or use --method embedding")
    if (method != "llm" or self_training) and embedder is None:
        raise ConfigError(f"method {method!r}" + (" with self-training" if method == "llm" else "")
                          + " needs an embedder", "load one, or use --method llm")
    scored = Scored(np.zeros((len(texts), len(labels))), self_training=bool(self_training))
    if not texts:
        return scored
    llm_logits = embedding_logits = vectors = None
    if method != "embedding":
        tokens, seconds = llm_counters(llm)
        llm_logits, scored.truncated = llm_scores(texts, labels, llm, calibration=calibration, progress=progress)
        scored.llm_tokens = llm_counters(llm)[0] - tokens
        scored.llm_seconds = llm_counters(llm)[1] - seconds
    if embedder is not None and (method != "llm" or self_training):
        vectors = embedder.embed(list(texts))
        embedding_logits = embedding_scores(vectors, labels, embedder)
    scored.logits = combine(method, llm_logits, embedding_logits, vectors, self_training=bool(self_training))
    if progress and method == "embedding":
        progress(len(texts), len(texts))
    return scored


def decide(logits: np.ndarray, labels: Sequence[Label], *, threshold: float | None = None,
           multi_label: bool = False) -> list[Classification]:
    """Probabilities, the best label (None below the threshold) and, for multi-label, every label that passes.

    Multi-label without a threshold keeps the labels more probable than the uniform 1/len(labels).
    """
    names = [lab.name for lab in labels]
    probs = _softmax(np.asarray(logits, dtype=np.float64))
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


def classify_texts(texts: Sequence[str], labels: Sequence[Label], *, llm: LLM | None = None,
                   embedder: Embedder | None = None, method: str = DEFAULT_METHOD, threshold: float | None = None,
                   multi_label: bool = False, self_training: bool | None = None,
                   progress: Progress | None = None) -> ClassifyResult:
    """Classify each text into one of `labels` (zero-shot) and report its label and confidence.

    threshold: abstain (label None) when the best probability is below it; with multi_label, every label whose
    probability reaches it is listed (default 1/len(labels)). self_training: None = on for a batch of
    TRANSDUCTIVE_MIN_ITEMS texts or more when an embedder is given.
    """
    if threshold is not None and not 0.0 <= threshold <= 1.0:
        raise ConfigError(f"threshold {threshold} is not a probability", "give a threshold between 0 and 1")
    started = time.perf_counter()
    texts = [str(t) for t in texts]
    labels = _check_labels(labels, "labels")
    scored = score_texts(texts, labels, method=method, llm=llm, embedder=embedder, self_training=self_training,
                         progress=progress)
    items = decide(scored.logits, labels, threshold=threshold, multi_label=multi_label)
    counts = {lab.name: 0 for lab in labels}
    for item in items:
        if item.label is not None:
            counts[item.label] += 1
    return ClassifyResult(
        method=method, self_training=scored.self_training, labels=[lab.name for lab in labels],
        threshold=threshold, multi_label=multi_label, items=items, counts=counts,
        abstained=sum(item.label is None for item in items), truncated=scored.truncated,
        llm_model=getattr(llm, "name", None) if method != "embedding" else None,
        llm_tokens_evaluated=scored.llm_tokens, llm_seconds=round(scored.llm_seconds, 3),
        seconds=round(time.perf_counter() - started, 3))
