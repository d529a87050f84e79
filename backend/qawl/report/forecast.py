"""Each model version against the gold it could not have learnt from: a forecast, not a training score.

A version is **published** when its first prediction in the project was made
(the earliest ``created_at`` of a prediction with that ``model_version``): it
was trained before then. A task is in the version's **forecast set** when the
task's first annotation was created after that moment and the version
predicted the task (its newest prediction of the task is scored, whenever it
was made: the model was fixed at publication). The gold of a task is its
latest annotation (the one last updated).

Scores follow the annotation guidelines through :mod:`qawl.evaluation`:
entities per label and micro-averaged, exact and by overlap
(:func:`qawl.evaluation.entities.score_document`); quotes exact and by
overlap, direct quotes, and attribution
(:func:`qawl.evaluation.quotes.score_document`), with quote types and speaker
mentions as ``qawl export-gold`` writes them
(:func:`qawl.learning.export_gold.quote_record`). A project whose gold has no
entity at all is not scored on entities (its annotators do not label them),
likewise for quotes; a task without entities in a project that labels them
counts (its predicted entities are false positives).

**Trained on** is the number of tasks annotated before the version was
published: what it could have learnt from (the learning curve's x).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Sequence

from ..document import ATTRIBUTION, Document
from ..evaluation.entities import EntityScores, score_document as score_entities
from ..evaluation.quotes import QuoteScores, score_document as score_quotes
from ..gold_doc import GoldDoc
from ..labelstudio.history import Annotation, History, Prediction, Task
from ..learning.export_gold import quote_record

__all__ = ["VersionForecast", "forecast_scores", "forecasts", "gold_annotation", "first_annotated", "publication_times"]


@dataclass
class VersionForecast:
    version: str
    published: datetime | None
    trained_on: int = 0
    tasks: int = 0
    entities: EntityScores | None = None
    quotes: QuoteScores | None = None
    task_ids: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"version": self.version, "published": self.published.isoformat() if self.published else None,
                "trained_on": self.trained_on, "tasks": self.tasks,
                "entities": self.entities.as_dict() if self.entities is not None else None,
                "quotes": self.quotes.as_dict() if self.quotes is not None else None}


def publication_times(history: History) -> dict[str, datetime | None]:
    """Each model version's first prediction time, oldest version first (undated versions last, by name)."""
    first: dict[str, datetime | None] = {}
    for task in history.tasks:
        for prediction in task.predictions:
            known = first.get(prediction.model_version)
            moment = prediction.created_at
            if prediction.model_version not in first or (moment is not None and (known is None or moment < known)):
                first[prediction.model_version] = moment
    return dict(sorted(first.items(), key=lambda item: (item[1] is None, item[1] or datetime.min, item[0])))


def gold_annotation(task: Task) -> Annotation | None:
    """The task's latest annotation: last updated (or created); among equals, the later in the task."""
    best = None
    for annotation in task.annotations:
        if best is None or _later_or_same(annotation.changed_at, best.changed_at):
            best = annotation
    return best


def _later_or_same(a: datetime | None, b: datetime | None) -> bool:
    """Whether ``a`` replaces ``b`` as the latest: a dated annotation wins over an undated one."""
    if a is None or b is None:
        return b is None
    return a >= b


def first_annotated(task: Task) -> datetime | None:
    times = [a.created_at for a in task.annotations if a.created_at is not None]
    return min(times) if times else None


def _newest(predictions: Sequence[Prediction]) -> Prediction:
    dated = [p for p in predictions if p.created_at is not None]
    return max(reversed(dated), key=lambda p: p.created_at) if dated else predictions[-1]


def predicted_document(doc: GoldDoc, task_id: str) -> Document:
    """A prediction's quotes and speakers as the quote scorer reads them: spans with their ``kind``, relations."""
    document = Document(doc.text)
    kinds = {(q["start"], q["end"]): q["type"] for q in quote_record(task_id, doc)["quotes"]}
    spans = {}
    for start, end in doc.speakers:
        spans[("SPEAKER", start, end)] = document.add_span(start, end, "SPEAKER", ATTRIBUTION)
    for start, end in doc.quotes:
        spans[("QUOTE", start, end)] = document.add_span(start, end, "QUOTE", ATTRIBUTION,
                                                         kind=kinds.get((start, end), "indirect"))
    for speaker, quote in doc.said:
        head, tail = spans.get(("SPEAKER", *speaker)), spans.get(("QUOTE", *quote))
        if head is not None and tail is not None:
            document.add_relation(head, tail, "said")
    return document


def forecasts(history: History, versions: dict[str, datetime | None] | None = None) -> list[VersionForecast]:
    """One forecast per model version, oldest first (see the module docstring)."""
    versions = publication_times(history) if versions is None else versions
    gold = [(task, gold_annotation(task), first_annotated(task)) for task in history.tasks]
    gold = [(task, annotation, first) for task, annotation, first in gold if annotation is not None]
    labels_entities = any(annotation.doc.entities for _, annotation, _ in gold)
    labels_quotes = any(annotation.doc.quotes or annotation.doc.speakers for _, annotation, _ in gold)
    records = {}
    result = []
    for version, published in versions.items():
        forecast = VersionForecast(version, published)
        result.append(forecast)
        if published is None:
            continue
        forecast.trained_on = sum(1 for _, _, first in gold if first is not None and first < published)
        forecast.entities = EntityScores() if labels_entities else None
        forecast.quotes = QuoteScores() if labels_quotes else None
        for task, annotation, first in gold:
            if first is None or first <= published:
                continue
            mine = [p for p in task.predictions if p.model_version == version]
            if not mine:
                continue
            prediction = _newest(mine)
            forecast.tasks += 1
            forecast.task_ids.append(task.id)
            if forecast.entities is not None:
                scores = score_entities(task.text, annotation.doc.entities, prediction.doc.entities, task.id)
                scores.errors = []
                forecast.entities = forecast.entities + scores
            if forecast.quotes is not None:
                if task.id not in records:
                    records[task.id] = quote_record(task.id, annotation.doc)
                scores = score_quotes(predicted_document(prediction.doc, task.id), records[task.id], task.id)
                scores.errors = []
                forecast.quotes = forecast.quotes + scores
    return result


def forecast_scores(forecast: VersionForecast) -> dict[str, float | None]:
    """The headline scores of a forecast (None where it was not scored)."""
    scored = forecast.tasks > 0
    entities, quotes = forecast.entities, forecast.quotes
    micro = entities.as_dict() if scored and entities is not None else None
    return {
        "entities_overlap": micro["overlap"]["micro"]["f1"] if micro else None,
        "entities_exact": micro["exact"]["micro"]["f1"] if micro else None,
        "quotes_overlap": round(quotes.overlap.f1, 4) if scored and quotes is not None else None,
        "attribution": (round(quotes.attribution_accuracy, 4)
                        if scored and quotes is not None and quotes.attributed_total else None),
    }
