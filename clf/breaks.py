"""Line breaks put back into text that has lost them.

Some scrapers lose every line break: BeautifulSoup's `get_text(" ", strip=True)`, a page's
`text_content()` with its whitespace collapsed. The page comes as one line, the menu, the
headline, the byline and the first sentence of the article run together, and every feature
that reads a line's shape has nothing to read. Split at sentence ends alone
(clf.columns.sentence_lines), the menu stays glued to the article's first sentence and a
related-articles list reads as one long sentence.

`LineBreaks` is a logistic regression over the gaps between words: was there a line break
here? It learns from the training documents' own lines, whose breaks are the ones scrapers
make (a menu entry a line, a headline alone, a paragraph a line). A gap's features are the
words on each side, their shapes (`Aa`, `a.`, `0,0`), the characters at the gap and the
shapes of the words around it. Each is hashed (CRC-32 of the word or shape, pairs and triples
mixed from those) into 2**bits weights, so the model file holds one array and no vocabulary,
and a page's gaps are hashed with a few numpy operations. Prediction needs numpy only;
fitting uses scikit-learn.

What it gives on wcxb-articles' tuning half (gettext text as one line, the tuning model;
docs/EXPERIMENTS.md, Line breaks put back): body F1 0.847 with sentence ends alone, 0.920 with
the breaks put back.
"""

from __future__ import annotations

import random
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

BITS = 20  # 2**20 hashed weights (4 MB as float32; most stay 0 and compress well)
MAX_GAPS = 1_500_000  # gaps sampled from the training lines, at most
# A gap whose break probability reaches THRESHOLD becomes a line break. 0.4 found the title of
# one-line text more often but lost body F1 on three of five checks, Markdown table cells among
# them (docs/EXPERIMENTS.md, "The run-on gate").
THRESHOLD = 0.5

_UPPER_RE = re.compile(r"[A-Z]+")
_LOWER_RE = re.compile(r"[a-z]+")
_DIGIT_RE = re.compile(r"[0-9]+")


def word_shape(token: str) -> str:
    """The token's shape, at most 6 characters: runs of capitals `A`, of small letters `a`,
    of digits `0`; other characters as they are (`Anna,` -> `Aa,`, `3.5%` -> `0.0%`)."""
    return _DIGIT_RE.sub("0", _LOWER_RE.sub("a", _UPPER_RE.sub("A", token)))[:6]


def _hashes(values: Sequence[str], role: str, bits: int) -> np.ndarray:
    """CRC-32 of `role=value` for each value (each distinct value hashed once)."""
    table = {v: zlib.crc32(f"{role}={v}".encode("utf-8")) for v in set(values)}
    return np.fromiter((table[v] for v in values), dtype=np.uint64, count=len(values))


def _mix(salt: int, *parts: np.ndarray) -> np.ndarray:
    """One hash of several hashes (a pair or triple of a gap's features), per gap."""
    h = np.full(len(parts[0]), 0xCBF29CE484222325 ^ salt, dtype=np.uint64)
    for part in parts:
        h = (h ^ part) * np.uint64(0x100000001B3)
    return h ^ (h >> np.uint64(32))


def gap_columns(tokens: Sequence[str], bits: int = BITS) -> np.ndarray:
    """The hashed feature columns of each gap between neighbouring tokens, shape (gaps, 13):
    the word before and after the gap, both together; their shapes, alone and together; the
    character before and after, alone and together; the shapes of the three words up to the
    gap's second, and from its first; the length of the word before (up to 12); a bias."""
    n = len(tokens)
    if n < 2:
        return np.zeros((0, 0), dtype=np.int64)
    lower = [t.lower() for t in tokens]
    shape_of = {t: word_shape(t) for t in set(tokens)}
    shapes = [shape_of[t] for t in tokens]
    word_a, word_b = _hashes(lower, "a", bits)[:-1], _hashes(lower, "b", bits)[1:]
    shape = _hashes(["<s>", *shapes, "</s>"], "s", bits)  # shape[i + 1] is token i's
    # one role for every shape, so the shape after the gap is mixed with a salt of its own
    # to tell it from the shape before
    shape_a, shape_b = shape[1:-2], shape[2:-1]
    end_a = _hashes([t[-1:] for t in tokens[:-1]], "ea", bits)
    start_b = _hashes([t[:1] for t in tokens[1:]], "fb", bits)
    length_a = _hashes([str(min(len(t), 12)) for t in tokens[:-1]], "la", bits)
    columns = np.column_stack([
        word_a, word_b, _mix(1, word_a, word_b),
        shape_a, _mix(2, shape_b), _mix(3, shape_a, shape_b),
        end_a, start_b, _mix(4, end_a, start_b),
        _mix(5, shape[:-3], shape_a, shape_b), _mix(6, shape_a, shape_b, shape[3:]),
        length_a, np.full(n - 1, 0x5EED, dtype=np.uint64),
    ])
    return (columns & np.uint64((1 << bits) - 1)).astype(np.int64)


@dataclass
class LineBreaks:
    """Where a run-on line had its line breaks: one weight per hashed gap feature."""

    weights: np.ndarray  # float32, 2**bits
    intercept: float
    bits: int = BITS
    threshold: float = THRESHOLD

    def proba(self, tokens: Sequence[str]) -> np.ndarray:
        """The probability of a line break in each gap between the tokens."""
        columns = gap_columns(tokens, self.bits)
        if columns.size == 0:
            return np.zeros(0)
        z = self.weights[columns].sum(axis=1, dtype=np.float64) + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def split(self, line: str) -> list[str]:
        """The line as lines, broken where a break is likely (whitespace squeezed)."""
        tokens = line.split()
        if len(tokens) < 2:
            return [line]
        lines, current = [], [tokens[0]]
        for token, brk in zip(tokens[1:], self.proba(tokens) >= self.threshold):
            if brk:
                lines.append(" ".join(current))
                current = []
            current.append(token)
        lines.append(" ".join(current))
        return lines


def line_gaps(lines: Iterable[str]) -> tuple[list[str], list[int]]:
    """A document's words in order and, for each gap between two of them, 1 where a line
    ended there and 0 inside a line. Blank lines are no breaks of their own."""
    tokens: list[str] = []
    breaks: list[int] = []
    for line in lines:
        words = line.split()
        if not words:
            continue
        if tokens:
            breaks.append(1)
        tokens.extend(words)
        breaks.extend([0] * (len(words) - 1))
    return tokens, breaks


def fit_line_breaks(documents: Sequence[Sequence[str]], seed: int = 0, bits: int = BITS,
                    max_gaps: int = MAX_GAPS) -> LineBreaks | None:
    """LineBreaks learnt from documents' lines (the documents in a seeded random order, up
    to `max_gaps` gaps); None when they hold no break or no gap without one."""
    import scipy.sparse as sp
    from sklearn.linear_model import SGDClassifier

    order = list(range(len(documents)))
    random.Random(seed).shuffle(order)
    blocks, targets, n_gaps = [], [], 0
    for i in order:
        tokens, breaks = line_gaps(documents[i])
        if not breaks:
            continue
        blocks.append(gap_columns(tokens, bits))
        targets.extend(breaks)
        n_gaps += len(breaks)
        if n_gaps >= max_gaps:
            break
    y = np.asarray(targets, dtype=np.int8)
    if len(set(y.tolist())) < 2:
        return None
    columns = np.concatenate(blocks)
    per_gap = columns.shape[1]
    X = sp.csr_matrix((np.ones(columns.size, dtype=np.float32), columns.ravel(),
                       np.arange(0, columns.size + 1, per_gap)), shape=(len(y), 1 << bits))
    X.sum_duplicates()  # two features of one gap may share a column
    classifier = SGDClassifier(loss="log_loss", alpha=1e-6, max_iter=10, tol=None, random_state=seed)
    classifier.fit(X, y)
    return LineBreaks(classifier.coef_[0].astype(np.float32), float(classifier.intercept_[0]), bits)
