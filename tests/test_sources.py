from __future__ import annotations

import gzip
import importlib.util
import io
import json
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from clf.document import Document
from clf.errors import ClfError, InputError
from clf.sources import (
    document_text,
    iter_documents,
    iter_jsonl_lines,
    iter_warc_stream,
    list_input_files,
    suffix_kind,
)

needs_warcio = pytest.mark.skipif(importlib.util.find_spec("warcio") is None, reason="needs the warc extra (warcio)")

# WARC/WET fixtures are written by hand here, so the reader is checked against the format
# itself and not only against the writer of the library it uses.


def warc_record(rec_type: str, uri: str | None, payload: bytes, content_type: str = "text/plain", record_id: str | None = None) -> bytes:
    headers = [f"WARC-Type: {rec_type}"]
    if uri is not None:
        headers.append(f"WARC-Target-URI: {uri}")
    headers.append("WARC-Date: 2024-01-01T00:00:00Z")
    headers.append(f"WARC-Record-ID: <urn:uuid:{record_id or '00000000-0000-0000-0000-%012d' % len(payload)}>")
    headers.append(f"Content-Type: {content_type}")
    headers.append(f"Content-Length: {len(payload)}")
    return ("WARC/1.0\r\n" + "\r\n".join(headers) + "\r\n\r\n").encode() + payload + b"\r\n\r\n"


def wet_records(pages: list[tuple[str, str]]) -> list[bytes]:
    """A WET file's records: warcinfo, then one conversion record per (uri, text)."""
    info = warc_record("warcinfo", None, b"software: clf-tests\r\n", "application/warc-fields")
    return [info] + [warc_record("conversion", uri, text.encode("utf-8")) for uri, text in pages]


def http_response(status: str, content_type: str, body: bytes) -> bytes:
    head = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


PAGES = [
    ("http://example.org/a", "Harbour reopens\nBy Ann Lee\nThe harbour reopened on Monday.\n"),
    ("http://example.org/b", "Bakery wins prize\n\nThe bakery on Main Street won.\n"),
]


def collect(inputs, **kwargs) -> tuple[list[Document], list[str]]:
    errors: list[str] = []
    docs = list(iter_documents([str(i) for i in inputs], on_error=errors.append, **kwargs))
    return docs, errors


def test_text_file_is_one_document_named_by_path(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes(b"Title\r\nBody line.\r\n")
    docs, errors = collect([page])
    assert docs == [Document(("Title", "Body line."), str(page))]
    assert errors == []


def test_gzip_by_suffix_and_by_magic_bytes(tmp_path: Path) -> None:
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress("Caf\u00e9 news\nBody.\n".encode()))
    (tmp_path / "b.txt").write_bytes(gzip.compress(b"Plain name, gzip inside\n"))
    docs, errors = collect([tmp_path / "a.txt.gz", tmp_path / "b.txt"])
    assert [d.lines for d in docs] == [("Caf\u00e9 news", "Body."), ("Plain name, gzip inside",)]
    assert errors == []


def test_jsonl_one_document_per_line_with_id_or_position(tmp_path: Path) -> None:
    path = tmp_path / "pages.jsonl"
    rows = [{"id": "p1", "text": "One\nTwo"}, {"text": "Three"}, {"id": 7, "text": "Four"},
            {"id": {"site": "é", "n": 3}, "text": "Five"}, {"id": True, "text": "Six"}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    docs, errors = collect([path])
    # an id that is not a string keeps its JSON form, not Python's ({'site': ...}, True)
    assert [(d.id, d.lines) for d in docs] == [("p1", ("One", "Two")), (f"{path}:2", ("Three",)), ("7", ("Four",)),
                                               ('{"site": "é", "n": 3}', ("Five",)), ("true", ("Six",))]
    assert errors == []


def test_jsonl_custom_fields_ndjson_and_gzip(tmp_path: Path) -> None:
    line = json.dumps({"url": "http://x/1", "content": "Hello"}) + "\n"
    (tmp_path / "a.ndjson").write_text(line, encoding="utf-8")
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(line.encode()))
    docs, errors = collect([tmp_path / "a.ndjson", tmp_path / "b.jsonl.gz"], text_field="content", id_field="url")
    assert [(d.id, d.lines) for d in docs] == [("http://x/1", ("Hello",))] * 2
    assert errors == []


def test_jsonl_records_holding_html_pages_are_read_as_html(tmp_path: Path) -> None:
    # a page declaring another charset, given already decoded in the record: read as it stands
    page = ('<!doctype html><html><head><meta charset="iso-8859-1"></head>'
            "<body><nav>Home</nav><p>Grüße aus Köln.</p><p>Second para.</p></body></html>")
    path = tmp_path / "crawl.jsonl"
    rows = [{"url": "http://x/1", "html": page}, {"url": "http://x/2", "html": "<html><body></body></html>"}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    docs, errors = collect([path], text_field="html", id_field="url")
    assert [(d.id, d.lines) for d in docs] == [("http://x/1", ("Home", "", "Grüße aus Köln.", "", "Second para."))]
    assert errors == [f"{path}:2: HTML page has no text, expected a page with visible text"]


def test_jsonl_bad_lines_are_reported_and_skipped(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        "\n".join([
            json.dumps({"id": "ok1", "text": "First"}),
            "{not json",
            json.dumps({"id": "no-text"}),
            json.dumps(["a", "list"]),
            json.dumps({"id": "blank", "text": "   "}),
            json.dumps({"id": "num", "text": 3}),
            json.dumps({"id": "null", "text": None}),
            json.dumps({"id": "ok2", "text": "Last"}),
        ]) + "\n",
        encoding="utf-8",
    )
    docs, errors = collect([path])
    assert [d.id for d in docs] == ["ok1", "ok2"]
    assert [e.split(": ", 1)[0] for e in errors] == [f"{path}:{n}" for n in (2, 3, 4, 5, 6, 7)]
    assert "bad JSON" in errors[0]
    assert "'text' is missing" in errors[1]
    assert "'text' is a number, expected" in errors[4] and "'text' is null, expected" in errors[5]
    assert all("\n" not in e and "expected" in e for e in errors)


@needs_warcio
def test_wet_conversion_records_become_documents(tmp_path: Path) -> None:
    path = tmp_path / "crawl.wet"
    path.write_bytes(b"".join(wet_records(PAGES)))
    docs, errors = collect([path])
    assert [(d.id, d.lines) for d in docs] == [
        ("http://example.org/a", ("Harbour reopens", "By Ann Lee", "The harbour reopened on Monday.")),
        ("http://example.org/b", ("Bakery wins prize", "", "The bakery on Main Street won.")),
    ]
    assert errors == []


@needs_warcio
@pytest.mark.parametrize("per_record", [True, False], ids=["gzip-per-record", "gzip-whole-file"])
def test_wet_gz(tmp_path: Path, per_record: bool) -> None:
    records = wet_records(PAGES)
    path = tmp_path / "crawl.warc.wet.gz"
    data = b"".join(gzip.compress(r) for r in records) if per_record else gzip.compress(b"".join(records))
    path.write_bytes(data)
    docs, errors = collect([path])
    assert [d.id for d in docs] == [uri for uri, _ in PAGES]
    assert errors == []


@needs_warcio
def test_an_unnamed_empty_record_is_reported_by_its_number_once(tmp_path: Path) -> None:
    path = tmp_path / "bare.wet"
    path.write_bytes(b"WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: 0\r\n\r\n\r\n\r\n")
    docs, errors = collect([path])
    assert docs == []
    assert errors == [f"{path}: record 1: empty record, expected page text"]


@needs_warcio
def test_wet_record_without_uri_uses_record_id_and_empty_record_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "x.wet"
    path.write_bytes(
        warc_record("conversion", None, b"No uri here", record_id="11111111-2222-3333-4444-555555555555")
        + warc_record("conversion", "http://e/empty", b"")
        + warc_record("conversion", "http://e/ok", b"Fine")
    )
    docs, errors = collect([path])
    assert [d.id for d in docs] == ["<urn:uuid:11111111-2222-3333-4444-555555555555>", "http://e/ok"]
    assert errors == [f"{path}: record 2 (http://e/empty): empty record, expected page text"]


@needs_warcio
def test_warc_responses_html_and_text_kept_others_skipped(tmp_path: Path) -> None:
    html = "<html><head><title>x</title></head><body><h1>Caf\u00e9 opens</h1><p>One.</p><p>Two.</p></body></html>"
    path = tmp_path / "site.warc.gz"
    records = [
        warc_record("request", "http://s/1", b"GET / HTTP/1.1\r\n\r\n", "application/http; msgtype=request"),
        warc_record("response", "http://s/1", http_response("200 OK", "text/html; charset=utf-8", html.encode()), "application/http; msgtype=response"),
        warc_record("response", "http://s/404", http_response("404 Not Found", "text/html", b"<p>gone</p>"), "application/http; msgtype=response"),
        warc_record("response", "http://s/img", http_response("200 OK", "image/png", b"\x89PNG\r\n"), "application/http; msgtype=response"),
        warc_record("response", "http://s/t", http_response("200 OK", "text/plain", b"Plain page\n"), "application/http; msgtype=response"),
        warc_record("response", "http://s/blank", http_response("200 OK", "text/html", b"<html><body> </body></html>"), "application/http; msgtype=response"),
    ]
    path.write_bytes(b"".join(gzip.compress(r) for r in records))
    docs, errors = collect([path])
    assert [(d.id, d.lines) for d in docs] == [
        ("http://s/1", ("Caf\u00e9 opens", "", "One.", "", "Two.")),
        ("http://s/t", ("Plain page",)),
    ]
    assert len(errors) == 1 and errors[0].startswith(f"{path}: record 6 (http://s/blank): ")


@needs_warcio
def test_warc_written_by_warcio_is_read(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "w.warc.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        payload = io.BytesIO(b"<html><body><p>Written by warcio.</p></body></html>")
        writer.write_record(writer.create_warc_record("http://w/1", "response", payload=payload, http_headers=headers))
    docs, errors = collect([path])
    assert [(d.id, d.lines) for d in docs] == [("http://w/1", ("Written by warcio.",))]
    assert errors == []


@needs_warcio
def test_broken_warc_reports_and_goes_on_with_next_input(tmp_path: Path) -> None:
    records = wet_records(PAGES)
    broken = tmp_path / "broken.wet"
    broken.write_bytes(records[0] + records[1] + b"NOT A WARC HEADER\r\n\r\ngarbage garbage\r\n")
    after = tmp_path / "after.txt"
    after.write_text("Still read\n", encoding="utf-8")
    docs, errors = collect([broken, after])
    assert [d.id for d in docs] == ["http://example.org/a", str(after)]
    assert len(errors) == 1 and errors[0].startswith(f"{broken}: record 3: ")


def test_empty_and_binary_files_reported_and_skipped(tmp_path: Path) -> None:
    (tmp_path / "a_empty.txt").write_bytes(b"  \n")
    (tmp_path / "b_binary.txt").write_bytes(b"\x00\x01\x02 data")
    (tmp_path / "c_good.txt").write_text("Good page\n", encoding="utf-8")
    (tmp_path / "d_truncated.txt.gz").write_bytes(gzip.compress(" ".join(map(str, range(2000))).encode())[:200])
    docs, errors = collect([tmp_path])
    assert [d.lines for d in docs] == [("Good page",)]
    assert [e.split(": ", 1)[0] for e in errors] == [
        str(tmp_path / "a_empty.txt"), str(tmp_path / "b_binary.txt"), str(tmp_path / "d_truncated.txt.gz")
    ]
    assert "empty" in errors[0] and "binary" in errors[1] and "cannot read" in errors[2]


@needs_warcio
def test_folder_is_recursive_sorted_and_takes_supported_kinds_only(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("z\n", encoding="utf-8")
    (tmp_path / "b" / "c.wet.gz").write_bytes(gzip.compress(b"".join(wet_records(PAGES[:1]))))
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "j", "text": "j"}) + "\n", encoding="utf-8")
    (tmp_path / "a-notes.tsv").write_text("body\tlabelled\n", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / "m.TXT").write_text("upper\n", encoding="utf-8")
    files = list_input_files([tmp_path])
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["a.jsonl", "b/c.wet.gz", "b/z.txt", "m.TXT"]
    docs, errors = collect([tmp_path])
    assert [d.id for d in docs] == ["j", "http://example.org/a", str(tmp_path / "b" / "z.txt"), str(tmp_path / "m.TXT")]
    assert errors == []


def test_html_files_are_converted_like_html2text_and_bad_ones_reported(tmp_path: Path) -> None:
    from clf.htmltext import html_to_lines

    page = "<html><body><nav>Home</nav><p>First para.</p><p>Second para.</p></body></html>"
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    (tmp_path / "b.htm.gz").write_bytes(gzip.compress(page.encode("utf-16")))
    (tmp_path / "c.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    docs, errors = collect([tmp_path])
    assert [d.id for d in docs] == [str(tmp_path / "a.html"), str(tmp_path / "b.htm.gz")]
    assert docs[0].lines == docs[1].lines == tuple(html_to_lines(page))
    assert errors == [f"{tmp_path / 'c.html'}: looks like a binary file (NUL bytes), expected HTML"]


def test_a_folder_without_input_files_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "page.pdf").write_bytes(b"%PDF-1.7 not read from a folder\n")
    with pytest.raises(InputError) as raised:
        list_input_files([tmp_path])
    message = str(raised.value)
    assert message.startswith(f"{tmp_path}: no input files") and all(s in message for s in (".txt", ".wet", ".html"))


def test_order_follows_inputs_and_is_stable(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text("one\n", encoding="utf-8")
    (tmp_path / "two.jsonl").write_text(json.dumps({"id": "two", "text": "two"}) + "\n", encoding="utf-8")
    inputs = [tmp_path / "two.jsonl", tmp_path / "one.txt", tmp_path]
    first = [d.id for d in collect(inputs)[0]]
    assert first == ["two", str(tmp_path / "one.txt"), str(tmp_path / "one.txt"), "two"]
    assert [d.id for d in collect(inputs)[0]] == first


def test_missing_path_raises_before_any_document(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("ok\n", encoding="utf-8")
    stream = iter_documents([str(tmp_path / "ok.txt"), str(tmp_path / "nope.txt")], on_error=lambda m: None)
    with pytest.raises(InputError, match="nope.txt: no such file or folder"):
        next(stream)


@needs_warcio
def test_named_file_with_unknown_suffix_is_text_unless_warc(tmp_path: Path) -> None:
    (tmp_path / "page.html.out").write_text("Some text\n", encoding="utf-8")
    (tmp_path / "crawl.bin").write_bytes(b"".join(wet_records(PAGES[:1])))
    docs, errors = collect([tmp_path / "page.html.out", tmp_path / "crawl.bin"])
    assert [d.id for d in docs] == [str(tmp_path / "page.html.out"), "http://example.org/a"]
    assert errors == []


def fake_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data)), encoding="utf-8"))


def test_stdin_is_one_text_document_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_stdin(monkeypatch, b"Line one\nLine two\n")
    docs, errors = collect(["-"])
    assert docs == [Document(("Line one", "Line two"), "stdin")]


@needs_warcio
def test_an_html_page_given_as_text_is_read_as_html(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # `curl URL | clf clean -`, or a page saved as .txt: the page's text, not its markup
    from clf.htmltext import html_to_lines

    page = ("\ufeff<!-- saved -->\n<!DOCTYPE html><html><head><title>T</title><script>var x = 1;</script></head>"
            "<body><nav>Home</nav><p>First para.</p><p>Second para.</p></body></html>")
    fake_stdin(monkeypatch, page.encode("utf-8"))
    docs, errors = collect(["-"])
    assert docs == [Document(tuple(html_to_lines(page)), "stdin")] and errors == []
    assert "First para." in docs[0].lines and not any("<" in line for line in docs[0].lines)
    (tmp_path / "page.txt").write_text("<html lang=en><body><p>Saved as text.</p></body></html>", encoding="utf-8")
    # text that only holds markup further on, or opens on another tag, stays text
    (tmp_path / "notes.txt").write_text("<b>Bold</b> is a tag.\n<html> opens a page.\n", encoding="utf-8")
    docs, errors = collect([tmp_path / "page.txt", tmp_path / "notes.txt"])
    assert docs[0].lines == ("Saved as text.",)
    assert docs[1].lines == ("<b>Bold</b> is a tag.", "<html> opens a page.") and errors == []
    fake_stdin(monkeypatch, page.encode("utf-16"))  # its markup shows only decoded
    assert collect(["-"]) == ([Document(tuple(html_to_lines(page)), "stdin")], [])
    fake_stdin(monkeypatch, b"<html>\x00\x01\x02")
    assert collect(["-"]) == ([], ["<stdin>: looks like a binary file (NUL bytes), expected HTML"])


def test_an_html_fragment_given_as_text_is_read_as_html(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # a CMS's exported post or an API's rendered content: paragraphs as <p> elements, no <html>
    fragment = ('<h1>Council passes budget</h1>\n<p class="byline">By Jane Roe</p>\n'
                '<p>The council voted to <a href="/b">approve</a> the budget.</p>\n\n'
                '<p>Opponents <strong>walked out</strong>.</p>\n')
    fake_stdin(monkeypatch, fragment.encode("utf-8"))
    docs, errors = collect(["-"])
    assert errors == [] and [line for line in docs[0].lines if line] == [
        "Council passes budget", "By Jane Roe", "The council voted to approve the budget.", "Opponents walked out."]
    path = tmp_path / "posts.jsonl"
    path.write_text(json.dumps({"id": "p1", "content": fragment}) + "\n", encoding="utf-8")
    docs, errors = collect([path], text_field="content")
    assert errors == [] and "Opponents walked out." in docs[0].lines and not any("<" in line for line in docs[0].lines)
    # Markdown or notes that open on a tag but are mostly text stay text, line for line
    readme = '<p align="center"><img src="logo.png"></p>\n\n# Title\n\nSome text.\n\nMore text.\n'
    (tmp_path / "readme.txt").write_text(readme, encoding="utf-8")
    docs, errors = collect([tmp_path / "readme.txt"])
    assert docs[0].lines == tuple(readme.rstrip("\n").split("\n")) and errors == []


def test_stdin_as_jsonl_and_gzip_warc(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_stdin(monkeypatch, (json.dumps({"id": "s1", "text": "a"}) + "\n{broken\n").encode())
    docs, errors = collect(["-"], stdin_format="jsonl")
    assert [d.id for d in docs] == ["s1"]
    assert errors and errors[0].startswith("<stdin>:2: bad JSON")
    fake_stdin(monkeypatch, gzip.compress(b"".join(wet_records(PAGES))))
    docs, errors = collect(["-"], stdin_format="warc")
    assert [d.id for d in docs] == [uri for uri, _ in PAGES]


def test_suffix_kind() -> None:
    assert [suffix_kind(n) for n in ("a.txt", "a.JSONL.GZ", "a.ndjson", "a.warc.gz", "a.wet", "a.tsv", "a.gz")] == [
        "text", "jsonl", "jsonl", "warc", "warc", None, None
    ]


def test_document_text_round_trips_lines() -> None:
    for lines in [("a", "", "b"), ("a", ""), ("", "a"), ("", ""), (), ("x",)]:
        assert Document.from_text(document_text(Document(lines))).lines == lines


# Memory: documents come out one at a time, before the rest of the input is read.


def test_jsonl_is_streamed_line_by_line() -> None:
    def lines() -> Iterator[bytes]:
        yield json.dumps({"id": "1", "text": "first"}).encode() + b"\n"
        yield json.dumps({"id": "2", "text": "second"}).encode() + b"\n"
        raise AssertionError("read past the second record")

    stream = iter_jsonl_lines(lines(), "big.jsonl", on_error=lambda m: None)
    assert isinstance(stream, types.GeneratorType)
    assert next(stream).id == "1"
    assert next(stream).id == "2"
    with pytest.raises(AssertionError, match="read past"):
        next(stream)


class ReadLimit(io.RawIOBase):
    """A byte stream that fails the test when read past `limit` bytes."""

    def __init__(self, data: bytes, limit: int) -> None:
        self.data, self.limit, self.pos = data, limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # noqa: ANN001 - a writable buffer
        if self.pos >= self.limit:
            raise AssertionError(f"read past byte {self.limit}")
        n = min(len(buffer), self.limit - self.pos, len(self.data) - self.pos)
        buffer[:n] = self.data[self.pos:self.pos + n]
        self.pos += n
        return n


@needs_warcio
def test_warc_is_streamed_record_by_record() -> None:
    filler = [(f"http://f/{i}", "filler text " * 400) for i in range(200)]
    records = wet_records(PAGES + filler)
    head = sum(len(r) for r in records[:3])
    data = b"".join(records)
    assert len(data) > 10 * (head + 65536)
    errors: list[str] = []
    stream = iter_warc_stream(io.BufferedReader(ReadLimit(data, head + 65536)), "big.wet", on_error=errors.append)
    assert next(stream).id == "http://example.org/a"
    assert next(stream).id == "http://example.org/b"


def test_missing_warcio_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "warcio.archiveiterator", None)
    path = tmp_path / "x.wet"
    path.write_bytes(b"".join(wet_records(PAGES)))
    with pytest.raises(ClfError, match=r"pip install 'clf\[warc\]'"):
        collect([path])


@needs_warcio
@pytest.mark.parametrize(("data", "expected"), [
    (b"", "file is empty, expected WARC records"),
    (b"this is not a warc file at all\n" * 10, "does not start with 'WARC/', expected a WARC or WET file"),
])
def test_a_warc_file_that_is_empty_or_holds_no_warc_is_reported(tmp_path: Path, capfd, data: bytes, expected: str) -> None:
    path = tmp_path / "crawl.wet"
    path.write_bytes(data)
    docs, errors = collect([path])
    assert docs == []
    assert errors == [f"{path}: {expected}"]
    assert capfd.readouterr().err == ""  # and no warnings of warcio's own


@needs_warcio
@pytest.mark.parametrize("packing", ["plain", "gzip-per-record", "gzip-whole-file"])
def test_a_warc_file_cut_short_keeps_its_whole_records_and_reports_the_cut(tmp_path: Path, packing: str) -> None:
    records = wet_records(PAGES)
    whole = b"".join(records[:2])
    if packing == "plain":
        data = whole + records[2][: records[2].index(b"Main Street")]  # in the last record's text
    elif packing == "gzip-per-record":
        packed = [gzip.compress(r) for r in records]
        data = b"".join(packed[:2]) + packed[2][: len(packed[2]) // 2]
    else:
        packed = gzip.compress(b"".join(records))
        data = packed[: len(packed) - 20]  # the deflate stream breaks off in the last record
    path = tmp_path / "crawl.wet.gz" if packing != "plain" else tmp_path / "crawl.wet"
    path.write_bytes(data)
    docs, errors = collect([path])
    assert [d.id for d in docs] == ["http://example.org/a"]
    assert len(errors) == 1
    assert errors[0].startswith(f"{path}: record 3")
    assert errors[0].endswith("expected a complete record (is the file cut short?)")
