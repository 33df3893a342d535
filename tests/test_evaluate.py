from __future__ import annotations

from clf.evaluate import body_f1, format_report, label_report, shingles


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
