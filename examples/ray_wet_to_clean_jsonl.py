"""Clean the pages of Common Crawl WET files (or WARC, JSONL, text files) on Ray into JSONL.

    pip install 'clf[ray,warc]'
    python examples/ray_wet_to_clean_jsonl.py CC-MAIN-*.warc.wet.gz -o clean/ --model models/default.joblib

Each output line: {"id": url, "title", "byline", "body": [paragraphs], "captions": [...],
"labels": [one per line]}. Pages that could not be read are listed in OUT/_errors/.
Without --address a local Ray instance is started; on a cluster, inputs, model and output
must be on storage that every node sees.
"""

from __future__ import annotations

import argparse
import sys
import time

from clf.errors import ClfError


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="+", help="WET/WARC (.gz) files, JSONL or text files, or folders of them")
    parser.add_argument("-o", "--output-dir", required=True, help="folder for the clean JSONL files")
    parser.add_argument("-m", "--model", default=None, help="model file (default: $CLF_MODEL or models/default.joblib)")
    parser.add_argument("--batch-size", type=int, default=64, help="pages per model call (default: 64)")
    parser.add_argument("--actors", type=int, default=None, help="model actors (default: Ray Data autoscales)")
    parser.add_argument("--address", default=None, help="Ray cluster address (default: start a local instance)")
    parser.add_argument("--num-cpus", type=int, default=None, help="CPUs of the local instance (default: all)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        from clf.ray_engine import require_ray, wet_to_jsonl

        ray = require_ray()
        if args.address:
            ray.init(address=args.address)
        else:
            ray.init(num_cpus=args.num_cpus, include_dashboard=False)
        start = time.perf_counter()
        out = wet_to_jsonl(args.inputs, args.output_dir, args.model, batch_size=args.batch_size, concurrency=args.actors)
    except ClfError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    errors = sorted((out / "_errors").glob("*.txt")) if (out / "_errors").is_dir() else []
    print(f"wrote clean JSONL to {out} in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    if errors:
        print(f"{len(errors)} input(s) had pages skipped: see {out / '_errors'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
