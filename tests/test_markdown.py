from __future__ import annotations

import pytest

from clf.document import Label, LabeledDocument
from clf.inference import _author_link_byline, _links_alone_not_body, _title_heading_first, load_model
from clf.markdown import (
    MARKDOWN_MIN_LINK_LINES, markup_only, looks_like_markdown, loose_brackets, markdown_reading, markdown_text,
    author_link, link_alone, link_list, title_heading,
)

# A teaser card as markdownify writes it: one link around an icon, a headline and a blurb.
CARD = ["* [![Icon](icon.svg)", "", "  Storm closes the harbour", "",
        "  Read the full story](https://example.org/news/harbour)"]


def test_lines_of_markdown_images_and_empty_links_alone_are_found():
    for picture in ("![A dog on a beach](dog.jpg)", "[![Logo](logo.png)](/)", ' ![](a.jpg "A") ![b](b.png) ',
                    "[](https://www.facebook.com/sharer.php?u=https%3A%2F%2Fexample.org)", "[ ](/a) ![b](b.png)"):
        assert markup_only(picture), picture
    for text in ("![A dog](dog.jpg) The dog ran off.", "[Home](/)", "Plain text", "", "see ![ and ](",
                 "[](/share) Share", "[]"):
        assert not markup_only(text), text


def test_a_link_spanning_lines_loses_its_loose_brackets_and_target():
    assert loose_brackets("  Read the full story](https://example.org/news/harbour)") == "  Read the full story"
    assert loose_brackets("[![Icon](icon.svg)") == "![Icon](icon.svg)"
    assert loose_brackets('Done](/a "A title") and [kept](/b)') == "Done and [kept](/b)"
    for unchanged in ("[whole](/link) text", "a ] b", r"an escaped \[ bracket", "x[1] and y[2]"):
        assert loose_brackets(unchanged) == unchanged
    read = [markdown_reading(line) for line in CARD]
    assert read == ["![Icon](icon.svg)", "", "  Storm closes the harbour", "", "  Read the full story"]
    assert markup_only(read[0])


def test_markdown_reading_drops_the_marks_a_reader_does_not_see():
    cases = {
        "## The storm": "The storm",
        "- A list item": "A list item",
        "    + A nested item": "A nested item",
        "The **port** is _closed_ again": "The **port** is _closed_ again",  # emphasis stays
        r"Rates rose 5\% in 2\_024 \#1": r"Rates rose 5\% in 2_024 #1",
        "1. A numbered item keeps its number": "1. A numbered item keeps its number",
        "#hashtag": "#hashtag",
        "=========": "",  # a setext heading's underline
        "> A quoted line": "A quoted line",
        "> > - A nested quote's item": "A nested quote's item",
        ">": "",
        "Rates > costs": "Rates > costs",
        "Rates = costs": "Rates = costs",
        "---": "---",  # a thematic break or a level-2 underline stays (docs/EXPERIMENTS.md, Markdown titles)
    }
    for line, reading in cases.items():
        assert markdown_reading(line) == reading, line
    assert not markdown_reading(">   ").strip()  # an empty quoted line reads as a blank line


def test_a_page_is_markdown_from_its_link_lines():
    links = [f"* [Section {i}](/section/{i})" for i in range(MARKDOWN_MIN_LINK_LINES)]
    assert looks_like_markdown(["Plain text"] + links)
    assert not looks_like_markdown(links[:-1] + ["Plain text [1] and (2)", "see [here] (there)"])


def test_a_markdown_page_is_read_as_its_text_and_its_marks_are_boilerplate():
    model = load_model()
    menu = [f"* [{name}](/{name.lower()})" for name in ("Home", "News", "Sport", "Weather")]
    body = ["The harbour authority closed the **port** on Monday after the storm broke the sea wall.",
            "Repairs to the wall will take until spring, the authority said in a statement."]
    page = [*menu, "", *CARD, "", "# Storm closes the harbour", "", body[0], "", "](/more)", "", body[1]]
    got = model.classify(page)
    assert got.lines == tuple(page)  # the lines as given
    marks = page.index("](/more)")
    assert got.labels[marks].value == "boilerplate" and got.probabilities[marks]["boilerplate"] == 1.0
    icon = page.index(CARD[0])
    assert got.labels[icon].value == "boilerplate" and got.probabilities[icon]["boilerplate"] == 1.0
    read = [markdown_reading(line) for line in page]
    read[icon] = read[marks] = ""
    plain = model.classify(read)
    others = [i for i in range(len(page)) if i not in (icon, marks)]
    assert [got.probabilities[i] for i in others] == [plain.probabilities[i] for i in others]
    assert body[1] in model.clean(page).body


def test_markdown_text_is_what_a_reader_sees():
    cases = {
        "## [Storm](/storm) closes the **harbour**": "Storm closes the harbour",
        "By [Ann Lee](/ann)Published: 2023": "By Ann Lee Published: 2023",
        "[Scott Matton](/s)[![LinkedIn](in.png)](/l) | March 2": "Scott Matton LinkedIn | March 2",
        "the [harbour](/h), closed": "the harbour, closed",
        "Read more](https://example.org/news/harbour)": "Read more",
    }
    for line, text in cases.items():
        assert markdown_text(line) == text, line


def test_the_title_heading_is_the_one_level_one_heading_outside_code():
    assert title_heading(["* [Home](/)", "", "# Storm closes the harbour", "", "## Repairs"]) == 2
    assert title_heading(["# Storm closes the harbour", "# Sea wall breaks"]) is None  # two: neither
    assert title_heading(["## Repairs", "#hashtag", "    # indented code", "Text"]) is None
    fenced = ["```bash", "# install the tools", "```", "", "# Storm closes the harbour"]
    assert title_heading(fenced) == 4
    assert title_heading(fenced[:3]) is None
    assert title_heading(["* [Home](/)", "", "Storm closes the harbour", "========", "", "Text"]) == 2
    assert title_heading(["Storm closes the harbour", "===", "", "# Sea wall breaks"]) is None  # two
    assert title_heading(["", "======", "Text"]) is None  # a rule under a blank line is no heading


B, P = Label.BODY, Label.BOILERPLATE


def _labeled(lines_and_labels: list[tuple[str, Label]]) -> LabeledDocument:
    return LabeledDocument(tuple(line for line, _ in lines_and_labels), tuple(label for _, label in lines_and_labels))


def test_a_markdown_page_starts_its_article_at_its_title_heading():
    teaser = "Sign up for our newsletter and get the week's best stories about the coast in your inbox."
    article = ["The harbour authority closed the port on Monday after the storm broke the sea wall.",
               "Repairs to the wall will take until spring, the authority said in a statement on Tuesday."]
    doc = _labeled([("* [Home](/)", P), (teaser, B), ("# Storm closes the harbour", P), *((line, B) for line in article)])
    got = _title_heading_first(doc)
    assert got.labels == (P, P, B, B, B)
    assert got.lines == doc.lines
    # a heading with more body above it than below is not the article's: the labels stay
    late = _labeled([*((line, B) for line in article), ("# Share this story", P), (teaser, B)])
    assert _title_heading_first(late) == late
    # no title heading (or two): the labels stay
    two = _labeled([("# Storm", P), (teaser, B), ("# Sea wall", P), (article[0], B)])
    assert _title_heading_first(two) == two


@pytest.mark.parametrize("heading", [["# Storm closes the harbour"], ["Storm closes the harbour", "=" * 24]])
def test_clean_takes_a_markdown_pages_title_from_its_heading(heading):
    model = load_model()
    menu = [f"* [{name}](/{name.lower()})" for name in ("Home", "News", "Sport", "Weather")]
    body = ["The harbour authority closed the port on Monday after the storm broke the sea wall, and "
            "the ferries to the islands will sail from the town's old quay until further notice.",
            "Repairs to the wall will take until spring, the authority said in a statement, and the "
            "cost is expected to run to several million pounds before the work is done."]
    teaser = ("Our coastal towns face more storms like this one every winter, and the sea walls built "
              "a century ago were never meant to hold them back.")
    page = [*menu, "", teaser, "", *heading, "", body[0], "", body[1]]
    got = model.clean(page)
    assert got.title == "Storm closes the harbour"
    assert not any("===" in paragraph for paragraph in got.body)
    assert teaser not in got.body and body[1] in got.body


def test_a_line_of_one_link_alone_is_found():
    for line in ("* [Average Costs in Boston](/blog/boston)", "[**Average Costs in Boston**](/blog/boston)",
                 "> [Read the report](https://example.org/report)", "  - [Sport](/sport)"):
        assert link_alone(line), line
    for line in ("## [Cognitive Benefits](#cognitive-benefits)",  # a heading linking to itself
                 "![A photo](photo.jpg)", "The [harbour](/h) closed on Monday.", "[Home](/) | [News](/news)",
                 "Plain text"):
        assert not link_alone(line), line


def test_a_line_mostly_of_links_is_found():
    for line in ("1. [Couple stalls inquiry](/a) 2. [Boy unaware he is paralysed](/b)",
                 "Tags: [Harbour](/t/harbour), [Storms](/t/storms), [Ferries](/t/ferries)",
                 "[Home](/) | [News](/news) | [Sport](/sport)"):
        assert link_list(line), line
    for line in ("The [harbour authority](/h) closed the port on Monday after the [storm](/s) tore at the breakwater.",
                 "[Home](/)",  # one link: link_alone's case
                 "![A photo](a.jpg) ![Another](b.jpg) were taken on the quay before the storm reached the town.",
                 "Plain text without links"):
        assert not link_list(line), line


def test_links_alone_on_a_markdown_page_are_not_body():
    teasers = [f"* [Average costs of cleaning in {city}](/blog/{city.lower()})" for city in ("Boston", "Denver")]
    doc = _labeled([("## [Prices](#prices)", B), ("Cleaning a flat costs about 120 dollars in most cities.", B),
                    *((line, B) for line in teasers), ("[Home](/)", P)])
    got = _links_alone_not_body(doc)
    assert got.labels == (B, B, P, P, P)
    listed = _labeled([("Cleaning a flat costs about 120 dollars in most cities.", B),
                       ("1. [Costs in Boston](/boston) 2. [Costs in Denver](/denver)", B)])
    assert _links_alone_not_body(listed).labels == (B, P)
    assert _links_alone_not_body(got) == got


def test_a_short_line_linking_to_an_author_page_is_found():
    for line in ("By [Scott Levine](/author/2420/) – Updated Sep 9, 2025", "[Trevor Jackins](/authors/trevor-jackins)",
                 "* [LEONARDO GARCIA](https://example.org/profile/leonardo/profile)"):
        assert author_link(line), line
    for line in ("![Headshot of Ann Lee](https://example.org/author/ann.jpg)",  # a picture
                 "[Ann Lee](/news/ann-lee-wins)", "Ann Lee wrote this. " * 12 + "[Ann Lee](/author/ann)"):  # too long
        assert not author_link(line), line


def test_a_markdown_pages_author_link_near_the_article_start_is_the_byline():
    by = "By [Ann Lee](/author/ann-lee) – March 2, 2025"
    article = ["The harbour authority closed the port on Monday after the storm broke the sea wall.",
               "Repairs to the wall will take until spring, the authority said in a statement on Tuesday."]
    doc = _labeled([("* [Home](/)", P), ("# Storm closes the harbour", B), (by, P), *((line, B) for line in article),
                    ("More by [Ann Lee](/author/ann-lee)", P)])
    got = _author_link_byline(doc)
    assert got.labels == (P, B, Label.BYLINE, B, B, P)  # the first one only
    far = _labeled([("# Storm closes the harbour", B), *((line, B) for line in article * 10), (by, P)])
    assert _author_link_byline(far) == far  # too far below the article's start


def test_clean_names_a_markdown_pages_author_from_an_author_link():
    model = load_model()
    body = ["The harbour authority closed the port on Monday after the storm broke the sea wall, and "
            "the ferries to the islands will sail from the town's old quay until further notice.",
            "Repairs to the wall will take until spring, the authority said in a statement, and the "
            "cost is expected to run to several million pounds before the work is done."]
    page = [*(f"* [{name}](/{name.lower()})" for name in ("Home", "News", "Sport")), "",
            "# Storm closes the harbour", "", "* [ANN LEE](https://example.org/profile/ann-lee/profile)", "", body[0], "",
            body[1]]
    got = model.clean(page)
    assert got.byline == "ANN LEE" and got.title == "Storm closes the harbour"
