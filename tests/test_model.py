from __future__ import annotations

import json

import joblib
import pytest

from clf.document import Label
from clf.errors import ModelError
from clf.inference import load_model
from clf.model import sidecar_path
from clf.training import train
from tests.conftest import TINY_PARAMS


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


def test_classify_gives_labels_and_probabilities(tiny_model):
    out = tiny_model.classify(["Home News", "", "A sentence of the story."])
    assert out.labels[1] is None and out.probabilities[1] is None
    assert all(isinstance(label, Label) for label in (out.labels[0], out.labels[2]))
    assert abs(sum(out.probabilities[0].values()) - 1.0) < 1e-3


def test_missing_model_file(tmp_path):
    with pytest.raises(ModelError, match="no such model file"):
        load_model(tmp_path / "nope.joblib")


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


def test_incompatible_scikit_learn_version(tiny_model_path, tmp_path):
    target = tmp_path / "old.joblib"
    target.write_bytes(tiny_model_path.read_bytes())
    meta = json.loads(sidecar_path(tiny_model_path).read_text())
    meta["versions"]["scikit-learn"] = "0.24.2"
    sidecar_path(target).write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="scikit-learn 0.24.2"):
        load_model(target)


def test_newer_model_format_is_refused(tiny_model_path, tmp_path):
    target = tmp_path / "future.joblib"
    target.write_bytes(tiny_model_path.read_bytes())
    meta = json.loads(sidecar_path(tiny_model_path).read_text())
    meta["format_version"] = 99
    sidecar_path(target).write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="model format 99"):
        load_model(target)


def test_fitted_bias_offsets_only_the_rare_labels(tiny_model):
    bias = tiny_model.line_model.bias_
    assert bias.shape == (4,)
    assert bias[0] == 0.0 and bias[3] == 0.0  # boilerplate, body
    assert (bias[1:3] >= 0).all()
