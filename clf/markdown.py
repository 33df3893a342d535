"""Reading Markdown dumps of pages as the text a reader sees.

Scrapers that write Markdown (markdownify, html2text, and the page readers that feed language
models) mark up every link, image, heading, list item and bold word. The features read a
line's text, not its markup: a menu entry and a link inside a paragraph differ by their text
and place, not by the address or the asterisks. Nothing here changes the lines clf outputs;
it changes only what the model reads.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

# A link's target, `(url)` or `(url "title")`; URLs may hold one level of parentheses.
MD_TARGET = r"\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)"
MD_TARGET_RE = re.compile(MD_TARGET)
MD_LINK_RE = re.compile(r"!?\[([^\[\]]*)\]" + MD_TARGET)  # `[text](url)` or `![alt](src)`
MD_IMAGE_RE = re.compile(r"!\[[^\[\]]*\]" + MD_TARGET)
MD_EMPTY_LINK_RE = re.compile(r"\[\s*\]" + MD_TARGET)  # `[](url)`: a link without text (an icon the page's CSS draws)

# A page is read as Markdown when this many of its lines hold a Markdown link or image: plain
# text scraped from HTML does not write `[text](url)`, while a Markdown dump of a page has one
# in nearly every menu line.
MARKDOWN_MIN_LINK_LINES = 3

BULLET_RE = re.compile(r"^\s*[-+*]\s+(?=\S)")  # `- item`, `+ item`, `* item`, nested or not
QUOTE_RE = re.compile(r"^ {0,3}(?:>[ \t]?)+")  # a blockquote's `> `, nested or not
HEADING_RE = re.compile(r"^\s*#{1,6}\s+(?=\S)")  # an ATX heading's `## `
TITLE_HEADING_RE = re.compile(r"^ {0,3}#[ \t]+\S")  # a level-1 ATX heading, `# Title`: the page's <h1>
TITLE_UNDERLINE_RE = re.compile(r"^ {0,3}=+[ \t]*$")  # a level-1 setext heading's underline (`Title` over `=====`)
FENCE_RE = re.compile(r"^ {0,3}(?:```|~~~)")  # a code fence's opening or closing line
# `**bold**`, `__bold__`, `*em*`, `_em_`: the marks at a word's edge, not escaped ones.
EMPHASIS_RE = re.compile(r"(?<!\\)(?:\*\*|__)|(?<![\w\\])[*_](?=\S)|(?<=[^\s\\])[*_](?!\w)")
AUTHOR_LINK_RE = re.compile(r"\]\([^)\s]*/(?:authors?|writers?|contributors?|people|staff|profile|by)/", re.IGNORECASE)
AUTHOR_LINE_MAX_CHARS = 200
EDGE_EMPHASIS_RE = re.compile(r"^[*_]+|[*_]+$")  # bold or italic marks around a whole line
ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")


def links_as_text(text: str) -> str:
    """The text with its Markdown links and images (MD_LINK_RE) as their text, an image inside
    a link too (`[![logo](logo.png)](/)`: the image, then the link around it)."""
    return _replace_links(text, r"\1")


def _replace_links(text: str, replacement: str | Callable[[re.Match[str]], str]) -> str:
    """MD_LINK_RE's matches replaced, innermost first, up to three levels deep."""
    for _ in range(3):
        if "](" not in text:
            break
        text = MD_LINK_RE.sub(replacement, text)
    return text


def markup_only(line: str) -> bool:
    """Whether the line holds Markdown images and links without text, and nothing else
    (`![alt](src)`, `[![logo](logo.png)](/)`, a share button's `[](https://...)`). Such a line
    is a picture or an icon, never prose: what is left of it as text is an alt text or a URL."""
    if "](" not in line:
        return False
    return not links_as_text(MD_EMPTY_LINK_RE.sub("", MD_IMAGE_RE.sub("", line))).strip()


def link_alone(line: str) -> bool:
    """Whether the line is one link and nothing else, but for a list item's bullet, a quote's
    `>` and bold or italic marks around it (`* [Average Costs in Boston](/blog/boston)`): a menu
    entry, a teaser's headline, a related link. A heading made of one link (`## [Cognitive
    Benefits](#cognitive-benefits)`) is not such a line: an article's own headings often link
    to themselves."""
    if "](" not in line or HEADING_RE.match(line):
        return False
    text = EDGE_EMPHASIS_RE.sub("", markdown_reading(line).strip())
    return not text.startswith("!") and MD_LINK_RE.fullmatch(text) is not None


# A line of two or more links whose text is at least this share of the line's (in word
# characters) is a list of links: a sidebar's `1. [Story](/a) 2. [Story](/b)`, tags, a menu
# row. An article's paragraph links a few of its words. On l3s-gn1's 469 pages outside the
# held-out quarter, with markdownify's text, body F1 0.889 -> 0.901 (shares 0.4 to 0.8: 0.899
# to 0.901); wcxb-articles' 590 such pages 0.9015 -> 0.903 (docs/EXPERIMENTS.md, "Markdown
# cells, link lists and padded columns").
LINK_TEXT_SHARE = 0.5
WORD_CHAR_RE = re.compile(r"\w")


def link_list(line: str) -> bool:
    """Whether the line holds two or more Markdown links or images and their text (an image's
    alt text) is LINK_TEXT_SHARE or more of the line's text, counted in word characters."""
    if line.count("](") < 2:
        return False
    links = list(MD_LINK_RE.finditer(line))
    if len(links) < 2:
        return False
    text = len(WORD_CHAR_RE.findall(markdown_text(line)))
    linked = sum(len(WORD_CHAR_RE.findall(m.group(1))) for m in links)
    return text > 0 and linked >= LINK_TEXT_SHARE * text


def author_link(line: str) -> bool:
    """Whether the line holds a link to an author's page (`By [Ann Lee](/author/ann-lee)`,
    `/authors/`, `/writers/`, `/contributors/`, `/people/`, `/staff/`, `/profile/`, `/by/`)
    and is byline-short (AUTHOR_LINE_MAX_CHARS as text or fewer), not a picture."""
    return (AUTHOR_LINK_RE.search(line) is not None and not line.lstrip().startswith("!") and not markup_only(line)
            and len(links_as_text(line)) <= AUTHOR_LINE_MAX_CHARS)


def looks_like_markdown(lines: Sequence[str]) -> bool:
    """Whether MARKDOWN_MIN_LINK_LINES or more of the lines hold a Markdown link or image."""
    found = 0
    for line in lines:
        if "](" in line and MD_LINK_RE.search(line):
            found += 1
            if found >= MARKDOWN_MIN_LINK_LINES:
                return True
    return False


def title_heading(lines: Sequence[str]) -> int | None:
    """The index of the page's one level-1 heading outside code fences, or None when it has
    none or more than one. A level-1 heading is `# Title` (ATX) or a line of text with a line
    of `=` under it (setext: markdownify's default, and turndown's, which many page readers
    use). A `# comment` inside a fenced shell script is code."""
    found = None
    fenced = False
    for i, line in enumerate(lines):
        if FENCE_RE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        if TITLE_HEADING_RE.match(line):
            at = i
        elif i and TITLE_UNDERLINE_RE.match(line) and lines[i - 1].strip() and not FENCE_RE.match(lines[i - 1]):
            at = i - 1
        else:
            continue
        if found is not None:
            return None
        found = at
    return found


def markdown_reading(line: str) -> str:
    """The line of a Markdown page without the marks a reader does not see: the brackets of a
    link that spans lines (loose_brackets), a blockquote's `>`s, a list item's bullet, a
    heading's `#`s, a line of `===` alone (a level-1 setext heading's underline: read as a
    blank line) and backslash escapes. Whole links and images stay (links_as_text and
    markup_only read them). Emphasis stays too: read without its asterisks, a bold `**Related Articles**` in a
    sidebar above the article counts as an end-of-article marker, and on l3s-gn1's Markdown
    that cost more than it gained on wcxb-articles' (docs/EXPERIMENTS.md, Markdown marks)."""
    if TITLE_UNDERLINE_RE.match(line):
        return ""
    if "[" in line or "]" in line:
        line = loose_brackets(line)
    if line.lstrip().startswith(">"):
        line = QUOTE_RE.sub("", line, count=1)
    line = HEADING_RE.sub("", BULLET_RE.sub("", line, count=1), count=1)
    if "\\" in line:
        line = ESCAPE_RE.sub(r"\1", line)
    return line


def markdown_text(line: str) -> str:
    """The line of a Markdown page as its text: markdown_reading, emphasis dropped, links and
    images as their text (an image's alt text), set apart from a word that follows them at
    once (`By [Ann Lee](/ann)Published` is two elements of the page, not one word)."""
    return _replace_links(EMPHASIS_RE.sub("", markdown_reading(line)), _link_text)


def _link_text(match: re.Match[str]) -> str:
    """A link's text, with a space before and after it where a word or another link touches it."""
    text, whole = match.group(1), match.string
    before, after = whole[match.start() - 1:match.start()], whole[match.end():match.end() + 1]
    lead = " " if text[:1].isalnum() and (before.isalnum() or before == "]") else ""
    trail = " " if text[-1:].isalnum() and (after.isalnum() or after in "[!") and after else ""
    return lead + text + trail


def loose_brackets(line: str) -> str:
    """The line without the pieces of links opened or closed on another line: a `](target)`
    with no `[` before it on the line (a link whose text began lines above, as markdownify
    writes a link around a whole teaser card) and a `[` never closed on the line."""
    out: list[str] = []
    opened: list[int] = []  # positions in `out` of the `[`s not closed yet
    i, n = 0, len(line)
    while i < n:
        char = line[i]
        if char == "\\" and i + 1 < n:
            out.append(line[i:i + 2])
            i += 2
            continue
        if char == "[":
            opened.append(len(out))
        elif char == "]":
            if opened:
                opened.pop()
            else:
                target = MD_TARGET_RE.match(line, i + 1)
                if target:  # the end of a link begun on an earlier line: dropped with its target
                    i = target.end()
                    continue
        out.append(char)
        i += 1
    for k in opened:
        out[k] = ""
    return "".join(out)
