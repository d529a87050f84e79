"""One shard, record by record: the unit of work of every archive run, serial or on Dask.

:func:`process_shard` reads the shard, annotates each article on its own and
writes the format's records; a record that cannot be read or annotated goes to
the shard's errors file (line, article id, reason, the start of the record) and
the next one goes on. The output appears whole when the shard is done, then the
errors file (or none), then the done marker with the counts. Nothing is kept
between records but the counts, so a worker's memory does not grow with a shard.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from dataclasses import dataclass, field
from typing import Callable

from ..labelstudio.config import mapping_for
from ..labelstudio.corpus import InvalidPrediction, article_of
from ..labelstudio.tasks import TaskError, as_task, task_key
from . import shards as files
from .formats import FORMATS, LABEL_STUDIO, json_line, json_list_bytes, records_for
from .shards import BadRecord, Shard
from .worker import annotator_for, model_key

__all__ = ["JobSpec", "process_shard", "peak_rss_mb"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobSpec:
    """Everything a worker needs for a shard besides the shard: small, picklable, no environment."""

    fmt: str
    label_config: str
    model_dir: str | None = None  # None: the shipped model of the worker's own installation
    skip: tuple[str, ...] = ()
    stage_options: dict = field(default_factory=dict)
    mark_done: bool = True  # False for a one-file run, which never skips

    def __post_init__(self):
        if self.fmt not in FORMATS:
            raise ValueError(f"unknown format {self.fmt!r}; known: {', '.join(FORMATS)}")


def peak_rss_mb() -> float | None:
    """This process's peak resident memory so far, in MB (None where the platform does not say)."""
    try:
        import resource
    except ImportError:  # not on Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if os.uname().sysname == "Darwin" else 1024), 1)


def process_shard(shard: Shard, spec: JobSpec, on_record: Callable[[], None] | None = None) -> dict:
    """Annotate one shard and write its outputs; its counts (also written to its done marker)."""
    started, cpu_started = time.perf_counter(), time.thread_time()
    annotator = annotator_for(model_key(spec.model_dir, spec.skip, spec.stage_options))
    mapping = mapping_for(spec.label_config)
    counts = {"articles": 0, "records": 0, "quotes": 0, "entities": 0, "errors": 0}
    errors: list[dict] = []
    as_list = spec.fmt == LABEL_STUDIO and shard.json_list
    collected: list[dict] = []
    with files.atomic_output(shard.output) as sink:
        for number, value, preview in files.read_records(shard):
            try:
                records, doc = _one(value, shard, number, annotator, mapping, spec)
            except Exception as error:  # one bad record never stops the shard
                counts["errors"] += 1
                errors.append(_error_record(shard, number, value, error, preview))
            else:
                counts["articles"] += 1
                counts["records"] += len(records)
                counts["quotes"] += sum(1 for s in doc.spans if s.label == "QUOTE" and s.group == "attribution")
                counts["entities"] += sum(1 for s in doc.spans if s.group == "entity")
                if as_list:
                    collected.extend(records)
                else:
                    for record in records:
                        sink.write(json_line(record))
            if on_record is not None:
                on_record()
        if as_list:
            sink.write(json_list_bytes(collected))
    if errors:
        files.write_atomically(shard.errors, b"".join(json_line(e) for e in errors))
    else:
        files.remove(shard.errors)  # a stale one from an attempt that did not finish
    stats = {"shard": shard.name, "source": shard.source, "format": spec.fmt, "model_version": annotator.version,
             **counts, "seconds": round(time.perf_counter() - started, 3),
             "cpu_seconds": round(time.thread_time() - cpu_started, 3),
             "worker": f"{socket.gethostname()}:{os.getpid()}", "peak_rss_mb": peak_rss_mb()}
    if spec.mark_done:
        files.write_atomically(shard.done, json_line(stats))
    return stats


def _one(value, shard: Shard, number, annotator, mapping, spec: JobSpec):
    if isinstance(value, BadRecord):
        raise value
    task = as_task(value)
    article_id, text = article_of(task, mapping.data_key)
    if article_id is None:
        article_id = f"{shard.name}:{number}"
    doc = annotator.annotate(text)
    return records_for(spec.fmt, task, article_id, doc, annotator.version, mapping, spec.label_config), doc


def _error_record(shard: Shard, number, value, error: Exception, preview: str) -> dict:
    task = as_task(value)
    article_id = task_key(task) if isinstance(task, dict) else None
    if isinstance(error, (BadRecord, TaskError, InvalidPrediction)):
        reason = str(error)
    else:  # a stage's bug: the traceback goes to the log (the worker's log on a cluster)
        log.warning("%s line %s: annotation failed", shard.name, number, exc_info=error)
        reason = f"annotation failed: {type(error).__name__}: {error}"
    return {"shard": shard.name, "line": number, "article_id": article_id, "error": reason, "record": preview}
