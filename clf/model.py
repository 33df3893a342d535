"""The line model: stacked scikit-learn models plus transition decoding.

Stage 1 is a Pipeline of TF-IDF (word and character n-grams), line-shape and
context features into LogisticRegression (by SGD); beside it, gradient-boosted trees over
the line-shape features alone (clf.trees, `ModelParams.shape_trees`). Stage 2 is a
LogisticRegression over a window of both's probabilities for the neighbouring lines; it is
trained on out-of-fold predictions of both. Optionally (`ModelParams.refine_trees`, off by
default) refining trees over stage 2's probabilities, their summaries along the page and the
dense features then give the caption and byline probabilities. Viterbi decoding gives the
labels (clf.smoothing).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from clf.augment import with_crops
from clf.breaks import LineBreaks, fit_line_breaks
from clf.document import LABELS, Label, LabeledDocument
from clf.errors import InputError, ModelError, TrainingDataError
from clf.features import (
    BODY, DENSE_NAMES, LineRow, blank_flags, dense_matrix, document_rows, refine_matrix, row_texts, stage2_matrix,
)
from clf.headline import (
    EXTRA_NAMES, Finder, as_if_missed, best_headline, byline_candidates, candidate_features, headline_candidates,
)
from clf.predictor import LinearStage, Predictor, with_refined
from clf.smoothing import fit_label_bias, transition_matrix, viterbi_many
from clf.tail import GAP_SHARE_BEFORE, body_runs, gap_features, gap_targets
from clf.title import candidate_features as title_features, candidates as title_candidates, title_targets
from clf.transformers import ContextWords, DenseFeatures, NgramTfidf
from clf.trees import ShapeTrees

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

N_LABELS = len(LABELS)
BYLINE = LABELS.index(Label.BYLINE)
BOILERPLATE = LABELS.index(Label.BOILERPLATE)


@dataclass(frozen=True)
class ModelParams:
    """Everything that shapes a model; stored in the sidecar."""

    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (2, 4)
    max_word_features: int = 100_000
    max_char_features: int = 150_000
    min_df: int = 2
    stage1_solver: str = "sgd"  # "sgd": log-loss SGD, fast on large data; "lbfgs": LogisticRegression
    stage1_alpha: float = 1e-5  # L2 strength for "sgd"
    stage1_epochs: int = 15
    stage1_average: bool = True  # "sgd": the mean of the weights over the updates (off below AVERAGE_MIN_LINES lines)
    stage1_min_updates: int = 100_000  # "sgd" on a small corpus runs more epochs, up to this many samples seen
    stage1_c: float = 4.0  # inverse L2 strength for "lbfgs"
    stage2_c: float = 1.0
    window: int = 3
    transition_weight: float = 0.3  # Viterbi over stage 2 (clf.smoothing); 0 = per-line argmax
    inner_folds: int = 3
    class_weight: str | None = None  # stage 1
    stage2_page: bool = False  # stage 2 also sees where the line lies against the page's main body run
    stage2_logits: bool = False  # stage 2 also sees the log-odds of its window (stage2_matrix); off: it lost on l3s-gn1 (README)
    stage2_blocks: bool = True  # stage 2 also sees which neighbours share the line's block (features.block_window)
    stage2_means: tuple[int, ...] = ()  # stage 2 also sees the mean probabilities within each radius; off: (10, 40) held wcxb and lost snippets (docs/EXPERIMENTS.md)
    stage2_class_weight: str | None = None  # "balanced" overpredicted captions on real pages
    tune_bias: bool = True  # fit log-offsets for bias_labels on the training lines, for this decoder
    bias_labels: tuple[str, ...] = ("caption", "byline")
    detached_gap: int = 3  # body runs more than this many lines from the others ...
    detached_share: float = 0.0  # ... and under this share of the largest run's characters become boilerplate
    context_words: int = 0  # > 0: stage 1 also sees the words of the lines before and after (this many)
    shape_trees: int = 100  # boosting iterations of the body-or-not trees over the dense features (clf.trees); 0: none
    shape_tree_depth: int = 4
    shape_tree_leaves: int = 15
    shape_tree_rate: float = 0.2
    shape_tree_rows: int = 300_000  # the trees are fitted on at most this many training lines (a seeded sample)
    refine_trees: int = 0  # boosting iterations of the refining trees, which give caption and byline (clf.features.refine_matrix); 0: none
    refine_rate: float = 0.3
    refine_depth: int = 4
    refine_leaves: int = 15
    headline_reach: int = 20  # score headline candidates this many lines before the first body line (clf.headline); 0: off
    headline_threshold: float = 0.3  # promote the best candidate from this score (under 0.5: a page without a title is worse)
    headline_flat_threshold: float = 0.05  # the same on a page without blank lines (WET files): no gap sets its headline apart, so it scores lower
    headline_missed: bool = True  # also fit the headline scorer on the training pages as if each found headline had been missed (clf.headline.as_if_missed)
    byline_reach: int = 8  # score byline candidates this many lines after the title line (clf.headline); 0: off
    byline_threshold: float = 0.25  # each candidate from this score becomes byline
    tail_trees: int = 400  # boosting iterations of the article-end scorer over the gaps between body runs (clf.tail); 0: off
    tail_threshold: float = 0.5  # the body after the gaps from which on every gap scores this much becomes boilerplate
    title_trees: int = 100  # boosting iterations of the title chooser over the candidates at the article's head (clf.title); 0: off
    title_max_trim: float = 0.1  # the chooser's best is left alone when this share of the body's characters lies above it
    crops: bool = True  # also train on article crops of each document (clf.augment)
    line_breaks: bool = True  # also learn where the training lines break, to put breaks back into run-on text (clf.breaks)
    flat_share: float = 0.0  # with crops: this share of documents also without blank lines
    seed: int = 0
    jobs: int | None = -1  # threads for stage 1's one-vs-rest SGD (one per label); same result for any value

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ModelParams":
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        for key in ("word_ngrams", "char_ngrams", "bias_labels", "stage2_means"):
            if key in known:
                known[key] = tuple(known[key])
        return cls(**known)


def build_stage1(params: ModelParams, n_samples: int) -> Pipeline:
    """The first-stage pipeline: text, shape and context features into LogisticRegression."""
    def text_branch(vectorizer: NgramTfidf) -> Pipeline:
        return Pipeline([("text", FunctionTransformer(row_texts)), ("tfidf", vectorizer)])

    # The TF-IDF of scikit-learn's TfidfVectorizer (word, and char_wb), counted with numpy
    word = NgramTfidf("word", params.word_ngrams, params.min_df, params.max_word_features, np.float32)
    char = NgramTfidf("char_wb", params.char_ngrams, params.min_df, params.max_char_features, np.float32)
    branches = [
        ("word", text_branch(word)),
        ("char", text_branch(char)),
        # Left unscaled: each dense feature is built to lie roughly in [0, 1], like the
        # L2-normalised TF-IDF rows. Standard scaling blew rare binary features up to tens
        # of units, and SGD then learnt huge, unstable weights for the rare labels.
        ("dense", DenseFeatures()),
    ]
    if params.context_words > 0:
        branches.append(("context", ContextWords(params.context_words, params.min_df, np.float32)))
    features = FeatureUnion(branches)
    return Pipeline([("features", features), ("classifier", stage1_classifier(params, n_samples))])


# Averaged SGD did better from data/labeled's cross-validation folds (about 2,900 lines with
# their crops) up, and worse trained on 4 to 12 of its documents (100 to 900 lines).
AVERAGE_MIN_LINES = 2_000


def stage1_classifier(params: ModelParams, n_samples: int) -> SGDClassifier | LogisticRegression:
    """Logistic regression for stage 1: by SGD (default; minutes on a million lines) or L-BFGS.

    SGD runs `stage1_epochs` passes, or more on a small corpus, so that it sees at least
    `stage1_min_updates` samples: 15 passes over a few hundred lines leave it far from fit.
    Its weights are the mean over the updates (`stage1_average`): the last iterate of plain
    SGD moved body F1 on the tuning pages by up to half a point from one seed to the next.
    LineModel.fit turns it off below AVERAGE_MIN_LINES training lines: averaged over thousands
    of passes of a few documents, the weights underfit them (bench/small_training.py).
    """
    if params.stage1_solver == "sgd":
        epochs = max(params.stage1_epochs, -(-params.stage1_min_updates // max(n_samples, 1)))
        return SGDClassifier(
            loss="log_loss", alpha=params.stage1_alpha, max_iter=epochs, tol=None,
            class_weight=params.class_weight, random_state=params.seed, n_jobs=params.jobs,
            average=params.stage1_average,
        )
    if params.stage1_solver == "lbfgs":
        return LogisticRegression(
            C=params.stage1_c, max_iter=3000, class_weight=params.class_weight, random_state=params.seed,
        )
    raise ValueError(f"unknown stage1_solver {params.stage1_solver!r}, expected 'sgd' or 'lbfgs'")


def build_shape_trees(params: ModelParams) -> HistGradientBoostingClassifier:
    """Boosted trees over the dense features (clf.trees). With over 10,000 lines scikit-learn
    holds a tenth of them out and stops when their loss no longer falls ("auto")."""
    return HistGradientBoostingClassifier(
        max_iter=params.shape_trees, learning_rate=params.shape_tree_rate, max_depth=params.shape_tree_depth,
        max_leaf_nodes=params.shape_tree_leaves, early_stopping="auto", random_state=params.seed,
    )


class DenseColumns:
    """The dense-feature columns of a stage 1 feature matrix (laid out word | char | dense |
    context), taken out for given rows, FEATURE_CHUNK rows at a time: at a million lines all
    of them at once (a sparse slice, then an array) would be a few GB."""

    def __init__(self, X: sp.csr_matrix, features: FeatureUnion) -> None:
        branches = dict(features.transformer_list)
        self.X = X
        self.start = sum(len(branches[name].named_steps["tfidf"].vocabulary_.codes_) for name in ("word", "char"))

    def take(self, idx: np.ndarray) -> np.ndarray:
        """(len(idx), len(DENSE_NAMES)) float32: the rows idx of the dense features."""
        out = np.empty((len(idx), len(DENSE_NAMES)), dtype=np.float32)
        for at in range(0, len(idx), FEATURE_CHUNK):
            part = self.X[idx[at:at + FEATURE_CHUNK]]
            out[at:at + FEATURE_CHUNK] = part[:, self.start:self.start + len(DENSE_NAMES)].toarray()
        return out


def build_stage2(params: ModelParams) -> Pipeline:
    """The second stage: neighbour probabilities and dense features into LogisticRegression."""
    classifier = LogisticRegression(
        C=params.stage2_c, max_iter=3000, class_weight=params.stage2_class_weight,
        random_state=params.seed,
    )
    return Pipeline([("scale", StandardScaler()), ("classifier", classifier)])


def _full_proba(pipeline: Pipeline, X: Any) -> np.ndarray:
    """Probabilities in LABELS order, with zeros for labels the model never saw."""
    proba = pipeline.predict_proba(X)
    classes = pipeline.classes_
    if len(classes) == N_LABELS:
        return proba
    out = np.zeros((proba.shape[0], N_LABELS))
    out[:, classes] = proba
    return out


@dataclass
class LineModel:
    """A trained stacked line model. Fit with `fit`, predict per document."""

    params: ModelParams = field(default_factory=ModelParams)
    stage1_: Pipeline | None = None
    stage2_: Pipeline | None = None
    transitions_: np.ndarray | None = None
    bias_: np.ndarray | None = None  # log-offsets per label added before decoding
    trees_: HistGradientBoostingClassifier | None = None  # body or not, over the dense features (shape_trees > 0)
    headline_: Pipeline | None = None  # headline candidates: body or not (headline_reach > 0)
    byline_: Pipeline | None = None  # byline candidates: byline or not (byline_reach > 0)
    refine_: HistGradientBoostingClassifier | None = None  # over refine_matrix (refine_trees > 0)
    tail_: HistGradientBoostingClassifier | None = None  # gaps between body runs: does no article body follow? (tail_trees > 0)
    title_: HistGradientBoostingClassifier | None = None  # title candidates: the headline or not? (title_trees > 0)
    breaks_: LineBreaks | None = None  # where the training lines break (line_breaks)

    def fit(self, docs: Sequence[LabeledDocument], weights: Sequence[float] | None = None,
            known: Sequence[np.ndarray | None] | None = None) -> "LineModel":
        """Fit on labelled documents; `weights` (one per document) scale their lines' loss.

        `known`, one per document: None when all its labels are known, else a boolean mask
        over its non-empty lines saying which labels are (partial labels, as from a set's
        sparse gold snippets). Only the known lines count in the stages' losses; the
        document's other lines are there as the known lines' neighbours. Partially known
        documents give no article crops, no label transitions, no article-end gaps and no
        say in the label offsets (their known lines, decoded without their context, made
        the byline offset overshoot).
        """
        weights = [1.0] * len(docs) if weights is None else list(weights)
        known = [None] * len(docs) if known is None else list(known)
        if len(weights) != len(docs) or len(known) != len(docs):
            raise ValueError(f"{len(weights)} weights and {len(known)} masks for {len(docs)} documents")
        self.breaks_ = fit_line_breaks([doc.lines for doc in docs], self.params.seed) if self.params.line_breaks else None
        whole = [i for i, mask in enumerate(known) if mask is None]
        partial = [i for i, mask in enumerate(known) if mask is not None]
        origin = list(range(len(docs)))
        if self.params.crops:
            cropped, from_whole = with_crops([docs[i] for i in whole], self.params.seed, self.params.flat_share)
            docs = cropped + [docs[i] for i in partial]
            origin = [whole[j] for j in from_whole] + partial
        elif partial:
            docs, origin = [docs[i] for i in whole + partial], whole + partial
        rows, y, doc_of_row, sizes = training_rows(docs)
        if self.params.stage1_average and len(rows) < AVERAGE_MIN_LINES:  # see stage1_classifier
            self.params = replace(self.params, stage1_average=False)
        if len(set(y.tolist())) < 2:
            found = ", ".join(sorted({LABELS[k].value for k in set(y.tolist())})) or "none"
            raise TrainingDataError(f"training data needs at least two different labels, found {found}")
        if self.params.shape_trees > 0 and len(set((y == BODY).tolist())) < 2:
            self.params = replace(self.params, shape_trees=0)  # no body lines, or nothing else: no trees to fit
        groups = np.asarray(origin, dtype=int)[doc_of_row]
        w = np.asarray(weights, dtype=float)[groups]
        whole_rows = np.ones(len(y), dtype=bool)  # rows of documents whose labels are all known
        n_whole = len(docs) - len(partial)
        if partial:
            bounds = np.cumsum([0, *sizes])
            for g in range(n_whole, len(docs)):
                mask = np.asarray(known[origin[g]], dtype=bool)
                if mask.size != sizes[g]:
                    raise ValueError(f"{docs[g].id}: a mask of {mask.size} for {sizes[g]} non-empty lines")
                w[bounds[g]:bounds[g + 1]] *= mask
                whole_rows[bounds[g]:bounds[g + 1]] = False
        stage1 = build_stage1(self.params, len(rows))
        features = stage1.named_steps["features"]
        # The feature extractors are fitted once on all rows: they see no labels, so the
        # out-of-fold classifiers below only share vocabulary and idf weights, not labels.
        X = fit_feature_matrix(features, rows)
        oof = self._out_of_fold(X, y, groups, w)
        stage1.named_steps["classifier"].fit(X, y, sample_weight=w)
        self.stage1_ = stage1
        tree_oof = None
        if self.params.shape_trees > 0:
            tree_oof = self._fit_shape_trees(DenseColumns(X, features), y, groups, w)
        stage2_X = self._stage2_features(rows, oof, sizes, tree_oof)
        self.stage2_ = build_stage2(self.params).fit(stage2_X, y, classifier__sample_weight=w)
        bounds = np.cumsum([0, *sizes])
        self.transitions_ = transition_matrix(
            [y[a:b].tolist() for a, b in zip(bounds[:-1][:n_whole], bounds[1:][:n_whole])], N_LABELS
        )
        self.bias_ = np.zeros(N_LABELS)
        probs = _full_proba(self.stage2_, stage2_X)
        self.refine_ = None
        if self.params.refine_trees > 0:
            probs = self._fit_refine(probs, oof, sizes, DenseColumns(X, features), tree_oof, y, w)
        if self.params.tune_bias:
            tuned = [LABELS.index(Label(name)) for name in self.params.bias_labels]
            self.bias_ = fit_label_bias(probs, y, w * whole_rows, tuned, lambda bias: self.decode_many(probs, sizes, bias))
        self.tail_ = self.headline_ = self.byline_ = self.title_ = None
        decoded, dense = self.decode_many(probs, sizes), DenseColumns(X, features)  # what the passes see
        if self.params.tail_trees > 0:
            self.tail_ = self._fit_tail(rows, decoded, probs, sizes, y, w * whole_rows, dense, tree_oof)
        if self.params.headline_reach > 0 or self.params.byline_reach > 0:
            self._fit_head_scorers(rows, decoded, probs, sizes, y, w, dense, tree_oof)
        if self.params.title_trees > 0:
            self.title_ = self._fit_title(rows, decoded, probs, sizes, y, w * whole_rows, dense, tree_oof)
        return self

    def _fit_title(self, rows: list[LineRow], labels: np.ndarray, probs: np.ndarray, sizes: Sequence[int], y: np.ndarray,
                   w: np.ndarray, dense: DenseColumns, tree_oof: np.ndarray | None) -> HistGradientBoostingClassifier | None:
        """The title chooser (clf.title), fitted on the candidates of the training documents as
        the document pass leaves them: is the candidate the document's headline? None when
        the candidates are all one or the other."""
        predictor = self.to_predictor()
        bounds = np.cumsum([0, *sizes])
        features, targets, weights = [], [], []
        for a, b in zip(bounds[:-1], bounds[1:]):
            if not w[a]:
                continue  # a partially known document
            doc_rows = rows[a:b]
            texts, keys = [row.text for row in doc_rows], doc_rows[0].ctx.keys()
            passed = predictor.document_pass(labels[a:b], doc_rows, dense.take(np.arange(a, b)), probs[a:b],
                                             None if tree_oof is None else tree_oof[a:b])
            idx = title_candidates(passed, texts, BODY)
            if not idx:
                continue
            features.append(title_features(idx, passed, texts, keys, probs[a:b], BODY, BYLINE))
            targets.append(title_targets(idx, keys, texts, y[a:b], BODY))
            weights.append(np.full(len(idx), w[a]))
        if not features or np.unique(np.concatenate(targets)).size < 2:
            return None
        trees = HistGradientBoostingClassifier(max_iter=self.params.title_trees, learning_rate=0.1, max_depth=3,
                                               early_stopping=False, random_state=self.params.seed)
        return trees.fit(np.vstack(features).astype(np.float32), np.concatenate(targets),
                         sample_weight=np.concatenate(weights))

    def _fit_head_scorers(self, rows: list[LineRow], labels: np.ndarray, probs: np.ndarray, sizes: Sequence[int],
                          y: np.ndarray, w: np.ndarray, dense: DenseColumns, tree_oof: np.ndarray | None) -> None:
        """Fit `headline_` and `byline_` (clf.headline) on the training documents as decoded (`labels`)."""
        texts = [row.text for row in rows]
        bounds = np.cumsum([0, *sizes])
        if self.params.headline_reach > 0:
            found = self._head_candidates(headline_candidates, self.params.headline_reach, texts, labels, probs,
                                          bounds, dense, tree_oof)
            fit_on = found
            if self.params.headline_missed:
                fit_on = self._with_missed_headlines(found, texts, labels, probs, bounds, dense, tree_oof, y)
            self.headline_ = self._fit_head_scorer(fit_on, BODY, y, w)
            if self.headline_ is not None:  # the byline pass sees the headlines as the model will give them
                labels = labels.copy()
                scores = self.headline_.predict_proba(found[1])[:, 1]
                at = 0
                for start, _, idx in found[0]:
                    chosen = best_headline(idx, scores[at:at + len(idx)], self.params.headline_threshold)
                    if chosen is not None:
                        labels[start + chosen] = BODY
                    at += len(idx)
        if self.params.byline_reach > 0:
            found = self._head_candidates(byline_candidates, self.params.byline_reach, texts, labels, probs,
                                          bounds, dense, tree_oof)
            self.byline_ = self._fit_head_scorer(found, BYLINE, y, w)

    def _with_missed_headlines(self, found: tuple[list[tuple[int, int, list[int]]], np.ndarray], texts: list[str],
                               labels: np.ndarray, probs: np.ndarray, bounds: np.ndarray, dense: DenseColumns,
                               tree_body: np.ndarray | None, y: np.ndarray) -> tuple[list[tuple[int, int, list[int]]], np.ndarray]:
        """The headline pass's training candidates (_head_candidates) plus those of each
        document had its headline been missed (clf.headline.as_if_missed)."""
        missed = np.concatenate([labels[:0], *(as_if_missed(labels[a:b], texts[a:b], y[a:b], BODY, BOILERPLATE)
                                              for a, b in zip(bounds[:-1], bounds[1:]))])
        extra = self._head_candidates(headline_candidates, self.params.headline_reach, texts, missed, probs,
                                      bounds, dense, tree_body)
        return found[0] + extra[0], np.vstack([found[1], extra[1]])

    @staticmethod
    def _head_candidates(finder: Finder, reach: int, texts: list[str], labels: np.ndarray, probs: np.ndarray,
                         bounds: np.ndarray, dense: DenseColumns, tree_body: np.ndarray | None,
                         ) -> tuple[list[tuple[int, int, list[int]]], np.ndarray]:
        """The candidates of an article-head pass (clf.headline) in the training documents as
        decoded: (document start, anchor, candidates) for each document that has some, and
        the candidates' features, in that order."""
        found: list[tuple[int, int, list[int]]] = []
        for a, b in zip(bounds[:-1], bounds[1:]):
            anchor, idx = finder(labels[a:b], texts[a:b], BODY, reach)
            if anchor is not None and idx:
                found.append((int(a), anchor, idx))
        rows_at = np.array([a + i for a, _, idx in found for i in idx], dtype=int)
        dense_rows = dense.take(rows_at)
        parts, at = [np.zeros((0, len(DENSE_NAMES) + N_LABELS + len(EXTRA_NAMES)))], 0
        for a, anchor, idx in found:
            take = slice(at, at + len(idx))
            parts.append(candidate_features(idx, anchor, texts[a:a + idx[-1] + 1], dense_rows[take], probs[rows_at[take]],
                                            None if tree_body is None else tree_body[rows_at[take]], reach))
            at += len(idx)
        return found, np.vstack(parts)

    def _fit_head_scorer(self, found: tuple[list[tuple[int, int, list[int]]], np.ndarray], target_label: int,
                         y: np.ndarray, w: np.ndarray) -> Pipeline | None:
        """A scorer of an article-head pass, fitted on the candidates of the training
        documents (_head_candidates): is the candidate `target_label`? None when the
        candidates are all one or the other."""
        rows_at = np.array([a + i for a, _, idx in found[0] for i in idx], dtype=int)
        target = (y[rows_at] == target_label).astype(int)
        if np.unique(target).size < 2:
            return None
        scorer = Pipeline([("scale", StandardScaler()),
                           ("classifier", LogisticRegression(C=1.0, max_iter=3000, random_state=self.params.seed))])
        return scorer.fit(found[1], target, classifier__sample_weight=w[rows_at])

    def _fit_tail(self, rows: list[LineRow], labels: np.ndarray, probs: np.ndarray, sizes: Sequence[int], y: np.ndarray,
                  w: np.ndarray, dense: DenseColumns, tree_oof: np.ndarray | None) -> HistGradientBoostingClassifier | None:
        """The article-end scorer (clf.tail), fitted on the gaps between body runs of the
        training documents as decoded (`labels`): does no gold body line follow the gap? None
        when the gaps are all one or the other."""
        bounds = np.cumsum([0, *sizes])
        features, targets, weights = [], [], []
        for a, b in zip(bounds[:-1], bounds[1:]):
            if not w[a] or len(body_runs(labels[a:b], BODY)) < 2:
                continue  # (a weight of 0: a partially known document)
            runs, gaps = gap_features(labels[a:b], [row.text for row in rows[a:b]], dense.take(np.arange(a, b)),
                                      probs[a:b], None if tree_oof is None else tree_oof[a:b], BODY)
            features.append(gaps)
            targets.append(gap_targets(runs, y[a:b], BODY))
            # what a cut there is worth: the share of the page's body after the gap (kept or lost)
            weights.append(w[a] * (1.0 - gaps[:, GAP_SHARE_BEFORE]))
        if not features or np.unique(np.concatenate(targets)).size < 2:
            return None
        trees = HistGradientBoostingClassifier(max_iter=self.params.tail_trees, learning_rate=0.1, max_depth=4,
                                               max_leaf_nodes=15, early_stopping=False, random_state=self.params.seed)
        return trees.fit(np.vstack(features).astype(np.float32), np.concatenate(targets),
                         sample_weight=np.concatenate(weights))

    def _out_of_fold(self, X: Any, y: np.ndarray, groups: np.ndarray, w: np.ndarray) -> np.ndarray:
        """Stage 1 probabilities for each line from a classifier that never saw its document."""
        folds = min(self.params.inner_folds, len(set(groups.tolist())))
        oof = np.zeros((X.shape[0], N_LABELS))
        if folds < 2:
            classifier = stage1_classifier(self.params, len(y)).fit(X, y, sample_weight=w)
            oof[:, classifier.classes_] = classifier.predict_proba(X)
            return oof
        for train_idx, test_idx in GroupKFold(n_splits=folds).split(X, y, groups):
            present = np.unique(y[train_idx])
            if present.size < 2:
                oof[test_idx] = np.bincount(y[train_idx], minlength=N_LABELS) / len(train_idx)
                continue
            classifier = stage1_classifier(self.params, len(train_idx)).fit(X[train_idx], y[train_idx], sample_weight=w[train_idx])
            oof[np.ix_(test_idx, classifier.classes_)] = classifier.predict_proba(X[test_idx])
        return oof

    def _fit_shape_trees(self, dense: DenseColumns, y: np.ndarray, groups: np.ndarray, w: np.ndarray) -> np.ndarray:
        """Fit `trees_` (body or not) on the dense features; their out-of-fold body probabilities.

        The folds are stage 1's (GroupKFold over the same groups). Each fit sees at most
        `shape_tree_rows` lines, a seeded sample: the trees learn from the len(DENSE_NAMES)
        dense features of a line, which a few hundred thousand lines cover, and their cost
        grows with the lines.
        """
        rng = np.random.default_rng(self.params.seed)
        body = (y == BODY).astype(int)

        def fit(idx: np.ndarray) -> HistGradientBoostingClassifier | None:
            if idx.size > self.params.shape_tree_rows:
                idx = np.sort(rng.choice(idx, self.params.shape_tree_rows, replace=False))
            if np.unique(body[idx]).size < 2:
                return None
            return build_shape_trees(self.params).fit(dense.take(idx), body[idx], sample_weight=w[idx])

        def body_proba(trees: HistGradientBoostingClassifier, idx: np.ndarray) -> np.ndarray:
            out = np.empty((len(idx), 1))
            for at in range(0, len(idx), FEATURE_CHUNK * 10):
                part = idx[at:at + FEATURE_CHUNK * 10]
                out[at:at + len(part)] = trees.predict_proba(dense.take(part))[:, 1:]
            return out

        everything = np.arange(len(y))
        self.trees_ = fit(everything)  # LineModel.fit made sure both classes are there
        assert self.trees_ is not None
        folds = min(self.params.inner_folds, len(set(groups.tolist())))
        if folds < 2:
            return body_proba(self.trees_, everything)
        oof = np.zeros((len(y), 1))
        for train_idx, test_idx in GroupKFold(n_splits=folds).split(np.zeros(len(y)), y, groups):
            trees = fit(train_idx)
            # a fold whose training part is all body or all not: that share
            oof[test_idx] = body[train_idx].mean() if trees is None else body_proba(trees, test_idx)
        return oof

    def _fit_refine(self, probs: np.ndarray, probs1: np.ndarray, sizes: Sequence[int], dense: DenseColumns,
                    tree_body: np.ndarray | None, y: np.ndarray, w: np.ndarray) -> np.ndarray:
        """Fit `refine_` on the training lines' refine_matrix (stage 2 as fitted, stage 1
        out of fold, like stage 2's inputs), a seeded sample of at most `shape_tree_rows`
        lines; the lines' probabilities with its caption and byline (take_rare)."""
        rng = np.random.default_rng(self.params.seed + 1)
        chosen = np.ones(len(y), dtype=bool)
        if len(y) > self.params.shape_tree_rows:
            chosen[:] = False
            chosen[rng.choice(len(y), self.params.shape_tree_rows, replace=False)] = True

        def matrices():  # (first row, refine_matrix) of runs of whole documents of about 200,000 lines
            bounds = np.cumsum([0, *sizes])
            first = 0
            for doc in range(1, len(bounds)):
                if bounds[doc] - bounds[first] >= FEATURE_CHUNK * 10 or doc == len(bounds) - 1:
                    a, b = int(bounds[first]), int(bounds[doc])
                    yield a, refine_matrix(probs[a:b], sizes[first:doc], self.params.window, probs1[a:b],
                                           dense.take(np.arange(a, b)), None if tree_body is None else tree_body[a:b])
                    first = doc

        # built twice (sample, then every line) rather than held whole: at a million lines
        # the whole matrix would be about 0.7 GB of float32
        X = np.vstack([m[chosen[a:a + len(m)]] for a, m in matrices()])
        rows = np.flatnonzero(chosen)
        trees = HistGradientBoostingClassifier(
            max_iter=self.params.refine_trees, learning_rate=self.params.refine_rate,
            max_depth=self.params.refine_depth, max_leaf_nodes=self.params.refine_leaves,
            early_stopping="auto", random_state=self.params.seed,
        )
        self.refine_ = trees.fit(X, y[rows], sample_weight=w[rows])
        refined = np.zeros((len(y), len(trees.classes_)))
        for a, m in matrices():
            refined[a:a + len(m)] = trees.predict_proba(m)
        return with_refined(probs, trees.classes_, refined)

    def _stage2_features(self, rows: list[LineRow], probs: np.ndarray, sizes: Sequence[int],
                         tree_probs: np.ndarray | None = None) -> np.ndarray:
        """Stage 1's probabilities for the window of lines around each line (stage2_matrix),
        with `stage2_logits` their log-odds too, with `stage2_page` also the page-level
        columns of those probabilities, and the same window of the shape trees' body
        probability when there are trees.

        No line shape or page position: given the page-position features, stage 2 outweighed stage 1 at
        the page's edges (a page cut to its article lost its headline and last paragraph);
        given the line's shape, it took one long icon run for prose.
        """
        return stage2_matrix(probs, sizes, self.params.window, self.params.stage2_page, tree_probs,
                             self.params.stage2_logits, self.params.stage2_means,
                             blank_flags(rows) if self.params.stage2_blocks else None)

    def predict_proba(self, rows: list[LineRow], sizes: Sequence[int]) -> np.ndarray:
        """Stage 2 probabilities (LABELS order) for rows of whole documents."""
        if self.stage1_ is None or self.stage2_ is None:
            raise ModelError("the model is not trained")
        if not rows:
            return np.zeros((0, N_LABELS))
        probs1 = _full_proba(self.stage1_, rows)
        dense = dense_matrix(rows)
        tree_probs = None
        if self.trees_ is not None:
            tree_probs = self.trees_.predict_proba(dense.astype(np.float32))[:, 1:]
        probs = _full_proba(self.stage2_, self._stage2_features(rows, probs1, sizes, tree_probs))
        if self.refine_ is not None:
            inputs = refine_matrix(probs, sizes, self.params.window, probs1, dense, tree_probs)
            probs = with_refined(probs, self.refine_.classes_, self.refine_.predict_proba(inputs))
        return probs

    def decode_many(self, probs: np.ndarray, sizes: Sequence[int], bias: np.ndarray | None = None) -> np.ndarray:
        """The document-level pass (Viterbi, clf.smoothing) over documents whose lines follow
        one another in `probs`; `bias` (log-offsets per label) defaults to the fitted `bias_`."""
        assert self.transitions_ is not None
        return viterbi_many(probs, sizes, self.transitions_, self.params.transition_weight,
                            self.bias_ if bias is None else bias)

    def to_predictor(self) -> Predictor:
        """The fitted numbers as a Predictor (what a model file holds; no scikit-learn inside)."""
        if self.stage1_ is None or self.stage2_ is None or self.transitions_ is None:
            raise ModelError("the model is not trained")
        branches = dict(self.stage1_.named_steps["features"].transformer_list)
        stage2 = self.stage2_.named_steps
        return Predictor(
            word=branches["word"].named_steps["tfidf"].vocabulary_,
            char=branches["char"].named_steps["tfidf"].vocabulary_,
            stage1=_linear_stage(self.stage1_.named_steps["classifier"], "ovr" if self.params.stage1_solver == "sgd" else "softmax"),
            stage2=_linear_stage(stage2["classifier"], "softmax", stage2["scale"]),
            window=self.params.window,
            transitions=self.transitions_,
            transition_weight=self.params.transition_weight,
            bias=np.zeros(N_LABELS) if self.bias_ is None else self.bias_,
            page_features=self.params.stage2_page,
            logits=self.params.stage2_logits,
            means=tuple(self.params.stage2_means),
            blocks=self.params.stage2_blocks,
            context=branches["context"].vocabulary_ if "context" in branches else None,
            detached_gap=self.params.detached_gap,
            detached_share=self.params.detached_share,
            trees=None if self.trees_ is None else ShapeTrees.from_sklearn(self.trees_),
            refine=None if self.refine_ is None else ShapeTrees.from_sklearn(self.refine_),
            headline=_head_stage(self.headline_),
            headline_reach=self.params.headline_reach,
            headline_threshold=self.params.headline_threshold,
            headline_flat_threshold=self.params.headline_flat_threshold,
            byline=_head_stage(self.byline_),
            byline_reach=self.params.byline_reach,
            byline_threshold=self.params.byline_threshold,
            tail=None if self.tail_ is None else ShapeTrees.from_sklearn(self.tail_),
            tail_threshold=self.params.tail_threshold,
            title=None if self.title_ is None else ShapeTrees.from_sklearn(self.title_),
            title_max_trim=self.params.title_max_trim,
            breaks=self.breaks_,
        )

    def predict_documents(self, docs: Sequence[Sequence[str]]) -> list[tuple[np.ndarray, np.ndarray]]:
        """For each document (its lines), label indices and probabilities of its non-empty lines."""
        return self.to_predictor().predict_documents(docs)


def _head_stage(scorer: Pipeline | None) -> LinearStage | None:
    """An article-head scorer (scaling, then two-class logistic regression) as a LinearStage."""
    if scorer is None:
        return None
    return _linear_stage(scorer.named_steps["classifier"], "softmax", scorer.named_steps["scale"])


def _linear_stage(classifier: Any, link: str, scaler: StandardScaler | None = None) -> LinearStage:
    return LinearStage(
        weights=np.ascontiguousarray(np.asarray(classifier.coef_, dtype=np.float64).T),
        intercept=np.asarray(classifier.intercept_, dtype=np.float64),
        classes=np.asarray(classifier.classes_, dtype=int),
        link=link,
        mean=None if scaler is None else np.asarray(scaler.mean_, dtype=np.float64),
        scale=None if scaler is None else np.asarray(scaler.scale_, dtype=np.float64),
    )


FEATURE_CHUNK = 20_000  # rows turned into features at a time while training
MAX_NONZEROS = 2**31 - 1  # SGDClassifier accepts CSR input with 32-bit indices only


def fit_feature_matrix(features: FeatureUnion, rows: Sequence[LineRow]) -> sp.csr_matrix:
    """Fit the feature branches on `rows` and return their features side by side (float32 CSR).

    What FeatureUnion.fit_transform gives, built chunk by chunk: its sparse hstack goes
    through a float64 COO copy of everything, which at a million lines is several times the
    size of the result. The documents' dense-feature caches are dropped once used.
    """
    for _, branch in features.transformer_list:
        branch.fit(rows)
    parts = []
    for start in range(0, len(rows), FEATURE_CHUNK):
        chunk = rows[start:start + FEATURE_CHUNK]
        blocks = [branch.transform(chunk) for _, branch in features.transformer_list]
        parts.append(sp.hstack(blocks, format="csr", dtype=np.float32))
        still_needed = rows[start + FEATURE_CHUNK].ctx if start + FEATURE_CHUNK < len(rows) else None
        for ctx in {id(row.ctx): row.ctx for row in chunk}.values():
            if ctx is not still_needed:
                ctx.release()
    return concatenate_rows(parts)


def concatenate_rows(parts: list[sp.csr_matrix]) -> sp.csr_matrix:
    """Stack CSR matrices of equal width; each part is freed once copied (peak: result + a part)."""
    n_rows = sum(p.shape[0] for p in parts)
    nnz = sum(p.nnz for p in parts)
    if nnz >= MAX_NONZEROS:
        raise InputError(
            f"{n_rows} training lines give {nnz} feature values, over the {MAX_NONZEROS} that "
            "scikit-learn's SGD takes (32-bit indices); train on fewer lines or lower max_char_features"
        )
    data = np.empty(nnz, dtype=parts[0].dtype)
    indices = np.empty(nnz, dtype=np.int32)
    indptr = np.zeros(n_rows + 1, dtype=indices.dtype)
    row = at = 0
    width = parts[0].shape[1]
    while parts:
        part = parts.pop(0)
        data[at:at + part.nnz] = part.data
        indices[at:at + part.nnz] = part.indices
        indptr[row + 1:row + 1 + part.shape[0]] = part.indptr[1:] + at
        row += part.shape[0]
        at += part.nnz
    return sp.csr_matrix((data, indices, indptr), shape=(n_rows, width))


def training_rows(docs: Sequence[LabeledDocument]) -> tuple[list[LineRow], np.ndarray, np.ndarray, list[int]]:
    """Rows, label indices, the document index of each row and per-document sizes."""
    index = {label: i for i, label in enumerate(LABELS)}
    rows: list[LineRow] = []
    y: list[int] = []
    groups: list[int] = []
    sizes: list[int] = []
    for g, doc in enumerate(docs):
        doc_rows = document_rows(doc.lines)
        labels = [label for label in doc.labels if label is not None]
        assert len(labels) == len(doc_rows), doc.id
        rows.extend(doc_rows)
        y.extend(index[label] for label in labels)
        groups.extend([g] * len(doc_rows))
        sizes.append(len(doc_rows))
    return rows, np.array(y, dtype=int), np.array(groups, dtype=int), sizes
