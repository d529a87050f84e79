"""Archive throughput on this machine: the serial CLI, the serial engine over shards, Dask with 1 and 2 workers.

    .venv/bin/python benchmarks/archive_scaling.py [--articles 2000] [--shards 8] [--format quotes]

Takes the first ``--articles`` news_raw articles, cuts them into ``--shards``
shards in a temporary folder (:mod:`qawl.archive.split`), and times four runs
of the real command, one after another (never two at once), each end to end
(Python start, imports, model loads, cluster start, every shard written):

* ``serial CLI``: ``qawl predict ARTICLES.jsonl -o FILE``, one file, one process;
* ``local engine``: ``qawl predict SHARDS/ -o OUT``, the shards one after another in one process;
* ``dask, 1 worker`` and ``dask, 2 workers``: ``--engine dask --workers N``, a LocalCluster of
  single-threaded worker processes.

It prints articles/s end to end and inside the shards (the articles over the
busiest worker's time in ``process_shard``, startup left out), the CPU time the
annotating thread spent per article (``process_shard``'s ``cpu_seconds``: what a
run costs whatever else the machine is doing), and the scaling efficiency: the
2-worker rate over twice the 1-worker rate. The load average before each run is
printed too: other jobs on a shared machine slow every run.
The outputs of all four runs are compared (the same records, whatever engine).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from qawl.archive.split import split_jsonl
from qawl.settings import shared_data_dir

ROOT = Path(__file__).resolve().parent.parent
QAWL = ROOT / ".venv" / "bin" / "qawl"


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def _run(name: str, argv: list[str], articles: int, out: Path) -> dict:
    load = _load()
    started = time.perf_counter()
    done = subprocess.run([str(QAWL), "predict", *argv, "--no-progress"], capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{name} failed:\n{done.stderr}")
    reported = re.search(r"this run: (\d+) articles.* in ([\d.]+) s", done.stderr)
    stats = [json.loads(p.read_text()) for p in out.glob("*.done.json")] if out.is_dir() else []
    busiest = {}
    for s in stats:
        busiest[s["worker"]] = busiest.get(s["worker"], 0.0) + s["seconds"]
    in_shards = articles / max(busiest.values()) if busiest else None
    cpu = 1000 * sum(s.get("cpu_seconds", 0.0) for s in stats) / articles if stats else None
    return {"name": name, "wall": wall, "rate": articles / wall, "in_shards": in_shards, "cpu": cpu, "load": load,
            "reported": float(reported.group(2)) if reported else None, "workers": len(busiest) or 1}


def _records(path: Path) -> list[str]:
    """Every output line of a run (a file, or a folder of shards in name order)."""
    paths = sorted(p for p in path.glob("*.jsonl*") if not p.name.endswith((".errors.jsonl", ".done.json"))) \
        if path.is_dir() else [path]
    lines = []
    for p in paths:
        raw = gzip.decompress(p.read_bytes()) if p.name.endswith(".gz") else p.read_bytes()
        lines += raw.decode("utf-8").splitlines()
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--shards", type=int, default=8)
    parser.add_argument("--format", default="quotes", choices=("quotes", "entities", "label-studio"))
    parser.add_argument("--data", default=str(shared_data_dir() / "news_raw" / "ant_news.jsonl.gz"))
    args = parser.parse_args()
    if not Path(args.data).is_file():
        sys.exit(f"no {args.data}")

    with tempfile.TemporaryDirectory(prefix="qawl-archive-bench-") as tmp:
        tmp = Path(tmp)
        shards = split_jsonl(args.data, str(tmp / "shards"), args.shards, limit=args.articles, prefix="news")
        whole = tmp / "articles.jsonl"
        with open(whole, "wb") as handle:
            for shard in shards:
                handle.write(gzip.decompress(Path(shard).read_bytes()))
        articles = sum(1 for _ in open(whole, "rb"))
        suffix = ".json" if args.format == "label-studio" else ".jsonl"
        fmt = ["--format", args.format]
        print(f"{articles} news_raw articles in {len(shards)} shards, --format {args.format}, "
              f"{os.cpu_count()} cores; the runs one after another", flush=True)
        runs = [
            ("serial CLI (one file)", [str(whole), "-o", str(tmp / f"serial{suffix}"), *fmt], tmp / f"serial{suffix}"),
            ("local engine (shards)", [str(tmp / "shards"), "-o", str(tmp / "local"), *fmt], tmp / "local"),
            ("dask, 1 worker", [str(tmp / "shards"), "-o", str(tmp / "dask1"), *fmt, "--engine", "dask",
                                "--workers", "1"], tmp / "dask1"),
            ("dask, 2 workers", [str(tmp / "shards"), "-o", str(tmp / "dask2"), *fmt, "--engine", "dask",
                                 "--workers", "2"], tmp / "dask2"),
        ]
        results = []
        print(f"{'run':24} {'wall s':>7} {'articles/s':>11} {'in shards/s':>12} {'cpu ms/article':>15}   "
              f"load before", flush=True)
        for name, argv, out in runs:
            result = _run(name, argv, articles, out)
            results.append(result)
            in_shards = f"{result['in_shards']:.1f}" if result["in_shards"] else "-"
            cpu = f"{result['cpu']:.2f}" if result["cpu"] else "-"
            print(f"{name:24} {result['wall']:7.1f} {result['rate']:11.1f} {in_shards:>12} {cpu:>15}   "
                  f"{result['load']}", flush=True)
        if args.format != "label-studio":
            same = [_records(out) for _, _, out in runs]
            print("outputs: " + ("the same records from all four runs" if all(s == same[0] for s in same)
                                 else "DIFFER between runs"))
        else:
            same = [_records(out) for _, _, out in runs[1:]]
            print("outputs: " + ("the same shards from the three shard runs" if all(s == same[0] for s in same)
                                 else "DIFFER between runs"))
        serial, _, one, two = results
        print(f"scaling efficiency, 2 workers vs 1 (end to end): {two['rate'] / (2 * one['rate']):.0%}")
        print(f"scaling efficiency, 2 workers vs 1 (in shards):  {two['in_shards'] / (2 * one['in_shards']):.0%}")
        print(f"speed-up of 2 workers over the serial CLI (end to end): {two['rate'] / serial['rate']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
