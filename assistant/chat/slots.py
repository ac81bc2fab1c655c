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


_SAVE_TAIL = re.compile(r"[,;]?\s*\b(?:and|then)\s+(?:save|write|store|apply|keep)\b.*$", re.I)
_LEAD = re.compile(r"^(?:(?:are|is|were|they|them|those|these|which|whether|it|of|classify|label|tag|sort)\s+)+", re.I)


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
    request = _SAVE_TAIL.sub("", request)
    for m in reversed(list(_LIST_INTRO.finditer(request))):  # the last introducer is nearest the list
        items = [i.strip(" .?!\"'") for i in _SPLIT.split(request[m.end():])]
        items = [i for i in items if i]
        if len(items) >= 2 and all(len(i.split()) <= 4 for i in items):
            return list(dict.fromkeys(items))
    return []


def quoted(request: str) -> str | None:
    m = re.search(r"[\"“']([^\"”']{3,})[\"”']", request)
    return m.group(1) if m else None


_VERB = re.compile(r"^.*?\b(?:extract|pull(?: out)?|get|find|highlight|list|tag|label|classify|categori[sz]e|sort|"
                   r"mark|detect|identify|show)\b\s*(?:out\s+)?(?:(?:the|all|every|each|any)\s+)?", re.I)
_TAIL = re.compile(r"\s*(?:\b(?:out of|from|in|inside|mentioned|named|written|of each|of every|for each|"
                   r"and (?:save|write|store|apply))\b|[?.!]).*$", re.I)


def phrase_list(request: str) -> list[str]:
    """The things a request lists after its verb ("pull the skills and employers out of ..." -> skills,
    employers), or a bare list anywhere ("junior, mid or senior?"): two or more short items, else []."""
    found = label_list(request)
    if found:
        return found
    body = _TAIL.sub("", _VERB.sub("", request, count=1))
    items = [i.strip(" .?!\"'") for i in _SPLIT.split(body)]
    items = [re.sub(r"^(?:the|all|every|each|any)\s+", "", i, flags=re.I) for i in items if i]
    items = [_LEAD.sub("", items[0])] + items[1:] if items else items
    if len(items) >= 2 and all(0 < len(i.split()) <= 3 for i in items):
        return list(dict.fromkeys(items))
    for m in re.finditer(r"((?:[\w-]+ ){0,2}[\w-]+)(?:\s*,\s*(?:[\w-]+ ){0,2}[\w-]+)*\s*,?\s*\bor\b\s*(?:[\w-]+ ){0,2}[\w-]+",
                         request):
        items = [i.strip() for i in _SPLIT.split(m.group(0)) if i.strip()]
        items = [_LEAD.sub("", items[0])] + items[1:] if items else items
        items = [i for i in items if i]
        if len(items) >= 2:
            return list(dict.fromkeys(items))
    return []


def mentioned(request: str, names: list[str]) -> str | None:
    """The longest of the names that the request mentions as a word (case-insensitive)."""
    hits = [n for n in names if re.search(rf"(?<![\w]){re.escape(n)}(?![\w])", request, re.I)]
    return max(hits, key=len) if hits else None


def value_after(request: str, name: str) -> str | None:
    """The word(s) after a field name ("whose Gender is Female" -> Female; "HiringDepartment Sales" -> Sales)."""
    m = re.search(rf"(?<![\w]){re.escape(name)}\s*(?:is|=|==|equals|of|:)?\s*(?:\"([^\"]+)\"|'([^']+)'|([\w.-]+))",
                  request, re.I)
    if not m:
        return None
    return next(g for g in m.groups() if g)
