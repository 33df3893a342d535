from __future__ import annotations

import re
from collections import Counter

from clf.columns import HEAD_APART_LINES, LONG_CELL, RUN_ON_CHARS, RUN_ON_PAGE_SHARE, cells, fragments_joined, unwrapped, wrap_width, markdown_cells, paragraph_breaks, sentence_lines, text_cut_from_code, untangle
from clf.features import is_script_line
from clf.inference import load_model, read_columns
from clf.document import Document

PARAGRAPHS = [
    "Newcastle chairman Chris Mort has insisted the club are not looking for a replacement for manager "
    "Sam Allardyce, despite a run of one win in eight league games over the busy Christmas period.",
    "The former Bolton boss has endured an intensely difficult few weeks, and the away supporters made "
    "their feelings known at Wigan on Boxing Day, but the board says its patience has not run out yet.",
    "Mort said the club would give Allardyce the time and the money he needs in the January transfer "
    "window, and that the speculation about other managers had been tiresome for everyone at the club.",
    "The big test will come on Tuesday night when the Magpies entertain Manchester City at St James' "
    "Park, looking to end a run of three games without a goal in front of their own supporters.",
]
MENU = ["Home", "Football", "Cricket", "Tennis", "Rugby", "Golf", "Racing", "Boxing"]
SIDEBAR = ["Latest stories", "Inter seal Maniche deal", "Parma swoop for Lucarelli", "Moore still missing",
           "More football news"]


def column_dump() -> list[str]:
    """A page built as a table of three columns, as a text browser lays it out."""
    rows = [("", "MORT DENIES ALLARDYCE SPECULATION", "")]
    for i, paragraph in enumerate(PARAGRAPHS):
        rows.append((MENU[2 * i], paragraph, SIDEBAR[i]))
        rows.append((MENU[2 * i + 1], "", "" if i + 1 < len(PARAGRAPHS) else SIDEBAR[i + 1]))
    lines = ["Sports News    Login    Register", ""]
    for left, middle, right in rows:
        line = left.ljust(30) + middle.ljust(240) + right
        lines.append(line.rstrip())
    lines += ["", "Copyright 2008 Sports News. All rights reserved."]
    return lines


def words(lines) -> Counter:
    return Counter(w for line in lines for w in re.findall(r"\w+", line))


def test_cells_are_the_runs_of_text_between_wide_gaps():
    assert cells("Home" + " " * 26 + "Newcastle won.   Sidebar") == [(0, "Home"), (30, "Newcastle won."), (47, "Sidebar")]
    assert cells("   one two  three") == [(3, "one two  three")]


def test_a_column_dump_is_read_column_by_column():
    lines = column_dump()
    out = untangle(lines)
    assert out is not None
    texts = [line for line in out if line.strip()]
    # the article column's headline and paragraphs follow one another, each a line of its own
    start = texts.index("MORT DENIES ALLARDYCE SPECULATION")
    assert texts[start + 1:start + 1 + len(PARAGRAPHS)] == PARAGRAPHS
    # the menu column comes before it, in order; the sidebar after it
    assert [t for t in texts if t in MENU] == MENU
    assert texts.index(MENU[-1]) < start < texts.index(SIDEBAR[0])
    # lines after the region stay as they were, and no word is lost
    assert out[-1] == lines[-1]
    assert words(out) == words(lines)


def test_blank_padding_between_a_layouts_rows_does_not_part_it():
    # inscriptis pads a layout table's rows with lines of spaces: more of them than REGION_GAP
    padded = [padded for line in column_dump() for padded in (line, *[" " * 40] * 5)]
    out = untangle(padded)
    assert out is not None
    texts = [line for line in out if line.strip()]
    start = texts.index("MORT DENIES ALLARDYCE SPECULATION")
    assert texts[start + 1:start + 1 + len(PARAGRAPHS)] == PARAGRAPHS
    assert words(out) == words(padded)


def test_other_text_comes_back_unchanged():
    prose = [PARAGRAPHS[0], "", PARAGRAPHS[1], "", "Share   Tweet   Email"]
    assert untangle(prose) is None
    # a stray wide gap inside a long line: no column lines up with it
    assert untangle([PARAGRAPHS[0][:80] + "    " + PARAGRAPHS[0][80:], "", PARAGRAPHS[1]]) is None
    # a data table: aligned columns, but no cell is a paragraph
    table = [f"{name:<20}{score:>5}      {note}" for name, score, note in
             (("Newcastle", 23, "one win in eight"), ("Wigan", 20, "home form"), ("Fulham", 15, "bottom three"))]
    assert untangle(table) is None
    assert max(len(t) for line in table for _, t in cells(line)) < LONG_CELL


def test_read_columns_keeps_other_documents_as_they_are():
    doc = Document(tuple([PARAGRAPHS[0], "", PARAGRAPHS[1]]), "a")
    assert read_columns(doc) is doc
    untangled = read_columns(Document(tuple(column_dump()), "b"))
    assert untangled.id == "b" and PARAGRAPHS[2] in untangled.lines


def test_clean_rebuilds_the_article_of_a_column_dump():
    article = load_model().clean(column_dump())
    assert [p for p in article.body if p in PARAGRAPHS] == PARAGRAPHS
    assert not set(article.body) & set(MENU + SIDEBAR)


def test_markdown_layout_rows_are_read_cell_by_cell():
    article = "The harbour authority closed the port on Monday after the storm, " * 3
    layout = f"| [Home](/) | [News](/news) | | --- | --- | | {article.strip()} | [Weather](/w) |"
    data = ["| Model | Price |", "| --- | --- |", "| A | 10 |"]
    lines = ["# Storm", layout, "", *data]
    assert markdown_cells(lines) == ["# Storm", "[Home](/)", "[News](/news)", article.strip(), "[Weather](/w)", "",
                                     "", *data]
    assert markdown_cells(data) is None  # a data table's short rows stay as they are
    assert markdown_cells(["a | b | c", "x" * 200]) is None  # no row without its outer bars
    doc = read_columns(Document(tuple(lines)))
    assert article.strip() in doc.lines and layout not in doc.lines


def test_markdown_layout_cells_are_read_as_lines_at_their_runs_of_spaces():
    first = "The harbour authority closed the port on Monday after the storm tore at the breakwater."
    second = "Ferries stayed in port, and the coastguard warned boats off the bay."
    cell = f"{first}    {second}  [Share](/share)"  # markdownify's paragraphs and <br> inside a cell
    row = f"| [Home](/) | {cell} | | --- | --- | |"
    assert markdown_cells([row]) == ["[Home](/)", first, second, "[Share](/share)", ""]
    short = "| a  b | c |"  # a data table's short row stays as it is, spaces and all
    assert markdown_cells([short]) is None
    alone = f"| {cell} |"  # a layout row holding the article alone, in one long cell
    assert markdown_cells([alone]) == [first, second, "[Share](/share)", ""]


def test_markdown_picture_lines_are_boilerplate_and_read_as_blank_lines():
    model = load_model()
    article = ["# Storm closes the harbour", "",
               "The harbour authority closed the port on Monday after the storm broke the sea wall.", "",
               "[![A fishing boat on its side](boat.jpg)](/photos/boat)", "",
               "Repairs to the wall will take until spring, the authority said in a statement."]
    got = model.classify(article)
    picture = article.index("[![A fishing boat on its side](boat.jpg)](/photos/boat)")
    assert got.labels[picture].value == "boilerplate"
    assert got.probabilities[picture]["boilerplate"] == 1.0
    blanked = model.classify([("" if i == picture else line) for i, line in enumerate(article)])
    others = [i for i in range(len(article)) if i != picture]
    assert [got.labels[i] for i in others] == [blanked.labels[i] for i in others]
    assert [got.probabilities[i] for i in others] == [blanked.probabilities[i] for i in others]
    assert "A fishing boat on its side" not in " ".join(model.clean(article).body)


MORE = [
    "Allardyce himself said on Saturday that he had spoken to the chairman twice this week and that "
    "both conversations had been about players, not about his own position at the club.",
    "Supporters' groups have asked for a meeting with the board before the transfer window opens, "
    "saying they want to hear the club's plans for the squad and for the stadium in person.",
    "The club's last home win came in the middle of November, when two late goals from the captain "
    "turned a dull afternoon against a side from the bottom three into a comfortable victory.",
    "Ticket sales for the Manchester City game are said to be slower than usual, with several thousand "
    "seats in the upper tier of the stand still on sale at the club shop on Friday afternoon.",
    "Mort added that the club's accounts, due out in the spring, would show the board had kept its "
    "promise to put every penny of the summer's transfer income back into the playing squad.",
    "Whatever happens on Tuesday, the manager is expected to name an unchanged side, with the two "
    "new signings from the summer again on the bench after their return from injury this month.",
]


def test_a_run_on_line_is_read_sentence_by_sentence():
    sentences = PARAGRAPHS + MORE  # one sentence each
    run_on = " ".join(sentences + sentences)
    assert len(run_on) >= RUN_ON_CHARS
    lines = sentence_lines(["Home", run_on, "", "Contact us"])
    assert lines == ["Home", *sentences, *sentences, "", "Contact us"]
    assert sentence_lines(["Home", *PARAGRAPHS]) is None


def test_a_run_on_line_is_split_where_a_model_says_when_it_has_one():
    run_on = " ".join(2 * (PARAGRAPHS + MORE))
    halves = [run_on[:len(run_on) // 2], run_on[len(run_on) // 2:]]
    assert sentence_lines(["Home", run_on], split=lambda line: halves) == ["Home", *halves]
    assert sentence_lines(["Home", *PARAGRAPHS], split=lambda line: halves) is None  # no run-on line
    listing = " ".join(f"Country number {i} of the long list ({i})" for i in range(80))  # no sentence end
    assert len(listing) >= RUN_ON_CHARS and sentence_lines([listing], split=lambda line: halves) is None


def test_a_minified_script_stays_whole_unless_the_pages_text_is_inside_it():
    # a site builder's style sheet as one text node: cut at its `. `, its pieces passed for text
    style = "".join(f".c{i} .x{i}{{margin:0 {i}px;padding:1px}}. A.b{i}{{color:#{i:03d}}}. " for i in range(120))
    assert len(style) >= RUN_ON_CHARS and is_script_line(style)
    split = lambda line: ["first part", "second part"]
    assert sentence_lines(["Home", style, *PARAGRAPHS]) is None
    assert sentence_lines(["Home", style], split=split) is None  # the whole page, but code alone
    # a page minified onto one line with its article among the scripts is cut as before (on the
    # wcxb pages cut by a regular expression, such lines are a third or more prose)
    page = style[:1000] + " ".join(PARAGRAPHS + MORE) + style[:1000]
    assert sentence_lines(["Home", page], split=split) == ["Home", "first part", "second part"]
    # but a short paragraph amid a style sheet twice as long as itself is no page's text
    assert sentence_lines(["Home", style[:2000] + " ".join(PARAGRAPHS[:2]) + style[:2000]], split=split) is None


def test_text_glued_to_a_scripts_end_is_cut_out_and_the_code_kept_whole():
    # tags cut out of a source without a line break between its style sheet and its body
    style = "".join(f".c{i} .x{i}{{margin:0 {i}px;padding:1px}}" for i in range(40))
    text = " ".join(PARAGRAPHS[:2])
    assert is_script_line(style + " " + text)
    assert text_cut_from_code(["Home", style + " " + text, "Contact us"]) == ["Home", style, text, "Contact us"]
    # between two rules too, each stretch of text a line and each piece of code whole
    more = " ".join(MORE[:2])
    assert text_cut_from_code([style + text + style + more]) == [style, text, style, more]
    # code alone, a short message among rules, and a page's data are left as given
    assert text_cut_from_code(["Home", style, *PARAGRAPHS]) is None
    assert text_cut_from_code([style + " Please turn on JavaScript to see this page. " + style]) is None
    payload = 'self.__next_f.push([1,"' + " ".join(PARAGRAPHS + MORE) + '"])'
    assert text_cut_from_code([payload]) is None


def test_a_formatted_script_given_as_one_line_stays_whole():
    # a text node's white space squeezed: spaced like prose, its comments sentences of their own
    script = "".join(
        f"/* Step {i}. Open the menu when its button is pressed. */ var button{i} = document.querySelector('.menu-{i}'); "
        f"button{i}.addEventListener('click', function () {{ menu.classList.toggle('open-{i}'); }}); "
        for i in range(12))
    assert len(script) >= RUN_ON_CHARS and is_script_line(script) and script.count(" ") > 0.1 * len(script)
    assert sentence_lines(["Home", script, *PARAGRAPHS]) is None
    # the same length of prose with a script's opening is cut as before
    prose = "var x = 1; " + " ".join((PARAGRAPHS + MORE) * 2)
    assert sentence_lines(["Home", prose, *PARAGRAPHS]) is not None


def test_a_pages_data_holding_its_article_stays_one_line_and_is_unread():
    # Next.js streams the page's content in a script: a scraper that keeps scripts dumps it as one
    # long line of the article's sentences; cut at them, the pieces passed for body, the article twice
    payload = 'self.__next_f.push([1,"' + " ".join((PARAGRAPHS + MORE) * 2) + '"])'
    assert len(payload) >= RUN_ON_CHARS
    page = [*MENU, "", "MORT DENIES ALLARDYCE SPECULATION", "", *[line for p in PARAGRAPHS for line in (p, "")],
            *SIDEBAR, "", payload]
    assert sentence_lines(page) is None
    model = load_model()
    got = model.classify(page)
    assert got.labels[-1].value == "boilerplate" and got.probabilities[-1]["boilerplate"] == 1.0
    body = model.clean(page).body
    assert all(paragraph in body for paragraph in PARAGRAPHS) and not any("__next_f" in p for p in body)
    assert not any(m in " ".join(body) for m in MORE)  # the payload's other text is not the article's


def test_a_scripts_text_node_is_joined_to_no_menu_entry():
    script = ("if(typeof(gnm_ord)=='undefined'){gnm_ord=Math.random()*10000000000000000;}"
              "if(typeof(gnm_tile)=='undefined'){gnm_tile=1;}document.write('<script src=\"x.js\"></scr'+'ipt>');")
    assert is_script_line(script)
    links = [("Sam Allardyce", "Christmas"), ("Bolton", "Wigan"), ("Allardyce", "January"), ("Magpies", "Manchester City")]
    page = ["Release Dates", script, *[piece for paragraph, names in zip(PARAGRAPHS, links) for piece in _text_nodes(paragraph, names)]]
    got = fragments_joined(page)
    assert got is not None and got[:2] == ["Release Dates", script]


def test_two_scripts_text_nodes_are_not_joined_into_one_line():
    scripts = [
        'window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag("js",new Date);'
        'gtag("config","G-1234567",{"anonymize_ip":true});',
        'document.querySelectorAll(".menu").forEach(function(m){m.addEventListener("click",function(){m.classList.'
        'toggle("open")})});',
    ]
    links = [("Sam Allardyce", "Christmas"), ("Bolton", "Wigan"), ("Allardyce", "January"), ("Magpies", "Manchester City")]
    page = [*scripts, *[piece for paragraph, names in zip(PARAGRAPHS, links) for piece in _text_nodes(paragraph, names)]]
    got = fragments_joined(page)
    assert got is not None and got[:2] == scripts and all(paragraph in got for paragraph in PARAGRAPHS)


def test_short_sentences_are_split_only_where_the_page_has_lost_its_line_breaks():
    icons = " ".join(f"Icon {i} An icon of a thing number {i}." for i in range(80))  # short sentences
    assert len(icons) >= RUN_ON_CHARS
    split = lambda line: ["first part", "second part"]
    assert sentence_lines([icons]) is None  # no break model: icon titles stay one line
    assert sentence_lines(["Home", icons], split=split) == ["Home", "first part", "second part"]
    # a page that kept its line breaks around a long line of icon titles keeps that line whole
    kept = PARAGRAPHS * 2
    assert len(icons) < RUN_ON_PAGE_SHARE * (len(icons) + len("".join(kept)))
    assert sentence_lines([icons, *kept], split=split) is None


def test_clean_finds_the_article_of_a_page_dumped_as_one_line():
    article = PARAGRAPHS + MORE
    page = " ".join(MENU + ["MORT DENIES ALLARDYCE SPECULATION"] + article + SIDEBAR)
    assert len(page) >= RUN_ON_CHARS
    model = load_model()
    assert model.predictor.breaks is not None
    got = model.clean([page])
    # the shipped model puts the line breaks back (clf.breaks): the menu and the sidebar come
    # apart from the article, which comes back whole but for a word or two
    body = " ".join(got.body)
    assert " ".join(article[1:]) in body and len(body) < len(" ".join(article)) + 20
    assert not any(entry in body for entry in ("Football Cricket", "Latest stories", "More football news"))


def _wrap(paragraphs: list[str], width: int) -> list[str]:
    import textwrap

    lines: list[str] = []
    for paragraph in paragraphs:
        lines.extend([*textwrap.wrap(paragraph, width), ""])
    return lines


def test_a_page_wrapped_at_a_fixed_width_is_read_a_paragraph_a_line():
    paragraphs = ["Home", "News", *PARAGRAPHS, *MORE, "A self-evident truth of well-known clubs is that "
                  "the half-time team talk matters more than any pre-match plan the manager draws up."]
    for width in (72, 78):
        lines = _wrap(paragraphs, width)
        assert wrap_width(lines) == width
        assert unwrapped(lines) == [line for paragraph in paragraphs for line in (paragraph, "")]
    assert wrap_width(["Home", "", *PARAGRAPHS]) is None and unwrapped(["Home", "", *PARAGRAPHS]) is None


def test_list_items_and_headings_of_a_wrapped_page_start_new_lines():
    lines = _wrap(PARAGRAPHS + MORE, 78)
    lines[1:1] = ["* Fixtures and results for the whole of the season so far this year", "## The manager"]
    got = unwrapped(lines)
    assert got is not None
    assert "* Fixtures and results for the whole of the season so far this year" in got and "## The manager" in got


def test_a_list_whose_items_open_on_the_same_word_is_not_joined_on_a_wrapped_page():
    # a footer's list of near-equal links under an article wrapped at 78, long enough that
    # the page reads as wrapped at 60: each item would fill such a line, but each opens on the
    # list's word
    areas = [f"Affordable 24/7 Gym in 08{n:03d}, {county} County, New Jersey"
             for n, county in zip(range(4, 200, 3), ["Camden", "Burlington", "Gloucester"] * 30)]
    lines = [*_wrap(PARAGRAPHS + MORE, 78), *areas]
    assert wrap_width(lines) == 60
    got = unwrapped(lines)
    assert got is not None and got[-len(areas):] == areas
    # a wrapped paragraph whose lines open on one lowercase word is still joined
    prose = ["the council met on Tuesday to vote on the new budget for the coming year and then",
             "the members approved it by nine votes to four after a long debate about the roads"]
    assert unwrapped([*_wrap(PARAGRAPHS, 78), *prose])[-1] == " ".join(prose)


def test_clean_gives_a_wrapped_pages_paragraphs_whole():
    article = PARAGRAPHS + MORE
    page = _wrap([*MENU, "MORT DENIES ALLARDYCE SPECULATION", *article, *SIDEBAR], 78)
    got = load_model().clean(page)
    assert all(paragraph in got.body for paragraph in article)  # each a paragraph, whole
    assert not any(entry in got.body for entry in ("Football", "Latest stories", "More football news"))


def test_a_pages_scripts_dumped_among_its_lines_are_boilerplate_and_unread():
    # a scraper that keeps <script> text: minified JavaScript and JSON above and inside the article
    scripts = [
        'window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag("js",new Date);'
        'gtag("config","G-1234567",{"anonymize_ip":true,"cookie_flags":"SameSite=None;Secure"});',
        'var ezTOC = {"smooth_scroll":"1","visibility_hide_by_default":"1","scroll_offset":"75","fallbackIcon":'
        '"\\u003Cspan class=\\"\\\\u003C/span\\u003E","chamomile_theme_is_on":""};',
    ]
    page = [*MENU, "", scripts[0], "", "MORT DENIES ALLARDYCE SPECULATION", "", PARAGRAPHS[0], "", scripts[1], "",
            *[line for paragraph in PARAGRAPHS[1:] for line in (paragraph, "")], *SIDEBAR]
    model = load_model()
    got = model.classify(page)
    assert got.lines == tuple(page)
    for script in scripts:
        i = page.index(script)
        assert got.labels[i].value == "boilerplate" and got.probabilities[i]["boilerplate"] == 1.0
    # the model reads them as blank lines: the other lines' probabilities are the same
    shown = ["" if line in scripts else line for line in page]
    plain = model.classify(shown)
    others = [i for i, line in enumerate(page) if line not in scripts]
    assert [got.probabilities[i] for i in others] == [plain.probabilities[i] for i in others]
    body = model.clean(page).body
    assert all(paragraph in body for paragraph in PARAGRAPHS) and not any("gtag" in p or "ezTOC" in p for p in body)
    # a copyright line written by its script is still read: the document pass cuts the page there
    notice = "©\u00a0document.write(new Date().getFullYear());document.write(' Example Media Ltd.');  All Rights Reserved."
    assert is_script_line(notice) and model.classify([*page, notice]).probabilities[-1]["boilerplate"] < 1.0


def test_a_pages_style_sheet_with_its_line_breaks_is_unread_beside_its_scripts():
    # tags cut out of the source: the page's <style> comes line by line, its <script> as one line
    script = ('window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag("js",new Date);'
              'gtag("config","G-1234567",{"anonymize_ip":true});')
    style = [".site-header .menu a {", "color: #1a1a1a;", "font-family: 'Lora', serif;", "}"]
    page = [*style, script, *MENU, "MORT DENIES ALLARDYCE SPECULATION", "",
            *[line for paragraph in PARAGRAPHS for line in (paragraph, "")], *SIDEBAR]
    model = load_model()
    got = model.classify(page)
    assert [got.probabilities[i]["boilerplate"] for i in range(len(style) + 1)] == [1.0] * (len(style) + 1)
    body = model.clean(page).body
    assert all(paragraph in body for paragraph in PARAGRAPHS) and not any(line in body for line in style)
    # without the script line, the page gives no sign of its scripts: the lines are read
    assert all(p is not None and p["boilerplate"] < 1.0 for p in model.classify(page[:4] + page[5:]).probabilities[:4])


def _text_nodes(paragraph: str, links: tuple[str, ...]) -> list[str]:
    """A paragraph as a dump of every text node gives it: broken before and after each link."""
    pieces, rest = [], paragraph
    for link in links:
        before, _, rest = rest.partition(link)
        pieces += [before.strip(), link]
    return [p for p in [*pieces, rest.strip()] if p]


def test_a_dump_of_every_text_node_has_its_sentences_joined():
    links = [("Sam Allardyce", "Christmas"), ("Bolton", "Wigan"), ("Allardyce", "January"), ("Magpies", "Manchester City")]
    paragraphs = PARAGRAPHS
    page = [*MENU, "MORT DENIES ALLARDYCE SPECULATION"]
    for paragraph, names in zip(paragraphs, links):
        page += _text_nodes(paragraph, names)
    page += SIDEBAR
    assert "club are not looking for a replacement for manager" in " ".join(page)  # broken up
    got = fragments_joined(page)
    assert got is not None and all(paragraph in got for paragraph in paragraphs)
    assert got[:len(MENU) + 1] == page[:len(MENU) + 1] and got[-len(SIDEBAR):] == SIDEBAR
    body = load_model().clean(page).body
    assert all(paragraph in body for paragraph in paragraphs)
    # a page with paragraph gaps (clf's converters, html-text) is left as it is, and so is one
    # whose lines seldom go on from the line above
    assert fragments_joined([line for p in page for line in (p, "")]) is None
    assert fragments_joined([*MENU, *PARAGRAPHS, *SIDEBAR, "and more", *MENU]) is None


def test_a_line_given_with_a_line_break_inside_loses_no_text_to_its_cells():
    # a library caller may pass a "line" that holds line breaks (a whole text_content() dump)
    line = "Home    News\nSport   Weather"
    assert " ".join(text for _, text in cells(line)).split() == line.split()


def test_a_page_without_blank_lines_is_read_with_its_prose_lines_apart():
    menu = ["Home", "News", "Sport", "Business", "Opinion", "Culture", "Travel", "Video", "Podcasts", "Weather",
            "Newsletters", "Search"]
    page = [*menu, "MORT DENIES ALLARDYCE SPECULATION", "By Tim Rich", *PARAGRAPHS, "Share this", "Contact us"]
    at = paragraph_breaks(page)
    # a blank line before each paragraph and the line after the last one, and between the lines
    # of the article's head (HEAD_APART_LINES above its first paragraph), none higher in the menu
    first = len(menu) + 2
    assert at == list(range(first - HEAD_APART_LINES, first + len(PARAGRAPHS) + 1))
    assert min(at) > 1
    # a page with its blank lines, one of too few lines, or one given as a run-on line: left alone
    spaced = [*menu, "", *[line for p in PARAGRAPHS for line in (p, "")], "Contact us"]
    assert paragraph_breaks(spaced) is None
    assert paragraph_breaks(["Home", PARAGRAPHS[0]]) is None
    assert paragraph_breaks(page, given=[" ".join(page)]) is None
    assert paragraph_breaks(page, given=page) == at
