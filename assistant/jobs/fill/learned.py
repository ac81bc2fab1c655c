"""The learned method of fill: a classifier of the field's value trained on the records that have it."""
from __future__ import annotations

from collections import Counter
from typing import Any

from assistant.jobs.fill.rows import Row


def _key(value: Any) -> str:
    return str(value).strip().casefold()


def _one_line(value: Any) -> str:
    return " ".join(str(value).split())


class LearnedPrior:
    """A classifier of the field's value trained on the records that have it: TF-IDF character n-grams of each
    other field (so "212/" in a phone and "212-" are different clues) and logistic regression.

    It learns what the collection's own conventions are (one source writes "new york", another "new york
    city") which neither neighbours nor a small LLM pick up. Only for categorical fields with enough rows.
    """

    def __init__(self, field: str, known: list[Row]):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        self.inputs = sorted({k for r in known for k in r.fields if k != field})
        self.vectorizers = {
            name: TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4), sublinear_tf=True, lowercase=True)
            .fit([_one_line(r.fields.get(name, "")) for r in known] + ["x"]) for name in self.inputs}
        labels = [_key(r.fields[field]) for r in known]
        self.shown = {}
        for r in known:
            self.shown.setdefault(_key(r.fields[field]), r.fields[field])
        self.model = LogisticRegression(C=10.0, max_iter=2000).fit(self._features(known), labels)

    @staticmethod
    def usable(known: list[Row], field: str) -> bool:
        counts = Counter(_key(r.fields[field]) for r in known)
        return len(known) >= 20 and len(counts) >= 2

    def _features(self, rows: list[Row]):
        from scipy.sparse import hstack

        return hstack([self.vectorizers[n].transform([_one_line(r.fields.get(n, "")) for r in rows])
                       for n in self.inputs]).tocsr()

    def predict(self, rows: list[Row]) -> list[dict[str, float]]:
        """For each row: value key -> probability."""
        probs = self.model.predict_proba(self._features(rows))
        return [dict(zip(self.model.classes_, row.tolist())) for row in probs]
