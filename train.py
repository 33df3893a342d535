"""Train the shipped default model: `python train.py`.

With no arguments it trains models/default.joblib the way the shipped one was made:
our own documents in data/labeled/ (each weighing 10, DEFAULT_OWN_WEIGHT) plus the lines
derived from the wcxb-articles (CC BY 4.0) and readability-testpages (Apache-2.0)
benchmarks, without their held-out quarters (bench/quality.py scores on wcxb-articles'),
and the pages of trafilatura-eval (Apache-2.0 annotations) outside its held-out quarter with
partial labels: only the lines its with/without snippets speak for count, each weighing
5 (SNIPPET_WEIGHT; `clf train --snippets`; read from the datasets folder, never written).
The derived lines are built first (`clf build-data`, about 20 s) when a set's folder under
data/derived is missing and ../shared/datasets is there; without the datasets it trains on
data/labeled alone and says so. 5-fold cross-validation grouped
by document runs on data/labeled first and is stored in the sidecar.

Any arguments are passed to `clf train` instead, e.g. `python train.py data/labeled -o m.joblib`.
"""

import sys
from pathlib import Path

from clf.cli import app

ROOT = Path(__file__).resolve().parent
OWN = "data/labeled"
DERIVED_SETS = ("wcxb-articles", "readability-testpages")  # the sets whose licence allows a shipped model
DEFAULT_OWN_WEIGHT = 10
SNIPPET_SETS = ("trafilatura-eval",)  # sparse gold: partial labels (clf.derive.snippet_documents)
SNIPPET_WEIGHT = 5  # chosen with bench/tune.py --snippets (docs/EXPERIMENTS.md, Partial labels)


def default_arguments() -> list[str]:
    from clf.datasets import DATASETS_DIR

    sources = [OWN]
    missing = [name for name in DERIVED_SETS if not (ROOT / "data/derived" / name).is_dir() and (DATASETS_DIR / name).is_dir()]
    if missing:
        print(f"train.py: building data/derived/{{{','.join(missing)}}} from {DATASETS_DIR}", file=sys.stderr)
        options = [arg for name in missing for arg in ("--set", name)]
        code = app(["build-data", *options, "-o", "data/derived"], prog_name="train.py", standalone_mode=False)
        if code:  # build-data has printed its one-line error; do not train on part of the data
            sys.exit(code)
    for name in DERIVED_SETS:
        if (ROOT / "data/derived" / name).is_dir():
            sources.append(f"data/derived/{name}")
        else:
            print(f"train.py: no derived lines in data/derived/{name} (datasets: {DATASETS_DIR}); training without them", file=sys.stderr)
    snippets = []
    for name in SNIPPET_SETS:
        if (DATASETS_DIR / name).is_dir():
            snippets += ["--snippets", f"{name}={SNIPPET_WEIGHT}"]
        else:
            print(f"train.py: no {DATASETS_DIR / name}; training without its snippets", file=sys.stderr)
    return [*sources, "--exclude-heldout", "--weight", f"{OWN}={DEFAULT_OWN_WEIGHT}", *snippets,
            "--cv-source", OWN, "--output", "models/default.joblib"]


if __name__ == "__main__":
    if sys.argv[1:] in (["--help"], ["-h"]):  # what no arguments do, then `clf train`'s options
        print(__doc__.strip() + "\n\nOptions of `clf train`:")
        sys.argv[1:] = ["--help"]
    args = sys.argv[1:] or default_arguments()
    app(["train", *args], prog_name="train.py")
