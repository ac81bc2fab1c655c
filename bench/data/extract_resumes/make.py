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

import re
import statistics
import sys
from collections import Counter
from pathlib import Path


sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from marked_spans import (check_spec, complete, label_table, parse, problem, run, verify,  # noqa: E402
                          write_jsonl)

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"

EN_CODES = {"N": "Name", "U": "College Name", "D": "Degree", "G": "Graduation Year", "C": "Companies worked at",
            "J": "Designation", "Y": "Years of Experience", "S": "Skills", "L": "Location", "E": "Email Address"}
EN_NO_PROPAGATE = {"Graduation Year", "Years of Experience"}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

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
    run(build)
