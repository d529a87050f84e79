"""Pulling a project's annotated tasks from Label Studio with label-studio-sdk.

START_TRAINING carries no tasks, and project webhooks are fire-and-forget
(1 s timeout, no retry), so before training qawl asks Label Studio for every
annotated task. The filter is ``total_annotations > 0`` (``only_annotated=True``
is ignored by the server). The text is read under the project's own data key;
a task without it is counted, never taken for an empty project.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

__all__ = ["Pull", "PulledAnnotation", "pull_annotations"]

_ANNOTATED = {"filters": {"conjunction": "and", "items": [
    {"filter": "filter:tasks:total_annotations", "operator": "greater", "value": 0, "type": "Number"}]}}


@dataclass(frozen=True)
class PulledAnnotation:
    annotation_id: str
    task_id: str
    text: str
    result: list


@dataclass
class Pull:
    """What one pull found: the annotations, and how many annotated tasks had no text under the data key."""

    annotations: list[PulledAnnotation] = field(default_factory=list)
    tasks: int = 0
    tasks_without_text: int = 0


def _client(url: str, api_key: str, timeout: float):
    # api_key is passed explicitly: the SDK reads LABEL_STUDIO_API_KEY only when first imported.
    from label_studio_sdk import LabelStudio

    return LabelStudio(base_url=url, api_key=api_key, timeout=timeout)


def pull_annotations(url: str, api_key: str, project_id: str, data_key: str, timeout: float = 30.0) -> Pull:
    """Every non-cancelled annotation of every annotated task of the project.

    Raises whatever the SDK raises when Label Studio cannot be reached.
    """
    client = _client(url, api_key, timeout)
    pull = Pull()
    for task in client.tasks.list(project=int(project_id), query=json.dumps(_ANNOTATED), fields="all"):
        pull.tasks += 1
        text = (task.data or {}).get(data_key)
        if not isinstance(text, str):
            pull.tasks_without_text += 1
            continue
        for annotation in task.annotations or []:
            if not isinstance(annotation, dict) or annotation.get("was_cancelled"):
                continue
            result = annotation.get("result")
            if isinstance(result, list):
                pull.annotations.append(PulledAnnotation(str(annotation.get("id")), str(task.id), text, result))
    return pull
