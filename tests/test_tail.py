from __future__ import annotations

from dataclasses import replace

import joblib
import numpy as np
import pytest

from clf.document import LABELS, Label
from clf.errors import ModelError
from clf.features import BODY, DENSE_NAMES, dense_matrix, document_rows
from clf.inference import load_model
from clf.tail import (
    EXTRA_NAMES, GAP_SHARE_BEFORE, body_runs, cut_tail, first_cut, gap_features, gap_targets, tail_width,
)
from clf.model import LineModel
from clf.predictor import Predictor
from clf.trees import ShapeTrees
from tests.conftest import TINY_PARAMS

BOILERPLATE = LABELS.index(Label.BOILERPLATE)
B, X = BODY, BOILERPLATE
# an article (lines 1-4, a boilerplate line inside it), then two teasers after "Related"
LABELS_IN = np.array([X, B, B, X, B, X, X, B, X, B])
TEXTS = [
    "Menu",
    "A Headline",
    "The first paragraph of the story, long enough to read as prose.",
    "Advertisement",
    "The second paragraph, which ends the story.",
    "Related articles",
    "May 3, 2024",
    "Another story",
    "May 2, 2024",
    "Yet another",
]


def test_body_runs_are_the_maximal_runs_of_body_lines():
    assert body_runs(LABELS_IN, BODY).tolist() == [[1, 3], [4, 5], [7, 8], [9, 10]]
    assert body_runs(np.array([B, B]), BODY).tolist() == [[0, 2]]
    assert body_runs(np.array([X, X]), BODY).tolist() == []


def test_gap_features_describe_each_gap_from_before_inside_and_after():
    dense = np.arange(len(TEXTS) * len(DENSE_NAMES), dtype=float).reshape(len(TEXTS), -1)
    probs = np.tile([0.1, 0.0, 0.0, 0.9], (len(TEXTS), 1))
    runs, gaps = gap_features(LABELS_IN, TEXTS, dense, probs, None, BODY)
    assert gaps.shape == (3, tail_width()) == (3, 3 * len(DENSE_NAMES) + 3 * 4 + len(EXTRA_NAMES))
    width = len(DENSE_NAMES)
    assert np.allclose(gaps[0, :width], dense[3])  # the one line inside the first gap
    assert np.allclose(gaps[1, :width], dense[5:7].mean(axis=0))  # "Related articles" and its date
    assert np.allclose(gaps[1, width:2 * width], dense[7])  # the next run
    assert np.allclose(gaps[1, 2 * width:3 * width], dense[[7, 9]].mean(axis=0))  # all body after the gap
    extra = dict(zip(EXTRA_NAMES, gaps[:, -len(EXTRA_NAMES):].T))
    chars = [len(t) for t in TEXTS]
    body_chars = sum(c for c, lab in zip(chars, LABELS_IN) if lab == BODY)
    assert np.allclose(extra["share_before"], np.array([sum(chars[1:3]), sum(chars[1:3]) + chars[4],
                                                        sum(chars[1:3]) + chars[4] + chars[7]]) / body_chars)
    assert np.allclose(gaps[:, GAP_SHARE_BEFORE], extra["share_before"])
    assert np.allclose(np.expm1(extra["log_runs_after"]), [3, 2, 1])
    assert np.allclose(np.expm1(extra["log_gap_lines"]), [1, 2, 1])
    # a page with one body run has no gaps
    assert gap_features(np.array([X, B, B]), TEXTS[:3], dense[:3], probs[:3], None, BODY)[1].shape == (0, tail_width())


def test_gap_targets_say_where_no_gold_body_follows():
    runs = body_runs(LABELS_IN, BODY)
    gold = np.array([X, B, B, X, B, X, X, X, X, X])  # the teasers are not article
    assert gap_targets(runs, gold, BODY).tolist() == [0, 1, 1]
    assert gap_targets(runs, np.full(10, X), BODY).tolist() == [1, 1, 1]


def test_first_cut_needs_every_later_gap_to_agree():
    assert first_cut(np.array([0.1, 0.8, 0.9]), 0.5) == 1
    assert first_cut(np.array([0.9, 0.1, 0.9]), 0.5) == 2  # a high gap between low ones cuts nothing
    assert first_cut(np.array([0.9, 0.8, 0.2]), 0.5) is None
    assert first_cut(np.array([0.6, 0.7]), 0.5) == 0


def test_cut_tail_makes_the_body_after_the_cut_boilerplate():
    dense = np.zeros((len(TEXTS), len(DENSE_NAMES)))
    probs = np.tile([0.1, 0.0, 0.0, 0.9], (len(TEXTS), 1))

    def scorer(values):
        def score(features):
            assert features.shape == (3, tail_width())
            return np.asarray(values, dtype=float)
        return score

    cut = cut_tail(LABELS_IN, TEXTS, dense, probs, None, scorer([0.1, 0.9, 0.95]), 0.5, BODY, BOILERPLATE)
    assert cut.tolist() == [X, B, B, X, B, X, X, X, X, X]
    assert LABELS_IN[7] == B  # the input is left as it was
    kept = cut_tail(LABELS_IN, TEXTS, dense, probs, None, scorer([0.1, 0.2, 0.3]), 0.5, BODY, BOILERPLATE)
    assert kept is LABELS_IN
    everything = cut_tail(LABELS_IN, TEXTS, dense, probs, None, scorer([0.9, 0.9, 0.9]), 0.5, BODY, BOILERPLATE)
    assert everything.tolist() == [X, B, B, X, X, X, X, X, X, X]  # the first run stays


class _Dense:
    """Stands in for clf.model.DenseColumns: the dense features of given rows."""

    def __init__(self, dense: np.ndarray) -> None:
        self.dense = dense

    def take(self, idx: np.ndarray) -> np.ndarray:
        return self.dense[idx]


def _decoded_pages() -> tuple[list, np.ndarray, np.ndarray, list[int]]:
    """Pages as a decoder gave them: an article of body runs split by an advertisement, on
    half of them followed by teasers the decoder took for body (gold: boilerplate)."""
    rows, probs, gold, sizes = [], [], [], []
    for page in range(60):
        teasers = page % 2 == 0
        texts = ["Menu", "A Headline"] + [f"Paragraph {k} of story {page}, long enough to read as a sentence of prose."
                                          for k in range(2 + page % 3)]
        texts += ["Advertisement", f"The last paragraph of story {page}, which ends it with a full stop."]
        decoded = [X, B] + [B] * (2 + page % 3) + [X, B]
        truth = list(decoded)
        if teasers:
            texts += ["Related articles", f"Story {page + 1}", "May 2, 2024", f"Story {page + 2}", "May 1, 2024"]
            decoded += [X, B, X, B, X]
            truth += [X] * 5
        page_rows = document_rows(texts)
        rows += page_rows
        probs.append(np.eye(4)[decoded] * 0.96 + 0.01)
        gold += truth
        sizes.append(len(page_rows))
    return rows, np.vstack(probs), np.array(gold), sizes


@pytest.fixture(scope="module")
def fitted_tail():
    rows, probs, gold, sizes = _decoded_pages()
    line_model = LineModel(replace(TINY_PARAMS, tail_trees=30))
    dense = _Dense(dense_matrix(rows))
    trees = line_model._fit_tail(rows, probs.argmax(axis=1), probs, sizes, gold, np.ones(len(gold)), dense, None)
    return trees, rows, probs, gold, sizes, dense


def test_article_end_trees_learn_where_no_body_follows(fitted_tail):
    trees, rows, probs, gold, sizes, dense = fitted_tail
    assert trees is not None
    bounds = np.cumsum([0, *sizes])
    exported = ShapeTrees.from_sklearn(trees)
    for a, b in zip(bounds[:-1], bounds[1:]):
        labels = probs[a:b].argmax(axis=1)
        runs, gaps = gap_features(labels, [r.text for r in rows[a:b]], dense.take(np.arange(a, b)), probs[a:b], None, BODY)
        scores = exported.proba(gaps)[:, 1]
        assert np.allclose(scores, trees.predict_proba(gaps.astype(np.float32))[:, 1])
        assert ((scores >= 0.5) == gap_targets(runs, gold[a:b], BODY).astype(bool)).all()


def test_article_end_trees_need_both_kinds_of_gap():
    rows, probs, gold, sizes = _decoded_pages()
    line_model = LineModel(TINY_PARAMS)
    decoded = probs.argmax(axis=1)  # gold as decoded: body follows every gap
    assert line_model._fit_tail(rows, decoded, probs, sizes, decoded, np.ones(len(gold)), _Dense(dense_matrix(rows)),
                                None) is None


def test_predictor_cuts_the_body_after_the_article(fitted_tail, tiny_model, monkeypatch):
    """The Predictor runs the pass on the decoded labels (here fixed: LABELS_IN) before the
    article-head passes, and keeps the first body run whatever the trees say."""
    monkeypatch.setattr(Predictor, "decode_many", lambda self, probs, sizes: LABELS_IN.copy())
    plain = replace(tiny_model.predictor, tail=None, headline=None, byline=None, title=None)
    (labels, _), = plain.predict_documents([TEXTS])
    assert labels.tolist() == LABELS_IN.tolist()
    everywhere = replace(plain, tail=ShapeTrees.from_sklearn(fitted_tail[0]), tail_threshold=0.0)  # every gap agrees
    (cut, _), = everywhere.predict_documents([TEXTS])
    assert cut.tolist() == [X, B, B, X, X, X, X, X, X, X]
    nowhere = replace(everywhere, tail_threshold=1.01)
    assert nowhere.predict_documents([TEXTS])[0][0].tolist() == LABELS_IN.tolist()


def test_model_with_other_article_end_trees_is_refused(fitted_tail, tiny_model_path, tmp_path):
    payload = joblib.load(tiny_model_path)
    payload["predictor"].tail = ShapeTrees.from_sklearn(fitted_tail[0])
    joblib.dump(payload, tmp_path / "tail.joblib")
    assert load_model(tmp_path / "tail.joblib").predictor.tail is not None
    payload["predictor"].tail.feature[0, 0] = tail_width()  # a split on a gap feature this clf does not give
    joblib.dump(payload, tmp_path / "other.joblib")
    with pytest.raises(ModelError, match="article-end trees split on feature"):
        load_model(tmp_path / "other.joblib")


def test_tiny_training_data_trains_without_article_end_trees(tiny_model):
    """The tiny documents decode without a gap after which no body follows: no trees, labels as before."""
    assert TINY_PARAMS.tail_trees > 0 and tiny_model.predictor.tail is None
