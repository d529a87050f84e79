"""Label Studio tasks: their text, the regions an annotator just drew, task files, predictions in them.

A task is ``{"id", "data": {<data key>: text, …}, "predictions": […], "annotations": […]}``;
JSONL input of ``{"text": …}`` lines is read as tasks too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..jsonl import JSONLError, parse_jsonl

__all__ = ["Context", "TaskError", "as_task", "first_prediction_regions", "read_task_file", "task_key",
           "task_text", "with_prediction"]


class TaskError(ValueError):
    """This task cannot be annotated; the message says why."""


@dataclass(frozen=True)
class Context:
    """Regions an annotator just drew (interactive pre-annotation): they win over ours."""

    regions: list[dict] = field(default_factory=list)

    @classmethod
    def from_params(cls, params) -> "Context":
        context = params.get("context") if isinstance(params, dict) else None
        result = context.get("result") if isinstance(context, dict) else None
        return cls([r for r in result if isinstance(r, dict)] if isinstance(result, list) else [])

    def drawn_regions(self, text_length: int) -> list[tuple[str, str | None, int, int, list]]:
        """``(id, control name, start, end, labels)`` of each drawn labelled region with a string id whose
        offsets fit the text; a malformed region is ignored."""
        drawn = []
        for region in self.regions:
            value, key = region.get("value"), region.get("id")
            if not isinstance(value, dict) or not isinstance(key, str) or not key:
                continue
            start, end, labels = value.get("start"), value.get("end"), value.get("labels")
            if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= text_length:
                drawn.append((key, region.get("from_name"), start, end,
                              [x for x in labels if isinstance(x, str)] if isinstance(labels, list) else []))
        return drawn

    def drawn_ids(self) -> set[str]:
        """The ids of the regions the annotator drew."""
        return {r.get("id") for r in self.regions if isinstance(r.get("id"), str) and r.get("type") != "relation"}

    def drawn_relations(self) -> list[tuple[str, str]]:
        """``(from id, to id)`` of each relation the annotator drew."""
        return [(r.get("from_id"), r.get("to_id")) for r in self.regions if r.get("type") == "relation"
                and isinstance(r.get("from_id"), str) and isinstance(r.get("to_id"), str)]

    def drawn_ranges(self, text_length: int) -> list[tuple[str | None, int, int]]:
        """``(control name, start, end)`` of each drawn region whose offsets fit the text; a malformed
        region is ignored, so the prediction goes on without it."""
        drawn = []
        for region in self.regions:
            value = region.get("value")
            if not isinstance(value, dict):
                continue
            start, end = value.get("start"), value.get("end")
            if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= text_length:
                drawn.append((region.get("from_name"), start, end))
        return drawn


def task_text(task, data_key: str) -> str:
    """The task's text, or TaskError with a reason an annotator can act on."""
    if not isinstance(task, dict):
        raise TaskError("task is not an object")
    data = task.get("data", task)  # JSONL input may hold {"text": ...} directly
    if not isinstance(data, dict) or data_key not in data:
        raise TaskError(f"task has no data.{data_key}")
    text = data[data_key]
    if not isinstance(text, str):
        raise TaskError(f"data.{data_key} is {type(text).__name__}, not a string")
    return text


def task_key(task: dict):
    """The article id a task stands for: ``data.id`` (what ``qawl predict`` keeps of a JSONL article), else ``id``."""
    data = task.get("data") or {}
    return data.get("id", task.get("id")) if isinstance(data, dict) else task.get("id")


def read_task_file(path: str | Path) -> list:
    """The file's items, each object in Label Studio's task shape (``{"data": {...}, ...}``).

    Raises ``OSError`` for a file that cannot be read and ``ValueError`` (naming the line for JSONL)
    for one that is not JSON. Items that are not objects are returned as they are, for the caller
    to report.
    """
    raw = Path(path).read_text(encoding="utf-8-sig")  # a byte-order mark from Windows editors is dropped
    if raw.lstrip().startswith("["):
        items = json.loads(raw)
    else:
        try:
            items = [json.loads(raw)]  # one task, perhaps spread over several lines
        except json.JSONDecodeError:
            try:
                items = [value for _, value in parse_jsonl(raw, path)]
            except JSONLError as error:
                raise ValueError(f"line {error.line} is not JSON: {error.reason}") from None
    return [as_task(item) for item in items]


def as_task(item):
    """A record in Label Studio's task shape: an article ``{"id", "text"}`` becomes ``{"data": {...}}``; a task,
    or a value that is not an object, is returned as it is (for the caller to report)."""
    return {"data": item} if isinstance(item, dict) and "data" not in item else item


def with_prediction(task: dict, prediction: dict) -> dict:
    """A copy of the task carrying ``prediction`` as its only prediction (Label Studio's import format)."""
    return {**task, "predictions": [prediction]}


def first_prediction_regions(task: dict) -> list[tuple[int, int, str]]:
    """``(start, end, label)`` of the labelled regions of a task's first prediction."""
    predictions = task.get("predictions") or []
    regions = predictions[0].get("result", []) if predictions and isinstance(predictions[0], dict) else []
    return [(r["value"]["start"], r["value"]["end"], r["value"]["labels"][0]) for r in regions
            if r.get("type") == "labels"]
