"""Metrics: per-label precision / recall / F1, confusion matrix, article body F1."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from clf.document import LABEL_NAMES

TOKEN_RE = re.compile(r"\w+", re.UNICODE)
SHINGLE = 4


@dataclass(frozen=True)
class LabelReport:
    """Per-label scores, macro-F1 and the confusion matrix (rows gold, columns predicted)."""

    labels: tuple[str, ...]
    precision: tuple[float, ...]
    recall: tuple[float, ...]
    f1: tuple[float, ...]
    support: tuple[int, ...]
    confusion: tuple[tuple[int, ...], ...]

    @property
    def macro_f1(self) -> float:
        present = [f for f, s in zip(self.f1, self.support) if s > 0]
        return float(np.mean(present)) if present else 0.0

    @property
    def accuracy(self) -> float:
        total = sum(sum(row) for row in self.confusion)
        return sum(self.confusion[i][i] for i in range(len(self.labels))) / total if total else 0.0

    def to_dict(self) -> dict:
        return {
            "labels": {
                name: {"precision": p, "recall": r, "f1": f, "support": s}
                for name, p, r, f, s in zip(self.labels, self.precision, self.recall, self.f1, self.support)
            },
            "macro_f1": self.macro_f1,
            "accuracy": self.accuracy,
            "confusion": {"labels": list(self.labels), "matrix": [list(row) for row in self.confusion]},
        }


def label_report(gold: Sequence[int], pred: Sequence[int], labels: Sequence[str] = LABEL_NAMES) -> LabelReport:
    """Scores of predicted label indices against gold ones."""
    k = len(labels)
    matrix = np.zeros((k, k), dtype=int)
    for g, p in zip(gold, pred):
        matrix[g, p] += 1
    tp = np.diag(matrix).astype(float)
    pred_tot = matrix.sum(axis=0)
    gold_tot = matrix.sum(axis=1)
    precision = np.divide(tp, pred_tot, out=np.zeros(k), where=pred_tot > 0)
    recall = np.divide(tp, gold_tot, out=np.zeros(k), where=gold_tot > 0)
    denom = precision + recall
    f1 = np.divide(2 * precision * recall, denom, out=np.zeros(k), where=denom > 0)
    return LabelReport(
        labels=tuple(labels),
        precision=tuple(float(x) for x in precision),
        recall=tuple(float(x) for x in recall),
        f1=tuple(float(x) for x in f1),
        support=tuple(int(x) for x in gold_tot),
        confusion=tuple(tuple(int(x) for x in row) for row in matrix),
    )


def format_report(report: LabelReport) -> str:
    """A plain-text table of the report."""
    lines = [f"{'label':<12}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>10}"]
    for name, p, r, f, s in zip(report.labels, report.precision, report.recall, report.f1, report.support):
        lines.append(f"{name:<12}{p:>10.3f}{r:>10.3f}{f:>10.3f}{s:>10d}")
    lines.append(f"{'macro-F1':<12}{'':>20}{report.macro_f1:>10.3f}{sum(report.support):>10d}")
    lines.append("")
    lines.append("confusion (rows gold, columns predicted)")
    width = max(len(n) for n in report.labels) + 2
    lines.append(" " * width + "".join(f"{n:>{width}}" for n in report.labels))
    for name, row in zip(report.labels, report.confusion):
        lines.append(f"{name:<{width}}" + "".join(f"{v:>{width}d}" for v in row))
    return "\n".join(lines)


def shingles(text: str, size: int = SHINGLE) -> Counter:
    """The multiset of `size`-token shingles of a text (tokens are runs of \\w)."""
    tokens = TOKEN_RE.findall(text)
    if len(tokens) < size:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i:i + size]) for i in range(len(tokens) - size + 1))


@dataclass(frozen=True)
class BodyScore:
    precision: float
    recall: float
    f1: float
    pages: int


def body_f1(pairs: Iterable[tuple[str, str]]) -> BodyScore:
    """Article-extraction scoring over (predicted, gold) body texts.

    Per page P = tp/(tp+fp) and R = tp/(tp+fn) over shingle multisets; P is averaged
    over pages with non-empty output, R over all pages; F1 of the two means.
    """
    precisions: list[float] = []
    recalls: list[float] = []
    for predicted, gold in pairs:
        p_sh, g_sh = shingles(predicted), shingles(gold)
        tp = sum((p_sh & g_sh).values())
        n_pred, n_gold = sum(p_sh.values()), sum(g_sh.values())
        if n_pred:
            precisions.append(tp / n_pred)
        recalls.append(tp / n_gold if n_gold else (1.0 if not n_pred else 0.0))
    p = float(np.mean(precisions)) if precisions else 0.0
    r = float(np.mean(recalls)) if recalls else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return BodyScore(p, r, f, len(recalls))
