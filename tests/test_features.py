from __future__ import annotations

import math
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from clf.corpus import read_labeled
from clf.markdown import links_as_text
from clf.features import (
    BIO_RE, BYLINE_MAX_WORDS, CONSENT_RE, BYLINE_OPENERS, CUE_NAMES, DENSE_NAMES, COMMENT_TIME_RE, END_CUE_MAX_CHARS, END_CUE_RE, END_NAMES, SAYS_RE, end_cues, PHOTO_WORD_RE, DOC_NAMES, LONG_LINE, SHAPE_NAMES, DocContext, compute_dense,
    LOG_ODDS_CLIP, dense_matrix, document_rows, line_shape, log_odds, normalise_for_repeat, probability_window,
    stage2_matrix, blank_flags, block_window,
    repeat_keys, shape_matrix, PAGE_PROBABILITY_NAMES, main_body_run, page_probability_features,
    REFINE_PAGE_NAMES, refine_matrix, refine_page_features, take_rare, squeeze_gaps, plain_line, is_script_line,
    is_code_line, script_page_code, is_data_line,
)


def test_rows_skip_empty_lines_and_record_blank_neighbours():
    rows = document_rows(["Menu", "", "Headline", "Body text.", "", ""])
    assert [r.text for r in rows] == ["Menu", "Headline", "Body text."]
    ctx = rows[0].ctx
    assert ctx.blank_before == [False, True, False]
    assert ctx.blank_after == [True, False, True]


def test_wide_gaps_inside_a_line_count_as_three_spaces():
    paragraph = "Newcastle chairman Chris Mort has insisted the club are not looking for a new manager."
    assert squeeze_gaps("Euro 2008" + " " * 170 + paragraph) == "Euro 2008   " + paragraph
    assert squeeze_gaps("Accept all\t\t\t\tReject") == "Accept all   Reject"
    for unchanged in ("    def __init__(self):", "Home   About", paragraph + "      "):
        assert squeeze_gaps(unchanged) == unchanged


def test_a_column_dump_reads_like_the_same_lines_with_narrow_gaps():
    # inscriptis / lynx lay a table-built page out in columns, padding cells with spaces
    wide = ["Home" + " " * 150 + "Mort denies the speculation", "",
            "Football" + " " * 146 + "Newcastle chairman Chris Mort has insisted the club are not looking for a new manager."]
    narrow = [squeeze_gaps(line) for line in wide]
    assert narrow[0] == "Home   Mort denies the speculation"
    assert [r.text for r in document_rows(wide)] == [r.text for r in document_rows(narrow)]
    assert np.array_equal(dense_matrix(document_rows(wide)), dense_matrix(document_rows(narrow)))


def test_list_markers_of_converters_that_mark_every_item_are_dropped():
    assert plain_line("  • Home") == "Home"
    assert plain_line("* Preheat the oven to 200C.") == "Preheat the oven to 200C."
    assert plain_line("●  Big") == "Big"
    for unchanged in ("*Note: prices vary", "- return nil", "· Sport", "•", "Plain text"):
        assert plain_line(unchanged) == unchanged
    marked = ["Menu", "", "  • Home", "  • News", "", "Ingredients", "* 2 eggs", "* 100 g flour"]
    bare = ["Menu", "", "Home", "News", "", "Ingredients", "2 eggs", "100 g flour"]
    assert [r.text for r in document_rows(marked)] == [r.text for r in document_rows(bare)]
    assert np.array_equal(dense_matrix(document_rows(marked)), dense_matrix(document_rows(bare)))


def test_lines_are_read_composed():
    """`u` and a combining diaeresis would end a word at the mark; the features read `ü` (NFC)."""
    assert plain_line("Gepru\u0308ft von Mu\u0308ller") == "Geprüft von Müller"
    decomposed = ["Gepru\u0308ft von Mu\u0308ller", "", "Die Kindersitze wurden gepru\u0308ft."]
    composed = ["Geprüft von Müller", "", "Die Kindersitze wurden geprüft."]
    assert np.array_equal(dense_matrix(document_rows(decomposed)), dense_matrix(document_rows(composed)))


def test_markdown_links_read_as_their_text():
    assert plain_line("* [Home](/)") == "Home"
    assert plain_line('Read the [report](https://example.org/a_(b) "Report") now.') == "Read the report now."
    assert plain_line("[![Logo](logo.png)](/) Example News") == "Logo Example News"
    assert plain_line("![A dog on a beach](dog.jpg)") == "A dog on a beach"
    for unchanged in ("see [1] and (2)", "[![](logo.png)](/)", "Plain text"):
        assert plain_line(unchanged) == unchanged
    # the same reading of a whole text, where nothing left is nothing (bench/quality.py's Markdown row)
    assert links_as_text("[![](logo.png)](/)\nThe [harbour](/h) closed.") == "\nThe harbour closed."
    markdown = ["* [Home](/)", "* [News](/news)", "", "# Storm closes the harbour",
                "The [harbour authority](https://example.org/harbour) closed the port on Monday."]
    text = ["Home", "News", "", "# Storm closes the harbour", "The harbour authority closed the port on Monday."]
    assert np.array_equal(dense_matrix(document_rows(markdown)), dense_matrix(document_rows(text)))


def test_shape_features_see_terminal_punctuation_and_length():
    short = dict(zip(SHAPE_NAMES, line_shape("Home")))
    sentence = dict(zip(SHAPE_NAMES, line_shape("This is a sentence that ends properly." * 4)))
    assert short["ends_terminal"] == 0.0 and sentence["ends_terminal"] == 1.0
    assert sentence["log_chars"] > short["log_chars"]
    assert short["is_short"] == 1.0


def test_byline_openers_mark_short_lines_and_their_neighbours():
    rows = document_rows(["Headline here", "By Press Association", "Von Anna Schmidt, 12. März 2024",
                          "By the way, this long sentence is not a byline at all because it goes on and on."])
    x = dict(zip(DENSE_NAMES, dense_matrix(rows).T))
    assert x["byline_opener"].tolist() == [0, 1, 1, 0]
    assert x["next_byline_opener"].tolist() == [1, 1, 0, 0]
    assert x["prev_byline_opener"].tolist() == [0, 0, 1, 1]


def test_photo_credits_are_marked():
    rows = document_rows([
        "Putin may visit soon (Gavriil Grigorov/Sputnik/ Kremlin pool/AP)",
        "The mayor (left) spoke.",
        "Photograph: Jane Doe/Getty Images",
        "Prices rose 3% (2023/24).",
    ])
    x = dict(zip(DENSE_NAMES, dense_matrix(rows).T))
    assert x["credit_end"].tolist() == [1, 0, 0, 0]
    assert x["photo_word"].tolist() == [0, 0, 1, 0]


def test_author_bios_are_marked():
    rows = document_rows([
        "Sara Coughlin is a writer and editor with ample experience covering health trends.",
        "He's a Google Ads expert with over 12 years of experience in running campaigns.",
        "Angela Holliday-Bell, MD is a board-certified pediatrician at the clinic.",
        "This is a writer's guide to commas.",
        "The council is a good employer, said the mayor.",
        "Jane Doe is a name we made up.",
    ])
    x = dict(zip(DENSE_NAMES, dense_matrix(rows).T))
    assert x["bio_opener"].tolist() == [1, 1, 1, 0, 0, 0]


def test_a_line_that_starts_over_is_marked():
    feed = "While you are dreaming about spring, our greenhouse"
    rows = document_rows([
        feed + " " + feed + " crew is already hard at work on the baskets.",
        "While you are dreaming about spring, the greenhouse crew works; while you are dreaming, they plant.",
        "Short line",
    ])
    x = dict(zip(DENSE_NAMES, dense_matrix(rows).T))
    assert x["self_repeat"].tolist() == [1, 0, 0]


@pytest.mark.parametrize("line", [
    "12 Comments", "Comments (3)", "Jane Doe says:", "March 3, 2024 at 9:15 am", "Leave a Reply",
    "5 thoughts on “Our trip”", "Reply", "About the Author", "More from this author",
    "Recently by Jeffrey Zeldman", "Related Articles", "You may also like", "Read more",
    "Tags: travel, food", "Comments are closed.", "Share this:", "Kommentare", "Sur le même sujet",
    "Weitere Videos", "Ähnliche Artikel", "Meistgelesen", "Das könnte dich auch interessieren", "Les plus lus",
    "Lo más leído", "I più letti", "Najczęściej czytane", "Hinterlasse eine Antwort", "Deja una respuesta",
    "Diese Artikel könnten dich ebenfalls interessieren", "Dodaj komentarz", "Geef een reactie",
    "Liked by Dan Davies", "Liked by Anne-Marie O’Neil",
])
def test_end_cues_mark_what_opens_comments_and_reading_lists(line):
    assert end_cues([line]).tolist() == [1.0]


@pytest.mark.parametrize("line", [
    "By Jane Doe", "Read more: how to cut taxes", "“That is fine,” he said, and left the room.",
    "The comments section of the paper was closed in 2019 after a long debate.",
    "Related", "Home", "Share", "Photo: AP", "About us", "FAQ", "References", "See also", "Read next",
    "Weitere Informationen", "Aktuelle Nachrichten", "Lesen Sie auch", "Top 10 der besten Filme",
    "Diese Woche in Berlin", "Liked by many, the plan was soon forgotten.",
])
def test_end_cues_leave_other_lines_alone(line):
    assert end_cues([line]).tolist() == [0.0]


def test_end_cues_skip_long_lines():
    line = "Tags: " + "travel, " * (END_CUE_MAX_CHARS // 8)
    assert END_CUE_RE.match(line) and end_cues([line]).tolist() == [0.0]


def test_end_cue_context_counts_markers_past_the_first_long_line():
    long = "This sentence is long enough to count as a paragraph of the article itself. " * 2
    rows = document_rows(["Related Articles", "Headline", long, long, "12 Comments", "Ann says:", "Nice post!", long])
    x = dict(zip(DENSE_NAMES, dense_matrix(rows).T))
    assert x["end_cue"].tolist() == [1, 0, 0, 0, 1, 1, 0, 0]
    # the menu's "Related Articles" comes before any long line: it counts for nothing
    assert not x["near_end_cue"][:5].any() and not x["end_cues_before"][:5].any()
    # "Ann says:" renews the marker: the line after it is as near one as "Ann says:" itself
    assert x["near_end_cue"][6] == x["near_end_cue"][5] > x["near_end_cue"][7] > 0
    assert x["end_cues_before"][6] > x["end_cues_before"][5] > 0


def test_a_cookie_notice_is_not_the_pages_first_long_line():
    long = "This sentence is long enough to count as a paragraph of the article itself. " * 2
    banner = "We use cookies to personalize content and analyze our traffic. By continuing to use our site, you accept our use of cookies."
    assert len(banner) >= LONG_LINE
    rows = document_rows([banner, "Insurance", "See More", "Investments", "See More", "Headline", long, long])
    x = dict(zip(DENSE_NAMES, dense_matrix(rows).T))
    # the menu's "See More" links stand before the article's first long line: no markers past it
    assert not x["end_cues_before"].any() and not x["near_end_cue"].any()
    assert x["before_first_long"].tolist() == [1, 1, 1, 1, 1, 1, 0, 0]
    prose = document_rows(["Our Cookies", long.replace("article", "bakery"), "See More", long])
    assert dict(zip(DENSE_NAMES, dense_matrix(prose).T))["end_cues_before"][3] > 0  # prose about cookies is prose


def test_read_more_toggles_are_no_markers_on_a_page_that_reads_less():
    long = "This sentence is long enough to count as a paragraph of the article itself. " * 2
    menu = [long.replace("article", "product"), "Read more", "Read less", "Robot vacuum", "Read more", "See more"]
    x = dict(zip(DENSE_NAMES, dense_matrix(document_rows(menu + ["Headline", long, "Related Articles"])).T))
    # the `Read more` toggles count for nothing; `See more` (no `See less` here) and the reading list do
    assert x["end_cue"].tolist() == [0, 0, 0, 0, 0, 1, 0, 0, 1]
    assert x["end_cues_before"][7] == x["end_cues_before"][6] > 0
    without = dict(zip(DENSE_NAMES, dense_matrix(document_rows([m for m in menu if m != "Read less"] + ["Headline", long])).T))
    assert without["end_cue"].tolist() == [0, 1, 0, 1, 1, 0, 0]


@pytest.mark.parametrize("line", ["READ MORE ↓", "Read more ⬇", "See more ⇓"])
def test_a_read_more_pointing_down_is_no_marker(line):
    # a jump to a section further down the same page (a review's quick list of its picks)
    assert end_cues([line, "Read more"]).tolist() == [0.0, 1.0]


def test_repeated_lines_are_marked():
    rows = document_rows(["Share", "Story text here.", "Share"])
    repeat = DENSE_NAMES.index("repeat")
    x = dense_matrix(rows)
    assert x[0, repeat] > 0 and x[1, repeat] == 0


def test_prose_overlap_marks_lines_that_share_the_articles_words():
    long_a = "The council voted on Tuesday to rebuild the harbour wall after the winter storms left the town exposed to the sea on most high tides."
    long_b = "Engineers say the harbour wall, built in 1890, needs new stone along most of its length before the next winter storms come."
    assert min(len(long_a), len(long_b)) >= LONG_LINE
    rows = document_rows([
        "Home News Sport Contact", long_a, "Harbour wall to be rebuilt", long_b,
        "Subscribe to our newsletter for deals", "Rebuild harbour wall",
    ])
    overlap = dense_matrix(rows)[:, DENSE_NAMES.index("prose_overlap")]
    assert overlap[0] == 0 and overlap[4] == 0  # menu and promotion: none of the article's words
    assert overlap[2] == pytest.approx(2 / 3)  # "harbour", "wall" and not "rebuilt"
    assert overlap[5] == 1.0
    assert overlap[1] > 0 and overlap[3] > 0  # each long line against the other one only
    assert dense_matrix(document_rows([long_a]))[0, DENSE_NAMES.index("prose_overlap")] == 0  # not against itself


def test_probability_window_pads_at_document_edges():
    probs = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]])
    win = probability_window(probs, [2, 1], radius=1)
    # columns: offset -1 (p0, p1, outside), offset 0, offset +1
    assert win[0].tolist() == [0, 0, 1, 1, 0, 0, 0, 1, 0]
    assert win[1].tolist() == [1, 0, 0, 0, 1, 0, 0, 0, 1]
    assert win[2].tolist() == [0, 0, 1, 0.5, 0.5, 0, 0, 0, 1]


def test_stage2_matrix_adds_the_log_odds_of_each_window_column():
    probs = np.array([[0.9, 0.1], [0.5, 0.5], [0.0, 1.0]])
    tree = np.array([[0.2], [0.7], [1.0]])
    plain = stage2_matrix(probs, [3], 1, False, tree)
    both = stage2_matrix(probs, [3], 1, False, tree, logits=True)
    window, tree_window = probability_window(probs, [3], 1), probability_window(tree, [3], 1)
    assert both.shape[1] == 2 * plain.shape[1]
    # probabilities, their log-odds, the trees' window, its log-odds
    assert np.array_equal(both[:, :window.shape[1]], window)
    odds = both[:, window.shape[1]:2 * window.shape[1]]
    # columns per offset: (label 0, label 1, outside); from line 1, offset -1 is line 0
    assert odds[1, 0] == pytest.approx(math.log(9)) and odds[1, 1] == pytest.approx(-math.log(9))
    assert odds[1, 3] == odds[1, 4] == 0  # line 1 itself: 0.5 and 0.5
    assert odds[1, 6 + 1] == pytest.approx(math.log(0.999 / 0.001))  # line 2's 1.0 is held at 1 - LOG_ODDS_CLIP
    assert odds[0, 2] == 1.0  # the outside flag stays a flag
    assert np.array_equal(both[:, 2 * window.shape[1]:2 * window.shape[1] + tree_window.shape[1]], tree_window)
    assert both[0, -2] == pytest.approx(math.log(0.7 / 0.3))  # line 0's next line in the trees' log-odds window


def test_stage2_matrix_means_average_each_document_within_the_radius():
    probs = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [0.2, 0.8], [0.6, 0.4]])
    tree = np.array([[0.0], [1.0], [0.5], [0.3], [0.9]])
    plain = stage2_matrix(probs, [3, 2], 1, False, tree)
    wide = stage2_matrix(probs, [3, 2], 1, False, tree, means=(1, 5))
    assert np.array_equal(wide[:, :plain.shape[1]], plain)
    extra = wide[:, plain.shape[1]:]  # radius 1: probs means, tree means; radius 5: the same
    assert extra.shape == (5, 6)
    assert extra[0, :2].tolist() == pytest.approx([0.5, 0.5])  # lines 0 and 1 (nothing before the page)
    assert extra[2, :2].tolist() == pytest.approx([0.25, 0.75])  # lines 1 and 2, not the next page's line 3
    assert extra[3, 2] == pytest.approx(0.6)  # the second page's trees: 0.3 and 0.9
    assert extra[1, 3:5].tolist() == pytest.approx([0.5, 0.5])  # radius 5: the whole first page
    assert extra[4, 5] == pytest.approx(0.6)


def test_block_window_reads_only_neighbours_without_an_empty_line_between():
    # page 1: "a b | c d | e" (| an empty line), page 2: "x | y z"
    rows = document_rows(["a", "b", "", "c", "d", "", "e"]) + document_rows(["x", "", "y", "z"])
    flags = blank_flags(rows)
    assert flags.tolist() == [False, False, True, False, True, False, True, False]
    probs = np.arange(16, dtype=float).reshape(8, 2) / 100
    out = block_window(probs, [5, 3], 2, flags)
    # columns per offset -2, -1, +1, +2: (label 0, label 1, flag: an empty line between or beyond the page)
    assert out.shape == (8, 12)
    assert out[0].tolist() == [0, 0, 1, 0, 0, 1, 0.02, 0.03, 0, 0, 0, 1]  # "a": "b" is its block's
    assert out[2].tolist() == [0, 0, 1, 0, 0, 1, 0.06, 0.07, 0, 0, 0, 1]  # "c": "d" yes; "a", "b" above the gap, "e" past one
    assert out[5].tolist() == [0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1]  # "x": page 1's "e" is no neighbour
    assert out[7].tolist() == [0, 0, 1, 0.12, 0.13, 0, 0, 0, 1, 0, 0, 1]  # "z": "y" yes, "x" past the gap
    flat = block_window(probs[:3], [3], 1, np.zeros(3, dtype=bool))  # no empty line on the page at all
    assert flat.tolist() == [[0, 0, 1, 0, 0, 1]] * 3  # every line a block of its own


def test_stage2_matrix_appends_the_block_window_when_given_the_blank_flags():
    probs = np.array([[0.9, 0.1], [0.5, 0.5], [0.0, 1.0]])
    flags = np.array([False, False, True])
    plain = stage2_matrix(probs, [3], 1, False)
    blocks = stage2_matrix(probs, [3], 1, False, blank_before=flags)
    assert np.array_equal(blocks[:, :plain.shape[1]], plain)
    assert np.array_equal(blocks[:, plain.shape[1]:], block_window(probs, [3], 1, flags))


def test_log_odds_are_finite_at_zero_and_one():
    out = log_odds(np.array([0.0, 0.5, 1.0]))
    bound = math.log((1 - LOG_ODDS_CLIP) / LOG_ODDS_CLIP)
    assert np.isfinite(out).all() and out[1] == 0
    assert out[0] == pytest.approx(-bound) and out[2] == pytest.approx(bound)


# --- Equivalence with the frozen original implementation -------------------------------
# The shipped model was trained on these exact features: the functions below are a
# copy of clf.features as of 37bd307 (line_shape, normalise_for_repeat, compute_dense
# and the constants they use, renamed _REF_/_reference_), kept as the reference the
# optimised code must reproduce.
_REF_WORD_RE = re.compile(r"\w+", re.UNICODE)
_REF_N_SHAPE = len(SHAPE_NAMES)
_REF_TERMINAL = ".!?…\"'”»)"
_REF_LONG_LINE = 120


def _reference_line_shape(text: str) -> list[float]:
    s = text.strip()
    n = max(len(s), 1)
    words = _REF_WORD_RE.findall(s)
    n_words = len(words)
    digits = sum(c.isdigit() for c in s)
    upper = sum(c.isupper() for c in s)
    letters = sum(c.isalpha() for c in s) or 1
    punct = sum((not c.isalnum()) and not c.isspace() for c in s)
    spaces = s.count(" ")
    caps_words = sum(1 for w in words if w[:1].isupper())
    last = s[-1:] if s else ""
    first = s[:1]
    return [
        math.log1p(len(s)) / 8.0,
        math.log1p(n_words) / 6.0,
        digits / n,
        upper / letters,
        punct / n,
        spaces / n,
        float(last in _REF_TERMINAL),
        float(last == ":"),
        float(last == ","),
        float(first.isupper()),
        float(first in "-•*·–—►▸>"),
        caps_words / n_words if n_words else 0.0,
        float(s.isupper() and letters > 2),
        (sum(len(w) for w in words) / n_words / 10.0) if n_words else 0.0,
        float("|" in s),
        float("©" in s or "(c)" in s.lower()),
        float("http" in s or "www." in s or "@" in s),
        float(bool(re.search(r"\b(19|20)\d\d\b", s))),
        float(bool(re.search(r"\b\d{1,2}[:.h]\d\d\b", s))),
        float(last == ")"),
        float("/" in s),
        min(s.count("|") + s.count("•") + s.count("·") + s.count(" / "), 10) / 10.0,
        min(len(re.findall(r"[.!?](\s|$)", s)), 10) / 10.0,
        float(len(s) >= _REF_LONG_LINE),
        float(len(s) < 30),
        float(first in "\"'“‘«„"),
        # added 2026-12-03: the line's first 30 characters occur again later in it
        float(len(s) >= 60 and s[:30] in s[30:]),
    ]


def _reference_normalise_for_repeat(text: str) -> str:
    return " ".join(_REF_WORD_RE.findall(text.lower()))


def _reference_compute_dense(ctx: DocContext) -> np.ndarray:
    """The frozen columns, followed by the cues added since (checked on their own)."""
    return np.hstack([_reference_frozen_dense(ctx), _reference_cues(ctx.texts), _reference_end_cues(ctx.texts)])


def _reference_end_cues(texts: list[str]) -> np.ndarray:
    """END_NAMES line by line, from the markers that come after the page's first long line."""
    rows, seen_long, marks = [], False, []
    # `Read more` is a toggle, not a marker, on a page that also shows `Read less` (same verb)
    less = {t.strip(" .>»").lower().split()[0] for t in texts if re.fullmatch(r"\W*(read|see)\s+less\W*", t, re.I)}
    for i, text in enumerate(texts):
        s = text.strip()
        cue = float(len(s) <= END_CUE_MAX_CHARS and any(p.match(s) for p in (END_CUE_RE, SAYS_RE, COMMENT_TIME_RE)))
        if cue and re.fullmatch(r"\W*(read|see)\s+more\W*", s, re.I) and s.strip(" .>»").lower().split()[0] in less:
            cue = 0.0
        if marks:
            rows.append([cue, max(1.0 - math.log1p(i - marks[-1]) / 5.0, 0.0), math.log1p(len(marks)) / 3.0])
        else:
            rows.append([cue, 0.0, 0.0])
        if cue and seen_long:
            marks.append(i)
        seen_long = seen_long or len(s) >= LONG_LINE
    return np.array(rows).reshape(len(texts), len(END_NAMES))


def _reference_cues(texts: list[str]) -> np.ndarray:
    cue = [float(bool(w) and len(w) <= BYLINE_MAX_WORDS and w[0].lower() in BYLINE_OPENERS)
           for w in (re.findall(r"\w+", t[:200]) for t in texts)]
    credit = [float(re.search(r"\([^()]*[^\W\d_]/\s*[^\W\d_][^()]*\)\W*$", t[-300:]) is not None) for t in texts]
    photo = [float(PHOTO_WORD_RE.search(t[:300]) is not None) for t in texts]
    bio = [float(len(t) <= 600 and BIO_RE.match(t) is not None) for t in texts]  # added 2026-12-03
    return np.array([[c, cue[i - 1] if i else 0.0, cue[i + 1] if i + 1 < len(cue) else 0.0, credit[i], photo[i], bio[i]]
                     for i, c in enumerate(cue)]).reshape(len(texts), len(CUE_NAMES))


def _reference_frozen_dense(ctx: DocContext) -> np.ndarray:
    n = len(ctx.texts)
    if n == 0:
        return np.zeros((0, 3 * _REF_N_SHAPE + len(DOC_NAMES) + _REF_N_SHAPE))
    shapes = np.array([_reference_line_shape(t) for t in ctx.texts], dtype=np.float64)
    lengths = np.array([len(t.strip()) for t in ctx.texts], dtype=np.float64)
    pad = np.zeros((1, _REF_N_SHAPE))
    prev_shape = np.vstack([pad, shapes[:-1]])
    next_shape = np.vstack([shapes[1:], pad])
    window = np.zeros_like(shapes)
    counts = np.zeros((n, 1))
    for off in (-3, -2, -1, 1, 2, 3):
        lo, hi = max(0, -off), min(n, n - off)
        if hi <= lo:
            continue
        window[lo:hi] += shapes[lo + off:hi + off]
        counts[lo:hi] += 1
    window /= np.maximum(counts, 1)

    keys = [_reference_normalise_for_repeat(t) for t in ctx.texts]
    key_counts = Counter(keys)
    # a cookie notice is no long line of the page's prose
    long_idx = np.array([i for i, t in enumerate(ctx.texts) if lengths[i] >= _REF_LONG_LINE and not CONSENT_RE.search(t)],
                        dtype=int)
    idx = np.arange(n)
    if long_idx.size:
        first_long, last_long = long_idx[0], long_idx[-1]
        dist = np.min(np.abs(idx[:, None] - long_idx[None, :]), axis=1)
    else:
        first_long, last_long = n, -1
        dist = np.full(n, n)
    # changed since the trees: a closing sentence of 80+ characters also ends the prose
    for i in range(n - 1, last_long, -1):
        if lengths[i] >= 80 and ctx.texts[i].strip()[-1:] in ".!?…\"'”»)":
            last_long = i
            break
    capped = np.minimum(lengths, 300)  # changed since 37bd307: lines count 300 characters at most
    total = capped.sum() or 1.0
    cum_before = (np.cumsum(capped) - capped) / total
    near_len = np.zeros(n)
    near_term = np.zeros(n)
    for off in (-2, -1, 1, 2):
        lo, hi = max(0, -off), min(n, n - off)
        if hi <= lo:
            continue
        near_len[lo:hi] += np.log1p(lengths[lo + off:hi + off]) / 8.0
        near_term[lo:hi] += shapes[lo + off:hi + off, SHAPE_NAMES.index("ends_terminal")]
    doc = np.column_stack([
        idx / max(n - 1, 1),
        np.array(ctx.blank_before, dtype=float),
        np.array(ctx.blank_after, dtype=float),
        lengths / max(lengths.max(), 1.0),
        np.array([min(key_counts[k] - 1, 5) / 5.0 if k else 0.0 for k in keys]),
        (idx < first_long).astype(float),
        (idx > last_long).astype(float),
        np.log1p(dist) / 5.0,
        cum_before,
        near_len / 4.0,
        near_term / 4.0,
        (idx == 0).astype(float),
        (idx == n - 1).astype(float),
        np.full(n, math.log1p(n) / 8.0),
        _reference_prose_overlap(keys, lengths >= _REF_LONG_LINE),
    ])
    return np.hstack([shapes, prev_shape, next_shape, window, doc])


def _reference_prose_overlap(keys: list[str], is_long: np.ndarray) -> np.ndarray:
    """Added 2026-12-03: the share of a line's words of 4+ characters in another long line."""
    words = [{w for w in k.split() if len(w) >= 4} for k in keys]
    out = []
    for i, own in enumerate(words):
        elsewhere = set().union(*(words[j] for j in range(len(words)) if j != i and is_long[j]))
        out.append(len(own & elsewhere) / len(own) if own else 0.0)
    return np.array(out)


LABELED = Path(__file__).resolve().parents[1] / "data" / "labeled"

TRICKY_LINES = [
    "", " ", "\t", " \t \u00a0 \u3000", "\n", "x", ".", "A", "AB", "ABC", "ab", "1", "_",
    "٣", "٣٤٥ ١٢:٣٠ ٢٠٢٤", "𝟏𝟗𝟗𝟗 𝐀𝐁𝐂", "x²³ ¹ ½ ¼ Ⅻ ⅻ Ⓐ ⓐ",
    "ΑΘΗΝΑ ΕΙΔΗΣΕΙΣ", "МОСКВА СЕГОДНЯ", "Привет, Мир!", "ǅemal ǈ ǲ", "İstanbul İİİ", "ß ẞ ﬁnance",
    "東京 ニュース。", "مرحبا بالعالم.", "😀 emoji line 👍🏽 🇩🇪", "👍",
    "\tcell one\tcell two\t", "tab\tseparated\tcells", "a\x0bb\x0cc\x1cd\x85e", "a\u2028b\u2029c",
    "line with\ninternal newline.", "\ud800 lone surrogate \udfff", "nul\x00inside\x00",
    "x" * 5000, ("Long prose sentence that keeps going. " * 200).strip(),
    "(c) 2020 Foo", "(C) ACME Corp", "©ACME", "Copyright (c)", "(ç)", "(c", "c)",
    "http://example.com", "See https://x.org/a/b", "www.example.org", "mail@example.de",
    "10:30", "10.30 Uhr", "10h30", "9h05", "123:45", "1:234", "at 10:3", "10:30am", "x10:30",
    "1999", "2024", "2024 was a year", "in 1850", "19999", "x2024", "2024x", "1999-2024", "(1999)",
    "• item", "- item", "* item", "·item", "– dash", "— dash", "► play", "▸ next", "> quote",
    "\"Quoted\"", "'single'", "“Hi”", "‘x’", "«Bonjour»", "„Hallo“",
    "Home | About | Contact", "a / b / c", " / ", "a / / b", "a/b", "a • b · c | d / e",
    "| | | | | | | | | | | | |", "End.", "Why? Because! Yes.", "Wait…", "a.b.c", "Mr. X. Y.",
    "Title:", "one, two,", "(note)", "ALL CAPS HEADLINE", "ALL CAPS 2024!", "A1 B2",
    "snake_case_word __init__ _x_", "Mixed  double  spaces", "   padded both   ",
    "trailing...   ", "?!", "!!!", "...", "!", "?",
    "ΟΔΟΣ", "ΟΔΟΣ.Α", "Οδός ΣΑΣ.", "x\ud83d\ude00y", "\u212a Kelvin", "ﬀ ǅ", "\x00", "20:15 Uhr, 2019",
    "1:05", "12.2020", "٢٠:١٥", "h10h30", "9.99.99", "a:12", "End with digits 10:30",
]

REPEAT_DOC = [
    "Share", "share!", "SHARE", "— Share —", "ΟΔΟΣ.", "οδος", "ΟΔΟΣ.Α", "οδοσ α", "İstanbul",
    "i̇stanbul", "\u212a", "k", "a_b", "a b", "a-b", "...", "", "…", "x\ud800", "x", "X",
]



def _labeled_docs():
    return read_labeled(sorted(LABELED.glob("*.tsv")))


def _assert_close(actual: np.ndarray, expected: np.ndarray) -> None:
    assert actual.shape == expected.shape
    np.testing.assert_allclose(actual, expected, rtol=0, atol=1e-9)


@pytest.mark.parametrize("text", TRICKY_LINES)
def test_line_shape_matches_reference_on_tricky_lines(text):
    _assert_close(np.array(line_shape(text)), np.array(_reference_line_shape(text)))


def test_line_shape_matches_reference_on_labeled_lines():
    lines = [line for doc in _labeled_docs() for line in doc.lines]
    assert len(lines) > 1000
    for text in lines:
        _assert_close(np.array(line_shape(text)), np.array(_reference_line_shape(text)))


def test_compute_dense_matches_reference_on_labeled_documents():
    for doc in _labeled_docs():
        ctx = DocContext.from_lines(doc.lines)
        _assert_close(compute_dense(ctx), _reference_compute_dense(ctx))


@pytest.mark.parametrize("lines", [
    [], ["", "  "], ["one line"], ["two", "lines."], TRICKY_LINES,
    TRICKY_LINES[::-1], [t for t in TRICKY_LINES if len(t) < LONG_LINE],
    ["Share", "", "Share", "share!", "SHARE", "Body text.", "", "", "Share", "Share", "Share", "Share", "Share"],
    REPEAT_DOC, REPEAT_DOC * 3,
])
def test_compute_dense_matches_reference_on_tricky_documents(lines):
    ctx = DocContext.from_lines(lines)
    _assert_close(compute_dense(ctx), _reference_compute_dense(ctx))


def test_dense_matrix_matches_reference_on_mixed_and_shuffled_rows():
    docs = _labeled_docs()[:5]
    rows = [row for doc in docs for row in document_rows(doc.lines)]
    expected = np.vstack([_reference_compute_dense(r.ctx)[r.index] for r in rows])
    _assert_close(dense_matrix(rows), expected)
    order = np.random.default_rng(0).permutation(len(rows))
    shuffled = [rows[i] for i in order]
    _assert_close(dense_matrix(shuffled), expected[order])
    assert dense_matrix([]).shape == (0, len(DENSE_NAMES))


@pytest.mark.parametrize("texts", [
    TRICKY_LINES,  # some texts hold a "\n": computed line by line
    [t for t in TRICKY_LINES if "\n" not in t],
    REPEAT_DOC,
    ["— Share —", "share"],  # the first text starts with a gap
    [],
])
def test_repeat_keys_match_reference(texts):
    expected = [_reference_normalise_for_repeat(t) for t in texts]
    assert repeat_keys(texts) == expected
    assert [normalise_for_repeat(t) for t in texts] == expected


def test_repeat_keys_match_reference_on_labeled_documents():
    for doc in _labeled_docs():
        texts = DocContext.from_lines(doc.lines).texts
        assert repeat_keys(texts) == [_reference_normalise_for_repeat(t) for t in texts]


def test_shape_matrix_rows_equal_line_shape():
    lines = TRICKY_LINES + [line for doc in _labeled_docs()[:10] for line in doc.lines]
    expected = np.array([line_shape(t) for t in lines])
    # numpy's log1p and math.log1p may differ in the last bit: equal up to rounding
    _assert_close(shape_matrix([t.strip() for t in lines]), expected)
    assert shape_matrix([]).shape == (0, len(SHAPE_NAMES))


def test_main_body_run_is_the_heaviest_stretch_of_body_lines():
    body = np.array([0.1, 0.9, 0.2, 0.0, 0.0, 0.8, 0.9, 0.95, 0.9, 0.7, 0.1, 0.0, 0.0])
    assert main_body_run(body, radius=0) == (5, 9)
    assert main_body_run(np.zeros(5), radius=0) == (0, -1)


def test_page_probability_features_place_lines_against_the_main_run():
    probs = np.zeros((8, 4))
    probs[:, 0] = 1.0
    probs[2:5] = [0.0, 0.0, 0.0, 1.0]  # page 1: body on lines 2-4
    out = page_probability_features(probs, [6, 2])
    col = {name: i for i, name in enumerate(PAGE_PROBABILITY_NAMES)}
    assert out[:6, col["in_main_run"]].tolist() == [0, 0, 1, 1, 1, 0]
    assert out[:6, col["before_main_run"]].tolist() == [1, 1, 0, 0, 0, 0]
    assert out[:6, col["after_main_run"]].tolist() == [0, 0, 0, 0, 0, 1]
    assert out[0, col["dist_main_run"]] > out[1, col["dist_main_run"]] > 0 == out[3, col["dist_main_run"]]
    assert np.allclose(out[:6, col["page_mean_body"]], 0.5)
    assert out[6:, col["in_main_run"]].tolist() == [0, 0]  # page 2 has no body at all


@pytest.mark.parametrize("n", [0, 1, 2, 4])
def test_main_body_run_of_short_pages(n):
    first, last = main_body_run(np.full(n, 0.9))
    assert (first, last) == ((0, n - 1) if n else (0, -1))


def test_a_closing_sentence_is_not_after_the_prose():
    """A page that ends on a sentence shorter than a long line: that sentence is not
    after_last_long, what follows it is, and a short line without a full stop does not count."""
    long = "This paragraph is long enough to count as a long line on its own, because it goes on and on and on for quite a while longer."
    closing = "Both sides have denied the accusations about the arms transfers, the ministry said."
    assert len(long) >= LONG_LINE > len(closing) >= 80
    after = DENSE_NAMES.index("after_last_long")
    dense = compute_dense(DocContext.from_lines(["Menu", long, closing, "Share this", "Cookie settings and more options here for you"]))
    assert dense[:, after].tolist() == [0.0, 0.0, 0.0, 1.0, 1.0]
    dense = compute_dense(DocContext.from_lines(["Menu", long, closing.rstrip(".") + " and more", "Share"]))
    assert dense[:, after].tolist() == [0.0, 0.0, 1.0, 1.0]


def test_refine_page_features_look_along_each_page():
    body = np.array([0.0, 1.0, 0.0, 0.0, 1.0, 0.9])  # one page of four lines, one of two
    probs = np.column_stack([1 - body, np.zeros(6), np.zeros(6), body])
    out = refine_page_features(probs, [4, 2])
    col = {name: out[:, i] for i, name in enumerate(REFINE_PAGE_NAMES)}
    assert np.allclose(col["mean10_body"], [0.25] * 4 + [0.95] * 2)  # the whole page is within 10 lines
    assert np.allclose(col["body_share_before"], [0, 0, 1, 1, 0, 1 / 1.9])
    assert np.allclose(col["body_share_after"], [1, 0, 0, 0, 0.9 / 1.9, 0])
    # the nearest likely body line above and below, not the line itself; the page's length when none
    assert np.allclose(col["gap_body_above"] * 5, np.log1p([4, 4, 1, 2, 2, 1]))
    assert np.allclose(col["gap_body_below"] * 5, np.log1p([1, 4, 4, 4, 1, 2]))


def test_take_rare_keeps_the_common_labels_in_proportion():
    probs = np.array([[0.6, 0.1, 0.1, 0.2], [0.1, 0.0, 0.0, 0.9]])
    refined = np.array([[0.1, 0.5, 0.2, 0.2], [0.3, 0.1, 0.0, 0.6]])
    out = take_rare(probs, refined, [1, 2])
    assert np.allclose(out.sum(axis=1), 1.0)
    assert np.allclose(out[:, 1:3], refined[:, 1:3])
    assert np.allclose(out[:, 0] / out[:, 3], probs[:, 0] / probs[:, 3])
    assert np.allclose(probs, [[0.6, 0.1, 0.1, 0.2], [0.1, 0.0, 0.0, 0.9]])  # left alone


def test_refine_matrix_has_one_row_per_line():
    probs = np.full((5, 4), 0.25)
    dense = np.zeros((5, len(DENSE_NAMES)))
    out = refine_matrix(probs, [3, 2], 3, probs, dense, np.zeros((5, 1)))
    width = 7 * 5 + len(REFINE_PAGE_NAMES) + len(PAGE_PROBABILITY_NAMES) + 4 + len(DENSE_NAMES) + 1
    assert out.shape == (5, width) and out.dtype == np.float32
    assert refine_matrix(probs, [3, 2], 3, probs, dense, None).shape == (5, width - 1)


SCRIPT_LINES = [
    'var astraAddon = {"sticky_active":"","svgIconClose":"<span class=\\"ast-icon icon-close\\"><svg viewBox=\\"0 0 512 512\\"></svg></span>"};',
    '!function(s,n){var o,i,e;function c(e){try{var t={supportTests:e,timestamp:(new Date).valueOf()};sessionStorage.setItem(n,JSON.stringify(t))}catch(e){}}}(window,"x");',
    '{"@context":"https://schema.org","@type":"NewsArticle","headline":"Council approves the budget","datePublished":"2025-12-17","author":{"@type":"Person","name":"Jane Doe"}}',
    'self.__next_f.push([1,"1c:I[64797,[\\"1851\\",\\"static/chunks/39f4d3e6-f8c0177346d2f47a.js\\",\\"5932\\",\\"static/chunks/c137d3b4.js\\"]]"])',
    '.cky-notice-des *,.cky-preference-content-wrapper *{font-size:14px;line-height:24px;color:#212121;margin:0}.cky-btn{border-radius:2px;padding:8px 24px}',
    'M464.961,870.9c1.469,1.259,3.651,1.889,6.547,1.889c2.644,0,4.469-0.409,5.477-1.228c0.89,0,1.615,0.737,1.615,1.641v6.777h7.879v-8.419z',
    '.wp-block-columns-is-layout-1a2b3c4d{flex-wrap:nowrap;}.wp-block-buttons-is-layout-5e6f7a8b{justify-content:center;}',
    "s.async=1;s.src='https://cdn.example.com/tags/loader-latest.min.js?site=example-news';d.head.appendChild(s);}",
]
NOT_SCRIPT_LINES = [
    # prose, with parentheses, quotes and a semicolon
    'The council met on Tuesday (a long day) to vote on the "new" budget, and approved it by nine votes to four; '
    'then it rose at 11:30 p.m.',
    # a code example in an article, given on one line by a converter: spaces around its tokens
    'public class Player { public required string Id { get; set; } public required string RulesetId { get; set; } '
    'public string? Description { get; set; } }',
    'function parseLine(line) { // Find the position of the = sign const equalsIndex = line.indexOf(\'=\') '
    '// If no =, this is not a valid assignment',
    # prose without spaces
    '益阳还引进各大电商等入驻村级便民服务点，构建“互联网+农产品直销基地”模式，为当地优质特产插上飞往全国的“翅膀”：安化黑茶、沅江芦笋、南县小龙虾等特色产品颇具网络口碑，桃江竹凉席销售额占全国线上销售额的一半以上。',
    # short code
    'var x = {"a":1};',
]


# a formatted script that a scraper gives as one text node, its white space squeezed: spaced,
# but long and with code's marks throughout
FORMATTED_SCRIPT = ("// Show the newsletter box once the reader has scrolled past half of the article text "
                    "var box = document.getElementById('newsletter-box'); window.addEventListener('scroll', function () { "
                    "if (window.scrollY > document.body.scrollHeight / 2) { box.classList.add('visible'); } }); ")


def test_a_long_formatted_script_is_a_script_line_and_a_short_one_is_not():
    assert is_script_line(FORMATTED_SCRIPT * 5)  # 1,390 characters
    assert not is_script_line(FORMATTED_SCRIPT * 2)  # 556: as long as a code example in an article
    # long and spaced, opening as a script or a style does: a page's payload repeating its
    # article, a stylesheet with comments
    prose = ("The council met on Tuesday to vote on the new budget, and approved it by nine votes to four "
             "after a long debate about the roads and the harbour wall. ") * 8
    assert is_script_line('self.__next_f.push([1,"' + prose + '"])')
    assert is_script_line("/* Colours of the theme */ :root { --primary: #00aeef; } " + prose)
    assert not is_script_line("#1 reason to visit: " + prose) and not is_script_line(prose)


# a page's data as one script's text, spaced like prose because its strings hold articles
STORY = ("The council met on Tuesday to vote on the new budget, and approved it by nine votes to four "
         "after a long debate about the roads and the harbour wall.")
DATA_LINES = [
    'self.__next_f.push([1,"' + STORY + '\\n\\nWork starts in May."])',  # Next.js's streamed payload
    '{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Harbour wall", "articleBody": "' + STORY + '"}',
    '[{"title": "The harbour wall", "summary": "' + STORY + '"}, {"title": "Roads"}]',
    'window.__NUXT__ = {"data": [{"title": "Harbour", "body": "' + STORY + '"}]};',
    'window.__PRELOADED_STATE__={"article": {"text": "' + STORY + '"}}',
    # the state written as a string for JSON.parse, as Substack's pages give it
    'window._preloads = JSON.parse("{\\"post\\": {\\"body_html\\": \\"<p>' + STORY + '</p>\\"}}")',
]
NOT_DATA_LINES = [
    STORY, "[" + STORY + "]", "{" + STORY + "}",
    '{"@context": "https://schema.org", "articleBody": "' + STORY,  # cut short: not one JSON value
    'As the report says, self.__next_f.push([1, "' + STORY + '"]) is how the page streams its text.',
    "window.scrollTo(0, 0); " + STORY,
    'window.title = JSON.parse("' + STORY + '")',  # a string, but not one of JSON
]


@pytest.mark.parametrize("line", DATA_LINES)
def test_a_pages_data_spaced_like_prose_is_a_script_line(line):
    assert len(line) < 1000 and line.count(" ") > 0.1 * len(line)  # too short and spaced for the other tests
    assert is_data_line(line) and is_script_line(line)


@pytest.mark.parametrize("line", NOT_DATA_LINES)
def test_prose_with_brackets_or_a_cut_payload_is_no_data_line(line):
    assert not is_data_line(line) and not is_script_line(line)


def test_an_html_comment_dumped_as_text_is_a_script_line():
    # an older page's script hidden in a comment, spaced like prose
    line = "<!-- var digg_title = \"Fergie Cautious When Traveling\"; var digg_bodytext = \"The singer says she is careful\"; //-->"
    assert len(line) >= 100 and is_script_line(line)
    assert not is_script_line(line.removeprefix("<!-- "))


@pytest.mark.parametrize("line", SCRIPT_LINES)
def test_a_pages_script_or_data_dumped_as_text_is_found(line):
    assert is_script_line(line)


@pytest.mark.parametrize("line", NOT_SCRIPT_LINES)
def test_prose_and_an_articles_code_example_are_no_script_lines(line):
    assert not is_script_line(line)


# a style sheet and a script with their own line breaks, as a scraper that cuts the tags out of
# the page's source gives them
STYLE_AND_SCRIPT = [
    ".site-header .menu a {", "color: #1a1a1a;", "font-family: 'Lora', serif;", "}", "@font-face {",
    "src: url('/fonts/lora.woff2') format('woff2'),", "}", "// consent banner", "window.consent = true;",
    "loadBanner(config);", ".header-c-multi .bottom .main-menu>li.cta-menu-wrap>.sub-menu>.cta-menu a,",
    '"url": "https://example.org/uploads/car-rental-1.jpg",', "0 01-.749-1.15c-.137-.351-.3-.881-.344-1.856-.048-1.054z",
    # a script's statements, and pieces of a payload cut at its sentences: a string's escapes
    'const styleNode = document.createElement("style");', "let left = 0;", "return;",
    "throw new Error('Insertion point markers not found');",
    "A \\u201CShift\\u201D for this purpose is the time needed for the Services.",
    'Patrick\\u2019s Day (March 17)</p><p class=\\"preFlex\\">Easter Sunday',
    # statements without their `;`, keys, strings and calls in a list, rules' ends, attributes
    "var now = Date.now()", "if (!src)", "div.style.width = '50px'", "document.body.appendChild(div)",
    ".addSize([768, 200], [])", "box-shadow:0 10px 30px 0 rgba(82,63,105,.06)", "--profileAlignment: 0;",
    "lmdSiteCode: 'hlt',", "initialTimestamp: now,", "'/pt/products/qcy-h3s',", 'url("/f/a.woff") format("woff"),',
    ".p-0 {padding:0 !important;}", "fill: #000000;}", ".jELqAf{align-items:center;}/*!sc*/",
    '@click="open = !open"', 'x-init="menu = [1, 2]"',
    # an SVG path's data cut at its spaces; a payload's text with its line breaks escaped
    "284.399 100.295C279.867 90.3486", "12.3027C0.481453", "Solutions\\n\\nThe growth of financial services",
    # pieces of a formatted script cut at its comments' sentences
    "Private static constants */ var CLOSE_EVENT = 'Close'", "); // Save last focused element",
    # HTML kept as text, and an older page's scripts hidden in comments
    "<!-- OAS_AD('x08'); //-->", '<a href="https://ads.example.org/jump">', "</div>", "<br>", "_version=10; //-->",
]
PROSE_LINES = [
    "The council met on Tuesday to vote on the new budget.", "Note: the vote was close;",
    "Let the council vote again;", "constant changes to the budget;", r"Save it in C:\Users\Jane\budget.xlsx.",
    "Residents said (as they had before) that they would miss it.", "Results: nine votes to four,",
    "#1 reason to visit the harbour,", '"We will vote again," she said.', "Scores of 12.5, 13.0, 14.1 and 16.2 in 2014-2015.",
    "Time: 10:30,", "5.7L V8", "<version>: Specifies the schema version.", "<5 minutes to go",
    "See https://example.org/budget and/or the notes.", r"Save it in C:\newsletters\Jan.", "Smith (2020),", "Price: $5,",
    "U.S. economy grew,", "e.g. this one (x)", "Option 1: \"basic\",",
    # a paragraph with a style rule glued on by the tag cut, and one that writes braces
    "Small steps, like seeing your dentist, can lower your risk of disease.grid-container {padding-left:0px}",
    "You can read more about how to change your habits to support your practice here.}",
]


def test_code_shaped_lines():
    assert all(is_code_line(line) for line in STYLE_AND_SCRIPT)
    assert not any(is_code_line(line) for line in PROSE_LINES)


def test_a_page_with_formatted_scripts_and_a_trackers_snippet_came_with_its_scripts():
    snippet = ["var _gaq = _gaq || [];", "_gaq.push(['_setAccount', 'UA-1234-1']);", "_gaq.push(['_trackPageview']);"]
    scripts = snippet + ['var krd_site = "macon";', "var section_name = 'NHL';", "if (document.location.search) {",
                         "var params = location.search.substr(1);", "}", "function getParams(p) {", "return p;", "}"]
    assert not any(is_script_line(line) for line in scripts)  # every line short: no script line
    page = [*scripts, "", *PROSE_LINES]
    assert script_page_code(page) == [True] * len(scripts) + [False] + [False] * len(PROSE_LINES)
    # a tutorial's code example, without a tracker's snippet or with too few lines of code, is read
    assert not any(script_page_code(scripts[3:] + PROSE_LINES))
    assert not any(script_page_code(snippet + PROSE_LINES))


def test_wordless_pieces_between_code_lines_are_code_too():
    # an SVG path's numbers cut at its spaces, between two code lines; prose there stays
    page = [SCRIPT_LINES[0], "color: #fff;", "12.7036", "0.882564 2.22197C1.28367", "}",
            "The council met on Tuesday.", "}", "Log In", "The harbour wall"]
    assert script_page_code(page) == [True, True, True, True, True, False, True, False, False]
    # the page's <title> among the scripts of its head stays text
    head = [SCRIPT_LINES[0], "Harbour wall, explained | Town News", "}", "Home", "}"]
    assert script_page_code(head) == [True, False, True, True, True]


def test_code_shaped_lines_are_script_only_on_a_page_that_came_with_its_scripts():
    page = [SCRIPT_LINES[0], "", *STYLE_AND_SCRIPT, "", *PROSE_LINES]
    assert script_page_code(page) == [True, False, *[True] * len(STYLE_AND_SCRIPT), False, *[False] * len(PROSE_LINES)]
    # without a script line the same lines are an article's code example, and stay read
    assert not any(script_page_code([line for line in STYLE_AND_SCRIPT if "OAS_" not in line] + PROSE_LINES))
