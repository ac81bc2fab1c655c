"""Evidence a person would accept for a filled value, and the fields fill keeps out.

A clue is cited only when it is discriminative on the records that have the field: among them, the share whose
value is the proposed one, given the clue, must be at least half and exceed that value's base rate by MARGIN
(0.25 = 25 points), on at least MIN_SUPPORT (3) records; the share is shrunk toward 0 by two records first,
so 2 of 2 is 0.5 and 10 of 12 is 0.71. And it must not be chance: the clue cited is the best of the record's
words, and among a few dozen some have 3 of 3 records with one value by luck. So the binomial chance of that
many records with the value, at its base rate, must be under ALPHA divided by the number of the record's clues
tested (Bonferroni). On the demo's applicants that drops 'Expanded' (3 of 3, base rate 20%: chance 0.008) and
'quarterly' (5 of 8: 0.01), and keeps 'events' (11 of 17: 8e-5) and 'Ashby' (3 of 4 at a base rate of 6%:
8e-4). Stopwords and bare numbers are never clues; two clue words in a row are a clue too, cited before either
word alone at a tie ("documentation rules", not "Follows", for a laboratory technician's Medical). The value
written in another field is the best evidence and comes first, where a value written there is the record's own
in at least half of the filled records (candidates.Reader.rate).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any, Callable

from pydantic import BaseModel

from assistant.jobs.fill.candidates import INTERNAL, Written, squash

MARGIN = 0.25
MIN_SUPPORT = 3
ALPHA = 0.05  # the chance, over all the clues tested, that a cited one is a coincidence
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9+'&-]*[A-Za-z0-9+]|[A-Za-z]")
_NUMBER = re.compile(r"[\d.,/+-]+")
_WHOLE_MAX = 40  # a field's whole value is a clue when it is this short (a department, a role)
STOPWORDS = frozenset("""a an the and or but if of to in on at by for with from as is are was were be been being it
its this that these those he she they we you i his her their our your my me him them us not no nor so than then
too very can will just do does did done has have had having new old up down out over under more most some any all
each both few other such only own same into about after before again further once here there when where why how
what which who whom while during per via also across within without years year runs run""".split())
# Fields named like a protected attribute: fill leaves them out unless told otherwise (--use-all-fields).
PROTECTED = ("gender", "sex", "age", "race", "ethnicity", "ethnic", "religion", "religious", "nationality",
             "marital", "disability", "disabled", "dob", "birthdate", "birth")


class Evidence(BaseModel):
    """A part of the record that supports the value: the value itself, or a discriminative clue."""

    field: str
    start: int  # offsets in that field's value
    end: int
    text: str
    why: str


def name_words(name: str) -> list[str]:
    """Words of a field name: "MaritalStatus" -> marital, status; "date_of_birth" -> date, of, birth."""
    return [w.casefold() for w in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+", name)]


def protected_fields(names: list[str]) -> list[str]:
    """The field names that name a protected attribute (gender, age, race, ...)."""
    return [n for n in names if any(w in PROTECTED for w in name_words(n))]


def _clues(fields: dict[str, Any], field: str) -> list[tuple[str, int, int, str]]:
    """(field, start, end, key) of each candidate clue: a short field's whole value, each word that is
    neither a stopword nor a bare number, and each two such words in a row."""
    out = []
    for name, value in fields.items():
        if name == field or name.startswith(INTERNAL) or value is None:
            continue
        text = str(value)
        if len(text) <= _WHOLE_MAX and not _NUMBER.fullmatch(text.strip()):
            out.append((name, 0, len(text), f"{name}={squash(text)}"))
        prev = None
        for m in _TOKEN.finditer(text):
            w = m.group().casefold()
            if w not in STOPWORDS and not _NUMBER.fullmatch(w) and len(w) > 2 and m.group() != text:
                out.append((name, m.start(), m.end(), w))
                # Two such words in a row are a phrase: "strict biosafety" says more to a person than "Follows".
                if prev is not None and not text[prev.end():m.start()].strip():
                    out.append((name, prev.start(), m.end(), f"{prev.group().casefold()} {w}"))
                prev = m
            else:
                prev = None
    return out


def chance(same: int, total: int, base: float) -> float:
    """The binomial chance of `same` or more of `total` records having a value whose base rate is `base`."""
    from scipy.stats import binom

    return float(binom.sf(same - 1, total, base)) if 0 < base < 1 else float(base >= 1)


class ClueIndex:
    """For each clue of the records that have the field: how many have it, and with which value."""

    def __init__(self, field: str, known_fields: list[dict[str, Any]], values: list[Any]):
        self.field = field
        self.by_clue: dict[str, Counter] = defaultdict(Counter)
        self.base = Counter(squash(v) for v in values)
        self.rows = len(values)
        for fields, value in zip(known_fields, values):
            for key in {c[3] for c in _clues(fields, field)}:
                self.by_clue[key][squash(value)] += 1

    def best(self, fields: dict[str, Any], value: Any) -> Evidence | None:
        """The record's most discriminative clue for value, or None when no clue beats the base rate."""
        target = squash(value)
        base = self.base[target] / self.rows if self.rows else 0.0
        counted = []  # (clue, records with it, of them with value)
        for clue in _clues(fields, self.field):
            seen = self.by_clue.get(clue[3])
            counted.append((clue, sum(seen.values()) if seen else 0, seen[target] if seen else 0))
        # The best clue is picked from the record's own: each one seen on enough records is a test.
        tests = max(1, sum(total >= MIN_SUPPORT for _, total, _ in counted))
        best = None
        for (name, start, end, _), total, same in counted:
            shrunk = same / (total + 2)
            if same < MIN_SUPPORT or shrunk < max(0.5, base + MARGIN):
                continue
            if chance(same, total, base) > ALPHA / tests:
                continue
            rank = (shrunk, same, end - start)  # at a tie, the longer clue: a phrase before its word
            if best is None or rank > best[0]:
                best = (rank, name, start, end, same, total)
        if best is None:
            return None
        _, name, start, end, same, total = best
        text = str(fields[name])[start:end]
        return Evidence(field=name, start=start, end=end, text=text,
                        why=f"{same} of {total} records with it have {self.field} {value!r} "
                            f"(base rate {base:.0%})")


def evidence(fields: dict[str, Any], value: Any, written: list[Written], clues: ClueIndex | None,
             rate: Callable[[Written], float] | None = None) -> list[Evidence]:
    """The value written in another field first (the best evidence; a known value only where `rate`, the
    measured chance that a value written there is the record's own, is at least half), then the most
    discriminative clue."""
    out = []
    for w in written:
        if squash(w.value) != squash(value):
            continue
        share = rate(w) if rate is not None and w.known else None
        if share is not None and share < 0.5:
            continue
        out.append(Evidence(field=w.field, start=w.start, end=w.end, text=w.text,
                            why=f"the value is written in {w.field}" + (
                                f" ({share:.0%} of the values written there are the record's own)"
                                if share is not None else " (a value no other record has)" if not w.known else "")))
        break
    clue = clues.best(fields, value) if clues else None
    if clue and not (out and clue.field == out[0].field and clue.start == out[0].start):
        out.append(clue)
    return out
