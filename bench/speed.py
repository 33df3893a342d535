"""How fast is clf, next to trafilatura and resiliparse, and how costly is training?

    python bench/speed.py [--model models/default.joblib] [--limit N] [--train-lines 100000 1000000]

Pages: the held-out pages of bench/quality.py (wcxb-articles and l3s-gn1), as text from
clf's own converter (blocks style). Rows:
- `clf clean` as a whole process (start-up and model load included), one process
  (`--jobs 1`) and all cores (`--jobs N`): pages/s, lines/s, MB/s of text, peak memory;
- clf in process (model already loaded): pages/s, lines/s, MB/s; and model load time;
- trafilatura (include_comments=False) and resiliparse (main_content=True) on the same
  pages' HTML, in process, one core; and clf's ratios to them.
Training: wall time and peak memory of `clf train --cv 0` on N labelled lines, made by
replicating the derived training pages with perturbed text (shuffled casing, digits).
Needs the bench extra (pip install -e '.[bench]') and resiliparse.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from clf import datasets
from clf.document import Document
from clf.htmltext import html_to_lines
from clf.inference import load_model
from clf.parallel import default_jobs
from clf.reconstruct import reconstruct

ROOT = Path(__file__).resolve().parents[1]
SETS = ("wcxb-articles", "l3s-gn1")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def heldout_pages(limit: int | None) -> list:
    pages = [p for s in SETS for p in datasets.iter_pages(s) if datasets.is_heldout(s, p.id)]
    return pages[:limit] if limit else pages


def peak_of(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of a command, measured by a fresh wrapper process."""
    code = (
        "import resource, subprocess, sys, time, json;"
        "t = time.perf_counter(); subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL);"
        "print(json.dumps([time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024]))"
    )
    out = subprocess.run([sys.executable, "-c", code, *cmd], check=True, capture_output=True, text=True)
    seconds, peak = json.loads(out.stdout.strip().splitlines()[-1])
    return seconds, peak


def clean_rows(pages: list, model_path: Path | None, workdir: Path) -> tuple[list[dict], dict]:
    texts = ["\n".join(html_to_lines(p.html, "blocks")) + "\n" for p in pages]
    # a page whose HTML gives no text is an input error for `clf clean` (exit 1): leave it out
    texts = [t for t in texts if t.strip()]
    src = workdir / "pages"
    src.mkdir()
    for i, text in enumerate(texts):
        (src / f"{i:05d}.txt").write_text(text, encoding="utf-8")
    n_pages = len(texts)
    n_lines = sum(sum(1 for l in t.splitlines() if l.strip()) for t in texts)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    model_args = ["--model", str(model_path)] if model_path else []
    clf_bin = str(Path(sys.executable).with_name("clf"))
    rows = []

    def add(name: str, seconds: float, peak: float | None) -> None:
        rows.append({"system": name, "pages_per_s": n_pages / seconds, "lines_per_s": n_lines / seconds,
                     "mb_per_s": mb / seconds, "seconds": seconds, "peak_mb": peak})
        log(f"  {name}: {n_pages / seconds:.1f} pages/s")

    for jobs in sorted({1, default_jobs()}):
        out = workdir / f"out{jobs}"
        seconds, peak = peak_of([clf_bin, "-q", "clean", str(src), "-o", str(out), "--format", "json", "--jobs", str(jobs), *model_args])
        add(f"clf clean, whole process, --jobs {jobs}", seconds, peak)

    start = time.perf_counter()
    model = load_model(model_path)
    load_seconds = time.perf_counter() - start
    docs = [Document.from_text(t) for t in texts]
    start = time.perf_counter()
    for k in range(0, len(docs), 64):  # clf clean's batches hold up to 64 documents
        for labeled in model.classify_many(docs[k:k + 64]):
            reconstruct(labeled)
    add("clf in process (model loaded), 1 core", time.perf_counter() - start, None)
    return rows, {"pages": n_pages, "lines": n_lines, "mb": mb, "model_load_s": load_seconds}


def extractor_rows(pages: list) -> list[dict]:
    import trafilatura
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding

    rows = []
    for name, fn in (
        ("trafilatura (HTML), 1 core", lambda h: trafilatura.extract(h, include_comments=False)),
        ("resiliparse (HTML), 1 core", lambda h: extract_plain_text(bytes_to_str(h, detect_encoding(h)), main_content=True)),
    ):
        start = time.perf_counter()
        for p in pages:
            fn(p.html)
        seconds = time.perf_counter() - start
        rows.append({"system": name, "pages_per_s": len(pages) / seconds, "seconds": seconds})
        log(f"  {name}: {len(pages) / seconds:.1f} pages/s")
    return rows


def perturb(text: str, rng: random.Random) -> str:
    """A variant of a line: digits changed, some words recased, so copies are not identical."""
    words = text.split(" ")
    out = []
    for w in words:
        if w.isdigit():
            w = str(rng.randint(0, 10 ** len(w) - 1))
        elif rng.random() < 0.05:
            w = w.upper() if rng.random() < 0.5 else w.lower()
        out.append(w)
    return " ".join(out)


def training_corpus(n_lines: int, path: Path) -> int:
    """Write a JSONL corpus of about n_lines labelled lines from derived training pages."""
    from clf.derive import derive_page

    rng = random.Random(0)
    base = []
    for s in SETS:
        for p in datasets.iter_pages(s):
            if not datasets.is_heldout(s, p.id):
                base.extend(derive_page(p, ["blocks"]).values())
            if sum(sum(l is not None for l in d.labels) for d in base) > min(n_lines, 150_000):
                break
    written = 0
    copy = 0
    with open(path, "w", encoding="utf-8") as fh:
        while written < n_lines:
            for doc in base:
                lines = [perturb(l, rng) if lab is not None and copy else l for l, lab in zip(doc.lines, doc.labels)]
                labels = [None if lab is None else lab.value for lab in doc.labels]
                fh.write(json.dumps({"id": f"{doc.id}-{copy}", "lines": lines, "labels": labels}) + "\n")
                written += sum(l is not None for l in labels)
                if written >= n_lines:
                    break
            copy += 1
    return written


def training_rows(sizes: list[int], workdir: Path) -> list[dict]:
    rows = []
    for n in sizes:
        corpus = workdir / f"train{n}.jsonl"
        lines = training_corpus(n, corpus)
        clf_bin = str(Path(sys.executable).with_name("clf"))
        seconds, peak = peak_of([clf_bin, "-q", "train", str(corpus), "-o", str(workdir / f"m{n}.joblib"), "--cv", "0"])
        rows.append({"lines": lines, "seconds": seconds, "peak_mb": peak})
        log(f"  train on {lines} lines: {seconds:.0f} s, {peak:.0f} MB")
    return rows


def markdown(clean: list[dict], info: dict, extractors: list[dict], train: list[dict]) -> str:
    out = [f"{info['pages']} pages, {info['lines']} non-empty lines, {info['mb']:.1f} MB of text; "
           f"model load {info['model_load_s']:.2f} s; {os.cpu_count()} cores", "",
           "| system | pages/s | lines/s | MB/s | peak memory |", "|---|---:|---:|---:|---:|"]
    for r in clean:
        peak = f"{r['peak_mb']:.0f} MB" if r.get("peak_mb") else ""
        out.append(f"| {r['system']} | {r['pages_per_s']:.1f} | {r['lines_per_s']:.0f} | {r['mb_per_s']:.2f} | {peak} |")
    for r in extractors:
        out.append(f"| {r['system']} | {r['pages_per_s']:.1f} | | | |")
    out.append("")
    for r in extractors:
        name = r["system"].split(" ")[0]
        whole = clean[0]["pages_per_s"] / r["pages_per_s"]
        inproc = clean[-1]["pages_per_s"] / r["pages_per_s"]
        out.append(f"- clf / {name}: {whole:.2f}x whole process with --jobs 1, {inproc:.2f}x in process")
    if train:
        out += ["", "| training lines | time | peak memory |", "|---:|---:|---:|"]
        out += [f"| {r['lines']} | {r['seconds']:.0f} s | {r['peak_mb']:.0f} MB |" for r in train]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=None, help="at most this many pages")
    parser.add_argument("--train-lines", type=int, nargs="*", default=[100_000, 1_000_000])
    args = parser.parse_args(argv)
    pages = heldout_pages(args.limit)
    log(f"{len(pages)} held-out pages")
    with tempfile.TemporaryDirectory() as tmp:
        clean, info = clean_rows(pages, args.model, Path(tmp))
        extractors = extractor_rows(pages)
        train = training_rows(args.train_lines, Path(tmp))
    print(markdown(clean, info, extractors, train))
    return 0


if __name__ == "__main__":
    sys.exit(main())
