"""Turn an annotated Document into one Label Studio prediction.

Region ids are derived from the region itself, so re-predicting a text gives
the same ids and relations always point at regions of the same prediction.
"""

from __future__ import annotations

import hashlib

from ..document import Document, Span
from .config import LabelMapping

__all__ = ["to_prediction", "empty_prediction", "prediction", "region", "region_id", "said_relations"]


def region_id(span: Span) -> str:
    key = f"{span.group}:{span.label}:{span.start}:{span.end}"
    return hashlib.sha1(key.encode()).hexdigest()[:10]


def region(span: Span, text: str, mapping: LabelMapping) -> dict | None:
    """The span as a Label Studio region of the project's config, or None when the config lacks its label."""
    target = mapping.targets.get(span.label)
    if target is None:
        return None
    return {
        "id": region_id(span),
        "from_name": target.from_name,
        "to_name": target.to_name,
        "type": "labels",
        "origin": "prediction",
        "score": round(span.score, 4),
        "value": {"start": span.start, "end": span.end, "text": text[span.start:span.end],
                  "labels": [target.label]},
    }


def to_prediction(doc: Document, mapping: LabelMapping, model_version: str) -> dict:
    """A prediction dict: regions, ``said`` relations, and a task score.

    The task score is the lowest region score, so sorting tasks by it in Label
    Studio brings the least certain ones first; a task with no region scores 0.
    """
    regions: list[dict] = []
    ids: dict[int, str] = {}
    for span in sorted(doc.spans, key=lambda s: (s.start, s.end, s.group)):
        made = region(span, doc.text, mapping)
        if made is not None:
            regions.append(made)
            ids[id(span)] = made["id"]
    return prediction(model_version, regions, said_relations(doc, ids, mapping))


def said_relations(doc: Document, ids: dict[int, str], mapping: LabelMapping, leave_out=lambda relation: False
                   ) -> list[dict]:
    """The Document's relations between spans that have a region id in ``ids`` (keyed by ``id(span)``), once
    each, labelled with the config's spelling of ``said``; ``leave_out(relation)`` drops more."""
    said = mapping.said_label
    relations, seen = [], set()
    for relation in doc.relations:
        head, tail = ids.get(id(relation.head)), ids.get(id(relation.tail))
        if head is None or tail is None or (head, tail) in seen or leave_out(relation):
            continue
        seen.add((head, tail))
        relations.append({"type": "relation", "from_id": head, "to_id": tail, "direction": "right",
                          "labels": [said] if said else []})
    return relations


def prediction(model_version: str, regions: list[dict], relations: list[dict]) -> dict:
    """A prediction of these regions and relations; its score is the least certain region's (0 without any)."""
    score = min((r["score"] for r in regions), default=0.0)
    return {"model_version": model_version, "score": round(score, 4), "result": regions + relations}


def empty_prediction(model_version: str) -> dict:
    return {"model_version": model_version, "score": 0.0, "result": []}
