"""Score a training recipe on a tuning split of wcxb-articles' training pages.

    python bench/tune.py [--params '{"stage1_alpha": 3e-5}'] [--own DIR...] [--own-weight 10] [--extra data/derived/readability-testpages]
                         [--seeds 0 1 2] [--trafilatura] [--cleaneval 250] [--save PATH]
                         [--snippets trafilatura-eval=5] [--swap]

Choices of features, data and parameters are made here, never on bench/quality.py's
held-out pages. The wcxb-articles pages outside the held-out quarter are split in two by a
seeded hash of the page id: a model is trained on data/labeled (weighing --own-weight) plus
the derived lines of the first half (and of each --extra source, without its held-out
quarter), and scored on the second half's pages, read through clf's converter in both
styles (and, as checks, the blocks text without its blank lines and the gettext text as
one line), with bench/quality.py's
body F1, line by line against the derived labels (per-label F1 and macro-F1), and by the
share of pages whose title is the gold title and whose byline names the gold author
(--trafilatura: also trafilatura's body F1 on the same pages' HTML, for comparison, clf's
on html-text's text of them, and clf's difference from trafilatura with bench/quality.py's
paired bootstrap). --snippets SET=W also
trains on the first half (the same hash) of a sparse-gold set's pages outside its held-out
quarter, with partial labels (clf.derive.snippet_documents), and scores snippet F1 on its
second half, as bench/quality.py does on the held-out quarter. A
second check scores every second cleaneval page outside its held-out quarter
(--cleaneval N of them; 0 skips it): an older web and a broader notion of content, never
trained on (the set has no licence). Plain SGD's seed alone once moved that check by over two
points, so read a difference under a few tenths on either as noise; --seeds 0 1 2 trains and
scores one model per seed and sums up the spread of their body F1 (each seed's run is as long
as a plain run).
--swap trains on the second half and scores the first, of wcxb-articles and of each
--snippets set: pages no choice was ever made on, for a second out-of-sample comparison
with trafilatura beside the held-out quarter's.
One run takes about 3 minutes on 2 cores.
Needs data/derived/wcxb-articles (`clf build-data --set wcxb-articles`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from clf import datasets
from clf.corpus import read_labeled
from clf.derive import gold_authors, snippet_documents
from clf.evaluate import body_f1, page_scores, paired_difference, snippet_score
from clf.htmltext import html_to_lines
from clf.model import ModelParams
from clf.training import train

ROOT = Path(__file__).resolve().parents[1]
SET = "wcxb-articles"
CHECK_SET = "cleaneval"
STYLES = ("blocks", "gettext")
FLAT = "blocks without blank lines"  # also scored: how a scraper without paragraph gaps reads
ONE_LINE = "gettext as one line"  # and one that loses every line break (get_text(" "))


def tuning_half(page_id: str) -> int:
    """0: trained on; 1: scored on. Fixed by the page id (seeded hash, like is_heldout)."""
    return hashlib.sha1(f"tune:{page_id}".encode()).digest()[0] % 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--params", default="{}", help="ModelParams fields as JSON (default: the defaults)")
    parser.add_argument("--own", type=Path, nargs="+", default=[ROOT / "data/labeled"], metavar="DIR",
                        help="folders of our own labelled documents (default: data/labeled)")
    parser.add_argument("--own-weight", type=float, default=10.0, help="weight of each of our own documents")
    parser.add_argument("--extra", nargs="*", default=[],
                        help="more derived sets to train on, SOURCE or SOURCE=WEIGHT (their held-out quarter left out)")
    parser.add_argument("--save", type=Path, metavar="PATH", help="also save the tuning model here (for error analysis)")
    parser.add_argument("--trafilatura", action="store_true",
                        help="also score trafilatura on the tuning pages' HTML (the bench extra), for comparison")
    parser.add_argument("--seeds", type=int, nargs="+", metavar="SEED",
                        help="train and score one model per seed (ModelParams.seed) and sum up their body F1: "
                             "what training noise alone moves")
    parser.add_argument("--snippets", nargs="*", default=[], metavar="SET=W",
                        help="also train on the first tuning half of a sparse-gold set (trafilatura-eval) with partial "
                             "labels (clf.derive.snippet_documents), each known line weighing W, and score snippet F1 on "
                             "its second half")
    parser.add_argument("--swap", action="store_true",
                        help="train on the second half and score the first (of wcxb-articles and of each --snippets set): "
                             "pages no choice was ever made on")
    parser.add_argument("--cleaneval", type=int, default=250, metavar="N",
                        help="also score N cleaneval pages (every second one outside its held-out quarter; 0: skip)")
    args = parser.parse_args(argv)
    given = json.loads(args.params)
    unknown = sorted(set(given) - set(ModelParams.__dataclass_fields__))
    if unknown:
        parser.error(f"--params: unknown ModelParams fields {', '.join(unknown)}")
    params = ModelParams.from_dict(given)
    scored = 0 if args.swap else 1  # the tuning half scored; the other one is trained on

    def page_id(doc) -> str:
        return Path(doc.id).stem

    own = read_labeled(args.own)
    derived = [d for d in read_labeled([ROOT / "data/derived" / SET])
               if not datasets.is_heldout(SET, page_id(d)) and tuning_half(page_id(d)) != scored]
    extra, extra_weights = [], []
    for item in args.extra:  # SOURCE or SOURCE=WEIGHT
        source, _, weight = item.partition("=")
        docs = [d for d in read_labeled([Path(source)]) if not datasets.is_heldout(Path(source).name, page_id(d))]
        extra += docs
        extra_weights += [float(weight or 1.0)] * len(docs)
    partial, partial_weights, snippet_checks = [], [], {}
    for item in args.snippets:  # SET=W
        set_name, _, weight = item.partition("=")
        halves: list[list] = [[], []]  # the set read once, split by the tuning hash
        for p in datasets.iter_pages(set_name):
            if not datasets.is_heldout(set_name, p.id):
                halves[tuning_half(p.id)].append(p)
        found = snippet_documents(set_name, pages=halves[1 - scored])
        partial += found
        partial_weights += [float(weight or 1.0)] * len(found)
        snippet_checks[set_name] = (halves[scored], {style: [html_to_lines(p.html, style) for p in halves[scored]] for style in STYLES})
    pages = [p for p in datasets.iter_pages(SET) if not datasets.is_heldout(SET, p.id) and tuning_half(p.id) == scored]
    gold = [datasets.gold_body_text(SET, p) for p in pages]
    texts = {style: [html_to_lines(p.html, style) for p in pages] for style in STYLES}
    texts[FLAT] = [[line for line in lines if line.strip()] for lines in texts["blocks"]]
    titles = [p.gold.get("title") or "" for p in pages]
    authors = [p.gold.get("author") or "" for p in pages]
    check = [p for p in datasets.iter_pages(CHECK_SET) if not datasets.is_heldout(CHECK_SET, p.id)][::2][:args.cleaneval]
    check_gold = [datasets.gold_body_text(CHECK_SET, p) for p in check]
    check_texts = {style: [html_to_lines(p.html, style) for p in check] for style in STYLES}
    sys.path.insert(0, str(ROOT / "bench"))
    from quality import (  # bench/quality.py's
        body_text, clf_articles, clf_bodies, head_shares, html_text_lines, line_scores, lost_line_breaks,
        run_trafilatura)
    texts[ONE_LINE] = [lost_line_breaks(lines) for lines in texts["gettext"]]

    seeds = args.seeds or [params.seed]
    f1s: dict[str, list[float]] = {}
    for k, seed in enumerate(seeds):
        start = time.perf_counter()
        model = train(own + derived + extra + [doc for doc, _ in partial], replace(params, seed=seed),
                      weights=[args.own_weight] * len(own) + [1.0] * len(derived) + extra_weights + partial_weights,
                      known=[None] * (len(own) + len(derived) + len(extra)) + [np.array(mask) for _, mask in partial])
        seconds = time.perf_counter() - start
        if args.save and k == 0:
            model.save(args.save)
        articles = {style: clf_articles(model, style_texts)[0] for style, style_texts in texts.items()}
        per_page = {style: page_scores(zip(map(body_text, style_articles), gold)) for style, style_articles in articles.items()}
        scores = {style: style_pages.pooled() for style, style_pages in per_page.items()}
        print(f"{f'seed {seed}: ' if len(seeds) > 1 else ''}trained on {len(own)} own + {len(derived)} + {len(extra)} "
              f"derived documents{f' + {len(partial)} partially labelled' if partial else ''} in {seconds:.0f} s; "
              f"scored on {len(pages)} tuning pages of {SET}")
        if args.trafilatura and k == 0:
            traf_pages = page_scores(zip((run_trafilatura(p.html) for p in pages), gold))
            traf = traf_pages.pooled()
            print(f"{'trafilatura (HTML)':<26} body P {traf.precision:.3f}  R {traf.recall:.3f}  F1 {traf.f1:.3f}")
            html_text = page_scores(zip(clf_bodies(model, [html_text_lines(p.html) for p in pages])[0], gold))
            got = html_text.pooled()
            print(f"{'html-text':<26} body P {got.precision:.3f}  R {got.recall:.3f}  F1 {got.f1:.3f}")
            for style, style_pages in [*((style, per_page[style]) for style in STYLES), ("html-text", html_text)]:
                d = paired_difference(style_pages, traf_pages)  # paired over the pages, as bench/quality.py does
                print(f"{style + ' minus trafilatura':<26} {d.f1:+.3f} [{d.low:+.3f}, {d.high:+.3f}], "
                      f"at least as high in {d.ahead:.0%} of {d.resamples} resamples")
        for style in STYLES:
            shares = head_shares(articles[style], titles, authors)
            print(f"{'head ' + style:<26} title right {shares['title'][0]:.3f} of {shares['title'][1]} pages, "
                  f"byline names the author {shares['byline'][0]:.3f} of {shares['byline'][1]}")
        for style in STYLES:
            report = line_scores(model, SET, pages, style)
            per_label = "  ".join(f"{name} {f:.3f}" for name, f in zip(report.labels, report.f1))
            print(f"{'lines ' + style:<26} {per_label}  macro-F1 {report.macro_f1:.3f}")
        for set_name, (check_pages, check_lines) in snippet_checks.items():
            for style in STYLES:
                check_articles = clf_articles(model, check_lines[style])[0]
                got = snippet_score((body_text(a), p.gold.get("with") or [], p.gold.get("without") or [])
                                    for a, p in zip(check_articles, check_pages))
                shares = head_shares(check_articles, [p.gold.get("title") or "" for p in check_pages],
                                     ["; ".join(gold_authors(p.gold.get("author"))) for p in check_pages])
                print(f"{set_name + ' ' + style:<26} snippet P {got.precision:.3f}  R {got.recall:.3f}  F1 {got.f1:.3f}"
                      f"  title right {shares['title'][0]:.3f} of {shares['title'][1]}, byline names the author "
                      f"{shares['byline'][0]:.3f} of {shares['byline'][1]}  ({len(check_pages)} pages of its second half)")
        for style in STYLES if check else ():
            scores[f"{CHECK_SET} {style}"] = body_f1(zip(clf_bodies(model, check_texts[style])[0], check_gold))
        for name, s in scores.items():
            pages_note = f"  ({len(check)} pages)" if name.startswith(CHECK_SET) else ""
            print(f"{name:<26} body P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}{pages_note}")
            f1s.setdefault(name, []).append(s.f1)
        print(f"mean F1 of {' and '.join(STYLES)} {sum(scores[s].f1 for s in STYLES) / len(STYLES):.4f}"
              f"  params {json.dumps(given)}"
              f"  own weight {args.own_weight:g}  extra {args.extra}")
    if len(seeds) > 1:
        print(f"over seeds {' '.join(map(str, seeds))}:")
        for name, values in f1s.items():
            print(f"{name:<26} body F1 mean {np.mean(values):.4f}  min {min(values):.3f}  max {max(values):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
