"""The classify scorers: the LLM's calibrated label likelihoods, the embedding similarity, their ensemble, and
self-training on the batch. Each gives a texts x labels matrix of log-scores ("logits")."""
from __future__ import annotations

from typing import Sequence

import numpy as np

from assistant.core.errors import ConfigError
from assistant.core.protocols import LLM, Embedder
from assistant.core.templates import render
from assistant.jobs.classify.labels import Label
from assistant.jobs.contract import Progress
from assistant.jobs.prompting import as_data, checked_scores, fit_text

TRANSDUCTIVE_MIN_ITEMS = 50  # a batch this big (and 5 texts per label) is its own reference: batch calibration
# and self-training; a smaller one is scored text by text
MAX_TEXT_TOKENS = 400  # a text's LLM token budget: the start of a record carries its topic
CONTENT_FREE = ("N/A", "", "[MASK]")
EMBEDDING_TEMPERATURE = 0.05  # cosines of one text to several labels differ by a few hundredths


def transductive(n_texts: int, n_labels: int) -> bool:
    """Whether a batch is big enough to learn from itself (batch calibration, self-training)."""
    return n_texts >= max(TRANSDUCTIVE_MIN_ITEMS, 5 * n_labels)


def _log_softmax(x: np.ndarray) -> np.ndarray:
    m = x.max(axis=-1, keepdims=True)
    return x - m - np.log(np.exp(x - m).sum(axis=-1, keepdims=True))


def softmax(x: np.ndarray) -> np.ndarray:
    """Row-wise probabilities of a texts x labels matrix of log-scores (numerically stable)."""
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
