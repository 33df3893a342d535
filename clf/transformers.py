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

from clf.features import DENSE_NAMES, LineRow, dense_matrix
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
