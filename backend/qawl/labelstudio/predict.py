"""From Label Studio tasks to validated predictions, one task at a time.

Shared by ``POST /predict`` and ``qawl predict``. A task that cannot be
annotated (no text, text of the wrong type, a stage error) gets an empty
prediction with the reason logged; the other tasks of the batch are untouched.
"""

from __future__ import annotations

import logging

from ..pipeline import Annotator
from .config import LabelMapping
from .interactive import interactive_prediction
from .results import empty_prediction, to_prediction
from .tasks import Context, TaskError, task_text
from .validate import schema_for, validate_result

__all__ = ["predict_task"]

log = logging.getLogger(__name__)


def predict_task(task, annotator: Annotator, mapping: LabelMapping, label_config: str,
                 context: Context | None = None, link_drawn: bool = False) -> dict:
    """One validated prediction for one task, or an empty one with the reason logged."""
    task_id = task.get("id") if isinstance(task, dict) else None
    try:
        text = task_text(task, mapping.data_key)
        doc = annotator.annotate(text)
        if context and context.regions:
            prediction = interactive_prediction(doc, mapping, annotator.version, context, link_drawn)
        else:
            prediction = to_prediction(doc, mapping, annotator.version)
    except TaskError as error:
        log.warning("task %s: %s; empty prediction", task_id, error)
        return empty_prediction(annotator.version)
    except Exception:  # a stage bug must not spoil the rest of the batch
        log.exception("task %s: annotation failed; empty prediction", task_id)
        return empty_prediction(annotator.version)

    known = context.drawn_ids() if context else ()  # our relations may point at the annotator's regions
    problems = validate_result(prediction["result"], text, schema_for(label_config), prediction["score"],
                               known_ids=known)
    if problems:
        log.error("task %s: dropping an invalid prediction: %s", task_id, "; ".join(map(str, problems[:5])))
        return empty_prediction(annotator.version)
    return prediction
