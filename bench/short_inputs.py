"""How does clf do on a few lines of text instead of a whole page?

    python bench/short_inputs.py [--model models/default.joblib] [--sets wcxb-articles] [--seed 0]

clf is built for whole pages: many of its features look at the page around a line (where
the long lines are, what the page's prose shares, how far the article's start is). A user
may also give it a fragment. From each held-out page's derived labels (both converter
styles; bench/quality.py's held-out quarter, never trained on) the script draws, with a
seeded generator:
- a head window: 2 to 8 non-empty lines from up to 3 lines before the first content line
  (a menu line, the title, the byline, the first paragraph);
- a body window: 1 to 4 consecutive body lines from inside the article, alone (a pasted
  paragraph or two).
Each window is classified on its own, and the script prints line accuracy, per-label F1,
how many windows holding gold body came out with no body line at all, and how many came out
with body lines but an empty clean body (`clf clean`'s, clf.reconstruct: its only body line
taken for the title).
Needs data/derived (`clf build-data`).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from clf import datasets
from clf.augment import CONTENT
from clf.corpus import read_labeled
from clf.document import LABEL_NAMES, Label, LabeledDocument
from clf.evaluate import label_report
from clf.htmltext import STYLES
from clf.inference import load_model
from clf.reconstruct import reconstruct

ROOT = Path(__file__).resolve().parent.parent
HEAD_LINES = (2, 8)
BODY_LINES = (1, 4)
MAX_CONTEXT = 3

Window = tuple[list[str], list[Label]]


def windows(doc: LabeledDocument, rng: random.Random) -> dict[str, Window]:
    """The head window and (when the article has 7 body lines or more) a body window of `doc`."""
    lines = [(text, label) for text, label in zip(doc.lines, doc.labels) if label is not None]
    content = [k for k, (_, label) in enumerate(lines) if label in CONTENT]
    out: dict[str, Window] = {}
    if not content:
        return out
    first = max(0, content[0] - rng.randint(0, MAX_CONTEXT))
    head = lines[first:first + rng.randint(*HEAD_LINES)]
    out["head"] = ([t for t, _ in head], [label for _, label in head])
    body = [k for k, (_, label) in enumerate(lines) if label is Label.BODY]
    if len(body) >= 7:
        start = rng.choice(body[1:-5])
        run = []
        for text, label in lines[start:start + rng.randint(*BODY_LINES)]:
            if label is not Label.BODY:
                break
            run.append(text)
        out["body"] = (run, [Label.BODY] * len(run))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", help="model file (default: the shipped model)")
    parser.add_argument("--sets", nargs="+", default=["wcxb-articles"], help="derived sets to draw windows from")
    parser.add_argument("--seed", type=int, default=0, help="seed of the window draws")
    args = parser.parse_args(argv)
    model = load_model(args.model)
    rng = random.Random(args.seed)
    drawn: dict[str, list[Window]] = {"head": [], "body": []}
    for set_name in args.sets:
        for style in STYLES:
            folder = ROOT / "data/derived" / set_name / style
            if not folder.is_dir():
                print(f"short_inputs: {folder} is missing; run `clf build-data --set {set_name}`", file=sys.stderr)
                return 1
            for doc in read_labeled([folder]):
                if datasets.is_heldout(set_name, Path(doc.id).stem):
                    for kind, window in windows(doc, rng).items():
                        drawn[kind].append(window)
    print(f"Measured with `python bench/short_inputs.py --seed {args.seed}` on the held-out pages of {', '.join(args.sets)} "
          f"({', '.join(STYLES)} text)\n")
    print("| window | windows | lines | line accuracy | " + " | ".join(f"{n} F1" for n in LABEL_NAMES)
          + " | windows with gold body but no body | body lines, but the clean body empty |")
    print("|---|" + "---:|" * (len(LABEL_NAMES) + 5))
    for kind, found in drawn.items():
        predicted = model.classify_many(["\n".join(lines) for lines, _ in found])
        gold, got, missed, emptied = [], [], 0, 0
        for (_, labels), doc in zip(found, predicted):
            mine = [label for label in doc.labels if label is not None]
            gold += [LABEL_NAMES.index(label.value) for label in labels]
            got += [LABEL_NAMES.index(label.value) for label in mine]
            missed += Label.BODY in labels and Label.BODY not in mine
            emptied += Label.BODY in mine and not reconstruct(doc).body
        report = label_report(gold, got)
        accuracy = sum(a == b for a, b in zip(gold, got)) / max(len(gold), 1)
        with_body = sum(Label.BODY in labels for _, labels in found)
        f1 = " | ".join(f"{f:.3f}" if s else "" for f, s in zip(report.f1, report.support))
        print(f"| {kind} | {len(found)} | {len(gold)} | {accuracy:.3f} | {f1} | {missed} of {with_body} "
              f"| {emptied} of {len(found)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
