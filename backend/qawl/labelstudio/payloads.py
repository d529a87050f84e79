"""What Label Studio sends to the backend's routes, read into plain typed objects.

``/setup``, ``/predict`` and ``/webhook`` payloads are parsed here and nowhere
else; a payload that cannot be acted on raises ``PayloadError`` with a message
the route answers as 400. The label config and its data key travel with the
project (``Project``) from every payload that carries them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from .annotations import result_problem
from .config import ConfigError, mapping_for
from .tasks import Context

__all__ = ["KNOWN_ACTIONS", "AnnotationEvent", "DeleteEvent", "OtherEvent", "PayloadError", "PredictRequest",
           "Project", "SetupRequest", "TrainingEvent", "label_config_of", "parse_predict", "parse_setup",
           "parse_webhook", "project_id_of"]

_GOLD_EVENTS = {"ANNOTATION_CREATED", "ANNOTATION_UPDATED"}
_DELETE_EVENTS = {"ANNOTATIONS_DELETED", "ANNOTATION_DELETED"}
# Every project event Label Studio 1.23 sends (contract §6); anything else is counted as "other".
KNOWN_ACTIONS = frozenset(_GOLD_EVENTS | _DELETE_EVENTS | {
    "START_TRAINING", "ANNOTATIONS_CREATED", "TASKS_CREATED", "TASKS_DELETED", "PROJECT_CREATED",
    "PROJECT_UPDATED", "PROJECT_DELETED", "LABEL_LINK_CREATED", "LABEL_LINK_UPDATED", "LABEL_LINK_DELETED"})
MAX_LABEL_CONFIG_CHARS = 1_000_000  # a real config is a few kB; a bigger one is refused, never parsed or kept


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
    """The project id: Label Studio sends ``"id.timestamp"`` to /setup and /predict, an object to webhooks,
    and ids are positive integers; anything else is refused (it would become a path and a queue entry)."""
    if isinstance(project, dict):
        project = project.get("id")
    if project is None:
        return None
    if isinstance(project, int) and not isinstance(project, bool):
        text = str(project)
    elif isinstance(project, str):
        text = project.split(".", 1)[0].strip()
    else:
        text = ""
    if not (text.isascii() and text.isdigit() and len(text) <= 18 and int(text) > 0):
        raise PayloadError("the project id must be a positive integer, as Label Studio sends it")
    return str(int(text))


def label_config_of(value, name: str) -> str | None:
    """A label config sent as ``name``: a string of XML, or None when absent or empty."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise PayloadError(f"'{name}' must be the label config as a string of XML")
    if len(value) > MAX_LABEL_CONFIG_CHARS:
        raise PayloadError(f"'{name}' is longer than {MAX_LABEL_CONFIG_CHARS:,} characters")
    return value


def parse_setup(payload: dict) -> SetupRequest:
    """``{"project": "3.1795535340", "schema": "<View>…"}``; a schema qawl cannot fill is refused."""
    schema = label_config_of(payload.get("schema"), "schema")
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
    return PredictRequest(tasks, project_id_of(payload.get("project")),
                          label_config_of(payload.get("label_config"), "label_config"),
                          Context.from_params(payload.get("params")))


def parse_webhook(payload: dict, known_data_key: Callable[[str], str | None] = lambda project_id: None):
    """One typed event. ``known_data_key(project id)`` gives the project's data key as qawl last saw it, for
    a payload that carries no label config."""
    action = payload.get("action")
    if not isinstance(action, str) or not action:
        raise PayloadError("webhook payload has no 'action'")
    raw_project = payload.get("project")
    pid = project_id_of(raw_project)
    config = label_config_of(raw_project.get("label_config"), "project.label_config") \
        if isinstance(raw_project, dict) else None
    project = Project.with_config(pid, config) if pid else None
    if action in _GOLD_EVENTS:
        return _annotation_event(action, payload, project, known_data_key)
    if action in _DELETE_EVENTS:
        annotations = payload.get("annotations")
        if annotations is None and isinstance(payload.get("annotation"), dict):
            annotations = [payload["annotation"]]  # ANNOTATION_DELETED names one
        if not isinstance(annotations, list):
            raise PayloadError(f"{action} needs 'annotations' as a list of {{\"id\": …}}")
        return DeleteEvent(action, pid, [str(a.get("id")) for a in annotations if isinstance(a, dict)])
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
    problem = result_problem(result, text)
    if problem:
        raise PayloadError(f"annotation.result: {problem}")
    return AnnotationEvent(action, project, annotation_id, str(task.get("id")), text, result)
