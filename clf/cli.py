"""The clf command line: train, classify, clean, evaluate (the only module that prints)."""

from __future__ import annotations

import json
import logging
import signal
import sys
import tempfile
import time
import zlib
from enum import Enum
from functools import partial
from pathlib import Path
from typing import Annotated, Optional

import typer

from clf import __version__
from clf.corpus import read_labeled
from clf.errors import ClfError, InputError
from clf.output import CLASSIFY_SUFFIX, CLEAN_SUFFIX, ClassifyFormat, CleanFormat, render_classify, render_clean

app = typer.Typer(
    help=(
        "Label the lines of scraped web text as boilerplate, caption, byline or body, "
        "and rebuild the clean article.\n\n"
        "Examples:\n\n"
        "  clf clean page.txt                 # clean article as text\n\n"
        "  cat page.txt | clf clean - --format json\n\n"
        "  clf classify page.txt > page.tsv   # labels, ready to correct and train on\n\n"
        "  clf train data/labeled -o models/mine.joblib\n\n"
        "  clf evaluate data/labeled --model models/mine.joblib"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

STDIN = "-"


class StdinKind(str, Enum):
    text = "text"
    jsonl = "jsonl"
    warc = "warc"


ModelOption = Annotated[
    Optional[Path],
    typer.Option("--model", "-m", help="Model file (.joblib). Default: $CLF_MODEL or the shipped models/default.joblib."),
]
InputsArg = Annotated[
    list[str],
    typer.Argument(
        help="Inputs: text files, .gz, .jsonl (one page per line), WARC/WET files, .html files (converted as html2text does), folders of these; '-' reads standard input.",
        show_default=False,
    ),
]
def out_dir_option(example: str) -> typer.models.OptionInfo:
    return typer.Option("--output-dir", "-o", help=f"Write one output per input file into this folder ({example}) instead of standard output.")


CleanOutDirOption = Annotated[Optional[Path], out_dir_option("page.txt -> DIR/page.json with --format json, DIR/page.md with markdown, DIR/page.txt with text")]
ClassifyOutDirOption = Annotated[Optional[Path], out_dir_option("page.txt -> DIR/page.tsv, or DIR/page.jsonl with --format jsonl")]
HtmlOutDirOption = Annotated[Optional[Path], out_dir_option("page.html -> DIR/page.txt")]
JobsOption = Annotated[
    Optional[int],
    typer.Option("--jobs", "-j", min=1, help="Worker processes. Default: all cores (1 for a single page)."),
]
ResumeOption = Annotated[bool, typer.Option("--resume", help="With -o: skip inputs whose output file already exists (outputs are written atomically).")]
TextFieldOption = Annotated[str, typer.Option("--text-field", help="JSONL inputs: the field holding the page text.")]
IdFieldOption = Annotated[str, typer.Option("--id-field", help="JSONL inputs: the field holding the page id.")]
StdinFormatOption = Annotated[StdinKind, typer.Option("--stdin-format", help="How to read '-': one text page (read as HTML when it is an HTML page or fragment), JSONL pages or a WARC/WET stream.")]
ProgressOption = Annotated[
    Optional[bool],
    typer.Option("--progress/--no-progress", help="Progress bar on standard error. Default: on when standard error is a terminal."),
]


def fail(message: str) -> None:
    typer.echo(f"clf: error: {message}", err=True)
    raise typer.Exit(1)


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"clf {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=version_callback, is_eager=True, help="Show the version and exit.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on standard error.")] = False,
) -> None:
    """Set up logging: warnings (such as an encoding fallback) go to standard error; make a
    termination signal (`kill`, a scheduler's time limit) stop the run as Ctrl-C does."""
    signal.signal(signal.SIGTERM, _terminated)
    logging.basicConfig(
        level=logging.ERROR if quiet else logging.INFO,
        format="clf: %(message)s",
        stream=sys.stderr,
        force=True,
    )


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM's default kills the process on the spot, leaving the temporary file of an
    output being written (`.page.json.XXXX.tmp`) behind; as an exception, the writers'
    clean-up runs first. Exit code 128 + 15, as the shell reports a process it terminated."""
    raise SystemExit(128 + signal.SIGTERM)


def load(model_path: Optional[Path]):  # noqa: ANN201 - returns clf.inference.Model
    from clf.inference import load_model

    return load_model(model_path)


class ProgressBar:
    """Documents, lines, rate and ETA on one self-rewriting line of standard error."""

    def __init__(self, total_bytes: int) -> None:
        self.start = time.monotonic()
        self.last = 0.0
        self.total_bytes = total_bytes
        self.stats = None

    def __call__(self, stats, force: bool = False) -> None:  # noqa: ANN001 - clf.batch.RunStats
        now = time.monotonic()
        self.stats = stats
        if now - self.last < 0.25 and not force:
            return
        self.last = now
        elapsed = max(now - self.start, 1e-9)
        line = (
            f"clf: {stats.documents} documents, {stats.lines} lines, "
            f"{stats.documents / elapsed:.1f} docs/s, {stats.lines / elapsed:.0f} lines/s"
        )
        if stats.failed:
            line += f", {stats.failed} failed"
        if stats.total_inputs:
            line += f", inputs {stats.inputs_done}/{stats.total_inputs}"
        if 0 < stats.bytes_done < stats.total_bytes:
            eta = elapsed * (stats.total_bytes - stats.bytes_done) / stats.bytes_done
            line += f", ETA {int(eta) // 60}:{int(eta) % 60:02d}"
        sys.stderr.write("\r" + line + " " * 4)
        sys.stderr.flush()

    def close(self) -> None:
        if self.stats is not None:
            self(self.stats, force=True)
        sys.stderr.write("\n")
        sys.stderr.flush()


def check_out_dir(out_dir: Optional[Path]) -> None:
    """Make the --output-dir folder, or stop before any work when it cannot be one."""
    if out_dir is None:
        return
    if out_dir.exists() and not out_dir.is_dir():
        raise ClfError(f"{out_dir}: exists and is not a folder, expected a folder for --output-dir")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ClfError(f"{out_dir}: cannot make the output folder ({exc.strerror or exc})") from None
    try:
        with tempfile.TemporaryFile(dir=out_dir):
            pass
    except OSError as exc:
        raise ClfError(f"{out_dir}: cannot write in the output folder ({exc.strerror or exc})") from None


def run_command(
    inputs: list[str], render, suffix: str, model_path: Optional[Path], out_dir: Optional[Path],  # noqa: ANN001
    jobs: Optional[int], resume: bool, text_field: str, id_field: str, stdin_format: StdinKind,
    progress: Optional[bool], headers: bool,
) -> None:
    """Shared body of clean and classify: stream inputs through the model to stdout or a folder."""
    from clf.batch import RunOptions, is_single_document, run_to_dir, run_to_stream
    from clf.parallel import default_jobs

    if resume and out_dir is None:
        raise ClfError("--resume needs --output-dir: it skips inputs whose output file exists")
    if STDIN in inputs and inputs.count(STDIN) > 1:
        raise ClfError("'-' (standard input) can be given once")
    check_out_dir(out_dir)
    model = load(model_path)  # load once here: a bad model fails before any work starts
    if jobs is None:
        jobs = 1 if is_single_document(inputs, stdin_format.value) else default_jobs()
    options = RunOptions(jobs=jobs, text_field=text_field, id_field=id_field, stdin_format=stdin_format.value, headers=headers)
    show = sys.stderr.isatty() if progress is None else progress
    bar = ProgressBar(0) if show else None
    errors: list[str] = []

    def on_error(message: str) -> None:
        errors.append(message)
        if bar is not None:
            sys.stderr.write("\n")
        typer.echo(f"clf: error: {message}", err=True)

    model_file = model_path if model_path is not None else None
    try:
        if out_dir is None:
            stats = run_to_stream(inputs, render, sys.stdout, options, model, model_file, on_error, bar)
        else:
            stats = run_to_dir(inputs, render, out_dir, suffix, options, model, model_file, resume, on_error, bar)
    finally:
        if bar is not None:
            bar.close()
    if out_dir is not None:
        skipped = f", {stats.files_skipped} skipped (already done)" if stats.files_skipped else ""
        typer.echo(f"clf: wrote {stats.files_written} file(s) to {out_dir}{skipped}", err=True)
    if errors:
        if stats.documents > 1 or stats.failed > 1:
            typer.echo(f"clf: {stats.failed} input(s) failed, {stats.done} done", err=True)
        raise typer.Exit(1)


@app.command()
def clean(
    inputs: InputsArg,
    fmt: Annotated[CleanFormat, typer.Option("--format", "-f", help="text: title, byline, paragraphs; json: one object per page (keys id, title, byline, body, captions, lines); markdown.")] = CleanFormat.text,
    captions: Annotated[bool, typer.Option("--captions/--no-captions", help="Include captions in text and markdown output (JSON always has them).")] = False,
    model: ModelOption = None,
    out_dir: CleanOutDirOption = None,
    jobs: JobsOption = None,
    resume: ResumeOption = False,
    text_field: TextFieldOption = "text",
    id_field: IdFieldOption = "id",
    stdin_format: StdinFormatOption = StdinKind.text,
    progress: ProgressOption = None,
) -> None:
    """Rebuild the clean article (title, byline, body, captions) of each page.

    Many pages stream through in input order; with several pages, text output puts a
    `==> id <==` line before each and JSON output is one object per line (JSONL).
    """
    render = partial(render_clean, fmt, captions)
    try:
        run_command(inputs, render, CLEAN_SUFFIX[fmt], model, out_dir, jobs, resume, text_field, id_field, stdin_format, progress, headers=fmt is not CleanFormat.json)
    except ClfError as exc:
        fail(str(exc))


@app.command()
def classify(
    inputs: InputsArg,
    fmt: Annotated[ClassifyFormat, typer.Option("--format", "-f", help="tsv: LABEL<TAB>TEXT, the labelled-data format; jsonl: one object per line with label probabilities.")] = ClassifyFormat.tsv,
    model: ModelOption = None,
    out_dir: ClassifyOutDirOption = None,
    jobs: JobsOption = None,
    resume: ResumeOption = False,
    text_field: TextFieldOption = "text",
    id_field: IdFieldOption = "id",
    stdin_format: StdinFormatOption = StdinKind.text,
    progress: ProgressOption = None,
) -> None:
    """Label every line of each page; the TSV output can be corrected by hand and trained on.

    A page laid out in table columns by a text browser (lynx, w3m, inscriptis) is read column by column: each cell becomes a line of the output (and of jsonl's `line` count).
    """
    render = partial(render_classify, fmt)
    try:
        run_command(inputs, render, CLASSIFY_SUFFIX[fmt], model, out_dir, jobs, resume, text_field, id_field, stdin_format, progress, headers=fmt is ClassifyFormat.tsv)
    except ClfError as exc:
        fail(str(exc))


def parse_weights(items: list[str], option: str = "--weight", key: str = "SOURCE") -> dict[str, float]:
    """`KEY=W` items (of `option`) as a mapping; a malformed item is an InputError."""
    weights: dict[str, float] = {}
    for item in items:
        source, sep, value = item.rpartition("=")
        try:
            number = float(value)
        except ValueError:
            number = -1.0
        if not sep or not source or not number > 0 or number == float("inf"):
            raise InputError(f"{option} {item}: expected {key}=W with W a positive number")
        weights[source] = number
    return weights


@app.command()
def train(
    data: Annotated[list[Path], typer.Argument(help="Labelled .tsv / .jsonl files or folders of them.", show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the model (.joblib); the sidecar goes beside it (.json).")] = Path("models/model.joblib"),
    cv: Annotated[int, typer.Option(help="Cross-validation folds, grouped by document (0 to skip).")] = 5,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
    exclude_heldout: Annotated[bool, typer.Option("--exclude-heldout", help="Leave out derived benchmark pages of the held-out quarter (what bench/quality.py scores on).")] = False,
    weight: Annotated[Optional[list[str]], typer.Option("--weight", metavar="SOURCE=W", help="Weigh each document of one DATA argument W times (repeat the option), e.g. --weight data/labeled=5.", show_default=False)] = None,
    cv_source: Annotated[Optional[str], typer.Option("--cv-source", metavar="SOURCE", help="Cross-validate on the documents of this DATA argument alone (much faster beside large derived data). Default: all.", show_default=False)] = None,
    snippets: Annotated[Optional[list[str]], typer.Option("--snippets", metavar="SET=W", help="Also train on a sparse-gold benchmark set's pages (trafilatura-eval, read from the datasets folder, held-out quarter left out) with partial labels: only the lines its with/without snippets and author names speak for count, each weighing W (repeat the option).", show_default=False)] = None,
    flat_share: Annotated[float, typer.Option("--flat-share", min=0.0, max=1.0, help="Also train on this share of the documents without their blank lines: for text without paragraph gaps (WET files), whose titles it finds more often, at a little body F1 on text with them.")] = 0.0,
) -> None:
    """Train a model on labelled data, report cross-validated scores, write model and sidecar."""
    from clf.evaluate import format_report
    from clf.model import ModelParams
    from clf.training import run_training

    try:
        weights = parse_weights(weight or [])
        snippet_weights = parse_weights(snippets or [], "--snippets", "SET")
        result = run_training(data, output, cv=cv, seed=seed, params=ModelParams(flat_share=flat_share), progress=lambda m: typer.echo(f"clf: {m}", err=True), exclude_heldout=exclude_heldout, source_weights=weights, cv_source=cv_source, snippet_weights=snippet_weights)
    except ClfError as exc:
        fail(str(exc))
        return
    if result.cross_validation is not None:
        typer.echo(f"cross-validated scores ({result.cross_validation.folds} folds grouped by document):")
        typer.echo(format_report(result.cross_validation.report))
    typer.echo(f"wrote {result.model_path} and {result.sidecar_path}")


@app.command()
def evaluate(
    data: Annotated[list[Path], typer.Argument(help="Labelled .tsv / .jsonl files or folders of them.", show_default=False)],
    model: ModelOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Score a model on labelled data: per-label P/R/F1, macro-F1, confusion matrix."""
    from clf.evaluate import format_report
    from clf.training import evaluate_model

    try:
        docs = read_labeled(data)
        report = evaluate_model(load(model), docs)
    except ClfError as exc:
        fail(str(exc))
        return
    if as_json:
        typer.echo(json.dumps({"documents": len(docs), **report.to_dict()}, indent=2))
    else:
        typer.echo(f"{len(docs)} documents, {sum(report.support)} lines")
        typer.echo(format_report(report))


class HtmlStyle(str, Enum):
    blocks = "blocks"
    gettext = "gettext"


@app.command()
def html2text(
    pages: Annotated[list[str], typer.Argument(help="HTML files (.html, .htm, optionally .gz) or '-' for standard input.", show_default=False)],
    style: Annotated[HtmlStyle, typer.Option("--style", "-s", help="blocks: one line per block, blank lines between paragraphs; gettext: a naive get_text dump that keeps icon titles and alt text.")] = HtmlStyle.blocks,
    out_dir: HtmlOutDirOption = None,
) -> None:
    """Dump HTML pages as plain-text lines the way common scrapers do, ready for `clf clean`."""
    from clf.batch import claim_output
    from clf.corpus import check_page_bytes, write_atomic
    from clf.htmltext import html_to_lines
    from clf.sources import open_binary, stdin_binary

    try:
        check_out_dir(out_dir)
        outputs = []
        writers: dict[str, str] = {}
        for item in pages:
            target = None if out_dir is None else claim_output(writers, item, ".txt", out_dir)
            if item == STDIN:
                data, name = stdin_binary().read(), "stdin.html"
            else:
                if not Path(item).exists():
                    raise ClfError(f"{item}: no such file")
                if Path(item).is_dir():
                    raise ClfError(f"{item}: is a folder, expected an HTML file")
                try:
                    with open_binary(item) as fh:
                        data, name = fh.read(), item
                except (OSError, EOFError, zlib.error) as exc:  # a gzip file cut short: EOFError
                    raise ClfError(f"{item}: cannot read ({exc}), expected a readable file") from None
            check_page_bytes(data, item, "HTML")
            outputs.append((name, target, "\n".join(html_to_lines(data, style.value)) + "\n"))
        for name, target, text in outputs:
            if out_dir is not None and target is not None:
                write_atomic(out_dir / target, text)
            else:
                if len(outputs) > 1:
                    typer.echo(f"==> {name} <==")
                sys.stdout.write(text)
    except ClfError as exc:
        fail(str(exc))


@app.command("build-data")
def build_data(
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the derived labelled documents (git-ignored; never commit them).")] = Path("data/derived"),
    sets: Annotated[Optional[list[str]], typer.Option("--set", help="Benchmark set(s) under ../shared/datasets (repeat the option). Default: wcxb-articles and l3s-gn1.")] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, help="Worker processes. Default: all cores.")] = None,
) -> None:
    """Turn the public HTML benchmarks into labelled line documents (both converter styles).

    Writes OUTPUT/<set>/<style>/<page>.tsv; pages of the held-out quarter of each set
    (see `clf.datasets.is_heldout`) are written too: train with `--exclude-heldout`.
    """
    from clf import derive
    from clf.parallel import default_jobs

    def progress(set_name: str, done: int, total: int) -> None:
        if done == total or done % 50 == 0:
            typer.echo(f"clf: {set_name}: {done}/{total} pages", err=True)

    try:
        stats = derive.build(output, sets or derive.DEFAULT_SETS, derive.STYLES, jobs or default_jobs(), progress)
    except ClfError as exc:
        fail(str(exc))
        return
    for (set_name, style), n_docs in sorted(stats.docs.items()):
        counts = stats.lines[(set_name, style)]
        typer.echo(f"{set_name}/{style}: {n_docs} documents, " + ", ".join(f"{k}={v}" for k, v in sorted(counts.items())))
    typer.echo(f"built in {stats.seconds:.0f} s into {output}")


if __name__ == "__main__":  # pragma: no cover
    app()
