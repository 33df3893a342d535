"""Clean documents on a Ray cluster with Ray Data (the `ray` extra: pip install 'clf[ray]').

`clean_dataset` maps a Ray Dataset of pages (a text and an id column) to clean articles with
an actor pool: each actor loads the model once and cleans batches with the same code as
the single-process path (Model.classify_many, then clf.reconstruct), so results are equal.
`wet_to_jsonl` runs the whole job from WET/WARC (or any clf.sources) files to clean JSONL.

Paths (model, inputs, output) are read by the workers: on a cluster of several machines
they must be on storage every node sees.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clf.document import Document, LabeledDocument
from clf.errors import ClfError, ModelError
from clf.inference import default_model_path, load_model
from clf.output import article_fields, json_line
from clf.reconstruct import reconstruct
from clf.sources import document_text, iter_file, list_input_files

if TYPE_CHECKING:
    import pyarrow
    import ray.data

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

OUTPUT_COLUMNS = ("id", "title", "byline", "body", "captions", "labels")
READ_CHUNK = 256
ERRORS_DIR = "_errors"

Concurrency = int | tuple[int, int] | None


def require_ray() -> Any:
    """The ray module, or a ClfError that says how to install it."""
    try:
        import ray
        import ray.data  # noqa: F401 - the Data library is a separate extra of ray
    except ImportError:
        raise ClfError("the Ray engine needs Ray Data: pip install 'clf[ray]'") from None
    return ray


def article_row(labeled: LabeledDocument) -> dict[str, Any]:
    """One output row: the article of a labelled document plus its per-line labels."""
    return {
        **article_fields(reconstruct(labeled)),
        "labels": [None if label is None else label.value for label in labeled.labels],
    }


def _output_schema() -> "pyarrow.Schema":
    import pyarrow as pa

    text_list = pa.list_(pa.string())
    return pa.schema([
        ("id", pa.string()), ("title", pa.string()), ("byline", pa.string()),
        ("body", text_list), ("captions", text_list), ("labels", text_list),
    ])


class CleanBatch:
    """Ray Data callable class: loads the model once per actor, then cleans pyarrow batches."""

    def __init__(self, model_path: str | None = None, text_column: str = "text", id_column: str = "id") -> None:
        self.model = load_model(model_path)
        self.text_column = text_column
        self.id_column = id_column

    def __call__(self, batch: "pyarrow.Table") -> "pyarrow.Table":
        import pyarrow as pa

        if self.text_column not in batch.column_names:
            raise ClfError(f"no column {self.text_column!r} in the dataset (columns: {', '.join(batch.column_names)})")
        texts = batch.column(self.text_column).to_pylist()
        ids = batch.column(self.id_column).to_pylist() if self.id_column in batch.column_names else [None] * len(texts)
        docs = [_document(text, doc_id, self.text_column) for text, doc_id in zip(texts, ids)]
        rows = [article_row(labeled) for labeled in self.model.classify_many(docs)] if docs else []
        return pa.Table.from_pylist(rows, schema=_output_schema())


def _document(text: Any, doc_id: Any, text_column: str) -> Document:
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise ClfError(f"column {text_column!r} holds a {type(text).__name__}, expected the page text as a string")
    return Document.from_text(text, "" if doc_id is None else str(doc_id))


def _actor_pool(ray: Any, concurrency: Concurrency) -> Any:
    if concurrency is None:
        return None
    if isinstance(concurrency, int):
        return ray.data.ActorPoolStrategy(size=concurrency)
    low, high = concurrency
    return ray.data.ActorPoolStrategy(min_size=low, max_size=high)


def resolve_model_path(model_path: str | Path | None) -> str:
    """The model file the workers load: the given path, else the default; checked here first."""
    path = Path(model_path) if model_path is not None else default_model_path()
    if not path.is_file():
        raise ModelError(f"{path}: model file not found; train one with `python train.py` or pass a model path")
    return str(path.resolve())


def clean_dataset(
    ds: "ray.data.Dataset",
    model_path: str | Path | None = None,
    *,
    text_column: str = "text",
    id_column: str = "id",
    batch_size: int = 64,
    concurrency: Concurrency = None,
) -> "ray.data.Dataset":
    """Clean every page of `ds` into the columns id, title, byline, body, captions, labels.

    `body` and `captions` are lists of strings; `labels` holds one label (or None for an
    empty line) per line of the page. A missing id column gives empty ids. `concurrency`
    is the number of model actors (an int, or (min, max) to autoscale; None lets Ray Data
    decide). Lazy like any Ray Dataset: nothing runs until the result is consumed.
    """
    ray = require_ray()
    return ds.map_batches(
        CleanBatch,
        fn_constructor_kwargs={
            "model_path": resolve_model_path(model_path),
            "text_column": text_column,
            "id_column": id_column,
        },
        batch_size=batch_size,
        batch_format="pyarrow",
        compute=_actor_pool(ray, concurrency),
    )


def read_documents(
    batch: dict[str, Any], errors_dir: str | None = None, chunk: int = READ_CHUNK
) -> Iterator[dict[str, list[str]]]:
    """Ray Data generator: the pages of the files in `batch["path"]` as id/text chunks.

    Pages that cannot be read are skipped; their messages go to `errors_dir`, one file per
    input (named after its position and name, so a retried task overwrites its own file).
    """
    for index, path in zip(batch["index"], batch["path"]):
        errors: list[str] = []
        ids: list[str] = []
        texts: list[str] = []
        for document in iter_file(str(path), on_error=errors.append):
            ids.append(document.id)
            texts.append(document_text(document))
            if len(ids) >= chunk:
                yield {"id": ids, "text": texts}
                ids, texts = [], []
        if ids:
            yield {"id": ids, "text": texts}
        if errors:
            logger.warning("%s: %d page(s) skipped", path, len(errors))
            if errors_dir is not None:
                target = Path(errors_dir) / f"{int(index):06d}_{Path(str(path)).name}.txt"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text("\n".join(errors) + "\n", encoding="utf-8")


def documents_dataset(inputs: Sequence[str | Path], errors_dir: str | Path | None = None) -> "ray.data.Dataset":
    """A Ray Dataset (id, text) of the pages of clf.sources inputs, one read task per file."""
    ray = require_ray()
    files = list_input_files(inputs)
    if not files:
        raise ClfError("no input files found (expected .wet, .warc, .jsonl or .txt files, optionally .gz)")
    items = [{"index": i, "path": str(f.resolve())} for i, f in enumerate(files)]
    return ray.data.from_items(items, override_num_blocks=len(items)).map_batches(
        read_documents,
        fn_kwargs={"errors_dir": None if errors_dir is None else str(Path(errors_dir).resolve())},
        batch_size=1,
    )


def wet_to_jsonl(
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    model_path: str | Path | None = None,
    *,
    batch_size: int = 64,
    concurrency: Concurrency = None,
) -> Path:
    """Clean the pages of WET/WARC files (or any clf.sources input) into JSONL files in out_dir.

    Each line of the `*.jsonl` files holds the columns of `clean_dataset`. Skipped pages are listed in
    out_dir/_errors/ (one text file per input that had any). Returns out_dir, which must
    not hold JSONL files yet (Ray adds files to a folder, so a rerun would duplicate rows).
    """
    out = Path(out_dir).resolve()
    if out.is_dir() and any(out.glob("*.jsonl")):
        raise ClfError(f"{out}: already holds JSONL files; choose an empty or new output folder")
    docs = documents_dataset(inputs, errors_dir=out / ERRORS_DIR)
    cleaned = clean_dataset(docs, model_path, batch_size=batch_size, concurrency=concurrency)
    cleaned.write_datasink(jsonl_datasink(str(out)))
    return out


def jsonl_datasink(path: str) -> Any:
    """A Ray datasink writing one JSON object per row into `*.jsonl` files, UTF-8 kept as is.

    (Dataset.write_json goes through pandas, which escapes every `/` and non-ASCII letter.)
    """
    from ray.data.datasource import BlockBasedFileDatasink

    class JsonlDatasink(BlockBasedFileDatasink):
        def __init__(self, folder: str) -> None:
            super().__init__(folder, file_format="jsonl")

        def write_block_to_file(self, block: Any, file: Any) -> None:
            rows = block.to_arrow().to_pylist()
            file.write("".join(json_line(row) + "\n" for row in rows).encode("utf-8"))

    return JsonlDatasink(path)
