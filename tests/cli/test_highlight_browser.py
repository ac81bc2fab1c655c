"""The extraction review page in a real headless chromium: it renders, asks the network for nothing, and its
label and alignment filters hide what they say. Skipped when chromium is not installed."""
from __future__ import annotations

import pytest

from assistant.cli.highlight import write_html
from assistant.jobs.extract.spans import Span
from pages import Browser, chromium

pytestmark = [pytest.mark.real, pytest.mark.skipif(chromium() is None, reason="chromium is not installed")]


def spans_of(text, *found):
    return [Span(label=label, start=text.index(part), end=text.index(part) + len(part), text=part, alignment=align,
                 score=0.9 if align == "fuzzy" else 1.0) for label, part, align in found]


def test_review_page_filters_in_a_browser(tmp_path):
    a, b = "Jane knows Python and SQL.", "Bob led Acme Corp."
    records = [("r1", a, spans_of(a, ("name", "Jane", "exact"), ("skill", "Python", "fuzzy"))),
               ("r2", b, spans_of(b, ("name", "Bob", "exact"))), ("r3", "", [])]
    page = write_html(tmp_path / "review.html", records, ["name", "skill"], source="people.csv", model="m")
    visible = ("[...document.querySelectorAll('section')].filter((s) => !s.hidden)"
               ".map((s) => s.querySelector('h2').textContent).join(',')")
    rows = "[...document.querySelectorAll('tr[data-l]')].filter((r) => r.offsetParent).length"

    def toggle(selector):
        return (f"(() => {{ const b = document.querySelector('{selector}'); b.checked = !b.checked;"
                " b.dispatchEvent(new Event('change')); })()")

    with Browser(1000, 800) as browser:
        browser.open(page)
        assert browser.requests() == []
        assert browser.js(visible) == "r1,r2,r3" and browser.js(rows) == 3
        assert browser.js("document.querySelector('section.empty .badge').textContent") == "empty input"
        browser.js(toggle('input[data-hide="a-exact"]'))  # exact spans off
        assert browser.js(rows) == 1
        assert browser.js("getComputedStyle(document.querySelector('mark.a-exact')).backgroundColor") \
            == "rgba(0, 0, 0, 0)"
        browser.js(toggle("#only-shown"))  # only the records that still show a span
        assert browser.js(visible) == "r1"
        browser.js(toggle('input[data-hide="a-exact"]'))
        browser.js(toggle('input[data-hide="l1"]'))  # the skill label off
        assert browser.js(visible) == "r1,r2" and browser.js(rows) == 2
