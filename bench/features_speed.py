"""How fast are the dense features (line shape and context)?

    python bench/features_speed.py [--files 100] [--repeat 5]

Lines: the first N files of data/derived/wcxb-articles/blocks, read with
clf.corpus.read_labeled. Times `dense_matrix(document_rows(doc.lines))` per
document (fresh rows each time, so nothing is cached) and prints lines/s, best of
--repeat runs.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from clf.corpus import read_labeled
from clf.features import dense_matrix, document_rows

BLOCKS = Path(__file__).resolve().parent.parent / "data/derived/wcxb-articles/blocks"


def time_dense(docs: list, repeat: int) -> tuple[int, float]:
    """Rows featurised per run and the best wall time of `repeat` runs."""
    best = float("inf")
    n_rows = 0
    for _ in range(repeat):
        rows_per_doc = [document_rows(doc.lines) for doc in docs]
        n_rows = sum(len(rows) for rows in rows_per_doc)
        start = time.perf_counter()
        for rows in rows_per_doc:
            dense_matrix(rows)
        best = min(best, time.perf_counter() - start)
    return n_rows, best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    files = sorted(BLOCKS.glob("*.tsv"))[: args.files]
    docs = read_labeled(files)
    n_rows, seconds = time_dense(docs, args.repeat)
    print(f"{len(docs)} documents, {n_rows} lines: dense features in {seconds:.3f} s "
          f"(best of {args.repeat}), {n_rows / seconds:,.0f} lines/s")


if __name__ == "__main__":
    main()
