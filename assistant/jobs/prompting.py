"""Prompt helpers the LLM jobs share."""
from __future__ import annotations

import re
from typing import Sequence

import numpy as np

from assistant.core.errors import LLMOutputError, LLMRuntimeError
from assistant.core.protocols import LLM


def fit_text(llm: LLM, text: str, budget: int, *, mark: bool = True) -> tuple[str, bool]:
    """The text cut to at most `budget` tokens, at a character position (works for any LLM protocol, any script).

    mark: end a cut text with " …" so the model sees that it goes on.
    """
    n = len(llm.tokenize(text))
    if n <= budget:
        return text, False
    cut = text
    while n > budget:
        cut = cut[: max(1, int(len(cut) * budget / n * 0.97))]
        n = len(llm.tokenize(cut))
    space = cut.rfind(" ")
    if space > len(cut) * 0.9:  # end at a word boundary where the script has them
        cut = cut[:space]
    return cut.rstrip() + (" …" if mark else ""), True


def speed_ratio(llm: LLM | None, used) -> float | None:
    """How long raw llama.cpp would take for the tokens in `used` (a job's Usage), one sequence at a time, over the
    time the job spent in the LLM: its prompt-evaluation speed for tokens evaluated, its generation speed for tokens
    generated, both measured now on the same model. None for a backend without those references, or when the job
    used no LLM time."""
    if used is None or used.llm_seconds <= 0 or not used.tokens_evaluated or not hasattr(llm, "raw_prompt_speed"):
        return None
    raw = used.tokens_evaluated / llm.raw_prompt_speed()  # type: ignore[union-attr]
    if used.tokens_generated:
        raw += used.tokens_generated / llm.raw_generation_speed()  # type: ignore[union-attr]
    return round(raw / used.llm_seconds, 3)


def is_base_model(llm: LLM) -> bool:
    """True for a model without a chat template (the bundled Gemma 270M): it continues documents."""
    return getattr(llm, "chat_template", "") is None


def json_prompt(llm: LLM, body: str, hint: str = "Answer with JSON.") -> str:
    """A prompt whose answer is JSON: a document ending in `JSON:` for a base model, a chat turn otherwise."""
    if is_base_model(llm):
        return body + "\nJSON:"
    return llm.chat_prompt(body + "\n" + hint)


# -- record text as data, and scores checked before a job trusts them ----------------------------------------
_FENCE = re.compile(r"<<<|>>>")
# Special-token text is parsed into real special tokens by the tokenizer; a space inside keeps it plain text.
_SPECIAL = re.compile(r"<\|[^<>|\n]{0,40}\|>|</?(?:s|bos|eos|pad|unk|start_of_turn|end_of_turn)>|\[/?INST\]",
                      re.IGNORECASE)


# A line that starts with "==" could pass for the === fence of the classify and extract prompts.
_LINE_FENCE = re.compile(r"^([ \t]*=)(?==)", re.MULTILINE)


def as_data(text: str, *, line_fence: bool = False) -> str:
    """Text made safe to fence: it can neither close a <<< >>> fence nor open a chat turn.

    line_fence: also break a line that starts with "==" ("= ==") so it cannot close a fence of === lines.
    Text without any of these is returned as it is (only stripped), so ordinary prompts do not change.
    """
    text = _SPECIAL.sub(lambda m: m.group(0)[0] + " " + m.group(0)[1:], text)
    if line_fence:
        text = _LINE_FENCE.sub(lambda m: m.group(1) + " ", text)
    return _FENCE.sub(lambda m: m.group(0)[0] + " " + m.group(0)[1:], text).strip()


def checked_scores(llm: LLM, requests: Sequence[tuple[Sequence[int], int]], what: str) -> list[np.ndarray]:
    """`llm.score_sequences(requests)`, its answer checked before any job ranks or labels by it.

    A backend's RuntimeError (a llama.cpp binding failing, a plug-in backend) becomes LLMRuntimeError naming the
    model; an answer with a wrong number of rows, or a log-probability that is NaN, infinite or above 0 (p > 1),
    is an LLMOutputError: a NaN would otherwise sort anywhere and give a confident-looking wrong answer. Row
    lengths are not checked: a server backend may tokenize the continuation its own way.
    """
    name = getattr(llm, "name", None) or type(llm).__name__
    try:
        rows = llm.score_sequences(requests)
    except RuntimeError as exc:  # an AssistantError (context overflow, a decode failure) already says its fix
        raise LLMRuntimeError(f"the model {name} failed while scoring {what}: {exc}",
                              "retry with fewer or shorter texts; if it persists, run `assistant doctor` or use "
                              "another --model") from exc
    fix = ("the model file may be damaged or not supported by this llama.cpp: install it again (`assistant models "
           "install`) or use another --model; with --llm-url, check the model that the server runs")
    if len(rows) != len(requests):
        raise LLMOutputError(f"the model {name} answered {len(rows)} scores for {len(requests)} {what} prompts", fix)
    for k, row in enumerate(rows):
        values = np.asarray(row, dtype=np.float64)
        # 1e-3: llama.cpp's log-sum-exp runs in float32, so a token of probability ~1 may come out a hair above 0.
        if values.size and (not np.isfinite(values).all() or values.max() > 1e-3):
            bad = next(float(v) for v in values if not np.isfinite(v) or v > 1e-3)
            raise LLMOutputError(f"the model {name} answered a log-probability of {bad} for {what} prompt {k + 1} "
                                 f"of {len(requests)}; log-probabilities are finite and at most 0", fix)
    return rows
