from __future__ import annotations

import json

import pytest

from clf.corpus import (
    decode_bytes, format_tsv, iter_jsonl, jsonl_record, mostly_utf8, parse_tsv, read_labeled, read_text,
)
from clf.document import Label
from clf.errors import DataFormatError, InputError


def test_tsv_round_trip_keeps_empty_lines():
    text = "boilerplate\tMenu\n\nbody\tA headline\nbyline\tBy Jo Bloggs\n"
    doc = parse_tsv(text, "x.tsv")
    assert doc.labels == (Label.BOILERPLATE, None, Label.BODY, Label.BYLINE)
    assert doc.lines[1] == ""
    assert format_tsv(doc) == text


def test_tsv_text_may_contain_tabs_after_the_first():
    doc = parse_tsv("body\ta\tb\n", "x.tsv")
    assert doc.lines == ("a\tb",)


@pytest.mark.parametrize(
    ("text", "line_no", "needle"),
    [
        ("body\tok\nnews\tHeadline\n", 2, "unknown label 'news'"),
        ("body\tok\njust text without a tab\n", 2, "missing tab"),
        ("body\tok\ncaption\t   \n", 2, "empty text"),
    ],
)
def test_tsv_errors_name_file_and_line(text, line_no, needle):
    with pytest.raises(DataFormatError) as info:
        parse_tsv(text, "page.tsv")
    assert str(info.value).startswith(f"page.tsv:{line_no}: ")
    assert needle in str(info.value)


def test_jsonl_reads_documents_and_null_labels(tmp_path):
    path = tmp_path / "docs.jsonl"
    records = [
        {"id": "a", "lines": ["Menu", "", "Story"], "labels": ["boilerplate", None, "body"]},
        {"id": "b", "lines": ["By X"], "labels": ["byline"]},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    docs = list(iter_jsonl(path))
    assert [d.id for d in docs] == ["a", "b"]
    assert docs[0].labels == (Label.BOILERPLATE, None, Label.BODY)
    assert jsonl_record(docs[0]) == records[0]


@pytest.mark.parametrize(
    ("line", "needle"),
    [
        ('{"id": "a", "lines": ["x"], ', "bad JSON"),
        ('{"id": "a", "lines": ["x"], "labels": ["nav"]}', "unknown label 'nav'"),
        ('{"id": "a", "lines": [""], "labels": ["body"]}', "on an empty line"),
        ('{"id": "a", "lines": ["x", "y"], "labels": ["body"]}', "'lines' has 2 items"),
        ('[1, 2]', "expected a JSON object"),
    ],
)
def test_jsonl_errors_name_file_and_line(tmp_path, line, needle):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "ok", "lines": ["x"], "labels": ["body"]}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(DataFormatError) as info:
        list(iter_jsonl(path))
    assert str(info.value).startswith(f"{path}:2: ")
    assert needle in str(info.value)


def test_read_labeled_walks_folders(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.tsv").write_text("body\tHello\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    docs = read_labeled([tmp_path])
    assert [d.id for d in docs] == ["a"]


def test_read_labeled_reports_missing_path(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_labeled([tmp_path / "missing"])


def test_decode_handles_bom_crlf_and_legacy_encoding(tmp_path, caplog):
    assert decode_bytes("\ufeffHéllo\r\nworld".encode("utf-8")) == "Héllo\r\nworld"
    path = tmp_path / "legacy.txt"
    path.write_bytes("Caf\u00e9 \u201cquoted\u201d".encode("cp1252"))
    with caplog.at_level("WARNING"):
        assert read_text(path) == "Caf\u00e9 \u201cquoted\u201d"
    assert "not valid UTF-8" in caplog.text and "cp1252" in caplog.text


def test_decode_keeps_utf8_text_with_a_stray_byte(caplog):
    """One Latin-1 byte in a UTF-8 text is read as cp1252 alone; the rest stays UTF-8."""
    data = "Grüße aus Köln\n".encode() + b"M\xe4scot\n"
    with caplog.at_level("WARNING"):
        assert decode_bytes(data, "page.txt") == "Grüße aus Köln\nMäscot\n"
    assert "page.txt: not valid UTF-8 (byte 19)" in caplog.text and "1 stray byte as cp1252" in caplog.text
    assert mostly_utf8("naïve café".encode("latin-1")) is None  # every non-ASCII byte stray: not UTF-8


@pytest.mark.parametrize(("data", "needle"), [
    (b"", "empty"), (b" \n\n", "empty"), (b"\x00\x01\x02PK", "binary"),
    (b"\xef\xbb\xbf", "empty"), (b"\xef\xbb\xbf \r\n", "empty"), (b"\xff\xfe", "empty"), (" \n".encode("utf-16"), "empty"),
])
def test_decode_rejects_empty_and_binary(data, needle):
    with pytest.raises(InputError, match=needle):
        decode_bytes(data, "f.txt")


def test_a_folder_without_labelled_files_is_an_error_naming_it(tmp_path):
    (tmp_path / "notes.txt").write_text("body\tnot labelled data\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        read_labeled([tmp_path])
    assert str(raised.value) == f"{tmp_path}: no input files in this folder, expected .tsv or .jsonl files"


def test_decode_reads_utf16_with_its_mark_and_rejects_a_false_mark():
    text = "Headline \u2014 caf\u00e9\nBody line.\n"
    assert decode_bytes(text.encode("utf-16"), "wide.txt") == text
    assert decode_bytes(b"\xfe\xff" + text.encode("utf-16-be"), "wide.txt") == text
    with pytest.raises(InputError, match=r"^odd.txt: starts with a UTF-16 mark but does not decode as UTF-16"):
        decode_bytes(b"\xff\xfeA\x00B", "odd.txt")


def test_write_atomic_that_fails_is_a_clf_error_and_leaves_nothing(tmp_path, monkeypatch):
    import errno

    from clf import corpus
    from clf.errors import ClfError

    def full(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(corpus.os, "replace", full)
    with pytest.raises(ClfError, match=r"page\.txt: cannot write \(No space left on device\)$"):
        corpus.write_atomic(tmp_path / "page.txt", "text\n")
    assert not list(tmp_path.iterdir())
