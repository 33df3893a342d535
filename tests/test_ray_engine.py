"""The Ray engine gives the same articles as the single-process path.

A local Ray instance with 2 CPUs starts once for the module (about 10 s here); the tests
that use it take about 30-40 s together. Skipped when Ray Data is not installed.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from clf.corpus import read_labeled
from clf.document import Document
from clf.errors import ClfError, ModelError
from clf.inference import Model, load_model
from clf.model import ModelParams
from clf.sources import document_text
from clf.training import train

TINY = Path(__file__).parent / "data" / "tiny"

needs_pyarrow = pytest.mark.skipif(importlib.util.find_spec("pyarrow") is None, reason="needs the ray extra")
needs_warcio = pytest.mark.skipif(importlib.util.find_spec("warcio") is None, reason="needs the warc extra")


@pytest.fixture(scope="module")
def model_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    model = train(read_labeled([TINY]), ModelParams(min_df=1, inner_folds=2))
    path = tmp_path_factory.mktemp("ray-model") / "tiny.joblib"
    model.save(path)
    return path


@pytest.fixture(scope="module")
def model(model_path: Path) -> Model:
    return load_model(model_path)


@pytest.fixture(scope="module")
def ray_local():
    ray = pytest.importorskip("ray")
    pytest.importorskip("ray.data")
    ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="WARNING")
    ray.data.DataContext.get_current().enable_progress_bars = False
    yield ray
    ray.shutdown()


def varied_documents() -> list[Document]:
    """About twenty pages: the tiny corpus whole, cut, reversed, merged, plus odd cases."""
    pages = [labeled.document for labeled in read_labeled([TINY])]
    docs: list[Document] = []
    for page in pages:
        lines = page.lines
        half = len(lines) // 2
        docs.append(Document(lines, f"{page.id}-whole"))
        docs.append(Document(lines[:half], f"{page.id}-head"))
        docs.append(Document(lines[half:], f"{page.id}-tail"))
        docs.append(Document(tuple(reversed(lines)), f"{page.id}-reversed"))
    docs.append(Document(pages[0].lines + ("",) + pages[1].lines, "merged"))
    docs.append(Document(("Just one line of text here.",), "one-line"))
    docs.append(Document((), "empty"))
    docs.append(Document(("", "   ", ""), "blank-lines"))
    return docs


def expected_row(model: Model, doc: Document) -> dict:
    article = model.clean(doc)
    labeled = model.classify(doc)
    return {
        "id": doc.id,
        "title": article.title,
        "byline": article.byline,
        "body": list(article.body),
        "captions": list(article.captions),
        "labels": [None if lab is None else lab.value for lab in labeled.labels],
    }


def plain(row: dict) -> dict:
    return {key: list(value) if not isinstance(value, str) else value for key, value in row.items()}


def test_clean_dataset_equals_single_process(ray_local, model: Model, model_path: Path) -> None:
    from clf.ray_engine import clean_dataset

    docs = varied_documents()
    assert len(docs) >= 20
    ds = ray_local.data.from_items([{"id": d.id, "text": document_text(d)} for d in docs])
    rows = clean_dataset(ds, model_path, batch_size=4, concurrency=2).take_all()
    got = {row["id"]: plain(row) for row in rows}
    assert sorted(got) == sorted(d.id for d in docs)
    for doc in docs:
        assert got[doc.id] == expected_row(model, doc), doc.id
    assert any(row["body"] for row in got.values()) and any(row["byline"] for row in got.values())


@needs_warcio
def test_wet_to_jsonl_writes_clean_articles_and_lists_skipped_pages(ray_local, model: Model, model_path: Path, tmp_path: Path) -> None:
    from clf.ray_engine import wet_to_jsonl

    pages = [labeled.document for labeled in read_labeled([TINY])]
    wet = tmp_path / "in" / "crawl.wet.gz"
    write_wet(wet, [(f"http://example.org/{p.id}", document_text(p)) for p in pages] + [("http://example.org/empty", "")])
    out = wet_to_jsonl([tmp_path / "in"], tmp_path / "out", model_path, batch_size=2, concurrency=1)
    rows = [json.loads(line) for f in sorted(out.glob("*.jsonl")) for line in f.read_text(encoding="utf-8").splitlines()]
    got = {row["id"]: row for row in rows}
    assert sorted(got) == sorted(f"http://example.org/{p.id}" for p in pages)
    for page in pages:
        uri = f"http://example.org/{page.id}"
        assert got[uri] == expected_row(model, Document(page.lines, uri))
    (errors,) = (out / "_errors").iterdir()
    assert errors.read_text(encoding="utf-8") == f"{wet}: record 6 (http://example.org/empty): empty record, expected page text\n"


@needs_pyarrow
def test_clean_batch_without_ray_handles_missing_ids_and_null_text(model_path: Path, model: Model) -> None:
    import pyarrow as pa

    from clf.ray_engine import CleanBatch

    cleaner = CleanBatch(str(model_path))
    table = cleaner(pa.table({"text": ["Headline here\nBody of the story.\n", None]}))
    rows = table.to_pylist()
    assert [row["id"] for row in rows] == ["", ""]
    assert rows[0] == expected_row(model, Document(("Headline here", "Body of the story."), ""))
    assert rows[1]["labels"] == [] and rows[1]["body"] == []
    assert cleaner(pa.table({"text": pa.array([], pa.string())})).num_rows == 0


@needs_pyarrow
def test_clean_batch_names_a_missing_text_column(model_path: Path) -> None:
    import pyarrow as pa

    from clf.ray_engine import CleanBatch

    with pytest.raises(ClfError, match="no column 'content'.*columns: id, text"):
        CleanBatch(str(model_path), text_column="content")(pa.table({"id": ["a"], "text": ["x"]}))


def test_missing_model_is_reported_before_any_work(tmp_path: Path) -> None:
    from clf.ray_engine import resolve_model_path

    with pytest.raises(ModelError, match="nope.joblib: model file not found"):
        resolve_model_path(tmp_path / "nope.joblib")


def test_missing_ray_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from clf.ray_engine import require_ray

    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(ClfError, match=r"pip install 'clf\[ray\]'"):
        require_ray()


def write_wet(path: Path, pages: list[tuple[str, str]]) -> None:
    """A gzipped WET file written by hand: warcinfo, then one conversion record per page."""
    import gzip

    def record(rec_type: str, uri: str | None, payload: bytes, content_type: str) -> bytes:
        head = [f"WARC-Type: {rec_type}", "WARC-Date: 2024-01-01T00:00:00Z"]
        head += [f"WARC-Target-URI: {uri}"] if uri else []
        head += [f"Content-Type: {content_type}", f"Content-Length: {len(payload)}"]
        return ("WARC/1.0\r\n" + "\r\n".join(head) + "\r\n\r\n").encode() + payload + b"\r\n\r\n"

    records = [record("warcinfo", None, b"software: clf-tests\r\n", "application/warc-fields")]
    records += [record("conversion", uri, text.encode("utf-8"), "text/plain") for uri, text in pages]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join(gzip.compress(r) for r in records))


def test_wet_to_jsonl_refuses_a_folder_with_output_already(tmp_path: Path, model_path: Path) -> None:
    from clf.ray_engine import wet_to_jsonl

    (tmp_path / "old.jsonl").write_text("{}\n", encoding="utf-8")
    with pytest.raises(ClfError, match="already holds JSONL files"):
        wet_to_jsonl([tmp_path], tmp_path, model_path)
