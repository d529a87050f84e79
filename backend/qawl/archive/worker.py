"""The model, loaded once per process: the serial run's process, or each Dask worker process.

A shard's task asks :func:`annotator_for` for the model; the first ask in a
process loads it and every later one (other shards, other runs on the same
cluster) gets the same object. A worker that dies and is restarted loads it
again, once. :func:`load_count` says how many loads this process made, for a
test to ask each worker with ``client.run``.
"""

from __future__ import annotations

import json
import threading

__all__ = ["annotator_for", "load_count", "model_key"]

_CACHE: dict[tuple, object] = {}
_LOCK = threading.Lock()  # a worker with several threads must still load once
_LOADS = 0


def model_key(model_dir: str | None, skip: tuple[str, ...] = (), stage_options: dict | None = None) -> tuple:
    """What makes two models the same: the directory (None: the shipped model, wherever this process has
    it installed), the stages left out and the stage options."""
    return (model_dir, tuple(sorted(skip)), json.dumps(stage_options or {}, sort_keys=True))


def annotator_for(key: tuple):
    """The Annotator for a :func:`model_key`, loaded on first use in this process."""
    global _LOADS
    annotator = _CACHE.get(key)
    if annotator is not None:
        return annotator
    with _LOCK:
        annotator = _CACHE.get(key)
        if annotator is None:
            from ..pipeline import Annotator
            from ..shipped import SHIPPED_MODEL_DIR

            model_dir, skip, options = key
            annotator = Annotator.load(model_dir or SHIPPED_MODEL_DIR, skip=skip, stage_options=json.loads(options))
            _CACHE[key] = annotator
            _LOADS += 1
    return annotator


def load_count() -> int:
    """How many models this process has loaded."""
    return _LOADS
