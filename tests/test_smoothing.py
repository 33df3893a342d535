from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from clf.document import LABELS, Label
from clf.features import repeat_keys, text_keys
from clf.predictor import Predictor
from clf.smoothing import (
    AD_MARKER_RE, COPYRIGHT_LINE_RE, DATE_LINE_RE, STAMP_RE, comment_thread, is_comment_stamp, is_listing_date, credit_captions, cut_after_copyright, is_credit_line, drop_marker_lines, is_marker_line, marker_lines,
    drop_dated_listing, drop_detached_body, drop_late_bylines, drop_repeated_body, fill_empty_body, first_run, relabel_span,
    transition_matrix, viterbi,
    viterbi_many,
)


def test_transition_matrix_rows_sum_to_one_and_count_pairs():
    t = transition_matrix([[0, 0, 1], [0, 1, 1]], 2, alpha=0.0)
    assert np.allclose(t.sum(axis=1), 1.0)
    assert t[0, 1] == 2 / 3  # 0->0 once, 0->1 twice
    assert t[2, 0] == 1.0  # both sequences start with 0


def test_viterbi_with_zero_weight_is_argmax():
    probs = np.array([[0.6, 0.4], [0.45, 0.55], [0.7, 0.3]])
    t = np.array([[0.99, 0.01], [0.01, 0.99], [0.5, 0.5]])
    assert viterbi(probs, t, weight=0.0).tolist() == [0, 1, 0]


def test_viterbi_smooths_an_isolated_flip():
    probs = np.array([[0.6, 0.4], [0.45, 0.55], [0.7, 0.3]])
    t = np.array([[0.99, 0.01], [0.01, 0.99], [0.5, 0.5]])
    assert viterbi(probs, t, weight=1.0).tolist() == [0, 0, 0]


def test_viterbi_empty():
    assert viterbi(np.zeros((0, 4)), np.full((5, 4), 0.25)).tolist() == []


def test_bias_moves_close_calls_to_the_rare_label():
    from clf.smoothing import viterbi
    probs = np.array([[0.5, 0.45, 0.05], [0.9, 0.05, 0.05]])
    flat = np.full((4, 3), 1 / 3)
    assert viterbi(probs, flat, 0.0).tolist() == [0, 0]
    assert viterbi(probs, flat, 0.0, np.array([0.0, 0.5, 0.0])).tolist() == [1, 0]


def test_fit_label_bias_finds_the_offset_that_recovers_a_rare_label():
    from clf.smoothing import fit_label_bias, weighted_macro_f1
    rng = np.random.default_rng(0)
    y = np.array([0] * 90 + [1] * 10)
    # the rare label's lines have a higher label-1 probability, but still below label 0's
    p1 = np.where(y == 1, 0.4, 0.1) + rng.uniform(0, 0.05, len(y))
    probs = np.column_stack([1 - p1, p1])
    w = np.ones(len(y))
    decode = lambda bias: np.argmax(np.log(probs) + bias, axis=1)  # noqa: E731
    bias = fit_label_bias(probs, y, w, [1], decode)
    assert bias[0] == 0.0 and bias[1] > 0.0
    assert weighted_macro_f1(y, decode(bias), w, 2) == 1.0
    assert weighted_macro_f1(y, decode(np.zeros(2)), w, 2) < 0.5


def test_weighted_macro_f1_counts_weights():
    from clf.smoothing import weighted_macro_f1
    y = np.array([0, 0, 1, 1])
    pred = np.array([0, 1, 1, 1])
    assert weighted_macro_f1(y, pred, np.ones(4), 2) == pytest.approx((2 / 3 + 4 / 5) / 2)
    heavy = np.array([1.0, 100.0, 1.0, 1.0])  # the one error weighs 100 lines
    assert weighted_macro_f1(y, pred, heavy, 2) < 0.1


def reference_viterbi(probs, transitions, weight, bias):
    """Viterbi of one document, line by line: what viterbi_many must agree with."""
    n, k = probs.shape
    if n == 0:
        return np.zeros(0, dtype=int)
    emit = np.log(probs + 1e-9) + (0.0 if bias is None else bias)
    trans = weight * np.log(transitions[:k] + 1e-9)
    start = weight * np.log(transitions[k] + 1e-9)
    score = start + emit[0]
    back = np.zeros((n, k), dtype=int)
    for t in range(1, n):
        cand = score[:, None] + trans
        back[t] = np.argmax(cand, axis=0)
        score = cand[back[t], np.arange(k)] + emit[t]
    path = np.empty(n, dtype=int)
    path[-1] = int(np.argmax(score))
    for t in range(n - 1, 0, -1):
        path[t - 1] = back[t, path[t]]
    return path


def test_viterbi_many_equals_viterbi_per_document():
    rng = np.random.default_rng(1)
    sizes = [5, 0, 1, 40, 3, 40, 17]
    probs = rng.dirichlet(np.ones(4) * 0.5, sum(sizes))
    t = rng.dirichlet(np.ones(4), 5)
    bias = np.array([0.0, 1.0, 0.5, 0.0])
    bounds = np.cumsum([0, *sizes])
    expected = np.concatenate([reference_viterbi(probs[a:b], t, 0.3, bias) for a, b in zip(bounds[:-1], bounds[1:])])
    assert viterbi_many(probs, sizes, t, 0.3, bias).tolist() == expected.tolist()


def test_viterbi_many_checks_the_sizes():
    with pytest.raises(ValueError, match="sizes add up to 3"):
        viterbi_many(np.full((4, 4), 0.25), [1, 2], np.full((5, 4), 0.25))


def test_drop_detached_body_relabels_small_far_runs_only():
    B, O = 3, 0
    labels = np.array([B, O, O, B, B, B, O, O, O, O, B, O, B])
    lengths = np.array([40, 5, 5, 300, 280, 310, 5, 5, 5, 5, 60, 5, 20])
    out = drop_detached_body(labels, lengths, B, O, gap=3, min_share=0.2, keep=0)
    assert out.tolist() == [B, O, O, B, B, B, O, O, O, O, O, O, O]  # the headline at 0 stays
    assert drop_detached_body(labels, lengths, B, O, gap=3, min_share=0.0).tolist() == labels.tolist()
    near = drop_detached_body(labels, lengths, B, O, gap=4, min_share=0.2)
    assert near.tolist() == labels.tolist()  # within the gap every run joins the article


@pytest.mark.parametrize("line", [
    "Advertisement", "ADVERTISEMENT", "- Advertisement -", "Advertisement:", "Anzeige", "Werbung:", "Publicité",
    "Reklama", "Story continues below advertisement", "Article continues below", "Continue reading the main story",
    "Sponsored content",
])
def test_ad_markers_are_recognised(line):
    assert AD_MARKER_RE.match(line)


@pytest.mark.parametrize("line", [
    "Advertising", "Advertisement revenue fell by a third last year.", "The ad ran for a week.", "Sponsored by",
])
def test_other_lines_are_not_ad_markers(line):
    assert not AD_MARKER_RE.match(line)


@pytest.mark.parametrize("line", [
    "Read more: Looted colonial art", "ALSO READ: 10 ways generative AI is changing shops", "Related: Chicago's schools",
    "See also", "Lesen Sie auch", "Lesen Sie auch: Die Bahn erhöht die Preise", "À lire aussi",
    "Lire aussi : Les critiques de la CNIL", "Lea también: Impiden ingreso a Nicaragua a reportero",
    "VEA TAMBIÉN: Entre heces y guaricha", "MIRA: Madre se acerca a conocer los motivos", "Le puede interesar",
    "Czytaj też", "Leggi anche: il governo cade", "Read more >> The best apps of the year", "Weiterlesen:",
    "Mehr lesen über: Gewächshäuser", "Das Thema könnte dich auch interessieren:", "Lea más: Juan Carlos propone",
    "Related Coverage", "Latest on:",
])
def test_links_to_other_articles_are_marker_lines(line):
    assert is_marker_line(line)


@pytest.mark.parametrize("line", [
    "Read more about the different types of tax professionals in our guide, which we update each year.",
    "Related to this, the council voted on Tuesday.", "Mira Sorvino starred in the film.", "See you next week!",
    "Lesen Sie auch die Hinweise des Herstellers, bevor Sie das Gerät einschalten.", "Mira",
    "Lea: Ja, genau so war das.", "Weiterlesen lohnt sich, denn im zweiten Teil wird es spannend.",
    "Read more: " + "a sentence that goes on and on " * 7,
])
def test_prose_is_no_marker_line(line):
    assert not is_marker_line(line)


def test_the_headline_under_a_link_marker_alone_is_a_marker_line_too():
    texts = ["First paragraph of the story, which goes on.", "Lesen Sie auch", "Die Bahn erhöht die Preise",
             "Second paragraph.", "Czytaj też", "To jest zdanie, które kończy się kropką.", "Third paragraph."]
    assert marker_lines(texts) == [1, 2, 4]  # a sentence under the marker is the article again
    assert marker_lines(["Read more: Another story", "Next paragraph without a full stop"]) == [0]  # its link is on the line


def test_marker_lines_become_boilerplate_wherever_they_stand():
    texts = ["Headline", "First paragraph of the story.", "Advertisement", "Second paragraph.", "Anzeige",
             "Read more: Another story", "Third paragraph."]
    labels = np.array([3, 3, 3, 3, 1, 3, 3])
    got = drop_marker_lines(labels, texts, 0)
    assert got.tolist() == [3, 3, 0, 3, 0, 0, 3]
    assert labels.tolist() == [3, 3, 3, 3, 1, 3, 3]  # the input is left as it was
    clean = np.array([3, 3, 0, 3, 0, 0, 3])
    assert drop_marker_lines(clean, texts, 0) is clean


def test_the_predictor_never_keeps_a_marker_line(tiny_model, monkeypatch):
    lines = ["A Headline Of The Story", "", "The first paragraph tells what happened, and why it matters.", "",
             "Advertisement", "", "The second paragraph goes on with the story, as paragraphs do.", "",
             "Read more: Another story of the day", "", "The third paragraph ends the story, as the last one does.", ""]
    body = LABELS.index(Label.BODY)
    # a decoder that calls every line body, as transitions across one short line may
    monkeypatch.setattr(Predictor, "decode_many", lambda self, probs, sizes: np.full(sum(sizes), body))
    predictor = replace(tiny_model.predictor, tail=None, headline=None, byline=None, title=None)
    ((labels, _),) = predictor.predict_documents([lines])
    boilerplate = LABELS.index(Label.BOILERPLATE)
    assert labels.tolist() == [body, body, boilerplate, body, boilerplate, body]


def test_bylines_well_below_the_article_are_dropped_when_it_has_its_own():
    P, C, Y, B = range(4)  # boilerplate, caption, byline, body
    labels = np.array([Y, B, B, P, Y, P, P, Y, Y, P])  # the last body line is 2; 4 is 2 lines below it
    got = drop_late_bylines(labels, B, Y, P, within=3)
    assert got.tolist() == [Y, B, B, P, Y, P, P, P, P, P]
    assert labels[7] == Y  # the input is left as it was
    assert drop_late_bylines(labels, B, Y, P, within=10) is labels  # none that far below
    no_head = np.array([P, B, B, P, P, P, P, Y])  # the only byline is below the article: kept
    assert drop_late_bylines(no_head, B, Y, P, within=3) is no_head
    no_body = np.array([Y, P, P, P, P, Y])
    assert drop_late_bylines(no_body, B, Y, P, within=3) is no_body


def test_the_predictor_drops_commenters_bylines_below_the_article(tiny_model, monkeypatch):
    lines = ["By Ann Lee", "", "The harbour reopened on Sunday after a week of repairs to the sea wall.", "",
             "Fishing crews said they were relieved to get back to work before the season ends.", "",
             "Comments", "", "2 responses", "", "Great news for the town", "", "Posted by: Dom on January 2, 2008 09:57 PM", "",
             "Finally, about time", "", "Posted by: Walter on January 3, 2008 10:02 AM"]
    body, byline = LABELS.index(Label.BODY), LABELS.index(Label.BYLINE)
    decoded = np.array([byline, body, body, 0, 0, 0, byline, 0, byline])  # as a decoder might call them
    monkeypatch.setattr(Predictor, "decode_many", lambda self, probs, sizes: decoded.copy())
    predictor = replace(tiny_model.predictor, tail=None, headline=None, byline=None, title=None)
    ((labels, _),) = predictor.predict_documents([lines])
    rows = [line for line in lines if line]
    assert [rows[i] for i in np.flatnonzero(labels == byline)] == ["By Ann Lee"]
    assert [rows[i] for i in np.flatnonzero(labels == body)] == rows[1:3]


def test_a_page_without_body_gets_the_lines_stage_2_calls_body_likely():
    labels = np.array([0, 0, 1, 0])
    got = fill_empty_body(labels, np.array([0.2, 0.7, 0.5, 0.49]), 3)
    assert got.tolist() == [0, 3, 3, 0]
    assert labels.tolist() == [0, 0, 1, 0]  # the input is left as it was
    unlikely = np.array([0.2, 0.3, 0.1, 0.49])
    assert fill_empty_body(labels, unlikely, 3) is labels
    with_body = np.array([0, 3, 0, 0])
    assert fill_empty_body(with_body, np.array([0.9, 0.9, 0.9, 0.9]), 3) is with_body


def test_the_predictor_never_leaves_a_page_empty_when_stage_2_sees_body(tiny_model, monkeypatch):
    lines = ["A Headline Of The Story", "", "The first paragraph tells what happened, and why it matters.", "",
             "Share this", "", "The second paragraph goes on with the story, as paragraphs do.", ""]
    body, boilerplate = LABELS.index(Label.BODY), LABELS.index(Label.BOILERPLATE)
    # a decoder that calls every line boilerplate, as a strong transition prior may
    monkeypatch.setattr(Predictor, "decode_many", lambda self, probs, sizes: np.full(sum(sizes), boilerplate))
    predictor = replace(tiny_model.predictor, tail=None, headline=None, byline=None, title=None)
    ((labels, probs),) = predictor.predict_documents([lines])
    likely = probs[:, body] >= 0.5
    assert likely.any() and not likely.all()
    assert labels.tolist() == [body if x else boilerplate for x in likely]


@pytest.mark.parametrize("line", [
    "© 2026 Example Media Ltd. All rights reserved.", "Copyright 1999-2008 Example Ltd", "(c) 2024 The Daily",
    "Example GmbH. Alle Rechte vorbehalten.", "Tous droits réservés", "Copyright © Example. All Rights Reserved",
])
def test_copyright_lines_are_recognised(line):
    assert COPYRIGHT_LINE_RE.search(line)


@pytest.mark.parametrize("line", [
    "Copyright license", "© Inria / Photo H. Raguet", "(c) Example News", "Copyright law in a fragmented world",
    "All rights reserved to the people who fought for them, she said.",
])
def test_other_lines_are_not_copyright_lines(line):
    assert not COPYRIGHT_LINE_RE.search(line)


B, O = 3, 0  # body, boilerplate


def test_body_after_the_copyright_line_follows_its_label():
    texts = ["Headline", "First paragraph.", "Second paragraph.", "Third paragraph.", "© 2026 Example Ltd", "Cookie notice prose."]
    labels = np.array([B, B, B, B, O, B])
    got = cut_after_copyright(labels, texts, B)
    assert got.tolist() == [B, B, B, B, O, O]
    assert labels.tolist() == [B, B, B, B, O, B]  # the input is left as it was


def test_a_footer_before_the_article_cuts_nothing():
    # some pages hold their footer before the article in the page's order
    texts = ["Menu", "Markets", "Investing", "© 1995 - 2026 Example Fool. All rights reserved.",
             "A long first paragraph of the article that comes after the footer in the page.", "And more article text."]
    labels = np.array([B, B, B, O, B, B])
    assert cut_after_copyright(labels, texts, B) is labels


def test_a_copyright_line_the_model_calls_body_cuts_nothing():
    texts = ["Licence", "Paragraph one.", "Paragraph two.", "Copyright (c) 2014 IETF Trust", "Paragraph three."]
    labels = np.array([B, B, B, B, B])
    assert cut_after_copyright(labels, texts, B) is labels
    few = np.array([B, O, O, O, B])  # and so does one after too little body
    assert cut_after_copyright(few, texts, B) is few


def test_a_copyright_line_quoted_in_the_article_cuts_nothing():
    # a boot screen's notice in an article of 2025: its years lie long before the page's
    texts = ["Updated March 3, 2025", "Paragraph one.", "Paragraph two.", "Paragraph three.",
             "(c) Copyright 1990-1994, Hewlett-Packard Company.", "All rights reserved", "Paragraph four."]
    labels = np.array([O, B, B, B, O, O, B])
    assert cut_after_copyright(labels, texts, B) is labels
    # a site's notice of the page's own years still cuts, and so does one on an older page
    for notice, date in (("© 2016-2025 Example Ltd.", "Updated March 3, 2025"), ("(c) Copyright 1990-1994", "June 1994")):
        now = [date, *texts[1:4], notice, "All rights reserved", "Paragraph four."]
        assert cut_after_copyright(labels, now, B).tolist() == [O, B, B, B, O, O, O]


def test_the_predictor_keeps_no_body_after_the_copyright_line(tiny_model, monkeypatch):
    lines = ["A Headline Of The Story", "The first paragraph tells what happened, and why it matters.",
             "The second paragraph goes on with the story.", "© 2026 Example Media. All rights reserved.",
             "We use cookies to give you the best experience on our website, as most websites do."]
    # a decoder that calls the copyright line boilerplate and every other line body
    monkeypatch.setattr(Predictor, "decode_many", lambda self, probs, sizes: np.array([B, B, B, O, B]))
    predictor = replace(tiny_model.predictor, tail=None, headline=None, byline=None, title=None)
    ((labels, _),) = predictor.predict_documents([lines])
    assert labels.tolist() == [B, B, B, O, O]


PARAGRAPH = "The council voted on Tuesday to close the old library and to build a new one by the river next year."
QUOTE = "close the old library and to build a new one by the river"  # 10 shingles


def test_a_body_line_the_other_body_lines_hold_becomes_boilerplate():
    texts = ["Council Votes To Move The Library", PARAGRAPH, QUOTE, "Residents said they would miss the old building.", PARAGRAPH]
    labels = np.array([B, B, B, B, B])
    got = drop_repeated_body(labels, repeat_keys(texts), B, O)
    # the pull quote and the second copy go; the first copy stays
    assert got.tolist() == [B, B, O, B, O]
    assert labels.tolist() == [B] * 5  # the input is left as it was


def test_the_articles_html_source_repeats_its_lines():
    # a "republish this story" box given as text: the article's HTML, after the article
    source = ('<p class="lead">The council voted on Tuesday to close the old <a href="/library">library</a> and to '
              'build a new one by the river&nbsp;next year.</p>')
    texts = ["Council Votes To Move The Library", PARAGRAPH, "Republish this story", source]
    labels = np.array([B, B, O, B])
    keys = text_keys(texts, repeat_keys(texts))
    assert keys[:3] == repeat_keys(texts)[:3] and keys[3] == repeat_keys([PARAGRAPH])[0]
    assert drop_repeated_body(labels, keys, B, O).tolist() == [B, B, O, O]
    assert drop_repeated_body(labels, repeat_keys(texts), B, O) is labels  # read with its markup, it is no repeat


def test_lines_that_repeat_only_in_part_or_are_short_stay_body():
    texts = ["Headline Of The Story", PARAGRAPH, QUOTE + " and a park beside it as well", "Step 1: mix the flour",
             "Step 1: mix the flour"]
    labels = np.array([B, B, B, B, B])
    assert drop_repeated_body(labels, repeat_keys(texts), B, O) is labels  # short repeats (list items, headings) may be the article's
    assert len(QUOTE.split()) - 3 == 10  # 10 shingles: the shortest line the rule looks at
    quoted = np.array([B, B, B])
    assert drop_repeated_body(quoted, repeat_keys(["Headline", PARAGRAPH, QUOTE]), B, O).tolist() == [B, B, O]
    assert drop_repeated_body(quoted, repeat_keys(["Headline", PARAGRAPH, QUOTE]), B, O, min_shingles=11) is quoted


def test_a_repeat_outside_the_body_or_the_first_body_line_is_left():
    texts = ["Menu", PARAGRAPH, "Related", PARAGRAPH]
    labels = np.array([O, B, O, O])  # the copy is boilerplate already: nothing to drop
    assert drop_repeated_body(labels, repeat_keys(texts), B, O) is labels
    first = np.array([O, B, O, B])  # the first body line stays even when a later one holds it
    texts = ["Menu", QUOTE, "Related", PARAGRAPH]
    assert drop_repeated_body(first, repeat_keys(texts), B, O) is first


def test_the_predictor_gives_a_repeated_paragraph_once(tiny_model, monkeypatch):
    lines = ["Council Votes To Move The Library", "", PARAGRAPH, "", QUOTE, "", "Residents said they would miss it.", "",
             PARAGRAPH]
    body = LABELS.index(Label.BODY)
    monkeypatch.setattr(Predictor, "decode_many", lambda self, probs, sizes: np.full(sum(sizes), body))
    predictor = replace(tiny_model.predictor, tail=None, headline=None, byline=None, title=None)
    ((labels, _),) = predictor.predict_documents([lines])
    boilerplate = LABELS.index(Label.BOILERPLATE)
    assert labels.tolist() == [body, body, boilerplate, body, boilerplate]



@pytest.mark.parametrize("line", ["Dec 19, 2025", "December 19, 2025", "19/02/2025", "08.12.2021", "2025-03-25",
                                  "13 November 2025", "3. August 2015", "— Mar 3, 2026 —", "4th September 2025",
                                  "2025/12/18"])
def test_date_lines_are_recognised(line):
    assert DATE_LINE_RE.match(line)


@pytest.mark.parametrize("line", ["Posted Dec 19, 2025", "December 2025", "2025", "Updated on 09/10/2025 by Jane",
                                  "May the best team win, 2025"])
def test_other_lines_are_not_date_lines(line):
    assert not DATE_LINE_RE.match(line)


ARTICLE = ["How To Reset Your Desk",
           "A long first paragraph of the article, about desks and necks and chairs, and about how an hour at a "
           "badly set desk turns into a stiff neck by the end of the week.",
           "A second paragraph that goes on about monitors and keyboards at some length: the top of the screen at "
           "eye level, the keyboard at elbow height, and the laptop on a stand.",
           "A third paragraph, the article's last, with a closing thought about taking breaks and walking.", "Blog"]
LISTING = ["Neck pain at your computer?", "Do you feel stiff after hours at work? This article is for you.", "Mar 3, 2026",
           "Gift ideas for an electronics fan", "Finding the perfect gift often means balancing looks and power.", "Feb 26, 2026",
           "Desk cables, ranked", "Your workspace does not have to look like a server room.", "Feb 19, 2026"]


def test_a_dated_listing_after_the_article_becomes_boilerplate():
    texts = ARTICLE + LISTING + ["Newsletter"]
    labels = np.array([B] * 4 + [O] + [B] * len(LISTING) + [O])
    got = drop_dated_listing(labels, texts, B, O)
    # the three items (headline, summary, date) go; the article and its labels stay
    assert got.tolist() == [B] * 4 + [O] + [O] * len(LISTING) + [O]
    assert labels.tolist() == [B] * 4 + [O] + [B] * len(LISTING) + [O]  # the input is left as it was


def test_the_first_item_reaches_back_no_further_than_the_listing_heading():
    # items open with their date: the article's last paragraph just above stays body
    items = ["Share:", "Next post", "November 28, 2025", "How to eat on a budget", "Eating well has many benefits.",
             "Read more", "Share:", "June 30, 2025", "Seafood alternatives", "You do not have to give up the taste.",
             "Read more", "Share:", "August 27, 2025", "Supplements to take", "Some supplements help.", "Read more"]
    texts = ARTICLE[:4] + items
    labels = np.array([B] * 4 + [O, O] + [B] * (len(items) - 2))
    got = drop_dated_listing(labels, texts, B, O)
    assert got[:4].tolist() == [B] * 4 and not (got[4:] == B).any()


@pytest.mark.parametrize("line", ["Mar 6th 2026 4 Min Read", "5 min read · Dec 3, 2025", "Dec 3, 2025 · 12 mins",
                                  "Feb 19, 2026"])
def test_dates_with_a_reading_time_are_listing_dates(line):
    assert is_listing_date(line)


@pytest.mark.parametrize("line", ["4 min read", "December 2025 · 5 min read", "Read the 5 min summary of Dec 3, 2025 now"])
def test_reading_times_alone_are_no_listing_dates(line):
    assert not is_listing_date(line)


def test_a_listing_dated_with_reading_times_becomes_boilerplate():
    listing = [line if i % 3 != 2 else f"{line} {i // 3 + 4} Min Read" for i, line in enumerate(LISTING)]
    texts = ARTICLE + listing + ["Newsletter"]
    labels = np.array([B] * 4 + [O] + [B] * len(listing) + [O])
    assert drop_dated_listing(labels, texts, B, O).tolist() == [B] * 4 + [O] * (len(listing) + 2)


def test_a_dated_archive_or_too_few_dates_are_left():
    archive = LISTING + ["A closing note from the editors."]  # the listing is the page's body: nothing before it
    labels = np.array([B] * len(archive))
    assert drop_dated_listing(labels, archive, B, O) is labels
    two = ARTICLE + LISTING[:6]  # two dates are not a run
    labels = np.array([B] * 4 + [O] + [B] * 6)
    assert drop_dated_listing(labels, two, B, O) is labels
    spread = ARTICLE + LISTING[:3] + ["Filler line."] * 6 + LISTING[3:]  # dates too far apart
    labels = np.array([B] * 4 + [O] + [B] * (len(spread) - 5))
    assert drop_dated_listing(labels, spread, B, O) is labels


def test_first_run_is_the_first_close_enough_run_long_enough():
    assert first_run([1, 3, 20, 22, 24, 40, 41, 42], 3, 5) == [20, 22, 24]
    assert first_run([1, 3, 20, 22], 3, 5) == []
    assert first_run([1, 2, 3, 4, 9], 3, 5) == [1, 2, 3, 4, 9]


@pytest.mark.parametrize("line", ["December 18, 2025, 9:46 pm", "December 20, 2025 at 14:01", "15.01.08 19:45",
                                  "Alexander Petrov wrote on March 11th, 2015 at 02:57:", "18. Dezember 2025 um 9:46 Uhr",
                                  "9:46 pm on March 3, 2024", "2025-12-18 09:46:12"])
def test_time_stamps_are_recognised(line):
    assert STAMP_RE.match(line)


@pytest.mark.parametrize("line", ["December 18, 2025", "9:46 pm", "The meeting on March 3, 2024 at 9:15 am ran long",
                                  "Updated 3 hours ago", "Chapter 3: 9:15 to 10:30"])
def test_other_lines_are_not_time_stamps(line):
    assert not STAMP_RE.match(line)


@pytest.mark.parametrize("line", ["kerman says:", "Jane Doe says:", "by iggymanz ( 596061 ) writes:",
                                  "by ozmartian ( 5754788 ) writes: on Friday December 19, 2025 @08:08PM (#65870295) Homepage",
                                  "Anna Müller sagt:", "December 18, 2025, 9:46 pm",
                                  # Slashdot's headers as the blocks text gives them: no `writes:`
                                  "by geekmux ( 1040042 )",
                                  "by Brain-Fu ( 1274756 ) on Friday December 19, 2025 @11:39PM (#65870579) Homepage Journal"])
def test_commenter_headers_count_as_comment_stamps(line):
    assert is_comment_stamp(line)


@pytest.mark.parametrize("line", ["The minister said: we will act", "He said: the vote is on Tuesday.",
                                  "As the report says, the vote is on Tuesday.", "writes:", "December 18, 2025",
                                  "Makali wrote:", "by John Smith (2019)", "by the Associated Press (AP)"])
def test_reported_speech_is_no_commenter_header(line):
    assert not is_comment_stamp(line)


@pytest.mark.parametrize("header", ["by {} ( {} ) writes:", "by {} ( {} )"])
def test_a_thread_of_commenter_headers_without_times_is_found(header):
    # Slashdot's way: each comment a subject, a `by NAME ( ID ) writes:` header (without the
    # `writes:` in the blocks text) and its prose
    thread = []
    for n, name in enumerate(["iggymanz", "martin-boundary", "blue trane", "geekmux"]):
        thread += [f"Re: What could go wrong? (Score:{n + 1})", header.format(name, 596061 + n),
                   "They know it is all hype, but every manager in the industry is afraid of missing out on it."]
    texts = ARTICLE[:4] + thread
    labels = np.array([B] * 4 + [B if len(line) > 60 else O for line in thread])
    got = drop_comment_thread(labels, texts, B, O)
    assert got[:4].tolist() == [B] * 4 and not (got[4:] == B).any()


COMMENTS = ["59 Comments", "John Scalzi", "December 18, 2025, 9:46 pm", "For the avoidance of doubt, I like the novel.",
            "Emma", "December 18, 2025, 9:59 pm", "I know what you mean; I fell in love with the film despite the changes.",
            "Reply", "Chris S", "December 18, 2025, 10:00 pm", "In terms of one's work being optioned, I learned today a thing.",
            "Max Battcher", "December 18, 2025, 10:02 pm", "It is best to pretend the movie does not have sequels.",
            "Like", "Pete", "December 18, 2025, 10:20 pm", "The podcast did a great deep dive into the making of it."]


def drop_comment_thread(labels, texts, body, boilerplate):
    return relabel_span(labels, comment_thread(labels, texts, body), body, boilerplate)


def test_a_comment_thread_after_the_article_becomes_boilerplate():
    texts = ARTICLE[:4] + COMMENTS + ["Privacy policy"]
    # the decoder's way with a thread: each comment's prose reads like body, names and stamps do not
    labels = np.array([B] * 4 + [B if len(line) > 40 else O for line in COMMENTS] + [O])
    got = drop_comment_thread(labels, texts, B, O)
    assert got[:4].tolist() == [B] * 4  # the article stays
    assert not (got[4:] == B).any()  # every comment goes, from the first stamp to a step past the last
    assert (labels[4:] == B).sum() == 5  # the input is left as it was
    # a body line before the first stamp (a commenter's name the decoder took for body) is not the thread's
    labels[5] = B
    assert drop_comment_thread(labels, texts, B, O)[5] == B


def test_the_articles_own_stamp_and_scattered_stamps_are_left():
    # the article's date and time above its prose, then two stamps after it: no run of three after the prose
    texts = [ARTICLE[0], "December 18, 2025 at 9:00 am"] + ARTICLE[1:4] + COMMENTS[:8]
    labels = np.array([B, O] + [B] * 3 + [B] * 8)
    assert drop_comment_thread(labels, texts, B, O) is labels
    # three stamps after the prose, but too far apart
    spread = ARTICLE[:4] + COMMENTS[1:4] + ARTICLE[1:4] * 5 + COMMENTS[4:7] + ARTICLE[1:4] * 5 + COMMENTS[8:11]
    labels = np.array([B] * len(spread))
    assert drop_comment_thread(labels, spread, B, O) is labels
    # no long body line: no article to keep the thread apart from
    short = ["A headline"] + COMMENTS
    labels = np.array([B] * len(short))
    assert drop_comment_thread(labels, short, B, O) is labels


def test_the_predictor_drops_a_comment_thread(tiny_model, monkeypatch):
    lines = ARTICLE[:4] + [""] + COMMENTS
    body = LABELS.index(Label.BODY)
    monkeypatch.setattr(Predictor, "decode_many", lambda self, probs, sizes: np.full(sum(sizes), body))
    predictor = replace(tiny_model.predictor, tail=None, headline=None, byline=None, title=None)
    ((labels, _),) = predictor.predict_documents([lines])
    first_stamp = 4 + COMMENTS.index("December 18, 2025, 9:46 pm")  # index among the non-empty lines
    assert (labels[:first_stamp] == body).all() and not (labels[first_stamp:] == body).any()


def test_the_predictor_drops_bylines_in_a_comment_thread_but_the_posts_own(tiny_model, monkeypatch):
    """Commenters' name-and-stamp lines read like bylines; the thread's first stamp may be the
    post's own "Posted by ... at ..." and stays."""
    lines = ARTICLE[:4] + [""] + COMMENTS
    body, byline = LABELS.index(Label.BODY), LABELS.index(Label.BYLINE)
    stamps = {i for i, line in enumerate(ARTICLE[:4] + COMMENTS) if STAMP_RE.match(line)}
    decoded = np.array([byline if i in stamps else body for i in range(len(ARTICLE[:4] + COMMENTS))])
    monkeypatch.setattr(Predictor, "decode_many", lambda self, probs, sizes: decoded.copy())
    predictor = replace(tiny_model.predictor, tail=None, headline=None, byline=None, title=None)
    ((labels, _),) = predictor.predict_documents([lines])
    first, *rest = sorted(stamps)
    assert labels[first] == byline
    assert len(rest) == 4 and not (labels[rest] == byline).any()


CREDITED = ["Menu", "Photo: Jane Doe", "Harbour reopens after storm", "The harbour reopened on Sunday after a week of repairs.",
            "Getty Images / Jane Doe", "Fishing crews said they were relieved to get back to work.",
            "Boats at dawn. Photo: Jane Doe", "Image credit: Acme", "The season ends in March.", "Photo: Max Roe"]


def test_credit_lines_inside_the_article_become_captions():
    C = LABELS.index(Label.CAPTION)
    labels = np.array([O, O, B, B, O, B, O, B, B, O])
    got = credit_captions(labels, CREDITED, B, C)
    # inside the article: the credits (boilerplate or body); outside it (before the first and
    # after the last body line) they are left to the model
    assert got.tolist() == [O, O, B, B, C, B, C, C, B, O]
    assert (labels == [O, O, B, B, O, B, O, B, B, O]).all()  # the input is left as it was
    assert credit_captions(got, CREDITED, B, C) is got


def test_a_body_sentence_ending_in_a_credit_becomes_a_caption():
    """A caption sentence ending in its credit (`... Credit: Sam Schild`, CREDIT_TAIL_RE) that the
    model called body becomes caption; the article's own sentences, colons and all, stay body."""
    C = LABELS.index(Label.CAPTION)
    texts = ["The harbour reopened on Sunday.", "Boats at dawn. Photo: Jane Doe",
             "Choose your gear carefully when loading up. Credit: Ally Arcuri",
             "The rule is simple. Note: ask the harbour master first", "The season ends in March."]
    labels = np.array([B, B, B, B, B])
    assert credit_captions(labels, texts, B, C).tolist() == [B, C, C, B, B]
    standing_alone = ["The harbour reopened on Sunday.", "Getty Images / Jane Doe", "The season ends in March."]
    body = np.array([B, B, B])  # a credit standing alone that the model calls body is left to it
    assert credit_captions(body, standing_alone, B, C) is body


@pytest.mark.parametrize("line", [
    # ending on a photo agency (AGENCY_TAIL_RE)
    "Firn | Getty Images",
    "Kevin Mohatt / The Washington Post via Getty Images",
    "This is a good way to disrupt your sleep. Sergey Mironov/Moment via Getty Images",
    "Yayoi Kusama's Pumpkin on Naoshima Island (Image via Unsplash)",
    "Jane Doe/Shutterstock",
    "Tontine Coffee House, New York City, 1797 — via Wikimedia Commons",
    "Das Hermelin ist im Winter gut getarnt. (mlharing / iStock.com)",
    "Stau © aremac / Clipdealer",
    "Die Kanzlerin am Montag in Berlin. Bernd von Jutrczenka / picture alliance",
    # a numbered figure's label (FIGURE_LABEL_RE)
    "Figure 2. Inference latency vs token count for Voyage-3 on A100.",
    "Image 3: A simple AI agent",
    "Fig. 4 - The test rig",
    "Chart 1: Sales by region",
    "Abbildung 4: klassische Schwachschicht. Der Unterschied in der Kornform ist klar.",
    "Rys. 2. Schemat instalacji",
    # a label or a credit of other languages (CAPTION_TEXT_RE, CREDIT_TAIL_RE)
    "Foto: Timur",  # German, Spanish, Italian, Portuguese
    "Bildquelle: Ring der Landjugend",
    "Crédit photo : AFP",
    "Zdjęcie: Jan Kowalski",
    "Abbildung: Vergleich auf dem Aletschgletscher.",
    "Nicht labern, ranklotzen! BrandenburgerInnen haben immer zu tun. Foto: Timur | flickr| CC BY 2.0",
    "Este juicio comprende también a los acusados excongresistas. (Foto: Andina)",
    "It used as much energy as 3 nuclear plants produce in an hour.Photograph: Getty Images",
    # where the pictured people stand (POSITION_RE)
    "Red Wings defenceman Andreas Lilja (left) and goalie Dominik Hasek keep watch on Markus Naslund.",
    "Khalil Khatri (center) prayed with fellow Muslims at the Islamic Center of Boston.",
    "Marcell Jansen (l.) und Piotr Trochowski haben einen guten Draht.",
    "Die Preisträger (v. l. n. r.) bei der Verleihung in Köln.",
    "El ministro (izq.) saluda al alcalde durante la visita.",
    # a picture's copyright holder (PICTURE_COPYRIGHT_RE)
    "© Bundesrat | Frank Bräuer",
    "©Thinkstock",
    "Lee Miller, Portrait of Space, Egypt © Lee Miller Archives",
    # the source under a chart or a screenshot (CAPTION_TEXT_RE)
    "Source",
    "Source: blog.hubspot.com",
    "Source: Bureau of Labor Statistics",
])
def test_credit_lines_are_recognised(line):
    assert is_credit_line(line, labelled_body=True)


@pytest.mark.parametrize("line", [
    "- REUTERS",  # a wire's byline
    "The photos are available via Shutterstock.",
    "We licensed it via Getty Images for the cover story",
    "Figure skating returns to the rink in March.",
    "Image 2 of the series was never published, she said.",
    "Die Zahl stieg um 3 Prozent (Quelle: Destatis).",  # a source of the article's own figures
    "Er sagte: Bild dir deine eigene Meinung.",
    "Die Fotos der Ausstellung sind bis März zu sehen.",
    "La imagen de la ciudad cambió mucho en 2.0 años: hay más parques.",
    "Weight 9 oz. (M), 7.9 oz. (W)",  # men's and women's sizes, not places
    "Magellan RoadMate(R) Line Expands with Five New Solutions",
    "The Left (party) won the most seats in the north.",
    "© 2024 Example Media",  # the site's own copyright line: a year
    "© Example Media. All rights reserved.",
    "Sources",  # a heading over a list of references
    "Source:",
    "Source of truth is the database, not the cache.",
    "Source: the survey was small. Its authors say so.",
    "Alle Inhalte © Beispiel Verlag, alle Rechte vorbehalten",
])
def test_prose_and_site_lines_are_no_credit(line):
    assert not is_credit_line(line, labelled_body=True)


def test_agency_credits_between_paragraphs_become_captions():
    C = LABELS.index(Label.CAPTION)
    texts = ["Prayer plants fold their leaves at night.", "Firn | Getty Images", "Water them weekly.",
             "Snake Plant (Sansevieria trifasciata)", "Grumpy Cow Studios | Getty Images", "It needs little light."]
    labels = np.array([B, O, B, B, B, B])
    assert credit_captions(labels, texts, B, C).tolist() == [B, C, B, B, C, B]


@pytest.mark.parametrize("line, marker", [
    # a share bar's label
    ("Share this:", True),
    ("Teilen Sie dies mit:", True),  # WordPress's share bar in German
    ("Sharen mit:", True),
    ("Partager :", True),
    ("Compartir en Facebook", True),
    ("Udostępnij na FB (1)", True),
    ("Share the road with cyclists, the mayor said.", False),
    ("Mi piace il mare d'inverno.", False),
    # a reading list's heading
    ("Related Articles", True),
    ("More stories", True),
    ("Zum Weiterlesen", True),
    ("TEMAS RELACIONADOS", True),
    ("Articles les plus lus", True),
    ("Explore further", True),
    ("Empfohlener redaktioneller Inhalt", True),  # a consent wall's placeholder for an embed
    ("Further reading", False),  # the wcxb gold keeps such lists
    ("Related articles about the harbour are below the map.", False),
    ("More stories of the flood were told at the meeting.", False),
    # a newsletter box's lines
    ("Subscribe", True),
    ("SIGN UP FOR OUR NEWSLETTER", True),
    ("Sign up to receive regular emails like this", True),
    ("Join 800,000+ subscribers to get regular emails on neuroscience and health.", True),
    ("Email Address", True),
    ("By submitting your email to subscribe, you agree to our Privacy Policy.", True),
    ("Oops! Something went wrong while submitting the form.", True),  # a Webflow form's messages
    ("Newsletter abonnieren", True),
    ("Inscrivez-vous à notre newsletter", True),
    ("Subscribers to the service rose by a fifth last year.", False),
    ("Join the conversation at the town hall on Friday.", False),
    ("Join 200 people at the march on Saturday, the organisers urged.", False),
    ("She signed up for the newsletter in 2019 and never read it.", False),
    ("Subscribe to the idea that less is more, and the kitchen looks after itself. " * 4, False),  # too long
])
def test_share_bars_reading_lists_and_newsletter_boxes_are_markers(line, marker):
    assert is_marker_line(line) is marker
