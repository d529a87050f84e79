"""What Label Studio sends to the backend's routes, read into plain typed objects.

``/setup``, ``/predict`` and ``/webhook`` payloads are parsed here and nowhere
else; a payload that cannot be acted on raises ``PayloadError`` with a message
the route answers as 400. The label config and its data key travel with the
project (``Project``) from every payload that carries them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from .config import ConfigError, mapping_for
from .tasks import Context

__all__ = ["AnnotationEvent", "DeleteEvent", "OtherEvent", "PayloadError", "PredictRequest", "Project",
           "SetupRequest", "TrainingEvent", "parse_predict", "parse_setup", "parse_webhook", "project_id_of"]

_GOLD_EVENTS = {"ANNOTATION_CREATED", "ANNOTATION_UPDATED"}
_DELETE_EVENTS = {"ANNOTATIONS_DELETED", "ANNOTATION_DELETED"}


class PayloadError(ValueError):
    """A payload we cannot act on; the message says why."""


@dataclass(frozen=True)
class Project:
    """A Label Studio project as qawl needs it: its id, and its label config with the data key it names."""

    id: str
    label_config: str | None = None
    data_key: str | None = None

    @classmethod
    def with_config(cls, project_id: str, label_config: str | None) -> "Project":
        """The project, its data key read from the config (None when there is no usable config)."""
        data_key = None
        if label_config:
            try:
                data_key = mapping_for(label_config).data_key
            except ConfigError:
                label_config = None
        return cls(project_id, label_config, data_key)


@dataclass(frozen=True)
class SetupRequest:
    project: Project | None
    label_config: str | None


@dataclass(frozen=True)
class PredictRequest:
    tasks: list
    project_id: str | None
    label_config: str | None
    context: Context = field(default_factory=Context)


@dataclass(frozen=True)
class AnnotationEvent:
    """ANNOTATION_CREATED/UPDATED: one submitted annotation (``cancelled`` ones are forgotten, not kept)."""

    action: str
    project: Project
    annotation_id: str
    task_id: str
    text: str
    result: list
    cancelled: bool = False


@dataclass(frozen=True)
class DeleteEvent:
    action: str
    project_id: str | None
    annotation_ids: list[str]


@dataclass(frozen=True)
class TrainingEvent:
    """START_TRAINING ("Start training" in the model settings)."""

    action: str
    project: Project


@dataclass(frozen=True)
class OtherEvent:
    action: str
    project: Project | None


def project_id_of(project) -> str | None:
    """Label Studio sends ``"id.timestamp"`` to /setup and /predict, an object to webhooks."""
    if isinstance(project, dict):
        project = project.get("id")
    if project is None or isinstance(project, bool):
        return None
    text = str(project).split(".", 1)[0].strip()
    return text or None


def parse_setup(payload: dict) -> SetupRequest:
    """``{"project": "3.1795535340", "schema": "<View>…"}``; a schema qawl cannot fill is refused."""
    schema = payload.get("schema")
    if schema is not None:
        try:
            mapping_for(schema)
        except ConfigError as error:
            raise PayloadError(f"this label config cannot take qawl predictions: {error}") from None
    pid = project_id_of(payload.get("project"))
    return SetupRequest(Project.with_config(pid, schema) if pid else None, schema)


def parse_predict(payload: dict) -> PredictRequest:
    tasks = payload.get("tasks")
    if not isinstance(tasks, list) or not tasks:
        raise PayloadError("'tasks' must be a non-empty list of Label Studio tasks")
    label_config = payload.get("label_config")
    return PredictRequest(tasks, project_id_of(payload.get("project")),
                          label_config if isinstance(label_config, str) and label_config else None,
                          Context.from_params(payload.get("params")))


def parse_webhook(payload: dict, known_data_key: Callable[[str], str | None] = lambda project_id: None):
    """One typed event. ``known_data_key(project id)`` gives the project's data key as qawl last saw it, for
    a payload that carries no label config."""
    action = payload.get("action")
    if not isinstance(action, str) or not action:
        raise PayloadError("webhook payload has no 'action'")
    raw_project = payload.get("project")
    pid = project_id_of(raw_project)
    config = raw_project.get("label_config") if isinstance(raw_project, dict) else None
    project = Project.with_config(pid, config if isinstance(config, str) else None) if pid else None
    if action in _GOLD_EVENTS:
        return _annotation_event(action, payload, project, known_data_key)
    if action in _DELETE_EVENTS:
        ids = [str(a.get("id")) for a in payload.get("annotations") or [] if isinstance(a, dict)]
        return DeleteEvent(action, pid, ids)
    if action == "START_TRAINING":
        if project is None:
            raise PayloadError("START_TRAINING needs a project")
        return TrainingEvent(action, project)
    return OtherEvent(action, project)


def _annotation_event(action: str, payload: dict, project: Project | None,
                      known_data_key: Callable[[str], str | None]) -> AnnotationEvent:
    annotation, task = payload.get("annotation"), payload.get("task")
    if not isinstance(annotation, dict) or not isinstance(task, dict) or project is None:
        raise PayloadError("annotation events need 'annotation', 'task' and 'project' objects")
    annotation_id = str(annotation.get("id"))
    if annotation.get("was_cancelled"):
        return AnnotationEvent(action, project, annotation_id, str(task.get("id")), "", [], cancelled=True)
    data_key = project.data_key or known_data_key(project.id) or "text"
    data = task.get("data") if isinstance(task.get("data"), dict) else {}
    text, result = data.get(data_key), annotation.get("result")
    if not isinstance(text, str) or not isinstance(result, list):
        raise PayloadError(f"annotation event needs task.data.{data_key} as a string and annotation.result as a list")
    return AnnotationEvent(action, project, annotation_id, str(task.get("id")), text, result)
