from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from clf.corpus import read_labeled
from clf import datasets
from clf.datasets import Page, gold_body_text, is_heldout, iter_pages
from clf.derive import (
    MIN_GOLD_RECALL, GoldIndex, align_body, build, classify_supplemental, date_pattern, derive_page, gold_recall,
    gold_authors, snippet_documents, snippet_labels, tokenize,
)
from clf.document import Label
from clf.errors import InputError

ARTICLE = """<html><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li></ul></nav>
<div class="related"><h3>Related stories</h3><p>Another story about the harbour</p></div>
<article>
<h1>Harbour reopens after storm</h1>
<p class="byline">By <a rel="author" href="/jo">Jo Bloggs</a></p>
<time datetime="2024-01-21">21 January 2024</time>
<figure><img src="harbour.jpg" alt="Boats in the harbour">
<figcaption>Boats return to the harbour on Sunday (Jane Roe/Getty Images)</figcaption></figure>
<p>The harbour reopened on Sunday after a week of repairs to the storm-damaged sea wall.</p>
<p>Fishing crews said they were relieved to get back to work before the season ends.</p>
<p>Share this article</p>
</article>
<footer><p>Copyright 2024 Harbour News. All rights reserved.</p></footer>
</body></html>"""

GOLD = {
    "main_text": (
        "The harbour reopened on Sunday after a week of repairs to the storm\u2013damaged sea wall.\n\n"
        "Fishing crews said they were relieved to get back to work before the season ends."
    ),
    "title": "Harbour reopens after storm",
    "author": "Jo Bloggs",
    "date": "2024-01-21",
}

L3S_PAGE = """<html><body>
<div><span class="x-nc-sel0">Home | Sport | Business</span></div>
<h2><span class="x-nc-sel1">Council approves new bridge</span></h2>
<div><span class="x-nc-sel3">By MARY SMITH, Associated Press Writer</span></div>
<p><span class="x-nc-sel2">The city council voted on Tuesday to build a new bridge over the river at a cost of
$40 million, ending years of debate.</span></p>
<div><span class="x-nc-sel3">The old bridge at dusk. (AP Photo/John Doe)</span></div>
<p><span class="x-nc-sel2">Work is expected to start next spring and to last two years.</span></p>
<div><span class="x-nc-sel3">Tags:</span></div>
<div><span class="x-nc-sel4">Mayor opens new library</span></div>
<div><span class="x-nc-sel5">Great news, finally! posted by reader42</span></div>
<p>Copyright 2008 Example Daily</p>
</body></html>"""


def labels_by_text(doc) -> dict[str, Label]:
    return {line: label for line, label in zip(doc.lines, doc.labels) if label is not None}


@pytest.fixture(scope="module")
def article_docs():
    return derive_page(Page("wcxb-articles", "p1", ARTICLE.encode("utf-8"), GOLD))


@pytest.mark.parametrize("style", ["blocks", "gettext"])
def test_gold_paragraphs_and_headline_become_body(article_docs, style):
    labels = labels_by_text(article_docs[style])
    assert labels["Harbour reopens after storm"] == Label.BODY
    assert labels["The harbour reopened on Sunday after a week of repairs to the storm-damaged sea wall."] == Label.BODY
    assert labels["Fishing crews said they were relieved to get back to work before the season ends."] == Label.BODY


@pytest.mark.parametrize("style", ["blocks", "gettext"])
def test_rel_author_and_time_lines_become_byline(article_docs, style):
    labels = labels_by_text(article_docs[style])
    assert labels["By Jo Bloggs"] == Label.BYLINE
    assert labels["21 January 2024"] == Label.BYLINE


@pytest.mark.parametrize("style", ["blocks", "gettext"])
def test_figcaption_becomes_caption(article_docs, style):
    labels = labels_by_text(article_docs[style])
    assert labels["Boats return to the harbour on Sunday (Jane Roe/Getty Images)"] == Label.CAPTION


@pytest.mark.parametrize("style", ["blocks", "gettext"])
def test_nav_related_sharing_and_footer_become_boilerplate(article_docs, style):
    labels = labels_by_text(article_docs[style])
    for text in ("Related stories", "Another story about the harbour", "Share this article",
                 "Copyright 2024 Harbour News. All rights reserved."):
        assert labels[text] == Label.BOILERPLATE
    menu = "Home" if style == "blocks" else "Home World news"
    assert labels[menu] == Label.BOILERPLATE


def test_gettext_alt_text_is_boilerplate(article_docs):
    assert labels_by_text(article_docs["gettext"])["Boats in the harbour"] == Label.BOILERPLATE


def test_gettext_alt_text_is_boilerplate_even_when_the_gold_holds_its_words():
    # "sea wall" lies in the gold between the two aligned paragraphs, so the short-line
    # bridge would make the alt text body; it is not shown text, so it is boilerplate.
    html = ARTICLE.replace(
        "<p>Fishing crews", '<div><img src="wall.jpg" alt="sea wall"></div>\n<p>Fishing crews')
    docs = derive_page(Page("wcxb-articles", "p2", html.encode("utf-8"), GOLD))
    assert "sea wall" not in docs["blocks"].lines
    assert labels_by_text(docs["gettext"])["sea wall"] == Label.BOILERPLATE


def test_gettext_heading_keeps_its_gold_line_when_an_alt_text_repeats_it():
    # Listicle items: a heading, then an image whose alt text is the heading again. The alt
    # text must not take the gold line from the heading (the first item's did, being the
    # later of two equal matches, and then lost it to the alt-text rule: both came out
    # boilerplate).
    items = [("Sea wall", "The sea wall was rebuilt with new stone blocks over the winter months."),
             ("Fish market", "The fish market opened again on Monday with a full day of trading.")]
    body = "".join(f'<h2>{h}</h2><div><img src="a.jpg" alt="{h}"></div>\n<p>{p}</p>\n' for h, p in items)
    html = f"<html><body><article><h1>{GOLD['title']}</h1>{body}</article></body></html>"
    gold = {**GOLD, "main_text": "\n\n".join(f"{h}\n\n{p}" for h, p in items)}
    doc = derive_page(Page("wcxb-articles", "p3", html.encode("utf-8"), gold), ("gettext",))["gettext"]
    for heading, _ in items:
        at = [i for i, line in enumerate(doc.lines) if line == heading]
        assert [doc.labels[i] for i in at] == [Label.BODY, Label.BOILERPLATE]


def test_gettext_textarea_copy_of_the_article_is_boilerplate_and_the_article_stays_body():
    # A "Republish this story" dialog after the article: its <textarea> holds the article
    # again as HTML source, one paragraph a line. Its lines match the gold as well as the
    # article's own, and the alignment took the later copy, so the article's paragraphs
    # came out boilerplate and the HTML source body.
    paragraphs = GOLD["main_text"].replace("\u2013", "-").split("\n\n")
    source = "\n".join(f"&lt;p&gt;{p}&lt;/p&gt;" for p in paragraphs)
    dialog = f'<div class="republish"><h3>Republish this story</h3><textarea>{source}</textarea></div>'
    html = ARTICLE.replace("</article>", f"</article>\n{dialog}")
    doc = derive_page(Page("wcxb-articles", "p4", html.encode("utf-8"), GOLD), ("gettext",))["gettext"]
    article = [i for i, line in enumerate(doc.lines) if line in paragraphs]
    copies = [i for i, line in enumerate(doc.lines) if "<p>" in line]
    assert len(article) == 2 and copies
    assert [doc.labels[i] for i in article] == [Label.BODY, Label.BODY]
    assert all(doc.labels[i] == Label.BOILERPLATE for i in copies)


def test_blank_lines_carry_no_label(article_docs):
    doc = article_docs["blocks"]
    assert all((label is None) == (line == "") for line, label in zip(doc.lines, doc.labels))


def test_author_string_near_the_article_is_byline_without_markup():
    html = ("<html><body><h1>Harbour reopens after storm</h1><div>Jo Bloggs</div>"
            f"<p>{GOLD['main_text'].splitlines()[0]}</p></body></html>")
    doc = derive_page(Page("wcxb-articles", "p2", html.encode(), GOLD), ("blocks",))["blocks"]
    assert labels_by_text(doc)["Jo Bloggs"] == Label.BYLINE


def test_a_line_mostly_covered_by_the_gold_is_body():
    html = ("<html><body><p>The harbour reopened on Sunday after a week of repairs to the storm-damaged "
            "sea wall. Read more</p></body></html>")
    doc = derive_page(Page("wcxb-articles", "p3", html.encode(), GOLD), ("blocks",))["blocks"]
    assert doc.labels == (Label.BODY,)


def test_pages_without_gold_text_are_skipped():
    assert derive_page(Page("wcxb-articles", "p4", ARTICLE.encode(), {"title": "x"})) == {}


def test_pages_whose_article_is_not_in_the_html_are_skipped(article_docs):
    """A page that draws its article with a script holds little of the gold text: it would
    teach that prose is boilerplate, so it is left out."""
    assert gold_recall(article_docs["blocks"], GOLD["main_text"]) == 1.0
    loading = ARTICLE.replace(
        "<p>The harbour reopened on Sunday after a week of repairs to the storm-damaged sea wall.</p>", ""
    ).replace("<p>Fishing crews said they were relieved to get back to work before the season ends.</p>",
              "<p>Loading paragraph...</p>")
    assert "Loading paragraph" in loading and "Fishing" not in loading and "repairs" not in loading
    doc = derive_page(Page("wcxb-articles", "p5", loading.encode(), GOLD), ("blocks",))
    assert doc == {}
    half = {**GOLD, "main_text": GOLD["main_text"] + "\n\nA last paragraph the page does not show."}
    kept = derive_page(Page("wcxb-articles", "p6", ARTICLE.encode(), half), ("blocks",))["blocks"]
    assert MIN_GOLD_RECALL <= gold_recall(kept, half["main_text"]) < 1.0


def test_tokenize_ignores_case_quotes_dashes_and_spacing():
    assert tokenize("It\u2019s  the \u201cSTORM\u201d\u2014damaged wall") == tokenize("it's the \"storm\"-damaged wall")


def test_alignment_prefers_the_ordered_copy_and_handles_repeated_gold_lines():
    gold = GoldIndex.from_text("Intro line of the article text here.\n\nOptional for: all products\n\n"
                               "Middle paragraph with several more words.\n\nOptional for: all products")
    lines = ["Optional for: all products", "Intro line of the article text here.",
             "Optional for: all products", "Middle paragraph with several more words.",
             "Optional for: all products"]
    aligned = align_body([tokenize(t) for t in lines], gold)
    assert sorted(aligned) == [1, 2, 3, 4]


def test_table_cells_match_a_gold_row_as_a_run():
    gold = GoldIndex.from_text("Prices by platform.\n\nPlatform Average cost YouTube $0.10 LinkedIn $2.50")
    lines = ["Prices by platform.", "", "Platform", "Average cost", "YouTube", "$0.10", "LinkedIn", "$2.50"]
    aligned = align_body([tokenize(t) for t in lines], gold)
    assert sorted(aligned) == [0, 2, 3, 4, 5, 6, 7]


def test_date_pattern_matches_the_ways_a_page_writes_a_date():
    pattern = date_pattern("2025-09-04")
    for text in ("September 4, 2025", "Sept. 4th 2025", "4 September 2025", "2025-09-04", "04/09/2025", "Sep 4"):
        assert pattern.search(" ".join(tokenize(text))), text
    assert not pattern.search(" ".join(tokenize("September 14, 2025")))
    assert date_pattern("") is None


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("By MARY SMITH, Associated Press Writer", Label.BYLINE),
        ("Last Updated: 31 December 2007 10:36 AM", Label.BYLINE),
        ("WASHINGTON (AFP)", Label.BYLINE),
        ("Michael Cockerill", Label.BYLINE),
        ("Reuters", Label.BYLINE),
        ("Walter Gibbs contributed reporting.", Label.BYLINE),
        ("The old bridge at dusk. (AP Photo/John Doe)", Label.CAPTION),
        ("Pervez Musharraf (file photo)", Label.CAPTION),
        ("Stephen Ames, left, and Mike Weir check the distance on the first tee during the third round", Label.CAPTION),
        ("Tags:", Label.BOILERPLATE),
        ("Copyright 2008 The Associated Press. All rights reserved.", Label.BOILERPLATE),
        ("Page 1 of 1", Label.BOILERPLATE),
        ("Scott Brown can be reached at sbrown@example.com or 412-481-5432.", Label.BOILERPLATE),
        ("7. Microsoft still bullish about Windows Vista", Label.BOILERPLATE),
        ("The full article contains 407 words and appears in Press Association newspaper.", Label.BOILERPLATE),
        ("This story is sourced direct from an overseas news agency as an additional service to readers.",
         Label.BOILERPLATE),
        ("Sean Collins is a writer based in New York.", Label.BOILERPLATE),
        ("Ryan McNeill covers the Toronto Raptors for HOOPSWORLD and has appeared on Raptors TV.", Label.BOILERPLATE),
        ("All other products and brand names are trademarks of their respective holders.", Label.BOILERPLATE),
        ("(Additional reporting by Hugh Bronstein in Bogota; Writing by Frank Jack Daniel; editing by Bill Trott "
         "and Todd Eastham)", Label.BYLINE),
        ("The writer Jane Doe covers her face during the hearing in London on Monday", Label.CAPTION),
    ],
)
def test_supplemental_split_rules(text, label):
    assert classify_supplemental(text) == label


def test_supplemental_after_a_tags_header_is_boilerplate():
    assert classify_supplemental("Tom Hanks", previous="Tags:") == Label.BOILERPLATE


@pytest.mark.parametrize("style", ["blocks", "gettext"])
def test_l3s_spans_map_to_labels(style):
    page = Page("l3s-gn1", "u1", b"", {"annotated_html": L3S_PAGE.encode()})
    labels = labels_by_text(derive_page(page, (style,))[style])
    assert labels["Council approves new bridge"] == Label.BODY
    assert labels["Work is expected to start next spring and to last two years."] == Label.BODY
    assert labels["By MARY SMITH, Associated Press Writer"] == Label.BYLINE
    assert labels["The old bridge at dusk. (AP Photo/John Doe)"] == Label.CAPTION
    for text in ("Home | Sport | Business", "Tags:", "Mayor opens new library",
                 "Great news, finally! posted by reader42", "Copyright 2008 Example Daily"):
        assert labels[text] == Label.BOILERPLATE


def test_l3s_line_takes_the_label_of_most_of_its_characters():
    html = ('<p><span class="x-nc-sel3">12 Jan 2008</span> <span class="x-nc-sel2">LONDON - The markets fell '
            'sharply on Monday as investors worried about the banks.</span></p>')
    page = Page("l3s-gn1", "u2", b"", {"annotated_html": html.encode()})
    assert derive_page(page, ("blocks",))["blocks"].labels == (Label.BODY,)


def test_l3s_alt_text_inside_full_text_is_boilerplate():
    html = ('<div><span class="x-nc-sel2"><img src="b.jpg" alt="bridge at dusk"></span></div>'
            '<p><span class="x-nc-sel2">Work is expected to start next spring and to last two years.</span></p>')
    page = Page("l3s-gn1", "u3", b"", {"annotated_html": html.encode()})
    labels = labels_by_text(derive_page(page, ("gettext",))["gettext"])
    assert labels["bridge at dusk"] == Label.BOILERPLATE
    assert labels["Work is expected to start next spring and to last two years."] == Label.BODY


def test_l3s_gold_reads_title_and_main_text():
    gold = datasets.l3s_gold(L3S_PAGE.encode())
    assert gold["title"] == "Council approves new bridge"
    assert gold["main_text"].startswith("The city council voted")
    assert "By MARY SMITH" not in gold["main_text"]


def test_heldout_split_is_deterministic_and_about_a_quarter():
    ids = [f"{i:04d}" for i in range(4000)]
    first = [is_heldout("wcxb-articles", i) for i in ids]
    assert first == [is_heldout("wcxb-articles", i) for i in ids]
    assert 0.22 < sum(first) / len(ids) < 0.28
    other = [is_heldout("l3s-gn1", i) for i in ids]
    assert first != other  # the set name is part of the seed


def write_fake_wcxb(root: Path) -> None:
    base = root / "wcxb-articles" / "dev"
    (base / "html").mkdir(parents=True)
    (base / "ground-truth").mkdir(parents=True)
    for page_id in ("0001", "0002"):
        (base / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(ARTICLE.encode()))
        truth = {"ground_truth": {**{k: v for k, v in GOLD.items() if k != "main_text"},
                                  "main_content": GOLD["main_text"], "publish_date": GOLD["date"]}}
        (base / "ground-truth" / f"{page_id}.json.gz").write_bytes(gzip.compress(json.dumps(truth).encode()))


def test_build_writes_one_tsv_per_page_and_style(tmp_path):
    write_fake_wcxb(tmp_path / "datasets")
    out = tmp_path / "derived"
    stale = out / "wcxb-articles" / "blocks" / "gone.tsv"
    stale.parent.mkdir(parents=True)
    stale.write_text("body\tx\n")
    seen = []
    stats = build(out, ["wcxb-articles"], ["blocks", "gettext"], root=tmp_path / "datasets",
                  progress=lambda s, done, total: seen.append((done, total)))
    assert sorted(p.name for p in (out / "wcxb-articles" / "blocks").iterdir()) == ["0001.tsv", "0002.tsv"]
    assert (out / "wcxb-articles" / "gettext" / "0002.tsv").exists()
    assert stats.docs[("wcxb-articles", "blocks")] == 2
    assert stats.lines[("wcxb-articles", "blocks")]["caption"] == 2
    assert seen[-1] == (2, 2)
    docs = read_labeled([out / "wcxb-articles" / "blocks"])
    assert {doc.id for doc in docs} == {"0001", "0002"}


def test_page_records_and_gold_body_text(tmp_path):
    write_fake_wcxb(tmp_path)
    page = next(iter_pages("wcxb-articles", tmp_path))
    assert page.id == "0001" and page.html.startswith(b"<html>")
    assert gold_body_text("wcxb-articles", page) == GOLD["main_text"]
    assert page.gold["title"] == GOLD["title"] and page.gold["author"] == "Jo Bloggs"


def test_unknown_sets_are_reported():
    with pytest.raises(InputError, match="unknown dataset"):
        next(iter_pages("no-such-set"))
    with pytest.raises(InputError, match="cannot build"):
        build("unused", ["trafilatura-eval"])


needs_datasets = pytest.mark.skipif(not datasets.DATASETS_DIR.is_dir(), reason="shared datasets not available")


@needs_datasets
def test_real_sets_have_ids_and_gold():
    wcxb = next(iter_pages("wcxb-articles"))
    assert wcxb.gold["main_text"] and wcxb.gold["title"]
    l3s = next(iter_pages("l3s-gn1"))
    assert l3s.gold["main_text"] and l3s.gold["annotated_html"]
    traf = next(iter_pages("trafilatura-eval"))
    assert gold_body_text("trafilatura-eval", traf) is None and traf.gold["with"]


@needs_datasets
def test_a_real_wcxb_page_gets_all_four_labels():
    page = next(p for p in iter_pages("wcxb-articles") if p.id == "0001")
    labels = set(derive_page(page, ("blocks",))["blocks"].labels) - {None}
    assert {Label.BODY, Label.BYLINE, Label.BOILERPLATE} <= labels


def test_a_caption_class_without_an_image_is_not_a_caption():
    html = ("<html><body><h1>Harbour reopens after storm</h1>"
            f"<p>{GOLD['main_text'].splitlines()[0]}</p><div class='caption-large'>Item added to your cart</div>"
            f"<p>{GOLD['main_text'].splitlines()[2]}</p></body></html>")
    doc = derive_page(Page("wcxb-articles", "p5", html.encode(), GOLD), ("blocks",))["blocks"]
    assert labels_by_text(doc)["Item added to your cart"] == Label.BOILERPLATE


def test_an_author_box_after_the_article_is_boilerplate():
    html = ("<html><body><h1>Harbour reopens after storm</h1><p class='byline'>By Jo Bloggs</p>"
            f"<p>{GOLD['main_text'].splitlines()[0]}</p><h3>About the author</h3>"
            "<div class='author-name'>Jo Bloggs</div><p>Jo writes about boats.</p></body></html>")
    labels = labels_by_text(derive_page(Page("wcxb-articles", "p6", html.encode(), GOLD), ("blocks",))["blocks"])
    assert labels["By Jo Bloggs"] == Label.BYLINE
    assert labels["Jo Bloggs"] == Label.BOILERPLATE


def test_a_dataset_folder_without_pages_is_an_error(tmp_path):
    (tmp_path / "wcxb-articles" / "dev" / "ground-truth").mkdir(parents=True)
    with pytest.raises(InputError, match="no \\*.json.gz files"):
        next(iter_pages("wcxb-articles", tmp_path))


@pytest.mark.parametrize("content, message", [
    (b"not gzip at all", "cannot read gzip data"),
    (gzip.compress(b"{not json"), "expected a JSON object with 'ground_truth'"),
    (gzip.compress(b'{"other": 1}'), "expected a JSON object with 'ground_truth'"),
])
def test_corrupt_ground_truth_names_the_file(tmp_path, content, message):
    write_fake_wcxb(tmp_path)
    bad = tmp_path / "wcxb-articles" / "dev" / "ground-truth" / "0002.json.gz"
    bad.write_bytes(content)
    with pytest.raises(InputError, match=message) as info:
        list(iter_pages("wcxb-articles", tmp_path))
    assert str(bad) in str(info.value)


def test_a_failed_build_keeps_the_previous_set_whole(tmp_path):
    datasets, out = tmp_path / "datasets", tmp_path / "derived"
    write_fake_wcxb(datasets)
    build(out, ["wcxb-articles"], ["blocks"], root=datasets)
    before = {p.name: p.read_text() for p in (out / "wcxb-articles" / "blocks").iterdir()}
    (datasets / "wcxb-articles" / "dev" / "ground-truth" / "0002.json.gz").write_bytes(b"broken")
    with pytest.raises(InputError, match="0002.json.gz: cannot read gzip data"):
        build(out, ["wcxb-articles"], ["blocks"], root=datasets)
    assert {p.name: p.read_text() for p in (out / "wcxb-articles" / "blocks").iterdir()} == before
    assert sorted(p.name for p in out.iterdir()) == ["wcxb-articles"]  # no scratch folder left


def test_snippets_label_only_the_lines_they_speak_for():
    lines = ["Impressum", "", "Die GEMA dreht völlig am Zeiger! Und noch mehr dazu.", "Am 31. Mai war es schön, sagte er.",
             "Ein Satz,   der mitten im langen Schnipsel steht", "Menü", "Kommentare und Impressum"]
    with_ = ["Die GEMA dreht völlig am Zeiger!", "Vorher. Ein Satz, der mitten im langen Schnipsel steht. Nachher."]
    without = ["31. Mai", "Impressum", "Kommentare und Impressum und Datenschutz"]
    labels, known = snippet_labels(lines, with_, without)
    assert labels[1] is None and len(known) == 6  # one flag per non-empty line
    B, X = Label.BODY, Label.BOILERPLATE
    got = [(label, k) for label, k in zip([l for l in labels if l is not None], known)]
    assert got == [
        (X, True),   # the whole line is a without-snippet
        (B, True),   # holds a with-snippet
        (X, False),  # holds a short without-snippet inside a sentence: unknown
        (B, True),   # lies inside a with-snippet (whitespace squeezed)
        (X, False),  # no snippet speaks for it
        (X, True),   # lies inside a without-snippet
    ]


def test_snippet_pages_also_know_their_byline():
    lines = ["Mara Quill's blog", "Harbour wall to be rebuilt", "Von Mara Quill, 3. Mai 2024",
             "Der Rat stimmte am Dienstag dafür, die Mauer neu zu bauen.", "© 2024 Mara Quill"]
    labels, known = snippet_labels(lines, ["Der Rat stimmte am Dienstag"], [], gold_authors(["Mara Quill"]))
    assert [(label, k) for label, k in zip(labels, known)] == [
        (Label.BOILERPLATE, False),  # names her too, but further from the article
        (Label.BOILERPLATE, False),  # the headline: no snippet speaks for it
        (Label.BYLINE, True),        # the line naming the author nearest the article
        (Label.BODY, True),
        (Label.BOILERPLATE, False),  # a copyright line is never the byline
    ]


def test_gold_authors_take_strings_and_lists():
    assert gold_authors("A. Lee and B. Kay") == ("A. Lee", "B. Kay")
    assert gold_authors(["A. Lee", "B. Kay; C. Day"]) == ("A. Lee", "B. Kay", "C. Day")
    assert gold_authors(None) == () and gold_authors("") == ()


def test_snippet_documents_need_a_set_with_snippets():
    with pytest.raises(InputError, match="no with/without snippets"):
        snippet_documents("wcxb-articles")


def _labels_of(html: str, page_id: str) -> dict[str, Label]:
    return labels_by_text(derive_page(Page("wcxb-articles", page_id, html.encode(), GOLD), ("blocks",))["blocks"])


PARAS = GOLD["main_text"].split("\n\n")


@pytest.mark.parametrize("wrapper", ["under-menu", "content-teaser"])
def test_a_container_named_off_that_holds_the_article_does_not_hide_its_byline_and_captions(wrapper):
    """Some sites wrap the whole article in a "menu"- or "teaser"-classed element; its bylines
    and captions are still bylines and captions."""
    html = (f"<html><body><nav><p>Home</p></nav><div class='{wrapper}'><h1>Harbour reopens after storm</h1>"
            "<p>Published on January 21, 2024</p><p>By Jo Bloggs</p>"
            f"<p>{PARAS[0]}</p><figure><img src='a.jpg'><figcaption>Boats on the quay</figcaption></figure>"
            f"<p>{PARAS[1]}</p></div><div class='related-posts'><p>By Ann Lee</p></div></body></html>")
    labels = _labels_of(html, "p20")
    assert labels["By Jo Bloggs"] == Label.BYLINE
    assert labels["Published on January 21, 2024"] == Label.BYLINE
    assert labels["Boats on the quay"] == Label.CAPTION
    assert labels["Home"] == Label.BOILERPLATE
    assert labels["By Ann Lee"] == Label.BOILERPLATE  # a related box after the article stays off


def test_a_related_box_inside_the_article_stays_off():
    html = (f"<html><body><h1>Harbour reopens after storm</h1><p>{PARAS[0]}</p>"
            "<div class='related'><figure><img src='b.jpg'><figcaption>Another harbour</figcaption></figure></div>"
            f"<p>{PARAS[1]}</p></body></html>")
    assert _labels_of(html, "p21")["Another harbour"] == Label.BOILERPLATE


def test_a_reading_time_beside_the_byline_keeps_it_a_byline_but_alone_is_boilerplate():
    html = ("<html><body><h1>Harbour reopens after storm</h1><p>By Jo Bloggs · 6 min read</p>"
            f"<p>5 min read</p><p>{PARAS[0]}</p><p>{PARAS[1]}</p></body></html>")
    labels = _labels_of(html, "p22")
    assert labels["By Jo Bloggs · 6 min read"] == Label.BYLINE
    assert labels["5 min read"] == Label.BOILERPLATE


def test_a_by_line_among_the_first_body_lines_is_a_byline():
    html = (f"<html><body><h1>Harbour reopens after storm</h1><p>{PARAS[0]}</p><p>Reviewed by: Ann Lee</p>"
            f"<p>{PARAS[1]}</p></body></html>")
    assert _labels_of(html, "p23")["Reviewed by: Ann Lee"] == Label.BYLINE


@pytest.mark.parametrize("credit", [
    "Getty Images / Jane Doe", "Image by Jane from Pixabay", "Photo courtesy Acme Architects",
    "Boats back at the quay on Sunday. Photo: Jane Doe",
])
def test_credit_lines_without_markup_in_the_article_are_captions(credit):
    html = (f"<html><body><h1>Harbour reopens after storm</h1><p>{PARAS[0]}</p><p>{credit}</p>"
            f"<p>{PARAS[1]}</p><footer><p>Image by Max from Pixabay</p></footer></body></html>")
    labels = _labels_of(html, "p24")
    assert labels[credit] == Label.CAPTION
    assert labels["Image by Max from Pixabay"] == Label.BOILERPLATE  # the footer is off


@pytest.mark.parametrize("text, label", [
    ("$129 at Amazon", Label.BOILERPLATE), ("26", Label.BOILERPLATE), ("21 comments", Label.BOILERPLATE),
    ("Read the Article", Label.BOILERPLATE),
    ("At just $40, the camera's picture surprised us with its 2K resolution", Label.CAPTION),
])
def test_prices_and_counts_in_a_figure_are_not_captions(text, label):
    html = (f"<html><body><h1>Harbour reopens after storm</h1><p>{PARAS[0]}</p>"
            f"<figure><img src='c.jpg'><figcaption>{text}</figcaption></figure><p>{PARAS[1]}</p></body></html>")
    assert _labels_of(html, "p25")[text] == label


@pytest.mark.parametrize("spec", ["Graphics: Nvidia RTX 4050", "Video: 4K/30p, Full HD 120p"])
def test_spec_lines_named_like_media_are_not_captions(spec):
    html = (f"<html><body><h1>Harbour reopens after storm</h1><p>{PARAS[0]}</p><p>{spec}</p>"
            f"<p>{PARAS[1]}</p></body></html>")
    assert _labels_of(html, "p26")[spec] == Label.BOILERPLATE
