"""The fill job: `run(llm, inputs, options)` (jobs/contract.py). It leaves out the fields it must not use,
chooses the method (`auto`: cross-validation, cv.py) and fills with it (job.fill_rows)."""
from __future__ import annotations

from pydantic import BaseModel, Field

from assistant.core.protocols import LLM, Embedder
from assistant.data.ingest import fields_text
from assistant.jobs.contract import JobResult, Meter, Progress
from assistant.jobs.fill.cv import Choice, CVScore, choose
from assistant.jobs.fill.evidence import protected_fields
from assistant.jobs.fill.job import LLM_WEIGHT, NO_LLM, Kind, Method, Proposal, fill_rows
from assistant.jobs.fill.rows import Row


class FillInput(BaseModel):
    """What to fill: the field, the rows that lack it (targets) and the rows that have it (the evidence)."""

    model_config = {"arbitrary_types_allowed": True}

    field: str
    targets: list[Row]
    known: list[Row]


class FillOptions(BaseModel):
    method: Method = "auto"
    k: int = Field(8, description="nearest neighbours (the LLM's examples, knn's voters)")
    shots: int = 8
    min_confidence: float = Field(0.0, description="below this confidence the field stays missing (abstain)")
    max_candidates: int = 24
    llm_weight: float = LLM_WEIGHT
    ignore: list[str] = Field(default_factory=list, description="fields kept out of the evidence and the model")
    use_all_fields: bool = Field(False, description="also use fields named like a protected attribute")
    cv_folds: int = 5
    cv_seconds: float = Field(90.0, description="time budget of auto's cross-validation of the LLM methods")
    cv_llm_rows: int = Field(32, description="held-out rows at most per LLM method in auto's cross-validation")


class FillResult(JobResult):
    field: str
    kind: Kind
    method: Method
    missing: int  # records without the field
    filled: int  # proposals at or above min_confidence
    proposals: list[Proposal]
    cv: dict[str, CVScore] = {}  # auto: each method's cross-validated accuracy on the records with the field
    note: str | None = None  # how the method was chosen
    left_out: list[str] = []  # fields kept out of the evidence and the model
    protected_left_out: list[str] = []  # of those, the ones named like a protected attribute (not asked)
    collection: str | None = None  # set when the rows came from a collection (fill_collection)
    applied: bool = False
    exported: str | None = None


def without(rows: list[Row], drop: set[str], embedder: Embedder | None) -> list[Row]:
    """The rows without the dropped fields; re-embedded (when an embedder is given) so that the neighbours
    are not chosen by a dropped field either."""
    if not drop:
        return rows
    kept = [{k: v for k, v in r.fields.items() if k not in drop} for r in rows]
    vectors = embedder.embed([fields_text(f) for f in kept]) if embedder is not None and rows else [r.vector for r in rows]
    return [Row(r.id, f, v) for r, f, v in zip(rows, kept, vectors)]


def run(llm: LLM | None, inputs: FillInput, options: FillOptions | None = None, *,
        embedder: Embedder | None = None, progress: Progress | None = None) -> FillResult:
    """Propose a value for each target row; the job contract (jobs/contract.py), progress counts records.

    The rows carry their vectors; the embedder re-embeds them only when fields are left out. `auto` reports
    the method it chose and the cross-validated accuracies it chose by; the winner's accuracy scales the
    confidence (a method right 80% of the time in cross-validation shows a mean confidence near 0.80)."""
    o = options or FillOptions()
    meter = Meter(llm)
    names = sorted({k for r in inputs.known + inputs.targets for k in r.fields if k != inputs.field})
    protected = [] if o.use_all_fields else [n for n in protected_fields(names) if n not in o.ignore]
    drop = {n for n in o.ignore if n != inputs.field} | set(protected)
    known, targets = without(inputs.known, drop, embedder), without(inputs.targets, drop, embedder)
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(done, len(targets))

    if progress:
        progress(0, len(targets))
    choice: Choice | None = None
    method, scale = o.method, 1.0
    if method == "auto":
        choice = choose(inputs.field, known, llm, folds=o.cv_folds, budget_s=o.cv_seconds, llm_rows=o.cv_llm_rows,
                        k=o.k, shots=o.shots, embedder=embedder)
        method = choice.method
        won = choice.scores.get(method)
        if won and won.mean_top > 0:
            scale = won.accuracy / won.mean_top
    kind, used, proposals = fill_rows(inputs.field, targets, known, llm=llm, method=method, k=o.k, shots=o.shots,
                                      min_confidence=o.min_confidence, max_candidates=o.max_candidates,
                                      llm_weight=o.llm_weight, scale=scale, progress=step)
    llm_used = used not in NO_LLM or bool(choice and any(m not in NO_LLM for m in choice.scores))
    return FillResult(field=inputs.field, kind=kind, method=used, missing=len(targets),
                      filled=sum(p.value is not None for p in proposals), proposals=proposals,
                      cv=choice.scores if choice else {}, note=choice.note if choice else None,
                      left_out=sorted(drop), protected_left_out=protected,
                      usage=meter.usage(used_llm=llm_used))
