"""Core data types: labels, documents, labelled documents and articles."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Label(str, Enum):
    """The four line labels of LABELING.md."""

    BOILERPLATE = "boilerplate"
    CAPTION = "caption"
    BYLINE = "byline"
    BODY = "body"

    def __str__(self) -> str:
        return self.value


LABELS: tuple[Label, ...] = tuple(Label)
LABEL_NAMES: tuple[str, ...] = tuple(label.value for label in Label)


@dataclass(frozen=True)
class Document:
    """A scraped page as lines; empty strings are the page's empty lines."""

    lines: tuple[str, ...]
    id: str = ""

    @classmethod
    def from_text(cls, text: str, id: str = "") -> "Document":
        return cls(tuple(split_lines(text)), id)

    def content_indices(self) -> list[int]:
        """Indices of the non-empty lines, the ones that carry a label."""
        return [i for i, line in enumerate(self.lines) if line.strip()]


@dataclass(frozen=True)
class LabeledDocument:
    """A document with one label per line (None for empty lines).

    `probabilities` holds, per line, a mapping label -> probability when the
    labels come from a model; it is empty for hand-labelled data.
    """

    lines: tuple[str, ...]
    labels: tuple[Label | None, ...]
    id: str = ""
    probabilities: tuple[dict[str, float] | None, ...] = field(default=())

    def __post_init__(self) -> None:
        if len(self.lines) != len(self.labels):
            raise ValueError("lines and labels differ in length")

    @property
    def document(self) -> Document:
        return Document(self.lines, self.id)

    def pairs(self) -> list[tuple[Label, str]]:
        """The (label, text) pairs of the non-empty lines, in order."""
        return [(lab, line) for lab, line in zip(self.labels, self.lines) if lab is not None]


@dataclass(frozen=True)
class Article:
    """The clean article rebuilt from a labelled document."""

    title: str
    byline: str
    body: tuple[str, ...]
    captions: tuple[str, ...]
    id: str = ""

    @property
    def body_text(self) -> str:
        return "\n\n".join(self.body)


def split_lines(text: str) -> list[str]:
    """Split text into lines on LF, CRLF or CR, dropping one final newline."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    if not text:
        return []
    return text.split("\n")
