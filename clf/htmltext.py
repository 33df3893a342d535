"""HTML to plain-text lines, the way common scrapers linearise a page.

Two styles differ the way real scrapers differ:
- "blocks": block elements end a line, paragraphs and headings are set apart by one
  blank line, hidden elements and images are left out (like html-text, lynx dumps); React's
  streamed parts (`<div hidden id="S:0">`, which a script shows at once) are kept.
- "gettext": text nodes joined as in BeautifulSoup's get_text: list items, table cells
  and links run together on one line, image alt texts, icon titles and SVG titles stay
  inline, and only coarse containers end a line.

One walk over the tree yields `TextLine`s that keep, for every piece of text, the
element it came from, so labels can be derived from the markup (see clf.derive).
"""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

from clf.corpus import mostly_utf8

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

STYLES: tuple[str, ...] = ("blocks", "gettext")

# Contents never shown as text, in either style. Not <head> as a whole: libxml2 leaves an
# element it does not know there (`<mbox>` before the page's tables) and everything after it,
# where a browser would have closed the head and shown them; the head's own elements are here.
DROP_ALWAYS = frozenset(
    {"script", "style", "noscript", "template", "title", "meta", "link", "base",
     "iframe", "object", "embed", "canvas", "map", "param", "source", "track"}
)
# ... and, in the text a reader reads, ruby annotations (`<ruby>子<rt>こ</rt></ruby>`: the reading
# printed above a Japanese word, which inline would make `子こ`)
DROP_BLOCKS = DROP_ALWAYS | {"svg", "math", "select", "textarea", "audio", "video", "datalist", "rt", "rp"}
DROP_GETTEXT = DROP_ALWAYS
SVG_TEXT_TAGS = frozenset({"title", "desc", "text", "tspan"})
# A <noscript> is read after all when it holds a block of text this long (is_content_fallback)
FALLBACK_BLOCKS = ("p", "li", "td", "dd", "blockquote", "pre")
FALLBACK_MIN_CHARS = 200
FALLBACK_MIN_TEXT = 1000

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
BLOCKS_PARA = HEADINGS | {"p", "blockquote", "pre", "figure", "ul", "ol", "dl", "table", "hr"}
BLOCKS_LINE = frozenset(
    {"div", "li", "tr", "td", "th", "dd", "dt", "section", "article", "header", "footer",
     "nav", "aside", "main", "form", "fieldset", "legend", "figcaption", "address",
     "caption", "center", "details", "summary", "menu", "dialog", "hgroup", "body",
     "html", "tbody", "thead", "tfoot", "noframes", "option", "label"}
)
GETTEXT_PARA = HEADINGS | {"p", "blockquote", "pre"}
GETTEXT_LINE = frozenset(
    {"div", "section", "article", "header", "footer", "nav", "aside", "main", "form",
     "table", "tr", "ul", "ol", "dl", "figure", "figcaption", "address", "body", "html",
     "hr", "center", "fieldset", "details", "dialog", "hgroup", "select", "textarea"}
)
GETTEXT_SPACED = frozenset(
    {"li", "td", "th", "dt", "dd", "option", "button", "label", "legend", "summary",
     "caption", "img", "input", "area"}
)
TITLED_ICON_TAGS = frozenset({"a", "button", "span", "i", "em", "div", "svg", "use"})

WS_RE = re.compile(r"[\s\u00a0\u200b\u2028\u2029\ufeff]+")
HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# React's streamed server rendering sends a page's late parts as <div hidden id="S:0">; a
# script moves them into place at once, so a reader sees them (Next.js article pages do this).
STREAMED_ID_RE = re.compile(r"S:\d+\Z")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*>", re.I)
# libxml2 drops what follows an early </body> or </html>; browsers keep it in the body.
END_TAGS_RE = re.compile(r"</(?:body|html)\s*>", re.I)
META_CHARSET_RE = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I
)
XML_ENCODING_RE = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.\-]+)""", re.I)
# Browsers read these labels as windows-1252 (WHATWG Encoding Standard).
AS_CP1252 = frozenset({"cp1252", "latin_1", "iso8859_1", "ascii"})


@dataclass(frozen=True)
class Segment:
    """A piece of a line, `text[start:end]`, and the element whose content it is."""

    start: int
    end: int
    element: HtmlElement


@dataclass(frozen=True)
class TextLine:
    """One output line and the source elements of its pieces (none for blank lines)."""

    text: str
    segments: tuple[Segment, ...] = ()

    @property
    def elements(self) -> tuple[HtmlElement, ...]:
        return tuple(seg.element for seg in self.segments)


def html_to_lines(html: str | bytes, style: str = "blocks") -> list[str]:
    """The page as plain-text lines in the given style ("blocks" or "gettext")."""
    return [line.text for line in html_to_text_lines(html, style)]


def html_to_text_lines(html: str | bytes, style: str = "blocks") -> list[TextLine]:
    """The page as `TextLine`s: text plus the elements each piece came from."""
    return tree_to_text_lines(parse_html(html), style)


def tree_to_text_lines(root: HtmlElement, style: str = "blocks") -> list[TextLine]:
    """Linearise a parsed tree; call it once per style on the same tree to share elements."""
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}, expected one of {', '.join(STYLES)}")
    return _Walker(style).run(root)


# Parsing and decoding


def parse_html(html: str | bytes) -> HtmlElement:
    """Parse a page leniently; broken or empty input gives a (possibly empty) tree."""
    text = decode_html(html) if isinstance(html, bytes) else html
    text = CONTROL_RE.sub("", XML_DECL_RE.sub("", text, count=1))
    text = END_TAGS_RE.sub("", text)
    parser = lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True
    )
    data = text.encode("utf-8", errors="replace")
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        logger.debug("unparsable HTML (%s); using an empty page", exc)
        return lxml.html.Element("html")
    return root if root is not None else lxml.html.Element("html")


def decode_html(data: bytes) -> str:
    """Decode page bytes: BOM, then valid UTF-8 (or UTF-8 but for a few stray bytes: clf.corpus.mostly_utf8),
    then the declared charset, then cp1252."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace")
    if data.isascii():
        return data.decode("ascii")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data)
    if declared and declared not in AS_CP1252 and declared != "utf_8":
        # not read as mostly UTF-8: a multi-byte charset's byte pairs may read as UTF-8 by chance
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            logger.debug("bytes do not decode as declared %s", declared)
    else:
        mostly = mostly_utf8(data)  # UTF-8 but for a few stray bytes (a Latin-1 `ä` in a script comment)
        if mostly is not None:
            return mostly[0]
    return data.decode("cp1252", errors="replace")


def declared_charset(data: bytes) -> str | None:
    """The Python codec name of the charset declared in the first bytes, if known."""
    head = data[:8192]
    match = XML_ENCODING_RE.search(head) or META_CHARSET_RE.search(head)
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii", "replace")).name.replace("-", "_")
    except LookupError:
        return None


# The walk


class _Walker:
    """One depth-first pass over the tree that feeds text and boundaries to a _LineBuilder."""

    def __init__(self, style: str) -> None:
        self.style = style
        self.drop = DROP_BLOCKS if style == "blocks" else DROP_GETTEXT
        self.builder = _LineBuilder()
        self.pre_depth = 0
        self.svg_depth = 0

    def run(self, root: HtmlElement) -> list[TextLine]:
        stack: list[tuple[int, HtmlElement]] = [(VISIT, root)]
        while stack:
            event, node = stack.pop()
            if event == VISIT:
                if not self._is_dropped(node):
                    self._enter(node)
                    stack.append((EXIT, node))
                    for child in reversed(node):
                        stack.append((TAIL, child))
                        stack.append((VISIT, child))
                    stack.append((TEXT, node))
            elif event == TEXT:
                self._text(node.text, node)
            elif event == TAIL:
                self._text(node.tail, node.getparent())
            else:
                self._exit(node)
        return self.builder.finish()

    def _is_dropped(self, el: HtmlElement) -> bool:
        tag = _local(el.tag)
        if not tag:
            return True  # comments, processing instructions, entities (their tails still count)
        if tag in self.drop:
            if tag == "noscript":
                return not is_content_fallback(el)
            return not (self.style == "gettext" and tag == "title" and self.svg_depth)
        if self.style == "blocks":
            if el.get("hidden") is not None and not STREAMED_ID_RE.match(el.get("id") or ""):
                return True
            if el.get("aria-hidden") == "true":
                return True
            style_attr = el.get("style")
            if style_attr and HIDDEN_STYLE_RE.search(style_attr):
                return True
        return False

    def _text(self, text: str | None, owner: HtmlElement | None) -> None:
        if not text or owner is None:
            return
        if self.svg_depth and _local(owner.tag) not in SVG_TEXT_TAGS:
            return  # inside an <svg> (gettext only) just title/desc/text show their text
        self.builder.add(text, owner, pre=self.pre_depth > 0)

    def _enter(self, el: HtmlElement) -> None:
        tag = _local(el.tag)
        if tag == "br":
            self.builder.line_break()
            return
        self._depths(tag, 1)
        _boundary(tag, self.style, self.builder)
        if self.style == "gettext":
            _attribute_text(el, tag, self.builder)

    def _exit(self, el: HtmlElement) -> None:
        tag = _local(el.tag)
        if tag != "br":
            self._depths(tag, -1)
            _boundary(tag, self.style, self.builder)

    def _depths(self, tag: str, step: int) -> None:
        if tag in ("pre", "textarea"):
            self.pre_depth += step
        elif tag == "svg":
            self.svg_depth += step


VISIT, TEXT, TAIL, EXIT = range(4)


def _boundary(tag: str, style: str, b: _LineBuilder) -> None:
    """Open or close an element: a paragraph break, a line end, a space or nothing."""
    if style == "blocks":
        if tag in BLOCKS_PARA:
            b.paragraph_break()
        elif tag in BLOCKS_LINE:
            b.end_line()
        return
    if tag in GETTEXT_PARA:
        b.paragraph_break()
    elif tag in GETTEXT_LINE:
        b.end_line()
    elif tag in GETTEXT_SPACED or tag in SVG_TEXT_TAGS:
        b.space()


def _attribute_text(el: HtmlElement, tag: str, b: _LineBuilder) -> None:
    """gettext keeps image alt texts and the titles of text-less icons and links."""
    if tag in ("img", "area") or (tag == "input" and el.get("type", "").lower() == "image"):
        alt = el.get("alt")
        if alt and alt.strip():
            b.space()
            b.add(alt, el)
            b.space()
        return
    title = el.get("title")
    if title and title.strip() and tag in TITLED_ICON_TAGS and not _has_text(el):
        b.space()
        b.add(title, el)
        b.space()


def is_content_fallback(el: HtmlElement) -> bool:
    """Whether a <noscript> holds the page's own text for readers without JavaScript: at least
    FALLBACK_MIN_TEXT characters, one paragraph, list item or cell of FALLBACK_MIN_CHARS or more
    among them. Such a page (a site that draws itself with scripts, a blog whose post stands
    only in its <noscript>) shows a scraper nothing else; the usual <noscript> holds a tracking
    pixel, an "enable JavaScript" line or one picture with its caption."""
    if len(" ".join(el.text_content().split())) < FALLBACK_MIN_TEXT:
        return False
    for block in el.iter(*FALLBACK_BLOCKS):
        if len(" ".join(block.text_content().split())) >= FALLBACK_MIN_CHARS:
            return True
    return False


def _has_text(el: HtmlElement) -> bool:
    try:
        return bool(WS_RE.sub("", el.text_content()))
    except ValueError:
        return False


def _local(tag: object) -> str:
    """Lower-case tag name without a namespace ("{http://www.w3.org/2000/svg}svg" -> "svg"); "" for comments."""
    if not isinstance(tag, str):
        return ""
    name = _TAG_NAMES.get(tag)
    if name is None:
        name = _TAG_NAMES[tag] = tag.rsplit("}", 1)[-1].lower()
    return name


_TAG_NAMES: dict[str, str] = {}


class _LineBuilder:
    """Collects text pieces into lines: collapses whitespace, places blank lines, keeps sources."""

    def __init__(self) -> None:
        self.lines: list[TextLine] = []
        self.parts: list[str] = []
        self.segments: list[Segment] = []
        self.length = 0
        self.pending_space = False
        self.want_blank = False

    def add(self, text: str, element: HtmlElement, pre: bool = False) -> None:
        """Append text from `element`; inside <pre> its newlines end lines."""
        if not pre:
            self._add_inline(text, element)
            return
        for i, part in enumerate(text.split("\n")):
            if i:
                self.line_break()
            self._add_inline(part, element)

    def _add_inline(self, text: str, element: HtmlElement) -> None:
        collapsed = WS_RE.sub(" ", text)
        if not collapsed.isascii():  # composed characters: `ü`, not `u` and a combining diaeresis
            collapsed = unicodedata.normalize("NFC", collapsed)
        if not collapsed.strip():
            if collapsed and self.parts:
                self.pending_space = True
            return
        if self.parts and (self.pending_space or collapsed[0] == " "):
            self._append(" ")
        core = collapsed.strip()
        start = self.length
        self._append(core)
        self.segments.append(Segment(start, self.length, element))
        self.pending_space = collapsed[-1] == " "

    def _append(self, piece: str) -> None:
        self.parts.append(piece)
        self.length += len(piece)

    def space(self) -> None:
        if self.parts:
            self.pending_space = True

    def end_line(self) -> None:
        if self.parts:
            if self.want_blank and self.lines and self.lines[-1].text:
                self.lines.append(TextLine(""))
            self.want_blank = False
            self.lines.append(TextLine("".join(self.parts), tuple(self.segments)))
        self.parts, self.segments, self.length = [], [], 0
        self.pending_space = False

    def paragraph_break(self) -> None:
        self.end_line()
        self.want_blank = True

    def line_break(self) -> None:
        """A <br>: ends the current line; a second one in a row asks for a blank line."""
        if self.parts:
            self.end_line()
        else:
            self.want_blank = True

    def finish(self) -> list[TextLine]:
        self.end_line()
        while self.lines and not self.lines[-1].text:
            self.lines.pop()
        return self.lines


def tag_name(el: HtmlElement) -> str:
    """The element's tag, lower case and without a namespace; "" for comments and the like."""
    tag = el.tag
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def self_and_ancestors(el: HtmlElement) -> Iterator[HtmlElement]:
    """The element, its parent, and so on up to the root."""
    node: HtmlElement | None = el
    while node is not None:
        yield node
        node = node.getparent()
