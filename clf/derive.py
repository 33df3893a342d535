"""Labelled lines derived from public extraction benchmarks (see /work/shared/datasets).

Each page is linearised with clf.htmltext in every converter style, and each line gets
a label from the benchmark's gold: aligned main text (plus the headline) is body, author
and date markup or strings near the article are byline, figure and caption markup is
caption, the rest boilerplate. L3S-GN1 carries block labels in its markup, read directly.
trafilatura-eval's sparse snippets give partial labels instead (snippet_documents), made at
training time and never written.
Pages are split into train and held-out by a seeded hash of their id (`is_heldout`).
"""

from __future__ import annotations

import argparse
import shutil
import logging
import os
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence, Set as AbstractSet
from dataclasses import dataclass, field
from multiprocessing import Pool
from pathlib import Path
from typing import Any

from lxml.html import HtmlElement

from clf.corpus import write_tsv
from clf.document import Label, LabeledDocument
from clf.errors import InputError
from clf.datasets import BUILDABLE_SETS, DEFAULT_SETS, L3S_BODY_CLASSES, L3SClasses, Page, count_pages, is_heldout, iter_pages
from clf.htmltext import STYLES, TextLine, parse_html, self_and_ancestors, tag_name, tree_to_text_lines
from clf.smoothing import is_credit_line

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

DEFAULT_OUT = Path("data/derived")
SHINGLE = 3
MIN_COVERAGE = 0.6  # share of a line's shingles found in the gold text for it to be body
MAX_ANCHORS = 8  # gold offsets kept per line when the gold repeats a passage
SHORT_TOKENS = 3  # lines this short are body only when they equal a gold line
BYLINE_MAX_CHARS = 100
BYLINE_START_MAX_CHARS = 160  # "By ..." / "Reviewed by ..." lines with titles run longer
BODY_HEAD_LINES = 10  # a byline inside the body sits within its first lines
BEFORE_ARTICLE = 12  # non-empty lines before the headline/body where a byline may sit
AFTER_ARTICLE = 6  # ... and after the last body line
CAPTION_CLASS_MAX_CHARS = 600
BYLINE_CLASS_MAX_CHARS = 300

TOKEN_RE = re.compile(r"[^\W_]+")
CLASS_CAPTION_RE = re.compile(r"caption|credit")
CLASS_EMBED_RE = re.compile(r"instagram-media|twitter-tweet|tiktok-embed|fb-post|bluesky-embed|reddit-embed")
CLASS_BYLINE_RE = re.compile(r"byline|author|dateline")
CLASS_OFF_RE = re.compile(
    r"(?:^|[-_])(?:related|recommend\w*|comments?|sidebar|popular|trending|newsletter|promo|"
    r"share|sharing|social|subscribe|footer|breadcrumbs?|menu|navbar|nav|bio|about[-_]author|"
    r"more[-_]stories|read[-_]?more|teasers?)(?:$|[-_])"
)
CLASS_OFF_SKIP_RE = re.compile(
    r"(?:^|[-_])(?:no|has|with|without|show|hide)[-_]|wrap|container|layout|grid|"
    r"^(?:content|main|page|site|post|article|entry)[-_]"
)
OFF_CLASS_EXEMPT_TAGS = frozenset({"html", "body", "main", "article"})
NOT_BYLINE_RE = re.compile(
    r"^\W*(?:follow|subscribe|share|contact|e-?mail|print|listen|view (?:all |full )?(?:posts|articles|profile)|"
    r"more (?:from|by|articles|stories)|see (?:all|more)|read more|advertisement|"
    r"by (?:clicking|signing|continuing|using|submitting|subscribing)|get in touch|"
    r"learn (?:more )?about|abc(?:small|medium|large)|font size|text size|posted in|filed under|"
    r"about|click|bookmark|save|call|(?:full |view )?bio\W*$|(?:small|medium|large)\W*$)\b|\bcomments?\b|\bsponsored\b|\bmin(?:ute)?s? read\b|\breading time\b",
    re.I,
)
BYLINE_START_RE = re.compile(
    r"^\W*(?i:by|written by|words by|reviewed by|medically reviewed by|fact[- ]checked by|"
    r"edited by|updated by|posted by|published by|story by|authors?|von)\b\s*:?\s*(?:[A-Z]|$)"
)
ABOUT_AUTHOR_RE = re.compile(r"^\W*about (?:the )?(?:author|authors|reviewer|writer|contributor)s?\b", re.I)
# Text inside a <figure> or caption markup that is no caption: counts, and short price tags and
# shop buttons ("$129 at Amazon"; a caption sentence may name a price).
NOT_CAPTION_RE = re.compile(
    r"^[\W\d_]*$|^\W*\d+\s+comments?\W*$|"
    r"^(?=.{0,60}$).*(?:[$£€]\s?\d|\b(?:buy|shop|add to (?:cart|basket)|check price|see price|view deal|see deal|read (?:the|full|more))\b)",
    re.I,
)
# "· 6 min read" beside a byline's name or date does not make it boilerplate.
READING_TIME_RE = re.compile(r"\b\d+\s*(?:min(?:ute)?s?|m)\s*read\b|\breading time\b\W*(?:\d+\s*\w+)?", re.I)
BYLINE_ITEMPROPS = frozenset({"author", "datepublished", "datemodified", "datecreated"})
OFF_TAGS = frozenset({"nav", "footer", "aside"})
MEDIA_XPATH = (
    "boolean(.//*[self::img or self::picture or self::video or self::audio or self::iframe "
    "or self::svg or self::canvas or self::object or self::embed])"
)
# Text no reader sees as the page's text: alt texts and icon titles (gettext keeps them from
# attributes) and a form field's content (a "Republish this story" dialog's <textarea> holds
# the article again as HTML source: `<p>The researchers found ...`). No gold holds it as such.
ATTRIBUTE_TEXT_TAGS = frozenset({"img", "area", "input", "textarea"})
def tokenize(text: str) -> list[str]:
    """Case-folded word tokens after NFKC: quotes, dashes and spacing no longer matter."""
    return TOKEN_RE.findall(unicodedata.normalize("NFKC", text).casefold())


@dataclass(frozen=True)
class GoldIndex:
    """The gold text as one token stream, its shingles and its whole lines."""

    tokens: tuple[str, ...]
    shingles: dict[tuple[str, ...], list[int]]
    lines: dict[tuple[str, ...], list[int]]

    @classmethod
    def from_text(cls, text: str) -> GoldIndex:
        tokens: list[str] = []
        lines: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for line in text.splitlines():
            toks = tokenize(line)
            if toks:
                lines[tuple(toks)].append(len(tokens))
                tokens.extend(toks)
        shingles: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for i in range(len(tokens) - SHINGLE + 1):
            shingles[tuple(tokens[i : i + SHINGLE])].append(i)
        return cls(tuple(tokens), dict(shingles), dict(lines))

    def contains_run(self, toks: Sequence[str], lo: int = 0, hi: int | None = None) -> bool:
        """Whether toks occur contiguously in the gold stream between token offsets lo and hi."""
        n = len(toks)
        stop = min(len(self.tokens), hi if hi is not None else len(self.tokens)) - n
        first = toks[0] if toks else None
        for i in range(max(lo, 0), stop + 1):
            if self.tokens[i] == first and tuple(self.tokens[i : i + n]) == tuple(toks):
                return True
        return False


@dataclass(frozen=True)
class Match:
    """A line's match to the gold: weight (shingles or tokens matched) and the gold offsets
    where it fits best (several when the gold repeats itself); `anchor` is the chosen one."""

    weight: int
    anchors: tuple[int, ...]

    @property
    def anchor(self) -> int:
        return self.anchors[0]


def match_line(toks: Sequence[str], gold: GoldIndex) -> Match | None:
    """Match one line to the gold: whole gold line for short lines, shingle coverage otherwise."""
    if not toks:
        return None
    if len(toks) <= SHORT_TOKENS:
        positions = gold.lines.get(tuple(toks))
        return Match(len(toks), tuple(positions[:MAX_ANCHORS])) if positions else None
    grams = [tuple(toks[i : i + SHINGLE]) for i in range(len(toks) - SHINGLE + 1)]
    votes: Counter[int] = Counter()
    matched = 0
    for i, gram in enumerate(grams):
        occurrences = gold.shingles.get(gram)
        if occurrences:
            matched += 1
            for pos in occurrences[:20]:
                votes[pos - i] += 1
    if matched < MIN_COVERAGE * len(grams):
        return None
    top = votes.most_common(1)[0][1]
    anchors = sorted(pos for pos, n in votes.items() if n >= 0.5 * top)[:MAX_ANCHORS]
    return Match(matched, tuple(anchors))


def align_body(tokens: Sequence[Sequence[str]], gold: GoldIndex) -> dict[int, Match]:
    """Lines aligned to the gold in order: the heaviest chain of matches with rising offsets.

    Runs of short lines with no blank line between them (table cells, list items) are
    matched as one unit, so that "Rank", "State", "Score" match a gold table row.
    """
    candidates: list[tuple[list[int], Match]] = []
    for unit in short_line_units(tokens):
        match = match_line([t for i in unit for t in tokens[i]], gold)
        if match and len(unit) > 1:
            match = _unit_match(unit, tokens, gold, match)
        if match:
            candidates.append((unit, match))
        elif len(unit) > 1:
            candidates.extend(([i], m) for i in unit if (m := match_line(tokens[i], gold)))
    entries = [(k, anchor, m.weight) for k, (_, m) in enumerate(candidates) for anchor in m.anchors]
    aligned: dict[int, Match] = {}
    for e in _heaviest_chain(entries):
        k, anchor, weight = entries[e]
        aligned.update({i: Match(weight, (anchor,)) for i in candidates[k][0]})
    aligned.update(_bridge_short_lines(tokens, aligned, gold))
    return aligned


def _heaviest_chain(entries: Sequence[tuple[int, int, int]]) -> list[int]:
    """Indices of the (candidate, anchor, weight) entries forming the heaviest chain with rising
    candidate and anchor; entries come sorted by candidate. Ties go to later candidates."""
    ranks = {a: r for r, a in enumerate(sorted({anchor for _, anchor, _ in entries}), 1)}
    tree: list[tuple[int, int, int]] = [(0, -1, -1)] * (len(ranks) + 1)  # Fenwick tree of prefix maxima
    best: list[tuple[int, int, int]] = []
    prev: list[int] = []
    start = 0
    while start < len(entries):
        stop = start
        while stop < len(entries) and entries[stop][0] == entries[start][0]:
            stop += 1
        for e in range(start, stop):  # query the whole group before adding it: one entry per candidate
            k, anchor, weight = entries[e]
            before = _prefix_max(tree, ranks[anchor] - 1)
            best.append((before[0] + weight, k, e))
            prev.append(before[2])
        for e in range(start, stop):
            _raise(tree, ranks[entries[e][1]], best[e])
        start = stop
    if not best:
        return []
    e = max(best)[2]
    chain: list[int] = []
    while e >= 0:
        chain.append(e)
        e = prev[e]
    return chain[::-1]


def _prefix_max(tree: list[tuple[int, int, int]], i: int) -> tuple[int, int, int]:
    result = (0, -1, -1)
    while i > 0:
        result = max(result, tree[i])
        i -= i & -i
    return result


def _raise(tree: list[tuple[int, int, int]], i: int, value: tuple[int, int, int]) -> None:
    while i < len(tree):
        if value > tree[i]:
            tree[i] = value
        i += i & -i


def short_line_units(tokens: Sequence[Sequence[str]]) -> list[list[int]]:
    """Group line indices: each long line alone, consecutive short lines (no blank between) together."""
    units: list[list[int]] = []
    run: list[int] = []
    for i, toks in enumerate(tokens):
        if toks and len(toks) <= SHORT_TOKENS:
            run.append(i)
            continue
        if run:
            units.append(run)
            run = []
        if toks:
            units.append([i])
    if run:
        units.append(run)
    return units


def _unit_match(unit: Sequence[int], tokens: Sequence[Sequence[str]], gold: GoldIndex, match: Match) -> Match | None:
    """Keep a run's match only if most of its lines occur near the matched place in the gold."""
    lo = max(match.anchor - 5, 0)
    hi = match.anchor + sum(len(tokens[i]) for i in unit) * 2 + 10
    found = sum(1 for i in unit if tokens[i] and gold.contains_run(tokens[i], lo, hi))
    return match if found >= MIN_COVERAGE * len(unit) else None


def _bridge_short_lines(
    tokens: Sequence[Sequence[str]], aligned: dict[int, Match], gold: GoldIndex
) -> dict[int, Match]:
    """Short lines (list items, labels) between two aligned lines, found between them in the gold."""
    bridged: dict[int, Match] = {}
    filled = [i for i, toks in enumerate(tokens) if toks]
    k = 0
    while k < len(filled):
        if filled[k] in aligned:
            k += 1
            continue
        end = k
        while end < len(filled) and filled[end] not in aligned and len(tokens[filled[end]]) <= SHORT_TOKENS:
            end += 1
        if k > 0 and filled[k - 1] in aligned and end < len(filled) and filled[end] in aligned:
            before, after = filled[k - 1], filled[end]
            lo = aligned[before].anchor
            hi = aligned[after].anchor + len(tokens[after]) + 1
            for i in filled[k:end]:
                if gold.contains_run(tokens[i], lo, hi):
                    bridged[i] = Match(len(tokens[i]), lo)
        k = max(end, k + 1)
    return bridged


# Markup context: which kinds of elements a line's text came from

CAPTION, FIGURE, BYLINE, OFF, HEADING1 = 1, 2, 4, 8, 16


class MarkupFlags:
    """Per-element flags (own or inherited from ancestors), memoised for one tree. Elements in
    `not_off` lose their own OFF flag (a "menu" or "teaser" class on a container that holds the
    article itself)."""

    def __init__(self, not_off: AbstractSet[HtmlElement] = frozenset()) -> None:
        self.memo: dict[HtmlElement, int] = {}
        self.not_off = not_off

    def of(self, el: HtmlElement) -> int:
        path: list[HtmlElement] = []
        node: HtmlElement | None = el
        while node is not None and node not in self.memo:
            path.append(node)
            node = node.getparent()
        flags = self.memo[node] if node is not None else 0
        for item in reversed(path):
            if tag_name(item) == "table":
                flags &= ~FIGURE  # a data table inside a <figure> is not a caption
            own = _own_flags(item)
            flags |= own & ~OFF if item in self.not_off else own
            self.memo[item] = flags
        return flags


def _own_flags(el: HtmlElement) -> int:
    tag = tag_name(el)
    if not tag:
        return 0
    names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    flags = 0
    if tag == "figcaption" or _is_caption_class(el, names):
        flags |= CAPTION
    if (tag == "figure" and el.xpath(MEDIA_XPATH)) or CLASS_EMBED_RE.search(names):
        flags |= FIGURE
    if tag in ("time", "address") or (el.get("rel") or "").lower() == "author" or (
        (el.get("itemprop") or "").lower() in BYLINE_ITEMPROPS
    ) or (CLASS_BYLINE_RE.search(names) and _text_len(el) <= BYLINE_CLASS_MAX_CHARS):
        flags |= BYLINE
    if tag in OFF_TAGS or (tag not in OFF_CLASS_EXEMPT_TAGS and _off_names(names)):
        flags |= OFF
    if tag == "h1":
        flags |= HEADING1
    return flags


def _is_caption_class(el: HtmlElement, names: str) -> bool:
    """A small element named like a caption or credit next to an image (not "caption-large"
    type styles or author credits)."""
    if not CLASS_CAPTION_RE.search(names) or CLASS_BYLINE_RE.search(names):
        return False
    if _text_len(el) > CAPTION_CLASS_MAX_CHARS:
        return False
    context = el.getparent()
    if context is not None and context.getparent() is not None:
        context = context.getparent()
    return bool(el.xpath(MEDIA_XPATH) or (context is not None and context.xpath(MEDIA_XPATH)))


def _off_names(names: str) -> bool:
    """Whether a class or id token names a related/comments/sharing/menu/... container."""
    return any(CLASS_OFF_RE.search(token) and not CLASS_OFF_SKIP_RE.search(token) for token in names.split())


def _text_len(el: HtmlElement) -> int:
    try:
        return len(" ".join(el.text_content().split()))
    except ValueError:
        return 0


@dataclass(frozen=True)
class LineMarks:
    """Share of a line's characters coming from each kind of element."""

    caption: float = 0.0
    figure: float = 0.0
    byline: float = 0.0
    off: float = 0.0
    heading1: float = 0.0
    attribute: float = 0.0


def line_marks(line: TextLine, flags: MarkupFlags) -> LineMarks:
    """The markup shares of one line (zeros for a blank line)."""
    sums: Counter[str] = Counter()
    total = 0
    for seg in line.segments:
        n = seg.end - seg.start
        total += n
        f = flags.of(seg.element)
        for bit, name in ((CAPTION, "caption"), (FIGURE, "figure"), (BYLINE, "byline"),
                          (OFF, "off"), (HEADING1, "heading1")):
            if f & bit:
                sums[name] += n
        if tag_name(seg.element) in ATTRIBUTE_TEXT_TAGS:
            sums["attribute"] += n
    if not total:
        return LineMarks()
    return LineMarks(**{name: value / total for name, value in sums.items()})


# Labelling lines against a text gold (wcxb, readability, cleaneval)


@dataclass(frozen=True)
class TextGold:
    """What a text-gold page tells: main text, title, authors, date and caption texts."""

    main_text: str
    title: str = ""
    authors: tuple[str, ...] = ()
    date: str = ""
    captions: tuple[str, ...] = ()

    @classmethod
    def from_page(cls, page: Page) -> TextGold:
        gold = page.gold
        return cls(gold.get("main_text") or "", gold.get("title") or "",
                   split_authors(gold.get("author") or ""), gold.get("date") or "",
                   tuple(gold.get("captions") or ()))


def gold_authors(author: str | Sequence[str] | None) -> tuple[str, ...]:
    """The author names of a gold author field, a string or a list of them."""
    if not author:
        return ()
    return tuple(name for part in ([author] if isinstance(author, str) else author) for name in split_authors(part))


def split_authors(author: str) -> tuple[str, ...]:
    """Author names from a gold author field ("A, B and C" -> three names)."""
    parts = re.split(r",|;|&|\||\band\b|\bund\b", author)
    return tuple(p.strip() for p in parts if tokenize(p))


@dataclass(frozen=True)
class _PageFacts:
    """What the line rules need to know about the whole page."""

    body: frozenset[int]
    headline: int | None
    region: tuple[int, int]
    first_body: int
    body_head_end: int  # last line index of the first few lines of the body
    captions: GoldIndex | None
    byline_res: tuple[re.Pattern[str], ...]


def label_with_text_gold(lines: Sequence[TextLine], gold: TextGold, flags: MarkupFlags) -> list[Label | None]:
    """Label linearised lines from a text gold and the page markup (see module docstring)."""
    texts = [line.text for line in lines]
    tokens = [tokenize(t) for t in texts]
    marks = [line_marks(line, flags) for line in lines]
    # Alt texts and icon titles (gettext) are never body (_label_line), so they take no part in
    # the alignment: an image's alt text that repeats the heading above it ("Polestar 4") would
    # otherwise win the gold line from the heading, then lose it to the alt-text rule.
    shown = [[] if mark.attribute >= 0.5 else toks for toks, mark in zip(tokens, marks)]
    body = frozenset(align_body(shown, GoldIndex.from_text(gold.main_text)))
    holders = off_containers(lines, body)
    if holders:  # the article sits inside a container named like a menu or teaser: not off
        marks = [line_marks(line, MarkupFlags(not_off=holders)) for line in lines]
    headline = find_headline(tokens, tokenize(gold.title), marks, body)
    facts = _PageFacts(
        body=body,
        headline=headline,
        region=_trim_bio(article_region(tokens, body, headline), texts, body),
        first_body=min(body) if body else len(texts),
        body_head_end=_body_head_end(tokens, body),
        captions=GoldIndex.from_text("\n".join(gold.captions)) if gold.captions else None,
        byline_res=tuple(byline_patterns(gold.authors, gold.date)),
    )
    labels = [
        _label_line(i, text, tokens[i], marks[i], facts) if text.strip() else None
        for i, text in enumerate(texts)
    ]
    return _fill_symbol_lines(labels, tokens)


OFF_HOLDER_SHARE = 0.3  # an off-named container holding this share of the body lines holds the article


def off_containers(lines: Sequence[TextLine], body: AbstractSet[int]) -> frozenset[HtmlElement]:
    """Elements named like off-article containers (menu, related, teaser...) that hold at least
    OFF_HOLDER_SHARE of the body lines: wrappers of the article, whatever their class says."""
    counts: Counter[HtmlElement] = Counter()
    off: dict[HtmlElement, bool] = {}
    for i in body:
        holders = set()
        for seg in lines[i].segments:
            for a in self_and_ancestors(seg.element):
                if a not in off:
                    off[a] = bool(_own_flags(a) & OFF)
                if off[a]:
                    holders.add(a)
        counts.update(holders)
    return frozenset(el for el, n in counts.items() if n >= OFF_HOLDER_SHARE * len(body))


def _fill_symbol_lines(labels: list[Label | None], tokens: Sequence[Sequence[str]]) -> list[Label | None]:
    """Lines without words ("}", "* * *", box drawing) between two body lines are body too."""
    filled = [i for i, label in enumerate(labels) if label is not None]
    k = 0
    while k < len(filled):
        end = k
        while end < len(filled) and not tokens[filled[end]]:
            end += 1
        if end > k and k > 0 and end < len(filled):
            if labels[filled[k - 1]] == Label.BODY and labels[filled[end]] == Label.BODY:
                for i in filled[k:end]:
                    labels[i] = Label.BODY
        k = end + 1 if end == k else end
    return labels


def _body_head_end(tokens: Sequence[Sequence[str]], body: frozenset[int]) -> int:
    """Index of the last of the first BODY_HEAD_LINES non-empty lines from the body's start."""
    if not body:
        return -1
    head = [i for i in range(min(body), len(tokens)) if tokens[i]][:BODY_HEAD_LINES]
    return head[-1]


def _trim_bio(region: tuple[int, int], texts: Sequence[str], body: frozenset[int]) -> tuple[int, int]:
    """End the byline region where an "About the author" box starts after the article."""
    start, end = region
    after = max(body) + 1 if body else start
    for i in range(after, end + 1):
        if ABOUT_AUTHOR_RE.match(texts[i]):
            return (start, i - 1)
    return region


def _label_line(i: int, text: str, toks: list[str], mark: LineMarks, facts: _PageFacts) -> Label:
    """One line's label; the order of the tests is the precedence of the labels."""
    if i == facts.headline:
        return Label.BODY
    if mark.attribute >= 0.5:
        # Alt texts and icon titles (gettext) are not shown as text, so no gold holds them;
        # a short one ("squat rack") that the gold's words happen to bridge is not body.
        return Label.BOILERPLATE
    near = facts.region[0] <= i <= facts.region[1]
    in_article = near and mark.off < 0.5
    by_start = BYLINE_START_RE.match(text) is not None
    if not by_start and ((in_article and mark.caption >= 0.5 and not NOT_CAPTION_RE.search(text)) or
                         (facts.captions is not None and match_line(toks, facts.captions))):
        return Label.CAPTION
    if in_article and is_credit_line(text, labelled_body=i in facts.body):
        return Label.CAPTION
    if near and _is_byline(i, text, toks, mark, facts):
        return Label.BYLINE
    if i in facts.body:
        return Label.BODY
    if in_article and mark.figure >= 0.5 and not NOT_CAPTION_RE.search(text):
        return Label.CAPTION
    return Label.BOILERPLATE


def _is_byline(i: int, text: str, toks: list[str], mark: LineMarks, facts: _PageFacts) -> bool:
    """A short line near the article that starts like a byline ("By ...", "Reviewed by ..."),
    sits in author/date markup or holds the gold author or date; a short date line before the
    body counts too. Inside the body only its first lines may be bylines (later ones belong to
    listed items); after it, only "By ..." and date lines (bare names there are author boxes)."""
    limit = BYLINE_START_MAX_CHARS if BYLINE_START_RE.match(text) else BYLINE_MAX_CHARS
    named = READING_TIME_RE.sub(" ", text)  # "By Jane Doe · 6 min read" is a byline still
    if not toks or len(text) > limit or mark.off >= 0.5 or not tokenize(named) or NOT_BYLINE_RE.search(named):
        return False
    if not any(c.isupper() or c.isdigit() for c in text) and any(c.isascii() and c.isalpha() for c in text):
        return False  # "link", "share": a byline has a capitalised name or a date
    if i in facts.body and not _looks_like_byline(text, toks, facts.byline_res):
        return False
    last_body = max(facts.body) if facts.body else -1
    if facts.first_body < i < last_body and i > facts.body_head_end:
        return False
    in_body_head = i <= facts.body_head_end and i not in facts.body  # "Reviewed by ..." under the lead
    if BYLINE_START_RE.match(text) and (not facts.first_body < i < last_body or in_body_head):
        return True
    if i > last_body >= 0:  # after the article a bare name is an author box, not a byline
        return len(text) <= 60 and bool(DATE_RE.search(text))
    joined = " ".join(toks)
    if mark.byline >= 0.5 or any(p.search(joined) for p in facts.byline_res):
        return True
    return i < facts.first_body and len(text) <= 60 and bool(DATE_RE.search(text))


def _looks_like_byline(text: str, toks: list[str], byline_res: Sequence[re.Pattern[str]]) -> bool:
    """A gold-body line that is still a byline: starts with "By" or is mostly a name/date."""
    if BYLINE_START_RE.match(text):
        return True
    joined = " ".join(toks)
    covered = sum(len(m.group(0)) for p in byline_res for m in p.finditer(joined))
    return covered >= 0.6 * max(len(joined), 1)


def find_headline(
    tokens: Sequence[Sequence[str]], title: Sequence[str], marks: Sequence[LineMarks], body: AbstractSet[int]
) -> int | None:
    """The headline: the line holding the gold title (best match, in an <h1>, nearest before the
    body), else the last <h1> line shortly before the body."""
    first_body = min(body) if body else len(tokens)
    best: tuple[float, bool, int] | None = None
    found: int | None = None
    for i, toks in enumerate(tokens[:first_body] if title else ()):
        score = _title_score(toks, title)
        key = (score, marks[i].heading1 >= 0.5, i)
        if score > 0 and (best is None or key > best):
            best, found = key, i
    if found is not None or not body:
        return found
    filled = [i for i in range(first_body) if tokens[i]][-BEFORE_ARTICLE:]
    headings = [i for i in filled if marks[i].heading1 >= 0.5]
    return headings[-1] if headings else None


def _title_score(toks: Sequence[str], title: Sequence[str]) -> float:
    if not toks:
        return 0.0
    if list(toks) == list(title):
        return 1.0
    if _is_run(title, toks) and len(title) >= 0.6 * len(toks):
        return 0.8
    if _is_run(toks, title) and len(toks) >= 0.6 * len(title) and len(toks) >= 2:
        return 0.7
    return 0.0


def _is_run(needle: Sequence[str], haystack: Sequence[str]) -> bool:
    n = len(needle)
    return any(list(haystack[i : i + n]) == list(needle) for i in range(len(haystack) - n + 1))


def article_region(tokens: Sequence[Sequence[str]], body: AbstractSet[int], headline: int | None) -> tuple[int, int]:
    """Line range where a byline may sit: from a few lines before the article to a few after it."""
    anchors = set(body) | ({headline} if headline is not None else set())
    if not anchors:
        return (0, -1)
    filled = [i for i, toks in enumerate(tokens) if toks]
    first, last = min(anchors), max(anchors)
    before = [i for i in filled if i < first][-BEFORE_ARTICLE:]
    after = [i for i in filled if i > last][:AFTER_ARTICLE]
    return (before[0] if before else first, after[-1] if after else last)


MONTHS = (
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may", "may"),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep|sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec"),
)


def byline_patterns(authors: Sequence[str], date: str) -> list[re.Pattern[str]]:
    """Regexes over a line's joined tokens for the gold author names and publication date."""
    patterns = [re.compile(rf"\b{re.escape(' '.join(tokenize(name)))}\b") for name in authors
                if len(" ".join(tokenize(name))) >= 3]
    date_re = date_pattern(date)
    if date_re:
        patterns.append(date_re)
    return patterns


def date_pattern(iso: str) -> re.Pattern[str] | None:
    """A regex for the ways a page may write an ISO date (over tokenized, space-joined text)."""
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", iso or "")
    if not match:
        return None
    year, month, day = match.group(1), int(match.group(2)), int(match.group(3))
    if not 1 <= month <= 12:
        return None
    full, short = MONTHS[month - 1]
    mon = rf"(?:{full}|{short})"
    d = rf"0?{day}(?:st|nd|rd|th)?"
    m = rf"0?{month}"
    y = rf"(?:{year}|{year[2:]})"
    forms = [rf"{mon} {d} {year}", rf"{d} (?:of )?{mon} {year}", rf"{year} {m} 0?{day}",
             rf"{d} {m} {y}", rf"{m} {d} {y}", rf"{mon} {d}\b(?! \d)", rf"{d} {mon}\b(?! \d)"]
    return re.compile(r"\b(?:" + "|".join(forms) + r")\b")


# L3S-GN1: labels from the annotation spans


L3S_SUPPLEMENTAL = 3
TAG_HEADER_RE = re.compile(r"^\W*(?:tags|topics|filed under|keywords|categories|category|related)\W*$", re.I)


def label_l3s(lines: Sequence[TextLine], classes: L3SClasses) -> list[Label | None]:
    """Label linearised lines of an annotated L3S-GN1 page by the class of most of their characters."""
    labels: list[Label | None] = []
    previous = ""
    for line in lines:
        if not line.text.strip():
            labels.append(None)
            continue
        shares: Counter[str] = Counter()
        for seg in line.segments:
            cls = classes.of(seg.element)
            # alt texts and icon titles (gettext) were never shown to the annotators
            hidden = tag_name(seg.element) in ATTRIBUTE_TEXT_TAGS
            kind = "other" if hidden else "body" if cls in L3S_BODY_CLASSES else "sup" if cls == L3S_SUPPLEMENTAL else "other"
            shares[kind] += seg.end - seg.start
        kind = max(("body", "sup", "other"), key=lambda k: shares[k])
        if kind == "body":
            labels.append(Label.BODY)
        elif kind == "sup":
            labels.append(classify_supplemental(line.text, previous))
        else:
            labels.append(Label.BOILERPLATE)
        previous = line.text
    return labels


CAPTION_RE = re.compile(
    r"\b(?:photo|photos|photograph|photographer|picture|pictured|image|file|courtesy|getty|"
    r"illustration|graphic)\b|\((?:l|r|c|left|right|centre|center|top|bottom|inset)\)|"
    r"/\s*(?:ap|afp|reuters|getty|epa|fox|bloomberg|pa|aap|ians|pti)\b",
    re.I,
)
COPYRIGHT_RE = re.compile(r"©|\bcopyright\b|all rights reserved|\(c\)", re.I)
PHOTO_CREDIT_RE = re.compile(r"\(\s*[A-Z][\w.' -]*/\s*[A-Z][\w.' -]*\)")
TEASER_RE = re.compile(r"(?:\.\.\.|…)\s*$|^\s*\d+\.\s")
CONTACT_RE = re.compile(r"can be reached|\breach (?:him|her|them|us)\b|\bcontact (?:him|her|them|us)\b|\S@\w+\.\w", re.I)
CREDIT_NOTE_RE = re.compile(
    r"contributed (?:to )?(?:this )?report|contributed reporting|reporting by|editing by|"
    r"with files from|written by|compiled by|provided by",
    re.I,
)
BOILER_RE = re.compile(
    r"^\W*(?:tags|topics|filed under|keywords|categor(?:y|ies)|related|see also|more\b|about|"
    r"page \d+ of|continued|advertisement|contact|print|e-?mail this|share|comments?|"
    r"click|read more|website|telephone|phone|map|cast|director|rated|genre)\b|"
    r"^\W*\(?\d{1,2}:\d\d\)?\W*$|listed under|click here|for more information|not responsible|"
    r"may not be (?:published|reproduced)|newsletter|\bvisit\b",
    re.I,
)
# Publication notes and blurbs in supplemental text: no caption ("This story is sourced
# direct from...", "The full article contains 407 words...", "Jane Doe is a writer based in...").
NOTE_RE = re.compile(
    r"\bthis (?:article|story) (?:was|is|appeared)\b|\boriginally (?:published|appeared)\b|"
    r"\bappears? (?:on page|in [A-Z])|\bfull article contains\b|\bsourced (?:direct(?:ly)? )?from\b|"
    r"\bredistribution\b|\brepublication\b|\btrademarks? of\b|\bselects and translates\b|"
    r"^\W*(?:[A-Z][\w.'-]* ){1,3}(?:is an? (?:\w+ )?(?:writer|journalist|reporter|editor|columnist|"
    r"contributor|freelancer)|covers\b|writes (?:about|for)\b)",
)
BY_START_RE = re.compile(
    r"^\W*(?:by|posted by|written by|submitted by|contributed by|reported by|filed by|"
    r"author|from|posted)\b|^\s*(?:--|—)\s*\w",
    re.I,
)
MONTH_NAMES = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
WEEKDAYS = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday|sday)?\b\.?"
DATE_RE = re.compile(
    rf"\b{MONTH_NAMES}\s+\d{{1,2}}\b|\b\d{{1,2}}(?:st|nd|rd|th)?\.?\s+{MONTH_NAMES}(?:\s|,|$)|"
    r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|"
    r"\b\d{1,2}:\d\d\s*(?:[ap]\.?m\.?|gmt|est|edt|pst|ist|bst|et|aedt|cet|utc)|"
    rf"\b{WEEKDAYS},?\s+(?:\d|{MONTH_NAMES})|\b\d+\s+(?:minutes?|hours?|days?|weeks?)\s+ago\b|"
    r"\b(?:last )?(?:updated|published|posted)\b|^\W*(?:19|20)\d\d\W*$|"
    r"\b(?:19|20)\d\d-?[01]\d-?[0-3]\d\b",
    re.I,
)
AGENCY_RE = re.compile(
    r"\b(?:associated press|ap|reuters|afp|agence france|pti|press trust|ians|canadian press|"
    r"press association|pa|bloomberg|agencies|agency|news service|newswire|wire services?|staff|"
    r"writer|reporter|correspondent|editor|columnist|contributor|bureau|"
    r"contributed to this report|with files from|news)\b",
    re.I,
)
DATELINE_RE = re.compile(r"^[A-Z][A-Z .'-]{2,}(?:,\s*[A-Za-z. ]+)?(?:\s*\([A-Za-z. ]+\))?\s*(?:--|—|–|-|:)?\s*$")
NAME_WORD_RE = re.compile(r"^(?:[A-Z][a-zA-Z'’-]*\.?|[A-Z]\.|and|de|van|von|der|da|del|la|le|bin|al)$")


def classify_supplemental(text: str, previous: str = "") -> Label:
    """Split L3S 'supplemental' text into byline, caption or boilerplate by its wording."""
    t = " ".join(text.split())
    words = t.split()
    if not re.search(r"\w", t) or TAG_HEADER_RE.match(previous) or COPYRIGHT_RE.search(t) or NOTE_RE.search(t):
        return Label.BOILERPLATE
    if len(t) <= 2 * BYLINE_MAX_CHARS and re.match(r"^\W*(?:additional )?reporting by\b", t, re.I):
        return Label.BYLINE  # "(Additional reporting by ...; Writing by ...; editing by ...)"
    if (CAPTION_RE.search(t) or PHOTO_CREDIT_RE.search(t)) and not BY_START_RE.match(t):
        return Label.CAPTION
    if BOILER_RE.search(t) or TEASER_RE.search(t) or CONTACT_RE.search(t):
        return Label.BOILERPLATE
    if (len(t) <= 150 and BY_START_RE.match(t)) or (len(t) <= BYLINE_MAX_CHARS and CREDIT_NOTE_RE.search(t)):
        return Label.BYLINE
    if len(words) >= 8 and _is_sentence(words):
        return Label.CAPTION
    if len(t) <= BYLINE_MAX_CHARS and (DATE_RE.search(t) or AGENCY_RE.search(t)):
        return Label.BYLINE
    if len(t) <= 60 and (DATELINE_RE.match(t) or _is_name(words)):
        return Label.BYLINE
    if len(words) >= 10:
        return Label.CAPTION
    return Label.BOILERPLATE


def _is_sentence(words: Sequence[str]) -> bool:
    """Prose rather than a byline: mostly lower-case words (a photo description, usually)."""
    lower = sum(1 for w in words if w[:1].islower())
    return lower >= 0.4 * len(words)


def _is_name(words: Sequence[str]) -> bool:
    """Two to five capitalised words (a person's name, possibly with initials)."""
    cleaned = [w.strip(",;|") for w in words if w.strip(",;|")]
    return 2 <= len(cleaned) <= 5 and all(NAME_WORD_RE.match(w) for w in cleaned) and not cleaned[0].islower()


# Deriving and writing documents


def derive_page(page: Page, styles: Sequence[str] = STYLES) -> dict[str, LabeledDocument]:
    """The labelled document of one page in each style (styles with no text are left out)."""
    docs: dict[str, LabeledDocument] = {}
    if page.set_name == "l3s-gn1":
        root = parse_html(page.gold.get("annotated_html") or page.html)
        classes = L3SClasses()
        for style in styles:
            lines = tree_to_text_lines(root, style)
            docs[style] = _document(page.id, lines, label_l3s(lines, classes))
    elif page.set_name in BUILDABLE_SETS:
        if not (page.gold.get("main_text") or "").strip():
            logger.info("%s/%s: no gold main text, skipped", page.set_name, page.id)
            return {}
        root = parse_html(page.html)
        flags, gold = MarkupFlags(), TextGold.from_page(page)
        for style in styles:
            lines = tree_to_text_lines(root, style)
            doc = _document(page.id, lines, label_with_text_gold(lines, gold, flags))
            found = gold_recall(doc, gold.main_text)
            if found < MIN_GOLD_RECALL:
                logger.info("%s/%s (%s): %.0f%% of the gold text in body lines, skipped",
                            page.set_name, page.id, style, 100 * found)
                continue
            docs[style] = doc
    else:
        raise InputError(f"{page.set_name}: no dense gold to derive line labels from")
    return {style: doc for style, doc in docs.items() if any(label is not None for label in doc.labels)}


MIN_GOLD_RECALL = 0.5  # a page whose body lines hold less of its gold text is left out


# Partial labels from sparse gold (trafilatura-eval: a few snippets per page that must be in
# the main text, `with`, and a few that must not, `without`; and the author's name on half
# of the pages). Only the lines a snippet or the author's name speaks for get a label; the
# others are unknown, and training uses them only as neighbours (clf.model.LineModel.fit's
# `known`). Spreading the snippets' word over the lines between them was tried: it taught the
# article's other parts as boilerplate (docs/EXPERIMENTS.md, Partial labels).
SNIPPET_SETS: tuple[str, ...] = ("trafilatura-eval",)
SNIPPET_LINE_MIN_CHARS = 20  # a line this long that lies inside a with-snippet is body
SNIPPET_OTHER_MIN_CHARS = 10  # and one this long inside a without-snippet is boilerplate
SNIPPET_SHARE = 0.5  # a line holding a without-snippet is boilerplate when it is at least this much of the line
SNIPPET_BYLINE_MAX_CHARS = 80  # a line naming the page's gold author is byline up to this long
SNIPPET_AUTHOR_MIN_CHARS = 4  # shorter author fields ("marc" is 4) name too little


def snippet_labels(lines: Sequence[str], with_: Sequence[str], without: Sequence[str],
                   authors: Sequence[str] = ()) -> tuple[list[Label | None], list[bool]]:
    """Labels of a page's lines from its snippets (whitespace squeezed) and, for each
    non-empty line, whether its label is known. A line holding a with-snippet, or a long
    one inside one, is body; a line that is mostly a without-snippet, or a longish one
    inside one, is boilerplate; a line both would make, and every other line, is unknown
    (labelled boilerplate, never counted). With the page's gold `authors`, for each name the
    short line naming it nearest the first line a with-snippet made body is byline (not a
    copyright line: blogs sign their footer). The gold title as a body line was tried and
    left: it cost title and author shares on the tuning pages (docs/EXPERIMENTS.md, Partial labels)."""
    keep = [" ".join(s.split()) for s in with_ if s.strip()]
    drop = [" ".join(s.split()) for s in without if s.strip()]
    texts = [" ".join(line.split()) for line in lines]
    at = [i for i, text in enumerate(texts) if text]  # the non-empty lines
    labels: list[Label | None] = [None] * len(lines)
    known = [False] * len(at)
    for k, i in enumerate(at):
        text = texts[i]
        body = any(s in text or (len(text) >= SNIPPET_LINE_MIN_CHARS and text in s) for s in keep)
        other = any((s in text and len(s) >= SNIPPET_SHARE * len(text))
                    or (len(text) >= SNIPPET_OTHER_MIN_CHARS and text in s) for s in drop)
        labels[i], known[k] = (Label.BODY if body and not other else Label.BOILERPLATE), body != other
    first_body = next((k for k, i in enumerate(at) if known[k] and labels[i] == Label.BODY), 0)
    for name in (" ".join(a.split()).casefold() for a in authors if len(a.strip()) >= SNIPPET_AUTHOR_MIN_CHARS):
        naming = [k for k, i in enumerate(at) if not known[k] and len(texts[i]) <= SNIPPET_BYLINE_MAX_CHARS
                  and name in texts[i].casefold() and not COPYRIGHT_RE.search(texts[i])]
        if naming:
            k = min(naming, key=lambda k: abs(k - first_body))
            labels[at[k]], known[k] = Label.BYLINE, True
    return labels, known


def snippet_documents(set_name: str, styles: Sequence[str] = STYLES, exclude_heldout: bool = True,
                      pages: Iterable[Page] | None = None) -> list[tuple[LabeledDocument, list[bool]]]:
    """Partially labelled documents of a sparse-gold set's pages, in each style
    (snippet_labels), without the held-out quarter unless told; pages whose snippets
    label no line are left out. `pages` instead of the whole set (e.g. a tuning split)."""
    if set_name not in SNIPPET_SETS:
        raise InputError(f"{set_name}: no with/without snippets to label lines from, expected one of {', '.join(SNIPPET_SETS)}")
    out: list[tuple[LabeledDocument, list[bool]]] = []
    for page in iter_pages(set_name) if pages is None else pages:
        if exclude_heldout and is_heldout(set_name, page.id):
            continue
        root = parse_html(page.html)
        for style in styles:
            lines = [line.text for line in tree_to_text_lines(root, style)]
            labels, known = snippet_labels(lines, page.gold.get("with") or (), page.gold.get("without") or (),
                                           gold_authors(page.gold.get("author")))
            if any(known):
                out.append((LabeledDocument(tuple(lines), tuple(labels), page.id), known))
    return out


def gold_recall(doc: LabeledDocument, gold_text: str) -> float:
    """The share of the gold text's words (a multiset) that the document's body lines hold.

    Under MIN_GOLD_RECALL the page's article is not in its HTML as scraped (drawn by a
    script: "Loading paragraph...") or not where the aligner looked, and the page would teach
    that an article's prose is boilerplate."""
    gold = Counter(tokenize(gold_text))
    body = Counter(token for label, line in zip(doc.labels, doc.lines) if label is Label.BODY for token in tokenize(line))
    return sum((gold & body).values()) / max(sum(gold.values()), 1)


def _document(page_id: str, lines: Sequence[TextLine], labels: Sequence[Label | None]) -> LabeledDocument:
    return LabeledDocument(tuple(line.text for line in lines), tuple(labels), page_id)


def _derive_and_write(task: tuple[Page, tuple[str, ...], str]) -> tuple[str, dict[str, Counter[str]]]:
    """Worker: derive one page and write one TSV per style; returns label counts per style."""
    page, styles, out_dir = task
    counts: dict[str, Counter[str]] = {}
    for style, doc in derive_page(page, styles).items():
        write_tsv(Path(out_dir) / page.set_name / style / f"{page.id}.tsv", doc)
        counts[style] = Counter(label.value for label in doc.labels if label is not None)
    return page.id, counts


@dataclass
class BuildStats:
    """Documents and labelled lines written, per set and style."""

    docs: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    lines: dict[tuple[str, str], Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    seconds: float = 0.0


def build(
    out_dir: str | Path = DEFAULT_OUT,
    sets: Iterable[str] = DEFAULT_SETS,
    styles: Iterable[str] = STYLES,
    jobs: int = 1,
    progress: Callable[[str, int, int], None] | None = None,
    root: Path | None = None,
) -> BuildStats:
    """Write out_dir/<set>/<style>/<page_id>.tsv for every page; stale TSVs there are removed.

    `root` is the datasets folder (default: $CLF_DATASETS or /work/shared/datasets)."""
    styles = tuple(styles)
    for style in styles:
        if style not in STYLES:
            raise InputError(f"unknown style {style!r}, expected one of {', '.join(STYLES)}")
    stats = BuildStats()
    start = time.perf_counter()
    for set_name in sets:
        if set_name not in BUILDABLE_SETS:
            raise InputError(f"{set_name}: cannot build line labels, expected one of {', '.join(BUILDABLE_SETS)}")
        _build_set(Path(out_dir), set_name, styles, jobs, stats, progress, root)
    stats.seconds = time.perf_counter() - start
    return stats


def _build_set(
    out_dir: Path, set_name: str, styles: tuple[str, ...], jobs: int, stats: BuildStats,
    progress: Callable[[str, int, int], None] | None, root: Path | None,
) -> None:
    """Build the set in a scratch folder beside it and swap it in when every page is done, so
    a failed build leaves the previous complete set (or nothing), never part of one."""
    total = count_pages(set_name, root)
    scratch = out_dir / f".{set_name}.partial"
    shutil.rmtree(scratch, ignore_errors=True)
    tasks = ((page, styles, str(scratch)) for page in iter_pages(set_name, root))
    try:
        with Pool(jobs) if jobs > 1 else _InlinePool() as pool:
            for done, (_, counts) in enumerate(pool.imap(_derive_and_write, tasks, chunksize=4), 1):
                for style, counter in counts.items():
                    stats.docs[(set_name, style)] += 1
                    stats.lines[(set_name, style)].update(counter)
                if progress:
                    progress(set_name, done, total)
        target = out_dir / set_name
        built = scratch / set_name
        built.mkdir(parents=True, exist_ok=True)
        for style in styles:
            shutil.rmtree(target / style, ignore_errors=True)
            (built / style).mkdir(exist_ok=True)
            target.mkdir(parents=True, exist_ok=True)
            (built / style).rename(target / style)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


class _InlinePool:
    """The part of multiprocessing.Pool that build uses, run in this process."""

    def __enter__(self) -> _InlinePool:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def imap(self, func: Callable[[Any], Any], items: Iterable[Any], chunksize: int = 1) -> Iterator[Any]:
        return map(func, items)


def _print_progress(set_name: str, done: int, total: int) -> None:
    if done == total or done % 25 == 0:
        print(f"\r{set_name}: {done}/{total} pages", end="\n" if done == total else "", file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: derive labelled TSVs from the benchmark sets."""
    parser = argparse.ArgumentParser(prog="python -m clf.derive", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: data/derived)")
    parser.add_argument("--sets", nargs="+", default=list(DEFAULT_SETS), choices=BUILDABLE_SETS)
    parser.add_argument("--styles", nargs="+", default=list(STYLES), choices=STYLES)
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="worker processes")
    args = parser.parse_args(argv)
    try:
        stats = build(args.out, args.sets, args.styles, jobs=args.jobs, progress=_print_progress)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for (set_name, style), n_docs in sorted(stats.docs.items()):
        counts = stats.lines[(set_name, style)]
        detail = " ".join(f"{label.value}={counts[label.value]}" for label in Label)
        print(f"{set_name}/{style}: {n_docs} docs, {detail}", file=sys.stderr)
    print(f"built in {stats.seconds:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
