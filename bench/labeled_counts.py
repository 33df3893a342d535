"""Print the per-label and per-language counts of data/labeled/ as a markdown table.

    python bench/labeled_counts.py [data/labeled]

The language is the file name's prefix (en_01_politics.tsv is English).
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path

from clf.corpus import read_labeled
from clf.document import LABEL_NAMES


def main(folder: str = "data/labeled") -> None:
    counts: dict[str, Counter] = defaultdict(Counter)
    docs_per_lang: Counter = Counter()
    for doc in read_labeled([folder]):
        lang = Path(doc.id).name.split("_", 1)[0]
        docs_per_lang[lang] += 1
        counts[lang].update(label.value for label in doc.labels if label is not None)
    header = ["language", "documents", *LABEL_NAMES, "lines"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    total: Counter = Counter()
    for lang in sorted(counts):
        total.update(counts[lang])
        row = [lang, docs_per_lang[lang], *(counts[lang][n] for n in LABEL_NAMES), sum(counts[lang].values())]
        print("| " + " | ".join(str(x) for x in row) + " |")
    row = ["all", sum(docs_per_lang.values()), *(total[n] for n in LABEL_NAMES), sum(total.values())]
    print("| " + " | ".join(f"**{x}**" for x in row) + " |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("folder", nargs="?", default="data/labeled", help="folder of labelled documents")
    main(parser.parse_args().folder)
