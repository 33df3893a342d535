"""How stage 1 does when trained on only a few documents: plain against averaged SGD.

    python bench/small_training.py [--sizes 4 12] [--draws 3]

For each size N and draw, N documents of data/labeled are picked at random (seeded by the
draw), a model is trained on them with the default ModelParams once with plain SGD
(`stage1_average` off) and once averaged (clf.model.AVERAGE_MIN_LINES, below which training
turns averaging off, set to 0 here), and both are scored on the other documents of
data/labeled: line macro-F1 over the four labels. Under a minute on 2 cores.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import replace
from pathlib import Path

import clf.model
from clf.corpus import read_labeled
from clf.model import ModelParams
from clf.training import evaluate_model, train

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[4, 12], help="training documents per draw")
    parser.add_argument("--draws", type=int, default=3, help="random draws per size")
    args = parser.parse_args(argv)
    docs = read_labeled([ROOT / "data/labeled"])
    clf.model.AVERAGE_MIN_LINES = 0
    print("documents  draw  plain SGD  averaged SGD")
    for size in args.sizes:
        for draw in range(args.draws):
            picked = set(random.Random(draw).sample(range(len(docs)), size))
            fit = [d for i, d in enumerate(docs) if i in picked]
            test = [d for i, d in enumerate(docs) if i not in picked]
            plain, averaged = (evaluate_model(train(fit, replace(ModelParams(), stage1_average=a)), test).macro_f1
                               for a in (False, True))
            print(f"{size:>9}  {draw:>4}  {plain:>9.3f}  {averaged:>12.3f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
