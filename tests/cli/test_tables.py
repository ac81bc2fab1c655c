"""Tables fit an 80-column terminal: one line per row, empty columns dropped, the preview at what matched."""
from __future__ import annotations

import csv
from pathlib import Path

from rich.console import Console

from assistant.cli import render
from assistant.cli.tables import best_passage, fit_table
from assistant.core.results import SearchHit, SearchResult
from assistant.jobs.contract import Usage
from assistant.jobs.rerank.job import RerankItem, RerankResult

SAMPLE = Path(__file__).resolve().parents[2] / "assistant" / "sample" / "applicants.csv"


def _records(n=6):
    rows = list(csv.DictReader(SAMPLE.open(encoding="utf-8")))[:n]
    return rows, ["\n".join(f"{k}: {v}" for k, v in r.items()) for r in rows]


def _lines(draw) -> list[str]:
    console = Console(width=80, record=True, force_terminal=False)
    draw(console)
    return console.export_text().splitlines()


def test_best_passage_starts_at_what_the_query_names():
    text = "Age: 37\nGender: Male\nRole: Data Analyst\nSummary: Builds dashboards in Snowflake. Loves hiking."
    assert best_passage(text, "snowflake dashboards").startswith("Summary: Builds dashboards in Snowflake")
    assert best_passage(text, "which role").startswith("Role: Data Analyst")  # a field named in the query
    assert best_passage(text, "zzz").startswith("Age: 37")  # nothing matches: the record's start
    assert best_passage(text, None).startswith("Age: 37")


def test_search_and_rerank_tables_fit_80_columns_one_line_a_row():
    rows, texts = _records()
    hits = [SearchHit(rank=i + 1, id=r["ApplicantID"], similarity=0.5, text=t, metadata={})
            for i, (r, t) in enumerate(zip(rows, texts))]
    lines = _lines(lambda c: render.search(c, SearchResult(collection="people", query="SQL dashboards", k=6,
                                                           hits=hits)))
    assert max(len(line) for line in lines) <= 80
    assert sum("A000" in line for line in lines) == 6  # one line per hit
    assert any("Writes complex SQL" in line for line in lines)  # A0002's matching sentence, not "Age: ..."
    items = [RerankItem(new_rank=i + 1, old_rank=6 - i, id=r["ApplicantID"], score=1.0, llm_score=0.0, wins=None,
                        similarity=0.4, text=t) for i, (r, t) in enumerate(zip(rows, texts))]
    result = RerankResult(query="marketing campaigns", method="ql+emb", fusion="z", weight=0.5, items=items,
                          usage=Usage(model="m"))
    lines = _lines(lambda c: render.rerank(c, result))
    assert max(len(line) for line in lines) <= 80
    header = next(line for line in lines if " new " in f" {line} ")
    assert "wins" not in header and "preview" in header  # no wins for a non-pairwise method
    assert len([line for line in lines if "A00" in line]) == 6


def test_fit_table_drops_empty_columns_and_never_cuts_short_ids():
    lines = _lines(lambda c: fit_table(c, "t", [("id", "left"), ("empty", "left"), ("text", "left")],
                                       [["an-id-of-21-characters", "", "x " * 100]] * 3))
    assert not any("empty" in line for line in lines)
    assert sum("an-id-of-21-characters" in line for line in lines) == 3
    assert max(len(line) for line in lines) <= 80


def test_models_list_fits_80_columns():
    rows = [{"id": "qwen2.5-coder-1.5b", "installed": True, "params": "1.5B", "quantization": "Q4_K_M",
             "size_mb": 1117.3, "license": "Apache-2.0 (Qwen2.5 weights, third-party repackaging)",
             "path": "/very/long/models/folder/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"}]
    lines = _lines(lambda c: render.models(c, rows))
    assert max(len(line) for line in lines) <= 80
    assert any("qwen2.5-coder-1.5b" in line and "1117.3" in line for line in lines)
