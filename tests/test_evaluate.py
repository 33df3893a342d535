from __future__ import annotations

import numpy as np
import pytest

from clf.evaluate import body_f1, format_report, label_report, page_scores, paired_difference, shingles, snippet_score


def test_label_report_counts():
    report = label_report([0, 0, 1, 3, 3], [0, 1, 1, 3, 0], labels=("a", "b", "c", "d"))
    assert report.confusion[0] == (1, 1, 0, 0)
    assert report.precision[1] == 0.5 and report.recall[1] == 1.0
    assert report.support == (2, 1, 0, 2)
    # label "c" has no support and is left out of the macro mean
    assert abs(report.macro_f1 - (0.5 + 2 / 3 + 2 / 3) / 3) < 1e-9
    assert "macro-F1" in format_report(report)


def test_shingles_are_four_token_multisets():
    sh = shingles("a b c d e a b c d")
    assert sh[("a", "b", "c", "d")] == 2
    assert sum(sh.values()) == 6


def test_body_f1_averages_precision_over_nonempty_outputs():
    gold = "one two three four five six"
    score = body_f1([(gold, gold), ("", gold)])
    assert score.precision == 1.0  # the empty output does not count for precision
    assert score.recall == 0.5
    assert abs(score.f1 - 2 / 3) < 1e-9


GOLD_PAGES = [
    "the quick brown fox jumps over the lazy dog again and again",
    "a second page tells of rain in the hills and mud on the roads",
    "page three has words about boats and rivers and the sea beyond",
    "the last page speaks of bread and cheese and a glass of wine",
]


def test_page_scores_keep_each_page_and_pool_like_body_f1():
    outputs = [GOLD_PAGES[0], "", GOLD_PAGES[2] + " plus some menu words here", "nothing of the gold"]
    pairs = list(zip(outputs, GOLD_PAGES))
    scores = page_scores(pairs)
    assert np.isnan(scores.precision[1]) and scores.recall[1] == 0.0  # empty output: no precision
    assert scores.precision[0] == scores.recall[0] == 1.0
    assert scores.precision[3] == 0.0
    assert scores.pooled() == body_f1(pairs)
    # the first page drawn twice and the fourth once
    twice = scores.pooled(np.array([0, 0, 3]))
    assert twice.precision == pytest.approx(2 / 3) and twice.recall == pytest.approx(2 / 3) and twice.pages == 3


def test_paired_difference_of_a_system_with_itself_is_zero():
    outputs = [GOLD_PAGES[0], "", GOLD_PAGES[2][:30], "nothing of the gold"]
    scores = page_scores(zip(outputs, GOLD_PAGES))
    d = paired_difference(scores, scores, resamples=200)
    assert d.f1 == d.low == d.high == 0.0 and d.ahead == 1.0 and d.resamples == 200


def test_paired_difference_is_sure_when_one_system_wins_every_page():
    better = page_scores(zip(GOLD_PAGES, GOLD_PAGES))
    worse = page_scores(zip([g + " and a long tail of menu words after it" for g in GOLD_PAGES], GOLD_PAGES))
    d = paired_difference(better, worse, resamples=500, seed=1)
    assert d.f1 > 0 and 0 < d.low <= d.f1 <= d.high and d.ahead == 1.0
    back = paired_difference(worse, better, resamples=500, seed=1)
    assert back.f1 == pytest.approx(-d.f1) and back.high < 0 and back.ahead == 0.0


def test_paired_difference_needs_the_same_pages():
    with pytest.raises(ValueError, match="4 and 3 pages"):
        paired_difference(page_scores(zip(GOLD_PAGES, GOLD_PAGES)), page_scores(zip(GOLD_PAGES[:3], GOLD_PAGES[:3])))


def test_snippet_score_counts_with_and_without_snippets_across_line_breaks():
    output = "The story starts here.\n\nIt goes on,\nand then it ends."
    pages = [
        (output, ["story starts here", "goes on, and then"], ["Read more", "ends."]),  # "ends." is in the output
        ("", ["a lost sentence"], ["Cookie notice"]),
    ]
    score = snippet_score(pages)
    assert (score.found_with, score.missed_with, score.found_without, score.left_without) == (2, 1, 1, 2)
    assert score.precision == pytest.approx(2 / 3) and score.recall == pytest.approx(2 / 3)
    assert score.f1 == pytest.approx(2 / 3) and score.accuracy == pytest.approx(4 / 6)


def test_snippet_score_of_no_pages_is_zero():
    score = snippet_score([])
    assert score.precision == score.recall == score.f1 == score.accuracy == 0.0
