from __future__ import annotations

import json
from dataclasses import replace

import subprocess
import sys

import joblib
import numpy as np
import pytest

from clf.document import LABELS, Label
from clf.errors import InputError, ModelError
from clf.inference import load_model
from clf.model import LineModel
from clf.modelfile import sidecar_path
from clf.features import document_rows
from clf.training import train
from tests.conftest import TINY_PARAMS


def rows_and_sizes(docs) -> tuple[list, list[int]]:
    """The line rows of labelled documents, one after another, and how many each has."""
    per_doc = [document_rows(d.lines) for d in docs]
    return [row for rows in per_doc for row in rows], [len(rows) for rows in per_doc]


def test_save_writes_sidecar_with_versions_and_sources(tiny_model_path):
    meta = json.loads(sidecar_path(tiny_model_path).read_text())
    assert meta["format"] == "clf-model"
    assert set(meta["versions"]) >= {"clf", "scikit-learn", "numpy"}
    assert meta["labels"] == ["boilerplate", "caption", "byline", "body"]
    assert meta["training"]["documents"] == 4
    assert len(meta["training"]["digest"]) == 64
    assert meta["params"]["min_df"] == 1


def test_load_round_trip_gives_same_predictions(tiny_model, tiny_model_path):
    text = "Home News\nA headline\nBy Jo Bloggs\nThe story begins here, with a full sentence."
    again = load_model(tiny_model_path)
    assert again.classify(text).labels == tiny_model.classify(text).labels


def test_same_data_and_seed_give_same_predictions(tiny_docs):
    text = "Menu Sport\nA title\nBy Someone\nA long paragraph of text that ends with a stop."
    a = train(tiny_docs, TINY_PARAMS).classify(text)
    b = train(tiny_docs, TINY_PARAMS).classify(text)
    assert a.labels == b.labels and a.probabilities == b.probabilities


def _partial_doc(known_as: Label, unknown_as: Label):
    """A page whose only known lines are a made-up word's (labelled `known_as`); the others carry `unknown_as`."""
    from clf.document import LabeledDocument

    lines = ("Home News Sport", "Zorblax quintessa the harbour wall again.", "Share this", "Zorblax quintessa votes.", "Contact")
    known = np.array([False, True, False, True, False])
    labels = tuple(known_as if k else unknown_as for k in known)
    return LabeledDocument(lines, labels, "partial"), known


def test_partial_labels_count_only_the_known_lines(tiny_docs):
    text = "Zorblax quintessa sails at dawn.\nHome News Sport\nContact"
    params = replace(TINY_PARAMS, crops=False)

    def with_partial(known_as: Label, unknown_as: Label):
        doc, known = _partial_doc(known_as, unknown_as)
        model = train([*tiny_docs, doc], params, weights=[1.0] * len(tiny_docs) + [5.0],
                      known=[None] * len(tiny_docs) + [known])
        return model.classify(text)

    a = with_partial(Label.BODY, Label.BOILERPLATE)
    b = with_partial(Label.BODY, Label.CAPTION)
    assert a.labels == b.labels and a.probabilities == b.probabilities  # unknown labels never count
    c = with_partial(Label.BOILERPLATE, Label.BOILERPLATE)
    assert a.probabilities[0]["body"] > c.probabilities[0]["body"]  # the known ones do


def test_partial_documents_have_no_say_in_the_label_offsets(tiny_docs, monkeypatch):
    import clf.model

    seen = []
    real = clf.model.fit_label_bias

    def spy(probs, y, w, *args, **kwargs):
        seen.append(np.asarray(w).copy())
        return real(probs, y, w, *args, **kwargs)

    monkeypatch.setattr(clf.model, "fit_label_bias", spy)
    doc, known = _partial_doc(Label.BYLINE, Label.BOILERPLATE)
    train([*tiny_docs, doc], replace(TINY_PARAMS, crops=False), weights=[1.0] * len(tiny_docs) + [5.0],
          known=[None] * len(tiny_docs) + [known])
    (w,) = seen
    assert w[-len(known):].tolist() == [0.0] * len(known)  # the partial document's rows come last
    assert (w[:-len(known)] > 0).all()


def test_partial_labels_need_a_mask_per_non_empty_line(tiny_docs):
    doc, known = _partial_doc(Label.BODY, Label.BOILERPLATE)
    with pytest.raises(ValueError, match="a mask of 4 for 5 non-empty lines"):
        train([*tiny_docs, doc], TINY_PARAMS, known=[None] * len(tiny_docs) + [known[:4]])


def test_classify_gives_labels_and_probabilities(tiny_model):
    out = tiny_model.classify(["Home News", "", "A sentence of the story."])
    assert out.labels[1] is None and out.probabilities[1] is None
    assert all(isinstance(label, Label) for label in (out.labels[0], out.labels[2]))
    assert abs(sum(out.probabilities[0].values()) - 1.0) < 1e-3


def test_a_model_puts_line_breaks_back_into_run_on_text(tiny_model, tiny_docs):
    breaks = tiny_model.predictor.breaks
    assert breaks is not None  # learnt from the training lines (ModelParams.line_breaks)
    run_on = " ".join(["The harbour authority closed the port on Monday after the storm broke the sea wall."] * 30)
    got = tiny_model.classify([run_on])
    assert list(got.lines) == breaks.split(run_on) and len(got.lines) == len(got.labels)
    without = train(tiny_docs, replace(TINY_PARAMS, line_breaks=False))
    assert without.predictor.breaks is None
    assert len(without.classify([run_on]).lines) == 30  # at its sentence ends


def test_missing_model_file(tmp_path):
    with pytest.raises(ModelError, match="no such model file"):
        load_model(tmp_path / "nope.joblib")


def test_a_folder_given_as_model_file(tmp_path):
    with pytest.raises(ModelError) as raised:
        load_model(tmp_path)
    assert str(raised.value) == f"{tmp_path}: is a folder, expected a model file (.joblib)"


def test_corrupt_model_file(tmp_path):
    path = tmp_path / "bad.joblib"
    path.write_bytes(b"this is not a pickle")
    with pytest.raises(ModelError, match="corrupt or not a clf model"):
        load_model(path)


def test_foreign_model_file(tmp_path):
    path = tmp_path / "foreign.joblib"
    joblib.dump({"some": "thing"}, path)
    with pytest.raises(ModelError, match="not a clf model"):
        load_model(path)


def copy_with_sidecar(model_path, target, edit):
    """A copy of the model file whose sidecar has been changed by `edit(meta)`."""
    target.write_bytes(model_path.read_bytes())
    meta = json.loads(sidecar_path(model_path).read_text())
    edit(meta)
    sidecar_path(target).write_text(json.dumps(meta))
    return target


def test_incompatible_numpy_version(tiny_model_path, tmp_path):
    target = copy_with_sidecar(tiny_model_path, tmp_path / "old.joblib", lambda m: m["versions"].update(numpy="0.9.1"))
    with pytest.raises(ModelError, match="numpy 0.9.1"):
        load_model(target)


def test_model_file_loads_with_any_scikit_learn(tiny_model_path, tmp_path):
    target = copy_with_sidecar(tiny_model_path, tmp_path / "other.joblib",
                               lambda m: m["versions"].update({"scikit-learn": "0.24.2"}))
    assert load_model(target).classify("A line of text.").labels[0] is not None


def test_loading_a_model_does_not_import_scikit_learn(tiny_model_path):
    code = (
        "import sys; from clf.inference import load_model; "
        f"m = load_model({str(tiny_model_path)!r}); m.clean('Home\\nA story that has a sentence.'); "
        "print(any(name == 'sklearn' or name.startswith('sklearn.') for name in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("context_words, average, trees, refine", [
    (0, True, 200, 50), (300, True, 200, 50), (0, False, 200, 50), (0, True, 0, 50), (0, True, 200, 0), (0, True, 0, 0)])
def test_predictor_gives_the_pipelines_probabilities(monkeypatch, tiny_docs, context_words, average, trees, refine):
    """Also with the neighbours' words, which the Predictor shifts instead of recounting,
    with the mean of SGD's weights instead of its last ones, without the shape trees, and
    without the refining trees."""
    monkeypatch.setattr("clf.model.AVERAGE_MIN_LINES", 0)  # the tiny documents are far fewer lines
    params = replace(TINY_PARAMS, context_words=context_words, stage1_average=average, shape_trees=trees,
                     refine_trees=refine)
    line_model = LineModel(params).fit(tiny_docs)
    assert (line_model.trees_ is None) == (trees == 0)
    assert (line_model.to_predictor().trees is None) == (trees == 0)
    assert (line_model.to_predictor().refine is None) == (refine == 0)
    assert line_model.stage1_.named_steps["classifier"].average is average
    rows, sizes = rows_and_sizes(tiny_docs)
    expected = line_model.predict_proba(rows, sizes)
    got = line_model.to_predictor().predict_proba(rows, sizes)
    assert np.allclose(got, expected, atol=1e-6)  # stage 1 learns in float32
    assert (line_model.to_predictor().context is None) == (context_words == 0)


def test_small_training_sets_keep_plain_sgd(tiny_docs, tmp_path):
    from clf.model import AVERAGE_MIN_LINES

    line_model = LineModel(TINY_PARAMS).fit(tiny_docs)
    assert TINY_PARAMS.stage1_average and not line_model.params.stage1_average
    assert line_model.stage1_.named_steps["classifier"].average is False
    model = train(tiny_docs, TINY_PARAMS)  # the sidecar records the parameters as fitted
    sidecar = json.loads(model.save(tmp_path / "m.joblib").read_text())
    assert sidecar["params"]["stage1_average"] is False
    assert sum(len([label for label in d.labels if label is not None]) for d in tiny_docs) < AVERAGE_MIN_LINES


def test_context_words_are_the_neighbours_and_empty_at_the_edges(tiny_model):
    from clf.ngrams import WordNgrams

    predictor = replace(tiny_model.predictor, context=WordNgrams((1, 1)).fit(["alpha beta", "gamma"]))
    rows = document_rows(["alpha beta", "gamma", "", "beta"]) + document_rows(["gamma"])
    before, after = predictor.context_blocks(rows, [row.text for row in rows])
    own = predictor.context.transform([row.text for row in rows]).toarray()
    assert np.allclose(before.toarray(), [np.zeros(3), own[0], own[1], np.zeros(3)])
    assert np.allclose(after.toarray(), [own[1], own[2], np.zeros(3), np.zeros(3)])


def test_newer_model_format_is_refused(tiny_model_path, tmp_path):
    target = copy_with_sidecar(tiny_model_path, tmp_path / "future.joblib", lambda m: m.update(format_version=99))
    with pytest.raises(ModelError, match="model format 99"):
        load_model(target)


def test_model_made_with_other_features_is_refused(tiny_model_path, tmp_path):
    """A file whose stage 1 expects another number of features (a clf version with other
    dense features) is a clear error at load, not a numpy error while classifying."""
    import joblib

    payload = joblib.load(tiny_model_path)
    stage1 = payload["predictor"].stage1
    stage1.weights = stage1.weights[:-3]  # as if three dense columns were missing
    target = tmp_path / "other.joblib"
    joblib.dump(payload, target)
    with pytest.raises(ModelError, match="other features"):
        load_model(target)


def test_model_with_other_head_scorers_is_refused(tiny_model_path, tmp_path):
    payload = joblib.load(tiny_model_path)
    scorer = payload["predictor"].byline
    assert scorer is not None
    scorer.weights = scorer.weights[:-1]  # as if a candidate feature were missing
    target = tmp_path / "other.joblib"
    joblib.dump(payload, target)
    with pytest.raises(ModelError, match="byline scorer has"):
        load_model(target)


def test_fitted_bias_offsets_only_the_rare_labels(tiny_model):
    bias = tiny_model.predictor.bias
    assert bias.shape == (4,)
    assert bias[0] == 0.0 and bias[3] == 0.0  # boilerplate, body
    assert (bias[1:3] >= 0).all()


def test_too_many_feature_values_is_a_clear_error(monkeypatch, tiny_docs):
    monkeypatch.setattr("clf.model.MAX_NONZEROS", 100)
    with pytest.raises(InputError, match="over the 100 that scikit-learn's SGD takes"):
        LineModel(TINY_PARAMS).fit(tiny_docs)


def test_shape_trees_need_body_and_other_lines(tiny_docs):
    """With no body line to tell apart the model trains without its trees, and still predicts."""
    no_body = [replace(d, labels=tuple(Label.BOILERPLATE if lab is Label.BODY else lab for lab in d.labels))
               for d in tiny_docs]
    line_model = LineModel(TINY_PARAMS).fit(no_body)
    assert TINY_PARAMS.shape_trees > 0 and line_model.params.shape_trees == 0
    assert line_model.trees_ is None and line_model.to_predictor().trees is None
    (labels, _), = line_model.predict_documents([tiny_docs[0].lines])
    assert labels.size and Label.BODY not in {LABELS[i] for i in labels}


def test_shape_trees_change_the_body_probabilities(tiny_docs):
    """The trees' window is an input of stage 2: with and without them, stage 2 differs."""
    rows, sizes = rows_and_sizes(tiny_docs)
    with_trees = LineModel(TINY_PARAMS).fit(tiny_docs)
    without = LineModel(replace(TINY_PARAMS, shape_trees=0)).fit(tiny_docs)
    assert with_trees.to_predictor().shape_problem() is None
    # the trees' window: 7 lines of (body, outside), and as many of their log-odds; their mean per radius
    extra = 14 * (2 if TINY_PARAMS.stage2_logits else 1) + len(TINY_PARAMS.stage2_means)
    assert with_trees.stage2_.named_steps["classifier"].coef_.shape[1] == without.stage2_.named_steps["classifier"].coef_.shape[1] + extra
    assert not np.allclose(with_trees.predict_proba(rows, sizes), without.predict_proba(rows, sizes))


def test_model_file_from_before_the_article_head_passes_still_loads(tiny_model_path, tmp_path):
    """A format-5 file written before the headline and byline passes, the refining trees and
    the article-end trees has no such fields: it loads, and labels as before (no passes, stage 2's probabilities)."""
    payload = joblib.load(tiny_model_path)
    predictor = payload["predictor"]
    for name in ("headline", "headline_reach", "headline_threshold", "byline", "byline_reach", "byline_threshold",
                 "refine", "tail", "tail_threshold"):
        del predictor.__dict__[name]
    target = tmp_path / "older.joblib"
    joblib.dump(payload, target)
    older = load_model(target)
    assert older.predictor.headline is None and older.predictor.byline is None and older.predictor.refine is None
    assert older.predictor.tail is None
    text = ["Home", "News", "A Headline Of Some Length", "By Jo Bloggs", "",
            "The story begins here, with a full sentence that runs on for a while."]
    plain = load_model(tiny_model_path)
    plain.predictor.headline = plain.predictor.byline = plain.predictor.refine = plain.predictor.tail = None
    assert older.classify(text).labels == plain.classify(text).labels


def test_stage2_means_widen_stage_2_and_the_predictor_agrees(tiny_docs):
    """With stage2_means stage 2 also reads, per radius, the mean of each label's probability
    and of the trees' body probability; the exported predictor builds the same inputs."""
    rows, sizes = rows_and_sizes(tiny_docs)
    with_means = LineModel(replace(TINY_PARAMS, stage2_means=(10, 40))).fit(tiny_docs)
    without = LineModel(replace(TINY_PARAMS, stage2_means=())).fit(tiny_docs)
    width = [m.stage2_.named_steps["classifier"].coef_.shape[1] for m in (with_means, without)]
    assert width[0] == width[1] + 2 * (len(LABELS) + 1)
    for model in (with_means, without):
        predictor = model.to_predictor()
        assert predictor.means == model.params.stage2_means and predictor.shape_problem() is None
        assert np.allclose(predictor.predict_proba(rows, sizes), model.predict_proba(rows, sizes))
    assert not np.allclose(with_means.predict_proba(rows, sizes), without.predict_proba(rows, sizes))
    mismatched = with_means.to_predictor()
    mismatched.means = ()
    assert "stage 2 has" in mismatched.shape_problem()


def test_stage2_logits_widen_stage_2_and_the_predictor_agrees(tiny_docs):
    """With stage2_logits stage 2 also reads the log-odds of its window; the exported
    predictor builds the same inputs (no shape problem, the same probabilities)."""
    rows, sizes = rows_and_sizes(tiny_docs)
    with_logits = LineModel(replace(TINY_PARAMS, stage2_logits=True, stage2_means=(), stage2_blocks=False)).fit(tiny_docs)
    without = LineModel(replace(TINY_PARAMS, stage2_logits=False, stage2_means=(), stage2_blocks=False)).fit(tiny_docs)
    width = {m.params.stage2_logits: m.stage2_.named_steps["classifier"].coef_.shape[1] for m in (with_logits, without)}
    assert width[True] == 2 * width[False]  # every window column has its log-odds twin
    for model in (with_logits, without):
        predictor = model.to_predictor()
        assert predictor.logits is model.params.stage2_logits and predictor.shape_problem() is None
        assert np.allclose(predictor.predict_proba(rows, sizes), model.predict_proba(rows, sizes))
    assert not np.allclose(with_logits.predict_proba(rows, sizes), without.predict_proba(rows, sizes))
    mismatched = with_logits.to_predictor()
    mismatched.logits = False
    assert "stage 2 has" in mismatched.shape_problem()


def test_stage2_blocks_widen_stage_2_and_the_predictor_agrees(tiny_docs):
    """With stage2_blocks stage 2 also reads which neighbours share the line's block
    (features.block_window); the exported predictor builds the same inputs."""
    rows, sizes = rows_and_sizes(tiny_docs)
    models = {flag: LineModel(replace(TINY_PARAMS, stage2_blocks=flag)).fit(tiny_docs) for flag in (True, False)}
    width = {flag: m.stage2_.named_steps["classifier"].coef_.shape[1] for flag, m in models.items()}
    radius = TINY_PARAMS.window
    assert width[True] - width[False] == 2 * radius * (len(LABELS) + 1)  # per neighbour: its labels and a gap flag
    for flag, model in models.items():
        predictor = model.to_predictor()
        assert predictor.blocks is flag and predictor.shape_problem() is None
        assert np.allclose(predictor.predict_proba(rows, sizes), model.predict_proba(rows, sizes))
    assert not np.allclose(models[True].predict_proba(rows, sizes), models[False].predict_proba(rows, sizes))
    mismatched = models[True].to_predictor()
    mismatched.blocks = False
    assert "stage 2 has" in mismatched.shape_problem()


@pytest.fixture(scope="module")
def refined_model(tiny_docs):
    return train(tiny_docs, replace(TINY_PARAMS, refine_trees=50), ["tiny"])


def test_refining_trees_give_only_caption_and_byline(refined_model, tiny_docs):
    """Without the refining trees the probabilities are stage 2's; with them, caption and
    byline change and body and boilerplate keep stage 2's proportion."""
    predictor = refined_model.predictor
    assert predictor.refine is not None and predictor.shape_problem() is None
    rows, sizes = rows_and_sizes(tiny_docs)
    refined = predictor.predict_proba(rows, sizes)
    plain = replace(predictor, refine=None).predict_proba(rows, sizes)
    assert np.allclose(refined.sum(axis=1), 1.0)
    assert not np.allclose(refined[:, 1:3], plain[:, 1:3])  # caption, byline
    assert np.allclose(refined[:, 3] * plain[:, 0], refined[:, 0] * plain[:, 3])  # body : boilerplate


def test_model_with_other_refining_trees_is_refused(refined_model, tmp_path):
    refined_model.save(tmp_path / "refined.joblib")
    payload = joblib.load(tmp_path / "refined.joblib")
    refine = payload["predictor"].refine
    assert refine is not None and refine.feature.size
    refine.feature[0, 0] = 10_000  # a split on a feature this clf does not give
    target = tmp_path / "other.joblib"
    joblib.dump(payload, target)
    with pytest.raises(ModelError, match="refining trees split on feature 10000"):
        load_model(target)


@pytest.mark.parametrize("sidecar", ["[1, 2]", '{"name": "my settings"}', '"a string"'])
def test_a_sidecar_that_is_not_clfs_is_named_in_the_error(tiny_model_path, tmp_path, sidecar):
    target = tmp_path / "mine.joblib"
    target.write_bytes(tiny_model_path.read_bytes())
    sidecar_path(target).write_text(sidecar)
    with pytest.raises(ModelError) as raised:
        load_model(target)
    assert str(raised.value) == (f"{sidecar_path(target)}: not a clf model sidecar, expected the JSON that "
                                 "`clf train` writes beside the model (move this file away)")


def test_saving_over_a_folder_is_a_clf_error_and_leaves_no_temporary_file(tiny_model, tmp_path):
    from clf.errors import ClfError

    (tmp_path / "m.joblib").mkdir()
    with pytest.raises(ClfError, match=r"m\.joblib: cannot write \("):
        tiny_model.save(tmp_path / "m.joblib")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.joblib"]
