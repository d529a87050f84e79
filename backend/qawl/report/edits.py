"""What annotators did with a prediction: the regions they accepted, moved, relabelled, deleted or added.

One annotation is compared with the prediction it started from (see
:func:`starting_prediction`). Regions are paired one to one, in this order:

1. **accepted**: the same start, end and label;
2. **relabelled**: the same start and end, another label of the same control
   (``from_name``; a PER → ORG change, not a SPEAKER region replaced by a PER);
3. **moved**: the same label, different boundaries, sharing at least one character
   (pairs that share the most characters first);
4. **deleted**: a predicted region left unpaired;
5. **added** (by hand): an annotated region left unpaired.

So every predicted region is accepted, relabelled, moved or deleted, and every
annotated region is accepted, relabelled, moved or added. A region both moved and
relabelled counts as one deletion and one addition. Per label, a predicted
region counts under its predicted label; an added one under its own.

Relations (``said`` and any other): a predicted relation is **kept** when the
annotation has a relation of the same label between the regions paired with
its two ends, **removed** otherwise (an end deleted included); an annotated
relation that no kept one accounts for was **added**.

Rates: *accepted* = accepted / predicted regions (the share of the model's work
taken as it was); *edit rate* = (moved + relabelled + deleted + added) /
(predicted + added): of every region the annotator had to look at, the share
they had to touch. 0 means the prediction was submitted unchanged.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Sequence

from ..labelstudio.history import Annotation, History, Link, Prediction, Region, Task

__all__ = ["Diff", "EditCounts", "LinkCounts", "VersionEdits", "diff", "edits_by_version", "starting_prediction"]

OUTCOMES = ("accepted", "moved", "relabelled", "deleted", "added")


@dataclass
class EditCounts:
    accepted: int = 0
    moved: int = 0
    relabelled: int = 0
    deleted: int = 0
    added: int = 0

    def __add__(self, other: "EditCounts") -> "EditCounts":
        return EditCounts(*(getattr(self, name) + getattr(other, name) for name in OUTCOMES))

    @property
    def predicted(self) -> int:
        return self.accepted + self.moved + self.relabelled + self.deleted

    @property
    def annotated(self) -> int:
        return self.accepted + self.moved + self.relabelled + self.added

    @property
    def edits(self) -> int:
        return self.moved + self.relabelled + self.deleted + self.added

    @property
    def accept_rate(self) -> float | None:
        return self.accepted / self.predicted if self.predicted else None

    @property
    def edit_rate(self) -> float | None:
        touched = self.predicted + self.added
        return self.edits / touched if touched else None

    def as_dict(self) -> dict:
        return {**{name: getattr(self, name) for name in OUTCOMES}, "predicted": self.predicted,
                "annotated": self.annotated, "accept_rate": _round(self.accept_rate),
                "edit_rate": _round(self.edit_rate)}


@dataclass
class LinkCounts:
    kept: int = 0
    removed: int = 0
    added: int = 0

    def __add__(self, other: "LinkCounts") -> "LinkCounts":
        return LinkCounts(self.kept + other.kept, self.removed + other.removed, self.added + other.added)

    def as_dict(self) -> dict:
        return {"kept": self.kept, "removed": self.removed, "added": self.added}


@dataclass
class Diff:
    """One annotation against its prediction."""

    by_label: dict[str, EditCounts] = field(default_factory=dict)
    links: dict[str, LinkCounts] = field(default_factory=dict)
    relabels: Counter = field(default_factory=Counter)  # (predicted label, annotated label) -> count

    @property
    def total(self) -> EditCounts:
        return sum(self.by_label.values(), EditCounts())


def _count(counts: dict[str, EditCounts], label: str, outcome: str) -> None:
    entry = counts.setdefault(label, EditCounts())
    setattr(entry, outcome, getattr(entry, outcome) + 1)


def diff(predicted: Sequence[Region], predicted_links: Sequence[Link], annotated: Sequence[Region],
         annotated_links: Sequence[Link]) -> Diff:
    """Pair the regions and relations of a prediction and an annotation as the module docstring defines."""
    result = Diff()
    pairs: dict[int, int] = {}  # predicted index -> annotated index
    free = set(range(len(annotated)))

    def pair_where(same) -> None:
        for pi, p in enumerate(predicted):
            if pi in pairs:
                continue
            ai = next((ai for ai in sorted(free) if same(p, annotated[ai])), None)
            if ai is not None:
                pairs[pi] = ai
                free.discard(ai)

    pair_where(lambda p, a: (p.start, p.end, p.label) == (a.start, a.end, a.label))
    accepted = set(pairs)
    pair_where(lambda p, a: (p.start, p.end, p.group) == (a.start, a.end, a.group) and p.label != a.label)
    relabelled = set(pairs) - accepted
    candidates = []
    for pi, p in enumerate(predicted):
        if pi in pairs:
            continue
        for ai in free:
            a = annotated[ai]
            shared = min(p.end, a.end) - max(p.start, a.start)
            if a.label == p.label and a.group == p.group and shared > 0:
                candidates.append((-shared, pi, ai))
    for _, pi, ai in sorted(candidates):
        if pi not in pairs and ai in free:
            pairs[pi] = ai
            free.discard(ai)

    for pi, p in enumerate(predicted):
        if pi in accepted:
            _count(result.by_label, p.label, "accepted")
        elif pi in relabelled:
            _count(result.by_label, p.label, "relabelled")
            result.relabels[(p.label, annotated[pairs[pi]].label)] += 1
        elif pi in pairs:
            _count(result.by_label, p.label, "moved")
        else:
            _count(result.by_label, p.label, "deleted")
    for ai in sorted(free):
        _count(result.by_label, annotated[ai].label, "added")

    predicted_index = _first_index(predicted)
    annotated_index = _first_index(annotated)
    remaining = Counter((annotated_index.get(link.head), annotated_index.get(link.tail), link.label)
                        for link in annotated_links)
    for link in predicted_links:
        head, tail = predicted_index.get(link.head), predicted_index.get(link.tail)
        key = (pairs.get(head), pairs.get(tail), link.label)
        counts = result.links.setdefault(link.label, LinkCounts())
        if None not in key[:2] and remaining[key] > 0:
            remaining[key] -= 1
            counts.kept += 1
        else:
            counts.removed += 1
    for (_, _, label), left in remaining.items():
        if left > 0:
            result.links.setdefault(label, LinkCounts()).added += left
    return result


def _first_index(regions: Sequence[Region]) -> dict[str, int]:
    index: dict[str, int] = {}
    for position, region in enumerate(regions):
        index.setdefault(region.id, position)
    return index


def starting_prediction(task: Task, annotation: Annotation) -> Prediction | None:
    """The prediction the annotator started from.

    The one Label Studio recorded (``parent_prediction``) when it is among the task's predictions;
    else the newest prediction made before the annotation was created; with no times to compare,
    the task's only prediction. None when the annotator started from a blank task.
    """
    if annotation.parent_prediction is not None:
        for prediction in task.predictions:
            if prediction.id == annotation.parent_prediction:
                return prediction
    if annotation.created_at is not None:
        before = [p for p in task.predictions if p.created_at is not None and p.created_at <= annotation.created_at]
        if before:
            return max(reversed(before), key=lambda p: p.created_at)
    if len(task.predictions) == 1 and (annotation.created_at is None or task.predictions[0].created_at is None):
        return task.predictions[0]
    return None


@dataclass
class VersionEdits:
    """Every annotation that started from a prediction of one model version."""

    version: str
    annotations: int = 0
    unchanged: int = 0  # annotations submitted with no edit at all
    tasks: set = field(default_factory=set)
    by_label: dict[str, EditCounts] = field(default_factory=dict)
    links: dict[str, LinkCounts] = field(default_factory=dict)
    relabels: Counter = field(default_factory=Counter)
    lead_times: list[float] = field(default_factory=list)

    @property
    def total(self) -> EditCounts:
        return sum(self.by_label.values(), EditCounts())

    @property
    def all_links(self) -> LinkCounts:
        return sum(self.links.values(), LinkCounts())

    @property
    def mean_lead_time(self) -> float | None:
        return sum(self.lead_times) / len(self.lead_times) if self.lead_times else None

    def add(self, task_id: str, one: Diff, lead_time: float | None) -> None:
        self.annotations += 1
        self.tasks.add(task_id)
        self.unchanged += one.total.edits == 0 and sum(c.removed + c.added for c in one.links.values()) == 0
        for label, counts in one.by_label.items():
            self.by_label[label] = self.by_label.get(label, EditCounts()) + counts
        for label, counts in one.links.items():
            self.links[label] = self.links.get(label, LinkCounts()) + counts
        self.relabels.update(one.relabels)
        if lead_time is not None:
            self.lead_times.append(lead_time)

    def as_dict(self) -> dict:
        return {"version": self.version, "annotations": self.annotations, "tasks": len(self.tasks),
                "unchanged": self.unchanged, "total": self.total.as_dict(),
                "by_label": {label: counts.as_dict() for label, counts in sorted(self.by_label.items())},
                "relations": {label: counts.as_dict() for label, counts in sorted(self.links.items())},
                "relabels": [{"from": a, "to": b, "count": n} for (a, b), n in sorted(self.relabels.items())],
                "mean_lead_time": _round(self.mean_lead_time, 1)}


def edits_by_version(history: History, order: Sequence[str] = ()) -> tuple[list[VersionEdits], int]:
    """Per model version, the edits of every annotation that started from one of its predictions (in
    ``order``, then by name), and how many annotations started from no prediction at all."""
    versions: dict[str, VersionEdits] = defaultdict(lambda: VersionEdits(""))
    blank = 0
    for task in history.tasks:
        for annotation in task.annotations:
            prediction = starting_prediction(task, annotation)
            if prediction is None:
                blank += 1
                continue
            entry = versions[prediction.model_version]
            entry.version = prediction.model_version
            entry.add(task.id, diff(prediction.regions, prediction.links, annotation.regions, annotation.links),
                      annotation.lead_time)
    rank = {version: position for position, version in enumerate(order)}
    ordered = sorted(versions.values(), key=lambda v: (rank.get(v.version, len(rank)), v.version))
    return ordered, blank


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)
