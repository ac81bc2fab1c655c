"""Chroma's metadata filters evaluated in Python, so a filtered search can over-fetch from the unfiltered index and
filter after (backends/store.py, ChromaStore.query).

Why: with a `where`, Chroma first selects every matching id and then searches among them; at 100k records a filter
keeping a third of them took 131 ms (p50) against 10 ms unfiltered (bench/RESULTS.md, "Scale"). The semantics
follow Chroma 1.x, checked against it in tests/backends/test_store_filter.py: ints and floats compare as numbers,
booleans and strings only equal their own kind, `$ne`/`$nin` also match records without the field, and the order
operators take numbers only. Anything else (a float with a fraction, whose comparison with int fields Chroma
truncates; a list of mixed types, which it refuses) gives None here, so Chroma itself answers, errors included.
"""
from __future__ import annotations

from typing import Any, Callable

Matcher = Callable[[dict[str, Any]], bool]
_MISSING = object()


def _kind(value: Any) -> str | None:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "num"
    if isinstance(value, str):
        return "str"
    return None


def _plain(value: Any) -> bool:
    """A value whose comparisons this module knows Chroma's answer for: not a float with a fraction (Chroma 1.5
    compares one with an int field after truncating it: `x == 2.5` holds for x = 2), not a list or None."""
    return _kind(value) is not None and not (isinstance(value, float) and not value.is_integer())


def _equal(have: Any, want: Any) -> bool:
    return have is not _MISSING and _kind(have) == _kind(want) and have == want


_ORDER = {"$gt": lambda a, b: a > b, "$gte": lambda a, b: a >= b, "$lt": lambda a, b: a < b,
          "$lte": lambda a, b: a <= b}


def _field(key: str, cond: Any) -> Matcher | None:
    if not isinstance(cond, dict):
        cond = {"$eq": cond}
    if len(cond) != 1:
        return None
    (op, want), = cond.items()
    if op in ("$eq", "$ne"):
        if not _plain(want):
            return None
        if op == "$eq":
            return lambda m: _equal(m.get(key, _MISSING), want)
        return lambda m: not _equal(m.get(key, _MISSING), want)
    if op in ("$in", "$nin"):
        if not isinstance(want, list) or not want or not all(_plain(w) for w in want) \
                or len({type(w) for w in want}) > 1:  # Chroma refuses a list of mixed types
            return None
        hit = lambda m: any(_equal(m.get(key, _MISSING), w) for w in want)  # noqa: E731
        return hit if op == "$in" else (lambda m: not hit(m))
    if op in _ORDER:
        if _kind(want) != "num" or not _plain(want):
            return None
        compare = _ORDER[op]
        return lambda m: _kind(m.get(key)) == "num" and compare(m[key], want)
    return None


def matcher(where: dict[str, Any] | None) -> Matcher | None:
    """A predicate over a record's metadata equal to Chroma's `where`, or None when this module cannot vouch for
    the semantics (an operator or value it does not know: the caller lets Chroma filter)."""
    if not isinstance(where, dict) or not where:
        return None
    if len(where) == 1 and next(iter(where)) in ("$and", "$or"):
        (op, parts), = where.items()
        if not isinstance(parts, list) or not parts:
            return None
        subs = [matcher(p) for p in parts]
        if any(s is None for s in subs):
            return None
        if op == "$and":
            return lambda m: all(s(m) for s in subs)
        return lambda m: any(s(m) for s in subs)
    if len(where) != 1 or next(iter(where)).startswith("$"):
        return None  # several fields in one dict, or an operator at the top: Chroma's own rules apply
    (key, cond), = where.items()
    return _field(key, cond)
