"""Training-time copies of labelled documents that show the model other scrapers' cuts.

Most benchmark pages are whole-page dumps: menus before the article, related lists and
footers after it. Many users' scrapers keep only the article region, so the page ends on
a body paragraph (the seed page does). A model that has only seen whole pages learns that
the last lines are boilerplate. `article_crop` makes a copy of a document cut to its
labelled content (body, byline, caption lines) with a few lines of context on each side,
so both shapes are in the training data. `without_blank_lines` makes a copy with the empty
lines dropped, the shape of scrapers (and WET files) that put no blank line between
paragraphs.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from clf.document import Label, LabeledDocument

CONTENT = (Label.BODY, Label.BYLINE, Label.CAPTION)
MAX_CONTEXT = 3  # non-empty lines of context kept on each side, at most
# Context after the content is drawn from these: most crops end on the content's last
# line, as an article-only scrape does (the seed page ends on its last paragraph).
AFTER_CONTEXT = (0, 0, 0, 0, 1, 2, 3)
CROP_SUFFIX = "#crop"
FLAT_SUFFIX = "#flat"


def article_crop(doc: LabeledDocument, rng: random.Random) -> LabeledDocument | None:
    """A copy of `doc` cut to its content lines plus up to MAX_CONTEXT lines each side.

    None when the document has no content lines or the cut would keep every line.
    """
    labelled = [i for i, label in enumerate(doc.labels) if label is not None]
    content = [k for k, i in enumerate(labelled) if doc.labels[i] in CONTENT]
    if not content:
        return None
    first = max(0, content[0] - rng.randint(0, MAX_CONTEXT))
    last = min(len(labelled) - 1, content[-1] + rng.choice(AFTER_CONTEXT))
    if first == 0 and last == len(labelled) - 1:
        return None
    start, end = labelled[first], labelled[last] + 1
    return LabeledDocument(doc.lines[start:end], doc.labels[start:end], doc.id + CROP_SUFFIX)


def without_blank_lines(doc: LabeledDocument) -> LabeledDocument | None:
    """A copy of `doc` without its empty lines; None when it has none."""
    keep = [i for i, label in enumerate(doc.labels) if label is not None]
    if len(keep) == len(doc.lines):
        return None
    return LabeledDocument(tuple(doc.lines[i] for i in keep), tuple(doc.labels[i] for i in keep), doc.id + FLAT_SUFFIX)


def with_crops(docs: Sequence[LabeledDocument], seed: int, flat_share: float = 0.0) -> tuple[list[LabeledDocument], list[int]]:
    """The documents followed by one article crop of each (where there is one), and for a
    `flat_share` of them (drawn at random) a copy without blank lines.

    Also returns, for each output document, the index of the input document it comes
    from: a copy must fall in the same cross-validation fold as its original.
    """
    rng = random.Random(seed)
    out, origin = list(docs), list(range(len(docs)))
    for i, doc in enumerate(docs):
        crop = article_crop(doc, rng)
        if crop is not None:
            out.append(crop)
            origin.append(i)
        if flat_share > 0 and rng.random() < flat_share:
            flat = without_blank_lines(doc)
            if flat is not None:
                out.append(flat)
                origin.append(i)
    return out, origin
