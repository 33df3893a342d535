"""Gradient-boosted trees over the dense line features, as plain arrays.

Stage 1's logistic regression adds up its dense features (line shape, position, page cues)
one weight each. Some of what they say only shows in combination: dozens of "Read more" markers
before a line mean "after the article" on a blog, but not when a long run of prose follows
them on a shop's page with a mega-menu. A second first-stage view, scikit-learn's
HistGradientBoostingClassifier over the same dense features, learns such combinations; clf
trains it to tell body lines from the rest, and stage 2 reads a window of its body
probabilities next to the logistic regression's probabilities.

`ShapeTrees.from_sklearn` exports a fitted classifier into arrays, so that a model file
holds no scikit-learn objects (clf.modelfile); `ShapeTrees.proba` walks all trees at once
with numpy. The export reads the classifier's fitted trees (`_predictors`,
`_baseline_prediction`), which scikit-learn does not document: tests/test_trees.py checks
that both give the same probabilities, so a scikit-learn release that changes them fails
there, not in a user's model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

WALKS_AT_ONCE = 262_144  # trees x rows walked at a time: their positions stay in the CPU's cache
MAX_DEPTH = 10  # a complete tree of this depth has 1,023 splits


@dataclass
class ShapeTrees:
    """Boosted trees as complete binary trees of one depth, in heap order.

    Tree t's split k (0 the root; k's children 2k+1 and 2k+2) sends a row right when its
    feature `feature[t, k]` is above `threshold[t, k]`; after `depth` splits it reaches leaf
    j, worth `value[t, j]`. A leaf that sklearn grew at a shallower depth becomes splits
    that always go left (threshold +inf) down to copies of its value. Tree t adds to raw
    score `score_of[t]`; the probabilities are the softmax of the raw scores (a sigmoid of
    the one score with two classes), as in scikit-learn.
    """

    feature: np.ndarray  # (trees, 2**depth - 1) int32
    threshold: np.ndarray  # (trees, 2**depth - 1) float32
    value: np.ndarray  # (trees, 2**depth) float64
    score_of: np.ndarray  # (trees,) int: which raw score the tree adds to
    depth: int
    baseline: np.ndarray  # (scores,) raw score before any tree
    classes: np.ndarray  # the classes the trees were trained on, in the order of proba's columns

    @classmethod
    def from_sklearn(cls, model: Any) -> "ShapeTrees":
        """The arrays of a fitted HistGradientBoostingClassifier (numeric features, no NaNs)."""
        trees = [(k, tree.nodes) for iteration in model._predictors for k, tree in enumerate(iteration)]
        depth = max((int(nodes["depth"].max()) for _, nodes in trees), default=0)
        if depth > MAX_DEPTH:
            raise ValueError(f"trees {depth} deep; at most {MAX_DEPTH} fit the heap layout (set max_depth)")
        if any(nodes["is_categorical"].any() for _, nodes in trees):
            raise ValueError("categorical splits are not supported")
        splits, leaves = 2 ** depth - 1, 2 ** depth
        feature = np.zeros((len(trees), splits), dtype=np.int32)
        threshold = np.full((len(trees), splits), np.inf, dtype=np.float32)
        value = np.zeros((len(trees), leaves), dtype=np.float64)
        for t, (_, nodes) in enumerate(trees):
            stack = [(0, 0, 0)]  # (sklearn node, heap position, level)
            while stack:
                node, pos, level = stack.pop()
                if level == depth:
                    value[t, pos - splits] = nodes["value"][node]
                elif nodes["is_leaf"][node]:
                    stack += [(node, 2 * pos + 1, level + 1), (node, 2 * pos + 2, level + 1)]
                else:
                    feature[t, pos] = nodes["feature_idx"][node]
                    # float32 features: x > t for a float64 t is x > the float32 just below
                    # or at t, and x <= t otherwise, so rounding t down keeps every decision
                    threshold[t, pos] = _float32_at_most(float(nodes["num_threshold"][node]))
                    stack += [(int(nodes["left"][node]), 2 * pos + 1, level + 1),
                              (int(nodes["right"][node]), 2 * pos + 2, level + 1)]
        return cls(
            feature=feature, threshold=threshold, value=value,
            score_of=np.array([k for k, _ in trees], dtype=np.int64), depth=depth,
            baseline=np.asarray(model._baseline_prediction, dtype=np.float64).ravel(),
            classes=np.asarray(model.classes_, dtype=int),
        )

    def raw_scores(self, X: np.ndarray) -> np.ndarray:
        """(rows, scores): the baseline plus each score's trees' leaf values."""
        X = np.asarray(X, dtype=np.float32)  # the precision the trees were fitted on
        n_trees, splits = self.feature.shape
        out = np.tile(self.baseline, (X.shape[0], 1))
        if n_trees == 0:
            return out
        per_score = np.zeros((n_trees, self.baseline.size))
        per_score[np.arange(n_trees), self.score_of] = 1.0
        if splits == 0:  # every tree a lone leaf (too few lines to split)
            return out + self.value[:, 0] @ per_score
        flat_feature, flat_threshold, flat_value = self.feature.ravel(), self.threshold.ravel(), self.value.ravel()
        tree_split = np.arange(n_trees, dtype=np.intp)[:, None] * splits  # tree t's root in the flat arrays
        tree_leaf = np.arange(n_trees, dtype=np.intp)[:, None] * (splits + 1) - splits
        at_once = max(1, WALKS_AT_ONCE // n_trees)
        for start in range(0, X.shape[0], at_once):
            rows = np.ascontiguousarray(X[start:start + at_once])
            n, width = rows.shape
            cells = rows.ravel()
            row_start = np.arange(n, dtype=np.intp) * width
            # every tree walks every row down one level at a time, (trees, rows): a walk
            # reads only the depth splits on its path
            pos = np.zeros((n_trees, n), dtype=np.intp)
            for _ in range(self.depth):
                node = pos + tree_split
                right = np.take(cells, np.take(flat_feature, node) + row_start) > np.take(flat_threshold, node)
                pos *= 2
                pos += 1
                pos += right
            out[start:start + n] += np.take(flat_value, pos + tree_leaf).T @ per_score
        return out

    def proba(self, X: np.ndarray) -> np.ndarray:
        """(rows, classes): probabilities in the order of the classes the trees were trained on."""
        scores = self.raw_scores(X)
        if scores.shape[1] == 1:  # two classes: the score of the second
            p = np.exp(-np.logaddexp(0.0, -scores[:, 0]))
            return np.column_stack([1.0 - p, p])
        scores -= scores.max(axis=1, keepdims=True)
        proba = np.exp(scores)
        return proba / proba.sum(axis=1, keepdims=True)


def _float32_at_most(threshold: float) -> np.float32:
    """The largest float32 that is <= threshold (+inf stays +inf)."""
    t = np.float32(threshold)
    if float(t) > threshold:
        t = np.nextafter(t, np.float32(-np.inf))
    return t
