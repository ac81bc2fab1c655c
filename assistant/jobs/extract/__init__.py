"""Extract: verbatim spans of named fields from text, grounded to character offsets (job.py says how)."""
from assistant.jobs.extract.answers import RecordSpans
from assistant.jobs.extract.job import (
                                        STANDARD_TAGS,
                                        ExtractInput,
                                        ExtractOptions,
                                        ExtractResult,
                                        answer_shape,
                                        build_prompt,
                                        describe,
                                        run,
                                        spec_for_labels,
)
from assistant.jobs.extract.spans import Span
from assistant.jobs.extract.spec import ExtractSpec, FieldSpec, load_spec, parse_fields

__all__ = ["STANDARD_TAGS", "ExtractInput", "ExtractOptions", "ExtractResult", "ExtractSpec", "FieldSpec",
           "RecordSpans", "Span", "answer_shape", "build_prompt", "describe", "load_spec", "parse_fields", "run",
           "spec_for_labels"]
