"""The one place that reads and writes text and labelled files.

Labelled formats:
- TSV: one file per document; each non-empty source line is `LABEL<TAB>TEXT`,
  an empty source line stays empty.
- JSONL: one document per line, `{"id": ..., "lines": [...], "labels": [...]}`
  with `null` labels for empty lines.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from clf.document import LABEL_NAMES, Document, Label, LabeledDocument, split_lines
from clf.errors import DataFormatError, InputError, WriteError

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

LABELED_SUFFIXES = (".tsv", ".jsonl")
FALLBACK_ENCODING = "cp1252"


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")  # UTF-16 holds NUL bytes and is still text


def check_page_bytes(data: bytes, source: str, expected: str = "text") -> None:
    """Raise InputError for page bytes that are empty or binary (NUL bytes without a UTF-16 mark)."""
    if not data.strip():
        raise InputError(f"{source}: file is empty, expected {expected}")
    if b"\x00" in data[:8192] and not data.startswith(UTF16_BOMS):
        raise InputError(f"{source}: looks like a binary file (NUL bytes), expected {expected}")


def mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """Bytes that are UTF-8 but for a few stray bytes (a Latin-1 `ä` pasted into a UTF-8 page):
    the text, each stray byte read as FALLBACK_ENCODING (Latin-1 where that has no character),
    and how many bytes were stray. None when the stray bytes are a quarter or more of the
    non-ASCII bytes: then the whole text is in another encoding, and a one-byte encoding reads
    it better (in UTF-8 every non-ASCII character takes two bytes or more, so in a UTF-8 text
    with a few stray bytes they are a small share). One pass: `surrogateescape` leaves each
    stray byte as a lone surrogate, which a table then maps to its character."""
    text = data.decode("utf-8", errors="surrogateescape")
    stray = len(STRAY_RE.findall(text))
    if 4 * stray >= len(data.translate(None, bytes(range(128)))):
        return None
    return text.translate(STRAY_CHARS), stray


STRAY_RE = re.compile("[\udc80-\udcff]")  # a byte `surrogateescape` could not decode
# ... and the character each stands for: cp1252's, or Latin-1's where cp1252 has none
STRAY_CHARS = {0xDC00 + byte: bytes([byte]).decode(FALLBACK_ENCODING, errors="replace").replace("\ufffd", chr(byte))
               for byte in range(0x80, 0x100)}


def decode_bytes(data: bytes, source: str = "<bytes>") -> str:
    """Decode page bytes: UTF-8 (BOM allowed) or UTF-16 with its mark, else cp1252/latin-1 with a warning.

    Raises InputError for empty or binary data (a byte order mark alone, or with white space, is empty).
    """
    text = _decoded(data, source)
    if not text.strip():
        raise InputError(f"{source}: file is empty, expected text")
    return text


def _decoded(data: bytes, source: str) -> str:
    check_page_bytes(data, source)
    if data.startswith(UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(f"{source}: starts with a UTF-16 mark but does not decode as UTF-16, expected text") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        mostly = mostly_utf8(data.removeprefix(b"\xef\xbb\xbf"))  # the BOM utf-8-sig allowed
        if mostly is not None:
            text, stray = mostly
            logger.warning("%s: not valid UTF-8 (byte %d); read as UTF-8, %d stray byte%s as %s",
                           source, exc.start, stray, "" if stray == 1 else "s", FALLBACK_ENCODING)
            return text
        try:
            text = data.decode(FALLBACK_ENCODING)
            used = FALLBACK_ENCODING
        except UnicodeDecodeError:
            text = data.decode("latin-1")
            used = "latin-1"
        logger.warning(
            "%s: not valid UTF-8 (byte %d); decoded as %s", source, exc.start, used
        )
        return text


def read_bytes(path: str | Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, expected a file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None


def read_text(path: str | Path) -> str:
    """Read a text file as clf reads every input: see decode_bytes."""
    return decode_bytes(read_bytes(path), str(path))


def read_document(path: str | Path) -> Document:
    """Read a plain scraped-text file as a Document named after the file."""
    return Document.from_text(read_text(path), id=Path(path).name)


def parse_label(value: str, path: str | Path, line_no: int) -> Label:
    try:
        return Label(value)
    except ValueError:
        raise DataFormatError(
            path, line_no, f"unknown label {value!r}, expected one of {', '.join(LABEL_NAMES)}"
        ) from None


def parse_tsv(text: str, path: str | Path, doc_id: str | None = None) -> LabeledDocument:
    """Parse a labelled TSV document (see module docstring)."""
    lines: list[str] = []
    labels: list[Label | None] = []
    for line_no, raw in enumerate(split_lines(text), start=1):
        if not raw.strip():
            lines.append("")
            labels.append(None)
            continue
        if "\t" not in raw:
            raise DataFormatError(path, line_no, "missing tab, expected LABEL<TAB>TEXT")
        label_text, line = raw.split("\t", 1)
        label = parse_label(label_text.strip(), path, line_no)
        if not line.strip():
            raise DataFormatError(path, line_no, f"label {label.value!r} on an empty text")
        lines.append(line)
        labels.append(label)
    if not any(label is not None for label in labels):
        raise DataFormatError(path, None, "no labelled lines, expected LABEL<TAB>TEXT lines")
    return LabeledDocument(tuple(lines), tuple(labels), doc_id or Path(path).stem)


def parse_jsonl_record(raw: str, path: str | Path, line_no: int) -> LabeledDocument:
    """Parse one JSONL document record."""
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise DataFormatError(path, line_no, f"bad JSON ({exc.msg}), expected one object") from None
    if not isinstance(record, dict):
        raise DataFormatError(path, line_no, "expected a JSON object with lines and labels")
    lines, labels = record.get("lines"), record.get("labels")
    if not isinstance(lines, list) or not isinstance(labels, list):
        raise DataFormatError(path, line_no, "expected lists 'lines' and 'labels'")
    if len(lines) != len(labels):
        raise DataFormatError(
            path, line_no, f"'lines' has {len(lines)} items but 'labels' has {len(labels)}"
        )
    out_labels: list[Label | None] = []
    out_lines: list[str] = []
    for line, label in zip(lines, labels):
        if not isinstance(line, str):
            raise DataFormatError(path, line_no, "expected every item of 'lines' to be a string")
        if label is None:
            if line.strip():
                raise DataFormatError(path, line_no, f"null label on a non-empty line {line[:40]!r}")
            out_labels.append(None)
            out_lines.append("")
            continue
        parsed = parse_label(str(label), path, line_no)
        if not line.strip():
            raise DataFormatError(path, line_no, f"label {parsed.value!r} on an empty line")
        out_labels.append(parsed)
        out_lines.append(line)
    doc_id = str(record.get("id", f"{Path(path).stem}:{line_no}"))
    return LabeledDocument(tuple(out_lines), tuple(out_labels), doc_id)


def iter_jsonl(path: str | Path) -> Iterator[LabeledDocument]:
    """Stream the documents of a labelled JSONL file."""
    text = read_text(path)
    for line_no, raw in enumerate(split_lines(text), start=1):
        if raw.strip():
            yield parse_jsonl_record(raw, path, line_no)


def folder_files(folder: Path, wanted: Callable[[Path], bool], expected: str) -> list[Path]:
    """The files under `folder` (recursive, sorted) that `wanted` takes; InputError saying
    what was `expected` when there are none."""
    found = sorted(f for f in folder.rglob("*") if f.is_file() and wanted(f))
    if not found:
        raise InputError(f"{folder}: no input files in this folder, expected {expected}")
    return found


def expand_paths(paths: Iterable[str | Path], suffixes: tuple[str, ...]) -> list[Path]:
    """Files named, plus files with the given suffixes inside named folders (sorted)."""
    found: list[Path] = []
    for item in paths:
        p = Path(item)
        if p.is_dir():
            found.extend(folder_files(p, lambda f: f.suffix in suffixes, f"{' or '.join(suffixes)} files"))
        elif p.exists():
            found.append(p)
        else:
            raise InputError(f"{p}: no such file or folder")
    return found


def read_labeled(paths: Iterable[str | Path]) -> list[LabeledDocument]:
    """Read labelled documents from TSV/JSONL files and folders of them."""
    files = expand_paths(paths, LABELED_SUFFIXES)
    docs: list[LabeledDocument] = []
    for f in files:
        if f.suffix == ".jsonl":
            docs.extend(iter_jsonl(f))
        elif f.suffix == ".tsv":
            docs.append(parse_tsv(read_text(f), f))
        else:
            raise DataFormatError(f, None, "unknown labelled file type, expected .tsv or .jsonl")
    if not docs:
        raise InputError("no labelled documents found (expected .tsv or .jsonl files)")
    return docs


def format_tsv(doc: LabeledDocument) -> str:
    """A labelled document as TSV text (the format parse_tsv reads)."""
    out = []
    for label, line in zip(doc.labels, doc.lines):
        out.append("" if label is None else f"{label.value}\t{_one_line(line)}")
    return "\n".join(out) + "\n"


def jsonl_record(doc: LabeledDocument) -> dict:
    return {
        "id": doc.id,
        "lines": [line if label is not None else "" for label, line in zip(doc.labels, doc.lines)],
        "labels": [None if label is None else label.value for label in doc.labels],
    }


def _one_line(text: str) -> str:
    return text.replace("\t", " ").replace("\n", " ").replace("\r", " ")


def new_file_mode() -> int:
    """The permissions an ordinary new file gets here (0o666 less the umask): mkstemp's
    temporary files are private (0o600), and an output renamed into place keeps that."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: str | Path, text: str) -> None:
    """Write text to path via a temporary file and rename, so a file is whole or absent; a
    failure to write (a full disk, a read-only folder) is a WriteError naming the file."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise WriteError(path, exc) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, new_file_mode())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise WriteError(path, exc) from None
        raise


def write_tsv(path: str | Path, doc: LabeledDocument) -> None:
    write_atomic(path, format_tsv(doc))
