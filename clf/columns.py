"""Reading a text browser's dump of a table-built page column by column, and a Markdown
dump's table rows cell by cell (markdown_cells).

Text browsers and converters that lay a page out as it looks (lynx, w3m, inscriptis) put a
table's cells side by side: on a page built as a table of a menu column, an article column
and a sidebar, one line of text holds a menu entry, a hundred spaces, a paragraph of the
article, more spaces and a teaser from the sidebar, and the next line the next of each. Read
line by line, every line is part menu and part article, and the article's paragraphs stand
between menu entries.

`untangle` finds such regions and reads them the way a person does, column by column: each
cell (text between runs of three or more spaces) becomes a line of its own, the cells of a
column follow one another in their order on the page, and a blank line parts the columns.
Nothing is dropped; only the spaces between cells go. A region is a run of lines with two or
more cells each (up to REGION_GAP other lines with text, and any blank ones, may stand between
them), and it is only taken apart when it looks like a page layout rather than a data table or
a stray gap in a sentence: one of its lines holds a cell of LONG_CELL characters or more beside
another cell, and a column other than the first starts at the same place (within
COLUMN_SLACK characters) on MIN_ALIGNED lines or more. Other text comes back unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

from clf.features import SCRIPT_MAX_SPACES, SCRIPT_MIN_CHARS, is_data_line, is_script_line

# (DOTALL: a line given with line breaks inside, by a library caller, is still read in linear time)
CELL_RE = re.compile(r"\S(?:.*?\S)?(?=[ \t]{3,}|[ \t]*$)", re.DOTALL)
# Lines with text but without two cells that may stand inside a region. Blank lines do not
# count: inscriptis pads a layout table's rows with lines of spaces, and counted, they parted
# one column layout into pieces too short to be read as one (l3s-gn1 inscriptis body F1 0.892
# -> 0.897 on the 469 pages outside its held-out quarter; docs/EXPERIMENTS.md, "Markdown
# cells, link lists and padded columns").
REGION_GAP = 3
LONG_CELL = 150  # a region needs a cell this long (an article's paragraph) beside another cell
COLUMN_SLACK = 2  # cells starting this close together are in the same column
MIN_ALIGNED = 3  # ... and a column other than the first starting on this many lines

Cell = tuple[int, str]  # (start column, text)


def cells(line: str) -> list[Cell]:
    """The line's cells: runs of text between runs of three or more spaces or tabs."""
    return [(m.start(), m.group()) for m in CELL_RE.finditer(line)]


def _columns(region_cells: list[list[Cell]]) -> list[list[tuple[int, str]]]:
    """The region's cells grouped by column, left to right; each (line offset, text) in order."""
    by_start: dict[int, list[tuple[int, str]]] = {}
    for offset, row in enumerate(region_cells):
        for start, text in row:
            by_start.setdefault(start, []).append((offset, text))
    columns: list[tuple[int, list[tuple[int, str]]]] = []
    for start in sorted(by_start):
        if columns and start - columns[-1][0] <= COLUMN_SLACK:
            columns[-1][1].extend(by_start[start])
        else:
            columns.append((start, list(by_start[start])))
    return [sorted(items) for _, items in columns]


def _is_layout(region_cells: list[list[Cell]], columns: list[list[tuple[int, str]]]) -> bool:
    long_beside = any(len(row) >= 2 and max(len(text) for _, text in row) >= LONG_CELL for row in region_cells)
    aligned = any(len({offset for offset, _ in column}) >= MIN_ALIGNED for column in columns[1:])
    return long_beside and aligned


def _read_columns(columns: list[list[tuple[int, str]]]) -> list[str]:
    out: list[str] = []
    for column in columns:
        previous = None
        for offset, text in column:
            if previous is not None and offset - previous > 1:
                out.append("")
            out.append(text)
            previous = offset
        out.append("")
    return out


def untangle(lines: Sequence[str]) -> list[str] | None:
    """The lines with each page-layout region read column by column, or None when the text
    has no such region (the usual case, and a cheap one to find)."""
    gapped = [("   " in line) and ("   " in line.strip()) for line in lines]
    if not any(gapped):
        return None
    split = [cells(line) if gap else None for line, gap in zip(lines, gapped)]
    multi = [row is not None and len(row) >= 2 for row in split]
    out: list[str] = []
    changed = False
    i, n = 0, len(lines)
    while i < n:
        if not multi[i]:
            out.append(lines[i])
            i += 1
            continue
        last = j = i
        between = 0  # lines with text since the last line of two cells
        while j < n and between <= REGION_GAP:
            if multi[j]:
                last, between = j, 0
            elif lines[j].strip():
                between += 1
            j += 1
        region_cells = [split[k] if split[k] is not None else cells(lines[k]) for k in range(i, last + 1)]
        columns = _columns(region_cells)
        if _is_layout(region_cells, columns):
            out.extend(_read_columns(columns))
            changed = True
        else:
            out.extend(lines[i:last + 1])
        i = last + 1
    return out if changed else None


# Markdown converters (markdownify, html2text) write a table row as `| cell | cell |` on one
# line, and a page laid out as a table becomes a few such lines holding the whole page: menu
# entries, the article and the sidebar, with nested tables' rows inside (`| --- |`). A row of
# LONG_CELL characters or more (of one cell too: a layout row holding the article alone), or
# one with a nested table in it, is read cell by cell: each non-empty cell a line, a blank
# line after the row. A data table's short rows stay as they are. A cell cannot hold a line
# break, so markdownify writes the paragraphs and `<br>`s inside one as runs of spaces
# (`lunch.    The meeting`), where text has one: a layout cell is read as lines split at every
# such run (MD_CELL_BREAK_RE). On l3s-gn1's 469 pages outside its held-out quarter, with
# markdownify's text, that took body F1 from 0.847 to 0.889, and reading one-cell rows too
# from 0.901 to 0.905 (docs/EXPERIMENTS.md, "Markdown cells, link lists and padded columns").
MD_ROW_RE = re.compile(r"^\s*\|.*\|\s*$")
MD_SEPARATOR_RE = re.compile(r"^\s*:?-{3,}:?\s*$")
MD_CELL_BREAK_RE = re.compile(r" {2,}")


def markdown_cells(lines: Sequence[str]) -> list[str] | None:
    """The lines with each page-layout Markdown table row read cell by cell, a cell's runs of
    spaces as line breaks, or None when there is no such row."""
    return _per_line(lines, _layout_cells)


def _layout_cells(line: str) -> list[str] | None:
    """A page-layout table row's cells as lines, a blank line after them (see above), or None."""
    if not ("|" in line and MD_ROW_RE.match(line)
            and (len(line.strip()) >= LONG_CELL or "| --- |" in line.strip()[1:])):
        return None
    row_cells = line.strip().strip("|").split("|")
    pieces = (piece.strip() for cell in row_cells for piece in MD_CELL_BREAK_RE.split(cell))
    row = [piece for piece in pieces if piece and not MD_SEPARATOR_RE.match(piece)]
    return [*row, ""] if row else None  # not a separator row (`| --- | --- |`) either


def _per_line(lines: Sequence[str], pieces: Callable[[str], list[str] | None]) -> list[str] | None:
    """The lines with each line that `pieces` reads as lines (a list, not None) replaced by
    them, or None when it reads none."""
    out: list[str] = []
    changed = False
    for line in lines:
        read = pieces(line)
        out.extend([line] if read is None else read)
        changed = changed or read is not None
    return out if changed else None


# Some scrapers lose every line break: `get_text(" ", strip=True)`, a page's text_content()
# with its whitespace collapsed, a Markdown table cell holding a whole article. Read as one
# line, such a page is all body or all boilerplate. A line of RUN_ON_CHARS characters or more
# (longer than nearly every paragraph of the training pages) with RUN_ON_MIN_SENTENCES
# sentences or more is read as lines: split where a model's clf.breaks.LineBreaks puts line
# breaks back, with no blank line between them. A long list (`Afghanistan (1) Albania (3)
# ...`) has no sentence ends and stays one line. Without a break model the line is split at
# its sentence ends, and only when they are prose-long (a median of RUN_ON_SENTENCE_CHARS or
# more): a long run of icon titles (`Calendar An icon of a desk calendar. Cancel An icon of
# ...`, as get_text dumps keep them) cut at its full stops would give dozens of lines of
# three words, each looking like a menu entry or a heading, so it stays one line. With a
# break model the prose test is left out when the line holds RUN_ON_PAGE_SHARE of the page's
# text or more: the page has lost its line breaks, and its menus and sidebars are short
# sentences too, which the model cuts where such lines end. A page that kept its line breaks
# but for one long line of icon titles (the seed page: 48% of its text) keeps that line
# whole, as it would without a model (docs/EXPERIMENTS.md, "The run-on gate").
RUN_ON_CHARS = 2000
RUN_ON_SENTENCE_CHARS = 60
RUN_ON_MIN_SENTENCES = 3
RUN_ON_PAGE_SHARE = 0.75
SENTENCE_BREAK_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“‘(])")


def sentence_lines(lines: Sequence[str], split: Callable[[str], list[str]] | None = None) -> list[str] | None:
    """The lines with each run-on line split by `split` (default: at its sentence ends), or
    None when there is none."""
    page_chars = sum(map(len, lines))

    def run_on(line: str) -> list[str] | None:
        if len(line) < RUN_ON_CHARS or _whole_script(line):
            return None
        sentences = SENTENCE_BREAK_RE.split(line)
        lost_breaks = split is not None and len(line) >= RUN_ON_PAGE_SHARE * page_chars
        if len(sentences) < RUN_ON_MIN_SENTENCES or not (lost_breaks or _prose_long(sentences)):
            return None
        return sentences if split is None else split(line)

    return _per_line(lines, run_on)


# Prose inside a line: six or more words of letters in a row, or a run of CJK characters
PROSE_RUN_RE = re.compile(r"(?:[^\W\d_]+ ){5,}[^\W\d_]+|[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]{20,}")
# Prose runs that make a minified line hold the page's text: this many characters and share of
# it. A page minified onto one line has its article there (2.4% to 44% of the line on the wcxb
# tuning pages cut by a regular expression); a script's strings and a builder's JSON payload
# hold a few messages and the site's blurb (0.35% of a 721,067-character payload).
SCRIPT_PROSE_CHARS = 1000
SCRIPT_PROSE_SHARE = 0.01
# A formatted script or style sheet given as one line (a text node's white space squeezed) is
# spaced, and its comments are prose. On the wcxb tuning pages given a text node a line, prose
# runs make up under 30% of such lines and plain words (letters, then at most one mark) under
# 75% of their space-separated tokens; the lines that hold a page's text among its scripts
# (tags cut out of a page's source) pass one bar or the other (prose text: 98% plain words).
SCRIPT_SPACED_PROSE_SHARE = 0.3
SCRIPT_SPACED_WORD_SHARE = 0.75
PLAIN_WORD_RE = re.compile(r"[^\W\d_]+[,.;:!?]?$")


def _whole_script(line: str) -> bool:
    """Whether a line is a page's data (features.is_data_line), or a script or style sheet
    (features.is_script_line) with little prose in it: kept whole, so that it is read
    as script, not cut at its `. ` into pieces of code that each pass for text. Little is
    under SCRIPT_SPACED_PROSE_SHARE of a spaced line, with under SCRIPT_SPACED_WORD_SHARE of
    its tokens plain words, and under SCRIPT_PROSE_CHARS and SCRIPT_PROSE_SHARE of a minified
    one (spaces under features.SCRIPT_MAX_SPACES of it). A page whose article stands among its
    scripts on one line is cut as before."""
    text = line.strip()
    if is_data_line(text):
        return True
    if not is_script_line(text):
        return False
    if text.count(" ") >= SCRIPT_MAX_SPACES * len(text):
        tokens = text.split()
        if sum(PLAIN_WORD_RE.match(token) is not None for token in tokens) >= SCRIPT_SPACED_WORD_SHARE * len(tokens):
            return False
        enough = SCRIPT_SPACED_PROSE_SHARE * len(text)
    else:
        enough = max(SCRIPT_PROSE_CHARS, SCRIPT_PROSE_SHARE * len(text))
    return not _prose_reaches(text, enough)


def _prose_reaches(text: str, need: float) -> bool:
    """Whether PROSE_RUN_RE's runs in a text make `need` characters or more, counted until
    they do."""
    found = 0
    for match in PROSE_RUN_RE.finditer(text):
        found += match.end() - match.start()
        if found >= need:
            return True
    return found >= need


# A page's text glued to its scripts: the source with its tags cut out runs a style sheet's or a
# script's last rule into the text after it (`...sans-serif} Contact usHome... Cybersecurity M&A
# activity accelerated ...`) when the page's source has no line break between them. Read whole,
# such a line is a script line and unread, and the article's start goes with it. A stretch of
# the line without a rule's marks ({, }, ;) that is CODE_FREE_CHARS long or more, a
# CODE_FREE_PROSE_SHARE of it prose runs, and not a script line itself becomes a line of its
# own, up to its last sentence's end when code follows it; the code around it stays whole. A
# stretch between two of a payload's quoted keys (`"description":"..."`) is such a stretch too,
# but the whole line is then a page's data (features.is_data_line) and is left alone.
CODE_FREE_CHARS = 200
CODE_FREE_PROSE_SHARE = 0.25
CODE_FREE_RE = re.compile(r"(?<![^{};])[^{};]{%d,}" % CODE_FREE_CHARS)  # from a run's start: linear time
TEXT_END_RE = re.compile(r"[.!?][\"”’)]?(?=\s|[^\w\s])")  # a sentence's end before a space or code


def _last_sentence_end(text: str, start: int, end: int) -> int | None:
    """Where the last sentence ending in text[start:end] ends (TEXT_END_RE), or None."""
    at = end
    while (at := max(text.rfind(mark, start, at) for mark in ".!?")) >= 0:
        found = TEXT_END_RE.match(text, at, end)
        if found is not None:
            return found.end()
    return None


def _text_stretches(text: str) -> list[tuple[int, int]]:
    """Where a line's stretches of text among code lie (see above)."""
    spans = []
    for match in CODE_FREE_RE.finditer(text):
        start, end = match.span()
        if end < len(text):  # the next rule's selector or statement runs on from the text's last sentence
            end = _last_sentence_end(text, start, end) or end
        stretch = text[start:end].strip()
        if (len(stretch) >= CODE_FREE_CHARS and _prose_reaches(stretch, CODE_FREE_PROSE_SHARE * len(stretch))
                and not is_script_line(stretch)):
            spans.append((start, end))
    return spans


def _text_cut_from_code(line: str) -> list[str] | None:
    """A script line's pieces with its text stretches apart (see above), or None when it has none
    (or is too short to hold a stretch and code beside it)."""
    if len(line) < CODE_FREE_CHARS + SCRIPT_MIN_CHARS:
        return None
    text = line.strip()
    if not is_script_line(text) or is_data_line(text) or not (spans := _text_stretches(text)):
        return None
    cuts = [0, *(at for span in spans for at in span), len(text)]
    return [piece for a, b in zip(cuts, cuts[1:]) if (piece := text[a:b].strip())]


def text_cut_from_code(lines: Sequence[str]) -> list[str] | None:
    """The lines with the page's text cut out of the script lines it is glued to, each stretch
    a line of its own (see above), or None when no line has such text. A line needs
    features.SCRIPT_MIN_CHARS of code beside the stretch."""
    return _per_line(lines, _text_cut_from_code)


# A page given without blank lines (Common Crawl's WET files, a dump of every text node, a
# scraper that joins blocks with one line break) shows no paragraphs, and the model, which
# learnt from pages whose paragraphs stand apart, reads its article's paragraphs as it reads a
# menu's entries. The model reads such a page (APART_MIN_LINES lines of text or more, blank
# lines under APART_MAX_BLANK of its lines) with a blank line before and after each prose line:
# PARAGRAPH_CHARS long or more and ending a sentence, and with a blank line between each two of
# the HEAD_APART_LINES lines above its first prose line, where the headline, the byline and the
# date stand: with the prose lines apart alone, those read as one block with the menu above them
# and the headline was lost. The labelled lines stay as given, and the headline pass still
# takes the page for one without blank lines (Predictor.promote_head).
APART_MIN_LINES = 5
APART_MAX_BLANK = 0.05
PARAGRAPH_CHARS = 80
HEAD_APART_LINES = 8
PARAGRAPH_END_RE = re.compile(r"[.!?:\"”)]\s*$")


def paragraph_breaks(lines: Sequence[str], given: Sequence[str] | None = None) -> list[int] | None:
    """For a page without blank lines, the lines that the model reads with a blank line before
    them: each prose line, the line after one and the lines of the article's head (see
    above). None when the page has blank lines already or too few lines, or was `given` as
    fewer lines than that (a run-on page, which the readings cut in pieces: sentence_lines)."""
    filled = [line for line in lines if line.strip()]
    if len(filled) < APART_MIN_LINES or len(lines) - len(filled) > APART_MAX_BLANK * len(lines):
        return None
    if given is not None and sum(1 for line in given if line.strip()) < APART_MIN_LINES:
        return None
    prose = [len(line.strip()) >= PARAGRAPH_CHARS and PARAGRAPH_END_RE.search(line) is not None for line in lines]
    first = next((i for i, is_prose in enumerate(prose) if is_prose), len(lines))
    head = range(first - HEAD_APART_LINES, first + 1)
    return [i for i in range(1, len(lines))
            if lines[i].strip() and lines[i - 1].strip() and (prose[i] or prose[i - 1] or i in head)]


def _prose_long(sentences: Sequence[str]) -> bool:
    """Whether the median sentence is RUN_ON_SENTENCE_CHARS long or more."""
    lengths = sorted(len(sentence) for sentence in sentences)
    return lengths[len(lengths) // 2] >= RUN_ON_SENTENCE_CHARS


# Text browsers (`lynx -dump`, `w3m -dump`) and html2text by default wrap paragraphs at a
# fixed width (72 to 80 columns), so one paragraph becomes several lines, each of which reads
# like a short menu entry or a heading to a model that learnt from one paragraph a line. The
# width is the line length, between WRAP_MIN_WIDTH and WRAP_MAX_WIDTH, with the most lines
# ending within WRAP_SLACK characters of it; a page is taken as wrapped when WRAP_MIN_SHARE of
# its non-blank lines or more end there (a link or a word too long to break runs past it). A
# line is joined to the one before it when its first word would not have fitted on that line,
# as a wrapping writer decides (without a space after a word's hyphen, where such writers also
# break). A line that opens a list item, a heading, a quote or a table row starts anew, and so
# does a line that opens on the same capitalised word as the line above: that is a list's next
# item (`Affordable Gym in 08004, ...` under `Affordable Gym in 08002, ...`), which a wrapping
# writer hardly ever gives two lines of one paragraph.
WRAP_MIN_WIDTH, WRAP_MAX_WIDTH = 60, 100
WRAP_SLACK = 12
WRAP_MIN_SHARE = 0.3
_NEW_BLOCK_RE = re.compile(r"^\s*(?:[-+*•>|#]|\d+[.)]\s)")
_HYPHEN_END_RE = re.compile(r"\w-$")  # a line ending inside a hyphenated word


# A scraper that gives every text node of the page a line (BeautifulSoup's stripped_strings or
# get_text("\n"), lxml's itertext()) breaks a sentence wherever a link or a bold word stands in
# it: `The council met on` / `Tuesday` / `to vote on the budget.` Each piece reads like a menu
# entry to a model that learnt from one paragraph a line. Such a page has no blank lines (at
# most FRAGMENT_MAX_BLANK of its lines) and many lines that go on from the line above: a line
# opening in lower case or on punctuation (FRAGMENT_CONTINUES_RE) after one that does not end a
# sentence, at least FRAGMENT_MIN_SHARE of its non-blank lines and FRAGMENT_MIN_LINES. There a
# line going on is joined to the line above, and so is a piece of up to FRAGMENT_MAX_WORDS
# words (the link's text) when the line after it goes on.
FRAGMENT_MAX_BLANK = 0.05
FRAGMENT_MIN_SHARE = 0.05
FRAGMENT_MIN_LINES = 5
FRAGMENT_MAX_WORDS = 4
_FRAGMENT_PUNCT = r"[,.;:!?)\]’%]"  # a piece opening on these is joined without a space
FRAGMENT_CONTINUES_RE = re.compile(r"[a-zß-öø-ÿ]|" + _FRAGMENT_PUNCT)
_FRAGMENT_PUNCT_RE = re.compile(_FRAGMENT_PUNCT)
# what ends a sentence for this joining: features.TERMINAL, but a colon (a list's lead-in) does
# and an apostrophe (`St James'`) does not
_SENTENCE_END = tuple('.!?:"”»)…')


def _open(above: str) -> bool:
    """Whether a line has text and does not end a sentence."""
    return bool(above.strip()) and not above.rstrip().endswith(_SENTENCE_END)


def _goes_on(above: str, line: str) -> bool:
    """Whether `line` continues `above`: it opens in lower case or on punctuation, and `above`
    does not end a sentence."""
    return _open(above) and FRAGMENT_CONTINUES_RE.match(line.lstrip()) is not None


def fragments_joined(lines: Sequence[str]) -> list[str] | None:
    """The lines of a page given a text node a line with each sentence's pieces joined into
    one line, or None when the page is not such a dump (see above)."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if len(lines) - len(filled) > FRAGMENT_MAX_BLANK * len(lines):
        return None
    going_on = sum(1 for a, b in zip(filled, filled[1:]) if b == a + 1 and _goes_on(lines[a], lines[b]))
    if going_on < max(FRAGMENT_MIN_LINES, FRAGMENT_MIN_SHARE * len(filled)):
        return None
    out: list[str] = []
    script_last = False  # out[-1] ends in a script's text: a script's line is joined to nothing
    for i, line in enumerate(lines):
        text = line.strip()
        after = lines[i + 1] if i + 1 < len(lines) else ""
        script = is_script_line(text)
        if out and text and not (script or script_last) and (_goes_on(out[-1], text) or (
                len(text.split()) <= FRAGMENT_MAX_WORDS and _open(out[-1]) and _goes_on(text, after))):
            out[-1] = out[-1].rstrip() + ("" if _FRAGMENT_PUNCT_RE.match(text) else " ") + text
        else:
            out.append(line)
        script_last = script
    return out if len(out) < len(lines) else None


def wrap_width(lines: Sequence[str]) -> int | None:
    """The width the page's paragraphs are wrapped at, or None when they are not wrapped."""
    lengths = np.array([len(line.rstrip()) for line in lines if line.strip()])
    if lengths.size < 10:
        return None
    counts = np.bincount(lengths, minlength=WRAP_MAX_WIDTH + 1)[:WRAP_MAX_WIDTH + 1]
    ending = np.convolve(counts, np.ones(WRAP_SLACK + 1, dtype=np.int64))[:WRAP_MAX_WIDTH + 1]  # lines in (w - SLACK, w]
    width = WRAP_MIN_WIDTH + int(np.argmax(ending[WRAP_MIN_WIDTH:]))
    return width if ending[width] >= WRAP_MIN_SHARE * lengths.size else None


def _same_opening(previous: str, word: str) -> bool:
    """Whether `previous` opens on `word` and the word is capitalised (a list's items)."""
    return word[:1].isupper() and previous.split(maxsplit=1)[0] == word


def unwrapped(lines: Sequence[str]) -> list[str] | None:
    """The lines with each paragraph wrapped at a fixed width (wrap_width) joined into one
    line, or None when the page is not wrapped."""
    width = wrap_width(lines)
    if width is None:
        return None
    out: list[str] = []
    previous = ""
    for line in lines:
        words = line.split()
        if out and words and previous.strip() and not _NEW_BLOCK_RE.match(line) \
                and len(previous.rstrip()) + 1 + len(words[0]) > width and not _same_opening(previous, words[0]):
            joined = out[-1].rstrip()
            out[-1] = joined + ("" if _HYPHEN_END_RE.search(joined) else " ") + line.strip()
        else:
            out.append(line)
        previous = line
    return out if len(out) < len(lines) else None
