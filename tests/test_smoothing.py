from __future__ import annotations

import numpy as np

from clf.smoothing import transition_matrix, viterbi


def test_transition_matrix_rows_sum_to_one_and_count_pairs():
    t = transition_matrix([[0, 0, 1], [0, 1, 1]], 2, alpha=0.0)
    assert np.allclose(t.sum(axis=1), 1.0)
    assert t[0, 1] == 2 / 3  # 0->0 once, 0->1 twice
    assert t[2, 0] == 1.0  # both sequences start with 0


def test_viterbi_with_zero_weight_is_argmax():
    probs = np.array([[0.6, 0.4], [0.45, 0.55], [0.7, 0.3]])
    t = np.array([[0.99, 0.01], [0.01, 0.99], [0.5, 0.5]])
    assert viterbi(probs, t, weight=0.0).tolist() == [0, 1, 0]


def test_viterbi_smooths_an_isolated_flip():
    probs = np.array([[0.6, 0.4], [0.45, 0.55], [0.7, 0.3]])
    t = np.array([[0.99, 0.01], [0.01, 0.99], [0.5, 0.5]])
    assert viterbi(probs, t, weight=1.0).tolist() == [0, 0, 0]


def test_viterbi_empty():
    assert viterbi(np.zeros((0, 4)), np.full((5, 4), 0.25)).tolist() == []
