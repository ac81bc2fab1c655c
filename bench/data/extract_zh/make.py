#!/usr/bin/env python3
"""Builds extract_zh/test.jsonl and README.md from the hand-written, marked sentences in src/, and verifies them.

    python3 bench/data/extract_zh/make.py

Sources (written by an LLM helper for this project; fictional people and companies):
  src/zh_resume.txt, src/zh_news.txt   one sentence a line, "R<TAB>text" (resume style) or "N<TAB>text" (news
                                        style); lines starting with "#" and blank lines are skipped.
  src/README.template.md               README text; the numbers are filled in here.

A labeled value is written [[CODE|value]]: P 人名  C 公司  S 学校  L 地点  J 职位  T 时间. The script strips the
markers and computes character offsets. Every span is marked by hand; any other occurrence of a marked value in the
same sentence that no span covers is an error, and so is a written year (2015年) outside a 时间 span. Each span is
verified (text[start:end] == span text, not empty, no surrounding whitespace, no overlaps), and so are the spec.yaml
examples (labels, verbatim spans, not in the test set). Sentences are shuffled with a fixed seed so that resume and
news sentences are mixed. The script exits non-zero on any problem.
"""
from __future__ import annotations

import random
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

ZH_CODES = {"P": "人名", "C": "公司", "S": "学校", "L": "地点", "J": "职位", "T": "时间"}

# --- Chinese ------------------------------------------------------------------------------------------------------

def build() -> None:
    items, kinds, seen = [], Counter(), set()
    for path in sorted(SRC.glob("zh_*.txt")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            where = f"{path.name}:{n}"
            kind, _, marked = line.partition("\t")
            if kind not in ("R", "N") or not marked:
                problem(where, "a line must be R<TAB>text or N<TAB>text")
                continue
            text, spans, blocked = parse(marked.strip(), ZH_CODES, where)
            if re.search(r"\s", re.sub(r"(?<=[A-Za-z]) (?=[A-Za-z])", "", text)):  # only inside Latin names
                problem(where, "whitespace in a Chinese sentence")
            if text in seen:
                problem(where, "duplicate sentence")
            seen.add(text)
            spans = complete(text, spans, blocked, words=False, propagate=set(), unchecked=set(), where=where)
            for m in re.finditer(r"(?:19|20)\d\d年", text):  # a written year must be inside a 时间 span
                if not any(s <= m.start() and m.end() <= e and l == "时间" for s, e, l in spans):
                    problem(where, f"year {m.group(0)} not inside a 时间 span")
            items.append({"id": len(items), "text": text, "spans": verify(text, spans, where)})
            kinds[kind] += 1
    random.Random(20240601).shuffle(items)  # mix resume and news sentences, reproducibly
    for i, it in enumerate(items):
        it["id"] = i
    out = HERE
    write_jsonl(out / "test.jsonl", items)
    labels = list(ZH_CODES.values())
    check_spec(out / "spec.yaml", labels, {it["text"] for it in items}, 3)
    per_text = Counter(len(it["spans"]) for it in items)
    lens = [len(it["text"]) for it in items]
    readme = (SRC / "README.template.md").read_text(encoding="utf-8").format(
        n=len(items), n_resume=kinds["R"], n_news=kinds["N"], table=label_table(items, labels),
        n_empty=per_text[0], max_spans=max(per_text), mean_spans=f"{sum(len(i['spans']) for i in items) / len(items):.2f}",
        len_min=min(lens), len_med=int(statistics.median(lens)), len_max=max(lens))
    (out / "README.md").write_text(readme, encoding="utf-8")
    print(f"extract_zh: {len(items)} sentences ({kinds['R']} resume-style, {kinds['N']} news-style), "
          f"{sum(len(i['spans']) for i in items)} spans, {per_text[0]} without spans")
    print("  " + ", ".join(f"{l}={c}" for l, c in Counter(s['label'] for i in items for s in i['spans']).items()))


if __name__ == "__main__":
    run(build)
