"""Fill: predict a record's missing field from the rest of it and from its nearest neighbours (job.py says how)."""
from assistant.jobs.fill.collection import fill_collection
from assistant.jobs.fill.job import (
                                     INTERNAL,
                                     METHODS,
                                     Evidence,
                                     FillInput,
                                     FillOptions,
                                     FillResult,
                                     Proposal,
                                     Row,
                                     fill_rows,
                                     rows_from_store,
                                     run,
                                     split_rows,
)

__all__ = ["INTERNAL", "METHODS", "Evidence", "FillInput", "FillOptions", "FillResult", "Proposal", "Row",
           "fill_collection", "fill_rows", "rows_from_store", "run", "split_rows"]
