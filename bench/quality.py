"""Compare clf with the best HTML extractors on held-out benchmark pages.

    python bench/quality.py [--sets wcxb-articles l3s-gn1] [--snippet-sets trafilatura-eval]
                            [--model models/default.joblib] [--limit N] [--json PATH]

For each held-out page (a fixed quarter of each set, chosen by a seeded hash of the page
id, never trained on; see clf.datasets.is_heldout):
- clf reads the page as plain text, from clf's own converter (blocks and gettext styles)
  and from four independent ones (html-text; inscriptis, which lays pages out as a
  browser's text view would: indented lists, tables in columns; resiliparse's plain text of
  the whole page, `main_content=False`, which marks every list item with a bullet;
  markdownify's Markdown of the page's body, scripts and styles dropped, every link as
  `[text](url)`); and, as other scrapers give text, clf's blocks text without its blank
  lines (as in WET files), its blocks text wrapped at 78 columns (as text browsers' dumps
  and html2text give it), and its gettext text as one line (every line break lost, as
  `get_text(" ", strip=True)` gives it); and as naive scrapers give it, scripts and styles
  kept: every text node of the tree a line (lxml's itertext()), and the source with its tags
  cut out by a regular expression; its body is `clf clean`'s `body` (from
  Markdown, scored with its links read as their text, clf.markdown.links_as_text: the URLs
  are no text of the page);
- trafilatura (include_comments=False) and readability-lxml read the page's HTML.
Article level: body F1 over 4-token shingles (P averaged over pages with output, R over
all pages), and for each clf row its difference from trafilatura with a paired bootstrap
over the pages (2,000 draws of the pages with replacement, the same draw for both
systems): the 95% interval of the difference and the share of draws in which clf is at
least as high, which says how much the choice of pages alone could move the comparison.
Line level: clf's per-label P/R/F1 against the derived labels. Article head, for each
converter clf reads: the share of pages whose title is the gold title, and whose byline
names the gold author.
Non-English check (--snippet-sets, default trafilatura-eval, mostly German): its gold is
sparse, a few snippets per page that must be in the main text (`with`) and a few that must
not (`without`); each system's body is checked for each snippet (whitespace squeezed):
snippet P = with-snippets found / all snippets found, R = with-snippets found / all
with-snippets (trafilatura's own scoring of this set), over the held-out pages and over
those whose with-snippets do not look English (a guess from frequent English words).
Pages per second count only each system's own work (for clf: classify + rebuild from
text; the converter's time is shown in its own row).
Needs the bench extra: pip install -e '.[bench]'.
"""

from __future__ import annotations

import argparse
import html as html_lib
import json
import re
import sys
import textwrap
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import NamedTuple

import lxml.html

from clf import datasets, derive
from clf.document import LABELS, Article, Document
from clf.evaluate import PageScores, format_report, label_report, page_scores, paired_difference, snippet_score
from clf.markdown import links_as_text
from clf.htmltext import html_to_lines
from clf.inference import Model, load_model
from clf.reconstruct import reconstruct

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SETS = ("wcxb-articles", "l3s-gn1")
SNIPPET_SETS = ("trafilatura-eval",)  # sparse gold: with / without snippets, mostly not English
# Frequent English words; a page whose with-snippets hold few of them is counted as not English
# (a guess for the report's second row; the set records no language).
ENGLISH_WORDS = frozenset("the and of to a in is that for it with as on was be are by this have from or at".split())
ENGLISH_SHARE = 0.08
BASELINE = "trafilatura (HTML)"  # the row clf's rows are compared with, page by page
VS_BASELINE = "vs_trafilatura"  # the key of that comparison in a clf row


TAG_RE = re.compile(r"<[^>]*>")


def heldout_pages(set_name: str, limit: int | None) -> list:
    pages = [p for p in datasets.iter_pages(set_name) if datasets.is_heldout(set_name, p.id)]
    return pages[:limit] if limit else pages


def page_text(html: bytes | str) -> str:
    """The page as a string (bytes read as UTF-8), as the converters below take it."""
    return html.decode("utf-8", "replace") if isinstance(html, bytes) else html


def utf8_tree(text: str):
    """lxml's tree of a page string parsed as UTF-8 bytes (lxml refuses a str that declares an
    encoding it cannot strip)."""
    return lxml.html.document_fromstring(text.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))


def html_text_lines(html: bytes | str) -> list[str]:
    import html_text

    text = page_text(html)
    return html_text.extract_text(text, guess_layout=True).split("\n")


def inscriptis_lines(html: bytes | str) -> list[str]:
    from inscriptis import Inscriptis, get_text

    text = page_text(html)
    try:
        return get_text(text).split("\n")
    except ValueError:  # lxml refuses a str that declares an encoding it cannot strip; parse the bytes
        return Inscriptis(utf8_tree(text)).get_text().split("\n")


def resiliparse_lines(html: bytes | str) -> list[str]:
    from resiliparse.extract.html2text import extract_plain_text

    text = page_text(html)
    return extract_plain_text(text, main_content=False).split("\n")


def markdownify_lines(html: bytes | str) -> list[str]:
    from markdownify import markdownify

    text = page_text(html)
    try:
        tree = lxml.html.document_fromstring(text)
    except ValueError:  # as in inscriptis_lines
        tree = utf8_tree(text)
    for element in tree.xpath("//script|//style|//noscript|//template"):
        element.drop_tree()
    body = tree.find("body")
    page = lxml.html.tostring(body if body is not None else tree, encoding="unicode")
    return markdownify(page, heading_style="ATX").split("\n")


class Converter(NamedTuple):
    """An independent converter clf is also run on: its row name, HTML to lines, and how
    clf's body from its text is read for scoring (Markdown: links as their text, since the
    URLs' words are no text of the page)."""

    name: str
    convert: Callable[[bytes | str], list[str]]
    read_body: Callable[[str], str] = str


def no_blank_lines(html: bytes | str) -> list[str]:
    """clf's blocks text without its blank lines, as Common Crawl's WET files and many
    scrapers give a page: one block a line, no gap between paragraphs."""
    return [line for line in html_to_lines(html, "blocks") if line.strip()]


def every_text_node(html: bytes | str) -> list[str]:
    """Each text node of the page a line, scripts' and styles' included, as a scraper that
    takes every string of the tree (lxml's itertext(), an older get_text("\\n")) gives it."""
    return [" ".join(node.split()) for node in utf8_tree(page_text(html)).itertext() if node.strip()]


def tags_stripped(html: bytes | str) -> list[str]:
    """The page's source with its tags cut out by a regular expression and its entities read,
    in its own line breaks: the naive scraper's text, scripts and styles kept."""
    return [line.strip() for line in html_lib.unescape(TAG_RE.sub("", page_text(html))).split("\n")]


def wrapped_blocks(html: bytes | str) -> list[str]:
    """clf's blocks text with each line wrapped at 78 columns (textwrap, which also breaks
    after a word's hyphen), as text browsers' dumps (`lynx -dump`, `w3m -dump`) and
    html2text's default give a page: one paragraph on several lines."""
    out: list[str] = []
    for line in html_to_lines(html, "blocks"):
        out.extend(textwrap.wrap(line, 78) or [""])
    return out


def lost_line_breaks(lines: Sequence[str]) -> list[str]:
    """The lines as one line, every line break lost, as a scraper calling BeautifulSoup's
    `get_text(" ", strip=True)` gives a page."""
    return [" ".join(line for line in lines if line.strip())]


def one_line(html: bytes | str) -> list[str]:
    """The page as one line: clf's gettext text with every line break lost."""
    return lost_line_breaks(html_to_lines(html, "gettext"))


OTHER_CONVERTERS: tuple[Converter, ...] = (
    Converter("html-text", html_text_lines), Converter("inscriptis", inscriptis_lines),
    Converter("resiliparse", resiliparse_lines), Converter("markdownify", markdownify_lines, links_as_text),
    Converter("blocks, no blank lines", no_blank_lines), Converter("blocks, wrapped at 78", wrapped_blocks),
    Converter("one line", one_line), Converter("every text node (scripts kept)", every_text_node),
    Converter("tags stripped (regex)", tags_stripped))


def run_trafilatura(html: bytes | str) -> str:
    import trafilatura

    return trafilatura.extract(html, include_comments=False, include_tables=True) or ""


def run_readability(html: bytes | str) -> str:
    from readability import Document as ReadabilityDocument

    summary = ReadabilityDocument(html).summary(html_partial=True)
    if not summary.strip():
        return ""
    tree = lxml.html.fromstring(summary)
    for el in tree.iter("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr"):
        el.tail = "\n" + (el.tail or "")
    return tree.text_content()


def timed(fn: Callable, items: list) -> tuple[list, float]:
    start = time.perf_counter()
    out = [fn(x) for x in items]
    return out, time.perf_counter() - start


def clf_articles(model: Model, texts: list[list[str]]) -> tuple[list[Article], float]:
    """`clf clean`'s articles of the pages, and the seconds classifying and rebuilding took."""
    start = time.perf_counter()
    articles = [reconstruct(doc) for doc in model.classify_many([Document(tuple(lines)) for lines in texts])]
    return articles, time.perf_counter() - start


def clf_bodies(model: Model, texts: list[list[str]]) -> tuple[list[str], float]:
    articles, seconds = clf_articles(model, texts)
    return [body_text(a) for a in articles], seconds


def body_text(article: Article) -> str:
    return "\n\n".join(article.body)


def head_shares(articles: list[Article], titles: list[str], authors: list[str]) -> dict[str, tuple[float, int]]:
    """For the pages with a gold title, the share whose `clf clean` title is it (the same
    words, clf.derive.tokenize, or one a run of the other's); for the pages with a gold
    author, the share whose byline names the first author. With how many pages count."""
    counts = {"title": [0, 0], "byline": [0, 0]}
    for article, title, author in zip(articles, titles, authors):
        first_author = (derive.split_authors(author) or ("",))[0]
        for key, gold, ours, both_ways in (("title", title, article.title, True),
                                           ("byline", first_author, article.byline, False)):
            gold_words = " ".join(derive.tokenize(gold))
            if len(gold_words) < 3:
                continue
            ours_words = " ".join(derive.tokenize(ours))
            inside = f" {gold_words} " in f" {ours_words} " or (
                both_ways and bool(ours_words) and f" {ours_words} " in f" {gold_words} ")
            counts[key][0] += inside
            counts[key][1] += 1
    return {key: (right / max(n, 1), n) for key, (right, n) in counts.items()}


def line_scores(model: Model, set_name: str, pages: list, style: str):
    docs = [d for d in (derive.derive_page(p, [style]).get(style) for p in pages) if d is not None]
    results = model.predictor.predict_documents([d.lines for d in docs])
    index = {label: i for i, label in enumerate(LABELS)}
    gold = [index[l] for d in docs for l in d.labels if l is not None]
    pred = [int(i) for idx, _ in results for i in idx]
    return label_report(gold, pred)


def evaluate_set(model: Model, set_name: str, limit: int | None, log: Callable[[str], None]) -> dict:
    pages = heldout_pages(set_name, limit)
    log(f"{set_name}: {len(pages)} held-out pages")
    htmls = [p.html for p in pages]
    gold = [datasets.gold_body_text(set_name, p) for p in pages]
    rows: dict[str, dict] = {}
    per_page: dict[str, PageScores] = {}

    def score(name: str, outputs: list[str], seconds: float) -> None:
        per_page[name] = page_scores(zip(outputs, gold))
        s = per_page[name].pooled()
        rows[name] = {"precision": s.precision, "recall": s.recall, "f1": s.f1, "pages": s.pages,
                      "pages_per_s": len(pages) / seconds if seconds else float("inf")}
        log(f"  {name:<28} F1 {s.f1:.3f}  ({len(pages) / seconds:.0f} pages/s)")

    titles = [p.gold.get("title") or "" for p in pages]
    authors = [p.gold.get("author") or "" for p in pages]
    head = {}
    for style in ("blocks", "gettext"):
        texts, t_conv = timed(lambda h, st=style: html_to_lines(h, st), htmls)
        rows[f"clf html2text --style {style} (converter only)"] = {"pages_per_s": len(pages) / t_conv}
        articles, seconds = clf_articles(model, texts)
        score(f"clf on clf html2text ({style})", [body_text(a) for a in articles], seconds)
        head[style] = head_shares(articles, titles, authors)
    for name, convert, read_body in OTHER_CONVERTERS:
        texts, t_conv = timed(convert, htmls)
        rows[f"{name} (converter only)"] = {"pages_per_s": len(pages) / t_conv}
        articles, seconds = clf_articles(model, texts)
        score(f"clf on {name}", [read_body(body_text(a)) for a in articles], seconds)
        head[name] = head_shares(articles, titles, authors)
    outputs, seconds = timed(run_trafilatura, htmls)
    score("trafilatura (HTML)", outputs, seconds)
    outputs, seconds = timed(run_readability, htmls)
    score("readability-lxml (HTML)", outputs, seconds)

    # clf against trafilatura on the same pages: how much of the difference the choice of pages could make
    for name in [n for n in per_page if n.startswith("clf")]:
        d = paired_difference(per_page[name], per_page[BASELINE])
        rows[name][VS_BASELINE] = {"f1": d.f1, "low": d.low, "high": d.high, "ahead": d.ahead, "resamples": d.resamples}
        log(f"  {name:<28} minus {BASELINE}: {d.f1:+.3f} [{d.low:+.3f}, {d.high:+.3f}], "
            f"at least as high in {d.ahead:.0%} of {d.resamples} resamples")
    lines = {style: line_scores(model, set_name, pages, style) for style in ("blocks", "gettext")}
    return {"pages": len(pages), "body": rows, "lines": lines, "head": head}


def looks_english(snippets: list[str]) -> bool:
    """Whether ENGLISH_SHARE or more of the snippets' words are frequent English words."""
    words = [w.lower() for s in snippets for w in s.split()]
    return bool(words) and sum(w in ENGLISH_WORDS for w in words) / len(words) >= ENGLISH_SHARE


def evaluate_snippets(model: Model, set_name: str, limit: int | None, log: Callable[[str], None]) -> dict:
    """Spot checks on a sparse-gold set: each system's body against the pages' with / without
    snippets, over all held-out pages and over those that do not look English."""
    pages = [p for p in heldout_pages(set_name, limit) if p.gold.get("with") or p.gold.get("without")]
    english = [looks_english(p.gold.get("with") or []) for p in pages]
    log(f"{set_name}: {len(pages)} held-out pages with snippets, {len(pages) - sum(english)} not English")
    htmls = [p.html for p in pages]
    outputs: dict[str, list[str]] = {}
    for style in ("blocks", "gettext"):
        outputs[f"clf on clf html2text ({style})"] = clf_bodies(model, [html_to_lines(h, style) for h in htmls])[0]
    for name, convert, read_body in OTHER_CONVERTERS:
        outputs[f"clf on {name}"] = [read_body(b) for b in clf_bodies(model, [convert(h) for h in htmls])[0]]
    outputs["trafilatura (HTML)"] = [run_trafilatura(h) for h in htmls]
    outputs["readability-lxml (HTML)"] = [run_readability(h) for h in htmls]
    rows: dict[str, dict] = {}
    for name, texts in outputs.items():
        for part, keep in (("all", lambda i: True), ("not English", lambda i: not english[i])):
            s = snippet_score((texts[i], p.gold.get("with") or [], p.gold.get("without") or [])
                              for i, p in enumerate(pages) if keep(i))
            rows.setdefault(name, {})[part] = {"precision": s.precision, "recall": s.recall, "f1": s.f1,
                                               "accuracy": s.accuracy, "with": s.found_with + s.missed_with,
                                               "without": s.found_without + s.left_without}
        log(f"  {name:<28} snippet F1 {rows[name]['all']['f1']:.3f}, not English {rows[name]['not English']['f1']:.3f}")
    return {"pages": len(pages), "not_english": len(pages) - sum(english), "snippets": rows}


def markdown(results: dict[str, dict]) -> str:
    out = [f"Measured {date.today().isoformat()} with `python bench/quality.py`.", ""]
    for set_name, res in results.items():
        if "snippets" in res:
            out.extend(snippet_markdown(set_name, res))
            continue
        out.append(f"### {set_name}: {res['pages']} held-out pages")
        out.append("")
        out.append("| system | body P | body R | body F1 | pages/s |")
        out.append("|---|---:|---:|---:|---:|")
        for name, row in res["body"].items():
            if "f1" in row:
                out.append(f"| {name} | {row['precision']:.3f} | {row['recall']:.3f} | **{row['f1']:.3f}** | {row['pages_per_s']:.0f} |")
            else:
                out.append(f"| {name} | | | | {row['pages_per_s']:.0f} |")
        out.append("")
        out.append(f"| against {BASELINE}, paired over the pages | body F1 difference | 95% interval | clf at least as high |")
        out.append("|---|---:|---:|---:|")
        for name, row in res["body"].items():
            if VS_BASELINE in row:
                d = row[VS_BASELINE]
                out.append(f"| {name} | {d['f1']:+.3f} | {d['low']:+.3f} to {d['high']:+.3f} | {d['ahead']:.0%} of {d['resamples']} resamples |")
        out.append("")
        out.append("| clf line labels | " + " | ".join(f"{l.value} F1" for l in LABELS) + " | macro-F1 |")
        out.append("|---|" + "---:|" * (len(LABELS) + 1))
        for style, rep in res["lines"].items():
            out.append(f"| {style} | " + " | ".join(f"{f:.3f}" for f in rep.f1) + f" | **{rep.macro_f1:.3f}** |")
        out.append("")
        out.append("| clf article head | title is the gold title | byline names the gold author |")
        out.append("|---|---:|---:|")
        for style, shares in res["head"].items():
            cells = [f"{share:.3f} of {n}" if n else "no gold" for share, n in (shares["title"], shares["byline"])]
            out.append(f"| {style} | " + " | ".join(cells) + " |")
        out.append("")
    return "\n".join(out)


def snippet_markdown(set_name: str, res: dict) -> list[str]:
    first = next(iter(res["snippets"].values()))
    out = [f"### {set_name}: {res['pages']} held-out pages, {res['not_english']} of them not English "
           f"({first['all']['with']} with- and {first['all']['without']} without-snippets)", "",
           "| system | snippet P | snippet R | snippet F1 | not English: P | R | F1 |",
           "|---|---:|---:|---:|---:|---:|---:|"]
    for name, parts in res["snippets"].items():
        a, n = parts["all"], parts["not English"]
        out.append(f"| {name} | {a['precision']:.3f} | {a['recall']:.3f} | **{a['f1']:.3f}** | "
                   f"{n['precision']:.3f} | {n['recall']:.3f} | **{n['f1']:.3f}** |")
    out.append("")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", nargs="*", default=list(DEFAULT_SETS),
                        help="sets with full gold text, scored on body F1 and line labels (none: skip)")
    parser.add_argument("--snippet-sets", nargs="*", default=list(SNIPPET_SETS),
                        help="sets with with / without snippets, spot-checked (none: skip)")
    parser.add_argument("--model", type=Path, default=None, help="model file (default: the shipped model)")
    parser.add_argument("--limit", type=int, default=None, help="at most this many pages per set")
    parser.add_argument("--json", type=Path, default=None, help="also write the results as JSON here")
    parser.add_argument("--verbose-lines", action="store_true", help="print full line-level reports")
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    model = load_model(args.model)
    results = {s: evaluate_set(model, s, args.limit, log) for s in args.sets}
    results.update({s: evaluate_snippets(model, s, args.limit, log) for s in args.snippet_sets})
    print(markdown(results))
    if args.verbose_lines:
        for set_name, res in results.items():
            for style, rep in res.get("lines", {}).items():
                print(f"\n{set_name} / {style}\n{format_report(rep)}")
    if args.json:
        serial = {s: {**r, "lines": {k: v.to_dict() for k, v in r.get("lines", {}).items()}} for s, r in results.items()}
        args.json.write_text(json.dumps(serial, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
