"""Label Studio annotation results read into :class:`~qawl.gold_doc.GoldDoc`.

Regions whose offsets do not fit the text, or whose labels are not qawl's,
are skipped and counted; ``said`` relations are read in either direction.
"""

from __future__ import annotations

import logging
from typing import Sequence

from ..gold_doc import ENTITY_LABELS, GoldDoc, Range
from .config import canonical_label

__all__ = ["parse_result"]

log = logging.getLogger(__name__)


def parse_result(text: str, result: Sequence[dict], key: str = "") -> GoldDoc:
    """Read one annotation ``result`` list; regions with bad offsets or foreign labels are skipped."""
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
