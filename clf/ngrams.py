"""TF-IDF over word and character n-grams, counted with numpy over a whole batch of lines.

The features are those of scikit-learn's TfidfVectorizer with `lowercase=True`,
`sublinear_tf=True`, `smooth_idf=True`, `norm="l2"`, either `analyzer="word"` (the default
token pattern) or `analyzer="char_wb"`. What differs is the counting: scikit-learn builds
every n-gram as a Python string and looks it up in a dict, which was two thirds of clf's
time per page. Here each n-gram is an integer code computed with array arithmetic, and the
vocabulary is an open-addressing hash table of codes, so a batch of lines costs a few
dozen numpy passes, not a Python loop per n-gram.

Codes: a character n-gram is its characters as digits in base B (a digit per character of
the alphabet seen in training, 0 unused, one digit for "unknown"), so n-grams of different
lengths never share a code. A word n-gram is its tokens' indices in base T (the number of
tokens the vocabulary uses), offset per n; tokens are found as runs of word characters and
known by a 63-bit hash of their characters (`token_runs`): two different tokens share an
index only if their hashes collide, for a million vocabulary tokens and a million other
distinct tokens about one chance in ten million.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable, Sequence
from itertools import chain
from typing import Any

import numpy as np
import scipy.sparse as sp

from clf.errors import TrainingDataError
from clf.features import WORD, lookup_flags

MAX_CODE = 2**62  # codes stay below this; base ** n must fit in int64 with room to spare
CHUNK = 2_000  # lines counted at a time: small arrays stay in cache and the allocator reuses them
MERGE_EVERY = 25  # while fitting, chunks' counts are merged this often
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_EMPTY = -1


class CodeIndex:
    """A hash table from int64 codes (>= 0) to their positions in the array it was built from.

    Linear probing; built and queried with vectorised numpy, a few passes per batch.
    """

    def __init__(self, codes: np.ndarray) -> None:
        codes = np.asarray(codes, dtype=np.int64)
        self.bits = max(4, math.ceil(math.log2(2 * len(codes) + 1)))
        self.mask = (1 << self.bits) - 1
        self.keys = np.full(1 << self.bits, _EMPTY, dtype=np.int64)
        self.values = np.full(1 << self.bits, _EMPTY, dtype=np.int32)
        slot = self._slots(codes)
        pending = np.arange(len(codes))
        while pending.size:
            free = self.keys[slot[pending]] == _EMPTY
            candidates = pending[free]
            # of several codes aiming at one free slot, the first takes it
            _, first = np.unique(slot[candidates], return_index=True)
            winners = candidates[first]
            self.keys[slot[winners]] = codes[winners]
            self.values[slot[winners]] = winners
            placed = np.zeros(len(codes), dtype=bool)
            placed[winners] = True
            pending = pending[~placed[pending]]
            slot[pending] = (slot[pending] + 1) & self.mask

    def _slots(self, codes: np.ndarray) -> np.ndarray:
        mixed = codes.astype(np.uint64) * _GOLDEN
        return (mixed >> np.uint64(64 - self.bits)).astype(np.int64)

    def lookup(self, codes: np.ndarray) -> np.ndarray:
        """The position of each code, or -1 where it is not in the table."""
        slot = self._slots(codes)
        keys = self.keys[slot]
        out = self.values[slot]
        miss = keys != codes
        out[miss] = _EMPTY
        pending = np.flatnonzero(miss & (keys != _EMPTY))
        slot[pending] = (slot[pending] + 1) & self.mask
        while pending.size:
            at = slot[pending]
            keys = self.keys[at]
            hit = keys == codes[pending]
            out[pending[hit]] = self.values[at[hit]]
            pending = pending[(keys != _EMPTY) & ~hit]
            slot[pending] = (slot[pending] + 1) & self.mask
        return out


def count_pairs(rows: np.ndarray, codes: np.ndarray, n_codes: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct (row, code) pairs and how often each occurs; rows ascending, codes within."""
    if rows.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    bits = int(n_codes).bit_length()
    span = (int(rows[-1]) + 1) << bits  # every key is below this
    if span >= 2**63:
        raise ValueError("too many rows or codes to count at once")
    key = (rows.astype(np.int64) << bits) | codes
    if span <= 2**31:
        key = key.astype(np.int32)  # half the bytes: a chunk's keys sort faster
    key.sort()
    first = np.empty(key.size, dtype=bool)
    first[0] = True
    np.not_equal(key[1:], key[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    counts = np.diff(starts, append=key.size)
    distinct = key[starts].astype(np.int64)
    return distinct >> bits, distinct & ((1 << bits) - 1), counts


def tfidf_matrix(n_rows: int, rows: np.ndarray, cols: np.ndarray, counts: np.ndarray,
                 idf: np.ndarray, dtype: Any) -> sp.csr_matrix:
    """Rows of (1 + log count) * idf, each scaled to unit L2 norm (empty rows stay zero)."""
    data = (1.0 + np.log(counts)) * idf[cols]
    norms = np.sqrt(np.bincount(rows, weights=data * data, minlength=n_rows))
    data /= norms[rows]
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n_rows), out=indptr[1:])
    return sp.csr_matrix((data.astype(dtype), cols.astype(np.int32), indptr), shape=(n_rows, len(idf)))


def _merge_counts(parts: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sum document and term frequencies of the same codes over several (codes, df, tf)."""
    uniq, inverse = np.unique(np.concatenate([p[0] for p in parts]), return_inverse=True)
    df = np.bincount(inverse, weights=np.concatenate([p[1] for p in parts]), minlength=uniq.size)
    tf = np.bincount(inverse, weights=np.concatenate([p[2] for p in parts]), minlength=uniq.size)
    return uniq, df, tf


_HASH_BASE = np.uint64(0x100000001B3)  # odd, so it has an inverse modulo 2**64


def _hash_powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """_HASH_BASE ** j and its inverse ** j modulo 2**64, for j < n."""
    inverse = np.uint64(pow(int(_HASH_BASE), -1, 2**64))
    powers = np.ones(n, dtype=np.uint64)
    inverses = np.ones(n, dtype=np.uint64)
    if n > 1:
        np.cumprod(np.full(n - 1, _HASH_BASE, dtype=np.uint64), out=powers[1:])
        np.cumprod(np.full(n - 1, inverse, dtype=np.uint64), out=inverses[1:])
    return powers, inverses


def token_runs(texts: Sequence[str]) -> tuple[str, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    r"""The tokens of scikit-learn's default token_pattern (`\b\w\w+\b`) in the lower-cased texts.

    Returns the texts lower-cased and joined by newlines, and for every token its row, its
    start and end there, and a 63-bit hash of its characters. Tokens are the maximal runs
    of two or more word characters (`str.isalnum()` or "_", as `\w` matches); the hash is a
    polynomial one over the code points, from prefix sums, so no token becomes a string.
    """
    lowered = [t.lower() for t in texts]
    joined = "\n".join(lowered)
    codepoints = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    is_word = np.zeros(len(codepoints) + 2, dtype=np.int8)
    is_word[1:-1] = (lookup_flags(codepoints) & WORD) != 0
    edges = np.diff(is_word)
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    long_enough = ends - starts >= 2
    starts, ends = starts[long_enough], ends[long_enough]
    line_starts = np.cumsum([0] + [len(t) + 1 for t in lowered[:-1]])
    rows = np.searchsorted(line_starts, starts, side="right") - 1
    powers, inverses = _hash_powers(len(codepoints) + 1)
    prefix = np.zeros(len(codepoints) + 1, dtype=np.uint64)
    np.cumsum(codepoints.astype(np.uint64) * powers[:-1], out=prefix[1:])
    hashes = (prefix[ends] - prefix[starts]) * inverses[starts]
    hashes ^= (ends - starts).astype(np.uint64) * _GOLDEN
    return joined, rows, starts, ends, (_mix(hashes) >> np.uint64(1)).astype(np.int64)


def _mix(h: np.ndarray) -> np.ndarray:
    """A bijection of uint64 that spreads every input bit over all output bits (splitmix64's)."""
    h = h ^ (h >> np.uint64(30))
    h = h * np.uint64(0xBF58476D1CE4E5B9)
    h = h ^ (h >> np.uint64(27))
    h = h * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))


class _NgramTfidf:
    """The shared fit/transform; subclasses say how lines become (row, code) pairs.

    Plain objects (numpy and scipy.sparse only), so a saved model loads without scikit-learn;
    clf.transformers wraps them as scikit-learn transformers for the training pipeline.
    """

    def __init__(self, ngram_range: tuple[int, int] = (1, 1), min_df: int = 1,
                 max_features: int | None = None, dtype: Any = np.float32) -> None:
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_features = max_features
        self.dtype = dtype

    # subclass hooks ------------------------------------------------------
    def _prepare_fit(self, texts: Sequence[str]) -> None:
        raise NotImplementedError

    def _codes(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(row, code) of every n-gram occurrence the current alphabet can express."""
        raise NotImplementedError

    def _reencode(self, codes: np.ndarray) -> np.ndarray:
        """After fitting: shrink the alphabet to what the kept codes use; return their new codes."""
        raise NotImplementedError

    # estimator API ------------------------------------------------------
    def fit_transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        return self.fit(texts).transform(texts)

    def fit(self, texts: Sequence[str]) -> "_NgramTfidf":
        """Learn the vocabulary (min_df, then the max_features most frequent) and idf weights."""
        texts = list(texts)
        low, high = self.ngram_range
        if not 1 <= low <= high:
            raise ValueError(f"ngram_range {self.ngram_range!r}: expected 1 <= min <= max")
        self._prepare_fit(texts)
        uniq, df, tf = np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0)
        parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        for start in range(0, len(texts), CHUNK):
            rows, codes = self._codes(texts[start:start + CHUNK])
            chunk_codes, ids = np.unique(codes, return_inverse=True)
            _, distinct, counts = count_pairs(rows, ids.astype(np.int64), chunk_codes.size)
            parts.append((chunk_codes, np.bincount(distinct, minlength=chunk_codes.size),
                          np.bincount(distinct, weights=counts, minlength=chunk_codes.size)))
            if len(parts) == MERGE_EVERY or start + CHUNK >= len(texts):
                uniq, df, tf = _merge_counts([(uniq, df, tf), *parts])
                parts = []
        keep = np.flatnonzero(df >= self.min_df)
        if self.max_features is not None and keep.size > self.max_features:
            order = np.lexsort((uniq[keep], -tf[keep]))  # most frequent first, ties by code
            keep = np.sort(keep[order[: self.max_features]])
        if keep.size == 0:
            raise TrainingDataError(f"no n-grams left after pruning (each must occur in {self.min_df} lines or more); "
                                    "give more text or lower min_df")
        codes = self._reencode(uniq[keep])
        order = np.argsort(codes)
        self.codes_ = codes[order]
        self.idf_ = (np.log((1.0 + len(texts)) / (1.0 + df[keep][order])) + 1.0).astype(np.float64)
        self._index = None
        return self

    def transform(self, texts: Iterable[str]) -> sp.csr_matrix:
        texts = list(texts)
        if getattr(self, "_index", None) is None:
            self._index = CodeIndex(self.codes_)
        parts = [self._transform_chunk(texts[i:i + CHUNK]) for i in range(0, len(texts), CHUNK)]
        if len(parts) == 1:
            return parts[0]
        if not parts:
            return sp.csr_matrix((0, len(self.codes_)), dtype=self.dtype)
        return sp.vstack(parts, format="csr")

    def _transform_chunk(self, texts: list[str]) -> sp.csr_matrix:
        rows, codes = self._codes(texts)
        cols = self._index.lookup(codes)
        hit = cols >= 0
        rows, cols, counts = count_pairs(rows[hit], cols[hit].astype(np.int64), len(self.codes_))
        return tfidf_matrix(len(texts), rows, cols, counts, self.idf_, self.dtype)

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        for derived in ("_index", "_table", "_token_ids"):  # rebuilt on first use
            state.pop(derived, None)
        return state

    def feature_names(self) -> list[str]:
        raise NotImplementedError


class CharNgrams(_NgramTfidf):
    """Character n-grams inside word boundaries, padded with a space (`analyzer="char_wb"`)."""

    def _prepare_fit(self, texts: Sequence[str]) -> None:
        chars = sorted(set(chain.from_iterable(chain.from_iterable(t.lower().split() for t in texts))) | {" "})
        self.alphabet_ = np.array([ord(c) for c in chars], dtype=np.int64)
        self._table = None

    @property
    def _base(self) -> int:
        return len(self.alphabet_) + 2  # digits 1..A, A + 1 = unknown

    @property
    def _n_codes(self) -> int:
        return self._base ** self.ngram_range[1]

    def _digits(self, codepoints: np.ndarray) -> np.ndarray:
        if getattr(self, "_table", None) is None:
            table = np.full(sys.maxunicode + 1, self._base - 1, dtype=np.int64)
            table[self.alphabet_] = np.arange(1, len(self.alphabet_) + 1)
            self._table = table
        return self._table[codepoints]

    def _codes(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        low, high = self.ngram_range
        if self._base ** high >= MAX_CODE:
            raise ValueError(f"{len(self.alphabet_)} distinct characters are too many for {high}-grams")
        # every word padded with spaces, words and lines apart by a newline (never inside a word)
        inner = [" \n ".join(t.lower().split()) for t in texts]
        pieces = [f" {s} " if s else "" for s in inner]
        joined = "\n".join(pieces)
        if not joined:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        codepoints = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        digits = self._digits(codepoints)  # the newline is "unknown" too
        bad = np.zeros(len(digits) + 1, dtype=np.int32)
        np.cumsum(digits == self._base - 1, out=bad[1:])
        line_chars = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces)) + 1
        row_of_pos = np.repeat(np.arange(len(pieces)), line_chars)
        out_rows, out_codes = [], []
        code = digits
        for n in range(1, high + 1):
            if n > 1:
                code = code[:-1] * self._base + digits[n - 1:]
            if n < low:
                continue
            start = np.flatnonzero(bad[n:] == bad[:-n])
            out_rows.append(row_of_pos[start])
            out_codes.append(code[start])
        if low > 3:  # a padded word shorter than every n is one n-gram by itself, once (char_wb)
            out_rows, out_codes = out_rows + [None], out_codes + [None]
            out_rows[-1], out_codes[-1] = self._short_words(codepoints, digits, bad, row_of_pos, low)
        return np.concatenate(out_rows), np.concatenate(out_codes)

    def _short_words(self, codepoints: np.ndarray, digits: np.ndarray, bad: np.ndarray,
                     row_of_pos: np.ndarray, low: int) -> tuple[np.ndarray, np.ndarray]:
        """(row, code) of the padded words shorter than `low` characters."""
        seps = np.flatnonzero(codepoints == 10)
        starts = np.r_[0, seps + 1]
        lengths = np.r_[seps, len(codepoints)] - starts
        rows, codes = [], []
        for length in range(3, low):
            which = starts[lengths == length]
            which = which[bad[which + length] == bad[which]]
            whole = np.zeros(len(which), dtype=np.int64)
            for j in range(length):
                whole = whole * self._base + digits[which + j]
            rows.append(row_of_pos[which])
            codes.append(whole)
        return np.concatenate(rows), np.concatenate(codes)

    def _decode(self, code: int) -> str:
        chars = []
        while code:
            code, digit = divmod(code, self._base)
            chars.append(chr(int(self.alphabet_[digit - 1])))
        return "".join(reversed(chars))

    def _reencode(self, codes: np.ndarray) -> np.ndarray:
        grams = [self._decode(int(c)) for c in codes]
        chars = sorted(set(chain.from_iterable(grams)))
        self.alphabet_ = np.array([ord(c) for c in chars], dtype=np.int64)
        self._table = None
        rank = {c: i + 1 for i, c in enumerate(chars)}
        out = np.empty(len(grams), dtype=np.int64)
        for i, gram in enumerate(grams):
            value = 0
            for c in gram:
                value = value * self._base + rank[c]
            out[i] = value
        return out

    def feature_names(self) -> list[str]:
        return [self._decode(int(c)) for c in self.codes_]


class WordNgrams(_NgramTfidf):
    """Runs of two or more word characters and their n-grams (`analyzer="word"`)."""

    def _prepare_fit(self, texts: Sequence[str]) -> None:
        tokens: dict[int, str] = {}
        for start in range(0, len(texts), CHUNK):
            joined, _, starts, ends, hashes = token_runs(texts[start:start + CHUNK])
            _, first = np.unique(hashes, return_index=True)
            for i in first.tolist():
                tokens.setdefault(int(hashes[i]), joined[starts[i]:ends[i]])
        self.tokens_ = sorted(tokens.values())
        self._token_ids = None

    @property
    def _n_tokens(self) -> int:
        return len(self.tokens_) + 1  # 0 is unused, so a code's tokens can be read back

    @property
    def _n_codes(self) -> int:
        return self._offset(self.ngram_range[1] + 1)

    def _offset(self, n: int) -> int:
        """First code of the n-grams: the codes of shorter n-grams come before."""
        return sum(self._n_tokens ** k for k in range(1, n))

    def _codes(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        low, high = self.ngram_range
        if self._n_codes >= MAX_CODE:
            raise ValueError(f"{len(self.tokens_)} distinct tokens are too many for {high}-grams")
        if getattr(self, "_token_ids", None) is None:
            self._token_ids = CodeIndex(token_runs(self.tokens_)[4])
        _, row, _, _, hashes = token_runs(texts)
        token = self._token_ids.lookup(hashes).astype(np.int64) + 1  # 0: not a vocabulary token
        out_rows, out_codes = [], []
        code = token.copy()
        known = token > 0
        same_row = np.ones(len(token), dtype=bool)
        for n in range(1, high + 1):
            if n > 1:
                code = code[:-1] * self._n_tokens + token[n - 1:]
                known = known[:-1] & (token[n - 1:] > 0)
                same_row = same_row[:-1] & (row[n - 1:] == row[: len(row) - n + 1])
            if n < low:
                continue
            keep = np.flatnonzero(known & same_row)
            out_rows.append(row[keep])
            out_codes.append(code[keep] + self._offset(n))
        if not out_rows:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate(out_rows), np.concatenate(out_codes)

    def _decode(self, code: int) -> list[str]:
        n = 1
        while code >= self._offset(n + 1):
            n += 1
        code -= self._offset(n)
        parts = []
        for _ in range(n):
            code, digit = divmod(code, self._n_tokens)
            parts.append(self.tokens_[digit - 1])
        return list(reversed(parts))

    def _reencode(self, codes: np.ndarray) -> np.ndarray:
        grams = [self._decode(int(c)) for c in codes]
        self.tokens_ = sorted(set(chain.from_iterable(grams)))
        self._token_ids = None
        rank = {t: i + 1 for i, t in enumerate(self.tokens_)}
        out = np.empty(len(grams), dtype=np.int64)
        for i, gram in enumerate(grams):
            value = 0
            for t in gram:
                value = value * self._n_tokens + rank[t]
            out[i] = value + self._offset(len(gram))
        return out

    def feature_names(self) -> list[str]:
        return [" ".join(self._decode(int(c))) for c in self.codes_]
