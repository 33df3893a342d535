from __future__ import annotations

from pathlib import Path

import pytest

from clf.corpus import read_labeled
from clf.model import ModelParams
from clf.training import train

DATA = Path(__file__).parent / "data"
TINY = DATA / "tiny"
SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_e52cb8b342138836.txt"
ROOT = Path(__file__).resolve().parents[1]
DEFAULT_MODEL = ROOT / "models" / "default.joblib"

TINY_PARAMS = ModelParams(min_df=1, inner_folds=2)


@pytest.fixture(scope="session")
def tiny_docs():
    return read_labeled([TINY])


@pytest.fixture(scope="session")
def tiny_model(tiny_docs):
    return train(tiny_docs, TINY_PARAMS, [str(TINY)])


@pytest.fixture(scope="session")
def tiny_model_path(tiny_model, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("model") / "tiny.joblib"
    tiny_model.save(path)
    return path
