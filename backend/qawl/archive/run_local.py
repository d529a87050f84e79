"""The serial engine: every shard in this process, one after another, with the model loaded once.

The reference the Dask engine is checked against (same shard function, same
outputs), and the one to use on a laptop or for a handful of shards.
"""

from __future__ import annotations

import sys
from typing import Callable

from .process import JobSpec, process_shard
from .shards import Shard

__all__ = ["run_local"]


def run_local(shards: list[Shard], spec: JobSpec, *, progress: bool = True,
              shard_fn: Callable = process_shard) -> tuple[list[dict], dict[str, str]]:
    """``(counts of each shard done, {shard name: why it failed})``; a failed shard does not stop the others."""
    done: list[dict] = []
    failed: dict[str, str] = {}
    bar = _bar(progress)
    try:
        for number, shard in enumerate(shards, 1):
            if bar is not None:
                bar.set_description_str(f"qawl predict, shard {number}/{len(shards)}")
            try:
                stats = shard_fn(shard, spec, on_record=bar.update) if bar is not None else shard_fn(shard, spec)
            except Exception as error:  # the shard is redone on the next run
                failed[shard.name] = f"{type(error).__name__}: {error}"
            else:
                done.append(stats)
    finally:
        if bar is not None:
            bar.close()
    return done, failed


def _bar(enabled: bool):
    if not (enabled and sys.stderr.isatty()):
        return None
    from tqdm import tqdm

    return tqdm(unit="article", desc="qawl predict", smoothing=0.05)
