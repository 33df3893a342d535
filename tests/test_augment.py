from __future__ import annotations

import random

import pytest

from clf.augment import CROP_SUFFIX, FLAT_SUFFIX, MAX_CONTEXT, article_crop, with_crops, without_blank_lines
from clf.cli import parse_weights
from clf.document import Label, LabeledDocument
from clf.errors import InputError
from clf.model import LineModel, training_rows
from tests.conftest import TINY_PARAMS

B, C, Y, O = Label.BODY, Label.CAPTION, Label.BYLINE, Label.BOILERPLATE


def doc(labels):
    lines = tuple("" if label is None else f"line {i}" for i, label in enumerate(labels))
    return LabeledDocument(lines, tuple(labels), "page")


def test_crop_keeps_the_content_and_at_most_max_context_lines_each_side():
    page = doc([O] * 10 + [B, None, Y, C, B] + [O] * 10)
    for seed in range(30):
        crop = article_crop(page, random.Random(seed))
        assert crop is not None and crop.id == "page" + CROP_SUFFIX
        labels = [label for label in crop.labels if label is not None]
        first = labels.index(B)
        last = len(labels) - 1 - labels[::-1].index(B)
        assert labels[first:last + 1] == [B, Y, C, B]
        assert first <= MAX_CONTEXT and len(labels) - 1 - last <= MAX_CONTEXT
        assert set(labels[:first]) <= {O} and set(labels[last + 1:]) <= {O}
        # a crop is a slice of the page: lines and labels stay paired
        start = page.lines.index(crop.lines[0])
        assert page.lines[start:start + len(crop.lines)] == crop.lines
        assert page.labels[start:start + len(crop.labels)] == crop.labels


def test_no_crop_without_content_or_when_nothing_would_be_cut():
    assert article_crop(doc([O, O, None, O]), random.Random(0)) is None
    assert article_crop(doc([B, None, B]), random.Random(0)) is None


def test_with_crops_appends_crops_and_names_their_originals():
    docs = [doc([O] * 5 + [B] + [O] * 5), doc([O, O]), doc([O] * 5 + [B, B] + [O] * 5)]
    out, origin = with_crops(docs, seed=0)
    assert out[:3] == docs
    assert origin == [0, 1, 2, 0, 2]
    assert all(d.id.endswith(CROP_SUFFIX) for d in out[3:])
    assert with_crops(docs, seed=0) == (out, origin)  # seeded: the same crops again


def test_document_weights_change_the_model(tiny_docs):
    probe = [d.lines for d in tiny_docs]
    plain = LineModel(TINY_PARAMS).fit(tiny_docs)
    again = LineModel(TINY_PARAMS).fit(tiny_docs, [1.0] * len(tiny_docs))
    heavy = LineModel(TINY_PARAMS).fit(tiny_docs, [50.0] + [1.0] * (len(tiny_docs) - 1))
    p_plain = [p for _, p in plain.predict_documents(probe)]
    p_again = [p for _, p in again.predict_documents(probe)]
    p_heavy = [p for _, p in heavy.predict_documents(probe)]
    assert all((a == b).all() for a, b in zip(p_plain, p_again))
    assert any(not (a == b).all() for a, b in zip(p_plain, p_heavy))
    with pytest.raises(ValueError, match="weights"):
        LineModel(TINY_PARAMS).fit(tiny_docs, [1.0])


def test_training_rows_count_the_documents(tiny_docs):
    rows, y, doc_of_row, sizes = training_rows(tiny_docs)
    assert len(rows) == len(y) == len(doc_of_row) == sum(sizes)
    assert sorted(set(doc_of_row.tolist())) == list(range(len(tiny_docs)))


@pytest.mark.parametrize("item", ["data/labeled", "data/labeled=", "=3", "data/labeled=-1", "data/labeled=x", "a=inf"])
def test_bad_weight_items_are_input_errors(item):
    with pytest.raises(InputError, match="SOURCE=W"):
        parse_weights([item])


def test_weight_items_parse():
    assert parse_weights(["data/labeled=5", "a=b=0.5"]) == {"data/labeled": 5.0, "a=b": 0.5}


def test_flat_copy_drops_only_the_blank_lines():
    page = doc([O, None, B, B, None, None, C, O])
    flat = without_blank_lines(page)
    assert flat is not None and flat.id == "page" + FLAT_SUFFIX
    assert flat.labels == (O, B, B, C, O)
    assert flat.lines == tuple(line for line in page.lines if line)
    assert without_blank_lines(doc([O, B])) is None  # nothing to drop


def test_flat_share_adds_flat_copies_of_that_share_of_documents():
    docs = [doc([O, None, B, None, O]) for _ in range(200)]
    out, origin = with_crops(docs, seed=1, flat_share=0.25)
    flat = [(d, o) for d, o in zip(out, origin) if d.id.endswith(FLAT_SUFFIX)]
    assert 30 <= len(flat) <= 70  # about a quarter of 200
    assert all(None not in d.labels and d.labels == (O, B, O) for d, _ in flat)
    assert with_crops(docs, seed=1) == with_crops(docs, seed=1, flat_share=0.0)  # off: as before
    assert not any(d.id.endswith(FLAT_SUFFIX) for d in with_crops(docs, seed=1)[0])


def test_most_crops_end_on_the_last_content_line():
    page = doc([O] * 5 + [B, B] + [O] * 5)
    ends = [[l for l in article_crop(page, random.Random(seed)).labels if l][-1] for seed in range(200)]
    assert 90 <= ends.count(B) <= 140
