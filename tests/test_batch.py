"""Streaming, parallel and resumable runs give exactly the single-process results."""

from __future__ import annotations

import gzip
import json
from functools import partial

import pytest
from typer.testing import CliRunner

from clf.batch import RunOptions, run_to_dir, run_to_stream
from clf.cli import app
from clf.output import CleanFormat, render_clean

PAGES = [
    f"Home News Sport\nStory number {i} about the harbour\nBy Writer {i}\n"
    f"The council voted on plan {i} on Tuesday, after a long debate.\n\nWork starts in May.\nShare this\n"
    for i in range(12)
]


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    for i, page in enumerate(PAGES):
        (folder / f"p{i:02d}.txt").write_text(page, encoding="utf-8")
    return folder


def expected_json(model, pages, ids):
    out = []
    for page, doc_id in zip(pages, ids):
        labeled = model.classify(page, id=doc_id)
        out.append(json.loads(render_clean(CleanFormat.json, False, labeled)))
    return out


@pytest.mark.parametrize("jobs", [1, 2])
def test_stream_equals_single_process_in_order(corpus, tiny_model, tiny_model_path, jobs, tmp_path):
    out = tmp_path / "out.jsonl"
    with open(out, "w", encoding="utf-8") as fh:
        stats = run_to_stream(
            [str(corpus)], partial(render_clean, CleanFormat.json, False), fh,
            RunOptions(jobs=jobs, batch_size=3), model=tiny_model, model_path=tiny_model_path,
        )
    got = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    ids = [str(corpus / f"p{i:02d}.txt") for i in range(len(PAGES))]
    assert [g["id"] for g in got] == ids
    assert got == expected_json(tiny_model, PAGES, ids)
    assert stats.documents == len(PAGES) and stats.failed == 0


def test_jsonl_and_gzip_inputs_match_text_inputs(tmp_path, tiny_model, tiny_model_path):
    path = tmp_path / "pages.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for i, page in enumerate(PAGES):
            fh.write(json.dumps({"url": f"u{i}", "content": page}) + "\n")
    result = CliRunner().invoke(app, ["clean", str(path), "--model", str(tiny_model_path), "--format", "json",
                                      "--text-field", "content", "--id-field", "url", "--jobs", "2"])
    assert result.exit_code == 0, result.output
    got = [json.loads(line) for line in result.stdout.splitlines()]
    assert got == expected_json(tiny_model, PAGES, [f"u{i}" for i in range(len(PAGES))])


def test_bad_document_is_reported_and_skipped(tmp_path, tiny_model_path):
    path = tmp_path / "pages.jsonl"
    lines = [json.dumps({"id": "a", "text": PAGES[0]}), "{not json", json.dumps({"id": "c", "text": PAGES[1]})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["clean", str(path), "--model", str(tiny_model_path), "--format", "json"])
    assert result.exit_code == 1
    assert [json.loads(l)["id"] for l in result.stdout.splitlines()] == ["a", "c"]
    assert f"{path}:2:" in result.stderr


def test_output_dir_and_resume_skip_done_outputs(corpus, tmp_path, tiny_model, tiny_model_path):
    out = tmp_path / "out"
    render = partial(render_clean, CleanFormat.json, False)
    first = run_to_dir([str(corpus)], render, out, ".json", RunOptions(jobs=2), model_path=tiny_model_path)
    assert first.files_written == len(PAGES)
    (out / "p03.json").unlink()
    before = (out / "p00.json").stat().st_mtime_ns
    again = run_to_dir([str(corpus)], render, out, ".json", RunOptions(jobs=1), model=tiny_model, resume=True)
    assert again.files_written == 1 and again.files_skipped == len(PAGES) - 1
    assert (out / "p00.json").stat().st_mtime_ns == before
    got = json.loads((out / "p03.json").read_text(encoding="utf-8"))
    assert got == expected_json(tiny_model, [PAGES[3]], [str(corpus / "p03.txt")])[0]
    assert not list(out.glob(".*.tmp"))


def test_resume_needs_output_dir(corpus, tiny_model_path):
    result = CliRunner().invoke(app, ["clean", str(corpus), "--model", str(tiny_model_path), "--resume"])
    assert result.exit_code == 1
    assert "--resume needs --output-dir" in result.stderr


def test_same_output_name_twice_is_refused(tmp_path, tiny_model_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "page.txt").write_text(PAGES[0], encoding="utf-8")
    (tmp_path / "b" / "page.txt").write_text(PAGES[1], encoding="utf-8")
    result = CliRunner().invoke(app, ["clean", str(tmp_path / "a"), str(tmp_path / "b"), "--model", str(tiny_model_path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "would both write" in result.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_progress_bar_reports_documents(corpus, tiny_model_path):
    result = CliRunner().invoke(app, ["clean", str(corpus), "--model", str(tiny_model_path), "--progress", "--jobs", "1"])
    assert result.exit_code == 0
    assert f"{len(PAGES)} documents" in result.stderr


def test_batches_close_at_the_document_or_line_bound():
    from clf.document import Document
    from clf.parallel import batches

    docs = [Document(tuple(["x"] * n), str(i)) for i, n in enumerate([3, 3, 3, 10, 1, 1])]
    sizes = [[d.id for d in b] for b in batches(docs, size=2, max_lines=7)]
    assert sizes == [["0", "1"], ["2"], ["3"], ["4", "5"]]  # a document over the bound goes alone
    assert [d.id for b in batches(docs, size=64, max_lines=100) for d in b] == [str(i) for i in range(6)]


def test_output_that_cannot_be_written_is_a_clf_error_and_leaves_nothing(corpus, tmp_path, tiny_model, monkeypatch):
    import errno

    from clf import batch
    from clf.errors import ClfError

    def full(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(batch.os, "replace", full)
    out = tmp_path / "out"
    render = partial(render_clean, CleanFormat.json, False)
    with pytest.raises(ClfError, match=r"out/p00\.json: cannot write \(No space left on device\)$"):
        run_to_dir([str(corpus)], render, out, ".json", RunOptions(jobs=1), model=tiny_model)
    assert not list(out.iterdir())


@pytest.mark.parametrize("command", ["clean", "html2text"])
def test_output_that_would_overwrite_its_input_is_refused(tmp_path, tiny_model_path, command):
    page = tmp_path / "page.txt"
    page.write_text("<p>The council voted on Tuesday.</p>\n" if command == "html2text" else PAGES[0], encoding="utf-8")
    before = page.read_bytes()
    model = [] if command == "html2text" else ["--model", str(tiny_model_path)]
    result = CliRunner().invoke(app, [command, str(page), "-o", str(tmp_path), *model])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"clf: error: {page}: its output would overwrite it; choose another --output-dir"
    assert page.read_bytes() == before
