"""Interactive pre-annotation in Label Studio's shapes: the drawn regions in, the suggestions out.

Label Studio's Auto-Annotation sends the regions an annotator just drew (``params.context.result``) and shows
what comes back as suggestions. The drawn regions are read here into :class:`qawl.guided.Drawn`, the model's
Document is revised around them by :func:`qawl.guided.guide` (the rules are there), and the result holds every
other region with ``said`` relations that may point at the drawn ids. The drawn regions themselves are never
returned: they already are in the annotation.
"""

from __future__ import annotations

from ..document import Document
from ..guided import Drawn, guide, is_drawn
from .config import QAWL_LABELS, LabelMapping, canonical_label
from .results import region_id, to_prediction
from .tasks import Context

__all__ = ["interactive_prediction"]


def interactive_prediction(doc: Document, mapping: LabelMapping, model_version: str, context: Context,
                           link_drawn: bool = False) -> dict:
    """The suggestions for one task given what the annotator drew (``doc`` is revised in place).

    ``link_drawn``: also return the ``said`` relations that end on a drawn region. Label Studio 1.23.2's
    labeling page cannot show them (it looks a suggested relation's ends up among the suggested regions
    only, fails on the drawn one, and the page shows an error instead of the text), so by default they are
    left out: the quotes of a drawn speaker are still proposed, without the arrow.
    """
    text = doc.text
    drawn_regions = context.drawn_regions(len(text))
    drawn = []
    for key, from_name, start, end, labels in drawn_regions:
        label = next((found for name in labels if (found := _qawl_label(mapping, from_name, name))), None)
        if label is not None:
            drawn.append(Drawn(key, start, end, label, QAWL_LABELS[label]))
    blocked = context.drawn_ranges(len(text))
    if not drawn and not blocked:  # nothing usable was drawn: the batch prediction, as it is
        return to_prediction(doc, mapping, model_version)
    guide(doc, drawn, set(context.drawn_relations()))

    regions, ids = [], {}
    for span in sorted(doc.spans, key=lambda s: (s.start, s.end, s.group)):
        if is_drawn(span):
            ids[id(span)] = span.attrs["drawn"]
            continue
        target = mapping.targets.get(span.label)
        if target is None:
            continue
        region = {"id": region_id(span), "from_name": target.from_name, "to_name": target.to_name,
                  "type": "labels", "origin": "prediction", "score": round(span.score, 4),
                  "value": {"start": span.start, "end": span.end, "text": text[span.start:span.end],
                            "labels": [target.label]}}
        # the annotator's regions win, whatever their label (even one qawl does not know)
        if any(from_name == target.from_name and start < span.end and span.start < end
               for from_name, start, end in blocked):
            continue
        regions.append(region)
        ids[id(span)] = region["id"]

    said = mapping.said_label
    drawn_links = set(context.drawn_relations())
    relations, seen = [], set()
    for relation in doc.relations:
        head, tail = ids.get(id(relation.head)), ids.get(id(relation.tail))
        if head is None or tail is None or (head, tail) in seen or (head, tail) in drawn_links:
            continue
        if not link_drawn and (is_drawn(relation.head) or is_drawn(relation.tail)):
            continue
        seen.add((head, tail))
        relations.append({"type": "relation", "from_id": head, "to_id": tail, "direction": "right",
                          "labels": [said] if said else []})
    score = min((r["score"] for r in regions), default=0.0)
    return {"model_version": model_version, "score": round(score, 4), "result": regions + relations}


def _qawl_label(mapping: LabelMapping, from_name, name) -> str | None:
    """qawl's label for a drawn label (the config's spelling, any case or alias) of the control it belongs to."""
    label = canonical_label(name) if isinstance(name, str) else None
    target = mapping.targets.get(label) if label else None
    return label if target is not None and target.from_name == from_name else None
