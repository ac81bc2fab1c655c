"""One error hierarchy for the library; the CLI turns each into a message that says the fix."""
from __future__ import annotations


class AssistantError(Exception):
    """Base of every error the library raises on purpose.

    ``fix`` is a short instruction for the user; the CLI prints it after the message.
    """

    exit_code = 1

    def __init__(self, message: str, fix: str | None = None):
        super().__init__(message)
        self.message = message
        self.fix = fix

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message if not self.fix else f"{self.message}\nFix: {self.fix}"


class ConfigError(AssistantError):
    """A setting, option or argument is wrong."""


class InputFileError(AssistantError):
    """An input file cannot be read as records (format, encoding, shape)."""

    exit_code = 2

    def __init__(self, path: str, message: str, fix: str | None = None, row: int | None = None):
        where = f"{path}" + (f", row {row}" if row is not None else "")
        super().__init__(f"{where}: {message}", fix)
        self.path = path
        self.row = row


class BadRowsError(InputFileError):
    """Several rows of an input file are bad; nothing was written."""

    def __init__(self, path: str, problems: list[tuple[int, str]], fix: str):
        shown = "\n".join(f"  row {row}: {msg}" for row, msg in problems[:10])
        more = f"\n  ... and {len(problems) - 10} more" if len(problems) > 10 else ""
        AssistantError.__init__(
            self, f"{path}: {len(problems)} bad row(s), nothing was written:\n{shown}{more}", fix
        )
        self.path = path
        self.row = problems[0][0] if problems else None
        self.problems = problems


class ModelNotFoundError(AssistantError):
    """A model file or package is not installed locally (the tool never downloads at run time)."""


class ModelLoadError(AssistantError):
    """A model file exists but cannot be loaded."""


class LLMOutputError(AssistantError):
    """The LLM backend failed or answered something that is not a valid result (wrong count, NaN, p > 1)."""


class LLMRuntimeError(LLMOutputError):
    """The LLM backend failed while it ran (llama_decode returned an error code): the model loaded, a call broke."""


class ContextOverflowError(AssistantError):
    """A prompt does not fit the model's context window."""


class LLMServerError(AssistantError):
    """An inference server (--llm-url) cannot be reached, refuses the requests, or answers garbage."""


class EmbeddingServerError(LLMServerError):
    """An embedding server (--embedding-url) cannot be reached, refuses the requests, or answers garbage."""


class StoreError(AssistantError):
    """The vector store is missing, locked, or inconsistent."""


class StoreLockedError(StoreError):
    """Another process holds the embedded store's writer role."""


class CollectionNotFoundError(StoreError):
    """The named collection does not exist."""


class EmbeddingModelMismatchError(StoreError):
    """A collection was built with another embedding model; mixing models is refused."""


class NotClusteredError(StoreError):
    """An operation needs clusters and the collection has none yet."""


class OutputWriteError(AssistantError):
    """An output file or the workspace cannot be written: the disk is full, read-only, or not ours to write."""


class Cancelled(AssistantError):
    """The user interrupted a long job; what was finished is kept."""

    exit_code = 130
