"""The cluster map in a real headless chromium: it renders, asks the network for nothing, and hovering a point
shows its whole record. Skipped when chromium is not installed (Debian: apt-get install chromium)."""
from __future__ import annotations

import time

import numpy as np
import pytest

from assistant.retrieval.plot import write_html
from pages import Browser, chromium, hover_first_point

pytestmark = [pytest.mark.real, pytest.mark.skipif(chromium() is None, reason="chromium is not installed")]


def test_map_renders_offline_and_hovers_whole_records(tmp_path):
    rng = np.random.default_rng(0)
    points = np.vstack([rng.normal(0, 1, (40, 2)), rng.normal(9, 1, (40, 2))])
    texts = [f"R{i} · cluster {i // 40}\nSummary: " + " ".join(f"w{i}x{j}" for j in range(150)) + " END"
             for i in range(80)]  # about 1,200 characters each: three times the old cut
    path = write_html(tmp_path / "map.html", points, [i // 40 for i in range(80)], texts, np.array([4.5, 4.5]),
                      "browser test", query_text="the query's text", nearest=[(0, 0.9), (41, 0.8)])
    with Browser() as browser:
        browser.open(path, "window.mapReady")
        assert "error" not in browser.js("window.mapReady")
        assert browser.requests() == []
        assert browser.js("document.querySelectorAll('#map canvas').length") >= 1  # WebGL layer drawn
        shown = hover_first_point(browser, trace=0, point=0)
        assert shown in texts and shown.endswith(" END")  # a whole record, not a cut one
        assert browser.js("getComputedStyle(document.getElementById('tip')).whiteSpace") == "pre-wrap"
        hidden = browser.js("""(async () => { const gd = document.getElementById('map');
            await Plotly.restyle(gd, {visible: 'legendonly'}, [1]); return gd._fullData[1].visible; })()""")
        assert hidden == "legendonly"  # what a click on the legend entry does
        browser.js("""(() => { const s = document.getElementById('search'); s.value = 'w5x3 END';
            s.dispatchEvent(new Event('input')); })()""")
        time.sleep(0.6)  # the search waits 200 ms after the last key
        assert browser.js("document.getElementById('hits').textContent") == "1 match"
        assert browser.requests() == []
