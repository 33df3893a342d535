"""Finding the headline the line labels missed.

A headline is one short line among many short lines (menus, teaser titles, buttons), and
what tells it apart is where it sits: just before the article, above its byline and date.
The line-by-line stages see a window of three lines either side, so a headline with a
byline, a date and a share bar under it often comes out as boilerplate, and the page loses
its title (reconstruct promotes the first body line only).

So after decoding, the headline-shaped lines that come shortly before a page's first body
line are candidates, and a small logistic regression scores each: its dense features, its
probabilities, and where it lies among the candidates. The best candidate becomes body when
its score reaches the threshold. The scorer is fitted on the training lines (ModelParams
`headline_reach`); a model without one leaves the labels as they are.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from clf.reconstruct import is_headline

EXTRA_NAMES = ("tree_body", "distance", "nearest", "rank", "rel_chars", "longest")


def first_body(labels: np.ndarray, body: int) -> int | None:
    found = np.flatnonzero(labels == body)
    return int(found[0]) if found.size else None


def candidates(labels: np.ndarray, texts: Sequence[str], body: int, reach: int) -> tuple[int | None, list[int]]:
    """The page's first body line, and the headline-shaped lines (reconstruct.is_headline)
    among the `reach` lines before it, in page order."""
    first = first_body(labels, body)
    if first is None:
        return None, []
    return first, [i for i in range(max(0, first - reach), first) if is_headline(texts[i])]


def candidate_features(
    idx: Sequence[int], first: int, texts: Sequence[str], dense: np.ndarray, probs: np.ndarray,
    tree_body: np.ndarray | None, reach: int,
) -> np.ndarray:
    """One row per candidate: its dense features and label probabilities (rows of `dense`
    and `probs` given for the candidates only), then EXTRA_NAMES."""
    n = len(idx)
    at = np.asarray(idx, dtype=float)
    chars = np.array([len(texts[i].strip()) for i in idx], dtype=float)
    extra = np.column_stack([
        np.zeros(n) if tree_body is None else np.asarray(tree_body, dtype=float).reshape(n),
        (first - at) / reach,
        (at == at.max()).astype(float),
        (n - 1 - np.arange(n)) / reach,  # how many candidates lie between it and the body
        chars / chars.max(),
        (chars == chars.max()).astype(float),
    ])
    return np.hstack([np.asarray(dense, dtype=float), np.asarray(probs, dtype=float), extra])
