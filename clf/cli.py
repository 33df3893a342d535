"""The clf command line: train, classify, clean, evaluate (the only module that prints)."""

from __future__ import annotations

import json
import logging
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from clf import __version__
from clf.corpus import decode_bytes, expand_paths, format_tsv, read_bytes, read_labeled, write_atomic
from clf.document import Article, Document, LabeledDocument
from clf.errors import ClfError

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

TEXT_SUFFIXES = (".txt", ".text")
STDIN = "-"


class CleanFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


class ClassifyFormat(str, Enum):
    tsv = "tsv"
    jsonl = "jsonl"


CLEAN_SUFFIX = {CleanFormat.text: ".txt", CleanFormat.json: ".json", CleanFormat.markdown: ".md"}
CLASSIFY_SUFFIX = {ClassifyFormat.tsv: ".tsv", ClassifyFormat.jsonl: ".jsonl"}

ModelOption = Annotated[
    Optional[Path],
    typer.Option("--model", "-m", help="Model file (.joblib). Default: $CLF_MODEL or the shipped models/default.joblib."),
]
InputsArg = Annotated[
    list[str],
    typer.Argument(help="Text files or folders of .txt files; '-' reads standard input.", show_default=False),
]
OutDirOption = Annotated[
    Optional[Path],
    typer.Option("--output-dir", "-o", help="Write one output per input into this folder (page.txt -> DIR/page.json) instead of standard output."),
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
    """Set up logging: warnings (such as an encoding fallback) go to standard error."""
    logging.basicConfig(
        level=logging.ERROR if quiet else logging.INFO,
        format="clf: %(message)s",
        stream=sys.stderr,
        force=True,
    )


def read_inputs(inputs: list[str]) -> list[Document]:
    """Read every input before any output is written, so a bad one leaves nothing half-done."""
    docs: list[Document] = []
    for item in inputs:
        if item == STDIN:
            docs.append(Document.from_text(decode_bytes(sys.stdin.buffer.read(), "<stdin>"), "stdin"))
            continue
        for path in expand_paths([item], TEXT_SUFFIXES):
            docs.append(Document.from_text(decode_bytes(read_bytes(path), str(path)), str(path)))
    if not docs:
        raise ClfError("no input files found (folders are searched for .txt files)")
    return docs


def load(model_path: Optional[Path]):  # noqa: ANN201 - returns clf.inference.Model
    from clf.inference import load_model

    return load_model(model_path)


def output_name(doc_id: str, suffix: str) -> str:
    return Path(doc_id).stem + suffix if doc_id != "stdin" else "stdin" + suffix


def emit(outputs: list[tuple[str, str]], out_dir: Optional[Path], suffix: str, headers: bool) -> None:
    """Print outputs (with `==> id <==` headers when several) or write them into out_dir."""
    if out_dir is not None:
        names = [output_name(doc_id, suffix) for doc_id, _ in outputs]
        duplicates = {n for n in names if names.count(n) > 1}
        if duplicates:
            raise ClfError(f"two inputs would write the same output {sorted(duplicates)[0]!r} in {out_dir}")
        for name, (_, text) in zip(names, outputs):
            write_atomic(out_dir / name, text)
        typer.echo(f"clf: wrote {len(outputs)} file(s) to {out_dir}", err=True)
        return
    for k, (doc_id, text) in enumerate(outputs):
        if headers and len(outputs) > 1:
            typer.echo(("\n" if k else "") + f"==> {doc_id} <==")
        sys.stdout.write(text)
    sys.stdout.flush()


def article_json(article: Article, labeled: LabeledDocument) -> dict:
    return {
        "id": article.id,
        "title": article.title,
        "byline": article.byline,
        "body": list(article.body),
        "captions": list(article.captions),
        "lines": [
            {"label": None if lab is None else lab.value, "text": line}
            for lab, line in zip(labeled.labels, labeled.lines)
            if lab is not None
        ],
    }


def article_text(article: Article, captions: bool) -> str:
    parts = [p for p in (article.title, article.byline) if p]
    parts.extend(article.body)
    if captions and article.captions:
        parts.extend(f"[caption] {c}" for c in article.captions)
    return "\n\n".join(parts) + "\n"


def article_markdown(article: Article, captions: bool) -> str:
    parts = []
    if article.title:
        parts.append(f"# {article.title}")
    if article.byline:
        parts.append(f"*{article.byline}*")
    parts.extend(article.body)
    if captions and article.captions:
        parts.extend(f"> {c}" for c in article.captions)
    return "\n\n".join(parts) + "\n"


@app.command()
def clean(
    inputs: InputsArg,
    fmt: Annotated[CleanFormat, typer.Option("--format", "-f", help="text: title, byline, paragraphs; json: keys title, byline, body, captions, lines; markdown.")] = CleanFormat.text,
    captions: Annotated[bool, typer.Option("--captions/--no-captions", help="Include captions in text and markdown output (JSON always has them).")] = False,
    model: ModelOption = None,
    out_dir: OutDirOption = None,
) -> None:
    """Rebuild the clean article (title, byline, body, captions) of each page."""
    from clf.reconstruct import reconstruct

    try:
        docs = read_inputs(inputs)
        labeled = load(model).classify_many(docs)
        outputs = []
        for lab in labeled:
            article = reconstruct(lab)
            if fmt is CleanFormat.json:
                text = json.dumps(article_json(article, lab), ensure_ascii=False) + "\n"
            elif fmt is CleanFormat.markdown:
                text = article_markdown(article, captions)
            else:
                text = article_text(article, captions)
            outputs.append((lab.id, text))
        emit(outputs, out_dir, CLEAN_SUFFIX[fmt], headers=fmt is not CleanFormat.json)
    except ClfError as exc:
        fail(str(exc))


@app.command()
def classify(
    inputs: InputsArg,
    fmt: Annotated[ClassifyFormat, typer.Option("--format", "-f", help="tsv: LABEL<TAB>TEXT, the labelled-data format; jsonl: one object per line with label probabilities.")] = ClassifyFormat.tsv,
    model: ModelOption = None,
    out_dir: OutDirOption = None,
) -> None:
    """Label every line of each page; the TSV output can be corrected by hand and trained on."""
    try:
        docs = read_inputs(inputs)
        labeled = load(model).classify_many(docs)
        outputs = []
        for lab in labeled:
            if fmt is ClassifyFormat.jsonl:
                rows = [
                    json.dumps({"id": lab.id, "line": i + 1, "label": None if l is None else l.value, "text": t, "probabilities": p}, ensure_ascii=False)
                    for i, (l, t, p) in enumerate(zip(lab.labels, lab.lines, lab.probabilities))
                ]
                outputs.append((lab.id, "\n".join(rows) + "\n"))
            else:
                outputs.append((lab.id, format_tsv(lab)))
        emit(outputs, out_dir, CLASSIFY_SUFFIX[fmt], headers=fmt is ClassifyFormat.tsv)
    except ClfError as exc:
        fail(str(exc))


@app.command()
def train(
    data: Annotated[list[Path], typer.Argument(help="Labelled .tsv / .jsonl files or folders of them.", show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the model (.joblib); the sidecar goes beside it (.json).")] = Path("models/model.joblib"),
    cv: Annotated[int, typer.Option(help="Cross-validation folds, grouped by document (0 to skip).")] = 5,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
) -> None:
    """Train a model on labelled data, report cross-validated scores, write model and sidecar."""
    from clf.evaluate import format_report
    from clf.training import run_training

    try:
        result = run_training(data, output, cv=cv, seed=seed, progress=lambda m: typer.echo(f"clf: {m}", err=True))
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


if __name__ == "__main__":  # pragma: no cover
    app()
