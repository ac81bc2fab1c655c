from __future__ import annotations

import re

import pytest
from pydantic import BaseModel

from assistant.cli.highlight import PALETTE, highlight_text, label_colour, legend, write_html

try:
    from assistant.jobs.extract.spans import Span
except ImportError:  # spans.py is written alongside; highlight only needs these attributes
    class Span(BaseModel):  # type: ignore[no-redef]
        label: str
        start: int
        end: int
        text: str
        alignment: str
        score: float = 1.0
        value: str | None = None

TEXT = "Jane worked at Acme Corp as a Python developer."


def span(source: str, label: str, part: str, alignment: str = "exact", occurrence: int = 0) -> Span:
    start = -1
    for _ in range(occurrence + 1):
        start = source.index(part, start + 1)
    return Span(label=label, start=start, end=start + len(part), text=part, alignment=alignment)


def strip_labels(plain: str, labels) -> str:
    for label in labels:
        plain = plain.replace(f"[{label}]", "")
    return plain


# --- terminal -----------------------------------------------------------------------------------------------------

def test_plain_is_text_with_labels_after_spans():
    spans = [span(TEXT, "skills", "Python"), span(TEXT, "company", "Acme Corp"), span(TEXT, "name", "Jane")]
    out = highlight_text(TEXT, spans)
    assert out.plain == "Jane[name] worked at Acme Corp[company] as a Python[skills] developer."
    styled = {out.plain[s.start:s.end]: str(s.style) for s in out.spans}
    assert styled["Acme Corp"] == f"black on {label_colour('company')}"
    assert styled["[company]"] == "dim"


def test_no_spans_is_the_text():
    assert highlight_text(TEXT, []).plain == TEXT


def test_nested_and_crossing_spans_keep_every_character_once():
    spans = [span(TEXT, "company", "Acme Corp"), span(TEXT, "org", "Acme"),  # nested
             span(TEXT, "role", "Corp as a Python"), span(TEXT, "skills", "Python developer")]  # crossing
    out = highlight_text(TEXT, spans)
    assert strip_labels(out.plain, ["company", "org", "role", "skills"]) == TEXT
    for label in ("company", "org", "role", "skills"):
        assert out.plain.count(f"[{label}]") == 1
    assert out.plain.index("[org]") < out.plain.index("[company]")  # the inner label closes first


def test_identical_ranges_do_not_crash():
    spans = [span(TEXT, "a", "Jane"), span(TEXT, "b", "Jane")]
    assert strip_labels(highlight_text(TEXT, spans).plain, "ab") == TEXT


def test_offsets_outside_the_text_are_refused():
    with pytest.raises(ValueError, match="do not fit"):
        highlight_text("short", [Span(label="a", start=2, end=9, text="ort", alignment="exact")])


def test_colours_are_stable_and_distinct_for_known_labels():
    labels = ["skills", "company", "name"]
    colours = [label_colour(label, labels) for label in labels]
    assert len(set(colours)) == 3 and all(c in PALETTE for c in colours)
    assert colours == [label_colour(label, list(reversed(labels))) for label in labels]
    assert label_colour("anything") == label_colour("anything") in PALETTE
    assert legend(labels).plain == " skills   company   name "


# --- HTML ---------------------------------------------------------------------------------------------------------

def test_html_escapes_text_labels_and_ids(tmp_path):
    text = 'Before <script>alert("x")</script> & after'
    spans = [span(text, "code", "<script>"), span(text, "amp", "&")]
    path = write_html(tmp_path / "review.html", [("<b>id</b>", text, spans)], ["code", "amp"])
    page = path.read_text(encoding="utf-8")
    assert '<script>alert' not in page and "<b>id</b>" not in page
    assert "&lt;script&gt;" in page and "&lt;b&gt;id&lt;/b&gt;" in page and "&amp;" in page
    assert "http" not in page  # self-contained: no external resources


def test_html_has_a_mark_per_span_with_title_and_alignment(tmp_path):
    spans = [span(TEXT, "name", "Jane"), span(TEXT, "company", "Acme Corp", "normalized"),
             span(TEXT, "skills", "Python", "fuzzy")]
    records = [("r1", TEXT, spans), ("r2", "nothing here", [])]
    page = write_html(tmp_path / "out" / "review.html", iter(records), ["name", "company", "skills"]).read_text()
    marks = re.findall(r'<mark class="(l\d) a-(\w+)" data-span="(\d)" title="([^"]*)">', page)
    assert sorted(m[2] for m in marks) == ["0", "1", "2"]
    assert ("l1", "normalized", "1", "company · normalized · 15–24") in marks
    assert ".a-fuzzy{text-decoration:underline dashed" in page
    assert "<h2>r1</h2>" in page and "<h2>r2</h2>" in page and "no spans" in page
    assert page.count("<tr>") == 1 and page.count('<tr class="') == 3  # header and one row per span
    for s in spans:
        assert f">{s.text}<" in page or f">{s.text}<span" in page


def test_html_crossing_span_is_split_but_labelled_once(tmp_path):
    spans = [span(TEXT, "company", "Acme Corp"), span(TEXT, "role", "Corp as a Python")]
    page = write_html(tmp_path / "r.html", [("r", TEXT, spans)], ["company", "role"]).read_text()
    start = page.index('<div class="text">')
    body = page[start:page.index("</div>", start)]
    tags = re.sub(r'<span class="tag">\w+</span>', "", body)
    assert re.sub(r"<[^>]+>", "", tags) == TEXT
    assert body.count('class="tag"') == 2 and body.count('data-span="1"') == 2


def test_html_unknown_label_gets_a_class(tmp_path):
    page = write_html(tmp_path / "r.html", [("r", TEXT, [span(TEXT, "extra", "Jane")])], []).read_text()
    assert '<mark class="l0 a-exact"' in page and f"mark.l0{{background:{label_colour('extra')}}}" in page


def test_html_is_replaced_atomically(tmp_path):
    path = tmp_path / "review.html"
    path.write_text("old")
    write_html(path, [("r", TEXT, [])], [])
    assert "old" != path.read_text() and [p.name for p in tmp_path.iterdir()] == ["review.html"]

    def failing():
        yield ("r", TEXT, [])
        raise RuntimeError("boom")

    before = path.read_text()
    with pytest.raises(RuntimeError):
        write_html(path, failing(), [])
    assert path.read_text() == before and [p.name for p in tmp_path.iterdir()] == ["review.html"]


def test_html_header_names_source_model_date_and_counts(tmp_path):
    records = [("r1", TEXT, [span(TEXT, "name", "Jane"), span(TEXT, "skills", "Python", "fuzzy")]),
               ("r2", "nothing here", []), ("r3", "  \n", [])]
    page = write_html(tmp_path / "r.html", records, ["name", "skills"], source="data/people.csv", model="gemma3-270m",
                      created="2026-12-02 10:00 UTC", extra={"failed": 2, "values not found in the text": 0}
                      ).read_text()
    assert "<title>extractions · people.csv</title>" in page
    for key, value in (("source", "data/people.csv"), ("model", "gemma3-270m"), ("date", "2026-12-02 10:00 UTC")):
        assert f"<dt>{key}</dt><dd>{value}</dd>" in page
    counts = re.search(r'<p class="counts">(.*?)<br>', page).group(1)
    assert counts == "3 record(s) · 2 span(s) · 1 with no spans found · 1 empty input(s) · 2 failed"
    assert "by label: name 1, skills 1" in page and "exact 1, normalized 0, fuzzy 1" in page


def test_html_marks_empty_inputs_apart_from_nothing_found(tmp_path):
    page = write_html(tmp_path / "r.html", [("full", "nothing here", []), ("blank", " ", [])], []).read_text()
    full, blank = page.split("<section")[1:]
    assert "no spans found" in full and "empty input" not in full
    assert blank.startswith(' class="empty"') and "empty input" in blank


def test_html_shows_span_scores_and_filters(tmp_path):
    fuzzy = span(TEXT, "skills", "Python", "fuzzy").model_copy(update={"score": 0.87, "value": "Pyhton"})
    page = write_html(tmp_path / "r.html", [("r", TEXT, [span(TEXT, "name", "Jane"), fuzzy])],
                      ["name", "skills"]).read_text()
    assert 'title="skills · fuzzy 0.87 · 30–36"' in page
    row = re.search(r'<tr class="l1 a-fuzzy" data-l="1">(.*?)</tr>', page).group(1)
    assert '<td class="num">0.87</td><td>Pyhton</td>' in row
    for hide in ("l0", "l1", "a-exact", "a-normalized", "a-fuzzy"):
        assert f'data-hide="{hide}"' in page and f".hide-{hide} tr.{hide}{{display:none}}" in page
    assert 'id="only-shown"' in page and "<script>" in page and "http" not in page
