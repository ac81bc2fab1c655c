"""The rerank prompts (pairwise and query likelihood, chat or plain) and the token budgets they are cut to."""
from __future__ import annotations

from assistant.core.protocols import LLM
from assistant.core.templates import render

PAIR_TOKENS = 160  # a candidate's token budget in a pairwise prompt (N(N-1) prompts must stay affordable)
QL_TOKENS = 384  # a candidate's token budget in a query-likelihood prompt (N prompts)
QUERY_TOKENS = 256  # the query's budget (a long job description keeps its start)
CHOICES = ("A", "B")


def prompt_style(llm: LLM) -> str:
    """'chat' for a model with a chat template (instruction-tuned), else 'plain' (a base model)."""
    return "chat" if llm.chat_prompt("x") != "x" else "plain"


def pair_prompt(llm: LLM, query: str, first: str, second: str, style: str) -> str:
    """The pairwise prompt (first shown as A); arguments must already be `as_data`."""
    if style == "chat":
        return llm.chat_prompt(render("rerank_pair.j2", query=query, first=first, second=second))
    return render("rerank_pair_plain.j2", query=query, first=first, second=second)


def ql_prompt(llm: LLM, record: str, style: str) -> str:
    """The query-likelihood prompt that the query follows; `record` must already be `as_data`."""
    if style == "chat":
        return llm.chat_prompt(render("rerank_ql.j2", record=record))
    return render("rerank_ql_plain.j2", record=record)


def after(prompt: str, text: str) -> str:
    """An answer spaced like a word that follows the prompt."""
    return text if not prompt or prompt[-1].isspace() else " " + text
