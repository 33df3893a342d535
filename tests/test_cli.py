from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clf.cli import app
from clf.corpus import parse_tsv
from tests.conftest import ROOT, SEED, TINY

runner = CliRunner()
PAGE = "Home News Sport\nA harbour story\nBy Mara Quill\nThe council voted to rebuild the wall on Tuesday.\n\nWork starts in May.\n"


@pytest.fixture()
def page(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(PAGE, encoding="utf-8")
    return path


def run(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def test_help_teaches_with_examples():
    result = run("--help")
    assert result.exit_code == 0
    assert "clf clean page.txt" in result.output
    for command in ("clean", "classify", "train", "evaluate"):
        assert command in result.output


def test_classify_tsv_output_is_the_labelled_format(page, tiny_model_path):
    result = run("classify", page, "--model", tiny_model_path)
    assert result.exit_code == 0, result.output
    doc = parse_tsv(result.stdout, "out.tsv")
    assert [line for line in doc.lines if line] == [line for line in PAGE.splitlines() if line]
    assert doc.lines[4] == "" and doc.labels[4] is None


def test_classify_jsonl_has_probabilities(page, tiny_model_path):
    result = run("classify", page, "--model", tiny_model_path, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 6
    assert rows[0]["line"] == 1 and rows[0]["text"] == "Home News Sport"
    assert set(rows[0]["probabilities"]) == {"boilerplate", "caption", "byline", "body"}
    assert rows[4]["label"] is None


def test_json_outputs_keep_unicode_line_separators_inside_one_line(tmp_path, tiny_model_path):
    # U+2028 / U+2029 are valid in a JSON string, but str.splitlines() cuts a line there
    text = "Home\nThe council met\u2028on Tuesday and voted.\nWork starts in May.\u2029Done.\n"
    page = tmp_path / "page.txt"
    page.write_text(text, encoding="utf-8")
    rows = run("classify", page, "--model", tiny_model_path, "--format", "jsonl").stdout
    assert len(rows.splitlines()) == 3
    assert [json.loads(row)["text"] for row in rows.splitlines()][1] == "The council met\u2028on Tuesday and voted."
    clean = run("clean", page, "--model", tiny_model_path, "--format", "json").stdout
    assert len(clean.splitlines()) == 1
    assert "The council met\u2028on Tuesday and voted." in [row["text"] for row in json.loads(clean)["lines"]]
    assert "\u2028" not in clean and "\\u2028" in clean


def test_clean_reads_stdin_and_prints_json(tiny_model_path):
    result = run("clean", "-", "--model", tiny_model_path, "--format", "json", input=PAGE)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"title", "byline", "body", "captions", "lines"}
    assert isinstance(data["body"], list)
    assert len(data["lines"]) == 5


def test_clean_markdown_starts_with_title(tmp_path, tiny_model_path):
    # a page the tiny model was trained on, so that it surely has a body to render
    page = tmp_path / "harbour.txt"
    source = TINY / "harbour.tsv"
    page.write_text("\n".join(parse_tsv(source.read_text(encoding="utf-8"), source).lines) + "\n", encoding="utf-8")
    result = run("clean", page, "--model", tiny_model_path, "--format", "markdown")
    assert result.exit_code == 0, result.output
    data = json.loads(run("clean", page, "--model", tiny_model_path, "--format", "json").stdout)
    assert data["title"] or data["body"]
    if data["title"]:
        assert result.stdout.startswith(f"# {data['title']}")
    for paragraph in data["body"]:
        assert paragraph in result.stdout


def test_clean_many_files_to_output_dir(tmp_path, tiny_model_path):
    src = tmp_path / "in"
    src.mkdir()
    for name in ("a.txt", "b.txt"):
        (src / name).write_text(PAGE, encoding="utf-8")
    out = tmp_path / "out"
    result = run("clean", src, "--model", tiny_model_path, "--format", "json", "-o", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["a.json", "b.json"]
    assert json.loads((out / "a.json").read_text())["id"].endswith("a.txt")


def test_bad_input_is_one_line_and_exit_1(tmp_path, tiny_model_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run("clean", empty, "--model", tiny_model_path)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"clf: error: {empty}: file is empty, expected text"


def test_summary_counts_unreadable_records_and_good_documents(tmp_path, tiny_model_path):
    pages = tmp_path / "pages.jsonl"
    good = [json.dumps({"id": f"p{k}", "text": PAGE}) for k in range(3)]
    pages.write_text("\n".join([good[0], '{"id": "no-text"}', good[1], "{not json", good[2]]) + "\n", encoding="utf-8")
    result = run("clean", pages, "--model", tiny_model_path, "--format", "json")
    assert result.exit_code == 1
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["p0", "p1", "p2"]
    assert result.stderr.splitlines()[-1] == "clf: 2 input(s) failed, 3 done"


def test_missing_input_file(tmp_path, tiny_model_path):
    result = run("classify", tmp_path / "nope.txt", "--model", tiny_model_path)
    assert result.exit_code == 1
    assert "no such file" in result.stderr and "Traceback" not in result.output


def test_bad_model_file_is_a_clear_error(page, tmp_path):
    bad = tmp_path / "bad.joblib"
    bad.write_text("garbage")
    result = run("clean", page, "--model", bad)
    assert result.exit_code == 1
    assert "corrupt or not a clf model" in result.stderr


def test_train_reports_cross_validation_and_writes_model(tmp_path):
    out = tmp_path / "m.joblib"
    result = run("train", TINY, "-o", out, "--cv", "2")
    assert result.exit_code == 0, result.output
    assert "macro-F1" in result.stdout and "confusion" in result.stdout
    assert out.is_file() and out.with_suffix(".json").is_file()
    meta = json.loads(out.with_suffix(".json").read_text())
    assert meta["cross_validation"]["folds"] == 2


def test_train_weights_a_source_and_records_it(tmp_path):
    out = tmp_path / "m.joblib"
    result = run("train", TINY, "-o", out, "--cv", "0", "--weight", f"{TINY}=3")
    assert result.exit_code == 0, result.output
    meta = json.loads(out.with_suffix(".json").read_text())
    assert meta["training"]["weights"] == {str(TINY): 3.0}


def test_train_with_a_flat_share_records_it(tmp_path):
    out = tmp_path / "m.joblib"
    result = run("train", TINY, "-o", out, "--cv", "0", "--flat-share", "0.5")
    assert result.exit_code == 0, result.output
    meta = json.loads(out.with_suffix(".json").read_text())
    assert meta["params"]["flat_share"] == 0.5
    assert run("train", TINY, "-o", out, "--cv", "0", "--flat-share", "2").exit_code == 2


def test_train_cross_validates_on_one_source(tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    for f in sorted(TINY.glob("*.tsv"))[:2]:
        (other / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "m.joblib"
    result = run("train", TINY, other, "-o", out, "--cv", "2", "--cv-source", str(other))
    assert result.exit_code == 0, result.output
    meta = json.loads(out.with_suffix(".json").read_text())
    assert meta["cross_validation"]["sources"] == [str(other)]
    other_lines = sum(1 for f in other.glob("*.tsv") for line in f.read_text(encoding="utf-8").splitlines() if line)
    assert sum(row["support"] for row in meta["cross_validation"]["labels"].values()) == other_lines
    assert meta["training"]["documents"] == len(list(TINY.glob("*.tsv"))) + 2
    bad = run("train", TINY, "-o", out, "--cv", "2", "--cv-source", "elsewhere")
    assert bad.exit_code == 1
    assert bad.stderr.strip() == "clf: error: --cv-source elsewhere: not one of the training data arguments"


@pytest.mark.parametrize("option, item, message", [
    ("--weight", "elsewhere=2", "--weight elsewhere: not one of the training data arguments"),
    ("--weight", "tiny=zero", "--weight tiny=zero: expected SOURCE=W with W a positive number"),
    ("--snippets", "wcxb-articles=2",
     "--snippets wcxb-articles: expected one of trafilatura-eval (sets with with/without snippets)"),
    ("--snippets", "trafilatura-eval=x", "--snippets trafilatura-eval=x: expected SET=W with W a positive number"),
])
def test_train_rejects_bad_weights(tmp_path, option, item, message):
    result = run("train", TINY, "-o", tmp_path / "m.joblib", "--cv", "0", option, item)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"clf: error: {message}"
    assert not (tmp_path / "m.joblib").exists()


def _snippet_set(root):
    """A made-up trafilatura-eval folder: four pages, each with one with- and one without-snippet."""
    import gzip

    base = root / "trafilatura-eval"
    (base / "eval").mkdir(parents=True)
    records = {}
    for k in range(4):
        html = (f"<html><body><nav>Home Sport Contact</nav><h1>Story {k}</h1>"
                f"<p>The harbour council voted on Tuesday to rebuild sea wall number {k}.</p>"
                f"<p>Read our cookie policy and newsletter terms, page {k}.</p></body></html>")
        (base / "eval" / f"page{k}.html.gz").write_bytes(gzip.compress(html.encode()))
        records[f"https://example.org/{k}"] = {"file": f"page{k}.html", "with": [f"rebuild sea wall number {k}"],
                                               "without": [f"Read our cookie policy and newsletter terms, page {k}."]}
    (base / "evaldata.json.gz").write_bytes(gzip.compress(json.dumps(records).encode()))
    return base


def test_train_adds_partially_labelled_pages_from_snippets(tmp_path, monkeypatch):
    from clf import datasets

    _snippet_set(tmp_path)
    monkeypatch.setattr(datasets, "DATASETS_DIR", tmp_path)
    out = tmp_path / "m.joblib"
    result = run("train", TINY, "-o", out, "--cv", "0", "--snippets", "trafilatura-eval=5")
    assert result.exit_code == 0, result.output
    kept = [k for k in range(4) if not datasets.is_heldout("trafilatura-eval", f"page{k}")]
    meta = json.loads(out.with_suffix(".json").read_text())
    # both converter styles of each page outside the held-out quarter, two known lines each
    assert meta["training"]["snippets"] == {"trafilatura-eval": {"weight": 5.0, "documents": 2 * len(kept),
                                                                 "known_lines": 4 * len(kept)}}
    assert meta["training"]["documents"] == len(list(TINY.glob("*.tsv"))) + 2 * len(kept)
    tiny_lines = sum(1 for f in TINY.glob("*.tsv") for line in f.read_text(encoding="utf-8").splitlines() if line)
    assert meta["training"]["lines"] == tiny_lines + 4 * len(kept)  # labelled lines: the known ones


def test_train_needs_the_snippet_set_before_it_starts(tmp_path, monkeypatch):
    from clf import datasets

    monkeypatch.setattr(datasets, "DATASETS_DIR", tmp_path / "nowhere")
    result = run("train", TINY, "-o", tmp_path / "m.joblib", "--cv", "2", "--snippets", "trafilatura-eval=5")
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"clf: error: --snippets trafilatura-eval: {tmp_path / 'nowhere' / 'trafilatura-eval'} "
                                     "not found (set CLF_DATASETS to the datasets folder)")
    assert "cross-validation" not in result.stderr and not (tmp_path / "m.joblib").exists()


@pytest.mark.parametrize(("files", "cv", "expected"), [
    ({"a.tsv": "body\tHello there\n"}, "5", "cross-validation needs at least two documents, found 1; --cv 0 skips it"),
    ({"a.tsv": "body\tHello there\n"}, "0", "training data needs at least two different labels, found body"),
    ({"a.tsv": "body\tHello there\nboilerplate\tHome\n"}, "0", "no n-grams left after pruning"),
])
def test_train_on_too_little_data_is_one_line_not_a_traceback(tmp_path, files, cv, expected):
    data = tmp_path / "data"
    data.mkdir()
    for name, text in files.items():
        (data / name).write_text(text, encoding="utf-8")
    result = run("train", data, "-o", tmp_path / "m.joblib", "--cv", cv)
    assert result.exit_code == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("clf: error: ") and expected in last
    assert "Traceback" not in result.output and not (tmp_path / "m.joblib").exists()


def test_train_rejects_malformed_data(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("body\tfine\nheadline\tBig news\n", encoding="utf-8")
    result = run("train", bad, "-o", tmp_path / "m.joblib", "--cv", "0")
    assert result.exit_code == 1
    assert result.stderr.strip().startswith(f"clf: error: {bad}:2: unknown label 'headline'")
    assert not (tmp_path / "m.joblib").exists()


def test_evaluate_json(tiny_model_path):
    result = run("evaluate", TINY, "--model", tiny_model_path, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["documents"] == 4
    assert set(data["labels"]) == {"boilerplate", "caption", "byline", "body"}
    assert 0 <= data["macro_f1"] <= 1


def test_evaluate_table(tiny_model_path):
    result = run("evaluate", TINY, "--model", tiny_model_path)
    assert result.exit_code == 0
    assert "precision" in result.stdout and "confusion" in result.stdout


@pytest.mark.skipif(not SEED.exists(), reason="shared seed page not present")
def test_legacy_encoding_is_reported_not_fatal(tmp_path, tiny_model_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes("Caf\u00e9 news\nA story about a caf\u00e9.\n".encode("cp1252"))
    result = run("classify", path, "--model", tiny_model_path)
    assert result.exit_code == 0
    assert "decoded as cp1252" in result.stderr
    assert "Caf\u00e9 news" in result.stdout


HTML = "<html><body><nav>Home</nav><p>First para.</p><p>Second <img alt='a cat'> para.</p></body></html>"


def test_html2text_styles_stdin_and_output_dir(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(HTML, encoding="utf-8")
    blocks = run("html2text", page)
    assert blocks.exit_code == 0 and blocks.stdout == "Home\n\nFirst para.\n\nSecond para.\n"
    gettext = run("html2text", "--style", "gettext", "-", input=HTML)
    assert gettext.exit_code == 0 and "Second a cat para." in gettext.stdout
    utf16 = tmp_path / "wide.html"
    utf16.write_bytes(HTML.encode("utf-16"))
    out = tmp_path / "out"
    written = run("html2text", page, utf16, "-o", out)
    assert written.exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["page.txt", "wide.txt"]
    assert (out / "wide.txt").read_text(encoding="utf-8") == blocks.stdout


@pytest.mark.parametrize(("data", "expected"), [
    (b"  \n", "file is empty, expected HTML"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks like a binary file (NUL bytes), expected HTML"),
])
def test_html2text_bad_input_is_one_line_and_writes_nothing(tmp_path, data, expected):
    good, bad = tmp_path / "good.html", tmp_path / "bad.html"
    good.write_text(HTML, encoding="utf-8")
    bad.write_bytes(data)
    out = tmp_path / "out"
    result = run("html2text", good, bad, "-o", out)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"clf: error: {bad}: {expected}"
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.parametrize("command", ["clean", "classify", "html2text"])
@pytest.mark.parametrize(("where", "expected"), [
    ("taken", "exists and is not a folder, expected a folder for --output-dir"),
    ("taken/sub", "cannot make the output folder (Not a directory)"),
])
def test_output_dir_that_cannot_be_a_folder_is_one_line(tmp_path, tiny_model_path, command, where, expected):
    (tmp_path / "taken").write_text("a file, not a folder\n", encoding="utf-8")
    page = tmp_path / ("page.html" if command == "html2text" else "page.txt")
    page.write_text(HTML if command == "html2text" else PAGE, encoding="utf-8")
    model = [] if command == "html2text" else ["--model", tiny_model_path]
    result = run(command, page, "-o", tmp_path / where, *model)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"clf: error: {tmp_path / where}: {expected}"
    assert (tmp_path / "taken").read_text(encoding="utf-8") == "a file, not a folder\n"


def test_html2text_refuses_two_pages_that_would_write_one_output(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "page.html").write_text(HTML.replace("First", folder), encoding="utf-8")
    out = tmp_path / "out"
    result = run("html2text", tmp_path / "a" / "page.html", tmp_path / "b" / "page.html", "-o", out)
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"clf: error: {tmp_path / 'b' / 'page.html'} and {tmp_path / 'a' / 'page.html'} "
                                     f"would both write {out / 'page.txt'}; rename one")
    assert not any(out.iterdir())
    both = run("html2text", tmp_path / "a" / "page.html", tmp_path / "b" / "page.html")
    assert both.exit_code == 0 and "a para." in both.stdout and "b para." in both.stdout


@pytest.mark.parametrize("command", ["clean", "html2text"])
def test_closed_standard_input_is_one_line(tiny_model_path, command):
    model = ["--model", str(tiny_model_path)] if command == "clean" else []
    result = subprocess.run([sys.executable, "-m", "clf", command, "-", *model], capture_output=True, text=True,
                            cwd=ROOT, preexec_fn=lambda: os.close(0))
    assert result.returncode == 1
    assert result.stderr.strip() == "clf: error: -: standard input is closed, expected input to read"


def _unwritable_folder(tmp_path, kind):
    """A folder this process cannot write in: a read-only one (root can write in that: then
    skip), or Linux's /proc/self, which nobody can write in."""
    if kind == "proc":
        if not Path("/proc/self").is_dir():
            pytest.skip("no /proc/self")
        return Path("/proc/self")
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    if os.access(folder, os.W_OK):
        pytest.skip("this user can write in a read-only folder")
    return folder


@pytest.mark.parametrize("kind", ["read-only", "proc"])
@pytest.mark.parametrize("command", ["clean", "html2text"])
def test_output_dir_that_cannot_be_written_is_one_line(tmp_path, tiny_model_path, command, kind):
    out = _unwritable_folder(tmp_path, kind)
    page = tmp_path / ("page.html" if command == "html2text" else "page.txt")
    page.write_text(HTML if command == "html2text" else PAGE, encoding="utf-8")
    model = [] if command == "html2text" else ["--model", tiny_model_path]
    result = run(command, page, "-o", out, *model)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"clf: error: {out}: cannot write in the output folder (")
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("command", ["clean", "html2text"])
def test_output_files_get_the_usual_permissions(tmp_path, tiny_model_path, command):
    page = tmp_path / ("page.html" if command == "html2text" else "page.txt")
    page.write_text(HTML if command == "html2text" else PAGE, encoding="utf-8")
    model = [] if command == "html2text" else ["--model", tiny_model_path]
    old = os.umask(0o027)
    try:
        result = run(command, page, "-o", tmp_path / "out", *model)
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert [oct(f.stat().st_mode & 0o777) for f in (tmp_path / "out").iterdir()] == [oct(0o640)]


@pytest.mark.parametrize("stdin_format", ["text", "jsonl"])
def test_gzip_cut_short_on_standard_input_is_one_line(tiny_model_path, stdin_format):
    page = json.dumps({"id": "p", "text": PAGE}) + "\n" if stdin_format == "jsonl" else PAGE
    packed = gzip.compress(page.encode("utf-8"))
    result = run("clean", "-", "--stdin-format", stdin_format, "--model", tiny_model_path, input=packed[: len(packed) // 2])
    assert result.exit_code == 1
    assert result.stderr.strip() == ("clf: error: <stdin>: cannot read (Compressed file ended before the end-of-stream "
                                     "marker was reached), expected readable input")


def test_html2text_gzip_cut_short_is_one_line(tmp_path):
    page = tmp_path / "page.html.gz"
    packed = gzip.compress(HTML.encode("utf-8"))
    page.write_bytes(packed[: len(packed) // 2])
    result = run("html2text", page)
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"clf: error: {page}: cannot read (Compressed file ended before the end-of-stream "
                                     "marker was reached), expected a readable file")


def _children_states(pid):
    """The states (R running, S sleeping ...) of the processes whose parent is `pid`, from /proc."""
    states = []
    for entry in os.listdir("/proc"):
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if entry.isdigit() and int(fields[1]) == pid:
            states.append(fields[0])
    return states


@pytest.mark.skipif(not Path("/proc/self/stat").exists() or not hasattr(os, "killpg"), reason="needs /proc and process groups")
def test_ctrl_c_during_a_parallel_run_exits_130_without_tracebacks(tiny_model_path):
    """Ctrl-C in a terminal signals the whole process group: the workers too, here while they
    wait for work (a worker busy with a batch sends its KeyboardInterrupt back as a result)."""
    import signal
    import time

    process = subprocess.Popen([sys.executable, "-m", "clf", "clean", "-", "--stdin-format", "jsonl", "--jobs", "2",
                                "--format", "json", "--model", str(tiny_model_path)], cwd=ROOT, start_new_session=True,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    records = "".join(json.dumps({"id": f"p{k}", "text": PAGE}) + "\n" for k in range(7 * 64))
    process.stdin.write(records.encode("utf-8"))
    process.stdin.flush()
    first = process.stdout.readline()  # batches are out: the workers exist, and clf waits for more input
    for _ in range(1200):  # until both workers wait for work
        if _children_states(process.pid) == ["S", "S"]:
            break
        time.sleep(0.05)
    else:
        process.kill()
        pytest.fail("the two workers never waited for work")
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate()
    assert json.loads(first)["id"] == "p0"
    assert process.returncode == 130
    assert "Traceback" not in err.decode() and "KeyboardInterrupt" not in err.decode()


def test_termination_signal_leaves_no_temporary_output_behind(tmp_path, tiny_model_path):
    """`kill` (SIGTERM) while an output is being written: the run stops with 143, the
    output is not there and neither is its temporary file."""
    import signal
    import time

    pages = tmp_path / "pages.jsonl"
    pages.write_text("".join(json.dumps({"id": f"p{k}", "text": PAGE}) + "\n" for k in range(20000)), encoding="utf-8")
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "clf", "clean", str(pages), "-o", str(out), "--jobs", "1",
                                "--format", "json", "--model", str(tiny_model_path)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    for _ in range(1200):  # until the output's temporary file is there
        if out.is_dir() and any(out.iterdir()):
            break
        time.sleep(0.05)
    else:
        process.kill()
        pytest.fail("no output was started")
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate()
    assert process.returncode == 128 + signal.SIGTERM
    assert list(out.iterdir()) == []
    assert "Traceback" not in err.decode()


@pytest.mark.parametrize(("where", "expected"), [
    ("folder", "is a folder, expected a model file path ending in .joblib"),
    ("page.txt", "expected a model file path ending in .joblib"),
    ("/proc/self/m.joblib", "cannot write in its folder ("),
])
def test_train_checks_its_output_before_training(tmp_path, where, expected):
    if where.startswith("/proc") and not Path("/proc/self").is_dir():
        pytest.skip("no /proc/self")
    (tmp_path / "folder").mkdir()
    (tmp_path / "page.txt").write_text("a page, not a model\n", encoding="utf-8")
    output = Path(where) if where.startswith("/") else tmp_path / where
    result = run("train", TINY, "-o", output, "--cv", "0")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"clf: error: {output}: {expected}")
    assert len(result.stderr.splitlines()) == 1  # before any training (its progress lines)
    assert (tmp_path / "page.txt").read_text(encoding="utf-8") == "a page, not a model\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder", "page.txt"]


@pytest.mark.parametrize("folds", ["1", "-1"])
def test_train_refuses_a_fold_count_that_cannot_cross_validate(tmp_path, folds):
    result = run("train", TINY, "-o", tmp_path / "m.joblib", "--cv", folds)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"clf: error: --cv {folds}: expected 0 (no cross-validation) or 2 folds or more"
    assert not (tmp_path / "m.joblib").exists()


@pytest.mark.parametrize(("command", "example"), [
    ("clean", "page.txt -> DIR/page.json"), ("classify", "page.txt -> DIR/page.tsv"), ("html2text", "page.html -> DIR/page.txt"),
])
def test_output_dir_help_names_the_commands_own_output(command, example):
    import typer.main

    params = typer.main.get_command(app).commands[command].params
    help_text = next(p.help for p in params if "--output-dir" in p.opts)
    assert example in help_text


def test_html2text_names_a_folder_and_reads_a_pipe(tmp_path):
    import threading

    result = run("html2text", tmp_path)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"clf: error: {tmp_path}: is a folder, expected an HTML file"
    if not hasattr(os, "mkfifo"):
        return
    pipe = tmp_path / "page"  # as `clf html2text <(curl -s URL)` gives it
    os.mkfifo(pipe)
    writer = threading.Thread(target=pipe.write_text, args=(HTML,), kwargs={"encoding": "utf-8"})
    writer.start()
    result = run("html2text", pipe)
    if writer.is_alive():  # html2text did not read the pipe: read it here, so the writer ends
        pipe.read_bytes()
    writer.join()
    assert result.exit_code == 0, result.output
    assert result.stdout == "Home\n\nFirst para.\n\nSecond para.\n"
