"""Run a model over many inputs: streamed, in input order, on one or many cores.

Two sinks: one stream (standard output), or a folder with one output file per input
file, each written to a temporary name and renamed when complete, so that a rerun
with `resume` can skip the inputs whose outputs exist.
"""

from __future__ import annotations

import os
import tempfile
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from clf.corpus import new_file_mode
from clf.document import Document
from clf.errors import ClfError, WriteError
from clf.parallel import Render, Result, run
from clf.sources import STDIN, StdinFormat, iter_documents, iter_file, list_input_files, suffix_kind

ErrorHandler = Callable[[str], None]
ProgressHandler = Callable[["RunStats"], None]


@dataclass
class RunStats:
    """What a run did so far."""

    documents: int = 0  # documents read and run through the model
    lines: int = 0
    failed: int = 0  # inputs that failed: records that could not be read, and documents that failed
    unread: int = 0  # of them, records that could not be read (never among `documents`)
    files_written: int = 0
    files_skipped: int = 0
    total_inputs: int = 0
    inputs_done: int = 0
    total_bytes: int = 0
    bytes_done: int = 0

    @property
    def done(self) -> int:
        """Documents that came out right."""
        return self.documents - (self.failed - self.unread)


@dataclass(frozen=True)
class RunOptions:
    """How to read the inputs and run the model."""

    jobs: int = 1
    batch_size: int = 64
    text_field: str = "text"
    id_field: str = "id"
    stdin_format: StdinFormat = "text"
    headers: bool = False  # `==> id <==` before each document when a sink holds several


@dataclass
class _Runner:
    render: Render
    options: RunOptions
    model: object
    model_path: str | Path | None
    on_error: ErrorHandler
    on_progress: ProgressHandler | None
    stats: RunStats = field(default_factory=RunStats)

    def results(self, docs: Iterator[Document]) -> Iterator[Result]:
        jobs = self.options.jobs
        for result in run(docs, self.render, self.model_path, jobs, self.options.batch_size, model=self.model if jobs <= 1 else None):
            self.stats.documents += 1
            self.stats.lines += result.n_lines
            if result.error is not None:
                self.stats.failed += 1
                self.on_error(f"{result.id}: {result.error}")
            if self.on_progress is not None:
                self.on_progress(self.stats)
            yield result

    def owned_results(self, files: Sequence[str | Path]) -> Iterator[tuple[int, Result]]:
        """(index of the input file, result) for every document of the files, in order."""
        owners: deque[int] = deque()
        o = self.options

        def documents() -> Iterator[Document]:
            for k, f in enumerate(files):
                if f == STDIN:
                    stream = iter_documents([STDIN], text_field=o.text_field, id_field=o.id_field,
                                            stdin_format=o.stdin_format, on_error=self.error)
                else:
                    stream = iter_file(f, text_field=o.text_field, id_field=o.id_field, on_error=self.error)
                for doc in stream:
                    owners.append(k)
                    yield doc

        last = -1
        for result in self.results(documents()):
            k = owners.popleft()
            if k != last:
                self._inputs_done(files, last, k)
                last = k
            yield k, result
        self._inputs_done(files, last, len(files))
        if self.on_progress is not None:
            self.on_progress(self.stats)

    def _inputs_done(self, files: Sequence[str | Path], last: int, now: int) -> None:
        for j in range(last + 1 if last >= 0 else 0, now):
            self.stats.inputs_done += 1
            self.stats.bytes_done += _size(files[j])

    def error(self, message: str) -> None:
        self.stats.failed += 1
        self.stats.unread += 1
        self.on_error(message)


def _header(doc_id: str, first: bool) -> str:
    return ("" if first else "\n") + f"==> {doc_id} <==\n"


def is_single_document(inputs: Sequence[str], stdin_format: StdinFormat) -> bool:
    """True when the inputs can only hold one document (one text file, or stdin as text)."""
    if len(inputs) != 1:
        return False
    item = inputs[0]
    if item == STDIN:
        return stdin_format == "text"
    path = Path(item)
    return path.is_file() and suffix_kind(path) in ("text", "html", None) and not _looks_like_warc(path)


def _looks_like_warc(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(5) == b"WARC/"
    except OSError:
        return False


def run_to_stream(
    inputs: Sequence[str],
    render: Render,
    out: TextIO,
    options: RunOptions,
    model: object = None,
    model_path: str | Path | None = None,
    on_error: ErrorHandler = lambda m: None,
    on_progress: ProgressHandler | None = None,
) -> RunStats:
    """Render every document of the inputs to `out`, in input order."""
    runner = _Runner(render, options, model, model_path, on_error, on_progress)
    headers = options.headers and not is_single_document(inputs, options.stdin_format)
    plan = _plan(inputs, runner.stats)
    first = True
    for _, result in runner.owned_results(plan):
        if result.output is None:
            continue
        if headers:
            out.write(_header(result.id, first))
        out.write(result.output)
        out.flush()
        first = False
    return runner.stats


def _plan(inputs: Sequence[str], stats: RunStats) -> list[str | Path]:
    """The input files in order ('-' for standard input); totals for the progress bar."""
    plan: list[str | Path] = []
    for item in inputs:
        plan.extend([STDIN] if item == STDIN else list_input_files([item]))
    stats.total_inputs = len(plan)
    stats.total_bytes = sum(_size(f) for f in plan)
    return plan


def _size(f: str | Path) -> int:
    return 0 if f == STDIN else Path(f).stat().st_size


def claim_output(writers: dict[str, str], item: str | Path, suffix: str, out_dir: Path) -> str:
    """The output name of `item` in out_dir, recorded in `writers` (name -> input); ClfError
    when an earlier input already writes that name, or when it would overwrite `item` itself
    (`clf clean pages/ -o pages/`)."""
    name = output_name(item, suffix)
    if str(item) != STDIN and (out_dir / name).resolve() == Path(item).resolve():
        raise ClfError(f"{item}: its output would overwrite it; choose another --output-dir")
    if name in writers:
        raise ClfError(f"{item} and {writers[name]} would both write {out_dir / name}; rename one")
    writers[name] = str(item)
    return name


def output_name(path: Path | str, suffix: str) -> str:
    """`page.txt` -> `page.json`; `crawl.wet.gz` -> `crawl.json`; stdin -> `stdin.json`."""
    if str(path) == STDIN:
        return "stdin" + suffix
    name = Path(path).name
    if name.lower().endswith(".gz"):
        name = name[:-3]
    return Path(name).stem + suffix


class _AtomicFile:
    """A text file written under a temporary name and renamed into place on commit; a
    failure to write it (a full disk) is a WriteError naming the file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tmp: str | None = None
        with self._writing():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, self.tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            self.fh = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        self.count = 0

    def write(self, text: str) -> None:
        with self._writing():
            self.fh.write(text)

    def commit(self) -> None:
        with self._writing():
            self.fh.close()
            os.chmod(self.tmp, new_file_mode())
            os.replace(self.tmp, self.path)

    def discard(self) -> None:
        try:
            self.fh.close()
        except OSError:
            pass  # what could not be written is being thrown away
        Path(self.tmp).unlink(missing_ok=True)

    @contextmanager
    def _writing(self) -> Iterator[None]:
        try:
            yield
        except OSError as exc:
            if self.tmp is not None:
                Path(self.tmp).unlink(missing_ok=True)
            raise WriteError(self.path, exc) from None


def run_to_dir(
    inputs: Sequence[str],
    render: Render,
    out_dir: Path,
    suffix: str,
    options: RunOptions,
    model: object = None,
    model_path: str | Path | None = None,
    resume: bool = False,
    on_error: ErrorHandler = lambda m: None,
    on_progress: ProgressHandler | None = None,
) -> RunStats:
    """One output per input file in out_dir; with `resume`, inputs whose output exists are skipped."""
    runner = _Runner(render, options, model, model_path, on_error, on_progress)
    plan: list[tuple[str | Path, Path, bool]] = []  # input, output, may hold several documents
    names: dict[str, str] = {}
    for item in inputs:
        files: list[str | Path] = [STDIN] if item == STDIN else list(list_input_files([item]))
        for f in files:
            name = claim_output(names, f, suffix, out_dir)
            multi = f == STDIN and options.stdin_format != "text" or f != STDIN and suffix_kind(f) in ("jsonl", "warc")
            plan.append((f, out_dir / name, multi))
    todo = []
    for f, target, multi in plan:
        if resume and target.exists():
            runner.stats.files_skipped += 1
        else:
            todo.append((f, target, multi))
    runner.stats.total_inputs = len(todo)
    runner.stats.total_bytes = sum(_size(f) for f, _, _ in todo)
    current: tuple[int, _AtomicFile] | None = None
    try:
        for k, result in runner.owned_results([f for f, _, _ in todo]):
            if current is None or current[0] != k:
                if current is not None:
                    _finish(current[1], runner.stats)
                current = (k, _AtomicFile(todo[k][1]))
            sink = current[1]
            if result.output is not None:
                if options.headers and todo[k][2]:
                    sink.write(_header(result.id, sink.count == 0))
                sink.write(result.output)
                sink.count += 1
        if current is not None:
            _finish(current[1], runner.stats)
            current = None
    finally:
        if current is not None:
            current[1].discard()
    return runner.stats


def _finish(sink: _AtomicFile, stats: RunStats) -> None:
    if sink.count:
        sink.commit()
        stats.files_written += 1
    else:
        sink.discard()
