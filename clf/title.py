"""Choosing the page's title among the headline-shaped lines at the article's head.

The clean article's title is its first body line when that line is headline-shaped
(clf.reconstruct.title_line). On many pages that line is not the headline: a teaser, a
product blurb or a section name above the article came out body, and the headline below
it is body too, or boilerplate among its byline and share buttons. What tells the headline
apart is the page around it: the article's prose follows it within a few lines and shares
its words, it often stands twice on the page (a breadcrumb, an <h1>), a byline or a date
sits next to it.

So after the document pass, boosted trees (clf.trees) score the candidates: the
headline-shaped lines from `REACH` lines above the first body line down to the line where
half of the body's characters lie (`candidates`), each described by `FEATURE_NAMES`. The
best one becomes the title: it is labelled body, and the body lines above it boilerplate,
so that clf.reconstruct gives it as the title (`apply_title`), unless more than
`title_max_trim` of the body's characters lie above it (clf.predictor.Predictor.choose_title):
a wrong choice there would cut the article's start. The trees are fitted on the
training documents as the passes leave them, the candidate with the words of the
document's first gold body line (its headline, when headline-shaped) being the title
(`title_targets`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from clf.features import content_words
from clf.reconstruct import STAMP_RE, is_headline, title_line

REACH = 20  # non-empty lines above the first body line where the headline may stand
BODY_SHARE = 0.5  # candidates run down to the line where this share of the body's characters lies
MAX_CANDIDATES = 60
NEAR = 10  # non-empty lines below a candidate counted as "soon after it"
FAR = 30
BYLINE_NEAR = 3  # a byline this many lines above or below a candidate
MAX_DISTANCE = 3.0  # distance from the first body line in units of REACH lines, clipped

FEATURE_NAMES = (
    "p_boilerplate", "p_caption", "p_byline", "p_body", "is_body", "is_first_title",
    "shared_words", "shared_words_often", "body_soon_after", "body_after", "body_before",
    "copies", "byline_near", "distance", "rank", "words", "body_before_it", "no_content_words", "first",
)


def candidates(labels: np.ndarray, texts: Sequence[str], body: int) -> list[int]:
    """Indices of the title candidates among a document's non-empty lines (module docstring)."""
    body_at = np.flatnonzero(labels == body)
    if body_at.size == 0:
        return []
    lengths = np.array([len(texts[i]) for i in body_at])
    half = int(body_at[np.searchsorted(np.cumsum(lengths), BODY_SHARE * lengths.sum())])
    found: list[int] = []
    for i in range(max(0, int(body_at[0]) - REACH), half + 1):
        if is_headline(texts[i]) and not STAMP_RE.match(texts[i]):
            found.append(i)
            if len(found) == MAX_CANDIDATES:
                break
    return found


def candidate_features(idx: Sequence[int], labels: np.ndarray, texts: Sequence[str], keys: Sequence[str],
                       probs: np.ndarray, body: int, byline: int) -> np.ndarray:
    """FEATURE_NAMES of each candidate (rows in the order of `idx`). `keys` are the lines'
    repeat keys (clf.features.repeat_keys), `probs` their stage-2 probabilities."""
    is_body = labels == body
    body_at = np.flatnonzero(is_body)
    lengths = np.array([len(t) for t in texts], dtype=float)
    body_chars = np.where(is_body, lengths, 0.0)
    total = max(body_chars.sum(), 1.0)
    cumulative = np.concatenate([[0.0], np.cumsum(body_chars)])
    in_body: Counter[str] = Counter()
    for i in body_at:
        in_body.update(content_words(keys[i]))
    copies = Counter(keys)
    first = int(body_at[0]) if body_at.size else 0
    current = title_line(is_body.tolist(), texts)
    near_byline = np.convolve((labels == byline).astype(float), np.ones(2 * BYLINE_NEAR + 1), "same") > 0
    n = len(texts)
    rows = []
    for k, i in enumerate(idx):
        own = content_words(keys[i])
        shared = [in_body[w] - bool(is_body[i]) for w in own]
        rows.append([
            *probs[i],
            float(is_body[i]),
            float(i == current),
            sum(c > 0 for c in shared) / len(own) if own else 0.0,
            sum(min(c, 5) for c in shared) / (5 * len(own)) if own else 0.0,
            (cumulative[min(i + 1 + NEAR, n)] - cumulative[i + 1]) / total,
            (cumulative[min(i + 1 + FAR, n)] - cumulative[i + 1]) / total,
            cumulative[i] / total,
            min(copies[keys[i]] - 1, 3) / 3,
            float(near_byline[i]),
            min(max((i - first) / REACH, -1.0), MAX_DISTANCE),
            k / len(idx),
            min(len(keys[i].split()), 30) / 30,
            float(i > 0 and is_body[i - 1]),
            float(not own),
            float(k == 0),
        ])
    return np.array(rows, dtype=float).reshape(len(idx), len(FEATURE_NAMES))


def title_targets(idx: Sequence[int], keys: Sequence[str], texts: Sequence[str], gold: np.ndarray, body: int) -> np.ndarray:
    """1 for the candidates with the words of the document's first gold body line when that
    line is headline-shaped (the derived data and our own documents label the headline
    body, first), else 0."""
    gold_body = np.flatnonzero(gold == body)
    target = np.zeros(len(idx), dtype=int)
    if gold_body.size and is_headline(texts[gold_body[0]]) and keys[gold_body[0]]:
        headline = keys[gold_body[0]]
        target[:] = [keys[i] == headline for i in idx]
    return target


def trimmed_share(labels: np.ndarray, texts: Sequence[str], chosen: int, body: int) -> float:
    """The share of the body's characters in the body lines above line `chosen` (what
    apply_title would take out of the body)."""
    lengths = np.array([len(t) for t in texts], dtype=float)
    is_body = labels == body
    total = lengths[is_body].sum()
    return float(lengths[:chosen][is_body[:chosen]].sum() / total) if total else 0.0


def apply_title(labels: np.ndarray, chosen: int, body: int, boilerplate: int) -> np.ndarray:
    """The labels with line `chosen` body and every body line above it boilerplate."""
    out = labels.copy()
    out[:chosen][out[:chosen] == body] = boilerplate
    out[chosen] = body
    return out
