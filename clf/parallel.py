"""Run a model over a stream of documents on one or many cores, in input order.

Documents go to worker processes in batches; each worker loads the model once
(in its initializer). At most a few batches per worker are in flight, so memory
stays bounded however long the input is. A document that fails is returned as
an error for that document, never stopping the rest.
"""

from __future__ import annotations

import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from clf.document import Document, LabeledDocument
from clf.errors import ClfError

Render = Callable[[LabeledDocument], str]


@dataclass(frozen=True)
class Result:
    """The rendered output of one document, or why it failed."""

    id: str
    n_lines: int
    output: str | None = None
    error: str | None = None


_worker_model = None
_worker_render: Render | None = None


def _init_worker(model_path: str | None, render: Render) -> None:
    global _worker_model, _worker_render
    from clf.inference import load_model

    # Ctrl-C signals the whole process group; the parent stops the run, and a worker that
    # took it too would print a KeyboardInterrupt traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the pool ends its workers so; clf.cli set its own handler

    _worker_model = load_model(model_path)
    _worker_render = render


def process_batch(model, render: Render, docs: list[Document]) -> list[Result]:
    """Classify a batch; if the batch fails, retry document by document to isolate the bad one."""
    try:
        labeled = model.classify_many(docs)
        return [Result(d.id, len(d.lines), render(lab)) for d, lab in zip(docs, labeled)]
    except (ClfError, ValueError) as exc:
        if len(docs) == 1:
            return [Result(docs[0].id, len(docs[0].lines), error=str(exc))]
        return [r for d in docs for r in process_batch(model, render, [d])]


def _run_worker_batch(docs: list[Document]) -> list[Result]:
    assert _worker_model is not None and _worker_render is not None
    return process_batch(_worker_model, _worker_render, docs)


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


BATCH_LINES = 20_000  # a batch closes at this many lines too, so huge documents stay few per batch


def batches(docs: Iterable[Document], size: int, max_lines: int = BATCH_LINES) -> Iterator[list[Document]]:
    """Consecutive groups of at most `size` documents and (past the first) `max_lines` lines.

    The model's cost per batch is mostly numpy passes over all its lines at once, so larger
    batches are faster; the line bound keeps memory bounded by the largest documents.
    """
    batch: list[Document] = []
    lines = 0
    for doc in docs:
        if batch and (len(batch) >= size or lines + len(doc.lines) > max_lines):
            yield batch
            batch, lines = [], 0
        batch.append(doc)
        lines += len(doc.lines)
    if batch:
        yield batch


def run(
    docs: Iterable[Document],
    render: Render,
    model_path: str | Path | None = None,
    jobs: int = 1,
    batch_size: int = 64,
    model=None,
) -> Iterator[Result]:
    """Results for `docs`, in input order, using `jobs` processes (1: this process)."""
    if jobs <= 1:
        if model is None:
            from clf.inference import load_model

            model = load_model(model_path)
        for batch in batches(docs, batch_size):
            yield from process_batch(model, render, batch)
        return
    path = None if model_path is None else str(model_path)
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(path, render)) as pool:
        pending: deque[Future] = deque()
        try:
            for batch in batches(docs, batch_size):
                pending.append(pool.submit(_run_worker_batch, batch))
                if len(pending) >= 3 * jobs:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        except BaseException:  # Ctrl-C, a closed pipe: the batches not started are dropped, not waited for
            # ... but the pool's own thread is: left running, it races the interpreter's exit
            # (concurrent.futures' exit hook writes to a pipe the thread closes: a traceback)
            pool.shutdown(wait=True, cancel_futures=True)
            raise
