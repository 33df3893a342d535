"""Turn a document's lines into features: text, line shape, and context.

The pipeline's samples are `LineRow`s: one per non-empty line, each pointing at
a shared `DocContext` that computes the page-level arrays once per document.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

WORD_RE = re.compile(r"\w+", re.UNICODE)
TERMINAL = ".!?…\"'”»)"
LONG_LINE = 120  # characters: a line this long is prose more often than not
SHAPE_NAMES = (
    "log_chars", "log_words", "frac_digit", "frac_upper", "frac_punct", "frac_space",
    "ends_terminal", "ends_colon", "ends_comma", "starts_upper", "starts_bullet",
    "title_case", "all_caps", "mean_word_len", "has_pipe", "has_copyright", "has_url",
    "has_year", "has_time", "paren_end", "has_slash", "sep_count", "n_sentences",
    "is_long", "is_short", "quote_start",
)
N_SHAPE = len(SHAPE_NAMES)


def line_shape(text: str) -> list[float]:
    """Shape features of one line (see SHAPE_NAMES), each roughly in [0, 1]."""
    s = text.strip()
    n = max(len(s), 1)
    words = WORD_RE.findall(s)
    n_words = len(words)
    digits = sum(c.isdigit() for c in s)
    upper = sum(c.isupper() for c in s)
    letters = sum(c.isalpha() for c in s) or 1
    punct = sum((not c.isalnum()) and not c.isspace() for c in s)
    spaces = s.count(" ")
    caps_words = sum(1 for w in words if w[:1].isupper())
    last = s[-1:] if s else ""
    first = s[:1]
    return [
        math.log1p(len(s)) / 8.0,
        math.log1p(n_words) / 6.0,
        digits / n,
        upper / letters,
        punct / n,
        spaces / n,
        float(last in TERMINAL),
        float(last == ":"),
        float(last == ","),
        float(first.isupper()),
        float(first in "-•*·–—►▸>"),
        caps_words / n_words if n_words else 0.0,
        float(s.isupper() and letters > 2),
        (sum(len(w) for w in words) / n_words / 10.0) if n_words else 0.0,
        float("|" in s),
        float("©" in s or "(c)" in s.lower()),
        float("http" in s or "www." in s or "@" in s),
        float(bool(re.search(r"\b(19|20)\d\d\b", s))),
        float(bool(re.search(r"\b\d{1,2}[:.h]\d\d\b", s))),
        float(last == ")"),
        float("/" in s),
        min(s.count("|") + s.count("•") + s.count("·") + s.count(" / "), 10) / 10.0,
        min(len(re.findall(r"[.!?](\s|$)", s)), 10) / 10.0,
        float(len(s) >= LONG_LINE),
        float(len(s) < 30),
        float(first in "\"'“‘«„"),
    ]


def normalise_for_repeat(text: str) -> str:
    return " ".join(WORD_RE.findall(text.lower()))


DOC_NAMES = (
    "rel_pos", "blank_before", "blank_after", "rel_len", "repeat", "before_first_long",
    "after_last_long", "dist_long", "chars_before", "near_len", "near_terminal", "is_first",
    "is_last", "log_n_lines",
)


@dataclass
class DocContext:
    """Per-document arrays shared by the rows of one document."""

    texts: list[str]
    blank_before: list[bool]
    blank_after: list[bool]
    _dense: np.ndarray | None = field(default=None, repr=False)

    @classmethod
    def from_lines(cls, lines: Sequence[str]) -> "DocContext":
        texts: list[str] = []
        before: list[bool] = []
        after: list[bool] = []
        prev_blank = False
        for line in lines:
            if line.strip():
                texts.append(line)
                before.append(prev_blank)
                after.append(False)
                prev_blank = False
            else:
                if after:
                    after[-1] = True
                prev_blank = True
        return cls(texts, before, after)

    def dense(self) -> np.ndarray:
        """Shape of each line, its neighbours' shapes, and page-level features."""
        if self._dense is None:
            self._dense = compute_dense(self)
        return self._dense


def compute_dense(ctx: DocContext) -> np.ndarray:
    n = len(ctx.texts)
    if n == 0:
        return np.zeros((0, 3 * N_SHAPE + len(DOC_NAMES) + N_SHAPE))
    shapes = np.array([line_shape(t) for t in ctx.texts], dtype=np.float64)
    lengths = np.array([len(t.strip()) for t in ctx.texts], dtype=np.float64)
    pad = np.zeros((1, N_SHAPE))
    prev_shape = np.vstack([pad, shapes[:-1]])
    next_shape = np.vstack([shapes[1:], pad])
    # mean shape of a +-3 window of neighbours
    window = np.zeros_like(shapes)
    counts = np.zeros((n, 1))
    for off in (-3, -2, -1, 1, 2, 3):
        lo, hi = max(0, -off), min(n, n - off)
        if hi <= lo:
            continue
        window[lo:hi] += shapes[lo + off:hi + off]
        counts[lo:hi] += 1
    window /= np.maximum(counts, 1)

    keys = [normalise_for_repeat(t) for t in ctx.texts]
    key_counts = Counter(keys)
    long_idx = np.flatnonzero(lengths >= LONG_LINE)
    idx = np.arange(n)
    if long_idx.size:
        first_long, last_long = long_idx[0], long_idx[-1]
        dist = np.min(np.abs(idx[:, None] - long_idx[None, :]), axis=1)
    else:
        first_long, last_long = n, -1
        dist = np.full(n, n)
    total = lengths.sum() or 1.0
    cum_before = (np.cumsum(lengths) - lengths) / total
    near_len = np.zeros(n)
    near_term = np.zeros(n)
    for off in (-2, -1, 1, 2):
        lo, hi = max(0, -off), min(n, n - off)
        if hi <= lo:
            continue
        near_len[lo:hi] += np.log1p(lengths[lo + off:hi + off]) / 8.0
        near_term[lo:hi] += shapes[lo + off:hi + off, SHAPE_NAMES.index("ends_terminal")]
    doc = np.column_stack([
        idx / max(n - 1, 1),
        np.array(ctx.blank_before, dtype=float),
        np.array(ctx.blank_after, dtype=float),
        lengths / max(lengths.max(), 1.0),
        np.array([min(key_counts[k] - 1, 5) / 5.0 if k else 0.0 for k in keys]),
        (idx < first_long).astype(float),
        (idx > last_long).astype(float),
        np.log1p(dist) / 5.0,
        cum_before,
        near_len / 4.0,
        near_term / 4.0,
        (idx == 0).astype(float),
        (idx == n - 1).astype(float),
        np.full(n, math.log1p(n) / 8.0),
    ])
    return np.hstack([shapes, prev_shape, next_shape, window, doc])


DENSE_NAMES = (
    list(SHAPE_NAMES)
    + [f"prev_{s}" for s in SHAPE_NAMES]
    + [f"next_{s}" for s in SHAPE_NAMES]
    + [f"win_{s}" for s in SHAPE_NAMES]
    + list(DOC_NAMES)
)


class LineRow(NamedTuple):
    """One sample: a non-empty line, its index among them, and its document."""

    text: str
    index: int
    ctx: DocContext


def document_rows(lines: Sequence[str]) -> list[LineRow]:
    """Rows for the non-empty lines of one document, in order."""
    ctx = DocContext.from_lines(lines)
    return [LineRow(t, i, ctx) for i, t in enumerate(ctx.texts)]


def row_texts(rows: Sequence[LineRow]) -> list[str]:
    """The text of each row (a module-level function so pipelines pickle)."""
    return [row.text for row in rows]


def dense_matrix(rows: Sequence[LineRow]) -> np.ndarray:
    """Stack each row's dense features, computing each document's arrays once."""
    out = np.empty((len(rows), len(DENSE_NAMES)))
    for r, row in enumerate(rows):
        out[r] = row.ctx.dense()[row.index]
    return out


class DenseFeatures(TransformerMixin, BaseEstimator):
    """Line-shape and context features of each row, as a dense matrix."""

    def fit(self, rows: Sequence[LineRow], y: object = None) -> "DenseFeatures":
        self.n_features_out_ = len(DENSE_NAMES)
        return self

    def transform(self, rows: Sequence[LineRow]) -> np.ndarray:
        return dense_matrix(rows)

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        return np.array(DENSE_NAMES, dtype=object)


def probability_window(probs: np.ndarray, doc_sizes: Sequence[int], radius: int) -> np.ndarray:
    """For each line, the probabilities of the lines within `radius` in its document.

    Lines beyond the document edge get zeros plus an "outside" flag per offset.
    """
    n, k = probs.shape
    offsets = [o for o in range(-radius, radius + 1)]
    out = np.zeros((n, len(offsets) * (k + 1)))
    start = 0
    for size in doc_sizes:
        block = probs[start:start + size]
        for j, off in enumerate(offsets):
            col = j * (k + 1)
            lo, hi = max(0, -off), min(size, size - off)
            if hi > lo:
                out[start + lo:start + hi, col:col + k] = block[lo + off:hi + off]
            out[start:start + lo, col + k] = 1.0
            out[start + max(hi, lo):start + size, col + k] = 1.0
        start += size
    return out
