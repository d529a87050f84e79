"""Turn an annotated Document into one Label Studio prediction.

Region ids are derived from the region itself, so re-predicting a text gives
the same ids and relations always point at regions of the same prediction.
"""

from __future__ import annotations

import hashlib

from ..document import Document, Span
from .config import LabelMapping

__all__ = ["to_prediction", "empty_prediction", "region_id"]


def region_id(span: Span) -> str:
    key = f"{span.group}:{span.label}:{span.start}:{span.end}"
    return hashlib.sha1(key.encode()).hexdigest()[:10]


def _region(span: Span, text: str, mapping: LabelMapping) -> dict | None:
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
        region = _region(span, doc.text, mapping)
        if region is not None:
            regions.append(region)
            ids[id(span)] = region["id"]

    said = mapping.said_label
    relations = []
    seen = set()
    for relation in doc.relations:
        head, tail = ids.get(id(relation.head)), ids.get(id(relation.tail))
        if head is None or tail is None or (head, tail) in seen:
            continue
        seen.add((head, tail))
        relations.append({"type": "relation", "from_id": head, "to_id": tail, "direction": "right",
                          "labels": [said] if said else []})

    score = min((r["score"] for r in regions), default=0.0)
    return {"model_version": model_version, "score": round(score, 4), "result": regions + relations}


def empty_prediction(model_version: str) -> dict:
    return {"model_version": model_version, "score": 0.0, "result": []}
