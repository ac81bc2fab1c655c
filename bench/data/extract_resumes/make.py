#!/usr/bin/env python3
"""Builds extract_resumes/test.jsonl and README.md from the hand-written, marked resumes in src/, and verifies them.

    python3 bench/data/extract_resumes/make.py

Sources (written by an LLM helper for this project; fictional people, employers and contact details):
  src/r01.txt ... src/r30.txt   one resume a file, in file-name order (ids 0-29).
  src/README.template.md        README text; the numbers and tables are filled in here.

A labeled value is written [[CODE|value]]: N Name, U College Name, D Degree, G Graduation Year, C Companies worked
at, J Designation, Y Years of Experience, S Skills, L Location, E Email Address. [[-|value]] writes the value without
a span and keeps it from being labeled automatically.

Every occurrence must be labeled. A value marked once with a propagating label (every label but Graduation Year and
Years of Experience) is also labeled at each other occurrence of the same string in that resume (case-sensitive,
not inside a longer word, longest values first, never over a span already there); a value marked with two different
labels in one resume is not propagated, and any of its occurrences left unlabeled is an error. Every e-mail address
must be an Email Address span. Each span is verified (text[start:end] == span text, not empty, no surrounding
whitespace, no overlaps), and so are the spec.yaml examples. The script exits non-zero on any problem.
"""
from __future__ import annotations

import json
import re
import statistics
import sys
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
MARK = re.compile(r"\[\[([^|\[\]]+)\|(.+?)\]\]")

EN_CODES = {"N": "Name", "U": "College Name", "D": "Degree", "G": "Graduation Year", "C": "Companies worked at",
            "J": "Designation", "Y": "Years of Experience", "S": "Skills", "L": "Location", "E": "Email Address"}
EN_NO_PROPAGATE = {"Graduation Year", "Years of Experience"}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

problems: list[str] = []


def problem(where: str, msg: str) -> None:
    problems.append(f"{where}: {msg}")


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


# --- English resumes ----------------------------------------------------------------------------------------------

def build() -> None:
    items, propagated = [], Counter()
    files = sorted(SRC.glob("r*.txt"))
    for path in files:
        where = path.name
        marked = path.read_text(encoding="utf-8").strip("\n") + "\n"
        text, spans, blocked = parse(marked, EN_CODES, where)
        n_marked = len(spans)
        spans = complete(text, spans, blocked, words=True, propagate=set(EN_CODES.values()) - EN_NO_PROPAGATE,
                         unchecked=EN_NO_PROPAGATE, where=where)
        propagated[where] = len(spans) - n_marked
        for m in EMAIL.finditer(text):
            if not any(s == m.start() and e == m.end() and l == "Email Address" for s, e, l in spans):
                problem(where, f"e-mail address {m.group(0)!r} is not an Email Address span")
        items.append({"id": len(items), "text": text, "spans": verify(text, spans, where)})
    out = HERE
    write_jsonl(out / "test.jsonl", items)
    labels = list(EN_CODES.values())
    check_spec(out / "spec.yaml", labels, {it["text"] for it in items}, 2)
    lens = sorted(len(it["text"]) for it in items)
    for it, path in zip(items, files):
        got = {s["label"] for s in it["spans"]}
        if len(it["text"]) < 1500:
            problem(path.name, f"only {len(it['text'])} characters")
        for must in ("Name", "Companies worked at", "Skills", "College Name"):
            if must not in got:
                problem(path.name, f"no {must} span")
    length_rows = "\n".join(f"| {it['id']} | {path.stem} | {len(it['text'])} | {len(it['spans'])} |"
                            for it, path in zip(items, files))
    readme = (SRC / "README.template.md").read_text(encoding="utf-8").format(
        n=len(items), table=label_table(items, labels), len_min=lens[0], len_med=int(statistics.median(lens)),
        len_max=lens[-1], len_mean=int(statistics.mean(lens)), n_over_8000=sum(l >= 8000 for l in lens),
        length_rows=length_rows, total=sum(len(i["spans"]) for i in items))
    (out / "README.md").write_text(readme, encoding="utf-8")
    print(f"extract_resumes: {len(items)} resumes, {sum(len(i['spans']) for i in items)} spans "
          f"({sum(propagated.values())} added by propagation), chars min/median/max "
          f"{lens[0]}/{int(statistics.median(lens))}/{lens[-1]}")
    print("  lengths: " + " ".join(f"{p.stem}={len(i['text'])}" for i, p in zip(items, files)))
    print("  " + ", ".join(f"{l}={c}" for l, c in Counter(s['label'] for i in items for s in i['spans']).items()))


if __name__ == "__main__":
    build()
    if problems:
        print(f"\n{len(problems)} problem(s):", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        sys.exit(1)
    print("all spans verified")
