"""The Dask engine: one task per shard on a ``distributed`` cluster, or on a ``LocalCluster`` of this machine.

Each shard is a task running :func:`.process.process_shard` in a worker process;
the worker loads the model on its first shard and keeps it (:mod:`.worker`).
Without a scheduler address the run starts a ``LocalCluster`` of one
single-threaded worker process per core (qawl is pure Python: threads would
share one interpreter lock). A worker that dies is restarted by its nanny and
the scheduler gives its shard to a worker again (Dask's own retry, up to
``distributed.scheduler.allowed-failures`` times); a shard whose task raises is
reported as failed and the others go on. Dask is imported here only, when a run
starts.

The LocalCluster's workers run without Dask's statistical profiler: it samples
the running thread's stack every 10 ms, which in pure-Python code like qawl's
cost 5-10 % more CPU per article here (benchmarks/archive_scaling.py); the
dashboard's profile page stays empty. A cluster started with ``dask worker``
keeps its own configuration (docs/archive.md shows how to turn it off there).
"""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
import uuid
from typing import Callable

from .process import JobSpec, process_shard
from .shards import Shard

__all__ = ["run_dask"]


def _say(message: str) -> None:
    print(f"qawl predict: {message}", file=sys.stderr)


def run_dask(shards: list[Shard], spec: JobSpec, *, scheduler: str | None = None, workers: int | None = None,
             progress: bool = True, say: Callable[[str], None] = _say, shard_fn: Callable = process_shard,
             dashboard: bool = True) -> tuple[list[dict], dict[str, str], int]:
    """``(counts of each shard done, {shard name: why it failed}, number of workers)``."""
    import dask
    from distributed import Client, LocalCluster, as_completed

    # distributed logs every start and stop at INFO on its own handler: follow qawl's --log-level instead
    logging.getLogger("distributed").setLevel(logging.getLogger().getEffectiveLevel())
    cluster, with_dashboard = None, True
    if scheduler:
        client = Client(scheduler)
        say(f"connected to the Dask scheduler at {scheduler}")
    else:
        count = workers or os.cpu_count() or 1
        with_dashboard = dashboard and importlib.util.find_spec("bokeh") is not None
        with dask.config.set({"distributed.worker.profile.enabled": False}):  # see the module's doc
            cluster = LocalCluster(n_workers=count, threads_per_worker=1, processes=True,
                                   dashboard_address=":0" if with_dashboard else None)
        client = Client(cluster)
        say(f"started a LocalCluster of {count} worker process(es), 1 thread each"
            + (" (no dashboard: pip install bokeh for one)" if dashboard and not with_dashboard else ""))
    try:
        if with_dashboard and client.dashboard_link:
            say(f"Dask dashboard: {client.dashboard_link}")
        worker_count = len(client.nthreads())
        if not worker_count:
            say("no worker has joined yet: the shards wait for one")
        run = uuid.uuid4().hex[:8]
        futures = {}
        for shard in shards:
            future = client.submit(shard_fn, shard, spec, key=f"qawl-{run}-{shard.name}", pure=False,
                                   priority=_size(shard))
            futures[future] = shard
        done, failed = _collect(futures, as_completed, progress)
        return done, failed, max(worker_count, len(client.nthreads()))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _collect(futures: dict, as_completed, progress: bool) -> tuple[list[dict], dict[str, str]]:
    done: list[dict] = []
    failed: dict[str, str] = {}
    bar = _bar(progress, len(futures))
    articles = 0
    try:
        for future in as_completed(list(futures)):
            shard = futures[future]
            if future.status == "finished":
                stats = future.result()
                done.append(stats)
                articles += int(stats.get("articles") or 0)
            else:
                error = future.exception()
                failed[shard.name] = f"{type(error).__name__}: {error}"
            future.release()
            if bar is not None:
                bar.set_postfix(articles=articles, failed=len(failed))
                bar.update()
    finally:
        if bar is not None:
            bar.close()
    done.sort(key=lambda s: s.get("shard", ""))
    return done, failed


def _size(shard: Shard) -> int:
    """The shard's size in MB, as the task's priority: the biggest shards start first, so that no long one
    starts last while the other workers sit idle."""
    try:
        from fsspec.core import url_to_fs

        fs, path = url_to_fs(shard.source)
        return int(fs.size(path) // 1_000_000)
    except Exception:
        return 0


def _bar(enabled: bool, total: int):
    if not (enabled and sys.stderr.isatty()):
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="shard", desc="qawl predict (dask)")
