"""The saved form of a model: arrays and plain objects, run with numpy and scipy.sparse.

Training builds scikit-learn pipelines (clf.model.LineModel); what a model file holds is
their fitted numbers exported into a `Predictor`. Loading one therefore never imports
scikit-learn (over a second of start-up) and a model file does not depend on the installed
scikit-learn version. `LineModel.to_predictor` checks that both give the same
probabilities.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from clf.breaks import LineBreaks
from clf.document import LABELS, Label
from clf.features import (
    BODY, DENSE_NAMES, LineRow, blank_flags, dense_matrix, document_rows, refine_matrix, row_texts, stage2_matrix, take_rare,
    text_keys,
)
from clf.headline import (
    AGAIN_THRESHOLD, AGAIN_WITHIN, EXTRA_NAMES, by_name_bylines, complete_bylines, drop_button_bylines,
    drop_heading_runs, names_beside_dates, promote_bylines, promote_headline, promote_headline_above,
)
from clf.ngrams import CharNgrams, WordNgrams
from clf.reconstruct import is_headline
from clf.smoothing import (
    comment_thread, credit_captions, cut_after_copyright, drop_marker_lines, drop_dated_listing, drop_detached_body,
    drop_late_bylines, drop_repeated_body, fill_empty_body, relabel_span, viterbi_many,
)
from clf.tail import cut_tail, tail_width
from clf.title import (
    FEATURE_NAMES as TITLE_FEATURES, apply_title, candidate_features as title_features, candidates as title_candidates,
    trimmed_share,
)
from clf.trees import ShapeTrees

N_LABELS = len(LABELS)
RARE = [LABELS.index(Label.CAPTION), LABELS.index(Label.BYLINE)]  # the labels the refining trees give
BOILERPLATE = LABELS.index(Label.BOILERPLATE)
BYLINE = LABELS.index(Label.BYLINE)
CAPTION = LABELS.index(Label.CAPTION)
# A name beside a date byline (clf.headline.names_beside_dates): its first word in at most this
# share of the training lines (`Andrew` 0.04%, `Copy` 0.18%, `Event` 0.32%) ...
NAME_FIRST_SHARE = 5.5e-4
NAME_WORD_SHARE = 2.5e-3  # ... and each of its words in at most this share (`Green` 0.16%, `Link` 0.28%)


def with_refined(probs: np.ndarray, classes: np.ndarray, refined: np.ndarray) -> np.ndarray:
    """Stage 2's probabilities with the caption and byline the refining trees give
    (`refined`, columns in the order of the trees' `classes`; clf.features.take_rare)."""
    full = np.zeros_like(probs)
    full[:, classes] = refined
    return take_rare(probs, full, RARE)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.exp(-np.logaddexp(0.0, -x))


def tidy_bylines(labels: np.ndarray, texts: Sequence[str]) -> np.ndarray:
    """The labels after complete_bylines and drop_button_bylines (clf.headline)."""
    return drop_button_bylines(complete_bylines(labels, texts, BYLINE, BOILERPLATE), texts, BYLINE, BOILERPLATE)


def score_with(stage: "LinearStage") -> Callable[[np.ndarray], np.ndarray]:
    """A two-class stage as a function: rows of inputs -> probability of the second class."""
    return lambda inputs: _sigmoid(stage.scores([inputs])[:, 0])


@dataclass
class LinearStage:
    """A fitted linear classifier: scores = inputs @ weights + intercept, then probabilities.

    `weights` is scikit-learn's `coef_` transposed, (features, classes) and C-contiguous: a
    sparse matrix times it is five times faster than times the transposed view.
    `link` "ovr": a sigmoid per class, normalised to sum 1 (scikit-learn's SGDClassifier with
    log loss); "softmax": multinomial (LogisticRegression). With two classes `weights` has
    one column, the score of the second class. `mean` / `scale`, when set, standardise dense inputs.
    """

    weights: np.ndarray
    intercept: np.ndarray
    classes: np.ndarray  # the label index of each probability column
    link: str
    mean: np.ndarray | None = None
    scale: np.ndarray | None = None

    def scores(self, blocks: Sequence[object]) -> np.ndarray:
        """Scores for inputs given as column blocks (sparse or dense) side by side."""
        out = np.zeros((blocks[0].shape[0], self.weights.shape[1])) + self.intercept  # type: ignore[attr-defined]
        start = 0
        for block in blocks:
            width = block.shape[1]  # type: ignore[attr-defined]
            if self.mean is not None:
                block = (block - self.mean[start:start + width]) / self.scale[start:start + width]  # type: ignore[index, operator]
            out += np.asarray(block @ self.weights[start:start + width])  # type: ignore[operator]
            start += width
        if start != self.weights.shape[0]:
            raise ValueError(f"inputs have {start} columns, the model expects {self.weights.shape[0]}")
        return out

    def proba(self, blocks: Sequence[object]) -> np.ndarray:
        """Probabilities in LABELS order (zeros for labels the classifier never saw)."""
        scores = self.scores(blocks)
        if self.weights.shape[1] == 1:  # two classes: the score of the second
            p = _sigmoid(scores[:, 0])
            proba = np.column_stack([1.0 - p, p])
        elif self.link == "ovr":
            proba = _sigmoid(scores)
            total = proba.sum(axis=1, keepdims=True)
            zero = total[:, 0] == 0
            proba[zero], total[zero] = 1.0, proba.shape[1]
            proba /= total
        else:
            scores -= scores.max(axis=1, keepdims=True)
            proba = np.exp(scores)
            proba /= proba.sum(axis=1, keepdims=True)
        out = np.zeros((proba.shape[0], N_LABELS))
        out[:, self.classes] = proba
        return out


@dataclass
class Predictor:
    """Labels for the lines of documents: stage 1, stage 2 over its window, then Viterbi."""

    word: WordNgrams
    char: CharNgrams
    stage1: LinearStage  # over [word TF-IDF | char TF-IDF | dense features]
    stage2: LinearStage  # over stage2_matrix of stage 1's probabilities
    window: int
    transitions: np.ndarray
    transition_weight: float
    bias: np.ndarray
    page_features: bool = False  # stage 2 also sees page_probability_features
    logits: bool = False  # stage 2 also sees the log-odds of the probabilities in its window
    means: tuple[int, ...] = ()  # stage 2 also sees the mean probabilities within each of these radii
    blocks: bool = False  # stage 2 also sees which neighbours share the line's block (features.block_window)
    detached_gap: int = 3  # see clf.smoothing.drop_detached_body
    detached_share: float = 0.0  # 0: body runs far from the article are kept
    context: WordNgrams | None = None  # words of the neighbouring lines (ModelParams.context_words)
    trees: ShapeTrees | None = None  # body-or-not boosted trees over the dense features; stage 2 also sees their window
    refine: ShapeTrees | None = None  # trees over refine_matrix; they give the caption and byline probabilities
    headline: LinearStage | None = None  # scores headline candidates before the first body line (clf.headline)
    headline_reach: int = 20
    headline_threshold: float = 0.3
    headline_flat_threshold: float = 0.05  # on a page without blank lines (ModelParams.headline_flat_threshold)
    headline_again_within: int = AGAIN_WITHIN  # the headline pass's second look above the first body line (promote_headline_above); 0: off
    headline_again_threshold: float = AGAIN_THRESHOLD
    byline: LinearStage | None = None  # scores byline candidates after the title line (clf.headline)
    byline_reach: int = 8
    byline_threshold: float = 0.25
    tail: ShapeTrees | None = None  # scores the gaps between body runs: does no article body follow? (clf.tail)
    tail_threshold: float = 0.5
    title: ShapeTrees | None = None  # scores the title candidates at the article's head (clf.title)
    title_max_trim: float = 0.1  # ... whose best is left alone when this share of the body's characters lies above it
    breaks: LineBreaks | None = None  # where run-on text had its line breaks (clf.breaks)

    def shape_problem(self) -> str | None:
        """What does not fit between the weights and this version's features, or None."""
        expected = len(self.word.codes_) + len(self.char.codes_) + len(DENSE_NAMES)
        if self.context is not None:
            expected += 2 * len(self.context.codes_)
        if self.stage1.weights.shape[0] != expected:
            return (f"stage 1 has {self.stage1.weights.shape[0]} input weights, this clf's features "
                    f"give {expected} (the model was made with other features)")
        if self.trees is not None and self.trees.feature.size and int(self.trees.feature.max()) >= len(DENSE_NAMES):
            return f"the shape trees split on feature {int(self.trees.feature.max())}, this clf has {len(DENSE_NAMES)} dense features"
        width = len(DENSE_NAMES) + N_LABELS + len(EXTRA_NAMES)
        for name, scorer in (("headline", self.headline), ("byline", self.byline)):
            if scorer is not None and scorer.weights.shape[0] != width:
                return f"the {name} scorer has {scorer.weights.shape[0]} input weights, this clf's candidates give {width}"
        if self.tail is not None and self.tail.feature.size and int(self.tail.feature.max()) >= tail_width():
            return f"the article-end trees split on feature {int(self.tail.feature.max())}, this clf gives them {tail_width()}"
        if self.title is not None and self.title.feature.size and int(self.title.feature.max()) >= len(TITLE_FEATURES):
            return f"the title trees split on feature {int(self.title.feature.max())}, this clf gives them {len(TITLE_FEATURES)}"
        tree_body = None if self.trees is None else np.zeros((1, 1))
        expected = self.stage2_inputs(np.zeros((1, N_LABELS)), [1], tree_body, np.zeros(1, dtype=bool)).shape[1]
        if self.stage2.weights.shape[0] != expected:
            return f"stage 2 has {self.stage2.weights.shape[0]} input weights, its window and page features give {expected}"
        if self.refine is not None and self.refine.feature.size:
            width = refine_matrix(np.zeros((1, N_LABELS)), [1], self.window, np.zeros((1, N_LABELS)),
                                  np.zeros((1, len(DENSE_NAMES))), tree_body).shape[1]
            if int(self.refine.feature.max()) >= width:
                return f"the refining trees split on feature {int(self.refine.feature.max())}, this clf gives them {width}"
        return None

    def stage1_proba(self, rows: Sequence[LineRow], dense: np.ndarray | None = None) -> np.ndarray:
        """Stage 1's probabilities; `dense` is dense_matrix(rows) when the caller has it."""
        texts = row_texts(rows)
        blocks = [self.word.transform(texts), self.char.transform(texts), dense_matrix(rows) if dense is None else dense]
        if self.context is not None:
            blocks.extend(self.context_blocks(rows, texts))
        return self.stage1.proba(blocks)

    def context_blocks(self, rows: Sequence[LineRow], texts: list[str]) -> list[sp.csr_matrix]:
        """The context words' TF-IDF of each row's previous and next line: the rows' own
        TF-IDF rows shifted within each document (rows of a document follow one another)."""
        assert self.context is not None
        own = self.context.transform(texts)
        n = len(rows)
        index = np.fromiter((row.index for row in rows), dtype=np.int64, count=n)
        size = np.fromiter((len(row.ctx.texts) for row in rows), dtype=np.int64, count=n)
        positions = np.arange(n)
        has_prev, has_next = index > 0, index + 1 < size
        # a document given only in part (not the case in predict_documents) would shift wrongly
        if n and ((has_prev & (np.r_[-1, index[:-1]] != index - 1)).any() or (has_next & (np.r_[index[1:], -1] != index + 1)).any()):
            raise ValueError("context words need each document's rows whole and in order")
        blocks = []
        for has, shift in ((has_prev, -1), (has_next, 1)):
            source = np.where(has, positions + shift, 0)
            blocks.append(sp.diags(has.astype(own.dtype)) @ own[source])
        return blocks

    def stage2_inputs(self, probs1: np.ndarray, sizes: Sequence[int], tree_body: np.ndarray | None,
                      blank_before: np.ndarray) -> np.ndarray:
        """Stage 2's input matrix (features.stage2_matrix) with this model's window and options;
        `blank_before` is blank_flags of the rows, read only when the model has `blocks`."""
        return stage2_matrix(probs1, sizes, self.window, self.page_features, tree_body, self.logits, self.means,
                             blank_before if self.blocks else None)

    def predict_proba(self, rows: Sequence[LineRow], sizes: Sequence[int]) -> np.ndarray:
        """Stage 2 probabilities (LABELS order) for rows of whole documents."""
        return self._stages(rows, sizes)[0]

    def _stages(self, rows: Sequence[LineRow], sizes: Sequence[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        """Stage 2 probabilities, with the dense features and the trees' body probability."""
        if not rows:
            return np.zeros((0, N_LABELS)), np.zeros((0, len(DENSE_NAMES))), None
        dense = dense_matrix(rows)
        tree_body = None if self.trees is None else self.trees.proba(dense)[:, 1:]  # class 1: body
        probs1 = self.stage1_proba(rows, dense)
        probs = self.stage2.proba([self.stage2_inputs(probs1, sizes, tree_body, blank_flags(rows))])
        if self.refine is not None:
            inputs = refine_matrix(probs, sizes, self.window, probs1, dense, tree_body)
            probs = with_refined(probs, self.refine.classes, self.refine.proba(inputs))
        return probs, dense, tree_body

    def decode_many(self, probs: np.ndarray, sizes: Sequence[int]) -> np.ndarray:
        return viterbi_many(probs, sizes, self.transitions, self.transition_weight, self.bias)

    def predict_documents(self, docs: Sequence[Sequence[str]],
                          flat: Sequence[bool] | None = None) -> list[tuple[np.ndarray, np.ndarray]]:
        """For each document (its lines), label indices and probabilities of its non-empty lines.
        `flat` tells which documents were given without blank lines, when the caller put some in
        for the model (clf.columns.paragraph_breaks); by default those whose lines have none."""
        all_rows: list[LineRow] = []
        sizes: list[int] = []
        for lines in docs:
            rows = document_rows(lines)
            all_rows.extend(rows)
            sizes.append(len(rows))
        probs, dense, tree_body = self._stages(all_rows, sizes)
        labels = self.decode_many(probs, sizes)
        bounds = np.cumsum([0, *sizes])
        given_flat = [False] * len(sizes) if flat is None else list(flat)
        return [(self.document_pass(labels[a:b], all_rows[a:b], dense[a:b], probs[a:b],
                                    None if tree_body is None else tree_body[a:b], flat=was_flat), probs[a:b])
                for a, b, was_flat in zip(bounds[:-1], bounds[1:], given_flat)]

    def document_pass(self, labels: np.ndarray, rows: Sequence[LineRow], dense: np.ndarray, probs: np.ndarray,
                      tree_body: np.ndarray | None, flat: bool = False) -> np.ndarray:
        """One document's decoded labels after the passes over the whole page: detached body,
        the article end, the line rules, the article head, credits, repeated body, the
        bylines below the article and the title (and when the title moved, the byline pass
        again beside it), then a name beside a date byline and runs of headings called byline
        (clf.headline.names_beside_dates, drop_heading_runs). `flat`: the page was given
        without blank lines, whatever blank lines the model was shown."""
        texts = [row.text for row in rows]
        if self.detached_share > 0:
            labels = self._drop_detached(labels, texts)
        if self.tail is not None:
            labels = cut_tail(labels, texts, dense, probs, tree_body, self._tail_score, self.tail_threshold, BODY,
                              BOILERPLATE)
        labels = cut_after_copyright(labels, texts, BODY)
        labels = drop_dated_listing(labels, texts, BODY, BOILERPLATE)
        thread = comment_thread(labels, texts, BODY)
        labels = relabel_span(labels, thread, BODY, BOILERPLATE)
        flat = flat or (bool(rows) and not any(rows[0].ctx.blank_before))  # given without blank lines
        labels = self.promote_head(labels, texts, dense, probs, tree_body, flat)
        if thread is not None:  # commenters' "Posted by ... at ..." lines are no bylines; the
            # thread's first stamp may be the post's own, so it stays
            labels = relabel_span(labels, (thread[0] + 1, thread[1]), BYLINE, BOILERPLATE)
        labels = drop_marker_lines(labels, texts, BOILERPLATE)
        labels = credit_captions(labels, texts, BODY, CAPTION)
        keys = rows[0].ctx.keys() if rows else []
        labels = drop_repeated_body(labels, text_keys(texts, keys), BODY, BOILERPLATE)
        labels = fill_empty_body(labels, probs[:, BODY], BODY)
        labels = drop_late_bylines(labels, BODY, BYLINE, BOILERPLATE)
        titled = self.choose_title(labels, texts, keys, probs)
        if not np.array_equal(titled, labels):
            # the byline pass looked beside the title it had; look again beside the chosen one
            labels = tidy_bylines(self.byline_pass(titled, texts, dense, probs, tree_body), texts)
        labels = names_beside_dates(labels, texts, self.rare_words, BYLINE, BOILERPLATE)
        return drop_heading_runs(labels, texts, self.rare_words, BYLINE, BOILERPLATE)

    def rare_words(self, text: str) -> bool:
        """Whether a short line's words are rare in the training lines, as people's names are:
        its first word in at most NAME_FIRST_SHARE of them and every word in at most
        NAME_WORD_SHARE (read from the word vocabulary's idf; a word outside it, an initial
        among them, is rarer still)."""
        words = text.lower().split()
        if not words:
            return False
        rows = self.word.transform(words)
        idf = [float(self.word.idf_[rows.indices[a:b]].max()) if b > a else np.inf
               for a, b in zip(rows.indptr[:-1], rows.indptr[1:])]
        return idf[0] >= 1.0 - np.log(NAME_FIRST_SHARE) and min(idf) >= 1.0 - np.log(NAME_WORD_SHARE)

    def choose_title(self, labels: np.ndarray, texts: Sequence[str], keys: Sequence[str], probs: np.ndarray) -> np.ndarray:
        """One document's labels with the title trees' best candidate as its title (clf.title),
        unless more than `title_max_trim` of the body's characters lie above it: a wrong
        choice there would cut the article's start."""
        if self.title is None:
            return labels
        idx = title_candidates(labels, texts, BODY)
        if not idx:
            return labels
        features = title_features(idx, labels, texts, keys, probs, BODY, BYLINE)
        best = int(np.argmax(self.title.proba(features)[:, list(self.title.classes).index(1)]))
        if features[best, TITLE_FEATURES.index("is_first_title")]:  # already the title
            return labels
        chosen = idx[best]
        if trimmed_share(labels, texts, chosen, BODY) > self.title_max_trim:
            return labels
        return apply_title(labels, chosen, BODY, BOILERPLATE)

    def _tail_score(self, features: np.ndarray) -> np.ndarray:
        """The article-end trees' probability that no article body follows each gap (clf.tail)."""
        assert self.tail is not None
        return self.tail.proba(features)[:, list(self.tail.classes).index(1)]

    def promote_head(self, labels: np.ndarray, texts: list[str], dense: np.ndarray, probs: np.ndarray,
                     tree_body: np.ndarray | None, flat: bool = False) -> np.ndarray:
        """One document's labels after the headline and byline passes, the headline pass again
        above the first body line, complete_bylines and drop_button_bylines (clf.headline). On a
        `flat` page (no blank lines) the headline pass takes its candidate from a lower score."""
        if self.headline is not None:
            threshold = self.headline_flat_threshold if flat else self.headline_threshold
            labels = promote_headline(labels, texts, dense, probs, tree_body, score_with(self.headline),
                                      self.headline_reach, threshold, BODY)
        labels = self.byline_pass(labels, texts, dense, probs, tree_body)
        if self.headline is not None and self.headline_again_within > 0:
            labels = promote_headline_above(labels, texts, dense, probs, tree_body, score_with(self.headline),
                                            self.headline_reach, BODY, BOILERPLATE, self.headline_again_within,
                                            self.headline_again_threshold)
        return tidy_bylines(labels, texts)

    def byline_pass(self, labels: np.ndarray, texts: Sequence[str], dense: np.ndarray, probs: np.ndarray,
                    tree_body: np.ndarray | None) -> np.ndarray:
        """One document's labels after the byline pass around its title (clf.headline.promote_bylines,
        then by_name_bylines)."""
        if self.byline is not None:
            labels = promote_bylines(labels, texts, dense, probs, tree_body, score_with(self.byline),
                                     self.byline_reach, self.byline_threshold, BODY, BYLINE)
        return by_name_bylines(labels, texts, BODY, BYLINE, self.byline_reach)

    def _drop_detached(self, labels: np.ndarray, texts: list[str]) -> np.ndarray:
        lengths = np.fromiter((len(t.strip()) for t in texts), dtype=np.int64, count=len(texts))
        body = np.flatnonzero(labels == BODY)
        headline = int(body[0]) if body.size and is_headline(texts[body[0]]) else None
        return drop_detached_body(labels, lengths, BODY, BOILERPLATE, self.detached_gap, self.detached_share, headline)
