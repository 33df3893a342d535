"""The public model object: classify documents and clean them into articles."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from clf.breaks import LineBreaks
from clf.columns import (fragments_joined, markdown_cells, paragraph_breaks, sentence_lines, text_cut_from_code, untangle,
                         unwrapped)
from clf.document import LABEL_NAMES, LABELS, Article, Document, Label, LabeledDocument
from clf.errors import ModelError
from clf.features import script_page_code
from clf.markdown import (
    author_link, link_alone, link_list, looks_like_markdown, markdown_reading, markup_only, title_heading,
)
from clf.modelfile import load_model_file, save_model
from clf.predictor import Predictor
from clf.reconstruct import reconstruct
from clf.smoothing import COPYRIGHT_LINE_RE

DEFAULT_MODEL = Path(__file__).resolve().parent.parent / "models" / "default.joblib"
MODEL_ENV = "CLF_MODEL"

TextInput = str | Sequence[str] | Document


def default_model_path() -> Path:
    """$CLF_MODEL if set, else the default model shipped in the repository's models/."""
    env = os.environ.get(MODEL_ENV)
    return Path(env) if env else DEFAULT_MODEL


def _as_document(item: TextInput, id: str = "") -> Document:
    if isinstance(item, Document):
        return item
    if isinstance(item, str):
        return Document.from_text(item, id)
    expected = "expected a page as text (str), a list of lines (str) or a Document"
    if isinstance(item, (bytes, bytearray)):
        raise TypeError(f"{expected}, got {type(item).__name__}; decode the bytes first")
    if not isinstance(item, Iterable):
        raise TypeError(f"{expected}, got {type(item).__name__}")
    lines = tuple(item)
    wrong = next((line for line in lines if not isinstance(line, str)), "")
    if not isinstance(wrong, str):
        raise TypeError(f"{expected}, got a list holding {type(wrong).__name__}")
    return Document(lines, id)


def read_columns(doc: Document, breaks: LineBreaks | None = None) -> Document:
    """The document with a text browser's table columns read one after another
    (clf.columns.untangle), paragraphs wrapped at a fixed width joined into one line each
    (clf.columns.unwrapped), the pieces of a sentence that a dump of every text node gives
    on lines of their own joined (clf.columns.fragments_joined), and a Markdown dump's layout
    table rows read cell by cell
    (clf.columns.markdown_cells): each cell becomes a line; the page's text cut out of a
    script line it is glued to (clf.columns.text_cut_from_code); then a run-on line of a whole
    page or article read as lines (clf.columns.sentence_lines), split where `breaks` puts
    line breaks back, or else at its sentence ends. Other text is kept."""
    lines = untangle(doc.lines)
    for reading in (unwrapped, fragments_joined, markdown_cells, text_cut_from_code,
                    partial(sentence_lines, split=None if breaks is None else breaks.split)):
        read = reading(doc.lines if lines is None else lines)
        if read is not None:
            lines = read
    return doc if lines is None else Document(tuple(lines), doc.id)


class Model:
    """A trained clf model: `classify` labels lines, `clean` rebuilds the article."""

    def __init__(self, predictor: Predictor, metadata: dict[str, Any] | None = None) -> None:
        self.predictor = predictor
        self.metadata = metadata or {}

    @property
    def labels(self) -> tuple[Label, ...]:
        return LABELS

    def classify(self, text: TextInput, id: str = "") -> LabeledDocument:
        """Label every line of one page (text, list of lines, or Document)."""
        return self.classify_many([_as_document(text, id)])[0]

    def classify_many(self, documents: Iterable[TextInput]) -> list[LabeledDocument]:
        """Label many pages in one batch (faster than one at a time). A page laid out in
        columns by a text browser is read column by column first (read_columns), so its
        labelled lines are then the cells of those columns. A page written in Markdown
        (markdown.looks_like_markdown) is read without its marks (markdown.markdown_reading);
        a line of Markdown images and empty links alone (markdown.markup_only), or of marks
        alone, is boilerplate, and the model reads it as a blank line; a line of one link alone
        is not body, the page's one level-1 heading, if it has one, starts the article, and a
        short line linking to an author's page near its start is the byline
        (_markdown_labels). A page without blank lines is read with blank lines around its
        prose lines and between the lines of its head (columns.paragraph_breaks). The labelled
        lines are the lines as given."""
        as_given = [_as_document(d) for d in documents]
        docs = [read_columns(d, self.predictor.breaks) for d in as_given]
        markdown = [looks_like_markdown(d.lines) for d in docs]
        read = [[markdown_reading(line) for line in d.lines] if md else d.lines for d, md in zip(docs, markdown)]
        unread = [[_unread(given, line, script) for given, line, script in zip(d.lines, lines, script_page_code(lines))]
                  for d, lines in zip(docs, read)]
        shown = [["" if skip else line for line, skip in zip(lines, flags)] for lines, flags in zip(read, unread)]
        apart = [paragraph_breaks(lines, d.lines) for lines, d in zip(read, as_given)]
        shown = [_blank_before(lines, at) if at else lines for lines, at in zip(shown, apart)]
        results = self.predictor.predict_documents(shown, flat=[at is not None for at in apart])
        labeled = [_labeled(doc, idx, probs, flags) for doc, (idx, probs), flags in zip(docs, results, unread)]
        return [_markdown_labels(doc) if md else doc for doc, md in zip(labeled, markdown)]

    def clean(self, text: TextInput, id: str = "") -> Article:
        """The clean article of one page."""
        return reconstruct(self.classify(text, id))

    def save(self, path: str | Path) -> Path:
        """Write the model and its JSON sidecar; returns the sidecar path."""
        extra = {k: v for k, v in self.metadata.items() if k not in {"format", "format_version", "versions", "labels"}}
        return save_model(self.predictor, path, extra)


def _markdown_labels(doc: LabeledDocument) -> LabeledDocument:
    """A Markdown page's labels after the passes that read its marks, which plain text (what
    the model learns from) does not have: links alone, the title heading, author links."""
    return _author_link_byline(_title_heading_first(_links_alone_not_body(doc)))


def _links_alone_not_body(doc: LabeledDocument) -> LabeledDocument:
    """A Markdown page's body lines that are one link alone (markdown.link_alone: menu entries,
    teaser headlines, related links), or mostly links (markdown.link_list: a sidebar's list of
    stories on one line, tags), made boilerplate. Plain text does not show which lines
    are links, so the model, which learns from plain text, reads a list of teaser headlines
    as it would read the article's subheadings (docs/EXPERIMENTS.md, "Markdown titles")."""
    links = [i for i, (line, label) in enumerate(zip(doc.lines, doc.labels))
             if label is Label.BODY and (link_alone(line) or link_list(line))]
    return _with_labels(doc, dict.fromkeys(links, Label.BOILERPLATE))


def _title_heading_first(doc: LabeledDocument) -> LabeledDocument:
    """A Markdown page's one level-1 heading (markdown.title_heading; a scraper writes the
    page's <h1> as `# Title` or underlines it with `===`) made body, and the body lines above
    it boilerplate: the model reads the page without its marks and often starts the article
    at a teaser, a sign-up box or a menu entry above the headline, which then loses the title.
    Left as labelled when the body above the heading holds more words than the body below it:
    that heading is not the article's (docs/EXPERIMENTS.md, "Markdown titles")."""
    at = title_heading(doc.lines)
    if at is None:
        return doc
    body = [i for i, label in enumerate(doc.labels) if label is Label.BODY and i != at]
    above = [i for i in body if i < at]
    words = [len(doc.lines[i].split()) for i in body]
    if sum(words[:len(above)]) > sum(words[len(above):]):
        return doc
    return _with_labels(doc, {**dict.fromkeys(above, Label.BOILERPLATE), at: Label.BODY})


# The byline is looked for from this many lines above the article's first body line to this
# many below it (the title heading, when the page has one).
AUTHOR_ABOVE, AUTHOR_BELOW = 10, 15


def _author_link_byline(doc: LabeledDocument) -> LabeledDocument:
    """A Markdown page's first line near the article's start (AUTHOR_ABOVE lines above its
    first body line to AUTHOR_BELOW below) that is a short line linking to an author's page
    (markdown.author_link), labelled body or boilerplate, made byline: `By [Scott
    Levine](/author/2420/) – Updated Sep 9, 2025`, a name alone as a link (docs/EXPERIMENTS.md,
    "Markdown titles")."""
    body = [i for i, label in enumerate(doc.labels) if label is Label.BODY]
    if not body:
        return doc
    for i in range(max(0, body[0] - AUTHOR_ABOVE), min(len(doc.lines), body[0] + AUTHOR_BELOW)):
        if doc.labels[i] in (Label.BODY, Label.BOILERPLATE) and author_link(doc.lines[i]):
            return _with_labels(doc, {i: Label.BYLINE})
    return doc


def _with_labels(doc: LabeledDocument, changes: dict[int, Label]) -> LabeledDocument:
    """The document with the lines of `changes` relabelled (the same document when none)."""
    if not changes:
        return doc
    return replace(doc, labels=tuple(changes.get(i, label) for i, label in enumerate(doc.labels)))


def _blank_before(lines: list[str], at: list[int]) -> list[str]:
    """The lines with a blank line inserted before each of the lines `at` (in order)."""
    out: list[str] = []
    marks = iter(at + [len(lines)])
    mark = next(marks)
    for i, line in enumerate(lines):
        if i == mark:
            out.append("")
            mark = next(marks)
        out.append(line)
    return out


def _unread(given: str, line: str, script: bool) -> bool:
    """Whether a line given with text is no text for the model: Markdown images and empty
    links alone (markup_only), Markdown marks that the reading left empty, or the page's
    script, style or data dumped as text (`script`: features.script_page_code), unless it is
    the site's copyright line with its script (`© document.write(new Date().getFullYear());
    Example Ltd. All rights reserved.`), which the document pass reads."""
    text = line.strip()
    if markup_only(line) or (not text and bool(given.strip())):
        return True
    return script and COPYRIGHT_LINE_RE.search(text) is None


UNREAD = {name: float(name == Label.BOILERPLATE.value) for name in LABEL_NAMES}


def _labeled(doc: Document, indices: Any, probs: Any, unread: Sequence[bool]) -> LabeledDocument:
    """The document's labels: the model's for the lines it read, boilerplate for the unread."""
    labels: list[Label | None] = []
    probabilities: list[dict[str, float] | None] = []
    rounded = iter(np.round(probs, 4).tolist())
    k = 0
    for line, skip in zip(doc.lines, unread):
        if skip:
            labels.append(Label.BOILERPLATE)
            probabilities.append(dict(UNREAD))
        elif line.strip():
            labels.append(LABELS[int(indices[k])])
            probabilities.append(dict(zip(LABEL_NAMES, next(rounded))))
            k += 1
        else:
            labels.append(None)
            probabilities.append(None)
    return LabeledDocument(doc.lines, tuple(labels), doc.id, tuple(probabilities))


def load_model(path: str | Path | None = None) -> Model:
    """Load a model file, or the shipped default model when no path is given."""
    target = Path(path) if path is not None else default_model_path()
    if path is None and not target.is_file():
        if os.environ.get(MODEL_ENV):
            raise ModelError(f"{target}: no such model file (named by ${MODEL_ENV}); fix or unset it, or pass --model")
        raise ModelError(
            f"{target}: default model not found; train one with `python train.py` or pass --model"
        )
    predictor, meta = load_model_file(target)
    return Model(predictor, meta)


