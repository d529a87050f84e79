"""Label Studio annotation results read into :class:`~qawl.gold_doc.GoldDoc`.

Regions whose offsets do not fit the text, or whose labels are not qawl's,
are skipped and counted; ``said`` relations are read in either direction.
"""

from __future__ import annotations

import logging
from typing import Sequence

from ..gold_doc import ENTITY_LABELS, GoldDoc, Range
from .config import canonical_label

__all__ = ["parse_result", "relation_ends", "result_problem"]

log = logging.getLogger(__name__)


def parse_result(text: str, result: Sequence[dict], key: str = "") -> GoldDoc:
    """Read one annotation ``result`` list; regions with bad offsets or foreign labels are skipped."""
    doc = GoldDoc(text=text, key=key)
    by_id: dict[str, tuple[str, Range]] = {}
    for item in result or []:
        if not isinstance(item, dict) or item.get("type") == "relation":
            continue
        value = item.get("value") or {}
        if not isinstance(value, dict) or not isinstance(value.get("labels") or [], list):
            doc.rejected += 1  # a malformed region (stored before the webhook checked them) teaches nothing
            continue
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
        ends = relation_ends(item, by_id)
        if ends is None:
            continue
        head, tail, names = ends
        if names is None or (names and "said" not in names):
            continue
        if head[0] == "QUOTE" and tail[0] != "QUOTE":
            head, tail = tail, head
        if tail[0] == "QUOTE" and head[0] != "QUOTE":
            doc.said.append((head[1], tail[1]))
    if doc.rejected:
        log.info("annotation %s: %d malformed regions or regions whose offsets do not fit the text were skipped",
                 key, doc.rejected)
    return doc


def result_problem(result: list, text: str) -> str | None:
    """What makes an annotation ``result`` unusable, or None: the shape Label Studio gives every region and
    relation (objects, a ``value`` object, integer offsets inside the text, ``labels`` as a list). Regions of
    other controls (choices, text areas) pass; only their shape is checked."""
    for position, item in enumerate(result):
        if not isinstance(item, dict):
            return f"item {position} is not an object"
        if item.get("type") == "relation":
            if item.get("from_id") is None or item.get("to_id") is None:
                return f"relation {position} has no from_id or to_id"
            continue
        value = item.get("value", {})
        if not isinstance(value, dict):
            return f"region {position}: 'value' is not an object"
        if not isinstance(value.get("labels", []), list):
            return f"region {position}: 'value.labels' is not a list"
        if "start" in value or "end" in value:
            start, end = value.get("start"), value.get("end")
            if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
                return f"region {position}: 'value.start' and 'value.end' must be integers"
            if not 0 <= start < end <= len(text):
                return f"region {position}: offsets {start}..{end} are outside the text ({len(text)} characters)"
    return None


def relation_ends(item, by_id: dict):
    """``(head, tail, label names)`` of a relation item of a result whose two ends are in ``by_id`` (its
    region ids), as drawn: a ``left`` relation is turned round. The names are lower-cased, ``[]`` when the
    item has none and None when its labels are not a list. None for anything that is no such relation."""
    if not isinstance(item, dict) or item.get("type") != "relation":
        return None
    head, tail = by_id.get(str(item.get("from_id"))), by_id.get(str(item.get("to_id")))
    if head is None or tail is None:
        return None
    if item.get("direction") == "left":
        head, tail = tail, head
    labels = item.get("labels")
    if not labels:
        return head, tail, []
    return head, tail, [str(label).lower() for label in labels] if isinstance(labels, list) else None
