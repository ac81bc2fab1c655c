"""Values a request states plainly (numbers, file names, a list of labels, a cluster number).

These bound what the model may choose (a number argument can only be a number written in the request) and
fill in when a small model leaves an argument empty.
"""
from __future__ import annotations

import re

FILE_RE = re.compile(r"(?<![\w/.~-])((?:~|\.{1,2})?[\w./~-]*\.(?:csv|tsv|jsonl|json|xlsx|txt|md|yaml|yml))\b", re.I)
_LIST_INTRO = re.compile(r"(?:\b(?:as|into|in|between|labels?|categories|classes|among|either)\b|:)\s+", re.I)
_SPLIT = re.compile(r"\s*(?:,|;|/|\bor\b|\band\b|\bvs\.?|\bversus\b)\s*", re.I)
_CLUSTER_RE = re.compile(r"\bcluster\s*(?:#|no\.?|number)?\s*(-?\d+)\b", re.I)


def numbers(request: str) -> list[str]:
    """Whole numbers written in the request, in order, without those inside file names or cluster numbers."""
    text = _CLUSTER_RE.sub(" ", FILE_RE.sub(" ", request))
    return list(dict.fromkeys(re.findall(r"(?<![\w.])\d{1,6}(?![\w.])", text)))


def files(request: str) -> list[str]:
    """Tokens that look like file names (by their extension)."""
    return list(dict.fromkeys(m.group(1) for m in FILE_RE.finditer(request)))


def cluster_number(request: str) -> str | None:
    m = _CLUSTER_RE.search(request)
    return m.group(1) if m else None


def label_list(request: str) -> list[str]:
    """A list the request spells out ("as positive, neutral or negative"): two or more short items, else []."""
    for m in reversed(list(_LIST_INTRO.finditer(request))):  # the last introducer is nearest the list
        items = [i.strip(" .?!\"'") for i in _SPLIT.split(request[m.end():])]
        items = [i for i in items if i]
        if len(items) >= 2 and all(len(i.split()) <= 4 for i in items):
            return list(dict.fromkeys(items))
    return []


def quoted(request: str) -> str | None:
    m = re.search(r"[\"“']([^\"”']{3,})[\"”']", request)
    return m.group(1) if m else None
