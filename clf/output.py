"""Render labelled documents and articles as the CLI's output formats (pure functions).

Module-level functions (used through functools.partial) so that worker processes can
receive them.
"""

from __future__ import annotations

import json
from enum import Enum

from clf.corpus import format_tsv
from clf.document import Article, LabeledDocument
from clf.reconstruct import reconstruct


class CleanFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


class ClassifyFormat(str, Enum):
    tsv = "tsv"
    jsonl = "jsonl"


def json_line(value: object) -> str:
    """`value` as one line of JSON, UTF-8 kept as is but for U+2028 and U+2029, which are
    escaped: they are valid in a JSON string, but tools that split text into lines
    (Python's str.splitlines, JavaScript before ES2019) would cut the object there."""
    return json.dumps(value, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


CLEAN_SUFFIX = {CleanFormat.text: ".txt", CleanFormat.json: ".json", CleanFormat.markdown: ".md"}
CLASSIFY_SUFFIX = {ClassifyFormat.tsv: ".tsv", ClassifyFormat.jsonl: ".jsonl"}


def article_fields(article: Article) -> dict:
    """The article's own fields as plain JSON-ready values (shared by every output path)."""
    return {
        "id": article.id,
        "title": article.title,
        "byline": article.byline,
        "body": list(article.body),
        "captions": list(article.captions),
    }


def article_dict(article: Article, labeled: LabeledDocument) -> dict:
    """The JSON form of an article, with the per-line labels of its page."""
    return {
        **article_fields(article),
        "lines": [
            {"label": lab.value, "text": line}
            for lab, line in zip(labeled.labels, labeled.lines)
            if lab is not None
        ],
    }


def article_text(article: Article, captions: bool) -> str:
    parts = [p for p in (article.title, article.byline) if p]
    parts.extend(article.body)
    if captions:
        parts.extend(f"[caption] {c}" for c in article.captions)
    return "\n\n".join(parts) + "\n"


def article_markdown(article: Article, captions: bool) -> str:
    parts = []
    if article.title:
        parts.append(f"# {article.title}")
    if article.byline:
        parts.append(f"*{article.byline}*")
    parts.extend(article.body)
    if captions:
        parts.extend(f"> {c}" for c in article.captions)
    return "\n\n".join(parts) + "\n"


def render_clean(fmt: CleanFormat, captions: bool, labeled: LabeledDocument) -> str:
    """`clf clean` output of one page."""
    article = reconstruct(labeled)
    if fmt is CleanFormat.json:
        return json_line(article_dict(article, labeled)) + "\n"
    if fmt is CleanFormat.markdown:
        return article_markdown(article, captions)
    return article_text(article, captions)


def render_classify(fmt: ClassifyFormat, labeled: LabeledDocument) -> str:
    """`clf classify` output of one page."""
    if fmt is ClassifyFormat.tsv:
        return format_tsv(labeled)
    rows = [
        json_line({"id": labeled.id, "line": i + 1, "label": None if lab is None else lab.value,
                   "text": text, "probabilities": probs})
        for i, (lab, text, probs) in enumerate(zip(labeled.labels, labeled.lines, labeled.probabilities))
    ]
    return "\n".join(rows) + "\n"
