"""clf: label the lines of scraped web text and rebuild the clean article.

    import clf
    model = clf.load_model()            # the shipped default model
    article = model.clean(text)         # Article(title, byline, body, captions)
    labeled = model.classify(text)      # LabeledDocument(lines, labels, probabilities)
    article = model.clean(clf.html_to_lines(html))  # a page's HTML: its text as `clf html2text` gives it
    mine = clf.train(clf.read_labeled(["data/labeled"]))

Names are imported lazily so that `import clf` (and the CLI's start-up) stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "Label": "clf.document",
    "Document": "clf.document",
    "LabeledDocument": "clf.document",
    "Article": "clf.document",
    "ClfError": "clf.errors",
    "DataFormatError": "clf.errors",
    "InputError": "clf.errors",
    "ModelError": "clf.errors",
    "TrainingDataError": "clf.errors",
    "read_labeled": "clf.corpus",
    "Model": "clf.inference",
    "load_model": "clf.inference",
    "ModelParams": "clf.model",
    "train": "clf.training",
    "cross_validate": "clf.training",
    "reconstruct": "clf.reconstruct",
    "html_to_lines": "clf.htmltext",
}

__all__ = [*_EXPORTS, "__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from clf.corpus import read_labeled
    from clf.document import Article, Document, Label, LabeledDocument
    from clf.errors import ClfError, DataFormatError, InputError, ModelError, TrainingDataError
    from clf.htmltext import html_to_lines
    from clf.inference import Model, load_model
    from clf.model import ModelParams
    from clf.reconstruct import reconstruct
    from clf.training import cross_validate, train


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'clf' has no attribute {name!r}")
