"""Pulling a project's annotated tasks from Label Studio with label-studio-sdk.

START_TRAINING carries no tasks, and project webhooks are fire-and-forget
(1 s timeout, no retry), so before training qawl asks Label Studio for every
annotated task. The filter is ``total_annotations > 0`` (``only_annotated=True``
is ignored by the server). The text is read under the project's own data key;
a task without it is counted, never taken for an empty project.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass, field

__all__ = ["Pull", "PulledAnnotation", "WebhookAuthorizer", "authorize_project_webhooks", "pull_annotations", "sdk_client"]

log = logging.getLogger(__name__)

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


def sdk_client(url: str, api_key: str, timeout: float):
    # api_key is passed explicitly: the SDK reads LABEL_STUDIO_API_KEY only when first imported.
    from label_studio_sdk import LabelStudio

    return LabelStudio(base_url=url, api_key=api_key, timeout=timeout)


def pull_annotations(url: str, api_key: str, project_id: str, data_key: str, timeout: float = 30.0) -> Pull:
    """Every non-cancelled annotation of every annotated task of the project.

    Raises whatever the SDK raises when Label Studio cannot be reached.
    """
    client = sdk_client(url, api_key, timeout)
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


def authorize_project_webhooks(url: str, api_key: str, project_id: str, authorization: str,
                               timeout: float = 10.0) -> int:
    """Put ``authorization`` on the webhooks Label Studio made for this project's ML backends; how many carry it.

    Label Studio sends the backend's basic auth on /health, /setup, /predict and "Start training" but not on
    the project webhook it creates on connect, which carries every annotation. This sets the header on that
    webhook (``<backend url>/webhook``), so /webhook can require auth like every other route.
    """
    client = sdk_client(url, api_key, timeout)
    backends = {str(ml.url).rstrip("/") + "/webhook" for ml in client.ml.list(project=int(project_id))}
    carrying = 0
    for hook in client.webhooks.list(project=str(project_id)):
        if str(hook.url).rstrip("/") not in backends:
            continue
        headers = dict(hook.headers) if isinstance(hook.headers, dict) else {}
        if headers.get("Authorization") != authorization:
            client.webhooks.update(hook.id, headers={**headers, "Authorization": authorization})
        carrying += 1
    return carrying


class WebhookAuthorizer:
    """Authorises each project's webhook once, in the background, from the /setup calls Label Studio makes.

    The webhook is created when the backend is connected, after its first /setup, so a project whose
    webhook is not there yet (or whose Label Studio could not be reached) is tried again at a later /setup,
    at most every ``retry_seconds``.
    """

    def __init__(self, url: str, api_key: str, authorization: str, retry_seconds: float = 30.0):
        self.url, self.api_key, self.authorization = url, api_key, authorization
        self.retry_seconds = retry_seconds
        self._lock = threading.Lock()
        self._done: set[str] = set()
        self._tried: dict[str, float] = {}

    def project_seen(self, project_id: str) -> None:
        now = time.monotonic()
        with self._lock:
            if project_id in self._done or now - self._tried.get(project_id, -1e9) < self.retry_seconds:
                return
            if len(self._tried) > 10_000:  # a bound on what anonymous /setup calls can make us remember
                self._tried.clear()
            self._tried[project_id] = now
        threading.Thread(target=self._authorize, args=(project_id,), daemon=True,
                         name=f"qawl-webhook-auth-{project_id}").start()

    def _authorize(self, project_id: str) -> None:
        try:
            if authorize_project_webhooks(self.url, self.api_key, project_id, self.authorization):
                with self._lock:
                    self._done.add(project_id)
                log.info("project %s: its webhook now sends the backend's credentials", project_id)
        except Exception as error:
            log.warning("project %s: could not set the credentials on its webhook (%s); set them by hand "
                        "(README, Basic auth) or qawl tries again at a later /setup", project_id, type(error).__name__)
