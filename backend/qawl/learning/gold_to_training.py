"""Label Studio annotation results → what the learners consume, honest about partial annotation.

An annotation covers only what its annotator labelled. A project that labels
quotes only says nothing about entities; a project that labels PER only says
nothing about ORG. So:

* only annotations that contain entity regions teach the entity model;
* within those, labels the project never uses are filled in from the current
  model's own predictions (where they do not clash with gold), so the gold
  never teaches "this ORG is nothing";
* quote learning reads only QUOTE/SPEAKER regions and ``said`` relations, and
  learns from positives only, so an annotation without them teaches nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

__all__ = ["GoldDoc", "ENTITY_LABELS", "parse_result", "entity_documents", "project_entity_labels"]

log = logging.getLogger(__name__)

ENTITY_LABELS = ("PER", "ORG", "LOC", "MISC")
Range = tuple[int, int]
CharSpan = tuple[int, int, str]


@dataclass
class GoldDoc:
    """One annotated task, in qawl's labels, with only regions whose offsets check out."""

    text: str
    entities: list[CharSpan] = field(default_factory=list)
    quotes: list[Range] = field(default_factory=list)
    speakers: list[Range] = field(default_factory=list)
    said: list[tuple[Range, Range]] = field(default_factory=list)  # (speaker, quote)
    rejected: int = 0
    key: str = ""

    @property
    def entity_labels(self) -> set[str]:
        return {label for _, _, label in self.entities}

    @property
    def has_attribution(self) -> bool:
        return bool(self.quotes or self.speakers)


def parse_result(text: str, result: Sequence[dict], key: str = "") -> GoldDoc:
    """Read one annotation ``result`` list; regions with bad offsets or foreign labels are skipped."""
    from ..labelstudio.config import canonical_label  # lazy: it imports the LS SDK

    doc = GoldDoc(text=text, key=key)
    by_id: dict[str, tuple[str, Range]] = {}
    for item in result or []:
        if not isinstance(item, dict) or item.get("type") == "relation":
            continue
        value = item.get("value") or {}
        labels = value.get("labels") or []
        start, end = value.get("start"), value.get("end")
        if not labels or not isinstance(start, int) or not isinstance(end, int):
            continue
        label = canonical_label(str(labels[0]))
        if label is None:
            continue
        if not (0 <= start < end <= len(text)) or ("text" in value and value["text"] != text[start:end]):
            doc.rejected += 1
            continue
        span = (start, end)
        if label in ENTITY_LABELS:
            doc.entities.append((start, end, label))
        elif label == "QUOTE":
            doc.quotes.append(span)
        elif label == "SPEAKER":
            doc.speakers.append(span)
        if item.get("id") is not None:
            by_id[str(item["id"])] = (label, span)
    for item in result or []:
        if not isinstance(item, dict) or item.get("type") != "relation":
            continue
        head, tail = by_id.get(str(item.get("from_id"))), by_id.get(str(item.get("to_id")))
        if head is None or tail is None:
            continue
        if item.get("direction") == "left":
            head, tail = tail, head
        labels = [str(label).lower() for label in item.get("labels") or ["said"]]
        if "said" not in labels:
            continue
        if head[0] == "QUOTE" and tail[0] != "QUOTE":
            head, tail = tail, head
        if tail[0] == "QUOTE" and head[0] != "QUOTE":
            doc.said.append((head[1], tail[1]))
    if doc.rejected:
        log.info("annotation %s: %d regions with offsets that do not fit the text were skipped", key, doc.rejected)
    return doc


def project_entity_labels(docs: Iterable[GoldDoc]) -> set[str]:
    """The entity labels a project's annotators actually use."""
    seen: set[str] = set()
    for doc in docs:
        seen |= doc.entity_labels
    return seen


Predictor = Callable[[str], Sequence[CharSpan]]


def entity_documents(docs: Sequence[GoldDoc], predict: Predictor | None = None) -> tuple[list, dict]:
    """``(text, spans)`` documents fit to teach the entity model, and counts saying what was used.

    Annotations without entity regions are left out. When the project never
    uses some entity label, that label's spans come from ``predict`` (the
    current model) where they do not overlap gold; without ``predict`` such
    documents are left out, since their silence about that label means nothing.
    """
    used = project_entity_labels(docs)
    unknown = set(ENTITY_LABELS) - used
    out: list[tuple[str, list[CharSpan]]] = []
    counts = {"annotations": len(docs), "with_entities": 0, "silver_spans": 0, "dropped_partial": 0,
              "labels_annotated": sorted(used), "labels_from_model": []}
    for doc in docs:
        if not doc.entities:
            continue
        counts["with_entities"] += 1
        spans = list(doc.entities)
        if unknown:
            if predict is None:
                counts["dropped_partial"] += 1
                continue
            for start, end, label in predict(doc.text):
                if label in unknown and not any(start < e and s < end for s, e, _ in doc.entities):
                    spans.append((start, end, label))
                    counts["silver_spans"] += 1
        out.append((doc.text, spans))
    if unknown and predict is not None:
        counts["labels_from_model"] = sorted(unknown)
    return out, counts
