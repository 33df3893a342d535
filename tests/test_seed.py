"""The shipped default model on the project's seed page (issue 2's acceptance check)."""

from __future__ import annotations

import pytest

from clf.inference import load_model
from tests.conftest import DEFAULT_MODEL, SEED

pytestmark = [
    pytest.mark.skipif(not (DEFAULT_MODEL.exists() and SEED.exists()), reason="default model or seed page missing"),
]


@pytest.fixture(scope="module")
def article():
    return load_model().clean(SEED.read_text(encoding="utf-8"))


def test_title_is_the_headline(article):
    assert article.title == "North Korea suggests Putin visit expected as nations continue co-operation"


def test_byline(article):
    assert article.byline == "By Press Association"


def test_captions_are_apart_from_the_body(article):
    assert len(article.captions) == 3
    assert article.captions[1] == "Vladimir Putin and Choe Son Hui"
    assert article.captions[0].endswith("(Gavriil Grigorov/Sputnik/ Kremlin pool/AP)")
    assert all(c not in p for c in article.captions for p in article.body)


def test_every_body_paragraph_in_order_and_no_icon_line(article):
    lines = [l for l in SEED.read_text(encoding="utf-8").splitlines() if l.strip()]
    expected = [l for l in lines[4:] if l not in ("Vladimir Putin and Choe Son Hui",) and "(Artyom Geodakyan" not in l]
    assert list(article.body) == expected
    assert not any("An icon of" in p for p in article.body)


def test_the_seed_page_without_its_blank_lines_cleans_the_same(article):
    # as a WET file or a scraper joining blocks with one line break gives it: the model reads
    # it with blank lines around its prose lines, and the labelled lines stay as given
    lines = [l for l in SEED.read_text(encoding="utf-8").splitlines() if l.strip()]
    model = load_model()
    flat = model.clean(lines)
    assert (flat.title, flat.byline, flat.body, flat.captions) == (article.title, article.byline, article.body, article.captions)
    assert model.classify(lines).lines == tuple(lines)
