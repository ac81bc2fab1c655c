"""Zero-shot classification of texts into user-given labels, without training data.

Scorers (each gives a texts x labels matrix of log-scores, "logits"):
- `llm`: log P(label | prompt(text)) minus the label's prior, so that how much the model likes a label word
  regardless of the text cancels. The prior is measured on content-free inputs ("N/A", "", "[MASK]"; contextual
  calibration, Zhao et al. 2021) or, for a batch of TRANSDUCTIVE_MIN_ITEMS texts or more, as the label's mean
  over the batch itself (batch calibration, Zhou et al. 2023: measured better for both bundled models). The
  answer scored is the label's description when it has one, else its name; a multi-token answer's log-probability
  is summed. Each text's prompt is decoded once for all labels (the LLM packs them into a token trie).
- `embedding`: cosine(text, "label: description") / temperature, the classic embedding baseline.
- `ensemble` (the default): the two scorers' logits, each centred per text and divided by its own spread over the
  batch (so neither dominates by scale), mixed with weights measured on the batch without gold labels (weights.py:
  language, collapse, agreement); `ensemble-equal` is the fixed 1:1 mix it replaced. The records' language is
  checked (language.py): the English embedding model gets no weight on another script, and the result says so.

Self-training (transductive; on by default for a batch of TRANSDUCTIVE_MIN_ITEMS texts or more when an embedder is
given): per label, the most confident of the batch's predictions become pseudo-labels for a logistic regression on
the text embeddings, whose log-probabilities are averaged with the scorer's. It needs no gold labels.
Measurements: bench/results_classify.md, bench/results_issue-12-classify.md.
"""
from assistant.jobs.classify.job import (
                                         DEFAULT_METHOD,
                                         METHODS,
                                         Classification,
                                         ClassifyInput,
                                         ClassifyOptions,
                                         ClassifyResult,
                                         combine,
                                         decide,
                                         run,
                                         score_texts,
                                         weigh,
)
from assistant.jobs.classify.language import guess_language, language_note
from assistant.jobs.classify.labels import Label, LabelsFileError, load_labels_file, parse_labels
from assistant.jobs.classify.scorers import (
                                         calibrate,
                                         content_free_logprobs,
                                         embedding_scores,
                                         llm_logprobs,
                                         llm_scores,
                                         transductive,
)
from assistant.jobs.classify.weights import Weighting, weigh_parts

__all__ = ["DEFAULT_METHOD", "METHODS", "Classification", "ClassifyInput", "ClassifyOptions", "ClassifyResult",
           "Label", "LabelsFileError", "calibrate", "combine", "content_free_logprobs", "decide", "embedding_scores",
           "guess_language", "language_note", "llm_logprobs", "llm_scores", "load_labels_file", "parse_labels", "run",
           "score_texts", "transductive", "Weighting", "weigh", "weigh_parts"]
