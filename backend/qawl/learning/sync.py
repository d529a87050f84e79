"""Bringing the gold store in line with what a pull from Label Studio found.

Pulled annotations are upserted (not counted as new annotator work). Stored
ones that Label Studio no longer has are pruned, since an annotator deleted
them while the webhook was not heard; but only when the pull read the text
of every annotated task: a pull under the wrong data key, or one that read
nothing, must never be taken for a project whose annotations are all gone.
"""

from __future__ import annotations

import time

from ..labelstudio.client import Pull
from ..labelstudio.payloads import Project
from .gold import GoldStore

__all__ = ["project_data_key", "sync_gold"]


def project_data_key(gold: GoldStore, project_id: str) -> str:
    """The data key the project's label config names, as the store last saw it; ``text`` when never seen."""
    record = gold.project(project_id)
    if record is not None and record.data_key:
        return record.data_key
    for annotation in reversed(gold.annotations(project_id)):  # older stores: the config kept per annotation
        data_key = Project.with_config(project_id, annotation.label_config).data_key
        if data_key:
            return data_key
    return "text"


def sync_gold(gold: GoldStore, project_id: str, pull: Pull, started: float) -> dict:
    """Upsert the pulled annotations and prune the ones Label Studio no longer has; counts of each."""
    seen: set[str] = set()
    for pulled in pull.annotations:
        gold.put(project_id, pulled.annotation_id, pulled.task_id, pulled.text, pulled.result, count=False)
        seen.add(pulled.annotation_id)
    complete = pull.tasks_without_text == 0 and pull.tasks > 0
    pruned = gold.prune(project_id, seen, older_than=started) if complete else 0
    return {"pulled": len(seen), "tasks": pull.tasks, "tasks_without_text": pull.tasks_without_text,
            "pruned": pruned, "pruning": "done" if complete else "skipped: the pull did not read every task",
            "seconds": round(time.time() - started, 2)}
