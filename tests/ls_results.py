"""Label Studio result items written by hand for the tests: a labelled region found by its words, a said relation."""

from __future__ import annotations


def labels_region(rid: str, text: str, fragment: str, label: str, occurrence: int = 0, **extra) -> dict:
    """A ``labels`` region over the ``occurrence``-th ``fragment`` of ``text``; the control follows the label
    (QUOTE and SPEAKER: ``attribution``, else ``entity``); ``extra`` keys (``origin`` …) are added as they are."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(fragment, start + 1)
    group = "attribution" if label.upper() in ("QUOTE", "SPEAKER") else "entity"
    return {"id": rid, "from_name": group, "to_name": "text", "type": "labels", **extra,
            "value": {"start": start, "end": start + len(fragment), "text": fragment, "labels": [label]}}


def said_relation(head: str, tail: str) -> dict:
    return {"type": "relation", "from_id": head, "to_id": tail, "direction": "right", "labels": ["said"]}
