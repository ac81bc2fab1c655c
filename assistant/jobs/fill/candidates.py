"""Candidates read from the record itself: a value of the collection written in another field (in any case or
spacing: "TECH CRAFT", "Techcraft" -> the collection's "Tech Craft"), or a word-bounded span of another field
that no record has yet (an unseen brand at the start of a product name).

`Reader` learns from the records that have the field how often a value written in their other fields is their
own (per value and field: "la" in "la cienega blvd." is rarely the city, a brand in a product name nearly
always is) and where it stands (which field, which word, after which word). That measured rate is the weight
of the copy channel in `mix`: a table whose records do not write their value keeps its method's ranking, and
one whose records do (a brand in the product's name) follows the record.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any

INTERNAL = "_"
_WORD = re.compile(r"[^\s,;:()\[\]{}\"|]+")
_TRIM = ".-/'\u2019"  # trailing or leading punctuation a word may carry ("Inc.", "- Teal") that a value never ends with
# Unseen spans: at most this many words, and at most this many spans per record (the LLM scores each).
MAX_WORDS = 3
MAX_NEW = 9


def squash(text: Any) -> str:
    """The spelling-free key of a value: case, accents, spaces and punctuation dropped ("Tech Craft" ==
    "Techcraft", "Zurich" == "Zürich")."""
    folded = unicodedata.normalize("NFKD", str(text).casefold())
    return re.sub(r"[\W_]+", "", "".join(c for c in folded if not unicodedata.combining(c)))


def initials(value: Any) -> str:
    """The key of a multi-word value's initials ("Ultimate Ears" -> "ue"); "" for a one-word value."""
    ws = [w for w in re.split(r"[\W_]+", str(value)) if w]
    return "".join(w[0] for w in ws).casefold() if len(ws) > 1 else ""


def is_acronym(span: str) -> bool:
    """A span written as an acronym: 2-5 capital letters ("UE", "WD", "NYC"), never a lower-case word."""
    return 2 <= len(span) <= 5 and span.isalpha() and span.isupper()


def unique_initials(values: list[Any], taken: set[str]) -> dict[str, Any]:
    """{initials key: value} for the initials that exactly one of values has and that are no value's key."""
    counts = Counter(initials(v) for v in values)
    return {initials(v): v for v in values if initials(v) and counts[initials(v)] == 1 and initials(v) not in taken}


def words(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word of text, trimmed of the punctuation at its edges."""
    out = []
    for m in _WORD.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start] in _TRIM:
            start += 1
        if text[start:end].casefold().endswith(("'s", "\u2019s")) and end - start > 2:  # "Griffin's cable"
            end -= 2
        while end > start and text[end - 1] in _TRIM:
            end -= 1
        if end > start:
            out.append((start, end))
    return out


@dataclass(frozen=True)
class Written:
    """A candidate read from the record: `value` (the collection's spelling, or the span itself when new) is
    written at text[start:end] of field `field`, at word `word`, after the word `after`, before the word
    `before`, with `tail` words after it."""

    value: Any
    field: str
    start: int
    end: int
    text: str
    word: int
    after: str
    known: bool
    before: str = ""
    tail: int = 0

    def places(self) -> list[tuple]:
        """Where the value stands: its word and the word before it (a brand first, or after "by"); and, for a
        value at the end of a field (a city in an address), how many words follow it and the shape of its
        neighbours ("Oakland, CA 94610": before "CA", a word in capitals; "80802 München": after a number)."""
        return [(self.field, self.word), (self.field, "after", self.after.casefold().rstrip(_TRIM + ",;:")),
                (self.field, "after~", shape(self.after)),  # where it starts; where it ends:
                (self.field, "tail", self.tail), (self.field, "before~", shape(self.before))]


def shape(word: str) -> str:
    """A word's shape: digits as 9, capitals as A, small letters as a, each run once, punctuation kept ("CA" ->
    "A", "Ave," -> "Aa,", "80802" -> "9", "01304-001" -> "9-9"); "" for no word."""
    return re.sub(r"([9Aa])\1+", r"\1", re.sub(r"[^\W\d_]", lambda m: "A" if m.group().isupper() else "a",
                                                  re.sub(r"\d", "9", word)))


def _other_fields(fields: dict[str, Any], field: str) -> list[tuple[str, str]]:
    return [(k, str(v)) for k, v in fields.items() if k != field and not k.startswith(INTERNAL) and v is not None
            and not isinstance(v, (int, float))]


def _at(value: Any, field: str, text: str, ws: list[tuple[int, int]], i: int, n: int, known: bool) -> Written:
    """The Written of value, read as words i..i+n-1 of field's text (word spans ws)."""
    start, end = ws[i][0], ws[i + n - 1][1]
    # The neighbouring words with the punctuation between ("Ave," before "Oakland", ", CA" after it).
    after = re.sub(r"\s+", "", text[ws[i - 1][0]:start]) if i else ""
    before = re.sub(r"\s+", "", text[end:ws[i + n][1]]) if i + n < len(ws) else ""
    return Written(value, field, start, end, text[start:end], i, after, known, before, len(ws) - i - n)


class Reader:
    """Reads candidate values out of a record, in the collection's own spelling, and knows how often (and
    where) the records that have the field write it."""

    def __init__(self, field: str, known_values: list[Any], known_fields: list[dict[str, Any]] = ()):
        self.field = field
        counts = Counter(known_values)
        self.spelling: dict[str, Any] = {}
        for value, _ in counts.most_common():  # the most frequent spelling of a key is the collection's
            key = squash(value)
            if key and key not in self.spelling:
                self.spelling[key] = value
        # A short form: the first word of exactly one multi-word value ("Monster" for "Monster Cable").
        firsts = Counter(squash(str(v).split()[0]) for v in self.spelling.values() if len(str(v).split()) > 1)
        self.short = {squash(str(v).split()[0]): v for v in self.spelling.values()
                      if len(str(v).split()) > 1 and firsts[squash(str(v).split()[0])] == 1
                      and len(squash(str(v).split()[0])) >= 3 and squash(str(v).split()[0]) not in self.spelling}
        # An acronym written in capitals: the initials of exactly one multi-word value ("UE", "WD").
        self.acronyms = unique_initials(list(self.spelling.values()), set(self.spelling))
        self.longest = max((len(str(v).split()) for v in self.spelling.values()), default=1) + 1
        self.places: Counter = Counter()  # Written.places() of the values written where they are the record's own
        # How often a value written in a field is the record's own: per (value, field), per field, and over the
        # records that write any candidate; each level smooths the one below it (rate()).
        self.lengths: Counter = Counter()  # words in the values written where they are the record's own
        self.seen_at: Counter = Counter()
        self.right_at: Counter = Counter()
        hits = writing = blind = new_hits = 0
        times = Counter(squash(v) for v in known_values)
        for value, fields in zip(known_values, known_fields):
            ws = self.written(fields)
            writing += bool(ws)
            # Leave one out: a value only this record has would be new to it; does it write no other known
            # value, and then write its own (a new value, read from the record)?
            single = times[squash(value)] == 1
            if not [w for w in ws if not (single and squash(w.value) == squash(value))]:
                blind += 1
                new_hits += single and len(ws) > 0
            for w in ws:
                right = squash(w.value) == squash(value)
                for key in ((squash(w.value), w.field), w.field):
                    self.seen_at[key] += 1
                    self.right_at[key] += right
            mine = [w for w in ws if squash(w.value) == squash(value)]
            if mine:
                hits += 1
                w = mine[0]
                self.places.update(w.places())
                self.lengths[len(words(w.text))] += 1
        # Every word of the records' other fields, at each of its places: how often a value starts (ends) where a
        # word stands is the precision of that place ("after 'Ave,'" starts a city, and a state too; before
        # ", CA" ends only a city).
        self.at_word: Counter = Counter()
        for fields in known_fields:
            for name, text in _other_fields(fields, self.field):
                ws = words(text)
                self.at_word.update(p for i in range(len(ws)) for p in _at("", name, text, ws, i, 1, False).places())
        self.style = {c for v in self.spelling.values() for c in str(v) if not c.isalnum() and not c.isspace()}
        self.seen = len(known_fields)
        self.copy_rate = hits / len(known_fields) if known_fields else 0.0  # records that write their value
        self.when_written = hits / writing if writing else 0.0  # of those that write a candidate, the right one
        # Of the records that write no value the collection knows, the share whose value is new and written in
        # them (leave-one-out, add-one smoothed): the weight of new spans.
        self.new_rate = (new_hits + 1) / (blind + 2) if self.places else 0.0

    def rate(self, w: Written) -> float:
        """The chance that a value written where w is written is the record's own: measured for that value in
        that field ("la" in "la cienega blvd." rarely is the city), smoothed toward the field's rate, itself
        smoothed toward the rate over all records that write a candidate."""
        prior = self.when_written
        field = (self.right_at[w.field] + 2 * prior) / (self.seen_at[w.field] + 2)
        key = (squash(w.value), w.field)
        return (self.right_at[key] + 2 * field) / (self.seen_at[key] + 2)

    def canonical(self, value: Any) -> Any:
        """The collection's spelling of value where one matches it (case, spacing, punctuation), else value."""
        return self.spelling.get(squash(value), value)

    def written(self, fields: dict[str, Any]) -> list[Written]:
        """The collection's values written in the record's other fields, word-bounded, longest match first at
        each place, or a short form (the first word of one multi-word value); one entry per value (its first
        place), in field order."""
        out: dict[str, Written] = {}
        for name, text in _other_fields(fields, self.field):
            ws = words(text)
            for i, (start, _) in enumerate(ws):
                for n in range(min(self.longest, len(ws) - i), 0, -1):
                    end = ws[i + n - 1][1]
                    key = squash(text[start:end])
                    value = self.spelling.get(key)
                    if value is None and n == 1 and key in self.short:
                        # A short form is a name: "Monster" reads as Monster Cable, "case" in running text
                        # does not read as Case Logic (on the products train split it was 3 of 24 misses).
                        full = str(self.short[key])
                        value = self.short[key] if text[start].isupper() or not full[0].isupper() else None
                    if value is None and n == 1 and is_acronym(text[start:end]):
                        value = self.acronyms.get(key)
                    if value is not None:
                        if squash(value) not in out:
                            out[squash(value)] = _at(value, name, text, ws, i, n, True)
                        break
        return list(out.values())

    def new_spans(self, fields: dict[str, Any]) -> list[Written]:
        """Spans of 1-3 words that start where the records that have the field start their value (the same
        word of the field, after the same word or after a word of the same shape) and end where they end it
        (as many words from the field's end, or before a word of the same shape), with no punctuation the
        field's values never have: the candidates for a value no record has yet, the likeliest place first
        (span_score)."""
        if not self.places:
            return []
        usual = {p for p, n in self.places.items() if n >= max(2, 0.1 * self.seen * self.copy_rate)}
        out: dict[str, Written] = {}
        for name, text in _other_fields(fields, self.field):
            ws = words(text)
            for i in range(len(ws)):
                for n in range(1, min(MAX_WORDS, len(ws) - i) + 1):
                    w = _at(text[ws[i][0]:ws[i + n - 1][1]], name, text, ws, i, n, False)
                    places = w.places()
                    ends = usual.intersection(places[3:]) or self.lengths[n] >= max(2, 0.1 * self.seen * self.copy_rate)
                    if not (usual.intersection(places[:3]) and ends):
                        continue
                    spelled = self.restyle(w.text)
                    key = squash(spelled) if spelled else ""
                    if key and key not in out and any(c.isalpha() for c in spelled):
                        out[key] = _at(self.canonical(spelled), name, text, ws, i, n, key in self.spelling)
        return sorted(out.values(), key=lambda w: -self.span_score(w))[:MAX_NEW]

    def restyle(self, span: str) -> str | None:
        """span in the punctuation of the field's values: a mark they never have is a space inside a word
        ("Harman/Kardon" -> "Harman Kardon" where no value has "/"), and a span across one between words is
        no value ("NW, Calgary" where no value has ","): None."""
        odd = [i for i, c in enumerate(span) if not (c.isalnum() or c.isspace() or c in self.style)]
        if any(i + 1 < len(span) and span[i + 1].isspace() or i and span[i - 1].isspace() for i in odd):
            return None
        return "".join(" " if i in odd else c for i, c in enumerate(span))

    def span_score(self, w: Written) -> float:
        """The chance that a value starts where w starts, times the chance that it ends where w ends: for each,
        the best of its places' precisions (values there / words there) on the records that have the field,
        and for the end also the share of values with as many words ("Pioneer" before a model code: most
        brands are one word).
        In "1126 Kensington Rd NW, Calgary, AB T2N 3P3" that is "Calgary" (after "NW,", before ", AB": as a
        city in a US address) over "AB" (two words from the end, as a US city, but after "Calgary,")."""
        places = w.places()
        start = max(self.places[p] / (self.at_word[p] + 1) for p in places[:3])
        end = max([self.places[p] / (self.at_word[p] + 1) for p in places[3:]] + [self.length_share(w)])
        return start * end

    def place_weight(self, w: Written) -> float:
        """How usual the place of a value written in the record is (add-one smoothed counts of its word and
        of the word before it): "Belkin" after "by" in a name where brands come first or after "by"; for a
        new span, its span_score."""
        if not w.known and w.value is not None and squash(w.value) not in self.spelling:
            return self.span_score(w)
        literal = w.places()[:2]  # its word, and the word before it
        return 1.0 + sum(self.places[p] for p in literal)

    def length_share(self, w: Written) -> float:
        """The share of the field's written values that have as many words as w (add-one smoothed): most
        brands are one word, so "Epson" before "Epson Home Cinema"."""
        total = sum(self.lengths.values())
        return (self.lengths[len(words(w.text))] + 1) / (total + MAX_WORDS)

    def mix(self, ranked: list[tuple[Any, float]], fields: dict[str, Any],
            reader_probs: dict[str, float] | None = None) -> list[tuple[Any, float]]:
        """(1 - c) x the method's probability + c x the copy channel. c is the measured chance that a value
        written where this record writes one is its own (`rate`, the best of its candidates; for new spans,
        offered only when the record writes no known value, `new_rate`). The copy channel
        spreads over the values written in the record (and the new spans the LLM scored) by that rate x the
        method's probability (or the LLM's alone, `reader_probs`, which also ranks spans) x how usual the place
        is. A record that writes no candidate keeps the method's ranking."""
        found = {squash(w.value): w for w in self.written(fields)}
        probs = {squash(v): p for v, p in ranked}
        shown = {squash(v): v for v, _ in ranked}
        for key, w in found.items():
            shown.setdefault(key, w.value)
        rates = {key: self.rate(w) for key, w in found.items()}
        if not found:  # a new value only where the record writes none the collection knows
            for w in self.new_spans(fields):
                key = squash(w.value)
                if reader_probs is None or key in reader_probs:
                    found[key] = w
                    shown.setdefault(key, w.value)
                    rates[key] = self.new_rate * self.length_share(w)
        if not found:
            return ranked
        c = min(1.0, max(rates.values()))
        if c <= 0:
            return ranked
        source = reader_probs or probs
        raw = {key: rates[key] * (source.get(key, 0.0) + 0.02) * self.place_weight(w) for key, w in found.items()}
        total = sum(raw.values()) or 1.0
        mixed = {key: (1 - c) * probs.get(key, 0.0) + c * raw.get(key, 0.0) / total
                 for key in set(probs) | set(raw)}
        return sorted(((shown[key], p) for key, p in mixed.items()), key=lambda x: -x[1])


def run_spelling(ranked: list[list[tuple[Any, float]]], reader: Reader,
                 sure: float = 0.5) -> list[list[tuple[Any, float]]]:
    """One spelling per new value across a run. A value no record has, proposed (more likely than not) for
    several records in different spellings ("Harman Kardon", "Harman/Kardon"), is written the way most of them
    write it, ties going to the spelling whose punctuation the collection's values use (no "/" among them); and
    an acronym proposed for one record ("UE") becomes the new value another record spells out ("Ultimate Ears")
    when exactly one has those initials. The collection's known values are already in its spelling (Reader)."""
    style = {c for v in reader.spelling.values() for c in str(v) if not c.isalnum()}
    spellings: dict[str, Counter] = {}
    for options in ranked:
        if options and options[0][1] >= sure and squash(options[0][0]) not in reader.spelling:
            spellings.setdefault(squash(options[0][0]), Counter())[options[0][0]] += 1
    if not spellings:
        return ranked
    chosen = {key: max(c, key=lambda v: (c[v], all(ch.isalnum() or ch in style for ch in str(v))))
              for key, c in spellings.items()}
    spelled_out = unique_initials(list(chosen.values()), set(reader.spelling))

    def rename(value: Any) -> Any:
        key = squash(value)
        if key in reader.spelling:
            return value
        if is_acronym(str(value)) and key in spelled_out:
            return spelled_out[key]
        return chosen.get(key, value)

    out = []
    for options in ranked:
        merged: dict[str, list] = {}
        for value, p in options:
            value = rename(value)
            merged.setdefault(squash(value), [value, 0.0])[1] += p
        out.append(sorted(((v, p) for v, p in merged.values()), key=lambda x: -x[1]))
    return out
