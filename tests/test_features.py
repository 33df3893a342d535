from __future__ import annotations

import numpy as np

from clf.features import DENSE_NAMES, SHAPE_NAMES, dense_matrix, document_rows, line_shape, probability_window


def test_rows_skip_empty_lines_and_record_blank_neighbours():
    rows = document_rows(["Menu", "", "Headline", "Body text.", "", ""])
    assert [r.text for r in rows] == ["Menu", "Headline", "Body text."]
    ctx = rows[0].ctx
    assert ctx.blank_before == [False, True, False]
    assert ctx.blank_after == [True, False, True]


def test_shape_features_see_terminal_punctuation_and_length():
    short = dict(zip(SHAPE_NAMES, line_shape("Home")))
    sentence = dict(zip(SHAPE_NAMES, line_shape("This is a sentence that ends properly." * 4)))
    assert short["ends_terminal"] == 0.0 and sentence["ends_terminal"] == 1.0
    assert sentence["log_chars"] > short["log_chars"]
    assert short["is_short"] == 1.0


def test_repeated_lines_are_marked():
    rows = document_rows(["Share", "Story text here.", "Share"])
    repeat = DENSE_NAMES.index("repeat")
    x = dense_matrix(rows)
    assert x[0, repeat] > 0 and x[1, repeat] == 0


def test_probability_window_pads_at_document_edges():
    probs = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]])
    win = probability_window(probs, [2, 1], radius=1)
    # columns: offset -1 (p0, p1, outside), offset 0, offset +1
    assert win[0].tolist() == [0, 0, 1, 1, 0, 0, 0, 1, 0]
    assert win[1].tolist() == [1, 0, 0, 0, 1, 0, 0, 0, 1]
    assert win[2].tolist() == [0, 0, 1, 0.5, 0.5, 0, 0, 0, 1]
