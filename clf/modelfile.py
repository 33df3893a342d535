"""Model files: a Predictor (joblib) plus a JSON sidecar with what it was trained on.

Neither writing nor reading one imports scikit-learn: a model file holds arrays and plain
objects only (clf.predictor), so it loads in a fraction of a second and with any
scikit-learn version installed.
"""

from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Callable, Sequence
from importlib import metadata as package_metadata
from pathlib import Path
from typing import Any

import joblib
import numpy as np

from clf import __version__
from clf.document import LABELS, LabeledDocument
from clf.errors import ModelError, WriteError
from clf.predictor import Predictor

FORMAT = "clf-model"
FORMAT_VERSION = 7  # 7: the dense features self_repeat and bio_opener; 6: the dense feature prose_overlap; 5: boosted shape trees beside stage 1 (clf.trees); 4: dense features with end-of-article markers; 3: a Predictor (no scikit-learn objects); 2: scikit-learn pipelines


def _installed(package: str) -> str:
    try:
        return package_metadata.version(package)
    except package_metadata.PackageNotFoundError:
        return "not installed"


def versions() -> dict[str, str]:
    return {
        "clf": __version__,
        "scikit-learn": _installed("scikit-learn"),
        "numpy": np.__version__,
        "python": platform.python_version(),
    }


def sidecar_path(path: str | Path) -> Path:
    path = Path(path)
    return path.with_name(path.name.removesuffix(".joblib") + ".json")


def digest_documents(docs: Sequence[LabeledDocument]) -> str:
    """A SHA-256 over the labelled lines, so a sidecar names exactly what it learnt from."""
    h = hashlib.sha256()
    for doc in docs:
        for label, line in zip(doc.labels, doc.lines):
            h.update(f"{'' if label is None else label.value}\t{line}\n".encode())
        h.update(b"\x00")
    return h.hexdigest()


def save_model(predictor: Predictor, path: str | Path, metadata: dict[str, Any]) -> Path:
    """Write the model (joblib, atomically) and its JSON sidecar; returns the sidecar path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    meta = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "versions": versions(),
        "labels": [label.value for label in LABELS],
        **metadata,
    }
    payload = {"format": FORMAT, "format_version": FORMAT_VERSION, "meta": meta, "predictor": predictor}
    _write_then_rename(path, lambda tmp: joblib.dump(payload, tmp, compress=3))
    side = sidecar_path(path)
    _write_then_rename(side, lambda tmp: tmp.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"))
    return side


def _write_then_rename(target: Path, write: Callable[[Path], object]) -> None:
    """Write `target` under a temporary name and rename it into place; a WriteError naming it
    (and no temporary file left) when it cannot be written."""
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        write(tmp)
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise WriteError(target, exc) from None


def _major(version: str) -> str:
    return version.split(".")[0]


def check_compatible(meta: dict[str, Any], path: Path) -> None:
    """Refuse a model of another format, or one whose arrays another numpy major wrote."""
    if meta.get("format") != FORMAT:
        raise ModelError(f"{path}: not a clf model file")
    if meta.get("format_version") != FORMAT_VERSION:
        raise ModelError(
            f"{path}: model format {meta.get('format_version')} but this clf reads format "
            f"{FORMAT_VERSION}; retrain it with `clf train`"
        )
    versions = meta.get("versions")
    saved = versions.get("numpy", "?") if isinstance(versions, dict) else "?"
    if _major(saved) != _major(np.__version__):
        raise ModelError(
            f"{path}: written with numpy {saved}, but {np.__version__} is installed; "
            f"install numpy {_major(saved)}.x or retrain with `clf train`"
        )


def load_model_file(path: str | Path) -> tuple[Predictor, dict[str, Any]]:
    """Load a model and its metadata, with a clear ModelError for every way it can fail."""
    path = Path(path)
    if path.is_dir():
        raise ModelError(f"{path}: is a folder, expected a model file (.joblib)")
    if not path.is_file():
        raise ModelError(f"{path}: no such model file")
    side = sidecar_path(path)
    if side.is_file():
        try:
            side_meta = json.loads(side.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise ModelError(f"{side}: model sidecar is not valid JSON") from None
        if not isinstance(side_meta, dict) or side_meta.get("format") != FORMAT:
            raise ModelError(f"{side}: not a clf model sidecar, expected the JSON that `clf train` writes "
                             "beside the model (move this file away)")
        check_compatible(side_meta, path)
    try:
        payload = joblib.load(path)
    except Exception as exc:  # unpickling fails in many ways; all mean the same to a user
        raise ModelError(f"{path}: cannot read model file ({type(exc).__name__}); corrupt or not a clf model") from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise ModelError(f"{path}: not a clf model file")
    check_compatible(payload.get("meta", {}), path)
    predictor = payload.get("predictor")
    if not isinstance(predictor, Predictor):
        raise ModelError(f"{path}: not a clf model file")
    problem = predictor.shape_problem()
    if problem:
        raise ModelError(f"{path}: {problem}; retrain it with `clf train`")
    return predictor, payload["meta"]
