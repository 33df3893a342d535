from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from clf.document import LABELS, Label
from clf.features import BODY, DENSE_NAMES, document_rows
from clf.headline import (
    AGAIN_THRESHOLD, AGAIN_WITHIN, BY_NAME_RE, DATE_ONLY_RE, EXTRA_NAMES, by_name_bylines, drop_heading_runs, OPENER_ONLY_RE, as_if_missed, byline_candidates, candidate_features,
    complete_bylines, drop_button_bylines, headline_candidates, names_beside_dates, promote_headline_above,
)
from clf.model import LineModel
from clf.predictor import LinearStage, Predictor, score_with
from tests.conftest import TINY_PARAMS

BOILERPLATE, BYLINE = LABELS.index(Label.BOILERPLATE), LABELS.index(Label.BYLINE)
TEXTS = [
    "Home", "News", "Sport",
    "A Long Headline About Something That Happened",
    "By Jane Doe",
    "Share. Print. Email.",  # two sentence breaks: not headline-shaped
    "The story starts here, and it goes on for a while, as stories do. Then it ends.",
    "A later heading",
]
LABELS_IN = np.array([BOILERPLATE, BOILERPLATE, BOILERPLATE, BOILERPLATE, BYLINE, BOILERPLATE, BODY, BODY])


def test_headline_candidates_are_headline_shaped_lines_shortly_before_the_first_body_line():
    assert headline_candidates(LABELS_IN, TEXTS, BODY, reach=20) == (6, [0, 1, 2, 3, 4])
    assert headline_candidates(LABELS_IN, TEXTS, BODY, reach=3) == (6, [3, 4])
    assert headline_candidates(np.full(len(TEXTS), BOILERPLATE), TEXTS, BODY, reach=20) == (None, [])
    assert headline_candidates(np.full(len(TEXTS), BODY), TEXTS, BODY, reach=20) == (0, [])


def test_a_found_headline_is_put_back_among_the_candidates_as_if_missed():
    labels = LABELS_IN.copy()
    labels[3] = BODY  # the decoder found the headline
    gold = labels.copy()
    missed = as_if_missed(labels, TEXTS, gold, BODY, BOILERPLATE)
    assert missed[3] == BOILERPLATE and labels[3] == BODY
    assert np.array_equal(np.delete(missed, 3), np.delete(labels, 3))
    assert headline_candidates(missed, TEXTS, BODY, reach=20) == (6, [0, 1, 2, 3, 4])
    # left alone: a first body line the gold calls boilerplate, or one that is a paragraph
    wrong = gold.copy()
    wrong[3] = BOILERPLATE
    assert as_if_missed(labels, TEXTS, wrong, BODY, BOILERPLATE) is labels
    assert as_if_missed(LABELS_IN, TEXTS, LABELS_IN, BODY, BOILERPLATE) is LABELS_IN


def test_headline_scorer_fits_on_missed_headlines_too(tiny_docs):
    # the decoder finds every headline of its tiny training documents, so no candidate above
    # the first body line is body and there is nothing to fit; as if missed, the headlines are
    plain = LineModel(replace(TINY_PARAMS, headline_missed=False)).fit(tiny_docs)
    missed = LineModel(TINY_PARAMS).fit(tiny_docs)  # the default
    assert plain.headline_ is None
    assert missed.headline_ is not None and missed.to_predictor().headline is not None


def test_byline_candidates_are_the_short_lines_after_the_title():
    labels = LABELS_IN.copy()
    labels[3] = BODY  # the headline, now the title line
    texts = [*TEXTS[:5], "x" * 161, *TEXTS[6:]]
    assert byline_candidates(labels, texts, BODY, reach=8) == (3, [0, 1, 2, 4, 6, 7])  # not the 161 characters
    assert byline_candidates(labels, TEXTS, BODY, reach=1) == (3, [0, 1, 2, 4])  # and BYLINE_ABOVE lines above
    assert byline_candidates(labels, TEXTS, BODY, reach=3) == (3, [0, 1, 2, 4, 5, 6])  # whatever their labels
    labels[1] = BODY  # the title line is now line 1: one line above it
    assert byline_candidates(labels, TEXTS, BODY, reach=2) == (1, [0, 2, 3])
    # no title line: the first body line is a paragraph
    assert byline_candidates(LABELS_IN, TEXTS, BODY, reach=8) == (None, [])


def test_candidate_features_place_each_candidate_among_the_others():
    idx = [1, 3, 4]
    dense = np.arange(3 * len(DENSE_NAMES), dtype=float).reshape(3, -1)
    probs = np.tile([0.7, 0.0, 0.1, 0.2], (3, 1))
    out = candidate_features(idx, 6, TEXTS, dense, probs, np.array([[0.1], [0.5], [0.2]]), reach=10)
    after = candidate_features([4, 5, 7], 3, TEXTS, dense, probs, None, reach=10)  # an anchor before them
    around = candidate_features([2, 4, 5], 3, TEXTS, dense, probs, None, reach=10)  # one above, two below
    assert out.shape == (3, len(DENSE_NAMES) + 4 + len(EXTRA_NAMES))
    assert np.array_equal(out[:, :len(DENSE_NAMES)], dense)
    extra = dict(zip(EXTRA_NAMES, out[:, len(DENSE_NAMES) + 4:].T))
    assert np.allclose(extra["tree_body"], [0.1, 0.5, 0.2])
    assert np.allclose(extra["distance"], [0.5, 0.3, 0.2]) and extra["before"].tolist() == [1, 1, 1]
    assert extra["nearest"].tolist() == [0, 0, 1]
    assert np.allclose(extra["rank"], [0.2, 0.1, 0.0])
    assert extra["longest"].tolist() == [0, 1, 0]  # the headline is the longest of them
    assert extra["rel_chars"][1] == 1.0 and 0 < extra["rel_chars"][0] < extra["rel_chars"][2] < 1
    extra = dict(zip(EXTRA_NAMES, after[:, len(DENSE_NAMES) + 4:].T))
    assert np.allclose(extra["distance"], [0.1, 0.2, 0.4]) and extra["nearest"].tolist() == [1, 0, 0]
    assert np.allclose(extra["rank"], [0.0, 0.1, 0.2]) and extra["tree_body"].tolist() == [0, 0, 0]
    assert extra["before"].tolist() == [0, 0, 0]
    extra = dict(zip(EXTRA_NAMES, around[:, len(DENSE_NAMES) + 4:].T))
    assert extra["before"].tolist() == [1, 0, 0] and extra["nearest"].tolist() == [1, 1, 0]  # nearest on each side


def scorer_on(column: int, weight: float, width: int, against: int | None = None) -> LinearStage:
    """A scorer whose score is weight * (one input column) - weight / 2 (- weight * another)."""
    weights = np.zeros((width, 1))
    weights[column, 0] = weight
    if against is not None:
        weights[against, 0] = -weight
    return LinearStage(weights=weights, intercept=np.array([-weight / 2]), classes=np.array([0, 1]), link="softmax")


def test_head_passes_make_the_best_headline_body_and_bylines_byline(tiny_model):
    width = len(DENSE_NAMES) + 4 + len(EXTRA_NAMES)
    longest = len(DENSE_NAMES) + 4 + EXTRA_NAMES.index("longest")
    dense = np.zeros((len(TEXTS), len(DENSE_NAMES)))
    probs = np.tile([0.7, 0.0, 0.1, 0.2], (len(TEXTS), 1))
    predictor = replace(tiny_model.predictor, headline=scorer_on(longest, 8.0, width), headline_threshold=0.5,
                        byline=None, headline_again_within=0)  # the second look: test_the_predictor_looks_again...
    got = predictor.promote_head(LABELS_IN, TEXTS, dense, probs, None)
    assert got.tolist() == [BOILERPLATE] * 3 + [BODY, BYLINE, BOILERPLATE, BODY, BODY]
    assert LABELS_IN[3] == BOILERPLATE  # the input is left as it was
    # the best candidate scores sigmoid(4) = 0.98: under a threshold above that, nothing changes
    strict = replace(predictor, headline_threshold=0.99)
    assert strict.promote_head(LABELS_IN, TEXTS, dense, probs, None).tolist() == LABELS_IN.tolist()
    # a page without blank lines takes its headline from its own, lower threshold
    assert strict.promote_head(LABELS_IN, TEXTS, dense, probs, None, flat=True).tolist() == got.tolist()
    assert replace(strict, headline_flat_threshold=0.99).promote_head(
        LABELS_IN, TEXTS, dense, probs, None, flat=True).tolist() == LABELS_IN.tolist()
    # then the byline pass: the candidate nearest below the new title line becomes byline, the others not
    nearest = len(DENSE_NAMES) + 4 + EXTRA_NAMES.index("nearest")
    above = len(DENSE_NAMES) + 4 + EXTRA_NAMES.index("before")
    both = replace(predictor, byline=scorer_on(nearest, 8.0, width, against=above), byline_threshold=0.5)
    labels = LABELS_IN.copy()
    labels[4] = BOILERPLATE
    assert both.promote_head(labels, TEXTS, dense, probs, None).tolist() == got.tolist()


def missing_headlines(decode):
    """decode_many, but the first body line of each document comes out as boilerplate."""
    def wrapped(self, probs, sizes, bias=None):
        labels = decode(self, probs, sizes, bias).copy()
        start = 0
        for size in sizes:
            body = np.flatnonzero(labels[start:start + size] == BODY)
            if body.size:
                labels[start + body[0]] = BOILERPLATE
            start += size
        return labels
    return wrapped


def test_the_model_fits_a_headline_scorer_and_the_predictor_uses_it(monkeypatch, tiny_docs):
    assert LineModel(replace(TINY_PARAMS, headline_reach=0)).fit(tiny_docs).to_predictor().headline is None
    # trained where the line labels miss every headline, the scorer learns to find them
    monkeypatch.setattr(LineModel, "decode_many", missing_headlines(LineModel.decode_many))
    line_model = LineModel(replace(TINY_PARAMS, byline_reach=0)).fit(tiny_docs)
    monkeypatch.undo()
    assert line_model.headline_ is not None and line_model.byline_ is None
    predictor = line_model.to_predictor()
    assert predictor.headline is not None and predictor.headline_reach == TINY_PARAMS.headline_reach
    # the tiny documents' own headlines, missed the same way, are found again
    found = 0
    for doc in tiny_docs:
        (labels, _), = predictor.predict_documents([doc.lines])
        gold = [label for label in doc.labels if label is not None]
        first = next(i for i, label in enumerate(gold) if label is Label.BODY)
        missed = labels.copy()
        missed[first] = BOILERPLATE
        rows = [line for line in doc.lines if line.strip()]
        probs, dense, tree_body = predictor._stages(document_rows(doc.lines), [len(rows)])
        again = predictor.promote_head(missed, rows, dense, probs, tree_body)
        found += again[first] == BODY
    assert found >= len(tiny_docs) - 1


OPENED = [
    "A Long Headline About Something That Happened",
    "Written by",
    "Jane Doe",
    "March 3, 2024",
    "The story starts here, and it goes on for a while, as stories do. Then it ends.",
]


def test_the_name_after_a_byline_opener_on_its_own_line_becomes_byline():
    labels = np.array([BODY, BYLINE, BOILERPLATE, BYLINE, BODY])
    got = complete_bylines(labels, OPENED, BYLINE, BOILERPLATE)
    assert got.tolist() == [BODY, BYLINE, BYLINE, BYLINE, BODY]
    assert labels[2] == BOILERPLATE  # the input is left as it was


@pytest.mark.parametrize("line", ["By", "by:", "Written by", "POSTED BY", "Reviewed by", "Fact-checked by", "Author:", "Von", "Par"])
def test_opener_only_lines_are_recognised(line):
    assert OPENER_ONLY_RE.match(line)


@pytest.mark.parametrize("line", ["By Jane Doe", "Written by Jane Doe", "Bylines", "About the author", "Authorised dealer"])
def test_lines_with_more_than_an_opener_are_not_opener_only(line):
    assert not OPENER_ONLY_RE.match(line)


@pytest.mark.parametrize("labels, texts", [
    ([BODY, BOILERPLATE, BOILERPLATE, BYLINE, BODY], OPENED),  # the opener itself was not called byline
    ([BODY, BYLINE, BODY, BYLINE, BODY], OPENED),  # what follows was called body: left to the model
    ([BODY, BYLINE, BOILERPLATE, BODY], [OPENED[0], "By Jane Doe", "Share", OPENED[4]]),  # the name is on the opener's line
    ([BODY, BYLINE, BOILERPLATE, BODY], [OPENED[0], "By", "Our reporters went to see what happened there.", OPENED[4]]),
    ([BODY, BYLINE, BOILERPLATE, BODY], [OPENED[0], "By", "one two three four five six seven eight nine", OPENED[4]]),
    ([BODY, BYLINE], [OPENED[0], "Written by"]),  # nothing after it
])
def test_complete_bylines_leaves_other_lines_alone(labels, texts):
    labels = np.array(labels)
    assert complete_bylines(labels, texts, BYLINE, BOILERPLATE) is labels


def test_buttons_and_badges_called_byline_become_boilerplate():
    texts = ["Harbour reopens", "By Jane Doe", "Share on Facebook", "12 min read", "|", "Follow",
             "March 2, 2024 · 5 min read", "Printer ink prices rise", "Facebook Twitter LinkedIn", "Learn more >>",
             "Jane Doe | Twitter", "The harbour reopened on Sunday."]
    labels = np.array([0] + [BYLINE] * 10 + [0])
    got = drop_button_bylines(labels, texts, BYLINE, BOILERPLATE)
    assert got.tolist() == [0, BYLINE, BOILERPLATE, BOILERPLATE, BOILERPLATE, BOILERPLATE, BYLINE, BYLINE,
                            BOILERPLATE, BOILERPLATE, BYLINE, 0]
    assert (labels[1:11] == BYLINE).all()  # the input is left as it was
    assert drop_button_bylines(got, texts, BYLINE, BOILERPLATE) is got  # nothing left to change


def test_the_predictor_completes_bylines_after_the_head_passes(tiny_model):
    predictor = replace(tiny_model.predictor, headline=None, byline=None, title=None)
    dense = np.zeros((len(OPENED), len(DENSE_NAMES)))
    probs = np.tile([0.7, 0.0, 0.1, 0.2], (len(OPENED), 1))
    labels = np.array([BODY, BYLINE, BOILERPLATE, BYLINE, BODY])
    assert predictor.promote_head(labels, OPENED, dense, probs, None).tolist() == [BODY, BYLINE, BYLINE, BYLINE, BODY]


DATED = ["Order Now", "Andrew King", "September 4, 2025", "5:50 am", "Top Nutrition Trends for Fall",
         "Fall isn't just pumpkin spice season, it is also a time for new habits."]
RARE_WORDS = {"andrew", "king", "madison", "green", "chris", "carroll"}


def rare(text):
    """Stands in for the predictor's rare_words: every word one of RARE_WORDS."""
    return all(word.lower() in RARE_WORDS for word in text.split())


def test_a_name_beside_a_date_byline_becomes_byline():
    labels = np.array([BOILERPLATE, BOILERPLATE, BYLINE, BOILERPLATE, BODY, BODY])
    got = names_beside_dates(labels, DATED, rare, BYLINE, BOILERPLATE)
    assert got.tolist() == [BOILERPLATE, BYLINE, BYLINE, BOILERPLATE, BODY, BODY]
    assert labels[1] == BOILERPLATE  # the input is left as it was
    below = ["Welcome", "July 5, 2025", "", "Madison Green", "Cleaning Costs In San Diego"]
    labels = np.array([BOILERPLATE, BYLINE, BOILERPLATE, BOILERPLATE, BODY])
    assert names_beside_dates(labels, below, rare, BYLINE, BOILERPLATE).tolist() == [
        BOILERPLATE, BYLINE, BOILERPLATE, BYLINE, BODY]


@pytest.mark.parametrize("labels, texts", [
    ([BOILERPLATE, BOILERPLATE, BYLINE, BODY], ["Order Now", "Copy Link", "September 4, 2025", "Text."]),  # not rare
    ([BOILERPLATE, BOILERPLATE, BYLINE, BODY], ["Home", "Contact Us", "September 4, 2025", "Text."]),  # a menu word
    ([BOILERPLATE, BYLINE, BODY], ["Andrew King", "By Jane Doe, September 4, 2025", "Text."]),  # the byline has a name
    ([BOILERPLATE, BOILERPLATE, BOILERPLATE, BYLINE, BODY], ["Andrew King", "Menu", "Search", "Sept. 4, 2025", "T."]),  # too far
    ([BODY, BYLINE, BODY], ["Andrew King", "September 4, 2025", "Text."]),  # the model called it body
    ([BOILERPLATE, BYLINE, BODY], ["andrew king", "September 4, 2025", "Text."]),  # not capitalised
])
def test_names_beside_dates_leaves_other_lines_alone(labels, texts):
    labels = np.array(labels)
    assert names_beside_dates(labels, texts, rare, BYLINE, BOILERPLATE) is labels


@pytest.mark.parametrize("line", ["September 4, 2025", "Updated on 30 Sep 2022, 11:07am", "Published: Dec. 18, 2025",
                                  "2025-12-18", "Friday, December 19, 2025", "19/12/2025",
                                  "4th September 2025", "2025/12/18", "17. Dezember 2025"])
def test_date_only_lines_are_recognised(line):
    assert DATE_ONLY_RE.match(line)


@pytest.mark.parametrize("line", ["By Jane Doe, September 4, 2025", "September 4, 2025 | Jane Doe", "Chapter 4, 2025 edition"])
def test_lines_with_more_than_a_date_are_not_date_only(line):
    assert not DATE_ONLY_RE.match(line)


def test_the_predictor_reads_rare_words_from_its_vocabulary(tiny_model):
    """A word in many training lines is not rare; a word in none is."""
    predictor = tiny_model.predictor
    names = predictor.word.feature_names()
    unigrams = [i for i, name in enumerate(names) if " " not in name and name.isalpha()]
    frequent = names[min(unigrams, key=lambda i: predictor.word.idf_[i])]
    assert not predictor.rare_words(frequent.capitalize() + " Zyxwvut")
    assert predictor.rare_words("Zyxwvut Qwertzuiop")
    assert not predictor.rare_words("")


@pytest.mark.parametrize("line", ["By Workzone Team\u2022 4 mins read", "by Linda Rosencrance", "By: Ray Ansari",
                                  "By Dr. Jane Doe | March 3, 2024", "BY JANE DOE", "By Amanda \u00b7 Dec 20, 2025"])
def test_by_and_a_name_is_recognised(line):
    assert BY_NAME_RE.match(line)


@pytest.mark.parametrize("line", ["By Tuesday, the council had voted.", "By the way, it rained.", "By The Time We Left",
                                  "By comparing prices, you save", "By 2030 the port will be twice as big", "Bylines"])
def test_sentences_opening_on_by_are_no_by_name(line):
    assert not BY_NAME_RE.match(line)


def test_by_and_a_name_near_the_title_becomes_byline():
    texts = ["Home", "by Linda Rosencrance", "Contributing Writer", "Podcasts That Inspire IT Leaders Today",
             "From deep dives into emerging technologies to leadership and teams, these shows inform. "
             "Each one is worth an hour of a commute, and some of them much more than that.", "Related",
             "By Jane Roe | March 3, 2024"]
    labels = np.array([BOILERPLATE, BOILERPLATE, BOILERPLATE, BODY, BODY, BOILERPLATE, BOILERPLATE])
    got = by_name_bylines(labels, texts, BODY, BYLINE, reach=2)
    # the one above the title, not the teaser's below the reach
    assert got.tolist() == [BOILERPLATE, BYLINE, BOILERPLATE, BODY, BODY, BOILERPLATE, BOILERPLATE]
    no_title = np.array([BOILERPLATE, BOILERPLATE, BOILERPLATE, BOILERPLATE, BODY, BOILERPLATE, BOILERPLATE])
    assert by_name_bylines(no_title, texts, BODY, BYLINE, reach=2) is no_title  # no headline-shaped first body line


def test_the_predictor_takes_by_and_a_name_without_a_byline_scorer(tiny_model):
    predictor = replace(tiny_model.predictor, byline=None)
    texts = ["Harbour Town Votes To Rebuild Its Sea Wall", "By Mara Quill", "Councillors voted on Tuesday."]
    labels = np.array([BODY, BOILERPLATE, BODY])
    dense = np.zeros((3, len(DENSE_NAMES)))
    assert predictor.byline_pass(labels, texts, dense, np.zeros((3, 4)), None).tolist() == [BODY, BYLINE, BODY]


def test_a_run_of_headings_called_byline_becomes_boilerplate():
    texts = ["Why Businesses Use AI", "Integration with Existing Systems", "Scalability Issues", "Privacy and Compliance",
             "Model Accuracy and Bias", "The text begins here and goes on."]
    labels = np.array([BODY, BYLINE, BYLINE, BYLINE, BYLINE, BODY])
    got = drop_heading_runs(labels, texts, rare, BYLINE, BOILERPLATE)
    assert got.tolist() == [BODY, BOILERPLATE, BOILERPLATE, BOILERPLATE, BOILERPLATE, BODY]


@pytest.mark.parametrize("run", [
    ["Andrew King", "Senior Editor", "Food and Drink"],  # a name in the run: an author box
    ["By the newsroom", "Senior Editor", "Food and Drink"],  # an opener
    ["Senior Editor", "Updated 4 March", "Food and Drink"],  # a date
    ["Senior Editor", "Food and Drink"],  # too short a run
])
def test_drop_heading_runs_leaves_bylines_with_a_cue_alone(run):
    labels = np.array([BODY] + [BYLINE] * len(run) + [BODY])
    assert drop_heading_runs(labels, ["Headline", *run, "Text."], rare, BYLINE, BOILERPLATE) is labels


STANDFIRST = [
    "Home", "Gardening",
    "The Ultimate Backpacking Checklist",
    "Our experts present a comprehensive checklist for your next trip",  # headline-shaped: taken for the headline
    "By Jane Doe",
    "The story starts here, and it goes on for a while, as stories do. Then it ends.",
]


def again(labels, texts, weight=8.0, **kwargs):
    """promote_headline_above with a scorer that likes the candidate nearest the first body line."""
    width = len(DENSE_NAMES) + 4 + len(EXTRA_NAMES)
    nearest = len(DENSE_NAMES) + 4 + EXTRA_NAMES.index("nearest")
    score = score_with(scorer_on(nearest, weight, width))
    dense = np.zeros((len(texts), len(DENSE_NAMES)))
    probs = np.tile([0.7, 0.0, 0.1, 0.2], (len(texts), 1))
    return promote_headline_above(np.array(labels), texts, dense, probs, None, score, 20, BODY, BOILERPLATE, **kwargs)


def test_the_headline_above_a_promoted_standfirst_becomes_body_too():
    labels = [BOILERPLATE, BOILERPLATE, BOILERPLATE, BODY, BYLINE, BODY]
    assert again(labels, STANDFIRST).tolist() == [BOILERPLATE, BOILERPLATE, BODY, BODY, BYLINE, BODY]
    assert AGAIN_WITHIN >= 1 and 0 < AGAIN_THRESHOLD < 1


def test_the_second_look_needs_a_near_boilerplate_candidate_that_scores_enough():
    labels = np.array([BOILERPLATE, BOILERPLATE, BOILERPLATE, BODY, BYLINE, BODY])
    # the nearest candidate scores sigmoid(4) = 0.98: under a threshold above that, nothing changes
    assert again(labels, STANDFIRST, threshold=0.99).tolist() == labels.tolist()
    # a scorer against the nearest one takes the next best within reach
    assert again(labels, STANDFIRST, weight=-8.0).tolist() == [BOILERPLATE, BODY, BOILERPLATE, BODY, BYLINE, BODY]
    assert again(labels, STANDFIRST, weight=-8.0, within=1).tolist() == labels.tolist()
    # too far above the first body line
    assert again(labels, STANDFIRST, within=0).tolist() == labels.tolist()
    # a byline above the first body line stays byline
    bylined = labels.copy()
    bylined[2] = BYLINE
    assert again(bylined, STANDFIRST).tolist() == bylined.tolist()
    # no body line, no anchor
    none = np.full(len(STANDFIRST), BOILERPLATE)
    assert again(none, STANDFIRST).tolist() == none.tolist()


def test_the_predictor_looks_again_above_the_first_body_line(tiny_model):
    width = len(DENSE_NAMES) + 4 + len(EXTRA_NAMES)
    nearest = len(DENSE_NAMES) + 4 + EXTRA_NAMES.index("nearest")
    texts = STANDFIRST[:4] + STANDFIRST[5:]  # no byline line
    dense = np.zeros((len(texts), len(DENSE_NAMES)))
    probs = np.tile([0.7, 0.0, 0.1, 0.2], (len(texts), 1))
    labels = np.array([BOILERPLATE] * 4 + [BODY])
    predictor = replace(tiny_model.predictor, headline=scorer_on(nearest, 8.0, width), headline_threshold=0.5, byline=None)
    # first the standfirst (the candidate nearest the body), then the headline above it
    assert predictor.promote_head(labels, texts, dense, probs, None).tolist() == [BOILERPLATE] * 2 + [BODY] * 3
    once = replace(predictor, headline_again_within=0)
    assert once.promote_head(labels, texts, dense, probs, None).tolist() == [BOILERPLATE] * 3 + [BODY] * 2


def test_a_page_without_blank_lines_is_flat_for_the_headline_pass(tiny_model, monkeypatch):
    seen = []
    original = Predictor.promote_head

    def spy(self, labels, texts, dense, probs, tree_body, flat=False):
        seen.append(flat)
        return original(self, labels, texts, dense, probs, tree_body, flat)

    monkeypatch.setattr(Predictor, "promote_head", spy)
    tiny_model.predictor.predict_documents([["Storm closes the harbour", "", "The port is shut."],
                                            ["Storm closes the harbour", "The port is shut."]])
    assert seen == [False, True]
