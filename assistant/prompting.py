"""Prompt helpers the LLM jobs share."""
from __future__ import annotations

from .protocols import LLM


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
    """How long raw llama.cpp would take for the tokens in `used` (LLMStats), one sequence at a time, over the
    time the job took: its prompt-evaluation speed for tokens evaluated, its generation speed for tokens
    generated, both measured now on the same model. None for a backend without those references."""
    if used is None or used.seconds <= 0 or not hasattr(llm, "raw_prompt_speed"):
        return None
    raw = used.tokens_evaluated / llm.raw_prompt_speed()  # type: ignore[union-attr]
    if used.tokens_generated:
        raw += used.tokens_generated / llm.raw_generation_speed()  # type: ignore[union-attr]
    return round(raw / used.seconds, 3)


def llm_counters(llm: LLM | None) -> tuple[int, float]:
    """(tokens evaluated, seconds spent) so far by an LLM that keeps such counters, else what it offers."""
    stats = getattr(llm, "stats", None)
    if stats is not None:
        return int(stats.tokens_evaluated), float(stats.seconds)
    return int(getattr(llm, "tokens_evaluated", 0)), 0.0


def is_base_model(llm: LLM) -> bool:
    """True for a model without a chat template (the bundled Gemma 270M): it continues documents."""
    return getattr(llm, "chat_template", "") is None


def json_prompt(llm: LLM, body: str, hint: str = "Answer with JSON.") -> str:
    """A prompt whose answer is JSON: a document ending in `JSON:` for a base model, a chat turn otherwise."""
    if is_base_model(llm):
        return body + "\nJSON:"
    return llm.chat_prompt(body + "\n" + hint)


def continuation_logprobs(llm: LLM, prompt: str, continuations) -> list[float]:
    """Summed log-probability of each continuation right after the prompt, from the backend's score_sequences
    (the prompt is shared, so a packing backend evaluates it once)."""
    base = llm.prompt_tokens(prompt)
    seqs = [(base + llm.tokenize(c), len(base)) for c in continuations]
    return [float(r.sum()) for r in llm.score_sequences(seqs)]


def next_token_probs(llm: LLM, prompt: str, tokens) -> list[float]:
    """Probability that the next token is each of the given strings' first token."""
    import numpy as np

    base = llm.prompt_tokens(prompt)
    seqs = [(base + llm.tokenize(t)[:1], len(base)) for t in tokens]
    return [float(np.exp(r[0])) for r in llm.score_sequences(seqs)]
