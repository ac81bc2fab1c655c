"""Fill: predict a record's missing field from the rest of it and from its nearest neighbours (job.py says how;
main.py is the job, cv.py how `auto` chooses, candidates.py what the record writes, evidence.py what is cited)."""
from assistant.jobs.fill.candidates import INTERNAL
from assistant.jobs.fill.collection import fill_collection
from assistant.jobs.fill.evidence import Evidence
from assistant.jobs.fill.job import METHODS, NO_LLM, Proposal, fill_rows
from assistant.jobs.fill.main import FillInput, FillOptions, FillResult, run
from assistant.jobs.fill.rows import Row, rows_from_store, split_rows

__all__ = ["INTERNAL", "METHODS", "NO_LLM", "Evidence", "FillInput", "FillOptions", "FillResult", "Proposal", "Row",
           "fill_collection", "fill_rows", "rows_from_store", "run", "split_rows"]
