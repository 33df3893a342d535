"""Fitting and cross-validation, grouped by document, and the training report."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

from clf.document import LABELS, LabeledDocument
from clf.errors import InputError, TrainingDataError
from clf.evaluate import LabelReport, label_report
from clf.inference import Model
from clf.model import LineModel, ModelParams
from clf.modelfile import digest_documents

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

Progress = Callable[[str], None]


def _quiet(message: str) -> None:
    logger.info(message)


def gold_indices(doc: LabeledDocument) -> list[int]:
    index = {label: i for i, label in enumerate(LABELS)}
    return [index[label] for label in doc.labels if label is not None]


def predict_indices(model: Model, docs: Sequence[LabeledDocument]) -> list[int]:
    """Predicted label indices of every non-empty line of the documents, in order."""
    out: list[int] = []
    for idx, _ in model.predictor.predict_documents([d.lines for d in docs]):
        out.extend(int(i) for i in idx)
    return out


def train(
    documents: Sequence[LabeledDocument],
    params: ModelParams | None = None,
    sources: Sequence[str] = (),
    weights: Sequence[float] | None = None,
    known: Sequence[np.ndarray | None] | None = None,
) -> Model:
    """Train a model on labelled documents (no cross-validation).

    `weights`, one per document, scale how much each document's lines count; `known`, one
    per document, says which of its non-empty lines' labels are known (LineModel.fit).
    """
    params = params or ModelParams()
    line_model = LineModel(params).fit(documents, weights, known)
    meta = {
        "params": asdict(line_model.params),  # as fitted (see LineModel.fit)
        "training": {
            "sources": list(sources),
            "documents": len(documents),
            "lines": sum(len(gold_indices(d)) if mask is None else int(np.sum(mask))
                         for d, mask in zip(documents, known or [None] * len(documents))),  # known labels
            "digest": digest_documents(documents),
        }
    }
    return Model(line_model.to_predictor(), meta)


@dataclass(frozen=True)
class CrossValidation:
    report: LabelReport
    folds: int


def cross_validate(
    documents: Sequence[LabeledDocument],
    params: ModelParams | None = None,
    folds: int = 5,
    progress: Progress = _quiet,
    weights: Sequence[float] | None = None,
) -> CrossValidation:
    """Out-of-fold predictions for every line, folds grouped by document."""
    params = params or ModelParams()
    folds = min(folds, len(documents))
    if folds < 2:
        raise TrainingDataError(f"cross-validation needs at least two documents, found {len(documents)}; --cv 0 skips it")
    groups = np.arange(len(documents))
    gold: list[int] = []
    pred: list[int] = []
    for k, (train_idx, test_idx) in enumerate(GroupKFold(n_splits=folds).split(groups, groups, groups), 1):
        progress(f"cross-validation fold {k}/{folds}: training on {len(train_idx)} documents")
        fold_weights = None if weights is None else [weights[i] for i in train_idx]
        model = Model(LineModel(params).fit([documents[i] for i in train_idx], fold_weights).to_predictor())
        test = [documents[i] for i in test_idx]
        for doc in test:
            gold.extend(gold_indices(doc))
        pred.extend(predict_indices(model, test))
    return CrossValidation(label_report(gold, pred), folds)


def evaluate_model(model: Model, documents: Sequence[LabeledDocument]) -> LabelReport:
    gold = [i for d in documents for i in gold_indices(d)]
    return label_report(gold, predict_indices(model, documents))


def source_names(paths: Sequence[str | Path]) -> list[str]:
    return [str(p) for p in paths]


@dataclass(frozen=True)
class TrainingResult:
    model: Model
    cross_validation: CrossValidation | None
    model_path: Path
    sidecar_path: Path


def run_training(
    data: Sequence[str | Path],
    output: str | Path,
    cv: int = 5,
    seed: int = 0,
    params: ModelParams | None = None,
    progress: Progress = _quiet,
    exclude_heldout: bool = False,
    source_weights: Mapping[str, float] | None = None,
    cv_source: str | None = None,
    snippet_weights: Mapping[str, float] | None = None,
) -> TrainingResult:
    """Read labelled data, cross-validate, train on all of it, save model and sidecar.

    With `exclude_heldout`, derived benchmark documents (`<set>/<style>/<page>.tsv`, as
    `clf build-data` writes them) of the held-out quarter are left out.
    `source_weights` maps some of the `data` arguments (as given) to a weight for each of
    their documents; the others weigh 1. With `cv_source` (one of the `data` arguments),
    cross-validation runs on that source's documents alone, which is much faster when the
    other sources are large; the sidecar names the source it ran on.
    `snippet_weights` maps sparse-gold benchmark sets (clf.derive.SNIPPET_SETS) to a weight:
    their pages (without the held-out quarter) are read from the datasets folder and
    trained on with partial labels (clf.derive.snippet_documents), each known line weighing
    that much; cross-validation does not see them.
    """
    from dataclasses import replace

    from clf.corpus import LABELED_SUFFIXES, expand_paths, read_labeled

    if cv == 1 or cv < 0:
        raise InputError(f"--cv {cv}: expected 0 (no cross-validation) or 2 folds or more")
    check_model_output(Path(output))
    params = replace(params or ModelParams(), seed=seed)
    source_weights = dict(source_weights or {})
    names = {str(p) for p in data}
    unknown = sorted(set(source_weights) - names)
    if unknown:
        raise InputError(f"--weight {unknown[0]}: not one of the training data arguments")
    if cv_source is not None and cv_source not in names:
        raise InputError(f"--cv-source {cv_source}: not one of the training data arguments")
    from clf.derive import SNIPPET_SETS, snippet_documents

    from clf import datasets

    for set_name in snippet_weights or {}:
        if set_name not in SNIPPET_SETS:
            raise InputError(f"--snippets {set_name}: expected one of {', '.join(SNIPPET_SETS)} (sets with with/without snippets)")
        if not (datasets.DATASETS_DIR / set_name).is_dir():  # before the cross-validation, not after it
            raise InputError(f"--snippets {set_name}: {datasets.DATASETS_DIR / set_name} not found "
                             f"(set CLF_DATASETS to the datasets folder)")
    documents: list[LabeledDocument] = []
    weights: list[float] = []
    cv_indices: list[int] = []
    left_out = 0
    for source in data:
        files = expand_paths([source], LABELED_SUFFIXES)
        if exclude_heldout:
            kept = [f for f in files if not is_heldout_file(f)]
            left_out += len(files) - len(kept)
            files = kept
        docs = read_labeled(files) if files else []
        if cv_source is None or str(source) == cv_source:
            cv_indices.extend(range(len(documents), len(documents) + len(docs)))
        documents.extend(docs)
        weights.extend([source_weights.get(str(source), 1.0)] * len(docs))
    if exclude_heldout:
        progress(f"left out {left_out} held-out benchmark documents")
    if not documents:
        raise InputError("no labelled documents found (expected .tsv or .jsonl files)")
    n_lines = sum(len(gold_indices(d)) for d in documents)
    progress(f"read {len(documents)} documents, {n_lines} labelled lines")
    result_cv = None
    if cv >= 2:
        if cv_source is not None:
            progress(f"cross-validating on {cv_source} alone ({len(cv_indices)} documents)")
        result_cv = cross_validate(
            [documents[i] for i in cv_indices], params, cv, progress, [weights[i] for i in cv_indices]
        )
    known: list[np.ndarray | None] = [None] * len(documents)
    snippet_counts: dict[str, dict[str, float]] = {}
    for set_name, set_weight in (snippet_weights or {}).items():
        progress(f"labelling the lines {set_name}'s snippets speak for")
        partial = snippet_documents(set_name)
        documents.extend(doc for doc, _ in partial)
        weights.extend([set_weight] * len(partial))
        known.extend(np.array(mask, dtype=bool) for _, mask in partial)
        snippet_counts[set_name] = {"weight": set_weight, "documents": len(partial),
                                    "known_lines": int(sum(sum(mask) for _, mask in partial))}
        progress(f"{set_name}: {len(partial)} partially labelled documents, "
                 f"{snippet_counts[set_name]['known_lines']} known lines")
    progress("training on all documents")
    model = train(documents, params, source_names(data), weights, known)
    if snippet_counts:
        model.metadata["training"]["snippets"] = snippet_counts
    if source_weights:
        model.metadata["training"]["weights"] = source_weights
    if exclude_heldout:
        model.metadata["training"]["left_out"] = f"{left_out} derived documents of the held-out quarter (clf.datasets.is_heldout)"
    if result_cv is not None:
        model.metadata["cross_validation"] = {
            "folds": result_cv.folds, "grouped_by": "document",
            "sources": [cv_source] if cv_source is not None else source_names(data),
            **result_cv.report.to_dict(),
        }
    sidecar = model.save(output)
    return TrainingResult(model, result_cv, Path(output), sidecar)


def check_model_output(output: Path) -> None:
    """Stop before any training when the model cannot be written to `output`: a folder, a
    name without .joblib (an existing page.txt would be overwritten), a folder that cannot
    be made or written in."""
    if output.is_dir():
        raise InputError(f"{output}: is a folder, expected a model file path ending in .joblib")
    if output.suffix != ".joblib":
        raise InputError(f"{output}: expected a model file path ending in .joblib")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=output.parent):
            pass
    except OSError as exc:
        raise InputError(f"{output}: cannot write in its folder ({exc.strerror or exc})") from None


def is_heldout_file(path: Path) -> bool:
    """Whether a derived file `<set>/<style>/<page>.tsv` is in its set's held-out quarter."""
    from clf.datasets import SETS, is_heldout

    set_name = path.parent.parent.name
    return set_name in SETS and is_heldout(set_name, path.stem)
