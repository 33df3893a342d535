"""clf.ngrams against scikit-learn's TfidfVectorizer: same features, how much faster?

    python bench/ngrams_speed.py [--limit N]

Lines: the non-empty lines of the held-out pages of bench/quality.py as blocks text. Both
are fitted on the first half (min_df 2, the default model's n-gram ranges and feature caps)
and transform all lines; the script checks the vocabularies and matrices agree and prints
seconds for each.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="at most this many pages")
    args = parser.parse_args(argv)

    from sklearn.feature_extraction.text import TfidfVectorizer

    from clf.htmltext import html_to_lines
    from clf.model import ModelParams
    from clf.ngrams import CharNgrams, WordNgrams

    sys.path.insert(0, str(ROOT / "bench"))
    from speed import heldout_pages

    lines = [line.strip() for p in heldout_pages(args.limit) for line in html_to_lines(p.html, "blocks") if line.strip()]
    fit_on = lines[: len(lines) // 2]
    params = ModelParams()
    pairs = {
        "word": (WordNgrams(params.word_ngrams, params.min_df, params.max_word_features),
                 TfidfVectorizer(ngram_range=params.word_ngrams, min_df=params.min_df, sublinear_tf=True,
                                 max_features=params.max_word_features, dtype=np.float32)),
        "char_wb": (CharNgrams(params.char_ngrams, params.min_df, params.max_char_features),
                    TfidfVectorizer(analyzer="char_wb", ngram_range=params.char_ngrams, min_df=params.min_df,
                                    sublinear_tf=True, max_features=params.max_char_features, dtype=np.float32)),
    }
    print(f"{len(lines)} lines, fitted on {len(fit_on)}\n")
    print("| analyzer | clf.ngrams fit | scikit-learn fit | clf.ngrams transform | scikit-learn transform | same features |")
    print("|---|---:|---:|---:|---:|---|")
    for name, (ours, theirs) in pairs.items():
        timings = []
        for model in (ours, theirs):
            start = time.perf_counter()
            model.fit(fit_on)
            timings.append(time.perf_counter() - start)
        matrices = []
        for model in (ours, theirs):
            start = time.perf_counter()
            matrices.append(model.transform(lines))
            timings.append(time.perf_counter() - start)
        names = ours.feature_names()
        # max_features ties may break differently; compare on the features both kept
        shared = [n for n in names if n in theirs.vocabulary_]
        ours_cols = [i for i, n in enumerate(names) if n in theirs.vocabulary_]
        a = matrices[0][:, ours_cols]
        b = matrices[1][:, [theirs.vocabulary_[n] for n in shared]]
        same = f"{len(shared) / len(names):.4f} of the vocabulary; max difference {abs(a - b).max():.1e}"
        print(f"| {name} | {timings[0]:.2f} s | {timings[1]:.2f} s | {timings[2]:.2f} s | {timings[3]:.2f} s | {same} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
