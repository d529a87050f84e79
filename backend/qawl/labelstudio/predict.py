"""From Label Studio tasks to validated predictions, one task at a time.

Shared by ``POST /predict`` and ``qawl predict``. A task that cannot be
annotated (no text, text of the wrong type, a stage error) gets an empty
prediction with the reason logged; the other tasks of the batch are untouched.
"""

from __future__ import annotations

import logging

from ..pipeline import Annotator
from .config import LabelMapping
from .results import empty_prediction, to_prediction
from .tasks import Context, TaskError, task_text
from .validate import schema_for, validate_result

__all__ = ["predict_task"]

log = logging.getLogger(__name__)


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
    drawn = context.drawn_ranges(len(text))
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
