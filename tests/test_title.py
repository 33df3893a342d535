from __future__ import annotations

from dataclasses import replace

import joblib
import numpy as np
import pytest
from sklearn.ensemble import HistGradientBoostingClassifier

from clf.document import LABELS, Label
from clf.errors import ModelError
from clf.features import BODY, repeat_keys
from clf.inference import load_model
from clf.model import LineModel
from clf.predictor import Predictor
from clf.title import (
    FEATURE_NAMES, REACH, apply_title, candidate_features, candidates, title_targets, trimmed_share,
)
from clf.trees import ShapeTrees
from tests.conftest import TINY_PARAMS

BOILERPLATE = LABELS.index(Label.BOILERPLATE)
BYLINE = LABELS.index(Label.BYLINE)
B, X, Y = BODY, BOILERPLATE, BYLINE
PROSE = "The harbour wall gave way in the night. The harbour master closed the port to every boat."
# a teaser above the article came out body; the headline under it is boilerplate
TEXTS = [
    "Menu",
    "Cheap flights to Lisbon this winter",
    "Subscribe",
    "Storm closes the harbour",
    "By Ana Reis",
    "March 3, 2024",
    PROSE,
    "Fishermen say the wall was weak for years. The storm came in from the west.",
    "Related",
]
LABELS_IN = np.array([X, B, X, X, Y, X, B, B, X])
PROBS = np.tile([0.5, 0.0, 0.0, 0.5], (len(TEXTS), 1))


def _features(labels=LABELS_IN, texts=TEXTS):
    idx = candidates(labels, texts, BODY)
    return idx, candidate_features(idx, labels, texts, repeat_keys(texts), PROBS, BODY, BYLINE)


def test_candidates_are_the_headline_shaped_lines_down_to_half_the_body():
    # "March 3, 2024" is a date alone, the prose no headline; half the body's characters
    # lie in line 6, so "Related" below it is no candidate
    assert candidates(LABELS_IN, TEXTS, BODY) == [0, 1, 2, 3, 4]
    assert candidates(np.full(len(TEXTS), X), TEXTS, BODY) == []


def test_candidates_start_reach_lines_above_the_first_body_line():
    texts = ["Menu entry"] * (REACH + 5) + [PROSE]
    labels = np.array([X] * (REACH + 5) + [B])
    assert candidates(labels, texts, BODY) == list(range(5, REACH + 5))


def test_candidate_features_tell_the_headline_from_the_teaser():
    idx, feats = _features()
    assert feats.shape == (len(idx), len(FEATURE_NAMES))
    f = {name: feats[:, k] for k, name in enumerate(FEATURE_NAMES)}
    teaser, headline = idx.index(1), idx.index(3)
    assert f["is_first_title"][teaser] == 1 and f["is_first_title"][headline] == 0
    assert f["shared_words"][headline] > 0 and f["shared_words"][teaser] == 0  # "harbour" and "storm" are the article's
    assert f["byline_near"][headline] == 1
    total = sum(len(TEXTS[i]) for i in (1, 6, 7))
    assert f["body_soon_after"][headline] == pytest.approx((len(TEXTS[6]) + len(TEXTS[7])) / total)
    assert f["body_soon_after"][0] == pytest.approx(1.0)  # the teaser too lies after "Menu"
    assert f["body_before"][headline] > 0 == f["body_before"][teaser]
    assert f["first"].tolist() == [1, 0, 0, 0, 0]


def test_title_targets_mark_the_copies_of_the_first_gold_body_line():
    gold = np.array([X, X, X, B, Y, X, B, B, X])
    idx = candidates(LABELS_IN, TEXTS, BODY)
    assert title_targets(idx, repeat_keys(TEXTS), TEXTS, gold, BODY).tolist() == [0, 0, 0, 1, 0]
    # a page whose body starts with a paragraph has no headline to find
    no_headline = np.array([X, X, X, X, Y, X, B, B, X])
    assert title_targets(idx, repeat_keys(TEXTS), TEXTS, no_headline, BODY).tolist() == [0] * 5


def test_apply_title_makes_the_body_above_the_title_boilerplate():
    assert apply_title(LABELS_IN, 3, BODY, BOILERPLATE).tolist() == [X, X, X, B, Y, X, B, B, X]


def test_trimmed_share_is_the_share_of_body_characters_above_the_title():
    total = sum(len(TEXTS[i]) for i in (1, 6, 7))
    assert trimmed_share(LABELS_IN, TEXTS, 3, BODY) == pytest.approx(len(TEXTS[1]) / total)
    assert trimmed_share(LABELS_IN, TEXTS, 1, BODY) == 0.0
    assert trimmed_share(np.full(len(TEXTS), X), TEXTS, 3, BODY) == 0.0


class _Prefers:
    """Title trees stand-in: scores each candidate by one of its features."""
    classes = np.array([0, 1])

    def __init__(self, name: str):
        self.column = FEATURE_NAMES.index(name)

    def proba(self, features: np.ndarray) -> np.ndarray:
        score = features[:, self.column]
        return np.column_stack([1 - score, score])


def test_predictor_makes_the_best_candidate_the_title(tiny_model):
    predictor = replace(tiny_model.predictor, title=_Prefers("shared_words"), title_max_trim=0.5)
    keys = repeat_keys(TEXTS)
    assert predictor.choose_title(LABELS_IN, TEXTS, keys, PROBS).tolist() == [X, X, X, B, Y, X, B, B, X]
    # the best candidate already the title: nothing changes
    first = replace(tiny_model.predictor, title=_Prefers("is_first_title"))
    assert first.choose_title(LABELS_IN, TEXTS, keys, PROBS).tolist() == LABELS_IN.tolist()
    assert replace(predictor, title=None).choose_title(LABELS_IN, TEXTS, keys, PROBS).tolist() == LABELS_IN.tolist()
    # the teaser above the headline holds a fifth of the body's characters: too much to cut at 0.1
    cautious = replace(predictor, title_max_trim=0.1)
    assert cautious.choose_title(LABELS_IN, TEXTS, keys, PROBS).tolist() == LABELS_IN.tolist()


def test_predictor_runs_the_title_pass_last(tiny_model, monkeypatch):
    monkeypatch.setattr(Predictor, "decode_many", lambda self, probs, sizes: LABELS_IN.copy())
    plain = replace(tiny_model.predictor, tail=None, headline=None, byline=None, title=None)
    chooser = replace(plain, title=_Prefers("shared_words"), title_max_trim=0.5)
    (before, _), = plain.predict_documents([TEXTS])
    (after, _), = chooser.predict_documents([TEXTS])
    assert before[1] == B and before[3] != B
    assert after[1] == X and after[3] == B


def test_predictor_looks_for_bylines_again_beside_a_new_title(tiny_model, monkeypatch):
    """When the title moves, the byline pass runs again on the labels with the new title;
    when it stays, the byline pass runs once (inside the article-head passes)."""
    monkeypatch.setattr(Predictor, "decode_many", lambda self, probs, sizes: LABELS_IN.copy())
    seen = []
    pass_once = Predictor.byline_pass

    def spy(self, labels, *args):
        seen.append(labels.copy())
        return pass_once(self, labels, *args)

    monkeypatch.setattr(Predictor, "byline_pass", spy)
    plain = replace(tiny_model.predictor, tail=None, headline=None, title=None)
    plain.predict_documents([TEXTS])
    assert len(seen) == 1
    seen.clear()
    replace(plain, title=_Prefers("shared_words"), title_max_trim=0.5).predict_documents([TEXTS])
    assert len(seen) == 2
    assert seen[1][3] == B and seen[1][1] == X  # the second look sees the chosen title


def _fitted_title() -> ShapeTrees:
    rng = np.random.default_rng(0)
    features = rng.random((200, len(FEATURE_NAMES)))
    target = (features[:, FEATURE_NAMES.index("shared_words")] > 0.5).astype(int)
    trees = HistGradientBoostingClassifier(max_iter=5, max_depth=2, random_state=0).fit(features, target)
    return ShapeTrees.from_sklearn(trees)


def test_model_with_other_title_trees_is_refused(tiny_model_path, tmp_path):
    payload = joblib.load(tiny_model_path)
    payload["predictor"].title = _fitted_title()
    joblib.dump(payload, tmp_path / "title.joblib")
    assert load_model(tmp_path / "title.joblib").predictor.title is not None
    payload["predictor"].title.feature[0, 0] = len(FEATURE_NAMES)  # a feature this clf does not give
    joblib.dump(payload, tmp_path / "other.joblib")
    with pytest.raises(ModelError, match="title trees split on feature"):
        load_model(tmp_path / "other.joblib")


def test_title_trees_learn_the_headline_from_training_documents(tiny_docs):
    """The tiny documents' candidates hold headlines and other lines: the trees are fitted
    on both, and a model file holds them."""
    model = LineModel(TINY_PARAMS).fit(tiny_docs)
    assert model.title_ is not None and set(model.title_.classes_.tolist()) == {0, 1}
    assert isinstance(model.to_predictor().title, ShapeTrees)
    assert LineModel(replace(TINY_PARAMS, title_trees=0)).fit(tiny_docs).title_ is None
