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


@dataclass(frozen=True)
class PageScores:
    """Per-page body precision (NaN where the output is empty) and recall, page by page."""

    precision: np.ndarray
    recall: np.ndarray

    def pooled(self, pages: np.ndarray | None = None) -> BodyScore:
        """The benchmark's score of these pages (or of the pages `pages` indexes, repeats
        counting again): P averaged over pages with output, R over all, F1 of the two."""
        p, r = (self.precision, self.recall) if pages is None else (self.precision[pages], self.recall[pages])
        given = ~np.isnan(p)
        mean_p = float(p[given].mean()) if given.any() else 0.0
        mean_r = float(r.mean()) if r.size else 0.0
        f = 2 * mean_p * mean_r / (mean_p + mean_r) if mean_p + mean_r else 0.0
        return BodyScore(mean_p, mean_r, f, int(r.size))


def page_scores(pairs: Iterable[tuple[str, str]]) -> PageScores:
    """Each page's shingle precision and recall of (predicted, gold) body texts."""
    precisions: list[float] = []
    recalls: list[float] = []
    for predicted, gold in pairs:
        p_sh, g_sh = shingles(predicted), shingles(gold)
        tp = sum((p_sh & g_sh).values())
        n_pred, n_gold = sum(p_sh.values()), sum(g_sh.values())
        precisions.append(tp / n_pred if n_pred else float("nan"))
        recalls.append(tp / n_gold if n_gold else (1.0 if not n_pred else 0.0))
    return PageScores(np.array(precisions, dtype=float), np.array(recalls, dtype=float))


def body_f1(pairs: Iterable[tuple[str, str]]) -> BodyScore:
    """Article-extraction scoring over (predicted, gold) body texts.

    Per page P = tp/(tp+fp) and R = tp/(tp+fn) over shingle multisets; P is averaged
    over pages with non-empty output, R over all pages; F1 of the two means.
    """
    return page_scores(pairs).pooled()


@dataclass(frozen=True)
class Difference:
    """Body F1 of one system minus another's on the same pages, with a paired bootstrap."""

    f1: float  # the difference on the pages as they are
    low: float  # 2.5th percentile over the resamples
    high: float  # 97.5th percentile
    ahead: float  # share of resamples in which the first system scores at least as high
    resamples: int


def paired_difference(a: PageScores, b: PageScores, resamples: int = 2000, seed: int = 0) -> Difference:
    """How sure a difference in body F1 between two systems on the same pages is: the pages
    are drawn again with replacement (the same draw for both), `resamples` times."""
    n = a.recall.size
    if n != b.recall.size:
        raise ValueError(f"the systems were scored on {n} and {b.recall.size} pages")
    observed = a.pooled().f1 - b.pooled().f1
    if n == 0:
        return Difference(observed, observed, observed, 1.0, 0)
    draws = np.random.default_rng(seed).integers(0, n, size=(resamples, n))
    diffs = np.array([a.pooled(d).f1 - b.pooled(d).f1 for d in draws])
    low, high = np.percentile(diffs, [2.5, 97.5])
    return Difference(observed, float(low), float(high), float((diffs >= 0).mean()), resamples)


@dataclass(frozen=True)
class SnippetScore:
    """Spot checks against sparse gold: snippets that must be in the output (`with`) and
    snippets that must not (`without`), counted over all pages."""

    found_with: int  # with-snippets in the output (true positives)
    missed_with: int  # with-snippets not in it (false negatives)
    found_without: int  # without-snippets in it (false positives)
    left_without: int  # without-snippets not in it (true negatives)

    @property
    def precision(self) -> float:
        found = self.found_with + self.found_without
        return self.found_with / found if found else 0.0

    @property
    def recall(self) -> float:
        given = self.found_with + self.missed_with
        return self.found_with / given if given else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def accuracy(self) -> float:
        total = self.found_with + self.missed_with + self.found_without + self.left_without
        return (self.found_with + self.left_without) / total if total else 0.0


def squeeze(text: str) -> str:
    """Text with every run of whitespace made one space (snippets span line breaks)."""
    return " ".join(text.split())


def snippet_score(pages: Iterable[tuple[str, Sequence[str], Sequence[str]]]) -> SnippetScore:
    """Count (output, with-snippets, without-snippets) of each page: a snippet is in the output
    when it is a substring of it, whitespace squeezed in both."""
    counts = [0, 0, 0, 0]
    for output, with_, without in pages:
        text = squeeze(output)
        for snippet in with_:
            counts[0 if squeeze(snippet) in text else 1] += 1
        for snippet in without:
            counts[2 if squeeze(snippet) in text else 3] += 1
    return SnippetScore(*counts)
