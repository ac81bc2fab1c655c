"""What the chat remembers between turns: the collection in use and the last result (its records and command)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_REFERS = re.compile(r"\b(them|those|these|they|ones|the results?|previous|that list|the same|same)\b", re.I)


@dataclass
class LastResult:
    """The records the last command showed, and the command itself (so a follow-up can narrow it)."""

    kind: str  # search | rerank | classify | answer | cluster | ...
    argv: list[str]
    collection: str | None = None
    ids: list[str] = field(default_factory=list)

    def describe(self) -> str:
        what = f"{len(self.ids)} records" if self.ids else "no records"
        return f"{self.kind} in {self.collection!r}: {what}" if self.collection else f"{self.kind}: {what}"


@dataclass
class Context:
    collection: str | None = None
    last: LastResult | None = None
    pending: dict[str, Any] | None = None  # a plan waiting for one missing argument (e.g. the labels)
    argv: list[str] = field(default_factory=list)  # the command running now (set by the chat before it runs)

    def refers_back(self, request: str) -> bool:
        """True when the request talks about the previous result ("classify them", "only those in cluster 2")."""
        return self.last is not None and bool(self.last.ids) and bool(_REFERS.search(request))

    def remember(self, result: Any, about: dict[str, Any]) -> None:
        """Listener for the commands' results (cli.common.result_listeners)."""
        kind = type(result).__name__
        collection = about.get("collection") or getattr(result, "collection", None)
        ids: list[str] = []
        if kind == "SearchResult":
            ids = [h.id for h in result.hits]
        elif kind == "RerankResult":
            ids = [it.id for it in result.items]
        elif kind == "Answer":
            ids = list(result.cited) or [h.id for h in result.hits]
        elif "ids" in about:
            ids = list(about["ids"])
        if kind == "IngestSummary":
            self.collection = result.collection
        name = {"SearchResult": "search", "RerankResult": "rerank", "ClassifyResult": "classify",
                "Answer": "answer", "ClusterReport": "cluster", "FillResult": "fill"}.get(kind, kind)
        if ids or kind in ("ClusterReport", "FillResult"):
            self.last = LastResult(name, list(self.argv), collection, ids)
        if collection and self.collection is None:
            self.collection = collection
