"""Train the shipped default model: `python train.py`.

With no arguments it trains models/default.joblib the way the shipped one was made:
our own documents in data/labeled/ (each weighing DEFAULT_OWN_WEIGHT) plus the lines
derived from the wcxb-articles benchmark (CC BY 4.0), without its held-out quarter, which
bench/quality.py scores on. The derived lines are built first (`clf build-data`, about
20 s) when data/derived/wcxb-articles is missing and ../shared/datasets is there; without
the datasets it trains on data/labeled alone and says so. 5-fold cross-validation grouped
by document runs on data/labeled first and is stored in the sidecar.

Any arguments are passed to `clf train` instead, e.g. `python train.py data/labeled -o m.joblib`.
"""

import sys
from pathlib import Path

from clf.cli import app

ROOT = Path(__file__).resolve().parent
OWN = "data/labeled"
DERIVED_SET = "wcxb-articles"
DERIVED = f"data/derived/{DERIVED_SET}"
DEFAULT_OWN_WEIGHT = 10


def default_arguments() -> list[str]:
    from clf.datasets import DATASETS_DIR

    sources = [OWN]
    if not (ROOT / DERIVED).is_dir() and (DATASETS_DIR / DERIVED_SET).is_dir():
        print(f"train.py: building {DERIVED} from {DATASETS_DIR / DERIVED_SET}", file=sys.stderr)
        code = app(["build-data", "--set", DERIVED_SET, "-o", "data/derived"], prog_name="train.py", standalone_mode=False)
        if code:  # build-data has printed its one-line error; do not train on part of the data
            sys.exit(code)
    if (ROOT / DERIVED).is_dir():
        sources.append(DERIVED)
    else:
        print(f"train.py: no derived lines in {DERIVED} (datasets: {DATASETS_DIR}); training on {OWN} only", file=sys.stderr)
    return [*sources, "--exclude-heldout", "--weight", f"{OWN}={DEFAULT_OWN_WEIGHT}",
            "--cv-source", OWN, "--output", "models/default.joblib"]


if __name__ == "__main__":
    args = sys.argv[1:] or default_arguments()
    app(["train", *args], prog_name="train.py")
