"""Cut one big JSON-lines file into shards, the unit an archive run hands to a worker.

Lines are copied byte for byte in order (blank lines left out): shard ``k``
holds the ``k``-th run of consecutive lines. Shards are gzip-compressed the
same way on every run (no name, no time in the header), named
``PREFIX-00000.jsonl.gz``, ``PREFIX-00001.jsonl.gz`` … Used by the tests and
the benchmark; from the command line::

    .venv/bin/python -m qawl.archive.split BIG.jsonl.gz OUT_DIR --shards 16 [--limit N]
"""

from __future__ import annotations

import argparse
import sys
from itertools import islice

import fsspec

from .shards import atomic_output

__all__ = ["split_jsonl"]


def _lines(source: str, limit: int | None):
    with fsspec.open(source, "rb", compression="infer") as handle:
        yield from islice((line if line.endswith(b"\n") else line + b"\n" for line in handle if line.strip()),
                          limit)


def split_jsonl(source: str, out_dir: str, shards: int, *, limit: int | None = None, prefix: str = "part",
                compress: bool = True) -> list[str]:
    """Write the first ``limit`` records of ``source`` (all without a limit) as ``shards`` shards of nearly
    equal size into ``out_dir``; the shards' paths."""
    if shards < 1:
        raise ValueError("shards must be at least 1")
    total = sum(1 for _ in _lines(source, limit))
    base, extra = divmod(total, shards)
    sizes = [base + (1 if k < extra else 0) for k in range(shards)]
    suffix = ".jsonl.gz" if compress else ".jsonl"
    paths = []
    lines = _lines(source, limit)
    for k, size in enumerate(sizes):
        path = f"{out_dir.rstrip('/')}/{prefix}-{k:05d}{suffix}"
        with atomic_output(path) as handle:
            for line in islice(lines, size):
                handle.write(line)
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m qawl.archive.split", description=__doc__.split("\n")[0])
    parser.add_argument("source", help="a .jsonl or .jsonl.gz file (a path or an fsspec URL)")
    parser.add_argument("out_dir")
    parser.add_argument("--shards", type=int, required=True)
    parser.add_argument("--limit", type=int, default=None, help="only the first N records")
    parser.add_argument("--prefix", default="part")
    parser.add_argument("--no-compress", action="store_true", help="write .jsonl, not .jsonl.gz")
    args = parser.parse_args(argv)
    paths = split_jsonl(args.source, args.out_dir, args.shards, limit=args.limit, prefix=args.prefix,
                        compress=not args.no_compress)
    print(f"{len(paths)} shards in {args.out_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
