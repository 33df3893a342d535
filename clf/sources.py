"""Stream Documents from text, gzip, JSONL and WARC/WET inputs, one document in memory at a time.

Inputs, each kind chosen by suffix (a `.gz` suffix, or gzip magic bytes, is decompressed
transparently):
- text (`.txt`, `.text`, and any other named file): one document, id = the path; a text input
  (standard input too) that is an HTML page (looks_like_html: `<!DOCTYPE html` or `<html`
  first) or an HTML fragment (a block element's tag first, tags on most lines) is read as
  HTML, as `curl URL | clf clean -` and a CMS's exported posts need;
- JSONL (`.jsonl`, `.ndjson`): one document per line, text in `text_field` (an HTML page or
  fragment there is read as HTML too), id from `id_field` or else `path:line`;
- WARC/WET (`.warc`, `.wet`): one document per WET `conversion` record, and per WARC
  `response` record of a 2xx text/html or text/plain page (HTML linearised by
  clf.htmltext); id = WARC-Target-URI, else WARC-Record-ID. Needs the `warc` extra (warcio);
- HTML (`.html`, `.htm`, `.xhtml`): one document, the page's text as `clf html2text` gives it;
- a folder: its files of the kinds above, recursively, in sorted order;
- `-`: standard input, as one text document, or as JSONL or WARC with `stdin_format`.

A document that cannot be read (bad JSON line, missing text field, empty or binary file,
unreadable record) is reported to `on_error` as one line `where: what was expected` and
skipped; the stream goes on. A path that does not exist raises InputError before any
document is yielded: that is a mistake in the command, not in the data.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import logging
import re
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, Literal

from clf.corpus import check_page_bytes, decode_bytes, folder_files
from clf.document import Document
from clf.errors import ClfError, InputError

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

Kind = Literal["text", "jsonl", "warc", "html"]
StdinFormat = Literal["text", "jsonl", "warc"]
ErrorHandler = Callable[[str], None]

STDIN = "-"
STDIN_ID = "stdin"
STDIN_SOURCE = "<stdin>"
GZIP_MAGIC = b"\x1f\x8b"
WARC_MAGIC = b"WARC/"
KIND_SUFFIXES: dict[str, tuple[str, ...]] = {
    "text": (".txt", ".text"),
    "jsonl": (".jsonl", ".ndjson"),
    "warc": (".warc", ".wet"),
    "html": (".html", ".htm", ".xhtml"),  # converted as `clf html2text` does (blocks style)
}
HTML_TYPES = ("text/html", "application/xhtml+xml")
JSON_KINDS = {  # how a JSONL field of the wrong type is named in errors
    type(None): "null", bool: "a boolean", int: "a number", float: "a number", list: "an array", dict: "an object",
}
TEXT_TYPES = ("text/plain",)
# An HTML page given as text: a doctype or an <html> tag first, after a BOM, white space and comments
HTML_START_RE = re.compile(rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL)
HTML_SNIFF_BYTES = 4096
# An HTML fragment given as text (a CMS export, an API's rendered content, an RSS item's
# content): it opens on a block or head element's tag, and most of its lines hold a tag. Text
# that opens on an inline tag (`<b>Bold</b> is ...`) or only mentions markup stays text.
FRAGMENT_START_RE = re.compile(
    rb"\s*(?:<!--.*?-->\s*)*<(?:p|div|h[1-6]|article|section|main|header|footer|nav|aside|ul|ol|dl|table"
    rb"|figure|blockquote|pre|form|body|head|meta|link|title|style|script|template|center)[\s>/]",
    re.IGNORECASE | re.DOTALL)
TAG_RE = re.compile(rb"</?[a-z][a-z0-9]*(?:[\s/>]|$)", re.IGNORECASE)
FRAGMENT_TAGGED_SHARE = 0.5  # of the non-blank lines, those holding a tag


def iter_documents(
    inputs: Sequence[str],
    *,
    text_field: str = "text",
    id_field: str = "id",
    stdin_format: StdinFormat = "text",
    on_error: ErrorHandler,
) -> Iterator[Document]:
    """Yield the documents of every input in order (see the module docstring)."""
    for item in inputs:
        if item == STDIN:
            continue
        if not Path(item).exists():
            raise InputError(f"{item}: no such file or folder")
    for item in inputs:
        if item == STDIN:
            yield from _iter_stdin(stdin_format, text_field, id_field, on_error)
            continue
        for path in list_input_files([item]):
            yield from iter_file(path, text_field=text_field, id_field=id_field, on_error=on_error)


def list_input_files(inputs: Iterable[str | Path]) -> list[Path]:
    """The files named, plus the supported files inside named folders (recursive, sorted)."""
    files: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            suffixes = ", ".join(s for group in KIND_SUFFIXES.values() for s in group)
            files.extend(folder_files(path, lambda f: suffix_kind(f) is not None, f"files ending in {suffixes} (or .gz)"))
        elif path.exists():
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return files


def suffix_kind(path: str | Path) -> Kind | None:
    """The input kind a file name announces (`.gz` aside), or None for an unknown suffix."""
    name = Path(path).name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    for kind, suffixes in KIND_SUFFIXES.items():
        if name.endswith(suffixes):
            return kind  # type: ignore[return-value]
    return None


def iter_file(
    path: str | Path,
    *,
    text_field: str = "text",
    id_field: str = "id",
    on_error: ErrorHandler,
) -> Iterator[Document]:
    """Yield the documents of one file, of the kind its suffix (or first bytes) tells."""
    source = str(path)
    try:
        with open_binary(path) as stream:
            kind = suffix_kind(path) or _sniff_kind(stream)
            yield from _iter_stream(stream, kind, source, source, text_field, id_field, on_error)
    except (OSError, EOFError, zlib.error) as exc:
        # A file that cannot be opened, or a gzip stream that breaks off: report it, go on.
        on_error(f"{source}: cannot read ({_reason(exc)}), expected a readable file")


def _iter_stream(stream: BinaryIO, kind: str, source: str, doc_id: str, text_field: str, id_field: str,
                 on_error: ErrorHandler) -> Iterator[Document]:
    """The documents of a stream of one kind: JSONL records, WARC records, or one HTML or text
    page (`doc_id` its id)."""
    if kind == "jsonl":
        yield from iter_jsonl_lines(stream, source, text_field=text_field, id_field=id_field, on_error=on_error)
        return
    if kind == "warc":
        yield from iter_warc_stream(stream, source, on_error=on_error)
        return
    if kind == "html":
        document = _read_html_document(stream, source, on_error)
    else:
        document = _read_text_document(stream, source, doc_id, on_error)
    if document is not None:
        yield document


@contextmanager
def open_binary(path: str | Path) -> Iterator[BinaryIO]:
    """Open a file for reading bytes, decompressing it when it starts with gzip magic bytes."""
    with open(path, "rb") as raw:
        stream = _maybe_gunzip(raw)
        try:
            yield stream
        finally:
            if stream is not raw:
                stream.close()


def iter_jsonl_lines(
    lines: Iterable[bytes],
    source: str,
    *,
    text_field: str = "text",
    id_field: str = "id",
    on_error: ErrorHandler,
) -> Iterator[Document]:
    """Yield one document per JSON line, reading one line at a time (a binary file works)."""
    for line_no, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        where = f"{source}:{line_no}"
        try:
            yield parse_text_record(decode_bytes(raw, where), where, text_field, id_field)
        except ClfError as exc:
            on_error(str(exc))


def parse_text_record(raw: str, where: str, text_field: str = "text", id_field: str = "id") -> Document:
    """One JSON object with the page text in `text_field` as a Document; `where` is `path:line`."""
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: bad JSON ({exc.msg}), expected one object per line") from None
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object with a {text_field!r} field")
    text = record.get(text_field)
    if not isinstance(text, str):
        found = "missing" if text_field not in record else JSON_KINDS.get(type(text), "not a string")
        raise InputError(f"{where}: field {text_field!r} is {found}, expected the page text as a string")
    if not text.strip():
        raise InputError(f"{where}: field {text_field!r} is empty, expected the page text")
    value = record.get(id_field)
    # an id that is not a string keeps its JSON form (7, true, {"site": 3}), not Python's
    doc_id = where if value is None else value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if looks_like_html(text):  # a crawl's records that hold each page's HTML
        return Document(tuple(_html_lines(text, "", where)), doc_id)
    return Document.from_text(text, doc_id)


CUT_SHORT = "expected a complete record (is the file cut short?)"


def iter_warc_stream(stream: BinaryIO, source: str, *, on_error: ErrorHandler) -> Iterator[Document]:
    """Yield the documents of a WARC or WET stream (uncompressed, or gzip per record).

    A stream that does not open on a WARC record is reported (warcio would read it as no
    records at all), and so is one cut short: its whole records are read, its last, cut
    record is reported."""
    ArchiveIterator, ArchiveLoadFailed = _warcio()
    if not hasattr(stream, "peek"):
        stream = io.BufferedReader(stream)  # type: ignore[arg-type]
    head = stream.peek(len(WARC_MAGIC)).lstrip()  # type: ignore[attr-defined]
    if not head:
        on_error(f"{source}: file is empty, expected WARC records")
        return
    if len(head) >= len(WARC_MAGIC) and not head.startswith(WARC_MAGIC):
        on_error(f"{source}: does not start with 'WARC/', expected a WARC or WET file")
        return
    reader = _GzipCutShort(stream) if isinstance(stream, gzip.GzipFile) else stream
    records = ArchiveIterator(reader)
    record_no = 0
    last_error = None  # the last record's, held back: a gzip cut shows only once the records end
    while True:
        try:
            record = next(records)
        except StopIteration:
            if getattr(reader, "cut", False) and (last_error is None or CUT_SHORT not in last_error):
                at = record_no if last_error is not None else record_no + 1
                last_error = f"{source}: record {at}: the gzip data breaks off, {CUT_SHORT}"
            if last_error is not None:
                on_error(last_error)
            return
        except (ArchiveLoadFailed, ValueError, EOFError, zlib.error) as exc:
            if last_error is not None:
                on_error(last_error)
            on_error(f"{source}: record {record_no + 1}: {_reason(exc)}; expected a WARC record, rest of file skipped")
            return
        if last_error is not None:
            on_error(last_error)
            last_error = None
        record_no += 1
        where = f"{source}: record {record_no}"
        try:
            document = warc_record_document(record, where)
        except ClfError as exc:
            last_error = str(exc)
            continue
        except (ArchiveLoadFailed, ValueError, EOFError, zlib.error) as exc:
            on_error(f"{where}: {_reason(exc)}; expected a readable record body")
            continue
        if document is not None:
            yield document


def warc_record_document(record: Any, where: str) -> Document | None:
    """The Document of a warcio record, or None for records that hold no page.

    Raises InputError for a page record whose text is empty or binary.
    """
    if record.rec_type not in ("conversion", "response"):
        return None
    headers = record.rec_headers
    named = headers.get_header("WARC-Target-URI") or headers.get_header("WARC-Record-ID")
    doc_id, where = (named, f"{where} ({named})") if named else (where, where)
    if record.rec_type == "conversion":
        return Document.from_text(_record_text(_record_body(record, where), where), doc_id)
    http = record.http_headers
    if http is None or not http.get_statuscode().startswith("2"):
        return None
    content_type = (http.get_header("Content-Type") or "").lower()
    mime = content_type.split(";")[0].strip()
    if mime in TEXT_TYPES:
        return Document.from_text(_record_text(_record_body(record, where), where), doc_id)
    if mime not in HTML_TYPES:
        return None
    lines = _html_lines(_record_body(record, where), content_type, where)
    return Document(tuple(lines), doc_id)


def _record_body(record: Any, where: str) -> bytes:
    """A record's content; InputError when the file ends before the record's Content-Length
    does (warcio then gives the bytes there are, as if the record were whole)."""
    data = record.content_stream().read()
    raw = record.raw_stream
    while getattr(raw, "limit", 0) > 0:  # what the content's decoder left unread, if any
        if not raw.read(min(raw.limit, 1 << 16)):
            raise InputError(f"{where}: {raw.limit} bytes missing, {CUT_SHORT}")
    return data


def _record_text(data: bytes, where: str) -> str:
    if not data.strip():
        raise InputError(f"{where}: empty record, expected page text")
    return decode_bytes(data, where)


def _html_lines(data: bytes | str, content_type: str, where: str) -> list[str]:
    from clf.htmltext import html_to_lines

    if not data.strip():
        raise InputError(f"{where}: empty HTML page, expected page text")
    html: str | bytes = data
    charset = content_type.partition("charset=")[2].split(";")[0].strip().strip('"\'')
    if charset and isinstance(data, bytes):
        try:
            html = data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            logger.debug("%s: bytes do not decode as the declared %s", where, charset)
    lines = html_to_lines(html)
    if not any(line.strip() for line in lines):
        raise InputError(f"{where}: HTML page has no text, expected a page with visible text")
    return lines


def stdin_binary() -> BinaryIO:
    """Standard input as bytes; InputError when the process was started with it closed."""
    if sys.stdin is None:
        raise InputError(f"{STDIN}: standard input is closed, expected input to read")
    return sys.stdin.buffer


def _iter_stdin(fmt: StdinFormat, text_field: str, id_field: str, on_error: ErrorHandler) -> Iterator[Document]:
    if fmt not in ("text", "jsonl", "warc"):
        raise ClfError(f"unknown stdin format {fmt!r}, expected text, jsonl or warc")
    try:
        stream = _maybe_gunzip(stdin_binary())
        yield from _iter_stream(stream, fmt, STDIN_SOURCE, STDIN_ID, text_field, id_field, on_error)
    except (OSError, EOFError, zlib.error) as exc:
        # A gzip stream that breaks off (click would print only "Aborted." for its EOFError)
        on_error(f"{STDIN_SOURCE}: cannot read ({_reason(exc)}), expected readable input")


def looks_like_html(data: bytes | str) -> bool:
    """Whether bytes or a string given as text are an HTML page (HTML_START_RE on their start)
    or an HTML fragment (FRAGMENT_START_RE, and tags on most lines)."""
    head = data[:HTML_SNIFF_BYTES]
    if isinstance(head, str):
        head = head.encode("utf-8", "replace")
    head = head.removeprefix(codecs.BOM_UTF8)
    if HTML_START_RE.match(head) is not None:
        return True
    if FRAGMENT_START_RE.match(head) is None:
        return False
    raw = data.encode("utf-8", "replace") if isinstance(data, str) else data  # the whole text, only now
    lines = [line for line in raw.splitlines() if line.strip()]
    return sum(TAG_RE.search(line) is not None for line in lines) >= FRAGMENT_TAGGED_SHARE * len(lines)


def _read_text_document(stream: BinaryIO, source: str, doc_id: str, on_error: ErrorHandler) -> Document | None:
    data = stream.read()
    try:
        if looks_like_html(data):
            check_page_bytes(data, source, "HTML")
            page: bytes | str = data
        else:
            page = decode_bytes(data, source)
            if not looks_like_html(page):  # (a page in UTF-16 shows its markup only decoded)
                return Document.from_text(page, doc_id)
        logger.info("%s: HTML; read as its text, as `clf html2text` gives it", source)
        return Document(tuple(_html_lines(page, "", source)), doc_id)
    except InputError as exc:
        on_error(str(exc))
        return None


def _read_html_document(stream: BinaryIO, source: str, on_error: ErrorHandler) -> Document | None:
    data = stream.read()
    try:
        check_page_bytes(data, source, "HTML")
        return Document(tuple(_html_lines(data, "", source)), source)
    except InputError as exc:
        on_error(str(exc))
        return None


def _maybe_gunzip(raw: BinaryIO) -> BinaryIO:
    """The stream itself, or a gzip reader over it when it starts with the gzip magic bytes.

    Python's gzip reads concatenated members, so both per-record (WARC style) and whole-file
    compression come out as one plain stream.
    """
    if not hasattr(raw, "peek"):
        raw = io.BufferedReader(raw)  # type: ignore[arg-type]
    if raw.peek(2)[:2] == GZIP_MAGIC:  # type: ignore[attr-defined]
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    return raw


class _GzipCutShort:
    """A gzip stream for warcio that ends where its gzip data breaks off, and remembers that
    it did (`cut`). A GzipFile raises EOFError there, which warcio takes for the end of the
    file, dropping the block it was reading: every record in it, unreported."""

    def __init__(self, stream: gzip.GzipFile) -> None:
        self.stream = stream
        self.cut = False

    def read(self, size: int = -1) -> bytes:
        chunks: list[bytes] = []
        n = 0
        while not self.cut and (size < 0 or n < size):
            try:
                chunk = self.stream.read1(size - n if size >= 0 else io.DEFAULT_BUFFER_SIZE)
            except EOFError:
                self.cut = True
                break
            if not chunk:
                break
            chunks.append(chunk)
            n += len(chunk)
        return b"".join(chunks)


def _sniff_kind(stream: BinaryIO) -> Kind:
    head = stream.peek(len(WARC_MAGIC)) if hasattr(stream, "peek") else b""  # type: ignore[attr-defined]
    return "warc" if head[: len(WARC_MAGIC)] == WARC_MAGIC else "text"


def _warcio() -> tuple[Any, type[Exception]]:
    try:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError:
        raise ClfError(
            "reading WARC/WET files needs warcio: pip install 'clf[warc]'"
        ) from None
    return ArchiveIterator, ArchiveLoadFailed


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]


def document_text(document: Document) -> str:
    """The text that Document.from_text turns back into exactly these lines.

    (Except a document of one empty line, which comes back with none; it holds no text.)
    """
    return "\n".join(document.lines) + "\n"


__all__ = [
    "document_text",
    "iter_documents",
    "iter_file",
    "iter_jsonl_lines",
    "iter_warc_stream",
    "list_input_files",
    "open_binary",
    "parse_text_record",
    "stdin_binary",
    "suffix_kind",
    "warc_record_document",
]
