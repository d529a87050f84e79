"""An archive run from start to end: plan the shards, skip the finished ones, run the rest, report.

:func:`run_archive` is what ``qawl predict`` calls for a folder, a glob or a
list of shards; :func:`run_shards` takes shards already planned (a one-file
run, the tests, the benchmark). ``shard_fn`` replaces the shard function, for
tests that make a shard fail or a worker die.
"""

from __future__ import annotations

import sys
import time
from typing import Callable

from .process import JobSpec, process_shard
from .shards import InputError, Shard, find_inputs, finished, plan, read_done, remove_partials
from .summary import RunReport

__all__ = ["ENGINES", "run_archive", "run_shards"]

ENGINES = ("local", "dask")


def _say(message: str) -> None:
    print(f"qawl predict: {message}", file=sys.stderr)


def run_archive(inputs: list[str], out_dir: str, spec: JobSpec, **options) -> RunReport:
    """Run every input shard (files, folders, globs; local paths or fsspec URLs) into ``out_dir``."""
    shards = plan(find_inputs(inputs), out_dir, spec.fmt)
    return run_shards(shards, spec, output=out_dir, **options)


def run_shards(shards: list[Shard], spec: JobSpec, *, output: str, engine: str = "local",
               scheduler: str | None = None, workers: int | None = None, redo: bool = False,
               progress: bool = True, say: Callable[[str], None] = _say, shard_fn: Callable = process_shard,
               dashboard: bool = True) -> RunReport:
    """Run the shards not finished yet (all of them with ``redo``) on ``engine``; the report of the run.

    An InputError when a finished shard in the output folder was made in another format: the folder
    belongs to another run.
    """
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}; known: {', '.join(ENGINES)}")
    for path in remove_partials(shards):
        say(f"removed {path}, left by a run that did not finish")
    skipped: list[dict] = []
    done_names = finished(shards) if spec.mark_done and not redo else set()
    for shard in shards:
        if shard.name in done_names:
            stats = read_done(shard) or {"shard": shard.name}
            if stats.get("format", spec.fmt) != spec.fmt:
                raise InputError(f"{shard.output} holds the {stats.get('format')} format, from another run; "
                                 f"write --format {spec.fmt} to another folder, or pass --redo")
            skipped.append(stats)
    todo = [s for s in shards if s.name not in done_names]
    if skipped:
        say(f"{len(skipped)} of {len(shards)} shard(s) finished before: skipped")
    report = RunReport(engine=engine if scheduler is None else f"dask at {scheduler}", output=output,
                       skipped=skipped)
    started = time.perf_counter()
    if todo and engine == "local":
        report.done, report.failed = _local(todo, spec, progress, shard_fn)
        report.workers = 1
    elif todo:
        from .run_dask import run_dask

        report.done, report.failed, report.workers = run_dask(
            todo, spec, scheduler=scheduler, workers=workers, progress=progress, say=say, shard_fn=shard_fn,
            dashboard=dashboard)
        if scheduler is None:
            report.engine = f"dask LocalCluster, {report.workers} worker process(es)"
    report.seconds = time.perf_counter() - started
    if todo:
        remove_partials(shards)  # a killed worker's half-written shard, done again since by another
    return report


def _local(todo, spec, progress, shard_fn):
    from .run_local import run_local

    return run_local(todo, spec, progress=progress, shard_fn=shard_fn)
