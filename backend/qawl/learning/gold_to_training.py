"""Gold documents → what the entity learner consumes, honest about partial annotation.

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

from typing import Callable, Iterable, Sequence

from ..gold_doc import ENTITY_LABELS, CharSpan, GoldDoc

__all__ = ["entity_documents", "project_entity_labels"]

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
