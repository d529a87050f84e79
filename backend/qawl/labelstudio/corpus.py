"""Label Studio tasks one record at a time, for the archive runs (:mod:`qawl.archive`).

``qawl predict`` over a file reads the whole file (:func:`.tasks.read_task_file`)
and gives a task that cannot be annotated an empty prediction; an archive run
reads shards line by line and reports such a record in the shard's errors
file instead, so these helpers raise where :func:`.predict.predict_task` logs.
"""

from __future__ import annotations

from ..document import Document
from .config import LabelMapping
from .results import to_prediction
from .tasks import TaskError, task_key, task_text, with_prediction
from .validate import schema_for, validate_result

__all__ = ["InvalidPrediction", "article_of", "predicted_task"]


class InvalidPrediction(ValueError):
    """The prediction qawl made for a task does not pass validation against the label config."""


def article_of(task, data_key: str) -> tuple[object, str]:
    """``(article id or None, text)`` of a task; TaskError when it has no text to annotate."""
    if not isinstance(task, dict):
        raise TaskError(f"record is {type(task).__name__}, not an object")
    text = task_text(task, data_key)
    return task_key(task), text


def predicted_task(task: dict, doc: Document, model_version: str, mapping: LabelMapping,
                   label_config: str) -> dict:
    """The task with the validated prediction made from ``doc``; InvalidPrediction when it does not validate."""
    prediction = to_prediction(doc, mapping, model_version)
    problems = validate_result(prediction["result"], doc.text, schema_for(label_config), prediction["score"])
    if problems:
        raise InvalidPrediction("invalid prediction: " + "; ".join(map(str, problems[:5])))
    return with_prediction(task, prediction)
