from __future__ import annotations

import random

import numpy as np

from clf.breaks import LineBreaks, fit_line_breaks, gap_columns, line_gaps, word_shape

MENUS = ["Home", "World", "Sport", "Business", "Weather", "Travel", "Contact Us", "About Us"]
WORDS = "the cat sat on a mat while rain fell and we went home to sleep after dinner".split()


def page(rng: random.Random) -> list[str]:
    """A menu entry a line, a blank line, then a sentence a line."""
    menu = rng.sample(MENUS, 4)
    prose = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 12))).capitalize() + "." for _ in range(4)]
    return [*menu, "", *prose]


def test_word_shape():
    assert word_shape("Anna,") == "Aa,"
    assert word_shape("3.5%") == "0.0%"
    assert word_shape("NASA") == "A"
    assert word_shape("well-known") == "a-a"
    assert len(word_shape("Go-To-The-Shop")) == 6  # cut at 6 characters


def test_line_gaps_mark_where_lines_ended_and_skip_blank_lines():
    tokens, breaks = line_gaps(["Home", "", "Top news", "It rained all day."])
    assert tokens == ["Home", "Top", "news", "It", "rained", "all", "day."]
    assert breaks == [1, 0, 1, 0, 0, 0]
    assert line_gaps([]) == ([], [])


def test_gap_columns_are_hashed_into_the_weights():
    columns = gap_columns(["Home", "World", "Sport"], bits=10)
    assert columns.shape[0] == 2 and columns.min() >= 0 and columns.max() < 2 ** 10
    assert gap_columns(["alone"]).size == 0


def test_line_breaks_learnt_from_lines_put_them_back():
    rng = random.Random(0)
    breaks = fit_line_breaks([page(rng) for _ in range(400)], seed=0)
    assert breaks is not None
    new = [line for line in page(random.Random(99)) if line]
    assert breaks.split(" ".join(new)) == new
    assert breaks.split("alone") == ["alone"]


def test_no_line_breaks_without_a_break_to_learn_from():
    assert fit_line_breaks([["one line only"], ["another"]]) is None


def test_split_breaks_where_the_weights_say():
    weights = np.zeros(2 ** 8, dtype=np.float32)
    hot = gap_columns(["a", "B"], bits=8)[0]  # the features of the gap between `a` and `B`
    breaks = LineBreaks(weights, intercept=-5.0, bits=8)
    assert breaks.split("a B a B") == ["a B a B"]
    weights[hot[0]] = 20.0  # "a=a": a break after every `a`
    assert breaks.split("a B a B") == ["a", "B a", "B"]
