"""scikit-learn transformers over clf's feature code, for the training pipeline.

The feature code itself (clf.features, clf.ngrams) does not import scikit-learn, so that a
saved model (clf.predictor) loads and runs without it; these wrappers give it the
estimator interface that Pipeline and FeatureUnion expect.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin

from clf.features import DENSE_NAMES, LineRow, dense_matrix, neighbour_texts
from clf.ngrams import CharNgrams, WordNgrams

ANALYZERS = {"word": WordNgrams, "char_wb": CharNgrams}


class NgramTfidf(TransformerMixin, BaseEstimator):
    """TF-IDF of word or character n-grams of texts (clf.ngrams), fitted into `vocabulary_`."""

    def __init__(self, analyzer: str = "word", ngram_range: tuple[int, int] = (1, 1), min_df: int = 1,
                 max_features: int | None = None, dtype: Any = np.float32) -> None:
        self.analyzer = analyzer
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_features = max_features
        self.dtype = dtype

    def fit(self, texts: Sequence[str], y: object = None) -> "NgramTfidf":
        if self.analyzer not in ANALYZERS:
            raise ValueError(f"unknown analyzer {self.analyzer!r}, expected one of {sorted(ANALYZERS)}")
        self.vocabulary_ = ANALYZERS[self.analyzer](self.ngram_range, self.min_df, self.max_features, self.dtype)
        self.vocabulary_.fit(texts)
        return self

    def fit_transform(self, texts: Sequence[str], y: object = None) -> sp.csr_matrix:
        return self.fit(texts).transform(texts)

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        return self.vocabulary_.transform(texts)

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        return np.array(self.vocabulary_.feature_names(), dtype=object)


class DenseFeatures(TransformerMixin, BaseEstimator):
    """Line-shape and context features of each row, as a dense matrix."""

    def fit(self, rows: Sequence[LineRow], y: object = None) -> "DenseFeatures":
        self.n_features_out_ = len(DENSE_NAMES)
        return self

    def transform(self, rows: Sequence[LineRow]) -> np.ndarray:
        return dense_matrix(rows)

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        return np.array(DENSE_NAMES, dtype=object)


class ContextWords(TransformerMixin, BaseEstimator):
    """Word TF-IDF of the previous and of the next line of each row, side by side.

    One vocabulary, fitted on the rows' own texts; a row at a document's edge gets a zero
    block for the missing neighbour. The Predictor computes the same blocks by shifting
    the rows' own TF-IDF rows (clf.predictor.Predictor.context_blocks).
    """

    def __init__(self, max_features: int = 20_000, min_df: int = 2, dtype: Any = np.float32) -> None:
        self.max_features = max_features
        self.min_df = min_df
        self.dtype = dtype

    def fit(self, rows: Sequence[LineRow], y: object = None) -> "ContextWords":
        self.vocabulary_ = WordNgrams((1, 1), self.min_df, self.max_features, self.dtype)
        self.vocabulary_.fit([row.text for row in rows])
        return self

    def transform(self, rows: Sequence[LineRow]) -> sp.csr_matrix:
        before, after = neighbour_texts(rows)
        return sp.hstack([self.vocabulary_.transform(before), self.vocabulary_.transform(after)], format="csr")
