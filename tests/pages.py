"""Helpers for the HTML pages: read the map's inlined data back, and drive a headless chromium over CDP.

The browser part uses only the stdlib and `websockets` (a dependency of the test server stack); tests that use it
are marked `real` and skip when no chromium is installed.
"""
from __future__ import annotations

import base64
import gzip
import itertools
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--no-default-browser-check",
                  "--disable-sync", "--disable-extensions", "--mute-audio"]


def map_parts(page: str) -> tuple[list[str], dict, dict]:
    """The records, the plotly figure and META inlined in a cluster map."""
    meta = json.loads(re.search(r"const META = (\{.*?\});</script>", page, re.S).group(1))
    fig = json.loads(re.search(r"const FIG = (\{.*?\});\nconst META", page, re.S).group(1))
    blob = re.search(r'<script type="application/json" id="records">(.*?)</script>', page, re.S).group(1)
    if meta["compressed"]:
        blob = gzip.decompress(base64.b64decode(blob)).decode("utf-8")
    return json.loads(blob.replace("<\\/", "</")), fig, meta


def chromium() -> str | None:
    return next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser")) if p), None)


class Browser:
    """One headless chromium with a fresh profile, driven over the DevTools protocol (one page)."""

    def __init__(self, width: int = 1400, height: int = 900):
        from websockets.sync.client import connect

        self.profile = tempfile.mkdtemp(prefix="chromium-profile-")
        self.proc = subprocess.Popen(
            [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={self.profile}", "--remote-debugging-port=0",
             f"--window-size={width},{height}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = Path(self.profile) / "DevToolsActivePort"
        for _ in range(300):
            if port_file.exists() and port_file.read_text().strip():
                break
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        pages = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
        target = next(p for p in pages if p["type"] == "page")
        self.ws = connect(target["webSocketDebuggerUrl"], max_size=None, open_timeout=30)
        self.ids = itertools.count(1)
        self.events: list[dict] = []
        self.call("Network.enable")
        self.call("Page.enable")
        self.call("Runtime.enable")

    def call(self, method: str, timeout: float = 120, **params) -> dict:
        """Send one CDP command and wait for its answer; events that arrive meanwhile are kept in self.events."""
        mid = next(self.ids)
        self.ws.send(json.dumps({"id": mid, "method": method, "params": params}))
        deadline = time.monotonic() + timeout
        while True:
            msg = json.loads(self.ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            if msg.get("id") == mid:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self.events.append(msg)

    def js(self, expression: str, timeout: float = 120):
        """The value of a JS expression (promises awaited)."""
        got = self.call("Runtime.evaluate", timeout=timeout, expression=expression, awaitPromise=True,
                        returnByValue=True)
        if "exceptionDetails" in got:
            raise RuntimeError(got["exceptionDetails"])
        return got["result"].get("value")

    def open(self, path: Path, ready: str = "document.readyState === 'complete'", timeout: float = 120) -> float:
        """Load a file and wait until `ready` is true; the seconds it took."""
        self.events.clear()
        started = time.perf_counter()
        self.call("Page.navigate", url=Path(path).resolve().as_uri())
        while time.perf_counter() - started < timeout:
            try:
                if self.js(f"!!({ready})"):
                    return time.perf_counter() - started
            except RuntimeError:
                pass  # the new document is not there yet
            time.sleep(0.05)
        raise TimeoutError(f"{path} was not ready within {timeout}s")

    def requests(self) -> list[str]:
        """URLs the page asked for, the page itself and inline data: URLs left out."""
        urls = [e["params"]["request"]["url"] for e in self.events if e.get("method") == "Network.requestWillBeSent"]
        return [u for u in urls if not u.startswith(("file://", "data:", "blob:", "about:"))]

    def mouse(self, x: float, y: float) -> None:
        self.call("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)

    def screenshot(self, path: Path) -> Path:
        data = self.call("Page.captureScreenshot", format="png")["data"]
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_bytes(base64.b64decode(data))
        return Path(path)

    def close(self) -> None:
        try:
            self.ws.close()
        finally:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
            shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def hover_first_point(browser: Browser, trace: int = 0, point: int = 0) -> str:
    """Move the real mouse onto a point of the map and return the hover card's text ('' when none shows)."""
    pos = browser.js(f"""(() => {{
        const gd = document.getElementById('map'), xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
        const box = gd.querySelector('.nsewdrag').getBoundingClientRect();
        const t = gd.data[{trace}];
        return [box.left + xa.l2p(t.x[{point}]) , box.top + ya.l2p(t.y[{point}])];
    }})()""")
    for dx in (0, 1, -1):  # plotly picks the closest point; a neighbour drawn on top can win, so wiggle
        browser.mouse(pos[0] + dx, pos[1])
        time.sleep(0.3)
        text = browser.js("document.getElementById('tip').style.display === 'block' ? "
                          "document.getElementById('tip').textContent : ''")
        if text:
            return text
    return ""


os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")  # the DevTools endpoint is local
