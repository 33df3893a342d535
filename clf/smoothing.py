"""Document-level pass: revise per-line probabilities with label transitions.

Viterbi decoding over the non-empty lines of a page, with emissions from the
line classifier and a transition matrix learned from labelled documents.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

EPS = 1e-9


def transition_matrix(label_sequences: Sequence[Sequence[int]], n_labels: int, alpha: float = 1.0) -> np.ndarray:
    """Row-normalised counts of label i followed by label j, with add-alpha smoothing.

    Row `n_labels` holds the start distribution (label of a page's first line).
    """
    counts = np.full((n_labels + 1, n_labels), alpha, dtype=np.float64)
    for seq in label_sequences:
        if len(seq) == 0:
            continue
        counts[n_labels, seq[0]] += 1
        for a, b in zip(seq[:-1], seq[1:]):
            counts[a, b] += 1
    return counts / counts.sum(axis=1, keepdims=True)


def viterbi(probs: np.ndarray, transitions: np.ndarray, weight: float = 1.0) -> np.ndarray:
    """Most likely label sequence given per-line probabilities and transitions.

    `weight` scales the transition log-probabilities: 0 gives the per-line argmax.
    """
    n, k = probs.shape
    if n == 0:
        return np.zeros(0, dtype=int)
    emit = np.log(probs + EPS)
    trans = weight * np.log(transitions[:k] + EPS)
    start = weight * np.log(transitions[k] + EPS)
    score = start + emit[0]
    back = np.zeros((n, k), dtype=int)
    for t in range(1, n):
        cand = score[:, None] + trans
        back[t] = np.argmax(cand, axis=0)
        score = cand[back[t], np.arange(k)] + emit[t]
    path = np.empty(n, dtype=int)
    path[-1] = int(np.argmax(score))
    for t in range(n - 1, 0, -1):
        path[t - 1] = back[t, path[t]]
    return path
