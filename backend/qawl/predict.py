"""From Label Studio tasks to validated predictions, one task at a time.

Shared by ``POST /predict`` and ``qawl predict``. A task that cannot be
annotated (no text, text of the wrong type, a stage error) gets an empty
prediction with the reason logged; the other tasks of the batch are untouched.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from .labelstudio.config import LabelMapping
from .labelstudio.results import empty_prediction, to_prediction
from .labelstudio.validate import schema_for, validate_result
from .pipeline import Annotator

__all__ = ["predict_task", "task_text", "TaskError", "Context"]

log = logging.getLogger(__name__)


class TaskError(ValueError):
    """This task cannot be annotated; the message says why."""


@dataclass
class Context:
    """Regions an annotator just drew (interactive pre-annotation): they win over ours."""

    regions: list[dict] = field(default_factory=list)

    @classmethod
    def from_params(cls, params) -> "Context":
        context = params.get("context") if isinstance(params, dict) else None
        result = context.get("result") if isinstance(context, dict) else None
        return cls([r for r in result if isinstance(r, dict)] if isinstance(result, list) else [])


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


def predict_task(task, annotator: Annotator, mapping: LabelMapping, label_config: str,
                 context: Context | None = None) -> dict:
    """One validated prediction for one task, or an empty one with the reason logged."""
    task_id = task.get("id") if isinstance(task, dict) else None
    try:
        text = task_text(task, mapping.data_key)
        doc = annotator.annotate(text)
        prediction = to_prediction(doc, mapping, annotator.version)
        if context and context.regions:
            prediction = _merge_context(prediction, context, text)
    except TaskError as error:
        log.warning("task %s: %s; empty prediction", task_id, error)
        return empty_prediction(annotator.version)
    except Exception:  # a stage bug must not spoil the rest of the batch
        log.exception("task %s: annotation failed; empty prediction", task_id)
        return empty_prediction(annotator.version)

    problems = validate_result(prediction["result"], text, schema_for(label_config), prediction["score"])
    if problems:
        log.error("task %s: dropping an invalid prediction: %s", task_id, "; ".join(map(str, problems[:5])))
        return empty_prediction(annotator.version)
    return prediction


def _merge_context(prediction: dict, context: Context, text: str) -> dict:
    """Keep the annotator's regions and drop ours that collide with them in the same group."""
    drawn = []
    for region in context.regions:
        value = region.get("value") or {}
        start, end = value.get("start"), value.get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
            drawn.append((region.get("from_name"), start, end))

    kept, dropped = [], set()
    for item in prediction["result"]:
        if item.get("type") == "relation":
            continue
        value = item["value"]
        if any(name == item["from_name"] and value["start"] < e and s < value["end"] for name, s, e in drawn):
            dropped.add(item["id"])
        else:
            kept.append(item)
    relations = [r for r in prediction["result"]
                 if r.get("type") == "relation" and r["from_id"] not in dropped and r["to_id"] not in dropped]
    score = min((r["score"] for r in kept), default=0.0)
    return {**prediction, "score": score, "result": kept + relations}
