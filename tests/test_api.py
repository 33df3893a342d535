from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

import clf
from tests.conftest import DEFAULT_MODEL, ROOT, SEED, TINY

needs_default = pytest.mark.skipif(not DEFAULT_MODEL.exists(), reason="no shipped default model")


def readme_python_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- library-example -->\s*```python\n(.*?)```", text, re.S)
    assert match, "README has no library example block"
    return match.group(1)


@needs_default
@pytest.mark.skipif(not SEED.exists(), reason="shared seed page not present")
def test_readme_library_example_runs(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    exec(compile(readme_python_example(), "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "North Korea suggests Putin visit expected" in out
    assert "By Press Association" in out
    assert "['Home', '', 'Storm closes the harbour', '', 'The harbour authority closed" in out  # clf.html_to_lines


def test_html_to_lines_is_part_of_the_package():
    assert "html_to_lines" in clf.__all__
    page = "<html><body><nav>Home</nav><p>First <img alt='a cat'> para.</p></body></html>"
    assert clf.html_to_lines(page) == ["Home", "", "First para."]
    assert clf.html_to_lines(page, "gettext") != clf.html_to_lines(page)


def test_train_and_clean_through_the_package(tiny_docs):
    model = clf.train(tiny_docs, clf.ModelParams(min_df=1, inner_folds=2))
    article = model.clean("Home News\n\nA harbour story\n\nThe council voted to rebuild the wall on Tuesday.\n")
    assert isinstance(article, clf.Article)
    assert all(isinstance(p, str) for p in article.body)
    assert article.title == "" or article.title not in article.body


def test_train_script_on_a_tiny_corpus(tmp_path):
    out = tmp_path / "script.joblib"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, str(ROOT / "train.py"), str(TINY), "--output", str(out), "--cv", "2"],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "macro-F1" in result.stdout
    assert clf.load_model(out).classify("By Mara Quill").labels[0] in set(clf.Label)


def test_train_script_help_says_what_no_arguments_do(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, str(ROOT / "train.py"), "--help"], capture_output=True, text=True,
                            env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    first, _, options = result.stdout.partition("Options of `clf train`:")
    assert "With no arguments it trains models/default.joblib" in first
    assert "--cv-source" in options and not (tmp_path / "models").exists()


def test_a_missing_model_named_by_clf_model_says_so(tmp_path, monkeypatch):
    missing = tmp_path / "gone.joblib"
    monkeypatch.setenv("CLF_MODEL", str(missing))
    with pytest.raises(clf.ModelError) as raised:
        clf.load_model()
    assert str(raised.value) == f"{missing}: no such model file (named by $CLF_MODEL); fix or unset it, or pass --model"
    monkeypatch.delenv("CLF_MODEL")
    assert clf.load_model().classify("By Mara Quill").labels[0] in set(clf.Label)


@pytest.mark.parametrize(("page", "given"), [
    (b"Home\nA story.", "bytes"), (None, "NoneType"), (42, "int"), (["A line", None], "a list holding NoneType"),
])
def test_clean_and_classify_name_what_they_take(tiny_model, page, given):
    for method in (tiny_model.clean, tiny_model.classify):
        with pytest.raises(TypeError) as raised:
            method(page)
        assert str(raised.value) == (f"expected a page as text (str), a list of lines (str) or a Document, got {given}"
                                     + ("; decode the bytes first" if given == "bytes" else ""))
