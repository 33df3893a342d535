"""Finding where the article ends.

After the article, many pages list more articles (a title, a summary sentence, a date, again
and again), reviews, comments or a long legal notice. Line by line, a teaser's summary or a
comment reads like body, and the stages see three lines either side, so such a listing
comes out as a string of short body runs after the real one. What tells it apart shows only
over the page: how much of the page's body lies before it, how the runs after it look (many
short runs, each a headline-shaped line and a sentence), what the lines between say
("Related articles", dates, share buttons).

So after decoding, this pass looks at each gap between two runs of body lines. Boosted
trees (scikit-learn's HistGradientBoostingClassifier, exported to clf.trees.ShapeTrees)
score the gap from what lies before it, in it and after it (`gap_features`): the
probability that no article body follows. From the first gap after which every gap scores
the threshold or more, the body lines after it become boilerplate; one gap that scores
high between gaps that do not (a list the decoder called boilerplate in the middle of the
article) cuts nothing. The first run is never cut, so a page keeps some body. The trees
are fitted on the training documents as decoded, each gap weighing the share of the
page's body after it, which is what a cut there gains or loses (ModelParams `tail_trees`,
`tail_threshold`); a model without them leaves the labels as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from clf.document import LABELS
from clf.features import DENSE_NAMES
from clf.reconstruct import is_headline

N_LABELS = len(LABELS)

# gap_features' columns after the dense means and the probability means
EXTRA_NAMES = (
    "share_before", "log_chars_before", "log_chars_after", "log_runs_before", "log_runs_after",
    "share_runs_after", "log_gap_lines", "gap_position", "largest_after_vs_before",
    "log_mean_run_lines_after", "headline_share_after", "body_share_after", "tree_body_after",
    "tree_body_before", "tree_body_next",
)

GAP_SHARE_BEFORE = -len(EXTRA_NAMES)  # gap_features' column of the share of the page's body before the gap
Scorer = Callable[[np.ndarray], np.ndarray]  # gap features -> probability that no body follows


def tail_width() -> int:
    """The number of gap_features columns."""
    return 3 * len(DENSE_NAMES) + 3 * N_LABELS + len(EXTRA_NAMES)


def body_runs(labels: np.ndarray, body: int) -> np.ndarray:
    """(runs, 2) array of [start, stop) of the maximal runs of `body` labels, in page order."""
    isbody = np.concatenate([[0], (np.asarray(labels) == body).astype(np.int8), [0]])
    edges = np.flatnonzero(np.diff(isbody))
    return edges.reshape(-1, 2)


def _range_means(table: np.ndarray, start: np.ndarray, stop: np.ndarray) -> np.ndarray:
    """Means of the rows [start, stop) of the matrix whose cumulative sums (with a leading row of
    zeros) are `table`; zeros for empty ranges."""
    count = np.maximum(stop - start, 1)[:, None]
    return (table[stop] - table[start]) / count


def gap_features(labels: np.ndarray, texts: Sequence[str], dense: np.ndarray, probs: np.ndarray,
                 tree_body: np.ndarray | None, body: int) -> tuple[np.ndarray, np.ndarray]:
    """The body runs of one document and one row of features per gap between two of them:
    the mean dense features of the lines in the gap, of the next run and of all the body
    lines after the gap; the mean label probabilities of the gap's lines, of the body lines
    after it and of those before it; then EXTRA_NAMES."""
    runs = body_runs(labels, body)
    n, m = len(labels), len(runs) - 1
    if m < 1:
        return runs, np.zeros((0, tail_width()))
    isbody = (np.asarray(labels) == body).astype(float)[:, None]
    chars = np.array([len(t.strip()) for t in texts], dtype=float)
    tree = np.zeros(n) if tree_body is None else np.asarray(tree_body, dtype=float).reshape(n)
    heads = np.zeros(n)  # read only on body lines (heads * isbody below), so only those are tested
    for i in np.flatnonzero(isbody[:, 0]).tolist():
        heads[i] = is_headline(texts[i])

    def cumulative(values: np.ndarray) -> np.ndarray:
        values = np.asarray(values, dtype=float).reshape(n, -1)
        return np.vstack([np.zeros((1, values.shape[1])), np.cumsum(values, axis=0)])

    dense_all, dense_body = cumulative(dense), cumulative(dense * isbody)
    probs_all, probs_body = cumulative(probs), cumulative(probs * isbody)
    side = cumulative(np.column_stack([isbody[:, 0], chars * isbody[:, 0], tree * isbody[:, 0], heads * isbody[:, 0]]))
    gap_start, gap_stop = runs[:-1, 1], runs[1:, 0]  # gap j: from the end of run j to the start of run j+1
    next_stop = runs[1:, 1]
    end = np.full(m, n)
    zero = np.zeros(m, dtype=int)

    def body_means(table: np.ndarray, start: np.ndarray, stop: np.ndarray) -> np.ndarray:
        count = np.maximum(side[stop, 0] - side[start, 0], 1)[:, None]
        return (table[stop] - table[start]) / count

    run_chars = side[runs[:, 1], 1] - side[runs[:, 0], 1]
    largest_before = np.maximum.accumulate(run_chars)[:-1]
    largest_after = np.maximum.accumulate(run_chars[::-1])[::-1][1:]
    chars_before, chars_after = side[gap_start, 1], side[n, 1] - side[gap_start, 1]
    runs_after = np.arange(m, 0, -1, dtype=float)
    lines_after = side[n, 0] - side[gap_stop, 0]
    extra = np.column_stack([
        chars_before / max(side[n, 1], 1.0),
        np.log1p(chars_before),
        np.log1p(chars_after),
        np.log1p(np.arange(1, m + 1, dtype=float)),
        np.log1p(runs_after),
        runs_after / (m + 1),
        np.log1p(gap_stop - gap_start),
        gap_start / n,
        np.minimum(largest_after / np.maximum(largest_before, 1.0), 4.0),
        np.log1p(lines_after / runs_after),
        (side[n, 3] - side[gap_stop, 3]) / np.maximum(lines_after, 1.0),
        lines_after / np.maximum(n - gap_stop, 1),
        body_means(side[:, 2:3], gap_stop, end)[:, 0],
        body_means(side[:, 2:3], zero, gap_start)[:, 0],
        _range_means(cumulative(tree), gap_stop, next_stop)[:, 0],
    ])
    return runs, np.hstack([
        _range_means(dense_all, gap_start, gap_stop),
        _range_means(dense_all, gap_stop, next_stop),
        body_means(dense_body, gap_stop, end),
        _range_means(probs_all, gap_start, gap_stop),
        body_means(probs_body, gap_stop, end),
        body_means(probs_body, zero, gap_start),
        extra,
    ])


def gap_targets(runs: np.ndarray, gold: np.ndarray, body: int) -> np.ndarray:
    """For each gap of `runs` (gap_features), 1 when no gold body line lies from the next
    run's start on, else 0."""
    found = np.flatnonzero(np.asarray(gold) == body)
    last = int(found[-1]) if found.size else -1
    return (runs[1:, 0] > last).astype(int)


def first_cut(scores: np.ndarray, threshold: float) -> int | None:
    """The first gap from which every gap scores `threshold` or more, or None."""
    under = np.flatnonzero(np.asarray(scores) < threshold)
    first = int(under[-1]) + 1 if under.size else 0
    return first if first < len(scores) else None


def cut_tail(labels: np.ndarray, texts: Sequence[str], dense: np.ndarray, probs: np.ndarray,
             tree_body: np.ndarray | None, score: Scorer, threshold: float, body: int,
             boilerplate: int) -> np.ndarray:
    """One document's labels with the body lines after its article's end made boilerplate
    (a new array when anything changes)."""
    runs, features = gap_features(labels, texts, dense, probs, tree_body, body)
    if not len(features):
        return labels
    gap = first_cut(score(features), threshold)
    if gap is None:
        return labels
    labels = labels.copy()
    after = labels[runs[gap + 1, 0]:]
    after[after == body] = boilerplate
    return labels
