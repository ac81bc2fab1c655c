"""The rerank prompts (pairwise and query likelihood, chat or plain) and the token budgets they are cut to."""
from __future__ import annotations

from assistant.core.protocols import LLM
from assistant.core.templates import render

PAIR_TOKENS = 160  # a candidate's token budget in a pairwise prompt (N(N-1) prompts must stay affordable)
QL_TOKENS = 384  # a candidate's token budget in a query-likelihood prompt (N prompts)
# The candidates of one query share this many tokens in query likelihood (the longest are cut to a common length,
# never under QL_MIN_TOKENS): 20 resumes of ~470 tokens took 33 s a query with gemma3-270m on 2 shared cores, so 25
# queries ran past 10 minutes; NovelEval's 20 passages average ~4,000 tokens a query and are mostly untouched.
QL_QUERY_BUDGET = 4096
QL_MIN_TOKENS = 128
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
