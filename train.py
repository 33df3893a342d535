"""Train the default model: `python train.py` (labelled data in data/labeled/).

Any arguments are those of `clf train`; with none, it trains models/default.joblib
from data/labeled/ with 5-fold cross-validation grouped by document.
"""

import sys

from clf.cli import app

if __name__ == "__main__":
    args = sys.argv[1:] or ["data/labeled", "--output", "models/default.joblib"]
    app(["train", *args], prog_name="train.py")
