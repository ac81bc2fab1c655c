"""Grounding extracted values: exact, normalized and fuzzy alignment, chunking, shifting and merging."""
from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.jobs.extract.spans import Span, align, chunk_text, merge_spans, shift

SOURCE = "Contract between John Smith and ACME Corp. John Smith lives in New York.\n\nSigned in New   York."


def check(source: str, spans: list[Span]) -> None:
    for s in spans:
        assert 0 <= s.start < s.end <= len(source)
        assert s.text == source[s.start:s.end]
        assert s.text == s.text.strip()


# ---------------------------------------------------------------- align


def test_exact_first_occurrence():
    [span] = align(SOURCE, "John Smith", "person")
    assert (span.start, span.end, span.alignment, span.score, span.value) == (17, 27, "exact", 1.0, None)
    assert span.key() == ("person", 17, 27)
    check(SOURCE, [span])


def test_exact_all_occurrences_and_search_from():
    spans = align(SOURCE, "John Smith", "person", occurrences="all")
    assert [s.start for s in spans] == [17, SOURCE.index("John Smith", 18)]
    assert all(s.alignment == "exact" for s in spans)
    later = align(SOURCE, "John Smith", "person", search_from=18)
    assert [s.start for s in later] == [spans[1].start]
    check(SOURCE, spans + later)


def test_all_occurrences_do_not_overlap():
    spans = align("aaaa", "aa", "x", occurrences="all")
    assert [(s.start, s.end) for s in spans] == [(0, 2), (2, 4)]


def test_surrounding_whitespace_is_trimmed_and_value_kept():
    [span] = align(SOURCE, "  ACME Corp ", "org")
    assert span.text == "ACME Corp" and span.alignment == "exact" and span.value == "  ACME Corp "


def test_case_and_whitespace_differences_are_normalized():
    [span] = align(SOURCE, "new  york", "city")
    assert span.alignment == "normalized" and span.text == "New York" and span.value == "new  york"
    spans = align(SOURCE, "NEW YORK", "city", occurrences="all")
    assert [s.text for s in spans] == ["New York", "New   York"]
    check(SOURCE, spans)


def test_quotes_and_punctuation_around_the_value_are_stripped():
    [span] = align(SOURCE, '"acme corp."', "org")
    assert span.text == "ACME Corp" and span.alignment == "normalized"
    [span] = align("He said 'hello world' twice", "“Hello World”;", "quote")
    assert span.text == "hello world"


def test_fuzzy_accepts_a_typo():
    [span] = align(SOURCE, "Jhon Smith", "person")
    assert span.alignment == "fuzzy" and span.text == "John Smith" and span.start == 17
    assert 0.85 <= span.score < 1 and span.value == "Jhon Smith"


def test_fuzzy_rejects_below_threshold():
    assert align(SOURCE, "Jane Smythe", "person") == []
    assert align(SOURCE, "Jhon Smith", "person", fuzzy_threshold=0.95) == []
    assert align(SOURCE, "Jhon Smith", "person", fuzzy_threshold=1.01) == []


def test_fuzzy_all_returns_the_best_window_only():
    spans = align(SOURCE, "Jhon Smith", "person", occurrences="all")
    assert len(spans) == 1 and spans[0].alignment == "fuzzy"


def test_value_not_in_source_and_empty_values():
    assert align(SOURCE, "Paris", "city") == []
    assert align(SOURCE, "", "city") == []
    assert align(SOURCE, "  \n\t", "city") == []
    assert align("", "x", "city") == []
    assert align(SOURCE, "John", "person", search_from=10_000) == []


def test_bad_occurrences_is_an_error():
    with pytest.raises(ValueError):
        align(SOURCE, "John", "person", occurrences="some")  # type: ignore[arg-type]


def test_fuzzy_over_a_long_source_finds_the_window():
    rng = random.Random(7)
    words = ["alpha", "beta", "gamma", "delta", "river", "stone", "market", "the", "of", "and", "quarterly"]
    source = " ".join(rng.choice(words) for _ in range(3500))[:20_000]
    target = "Consolidated Widget Manufacturing Company of Ohio"
    source = source[:12_000] + " " + target + " " + source[12_000:]
    [span] = align(source, "Consolidated Widget Manufaturing Company of Ohoi", "org")
    assert span.alignment == "fuzzy" and span.text == target and span.start == 12_001


# ---------------------------------------------------------------- chunk_text


def covered(text: str, chunks: list[tuple[int, str]]) -> bool:
    seen = [False] * len(text)
    for offset, chunk in chunks:
        assert text[offset:offset + len(chunk)] == chunk
        for i in range(offset, offset + len(chunk)):
            seen[i] = True
    return all(seen)


def test_short_text_is_one_chunk():
    assert chunk_text("short", 10, 3) == [(0, "short")]
    assert chunk_text("", 10, 3) == [(0, "")]


def test_chunks_cover_overlap_and_respect_paragraphs():
    paragraph = "One sentence here. Another sentence there. "
    text = "\n\n".join(paragraph * 3 for _ in range(6))
    chunks = chunk_text(text, 200, 40)
    assert covered(text, chunks) and len(chunks) > 1
    assert all(len(c) <= 200 for _, c in chunks)
    for (a, ca), (b, _) in zip(chunks, chunks[1:]):
        assert a < b <= a + len(ca)  # progress, and no gap
        assert a + len(ca) - b <= 40  # overlap at most what was asked
    assert any(a + len(ca) - b > 0 for (a, ca), (b, _) in zip(chunks, chunks[1:]))
    # the first cut is at a paragraph break, not in the middle of a sentence
    assert chunks[0][1].endswith("\n\n") or chunks[0][1].endswith(". ")


def test_chunks_never_cut_inside_a_word():
    text = " ".join(["word", "another", "longerword"] * 50)
    for offset, chunk in chunk_text(text, 37, 10):
        end = offset + len(chunk)
        assert offset == 0 or text[offset - 1] == " "
        assert end == len(text) or text[end] == " " or text[end - 1] == " "


def test_a_word_longer_than_a_chunk_is_cut():
    text = "x" * 25 + " tail"
    chunks = chunk_text(text, 10, 3)
    assert covered(text, chunks) and all(len(c) <= 10 for _, c in chunks)


@pytest.mark.parametrize("max_chars, overlap", [(0, 0), (-1, 0), (10, 10), (10, 11), (10, -1)])
def test_chunk_arguments_are_checked(max_chars, overlap):
    with pytest.raises(ValueError):
        chunk_text("some text", max_chars, overlap)


# ---------------------------------------------------------------- shift and merge


def mk(label, start, end, alignment="exact", score=1.0):
    return Span(label=label, start=start, end=end, text="x" * (end - start), alignment=alignment, score=score)


def test_shift_moves_spans_to_document_offsets():
    text = "alpha beta gamma delta"
    offset, chunk = 11, text[11:]
    [span] = shift(align(chunk, "delta", "w"), offset)
    assert (span.start, span.end) == (17, 22) and text[span.start:span.end] == span.text


def test_merge_keeps_the_best_alignment_for_the_same_key():
    merged = merge_spans([mk("a", 0, 4, "fuzzy", 0.9), mk("a", 0, 4, "exact"), mk("a", 0, 4, "normalized")])
    assert [(s.key(), s.alignment) for s in merged] == [(("a", 0, 4), "exact")]
    merged = merge_spans([mk("a", 0, 4, "fuzzy", 0.86), mk("a", 0, 4, "fuzzy", 0.93)])
    assert [s.score for s in merged] == [0.93]


def test_merge_keeps_the_longer_of_overlapping_same_label_spans():
    merged = merge_spans([mk("a", 10, 14), mk("a", 8, 20, "fuzzy", 0.9), mk("b", 10, 14), mk("a", 20, 25)])
    assert [s.key() for s in merged] == [("a", 8, 20), ("b", 10, 14), ("a", 20, 25)]


def test_merge_of_chunked_alignment_matches_the_whole_document():
    text = ("Ann Lee met Bob Ray. " * 30).strip()
    whole = align(text, "Bob Ray", "person", occurrences="all")
    pieces = [s for off, chunk in chunk_text(text, 90, 30)
              for s in shift(align(chunk, "Bob Ray", "person", occurrences="all"), off)]
    assert len(pieces) > len(whole)  # chunks overlap, so some spans were found twice
    assert [s.key() for s in merge_spans(pieces)] == [s.key() for s in whole]


# ---------------------------------------------------------------- properties


def mutate(draw, text: str) -> str:
    """A model-like rewrite: case changes, whitespace runs changed, quotes or punctuation around it."""
    out = []
    for ch in text:
        if ch.isspace():
            out.append(draw(st.sampled_from([" ", "  ", "\n", "\t ", ch])))
        else:
            out.append(draw(st.sampled_from([ch, ch.upper(), ch.lower(), ch.swapcase()])))
    return draw(st.sampled_from(["", '"', "'", " "])) + "".join(out) + draw(st.sampled_from(["", '"', ".", ", "]))


@st.composite
def source_and_value(draw):
    alphabet = st.one_of(st.sampled_from(list("abcAB .,'\"\n\t")), st.characters())
    source = draw(st.text(alphabet, max_size=200))
    kind = draw(st.sampled_from(["any", "substring", "mutated"]))
    if kind == "any" or not source:
        return source, draw(st.text(alphabet, max_size=40))
    i = draw(st.integers(0, len(source)))
    j = draw(st.integers(i, min(len(source), i + 40)))
    return source, source[i:j] if kind == "substring" else mutate(draw, source[i:j])


@settings(max_examples=200, deadline=None)
@given(source_and_value(), st.sampled_from(["first", "all"]), st.floats(0.5, 1.0), st.integers(-5, 250))
def test_align_never_raises_and_spans_are_the_source(pair, occurrences, threshold, search_from):
    source, value = pair
    spans = align(source, value, "x", occurrences=occurrences, fuzzy_threshold=threshold, search_from=search_from)
    check(source, spans)
    assert all(s.start >= min(max(search_from, 0), len(source)) for s in spans)
    if value.strip() and value.strip() in source[max(search_from, 0):]:
        assert spans and spans[0].alignment == "exact"


@settings(max_examples=200, deadline=None)
@given(st.text(st.one_of(st.sampled_from(list("ab .\n")), st.characters()), max_size=300),
       st.integers(1, 60), st.data())
def test_chunk_text_covers_and_matches_offsets(text, max_chars, data):
    overlap = data.draw(st.integers(0, max_chars - 1))
    chunks = chunk_text(text, max_chars, overlap)
    assert covered(text, chunks)
    assert all(len(c) <= max_chars for _, c in chunks)
    assert [o for o, _ in chunks] == sorted({o for o, _ in chunks})
