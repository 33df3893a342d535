"""Errors that carry a message a user can act on; the CLI prints them on one line."""

from __future__ import annotations

from pathlib import Path


class ClfError(Exception):
    """Base class of the errors clf reports to users."""


class DataFormatError(ClfError):
    """A file is not in the expected format; names the file and line."""

    def __init__(self, path: str | Path, line_no: int | None, reason: str) -> None:
        self.path = str(path)
        self.line_no = line_no
        self.reason = reason
        where = self.path if line_no is None else f"{self.path}:{line_no}"
        super().__init__(f"{where}: {reason}")


class WriteError(ClfError):
    """An output cannot be written (a full disk, a folder without write permission)."""

    def __init__(self, path: str | Path, exc: OSError) -> None:
        super().__init__(f"{path}: cannot write ({exc.strerror or exc})")


class InputError(ClfError):
    """An input file cannot be read as text (missing, empty, binary)."""


class TrainingDataError(ClfError, ValueError):
    """The labelled data cannot train a model: too few documents, labels or n-grams."""


class ModelError(ClfError):
    """A model file is missing, corrupt, foreign or from an incompatible version."""
