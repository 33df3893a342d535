from __future__ import annotations

from clf.document import Label, LabeledDocument
from clf.reconstruct import ends_sentence, is_hard_wrapped, is_headline, reconstruct

B, C, Y, P = Label.BOILERPLATE, Label.CAPTION, Label.BYLINE, Label.BODY


def doc(rows):
    return LabeledDocument(tuple(t for _, t in rows), tuple(l for l, _ in rows))


def test_title_byline_captions_and_paragraphs():
    article = reconstruct(doc([
        (B, "Home News"),
        (P, "Big headline here"),
        (None, ""),
        (Y, "By Jo Bloggs"),
        (Y, "Published 1 May 2024"),
        (C, "A photo of the thing (Photo: A. Person)"),
        (P, "First paragraph of the story."),
        (None, ""),
        (P, "Second paragraph of the story."),
        (B, "Share this"),
    ]))
    assert article.title == "Big headline here"
    assert article.byline == "By Jo Bloggs | Published 1 May 2024"
    assert article.captions == ("A photo of the thing (Photo: A. Person)",)
    assert article.body == ("First paragraph of the story.", "Second paragraph of the story.")


def test_body_lines_repeating_the_title_are_left_out():
    article = reconstruct(doc([
        (P, "Big  headline here"),
        (B, "Home > News"),
        (P, "big headline HERE"),  # the article's own copy of the breadcrumb's title
        (P, "First paragraph of the story."),
        (P, "Big headline here, and more."),  # only the same words count
    ]))
    assert article.title == "Big headline here"
    assert article.body == ("First paragraph of the story.", "Big headline here, and more.")
    untitled = reconstruct(doc([(P, "A sentence. Another one."), (P, "A sentence. Another one.")]))
    assert untitled.title == "" and len(untitled.body) == 2  # no title: nothing to repeat


def test_long_first_body_line_is_not_a_title():
    article = reconstruct(doc([(P, "This is a sentence. And another sentence follows it here."), (P, "More.")]))
    assert article.title == ""
    assert article.body[0].startswith("This is a sentence.")


def test_a_date_or_a_link_before_the_headline_is_passed_over():
    rows = [(B, "Menu"), (P, "20 Dec 2025, 11:59"), (None, ""), (P, "https://www.linkedin.com/company/example"),
            (P, "Homestead gardening grows"), (P, "First paragraph of the story.")]
    article = reconstruct(doc(rows))
    assert article.title == "Homestead gardening grows"
    assert article.body == ("20 Dec 2025, 11:59", "https://www.linkedin.com/company/example",
                            "First paragraph of the story.")  # the stamps stay where they were
    three = reconstruct(doc([(P, "May 06, 2025"), (P, "Dec 17, 2025"), (P, "2025-12-17"), (P, "A headline")]))
    assert three.title == ""  # at most two are passed over, and a third is no title either
    for not_stamp in ("The 20 Dec 2025 meeting", "Coffee"):
        assert reconstruct(doc([(P, not_stamp), (P, "A headline")])).title == not_stamp


def test_the_only_body_line_stays_body_when_it_ends_a_sentence():
    pasted = "The council met on Tuesday to vote on the new budget."
    article = reconstruct(doc([(B, "Home | News"), (P, pasted)]))
    assert article.title == "" and article.body == (pasted,)  # a pasted paragraph, not a headline
    quoted = reconstruct(doc([(P, 'She said it was "the best year yet."')]))
    assert quoted.title == "" and len(quoted.body) == 1
    for headline in ("Council votes on the new budget", "Hottest Real Estate Markets in the U.S.",
                     "Boston at New Jersey, 7:30 P.m.", "Tricks von Marie Kondo & Co.", "And then there were none..."):
        alone = reconstruct(doc([(B, "Menu"), (P, headline)]))
        assert alone.title == headline and alone.body == (), headline
    followed = reconstruct(doc([(P, "Time to say goodbye."), (P, "First paragraph of the story.")]))
    assert followed.title == "Time to say goodbye."  # with more body below, a headline may end on a full stop


def test_ends_sentence():
    for sentence in ("It rained.", "He left the U.S. for good.", 'It was "the best."', "It rained (again)."):
        assert ends_sentence(sentence), sentence
    for other in ("No full stop here", "Made in the U.S.", "7:30 P.m.", "Marie Kondo & Co.", "Wait...", "Vol.", ""):
        assert not ends_sentence(other), other


def test_headlines_keep_abbreviations_and_one_question():
    for title in ("The No. 1 Workout of 2024", "Planting vs. Ordinary Planting", "11 U.S. Vacation Packages",
                  "Need a Change? 7 Vital Tips on How to Rent a Car", "Dr. Who Returns!", "J. K. Rowling Talks"):
        assert is_headline(title), title
    for prose in ("The council met. It decided.", "We did it. Then we left.", "Prices rose in 2024. Then they fell.",
                  "Why? Because it rained. Really? Yes.", "Is it safe? Yes! We tested it", "x" * 201, "  "):
        assert not is_headline(prose), prose


def test_lines_without_blank_lines_are_separate_paragraphs():
    article = reconstruct(doc([(P, "Head"), (P, "One."), (P, "Two."), (P, "Three.")]))
    assert article.body == ("One.", "Two.", "Three.")


def test_hard_wrapped_lines_join_into_paragraphs():
    wrapped = [
        (P, "Headline"),
        (None, ""),
        (P, "The first paragraph was wrapped by the scraper at about"),
        (P, "sixty characters, so its sentences run across several lines"),
        (P, "and they must be joined again into one paragraph of text."),
        (None, ""),
        (P, "A second paragraph is also wrapped at the same width here"),
        (P, "and ends on this line with a full stop at the very end."),
    ]
    d = doc(wrapped)
    assert is_hard_wrapped(d)
    article = reconstruct(d)
    assert len(article.body) == 2
    assert article.body[0].startswith("The first paragraph") and article.body[0].endswith("one paragraph of text.")


def test_non_body_line_breaks_a_paragraph():
    article = reconstruct(doc([(P, "Head"), (P, "Before."), (B, "Read more: elsewhere"), (P, "After.")]))
    assert article.body == ("Before.", "After.")


def test_a_markdown_pages_title_and_byline_are_text_and_its_body_keeps_its_markdown():
    rows = [(B, f"* [{name}](/{name.lower()})") for name in ("Home", "News", "Sport")]
    rows += [
        (P, "## Big headline here"),
        (Y, "By [Jo Bloggs](/authors/jo)Published 1 May 2024"),
        (P, "The **first** paragraph, with [a link](https://example.org/a)."),
    ]
    article = reconstruct(doc(rows))
    assert article.title == "Big headline here"
    assert article.byline == "By Jo Bloggs Published 1 May 2024"
    assert article.body == ("The **first** paragraph, with [a link](https://example.org/a).",)
    plain = reconstruct(doc(rows[3:]))  # too few links to be read as Markdown: lines as given
    assert plain.title == "## Big headline here"
