"""The shape trees' array form gives scikit-learn's probabilities (clf.trees)."""

import numpy as np
import pytest
from sklearn.ensemble import HistGradientBoostingClassifier

import clf.trees
from clf.trees import MAX_DEPTH, ShapeTrees


def _data(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rs = np.random.RandomState(seed)
    X = rs.rand(n, 6).astype(np.float32)
    y = (X[:, 0] > 0.5).astype(int) + (X[:, 1] + X[:, 2] > 1.0) + (X[:, 3] * X[:, 4] > 0.5)
    return X, y


@pytest.mark.parametrize("depth", [1, 3, 5])
def test_multiclass_export_matches_sklearn(monkeypatch, depth) -> None:
    X, y = _data(3000)
    model = HistGradientBoostingClassifier(max_iter=25, max_leaf_nodes=15, max_depth=depth, random_state=0).fit(X, y)
    trees = ShapeTrees.from_sklearn(model)
    assert trees.depth == depth and trees.feature.shape[0] == model.n_iter_ * len(model.classes_)
    monkeypatch.setattr(clf.trees, "WALKS_AT_ONCE", 1000 * trees.feature.shape[0])  # several blocks of rows
    test, _ = _data(2500, seed=1)
    np.testing.assert_allclose(trees.proba(test), model.predict_proba(test), atol=1e-10)


def test_trees_without_splits() -> None:
    """Too few lines for a split (scikit-learn's 20 a leaf): every tree is one leaf."""
    X, y = _data(30)
    model = HistGradientBoostingClassifier(max_iter=5, max_depth=4, random_state=0).fit(X, y > 1)
    trees = ShapeTrees.from_sklearn(model)
    assert trees.depth == 0
    np.testing.assert_allclose(trees.proba(X), model.predict_proba(X), atol=1e-10)


def test_values_at_the_thresholds_go_the_same_way() -> None:
    """Features equal to a split's threshold, or a float32 step either side of it."""
    X, y = _data(3000)
    model = HistGradientBoostingClassifier(max_iter=10, max_depth=3, random_state=0).fit(X, y)
    thresholds = [n["num_threshold"] for it in model._predictors for t in it for n in t.nodes if not n["is_leaf"]]
    test = np.repeat(X[:40], 3, axis=0)
    for i, thr in enumerate(thresholds[:40]):
        t32 = np.float32(thr)
        for j, value in enumerate((np.nextafter(t32, np.float32(-1)), t32, np.nextafter(t32, np.float32(2)))):
            test[3 * i + j, :] = value
    np.testing.assert_allclose(ShapeTrees.from_sklearn(model).proba(test), model.predict_proba(test), atol=1e-10)


def test_deep_trees_are_refused() -> None:
    X, _ = _data(3000)
    noise = np.random.RandomState(2).randint(0, 2, len(X))  # random labels grow deep trees
    model = HistGradientBoostingClassifier(max_iter=2, max_leaf_nodes=300, min_samples_leaf=1, random_state=0).fit(X, noise)
    if max(int(t.nodes["depth"].max()) for it in model._predictors for t in it) <= MAX_DEPTH:
        pytest.skip("no tree grew deeper than MAX_DEPTH")
    with pytest.raises(ValueError, match="max_depth"):
        ShapeTrees.from_sklearn(model)


def test_two_classes_export_matches_sklearn() -> None:
    X, y = _data(2000)
    body = (y > 1).astype(int)  # one tree per iteration
    model = HistGradientBoostingClassifier(max_iter=10, max_depth=4, random_state=0).fit(X, body)
    trees = ShapeTrees.from_sklearn(model)
    assert trees.feature.shape[0] == model.n_iter_ and trees.baseline.shape == (1,)
    np.testing.assert_allclose(trees.proba(X), model.predict_proba(X), atol=1e-10)


def test_categorical_splits_are_refused() -> None:
    X, _ = _data(500)
    X[:, 5] = np.floor(X[:, 5] * 4)
    y = np.isin(X[:, 5], (1, 3)).astype(int)  # only a categorical split separates these
    model = HistGradientBoostingClassifier(max_iter=5, max_depth=3, categorical_features=[5], random_state=0).fit(X, y)
    if not any(tree.nodes["is_categorical"].any() for it in model._predictors for tree in it):
        pytest.skip("no categorical split was learnt")
    with pytest.raises(ValueError, match="categorical"):
        ShapeTrees.from_sklearn(model)
