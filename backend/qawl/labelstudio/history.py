"""A project's history in Label Studio as plain objects: what each model version predicted, what annotators submitted.

For every task: its text, its predictions (model version, when it was made,
regions, relations) and its annotations (when made and last updated, regions,
relations, the prediction it started from, the time spent). ``qawl report``
(:mod:`qawl.report`) reads nothing else, so no Label Studio key is read
outside this package.

Two sources give the same objects:

* ``history_from_export``: a Label Studio JSON export. The export Label Studio's
  UI and ``GET /api/projects/{id}/export`` give lists a task's predictions by id
  only; each annotation there still carries the prediction it started from
  (``prediction``), which is kept, so edit rates stay right. An export snapshot
  made with ``serialization_options={"predictions": {"only_id": false}}`` (see
  ``docs/report.md``) carries every prediction, which the forecast scores need.
* ``pull_history``: every task of a project through label-studio-sdk, with a
  progress bar; predictions come whole.

Regions are read as Label Studio stores them: offsets that do not fit the text
(or whose ``text`` disagrees with it) are skipped, as ``parse_result`` skips them;
labels are qawl's names where qawl knows them (``Person`` → ``PER``), else the
config's own. A ``said`` relation always runs from the SPEAKER to the QUOTE.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from ..gold_doc import GoldDoc
from .annotations import parse_result, relation_ends
from .config import canonical_label
from .export import ExportError, annotation_key, export_tasks, text_of

__all__ = ["Annotation", "History", "Link", "Prediction", "Region", "Task", "annotation_times",
           "history_from_export", "history_from_tasks", "parse_time", "pull_history"]


@dataclass(frozen=True)
class Region:
    """A labelled character range; ``group`` is the control (``from_name``) it was drawn with."""

    id: str
    start: int
    end: int
    label: str
    group: str


@dataclass(frozen=True)
class Link:
    """A relation between two regions of the same result, by region id; ``said`` runs SPEAKER → QUOTE."""

    head: str
    tail: str
    label: str


@dataclass(frozen=True)
class Prediction:
    id: str | None
    model_version: str
    created_at: datetime | None
    regions: tuple[Region, ...]
    links: tuple[Link, ...]
    doc: GoldDoc  # the same result read as qawl reads gold, for the scorers


@dataclass(frozen=True)
class Annotation:
    id: str
    created_at: datetime | None
    updated_at: datetime | None
    regions: tuple[Region, ...]
    links: tuple[Link, ...]
    doc: GoldDoc
    parent_prediction: str | None = None  # the prediction Label Studio says it started from
    lead_time: float | None = None        # seconds the annotator spent, when Label Studio measured it

    @property
    def changed_at(self) -> datetime | None:
        return self.updated_at or self.created_at


@dataclass
class Task:
    id: str
    text: str
    predictions: list[Prediction] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)  # submitted, not cancelled
    cancelled: int = 0


@dataclass
class History:
    tasks: list[Task] = field(default_factory=list)
    source: str = ""
    title: str = ""
    tasks_without_text: int = 0
    predictions_by_id_only: int = 0  # predictions the source named by id alone (a plain JSON export)


def parse_time(value) -> datetime | None:
    """A timezone-aware UTC datetime from what Label Studio gives (ISO text with ``Z``, a datetime, epoch
    seconds); None for anything else. Naive values are taken as UTC."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value, timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
    elif isinstance(value, str) and value.strip():
        try:
            moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def _regions(result: list, text: str) -> tuple[tuple[Region, ...], tuple[Link, ...]]:
    regions: list[Region] = []
    by_id: dict[str, Region] = {}
    for index, item in enumerate(result):
        if not isinstance(item, dict) or item.get("type") == "relation":
            continue
        value = item.get("value")
        if not isinstance(value, dict):
            continue
        labels, start, end = value.get("labels"), value.get("start"), value.get("end")
        if not isinstance(labels, list) or not labels or not _offset(start) or not _offset(end):
            continue
        if not 0 <= start < end <= len(text) or ("text" in value and value["text"] != text[start:end]):
            continue
        raw = str(labels[0])
        region_id = str(item["id"]) if item.get("id") is not None else f"#{index}"
        region = Region(region_id, start, end, canonical_label(raw) or raw, str(item.get("from_name") or ""))
        regions.append(region)
        by_id.setdefault(region_id, region)
    links: list[Link] = []
    for item in result:
        ends = relation_ends(item, by_id)
        if ends is None:
            continue
        head, tail, names = ends
        label = "said" if not names or "said" in names else names[0]
        if label == "said" and head.label == "QUOTE" and tail.label != "QUOTE":
            head, tail = tail, head
        links.append(Link(head.id, tail.id, label))
    return tuple(regions), tuple(links)


def _offset(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _prediction(raw: dict, text: str, task_id: str) -> Prediction | None:
    result = raw.get("result")
    if not isinstance(result, list):
        return None
    regions, links = _regions(result, text)
    prediction_id = None if raw.get("id") is None else str(raw["id"])
    version = raw.get("model_version")
    return Prediction(prediction_id, str(version) if version not in (None, "") else "(no version)",
                      parse_time(raw.get("created_at")), regions, links,
                      parse_result(text, result, key=f"task {task_id} prediction {prediction_id}"))


def _task(raw: dict, data_key: str | None, history: History) -> Task | None:
    data = raw.get("data")
    text = text_of(data, data_key) if isinstance(data, dict) else None
    if text is None:
        history.tasks_without_text += 1
        return None
    task_id = str(raw["id"]) if raw.get("id") is not None else f"#{len(history.tasks) + 1}"
    task = Task(task_id, text)
    seen: set[str] = set()

    def add(raw_prediction: dict) -> Prediction | None:
        prediction = _prediction(raw_prediction, text, task_id)
        if prediction is None or (prediction.id is not None and prediction.id in seen):
            return None
        if prediction.id is not None:
            seen.add(prediction.id)
        task.predictions.append(prediction)
        return prediction

    predictions = raw.get("predictions")
    named_by_id = []  # a plain JSON export lists prediction ids only
    for raw_prediction in predictions if isinstance(predictions, list) else []:
        if isinstance(raw_prediction, dict):
            add(raw_prediction)
        elif raw_prediction is not None:
            named_by_id.append(str(raw_prediction))
    annotations = raw.get("annotations") or raw.get("completions") or []
    for index, annotation in enumerate(annotations if isinstance(annotations, list) else []):
        if not isinstance(annotation, dict):
            continue
        if annotation.get("was_cancelled"):
            task.cancelled += 1
            continue
        result = annotation.get("result")
        if not isinstance(result, list):
            continue
        parent = annotation.get("parent_prediction")
        started = annotation.get("prediction")  # a JSON export: the prediction it started from, whole
        if isinstance(started, dict) and started.get("result") is not None:
            kept = add(started)
            if parent is None and started.get("id") is not None:
                parent = started["id"]
            elif parent is None and kept is not None:
                parent = kept.id
        regions, links = _regions(result, text)
        key = annotation_key(annotation, text, index)
        lead_time = annotation.get("lead_time")
        task.annotations.append(Annotation(
            key, parse_time(annotation.get("created_at")), parse_time(annotation.get("updated_at")), regions, links,
            parse_result(text, result, key=key), None if parent is None else str(parent),
            float(lead_time) if isinstance(lead_time, (int, float)) and not isinstance(lead_time, bool) else None))
    # a prediction named by id whose whole record came with an annotation is not missing
    history.predictions_by_id_only += sum(1 for prediction_id in named_by_id if prediction_id not in seen)
    return task


def history_from_tasks(tasks: Iterable, data_key: str | None = None, source: str = "",
                       history: History | None = None) -> History:
    """The history of Label Studio task dicts (an export's, or the SDK's made into dicts)."""
    history = history if history is not None else History(source=source)
    for raw in tasks:
        task = _task(raw, data_key, history) if isinstance(raw, dict) else None
        if task is not None:
            history.tasks.append(task)
    return history


def history_from_export(path: Path | str, data_key: str | None = None) -> History:
    """Every task of a Label Studio JSON export; ``ExportError`` for a file that is not one."""
    history = history_from_tasks(export_tasks(path), data_key, source=str(path))
    if history.tasks_without_text and not history.tasks:
        where = f"under data.{data_key}" if data_key else "under data.text (nor a task's only string)"
        raise ExportError(f"{path}: no task has its text {where}; name the project's data key "
                          f"(the $name of its <Text value=...>) with --data-key")
    return history


def annotation_times(path: Path | str, data_key: str | None = None) -> dict[str, datetime | None]:
    """When each annotation of an export was last changed (``updated_at``, else ``created_at``), keyed as
    :func:`qawl.labelstudio.export.read_export` keys them."""
    times: dict[str, datetime | None] = {}
    for task in export_tasks(path):
        data = task.get("data") if isinstance(task, dict) else None
        text = text_of(data, data_key) if isinstance(data, dict) else None
        annotations = (task.get("annotations") or task.get("completions") or []) if text is not None else []
        for index, annotation in enumerate(annotations if isinstance(annotations, list) else []):
            if isinstance(annotation, dict):
                times[annotation_key(annotation, text, index)] = (parse_time(annotation.get("updated_at"))
                                                                   or parse_time(annotation.get("created_at")))
    return times


def pull_history(url: str, api_key: str, project_id: str, data_key: str | None = None, progress: bool = True,
                 timeout: float = 60.0, page_size: int = 100) -> History:
    """Every task of a project with its predictions and annotations, through label-studio-sdk.

    The text is read under the data key of the project's label config unless ``data_key`` is given.
    A progress bar (tqdm, on stderr) counts the tasks when ``progress``. Raises whatever the SDK raises
    when Label Studio cannot be reached or refuses the key.
    """
    from tqdm import tqdm

    from .client import sdk_client
    from .config import ConfigError, mapping_for

    client = sdk_client(url, api_key, timeout)
    project = client.projects.get(id=int(project_id))
    if data_key is None:
        try:
            data_key = mapping_for(project.label_config or "").data_key
        except ConfigError:
            data_key = None  # then data.text, or a task's only string
    history = History(source=f"{url.rstrip('/')} project {project_id}",
                      title=str(project.title or f"project {project_id}"))
    total = project.task_number if isinstance(project.task_number, int) else None
    with tqdm(total=total, unit="task", desc=f"Label Studio project {project_id}", disable=not progress,
              file=sys.stderr, dynamic_ncols=True) as bar:
        for task in client.tasks.list(project=int(project_id), fields="all", page_size=page_size):
            raw = {"id": task.id, "data": task.data or {},
                   "predictions": [_as_dict(p) for p in task.predictions or []],
                   "annotations": [_as_dict(a) for a in task.annotations or []]}
            history_from_tasks([raw], data_key, history=history)
            bar.update(1)
    return history


def _as_dict(item):
    """The SDK gives predictions as pydantic models (their ``id`` an extra field) and annotations as dicts."""
    if isinstance(item, dict):
        return item
    dump = getattr(item, "model_dump", None)
    return dump() if callable(dump) else item
