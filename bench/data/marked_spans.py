"""What the two extraction-set generators (extract_zh/make.py, extract_resumes/make.py) share: parsing
[[CODE|value]] markers into offsets, completing unmarked repeats, verifying spans and the spec, writing JSONL and
the label table. Problems are collected in `problems`; each generator exits non-zero when any is left."""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

MARK = re.compile(r"\[\[([^|\[\]]+)\|(.+?)\]\]")

problems: list[str] = []


def problem(where: str, msg: str) -> None:
    problems.append(f"{where}: {msg}")


def run(build) -> None:
    """Build a set, then list the problems and exit non-zero if any were found."""
    build()
    if problems:
        print(f"\n{len(problems)} problem(s):", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        sys.exit(1)
    print("all spans verified")


def parse(marked: str, codes: dict[str, str], where: str):
    """Plain text, explicit spans [(start, end, label)] and blocked ranges [(start, end)] of a marked text."""
    out, spans, blocked, pos, at = [], [], [], 0, 0
    for m in MARK.finditer(marked):
        out.append(marked[pos:m.start()])
        at += m.start() - pos
        code, value = m.group(1), m.group(2)
        if code == "-":
            blocked.append((at, at + len(value)))
        elif code in codes:
            spans.append((at, at + len(value), codes[code]))
        else:
            problem(where, f"unknown code {code!r} in {m.group(0)!r}")
        out.append(value)
        at += len(value)
        pos = m.end()
    out.append(marked[pos:])
    text = "".join(out)
    if "[[" in text or "]]" in text:
        problem(where, "a marker was not closed: " + text[max(0, text.find("[[")) - 20:][:80])
    return text, spans, blocked


def overlaps(a: tuple[int, int], ranges) -> bool:
    return any(a[0] < r[1] and r[0] < a[1] for r in ranges)


def occurrences(text: str, value: str, words: bool):
    if words:  # not inside a longer word (letters/digits on either side)
        pat = r"(?<![A-Za-z0-9])" + re.escape(value) + r"(?![A-Za-z0-9])"
    else:
        pat = re.escape(value)
    return [(m.start(), m.end()) for m in re.finditer(pat, text)]


def complete(text: str, spans: list, blocked: list, *, words: bool, propagate: set[str], unchecked: set[str],
             where: str) -> list:
    """Adds the other occurrences of the marked values (propagating labels) and reports unlabeled ones."""
    by_value: dict[str, set[str]] = {}
    for s, e, label in spans:
        by_value.setdefault(text[s:e], set()).add(label)
    spans = list(spans)
    for value in sorted(by_value, key=len, reverse=True):
        labels = by_value[value]
        if len(labels) != 1 or next(iter(labels)) not in propagate:
            continue
        label = next(iter(labels))
        for occ in occurrences(text, value, words):
            if not overlaps(occ, [(s, e) for s, e, _ in spans]) and not overlaps(occ, blocked):
                spans.append((occ[0], occ[1], label))
    for value, labels in by_value.items():
        if labels & propagate and len(labels) == 1:
            continue  # propagated above
        if labels <= unchecked:
            continue  # years and durations: the same string is often something else (job dates)
        for occ in occurrences(text, value, words):
            if not overlaps(occ, [(s, e) for s, e, _ in spans]) and not overlaps(occ, blocked):
                ctx = text[max(0, occ[0] - 25):occ[1] + 25].replace("\n", " ")
                problem(where, f"unlabeled occurrence of {value!r} ({'/'.join(sorted(labels))}) at {occ[0]}: …{ctx}…")
    return sorted(spans)


def verify(text: str, spans: list, where: str) -> list[dict]:
    out, last_end = [], -1
    for s, e, label in sorted(spans):
        value = text[s:e]
        if s >= e:
            problem(where, f"empty span at {s}")
        if value != value.strip():
            problem(where, f"span {value!r} has surrounding whitespace")
        if s < last_end:
            problem(where, f"span {value!r} at {s} overlaps the previous one")
        last_end = max(last_end, e)
        span = {"label": label, "start": s, "end": e, "text": value}
        if text[span["start"]:span["end"]] != span["text"]:
            problem(where, f"offsets of {value!r} do not match")
        out.append(span)
    return out


def write_jsonl(path: Path, items: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for it in items:
            f.write(json.dumps(it, ensure_ascii=False) + "\n")


def check_spec(path: Path, labels: list[str], test_texts: set[str], min_examples: int) -> None:
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    names = [f["name"] for f in spec["fields"]]
    if names != labels:
        problem(str(path), f"fields {names} are not the labels {labels}")
    for f in spec["fields"]:
        if not str(f.get("description", "")).strip():
            problem(str(path), f"field {f['name']!r} has no description")
    if len(spec.get("examples", [])) < min_examples:
        problem(str(path), f"fewer than {min_examples} examples")
    for i, ex in enumerate(spec.get("examples", []), 1):
        if ex["text"] in test_texts or any(ex["text"] in t for t in test_texts):
            problem(str(path), f"example {i} is in the test set")
        for j, sp in enumerate(ex["spans"], 1):
            if sp["label"] not in labels:
                problem(str(path), f"example {i}, span {j}: label {sp['label']!r} is not a field")
            if str(sp["text"]) not in ex["text"]:
                problem(str(path), f"example {i}, span {j}: {sp['text']!r} is not verbatim in the text")
            if "start" in sp and ex["text"][sp["start"]:sp["start"] + len(str(sp["text"]))] != str(sp["text"]):
                problem(str(path), f"example {i}, span {j}: start {sp['start']} does not point at {sp['text']!r}")


def label_table(items: list[dict], labels: list[str]) -> str:
    per = Counter(s["label"] for it in items for s in it["spans"])
    texts_with = Counter(l for it in items for l in {s["label"] for s in it["spans"]})
    rows = ["| label | spans | texts with the label |", "|---|---:|---:|"]
    rows += [f"| {l} | {per[l]} | {texts_with[l]} |" for l in labels]
    rows.append(f"| **all** | **{sum(per.values())}** | |")
    return "\n".join(rows)
