from __future__ import annotations

import pickle

import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from clf.ngrams import CharNgrams, CodeIndex, WordNgrams, count_pairs

TEXTS = [
    "Home | News | Sport",
    "By Jo Bloggs, 12 March 2024",
    "The minister said on Sunday that the talks would go on.",
    "The talks went on; the minister said nothing.",
    "Photo: Jo Bloggs/AP   (tabs\tand  runs of spaces)",
    "Ünïcödé wörds, ÉTÉ and straße à la carte",
    "a b c d e i o u",
    "x",
    "Share on Facebook Share on Twitter",
    "Read more: the talks, the minister and the news",
    "日本語のテキストも 少し",
    "under_score snake_case 3.14 42",
]
OTHER = [
    "The news of the talks",
    "Something new: a minister, a carte, a straße",
    "",
    "   ",
    "zzz qqq never seen",
    "a",
]


def sklearn_matrix(vectorizer: TfidfVectorizer, names: list[str], texts: list[str]) -> np.ndarray:
    """scikit-learn's TF-IDF with its columns in the order of `names`."""
    X = vectorizer.transform(texts)
    return X[:, [vectorizer.vocabulary_[n] for n in names]].toarray()


@pytest.mark.parametrize("ngram_range", [(1, 1), (1, 3), (2, 4), (3, 3), (4, 6)])
def test_char_ngrams_equal_scikit_learns_char_wb(ngram_range):
    ours = CharNgrams(ngram_range, min_df=1).fit(TEXTS)
    theirs = TfidfVectorizer(analyzer="char_wb", ngram_range=ngram_range, sublinear_tf=True).fit(TEXTS)
    names = ours.feature_names()
    assert sorted(names) == sorted(theirs.vocabulary_)
    for texts in (TEXTS, OTHER):
        assert np.allclose(ours.transform(texts).toarray(), sklearn_matrix(theirs, names, texts), atol=1e-6)


@pytest.mark.parametrize("ngram_range", [(1, 1), (1, 2), (2, 3)])
def test_word_ngrams_equal_scikit_learns_word_analyzer(ngram_range):
    ours = WordNgrams(ngram_range, min_df=1).fit(TEXTS)
    theirs = TfidfVectorizer(ngram_range=ngram_range, sublinear_tf=True).fit(TEXTS)
    names = ours.feature_names()
    assert sorted(names) == sorted(theirs.vocabulary_)
    for texts in (TEXTS, OTHER):
        assert np.allclose(ours.transform(texts).toarray(), sklearn_matrix(theirs, names, texts), atol=1e-6)


@pytest.mark.parametrize("cls, analyzer", [(CharNgrams, "char_wb"), (WordNgrams, "word")])
def test_min_df_and_max_features_prune_like_scikit_learn(cls, analyzer):
    texts = TEXTS * 2 + ["the minister", "the talks the talks"]
    ours = cls((1, 2), min_df=3).fit(texts)
    theirs = TfidfVectorizer(analyzer=analyzer, ngram_range=(1, 2), min_df=3, sublinear_tf=True).fit(texts)
    assert sorted(ours.feature_names()) == sorted(theirs.vocabulary_)
    kept = set(cls((1, 2), max_features=5).fit(texts).feature_names())
    counts = CountVectorizer(analyzer=analyzer, ngram_range=(1, 2)).fit(texts)
    totals = dict(zip(counts.get_feature_names_out(), counts.transform(texts).sum(axis=0).A1))
    assert len(kept) == 5
    assert min(totals[k] for k in kept) >= max(v for k, v in totals.items() if k not in kept)


def test_fit_in_chunks_gives_the_same_vocabulary(monkeypatch):
    texts = [f"line {i} of the page, item {i % 7}" for i in range(50)] + TEXTS
    whole = CharNgrams((2, 3), min_df=2).fit(texts)
    monkeypatch.setattr("clf.ngrams.CHUNK", 7)
    monkeypatch.setattr("clf.ngrams.MERGE_EVERY", 2)
    chunked = CharNgrams((2, 3), min_df=2).fit(texts)
    assert chunked.feature_names() == whole.feature_names()
    assert np.allclose(chunked.idf_, whole.idf_)
    assert np.allclose(chunked.transform(OTHER).toarray(), whole.transform(OTHER).toarray())


def test_a_pickled_vocabulary_transforms_the_same():
    model = WordNgrams((1, 2), min_df=1).fit(TEXTS)
    before = model.transform(OTHER).toarray()
    again = pickle.loads(pickle.dumps(model))
    assert "_index" not in again.__dict__ and "_token_ids" not in again.__dict__
    assert np.array_equal(again.transform(OTHER).toarray(), before)


def test_no_text_left_after_pruning_is_an_error():
    with pytest.raises(ValueError, match="no n-grams left"):
        CharNgrams((2, 2), min_df=5).fit(["ab", "cd"])


def test_code_index_finds_every_code_and_nothing_else():
    rng = np.random.default_rng(0)
    codes = np.unique(rng.integers(0, 2**40, 5000))
    index = CodeIndex(codes)
    assert np.array_equal(index.lookup(codes), np.arange(len(codes)))
    others = np.setdiff1d(rng.integers(0, 2**40, 5000), codes)
    assert (index.lookup(others) == -1).all()


def test_tokens_that_differ_in_one_letter_stay_apart():
    letters = "bdfghmnr"
    texts = [" ".join(a + b + "ood" for b in letters) for a in letters] + ["good food, mood hood"]
    ours = WordNgrams((1, 2), min_df=1).fit(texts)
    theirs = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit(texts)
    names = ours.feature_names()
    assert sorted(names) == sorted(theirs.vocabulary_)
    probe = ["food good", "rood hood mood"]
    assert np.allclose(ours.transform(probe).toarray(), sklearn_matrix(theirs, names, probe), atol=1e-6)


@pytest.mark.parametrize("cls", [CharNgrams, WordNgrams])
def test_lone_surrogates_are_counted_not_fatal(cls):
    texts = ["ab\ud800cd line", "another line of text", "ab\ud800cd again"]
    model = cls((1, 2), min_df=1).fit(texts)
    assert model.transform(["ab\ud800cd"]).nnz > 0


@pytest.mark.parametrize("last_row", [5, 2**20])  # 32-bit keys, then too many rows for them
def test_count_pairs_counts_each_row_and_code_pair(last_row):
    rng = np.random.default_rng(0)
    rows = np.sort(np.concatenate([rng.integers(0, last_row, 400), [last_row]]))
    codes = rng.integers(0, 3000, rows.size)
    got_rows, got_codes, got_counts = count_pairs(rows, codes, 3000)
    pairs, counts = np.unique(np.stack([rows, codes], axis=1), axis=0, return_counts=True)
    assert got_rows.dtype == got_codes.dtype == np.int64
    np.testing.assert_array_equal(got_rows, pairs[:, 0])
    np.testing.assert_array_equal(got_codes, pairs[:, 1])
    np.testing.assert_array_equal(got_counts, counts)
