"""Turn a document's lines into features: text, line shape, and context.

The pipeline's samples are `LineRow`s: one per non-empty line, each pointing at
a shared `DocContext` that computes the page-level arrays once per document.
"""

from __future__ import annotations

import html
import json
import math
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from clf.document import LABELS, Label
from clf.markdown import links_as_text

WORD_RE = re.compile(r"\w+", re.UNICODE)
TERMINAL = ".!?…\"'”»)"
# A cookie or consent notice (`We use cookies to personalize content ...`, `Diese Website
# verwendet Cookies ...`) is a long line but never the article's prose: scrapers that keep
# hidden banners put it above a page's menus, and counted as the page's first long line it
# made every menu link after it (`See More`) an end-of-article marker before the article.
CONSENT_RE = re.compile(r"""\b(?:
    (?:we|this\s+(?:web\s*)?site|our\s+(?:web\s*)?site|the\s+(?:web\s*)?site)\s+(?:uses?|may\s+use)\s+(?:\w+\s+){0,2}cookies
  | (?:accept|allow|use\s+of|uses?\s+of|set)\s+(?:all\s+)?(?:the\s+)?cookies | cookies?\s+(?:policy|settings|preferences|consent|notice)
  | (?:wir\s+(?:verwenden|nutzen|setzen)|(?:diese|unsere)\s+(?:web)?seite\s+(?:verwendet|nutzt))\s+(?:\w+\s+){0,2}cookies
  | (?:nous\s+utilisons|ce\s+site\s+utilise)\s+(?:des\s+)?cookies | (?:utilizamos|este\s+sitio\s+(?:web\s+)?utiliza)\s+cookies
  | (?:utilizziamo|questo\s+sito\s+utilizza)\s+(?:i\s+)?cookie
)""", re.IGNORECASE | re.VERBOSE)


def is_consent(text: str) -> bool:
    """Whether a line is a cookie notice (CONSENT_RE; every one names cookies, so the
    pattern runs only on lines that do)."""
    return "cookie" in text.lower() and CONSENT_RE.search(text) is not None


# A page's own scripts, styles and data as text: scrapers that take every text node (lxml's
# text_content(), a get_text() that keeps <script>) put minified JavaScript, CSS, JSON and SVG
# paths among the page's lines. Such a line is long, and the model, which never met one, takes
# it for prose: on the wcxb tuning pages as gettext text with the scripts kept, body precision
# fell from 0.92 to 0.77-0.80. A line of SCRIPT_MIN_CHARS or more is script text when
# - it has few spaces (under SCRIPT_MAX_SPACES of its characters, as minified code has) and
#   opens as a statement or a JSON object does, or holds SCRIPT_MARK_RATE or more of code's marks
#   to every 100 characters: `){`, `};`, `":"`, `","` and their escaped forms, `=>`, `&&`,
#   `var x =`, `window.`, `\/`, `width:100%;`, path numbers like `1.6,0.7` and `c1.5`, and on such
#   a line also `{key:`, `;key:`, `}.next-selector`, `);`, `;if`, `var(--` (MINIFIED_MARK_RE);
# - or, spaced, it holds SCRIPT_SPACED_RATE or more (pretty-printed JSON and CSS), or, when it
#   is SCRIPT_LONG_CHARS long or more (a formatted script or style that a scraper gives as one
#   text node, its white space squeezed), SCRIPT_MARK_RATE, or it opens as a statement, a JSON
#   object, a comment or a style rule does.
# A code example in an article, which some converters give on one line, is spaced and has
# fewer marks (on the wcxb tuning pages as html-text gives them: up to 2.4 per 100 characters,
# and up to 933 characters long). In the derived and our own labelled lines, 42 lines match, all boilerplate.
SCRIPT_MIN_CHARS = 100
SCRIPT_MARK_RATE = 1.5
SCRIPT_SPACED_RATE = 4.0
SCRIPT_LONG_CHARS = 1000
SCRIPT_MAX_SPACES = 0.1
SCRIPT_START_RE = re.compile(r"""\s*(?:
    (?:self|window|document|jQuery)\.[\w$.]+\s*[(=] | (?:var|let|const)\s+[\w$]+\s*=
  | !?function\s*[\w$]*\s*\( | \(\s*function\s*\( | \[?\{\s*"[\w@$-]+"\s*:
  | /\* | @(?:media|font-face|import|charset|keyframes)\b | :root\s*\{ | [.#][\w-]+[^{}]{0,200}\{\s*[\w-]+\s*:
)""", re.VERBOSE)
SCRIPT_MARK_RE = re.compile(r"""[{};]\s*[{}] | \)\s*\{ | \}\s*[;,)\]] | "\s*:\s*(?:\\?["{\[\d]|true|false|null) | "\s*,\s*\\?" | => | && | \|\|
  | [!=]== | \bfunction\s*\( | \b(?:var|let|const)\s+[\w$]+\s*= | \b(?:window|document)\.\w | \.push\( | \\u00 | \\/
  | [\w-]+:\s?[^;{}\s]{1,40}[;}] | !important | \d[a-zA-Z]-?\d*\.\d | \d\.\d+,-?\d*\.\d""",
                            re.VERBOSE)
# and, counted only on a line with few spaces (a code example's formatted lines have these too):
# a declaration or key after `{` or `;`, a rule's end before the next selector, a call's end, a
# statement after `;`, a CSS variable
MINIFIED_MARK_RE = re.compile(r"""[{;]-{0,2}[a-zA-Z][\w-]*: | \}[.#@:\[\w] | \); | ;(?:if|for|while|return|let|const|var|function)\b
  | var\(--""", re.VERBOSE)


def is_script_line(text: str) -> bool:
    """Whether a line is a page's script, style or data dumped as text (SCRIPT_START_RE,
    SCRIPT_MARK_RE, and MINIFIED_MARK_RE on a line with few spaces; is_data_line), or an HTML
    comment."""
    if len(text) < SCRIPT_MIN_CHARS:
        return False
    if text.startswith("<!--"):  # an HTML comment, or an older page's script hidden in one
        return True
    if text.count(" ") >= SCRIPT_MAX_SPACES * len(text):  # spaced
        if is_data_line(text):
            return True
        if len(text) >= SCRIPT_LONG_CHARS and SCRIPT_START_RE.match(text) is not None:
            return True
        rate = SCRIPT_MARK_RATE if len(text) >= SCRIPT_LONG_CHARS else SCRIPT_SPACED_RATE
        # most long lines are prose: read the marks only when there are braces and quotes enough
        if sum(text.count(c) for c in '{}";') * 100 < rate * len(text):
            return False
        return _marks_reach(text, rate * len(text) / 100, (SCRIPT_MARK_RE,))
    if SCRIPT_START_RE.match(text) is not None:
        return True
    return _marks_reach(text, SCRIPT_MARK_RATE * len(text) / 100, (SCRIPT_MARK_RE, MINIFIED_MARK_RE))


def _marks_reach(text: str, need: float, patterns: Sequence[re.Pattern[str]]) -> bool:
    """Whether the patterns' matches in a text number `need` or more, counted until they do
    (a long script reaches its bar within its first part)."""
    found = 0
    for pattern in patterns:
        for _ in pattern.finditer(text):
            found += 1
            if found >= need:
                return True
    return found >= need


# A page's data as one script's text: JSON-LD (`{"@context": "https://schema.org", ...}`), a
# framework's state (`<script id="__NEXT_DATA__">`) or Next.js's streamed payload
# (`self.__next_f.push([1, "..."])`). Their strings often hold the article itself, or other
# articles' text, so they are spaced like prose and carry too few of a script's marks; but
# the whole line parses as JSON, bare or as the one argument or value of a call or assignment.
DATA_CALL_RE = re.compile(r"(?:self|window|document)\.[\w$.]+\s*(?:\(|=)\s*")


def is_data_line(text: str) -> bool:
    """Whether a stripped line is one JSON value, bare or in `x.y(...)` / `x.y = ...;`, or
    such a value written as a string for `JSON.parse("...")` (Substack's `window._preloads`)."""
    call = DATA_CALL_RE.match(text)
    if call is None:
        return _is_json(text)
    body = text[call.end():].rstrip(";")
    if call.group().rstrip().endswith("("):
        body = body.removesuffix(")")
    if body.startswith("JSON.parse(") and body.endswith(")"):
        try:
            body = json.loads(body[len("JSON.parse("):-1])
        except ValueError:
            return False
        if not isinstance(body, str):
            return False
    return _is_json(body)


def _is_json(text: str) -> bool:
    """Whether text is a JSON object or array."""
    if not (text[:1] in "[{" and text[-1:] in "]}"):
        return False
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


# A style sheet or script with its own line breaks (a scraper that cuts the tags out of the
# page's source, or keeps each text node's line breaks, keeps them) is many short lines that
# is_script_line does not reach: `color: #fff;`, `}`, `.menu a {`, `window.x = 1;`. On a page
# that holds a script line (the sign that it came with its scripts and styles), a line of such
# a shape is read as script too. Elsewhere such lines are an article's code examples.
CSS_DECLARATION_RE = re.compile(r"(?:--[\w-]+|-?[a-z][a-z-]*)\s*:\s*\S")  # `--camelCase:` too
STATEMENT_RE = re.compile(r"[\w$.\[\]'\"]+\s*[-+*/|&]?=\s*\S|[\w$.]+\(.*\)\s*;$"
                          r"|(?:const|let|var|return|throw)\b")
JSON_KEY_RE = re.compile(r'"[\w@$.-]+"\s*:\s*\S')
SELECTOR_RE = re.compile(r"[.#][a-zA-Z_-]")
PATH_NUMBERS_MIN = 40  # characters: a line of an SVG path's numbers (`0 01-.749-1.15c-.137`)
# a string's escapes inside a script or its data (`A \u201CShift\u201D is`, `class=\"intro\"`,
# `Solutions\n\nThe growth`, a line break before a line's start, not `C:\newsletters`): a piece of a
# payload that was cut, or a string of one given on a line of its own
STRING_ESCAPE_RE = re.compile(r'\\(?:u[0-9a-fA-F]{4}|"|n(?=\\n|[\s#*A-Z]|$))')
# a piece of an SVG path's data cut at its spaces (`284.399 100.295C279.867 90.3486`): numbers
# with a path command between two of them
SVG_PATH_RE = re.compile(r"[\d.,\s\-MLHVCSQTAZmlhvcsqtaz]+")
SVG_PATH_STEP_RE = re.compile(r"\d[MLHVCSQTAZmlhvcsqtaz]-?[\d.]")
# Code that needs no `;` at its end: a control statement's head (`if (!src)`), a declaration
# (`const div = f()`), an assignment to or a call of a dotted name (`div.style.width = '50px'`,
# `document.body.appendChild(div)`, `.addSize([768, 200], [])`), a hyphenated style property
# with its value (`box-shadow:0 10px 30px 0 rgba(...)`), and a tag's attribute that a `>` in
# its value let through the tag cut (`@click="open = !open"`, `x-init="menu = [...]"`). And
# before a `,` or `;`: an object's key with a quoted, numeric or literal value (`lmdSiteCode:
# 'hlt',`), a camelCase key (`initialTimestamp: now,`), a string alone (`'/pt/products/a',`)
# or a call (`url("...") format("woff"),`). A rule's end (`}`) counts on a line without six
# words in a row: a paragraph can end on a style rule that the tag cut glued onto it.
# A comment's mark anywhere (`*/`, `/*`, ` // `) is code too: a formatted script given as one
# line is cut at its comments' sentences into pieces such as `Private vars */ var mfp, ...`.
# So is HTML kept as text: a line opening on a tag with an attribute, a closing tag, a tag
# alone or before another, or `<!--` (older pages hide their scripts in comments, `<!--
# OAS_AD('x08'); //-->`, and write ads' markup in them), or ending on `-->`; not
# `<version>: the schema's version`, an article naming a tag.
SENTENCE_WORDS_RE = re.compile(r"(?:[^\W\d_]+ ){5}[^\W\d_]+")  # six words in a row
UNENDED_CODE_RE = re.compile(r"""(?:if|for|while|switch)\s*\( | (?:const|let|var)\s+[\w$]+\s*=
  | [\w$]+(?:\.[\w$]+)+\s*(?:[-+*/|&]?=[^=]|\() | \.[\w$]+\( | -{0,2}[a-z]+(?:-[a-z]+)+\s*:\S
  | [@:]?[a-zA-Z][\w.:-]*=["']
  | <!-- | </?[a-zA-Z][\w:-]*(?:\s+[\w:-]+=|\s*/?>\s*(?:<|$)) | </[a-zA-Z]""", re.VERBOSE)
LISTED_CODE_RE = re.compile(r"""(?:['"][\w$-]+['"]|[a-z_$][\w$-]*)\s*:\s*(?:['"\d\[{]|true\b|false\b|null\b)
  | [a-z_$][a-z\d_$]*[A-Z][\w$]*\s*:\s*\S | (['"]).*\1$ | [\w$.]+\(""", re.VERBOSE)


def is_code_line(text: str) -> bool:
    """Whether a stripped line has a style sheet's, a script's or its data's shape: a block's
    end or start, a comment, a declaration (`color: #fff;`), a selector of a list
    (`.menu a,`), a statement (`x.y = 1;`, `f(x);`, `const x = f();`, `return;`), a JSON key
    (`"url": "...",`), a string's escapes (`\\u201C`, `\\"`), an SVG path's numbers, or one
    of the shapes of UNENDED_CODE_RE and LISTED_CODE_RE."""
    if not text:
        return False
    last = text[-1]
    if text[0] in "{}" or text.startswith("//") or last == "{":
        return True
    if last == "}" and ("{" in text or CSS_DECLARATION_RE.match(text)) and SENTENCE_WORDS_RE.search(text) is None:
        return True  # a rule's end, and not a paragraph with a style rule glued on
    if "*/" in text or "/*" in text or " // " in text or text.endswith("-->") or UNENDED_CODE_RE.match(text):
        return True
    if last in ";,":
        body = text[:-1].rstrip()
        if (last == "," and SELECTOR_RE.match(text)) or CSS_DECLARATION_RE.match(text) or STATEMENT_RE.match(text) \
                or LISTED_CODE_RE.match(body):
            return True
    if text[0] == '"' and JSON_KEY_RE.match(text):
        return True
    if "\\" in text and STRING_ESCAPE_RE.search(text) is not None:
        return True
    if SVG_PATH_RE.fullmatch(text) and SVG_PATH_STEP_RE.search(text):
        return True
    if len(text) >= PATH_NUMBERS_MIN and text.count(" ") < SCRIPT_MAX_SPACES * len(text):
        return sum(c.isdigit() or c in ".-," for c in text) >= 0.6 * len(text)
    return False


def script_page_code(texts: Sequence[str]) -> list[bool]:
    """For each line, whether it is script text on a page that came with its scripts: on a
    page with a script line (is_script_line), or with CODE_PAGE_LINES lines of code's shape
    and an analytics or ad snippet (TRACKER_RE), every line of code's shape (is_code_line)
    and the script lines; on other pages none."""
    stripped = [line.strip() for line in texts]
    scripts = [is_script_line(text) for text in stripped]
    no_script_line = not any(scripts)  # then a tracker's snippet and CODE_PAGE_LINES code lines must tell
    if no_script_line and not any(TRACKER_RE.search(text) for text in stripped):
        return scripts
    code = [script or is_code_line(text) for script, text in zip(scripts, stripped)]
    if no_script_line and sum(code) < CODE_PAGE_LINES:
        return scripts
    return _islands_of_code(code, stripped)


# A page whose scripts are all formatted, with their own line breaks, has no script line. What
# tells it from a tutorial's code examples is what every page carries and no article teaches:
# its analytics and ad snippets (`_gaq.push(...)`, `google_ad_client = ...`, `OAS_AD(...)`,
# `document.write(...)`), with CODE_PAGE_LINES or more lines of code's shape.
CODE_PAGE_LINES = 10
TRACKER_RE = re.compile(r"googletag|gtag\(|dataLayer|_gaq\.|google_ad_|adsbygoogle|document\.write\(|OAS_"
                        r"|urchinTracker|pageTracker")


# Pieces of a script between code lines that have no code's shape of their own: an SVG path's
# numbers cut at its spaces (`12.7036`), a value carried over (`1 100%;-ms-flex:0`), `: policy`.
# A run of up to ISLAND_MAX_LINES lines with text, none with three words in a row, between two
# code lines is code too; but not a page's `<title>` among the scripts of its head
# (`Machine learning, explained | MIT Sloan`: a name, a separator, a name).
ISLAND_MAX_LINES = 20
TITLE_PARTS_RE = re.compile(r"[^\W\d_]{2}\W*\s[|–—·-]\s+\W*[^\W\d_]{2}")  # `Page name | Site`
THREE_WORDS_RE = re.compile(r"(?:[^\W\d_]{2,}\s+){2}[^\W\d_]{2,}")


def _islands_of_code(code: list[bool], stripped: Sequence[str]) -> list[bool]:
    """`code` with each run of wordless lines between two code lines made code."""
    out = list(code)
    filled = [i for i, text in enumerate(stripped) if text]
    run: list[int] = []
    before = False  # the line with text before the run is code
    for i in filled:
        if code[i]:
            if before and run and len(run) <= ISLAND_MAX_LINES:
                for k in run:
                    out[k] = True
            run, before = [], True
        elif before and THREE_WORDS_RE.search(stripped[i]) is None and TITLE_PARTS_RE.search(stripped[i]) is None:
            run.append(i)
        else:
            run, before = [], False
    return out


LONG_LINE = 120  # characters: a line this long is prose more often than not
PROSE_END = 80  # characters: a sentence this long ending the page's prose (after_last_long)
DENSE_CHUNK = 2_000  # lines whose line-local features are computed together (small arrays stay fast)
POSITION_CAP = 300  # characters a line counts for at most in the position feature chars_before
SHAPE_NAMES = (
    "log_chars", "log_words", "frac_digit", "frac_upper", "frac_punct", "frac_space",
    "ends_terminal", "ends_colon", "ends_comma", "starts_upper", "starts_bullet",
    "title_case", "all_caps", "mean_word_len", "has_pipe", "has_copyright", "has_url",
    "has_year", "has_time", "paren_end", "has_slash", "sep_count", "n_sentences",
    "is_long", "is_short", "quote_start", "self_repeat",
)
N_SHAPE = len(SHAPE_NAMES)


# Character classes are looked up once per document in a table indexed by code point.
# Each flag stands for the str method it is computed with, so per-line counts equal
# `sum(c.isdigit() for c in s)` etc. exactly. WORD is what `\w` matches (isalnum() or
# "_"), WHITE what `\s` matches (isspace()), MARK the sentence marks of `[.!?](\s|$)`.
DIGIT, UPPER, ALPHA, WORD, PUNCT, WHITE, MARK = (1 << i for i in range(7))
_KNOWN = 1 << 7  # set on every filled entry; 0 means "not computed yet"
_char_flags = np.zeros(sys.maxunicode + 1, dtype=np.uint8)  # filled lazily
_COUNTED = {"digit": DIGIT, "upper": UPPER, "alpha": ALPHA, "word": WORD, "punct": PUNCT}
_COUNTED_FLAGS = np.array(list(_COUNTED.values()), dtype=np.uint8)[:, None]  # one row each

YEAR_RE = re.compile(r"\b(19|20)\d\d\b")
TIME_RE = re.compile(r"\b\d{1,2}[:.h]\d\d\b")
SENTENCE_END_RE = re.compile(r"[.!?](\s|$)")
YEARS = ("19", "20")  # the literal part of YEAR_RE
COPYRIGHT = ("©", "(c)", "(C)")  # same as `"©" in s or "(c)" in s.lower()`
URL = ("http", "www.", "@")
SEPARATORS = ("|", "•", "·", " / ")
# A line that starts over with its own first SELF_REPEAT_CHARS characters: get_text's dump of
# a feed whose image alt text is the start of the post's caption, then the caption.
SELF_REPEAT_CHARS = 30
BULLETS = "-•*·–—►▸>"
QUOTES = "\"'“‘«„"


def _flags_of(char: str) -> int:
    flags = _KNOWN
    flags |= DIGIT if char.isdigit() else 0
    flags |= UPPER if char.isupper() else 0
    flags |= ALPHA if char.isalpha() else 0
    flags |= WORD if char.isalnum() or char == "_" else 0
    flags |= PUNCT if not char.isalnum() and not char.isspace() else 0
    flags |= WHITE if char.isspace() else 0
    flags |= MARK if char in ".!?" else 0
    return flags


def lookup_flags(codes: np.ndarray) -> np.ndarray:
    flags = _char_flags[codes]
    if not flags.all():  # characters not seen before
        for code in np.unique(codes[flags == 0]).tolist():
            _char_flags[code] = _flags_of(chr(code))
        flags = _char_flags[codes]
    return flags


class _Lines(NamedTuple):
    r"""Stripped lines of one document as one text: each line followed by a "\n"."""

    stripped: list[str]
    text: str
    lengths: np.ndarray  # characters per line
    starts: np.ndarray  # offset of each line in `text`
    codes: np.ndarray  # code point of each character of `text`
    flags: np.ndarray  # flags of each character of `text`


def _concatenate(stripped: list[str]) -> _Lines:
    text = "\n".join(stripped) + "\n"
    lengths = np.fromiter(map(len, stripped), dtype=np.int64, count=len(stripped))
    starts = np.cumsum(lengths + 1) - (lengths + 1)
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return _Lines(stripped, text, lengths, starts, codes, lookup_flags(codes))


def _sum_per_line(lines: _Lines, rows: np.ndarray) -> np.ndarray:
    """Sum each boolean row (one column per character) over each line: (n_lines, n_rows).

    Each sum also takes the "\\n" after the line, so the rows must be false there.
    """
    return np.add.reduceat(rows, lines.starts, axis=1, dtype=np.int32).T


def _char_counts(lines: _Lines) -> dict[str, np.ndarray]:
    r"""Per line: characters of each class in _COUNTED, spaces, words, capitalised words,
    sentence ends, and places where a time may be.

    A word is a `\w+` run: it starts at a word character after a non-word one, and the
    "\n" after each line ends runs. A sentence end is a `[.!?](\s|$)` match: a mark
    followed by whitespace, which includes the "\n" after the line. A time (TIME_RE)
    needs `\d[:.h]\d\d`, and `\d` matches only isdigit() characters.
    """
    has = dict(zip(_COUNTED, (lines.flags & _COUNTED_FLAGS) != 0))
    word_starts = has["word"].copy()
    word_starts[1:] &= ~has["word"][:-1]
    sentence_ends = (lines.flags & MARK) != 0
    sentence_ends[:-1] &= (lines.flags[1:] & WHITE) != 0
    rows = {
        **has,
        "space": lines.codes == ord(" "),
        "words": word_starts,
        "caps_words": word_starts & has["upper"],
        "sentence_ends": sentence_ends,
        "time_seps": _time_separators(lines.codes, has["digit"]),
    }
    counts = _sum_per_line(lines, np.vstack(list(rows.values())))
    return dict(zip(rows, counts.T))


def _time_separators(codes: np.ndarray, is_digit: np.ndarray) -> np.ndarray:
    """Where a `[:.h]` has an isdigit() character before it and two after it."""
    found = np.zeros_like(is_digit)
    sep = codes[1:-2]
    is_sep = (sep == ord(":")) | (sep == ord(".")) | (sep == ord("h"))
    found[1:-2] = is_sep & is_digit[:-3] & is_digit[2:-1] & is_digit[3:]
    return found


def _occurrences(text: str, needle: str) -> list[int]:
    """Start of each non-overlapping occurrence of `needle` (as counted by str.count)."""
    found: list[int] = []
    at = text.find(needle)
    while at >= 0:
        found.append(at)
        at = text.find(needle, at + len(needle))
    return found


def _substring_counts(lines: _Lines, needles: Sequence[str]) -> np.ndarray:
    r"""Per line, the sum of `line.count(needle)` over `needles` (none holds a "\n")."""
    found = [at for needle in needles for at in _occurrences(lines.text, needle)]
    if not found:
        return np.zeros(len(lines.stripped), dtype=np.int64)
    line_of = np.searchsorted(lines.starts, found, side="right") - 1
    return np.bincount(line_of, minlength=len(lines.stripped))


def _has_match(stripped: list[str], pattern: re.Pattern[str], maybe: np.ndarray) -> np.ndarray:
    """Whether `pattern.search(line)` finds something, searching only the `maybe` lines."""
    found = np.zeros(len(stripped), dtype=bool)
    which = np.flatnonzero(maybe).tolist()
    found[which] = [pattern.search(stripped[i]) is not None for i in which]
    return found


def _is_one_of(codes: np.ndarray, chars: str) -> np.ndarray:
    return (codes[:, None] == np.array([ord(c) for c in chars], dtype=np.uint32)).any(axis=1)


def _starts_over(text: str) -> bool:
    """Whether the text's first SELF_REPEAT_CHARS characters occur again later in it."""
    return len(text) >= 2 * SELF_REPEAT_CHARS and text.find(text[:SELF_REPEAT_CHARS], SELF_REPEAT_CHARS) >= 0


def _shapes(lines: _Lines) -> np.ndarray:
    """The SHAPE_NAMES columns of each line."""
    stripped = lines.stripped
    c = _char_counts(lines)
    empty = lines.lengths == 0  # `first` and `last` are "", which is `in` every string
    first = lines.codes[lines.starts]
    last = lines.codes[lines.starts + lines.lengths - 1]
    length = lines.lengths.astype(np.float64)
    n = np.maximum(length, 1.0)
    words = c["words"].astype(np.float64)
    has_words = words > 0
    letters = np.where(c["alpha"] > 0, c["alpha"], 1)
    is_upper = np.fromiter(map(str.isupper, stripped), dtype=bool, count=len(stripped))
    return np.column_stack([
        np.log1p(length) / 8.0,
        np.log1p(words) / 6.0,
        c["digit"] / n,
        c["upper"] / letters,
        c["punct"] / n,
        c["space"] / n,
        empty | _is_one_of(last, TERMINAL),
        ~empty & (last == ord(":")),
        ~empty & (last == ord(",")),
        ~empty & ((lines.flags[lines.starts] & UPPER) != 0),
        empty | _is_one_of(first, BULLETS),
        np.divide(c["caps_words"], words, out=np.zeros(len(words)), where=has_words),
        is_upper & (letters > 2),
        np.divide(c["word"], words, out=np.zeros(len(words)), where=has_words) / 10.0,
        _substring_counts(lines, ("|",)) > 0,
        _substring_counts(lines, COPYRIGHT) > 0,
        _substring_counts(lines, URL) > 0,
        _has_match(stripped, YEAR_RE, (c["digit"] >= 4) & (_substring_counts(lines, YEARS) > 0)),
        _has_match(stripped, TIME_RE, c["time_seps"] > 0),
        ~empty & (last == ord(")")),
        _substring_counts(lines, ("/",)) > 0,
        np.minimum(_substring_counts(lines, SEPARATORS), 10) / 10.0,
        np.minimum(c["sentence_ends"], 10) / 10.0,
        length >= LONG_LINE,
        length < 30,
        empty | _is_one_of(first, QUOTES),
        np.fromiter(map(_starts_over, stripped), dtype=bool, count=len(stripped)),
    ]).astype(np.float64, copy=False)  # all-bool columns would stay bool


def shape_matrix(stripped: list[str]) -> np.ndarray:
    """`line_shape` of many already-stripped lines at once: an (n, N_SHAPE) array."""
    if not stripped:
        return np.zeros((0, N_SHAPE))
    return _shapes(_concatenate(stripped))


def line_shape(text: str) -> list[float]:
    """Shape features of one line (see SHAPE_NAMES), each roughly in [0, 1].

    The per-line definition; documents use shape_matrix, which gives the same values.
    """
    s = text.strip()
    n = max(len(s), 1)
    words = WORD_RE.findall(s)
    n_words = len(words)
    digits = sum(map(str.isdigit, s))
    upper = sum(map(str.isupper, s))
    letters = sum(map(str.isalpha, s)) or 1
    punct = len(s) - sum(map(str.isalnum, s)) - sum(map(str.isspace, s))  # no char is both
    caps_words = sum(1 for w in words if w[0].isupper())
    last = s[-1:]
    first = s[:1]
    return [
        math.log1p(len(s)) / 8.0,
        math.log1p(n_words) / 6.0,
        digits / n,
        upper / letters,
        punct / n,
        s.count(" ") / n,
        float(last in TERMINAL),
        float(last == ":"),
        float(last == ","),
        float(first.isupper()),
        float(first in BULLETS),
        caps_words / n_words if n_words else 0.0,
        float(s.isupper() and letters > 2),
        (sum(map(len, words)) / n_words / 10.0) if n_words else 0.0,
        float("|" in s),
        float(any(c in s for c in COPYRIGHT)),
        float(any(u in s for u in URL)),
        float(YEAR_RE.search(s) is not None),
        float(TIME_RE.search(s) is not None),
        float(last == ")"),
        float("/" in s),
        min(sum(map(s.count, SEPARATORS)), 10) / 10.0,
        min(len(SENTENCE_END_RE.findall(s)), 10) / 10.0,
        float(len(s) >= LONG_LINE),
        float(len(s) < 30),
        float(first in QUOTES),
        float(_starts_over(s)),
    ]


def normalise_for_repeat(text: str) -> str:
    return " ".join(WORD_RE.findall(text.lower()))


# An HTML tag in a line of text: a converter that keeps a <textarea>'s text (html-text,
# get_text()) gives a "republish this story" box as the article's HTML source, paragraph by
# paragraph, after the article itself.
MARKUP_TAG_RE = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")


def text_keys(texts: Sequence[str], keys: Sequence[str]) -> list[str]:
    """The lines' repeat keys with each line that holds HTML tags keyed by its text alone
    (tags cut out, entities such as `&nbsp;` read), so that the article's HTML source repeats
    the article's lines. `keys`: repeat_keys(texts)."""
    return [normalise_for_repeat(html.unescape(MARKUP_TAG_RE.sub(" ", text)))
            if "<" in text and MARKUP_TAG_RE.search(text) else key
            for text, key in zip(texts, keys)]


DOC_NAMES = (
    "rel_pos", "blank_before", "blank_after", "rel_len", "repeat", "before_first_long",
    "after_last_long", "dist_long", "chars_before", "near_len", "near_terminal", "is_first",
    "is_last", "log_n_lines", "prose_overlap",
)


# A run of four or more spaces or tabs inside a line: a text dump that lays out a table-built
# page in columns (inscriptis, lynx or w3m dumps) pads a sidebar cell with a hundred spaces or
# more before the article's paragraph on the same line, which makes the line's length and
# share of spaces those of nothing in the training data. Such runs count as three spaces.
WIDE_GAP_RE = re.compile(r"(?<=\S)[ \t]{4,}(?=\S)")
GAP = "   "


def squeeze_gaps(line: str) -> str:
    """The line with each run of four or more spaces or tabs between words made three spaces."""
    return WIDE_GAP_RE.sub(GAP, line) if "    " in line or "\t" in line else line


# A list item's marker as converters that mark every list item write it (resiliparse `•`,
# inscriptis and html2text `*`): menus and the article's own lists alike, so it says nothing
# of which a line is, while our converters and most scrapers give list items bare.
LIST_MARKER_RE = re.compile(r"^\s*[•◦▪‣●*]\s+(?=\S)")


def plain_line(line: str) -> str:
    """The line as the features read it: composed characters (Unicode NFC: `ü`, not `u` and a
    combining diaeresis, which would end a word), wide gaps squeezed (squeeze_gaps), a leading
    list marker dropped (LIST_MARKER_RE), Markdown links read as their text (links_as_text). A
    line with nothing left (a bare image, an empty link) stays as it was."""
    if not line.isascii() and not unicodedata.is_normalized("NFC", line):
        line = unicodedata.normalize("NFC", line)
    plain = squeeze_gaps(line)
    if plain[:8].lstrip()[:1] in "•◦▪‣●*":
        plain = LIST_MARKER_RE.sub("", plain, count=1)
    plain = links_as_text(plain)
    return plain if plain.strip() else line


@dataclass
class DocContext:
    """Per-document arrays shared by the rows of one document."""

    texts: list[str]
    blank_before: list[bool]
    blank_after: list[bool]
    _dense: np.ndarray | None = field(default=None, repr=False)
    _keys: list[str] | None = field(default=None, repr=False)

    @classmethod
    def from_lines(cls, lines: Sequence[str]) -> "DocContext":
        texts: list[str] = []
        before: list[bool] = []
        after: list[bool] = []
        prev_blank = False
        for line in lines:
            if line.strip():
                texts.append(plain_line(line))
                before.append(prev_blank)
                after.append(False)
                prev_blank = False
            else:
                if after:
                    after[-1] = True
                prev_blank = True
        return cls(texts, before, after)

    def release(self) -> None:
        """Drop the cached dense features and keys (training frees them once they are in its matrix)."""
        self._dense = None
        self._keys = None

    def keys(self) -> list[str]:
        """repeat_keys of the lines: lower-cased runs of word characters joined by spaces."""
        if self._keys is None:
            self._keys = repeat_keys(self.texts)
        return self._keys

    def dense(self) -> np.ndarray:
        """Shape of each line, its neighbours' shapes, and page-level features."""
        if self._dense is None:
            self._dense = compute_dense(self)
        return self._dense


class LineCues(NamedTuple):
    """The line-local parts of the cue features, for lines of one or more documents."""

    openers: np.ndarray
    credits: np.ndarray
    photos: np.ndarray
    ends: np.ndarray
    bios: np.ndarray

    @classmethod
    def of(cls, texts: Sequence[str]) -> "LineCues":
        return cls(byline_openers(texts), credit_ends(texts), photo_words(texts), end_cues(texts), bio_openers(texts))

    def part(self, start: int, end: int) -> "LineCues":
        return LineCues(*(column[start:end] for column in self))


def compute_dense(ctx: DocContext, shapes: np.ndarray | None = None, cues: LineCues | None = None) -> np.ndarray:
    """The DENSE_NAMES columns of a document's lines.

    `shapes` (shape_matrix of the stripped lines) and `cues` (LineCues of the lines) are
    line-local, so fill_dense computes them for many documents at once and passes them in.
    """
    n = len(ctx.texts)
    if n == 0:
        return np.zeros((0, 4 * N_SHAPE + len(DOC_NAMES) + len(CUE_NAMES) + len(END_NAMES)))
    stripped = list(map(str.strip, ctx.texts))
    if shapes is None:
        shapes = shape_matrix(stripped)
    lengths = np.fromiter(map(len, stripped), dtype=np.float64, count=n)
    pad = np.zeros((1, N_SHAPE))
    prev_shape = np.vstack([pad, shapes[:-1]])
    next_shape = np.vstack([shapes[1:], pad])
    # mean shape of a +-3 window of neighbours
    window = np.zeros_like(shapes)
    counts = np.zeros((n, 1))
    for off in (-3, -2, -1, 1, 2, 3):
        lo, hi = max(0, -off), min(n, n - off)
        if hi <= lo:
            continue
        window[lo:hi] += shapes[lo + off:hi + off]
        counts[lo:hi] += 1
    window /= np.maximum(counts, 1)

    long_idx = np.flatnonzero(lengths >= LONG_LINE)
    long_idx = long_idx[[not is_consent(stripped[i]) for i in long_idx.tolist()]] if long_idx.size else long_idx
    idx = np.arange(n)
    if long_idx.size:
        first_long, last_long = long_idx[0], long_idx[-1]
    else:
        first_long, last_long = n, -1
    # An article's closing sentence is often shorter than a long line: a sentence of
    # PROSE_END characters or more also counts as the end of the prose for after_last_long.
    closing = np.flatnonzero((lengths >= PROSE_END) & (shapes[:, SHAPE_NAMES.index("ends_terminal")] > 0))
    if closing.size:
        last_long = max(last_long, int(closing[-1]))
    # Share of the page's text before the line, each line counting at most POSITION_CAP
    # characters: one giant line (an icon run, a whole section) must not push the rest of
    # the page towards its end.
    capped = np.minimum(lengths, POSITION_CAP)
    total = capped.sum() or 1.0
    cum_before = (np.cumsum(capped) - capped) / total
    near_len = np.zeros(n)
    near_term = np.zeros(n)
    log_len = np.log1p(lengths) / 8.0
    for off in (-2, -1, 1, 2):
        lo, hi = max(0, -off), min(n, n - off)
        if hi <= lo:
            continue
        near_len[lo:hi] += log_len[lo + off:hi + off]
        near_term[lo:hi] += shapes[lo + off:hi + off, SHAPE_NAMES.index("ends_terminal")]
    keys = ctx.keys()
    doc = np.column_stack([
        idx / max(n - 1, 1),
        np.array(ctx.blank_before, dtype=float),
        np.array(ctx.blank_after, dtype=float),
        lengths / max(lengths.max(), 1.0),
        repeat_scores(ctx.texts, keys),
        (idx < first_long).astype(float),
        (idx > last_long).astype(float),
        np.log1p(distance_to_nearest(idx, long_idx, n)) / 5.0,
        cum_before,
        near_len / 4.0,
        near_term / 4.0,
        (idx == 0).astype(float),
        (idx == n - 1).astype(float),
        np.full(n, math.log1p(n) / 8.0),
        prose_overlap(keys, lengths >= LONG_LINE),
    ])
    cues = LineCues.of(ctx.texts) if cues is None else cues
    return np.hstack([shapes, prev_shape, next_shape, window, doc, cue_matrix(cues), end_matrix(cues.ends, first_long)])


def fill_dense(contexts: Sequence[DocContext]) -> None:
    """Compute the dense features of documents that lack them, the line-local parts in one pass."""
    todo = list({id(c): c for c in contexts if c._dense is None}.values())
    group: list[DocContext] = []
    lines = 0
    for ctx in todo:
        if group and lines + len(ctx.texts) > DENSE_CHUNK:
            _fill_group(group)
            group, lines = [], 0
        group.append(ctx)
        lines += len(ctx.texts)
    if group:
        _fill_group(group)


def _fill_group(contexts: Sequence[DocContext]) -> None:
    texts = [t for c in contexts for t in c.texts]
    shapes = shape_matrix([t.strip() for t in texts])
    cues = LineCues.of(texts)
    start = 0
    for ctx in contexts:
        end = start + len(ctx.texts)
        ctx._dense = compute_dense(ctx, shapes[start:end], cues.part(start, end))
        start = end


def repeat_scores(texts: Sequence[str], keys: list[str] | None = None) -> np.ndarray:
    """How often each line's words recur in the document: min(others, 5) / 5, 0 if no words.
    `keys`: repeat_keys(texts), when already computed."""
    keys = repeat_keys(texts) if keys is None else keys
    key_counts = Counter(keys)
    counts = np.fromiter(map(key_counts.__getitem__, keys), dtype=np.float64, count=len(keys))
    has_words = np.fromiter(map(bool, keys), dtype=bool, count=len(keys))
    return np.where(has_words, np.minimum(counts - 1, 5) / 5.0, 0.0)


CONTENT_WORD = 4  # characters: a word this long or longer counts in prose_overlap


def content_words(key: str) -> set[str]:
    """The distinct words of CONTENT_WORD characters or more of a repeat key."""
    return {w for w in key.split() if len(w) >= CONTENT_WORD}


def prose_overlap(keys: Sequence[str], is_long: np.ndarray) -> np.ndarray:
    """For each line, the share of its distinct words of CONTENT_WORD characters or more
    that also occur in one of the page's long lines other than itself (0 without such
    words). The article's lines share its vocabulary; menus, shop widgets, sign-up forms
    and promotions for other things mostly do not.

    `keys` are the lines' repeat_keys (lower-cased words joined by spaces).
    """
    words = [content_words(key) for key in keys]
    long_flags = is_long.tolist()
    counts: Counter[str] = Counter()
    for own, long in zip(words, long_flags):
        if long:
            counts.update(own)
    out = np.zeros(len(keys))
    for i, (own, long) in enumerate(zip(words, long_flags)):
        if own:
            out[i] = sum(counts[w] > long for w in own) / len(own)
    return out


def repeat_keys(texts: Sequence[str]) -> list[str]:
    """`normalise_for_repeat` of each text, computed for all texts at once.

    In the lower-cased texts, each followed by a "\\n", word characters and the "\\n"s
    stay, and each run of other characters between two words becomes one space.
    """
    text = "\n".join(map(str.lower, texts)) + "\n"
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    is_word = (lookup_flags(codes) & WORD) != 0
    is_newline = codes == ord("\n")
    if is_newline.sum() != len(texts):  # a text holds a "\n" of its own
        return list(map(normalise_for_repeat, texts))
    solid = is_word | is_newline
    solid_at = np.where(solid, np.arange(len(codes)), len(codes))
    next_solid = np.minimum.accumulate(solid_at[::-1])[::-1]
    gap_start = ~solid
    gap_start[0] = False
    gap_start[1:] &= is_word[:-1]
    keep = solid.copy()
    keep[gap_start] = is_word[next_solid[gap_start]]
    kept = np.where(solid, codes, ord(" "))[keep].astype(np.uint32)
    return kept.tobytes().decode("utf-32-le", "surrogatepass").split("\n")[:-1]


def distance_to_nearest(idx: np.ndarray, targets: np.ndarray, default: int) -> np.ndarray:
    """Distance from each of `idx` to the nearest of the sorted `targets` (else `default`)."""
    if not targets.size:
        return np.full(len(idx), default)
    after = np.minimum(np.searchsorted(targets, idx), targets.size - 1)
    before = np.maximum(after - 1, 0)
    return np.minimum(np.abs(targets[after] - idx), np.abs(idx - targets[before]))


# Words that open a byline or a publication-date line (LABELING.md's `By Jane Doe`,
# `Published 21 January 2024`, `Updated 3 hours ago`) in the languages of data/labeled.
BYLINE_OPENERS = frozenset("""
    by written words reporting posted published updated author authors
    von veröffentlicht aktualisiert autor autorin text
    par publié mis auteur
    por publicado actualizado autora redacción texto
    di pubblicato aggiornato autore
    door gepubliceerd bijgewerkt
    przez opublikowano aktualizacja
    """.split())
BYLINE_MAX_WORDS = 12
CUE_NAMES = ("byline_opener", "prev_byline_opener", "next_byline_opener", "credit_end", "photo_word", "bio_opener")
# A photo credit closing a caption: `(Gavriil Grigorov/Sputnik/AP)`, `(AP Photo/Ahn Young-joon)`.
CREDIT_END_RE = re.compile(r"\([^()]*[^\W\d_]/\s*[^\W\d_][^()]*\)\W*$")  # letters around a "/"
# Words of photo credits and caption labels (`Photograph: ...`, `Image source, Reuters`).
PHOTO_WORD_RE = re.compile(
    r"\b(photo|photograph|photos|image|picture|pictured|foto|fotos|bild|imagen|immagine|zdjęcie|"
    r"getty|shutterstock|reuters|afp|epa|dpa|ap photo)\b", re.IGNORECASE)


# An author bio's opening sentence: `Jane Doe is a freelance writer ...`, `Joe is the co-founder
# and CEO of ...`, `He's a Google Ads expert ...`. LABELING.md counts author bio boxes as
# boilerplate; after an article they read like its last paragraphs.
BIO_NAME = r"(?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}(?:,\s*[A-Z][\w.]{1,12})*"
BIO_ROLE = r"""(?:writer|editor|journalist|reporter|author|contributor|columnist|correspondent|founder|co-founder|ceo|
    expert|specialist|advisor|adviser|planner|producer|photographer|blogger|consultant|researcher|professor|coach|
    instructor|strategist|analyst|freelancer|freelance|pediatrician|physician|nutritionist|dietitian|therapist|lawyer|
    attorney|economist|scientist|marketer|traveler|traveller|enthusiast)s?"""
BIO_RE = re.compile(rf"""(?:
    (?!(?:This|That|What|It|There|Here|How|Why|When|The|A|An|Our|We|You|I)\b){BIO_NAME}
      \s+(?:is|was|has\s+been|covered|covers|writes|joined|serves\s+as)\b
  | (?:He|She)(?:'s|’s|\s+is|\s+has)\b
)[^.]{{0,140}}?\b{BIO_ROLE}\b""", re.VERBOSE)
BIO_MAX_CHARS = 600


def bio_openers(texts: Sequence[str]) -> np.ndarray:
    """1.0 where a line opens like an author bio (BIO_RE): a name, then a role within a sentence."""
    out = np.zeros(len(texts))
    for i, text in enumerate(texts):
        if text[:1].isupper() and len(text) <= BIO_MAX_CHARS and BIO_RE.match(text):  # a cheap test first
            out[i] = 1.0
    return out


def byline_openers(texts: Sequence[str]) -> np.ndarray:
    """1.0 where a line is short and its first word opens a byline or dateline."""
    out = np.zeros(len(texts))
    for i, text in enumerate(texts):
        first = WORD_RE.search(text, 0, 200)
        if first is not None and first.group().lower() in BYLINE_OPENERS:
            out[i] = float(len(WORD_RE.findall(text, 0, 200)) <= BYLINE_MAX_WORDS)
    return out


# Stems one of which the lower-cased line holds wherever PHOTO_WORD_RE matches it. Besides
# lower(), two characters match ASCII letters under re.IGNORECASE (dotless i, long s; replaced
# below) and a capital I with a dot lower-cases to "i" plus a combining dot (allowed below).
PHOTO_STEMS = ("photo", "image", "picture", "foto", "bild", "immagine", "zdjęcie", "getty",
               "shutterstock", "reuters", "afp", "epa", "dpa")
PHOTO_STEM_RE = re.compile("|".join(stem.replace("i", "i\u0307?") for stem in PHOTO_STEMS))


def photo_words(texts: Sequence[str]) -> np.ndarray:
    """1.0 where PHOTO_WORD_RE occurs in a line's first 300 characters.

    The lines that hold a stem are found with one search over all of them (a stem cannot
    span the newline between two); PHOTO_WORD_RE then runs on those lines only.
    """
    heads = [t[:300] for t in texts]
    low = [h.lower() for h in heads]
    starts = np.cumsum([0] + [len(h) + 1 for h in low[:-1]])
    joined = "\n".join(low).replace("ı", "i").replace("ſ", "s")
    hits = [m.start() for m in PHOTO_STEM_RE.finditer(joined)]
    out = np.zeros(len(texts))
    for i in np.unique(np.searchsorted(starts, hits, side="right") - 1).tolist():
        if PHOTO_WORD_RE.search(heads[i]):
            out[i] = 1.0
    return out


def credit_ends(texts: Sequence[str]) -> np.ndarray:
    """1.0 where a line's last 300 characters end in a photo credit (CREDIT_END_RE)."""
    out = np.zeros(len(texts))
    for i, text in enumerate(texts):
        tail = text[-300:]
        if ")" in tail and "/" in tail and CREDIT_END_RE.search(tail):  # cheap tests first
            out[i] = 1.0
    return out


def cue_features(texts: Sequence[str]) -> np.ndarray:
    """The CUE_NAMES columns: byline openers on the line and its neighbours, photo credits."""
    return cue_matrix(LineCues.of(texts))


def cue_matrix(cues: LineCues) -> np.ndarray:
    """The CUE_NAMES columns of one document's lines from their LineCues."""
    cue = cues.openers
    prev = np.concatenate([[0.0], cue[:-1]]) if len(cue) else cue
    nxt = np.concatenate([cue[1:], [0.0]]) if len(cue) else cue
    return np.column_stack([cue, prev, nxt, cues.credits, cues.photos, cues.bios]).reshape(len(cue), len(CUE_NAMES))


# Headings and markers that open what follows an article: comment threads (`12 Comments`,
# `Jane Doe says:`, `March 3, 2024 at 9:15 am`, `Leave a Reply`), author boxes and reading
# lists (`About the Author`, `More from this author`, `Related Articles`, `You may also
# like`), in the languages of data/labeled, and the reading-list and comment headings of
# German, French, Spanish, Italian, Polish and Dutch sites (`Weitere Videos`, `Meistgelesen`,
# `Les plus lus`, `Lo más leído`, `Hinterlasse eine Antwort`): the training pages are nearly
# all English, and the model learns what the marker means there and carries it over. Prose
# after one of them reads like body line by line; END_NAMES tell the model that it comes after
# such a marker. Left out as too weak (on the training pages a quarter or more of the lines
# after them are body): FAQ headings, `References`, `See also`, `Read next`, `Lesen Sie auch`,
# `À lire aussi`.
# The words that open a reading list's heading (`Related articles`, `Weitere Nachrichten`):
# END_CUE_RE here and clf.smoothing.LIST_HEADING_RE build on them.
LIST_OPENERS = r"related|similar|recommended|popular|trending|latest|recent|more|further|suggested"
LIST_OPENERS_DE = r"weitere|ähnliche|verwandte|neueste|beliebte|empfohlene"
END_CUE_RE = re.compile(rf"""^\W*(?:
    (?:\d+\s+)?(?:comments?|responses?|replies|reactions?|kommentare?|commentaires?|comentarios?|commenti|komentarze|reacties)\b\W*\d*\W*
  | \d+\s+(?:thoughts?|replies|responses)\s+(?:on|to)\b.*
  | (?:leave|post|add|write|submit)\s+(?:a|your)\s+(?:reply|comment|response)\b.*
  | (?:join|start)\s+the\s+(?:discussion|conversation)\b.*
  | (?:schreibe|hinterlasse)\s+(?:einen\s+kommentar|eine\s+antwort).* | laisser\s+(?:un\s+commentaire|une\s+réponse).*
  | deja\s+(?:un\s+comentario|una\s+respuesta).* | lascia\s+(?:un\s+commento|una\s+risposta).*
  | (?:dodaj|zostaw)\s+komentarz.* | (?:geef|laat)\s+een\s+reactie.*
  | comments?\s+(?:are\s+)?closed | (?:like|share)\s+this\s*:?
  | reply | antworten | répondre | responder | rispondi | liked\s+by\s+(?:[\w'’.-]+\s*){{1,5}}
  | about\s+the\s+authors? | about\s+author | über\s+den\s+autor(?:in)? | à\s+propos\s+de\s+l'auteur | sobre\s+el\s+autor | sull'autore
  | (?:more|also|latest|recent(?:ly)?|other\s+(?:posts|articles))\s+(?:from|by)\b.*
  | (?:{LIST_OPENERS})\s+(?:articles?|posts?|stories|news|reading|content|reads|videos|topics|insights|resources|guides)\b.*
  | you\s+(?:may|might|could)\s+(?:also\s+)?(?:like|enjoy|be\s+interested).*
  | (?:read|see)\s+more
  | (?:(?:das|dies|diese\s+(?:artikel|beiträge|themen))\s+könnten?\s+(?:sie|dich|euch)\s+(?:auch|ebenfalls)\s+interessieren|mehr\s+zum\s+thema|auch\s+interessant).*
  | (?:{LIST_OPENERS_DE})\s+(?:artikel|beiträge|videos|nachrichten|meldungen|news|themen|stories)\b.*
  | (?:meistgelesene?|am\s+meisten\s+gelesen|top-artikel|empfehlungen\s+der\s+redaktion)\b.*
  | (?:sur\s+le\s+même\s+sujet|dans\s+la\s+même\s+rubrique|articles?\s+similaires|vous\s+aimerez\s+aussi|les\s+plus\s+lus|articles?\s+récents).*
  | (?:artículos\s+relacionados|noticias\s+relacionadas|también\s+te\s+puede\s+interesar|te\s+puede\s+interesar|también\s+le\s+puede\s+interesar|lo\s+más\s+leído|más\s+noticias|te\s+recomendamos).*
  | (?:articoli\s+correlati|potrebbe\s+interessarti|ti\s+potrebbe\s+interessare|i\s+più\s+letti|altri\s+articoli).*
  | (?:podobne\s+artykuły|najczęściej\s+czytane|polecane\s+artykuły|zobacz\s+także\s+inne).*
  | (?:tags?|tagged|filed\s+under|categories|schlagwörter|étiquettes|etiquetas)\s*:.*
  | share\s+(?:this|the)\s+(?:article|post|story|page)\b.*
)\W*$""", re.IGNORECASE | re.VERBOSE)
END_CUE_MAX_CHARS = 100
# The first words END_CUE_RE can start with (or a number): a cheap test before the regex.
END_CUE_OPENERS = frozenset("""
    comment comments response responses replies reaction reactions kommentar kommentare
    commentaire commentaires comentario comentarios commenti komentarze reacties
    leave post add write submit join start schreibe hinterlasse laisser deja lascia like share
    reply antworten répondre responder rispondi liked about über à sobre sull more also latest recent
    recently other related similar recommended popular trending further suggested you read see
    das mehr weitere auch sur article articles vous artículos noticias también te articoli
    potrebbe tag tags tagged filed categories schlagwörter étiquettes etiquetas
    ähnliche verwandte neueste beliebte empfohlene meistgelesen meistgelesene am top empfehlungen
    dans les lo más ti i altri podobne najczęściej polecane zobacz dies diese dodaj zostaw geef laat
    """.split())
FIRST_WORD_RE = re.compile(r"\W*(\w+)")
END_NAMES = ("end_cue", "near_end_cue", "end_cues_before")


# A commenter's name line (`Jane Doe says:`) and a comment's time stamp (`March 3, 2024 at
# 9:15 am`); each runs only on lines that pass a cheap test first (SAYS_WORDS, a year's digits).
SAYS_WORDS = ("says", "said", "wrote", "writes", "schreibt", "sagt", "dit", "dice", "scrive")
SAYS_RE = re.compile(r"^\W*.{1,60}?\s(?:%s)\W*$" % "|".join(SAYS_WORDS), re.IGNORECASE)
COMMENT_TIME_RE = re.compile(
    r"^\W*.{0,40}?\b(?:19|20)\d\d\s*(?:at|um|à|a\s+las|alle|o)\s+\d{1,2}[:.h]\d\d\s*(?:[ap]\.?\s?m\.?)?\W*$",
    re.IGNORECASE)
NON_WORD_END = " \t:.,;!?…-–—*»\"'”)"


def is_end_cue(text: str) -> bool:
    """Whether a line is a marker of what follows an article (END_CUE_RE, SAYS_RE, COMMENT_TIME_RE)."""
    text = text.strip()
    if len(text) > END_CUE_MAX_CHARS:
        return False
    first = FIRST_WORD_RE.match(text)
    if first is not None and (first.group(1).lower() in END_CUE_OPENERS or first.group(1).isdigit()) and END_CUE_RE.match(text):
        return True
    if text.rstrip(NON_WORD_END).lower().endswith(SAYS_WORDS) and SAYS_RE.match(text):
        return True
    return ("19" in text or "20" in text) and COMMENT_TIME_RE.match(text) is not None


# An expander's two faces: a page that shows `Read less` (`See less`) somewhere uses its
# `Read more` (`See more`) lines as toggles that open a text in place (a shop's mega-menu of
# product blurbs), not as links to what follows an article. The verb must be the same: a lone
# `Show less` under a shop widget says nothing of the `Read More` links to other articles.
TOGGLE_RE = re.compile(r"^\W*(read|see)\s+(more|less)\W*$", re.IGNORECASE)
TOGGLE_MAX_CHARS = 20
# A `Read more` pointing down (`READ MORE ↓`) jumps to a section further down the same page:
# a review's quick list of picks, each linking to its full review below.
DOWN_ARROWS = "↓⬇⇓"


def end_cues(texts: Sequence[str]) -> np.ndarray:
    """1.0 where a line is an end-of-article marker (is_end_cue); on a page with a `Read
    less` toggle, its `Read more` lines are toggles too and count for nothing, and so does a
    `Read more` pointing down (DOWN_ARROWS)."""
    out = np.fromiter(map(is_end_cue, texts), dtype=np.float64, count=len(texts))
    more: dict[int, str] = {}
    for i in np.flatnonzero(out).tolist():
        if len(texts[i]) < TOGGLE_MAX_CHARS and (m := TOGGLE_RE.match(texts[i])) and m.group(2).lower() == "more":
            if any(arrow in texts[i] for arrow in DOWN_ARROWS):
                out[i] = 0.0  # a jump further down the page
            else:
                more[i] = m.group(1).lower()
    if more:  # only then is the page read for `Read less`
        less = {m.group(1).lower() for t in texts
                if len(t) < TOGGLE_MAX_CHARS and (m := TOGGLE_RE.match(t)) and m.group(2).lower() == "less"}
        out[[i for i, verb in more.items() if verb in less]] = 0.0
    return out


def end_matrix(ends: np.ndarray, first_long: int) -> np.ndarray:
    """The END_NAMES columns of one document, from the markers past the page's first long
    line: the marker itself; how near the nearest marker before the line is (1 right after
    it, falling with the log of the distance to 0 at about 150 lines); (log) how many come
    before the line. A lone false marker (a "FAQ" entry in a table of contents) fades
    instead of flagging the rest of the page; a comment thread keeps renewing it."""
    n = len(ends)
    idx = np.arange(n)
    marks = np.flatnonzero(ends[first_long + 1:]) + first_long + 1 if first_long < n else np.zeros(0, dtype=int)
    out = np.zeros((n, len(END_NAMES)))
    out[:, 0] = ends
    if marks.size:
        before = np.searchsorted(marks, idx, side="left")  # markers strictly before each line
        has = before > 0
        nearest = marks[np.maximum(before - 1, 0)]
        out[has, 1] = np.maximum(1.0 - np.log1p(idx[has] - nearest[has]) / 5.0, 0.0)
        out[:, 2] = np.log1p(before) / 3.0
    return out


DENSE_NAMES = (
    list(SHAPE_NAMES)
    + [f"prev_{s}" for s in SHAPE_NAMES]
    + [f"next_{s}" for s in SHAPE_NAMES]
    + [f"win_{s}" for s in SHAPE_NAMES]
    + list(DOC_NAMES)
    + list(CUE_NAMES)
    + list(END_NAMES)
)


class LineRow(NamedTuple):
    """One sample: a non-empty line, its index among them, and its document."""

    text: str
    index: int
    ctx: DocContext


def document_rows(lines: Sequence[str]) -> list[LineRow]:
    """Rows for the non-empty lines of one document, in order."""
    ctx = DocContext.from_lines(lines)
    return [LineRow(t, i, ctx) for i, t in enumerate(ctx.texts)]


def neighbour_texts(rows: Sequence[LineRow]) -> tuple[list[str], list[str]]:
    """The text of each row's previous and next line in its document ("" at the edges)."""
    before = [row.ctx.texts[row.index - 1] if row.index > 0 else "" for row in rows]
    after = [row.ctx.texts[row.index + 1] if row.index + 1 < len(row.ctx.texts) else "" for row in rows]
    return before, after


def row_texts(rows: Sequence[LineRow]) -> list[str]:
    """The text of each row (a module-level function so pipelines pickle)."""
    return [row.text for row in rows]


def dense_matrix(rows: Sequence[LineRow]) -> np.ndarray:
    """Stack each row's dense features, computing each document's arrays once."""
    out = np.empty((len(rows), len(DENSE_NAMES)))
    ends = _document_run_ends(rows)
    fill_dense([rows[end - 1].ctx for end in ends])
    start = 0
    for end in ends:
        indices = [row.index for row in rows[start:end]]
        out[start:end] = rows[start].ctx.dense()[indices]
        start = end
    return out


def _document_run_ends(rows: Sequence[LineRow]) -> list[int]:
    """End of each run of consecutive rows that share a document."""
    ctxs = [row.ctx for row in rows]
    ends = [i for i in range(1, len(ctxs)) if ctxs[i] is not ctxs[i - 1]]
    return ends + [len(ctxs)] if ctxs else []


def probability_window(probs: np.ndarray, doc_sizes: Sequence[int], radius: int) -> np.ndarray:
    """For each line, the probabilities of the lines within `radius` in its document.

    Lines beyond the document edge get zeros plus an "outside" flag per offset.
    """
    n, k = probs.shape
    offsets = [o for o in range(-radius, radius + 1)]
    out = np.zeros((n, len(offsets) * (k + 1)))
    start = 0
    for size in doc_sizes:
        block = probs[start:start + size]
        for j, off in enumerate(offsets):
            col = j * (k + 1)
            lo, hi = max(0, -off), min(size, size - off)
            if hi > lo:
                out[start + lo:start + hi, col:col + k] = block[lo + off:hi + off]
            out[start:start + lo, col + k] = 1.0
            out[start + max(hi, lo):start + size, col + k] = 1.0
        start += size
    return out


PAGE_PROBABILITY_NAMES = (
    "page_mean_boilerplate", "page_mean_caption", "page_mean_byline", "page_mean_body",
    "in_main_run", "before_main_run", "after_main_run", "dist_main_run",
)
BODY = LABELS.index(Label.BODY)  # the body column of a probability matrix


def main_body_run(body: np.ndarray, radius: int = 2) -> tuple[int, int]:
    """First and last line of the page's main body run, from per-line body probabilities.

    The run is the stretch of lines whose body probability, averaged over +-radius lines,
    is at least 0.5, with the largest sum of body probability, trimmed to its first and last
    line of body probability >= 0.5; (0, -1) when there is none.
    """
    n = len(body)
    csum = np.r_[0.0, np.cumsum(body)]
    lo = np.maximum(np.arange(n) - radius, 0)
    hi = np.minimum(np.arange(n) + radius + 1, n)
    smooth = (csum[hi] - csum[lo]) / (hi - lo)
    inside = np.r_[False, smooth >= 0.5, False]
    edges = np.diff(inside.astype(np.int8))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    if not starts.size:
        return 0, -1
    totals = csum[ends] - csum[starts]
    best = int(np.argmax(totals))
    likely = np.flatnonzero(body[starts[best]:ends[best]] >= 0.5)  # trim what smoothing added
    if not likely.size:
        return int(starts[best]), int(ends[best]) - 1
    return int(starts[best] + likely[0]), int(starts[best] + likely[-1])


def page_probability_features(probs: np.ndarray, doc_sizes: Sequence[int]) -> np.ndarray:
    """PAGE_PROBABILITY_NAMES of each line, from stage 1's probabilities of its whole page.

    Where the line lies against the page's main run of body lines (inside, before, after,
    how far) and the page's mean probability of each label: teasers and comments after an
    article read like body line by line, but sit after the main run.
    """
    out = np.zeros((probs.shape[0], len(PAGE_PROBABILITY_NAMES)))
    start = 0
    for size in doc_sizes:
        if size:
            block = probs[start:start + size]
            page = out[start:start + size]
            page[:, :4] = block.mean(axis=0)
            first, last = main_body_run(block[:, BODY])
            idx = np.arange(size)
            if last >= first:  # a page without a main run: all three flags 0, distance the page length
                page[:, 4] = (idx >= first) & (idx <= last)
                page[:, 5] = idx < first
                page[:, 6] = idx > last
                dist = np.maximum(first - idx, 0) + np.maximum(idx - last, 0)
            else:
                dist = np.full(size, size)
            page[:, 7] = np.log1p(dist) / 5.0
        start += size
    return out


LOG_ODDS_CLIP = 1e-3  # log_odds holds probabilities within [this, 1 - this]: about +-6.9


def log_odds(probs: np.ndarray) -> np.ndarray:
    """log(p / (1 - p)) of each probability, clipped to LOG_ODDS_CLIP."""
    p = np.clip(probs, LOG_ODDS_CLIP, 1.0 - LOG_ODDS_CLIP)
    return np.log(p / (1.0 - p))


def stage2_matrix(probs: np.ndarray, doc_sizes: Sequence[int], radius: int, page: bool,
                  tree_body: np.ndarray | None = None, logits: bool = False,
                  means: Sequence[int] = (), blank_before: np.ndarray | None = None) -> np.ndarray:
    """Stage 2's inputs: the probability window, with `logits` the window of their log-odds
    too, with `page` the page-level columns, and given `tree_body` (rows, 1), the shape
    trees' body probability, the same window of it (and of its log-odds); then for each
    radius in `means`, the mean of each probability (and of the trees') over the lines within
    that radius: whether the line lies in a stretch of body or of boilerplate, wider than
    the window sees; last, given `blank_before` (blank_flags of the rows), block_window.

    Stage 2 is linear: over probabilities alone, 0.98 and 0.9999 are all but the same, and a
    neighbour's 0.02 caption weighs as little as its 0.0001. Their log-odds tell them apart."""
    parts = [probability_window(probs, doc_sizes, radius)]
    if logits:
        parts.append(probability_window(log_odds(probs), doc_sizes, radius))
    if page:
        parts.append(page_probability_features(probs, doc_sizes))
    if tree_body is not None:
        parts.append(probability_window(tree_body, doc_sizes, radius))
        if logits:
            parts.append(probability_window(log_odds(tree_body), doc_sizes, radius))
    for reach in means:
        parts.append(_window_means(probs, doc_sizes, reach))
        if tree_body is not None:
            parts.append(_window_means(tree_body, doc_sizes, reach))
    if blank_before is not None:
        parts.append(block_window(probs, doc_sizes, radius, blank_before))
    return np.hstack(parts) if len(parts) > 1 else parts[0]


def blank_flags(rows: Sequence[LineRow]) -> np.ndarray:
    """Per row, whether an empty line stands right above it in its document."""
    return np.fromiter((row.ctx.blank_before[row.index] for row in rows), dtype=bool, count=len(rows))


def block_window(probs: np.ndarray, doc_sizes: Sequence[int], radius: int, blank_before: np.ndarray) -> np.ndarray:
    """For each neighbour within `radius` (the line itself left out): a flag that an empty
    line lies between it and the line (or that it is beyond the document's edge), and its
    probabilities when none does. Lines of one block (a figure's caption and credit, a
    byline's name and date, a list's items) tend to share a label, and across a paragraph gap
    they change more often than within a block; stage 2 is linear, so it reads the product.
    A page without any empty line (a WET file, a scraper that drops them) says nothing of its
    blocks, and its lines are read as blocks of their own: read as one block, such text lost
    0.4 points of body F1 on l3s-gn1's pages outside the held-out quarter."""
    n, k = probs.shape
    offsets = [o for o in range(-radius, radius + 1) if o]
    out = np.zeros((n, len(offsets) * (k + 1)))
    doc = np.repeat(np.arange(len(doc_sizes)), doc_sizes)  # each line's document
    local = np.arange(n) - np.cumsum([0, *doc_sizes])[doc]  # each line's index in its document
    size = np.asarray(doc_sizes, dtype=np.int64)[doc]
    blanks = np.asarray(blank_before, dtype=np.int64) * (local > 0)  # no gap counted across documents
    flat = np.bincount(doc, weights=blanks, minlength=len(doc_sizes))[doc] == 0
    blanks[flat & (local > 0)] = 1  # a page without empty lines shows no blocks: each line its own
    seen = np.cumsum(blanks)  # seen[j] - seen[i] = empty gaps between lines i < j
    for j, off in enumerate(offsets):
        col = j * (k + 1)
        inside = np.flatnonzero((local + off >= 0) & (local + off < size))
        other = inside + off
        gap = np.abs(seen[other] - seen[inside]) > 0
        out[:, col + k] = 1.0  # beyond the edge counts as across a gap
        out[inside, col + k] = gap
        same = inside[~gap]
        out[same, col:col + k] = probs[same + off]
    return out


def _window_means(values: np.ndarray, doc_sizes: Sequence[int], radius: int) -> np.ndarray:
    """Per line, the mean of `values` (rows, k) over the lines within `radius` in its document."""
    out = np.zeros(values.shape)
    start = 0
    for size in doc_sizes:
        csum = np.vstack([np.zeros((1, values.shape[1])), np.cumsum(values[start:start + size], axis=0)])
        idx = np.arange(size)
        lo, hi = np.maximum(idx - radius, 0), np.minimum(idx + radius + 1, size)
        out[start:start + size] = (csum[hi] - csum[lo]) / (hi - lo)[:, None]
        start += size
    return out


REFINE_PAGE_NAMES = (
    *(f"mean10_{label.value}" for label in LABELS), *(f"mean40_{label.value}" for label in LABELS),
    "body_share_before", "body_share_after", "gap_body_above", "gap_body_below",
)


def refine_page_features(probs: np.ndarray, doc_sizes: Sequence[int]) -> np.ndarray:
    """REFINE_PAGE_NAMES of each line, from stage 2's probabilities of its page: the mean
    probability of each label over the 10 and the 40 lines around, the share of the page's
    body probability before and after the line, and how far the nearest likely body line
    (probability >= 0.5) above and below is, as log1p(lines) / 5, counting the page's length
    when there is none."""
    n_labels = probs.shape[1]
    out = np.zeros((probs.shape[0], len(REFINE_PAGE_NAMES)))
    out[:, :n_labels] = _window_means(probs, doc_sizes, 10)
    out[:, n_labels:2 * n_labels] = _window_means(probs, doc_sizes, 40)
    at = 2 * n_labels
    start = 0
    for size in doc_sizes:
        if size:
            body = probs[start:start + size, BODY]
            page = out[start:start + size]
            total = max(float(body.sum()), 1e-9)
            before = np.cumsum(body) - body
            page[:, at] = before / total
            page[:, at + 1] = (total - before - body) / total
            likely = np.flatnonzero(body >= 0.5)
            idx = np.arange(size)
            above, below = np.full(size, size), np.full(size, size)
            if likely.size:
                prev = np.searchsorted(likely, idx, "left") - 1  # last likely line before idx
                after = np.searchsorted(likely, idx, "right")  # first likely line after idx
                has_prev, has_next = prev >= 0, after < likely.size
                above[has_prev] = idx[has_prev] - likely[prev[has_prev]]
                below[has_next] = likely[after[has_next]] - idx[has_next]
            page[:, at + 2] = np.log1p(above) / 5.0
            page[:, at + 3] = np.log1p(below) / 5.0
        start += size
    return out


def refine_matrix(probs2: np.ndarray, doc_sizes: Sequence[int], radius: int, probs1: np.ndarray,
                  dense: np.ndarray, tree_body: np.ndarray | None) -> np.ndarray:
    """The refining trees' inputs (clf.model, `ModelParams.refine_trees`): stage 2's probability
    window, refine_page_features and page_probability_features of stage 2's probabilities,
    stage 1's probabilities of the line, its dense features and, with shape trees, their body
    probability. float32, the precision the trees split at."""
    parts = [probability_window(probs2, doc_sizes, radius), refine_page_features(probs2, doc_sizes),
             page_probability_features(probs2, doc_sizes), probs1, dense]
    if tree_body is not None:
        parts.append(tree_body)
    return np.hstack(parts).astype(np.float32)


def take_rare(probs: np.ndarray, refined: np.ndarray, rare: Sequence[int]) -> np.ndarray:
    """`probs` with the `rare` labels' columns taken from `refined`; the other labels share
    what is left in the proportions `probs` gives them."""
    common = [k for k in range(probs.shape[1]) if k not in rare]
    out = np.empty_like(probs)
    left = 1.0 - refined[:, rare].sum(axis=1, keepdims=True)
    out[:, common] = probs[:, common] / np.maximum(probs[:, common].sum(axis=1, keepdims=True), 1e-12) * left
    out[:, rare] = refined[:, rare]
    return out
