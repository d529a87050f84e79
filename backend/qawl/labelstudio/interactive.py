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
from .results import prediction, region, said_relations, to_prediction
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
        made = region(span, text, mapping)
        # the annotator's regions win, whatever their label (even one qawl does not know)
        if made is None or any(from_name == made["from_name"] and start < span.end and span.start < end
                               for from_name, start, end in blocked):
            continue
        regions.append(made)
        ids[id(span)] = made["id"]

    drawn_links = set(context.drawn_relations())

    def leave_out(relation) -> bool:
        if not link_drawn and (is_drawn(relation.head) or is_drawn(relation.tail)):
            return True
        return (ids[id(relation.head)], ids[id(relation.tail)]) in drawn_links

    return prediction(model_version, regions, said_relations(doc, ids, mapping, leave_out))


def _qawl_label(mapping: LabelMapping, from_name, name) -> str | None:
    """qawl's label for a drawn label (the config's spelling, any case or alias) of the control it belongs to."""
    label = canonical_label(name) if isinstance(name, str) else None
    target = mapping.targets.get(label) if label else None
    return label if target is not None and target.from_name == from_name else None
