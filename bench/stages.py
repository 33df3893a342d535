"""Where does `clf clean` spend its time? Seconds per stage on the held-out pages.

    python bench/stages.py [--model models/default.joblib] [--limit N] [--batch 64]

Pages: the held-out pages of bench/quality.py as blocks text (as bench/speed.py uses them).
Each stage runs on its own over all pages, in batches of `--batch` documents as `clf clean`
does; the rows are the stages of clf.predictor.Predictor plus rebuilding the articles and
rendering them as JSON. Also start-up: importing clf's inference code and loading the model.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def startup_seconds(model: Path | None) -> tuple[float, float]:
    """Import of clf.inference and model load, in a fresh interpreter."""
    code = (
        "import time, sys; t = time.perf_counter(); from clf.inference import load_model; "
        "i = time.perf_counter() - t; t = time.perf_counter(); load_model(sys.argv[1] or None); "
        "print(i, time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(model or "")], capture_output=True, text=True, check=True)
    imported, loaded = map(float, out.stdout.split())
    return imported, loaded


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=None, help="at most this many pages")
    parser.add_argument("--batch", type=int, default=64, help="documents per batch")
    args = parser.parse_args(argv)

    import numpy as np

    from clf.document import Document
    from clf.features import BODY, blank_flags, dense_matrix, document_rows, refine_matrix, row_texts
    from clf.htmltext import html_to_lines
    from clf.inference import load_model
    from clf.output import CleanFormat, render_clean
    from clf.predictor import BOILERPLATE, with_refined
    from clf.reconstruct import reconstruct
    from clf.tail import cut_tail

    sys.path.insert(0, str(ROOT / "bench"))
    from speed import heldout_pages

    imported, loaded = startup_seconds(args.model)
    pages = heldout_pages(args.limit)
    texts = ["\n".join(html_to_lines(p.html, "blocks")) for p in pages]
    docs = [Document.from_text(t) for t in texts if t.strip()]
    model = load_model(args.model)
    predictor = model.predictor
    batches = [docs[k:k + args.batch] for k in range(0, len(docs), args.batch)]
    times: dict[str, float] = {}

    def timed(name: str, fn, *a):
        start = time.perf_counter()
        out = fn(*a)
        times[name] = times.get(name, 0.0) + time.perf_counter() - start
        return out

    for batch in batches:
        rows, sizes = [], []
        for doc in batch:
            doc_rows = timed("rows (split, strip)", document_rows, doc.lines)
            rows.extend(doc_rows)
            sizes.append(len(doc_rows))
        text = row_texts(rows)
        word = timed("word TF-IDF", predictor.word.transform, text)
        char = timed("char TF-IDF", predictor.char.transform, text)
        dense = timed("dense features", dense_matrix, rows)
        probs1 = timed("stage 1 (linear)", predictor.stage1.proba, [word, char, dense])
        body = None if predictor.trees is None else timed("shape trees", lambda: predictor.trees.proba(dense)[:, 1:])
        window = timed("stage 2 (window, linear)", predictor.stage2_inputs, probs1, sizes, body, blank_flags(rows))
        probs2 = timed("stage 2 (window, linear)", predictor.stage2.proba, [window])
        if predictor.refine is not None:
            inputs = timed("refining trees: their inputs", refine_matrix, probs2, sizes, predictor.window, probs1,
                           dense, body)
            probs2 = timed("refining trees", lambda p=probs2, x=inputs: with_refined(p, predictor.refine.classes,
                                                                                   predictor.refine.proba(x)))
        labels = timed("Viterbi", predictor.decode_many, probs2, sizes)
        decoded = labels.copy()

        spans = list(zip(np.cumsum([0, *sizes[:-1]]), np.cumsum(sizes)))  # each document's rows

        def tail_pass() -> None:
            for a, b in spans:
                labels[a:b] = cut_tail(labels[a:b], text[a:b], dense[a:b], probs2[a:b],
                                       None if body is None else body[a:b], predictor._tail_score,
                                       predictor.tail_threshold, BODY, BOILERPLATE)

        if predictor.tail is not None:
            timed("article-end trees", tail_pass)

        def head_passes() -> None:
            for a, b in spans:
                predictor.promote_head(labels[a:b], text[a:b], dense[a:b], probs2[a:b],
                                       None if body is None else body[a:b])

        timed("headline and byline passes", head_passes)

        def title_pass() -> None:
            for a, b in spans:
                predictor.choose_title(labels[a:b], text[a:b], rows[a].ctx.keys() if b > a else [], probs2[a:b])

        if predictor.title is not None:
            timed("title trees", title_pass)

        def document_pass() -> None:
            for a, b in spans:
                predictor.document_pass(decoded[a:b], rows[a:b], dense[a:b], probs2[a:b],
                                        None if body is None else body[a:b])

        timed("document pass (article-end trees, head passes, line rules, title: all of Predictor.document_pass)",
              document_pass)
        labeled = timed("classify_many (all of the above)", model.classify_many, batch)
        timed("reconstruct", lambda: [reconstruct(d) for d in labeled])
        timed("reconstruct + render JSON", lambda: [render_clean(CleanFormat.json, False, d) for d in labeled])

    print(f"{len(docs)} pages, batches of {args.batch}; import of clf.inference {imported:.2f} s, "
          f"model load {loaded:.2f} s\n")
    print("| stage | seconds | share of classify_many |")
    print("|---|---:|---:|")
    total = times["classify_many (all of the above)"]
    for name, seconds in times.items():
        print(f"| {name} | {seconds:.2f} | {seconds / total:.0%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
