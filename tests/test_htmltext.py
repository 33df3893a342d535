from __future__ import annotations

import pytest

from clf.htmltext import STYLES, decode_html, html_to_lines, html_to_text_lines, parse_html, tree_to_text_lines

PAGE = """<html><head><title>Page title</title><style>p {color: red}</style>
<script>var x = "<p>not text</p>";</script></head><body>
<svg style="display:none"><symbol><title>Email</title><desc>An icon of a paper envelope.</desc></symbol></svg>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<a href="/share" title="Share on Facebook"><i class="icon"></i></a>
<!-- a comment -->
<article><h1>Big   headline</h1>
<div class="byline">By <a rel="author" href="/jo">Jo Bloggs</a></div>
<figure><img src="cat.jpg" alt="A cat on a mat"><figcaption>The cat (AP Photo/Bob)</figcaption></figure>
<p>First paragraph with <b>bold</b> text.</p><p>Second&nbsp;paragraph,<br>after a break.</p>
<ul><li>one</li><li>two</li></ul>
<table><tr><td>a1</td><td>b1</td></tr></table>
<p hidden>hidden text</p>
<noscript>Enable JavaScript</noscript><template><p>template</p></template>
</article></body></html>"""


def test_blocks_drops_scripts_styles_head_comments_and_hidden():
    text = "\n".join(html_to_lines(PAGE, "blocks"))
    for absent in ("not text", "color: red", "Page title", "a comment", "hidden text", "Enable JavaScript",
                   "template", "An icon of a paper envelope"):
        assert absent not in text


@pytest.mark.parametrize("style", STYLES)
def test_content_libxml2_leaves_in_the_head_is_shown_as_a_browser_would(style):
    # an unknown element in the head (an l3s-gn1 page's <mbox>) keeps the page's tables there
    page = (b'<html><head><title>Page title</title><meta charset="utf-8"><base href="/"><mbox>'
            b'<table><tr><td>The article text sits here.</td></tr></table><p>Second paragraph.</p></body></html>')
    assert html_to_lines(page, style) == ["The article text sits here.", "", "Second paragraph."]


def test_blocks_keeps_react_streamed_content_a_script_shows_at_once():
    page = ('<html><body><main><div id="B:0"></div></main>'
            '<div hidden id="S:0"><p>The streamed article paragraph.</p></div>'
            '<div hidden id="menu"><p>A hidden menu.</p></div></body></html>')
    lines = html_to_lines(page, "blocks")
    assert "The streamed article paragraph." in lines
    assert "A hidden menu." not in lines


def test_blocks_puts_block_elements_on_their_own_lines():
    lines = html_to_lines(PAGE, "blocks")
    assert lines[:3] == ["Home", "News", "Sport"]
    assert "By Jo Bloggs" in lines
    assert "one" in lines and "two" in lines
    assert "a1" in lines and "b1" in lines


def test_blocks_separates_paragraphs_by_one_blank_line_but_not_list_items():
    lines = html_to_lines(PAGE, "blocks")
    first = lines.index("First paragraph with bold text.")
    assert lines[first - 1] == "" and lines[first + 1] == ""
    assert lines[first + 2] == "Second paragraph,"
    assert lines[lines.index("one") + 1] == "two"
    assert all(a or b for a, b in zip(lines, lines[1:]))  # never two blank lines in a row
    assert lines[0] and lines[-1]


def test_blocks_collapses_whitespace_and_nbsp():
    assert "Big headline" in html_to_lines(PAGE, "blocks")
    assert html_to_lines("<p>  a \n\t b&nbsp;&nbsp;c </p>") == ["a b c"]


def test_br_ends_a_line_and_two_brs_make_a_blank_line():
    assert html_to_lines("<p>one<br>two<br><br>three</p>") == ["one", "two", "", "three"]


def test_gettext_keeps_alt_texts_icon_titles_and_svg_titles():
    lines = html_to_lines(PAGE, "gettext")
    assert lines[0] == "Email An icon of a paper envelope."
    assert "Share on Facebook" in lines
    assert "A cat on a mat" in lines


def test_gettext_runs_menu_items_and_cells_together():
    lines = html_to_lines(PAGE, "gettext")
    assert "Home News Sport" in lines
    assert "one two" in lines
    assert "a1 b1" in lines


def test_gettext_keeps_hidden_text_a_naive_scraper_would_see():
    assert "hidden text" in html_to_lines(PAGE, "gettext")


def test_pre_keeps_its_line_breaks():
    assert html_to_lines("<pre>x = 1\ny = 2</pre>") == ["x = 1", "y = 2"]


def test_segments_point_at_the_source_elements():
    lines = html_to_text_lines(PAGE, "blocks")
    byline = next(line for line in lines if line.text == "By Jo Bloggs")
    pieces = [(byline.text[s.start:s.end], s.element.tag) for s in byline.segments]
    assert pieces == [("By", "div"), ("Jo Bloggs", "a")]
    assert byline.elements[1].get("rel") == "author"
    blank = next(line for line in lines if not line.text)
    assert blank.segments == ()


def test_one_tree_serves_both_styles_with_shared_elements():
    root = parse_html(PAGE)
    blocks = tree_to_text_lines(root, "blocks")
    gettext = tree_to_text_lines(root, "gettext")
    caption = "The cat (AP Photo/Bob)"
    element_b = next(line for line in blocks if line.text == caption).elements[0]
    element_g = next(line for line in gettext if line.text == caption).elements[0]
    assert element_b is element_g


def test_unknown_style_is_an_error():
    with pytest.raises(ValueError, match="unknown style"):
        html_to_lines("<p>x</p>", "markdown")


@pytest.mark.parametrize(
    "html",
    ["", b"", "   ", "<p>unclosed <b>bold <div>x", "<<<>>>", b"\x00\x01garbage\xff", "</p></div>text"],
)
def test_broken_or_empty_html_does_not_crash(html):
    assert isinstance(html_to_lines(html, "blocks"), list)
    assert isinstance(html_to_lines(html, "gettext"), list)


def test_content_after_an_early_closing_body_tag_is_kept():
    assert html_to_lines("<html><body><p>a</p></body></html><div><p>b</p></div>") == ["a", "", "b"]


def test_xml_declaration_in_a_string_is_accepted():
    assert html_to_lines('<?xml version="1.0" encoding="utf-8"?><html><body><p>café</p></body></html>') == ["café"]


def test_decode_prefers_valid_utf8():
    assert decode_html("<p>café – “quoted”</p>".encode("utf-8")) == "<p>café – “quoted”</p>"


def test_decode_uses_the_declared_charset():
    data = '<meta charset="iso-8859-2"><p>\xb1</p>'.encode("latin-1")
    assert "ą" in decode_html(data)
    data = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><p>\xcf\xf0\xe8</p>'.encode("latin-1")
    assert "При" in decode_html(data)


def test_decode_falls_back_to_cp1252():
    data = b"<p>\x93quoted\x94 caf\xe9</p>"
    assert decode_html(data) == "<p>\u201cquoted\u201d caf\u00e9</p>"
    assert html_to_lines(data) == ["\u201cquoted\u201d caf\u00e9"]


def test_decode_reads_utf8_with_a_few_stray_bytes_as_utf8():
    """A UTF-8 page with one Latin-1 byte in a script comment stays UTF-8 (the stray byte read
    as cp1252), instead of every `ä` of the page becoming `Ã¤`."""
    data = '<meta charset="utf-8"><script>/* M'.encode() + b"\xe4" + "scot */</script><p>Mäscot: weiß, grün</p>".encode()
    assert html_to_lines(data) == ["Mäscot: weiß, grün"]
    assert "M\u00e4scot */" in decode_html(data)
    # a page in a multi-byte charset whose byte pairs happen to be valid UTF-8 keeps its charset
    gb = '<meta charset="gb2312"><p>新华网北京电</p>'.encode("gb2312")
    assert html_to_lines(gb) == ["新华网北京电"]


def test_text_is_composed():
    """A page that writes `ü` as `u` and a combining diaeresis gives the composed `ü` (NFC), as
    the rest of the web and the benchmarks' gold text do."""
    assert html_to_lines("<p>gepru\u0308ft, <b>Mu\u0308ller</b></p>") == ["geprüft, Müller"]


def test_ruby_readings_are_left_out_of_blocks_text():
    page = "<p><ruby>子<rp>(</rp><rt>こ</rt><rp>)</rp></ruby>どもへの<ruby>虐待<rt>ぎゃくたい</rt></ruby>をなくす</p>"
    assert html_to_lines(page, "blocks") == ["子どもへの虐待をなくす"]
    assert html_to_lines(page, "gettext") == ["子(こ)どもへの虐待ぎゃくたいをなくす"]  # get_text keeps every text node


def test_a_noscript_holding_the_page_text_is_read():
    """A <noscript> with a paragraph of the page's text (a site drawn by scripts, a blog post
    given only there) is what a scraper without JavaScript sees; the usual one is not read."""
    article = "Il risultato è molto positivo " * 40
    page = (f"<body><noscript><div id='fallback'><h1>Lupi</h1><p>{article}</p></div></noscript>"
            "<noscript><p>Please enable JavaScript.</p><img src='pixel.gif'></noscript>"
            f"<noscript><img src='a.jpg'><p>{'The president, left, greets the king. ' * 8}</p></noscript>"  # one caption
            "<p>Footer</p></body>")
    for style in STYLES:
        lines = [line for line in html_to_lines(page, style) if line]
        assert lines == ["Lupi", article.strip(), "Footer"]


def test_decode_honours_a_bom():
    assert decode_html("\ufeff<p>x</p>".encode("utf-16-le")) == "<p>x</p>"
