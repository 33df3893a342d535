"""Rebuild the clean article from a labelled document. Pure Python.

Rules:
- title: the first body line, when it is headline-sized (is_headline: at most
  MAX_TITLE_CHARS characters and one sentence, abbreviations aside), after up to two
  lines that are only a date or a link (find_title), but not the page's only body line
  when it ends a sentence (ends_sentence: a pasted paragraph); body lines that
  repeat it (a page that gives the headline twice, say in a breadcrumb and in the
  article) are left out of the body;
- byline: the byline lines in order, joined with " | ";
- body: the other body lines as paragraphs. A paragraph ends at an empty line or
  at a line with another label. Within a run of body lines with no empty line
  between them, lines join into one paragraph only when the page is hard-wrapped
  (see `is_hard_wrapped`); otherwise each line is a paragraph of its own;
- captions: each caption line, in order.
On a page written in Markdown (clf.markdown.looks_like_markdown) the title and byline are
found and given as text (markdown_text); the body and captions keep the page's Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from clf.document import Article, Label, LabeledDocument
from clf.markdown import looks_like_markdown, markdown_text
from clf.smoothing import DATE_FORMS

MAX_TITLE_CHARS = 200
BYLINE_SEPARATOR = " | "
# A full stop inside the line ends a sentence unless it ends an abbreviation: a single
# letter ("U.S. Cities", "J. K. Rowling") or one of ABBREVIATIONS ("No. 1", "vs. Ordinary").
FULL_STOP = re.compile(r"(\w+)\.\s+\S")
ABBREVIATIONS = frozenset("no nr vs st dr mr mrs ms jr sr pt vol fig mt ft co inc ltd approx ca".split())
# A line that is only a date (and time) or only a link: no title, however short.
STAMP_RE = re.compile(
    rf"^\W*(?:(?:https?://|www\.)\S+|{DATE_FORMS}(?:,?\s*\d{{1,2}}:\d{{2}}(?:\s*[ap]\.?m\.?)?)?)\W*$",
    re.IGNORECASE | re.VERBOSE)
MAX_STAMPS_BEFORE_TITLE = 2
QUESTION_INSIDE = re.compile(r"[!?]\s+\S")  # one is a headline's ("Need a Change? 7 Tips ..."), two are prose
CLOSERS = "\"'”’)]"  # quotes and brackets that may close a sentence after (or before) its full stop
# a full stop ending the line: a sentence's end, or an abbreviation's
FINAL_STOP = re.compile(rf"(\w+)[{re.escape(CLOSERS)}]*\.[{re.escape(CLOSERS)}]*$")


def is_headline(text: str) -> bool:
    """Short enough, with no full stop and at most one question or exclamation mark inside:
    reads like a headline."""
    text = text.strip()
    if not 0 < len(text) <= MAX_TITLE_CHARS or len(QUESTION_INSIDE.findall(text)) > 1:
        return False
    return all(is_abbreviation(word) for word in FULL_STOP.findall(text))


def is_abbreviation(word: str) -> bool:
    """Whether a full stop after `word` ends an abbreviation rather than a sentence: a single
    letter (`U.S.`, `J. K. Rowling`) or one of ABBREVIATIONS."""
    return len(word) == 1 or word.lower() in ABBREVIATIONS


def is_hard_wrapped(doc: LabeledDocument) -> bool:
    """True when paragraphs are separated by empty lines and body lines run on.

    A scraper that hard-wraps text at a fixed width leaves runs of consecutive
    body lines of similar length, with empty lines between paragraphs.
    """
    lengths = []
    has_blank_between_body = False
    seen_body = False
    for i, (label, line) in enumerate(zip(doc.labels, doc.lines)):
        if label is None:
            if seen_body:
                has_blank_between_body = True
            continue
        if label is Label.BODY:
            seen_body = True
            nxt = doc.labels[i + 1] if i + 1 < len(doc.labels) else None
            if nxt is Label.BODY:
                lengths.append(len(line.strip()))
    if not has_blank_between_body or len(lengths) < 3:
        return False
    lengths.sort()
    median = lengths[len(lengths) // 2]
    near = sum(1 for n in lengths if abs(n - median) <= 12)
    return 40 <= median <= 110 and near >= 0.6 * len(lengths)


def body_paragraphs(doc: LabeledDocument, skip: int | None = None) -> list[str]:
    """The body lines grouped into paragraphs; the line at index `skip`, and the body lines
    with the same words as it, are left out."""
    wrapped = is_hard_wrapped(doc)
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            paragraphs.append(" ".join(current))
            current.clear()

    repeated = None if skip is None else same_words(doc.lines[skip])
    for i, (label, line) in enumerate(zip(doc.labels, doc.lines)):
        if i == skip or (label is Label.BODY and same_words(line) == repeated):
            flush()
            continue
        if label is not Label.BODY:
            flush()
            continue
        text = " ".join(line.split())
        if current and not wrapped:
            flush()
        current.append(text)
    flush()
    return paragraphs


def ends_sentence(text: str) -> bool:
    """Whether the line ends on a full stop that ends a sentence, not an abbreviation
    (`... 7:30 P.m.`, `Marie Kondo & Co.`) or an ellipsis."""
    text = text.strip()
    match = FINAL_STOP.search(text)
    if match is None or text.rstrip(CLOSERS).endswith(".."):
        return False
    return not is_abbreviation(match.group(1))


def same_words(text: str) -> str:
    """The text's words in lower case, one space apart: what two copies of a headline share."""
    return " ".join(text.lower().split())


def find_title(doc: LabeledDocument) -> int | None:
    """Index of the line to promote to title, or None (title_line of the document's lines)."""
    return title_line([label is Label.BODY for label in doc.labels], doc.lines)


def title_line(is_body: Sequence[bool], lines: Sequence[str]) -> int | None:
    """Index of the title among `lines`, or None: the first body line when it is
    headline-shaped, passing over up to MAX_STAMPS_BEFORE_TITLE body lines that are only a
    date or a link (STAMP_RE), which are no title themselves. The page's only body line
    stays body when it ends a sentence: a pasted paragraph of one sentence is no headline."""
    stamps = 0
    for i, (body, line) in enumerate(zip(is_body, lines)):
        if body:
            if STAMP_RE.match(line):  # never a title itself
                if stamps == MAX_STAMPS_BEFORE_TITLE:
                    return None
                stamps += 1
                continue
            if not is_headline(line):
                return None
            return None if ends_sentence(line) and not any(is_body[i + 1:]) else i
    return None


def reconstruct(doc: LabeledDocument) -> Article:
    """The Article of a labelled document (see the module docstring for the rules)."""
    text = doc  # the lines the title and byline are found in and given from
    if looks_like_markdown(doc.lines):
        text = replace(doc, lines=tuple(markdown_text(line) for line in doc.lines))
    title_index = find_title(text)
    title = " ".join(text.lines[title_index].split()) if title_index is not None else ""
    byline = BYLINE_SEPARATOR.join(
        " ".join(line.split()) for label, line in zip(text.labels, text.lines) if label is Label.BYLINE
    )
    captions = tuple(
        " ".join(line.split()) for label, line in zip(doc.labels, doc.lines) if label is Label.CAPTION
    )
    body = tuple(body_paragraphs(doc, skip=title_index))
    return Article(title=title, byline=byline, body=body, captions=captions, id=doc.id)
