"""The public benchmarks in ../shared/datasets: their pages, gold texts and held-out split.

Each reader yields `Page`s (raw HTML bytes plus the gold fields the set has) in a fixed
order; `is_heldout` splits pages into train and held-out by a seeded hash of their id.
The sets are read at run time and never copied into the repository. clf.derive turns
pages into labelled lines; bench/ scores extractors on the held-out pages.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml.html import HtmlElement

from clf.errors import InputError
from clf.htmltext import decode_html, parse_html, self_and_ancestors, tag_name, tree_to_text_lines

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

# The benchmarks are read at run time from ../shared/datasets beside the repository
# (or $CLF_DATASETS); they are never copied into it.
DATASETS_DIR = Path(os.environ.get("CLF_DATASETS", Path(__file__).resolve().parents[2] / "shared" / "datasets"))
SETS: tuple[str, ...] = (
    "wcxb-articles", "l3s-gn1", "readability-testpages", "cleaneval", "trafilatura-eval"
)
BUILDABLE_SETS: tuple[str, ...] = ("wcxb-articles", "l3s-gn1", "readability-testpages", "cleaneval")
DEFAULT_SETS: tuple[str, ...] = ("wcxb-articles", "l3s-gn1")

HELDOUT_BUCKETS = 4  # one bucket in four is held out

L3S_CLASS_RE = re.compile(r"\bx-nc-sel(\d)\b")

READABILITY_SYNTHETIC = frozenset(
    "003-metadata-preferred 004-metadata-space-separated-properties base-url "
    "base-url-base-element base-url-base-element-relative basic-tags-cleaning "
    "comment-inside-script-parsing data-url-image dev418 embedded-videos hidden-nodes "
    "invalid-attributes metadata-content-missing missing-paragraphs normalize-spaces "
    "parsely-metadata remove-aria-hidden remove-extra-brs remove-extra-paragraphs "
    "remove-script-tags replace-brs rtl-1 rtl-2 rtl-3 rtl-4 social-buttons "
    "style-tags-removal svg-parsing title-and-h1-discrepancy title-en-dash".split()
)
READABILITY_MIN_BYTES = 2000
CLEANEVAL_MARKER_RE = re.compile(r"^\s*[<{]\s*[phlPHL]\s*[>}]?", re.M)

@dataclass(frozen=True)
class Page:
    """One benchmark page: its id within the set, raw HTML bytes and gold fields.

    `gold` holds `main_text` (None for sparse sets), `title`, `author`, `date` when known,
    and set-specific extras (`with`/`without` snippets, `captions`, `annotated_html`).
    """

    set_name: str
    id: str
    html: bytes
    gold: dict[str, Any] = field(default_factory=dict)


# Page ids, the held-out split and reading the sets


def is_heldout(set_name: str, page_id: str) -> bool:
    """Whether a page belongs to the held-out quarter of its set (seeded, stable hash)."""
    digest = hashlib.sha1(f"clf-heldout:{set_name}:{page_id}".encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % HELDOUT_BUCKETS == 0


def iter_pages(set_name: str, root: Path | None = None) -> Iterator[Page]:
    """Yield the pages of a benchmark set in a fixed order."""
    readers: dict[str, Callable[[Path], Iterator[Page]]] = {
        "wcxb-articles": _iter_wcxb,
        "l3s-gn1": _iter_l3s,
        "readability-testpages": _iter_readability,
        "cleaneval": _iter_cleaneval,
        "trafilatura-eval": _iter_trafilatura,
    }
    if set_name not in readers:
        raise InputError(f"unknown dataset {set_name!r}, expected one of {', '.join(SETS)}")
    base = (root or DATASETS_DIR) / set_name
    if not base.is_dir():
        raise InputError(f"{base}: dataset folder not found (set CLF_DATASETS to the datasets folder)")
    yield from readers[set_name](base)


def count_pages(set_name: str, root: Path | None = None) -> int:
    """How many pages iter_pages will yield, counted from file names (cheap)."""
    base = (root or DATASETS_DIR) / set_name
    if set_name == "wcxb-articles":
        return len(list((base / "dev" / "ground-truth").glob("*.json.gz")))
    if set_name == "l3s-gn1":
        return len(list((base / "annotated").glob("*.html.gz")))
    if set_name == "cleaneval":
        return sum(len(list((base / s / "gold").glob("*.txt.gz"))) for s in ("dev", "final"))
    return sum(1 for _ in iter_pages(set_name, root))


def gold_body_text(set_name: str, page: Page) -> str | None:
    """The gold main text without title, byline or captions; None for sparse-gold sets."""
    if set_name != page.set_name:
        raise ValueError(f"page {page.id} is from {page.set_name}, not {set_name}")
    return page.gold.get("main_text")


def _read_gz(path: Path) -> bytes:
    try:
        with gzip.open(path, "rb") as fh:
            return fh.read()
    except (OSError, EOFError) as exc:  # BadGzipFile is an OSError
        raise InputError(f"{path}: cannot read gzip data ({exc})") from None


def _read_gz_json(path: Path, key: str) -> Any:
    """The `key` member of a gzipped JSON object, or a one-line InputError naming the file."""
    try:
        return json.loads(_read_gz(path))[key]
    except (json.JSONDecodeError, UnicodeDecodeError, KeyError, TypeError) as exc:
        raise InputError(f"{path}: expected a JSON object with {key!r} ({type(exc).__name__})") from None


def _pages_in(folder: Path, pattern: str) -> list[Path]:
    """The files of a dataset folder; a folder without any is an error, not an empty set."""
    found = sorted(folder.glob(pattern))
    if not found:
        raise InputError(f"{folder}: no {pattern} files; expected the layout its SOURCE.md describes")
    return found


def _iter_wcxb(base: Path) -> Iterator[Page]:
    for gt_path in _pages_in(base / "dev" / "ground-truth", "*.json.gz"):
        page_id = gt_path.name.split(".")[0]
        truth = _read_gz_json(gt_path, "ground_truth")
        gold = {
            "main_text": truth.get("main_content") or "",
            "title": truth.get("title") or "",
            "author": truth.get("author") or "",
            "date": truth.get("publish_date") or "",
            "with": list(truth.get("with") or []),
            "without": list(truth.get("without") or []),
        }
        yield Page("wcxb-articles", page_id, _read_gz(base / "dev" / "html" / f"{page_id}.html.gz"), gold)


def _iter_l3s(base: Path) -> Iterator[Page]:
    urls = _l3s_urls(base / "url-mapping.txt")
    for path in _pages_in(base / "annotated", "*.html.gz"):
        page_id = path.name.split(".")[0]
        annotated = _read_gz(path)
        original_path = base / "original" / path.name
        html = _read_gz(original_path) if original_path.exists() else annotated
        gold = l3s_gold(annotated)
        gold.update({"url": urls.get(page_id, ""), "annotated_html": annotated})
        yield Page("l3s-gn1", page_id, html, gold)


def _l3s_urls(path: Path) -> dict[str, str]:
    urls: dict[str, str] = {}
    if path.exists():
        for row in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if "\t" in row:
                urn, url = row.split("\t", 1)
                urls[urn.strip("<>").rsplit(":", 1)[-1]] = url.strip()
    return urls


def l3s_gold(annotated: bytes) -> dict[str, Any]:
    """Title (sel1) and main text (sel2) of an annotated L3S-GN1 page.

    Text belongs to its innermost marked span: the browser dump leaves some sel0 spans
    unclosed, so they wrap later, differently marked blocks."""
    classes = L3SClasses()
    marked: dict[int, list[str]] = defaultdict(list)
    for line in tree_to_text_lines(parse_html(annotated), "blocks"):
        pieces: dict[int, list[str]] = defaultdict(list)
        for seg in line.segments:
            cls = classes.of(seg.element)
            if cls in L3S_BODY_CLASSES:
                pieces[cls].append(line.text[seg.start : seg.end])
        for cls, texts in pieces.items():
            marked[cls].append(" ".join(texts))
    return {"title": " ".join(marked[1][:1]), "main_text": "\n\n".join(marked[2]), "author": "", "date": ""}


def _iter_readability(base: Path) -> Iterator[Page]:
    for case in sorted(p for p in (base / "test-pages").iterdir() if p.is_dir()):
        source = case / "source.html.gz"
        if case.name in READABILITY_SYNTHETIC or not source.exists():
            continue
        html = _read_gz(source)
        if len(html) < READABILITY_MIN_BYTES:
            continue
        meta_path = case / "expected-metadata.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        gold = readability_gold(_read_gz(case / "expected.html.gz"))
        gold.update({"title": meta.get("title") or "", "author": meta.get("byline") or "",
                     "date": meta.get("publishedTime") or ""})
        yield Page("readability-testpages", case.name, html, gold)


def readability_gold(expected: bytes) -> dict[str, Any]:
    """Main text (outside <figcaption>) and caption texts of a Readability expected.html."""
    body: list[str] = []
    captions: list[str] = []
    for line in tree_to_text_lines(parse_html(expected), "blocks"):
        if not line.text:
            continue
        in_caption = any(tag_name(a) == "figcaption" for el in line.elements for a in self_and_ancestors(el))
        (captions if in_caption else body).append(line.text)
    return {"main_text": "\n".join(body), "captions": captions}


def _iter_cleaneval(base: Path) -> Iterator[Page]:
    for split in ("dev", "final"):
        gold_paths = sorted((base / split / "gold").glob("*.txt.gz"), key=lambda p: int(p.name.split(".")[0]))
        for gold_path in gold_paths:
            number = gold_path.name.split(".")[0]
            input_path = base / split / "input" / f"{number}.html.gz"
            if not input_path.exists():
                continue
            html = _strip_text_wrapper(_read_gz(input_path))
            text = decode_html(_read_gz(gold_path))
            yield Page("cleaneval", f"{split}-{number}", html, cleaneval_gold(text))


def _strip_text_wrapper(data: bytes) -> bytes:
    """Drop CleanEval's `<text id=... title=...>` first line and final `</text>`."""
    if data.lstrip().startswith(b"<text"):
        data = data.lstrip().split(b">", 1)[-1]
    tail = data.rstrip()
    if tail.endswith(b"</text>"):
        data = tail[: -len(b"</text>")]
    return data


def cleaneval_gold(text: str) -> dict[str, Any]:
    """Main text of a CleanEval gold file: blocks without markers, one per paragraph."""
    lines = text.replace("\r\n", "\n").split("\n")
    url = lines[0][4:].strip() if lines and lines[0].startswith("URL:") else ""
    body = "\n".join(lines[1:] if url else lines)
    blocks = [" ".join(b.split()) for b in CLEANEVAL_MARKER_RE.split(body)]
    return {"main_text": "\n\n".join(b for b in blocks if b), "title": "", "author": "",
            "date": "", "url": url}


def _iter_trafilatura(base: Path) -> Iterator[Page]:
    records = json.loads(_read_gz(base / "evaldata.json.gz"))
    for url, record in records.items():
        name = record["file"]
        path = next((p for p in (base / "eval" / f"{name}.gz", base / "cache" / f"{name}.gz") if p.exists()), None)
        if path is None:
            logger.warning("trafilatura-eval: %s is missing", name)
            continue
        gold = {"main_text": None, "title": record.get("title") or "", "author": record.get("author") or "",
                "date": record.get("date") or "", "with": record.get("with") or [],
                "without": record.get("without") or [], "comments": record.get("comments") or [], "url": url}
        yield Page("trafilatura-eval", _safe_id(name), _read_gz(path), gold)


def _safe_id(file_name: str) -> str:
    stem = file_name[:-5] if file_name.endswith(".html") else file_name
    return re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("_")[:80] or "page"


# Text normalisation and alignment to the gold main text

L3S_BODY_CLASSES = frozenset({1, 2})


class L3SClasses:
    """The x-nc-selN class that applies to an element (nearest marked ancestor), memoised."""

    def __init__(self) -> None:
        self.memo: dict[HtmlElement, int | None] = {}

    def of(self, el: HtmlElement) -> int | None:
        path: list[HtmlElement] = []
        node: HtmlElement | None = el
        found: int | None = None
        while node is not None:
            if node in self.memo:
                found = self.memo[node]
                break
            match = L3S_CLASS_RE.search(node.get("class") or "") if isinstance(node.tag, str) else None
            path.append(node)
            if match:
                found = int(match.group(1))
                break
            node = node.getparent()
        for item in path:
            self.memo[item] = found
        return found
