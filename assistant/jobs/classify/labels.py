"""The labels a user classifies into: names with optional descriptions, from an option or a labels file."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from assistant.core.errors import AssistantError, ConfigError, InputFileError


class LabelsFileError(InputFileError):
    """A labels file has a bad line (named by its line number)."""

    def __init__(self, path: str, message: str, fix: str, line: int | None = None):
        where = f"{path}" + (f", line {line}" if line is not None else "")
        AssistantError.__init__(self, f"{where}: {message}", fix)
        self.path, self.row = path, line


@dataclass(frozen=True)
class Label:
    """A class to predict: its name (what is reported) and an optional description (what is scored)."""

    name: str
    description: str | None = None

    @property
    def text(self) -> str:
        """What the embedding scorer compares a text with."""
        return f"{self.name}: {self.description}" if self.description else self.name


def check_labels(labels: Sequence[Label | str], where: str) -> list[Label]:
    labels = [lab if isinstance(lab, Label) else Label(str(lab)) for lab in labels]
    names = [lab.name for lab in labels]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ConfigError(f"{where}: label {twice[0]!r} is given twice", "list each label once")
    if len(labels) < 2:
        raise ConfigError(f"{where}: at least 2 labels are needed, got {len(labels)}",
                          "give the labels comma-separated (--labels a,b,c) or one per line in a labels file")
    return labels


def parse_labels(spec: str) -> list[Label]:
    """Labels from "a,b,c" (names only; surrounding spaces are dropped, duplicates refused)."""
    names = [part.strip() for part in spec.split(",") if part.strip()]
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ConfigError(f"label {name!r} is given twice in {spec!r}", "list each label once")
        seen.add(name)
    return check_labels([Label(n) for n in names], "--labels")


def load_labels_file(path: str | Path) -> list[Label]:
    """Labels from a text file of `label: description` lines (or bare `label` lines).

    Blank lines and lines starting with # are ignored. The first ': ' separates the name from the description,
    so a name may hold a colon that is not followed by a space ("Sci/Tech", "10:30").
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        raise LabelsFileError(str(path), "the labels file does not exist", "check the path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LabelsFileError(str(path), f"cannot be read as UTF-8 text ({exc})", "save it as UTF-8") from None
    labels: list[Label] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, description = line.partition(": ")
        if not sep and line.endswith(":"):
            name, description = line[:-1], ""
        name, description = name.strip(), description.strip()
        if not name:
            raise LabelsFileError(str(path), f"no label name before ':' in {raw!r}",
                                  "write one `label: description` per line", number)
        if name in seen:
            raise LabelsFileError(str(path), f"label {name!r} is defined twice (first on line {seen[name]})",
                                  "keep one line per label", number)
        seen[name] = number
        labels.append(Label(name, description or None))
    if len(labels) < 2:
        raise LabelsFileError(str(path), f"at least 2 labels are needed, found {len(labels)}",
                              "write one `label: description` line per label")
    return labels
