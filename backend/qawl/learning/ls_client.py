"""Pulling a project's annotated tasks from Label Studio with label-studio-sdk.

START_TRAINING carries no tasks, and project webhooks are fire-and-forget
(1 s timeout, no retry), so before training qawl asks Label Studio for every
annotated task and brings its local gold store up to date. The filter is
``total_annotations > 0`` (``only_annotated=True`` is ignored by the server).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Iterator

__all__ = ["PulledAnnotation", "pull_annotations", "sync_gold"]

_ANNOTATED = {"filters": {"conjunction": "and", "items": [
    {"filter": "filter:tasks:total_annotations", "operator": "greater", "value": 0, "type": "Number"}]}}


@dataclass
class PulledAnnotation:
    annotation_id: str
    task_id: str
    text: str
    result: list


def _client(url: str, api_key: str, timeout: float):
    # api_key is passed explicitly: the SDK reads LABEL_STUDIO_API_KEY only when first imported.
    from label_studio_sdk import LabelStudio

    return LabelStudio(base_url=url, api_key=api_key, timeout=timeout)


def pull_annotations(url: str, api_key: str, project_id: str, data_key: str = "text",
                     timeout: float = 30.0) -> Iterator[PulledAnnotation]:
    """Every non-cancelled annotation of every annotated task of the project."""
    client = _client(url, api_key, timeout)
    for task in client.tasks.list(project=int(project_id), query=json.dumps(_ANNOTATED), fields="all"):
        data = task.data or {}
        text = data.get(data_key)
        if not isinstance(text, str):
            continue
        for annotation in task.annotations or []:
            if not isinstance(annotation, dict) or annotation.get("was_cancelled"):
                continue
            result = annotation.get("result")
            if isinstance(result, list):
                yield PulledAnnotation(str(annotation.get("id")), str(task.id), text, result)


def sync_gold(gold, url: str, api_key: str, project_id: str, data_key: str = "text") -> dict:
    """Upsert Label Studio's annotations into the gold store and drop ones it no longer has.

    Raises whatever the SDK raises when Label Studio cannot be reached; the
    caller then trains from the local store and records the error.
    """
    started = time.time()
    seen: set[str] = set()
    for pulled in pull_annotations(url, api_key, project_id, data_key):
        gold.put(project_id, pulled.annotation_id, pulled.task_id, pulled.text, pulled.result, count=False)
        seen.add(pulled.annotation_id)
    pruned = gold.prune(project_id, seen, older_than=started)
    return {"pulled": len(seen), "pruned": pruned, "seconds": round(time.time() - started, 2)}
